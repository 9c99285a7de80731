#include "replay/windowhistory.h"

#include "engine/eventextractor.h"
#include "replay/player.h"

#include <QSet>

namespace streamscope {

namespace {

WindowSnapshot skeleton(const QByteArray &key, const TimeWindow &window)
{
    WindowSnapshot w;
    w.key = key;
    w.window = window;
    return w;
}

WindowHistoryEntry entryOf(WindowSnapshot &&w, WindowHistoryEntry::Fate fate, std::int64_t seq)
{
    WindowHistoryEntry e;
    e.key = std::move(w.key);
    e.window = w.window;
    e.fate = fate;
    e.atSeq = seq;
    e.firings = w.firings;
    e.earlyFirings = w.earlyFirings;
    e.seqs = std::move(w.seqs);
    e.aggregates = std::move(w.aggregates);
    return e;
}

} // namespace

WindowHistory::WindowHistory(int depth) : m_depth(std::max(1, depth)) {}

WindowHistory::~WindowHistory() = default;
WindowHistory::WindowHistory(WindowHistory &&) noexcept = default;
WindowHistory &WindowHistory::operator=(WindowHistory &&) noexcept = default;

void WindowHistory::clear()
{
    m_cursor = -2;
    m_complete = 0;
    m_open.clear();
    m_entries.clear();
    m_late.clear();
    m_dropped.clear();
    m_points.clear();
}

std::pair<std::size_t, std::size_t> WindowHistory::shownEntries() const
{
    const std::int64_t from = shownFrom();
    auto first = std::find_if(m_entries.begin(), m_entries.end(), [&](const WindowHistoryEntry &e) { return e.atSeq >= from; });
    std::size_t begin = std::size_t(first - m_entries.begin());
    if (m_entries.size() - begin > std::size_t(kMaxEntries))
        begin = m_entries.size() - kMaxEntries;
    return {begin, m_entries.size()};
}

QList<WindowHistoryEntry> WindowHistory::entries() const
{
    const auto [begin, end] = shownEntries();
    return QList<WindowHistoryEntry>(m_entries.begin() + std::ptrdiff_t(begin), m_entries.begin() + std::ptrdiff_t(end));
}

Status WindowHistory::follow(Player &player, const EngineSnapshot &snapshot)
{
    if (!m_extractor || m_pipeline != player.pipeline() || m_sessionPath != player.reader().path()) {
        auto extractor = EventExtractor::create(player.pipeline(), player.reader().topics());
        if (!extractor)
            return extractor.error();
        clear();
        m_extractor = std::make_unique<EventExtractor>(std::move(extractor.value()));
        m_pipeline = player.pipeline();
        m_sessionPath = player.reader().path();
    }
    const std::int64_t cursor = player.cursor();
    if (m_cursor != -2 && cursor == m_cursor + 1 && player.lastReport().seq == cursor) {
        record(player.lastReport(), player.engine());
    } else if (m_cursor != -2 && cursor < m_cursor && std::max<std::int64_t>(0, cursor - m_depth + 1) >= m_complete) {
        // Back within what is kept: the history at cursor is the one at
        // m_cursor without the steps after cursor.
        forgetAfter(cursor);
    } else if (cursor != m_cursor) {
        // Replay the steps within the depth (and the margin for stepping
        // back), from the state before them.
        const std::int64_t from = std::max<std::int64_t>(-1, cursor - m_depth - kBackMargin);
        m_complete = from + 1;
        m_cursor = -2;
        m_open.clear();
        m_entries.clear();
        m_late.clear();
        m_dropped.clear();
        if (Status st = player.seek(from); !st)
            return st;
        for (WindowSnapshot &w : player.snapshot().windows) {
            auto id = std::make_pair(w.key, w.window);
            m_open.emplace(std::move(id), std::move(w));
        }
        while (player.cursor() < cursor) {
            if (Status st = player.stepForward(); !st)
                return st;
            record(player.lastReport(), player.engine());
        }
    }
    m_cursor = cursor;
    forgetBefore(cursor - m_depth - kBackMargin + 1);
    // The snapshot is the truth about what is open.
    m_open.clear();
    for (const WindowSnapshot &w : snapshot.windows)
        m_open.emplace(std::make_pair(w.key, w.window), w);
    return refreshPoints(player, snapshot);
}

void WindowHistory::record(const StepReport &report, const Engine &engine)
{
    const std::int64_t seq = report.seq;
    auto openOf = [&](const QByteArray &key, const TimeWindow &window) -> WindowSnapshot & {
        auto it = m_open.find({key, window});
        if (it == m_open.end())
            it = m_open.emplace(std::make_pair(key, window), skeleton(key, window)).first;
        return it->second;
    };
    auto leave = [&](const QByteArray &key, const TimeWindow &window, WindowHistoryEntry::Fate fate) -> WindowHistoryEntry & {
        auto it = m_open.find({key, window});
        WindowSnapshot w = it != m_open.end() ? std::move(it->second) : skeleton(key, window);
        if (it != m_open.end())
            m_open.erase(it);
        m_entries.push_back(entryOf(std::move(w), fate, seq));
        return m_entries.back();
    };
    for (const EngineChange &c : report.changes) {
        switch (c.kind) {
        case ChangeKind::WindowCreated:
        case ChangeKind::WindowUpdated:
            // Gone already when purged later in this step: its firing says how it ended.
            if (auto w = engine.window(c.key, c.window))
                openOf(c.key, c.window) = std::move(*w);
            else
                openOf(c.key, c.window);
            break;
        case ChangeKind::WindowFired:
        case ChangeKind::WindowRefired:
        case ChangeKind::WindowEarlyFired:
            if (c.resultIndex >= 0 && std::size_t(c.resultIndex) < report.results.size()) {
                const WindowResult &r = report.results[std::size_t(c.resultIndex)];
                WindowSnapshot &w = openOf(c.key, c.window);
                w.seqs = r.seqs;
                w.aggregates = r.aggregates();
                (r.kind == FireKind::Early ? w.earlyFirings : w.firings) = r.firing;
            }
            break;
        case ChangeKind::WindowsMerged:
            for (const TimeWindow &merged : c.merged)
                leave(c.key, merged, WindowHistoryEntry::Fate::MergedAway).mergedInto = c.window;
            if (auto w = engine.window(c.key, c.window))
                openOf(c.key, c.window) = std::move(*w);
            else
                openOf(c.key, c.window);
            break;
        case ChangeKind::WindowPurged:
            leave(c.key, c.window, WindowHistoryEntry::Fate::Purged);
            break;
        case ChangeKind::LateAccepted:
            m_late[seq] = EventPoint::Late::Accepted;
            break;
        case ChangeKind::LateDropped:
            m_late[seq] = EventPoint::Late::Dropped;
            m_dropped.emplace_back(seq, c.key);
            break;
        default:
            break;
        }
    }
    // Bounded memory: beyond twice what the views show, the oldest go (and
    // the steps they left at are no longer complete).
    if (m_entries.size() > std::size_t(2 * kMaxEntries)) {
        const auto cut = m_entries.begin() + std::ptrdiff_t(m_entries.size() - 2 * kMaxEntries);
        m_complete = std::max(m_complete, std::prev(cut)->atSeq + 1);
        m_entries.erase(m_entries.begin(), cut);
    }
}

void WindowHistory::forgetAfter(std::int64_t seq)
{
    const auto after = std::find_if(m_entries.begin(), m_entries.end(), [&](const WindowHistoryEntry &e) { return e.atSeq > seq; });
    m_entries.erase(after, m_entries.end());
    m_late.erase(m_late.upper_bound(seq), m_late.end());
    const auto dropped = std::find_if(m_dropped.begin(), m_dropped.end(), [&](const auto &d) { return d.first > seq; });
    m_dropped.erase(dropped, m_dropped.end());
}

void WindowHistory::forgetBefore(std::int64_t seq)
{
    m_complete = std::max(m_complete, seq);
    const auto keep = std::find_if(m_entries.begin(), m_entries.end(), [&](const WindowHistoryEntry &e) { return e.atSeq >= seq; });
    m_entries.erase(m_entries.begin(), keep);
    m_late.erase(m_late.begin(), m_late.lower_bound(seq));
    const auto dropped = std::find_if(m_dropped.begin(), m_dropped.end(), [&](const auto &d) { return d.first >= seq; });
    m_dropped.erase(m_dropped.begin(), dropped);
}

Status WindowHistory::refreshPoints(Player &player, const EngineSnapshot &snapshot)
{
    QSet<qint64> wanted;
    for (const WindowSnapshot &w : snapshot.windows)
        for (std::int64_t s : w.seqs)
            wanted.insert(s);
    const auto [begin, end] = shownEntries();
    for (std::size_t i = begin; i < end; ++i)
        for (std::int64_t s : m_entries[i].seqs)
            wanted.insert(s);
    const std::int64_t from = shownFrom();
    for (const auto &[s, key] : m_dropped)
        if (s >= from)
            wanted.insert(s);
    if (m_cursor >= 0)
        wanted.insert(m_cursor);

    QHash<qint64, EventPoint> points;
    points.reserve(wanted.size());
    for (qint64 s : std::as_const(wanted)) {
        EventPoint p;
        if (const auto known = m_points.constFind(s); known != m_points.constEnd()) {
            p = *known;
        } else {
            auto chunk = player.reader().chunkFor(s);
            if (!chunk)
                return chunk.error();
            const EventView &event = (*chunk)->events[std::size_t(s - (*chunk)->firstSeq)];
            if (!m_extractor->isInput(event))
                continue;
            EngineEvent input = m_extractor->extract(event);
            if (!input.eventTimeMs)
                continue;
            p.seq = s;
            p.key = std::move(input.key);
            p.eventTimeMs = *input.eventTimeMs;
        }
        const auto late = s >= from ? m_late.find(s) : m_late.end();
        p.late = late != m_late.end() ? late->second : EventPoint::Late::No;
        points.insert(s, std::move(p));
    }
    m_points = std::move(points);
    return {};
}

} // namespace streamscope
