#pragma once
// A librdkafka client made from the user's settings, that remembers what
// librdkafka reported (its log and error callbacks run on its own threads) so
// that a failure can say why: broker unreachable, or authentication refused.
// Secret property values are scrubbed from everything it hands out.
// The reader and the cluster inspector share it.

#include "kafka/kafkaproperties.h"
#include "util/result.h"

#include <QMutex>
#include <QStringList>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

struct rd_kafka_s;
struct rd_kafka_message_s;

namespace streamscope {

class KafkaClient
{
public:
    enum class Role { Consumer, Producer };

    struct Settings {
        Role role = Role::Consumer;
        QString brokers;
        KafkaProperties properties;             // the user's (-X)
        QList<KafkaProperties::Entry> defaults; // applied before the user's
        QList<KafkaProperties::Entry> forced;   // applied after: the user cannot change these
        // User properties skipped, each with its reason (e.g. group.id).
        QList<QPair<QString, QString>> ignored;
        int timeoutMs = 10000;
        std::function<void(int level, const QString &facility, const QString &message)> logSink;
        // Producer: librdkafka's delivery report callback (its third argument
        // is this client; give each message its own opaque to tell them apart).
        void (*deliveryReport)(::rd_kafka_s *, const ::rd_kafka_message_s *, void *) = nullptr;
    };

    // A consumer handle (never joins a group unless told to), or a producer
    // (only republish writes to a cluster).
    static Result<std::unique_ptr<KafkaClient>> create(Settings settings);
    ~KafkaClient();
    KafkaClient(const KafkaClient &) = delete;
    KafkaClient &operator=(const KafkaClient &) = delete;

    ::rd_kafka_s *handle() const { return m_rk; }
    const QString &brokers() const { return m_settings.brokers; }
    int timeoutMs() const { return m_settings.timeoutMs; }

    // Warnings from create() (ignored properties).
    QStringList takeWarnings() { return std::exchange(m_warnings, {}); }
    // Errors librdkafka reported since the last call (serves its error queue).
    QStringList takeErrorEvents();

    // The error for a request that failed or timed out: authentication if
    // librdkafka said so, else "cannot reach Kafka" with its last complaint.
    Error connectionError(const QString &what);
    // Every topic of the cluster, asked for without naming one (naming a
    // topic lets old brokers, the mock among them, create it).
    Result<QStringList> allTopics();
    Error unknownTopic(const QString &topic, QStringList known) const;
    // Low (RD_KAFKA_OFFSET_BEGINNING) or high (RD_KAFKA_OFFSET_END) offsets,
    // one request per leader.
    Result<std::vector<std::int64_t>> listOffsets(const std::vector<std::pair<QString, int>> &partitions,
                                                  std::int64_t which);
    QString scrubbed(QString text) const;

private:
    explicit KafkaClient(Settings settings) : m_settings(std::move(settings)) {}
    static void logCallback(const ::rd_kafka_s *rk, int level, const char *fac, const char *buf);
    static void errorCallback(::rd_kafka_s *rk, int err, const char *reason, void *opaque);
    void noteProblem(const QString &line, bool authentication);
    QString lastProblem();

    Settings m_settings;
    ::rd_kafka_s *m_rk = nullptr;
    QStringList m_warnings;
    QMutex m_mutex;                  // callbacks run on librdkafka's threads
    std::deque<QString> m_problems;  // recent warnings and errors, newest last
    std::deque<QString> m_errorEvents;
    bool m_authenticationFailed = false;
    QString m_authenticationProblem; // what said so
};

} // namespace streamscope
