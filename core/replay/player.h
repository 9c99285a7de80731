#pragma once
// The replay core: a cursor over a session, with the engine's state at the
// cursor. Step forward and back, seek to a seq, an arrival time, an event
// time or a partition offset, run to the next (or previous) breakpoint hit.
//
// Seeking is exact: the state at seq n is the state of a fresh run stopped
// at n. It is fast because the player keeps checkpoints of the whole engine
// state every `interval` events and re-executes from the nearest one; when
// checkpoints outgrow their memory budget the interval doubles and every
// other one is dropped.

#include "engine/eventextractor.h"
#include "replay/breakpoint.h"
#include "session/sessionreader.h"

#include <atomic>
#include <functional>
#include <map>
#include <memory>

namespace streamscope {

// The engine's input partitions for a pipeline over a session: those of its
// topics the session read from (every topic when the pipeline names none).
Result<std::vector<PartitionRef>> pipelineInputPartitions(SessionReader &reader, const PipelineSpec &pipeline);

// The topics the pipeline names that the session has none of (a typo, or a
// topic not recorded): nothing of them will ever reach the pipeline.
QStringList pipelineTopicsMissing(const PipelineSpec &pipeline, const QStringList &sessionTopics);
// Says so in a sentence ("the pipeline reads topic "x", which the session
// does not have (its topics: a, b)"); empty when none is missing.
QString describeMissingTopics(const PipelineSpec &pipeline, const QStringList &sessionTopics);

class Player
{
public:
    struct Options {
        int checkpointInterval = 2048;
        std::int64_t checkpointBudgetBytes = 512LL * 1024 * 1024;
        // Forward moves of more events than this (seeks into a part of the
        // session not run yet, building checkpoints) read and extract the
        // events on a worker thread, a batch ahead of the steps; 0: never.
        std::int64_t readAheadFrom = 8192;
    };

    // Opens its own reader of the session (readers are per thread).
    static Result<std::unique_ptr<Player>> open(const QString &sessionPath, const PipelineSpec &pipeline);
    static Result<std::unique_ptr<Player>> open(const QString &sessionPath, const PipelineSpec &pipeline, Options options);

    // -1 before the first event; otherwise the seq of the last event processed.
    std::int64_t cursor() const { return m_cursor; }
    std::int64_t eventCount() const { return m_reader->eventCount(); }
    // Picks up events recorded since (a live session).
    Status refresh() { return m_reader->refresh(); }

    const Engine &engine() const { return *m_engine; }
    EngineSnapshot snapshot() const { return m_engine->snapshot(); }
    // What the step to the cursor did (empty before the first event).
    // Valid until the player moves again.
    const StepReport &lastReport() const { return *m_lastReport; }
    SessionReader &reader() { return *m_reader; }
    const PipelineSpec &pipeline() const { return m_engine->pipeline(); }

    Status stepForward();
    Status stepBack();
    Status seek(std::int64_t seq); // -1 resets to before the first event
    // Each returns the seq it moved to.
    Result<std::int64_t> seekArrival(std::int64_t arrivalUs);   // first event arriving at or after
    Result<std::int64_t> seekEventTime(std::int64_t eventTimeMs); // first event with an event time at or after
    Result<std::int64_t> seekOffset(const QString &topic, int partition, std::int64_t offset);

    enum class Direction { Forward, Backward };
    // Moves to the next (previous) step that hits any enabled breakpoint and
    // returns its seq; stays put and returns nullopt when there is none.
    Result<std::optional<std::int64_t>> runUntil(const std::vector<Breakpoint> &breakpoints, Direction direction,
                                                 const std::atomic<bool> *cancel = nullptr);

    // One step forward, then which of the checks it hits (indexes; playback).
    Result<std::vector<int>> stepForwardChecking(const std::vector<BreakpointCheck> &checks);
    // Steps forward until a step hits any of the checks and returns which
    // (indexes); none hit: back where it started, and empty. Beyond
    // Options::readAheadFrom events it reads ahead on a worker thread.
    // progress(events done) now and then; when cancel is set it goes back
    // where it started and returns empty.
    Result<std::vector<int>> searchForward(const std::vector<BreakpointCheck> &checks,
                                           const std::function<void(std::int64_t)> &progress = {},
                                           const std::atomic<bool> *cancel = nullptr);
    // Which of the checks the step to the cursor hits (after a run or seek).
    Result<std::vector<int>> checksHitAtCursor(const std::vector<BreakpointCheck> &checks);
    // The arrival time of an event (for pacing playback like the recording).
    Result<std::int64_t> arrivalUs(std::int64_t seq);

    // Called with every step of the engine the player executes (events the
    // pipeline does not read make none) — including steps it re-executes
    // after seeking back, so an observer that wants each step once keeps the
    // highest seq it has seen. For marks that fill in while the player
    // indexes the session.
    using StepObserver = std::function<void(const StepReport &, const EngineEvent &)>;
    void setStepObserver(StepObserver observer) { m_observer = std::move(observer); }
    // Whether long forward moves may read ahead (Options::readAheadFrom).
    // Background indexing turns it off: it runs while the user works, and
    // leaves the second core to the GUI thread.
    void setReadAhead(bool on) { m_readAhead = on; }
    bool readsAhead() const { return m_readAhead && m_options.readAheadFrom > 0; }
    // The highest seq the player has executed so far (-1: none): how far
    // the session is indexed.
    std::int64_t executedUpTo() const { return m_executedUpTo; }

    // Processes the whole session once, leaving checkpoints everywhere, so
    // that later seeks anywhere are fast. progress(seq) is called now and then.
    Status buildCheckpoints(const std::function<void(std::int64_t)> &progress = {},
                            const std::atomic<bool> *cancel = nullptr);
    int checkpointInterval() const { return m_options.checkpointInterval; }
    std::size_t checkpointCount() const { return m_checkpoints.size(); }

private:
    struct Checkpoint {
        QByteArray state;
        std::int64_t maxEventTimeMs; // the highest event time seen up to here
    };

    Player(std::unique_ptr<SessionReader> reader, EventExtractor extractor, const PipelineSpec &pipeline,
           std::vector<PartitionRef> partitions, Options options);
    Player(const Player &) = delete; // m_lastReport may point into it
    Player &operator=(const Player &) = delete;
    Status advance();  // processes cursor + 1
    // Processes cursor + 1 … last with ExtractAhead (no breakpoint context
    // of its last step: advance() or checksHitAtCursor() sets that). With
    // checks, stops at the first step one of them hits and returns true.
    Result<bool> fastForward(std::int64_t last, const std::vector<BreakpointCheck> *checks = nullptr,
                             const std::function<void(std::int64_t)> &progress = {},
                             const std::atomic<bool> *cancel = nullptr);
    void passNonInputsTo(std::int64_t seq); // the cursor over events the pipeline does not read
    void stepped(const EngineEvent &input); // an input event was stepped: cursor, observer, checkpoint
    void reportNoStep(std::int64_t seq); // the last report: none, the event at seq made no step
    Status resetTo(std::int64_t checkpointSeq);
    void maybeCheckpoint();
    void enforceBudget();
    Result<std::optional<std::int64_t>> searchBackward(const std::vector<BreakpointCheck> &checks,
                                                       const std::atomic<bool> *cancel);

    std::unique_ptr<SessionReader> m_reader;
    EventExtractor m_extractor;
    std::vector<PartitionRef> m_partitions;
    Options m_options;
    std::unique_ptr<Engine> m_engine;
    std::int64_t m_cursor = -1;
    std::int64_t m_maxEventTimeMs = kNoWatermark;
    std::int64_t m_executedUpTo = -1;
    bool m_readAhead = true;
    // The engine's own report of the last step (not copied: a step's report
    // can hold a whole window's seqs), or m_noReport when the last event was
    // not an input of the pipeline or the player was just reset.
    const StepReport *m_lastReport = &m_noReport;
    StepReport m_noReport;
    StepObserver m_observer;
    std::map<std::int64_t, Checkpoint> m_checkpoints; // by the seq they follow
    std::int64_t m_checkpointBytes = 0;
};

} // namespace streamscope
