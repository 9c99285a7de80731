#pragma once
// A pipeline: the event-time logic a user is debugging, declared (DESIGN.md,
// "pipeline"). The same logic their Flink or Kafka Streams job runs: event
// time, watermark strategy, key, window, allowed lateness, aggregates,
// dedupe. Fields are expressions of the one expression language, kept as text
// here; the pipeline file format (pipelinefile.h) reads and writes this.

#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>

namespace streamscope {

enum class WindowKind { Tumbling, Sliding, Session };

struct WindowSpec {
    WindowKind kind = WindowKind::Tumbling;
    std::int64_t sizeMs = 0;   // tumbling and sliding
    std::int64_t slideMs = 0;  // sliding
    std::int64_t offsetMs = 0; // tumbling and sliding, as Flink's window offset
    std::int64_t gapMs = 0;    // session

    friend bool operator==(const WindowSpec &, const WindowSpec &) = default;
};

enum class AggregateKind { Count, Sum, Min, Max, Avg, First, Last, CountDistinct, Percentile, Collect };

struct AggregateSpec {
    AggregateKind kind = AggregateKind::Count;
    QString argument;        // expression; empty for count and collect
    double percentile = 0;   // 0..100, for Percentile
    QString name;            // output name: "avg_temp", or derived ("avg(value.temperature_c)")

    friend bool operator==(const AggregateSpec &, const AggregateSpec &) = default;
};

enum class EventTimeUnit { Milliseconds, Seconds, Microseconds, Nanoseconds };

// Event times beyond ±2^53 ms (about 285,000 years from 1970) count as no
// event time: window ends, cleanup times and watermarks are sums of an event
// time and a duration (at most 9.2e15 ms), which must not overflow.
constexpr std::int64_t kMaxEventTimeMs = std::int64_t(1) << 53;
inline bool isUsableEventTime(std::int64_t ms) { return ms >= -kMaxEventTimeMs && ms <= kMaxEventTimeMs; }

struct PipelineSpec {
    QString name;
    QStringList topics;             // empty: every topic of the session
    QString eventTime;              // expression; empty: the Kafka timestamp
    EventTimeUnit eventTimeUnit = EventTimeUnit::Milliseconds;
    std::int64_t outOfOrdernessMs = 0; // watermark = max event time − D − 1 ms
    std::int64_t idleTimeoutMs = -1;   // in arrival time; -1: partitions never go idle
    QString filter;                 // expression; empty: every event
    QString key;                    // expression; empty: one key for all events
    WindowSpec window;
    std::int64_t allowedLatenessMs = 0;
    QList<AggregateSpec> aggregates;
    QString dedupeField;            // expression; empty: no dedupe
    std::int64_t dedupeHorizonMs = 0;
    int earlyFiringEvery = 0;       // fire early every N events of a window; 0: never

    friend bool operator==(const PipelineSpec &, const PipelineSpec &) = default;
};

QString aggregateKindName(AggregateKind kind);
QString defaultAggregateName(const AggregateSpec &spec);

} // namespace streamscope
