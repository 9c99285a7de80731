#pragma once
// Read-only attach to Kafka topics.
//
// Uses librdkafka's per-partition ("simple") consumer, as kcat -C does: no
// consumer group is created, joined or committed to, and nothing is written
// to the cluster (DESIGN.md, principle 3). Each (topic, partition) is
// delivered at most once and in offset order; an offset the broker no longer
// has (retention moved the log start past it) is reported as a retention gap.

#include "event/event.h"
#include "event/partitionposition.h"
#include "kafka/kafkaproperties.h"
#include "kafka/startposition.h"
#include "util/result.h"

#include <QHash>
#include <QMap>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace streamscope {

struct PartitionStart {
    int topicId = -1;
    int partition = -1;
    PartitionPosition position;
};

struct ReaderConfig {
    QString brokers;
    QStringList topics;
    StartPosition start = StartPosition::beginning();
    QMap<int, StartPosition> partitionStarts; // by partition number, for every topic
    QList<int> onlyPartitions;                // empty: every partition
    KafkaProperties properties;               // -X key=value, passed to librdkafka
    int timeoutMs = 10000;                    // bound on every blocking broker call
    // Where to continue per topic and partition; overrides the start
    // position (how `record --append` resumes with no gap and no duplicate).
    QHash<QString, QHash<int, PartitionPosition>> resumeAt;
    // librdkafka's log lines (level as syslog: 0 emergency … 7 debug).
    std::function<void(int level, const QString &facility, const QString &message)> logSink;
};

struct PartitionStatus {
    int topicId = -1;
    QString topic;
    int partition = -1;
    std::int64_t nextOffset = -1;    // next offset expected, -1 before the first event
    std::int64_t highWatermark = -1; // from the latest fetch response, -1 unknown
    bool atEnd = false;              // caught up with the high watermark
    std::int64_t duplicatesSkipped = 0;
    std::int64_t retentionLost = 0; // offsets deleted by the broker before we read them
};

class EventSink
{
public:
    virtual ~EventSink() = default;
    // One event, in offset order per partition; seq is not assigned yet.
    virtual void onEvent(const EventView &event) = 0;
    // Offsets [firstMissing, lastMissing] were deleted before they were read.
    virtual void onRetentionGap(int topicId, int partition, std::int64_t firstMissing, std::int64_t lastMissing,
                                std::int64_t detectedUs) = 0;
    // Something the user should know that does not stop reading
    // (broker down, leader change, fetch error).
    virtual void onWarning(const QString &message) {}
};

class KafkaReader
{
public:
    explicit KafkaReader(ReaderConfig config);
    ~KafkaReader();
    KafkaReader(const KafkaReader &) = delete;
    KafkaReader &operator=(const KafkaReader &) = delete;

    // Connects, checks the topics, resolves start positions and starts
    // fetching. Every failure is specific: unreachable broker, unknown topic,
    // bad property, authentication, start timestamp past the end.
    Status open();

    // Delivers what arrived within timeoutMs (at most maxEvents) to sink.
    Status poll(int timeoutMs, EventSink &sink, int maxEvents = 10000);

    // True once every partition reached its high watermark.
    bool allAtEnd() const;

    QStringList topics() const; // EventView::topicId indexes this list
    // Where each partition started, resolved to an offset, after open().
    const std::vector<PartitionStart> &startPoints() const;
    std::vector<PartitionStatus> partitionStatus() const;

    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

// The source as it may be stored in a session: brokers, topics, start
// positions and properties, with secret values redacted.
QJsonObject describeSource(const ReaderConfig &config);

// librdkafka's version string, for --version and About.
QString librdkafkaVersion();

} // namespace streamscope
