#include "replay/statemodel.h"

#include "common/format.h"
#include "replay/windowstyle.h"

#include <QFont>
#include <QGuiApplication>
#include <QHash>
#include <QSet>

#include <map>
#include <optional>
#include <set>

namespace streamscope {

struct StateModel::Node {
    QString id;
    NodeKind kind = NodeKind::Section;
    QString name, value, change, tooltip;
    bool changed = false;
    bool changedBelow = false;
    QByteArray key;
    bool hasWindow = false;
    TimeWindow window;
    WindowLook look = WindowLook::Open;
    Node *parent = nullptr;
    int row = 0;
    std::vector<std::unique_ptr<Node>> children;
    // Set by build() on a row that would come out exactly as the shown one:
    // sync() leaves the shown row and everything below it alone, which is
    // what keeps a step cheap when only one key of hundreds moved.
    const Node *same = nullptr;
    // A timer row's timer: how build() knows the row would come out the same.
    std::optional<TimerSnapshot> timer;

    Node *add(QString childId, NodeKind childKind, QString childName, QString childValue = {})
    {
        auto node = std::make_unique<Node>();
        node->id = std::move(childId);
        node->kind = childKind;
        node->name = std::move(childName);
        node->value = std::move(childValue);
        node->parent = this;
        node->row = int(children.size());
        node->key = key;
        node->hasWindow = hasWindow;
        node->window = window;
        children.push_back(std::move(node));
        return children.back().get();
    }
    Node *adopt(std::unique_ptr<Node> node)
    {
        node->parent = this;
        node->row = int(children.size());
        children.push_back(std::move(node));
        return children.back().get();
    }
    Node *child(const QString &childId) const
    {
        for (const auto &c : children)
            if (c->id == childId)
                return c.get();
        return nullptr;
    }
    void mark(const QString &what)
    {
        if (what.isEmpty())
            return;
        change = change.isEmpty() ? what : change + QStringLiteral(", ") + what;
        changed = true;
    }
    bool sameData(const Node &o) const
    {
        return kind == o.kind && name == o.name && value == o.value && change == o.change && tooltip == o.tooltip
               && changed == o.changed && changedBelow == o.changedBelow && key == o.key && hasWindow == o.hasWindow
               && window == o.window && look == o.look;
    }
    void takeData(const Node &o)
    {
        kind = o.kind;
        name = o.name;
        value = o.value;
        change = o.change;
        tooltip = o.tooltip;
        changed = o.changed;
        changedBelow = o.changedBelow;
        key = o.key;
        hasWindow = o.hasWindow;
        window = o.window;
        look = o.look;
    }
    void renumber()
    {
        for (std::size_t i = 0; i < children.size(); ++i)
            children[i]->row = int(i);
    }
    // Sets changedBelow from the leaves up; returns whether anything here changed.
    bool propagate()
    {
        bool below = false;
        for (auto &c : children)
            below = c->propagate() || below;
        changedBelow = below;
        return changed || below;
    }
};

namespace {

QString timeText(std::int64_t ms)
{
    return ms == kNoWatermark ? QStringLiteral("none yet") : format::localTimeMs(ms);
}

QString keyId(const QByteArray &key) { return QStringLiteral("k:") + QString::fromLatin1(key.toHex()); }

QString windowId(const TimeWindow &w) { return QStringLiteral("w:%1:%2").arg(w.start).arg(w.end); }

QString seqsText(const std::vector<std::int64_t> &seqs, std::size_t limit)
{
    QStringList parts;
    for (std::size_t i = 0; i < seqs.size() && i < limit; ++i)
        parts << QString::number(seqs[i]);
    QString text = parts.join(QStringLiteral(", "));
    if (seqs.size() > limit)
        text += QStringLiteral(", … (%1)").arg(seqs.size());
    return text;
}

QString windowChangeName(const EngineChange &c)
{
    switch (c.kind) {
    case ChangeKind::WindowCreated: return QStringLiteral("created");
    case ChangeKind::WindowUpdated: return QStringLiteral("updated");
    case ChangeKind::WindowFired: return QStringLiteral("fired");
    case ChangeKind::WindowRefired: return QStringLiteral("re-fired");
    case ChangeKind::WindowEarlyFired: return QStringLiteral("fired early");
    case ChangeKind::WindowsMerged: return QStringLiteral("merged from %1 windows").arg(c.merged.size() + 1);
    default: return {};
    }
}

// The changes that name an event key (a dedupe hit names its dedupe key).
bool namesKey(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::WindowCreated:
    case ChangeKind::WindowUpdated:
    case ChangeKind::WindowFired:
    case ChangeKind::WindowRefired:
    case ChangeKind::WindowEarlyFired:
    case ChangeKind::WindowPurged:
    case ChangeKind::WindowsMerged:
    case ChangeKind::LateAccepted:
    case ChangeKind::LateDropped:
        return true;
    default:
        return false;
    }
}

bool sameWindow(const WindowSnapshot &a, const WindowSnapshot &b)
{
    return a.key == b.key && a.window == b.window && a.firings == b.firings && a.earlyFirings == b.earlyFirings
           && a.seqs == b.seqs && a.aggregates == b.aggregates;
}

bool sameTimer(const TimerSnapshot &a, const TimerSnapshot &b)
{
    return a.time == b.time && a.key == b.key && a.window == b.window && a.fires == b.fires && a.purges == b.purges;
}

struct CounterField {
    const char *name;
    std::int64_t EngineCounters::*field;
};
constexpr CounterField kCounters[] = {
    {"events", &EngineCounters::events},
    {"filtered", &EngineCounters::filtered},
    {"no event time", &EngineCounters::noEventTime},
    {"duplicates", &EngineCounters::duplicates},
    {"late accepted", &EngineCounters::lateAccepted},
    {"late dropped", &EngineCounters::lateDropped},
    {"windows created", &EngineCounters::windowsCreated},
    {"firings", &EngineCounters::firings},
    {"late firings", &EngineCounters::lateFirings},
    {"early firings", &EngineCounters::earlyFirings},
    {"purged", &EngineCounters::purged},
    {"merges", &EngineCounters::merges},
};

} // namespace

StateModel::StateModel(QObject *parent) : QAbstractItemModel(parent), m_root(std::make_unique<Node>()) {}

StateModel::~StateModel() = default;

void StateModel::setTopics(const QStringList &topics)
{
    m_topics = topics;
    m_rebuildAll = true;
}

void StateModel::setPipeline(const PipelineSpec &spec)
{
    m_rebuildAll = true;
    m_aggregateOrder.clear();
    for (const AggregateSpec &a : spec.aggregates)
        m_aggregateOrder << (a.name.isEmpty() ? defaultAggregateName(a) : a.name);
}

QString StateModel::partitionName(const PartitionRef &ref) const
{
    if (ref.topicId >= 0 && ref.topicId < m_topics.size())
        return QStringLiteral("%1[%2]").arg(m_topics[ref.topicId]).arg(ref.partition);
    return QStringLiteral("topic %1 [%2]").arg(ref.topicId).arg(ref.partition);
}

void StateModel::clear()
{
    if (m_root->children.empty())
        return;
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

void StateModel::setStep(const EngineSnapshot &snapshot, const StepReport &report, const EngineSnapshot *previous)
{
    std::unique_ptr<Node> fresh = build(snapshot, report, previous);
    fresh->propagate();
    sync(m_root.get(), fresh.get(), {});
    m_rebuildAll = false;
}

std::unique_ptr<StateModel::Node> StateModel::build(const EngineSnapshot &snapshot, const StepReport &report,
                                                    const EngineSnapshot *previous)
{
    auto root = std::make_unique<Node>();
    m_nextWindowRows.clear();

    // Watermarks.
    Node *wm = root->add(QStringLiteral("watermark"), NodeKind::Section, tr("Watermark"), timeText(snapshot.watermark));
    if (report.watermarkAfter != report.watermarkBefore)
        wm->mark(report.watermarkBefore == kNoWatermark ? tr("first watermark")
                                                        : tr("advanced %1").arg(format::duration(report.watermarkAfter - report.watermarkBefore)));
    else if (previous && previous->watermark != snapshot.watermark)
        wm->mark(tr("was %1").arg(timeText(previous->watermark)));
    wm->tooltip = snapshot.watermark == kNoWatermark ? tr("No watermark yet") : format::isoUtcMs(snapshot.watermark);
    // Under the combined watermark's row, which shows the date: a partition's
    // watermark on the same day without it, so that it fits a narrow dock
    // beside its state.
    std::optional<format::LocalDay> watermarkDay;
    if (snapshot.watermark != kNoWatermark)
        watermarkDay = format::localDayOf(snapshot.watermark);
    std::map<PartitionRef, const PartitionSnapshot *> previousPartitions;
    if (previous)
        for (const PartitionSnapshot &p : previous->partitions)
            previousPartitions.emplace(p.ref, &p);
    for (const PartitionSnapshot &p : snapshot.partitions) {
        const bool holds = snapshot.holdingPartition && *snapshot.holdingPartition == p.ref;
        const bool sameDay = p.watermark != kNoWatermark && watermarkDay && watermarkDay->contains(p.watermark);
        QStringList value{sameDay ? format::withoutDate(timeText(p.watermark)) : timeText(p.watermark)};
        value << (!p.seen ? tr("nothing yet") : p.idle ? tr("idle") : tr("active"));
        if (holds)
            value << tr("holds the watermark back");
        Node *n = wm->add(QStringLiteral("p:%1:%2").arg(p.ref.topicId).arg(p.ref.partition), NodeKind::Partition,
                          partitionName(p.ref), value.join(QStringLiteral(" · ")));
        n->tooltip = tr("watermark %1\nmax event time %2").arg(timeText(p.watermark), timeText(p.maxEventTime));
        for (const EngineChange &c : report.changes)
            if (c.partition == p.ref && c.kind == ChangeKind::PartitionIdle)
                n->mark(tr("went idle"));
            else if (c.partition == p.ref && c.kind == ChangeKind::PartitionActive)
                n->mark(tr("active again"));
        if (previous) {
            const auto before = previousPartitions.find(p.ref);
            if (before != previousPartitions.end() && before->second->watermark != p.watermark)
                n->mark(before->second->watermark == kNoWatermark
                            ? tr("first watermark")
                            : tr("+%1").arg(format::duration(p.watermark - before->second->watermark)));
            const bool held = previous->holdingPartition && *previous->holdingPartition == p.ref;
            if (holds && !held)
                n->mark(tr("now holds back"));
        }
    }

    // Keys and their windows.
    std::map<QByteArray, std::vector<const WindowSnapshot *>> keys;
    for (const WindowSnapshot &w : snapshot.windows)
        keys[w.key].push_back(&w);
    std::map<QByteArray, QStringList> keyChanges;
    std::map<std::pair<QByteArray, TimeWindow>, QStringList> windowChanges;
    for (const EngineChange &c : report.changes) {
        if (!namesKey(c.kind))
            continue;
        keys[c.key]; // a key whose last window was purged still shows, this step
        QStringList &k = keyChanges[c.key];
        if (!k.contains(changeKindName(c.kind)))
            k << changeKindName(c.kind);
        const QString w = windowChangeName(c);
        if (!w.isEmpty() && !windowChanges[{c.key, c.window}].contains(w))
            windowChanges[{c.key, c.window}] << w;
    }
    std::map<std::pair<QByteArray, TimeWindow>, const WindowSnapshot *> previousWindows;
    if (previous)
        for (const WindowSnapshot &w : previous->windows)
            previousWindows.emplace(std::make_pair(w.key, w.window), &w);
    std::multimap<std::pair<QByteArray, TimeWindow>, const TimerSnapshot *> timersOf;
    for (const TimerSnapshot &t : snapshot.timers)
        timersOf.emplace(std::make_pair(t.key, t.window), &t);

    // The shown key rows, to reuse those that would come out the same.
    QHash<QString, const Node *> shownKeys;
    if (!m_rebuildAll)
        for (const auto &section : m_root->children)
            if (section->id == QLatin1String("keys"))
                for (const auto &k : section->children)
                    if (!k->changed && !k->changedBelow)
                        shownKeys.insert(k->id, k.get());
    // A key row comes out the same when its windows and their timers are
    // those its rows were made from (m_windowRows holds what every shown
    // window row was made from) and nothing marks it: no change this step
    // names the key, and every window is as it was in the previous snapshot.
    auto unchanged = [&](const Node *shown, const QByteArray &key, const std::vector<const WindowSnapshot *> &windows,
                         const std::vector<std::vector<TimerSnapshot>> &timers) {
        if (!shown || keyChanges.count(key) || shown->children.size() != windows.size())
            return false;
        for (std::size_t i = 0; i < windows.size(); ++i) {
            if (!sameRows(*windows[i], timers[i]))
                return false;
            if (previous) {
                const auto before = previousWindows.find({key, windows[i]->window});
                if (before == previousWindows.end() || !sameWindow(*before->second, *windows[i]))
                    return false;
            }
        }
        return true;
    };

    Node *keysNode = root->add(QStringLiteral("keys"), NodeKind::Section, tr("Keys"),
                               tr("%1 keys · %2 windows").arg(keys.size()).arg(snapshot.windows.size()));
    for (const auto &[key, windows] : keys) {
        std::vector<std::vector<TimerSnapshot>> timersByWindow(windows.size());
        for (std::size_t i = 0; i < windows.size(); ++i) {
            const auto [from, to] = timersOf.equal_range({key, windows[i]->window});
            for (auto it = from; it != to; ++it)
                timersByWindow[i].push_back(*it->second);
        }
        const QString id = keyId(key);
        if (const Node *shown = shownKeys.value(id); unchanged(shown, key, windows, timersByWindow)) {
            keysNode->add(id, NodeKind::Key, {})->same = shown;
            for (const WindowSnapshot *w : windows) // still shown: their rows stay known
                m_nextWindowRows.insert(m_windowRows.extract({key, w->window}));
            continue;
        }
        std::size_t events = 0;
        for (const WindowSnapshot *w : windows)
            events += w->seqs.size();
        Node *k = keysNode->add(id, NodeKind::Key, windowstyle::keyText(key),
                                windows.empty() ? tr("no open windows")
                                                : windowstyle::countText(std::int64_t(windows.size()), tr("window"), tr("windows"))
                                                      + QStringLiteral(" · ")
                                                      + windowstyle::countText(std::int64_t(events), tr("event"), tr("events")));
        k->key = key;
        k->tooltip = windowstyle::keyText(key, 1000);
        if (const auto it = keyChanges.find(key); it != keyChanges.end())
            k->mark(it->second.join(QStringLiteral(", ")));
        for (std::size_t i = 0; i < windows.size(); ++i) {
            const WindowSnapshot *w = windows[i];
            Node *n = k->adopt(windowRows(*w, timersByWindow[i]));
            const auto before = previousWindows.find({key, w->window});
            const WindowSnapshot *was = before != previousWindows.end() ? before->second : nullptr;
            if (const auto it = windowChanges.find({key, w->window}); it != windowChanges.end())
                n->mark(it->second.join(QStringLiteral(", ")));
            else if (previous && !was)
                n->mark(tr("new"));
            else if (was && (was->seqs != w->seqs || was->aggregates != w->aggregates || was->firings != w->firings))
                n->mark(tr("changed"));
            if (!was)
                continue;
            if (was->firings != w->firings)
                n->child(QStringLiteral("state"))->mark(tr("was %1").arg(windowstyle::lookName(windowstyle::lookOf(was->firings))));
            if (was->seqs.size() != w->seqs.size())
                n->child(QStringLiteral("events"))->mark(tr("was %1").arg(was->seqs.size()));
            for (auto it = w->aggregates.begin(); it != w->aggregates.end(); ++it)
                if (was->aggregates.value(it.key()) != it.value())
                    n->child(QStringLiteral("a:") + it.key())
                        ->mark(tr("was %1").arg(windowstyle::valueText(was->aggregates.value(it.key()), 40)));
        }
    }

    // Timers.
    std::set<std::tuple<std::int64_t, QByteArray, TimeWindow>> previousTimers;
    if (previous)
        for (const TimerSnapshot &t : previous->timers)
            previousTimers.emplace(t.time, t.key, t.window);
    Node *timers = root->add(QStringLiteral("timers"), NodeKind::Section, tr("Timers"),
                             snapshot.timers.empty() ? tr("none")
                                                     : tr("%1 · next at %2").arg(snapshot.timers.size()).arg(windowstyle::timeOfDay(snapshot.timers.front().time)));
    std::map<std::tuple<std::int64_t, QByteArray, TimeWindow>, const Node *> shownTimers;
    if (!m_rebuildAll)
        for (const auto &section : m_root->children)
            if (section->id == QLatin1String("timers"))
                for (const auto &t : section->children)
                    if (!t->changed && t->timer)
                        shownTimers.emplace(std::make_tuple(t->timer->time, t->timer->key, t->timer->window), t.get());
    for (const TimerSnapshot &t : snapshot.timers) {
        const std::tuple<std::int64_t, QByteArray, TimeWindow> which{t.time, t.key, t.window};
        if (const auto shown = shownTimers.find(which); shown != shownTimers.end()
            && sameTimer(*shown->second->timer, t) && (!previous || previousTimers.contains(which))) {
            timers->add(shown->second->id, NodeKind::Timer, {})->same = shown->second;
            continue;
        }
        const QString what = t.fires && t.purges ? tr("fires and purges") : t.fires ? tr("fires") : tr("purges");
        Node *n = timers->add(QStringLiteral("t:%1:%2:%3:%4").arg(t.time).arg(QString::fromLatin1(t.key.toHex())).arg(t.window.start).arg(t.window.end),
                              NodeKind::Timer, windowstyle::timeOfDay(t.time),
                              tr("%1 %2 %3").arg(what, windowstyle::keyText(t.key, 40), windowstyle::windowText(t.window)));
        n->key = t.key;
        n->timer = t;
        n->tooltip = format::isoUtcMs(t.time);
        if (previous && !previousTimers.contains({t.time, t.key, t.window}))
            n->mark(tr("new"));
    }
    if (previous && previous->timers.size() != snapshot.timers.size())
        timers->mark(tr("was %1").arg(previous->timers.size()));

    // Dedupe and counters.
    Node *dedupe = root->add(QStringLiteral("dedupe"), NodeKind::Section, tr("Dedupe"),
                             windowstyle::countText(snapshot.dedupeEntries, tr("entry"), tr("entries")));
    if (report.has(ChangeKind::DedupeHit))
        dedupe->mark(tr("duplicate dropped"));
    if (previous && previous->dedupeEntries != snapshot.dedupeEntries)
        dedupe->mark(tr("was %1").arg(previous->dedupeEntries));
    Node *counters = root->add(QStringLiteral("counters"), NodeKind::Section, tr("Counters"),
                               tr("%1 events").arg(format::count(snapshot.counters.events)));
    for (const CounterField &c : kCounters) {
        const std::int64_t value = snapshot.counters.*(c.field);
        Node *n = counters->add(QStringLiteral("c:") + QLatin1String(c.name), NodeKind::Counter, QString::fromLatin1(c.name),
                                format::count(value));
        if (previous && previous->counters.*(c.field) != value)
            n->mark(QStringLiteral("%1%2").arg(value > previous->counters.*(c.field) ? QStringLiteral("+") : QString())
                        .arg(value - previous->counters.*(c.field)));
    }
    // Keep the rows of the windows open now, drop the rest.
    m_windowRows.swap(m_nextWindowRows);
    m_nextWindowRows.clear();
    return root;
}

void StateModel::sync(Node *old, Node *fresh, const QModelIndex &parentIndex)
{
    auto &oldKids = old->children;
    auto &freshKids = fresh->children;
    QHash<QString, int> freshPos;
    freshPos.reserve(qsizetype(freshKids.size()));
    for (std::size_t i = 0; i < freshKids.size(); ++i)
        freshPos.insert(freshKids[i]->id, int(i));

    // Rows that are gone, in runs from the end.
    for (int i = int(oldKids.size()) - 1; i >= 0;) {
        if (freshPos.contains(oldKids[std::size_t(i)]->id)) {
            --i;
            continue;
        }
        int first = i;
        while (first > 0 && !freshPos.contains(oldKids[std::size_t(first - 1)]->id))
            --first;
        beginRemoveRows(parentIndex, first, i);
        oldKids.erase(oldKids.begin() + first, oldKids.begin() + i + 1);
        old->renumber();
        endRemoveRows();
        i = first - 1;
    }
    // The rows left must be in the new order; if not (never, with the
    // orders used here), start this level over.
    bool ordered = true;
    for (std::size_t i = 1; i < oldKids.size() && ordered; ++i)
        ordered = freshPos.value(oldKids[i - 1]->id) < freshPos.value(oldKids[i]->id);
    if (!ordered) {
        // Rows build() reused point into what is about to go: copy them.
        for (auto &f : freshKids)
            if (f->same)
                f = clone(*f->same, fresh);
        beginRemoveRows(parentIndex, 0, int(oldKids.size()) - 1);
        oldKids.clear();
        endRemoveRows();
    }

    // New rows, in runs, and changed ones.
    std::size_t k = 0;
    for (std::size_t j = 0; j < freshKids.size();) {
        if (k < oldKids.size() && oldKids[k]->id == freshKids[j]->id) {
            Node *o = oldKids[k].get();
            Node *f = freshKids[j].get();
            if (f->same == o) { // exactly as shown, and everything below it
                ++k;
                ++j;
                continue;
            }
            if (f->same) // reused from a row that is not this one (not expected): copy it
                freshKids[j] = clone(*f->same, fresh), f = freshKids[j].get();
            o->timer = f->timer;
            if (!o->sameData(*f)) {
                o->takeData(*f);
                emit dataChanged(index(int(k), 0, parentIndex), index(int(k), NUM_COLUMNS - 1, parentIndex));
            }
            sync(o, f, index(int(k), 0, parentIndex));
            ++k;
            ++j;
            continue;
        }
        std::size_t end = j;
        while (end < freshKids.size() && !(k < oldKids.size() && oldKids[k]->id == freshKids[end]->id))
            ++end;
        const int count = int(end - j);
        for (std::size_t m = j; m < end; ++m)
            if (freshKids[m]->same)
                freshKids[m] = clone(*freshKids[m]->same, fresh);
        beginInsertRows(parentIndex, int(k), int(k) + count - 1);
        for (std::size_t m = j; m < end; ++m) {
            freshKids[m]->parent = old;
            oldKids.insert(oldKids.begin() + std::ptrdiff_t(k + (m - j)), std::move(freshKids[m]));
        }
        old->renumber();
        endInsertRows();
        k += std::size_t(count);
        j = end;
    }
}

bool StateModel::sameRows(const WindowSnapshot &w, const std::vector<TimerSnapshot> &timers) const
{
    const auto cached = m_windowRows.find({w.key, w.window});
    return cached != m_windowRows.end() && sameWindow(cached->second.window, w)
           && std::equal(timers.begin(), timers.end(), cached->second.timers.begin(), cached->second.timers.end(), sameTimer);
}

std::unique_ptr<StateModel::Node> StateModel::windowRows(const WindowSnapshot &w, const std::vector<TimerSnapshot> &timerList)
{
    // Rows are formatted once per window state and copied while it lasts:
    // formatting them all again made every step cost milliseconds.
    const auto which = std::make_pair(w.key, w.window);
    if (!m_rebuildAll && sameRows(w, timerList)) {
        auto rows = clone(*m_windowRows.at(which).rows, nullptr);
        m_nextWindowRows.insert(m_windowRows.extract(which));
        return rows;
    }

    auto n = std::make_unique<Node>();
    const WindowLook look = windowstyle::lookOf(w.firings);
    QString value = QStringLiteral("%1 · %2").arg(windowstyle::lookName(look),
                                                  windowstyle::countText(std::int64_t(w.seqs.size()), tr("event"), tr("events")));
    if (w.earlyFirings > 0)
        value += tr(" · fired early ×%1").arg(w.earlyFirings);
    n->id = windowId(w.window);
    n->kind = NodeKind::Window;
    n->name = windowstyle::windowText(w.window);
    n->value = value;
    n->key = w.key;
    n->hasWindow = true;
    n->window = w.window;
    n->look = look;
    n->tooltip = tr("[%1, %2)").arg(format::isoUtcMs(w.window.start), format::isoUtcMs(w.window.end));
    n->add(QStringLiteral("state"), NodeKind::WindowDetail, tr("state"),
           QStringLiteral("%1 (%2)").arg(windowstyle::lookName(look), windowstyle::countText(w.firings, tr("firing"), tr("firings"))));
    n->add(QStringLiteral("events"), NodeKind::WindowDetail, tr("events"), QString::number(w.seqs.size()));
    Node *seqs = n->add(QStringLiteral("seqs"), NodeKind::WindowDetail, tr("seqs"), seqsText(w.seqs, 12));
    seqs->tooltip = seqsText(w.seqs, 400);
    // Aggregates in the pipeline's order, then any others by name.
    QStringList names = m_aggregateOrder;
    for (auto it = w.aggregates.begin(); it != w.aggregates.end(); ++it)
        if (!names.contains(it.key()))
            names << it.key();
    for (const QString &name : names) {
        if (!w.aggregates.contains(name))
            continue;
        const QJsonValue v = w.aggregates.value(name);
        Node *a = n->add(QStringLiteral("a:") + name, NodeKind::Aggregate, name, windowstyle::valueText(v));
        a->tooltip = windowstyle::valueText(v, 2000);
    }
    QStringList timers;
    for (const TimerSnapshot &t : timerList)
        timers << (t.fires && t.purges ? tr("fires and purges at %1")
                   : t.fires           ? tr("fires at %1")
                                       : tr("purges at %1"))
                      .arg(windowstyle::timeOfDay(t.time));
    n->add(QStringLiteral("timers"), NodeKind::WindowDetail, tr("timers"),
           timers.isEmpty() ? tr("none") : timers.join(QStringLiteral(" · ")));
    m_nextWindowRows[which] = CachedWindowRows{w, timerList, clone(*n, nullptr)};
    return n;
}

std::unique_ptr<StateModel::Node> StateModel::clone(const Node &node, Node *parent)
{
    auto copy = std::make_unique<Node>();
    copy->id = node.id;
    copy->takeData(node);
    copy->timer = node.timer;
    copy->parent = parent;
    copy->row = node.row;
    for (const auto &child : node.children)
        copy->children.push_back(clone(*child, copy.get()));
    return copy;
}

StateModel::Node *StateModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex StateModel::indexOf(Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row, column, node);
}

QModelIndex StateModel::sectionIndex(const QString &id) const
{
    for (const auto &c : m_root->children)
        if (c->id == id)
            return indexOf(c.get());
    return {};
}

QModelIndex StateModel::keyIndex(const QByteArray &key) const
{
    Node *keys = nodeOf(sectionIndex(QStringLiteral("keys")));
    if (keys == m_root.get())
        return {};
    const QString id = keyId(key);
    for (const auto &c : keys->children)
        if (c->id == id)
            return indexOf(c.get());
    return {};
}

QModelIndex StateModel::windowIndex(const QByteArray &key, const TimeWindow &window) const
{
    const QModelIndex k = keyIndex(key);
    if (!k.isValid())
        return {};
    const QString id = windowId(window);
    for (const auto &c : nodeOf(k)->children)
        if (c->id == id)
            return indexOf(c.get());
    return {};
}

QModelIndex StateModel::index(int row, int column, const QModelIndex &parent) const
{
    if (column < 0 || column >= NUM_COLUMNS || row < 0 || (parent.isValid() && parent.column() != 0))
        return {};
    Node *p = nodeOf(parent);
    if (std::size_t(row) >= p->children.size())
        return {};
    return createIndex(row, column, p->children[std::size_t(row)].get());
}

QModelIndex StateModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    return indexOf(nodeOf(child)->parent);
}

int StateModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int StateModel::columnCount(const QModelIndex &) const { return NUM_COLUMNS; }

QVariant StateModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid())
        return {};
    const Node *n = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn: return n->name;
        case ValueColumn: return n->value;
        case ChangeColumn:
            // A collapsed row tells that something below it changed.
            return n->change.isEmpty() && n->changedBelow ? QStringLiteral("•") : n->change;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ChangeColumn && !n->change.isEmpty())
            return n->change;
        return n->tooltip.isEmpty() ? QVariant() : QVariant(n->tooltip);
    case Qt::FontRole:
        if (n->changed) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (n->changed && index.column() != NameColumn)
            return windowstyle::changed(QGuiApplication::palette());
        return {};
    case Qt::DecorationRole:
        if (index.column() == NameColumn && n->kind == NodeKind::Window)
            return windowstyle::colour(n->look, QGuiApplication::palette());
        return {};
    case NodeKindRole: return int(n->kind);
    case KeyRole: return n->key.isNull() ? QVariant() : QVariant(n->key);
    case WindowStartRole: return n->hasWindow ? QVariant(qint64(n->window.start)) : QVariant();
    case WindowEndRole: return n->hasWindow ? QVariant(qint64(n->window.end)) : QVariant();
    case ChangedRole: return n->changed;
    case ChangedBelowRole: return n->changedBelow;
    case IdRole: return n->id;
    }
    return {};
}

QVariant StateModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("Name");
    case ValueColumn: return tr("Value");
    case ChangeColumn: return tr("Changed");
    }
    return {};
}

} // namespace streamscope
