#pragma once
// One key's windows over a whole session: every step that created, updated,
// fired, merged or purged one of its windows, with the window's aggregates
// after that step — "show this key's state over time". Late events of the
// key that were dropped are in it too (they changed no window, which is the
// point).

#include "engine/engine.h"
#include "util/result.h"

#include <QJsonValue>
#include <atomic>
#include <functional>
#include <vector>

namespace streamscope {

struct KeyHistoryPoint {
    std::int64_t seq = -1; // the step
    std::int64_t arrivalUs = 0;
    ChangeKind kind = ChangeKind::WindowUpdated; // a Window* kind, WindowsMerged, or LateDropped
    TimeWindow window;                           // WindowsMerged: the merged window; LateDropped: none
    std::vector<TimeWindow> merged;              // WindowsMerged: the windows it replaced
    int eventCount = 0;                          // events in the window after the step
    // The aggregates after the step (at the firing, for firings; the last
    // known, for a purge), by position in KeyHistory::aggregateNames.
    std::vector<QJsonValue> values;
    std::int64_t eventTimeMs = 0; // LateDropped: the event's event time
};

struct KeyHistory {
    QByteArray key;
    QStringList aggregateNames;
    std::vector<KeyHistoryPoint> points; // by seq; within a step, in the engine's order
    bool truncated = false;              // stopped at maxPoints

    // Index of an aggregate by name, -1 if the pipeline has none.
    int aggregateIndex(const QString &name) const { return int(aggregateNames.indexOf(name)); }
};

// Runs the pipeline over the session once. progress(done, total) now and
// then; returns an error if cancelled. Pure: for a background thread.
Result<KeyHistory> computeKeyHistory(const QString &sessionPath, const PipelineSpec &pipeline, const QByteArray &key,
                                     std::int64_t maxPoints = 2'000'000,
                                     const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                                     const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope
