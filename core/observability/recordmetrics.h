#pragma once
// What a recording exposes to Prometheus (`record --metrics-port`): events
// and bytes recorded per topic and partition, consumer lag, the arrival −
// Kafka timestamp latency as a histogram, bad payloads (values that are not
// JSON, by the expression language's rule), write batch latency, and — when
// a pipeline is given — late events and window firings of that pipeline,
// computed live over the recorded events.

#include "engine/eventextractor.h"
#include "observability/prometheustext.h"
#include "record/recorder.h"
#include "stats/sessionstats.h"

#include <memory>
#include <mutex>

namespace streamscope {

class RecordMetrics : public RecordObserver
{
public:
    RecordMetrics();
    ~RecordMetrics() override;

    // Runs this pipeline over the recorded events (before recording starts).
    Status setPipeline(const PipelineSpec &pipeline);
    // The partitions the recording reads, for the pipeline's watermark (after
    // the recorder opened).
    void setPartitions(const std::vector<std::pair<int, int>> &partitions);

    void onRecorded(const EventView &event, const QStringList &sessionTopics) override;
    void onCommitted(std::int64_t committedEvents, std::int64_t commitMicros) override;

    // The exposition text; progress gives the lag. Any thread.
    QByteArray render(const RecordProgress &progress) const;

    // Upper bounds of the latency histogram, in seconds.
    static const std::vector<double> &latencyBuckets();
    static const std::vector<double> &batchBuckets();

private:
    mutable std::mutex m_mutex;
    SessionStats m_stats;
    std::vector<std::int64_t> m_latency;      // per latency bucket, and one above the last
    double m_latencySum = 0;
    std::vector<std::int64_t> m_batches;      // per batch bucket, and one above the last
    double m_batchSum = 0;
    PipelineSpec m_pipelineSpec;
    std::unique_ptr<EventExtractor> m_extractor;
    std::unique_ptr<Engine> m_engine;
    QStringList m_topics;
};

} // namespace streamscope
