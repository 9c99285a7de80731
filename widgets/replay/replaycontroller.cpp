#include "replay/replaycontroller.h"

#include "replay/player.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QMetaObject>
#include <QPointer>
#include <QThread>
#include <QTimer>

namespace streamscope {

namespace {

// Indexing works in slices between commands so that a step never waits
// long behind it; a slice aims at this much work.
constexpr qint64 kIndexSliceNs = 20'000'000;
// Playback ticks at about 60 Hz and spends at most this much of a tick
// stepping, so that frames keep coming however fast it plays.
constexpr int kPlayTickMs = 16;
constexpr qint64 kPlayBudgetNs = 10'000'000;
// A move further than this many events reports progress as it goes.
constexpr std::int64_t kProgressSlice = 65'536;

QString targetName(StepTarget target)
{
    switch (target) {
    case StepTarget::LateEvent: return QObject::tr("late event");
    case StepTarget::WindowFiring: return QObject::tr("window firing");
    case StepTarget::WatermarkAdvance: return QObject::tr("watermark advance");
    case StepTarget::FilterMatch: return QObject::tr("filter match");
    case StepTarget::SessionMerge: return QObject::tr("session merge");
    case StepTarget::Duplicate: return QObject::tr("duplicate");
    }
    return {};
}

Breakpoint breakpointFor(StepTarget target, const QString &expression)
{
    Breakpoint b;
    switch (target) {
    case StepTarget::LateEvent: b.kind = Breakpoint::Kind::LateEvent; break;
    case StepTarget::WindowFiring: b.kind = Breakpoint::Kind::WindowFires; break;
    case StepTarget::WatermarkAdvance: b.kind = Breakpoint::Kind::WatermarkAdvances; break;
    case StepTarget::FilterMatch:
        b.kind = Breakpoint::Kind::FilterMatch;
        b.expression = expression;
        break;
    case StepTarget::SessionMerge: b.kind = Breakpoint::Kind::SessionMerge; break;
    case StepTarget::Duplicate: b.kind = Breakpoint::Kind::Duplicate; break;
    }
    return b;
}

} // namespace

// Owns the Player; lives on the controller's thread and does every move.
class ReplayWorker : public QObject
{
    Q_OBJECT

public:
    explicit ReplayWorker(std::shared_ptr<std::atomic<bool>> cancel) : m_cancel(std::move(cancel)) {}

    void start()
    {
        m_playTimer = new QTimer(this);
        m_playTimer->setInterval(kPlayTickMs);
        m_playTimer->setTimerType(Qt::PreciseTimer);
        connect(m_playTimer, &QTimer::timeout, this, &ReplayWorker::playTick);
        m_indexTimer = new QTimer(this);
        m_indexTimer->setSingleShot(true);
        m_indexTimer->setInterval(0);
        connect(m_indexTimer, &QTimer::timeout, this, &ReplayWorker::indexSlice);
        m_tailTimer = new QTimer(this);
        m_tailTimer->setInterval(250);
        connect(m_tailTimer, &QTimer::timeout, this, &ReplayWorker::followTail);
    }

    void open(const QString &path, const PipelineSpec &pipeline, std::int64_t keepCursor)
    {
        closePlayer();
        auto player = Player::open(path, pipeline);
        if (!player) {
            emit failed(tr("Cannot replay %1: %2").arg(path, player.error().message));
            return;
        }
        m_player = std::move(player.value());
        m_marks.reset();
        m_player->setStepObserver([this](const StepReport &report, const EngineEvent &event) {
            m_marks.observe(report, event);
        });
        m_history.clear();
        if (Status st = compileBreakpoints(); !st)
            emit failed(st.error().message);
        emit opened(m_player->eventCount(), m_player->reader().topics());
        m_lastCount = m_player->eventCount();
        if (keepCursor >= m_player->eventCount())
            keepCursor = m_player->eventCount() - 1;
        if (keepCursor >= 0)
            moveTo(keepCursor, tr("Restoring the cursor"));
        emitFrame();
        m_indexTimer->start();
        m_tailTimer->start();
    }

    void close()
    {
        closePlayer();
    }

    void setBreakpoints(const QList<Breakpoint> &breakpoints)
    {
        m_breakpoints = breakpoints;
        if (Status st = compileBreakpoints(); !st)
            emit failed(st.error().message);
    }

    void stepForward()
    {
        if (!m_player)
            return;
        setPlaying(false);
        if (m_player->cursor() + 1 >= m_player->eventCount()) {
            emit stopped(tr("At the last event"), {});
            return;
        }
        if (Status st = m_player->stepForward(); !st)
            return fail(st);
        emitFrame();
    }

    void stepBack()
    {
        if (!m_player)
            return;
        setPlaying(false);
        if (m_player->cursor() < 0) {
            emit stopped(tr("Before the first event"), {});
            return;
        }
        if (Status st = m_player->stepBack(); !st)
            return fail(st);
        emitFrame();
    }

    void seek(std::int64_t seq)
    {
        if (!m_player)
            return;
        seq = std::clamp<std::int64_t>(seq, -1, m_player->eventCount() - 1);
        moveTo(seq, tr("Seeking to #%1").arg(seq));
        emitFrame();
    }

    void seekArrival(std::int64_t arrivalUs)
    {
        if (!m_player)
            return;
        auto seq = m_player->reader().seqAtArrival(arrivalUs);
        if (!seq)
            return fail(seq.error());
        seek(std::min(*seq, m_player->eventCount() - 1));
    }

    void seekOffset(const QString &topic, int partition, std::int64_t offset)
    {
        if (!m_player)
            return;
        const qsizetype topicId = m_player->reader().topics().indexOf(topic);
        if (topicId < 0) {
            emit failed(tr("The session has no topic \"%1\"").arg(topic));
            return;
        }
        auto seq = m_player->reader().seqAtOffset(int(topicId), partition, offset);
        if (!seq)
            return fail(seq.error());
        if (!*seq) {
            emit failed(tr("The session has no event of %1 [%2] at or after offset %3").arg(topic).arg(partition).arg(offset));
            return;
        }
        seek(**seq);
    }

    void seekEventTime(std::int64_t eventTimeMs)
    {
        if (!m_player)
            return;
        emit busyChanged(true, tr("Looking for event time %1").arg(eventTimeMs));
        auto seq = m_player->seekEventTime(eventTimeMs);
        emit busyChanged(false, {});
        flushMarks();
        if (!seq) {
            emit failed(seq.error().message);
            return;
        }
        emitFrame();
    }

    void stepTo(StepTarget target, bool forward, const QString &expression)
    {
        if (!m_player)
            return;
        setPlaying(false);
        auto check = BreakpointCheck::create(breakpointFor(target, expression));
        if (!check) {
            emit failed(check.error().message);
            return;
        }
        std::vector<BreakpointCheck> checks;
        checks.push_back(std::move(check.value()));
        const QString what = targetName(target);
        const auto hit = forward ? searchForward(checks, tr("Looking for the next %1").arg(what))
                                 : searchBackward(checks, tr("Looking for the previous %1").arg(what));
        if (!hit)
            return;
        if (hit->empty())
            emit stopped(forward ? tr("No later %1").arg(what) : tr("No earlier %1").arg(what), {});
        emitFrame();
    }

    void runToBreakpoint(bool forward)
    {
        if (!m_player)
            return;
        setPlaying(false);
        if (m_checks.empty()) {
            emit stopped(tr("No breakpoint is enabled"), {});
            return;
        }
        const auto hit = forward ? searchForward(m_checks, tr("Running to the next breakpoint"))
                                 : searchBackward(m_checks, tr("Running back to the previous breakpoint"));
        if (!hit)
            return;
        if (hit->empty())
            emit stopped(forward ? tr("No breakpoint hits after here") : tr("No breakpoint hits before here"), {});
        else
            reportHits(*hit);
        emitFrame();
    }

    void setPlaying(bool playing)
    {
        if (playing == m_playing)
            return;
        if (playing && (!m_player || m_player->cursor() + 1 >= m_player->eventCount()) && !m_followTail) {
            emit stopped(tr("At the last event"), {});
            emit playingChanged(false);
            return;
        }
        m_playing = playing;
        if (playing) {
            anchorPlayback();
            m_playTimer->start();
        } else {
            m_playTimer->stop();
        }
        emit playingChanged(playing);
    }

    void setSpeed(double speed)
    {
        m_speed = speed;
        anchorPlayback();
    }

    void setFollowTail(bool follow)
    {
        m_followTail = follow;
        if (follow)
            followTail();
    }

signals:
    void opened(qint64 eventCount, const QStringList &topics);
    void frameReady(std::shared_ptr<const streamscope::ReplayFrame> frame);
    void stopped(const QString &reason, const QList<int> &breakpointsHit);
    void failed(const QString &message);
    void playingChanged(bool playing);
    void busyChanged(bool busy, const QString &what);
    void progress(qint64 done, qint64 total);
    void indexingProgress(qint64 indexed, qint64 total);
    void marksAdded(const std::vector<streamscope::TimelineMark> &marks);
    void eventCountChanged(qint64 count);

private:
    void closePlayer()
    {
        if (m_playTimer)
            m_playTimer->stop();
        if (m_indexTimer)
            m_indexTimer->stop();
        if (m_tailTimer)
            m_tailTimer->stop();
        if (m_playing) {
            m_playing = false;
            emit playingChanged(false);
        }
        m_player.reset();
        m_history.clear();
        m_marks.reset();
    }

    void fail(const Status &status)
    {
        setPlaying(false);
        emit failed(status.error().message);
    }

    Status compileBreakpoints()
    {
        m_checks.clear();
        m_checkIndex.clear();
        QStringList errors;
        for (int i = 0; i < m_breakpoints.size(); ++i) {
            if (!m_breakpoints[i].enabled)
                continue;
            auto check = BreakpointCheck::create(m_breakpoints[i]);
            if (!check) {
                errors << tr("Breakpoint \"%1\": %2").arg(m_breakpoints[i].describe(), check.error().message);
                continue;
            }
            m_checks.push_back(std::move(check.value()));
            m_checkIndex.push_back(i);
        }
        if (!errors.isEmpty())
            return Error::badInput(errors.join(QLatin1Char('\n')));
        return {};
    }

    void reportHits(const std::vector<int> &checkHits)
    {
        QList<int> hit;
        QStringList names;
        for (int c : checkHits) {
            hit << m_checkIndex[std::size_t(c)];
            names << m_breakpoints[m_checkIndex[std::size_t(c)]].describe();
        }
        emit stopped(tr("Breakpoint: %1").arg(names.join(QStringLiteral("; "))), hit);
    }

    bool cancelled() const { return m_cancel->load(); }

    // Moves to seq exactly; far moves forward into territory not indexed yet
    // go in slices with progress and stop (staying put) when cancelled.
    void moveTo(std::int64_t seq, const QString &what)
    {
        m_cancel->store(false);
        const std::int64_t start = m_player->cursor();
        const std::int64_t indexed = m_player->executedUpTo();
        if (seq > indexed + kProgressSlice) {
            emit busyChanged(true, what);
            while (true) {
                const std::int64_t from = std::max(m_player->cursor(), m_player->executedUpTo());
                if (from + kProgressSlice >= seq)
                    break;
                if (cancelled()) {
                    (void)m_player->seek(start);
                    emit busyChanged(false, {});
                    emit stopped(tr("Cancelled"), {});
                    flushMarks();
                    return;
                }
                if (Status st = m_player->seek(from + kProgressSlice); !st) {
                    emit busyChanged(false, {});
                    return fail(st);
                }
                emit progress(m_player->cursor() - start, seq - start);
                flushMarks();
            }
            emit busyChanged(false, {});
        }
        if (Status st = m_player->seek(seq); !st)
            return fail(st);
        flushMarks();
    }

    // Steps forward until a check hits; returns the hits (empty: none, back
    // where it started), or nullopt when cancelled or failed.
    std::optional<std::vector<int>> searchForward(const std::vector<BreakpointCheck> &checks, const QString &what)
    {
        m_cancel->store(false);
        const std::int64_t total = m_player->eventCount() - m_player->cursor() - 1;
        bool announced = false; // busy only once a search takes a while
        auto hits = m_player->searchForward(
            checks,
            [&](std::int64_t done) {
                if (!announced) {
                    emit busyChanged(true, what);
                    announced = true;
                }
                emit progress(done, total);
                flushMarks();
            },
            m_cancel.get());
        if (announced)
            emit busyChanged(false, {});
        flushMarks();
        if (!hits) {
            fail(hits.error());
            return std::nullopt;
        }
        if (hits->empty() && cancelled()) { // back where it started
            emit stopped(tr("Cancelled"), {});
            return std::nullopt;
        }
        return std::move(hits.value());
    }

    std::optional<std::vector<int>> searchBackward(const std::vector<BreakpointCheck> &checks, const QString &what)
    {
        m_cancel->store(false);
        const std::int64_t start = m_player->cursor();
        if (start < 0)
            return std::vector<int>{};
        // Player::runUntil searches backward span by span from checkpoints;
        // it takes breakpoints, and these checks came from breakpoints.
        std::vector<Breakpoint> breakpoints;
        for (const BreakpointCheck &check : checks)
            breakpoints.push_back(check.breakpoint());
        emit busyChanged(true, what);
        auto seq = m_player->runUntil(breakpoints, Player::Direction::Backward, m_cancel.get());
        emit busyChanged(false, {});
        if (!seq) {
            fail(seq.error());
            return std::nullopt;
        }
        if (cancelled()) {
            (void)m_player->seek(start);
            emit stopped(tr("Cancelled"), {});
            return std::nullopt;
        }
        if (!*seq)
            return std::vector<int>{};
        auto hits = m_player->checksHitAtCursor(checks);
        if (!hits) {
            fail(hits.error());
            return std::nullopt;
        }
        return std::move(hits.value());
    }

    void emitFrame()
    {
        if (!m_player)
            return;
        auto frame = std::make_shared<ReplayFrame>();
        frame->serial = ++m_serial;
        frame->cursor = m_player->cursor();
        frame->eventCount = m_player->eventCount();
        frame->snapshot = m_player->snapshot();
        if (Status st = m_history.follow(*m_player, frame->snapshot); !st) {
            fail(st);
            return;
        }
        frame->report = m_player->lastReport();
        if (frame->cursor >= 0)
            if (auto arrival = m_player->arrivalUs(frame->cursor))
                frame->arrivalUs = *arrival;
        frame->history = m_history.entries();
        frame->points = m_history.eventPoints();
        emit frameReady(std::move(frame));
        flushMarks();
    }

    void flushMarks()
    {
        std::vector<TimelineMark> marks = m_marks.take();
        if (!marks.empty())
            emit marksAdded(marks);
    }

    // One slice of indexing: run ahead of the cursor to build checkpoints
    // (and marks), then come back to where the user is.
    void indexSlice()
    {
        if (!m_player)
            return;
        const std::int64_t last = m_player->eventCount() - 1;
        const std::int64_t frontier = m_player->executedUpTo();
        if (frontier >= last) {
            emit indexingProgress(last + 1, last + 1);
            return;
        }
        QElapsedTimer timer;
        timer.start();
        const std::int64_t cursor = m_player->cursor();
        const std::int64_t target = std::min(last, frontier + m_indexSlice);
        // On this thread alone: the user works meanwhile, and the GUI thread
        // needs the other core (jumps and searches the user waits for do
        // read ahead).
        m_player->setReadAhead(false);
        Status st = m_player->seek(target);
        if (st)
            st = m_player->seek(cursor);
        m_player->setReadAhead(true);
        if (!st) {
            emit failed(tr("Indexing the session stopped: %1").arg(st.error().message));
            return;
        }
        // Aim the next slice at kIndexSliceNs.
        const qint64 ns = std::max<qint64>(timer.nsecsElapsed(), 1);
        m_indexSlice = std::clamp<std::int64_t>(m_indexSlice * kIndexSliceNs / ns, 1024, 1 << 20);
        flushMarks();
        emit indexingProgress(m_player->executedUpTo() + 1, last + 1);
        m_indexTimer->start();
    }

    void anchorPlayback()
    {
        m_anchorWall.start();
        m_anchorArrivalUs = 0;
        if (m_player && m_player->cursor() >= 0)
            if (auto arrival = m_player->arrivalUs(m_player->cursor()))
                m_anchorArrivalUs = *arrival;
        if (m_player && m_player->cursor() < 0 && m_player->eventCount() > 0)
            if (auto arrival = m_player->arrivalUs(0))
                m_anchorArrivalUs = *arrival;
    }

    void playTick()
    {
        if (!m_player || !m_playing)
            return;
        QElapsedTimer budget;
        budget.start();
        const std::int64_t before = m_player->cursor();
        const std::int64_t targetArrival = m_speed > 0
            ? m_anchorArrivalUs + std::int64_t(double(m_anchorWall.nsecsElapsed()) / 1000.0 * m_speed)
            : std::numeric_limits<std::int64_t>::max();
        std::vector<int> hits;
        bool behind = false;
        while (m_player->cursor() + 1 < m_player->eventCount()) {
            if (budget.nsecsElapsed() > kPlayBudgetNs) {
                behind = m_speed > 0;
                break;
            }
            if (m_speed > 0) {
                auto next = m_player->arrivalUs(m_player->cursor() + 1);
                if (!next)
                    return fail(next.error());
                if (*next > targetArrival)
                    break;
            }
            auto stepHits = m_player->stepForwardChecking(m_checks);
            if (!stepHits)
                return fail(stepHits.error());
            if (!stepHits->empty()) {
                hits = std::move(stepHits.value());
                break;
            }
        }
        // Falling behind the pace: keep the pace from here rather than
        // racing to catch up.
        if (behind)
            anchorPlayback();
        const bool atEnd = m_player->cursor() + 1 >= m_player->eventCount();
        if (!hits.empty() || (atEnd && !m_followTail))
            setPlaying(false);
        if (m_player->cursor() != before)
            emitFrame();
        if (!hits.empty())
            reportHits(hits);
        else if (atEnd && !m_followTail && m_player->cursor() != before)
            emit stopped(tr("At the last event"), {});
    }

    void followTail()
    {
        if (!m_player)
            return;
        if (Status st = m_player->refresh(); !st)
            return;
        const std::int64_t count = m_player->eventCount();
        if (count != m_lastCount) {
            m_lastCount = count;
            emit eventCountChanged(count);
            if (!m_indexTimer->isActive())
                m_indexTimer->start();
        }
        if (m_followTail && !m_playing && m_player->cursor() != count - 1 && count > 0) {
            moveTo(count - 1, tr("Following the tail"));
            emitFrame();
        }
    }

    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::unique_ptr<Player> m_player;
    WindowHistory m_history;
    TimelineMarkCollector m_marks;
    QList<Breakpoint> m_breakpoints;
    std::vector<BreakpointCheck> m_checks;
    std::vector<int> m_checkIndex; // check → breakpoint
    QTimer *m_playTimer = nullptr;
    QTimer *m_indexTimer = nullptr;
    QTimer *m_tailTimer = nullptr;
    std::int64_t m_indexSlice = 8192;
    bool m_playing = false;
    bool m_followTail = false;
    double m_speed = 1.0;
    QElapsedTimer m_anchorWall;
    std::int64_t m_anchorArrivalUs = 0;
    std::int64_t m_lastCount = 0;
    quint64 m_serial = 0;
};

ReplayController::ReplayController(QObject *parent)
    : QObject(parent), m_cancel(std::make_shared<std::atomic<bool>>(false))
{
    qRegisterMetaType<std::shared_ptr<const ReplayFrame>>();
    qRegisterMetaType<std::vector<TimelineMark>>();
    m_thread = new QThread(this);
    m_thread->setObjectName(QStringLiteral("replay"));
    m_worker = new ReplayWorker(m_cancel);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &ReplayWorker::start, Qt::QueuedConnection);

    connect(m_worker, &ReplayWorker::opened, this, [this](qint64 count, const QStringList &topics) {
        m_eventCount = count;
        m_open = true;
        emit opened(count, topics);
    });
    connect(m_worker, &ReplayWorker::frameReady, this, &ReplayController::onFrame);
    connect(m_worker, &ReplayWorker::stopped, this, &ReplayController::stopped);
    connect(m_worker, &ReplayWorker::failed, this, &ReplayController::failed);
    connect(m_worker, &ReplayWorker::playingChanged, this, [this](bool playing) {
        m_playing = playing;
        emit playingChanged(playing);
    });
    connect(m_worker, &ReplayWorker::busyChanged, this, [this](bool busy, const QString &what) {
        m_busy = busy;
        emit busyChanged(busy, what);
    });
    connect(m_worker, &ReplayWorker::progress, this, &ReplayController::progress);
    connect(m_worker, &ReplayWorker::indexingProgress, this, &ReplayController::indexingProgress);
    connect(m_worker, &ReplayWorker::marksAdded, this, &ReplayController::marksAdded);
    connect(m_worker, &ReplayWorker::eventCountChanged, this, [this](qint64 count) {
        m_eventCount = count;
        emit eventCountChanged(count);
    });
}

ReplayController::~ReplayController()
{
    m_cancel->store(true);
    QMetaObject::invokeMethod(m_worker, &ReplayWorker::close, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
}

template<typename F> void ReplayController::post(F &&work)
{
    QMetaObject::invokeMethod(m_worker, std::forward<F>(work), Qt::QueuedConnection);
}

void ReplayController::open(const QString &sessionPath, const PipelineSpec &pipeline)
{
    const std::int64_t keep = sessionPath == m_sessionPath ? cursor() : -1;
    m_sessionPath = sessionPath;
    m_pipeline = pipeline;
    m_open = false;
    if (keep < 0)
        m_frame.reset();
    m_cancel->store(true); // stop whatever the worker is doing for the old one
    post([w = m_worker, sessionPath, pipeline, keep] { w->open(sessionPath, pipeline, keep); });
}

void ReplayController::close()
{
    m_cancel->store(true);
    m_open = false;
    m_sessionPath.clear();
    m_frame.reset();
    m_pending.reset();
    m_eventCount = 0;
    post([w = m_worker] { w->close(); });
}

void ReplayController::stepForward()
{
    movedByHand();
    post([w = m_worker] { w->stepForward(); });
}

void ReplayController::stepBack()
{
    movedByHand();
    post([w = m_worker] { w->stepBack(); });
}

void ReplayController::stepTo(StepTarget target, bool forward, const QString &filterExpression)
{
    movedByHand();
    post([w = m_worker, target, forward, filterExpression] { w->stepTo(target, forward, filterExpression); });
}

void ReplayController::seek(qint64 seq)
{
    movedByHand();
    post([w = m_worker, seq] { w->seek(seq); });
}

void ReplayController::seekArrival(qint64 arrivalUs)
{
    movedByHand();
    post([w = m_worker, arrivalUs] { w->seekArrival(arrivalUs); });
}

void ReplayController::seekEventTime(qint64 eventTimeMs)
{
    movedByHand();
    post([w = m_worker, eventTimeMs] { w->seekEventTime(eventTimeMs); });
}

void ReplayController::seekOffset(const QString &topic, int partition, qint64 offset)
{
    movedByHand();
    post([w = m_worker, topic, partition, offset] { w->seekOffset(topic, partition, offset); });
}

void ReplayController::end()
{
    post([w = m_worker] { w->seek(std::numeric_limits<std::int64_t>::max()); });
}

void ReplayController::play()
{
    post([w = m_worker] { w->setPlaying(true); });
}

void ReplayController::pause()
{
    post([w = m_worker] { w->setPlaying(false); });
}

void ReplayController::setSpeed(double speed)
{
    m_speed = std::max(0.0, speed);
    post([w = m_worker, s = m_speed] { w->setSpeed(s); });
}

void ReplayController::setBreakpoints(const QList<Breakpoint> &breakpoints)
{
    post([w = m_worker, breakpoints] { w->setBreakpoints(breakpoints); });
}

void ReplayController::runToBreakpoint(bool forward)
{
    movedByHand();
    post([w = m_worker, forward] { w->runToBreakpoint(forward); });
}

void ReplayController::movedByHand()
{
    // Moving the cursor by hand stops following a live tail.
    if (m_followTail) {
        setFollowTail(false);
        emit followTailChanged(false);
    }
}

void ReplayController::setFollowTail(bool follow)
{
    m_followTail = follow;
    post([w = m_worker, follow] { w->setFollowTail(follow); });
}

void ReplayController::cancel()
{
    m_cancel->store(true);
}

void ReplayController::onFrame(std::shared_ptr<const ReplayFrame> frame)
{
    m_pending = std::move(frame);
    if (m_deliveryQueued)
        return;
    m_deliveryQueued = true;
    QMetaObject::invokeMethod(this, &ReplayController::deliverFrame, Qt::QueuedConnection);
}

void ReplayController::deliverFrame()
{
    m_deliveryQueued = false;
    if (!m_pending || !m_open)
        return;
    m_frame = std::move(m_pending);
    m_pending.reset();
    emit frameChanged(m_frame);
}

} // namespace streamscope

#include "replaycontroller.moc"
