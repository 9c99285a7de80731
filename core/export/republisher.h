#pragma once
// Republish: a session's events back onto a topic of any cluster, so that a
// real Flink or Kafka Streams job can reprocess exactly what was recorded
// (DESIGN.md, principle 9; docs/export.md, "Republish"). The one place where
// Streamscope writes to a cluster, and only when asked to.
//
// - Keys, values (null kept null), headers (null values kept) and Kafka
//   timestamps are preserved; an event without a timestamp gets the
//   producer's current time. A topic configured with LogAppendTime stamps
//   events with the broker's time instead, as it would any producer's.
// - Events are produced in seq order. Each goes to its recorded partition
//   when the target topic has that partition, else to the partition of its
//   key by librdkafka's murmur2_random partitioner (the Java client's
//   default, so that Kafka Streams and Flink see the same partitioning as
//   from Java producers; a null key goes to a random partition); -X
//   partitioner=… chooses another.
// - Pacing: the recorded gaps between arrival times divided by the speed
//   factor (2: twice as fast), or as fast as possible.
// - The idempotent producer (enable.idempotence=true, which cannot be
//   turned off) so that a retry never writes an event twice, and order
//   holds per partition.
// - Every delivery report is waited for: the report counts what the
//   cluster acknowledged and what failed.
// - -X secrets are never shown: messages are scrubbed as KafkaClient does.

#include "export/eventselection.h"
#include "kafka/kafkaclient.h"

#include <atomic>
#include <functional>
#include <memory>

namespace streamscope {

struct RepublishOptions {
    QString sessionPath;
    EventSelection selection;
    QString brokers;
    QString topic;
    KafkaProperties properties; // -X
    double speed = 1.0;         // 0: as fast as possible
    int timeoutMs = 10000;      // connecting and the topic's metadata
};

struct RepublishProgress {
    std::int64_t produced = 0;  // handed to the producer
    std::int64_t delivered = 0; // acknowledged by the cluster
    std::int64_t failed = 0;
    std::int64_t examined = 0;  // events of the selection looked at
    std::int64_t toExamine = 0;
};

struct RepublishReport {
    std::int64_t produced = 0;
    std::int64_t delivered = 0;
    std::int64_t failed = 0;
    std::int64_t rehashed = 0; // events whose partition the target topic does not have
    int targetPartitions = 0;
    QString firstFailure; // why the first failed delivery failed, scrubbed
    bool cancelled = false;
    bool complete() const { return !cancelled && failed == 0 && delivered == produced; }
};

class Republisher
{
public:
    // Checks the session and the selection, connects, and looks up the
    // target topic (it must exist: republish never creates topics).
    static Result<std::unique_ptr<Republisher>> open(RepublishOptions options);
    ~Republisher();

    int targetPartitions() const { return m_targetPartitions; }
    QStringList takeWarnings() { return m_client->takeWarnings(); }

    // Produces the selection and waits for every delivery report. A failed
    // delivery is counted, not an error: the report says how many. Errors
    // are for what stops it altogether (the session cannot be read, the
    // producer failed fatally). When cancel is set, stops producing, drops
    // what was not yet sent and reports what was delivered.
    Result<RepublishReport> run(const std::function<void(const RepublishProgress &)> &progress = {},
                                const std::atomic<bool> *cancel = nullptr);

private:
    Republisher() = default;
    static void onDelivery(::rd_kafka_s *rk, const ::rd_kafka_message_s *message, void *opaque);

    RepublishOptions m_options;
    std::unique_ptr<KafkaClient> m_client;
    std::unique_ptr<class SessionReader> m_reader;
    int m_targetPartitions = 0;
    std::atomic<std::int64_t> m_delivered{0};
    std::atomic<std::int64_t> m_failed{0};
    QString m_firstFailure; // written by the delivery callback, which runs inside poll() on our thread
};

} // namespace streamscope
