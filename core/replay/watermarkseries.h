#pragma once
// What the watermark view plots, computed once over a whole session: each
// event's event time against its arrival time (late ones flagged accepted or
// dropped), the combined watermark and every partition's watermark as they
// moved, which partition held the combined watermark back, and when
// partitions were idle.
//
// Sessions run to millions of events, more than a plot can show or memory
// should hold, so above a budget the series is thinned: every late event is
// kept, the other events are sampled every `stride` seqs, and the curves keep
// the first and last change within each of a fixed number of arrival-time
// buckets (exact at the resolution a plot can show; monotone curves lose
// nothing visible). Below the budget everything is kept.

#include "engine/engine.h"
#include "util/result.h"

#include <QStringList>
#include <atomic>
#include <functional>
#include <optional>
#include <vector>

namespace streamscope {

enum class Lateness : std::uint8_t { OnTime, LateAccepted, LateDropped };

struct WatermarkSample {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    std::int64_t eventTimeMs = 0;
    PartitionRef partition;
    Lateness lateness = Lateness::OnTime;
};

// A watermark took this value at this step (a step function of arrival).
struct WatermarkStep {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    std::int64_t watermarkMs = kNoWatermark;
};

// [from, to) in steps and arrival time; to = -1: until the end of the session.
struct SeqInterval {
    std::int64_t fromSeq = -1;
    std::int64_t fromArrivalUs = 0;
    std::int64_t toSeq = -1;
    std::int64_t toArrivalUs = 0;
};

struct PartitionWatermarks {
    PartitionRef ref;
    std::vector<WatermarkStep> watermark;
    std::vector<SeqInterval> idle; // as the engine saw it: from the step that found it idle
};

// From this step on, this partition (none: every partition idle) held the
// combined watermark back.
struct HoldingChange {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    std::optional<PartitionRef> partition;
};

struct WatermarkSeries {
    QStringList topics;
    std::int64_t eventCount = 0;     // steps of the session, inputs or not
    std::int64_t firstArrivalUs = 0; // of the session
    std::int64_t lastArrivalUs = 0;
    std::int64_t stride = 1;         // 1: every event is in `events`
    bool thinned = false;            // curves bucketed too
    std::int64_t lateAccepted = 0;
    std::int64_t lateDropped = 0;
    std::int64_t noEventTime = 0;    // input events without an event time (not plotted)

    std::vector<WatermarkSample> events; // by seq: every late event, the others sampled
    std::vector<WatermarkStep> combined;
    std::vector<PartitionWatermarks> partitions; // by ref
    std::vector<HoldingChange> holding;          // by seq

    // The partition holding the combined watermark back after step seq.
    std::optional<PartitionRef> holdingAt(std::int64_t seq) const;
    // The arrival time of step seq: exact when the event is in `events`,
    // else that of the closest sampled event before it.
    std::int64_t arrivalAt(std::int64_t seq) const;
    // The combined watermark after step seq (kNoWatermark before the first).
    std::int64_t combinedAt(std::int64_t seq) const;
    // "iot.readings[3]"
    QString partitionName(const PartitionRef &ref) const;
};

struct WatermarkSeriesOptions {
    std::int64_t maxEvents = 200'000; // events kept before sampling (late ones do not count)
    int curveBuckets = 20'000;        // arrival-time buckets of thinned curves
};

// Runs the pipeline over the session once. progress(done, total) now and
// then; returns an error if cancelled. Pure: for a background thread.
Result<WatermarkSeries> computeWatermarkSeries(const QString &sessionPath, const PipelineSpec &pipeline,
                                               const WatermarkSeriesOptions &options = {},
                                               const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                                               const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope
