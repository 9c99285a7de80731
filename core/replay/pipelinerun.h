#pragma once
// A whole run of a pipeline over a session — every window result and every
// dropped late event — and the difference between two runs, for "what if":
// change the watermark bound, the lateness or the window size, run again,
// and see which results appeared, disappeared or changed.

#include "engine/engine.h"
#include "engine/eventextractor.h"
#include "session/sessionreader.h"

#include <atomic>
#include <functional>
#include <map>

namespace streamscope {

// What running a pipeline over a session needs: the session, the extraction
// of engine events from its events, the pipeline's input partitions, and an
// engine that knows them all from the start (as Player does).
struct PipelineSession {
    std::unique_ptr<SessionReader> reader;
    std::unique_ptr<EventExtractor> extractor;
    std::vector<PartitionRef> inputs;
    std::unique_ptr<Engine> engine;
};
Result<PipelineSession> openPipelineSession(const QString &sessionPath, const PipelineSpec &pipeline);

// Steps the session's engine through its input events [0, end): the session
// is read and its events extracted (payloads parsed, expressions evaluated)
// on a worker thread, a batch ahead, while this thread steps the engine and
// calls onStep with each input and its report — on two cores a run takes
// about as long as its slower half. onStep returns false to stop there (not
// an error). progress(done, end) now and then; returns an error "cancelled"
// if cancel was set.
using StepCallback = std::function<bool(const EngineEvent &input, const StepReport &report)>;
Status stepThroughSession(PipelineSession &session, std::int64_t end, const StepCallback &onStep,
                          const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                          const std::atomic<bool> *cancel = nullptr);

// A pipeline over a session from the first event on, handing each step's
// report to a callback (the CLI prints it; what-if collects it).
class PipelineRunner
{
public:
    static Result<std::unique_ptr<PipelineRunner>> open(const QString &sessionPath, const PipelineSpec &pipeline);
    ~PipelineRunner();

    // Steps through events [0, until] (-1: all) with stepThroughSession();
    // progress(done, total) now and then; returns an error if cancelled.
    Status run(const std::function<void(const StepReport &)> &onStep, std::int64_t until = -1,
               const std::function<void(std::int64_t, std::int64_t)> &progress = {},
               const std::atomic<bool> *cancel = nullptr);
    QStringList topics() const;
    EngineCounters counters() const { return m_session.engine->snapshot().counters; }

private:
    PipelineRunner() = default;
    PipelineSession m_session;
};

struct PipelineRunOutput {
    std::vector<WindowResult> results; // in the order they fired
    std::vector<LateEvent> dropped;
    EngineCounters counters;
    QStringList topics;
};

// progress(events done, events in total) now and then; stops early (with an
// error) when cancel is set.
Result<PipelineRunOutput> runPipeline(const QString &sessionPath, const PipelineSpec &pipeline,
                                      const std::function<void(std::int64_t, std::int64_t)> &progress = {},
                                      const std::atomic<bool> *cancel = nullptr);

struct RunDifference {
    enum class Kind { Added, Removed, Changed };
    Kind kind = Kind::Changed;
    // Window results are compared by (key, window, firing); the last firing
    // of each window is what a sink keeps, so that is what is compared.
    QByteArray key;
    TimeWindow window;
    std::optional<WindowResult> before; // in run A
    std::optional<WindowResult> after;  // in run B
    QString what; // what differs, for people: "count 3 → 4", "fired late (#2)"
};

struct LateDifference {
    bool droppedInA = false;
    bool droppedInB = false;
    LateEvent event;
};

struct RunComparison {
    std::vector<RunDifference> windows; // by key, then window
    std::vector<LateDifference> late;   // events dropped in one run only, by seq
    std::int64_t unchangedWindows = 0;
    bool identical() const { return windows.empty() && late.empty(); }
};

RunComparison compareRuns(const PipelineRunOutput &a, const PipelineRunOutput &b);

} // namespace streamscope
