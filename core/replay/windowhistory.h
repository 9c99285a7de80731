#pragma once
// What the window lanes show beyond the state at the cursor: the windows that
// left the state recently (purged, or merged into a larger session window),
// so that they can fade out instead of vanishing, and the event time and key
// of every event drawn as a dot.
//
// "Recently" means within the last `depth` steps before the cursor, so the
// history at a seq is the same whether it was reached by stepping or by
// seeking: follow() records one step forward from its report, and after any
// other move replays the last `depth` steps (moving the player there and
// back; the player ends where it was, with the same report).
//
// Runs where the player runs (never on the GUI thread); entries() and
// eventPoints() are values to hand to the views.

#include "engine/engine.h"
#include "util/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <map>
#include <memory>
#include <optional>

namespace streamscope {

class EventExtractor;
class Player;

struct WindowHistoryEntry {
    enum class Fate : std::uint8_t { Purged, MergedAway };
    QByteArray key;
    TimeWindow window;
    Fate fate = Fate::Purged;
    std::int64_t atSeq = -1;           // the step at which it left the state
    std::optional<TimeWindow> mergedInto; // MergedAway
    int firings = 0;                   // as WindowSnapshot::firings, when it left
    int earlyFirings = 0;
    std::vector<std::int64_t> seqs;
    QJsonObject aggregates;
};

// An event drawn on the lanes: its lane (key) and place (event time).
struct EventPoint {
    std::int64_t seq = -1;
    QByteArray key;
    std::int64_t eventTimeMs = 0;
    // Late as it arrived, if the step was within the history's depth (older
    // steps are not known: OnTime).
    enum class Late : std::uint8_t { No, Accepted, Dropped } late = Late::No;
};

class WindowHistory
{
public:
    static constexpr int kDefaultDepth = 1000;
    static constexpr int kMaxEntries = 2000;
    // Steps of history kept beyond the depth, so that stepping back (or
    // holding ←) cuts the history instead of replaying the depth each time.
    static constexpr int kBackMargin = 256;

    explicit WindowHistory(int depth = kDefaultDepth);
    ~WindowHistory();
    WindowHistory(WindowHistory &&) noexcept;
    WindowHistory &operator=(WindowHistory &&) noexcept;

    // Brings the history to the player's cursor (call after every move).
    // snapshot: the player's snapshot at the cursor, which the caller takes
    // anyway.
    Status follow(Player &player, const EngineSnapshot &snapshot);
    void clear();

    int depth() const { return m_depth; }
    std::int64_t cursor() const { return m_cursor; }
    // Oldest first.
    QList<WindowHistoryEntry> entries() const;
    // Every event of the open windows and of the history, the late events
    // dropped within the depth, and the event at the cursor.
    QHash<qint64, EventPoint> eventPoints() const { return m_points; }

private:
    void record(const StepReport &report, const Engine &engine);
    void forgetBefore(std::int64_t seq);
    void forgetAfter(std::int64_t seq);
    // The first step the views see: the depth before the cursor.
    std::int64_t shownFrom() const { return m_cursor - m_depth + 1; }
    // The entries within the depth, the newest kMaxEntries of them.
    std::pair<std::size_t, std::size_t> shownEntries() const;
    Status refreshPoints(Player &player, const EngineSnapshot &snapshot);

    int m_depth;
    std::int64_t m_cursor = -2; // -2: nothing followed yet
    std::int64_t m_complete = 0; // every step from here to m_cursor is recorded
    PipelineSpec m_pipeline;
    QString m_sessionPath;
    // The open windows as last seen: a purged window is gone from the
    // engine, so its last state comes from here.
    std::map<std::pair<QByteArray, TimeWindow>, WindowSnapshot> m_open;
    std::vector<WindowHistoryEntry> m_entries; // by atSeq
    std::map<std::int64_t, EventPoint::Late> m_late; // late steps within the depth
    std::vector<std::pair<std::int64_t, QByteArray>> m_dropped; // (seq, key), within the depth
    QHash<qint64, EventPoint> m_points;
    std::unique_ptr<EventExtractor> m_extractor; // for the event time and key of a seq
};

} // namespace streamscope
