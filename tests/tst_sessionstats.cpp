// Session statistics, field series and the session follower: every expected
// value below is worked out by hand in the comment next to it.

#include "testsupport.h"

#include "session/sessionwriter.h"
#include "stats/fieldseries.h"
#include "stats/latencyhistogram.h"
#include "stats/sessionfollower.h"
#include "stats/sessionstats.h"

#include <QTemporaryDir>
#include <QTest>

#include <mutex>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// An event that owns its bytes (an EventView points into them).
struct Ev {
    std::int64_t seq = 0;
    std::int64_t arrivalUs = 0;
    int partition = 0;
    std::int64_t timestampMs = -1;
    std::optional<QByteArray> key = QByteArray("k");
    std::optional<QByteArray> value = QByteArray("{}");

    EventView view() const
    {
        EventView v;
        v.seq = seq;
        v.arrivalUs = arrivalUs;
        v.topicId = 0;
        v.partition = partition;
        v.offset = seq;
        v.timestampMs = timestampMs;
        v.timestampType = timestampMs >= 0 ? TimestampType::CreateTime : TimestampType::NotAvailable;
        v.key = key ? BytesView::of(key->constData(), key->size()) : BytesView::null();
        v.value = value ? BytesView::of(value->constData(), value->size()) : BytesView::null();
        return v;
    }
};

const QStringList kTopics{QStringLiteral("t")};

QList<std::int64_t> ints(std::initializer_list<std::int64_t> values) { return QList<std::int64_t>(values); }

expr::Expression compile(const QString &text)
{
    auto compiled = expr::Expression::compile(text);
    if (auto *e = std::get_if<expr::CompileError>(&compiled))
        qFatal("%s", qPrintable(e->message));
    return std::get<expr::Expression>(compiled);
}

} // namespace

class TestSessionStats : public QObject
{
    Q_OBJECT

private slots:
    void histogramBuckets()
    {
        // Exact below 256 µs; then 128 buckets per power of two.
        QCOMPARE(LatencyHistogram::bucketOf(0), 0);
        QCOMPARE(LatencyHistogram::bucketOf(255), 255);
        QCOMPARE(LatencyHistogram::bucketOf(256), 256); // [256, 258)
        QCOMPARE(LatencyHistogram::bucketLow(256), 256u);
        QCOMPARE(LatencyHistogram::bucketWidth(256), 2u);
        QCOMPARE(LatencyHistogram::bucketOf(511), 383);  // 256 + (511 >> 1) − 128
        QCOMPARE(LatencyHistogram::bucketOf(512), 384);  // [512, 516)
        QCOMPARE(LatencyHistogram::bucketWidth(384), 4u);
        // Every bucket holds what bucketOf puts in it, up to the largest magnitude.
        for (const std::uint64_t v : {300ull, 1000ull, 50'000ull, 123'456'789ull, ~0ull}) {
            const int b = LatencyHistogram::bucketOf(v);
            QVERIFY(LatencyHistogram::bucketLow(b) <= v);
            QVERIFY(v - LatencyHistogram::bucketLow(b) < LatencyHistogram::bucketWidth(b));
            QVERIFY(double(LatencyHistogram::bucketWidth(b)) <= double(v) / 128.0 + 1);
        }
    }

    void histogramPercentiles()
    {
        LatencyHistogram h;
        QVERIFY(!h.percentileUs(50));
        // Exact region: 10, 20, 30, 40 µs. Nearest rank: p50 → rank 2 → 20;
        // p95 → rank ceil(3.8) = 4 → 40; p25 → rank 1 → 10.
        for (const int v : {30, 10, 40, 20})
            h.add(v);
        QCOMPARE(*h.percentileUs(50), 20.0);
        QCOMPARE(*h.percentileUs(95), 40.0);
        QCOMPARE(*h.percentileUs(25), 10.0);
        // Negative latencies sort before positive ones: -5, 10, 20, 30, 40.
        h.add(-5);
        QCOMPARE(*h.percentileUs(20), -5.0); // rank 1
        QCOMPARE(*h.percentileUs(40), 10.0); // rank 2
        QCOMPARE(h.minUs(), -5);
        QCOMPARE(h.maxUs(), 40);

        // A single large value is reported exactly (kept within min..max).
        LatencyHistogram one;
        one.add(50'000);
        QCOMPARE(*one.percentileUs(99), 50'000.0);
    }

    void buckets()
    {
        // maxBuckets 10, starting at 1 ms buckets. Arrivals relative to
        // T = 1,000,000,000 µs:
        //   seq 0  T+500     p0  → width 1 ms, origin T, bucket 0
        //   seq 1  T+8200    p1  → bucket 8 (9 buckets)
        //   seq 2  T+15000   p0  → 16 buckets at 1 ms: too many; 2 ms: 8
        //   seq 3  T+95000   p1  → 48 at 2 ms; 10 ms: 10 buckets from T
        //   seq 4  T−10000   p0  → back in time: from T−10 ms 11 buckets at
        //          10 ms (to T+100 ms); 20 ms from T−20 ms: 6 buckets
        // Final: width 20 ms, origin T−20 ms; seq 4 in bucket 0, seqs 0, 1, 2
        // in bucket 1 (T+0.5, 8.2, 15 ms < T+20 ms), seq 3 in bucket 5
        // (T+95 ms − (T−20 ms) = 115 ms).
        SessionStats::Options options;
        options.maxBuckets = 10;
        options.minBucketUs = 1000;
        SessionStats stats(options);
        const std::int64_t T = 1'000'000'000;
        const Ev events[] = {
            {0, T + 500, 0, -1, QByteArray("k"), QByteArray("{\"a\":1}")},   // 1 + 7 bytes
            {1, T + 8200, 1, -1, QByteArray("kk"), QByteArray("[1,2]")},     // 2 + 5
            {2, T + 15000, 0, -1, std::nullopt, QByteArray("42")},           // 0 + 2
            {3, T + 95000, 1, -1, QByteArray("k"), std::nullopt},            // 1 + 0
            {4, T - 10000, 0, -1, QByteArray(""), QByteArray("0123456789")}, // 0 + 10, not JSON (a leading 0)
        };
        QCOMPARE(stats.snapshot().bucketWidthUs, 0);
        stats.add(events[0].view(), kTopics);
        QCOMPARE(stats.snapshot().bucketWidthUs, 1000);
        QCOMPARE(stats.snapshot().bucketCount(), 1);
        stats.add(events[1].view(), kTopics);
        QCOMPARE(stats.snapshot().bucketCount(), 9);
        stats.add(events[2].view(), kTopics);
        QCOMPARE(stats.snapshot().bucketWidthUs, 2000);
        QCOMPARE(stats.snapshot().total.events, ints({1, 0, 0, 0, 1, 0, 0, 1}));
        stats.add(events[3].view(), kTopics);
        QCOMPARE(stats.snapshot().bucketWidthUs, 10'000);
        QCOMPARE(stats.snapshot().total.events, ints({2, 1, 0, 0, 0, 0, 0, 0, 0, 1}));
        stats.add(events[4].view(), kTopics);

        const SessionStatsSnapshot s = stats.snapshot();
        QCOMPARE(s.bucketWidthUs, 20'000);
        QCOMPARE(s.bucketOriginUs, T - 20'000);
        QCOMPARE(s.bucketStartUs(5), T + 80'000);
        QCOMPARE(s.total.events, ints({1, 3, 0, 0, 0, 1}));
        QCOMPARE(s.total.bytes, ints({10, 8 + 7 + 2, 0, 0, 0, 1}));
        QCOMPARE(s.total.firstSeq, ints({4, 0, -1, -1, -1, 3}));
        QCOMPARE(s.partitions.size(), 2);
        QCOMPARE(s.partitions[0].partition, 0);
        QCOMPARE(s.partitions[0].topic, QStringLiteral("t"));
        QCOMPARE(s.partitions[0].buckets.events, ints({1, 2, 0, 0, 0, 0}));
        QCOMPARE(s.partitions[0].buckets.firstSeq, ints({4, 0, -1, -1, -1, -1}));
        QCOMPARE(s.partitions[0].events, 3);
        QCOMPARE(s.partitions[0].bytes, 10 + 8 + 2);
        QCOMPARE(s.partitions[1].buckets.events, ints({0, 1, 0, 0, 0, 1}));
        QCOMPARE(s.partitions[1].buckets.firstSeq, ints({-1, 1, -1, -1, -1, 3}));
        QCOMPARE(s.events, 5);
        QCOMPARE(s.bytes, 8 + 7 + 2 + 1 + 10);
        QCOMPARE(s.firstSeq, 0);
        QCOMPARE(s.lastSeq, 4);
        QCOMPARE(s.firstArrivalUs, T - 10'000);
        QCOMPARE(s.lastArrivalUs, T + 95'000);
        QCOMPARE(s.nullValues, 1);
        QCOMPARE(s.badPayloads, 1);
    }

    void ladder()
    {
        // Each width is a whole multiple of the one before.
        std::int64_t w = 1000;
        const std::int64_t expected[] = {2'000, 10'000, 20'000, 100'000, 200'000, 1'000'000, 2'000'000, 10'000'000,
                                         20'000'000, 60'000'000, 120'000'000, 600'000'000, 1'200'000'000,
                                         3'600'000'000, 7'200'000'000, 21'600'000'000, 43'200'000'000,
                                         86'400'000'000, 172'800'000'000};
        for (const std::int64_t next : expected) {
            QCOMPARE(SessionStats::nextBucketWidthUs(w), next);
            w = next;
        }
        QCOMPARE(SessionStats::nextBucketWidthUs(3), 6); // off the ladder: double
    }

    void boundedBuckets()
    {
        // A day of one event per second never needs more than maxBuckets.
        SessionStats stats;
        for (std::int64_t i = 0; i < 86'400; ++i)
            stats.add(Ev{i, 1'700'000'000'000'000 + i * 1'000'000}.view(), kTopics);
        const SessionStatsSnapshot s = stats.snapshot();
        QVERIFY(s.bucketCount() <= 500);
        QCOMPARE(s.bucketWidthUs, 600'000'000); // 24 h / 10 min = 144 buckets (20 min would be the next)
        std::int64_t sum = 0;
        for (const std::int64_t n : s.total.events)
            sum += n;
        QCOMPARE(sum, 86'400);
    }

    void latency()
    {
        // arrival − timestamp = 1, 2, … 100 ms. Nearest rank over 100 values:
        // p50 = 50 ms, p95 = 95 ms, p99 = 99 ms, each within 0.4 %.
        SessionStats stats;
        for (int i = 1; i <= 100; ++i) {
            Ev e{i - 1, 0, 0, 1'700'000'000'000 + i * 7};
            e.arrivalUs = e.timestampMs * 1000 + i * 1000;
            stats.add(e.view(), kTopics);
        }
        stats.add(Ev{100, 1'700'000'001'000'000, 0, -1}.view(), kTopics); // no timestamp: not counted
        const SessionStatsSnapshot s = stats.snapshot();
        QCOMPARE(s.latencySamples, 100);
        QVERIFY2(qAbs(*s.latencyP50Ms - 50.0) <= 50.0 * 0.004, qPrintable(QString::number(*s.latencyP50Ms)));
        QVERIFY2(qAbs(*s.latencyP95Ms - 95.0) <= 95.0 * 0.004, qPrintable(QString::number(*s.latencyP95Ms)));
        QVERIFY2(qAbs(*s.latencyP99Ms - 99.0) <= 99.0 * 0.004, qPrintable(QString::number(*s.latencyP99Ms)));

        SessionStats none;
        none.add(Ev{0, 1}.view(), kTopics);
        QVERIFY(!none.snapshot().latencyP50Ms);
    }

    void badPayloads()
    {
        // The expression language's rule: null is a tombstone (counted
        // apart); empty, invalid, invalid UTF-8 in a string and integers
        // beyond 64 bits are not JSON; a scalar is JSON.
        SessionStats stats;
        const std::optional<QByteArray> values[] = {
            QByteArray("{\"a\":1}"),                       // JSON
            QByteArray("42"),                              // JSON
            QByteArray("not json"),                        // bad
            QByteArray(""),                                // bad
            std::nullopt,                                  // null
            QByteArray("[1,2"),                            // bad
            QByteArray("\"\xff\""),                        // bad
            QByteArray("123456789012345678901234567890"), // bad
            QByteArray("\x00\x01\x02", 3),                 // bad
        };
        std::int64_t seq = 0;
        for (const auto &v : values) {
            Ev e{seq, 1'000'000 + seq};
            e.value = v;
            stats.add(e.view(), kTopics);
            ++seq;
        }
        QCOMPARE(stats.snapshot().badPayloads, 6);
        QCOMPARE(stats.snapshot().nullValues, 1);
    }

    void recentRate()
    {
        // A 1 s window. One event of 1 + 9 = 10 bytes every 100 ms, at 10.05 s,
        // 10.15 s … 12.95 s (30 events, slots 100 … 129).
        SessionStats::Options options;
        options.rateWindowUs = 1'000'000;
        SessionStats stats(options);
        for (int i = 0; i < 30; ++i) {
            Ev e{i, 10'050'000 + std::int64_t(i) * 100'000};
            e.value = QByteArray("123456789");
            stats.add(e.view(), kTopics);
            if (i == 2) {
                // Three events so far over a session 0.3 s young: 10 /s, not 3 /s.
                const SessionStatsSnapshot young = stats.snapshot();
                QCOMPARE(young.recentWindowSeconds, 0.3);
                QCOMPARE(young.recentEventsPerSecond, 10.0);
            }
        }
        // Slots 120 … 129: 10 events, 100 bytes in 1 s.
        SessionStatsSnapshot s = stats.snapshot();
        QCOMPARE(s.recentWindowSeconds, 1.0);
        QCOMPARE(s.recentEventsPerSecond, 10.0);
        QCOMPARE(s.recentBytesPerSecond, 100.0);
        // Live, at 13.45 s (slot 134): slots 125 … 134 hold 5 events.
        s = stats.snapshot(13'450'000);
        QCOMPARE(s.recentEventsPerSecond, 5.0);
        // Long after the last event: nothing.
        s = stats.snapshot(20'000'000);
        QCOMPARE(s.recentEventsPerSecond, 0.0);
        QCOMPARE(s.recentBytesPerSecond, 0.0);
    }

    void clear()
    {
        SessionStats stats;
        stats.add(Ev{0, 5'000'000, 0, 4000}.view(), kTopics);
        stats.clear();
        const SessionStatsSnapshot s = stats.snapshot();
        QCOMPARE(s.events, 0);
        QCOMPARE(s.bucketCount(), 0);
        QCOMPARE(s.latencySamples, 0);
        QCOMPARE(s.recentEventsPerSecond, 0.0);
    }

    void fieldSeries()
    {
        // value.t over event time (the Kafka timestamp):
        //   seq 0 ts 300 {"t":1}        → (300, 1)
        //   seq 1 ts 100 {"t":"2.5"}    → (100, 2.5): a string that is a JSON number
        //   seq 2 ts 200 {"t":"abc"}    → not a number
        //   seq 3 ts 400 {}             → missing
        //   seq 4 ts 500 {"t":true}     → not a number
        //   seq 5 ts 50  {"t":3}        → (50, 3)
        //   seq 6 ts -1  {"t":4}        → no time
        //   seq 7 ts 100 {"t":-2}       → (100, -2), after seq 1 (same time)
        //   seq 8 ts 600 not JSON       → missing
        FieldSeriesOptions options;
        options.value = compile(QStringLiteral("value.t"));
        FieldSeriesBuilder builder(options);
        const std::pair<std::int64_t, const char *> input[] = {
            {300, "{\"t\":1}"}, {100, "{\"t\":\"2.5\"}"}, {200, "{\"t\":\"abc\"}"}, {400, "{}"}, {500, "{\"t\":true}"},
            {50, "{\"t\":3}"},  {-1, "{\"t\":4}"},        {100, "{\"t\":-2}"},      {600, "oops"},
        };
        std::int64_t seq = 0;
        for (const auto &[ts, json] : input) {
            Ev e{seq, 1'000'000 + seq * 1000, int(seq % 2), ts};
            e.value = QByteArray(json);
            builder.add(e.view(), kTopics);
            ++seq;
        }
        FieldSeriesSnapshot s = builder.snapshot();
        QCOMPARE(s.events, 9);
        QCOMPARE(s.points, 4);
        QCOMPARE(s.missing, 2);
        QCOMPARE(s.notNumbers, 2);
        QCOMPARE(s.noTime, 1);
        QCOMPARE(s.series.size(), 1);
        QCOMPARE(s.series[0].timesMs, QList<double>({50, 100, 100, 300}));
        QCOMPARE(s.series[0].values, QList<double>({3, 2.5, -2, 1}));
        QCOMPARE(s.series[0].seqs, ints({5, 1, 7, 0}));
        QVERIFY(!s.series[0].downsampled);

        // By partition (seq % 2), on arrival time (1000 + seq ms):
        // partition 0: seqs 0, 6 (ts -1 does not matter here); partition 1: 1, 5, 7.
        options.axis = TimeAxis::Arrival;
        options.split = SeriesSplit::Partition;
        FieldSeriesBuilder byPartition(options);
        seq = 0;
        for (const auto &[ts, json] : input) {
            Ev e{seq, 1'000'000 + seq * 1000, int(seq % 2), ts};
            e.value = QByteArray(json);
            byPartition.add(e.view(), kTopics);
            ++seq;
        }
        s = byPartition.snapshot();
        QCOMPARE(s.points, 5);
        QCOMPARE(s.noTime, 0);
        QCOMPARE(s.series.size(), 2);
        QCOMPARE(s.series[0].partition, 0);
        QCOMPARE(s.series[0].seqs, ints({0, 6}));
        QCOMPARE(s.series[0].timesMs, QList<double>({1000, 1006}));
        QCOMPARE(s.series[1].partition, 1);
        QCOMPARE(s.series[1].seqs, ints({1, 5, 7}));
    }

    void fieldSeriesEventTimeAndKeys()
    {
        // Event time from an expression (value.ts), one series per key, at
        // most 2 series: keys a, b, then c and d share "other".
        FieldSeriesOptions options;
        options.value = compile(QStringLiteral("value.v"));
        options.eventTime = compile(QStringLiteral("value.ts"));
        options.split = SeriesSplit::Key;
        options.maxSeries = 2;
        FieldSeriesBuilder builder(options);
        const std::tuple<const char *, int, int> input[] = {{"a", 20, 1}, {"b", 10, 2}, {"a", 5, 3}, {"c", 7, 4}, {"d", 8, 5}};
        std::int64_t seq = 0;
        for (const auto &[key, ts, v] : input) {
            Ev e{seq, 1000, 0, 999};
            e.key = QByteArray(key);
            e.value = QStringLiteral("{\"ts\":%1,\"v\":%2}").arg(ts).arg(v).toUtf8();
            builder.add(e.view(), kTopics);
            ++seq;
        }
        const FieldSeriesSnapshot s = builder.snapshot();
        QCOMPARE(s.series.size(), 3);
        QCOMPARE(*s.series[0].key, QByteArray("a"));
        QCOMPARE(s.series[0].timesMs, QList<double>({5, 20}));
        QCOMPARE(s.series[0].values, QList<double>({3, 1}));
        QCOMPARE(*s.series[1].key, QByteArray("b"));
        QVERIFY(s.series[2].other);
        QCOMPARE(s.series[2].seqs, ints({3, 4}));
    }

    void fieldSeriesDownsampled()
    {
        // 1000 points into a budget of 100: bounded, and the extremes stay.
        FieldSeriesOptions options;
        options.value = compile(QStringLiteral("value"));
        options.axis = TimeAxis::Arrival;
        options.maxPointsPerSeries = 100;
        FieldSeriesBuilder builder(options);
        for (int i = 0; i < 1000; ++i) {
            Ev e{i, 1'000'000 + i * 1000};
            e.value = QByteArray::number(i == 500 ? 1e6 : i == 700 ? -1e6 : i % 10);
            builder.add(e.view(), kTopics);
        }
        const FieldSeriesSnapshot s = builder.snapshot();
        QCOMPARE(s.points, 1000);
        QVERIFY(s.series[0].downsampled);
        QCOMPARE(s.series[0].points, 1000);
        QVERIFY(s.series[0].values.size() <= 100);
        QVERIFY(s.series[0].values.contains(1e6));
        QVERIFY(s.series[0].values.contains(-1e6));
        QVERIFY(std::is_sorted(s.series[0].timesMs.begin(), s.series[0].timesMs.end()));
        const qsizetype peak = s.series[0].values.indexOf(1e6);
        QCOMPARE(s.series[0].seqs[peak], 500);
    }

    void statsOverDemoSession()
    {
        // Totals of the buckets equal the session; bucket first seqs are the
        // first events at or after the bucket start.
        QTemporaryDir dir;
        const QString path = writeDemoSession(dir.filePath(QStringLiteral("iot.session")), QStringLiteral("iot"), 5000);
        auto reader = SessionReader::open(path);
        SS_VERIFY_OK(reader);
        SessionStats stats;
        SS_VERIFY_OK((*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &e) {
            stats.add(e, (*reader)->topics());
            return true;
        }));
        const SessionStatsSnapshot s = stats.snapshot();
        QCOMPARE(s.events, 5000);
        QCOMPARE(s.badPayloads, 0);
        std::int64_t total = 0;
        for (int b = 0; b < s.bucketCount(); ++b) {
            total += s.total.events[b];
            std::int64_t partitions = 0;
            for (const PartitionStats &p : s.partitions)
                partitions += p.buckets.events[b];
            QCOMPARE(partitions, s.total.events[b]);
            if (s.total.events[b] > 0) {
                // Demo arrivals never go back: the first seq at or after the bucket start.
                QCOMPARE(s.total.firstSeq[b], *(*reader)->seqAtArrival(s.bucketStartUs(b)));
            }
        }
        QCOMPARE(total, 5000);
        QCOMPARE(s.partitions.size(), 8);
        // Demo arrival = timestamp + 1 … 40 ms.
        QVERIFY(*s.latencyP50Ms >= 1 && *s.latencyP99Ms <= 40.2);
    }

    void followerCatchesUpAndFollows()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("live.session"));
        auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
        SS_VERIFY_OK(writer);
        const int topic = (*writer)->topicId(QStringLiteral("t"));
        std::int64_t seq = 0;
        const auto append = [&](int n) {
            ChunkBuilder builder;
            for (int i = 0; i < n; ++i, ++seq) {
                const QByteArray value = "{\"n\":" + QByteArray::number(seq) + "}";
                EventView e;
                e.arrivalUs = 1'700'000'000'000'000 + seq * 1000;
                e.topicId = topic;
                e.partition = 0;
                e.offset = seq;
                e.timestampMs = 1'700'000'000'000 + seq;
                e.key = BytesView::of("k", 1);
                e.value = BytesView::of(value.constData(), value.size());
                builder.append(e);
            }
            return (*writer)->append(builder);
        };
        SS_VERIFY_OK(append(100));
        QTRY_COMPARE((*writer)->stats().committedEvents, 100);

        SessionStats stats; // used on the follower's thread only
        std::mutex mutex;
        std::int64_t published = -1;
        bool caughtUp = false;
        SessionFollower follower(
            path,
            {[&](const EventView &e, const QStringList &topics) { stats.add(e, topics); },
             [&](const FollowProgress &p) {
                 const SessionStatsSnapshot s = stats.snapshot();
                 std::lock_guard lock(mutex);
                 published = s.events;
                 caughtUp = p.caughtUp;
             },
             [](const Error &e) { qWarning("%s", qPrintable(e.message)); }},
            /*live=*/true, /*intervalMs=*/20);
        const auto current = [&] {
            std::lock_guard lock(mutex);
            return caughtUp ? published : -1;
        };
        QTRY_COMPARE(current(), 100);
        SS_VERIFY_OK(append(50));
        QTRY_COMPARE(current(), 150);
        follower.setLive(false);
        SS_VERIFY_OK(append(10));
        QTRY_COMPARE((*writer)->stats().committedEvents, 160);
        follower.setLive(true);
        QTRY_COMPARE(current(), 160);
        follower.stop();
        SS_VERIFY_OK((*writer)->close());
    }

    void followerReportsFailure()
    {
        std::mutex mutex;
        QString failure;
        SessionFollower follower(QStringLiteral("/nonexistent/x.session"),
                                 {[](const EventView &, const QStringList &) {}, [](const FollowProgress &) {},
                                  [&](const Error &e) {
                                      std::lock_guard lock(mutex);
                                      failure = e.message;
                                  }},
                                 false);
        const auto current = [&] {
            std::lock_guard lock(mutex);
            return failure;
        };
        QTRY_VERIFY(!current().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSessionStats)
#include "tst_sessionstats.moc"
