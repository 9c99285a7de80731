#include "engine/engine.h"

#include <QDataStream>
#include <QJsonArray>
#include <QIODevice>

#include <algorithm>

namespace streamscope {

namespace {

constexpr quint32 kStateMagic = 0x53534531; // "SSE1"

constexpr std::size_t kSpareBuffers = 1024;   // of each kind
constexpr std::size_t kLargestSpareSeqs = 4096; // seqs in a buffer worth keeping

// A spare buffer moved into `into`, if there is one (else `into` stays).
template<typename Buffer>
void takeSpare(std::vector<Buffer> &spares, Buffer &into)
{
    if (spares.empty())
        return;
    into = std::move(spares.back());
    spares.pop_back();
}

std::int64_t saturatingAdd(std::int64_t a, std::int64_t b)
{
    std::int64_t out = 0;
    if (__builtin_add_overflow(a, b, &out))
        return b > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
    return out;
}

QJsonValue keyJson(const QByteArray &key)
{
    return QString::fromUtf8(key);
}

QJsonValue timeJson(std::int64_t t)
{
    return t == kNoWatermark ? QJsonValue() : QJsonValue(qint64(t));
}

QString fireKindName(FireKind kind)
{
    switch (kind) {
    case FireKind::OnTime: return QStringLiteral("on_time");
    case FireKind::Late: return QStringLiteral("late");
    case FireKind::Early: return QStringLiteral("early");
    }
    return {};
}

QJsonArray seqsJson(const std::vector<std::int64_t> &seqs)
{
    QJsonArray array;
    for (std::int64_t s : seqs)
        array.append(qint64(s));
    return array;
}

} // namespace

QString changeKindName(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::WindowCreated: return QStringLiteral("window created");
    case ChangeKind::WindowUpdated: return QStringLiteral("window updated");
    case ChangeKind::WindowFired: return QStringLiteral("window fired");
    case ChangeKind::WindowRefired: return QStringLiteral("window re-fired");
    case ChangeKind::WindowEarlyFired: return QStringLiteral("window fired early");
    case ChangeKind::WindowPurged: return QStringLiteral("window purged");
    case ChangeKind::WindowsMerged: return QStringLiteral("windows merged");
    case ChangeKind::LateAccepted: return QStringLiteral("late event accepted");
    case ChangeKind::LateDropped: return QStringLiteral("late event dropped");
    case ChangeKind::DedupeHit: return QStringLiteral("duplicate dropped");
    case ChangeKind::Filtered: return QStringLiteral("filtered out");
    case ChangeKind::NoEventTime: return QStringLiteral("no event time");
    case ChangeKind::WatermarkAdvanced: return QStringLiteral("watermark advanced");
    case ChangeKind::PartitionIdle: return QStringLiteral("partition idle");
    case ChangeKind::PartitionActive: return QStringLiteral("partition active");
    }
    return {};
}

bool StepReport::has(ChangeKind kind) const
{
    return std::any_of(changes.begin(), changes.end(), [&](const EngineChange &c) { return c.kind == kind; });
}

QJsonObject WindowResult::aggregates() const
{
    QJsonObject json;
    for (qsizetype i = 0; i < aggregateNames.size() && std::size_t(i) < aggregateValues.size(); ++i)
        json.insert(aggregateNames[i], aggregateValues[std::size_t(i)]);
    return json;
}

QJsonValue WindowResult::aggregate(const QString &name) const
{
    const qsizetype i = aggregateNames.indexOf(name);
    return i >= 0 && std::size_t(i) < aggregateValues.size() ? aggregateValues[std::size_t(i)] : QJsonValue(QJsonValue::Undefined);
}

QJsonObject WindowResult::toJson() const
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("window")},
                       {QStringLiteral("key"), keyJson(key)},
                       {QStringLiteral("start"), qint64(window.start)},
                       {QStringLiteral("end"), qint64(window.end)},
                       {QStringLiteral("fire"), fireKindName(kind)},
                       {QStringLiteral("firing"), firing},
                       {QStringLiteral("watermark"), timeJson(watermark)},
                       {QStringLiteral("trigger_seq"), qint64(triggerSeq)},
                       {QStringLiteral("aggregates"), aggregates()},
                       {QStringLiteral("seqs"), seqsJson(seqs)}};
}

QJsonObject LateEvent::toJson(const QStringList &topicNames) const
{
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("late")},
                       {QStringLiteral("seq"), qint64(seq)},
                       {QStringLiteral("topic"), partition.topicId < topicNames.size() ? QJsonValue(topicNames[partition.topicId])
                                                                                       : QJsonValue(partition.topicId)},
                       {QStringLiteral("partition"), partition.partition},
                       {QStringLiteral("offset"), qint64(offset)},
                       {QStringLiteral("key"), keyJson(key)},
                       {QStringLiteral("event_time"), qint64(eventTimeMs)},
                       {QStringLiteral("watermark"), timeJson(watermark)}};
}

Engine::Engine(PipelineSpec spec, std::vector<PartitionRef> partitions) : m_spec(std::move(spec))
{
    for (const AggregateSpec &a : m_spec.aggregates)
        m_aggregateNames << (a.name.isEmpty() ? defaultAggregateName(a) : a.name);
    std::sort(partitions.begin(), partitions.end());
    partitions.erase(std::unique(partitions.begin(), partitions.end()), partitions.end());
    for (const PartitionRef &ref : partitions)
        m_partitions.push_back(Partition{ref});
    indexPartitions();
}

Engine::Partition &Engine::partitionFor(PartitionRef ref)
{
    if (ref.topicId >= 0 && ref.partition >= 0 && std::size_t(ref.topicId) < m_partitionIndex.size()) {
        const std::vector<int> &byPartition = m_partitionIndex[std::size_t(ref.topicId)];
        if (std::size_t(ref.partition) < byPartition.size() && byPartition[std::size_t(ref.partition)] >= 0)
            return m_partitions[std::size_t(byPartition[std::size_t(ref.partition)])];
    }
    auto it = std::lower_bound(m_partitions.begin(), m_partitions.end(), ref,
                               [](const Partition &p, const PartitionRef &r) { return p.ref < r; });
    if (it == m_partitions.end() || it->ref != ref) {
        it = m_partitions.insert(it, Partition{ref}); // discovered while running
        const std::ptrdiff_t at = it - m_partitions.begin();
        indexPartitions();
        it = m_partitions.begin() + at;
    }
    return *it;
}

void Engine::indexPartitions()
{
    m_partitionIndex.clear();
    for (std::size_t i = 0; i < m_partitions.size(); ++i) {
        const PartitionRef &ref = m_partitions[i].ref;
        // Direct lookup for the usual small ids; others take the binary search.
        if (ref.topicId < 0 || ref.partition < 0 || ref.topicId >= 4096 || ref.partition >= 65536)
            continue;
        if (m_partitionIndex.size() <= std::size_t(ref.topicId))
            m_partitionIndex.resize(std::size_t(ref.topicId) + 1);
        std::vector<int> &byPartition = m_partitionIndex[std::size_t(ref.topicId)];
        if (byPartition.size() <= std::size_t(ref.partition))
            byPartition.resize(std::size_t(ref.partition) + 1, -1);
        byPartition[std::size_t(ref.partition)] = int(i);
    }
}

std::int64_t Engine::cleanupTime(const TimeWindow &window) const
{
    return saturatingAdd(window.maxTimestamp(), m_spec.allowedLatenessMs);
}

bool Engine::isWindowLate(const TimeWindow &window) const { return cleanupTime(window) <= m_watermark; }

void Engine::markIdlePartitions(std::int64_t nowUs, StepReport &report)
{
    if (m_spec.idleTimeoutMs < 0)
        return;
    const std::int64_t timeoutUs = m_spec.idleTimeoutMs * 1000;
    bool changed = false;
    for (Partition &p : m_partitions) {
        const std::int64_t since = p.lastActivityUs >= 0 ? p.lastActivityUs : m_firstArrivalUs;
        if (!p.idle && nowUs - since > timeoutUs) {
            p.idle = true;
            changed = true;
            EngineChange &c = report.changes.emplace_back();
            c.kind = ChangeKind::PartitionIdle;
            c.partition = p.ref;
        }
    }
    if (changed)
        recomputeWatermark(report);
}

void Engine::recomputeWatermark(StepReport &report)
{
    const Partition *lowest = nullptr;
    for (const Partition &p : m_partitions)
        if (!p.idle && (!lowest || p.watermark < lowest->watermark))
            lowest = &p;
    if (!lowest) {
        m_holding.reset(); // every partition idle: the watermark waits
        return;
    }
    m_holding = lowest->ref;
    if (lowest->watermark <= m_watermark)
        return; // the combined watermark never goes back
    m_watermark = lowest->watermark;
    EngineChange &c = report.changes.emplace_back();
    c.kind = ChangeKind::WatermarkAdvanced;
    c.watermark = m_watermark;
    c.partition = lowest->ref;
    fireTimers(report);
    // Dedupe entries older than the horizon behind the watermark expire.
    while (!m_dedupeExpiry.empty() && m_dedupeExpiry.begin()->first < m_watermark) {
        const auto entry = m_dedupeExpiry.begin();
        const auto seen = m_dedupe.find(entry->second);
        if (seen != m_dedupe.end() && saturatingAdd(seen->second, m_spec.dedupeHorizonMs) == entry->first)
            m_dedupe.erase(seen);
        m_dedupeExpiry.erase(entry);
    }
}

int Engine::keyId(const QByteArray &bytes)
{
    const auto found = m_keyIds.constFind(bytes);
    if (found != m_keyIds.constEnd())
        return found.value();
    const int id = int(m_keys.size());
    m_keys.push_back(KeySlot{bytes, {}});
    m_keyIds.insert(bytes, id);
    return id;
}

Engine::KeyWindows::iterator Engine::findWindow(KeyWindows &windows, const TimeWindow &window)
{
    const auto it = std::lower_bound(windows.begin(), windows.end(), window,
                                     [](const OpenWindow &w, const TimeWindow &t) { return w.window < t; });
    return it != windows.end() && it->window == window ? it : windows.end();
}

void Engine::pushTimer(std::int64_t time, int key, const TimeWindow &window)
{
    auto bucket = m_timers.find(time);
    if (bucket == m_timers.end()) {
        if (m_spareTimerBuckets.empty()) {
            bucket = m_timers.try_emplace(time).first;
        } else {
            TimerBuckets::node_type node = std::move(m_spareTimerBuckets.back());
            m_spareTimerBuckets.pop_back();
            node.key() = time;
            bucket = m_timers.insert(std::move(node)).position;
        }
    }
    bucket->second.push_back(TimerTarget{key, window});
}

void Engine::fireTimers(StepReport &report)
{
    while (!m_timers.empty() && m_timers.begin()->first <= m_watermark) {
        TimerBuckets::node_type bucket = m_timers.extract(m_timers.begin());
        const std::int64_t time = bucket.key();
        std::vector<TimerTarget> &targets = bucket.mapped();
        std::sort(targets.begin(), targets.end());
        for (std::size_t i = 0; i < targets.size(); ++i) {
            if (i > 0 && targets[i] == targets[i - 1])
                continue; // the same timer twice (a session window re-registered)
            const TimerTarget &timer = targets[i];
            KeyWindows &windows = m_keys[std::size_t(timer.key)].windows;
            auto window = findWindow(windows, timer.window);
            if (window == windows.end())
                continue; // merged away or purged: a stale entry
            const bool purges = time == cleanupTime(timer.window);
            if (time == timer.window.maxTimestamp())
                emitResult(timer.key, timer.window, window->state, FireKind::OnTime, m_lastSeq, report, purges);
            if (purges) {
                recycle(std::move(window->state));
                windows.erase(window);
                ++m_counters.purged;
                EngineChange &c = report.changes.emplace_back();
                c.kind = ChangeKind::WindowPurged;
                c.key = m_keys[std::size_t(timer.key)].bytes;
                c.window = timer.window;
            }
        }
        targets.clear();
        if (m_spareTimerBuckets.size() < 8)
            m_spareTimerBuckets.push_back(std::move(bucket));
    }
}

void Engine::registerTimers(int key, const TimeWindow &window, WindowState &state)
{
    if (state.timersRegistered)
        return;
    state.timersRegistered = true;
    if (window.maxTimestamp() > m_watermark)
        pushTimer(window.maxTimestamp(), key, window);
    if (cleanupTime(window) != window.maxTimestamp() || window.maxTimestamp() <= m_watermark)
        pushTimer(cleanupTime(window), key, window);
}

std::vector<Engine::Timer> Engine::liveTimers() const
{
    std::vector<Timer> live;
    for (const auto &[time, targets] : m_timers)
        for (const TimerTarget &t : targets) {
            KeyWindows &windows = const_cast<KeyWindows &>(m_keys[std::size_t(t.key)].windows);
            if (findWindow(windows, t.window) != windows.end())
                live.push_back(Timer{time, t.key, t.window});
        }
    std::sort(live.begin(), live.end());
    live.erase(std::unique(live.begin(), live.end()), live.end());
    return live;
}

void Engine::emitResult(int key, const TimeWindow &window, WindowState &state, FireKind kind, std::int64_t triggerSeq,
                        StepReport &report, bool lastUse)
{
    const int resultIndex = int(report.results.size());
    WindowResult &result = report.results.emplace_back();
    result.key = m_keys[std::size_t(key)].bytes;
    result.window = window;
    result.kind = kind;
    result.watermark = m_watermark;
    result.triggerSeq = triggerSeq;
    result.aggregateNames = m_aggregateNames;
    takeSpare(m_spareValues, result.aggregateValues);
    const QList<AggregateSpec> &aggregates = m_spec.aggregates; // const: no detach checks
    result.aggregateValues.reserve(std::size_t(aggregates.size()));
    for (qsizetype i = 0; i < aggregates.size(); ++i)
        result.aggregateValues.push_back(state.aggregates[std::size_t(i)].result(aggregates[i], state.seqs));
    // A window purged right after this firing gives its seqs away.
    if (lastUse) {
        result.seqs = std::move(state.seqs);
    } else {
        takeSpare(m_spareSeqs, result.seqs);
        result.seqs.assign(state.seqs.begin(), state.seqs.end());
    }
    EngineChange &c = report.changes.emplace_back();
    c.key = result.key;
    c.window = window;
    if (kind == FireKind::Early) {
        result.firing = ++state.earlyFirings;
        ++m_counters.earlyFirings;
        c.kind = ChangeKind::WindowEarlyFired;
    } else {
        result.firing = ++state.firings;
        ++m_counters.firings;
        if (kind == FireKind::Late)
            ++m_counters.lateFirings;
        c.kind = state.firings > 1 ? ChangeKind::WindowRefired : ChangeKind::WindowFired;
    }
    c.resultIndex = resultIndex;
}

Engine::WindowState Engine::newWindowState()
{
    WindowState state;
    takeSpare(m_spareStates, state);
    if (state.aggregates.empty()) { // none spare: a state of its own
        state.aggregates.reserve(std::size_t(m_spec.aggregates.size()));
        for (const AggregateSpec &spec : std::as_const(m_spec.aggregates))
            state.aggregates.emplace_back(spec.kind);
    }
    if (state.seqs.capacity() == 0)
        takeSpare(m_spareSeqs, state.seqs);
    return state;
}

void Engine::recycle(WindowState &&state)
{
    if (m_spareStates.size() >= kSpareBuffers)
        return;
    if (state.seqs.capacity() > kLargestSpareSeqs)
        state.seqs = {};
    state.seqs.clear();
    for (AggregateState &a : state.aggregates)
        a.reset();
    state.firings = state.earlyFirings = state.sinceEarlyFiring = 0;
    state.timersRegistered = false;
    m_spareStates.push_back(std::move(state));
}

void Engine::reclaimResultBuffers(StepReport &report)
{
    for (WindowResult &r : report.results) {
        if (r.seqs.capacity() != 0 && r.seqs.capacity() <= kLargestSpareSeqs && m_spareSeqs.size() < kSpareBuffers) {
            r.seqs.clear();
            m_spareSeqs.push_back(std::move(r.seqs));
        }
        if (r.aggregateValues.capacity() != 0 && m_spareValues.size() < kSpareBuffers) {
            r.aggregateValues.clear();
            m_spareValues.push_back(std::move(r.aggregateValues));
        }
    }
    report.results.clear();
}

void Engine::addToWindow(const EngineEvent &event, WindowState &state)
{
    state.seqs.push_back(event.seq);
    const QList<AggregateSpec> &aggregates = m_spec.aggregates;
    for (qsizetype i = 0; i < aggregates.size(); ++i) {
        const AggregateSpec &spec = aggregates[i];
        if (spec.argument.isEmpty())
            state.aggregates[std::size_t(i)].add(event.seq, AggregateInput::ofNumber(1)); // count, collect
        else if (std::size_t(i) < event.inputs.size())
            state.aggregates[std::size_t(i)].add(event.seq, event.inputs[std::size_t(i)]);
    }
}

TimeWindow Engine::mergeSessionWindow(int key, TimeWindow window, StepReport &report)
{
    KeyWindows &windows = m_keys[std::size_t(key)].windows;
    // The windows this one touches, directly or through each other: they are
    // sorted and do not touch each other, so they form one run.
    TimeWindow cover = window;
    std::vector<TimeWindow> absorbed;
    for (bool grew = true; grew;) {
        grew = false;
        for (const OpenWindow &existing : windows) {
            if (existing.window.intersects(cover)
                && std::find(absorbed.begin(), absorbed.end(), existing.window) == absorbed.end()) {
                cover = cover.cover(existing.window);
                absorbed.push_back(existing.window);
                grew = true;
            }
        }
    }
    if (absorbed.empty() || (absorbed.size() == 1 && absorbed.front() == cover))
        return cover; // a new session, or inside an existing one

    std::sort(absorbed.begin(), absorbed.end());
    WindowState merged = newWindowState();
    for (const TimeWindow &w : absorbed) {
        const auto it = findWindow(windows, w);
        WindowState &state = it->state;
        merged.seqs.insert(merged.seqs.end(), state.seqs.begin(), state.seqs.end());
        for (std::size_t i = 0; i < merged.aggregates.size(); ++i)
            merged.aggregates[i].merge(state.aggregates[i]);
        merged.firings = std::max(merged.firings, state.firings);
        merged.earlyFirings = std::max(merged.earlyFirings, state.earlyFirings);
        merged.sinceEarlyFiring += state.sinceEarlyFiring;
        recycle(std::move(it->state));
        windows.erase(it); // its timers become stale entries
    }
    std::sort(merged.seqs.begin(), merged.seqs.end());
    const auto at = std::lower_bound(windows.begin(), windows.end(), cover,
                                     [](const OpenWindow &w, const TimeWindow &t) { return w.window < t; });
    windows.insert(at, OpenWindow{cover, std::move(merged)});
    ++m_counters.merges;
    EngineChange &c = report.changes.emplace_back();
    c.kind = ChangeKind::WindowsMerged;
    c.key = m_keys[std::size_t(key)].bytes;
    c.window = cover;
    c.merged = absorbed;
    return cover;
}

bool Engine::dedupe(const EngineEvent &event, StepReport &report)
{
    if (m_spec.dedupeField.isEmpty() || !event.dedupeKey)
        return false;
    if (m_dedupe.contains(*event.dedupeKey)) {
        ++m_counters.duplicates;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::DedupeHit;
        c.key = *event.dedupeKey;
        return true;
    }
    m_dedupe.emplace(*event.dedupeKey, *event.eventTimeMs);
    m_dedupeExpiry.emplace(saturatingAdd(*event.eventTimeMs, m_spec.dedupeHorizonMs), *event.dedupeKey);
    return false;
}

void Engine::processElement(const EngineEvent &event, StepReport &report)
{
    if (!event.passesFilter) {
        ++m_counters.filtered;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::Filtered;
        return;
    }
    if (dedupe(event, report))
        return;

    const std::int64_t ts = *event.eventTimeMs;
    const int key = keyId(event.key);
    bool accepted = false;
    assignWindows(m_spec.window, ts, m_assigned);
    for (TimeWindow window : m_assigned) {
        if (m_spec.window.kind == WindowKind::Session)
            window = mergeSessionWindow(key, window, report);
        if (isWindowLate(window))
            continue; // Flink skips this window; the element may still fit another
        accepted = true;
        KeyWindows &windows = m_keys[std::size_t(key)].windows;
        auto at = std::lower_bound(windows.begin(), windows.end(), window,
                                   [](const OpenWindow &w, const TimeWindow &t) { return w.window < t; });
        EngineChange &c = report.changes.emplace_back();
        c.key = m_keys[std::size_t(key)].bytes;
        c.window = window;
        if (at == windows.end() || at->window != window) {
            at = windows.insert(at, OpenWindow{window, newWindowState()});
            ++m_counters.windowsCreated;
            c.kind = ChangeKind::WindowCreated;
        } else {
            c.kind = ChangeKind::WindowUpdated;
        }
        WindowState &state = at->state;
        addToWindow(event, state);
        registerTimers(key, window, state);
        // Flink's EventTimeTrigger.onElement: a window the watermark already
        // passed fires at once (a late firing).
        if (window.maxTimestamp() <= m_watermark) {
            emitResult(key, window, state, FireKind::Late, event.seq, report);
        } else if (m_spec.earlyFiringEvery > 0 && ++state.sinceEarlyFiring >= m_spec.earlyFiringEvery) {
            state.sinceEarlyFiring = 0;
            emitResult(key, window, state, FireKind::Early, event.seq, report);
        }
    }

    const bool behindWatermark = ts <= m_watermark;
    if (accepted && behindWatermark) {
        ++m_counters.lateAccepted;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::LateAccepted;
        c.key = event.key;
    } else if (!accepted) {
        // Every window was past its allowed lateness: the late side output.
        ++m_counters.lateDropped;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::LateDropped;
        c.key = event.key;
        report.dropped.push_back(LateEvent{event.seq, event.partition, event.offset, ts, m_watermark, event.key});
    }
}

const StepReport &Engine::step(const EngineEvent &event)
{
    StepReport &report = m_report;
    report.changes.clear();
    reclaimResultBuffers(report);
    report.dropped.clear();
    report.seq = event.seq;
    report.watermarkBefore = m_watermark;
    m_lastSeq = event.seq;
    ++m_counters.events;
    if (m_firstArrivalUs < 0)
        m_firstArrivalUs = event.arrivalUs;

    // (1) Idleness, in arrival time, before the element.
    Partition &own = partitionFor(event.partition);
    const PartitionRef ownRef = own.ref;
    own.lastActivityUs = event.arrivalUs; // it is active now, whatever follows
    own.seen = true;
    if (own.idle) {
        own.idle = false;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::PartitionActive;
        c.partition = ownRef;
        recomputeWatermark(report);
    }
    markIdlePartitions(event.arrivalUs, report);

    // A time out of range too: the extractor never passes one, but a step
    // must not overflow whoever builds the event.
    if (!event.eventTimeMs || !isUsableEventTime(*event.eventTimeMs)) {
        ++m_counters.noEventTime;
        EngineChange &c = report.changes.emplace_back();
        c.kind = ChangeKind::NoEventTime;
        report.watermarkAfter = m_watermark;
        return report;
    }

    // (2) The element, with the watermark as it was.
    processElement(event, report);

    // (3) Its event time moves its partition's watermark. (Partitions are
    // only ever added by partitionFor(): `own` still stands.)
    Partition &p = own;
    if (*event.eventTimeMs > p.maxEventTime) {
        p.maxEventTime = *event.eventTimeMs;
        p.watermark = saturatingAdd(p.maxEventTime, -m_spec.outOfOrdernessMs - 1);
        if (!m_holding || *m_holding == ownRef)
            recomputeWatermark(report);
    }
    report.watermarkAfter = m_watermark;
    return report;
}

EngineSnapshot Engine::snapshot() const
{
    EngineSnapshot s;
    s.lastSeq = m_lastSeq;
    s.watermark = m_watermark;
    s.holdingPartition = m_holding;
    for (const Partition &p : m_partitions)
        s.partitions.push_back(PartitionSnapshot{p.ref, p.maxEventTime, p.watermark, p.idle, p.seen, p.lastActivityUs});
    std::vector<const KeySlot *> byBytes;
    for (const KeySlot &slot : m_keys)
        byBytes.push_back(&slot);
    std::sort(byBytes.begin(), byBytes.end(), [](const KeySlot *a, const KeySlot *b) { return a->bytes < b->bytes; });
    for (const KeySlot *slot : byBytes)
        for (const OpenWindow &w : slot->windows)
            s.windows.push_back(snapshotOf(slot->bytes, w.window, w.state));
    for (const Timer &t : liveTimers())
        s.timers.push_back(TimerSnapshot{t.time, m_keys[std::size_t(t.key)].bytes, t.window,
                                         t.time == t.window.maxTimestamp(), t.time == cleanupTime(t.window)});
    s.dedupeEntries = std::int64_t(m_dedupe.size());
    s.counters = m_counters;
    return s;
}

WindowSnapshot Engine::snapshotOf(const QByteArray &key, const TimeWindow &window, const WindowState &state) const
{
    WindowSnapshot w;
    w.key = key;
    w.window = window;
    w.seqs = state.seqs;
    w.firings = state.firings;
    w.earlyFirings = state.earlyFirings;
    for (int i = 0; i < m_spec.aggregates.size(); ++i)
        w.aggregates.insert(m_aggregateNames[i], state.aggregates[std::size_t(i)].result(m_spec.aggregates[i], state.seqs));
    return w;
}

std::optional<WindowSnapshot> Engine::window(const QByteArray &key, const TimeWindow &window) const
{
    const auto id = m_keyIds.constFind(key);
    if (id == m_keyIds.constEnd())
        return std::nullopt;
    KeyWindows &windows = const_cast<KeyWindows &>(m_keys[std::size_t(id.value())].windows);
    const auto w = findWindow(windows, window);
    if (w == windows.end())
        return std::nullopt;
    return snapshotOf(key, window, w->state);
}

QJsonObject EngineSnapshot::toJson(const QStringList &topicNames) const
{
    auto topicName = [&](int id) {
        return id >= 0 && id < topicNames.size() ? QJsonValue(topicNames[id]) : QJsonValue(id);
    };
    QJsonArray partitionsJson;
    for (const PartitionSnapshot &p : partitions)
        partitionsJson.append(QJsonObject{{QStringLiteral("topic"), topicName(p.ref.topicId)},
                                          {QStringLiteral("partition"), p.ref.partition},
                                          {QStringLiteral("max_event_time"), timeJson(p.maxEventTime)},
                                          {QStringLiteral("watermark"), timeJson(p.watermark)},
                                          {QStringLiteral("idle"), p.idle},
                                          {QStringLiteral("seen"), p.seen}});
    QJsonArray windowsJson;
    for (const WindowSnapshot &w : windows)
        windowsJson.append(QJsonObject{{QStringLiteral("key"), keyJson(w.key)},
                                       {QStringLiteral("start"), qint64(w.window.start)},
                                       {QStringLiteral("end"), qint64(w.window.end)},
                                       {QStringLiteral("state"), w.firings == 0 ? QStringLiteral("open")
                                                                 : w.firings == 1 ? QStringLiteral("fired")
                                                                                  : QStringLiteral("re-fired")},
                                       {QStringLiteral("firings"), w.firings},
                                       {QStringLiteral("early_firings"), w.earlyFirings},
                                       {QStringLiteral("seqs"), seqsJson(w.seqs)},
                                       {QStringLiteral("aggregates"), w.aggregates}});
    QJsonArray timersJson;
    for (const TimerSnapshot &t : timers)
        timersJson.append(QJsonObject{{QStringLiteral("time"), qint64(t.time)},
                                      {QStringLiteral("key"), keyJson(t.key)},
                                      {QStringLiteral("start"), qint64(t.window.start)},
                                      {QStringLiteral("end"), qint64(t.window.end)},
                                      {QStringLiteral("fires"), t.fires},
                                      {QStringLiteral("purges"), t.purges}});
    const QJsonObject countersJson{{QStringLiteral("events"), qint64(counters.events)},
                                   {QStringLiteral("filtered"), qint64(counters.filtered)},
                                   {QStringLiteral("no_event_time"), qint64(counters.noEventTime)},
                                   {QStringLiteral("duplicates"), qint64(counters.duplicates)},
                                   {QStringLiteral("late_accepted"), qint64(counters.lateAccepted)},
                                   {QStringLiteral("late_dropped"), qint64(counters.lateDropped)},
                                   {QStringLiteral("windows_created"), qint64(counters.windowsCreated)},
                                   {QStringLiteral("firings"), qint64(counters.firings)},
                                   {QStringLiteral("late_firings"), qint64(counters.lateFirings)},
                                   {QStringLiteral("early_firings"), qint64(counters.earlyFirings)},
                                   {QStringLiteral("purged"), qint64(counters.purged)},
                                   {QStringLiteral("merges"), qint64(counters.merges)}};
    QJsonObject json{{QStringLiteral("seq"), qint64(lastSeq)},
                     {QStringLiteral("watermark"), timeJson(watermark)},
                     {QStringLiteral("partitions"), partitionsJson},
                     {QStringLiteral("windows"), windowsJson},
                     {QStringLiteral("timers"), timersJson},
                     {QStringLiteral("dedupe_entries"), qint64(dedupeEntries)},
                     {QStringLiteral("counters"), countersJson}};
    if (holdingPartition)
        json.insert(QStringLiteral("holding_partition"),
                    QJsonObject{{QStringLiteral("topic"), topicName(holdingPartition->topicId)},
                                {QStringLiteral("partition"), holdingPartition->partition}});
    return json;
}

QByteArray Engine::saveState() const
{
    QByteArray bytes;
    QDataStream out(&bytes, QIODevice::WriteOnly);
    out.setVersion(QDataStream::Qt_6_4);
    out << kStateMagic << qint64(m_watermark) << qint64(m_firstArrivalUs) << qint64(m_lastSeq) << m_holding.has_value()
        << qint32(m_holding ? m_holding->topicId : 0) << qint32(m_holding ? m_holding->partition : 0);
    out << quint64(m_partitions.size());
    for (const Partition &p : m_partitions)
        out << qint32(p.ref.topicId) << qint32(p.ref.partition) << qint64(p.maxEventTime) << qint64(p.watermark)
            << qint64(p.lastActivityUs) << p.idle << p.seen;
    out << quint64(m_keys.size());
    for (const KeySlot &slot : m_keys) {
        out << slot.bytes << quint64(slot.windows.size());
        for (const auto &[window, state] : slot.windows) {
            out << qint64(window.start) << qint64(window.end) << quint64(state.seqs.size());
            for (std::int64_t seq : state.seqs)
                out << qint64(seq);
            out << quint64(state.aggregates.size());
            for (const AggregateState &a : state.aggregates)
                out << a;
            out << qint32(state.firings) << qint32(state.earlyFirings) << qint32(state.sinceEarlyFiring)
                << state.timersRegistered;
        }
    }
    const std::vector<Timer> timers = liveTimers();
    out << quint64(timers.size());
    for (const Timer &t : timers)
        out << qint64(t.time) << qint32(t.key) << qint64(t.window.start) << qint64(t.window.end);
    out << quint64(m_dedupe.size());
    for (const auto &[key, ts] : m_dedupe)
        out << key << qint64(ts);
    out << quint64(m_dedupeExpiry.size());
    for (const auto &[time, key] : m_dedupeExpiry)
        out << qint64(time) << key;
    const EngineCounters &c = m_counters;
    for (std::int64_t v : {c.events, c.filtered, c.noEventTime, c.duplicates, c.lateAccepted, c.lateDropped,
                           c.windowsCreated, c.firings, c.lateFirings, c.earlyFirings, c.purged, c.merges})
        out << qint64(v);
    return bytes;
}

Status Engine::restoreState(const QByteArray &bytes)
{
    QDataStream in(bytes);
    in.setVersion(QDataStream::Qt_6_4);
    auto bad = [](const char *what) {
        return Error::badInput(QStringLiteral("engine checkpoint is damaged (%1)").arg(QLatin1String(what)));
    };
    quint32 magic = 0;
    qint64 watermark = 0, firstArrival = 0, lastSeq = 0;
    bool hasHolding = false;
    qint32 holdingTopic = 0, holdingPartition = 0;
    in >> magic >> watermark >> firstArrival >> lastSeq >> hasHolding >> holdingTopic >> holdingPartition;
    if (magic != kStateMagic)
        return bad("header");
    // Counts come from the bytes: bound them by what is left to read.
    auto count = [&](quint64 &n, int minBytesEach) {
        in >> n;
        return in.status() == QDataStream::Ok && n <= quint64(bytes.size()) / quint64(minBytesEach);
    };
    std::vector<Partition> partitions;
    quint64 n = 0;
    if (!count(n, 34))
        return bad("partitions");
    for (quint64 i = 0; i < n; ++i) {
        Partition p;
        qint32 topic = 0, partition = 0;
        qint64 maxTs = 0, wm = 0, activity = 0;
        in >> topic >> partition >> maxTs >> wm >> activity >> p.idle >> p.seen;
        p.ref = {topic, partition};
        p.maxEventTime = maxTs;
        p.watermark = wm;
        p.lastActivityUs = activity;
        partitions.push_back(p);
    }
    std::vector<KeySlot> keys;
    QHash<QByteArray, int> keyIds;
    if (!count(n, 12))
        return bad("keys");
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        QByteArray key;
        quint64 windowCount = 0;
        in >> key;
        if (!count(windowCount, 40) || keyIds.contains(key))
            return bad("windows");
        keyIds.insert(key, int(keys.size()));
        keys.push_back(KeySlot{key, {}});
        KeyWindows &windows = keys.back().windows;
        for (quint64 w = 0; w < windowCount && in.status() == QDataStream::Ok; ++w) {
            qint64 start = 0, end = 0;
            quint64 seqCount = 0, aggCount = 0;
            in >> start >> end;
            WindowState state;
            if (!count(seqCount, 8))
                return bad("seqs");
            state.seqs.resize(seqCount);
            for (auto &seq : state.seqs) {
                qint64 s = 0;
                in >> s;
                seq = s;
            }
            if (!count(aggCount, 8) || aggCount != quint64(m_spec.aggregates.size()))
                return bad("aggregates");
            state.aggregates.resize(aggCount);
            for (auto &a : state.aggregates)
                in >> a;
            qint32 firings = 0, early = 0, since = 0;
            in >> firings >> early >> since >> state.timersRegistered;
            state.firings = firings;
            state.earlyFirings = early;
            state.sinceEarlyFiring = since;
            const TimeWindow window{start, end};
            if (!windows.empty() && !(windows.back().window < window))
                return bad("window order");
            windows.push_back(OpenWindow{window, std::move(state)});
        }
    }
    TimerBuckets timers;
    if (!count(n, 28))
        return bad("timers");
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        qint64 time = 0, start = 0, end = 0;
        qint32 key = 0;
        in >> time >> key >> start >> end;
        if (key < 0 || std::size_t(key) >= keys.size())
            return bad("timer key");
        timers[time].push_back(TimerTarget{key, {start, end}});
    }
    std::map<QByteArray, std::int64_t> dedupe;
    std::multimap<std::int64_t, QByteArray> expiry;
    if (!count(n, 12))
        return bad("dedupe");
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        QByteArray key;
        qint64 ts = 0;
        in >> key >> ts;
        dedupe.emplace(key, ts);
    }
    if (!count(n, 12))
        return bad("dedupe expiry");
    for (quint64 i = 0; i < n && in.status() == QDataStream::Ok; ++i) {
        QByteArray key;
        qint64 time = 0;
        in >> time >> key;
        expiry.emplace(time, key);
    }
    EngineCounters c;
    for (std::int64_t *v : {&c.events, &c.filtered, &c.noEventTime, &c.duplicates, &c.lateAccepted, &c.lateDropped,
                            &c.windowsCreated, &c.firings, &c.lateFirings, &c.earlyFirings, &c.purged, &c.merges}) {
        qint64 value = 0;
        in >> value;
        *v = value;
    }
    if (in.status() != QDataStream::Ok || !in.atEnd())
        return bad("length");

    m_watermark = watermark;
    m_firstArrivalUs = firstArrival;
    m_lastSeq = lastSeq;
    m_holding = hasHolding ? std::optional<PartitionRef>(PartitionRef{holdingTopic, holdingPartition}) : std::nullopt;
    m_partitions = std::move(partitions);
    indexPartitions();
    m_keys = std::move(keys);
    m_keyIds = std::move(keyIds);
    m_timers = std::move(timers);
    m_dedupe = std::move(dedupe);
    m_dedupeExpiry = std::move(expiry);
    m_counters = c;
    return {};
}

} // namespace streamscope
