#pragma once
// Reads a session on a thread of its own, for the views that compute
// something over every event (statistics, field plots) while the GUI thread
// only receives the results (DESIGN.md principle 5).
//
// The follower opens its own SessionReader on its thread (readers are per
// thread), hands each event in seq order to consume(), and calls publish()
// at most every intervalMs while it catches up, and once when it has. A live
// follower then keeps going: every intervalMs it refresh()es the reader for
// what the recorder committed since (≤ 4 Hz) and publishes again. Both
// callbacks run on the follower's thread; publish() is where a consumer
// takes a snapshot and queues it to the GUI.
//
// stop() (and the destructor) cancels within one event and joins the
// thread, so callbacks never run after it returns.

#include "event/event.h"
#include "util/result.h"

#include <QString>
#include <QStringList>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace streamscope {

struct FollowProgress {
    std::int64_t consumed = 0;      // events handed to consume()
    std::int64_t sessionEvents = 0; // events in the session at the last refresh
    bool caughtUp = false;
    bool live = false;
};

class SessionFollower
{
public:
    struct Callbacks {
        std::function<void(const EventView &, const QStringList &topics)> consume;
        std::function<void(const FollowProgress &)> publish;
        std::function<void(const Error &)> failed; // then the follower stops
    };

    static constexpr int kIntervalMs = 250;

    // Starts at once.
    SessionFollower(QString path, Callbacks callbacks, bool live, int intervalMs = kIntervalMs);
    ~SessionFollower();
    SessionFollower(const SessionFollower &) = delete;
    SessionFollower &operator=(const SessionFollower &) = delete;

    // Live: keep following after catching up. Not live: stop reading at the
    // end (the thread waits, in case live is switched on again).
    void setLive(bool live);
    bool isLive() const { return m_live; }
    void stop();

private:
    void run();
    // Waits up to ms, or until stop() or setLive(); false when stopping.
    bool pause(int ms);

    QString m_path;
    Callbacks m_callbacks;
    int m_intervalMs;
    std::atomic<bool> m_live;
    std::atomic<bool> m_stop{false};
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_woken = false;
    std::thread m_thread;
};

} // namespace streamscope
