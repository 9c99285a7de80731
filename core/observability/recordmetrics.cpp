#include "observability/recordmetrics.h"

#include <algorithm>

namespace streamscope {

namespace {

void observe(std::vector<std::int64_t> &counts, double &sum, const std::vector<double> &bounds, double value)
{
    const auto at = std::lower_bound(bounds.begin(), bounds.end(), value); // le: value ≤ bound
    ++counts[std::size_t(at - bounds.begin())];
    sum += value;
}

} // namespace

const std::vector<double> &RecordMetrics::latencyBuckets()
{
    static const std::vector<double> bounds = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300};
    return bounds;
}

const std::vector<double> &RecordMetrics::batchBuckets()
{
    static const std::vector<double> bounds = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1};
    return bounds;
}

RecordMetrics::RecordMetrics()
    : m_latency(latencyBuckets().size() + 1, 0), m_batches(batchBuckets().size() + 1, 0)
{
}

RecordMetrics::~RecordMetrics() = default;

Status RecordMetrics::setPipeline(const PipelineSpec &pipeline)
{
    std::lock_guard lock(m_mutex);
    m_pipelineSpec = pipeline;
    m_engine = std::make_unique<Engine>(pipeline);
    return {};
}

void RecordMetrics::setPartitions(const std::vector<std::pair<int, int>> &partitions)
{
    std::lock_guard lock(m_mutex);
    if (!m_engine)
        return;
    std::vector<PartitionRef> refs;
    for (const auto &[topic, partition] : partitions)
        refs.push_back({topic, partition});
    m_engine = std::make_unique<Engine>(m_pipelineSpec, refs);
}

void RecordMetrics::onRecorded(const EventView &event, const QStringList &sessionTopics)
{
    std::lock_guard lock(m_mutex);
    m_stats.add(event, sessionTopics);
    if (event.timestampMs >= 0)
        observe(m_latency, m_latencySum, latencyBuckets(), double(event.arrivalUs - event.timestampMs * 1000) / 1e6);
    if (m_engine) {
        if (!m_extractor || sessionTopics != m_topics) { // topic names are only known once recording started
            auto extractor = EventExtractor::create(m_pipelineSpec, sessionTopics);
            if (!extractor)
                return;
            m_extractor = std::make_unique<EventExtractor>(std::move(extractor.value()));
            m_topics = sessionTopics;
        }
        if (m_extractor->isInput(event))
            m_engine->step(m_extractor->extract(event));
    }
}

void RecordMetrics::onCommitted(std::int64_t, std::int64_t commitMicros)
{
    std::lock_guard lock(m_mutex);
    observe(m_batches, m_batchSum, batchBuckets(), double(commitMicros) / 1e6);
}

QByteArray RecordMetrics::render(const RecordProgress &progress) const
{
    std::lock_guard lock(m_mutex);
    const SessionStatsSnapshot s = m_stats.snapshot();
    PrometheusText t;
    auto labels = [](const QString &topic, int partition) {
        return PrometheusText::Labels{{QStringLiteral("topic"), topic}, {QStringLiteral("partition"), QString::number(partition)}};
    };
    t.counter("streamscope_events_recorded_total", "Events recorded, per topic and partition.");
    for (const PartitionStats &p : s.partitions)
        t.sample("streamscope_events_recorded_total", labels(p.topic, p.partition), double(p.events));
    t.counter("streamscope_bytes_recorded_total", "Key and value bytes recorded, per topic and partition.");
    for (const PartitionStats &p : s.partitions)
        t.sample("streamscope_bytes_recorded_total", labels(p.topic, p.partition), double(p.bytes));
    t.gauge("streamscope_consumer_lag", "Events in the partition not recorded yet (high watermark minus next offset).");
    for (const PartitionStatus &p : progress.partitions)
        if (p.highWatermark >= 0 && p.nextOffset >= 0)
            t.sample("streamscope_consumer_lag", labels(p.topic, p.partition), double(std::max<std::int64_t>(p.highWatermark - p.nextOffset, 0)));
    t.histogram("streamscope_event_latency_seconds", "Arrival time minus Kafka timestamp of recorded events.");
    t.histogramSamples("streamscope_event_latency_seconds", {}, latencyBuckets(), m_latency, m_latencySum);
    t.counter("streamscope_bad_payloads_total", "Recorded values that are not JSON.");
    t.sample("streamscope_bad_payloads_total", {}, double(s.badPayloads));
    t.histogram("streamscope_write_batch_seconds", "Time to commit one batch of events to the session file.");
    t.histogramSamples("streamscope_write_batch_seconds", {}, batchBuckets(), m_batches, m_batchSum);
    t.counter("streamscope_duplicates_skipped_total", "Re-delivered events not recorded twice.");
    t.sample("streamscope_duplicates_skipped_total", {}, double(progress.duplicatesSkipped));
    t.counter("streamscope_retention_lost_total", "Offsets deleted by the broker before they could be read.");
    t.sample("streamscope_retention_lost_total", {}, double(progress.retentionLost));
    if (m_engine) {
        const EngineCounters c = m_engine->snapshot().counters;
        t.counter("streamscope_late_events_total", "Late events of the pipeline, accepted (within the allowed lateness) or dropped.");
        t.sample("streamscope_late_events_total", {{QStringLiteral("outcome"), QStringLiteral("accepted")}}, double(c.lateAccepted));
        t.sample("streamscope_late_events_total", {{QStringLiteral("outcome"), QStringLiteral("dropped")}}, double(c.lateDropped));
        t.counter("streamscope_window_firings_total", "Window firings of the pipeline, by kind.");
        t.sample("streamscope_window_firings_total", {{QStringLiteral("kind"), QStringLiteral("on_time")}},
                 double(c.firings - c.lateFirings));
        t.sample("streamscope_window_firings_total", {{QStringLiteral("kind"), QStringLiteral("late")}}, double(c.lateFirings));
        t.sample("streamscope_window_firings_total", {{QStringLiteral("kind"), QStringLiteral("early")}}, double(c.earlyFirings));
    }
    return t.text();
}

} // namespace streamscope
