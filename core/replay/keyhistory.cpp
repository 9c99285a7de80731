#include "replay/keyhistory.h"

#include "engine/eventextractor.h"
#include "replay/pipelinerun.h"

#include <map>

namespace streamscope {

namespace {

struct Known {
    int eventCount = 0;
    std::vector<QJsonValue> values;
};

Known knownOf(const WindowSnapshot &w, const QStringList &names)
{
    Known k;
    k.eventCount = int(w.seqs.size());
    for (const QString &name : names)
        k.values.push_back(w.aggregates.value(name));
    return k;
}

Known knownOf(const WindowResult &r)
{
    return Known{int(r.seqs.size()), r.aggregateValues};
}

// The last result of this window in the step, if it fired.
const WindowResult *resultOf(const StepReport &report, const QByteArray &key, const TimeWindow &window)
{
    for (auto it = report.results.rbegin(); it != report.results.rend(); ++it)
        if (it->key == key && it->window == window)
            return &*it;
    return nullptr;
}

} // namespace

Result<KeyHistory> computeKeyHistory(const QString &sessionPath, const PipelineSpec &pipeline, const QByteArray &key,
                                     std::int64_t maxPoints, const std::function<void(std::int64_t, std::int64_t)> &progress,
                                     const std::atomic<bool> *cancel)
{
    auto session = openPipelineSession(sessionPath, pipeline);
    if (!session)
        return session.error();
    const Engine &engine = *session->engine; // stepped by stepThroughSession, here

    KeyHistory history;
    history.key = key;
    for (const AggregateSpec &a : pipeline.aggregates)
        history.aggregateNames << (a.name.isEmpty() ? defaultAggregateName(a) : a.name);
    std::map<TimeWindow, Known> known; // the key's open windows, as last seen
    const std::int64_t total = session->reader->eventCount();

    // Read and extracted a batch ahead on a worker thread, as a run is.
    Status st = stepThroughSession(*session, total, [&](const EngineEvent &input, const StepReport &report) {
        for (const EngineChange &c : report.changes) {
            // A dedupe hit names the dedupe key, not the event's key.
            if (c.key != key || c.kind == ChangeKind::DedupeHit || c.kind == ChangeKind::LateAccepted)
                continue;
            KeyHistoryPoint p;
            p.seq = input.seq;
            p.arrivalUs = input.arrivalUs;
            p.kind = c.kind;
            p.window = c.window;
            Known k;
            switch (c.kind) {
            case ChangeKind::WindowCreated:
            case ChangeKind::WindowUpdated:
            case ChangeKind::WindowsMerged:
                if (const auto open = engine.window(key, c.window))
                    k = knownOf(*open, history.aggregateNames);
                else if (const WindowResult *fired = resultOf(report, key, c.window))
                    k = knownOf(*fired); // fired and purged within this step
                else
                    k = known[c.window];
                if (c.kind == ChangeKind::WindowsMerged) {
                    p.merged = c.merged;
                    for (const TimeWindow &w : c.merged)
                        known.erase(w);
                }
                known[c.window] = k;
                break;
            case ChangeKind::WindowFired:
            case ChangeKind::WindowRefired:
            case ChangeKind::WindowEarlyFired:
                if (c.resultIndex >= 0 && std::size_t(c.resultIndex) < report.results.size())
                    k = knownOf(report.results[std::size_t(c.resultIndex)]);
                known[c.window] = k;
                break;
            case ChangeKind::WindowPurged:
                k = known[c.window];
                known.erase(c.window);
                break;
            case ChangeKind::LateDropped:
                p.window = {};
                p.eventTimeMs = input.eventTimeMs.value_or(0);
                break;
            default:
                continue;
            }
            p.eventCount = k.eventCount;
            p.values = std::move(k.values);
            history.points.push_back(std::move(p));
            if (std::int64_t(history.points.size()) >= maxPoints) {
                history.truncated = true;
                return false;
            }
        }
        return true;
    }, progress, cancel);
    if (!st)
        return st.error();
    return history;
}

} // namespace streamscope
