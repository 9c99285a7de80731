#pragma once
// The embedded broker: librdkafka's mock cluster, a real Kafka-protocol
// broker in this process on loopback, so Streamscope works with no set-up and
// real clients (kcat) can talk to it. It doubles as the broker of the tests,
// with fault injection (broker down/up, leader change, request errors).
//
// Limit to know (librdkafka 2.0.2): each partition keeps at most 5 MiB and
// 100,000 message sets; older ones are deleted like retention would.

#include "event/event.h"
#include "util/result.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>
#include <optional>

struct rd_kafka_s;
struct rd_kafka_message_s;
struct rd_kafka_mock_cluster_s;

namespace streamscope {

class EmbeddedBroker
{
public:
    struct Options {
        int brokers = 1;
    };

    static Result<std::unique_ptr<EmbeddedBroker>> start(const Options &options);
    static Result<std::unique_ptr<EmbeddedBroker>> start() { return start(Options{}); }
    ~EmbeddedBroker();

    // "127.0.0.1:PORT,…" — what clients use as bootstrap.servers.
    QString bootstrapServers() const;
    // "127.0.0.1:PORT" of each broker, by broker id (1, 2, …).
    QStringList brokerAddresses() const;

    Status createTopic(const QString &topic, int partitions, int replicationFactor = 1);

    // Produces one event (asynchronously; flush() to wait for delivery).
    // timestampMs 0 lets the producer stamp it with the current time.
    Status produce(const QString &topic, int partition, const std::optional<QByteArray> &key,
                   const std::optional<QByteArray> &value, const QList<Header> &headers = {},
                   std::int64_t timestampMs = 0);
    // Waits until everything produced is acknowledged; fails if any was lost.
    Status flush(int timeoutMs = 30000);
    std::int64_t delivered() const { return m_delivered.load(); }
    // Serves delivery reports, waiting up to timeoutMs for one; a long-running
    // producer calls it now and then so they do not pile up.
    void poll(int timeoutMs = 0);

    // Fault injection.
    Status setBrokerDown(int brokerId);
    Status setBrokerUp(int brokerId);
    Status setPartitionLeader(const QString &topic, int partition, int brokerId);
    // The next count requests of a Kafka API (e.g. 1 = Fetch) fail with errorCode.
    void pushRequestErrors(int apiKey, int errorCode, int count);

private:
    EmbeddedBroker() = default;
    static void onDelivery(::rd_kafka_s *rk, const ::rd_kafka_message_s *message, void *opaque);

    ::rd_kafka_s *m_producer = nullptr;
    ::rd_kafka_mock_cluster_s *m_cluster = nullptr;
    std::atomic<std::int64_t> m_delivered{0};
    std::atomic<std::int64_t> m_failed{0};
    QString m_lastFailure; // written on the producer's poll thread = caller thread
};

} // namespace streamscope
