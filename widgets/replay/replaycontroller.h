#pragma once
// The replay debugger's one cursor (DESIGN.md: every view follows it). A
// Player runs on a worker thread of its own with the WindowHistory that the
// window lanes draw; the GUI thread asks it to move (step, seek, run to a
// breakpoint, play) and receives a ReplayFrame — plain values — after each
// move. Frames that arrive faster than the GUI draws are coalesced: views get
// the latest one.
//
// After opening, the worker indexes the session in slices between commands
// (checkpoints for fast seeks, and the timeline's marks of late events and
// firings, which arrive as marksAdded()). Live, the cursor can follow the
// tail of a session that is still being recorded.
//
// Long moves (a seek into unindexed territory, a run to a breakpoint across
// millions of events) report progress and can be cancelled.

#include "replay/breakpoint.h"
#include "replay/timelinemarks.h"
#include "replay/windowhistory.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <memory>

class QThread;

namespace streamscope {

class ReplayWorker;

// What the cursor shows, for every view.
struct ReplayFrame {
    quint64 serial = 0;         // increases with every frame of a controller
    std::int64_t cursor = -1;   // the seq of the last event processed; -1 before the first
    std::int64_t eventCount = 0;
    std::int64_t arrivalUs = 0; // of the event at the cursor (0 before the first)
    EngineSnapshot snapshot;
    StepReport report;          // what the step to the cursor did
    QList<WindowHistoryEntry> history;
    QHash<qint64, EventPoint> points;
};

// What "step to next/previous …" looks for.
enum class StepTarget { LateEvent, WindowFiring, WatermarkAdvance, FilterMatch, SessionMerge, Duplicate };

class ReplayController : public QObject
{
    Q_OBJECT

public:
    explicit ReplayController(QObject *parent = nullptr);
    ~ReplayController() override;

    // Opens a session with a pipeline (again, to change the pipeline: the
    // cursor stays where it was when it can). Asynchronous: opened() or
    // failed() follows.
    void open(const QString &sessionPath, const PipelineSpec &pipeline);
    void close();
    bool isOpen() const { return m_open; }
    QString sessionPath() const { return m_sessionPath; }
    const PipelineSpec &pipeline() const { return m_pipeline; }

    // The latest frame (null before the first).
    std::shared_ptr<const ReplayFrame> frame() const { return m_frame; }
    std::int64_t cursor() const { return m_frame ? m_frame->cursor : -1; }
    std::int64_t eventCount() const { return m_eventCount; }

    void stepForward();
    void stepBack();
    void stepTo(StepTarget target, bool forward, const QString &filterExpression = {});
    void seek(qint64 seq); // -1: before the first event
    void seekArrival(qint64 arrivalUs);
    void seekEventTime(qint64 eventTimeMs);
    void seekOffset(const QString &topic, int partition, qint64 offset);
    void home() { seek(-1); }
    void end();

    // Playback: speed × the recording's own pace (arrival times); 0 plays as
    // fast as possible. Stops at the end, at a breakpoint hit, or on pause().
    void play();
    void pause();
    void setPlaying(bool playing) { playing ? play() : pause(); }
    bool isPlaying() const { return m_playing; }
    void setSpeed(double speed);
    double speed() const { return m_speed; }

    // The breakpoints checked by playback and runToBreakpoint().
    void setBreakpoints(const QList<Breakpoint> &breakpoints);
    void runToBreakpoint(bool forward);

    // Live: pick up events as they are recorded and keep the cursor at the
    // last one (the table and plots follow the tail the same way). Any move
    // by hand (step, seek, run to a breakpoint) stops following.
    void setFollowTail(bool follow);
    bool followsTail() const { return m_followTail; }

    // Stops a long move (the cursor stays where it was).
    void cancel();
    bool isBusy() const { return m_busy; }

signals:
    void opened(qint64 eventCount, const QStringList &topics);
    void frameChanged(std::shared_ptr<const streamscope::ReplayFrame> frame);
    // A move stopped somewhere a user should know why: a breakpoint (the
    // indexes of those that hit, in the list given to setBreakpoints), the
    // end of the session, nothing found.
    void stopped(const QString &reason, const QList<int> &breakpointsHit);
    void failed(const QString &message);
    void playingChanged(bool playing);
    void busyChanged(bool busy, const QString &what);
    void progress(qint64 done, qint64 total);
    void indexingProgress(qint64 indexed, qint64 total);
    void marksAdded(const std::vector<streamscope::TimelineMark> &marks);
    void eventCountChanged(qint64 count);
    // Following the tail stopped because the cursor was moved by hand.
    void followTailChanged(bool follows);

private:
    void onFrame(std::shared_ptr<const ReplayFrame> frame);
    void movedByHand();
    void deliverFrame();
    template<typename F> void post(F &&work);

    QThread *m_thread = nullptr;
    ReplayWorker *m_worker = nullptr;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QString m_sessionPath;
    PipelineSpec m_pipeline;
    bool m_open = false;
    bool m_playing = false;
    bool m_busy = false;
    bool m_followTail = false;
    double m_speed = 1.0;
    std::int64_t m_eventCount = 0;
    std::shared_ptr<const ReplayFrame> m_frame;   // delivered
    std::shared_ptr<const ReplayFrame> m_pending; // received, not yet delivered
    bool m_deliveryQueued = false;
};

} // namespace streamscope

Q_DECLARE_METATYPE(std::shared_ptr<const streamscope::ReplayFrame>)
Q_DECLARE_METATYPE(std::vector<streamscope::TimelineMark>)
