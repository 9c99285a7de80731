#pragma once
// The event-time engine: runs a pipeline over events one at a time, with
// Apache Flink's semantics (windows [start, end), watermark = max event time
// − D − 1 ms per partition, combined by minimum over partitions that are not
// idle, a window fires when the watermark reaches end − 1, a late event
// within the allowed lateness re-fires its window, beyond it goes to the late
// side output, session windows merge, state is purged at end − 1 + lateness).
//
// Order within one step, as in a Flink job whose source carries the
// watermark strategy: (1) partitions idle for longer than the idle timeout
// (in arrival time) stop holding the watermark back; (2) the element is
// processed by the filter, dedupe and window operator with the watermark as
// it was; (3) the element's event time advances its partition's watermark,
// and timers up to the new combined watermark fire.
//
// The engine is a pure function of the pipeline and the events it is given:
// it never reads a clock (processing time is the recorded arrival time), and
// every container is ordered, so two runs give identical outputs.

#include "engine/aggregate.h"
#include "engine/pipelinespec.h"
#include "engine/timewindow.h"
#include "util/result.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <compare>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <vector>

namespace streamscope {

constexpr std::int64_t kNoWatermark = std::numeric_limits<std::int64_t>::min(); // Flink's Long.MIN_VALUE

struct PartitionRef {
    int topicId = 0;
    int partition = 0;
    friend auto operator<=>(const PartitionRef &, const PartitionRef &) = default;
};

// One event as the engine sees it: fields already extracted from the payload.
struct EngineEvent {
    std::int64_t seq = 0;
    std::int64_t arrivalUs = 0;
    PartitionRef partition;
    std::int64_t offset = 0;
    std::optional<std::int64_t> eventTimeMs; // nullopt: the event-time field is missing
    bool passesFilter = true;
    QByteArray key;
    std::vector<AggregateInput> inputs; // one per aggregate of the pipeline
    std::optional<QByteArray> dedupeKey;
};

enum class FireKind : std::uint8_t { OnTime, Late, Early };

struct WindowResult {
    QByteArray key;
    TimeWindow window;
    FireKind kind = FireKind::OnTime;
    int firing = 1;                 // 1 for the first firing of this window, 2 for the next…
    std::int64_t watermark = kNoWatermark;
    std::int64_t triggerSeq = -1;   // the step that caused it
    std::vector<std::int64_t> seqs; // lineage: the events in the window
    // The pipeline's aggregates, by position: names are shared by every
    // result (building a JSON object per firing would cost more than the
    // rest of a step).
    QStringList aggregateNames;
    std::vector<QJsonValue> aggregateValues;

    QJsonObject aggregates() const;
    QJsonValue aggregate(const QString &name) const;
    QJsonObject toJson() const;
};

struct LateEvent {
    std::int64_t seq = -1;
    PartitionRef partition;
    std::int64_t offset = -1;
    std::int64_t eventTimeMs = 0;
    std::int64_t watermark = kNoWatermark;
    QByteArray key;

    QJsonObject toJson(const QStringList &topicNames = {}) const;
};

enum class ChangeKind : std::uint8_t {
    WindowCreated,
    WindowUpdated,
    WindowFired,   // on time (the watermark passed its end) or late (an allowed late event)
    WindowRefired, // fired again: an allowed late event arrived after it fired
    WindowEarlyFired,
    WindowPurged,
    WindowsMerged, // session windows: `merged` became `window`
    LateAccepted,  // the event is late but within the allowed lateness
    LateDropped,   // the event is beyond the allowed lateness: late side output
    DedupeHit,
    Filtered,
    NoEventTime,
    WatermarkAdvanced,
    PartitionIdle,
    PartitionActive,
};

QString changeKindName(ChangeKind kind);

struct EngineChange {
    ChangeKind kind = ChangeKind::WindowCreated;
    QByteArray key;
    TimeWindow window;
    std::vector<TimeWindow> merged;    // WindowsMerged
    std::int64_t watermark = kNoWatermark; // WatermarkAdvanced: the new one
    PartitionRef partition;            // Partition*, and the partition holding the watermark back
    int resultIndex = -1;              // firings: index into StepReport::results
};

struct StepReport {
    std::int64_t seq = -1;
    std::int64_t watermarkBefore = kNoWatermark;
    std::int64_t watermarkAfter = kNoWatermark;
    std::vector<EngineChange> changes;
    std::vector<WindowResult> results;
    std::vector<LateEvent> dropped;

    bool has(ChangeKind kind) const;
};

struct EngineCounters {
    std::int64_t events = 0, filtered = 0, noEventTime = 0, duplicates = 0, lateAccepted = 0, lateDropped = 0,
                 windowsCreated = 0, firings = 0, lateFirings = 0, earlyFirings = 0, purged = 0, merges = 0;
    friend bool operator==(const EngineCounters &, const EngineCounters &) = default;
};

struct PartitionSnapshot {
    PartitionRef ref;
    std::int64_t maxEventTime = kNoWatermark;
    std::int64_t watermark = kNoWatermark;
    bool idle = false;
    bool seen = false;
    std::int64_t lastArrivalUs = -1;
};

struct WindowSnapshot {
    QByteArray key;
    TimeWindow window;
    std::vector<std::int64_t> seqs;
    QJsonObject aggregates;
    int firings = 0;       // on-time and late
    int earlyFirings = 0;
};

struct TimerSnapshot {
    std::int64_t time = 0;
    QByteArray key;
    TimeWindow window;
    bool fires = false;  // time == window end − 1
    bool purges = false; // time == window end − 1 + allowed lateness
};

// The whole state after a step: what a view renders and a test compares.
struct EngineSnapshot {
    std::int64_t lastSeq = -1;
    std::int64_t watermark = kNoWatermark;
    std::optional<PartitionRef> holdingPartition; // the active partition with the lowest watermark
    std::vector<PartitionSnapshot> partitions;
    std::vector<WindowSnapshot> windows; // by key, then window
    std::vector<TimerSnapshot> timers;   // by time
    std::int64_t dedupeEntries = 0;
    EngineCounters counters;

    QJsonObject toJson(const QStringList &topicNames = {}) const;
};

class Engine
{
public:
    // partitions: every input partition known up front (a partition that
    // never delivers holds the watermark back until it is idle, as in Flink).
    explicit Engine(PipelineSpec spec, std::vector<PartitionRef> partitions = {});

    // Processes exactly one event. The report stays valid until the next step.
    const StepReport &step(const EngineEvent &event);

    EngineSnapshot snapshot() const;
    // One window's state, if it is open.
    std::optional<WindowSnapshot> window(const QByteArray &key, const TimeWindow &window) const;
    std::int64_t watermark() const { return m_watermark; }
    std::int64_t lastSeq() const { return m_lastSeq; }
    const PipelineSpec &pipeline() const { return m_spec; }

    // The whole state as bytes (a checkpoint), and back.
    QByteArray saveState() const;
    Status restoreState(const QByteArray &state);

private:
    struct WindowState {
        std::vector<std::int64_t> seqs;
        std::vector<AggregateState> aggregates;
        int firings = 0;
        int earlyFirings = 0;
        int sinceEarlyFiring = 0;
        bool timersRegistered = false;
    };
    struct OpenWindow {
        TimeWindow window;
        WindowState state;
    };
    // A key has few open windows at a time: a sorted vector beats a tree.
    using KeyWindows = std::vector<OpenWindow>;
    struct KeySlot {
        QByteArray bytes;
        KeyWindows windows;
    };
    struct Partition {
        PartitionRef ref;
        std::int64_t maxEventTime = kNoWatermark;
        std::int64_t watermark = kNoWatermark;
        std::int64_t lastActivityUs = -1; // -1: none yet (counts from the first step)
        bool idle = false;
        bool seen = false;
    };
    // Timers of equal time fire in (key id, window) order: keys are numbered
    // in the order they were first seen, which is deterministic.
    struct Timer {
        std::int64_t time;
        int key;
        TimeWindow window;
        friend auto operator<=>(const Timer &, const Timer &) = default;
    };
    struct TimerTarget {
        int key;
        TimeWindow window;
        friend auto operator<=>(const TimerTarget &, const TimerTarget &) = default;
    };
    // Windows of one size end together, so many timers share a time: one
    // bucket per time makes registering a timer a short tree walk and lets a
    // whole bucket fire after one sort (a heap of single timers cost a cache
    // miss per level on every pop).
    using TimerBuckets = std::map<std::int64_t, std::vector<TimerTarget>>;

    Partition &partitionFor(PartitionRef ref);
    void indexPartitions(); // after m_partitions changed
    void markIdlePartitions(std::int64_t nowUs, StepReport &report);
    void recomputeWatermark(StepReport &report);
    void fireTimers(StepReport &report);
    void processElement(const EngineEvent &event, StepReport &report);
    bool dedupe(const EngineEvent &event, StepReport &report);
    // Session windows: merges the new window with those it touches; returns the
    // window the element goes to.
    TimeWindow mergeSessionWindow(int key, TimeWindow window, StepReport &report);
    void addToWindow(const EngineEvent &event, WindowState &state);
    // A new window's state, built from a purged window's buffers when there
    // is one; recycle() takes a purged window's state back.
    WindowState newWindowState();
    void recycle(WindowState &&state);
    void reclaimResultBuffers(StepReport &report);
    void emitResult(int key, const TimeWindow &window, WindowState &state, FireKind kind, std::int64_t triggerSeq,
                    StepReport &report, bool lastUse = false);
    void registerTimers(int key, const TimeWindow &window, WindowState &state);
    void pushTimer(std::int64_t time, int key, const TimeWindow &window);
    int keyId(const QByteArray &bytes); // interns a key
    static KeyWindows::iterator findWindow(KeyWindows &windows, const TimeWindow &window);
    std::vector<Timer> liveTimers() const; // sorted, without entries of windows that are gone
    std::int64_t cleanupTime(const TimeWindow &window) const;
    bool isWindowLate(const TimeWindow &window) const;
    WindowSnapshot snapshotOf(const QByteArray &key, const TimeWindow &window, const WindowState &state) const;

    PipelineSpec m_spec;
    QStringList m_aggregateNames;
    std::vector<Partition> m_partitions; // sorted by ref
    std::vector<std::vector<int>> m_partitionIndex; // [topic id][partition] → index in m_partitions, or -1
    std::optional<PartitionRef> m_holding; // the active partition with the lowest watermark
    std::int64_t m_watermark = kNoWatermark;
    std::int64_t m_firstArrivalUs = -1;
    std::int64_t m_lastSeq = -1;
    std::vector<KeySlot> m_keys; // by key id
    QHash<QByteArray, int> m_keyIds;
    // Timers of windows merged away stay in their bucket and are skipped
    // when it fires (finding them would cost more).
    TimerBuckets m_timers;
    std::vector<TimerBuckets::node_type> m_spareTimerBuckets; // fired buckets, kept with their capacity
    StepReport m_report; // reused: its buffers keep their capacity
    std::vector<TimeWindow> m_assigned; // the element's windows, reused likewise
    // Buffers of purged windows and of the previous step's results: with
    // them, a window's whole life (created, fired, purged) allocates nothing
    // once the engine has warmed up. Bounded, and large buffers are let go.
    std::vector<WindowState> m_spareStates;
    std::vector<std::vector<std::int64_t>> m_spareSeqs;
    std::vector<std::vector<QJsonValue>> m_spareValues;
    std::map<QByteArray, std::int64_t> m_dedupe; // dedupe key → event time first seen
    std::multimap<std::int64_t, QByteArray> m_dedupeExpiry;
    EngineCounters m_counters;
};

} // namespace streamscope
