#include "replay/watermarkseries.h"

#include "engine/eventextractor.h"
#include "replay/pipelinerun.h"

#include <algorithm>

namespace streamscope {

namespace {

std::int64_t saturatingSub(std::int64_t a, std::int64_t b)
{
    std::int64_t out = 0;
    if (__builtin_sub_overflow(a, b, &out))
        return b > 0 ? std::numeric_limits<std::int64_t>::min() : std::numeric_limits<std::int64_t>::max();
    return out;
}

// Keeps at most the first and the last point of each bucket of a curve.
struct Thinning {
    std::int64_t bucket = std::numeric_limits<std::int64_t>::min();
    int inBucket = 0;
};

template<typename Point>
void addThinned(std::vector<Point> &out, Thinning &thinning, const Point &point, std::int64_t bucket)
{
    if (bucket == thinning.bucket && thinning.inBucket >= 2) {
        out.back() = point;
        return;
    }
    thinning.inBucket = bucket == thinning.bucket ? thinning.inBucket + 1 : 1;
    thinning.bucket = bucket;
    out.push_back(point);
}

// The engine's per-partition watermarks and holding partition, followed from
// its reports: the snapshot has them, but taking one per step would copy
// every window. Same rules as Engine (engine.h): a partition's watermark is
// its max event time − D − 1; the holding partition is the first non-idle
// one with the lowest watermark, recomputed when idleness changes or the
// holding partition advances.
struct PartitionReplica {
    PartitionRef ref;
    std::int64_t maxEventTime = kNoWatermark;
    std::int64_t watermark = kNoWatermark;
    bool idle = false;
    std::size_t series = 0; // index into WatermarkSeries::partitions
    Thinning thinning;
};

} // namespace

std::optional<PartitionRef> WatermarkSeries::holdingAt(std::int64_t seq) const
{
    const auto it = std::upper_bound(holding.begin(), holding.end(), seq,
                                     [](std::int64_t s, const HoldingChange &c) { return s < c.seq; });
    return it == holding.begin() ? std::nullopt : std::prev(it)->partition;
}

std::int64_t WatermarkSeries::arrivalAt(std::int64_t seq) const
{
    std::int64_t bestSeq = -1;
    std::int64_t arrival = firstArrivalUs;
    const auto eventIt = std::upper_bound(events.begin(), events.end(), seq,
                                          [](std::int64_t s, const WatermarkSample &e) { return s < e.seq; });
    if (eventIt != events.begin()) {
        bestSeq = std::prev(eventIt)->seq;
        arrival = std::prev(eventIt)->arrivalUs;
    }
    // The watermark curves name steps too: between samples they may be closer.
    const auto stepIt = std::upper_bound(combined.begin(), combined.end(), seq,
                                         [](std::int64_t s, const WatermarkStep &w) { return s < w.seq; });
    if (stepIt != combined.begin() && std::prev(stepIt)->seq > bestSeq)
        arrival = std::prev(stepIt)->arrivalUs;
    return arrival;
}

std::int64_t WatermarkSeries::combinedAt(std::int64_t seq) const
{
    const auto it = std::upper_bound(combined.begin(), combined.end(), seq,
                                     [](std::int64_t s, const WatermarkStep &w) { return s < w.seq; });
    return it == combined.begin() ? kNoWatermark : std::prev(it)->watermarkMs;
}

QString WatermarkSeries::partitionName(const PartitionRef &ref) const
{
    const QString topic = ref.topicId >= 0 && ref.topicId < topics.size() ? topics[ref.topicId] : QString::number(ref.topicId);
    return QStringLiteral("%1[%2]").arg(topic).arg(ref.partition);
}

Result<WatermarkSeries> computeWatermarkSeries(const QString &sessionPath, const PipelineSpec &pipeline,
                                               const WatermarkSeriesOptions &options,
                                               const std::function<void(std::int64_t, std::int64_t)> &progress,
                                               const std::atomic<bool> *cancel)
{
    auto session = openPipelineSession(sessionPath, pipeline);
    if (!session)
        return session.error();
    SessionReader &r = *session->reader;
    const std::vector<PartitionRef> &inputs = session->inputs;

    WatermarkSeries s;
    s.topics = r.topics();
    s.eventCount = r.eventCount();
    if (!r.chunks().empty()) {
        s.firstArrivalUs = r.chunks().front().firstArrivalUs;
        s.lastArrivalUs = r.chunks().back().lastArrivalUs;
    }
    const std::int64_t maxEvents = std::max<std::int64_t>(1, options.maxEvents);
    s.thinned = s.eventCount > maxEvents;
    s.stride = s.thinned ? (s.eventCount + maxEvents - 1) / maxEvents : 1;
    const std::int64_t span = std::max<std::int64_t>(1, s.lastArrivalUs - s.firstArrivalUs);
    const std::int64_t buckets = std::max(1, options.curveBuckets);
    // Unthinned, every step is a bucket of its own: every change is kept.
    auto bucketOf = [&](std::int64_t seq, std::int64_t arrivalUs) -> std::int64_t {
        if (!s.thinned)
            return seq;
        const std::int64_t offset = std::clamp<std::int64_t>(arrivalUs - s.firstArrivalUs, 0, span);
        return std::int64_t((__int128(offset) * buckets) / span);
    };

    std::vector<PartitionReplica> replicas;
    auto replicaOf = [&](const PartitionRef &ref) -> PartitionReplica & {
        auto it = std::lower_bound(replicas.begin(), replicas.end(), ref,
                                   [](const PartitionReplica &p, const PartitionRef &r) { return p.ref < r; });
        if (it == replicas.end() || it->ref != ref) {
            it = replicas.insert(it, PartitionReplica{ref, kNoWatermark, kNoWatermark, false, 0, {}});
            it->series = s.partitions.size();
            s.partitions.push_back(PartitionWatermarks{ref, {}, {}});
        }
        return *it;
    };
    for (const PartitionRef &ref : inputs)
        replicaOf(ref);
    std::optional<PartitionRef> holding;
    auto lowest = [&]() -> std::optional<PartitionRef> {
        const PartitionReplica *low = nullptr;
        for (const PartitionReplica &p : replicas)
            if (!p.idle && (!low || p.watermark < low->watermark))
                low = &p;
        return low ? std::optional<PartitionRef>(low->ref) : std::nullopt;
    };

    Thinning combinedThinning, holdingThinning;
    std::int64_t lastCombined = kNoWatermark;
    std::int64_t lastArrival = s.firstArrivalUs;

    // Read and extracted a batch ahead on a worker thread, as a run is.
    Status st = stepThroughSession(*session, s.eventCount, [&](const EngineEvent &input, const StepReport &report) {
        lastArrival = input.arrivalUs;
        const std::int64_t bucket = bucketOf(input.seq, input.arrivalUs);

        bool idleChanged = false;
        Lateness lateness = Lateness::OnTime;
        for (const EngineChange &c : report.changes) {
            switch (c.kind) {
            case ChangeKind::PartitionIdle: {
                PartitionReplica &p = replicaOf(c.partition);
                p.idle = true;
                idleChanged = true;
                s.partitions[p.series].idle.push_back(SeqInterval{input.seq, input.arrivalUs, -1, 0});
                break;
            }
            case ChangeKind::PartitionActive: {
                PartitionReplica &p = replicaOf(c.partition);
                p.idle = false;
                idleChanged = true;
                auto &idle = s.partitions[p.series].idle;
                if (!idle.empty() && idle.back().toSeq < 0) {
                    idle.back().toSeq = input.seq;
                    idle.back().toArrivalUs = input.arrivalUs;
                }
                break;
            }
            case ChangeKind::LateAccepted: lateness = Lateness::LateAccepted; break;
            case ChangeKind::LateDropped: lateness = Lateness::LateDropped; break;
            default: break;
            }
        }

        PartitionReplica &own = replicaOf(input.partition);
        bool ownAdvanced = false;
        if (input.eventTimeMs && *input.eventTimeMs > own.maxEventTime) {
            own.maxEventTime = *input.eventTimeMs;
            own.watermark = saturatingSub(own.maxEventTime, pipeline.outOfOrdernessMs + 1);
            ownAdvanced = true;
            addThinned(s.partitions[own.series].watermark, own.thinning,
                       WatermarkStep{input.seq, input.arrivalUs, own.watermark}, bucket);
        }
        if (idleChanged || (ownAdvanced && (!holding || *holding == own.ref))) {
            const std::optional<PartitionRef> now = lowest();
            if (now != holding) {
                holding = now;
                addThinned(s.holding, holdingThinning, HoldingChange{input.seq, input.arrivalUs, now}, bucket);
            }
        }
        if (report.watermarkAfter != lastCombined) {
            lastCombined = report.watermarkAfter;
            addThinned(s.combined, combinedThinning, WatermarkStep{input.seq, input.arrivalUs, lastCombined}, bucket);
        }

        if (!input.eventTimeMs) {
            ++s.noEventTime;
            return true;
        }
        if (lateness == Lateness::LateAccepted)
            ++s.lateAccepted;
        else if (lateness == Lateness::LateDropped)
            ++s.lateDropped;
        if (lateness != Lateness::OnTime || input.seq % s.stride == 0)
            s.events.push_back(WatermarkSample{input.seq, input.arrivalUs, *input.eventTimeMs, input.partition, lateness});
        return true;
    }, progress, cancel);
    if (!st)
        return st.error();
    s.lastArrivalUs = std::max(s.lastArrivalUs, lastArrival);
    // Thinning may leave the same holder twice in a row: once is enough.
    s.holding.erase(std::unique(s.holding.begin(), s.holding.end(),
                                [](const HoldingChange &a, const HoldingChange &b) { return a.partition == b.partition; }),
                    s.holding.end());
    for (PartitionWatermarks &p : s.partitions)
        for (SeqInterval &i : p.idle)
            if (i.toSeq < 0)
                i.toArrivalUs = s.lastArrivalUs;
    return s;
}

} // namespace streamscope
