// The event-time engine against Apache Flink's documented semantics. Every
// expected value below is worked out by hand in the comment next to it.
//
// Notation: an event is (partition, arrival ms, event time ms, key); results
// are written "key [start,end) kind#firing {seqs} @step" where @step is the
// seq whose processing emitted the result.

#include "engine/engine.h"
#include "engine/resultjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <set>

using namespace streamscope;

namespace {

struct In {
    int partition = 0;
    std::int64_t arrivalMs = 0;
    std::optional<std::int64_t> ts;
    QByteArray key = "k";
    double value = 1;
    bool passes = true;
    std::optional<QByteArray> dedupe = std::nullopt;
};

PipelineSpec tumbling(std::int64_t size, std::int64_t d = 0, std::int64_t lateness = 0)
{
    PipelineSpec spec;
    spec.window = {WindowKind::Tumbling, size, 0, 0, 0};
    spec.outOfOrdernessMs = d;
    spec.allowedLatenessMs = lateness;
    spec.aggregates = {AggregateSpec{AggregateKind::Count, {}, 0, QStringLiteral("count")},
                       AggregateSpec{AggregateKind::Sum, QStringLiteral("value.v"), 0, QStringLiteral("sum")}};
    return spec;
}

// One aggregate of each kind (two percentiles) over the events' value "v".
QList<AggregateSpec> everyAggregate()
{
    return {
        {AggregateKind::Count, {}, 0, QStringLiteral("n")},
        {AggregateKind::Sum, QStringLiteral("v"), 0, QStringLiteral("sum")},
        {AggregateKind::Min, QStringLiteral("v"), 0, QStringLiteral("min")},
        {AggregateKind::Max, QStringLiteral("v"), 0, QStringLiteral("max")},
        {AggregateKind::Avg, QStringLiteral("v"), 0, QStringLiteral("avg")},
        {AggregateKind::First, QStringLiteral("v"), 0, QStringLiteral("first")},
        {AggregateKind::Last, QStringLiteral("v"), 0, QStringLiteral("last")},
        {AggregateKind::CountDistinct, QStringLiteral("v"), 0, QStringLiteral("distinct")},
        {AggregateKind::Percentile, QStringLiteral("v"), 50, QStringLiteral("p50")},
        {AggregateKind::Percentile, QStringLiteral("v"), 90, QStringLiteral("p90")},
        {AggregateKind::Collect, {}, 0, QStringLiteral("events")},
    };
}

QString kindName(FireKind k)
{
    return k == FireKind::OnTime ? QStringLiteral("on_time") : k == FireKind::Late ? QStringLiteral("late") : QStringLiteral("early");
}

QString format(const WindowResult &r)
{
    QStringList seqs;
    for (std::int64_t s : r.seqs)
        seqs << QString::number(s);
    return QStringLiteral("%1 [%2,%3) %4#%5 {%6} @%7")
        .arg(QString::fromUtf8(r.key))
        .arg(r.window.start)
        .arg(r.window.end)
        .arg(kindName(r.kind))
        .arg(r.firing)
        .arg(seqs.join(QLatin1Char(',')))
        .arg(r.triggerSeq);
}

struct Run {
    std::vector<StepReport> steps;
    QStringList results;
    QList<std::int64_t> dropped;
    std::unique_ptr<Engine> engine;
};

Run run(const PipelineSpec &spec, const QList<In> &events, std::vector<PartitionRef> partitions = {{0, 0}})
{
    Run r;
    r.engine = std::make_unique<Engine>(spec, partitions);
    std::int64_t seq = 0;
    for (const In &in : events) {
        EngineEvent e;
        e.seq = seq++;
        e.arrivalUs = in.arrivalMs * 1000;
        e.partition = {0, in.partition};
        e.offset = e.seq;
        e.eventTimeMs = in.ts;
        e.key = in.key;
        e.passesFilter = in.passes;
        e.dedupeKey = in.dedupe;
        e.inputs.resize(std::size_t(spec.aggregates.size()));
        for (int i = 0; i < spec.aggregates.size(); ++i)
            if (!spec.aggregates[i].argument.isEmpty())
                e.inputs[std::size_t(i)] = AggregateInput::ofNumber(in.value);
        StepReport report = r.engine->step(e);
        for (const WindowResult &w : report.results)
            r.results << format(w);
        for (const LateEvent &l : report.dropped)
            r.dropped << l.seq;
        r.steps.push_back(std::move(report));
    }
    return r;
}

} // namespace

class TestEngine : public QObject
{
    Q_OBJECT

private slots:
    // Window assignment, including the examples of the Flink and Kafka
    // Streams documentation.
    void assignment_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<qint64>("size");
        QTest::addColumn<qint64>("slide");
        QTest::addColumn<qint64>("offset");
        QTest::addColumn<qint64>("timestamp");
        QTest::addColumn<QString>("windows");
        const qint64 h = 3600000, m = 60000;
        QTest::addRow("tumbling start") << 0 << 10000LL << 0LL << 0LL << 0LL << "[0,10000)";
        QTest::addRow("tumbling last ms") << 0 << 10000LL << 0LL << 0LL << 9999LL << "[0,10000)";
        QTest::addRow("tumbling next") << 0 << 10000LL << 0LL << 0LL << 10000LL << "[10000,20000)";
        QTest::addRow("tumbling negative") << 0 << 10000LL << 0LL << 0LL << -1LL << "[-10000,0)";
        // Flink docs: hourly windows are aligned with the epoch, 1:00:00.000 -
        // 1:59:59.999; with a 15 minute offset, 1:15:00.000 - 2:14:59.999.
        QTest::addRow("flink hourly 1:30") << 0 << h << 0LL << 0LL << (h + 30 * m) << QStringLiteral("[%1,%2)").arg(h).arg(2 * h);
        QTest::addRow("flink offset 15 min, 1:30") << 0 << h << 0LL << 15 * m << (h + 30 * m)
                                                   << QStringLiteral("[%1,%2)").arg(h + 15 * m).arg(2 * h + 15 * m);
        QTest::addRow("flink offset 15 min, 1:10") << 0 << h << 0LL << 15 * m << (h + 10 * m)
                                                   << QStringLiteral("[%1,%2)").arg(15 * m).arg(h + 15 * m);
        // Kafka Streams docs: hopping windows of size 5000 ms advancing by
        // 3000 ms have boundaries [0;5000),[3000;8000),… so 4000 is in the
        // first two and 7000 in [3000;8000) and [6000;11000).
        QTest::addRow("kafka streams hopping 4000") << 1 << 5000LL << 3000LL << 0LL << 4000LL << "[0,5000) [3000,8000)";
        QTest::addRow("kafka streams hopping 7000") << 1 << 5000LL << 3000LL << 0LL << 7000LL << "[3000,8000) [6000,11000)";
        QTest::addRow("kafka streams hopping 2999") << 1 << 5000LL << 3000LL << 0LL << 2999LL << "[0,5000)";
        // Sliding 10 s every 5 s: 7000 is in [0,10000) and [5000,15000).
        QTest::addRow("sliding 7000") << 1 << 10000LL << 5000LL << 0LL << 7000LL << "[0,10000) [5000,15000)";
        QTest::addRow("session") << 2 << 5000LL << 0LL << 0LL << 1234LL << "[1234,6234)";
    }

    void assignment()
    {
        QFETCH(int, kind);
        QFETCH(qint64, size);
        QFETCH(qint64, slide);
        QFETCH(qint64, offset);
        QFETCH(qint64, timestamp);
        QFETCH(QString, windows);
        WindowSpec spec;
        spec.kind = WindowKind(kind);
        spec.sizeMs = spec.gapMs = size;
        spec.slideMs = slide;
        spec.offsetMs = offset;
        QStringList got;
        for (const TimeWindow &w : assignWindows(spec, timestamp))
            got << QStringLiteral("[%1,%2)").arg(w.start).arg(w.end);
        QCOMPARE(got.join(QLatin1Char(' ')), windows);
    }

    // watermark = max event time − D − 1; a window fires when the watermark
    // reaches end − 1, after the element that moved it was processed.
    void firesWhenWatermarkReachesEndMinusOne()
    {
        // D = 0, tumbling 10 s. ts 1000 → wm 999; 5000 → 4999; 9999 → 9998
        // (< 9999: [0,10000) not yet); 10000 goes to [10000,20000), then wm
        // 9999 fires [0,10000) with seqs 0,1,2 at step 3.
        Run r = run(tumbling(10000), {{0, 0, 1000}, {0, 1, 5000}, {0, 2, 9999}, {0, 3, 10000}});
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0,1,2} @3"});
        QCOMPARE(r.steps[0].watermarkAfter, 999);
        QCOMPARE(r.steps[2].watermarkAfter, 9998);
        QCOMPARE(r.steps[3].watermarkAfter, 9999);
        QVERIFY(r.steps[3].has(ChangeKind::WatermarkAdvanced));
    }

    void boundedOutOfOrderness()
    {
        // D = 2000: ts 1000 → wm −1001; 11000 → 8999 (no fire); 3000 (late
        // for nobody: 3000 > 8999? no, 3000 ≤ 8999 but [0,10000) is open)
        // joins [0,10000); 12000 → wm 9999 fires {0,2}.
        Run r = run(tumbling(10000, 2000), {{0, 0, 1000}, {0, 1, 11000}, {0, 2, 3000}, {0, 3, 12000}});
        QCOMPARE(r.steps[0].watermarkAfter, -1001);
        QCOMPARE(r.steps[1].watermarkAfter, 8999);
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0,2} @3"});
        // seq 2 was behind the watermark (3000 ≤ 8999) but its window was
        // open: accepted, and it is a late event by definition.
        QVERIFY(r.steps[2].has(ChangeKind::LateAccepted));
        QVERIFY(r.dropped.isEmpty());
    }

    void lateWithinAllowedLatenessRefires()
    {
        // D = 0, allowed lateness 5 s. 1000 → wm 999; 10000 → wm 9999 fires
        // [0,10000) {0} @1. 3000: window cleanup time 9999 + 5000 = 14999 >
        // 9999, so it is added, and as its end − 1 ≤ wm it fires again at
        // once: late#2 {0,2} @2. 15000 → wm 14999: the cleanup timer purges
        // [0,10000). 4000: 14999 ≤ 14999, window late, 4000 + 5000 ≤ 14999:
        // dropped. 9999: 9999 + 5000 = 14999 ≤ 14999: dropped too (≤).
        PipelineSpec spec = tumbling(10000, 0, 5000);
        Run r = run(spec, {{0, 0, 1000}, {0, 1, 10000}, {0, 2, 3000}, {0, 3, 15000}, {0, 4, 4000}, {0, 5, 9999}});
        QCOMPARE(r.results, (QStringList{"k [0,10000) on_time#1 {0} @1", "k [0,10000) late#2 {0,2} @2"}));
        QVERIFY(r.steps[2].has(ChangeKind::WindowRefired));
        QVERIFY(r.steps[2].has(ChangeKind::LateAccepted));
        QVERIFY(r.steps[3].has(ChangeKind::WindowPurged));
        QCOMPARE(r.dropped, (QList<std::int64_t>{4, 5}));
        QVERIFY(r.steps[4].has(ChangeKind::LateDropped));
        const EngineSnapshot s = r.engine->snapshot();
        QCOMPARE(s.counters.lateAccepted, 1);
        QCOMPARE(s.counters.lateDropped, 2);
        QCOMPARE(s.counters.lateFirings, 1);
        // [10000,20000) holds seqs 1 and 3; nothing of [0,10000) is left.
        QCOMPARE(s.windows.size(), std::size_t(1));
        QCOMPARE(s.windows[0].seqs, (std::vector<std::int64_t>{1, 3}));
    }

    void noLatenessDropsAfterFiring()
    {
        // L = 0: 1000; 10000 → wm 9999 fires and purges [0,10000) (cleanup
        // time = 9999). 5000: cleanup 9999 ≤ 9999 → dropped. 9999 too.
        Run r = run(tumbling(10000), {{0, 0, 1000}, {0, 1, 10000}, {0, 2, 5000}, {0, 3, 9999}, {0, 4, 10001}});
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0} @1"});
        QVERIFY(r.steps[1].has(ChangeKind::WindowPurged));
        QCOMPARE(r.dropped, (QList<std::int64_t>{2, 3}));
        // 10001 is behind nothing: wm 9999 < 10001, [10000,20000) open.
        QVERIFY(!r.steps[4].has(ChangeKind::LateAccepted));
    }

    void lastMillisecondIsNotLate()
    {
        // wm 9998 after ts 9999 (D = 0); another 9999 arrives: [0,10000) has
        // end − 1 = 9999 > 9998, so it is open; both fire together at 10000.
        Run r = run(tumbling(10000), {{0, 0, 9999}, {0, 1, 9999}, {0, 2, 10000}});
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0,1} @2"});
        QVERIFY(r.dropped.isEmpty());
    }

    void combinedWatermarkIsMinimumOverPartitions()
    {
        // Two partitions. p0: 20000 → wm_p0 19999, p1 has none → combined
        // stays MIN. p1: 5000 → min(19999, 4999) = 4999. p1: 15000 → 14999:
        // [0,10000) fires with {1} (seq 1 is p1's 5000) at step 2. p0's
        // 20000 sits in [20000,30000).
        Run r = run(tumbling(10000), {{0, 0, 20000, "a"}, {1, 1, 5000, "b"}, {1, 2, 15000, "b"}}, {{0, 0}, {0, 1}});
        QCOMPARE(r.steps[0].watermarkAfter, kNoWatermark);
        QCOMPARE(r.steps[1].watermarkAfter, 4999);
        QCOMPARE(r.steps[2].watermarkAfter, 14999);
        QCOMPARE(r.results, QStringList{"b [0,10000) on_time#1 {1} @2"});
        const EngineSnapshot s = r.engine->snapshot();
        QVERIFY(s.holdingPartition);
        QCOMPARE(s.holdingPartition->partition, 1); // p1 (14999) holds back p0 (19999)
    }

    // Partitions not known up front join when their first event comes, in
    // any order, and from then on hold the watermark back like the others.
    void partitionsDiscoveredWhileRunning()
    {
        // Known: p0 only. p0: 20000 → 19999. p3 arrives: 8000 → min 7999 is
        // below 19999, the combined watermark stays at 19999 (it never goes
        // back). p1: 30000 (29999), p3: 26000 (25999), p0: 40000 (39999) →
        // min(39999, 29999, 25999) = 25999, which fires a's [20000,25000).
        Run r = run(tumbling(5000), {{0, 0, 20000, "a"}, {3, 1, 8000, "c"}, {1, 2, 30000, "b"}, {3, 3, 26000, "c"},
                                     {0, 4, 40000, "a"}});
        QCOMPARE(r.steps[0].watermarkAfter, 19999);
        QCOMPARE(r.steps[1].watermarkAfter, 19999);
        QCOMPARE(r.steps[2].watermarkAfter, 19999);
        QCOMPARE(r.steps[3].watermarkAfter, 19999);
        QCOMPARE(r.steps[4].watermarkAfter, 25999);
        QCOMPARE(r.results, QStringList{"a [20000,25000) on_time#1 {0} @4"});
        const EngineSnapshot s = r.engine->snapshot();
        QCOMPARE(s.partitions.size(), std::size_t(3));
        QCOMPARE(s.partitions[0].ref.partition, 0);
        QCOMPARE(s.partitions[1].ref.partition, 1);
        QCOMPARE(s.partitions[2].ref.partition, 3);
        QCOMPARE(s.partitions[0].maxEventTime, 40000);
        QCOMPARE(s.partitions[1].maxEventTime, 30000);
        QCOMPARE(s.partitions[2].maxEventTime, 26000);
        QCOMPARE(s.holdingPartition->partition, 3);
    }

    void idlePartitionStopsHoldingTheWatermark()
    {
        // Idle timeout 5 s of arrival time; p1 never delivers. Arrival 0 ms:
        // p0 ts 1000 (wm_p0 999; p1 at MIN holds the combined at MIN).
        // Arrival 1000 ms: p0 ts 11000 (wm_p0 10999); p1 idle for 1 s only.
        // Arrival 6500 ms: p1 has been silent 6.5 s > 5 s: idle; combined =
        // 10999 before the element, so [0,10000) fires {0} @2; then 12000
        // joins [10000,20000). Arrival 7000 ms: p1 wakes up with ts 3000:
        // [0,10000) is past cleanup (9999 ≤ 10999... combined is 11999 now)
        // → dropped; p1's wm 2999 now holds the combined at 11999 (it never
        // goes back). Arrival 8000: p0 ts 25000 → still 11999: [10000,20000)
        // does not fire because p1 holds it back.
        PipelineSpec spec = tumbling(10000);
        spec.idleTimeoutMs = 5000;
        Run r = run(spec, {{0, 0, 1000}, {0, 1000, 11000}, {0, 6500, 12000}, {1, 7000, 3000}, {0, 8000, 25000}},
                    {{0, 0}, {0, 1}});
        QCOMPARE(r.steps[1].watermarkAfter, kNoWatermark);
        QVERIFY(r.steps[2].has(ChangeKind::PartitionIdle));
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0} @2"});
        QCOMPARE(r.steps[2].watermarkAfter, 11999);
        QVERIFY(r.steps[3].has(ChangeKind::PartitionActive));
        QCOMPARE(r.dropped, QList<std::int64_t>{3});
        QCOMPARE(r.steps[4].watermarkAfter, 11999);
        const EngineSnapshot s = r.engine->snapshot();
        QCOMPARE(s.holdingPartition->partition, 1);
    }

    void slidingWindowsFireInTurn()
    {
        // size 10 s slide 5 s, D = 0. ts 7000 → [0,10000) and [5000,15000).
        // ts 12000 → [5000,15000), [10000,20000); wm 11999 fires [0,10000)
        // {0} @1. ts 15000 → wm 14999 fires [5000,15000) {0,1} @2.
        PipelineSpec spec = tumbling(10000);
        spec.window = {WindowKind::Sliding, 10000, 5000, 0, 0};
        Run r = run(spec, {{0, 0, 7000}, {0, 1, 12000}, {0, 2, 15000}});
        QCOMPARE(r.results, (QStringList{"k [0,10000) on_time#1 {0} @1", "k [5000,15000) on_time#1 {0,1} @2"}));
    }

    void sessionWindowsMerge()
    {
        // gap 5 s, D = 100 s (nothing fires until the end). key a: 1000 →
        // [1000,6000); 3000 → [3000,8000) merges into [1000,8000); 20000 →
        // [20000,25000); 8000 → [8000,13000) touches [1000,8000) (8000 ≤
        // 8000) and merges into [1000,13000). Then 130000 → wm 29999 fires
        // both sessions: [1000,13000) {0,1,3} and [20000,25000) {2}, in
        // timer order (12999 before 24999).
        PipelineSpec spec = tumbling(0, 100000);
        spec.window = {WindowKind::Session, 0, 0, 0, 5000};
        Run r = run(spec, {{0, 0, 1000, "a"}, {0, 1, 3000, "a"}, {0, 2, 20000, "a"}, {0, 3, 8000, "a"}, {0, 4, 130000, "b"}});
        QVERIFY(r.steps[1].has(ChangeKind::WindowsMerged));
        QVERIFY(!r.steps[2].has(ChangeKind::WindowsMerged));
        QVERIFY(r.steps[3].has(ChangeKind::WindowsMerged));
        QCOMPARE(r.results, (QStringList{"a [1000,13000) on_time#1 {0,1,3} @4", "a [20000,25000) on_time#1 {2} @4"}));
        QCOMPARE(r.engine->snapshot().counters.merges, 2);
    }

    void sessionBridgeMergesThree()
    {
        // [1000,6000) and [10000,15000), then 6000 → [6000,11000) touches
        // both: one session [1000,15000) with {0,1,2}; the merge names the two
        // old windows.
        PipelineSpec spec = tumbling(0, 100000);
        spec.window = {WindowKind::Session, 0, 0, 0, 5000};
        Run r = run(spec, {{0, 0, 1000}, {0, 1, 10000}, {0, 2, 6000}});
        const EngineSnapshot s = r.engine->snapshot();
        QCOMPARE(s.windows.size(), std::size_t(1));
        QCOMPARE(s.windows[0].window, (TimeWindow{1000, 15000}));
        QCOMPARE(s.windows[0].seqs, (std::vector<std::int64_t>{0, 1, 2}));
        QCOMPARE(s.windows[0].aggregates.value(QStringLiteral("count")).toInt(), 3);
        const auto merge = std::find_if(r.steps[2].changes.begin(), r.steps[2].changes.end(),
                                        [](const EngineChange &c) { return c.kind == ChangeKind::WindowsMerged; });
        QVERIFY(merge != r.steps[2].changes.end());
        QCOMPARE(merge->merged, (std::vector<TimeWindow>{{1000, 6000}, {10000, 15000}}));
        // The timers of the old windows are gone; the session's are there.
        for (const TimerSnapshot &t : s.timers)
            QCOMPARE(t.window, (TimeWindow{1000, 15000}));
    }

    void lateEventExtendsFiredSession()
    {
        // gap 5 s, D = 0, L = 10 s. 1000 → [1000,6000); 10000 → wm 9999 fires
        // it {0} @1 ([10000,15000) opens). 5000 (late: 5000 ≤ 9999) →
        // [5000,10000) touches both → [1000,15000), whose end − 1 = 14999 >
        // 9999: not fired yet (it grew). 16000 → wm 15999 fires the merged
        // session as its second firing, {0,1,2}.
        PipelineSpec spec = tumbling(0, 0, 10000);
        spec.window = {WindowKind::Session, 0, 0, 0, 5000};
        Run r = run(spec, {{0, 0, 1000}, {0, 1, 10000}, {0, 2, 5000}, {0, 3, 16000, "z"}});
        QCOMPARE(r.results, (QStringList{"k [1000,6000) on_time#1 {0} @1", "k [1000,15000) on_time#2 {0,1,2} @3"}));
        QVERIFY(r.steps[2].has(ChangeKind::LateAccepted));
    }

    // Kafka Streams: a record is dropped once stream time (the highest
    // timestamp seen) passes window end + grace. That is D = 0 with allowed
    // lateness = grace: Flink drops when end − 1 + L ≤ max − 1, i.e. when
    // max ≥ end + grace — the same rule.
    void kafkaStreamsGracePeriod()
    {
        // 5-minute windows, grace 1 minute. Stream time reaches 00:05:59.999
        // (record 359999): a record at 00:04 still counts (window [0,300000)
        // closes when stream time ≥ 360000). Then stream time 00:06:00.000:
        // a record at 00:04:30 is dropped.
        const std::int64_t m = 60000;
        PipelineSpec spec = tumbling(5 * m, 0, m);
        Run r = run(spec, {{0, 0, 1 * m}, {0, 1, 6 * m - 1}, {0, 2, 4 * m}, {0, 3, 6 * m}, {0, 4, 4 * m + 30000}});
        QVERIFY(r.steps[2].has(ChangeKind::LateAccepted));
        QCOMPARE(r.dropped, QList<std::int64_t>{4});
        QCOMPARE(r.results.first(), QStringLiteral("k [0,300000) on_time#1 {0} @1"));
    }

    void dedupeWithinHorizon()
    {
        // Dedupe by id within 10 s of event time, D = 0. "p1" at 1000 kept;
        // "p1" at 2000 dropped; "p2" kept. 12000 → wm 11999: the entry of p1
        // (1000 + 10000 = 11000 < 11999) expires; "p1" at 13000 counts again.
        PipelineSpec spec = tumbling(100000);
        spec.dedupeField = QStringLiteral("value.id");
        spec.dedupeHorizonMs = 10000;
        Run r = run(spec, {{0, 0, 1000, "k", 1, true, QByteArray("p1")},
                           {0, 1, 2000, "k", 1, true, QByteArray("p1")},
                           {0, 2, 3000, "k", 1, true, QByteArray("p2")},
                           {0, 3, 12000, "k", 1, true, QByteArray("p3")},
                           {0, 4, 13000, "k", 1, true, QByteArray("p1")}});
        QVERIFY(r.steps[1].has(ChangeKind::DedupeHit));
        QVERIFY(!r.steps[2].has(ChangeKind::DedupeHit));
        QVERIFY(!r.steps[4].has(ChangeKind::DedupeHit));
        const EngineSnapshot s = r.engine->snapshot();
        QCOMPARE(s.counters.duplicates, 1);
        QCOMPARE(s.windows[0].seqs, (std::vector<std::int64_t>{0, 2, 3, 4}));
    }

    void earlyFiring()
    {
        // Every 2 events of a window, before the watermark passes it: early
        // results after seqs 1 and 3, then the on-time result at 10000.
        PipelineSpec spec = tumbling(10000);
        spec.earlyFiringEvery = 2;
        Run r = run(spec, {{0, 0, 1}, {0, 1, 2}, {0, 2, 3}, {0, 3, 4}, {0, 4, 5}, {0, 5, 10000}});
        QCOMPARE(r.results, (QStringList{"k [0,10000) early#1 {0,1} @1", "k [0,10000) early#2 {0,1,2,3} @3",
                                         "k [0,10000) on_time#1 {0,1,2,3,4} @5"}));
    }

    void filteredEventsStillMoveTheWatermark()
    {
        // The filter runs after the source's watermarking: a filtered event
        // at 20000 still moves the watermark to 19999 and fires [0,10000).
        Run r = run(tumbling(10000), {{0, 0, 1000}, {0, 1, 20000, "k", 1, false}});
        QVERIFY(r.steps[1].has(ChangeKind::Filtered));
        QCOMPARE(r.results, QStringList{"k [0,10000) on_time#1 {0} @1"});
    }

    void eventsWithoutEventTime()
    {
        Run r = run(tumbling(10000), {{0, 0, std::nullopt}, {0, 1, 1000}});
        QVERIFY(r.steps[0].has(ChangeKind::NoEventTime));
        QCOMPARE(r.steps[0].watermarkAfter, kNoWatermark);
        QCOMPARE(r.engine->snapshot().counters.noEventTime, 1);
        QCOMPARE(r.engine->snapshot().windows[0].seqs, std::vector<std::int64_t>{1});
    }

    void eventTimesOutOfRangeCountAsNone()
    {
        // A hostile payload's time at the ends of int64 would overflow the
        // window's end and the watermark: beyond ±2^53 ms it is no event
        // time, as if absent. At the edges, with the longest durations a
        // pipeline takes, windows and the watermark are still exact.
        for (const std::int64_t t : {std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::int64_t>::min(),
                                     kMaxEventTimeMs + 1, -kMaxEventTimeMs - 1}) {
            Run r = run(tumbling(10000), {{0, 0, t}, {0, 1, 1000}});
            QVERIFY2(r.steps[0].has(ChangeKind::NoEventTime), qPrintable(QString::number(t)));
            QCOMPARE(r.steps[0].watermarkAfter, kNoWatermark);
            QCOMPARE(r.engine->snapshot().counters.noEventTime, 1);
            QCOMPARE(r.engine->snapshot().windows[0].seqs, std::vector<std::int64_t>{1});
        }
        PipelineSpec spec = tumbling(9'000'000'000'000'000);
        spec.allowedLatenessMs = 9'000'000'000'000'000;
        Run r = run(spec, {{0, 0, -kMaxEventTimeMs}, {0, 1, kMaxEventTimeMs}});
        QVERIFY(!r.steps[0].has(ChangeKind::NoEventTime));
        QVERIFY(!r.steps[1].has(ChangeKind::NoEventTime));
        QCOMPARE(r.steps[1].watermarkAfter, kMaxEventTimeMs - 1);
        // [-2^53 rounded down to a window of 9e15, +9e15) fired: its end - 1 is behind the watermark.
        QCOMPARE(r.results, QStringList{"k [-18000000000000000,-9000000000000000) on_time#1 {0} @1"});
    }

    void aggregates()
    {
        PipelineSpec spec = tumbling(10000);
        spec.aggregates = everyAggregate();
        // Values 4, 1, 4, 10, 6 (seqs 0..4), then 10000 fires.
        // count 5, sum 25, min 1, max 10, avg 5, first 4 (seq 0), last 6 (seq
        // 4), distinct {1,4,6,10} = 4, sorted 1 4 4 6 10: p50 = ceil(2.5) =
        // 3rd = 4, p90 = ceil(4.5) = 5th = 10.
        Run r = run(spec, {{0, 0, 1, "k", 4}, {0, 1, 2, "k", 1}, {0, 2, 3, "k", 4}, {0, 3, 4, "k", 10}, {0, 4, 5, "k", 6},
                           {0, 5, 10000, "k", 0}});
        QCOMPARE(r.steps[5].results.size(), std::size_t(1));
        const QJsonObject a = r.steps[5].results[0].aggregates();
        QCOMPARE(a.value(QStringLiteral("n")).toInt(), 5);
        QCOMPARE(a.value(QStringLiteral("sum")).toDouble(), 25.0);
        QCOMPARE(a.value(QStringLiteral("min")).toDouble(), 1.0);
        QCOMPARE(a.value(QStringLiteral("max")).toDouble(), 10.0);
        QCOMPARE(a.value(QStringLiteral("avg")).toDouble(), 5.0);
        QCOMPARE(a.value(QStringLiteral("first")).toDouble(), 4.0);
        QCOMPARE(a.value(QStringLiteral("last")).toDouble(), 6.0);
        QCOMPARE(a.value(QStringLiteral("distinct")).toInt(), 4);
        QCOMPARE(a.value(QStringLiteral("p50")).toDouble(), 4.0);
        QCOMPARE(a.value(QStringLiteral("p90")).toDouble(), 10.0);
        QCOMPARE(QJsonDocument(a.value(QStringLiteral("events")).toArray()).toJson(QJsonDocument::Compact),
                 QByteArray("[0,1,2,3,4]"));
    }

    // A purged window's buffers are reused by the windows created after it:
    // every window's aggregates must still be those of its own events.
    // Expected values are computed here from the events of each window.
    void windowsAfterPurgedOnesStartEmpty()
    {
        PipelineSpec spec = tumbling(1000);
        spec.aggregates = everyAggregate();
        // Three keys, 1 to 12 events per key and window, in event-time order.
        QList<In> events;
        struct Expected {
            std::vector<std::int64_t> seqs;
            std::vector<double> values;
        };
        std::map<std::pair<QByteArray, std::int64_t>, Expected> expected; // (key, window start)
        std::uint64_t x = 7;
        std::int64_t seq = 0;
        for (std::int64_t start = 0; start < 60000; start += 1000) {
            for (int i = 0; i < 12; ++i) {
                x = x * 6364136223846793005ULL + 1442695040888963407ULL;
                const QByteArray key = QByteArray("k") + QByteArray::number(int((x >> 33) % 3));
                const double value = double((x >> 40) % 50);
                events << In{0, seq, start + i * 80, key, value};
                expected[{key, start}].seqs.push_back(seq);
                expected[{key, start}].values.push_back(value);
                ++seq;
            }
        }
        Run r = run(spec, events);
        int checked = 0;
        for (const StepReport &step : r.steps) {
            for (const WindowResult &w : step.results) {
                const Expected &e = expected.at({w.key, w.window.start});
                std::vector<double> sorted = e.values;
                std::sort(sorted.begin(), sorted.end());
                const std::set<double> distinct(sorted.begin(), sorted.end());
                const auto rank = [&](double p) { return std::size_t(std::ceil(p * double(sorted.size()))) - 1; };
                const double sum = std::accumulate(sorted.begin(), sorted.end(), 0.0);
                const QJsonObject a = w.aggregates();
                const QString where = format(w);
                QCOMPARE(w.seqs, e.seqs);
                QCOMPARE(a.value(QStringLiteral("n")).toInteger(), qint64(e.seqs.size()));
                QCOMPARE(a.value(QStringLiteral("sum")).toDouble(), sum);
                QCOMPARE(a.value(QStringLiteral("avg")).toDouble(), sum / double(sorted.size()));
                QCOMPARE(a.value(QStringLiteral("min")).toDouble(), sorted.front());
                QCOMPARE(a.value(QStringLiteral("max")).toDouble(), sorted.back());
                QCOMPARE(a.value(QStringLiteral("first")).toDouble(), e.values.front());
                QCOMPARE(a.value(QStringLiteral("last")).toDouble(), e.values.back());
                QCOMPARE(a.value(QStringLiteral("distinct")).toInteger(), qint64(distinct.size()));
                QCOMPARE(a.value(QStringLiteral("p50")).toDouble(), sorted[rank(0.5)]);
                QCOMPARE(a.value(QStringLiteral("p90")).toDouble(), sorted[rank(0.9)]);
                QCOMPARE(a.value(QStringLiteral("events")).toArray().size(), qsizetype(e.seqs.size()));
                QVERIFY2(w.kind == FireKind::OnTime && w.firing == 1, qPrintable(where));
                ++checked;
            }
        }
        // Every window but those of the last second fired (watermark 59919).
        std::size_t lastSecond = 0;
        for (const auto &[id, e] : expected)
            lastSecond += id.second == 59000;
        QCOMPARE(std::size_t(checked), expected.size() - lastSecond);
        QCOMPARE(r.engine->snapshot().counters.purged, checked);
    }

    // ResultJsonWriter writes what QJsonDocument writes for toJson(), byte
    // for byte: keys, escaping, numbers and their types, odd names and keys.
    void resultJsonIsQtsJson()
    {
        const double inf = std::numeric_limits<double>::infinity();
        const QList<QJsonValue> values{
            QJsonValue(qint64(0)), QJsonValue(qint64(-5)), QJsonValue(qint64(9007199254740993LL)),
            QJsonValue(std::numeric_limits<qint64>::min()), QJsonValue(0.1), QJsonValue(-0.0), QJsonValue(1e17),
            QJsonValue(1e21), QJsonValue(123456789012345.0), QJsonValue(5.0), QJsonValue(1e-7), QJsonValue(2.5e-5),
            QJsonValue(std::nan("")), QJsonValue(inf), QJsonValue(-inf), QJsonValue(1.7976931348623157e308),
            QJsonValue(4.9e-324), QJsonValue(17.97), QJsonValue(), QJsonValue(QJsonValue::Undefined), QJsonValue(QStringLiteral("x\"y\\z\n")),
            QJsonValue(QStringLiteral("ünï😀")), QJsonValue(true), QJsonValue(false),
            QJsonArray{qint64(1), qint64(2), qint64(3)}, QJsonArray{}, QJsonArray{1, 2.5, QStringLiteral("s"), QJsonValue()},
            QJsonObject{{QStringLiteral("b"), 1}, {QStringLiteral("a"), QStringLiteral("t")}}};
        const QList<QByteArray> keys{"k", "", "quote\"back\\slash", QByteArray("ctl\x01\x1f\t\n\r\b\f\x7f", 13),
                                     "ünïcødé", "emoji 😀", "\xff\xfe abc", "trunc\xc3", "sensor-001"};
        const QList<QStringList> nameSets{
            {QStringLiteral("count"), QStringLiteral("sum(value.x)"), QStringLiteral("avg(value.x)")},
            {QStringLiteral("b"), QStringLiteral("B"), QStringLiteral("a"), QStringLiteral("Ä"), QStringLiteral("é😀"),
             QStringLiteral("\"q\"")},
            {QStringLiteral("n"), QStringLiteral("m"), QStringLiteral("n")}, // the last n is what QJsonObject keeps
            {},
        };
        ResultJsonWriter writer;
        int compared = 0;
        for (int i = 0; i < values.size() * 2; ++i) {
            WindowResult r;
            r.key = keys[i % keys.size()];
            r.window = {i % 3 == 0 ? -5000 : 1767225600000 + i, 1767225601000 + i};
            r.kind = FireKind(i % 3);
            r.firing = 1 + i % 4;
            r.watermark = i % 5 == 0 ? kNoWatermark : 1767225601397 - i;
            r.triggerSeq = i * 7;
            for (int s = 0; s < i % 6; ++s)
                r.seqs.push_back(i * 10 + s);
            r.aggregateNames = nameSets[i % nameSets.size()];
            for (qsizetype a = 0; a < r.aggregateNames.size() - (i % 7 == 6 ? 1 : 0); ++a) // sometimes a value short
                r.aggregateValues.push_back(values[(i + a * 5) % values.size()]);
            QByteArray line;
            writer.append(line, r);
            QCOMPARE(line, QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
            ++compared;
        }
        const QStringList topics{QStringLiteral("iot"), QStringLiteral("t\"ö")};
        for (int i = 0; i < keys.size(); ++i) {
            const LateEvent e{i * 3, {i % 3, i}, 1000 + i, 1767225600000 - i, i % 2 ? kNoWatermark : 1767225601000, keys[i]};
            QByteArray line;
            writer.append(line, e, topics);
            QCOMPARE(line, QJsonDocument(e.toJson(topics)).toJson(QJsonDocument::Compact));
            ++compared;
        }
        QVERIFY(compared > 60);

        // The line for people: aggregates in the same order, a collect as a count.
        WindowResult r;
        r.key = "sensor-%3"; // shown as it is (QString::arg once filled it in)
        r.window = {1000, 2000};
        r.triggerSeq = 131;
        r.aggregateNames = {QStringLiteral("count"), QStringLiteral("events"), QStringLiteral("avg(value.t)")};
        r.aggregateValues = {QJsonValue(qint64(3)), QJsonArray{qint64(1), qint64(5), qint64(9)}, QJsonValue(4.93)};
        QByteArray text;
        writer.appendText(text, r);
        QCOMPARE(text, QByteArray("seq 131: window sensor-%3 [1000, 2000) fired (#1): avg(value.t)=4.93, count=3, events=[3 events]"));
        WindowResult bare;
        bare.kind = FireKind::Late;
        bare.firing = 2;
        bare.window = {0, 10};
        bare.triggerSeq = 7;
        text.clear();
        writer.appendText(text, bare);
        QCOMPARE(text, QByteArray("seq 7: window (no key) [0, 10) fired late (#2): "));
    }

    // Checkpoints restore the exact state: running on from a restored
    // checkpoint gives the same results and snapshots as never stopping.
    void checkpointRestoresExactly()
    {
        PipelineSpec spec = tumbling(1000, 300, 500);
        spec.idleTimeoutMs = 2000;
        spec.dedupeField = QStringLiteral("id");
        spec.dedupeHorizonMs = 3000;
        spec.aggregates << AggregateSpec{AggregateKind::Percentile, QStringLiteral("v"), 95, {}}
                        << AggregateSpec{AggregateKind::CountDistinct, QStringLiteral("v"), 0, {}};
        QList<In> events;
        std::uint64_t x = 42;
        for (int i = 0; i < 3000; ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const int p = int((x >> 33) % 3);
            const std::int64_t ts = i * 10 - std::int64_t((x >> 40) % 1500);
            events << In{p, i * 10, ts, QByteArray("k") + QByteArray::number(int((x >> 20) % 5)), double((x >> 45) % 100),
                         (x >> 50) % 10 != 0, QByteArray::number(int((x >> 24) % 400))};
        }
        const std::vector<PartitionRef> parts{{0, 0}, {0, 1}, {0, 2}};
        Run full = run(spec, events, parts);

        Run firstHalf = run(spec, events.mid(0, 1500), parts);
        const QByteArray checkpoint = firstHalf.engine->saveState();
        Engine restored(spec, parts);
        QVERIFY(restored.restoreState(checkpoint));
        QCOMPARE(QJsonDocument(restored.snapshot().toJson()).toJson(),
                 QJsonDocument(firstHalf.engine->snapshot().toJson()).toJson());
        QStringList results = firstHalf.results;
        for (int i = 1500; i < events.size(); ++i) {
            const In &in = events[i];
            EngineEvent e;
            e.seq = i;
            e.arrivalUs = in.arrivalMs * 1000;
            e.partition = {0, in.partition};
            e.offset = i;
            e.eventTimeMs = in.ts;
            e.key = in.key;
            e.passesFilter = in.passes;
            e.dedupeKey = in.dedupe;
            e.inputs.resize(std::size_t(spec.aggregates.size()));
            for (int a = 0; a < spec.aggregates.size(); ++a)
                if (!spec.aggregates[a].argument.isEmpty())
                    e.inputs[std::size_t(a)] = AggregateInput::ofNumber(in.value);
            for (const WindowResult &w : restored.step(e).results)
                results << format(w);
        }
        QCOMPARE(results, full.results);
        QCOMPARE(QJsonDocument(restored.snapshot().toJson()).toJson(), QJsonDocument(full.engine->snapshot().toJson()).toJson());
        QVERIFY(full.results.size() > 100);
        QVERIFY(full.engine->snapshot().counters.lateDropped > 0);
        QVERIFY(full.engine->snapshot().counters.duplicates > 0);

        // A damaged checkpoint is refused, never half-applied.
        Engine other(spec, parts);
        QVERIFY(!other.restoreState(checkpoint.left(checkpoint.size() / 2)));
        QVERIFY(!other.restoreState(QByteArray("garbage")));
        QCOMPARE(other.snapshot().lastSeq, -1);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
