#include "stats/sessionfollower.h"

#include "session/sessionreader.h"
#include "util/clock.h"

namespace streamscope {

namespace {

// Events per scan call: the stop flag is also checked per event.
constexpr std::int64_t kBatch = 16384;

} // namespace

SessionFollower::SessionFollower(QString path, Callbacks callbacks, bool live, int intervalMs)
    : m_path(std::move(path)), m_callbacks(std::move(callbacks)), m_intervalMs(std::max(intervalMs, 1)), m_live(live)
{
    m_thread = std::thread([this] { run(); });
}

SessionFollower::~SessionFollower() { stop(); }

void SessionFollower::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
        m_woken = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void SessionFollower::setLive(bool live)
{
    {
        std::lock_guard lock(m_mutex);
        m_live = live;
        m_woken = true;
    }
    m_wake.notify_all();
}

bool SessionFollower::pause(int ms)
{
    std::unique_lock lock(m_mutex);
    if (ms < 0)
        m_wake.wait(lock, [this] { return m_woken; });
    else
        m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_woken; });
    m_woken = false;
    return !m_stop;
}

void SessionFollower::run()
{
    auto opened = SessionReader::open(m_path);
    if (!opened) {
        if (m_callbacks.failed)
            m_callbacks.failed(opened.error());
        return;
    }
    SessionReader &reader = **opened;
    FollowProgress progress;
    std::int64_t lastPublishMs = monotonicMillis();
    bool unpublished = true; // publish once even for an empty session

    const auto publish = [&] {
        progress.live = m_live;
        if (m_callbacks.publish)
            m_callbacks.publish(progress);
        lastPublishMs = monotonicMillis();
        unpublished = false;
    };

    while (!m_stop) {
        progress.sessionEvents = reader.eventCount();
        if (progress.consumed < progress.sessionEvents) {
            progress.caughtUp = false;
            const std::int64_t to = std::min(progress.sessionEvents, progress.consumed + kBatch);
            const QStringList &topics = reader.topics();
            const Status scanned = reader.scan(progress.consumed, to, [&](const EventView &event) {
                if (m_stop)
                    return false;
                m_callbacks.consume(event, topics);
                ++progress.consumed;
                return true;
            });
            if (!scanned) {
                if (m_callbacks.failed)
                    m_callbacks.failed(scanned.error());
                return;
            }
            unpublished = true;
            if (!m_stop && monotonicMillis() - lastPublishMs >= m_intervalMs)
                publish();
            continue;
        }
        // Caught up with what the reader knows.
        progress.caughtUp = true;
        if (unpublished || m_live)
            publish(); // live: every tick, so that a rate falls when events stop
        if (!m_live) {
            if (!pause(-1)) // until live is switched on, or stop
                break;
            continue;
        }
        if (!pause(m_intervalMs))
            break;
        if (m_live) {
            if (Status st = reader.refresh(); !st) {
                if (m_callbacks.failed)
                    m_callbacks.failed(st.error());
                return;
            }
        }
    }
}

} // namespace streamscope
