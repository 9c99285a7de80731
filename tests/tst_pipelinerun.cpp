// What-if: a pipeline run over a session, and the difference between two
// runs with one parameter changed. Expected values worked out by hand.

#include "testsupport.h"

#include "engine/eventextractor.h"
#include "engine/pipelinefile.h"
#include "replay/pipelinerun.h"
#include "replay/player.h"
#include "session/sessionwriter.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <sqlite3.h>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// One partition, Kafka timestamps as given, one event per arrival ms.
QString writeSession(const QString &path, const QList<std::int64_t> &timestamps)
{
    auto writer = SessionWriter::create(path, QJsonObject{});
    if (!writer)
        return {};
    const int topic = (*writer)->topicId(QStringLiteral("t"));
    (void)(*writer)->addPartitionStart(topic, 0, PartitionPosition{0, -1});
    ChunkBuilder builder;
    for (int i = 0; i < timestamps.size(); ++i) {
        EventView e;
        e.topicId = topic;
        e.partition = 0;
        e.offset = i;
        e.arrivalUs = (1000 + i) * 1000;
        e.timestampMs = timestamps[i];
        e.timestampType = TimestampType::CreateTime;
        e.key = BytesView::of("k", 1);
        e.value = BytesView::of("{}", 2);
        builder.append(e);
    }
    if (!(*writer)->append(builder) || !(*writer)->close())
        return {};
    return path;
}

PipelineSpec pipeline(const QString &text)
{
    auto parsed = parsePipeline(text);
    if (auto *e = std::get_if<PipelineError>(&parsed))
        qFatal("%s", qPrintable(e->toString()));
    return std::get<PipelineSpec>(parsed);
}

QStringList resultLines(const StepReport &report)
{
    QStringList lines;
    for (const WindowResult &r : report.results)
        lines << QString::fromUtf8(QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact));
    for (const LateEvent &l : report.dropped)
        lines << QString::fromUtf8(QJsonDocument(l.toJson()).toJson(QJsonDocument::Compact));
    return lines;
}

// The reference: every input event up to `until` extracted and stepped on
// this thread, one after the other.
QStringList steppedInline(const QString &path, const PipelineSpec &spec, std::int64_t until)
{
    auto session = openPipelineSession(path, spec);
    if (!session)
        return {QStringLiteral("error: ") + session.error().message};
    QStringList lines;
    (void)session->reader->scan(0, until + 1, [&](const EventView &event) {
        if (session->extractor->isInput(event))
            lines << resultLines(session->engine->step(session->extractor->extract(event)));
        return true;
    });
    return lines;
}

} // namespace

class TestPipelineRun : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void latenessChangesResults()
    {
        // ts 1000; 10000 (wm 9999 fires [0,10000) {0}); 5000 late.
        // L = 0: 5000 dropped. L = 5 s: accepted, [0,10000) fires again with 2
        // events. Then 20000 closes [10000,20000) with {1} in both runs.
        const QString path = writeSession(m_dir.filePath(QStringLiteral("a.sss")), {1000, 10000, 5000, 20000});
        QVERIFY(!path.isEmpty());
        auto a = runPipeline(path, pipeline(QStringLiteral("window: tumbling 10s\n")));
        auto b = runPipeline(path, pipeline(QStringLiteral("window: tumbling 10s\nallowed_lateness: 5s\n")));
        SS_VERIFY_OK(a);
        SS_VERIFY_OK(b);
        QCOMPARE(a->dropped.size(), std::size_t(1));
        QCOMPARE(a->dropped[0].seq, 2);
        QVERIFY(b->dropped.empty());

        const RunComparison diff = compareRuns(*a, *b);
        QVERIFY(!diff.identical());
        QCOMPARE(diff.windows.size(), std::size_t(1));
        const RunDifference &d = diff.windows[0];
        QCOMPARE(d.kind, RunDifference::Kind::Changed);
        QCOMPARE(d.window, (TimeWindow{0, 10000}));
        QCOMPARE(d.before->seqs, std::vector<std::int64_t>{0});
        QCOMPARE(d.after->seqs, (std::vector<std::int64_t>{0, 2}));
        QVERIFY2(d.what.contains(QStringLiteral("count 1 → 2")), qPrintable(d.what));
        QVERIFY2(d.what.contains(QStringLiteral("fired 1× → 2×")), qPrintable(d.what));
        QCOMPARE(diff.unchangedWindows, 1); // [10000,20000)
        QCOMPARE(diff.late.size(), std::size_t(1));
        QVERIFY(diff.late[0].droppedInA && !diff.late[0].droppedInB);
        QCOMPARE(diff.late[0].event.seq, 2);
    }

    void windowSizeAddsAndRemoves()
    {
        // 5 s windows: [0,5000) {0}, [5000,10000) {1}, fired by 12000; 10 s
        // windows: [0,10000) {0,1}. Every window of A is removed, B's added;
        // by window: [0,5000), [0,10000), [5000,10000).
        const QString path = writeSession(m_dir.filePath(QStringLiteral("b.sss")), {1000, 6000, 12000});
        auto a = runPipeline(path, pipeline(QStringLiteral("window: tumbling 5s\n")));
        auto b = runPipeline(path, pipeline(QStringLiteral("window: tumbling 10s\n")));
        SS_VERIFY_OK(a);
        SS_VERIFY_OK(b);
        const RunComparison diff = compareRuns(*a, *b);
        QCOMPARE(diff.windows.size(), std::size_t(3));
        QCOMPARE(diff.windows[0].kind, RunDifference::Kind::Removed);
        QCOMPARE(diff.windows[0].window, (TimeWindow{0, 5000}));
        QCOMPARE(diff.windows[1].kind, RunDifference::Kind::Added);
        QCOMPARE(diff.windows[1].window, (TimeWindow{0, 10000}));
        QCOMPARE(diff.windows[1].after->seqs, (std::vector<std::int64_t>{0, 1}));
        QCOMPARE(diff.windows[2].kind, RunDifference::Kind::Removed);
        QCOMPARE(diff.windows[2].window, (TimeWindow{5000, 10000}));
    }

    void sameRunsAreIdentical()
    {
        const QString path = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 5000, 4);
        const PipelineSpec spec = pipeline(QStringLiteral(
            "event_time: value.ts\nwatermark: bounded 2s\nkey: value.sensor\nwindow: tumbling 5s\naggregate: avg(value.temperature_c)\n"));
        auto a = runPipeline(path, spec);
        auto b = runPipeline(path, spec);
        SS_VERIFY_OK(a);
        SS_VERIFY_OK(b);
        QVERIFY(a->results.size() > 100);
        const RunComparison diff = compareRuns(*a, *b);
        QVERIFY(diff.identical());
        QVERIFY(diff.unchangedWindows > 100); // every window, once each
        // A tighter watermark drops the demo's late readings: fewer results change, late events appear.
        PipelineSpec tight = spec;
        tight.outOfOrdernessMs = 0;
        auto c = runPipeline(path, tight);
        SS_VERIFY_OK(c);
        const RunComparison tighter = compareRuns(*a, *c);
        QVERIFY(!tighter.late.empty());
        QVERIFY(std::all_of(tighter.late.begin(), tighter.late.end(), [](const LateDifference &l) { return !l.droppedInA && l.droppedInB; }));
    }

    // The extractor reuses one event's buffers for the next and evaluates an
    // argument shared by two aggregates once: each event must still get
    // exactly its own key and inputs.
    void extractedFieldsAreEachEventsOwn()
    {
        const PipelineSpec spec = pipeline(QStringLiteral("key: value.k\n"
                                                          "window: tumbling 1s\n"
                                                          "aggregate: sum(value.v)\n"
                                                          "aggregate: avg(value.v)\n"
                                                          "aggregate: count_distinct(value.w)\n"
                                                          "aggregate: last(value.w)\n"
                                                          "aggregate: count\n"));
        auto extractor = EventExtractor::create(spec, {QStringLiteral("t")});
        QVERIFY(extractor);
        using Kind = AggregateInput::Kind;
        struct Case {
            QByteArray payload;
            QByteArray key;
            AggregateInput v, w;
        };
        const QList<Case> cases{
            {R"({"k":"a-rather-long-key","v":2,"w":"x"})", "a-rather-long-key", AggregateInput::ofNumber(2),
             AggregateInput::ofText("x")},
            {R"({"k":"b","v":"3","w":5})", "b", AggregateInput::ofNumber(3), AggregateInput::ofNumber(5)},
            {R"({"k":"","v":null,"w":[1,"y"]})", "", AggregateInput::missing(), AggregateInput::ofText(R"([1,"y"])")},
            {R"({"k":"c","v":1,"w":true)", "", AggregateInput::missing(), AggregateInput::missing()}, // not JSON
            {R"({"k":7,"v":-1.5})", "7", AggregateInput::ofNumber(-1.5), AggregateInput::missing()},
        };
        for (int i = 0; i < cases.size(); ++i) {
            const Case &c = cases[i];
            EventView view;
            view.seq = i;
            view.topicId = 0;
            view.partition = 0;
            view.offset = i;
            view.value = BytesView::of(c.payload.constData(), c.payload.size());
            const EngineEvent &e = extractor->extract(view);
            const QByteArray where = c.payload;
            QVERIFY2(e.key == c.key && !e.key.isNull(), where.constData());
            QCOMPARE(e.inputs.size(), std::size_t(5));
            QVERIFY2(e.inputs[0] == c.v && e.inputs[1] == c.v, where.constData());
            QVERIFY2(e.inputs[2] == c.w && e.inputs[3] == c.w, where.constData());
            QCOMPARE(e.inputs[4].kind, Kind::Missing); // a plain count takes no argument
        }
    }

    // Event times come from payloads and brokers: any int64 (or a huge
    // double) may arrive. Beyond ±2^53 ms the extractor says "no event time"
    // in every unit, as for an unreadable one; within it the time is kept.
    void eventTimesBeyondTheRangeAreNone_data()
    {
        QTest::addColumn<QString>("unit");
        QTest::addColumn<QByteArray>("ts");
        QTest::addColumn<qint64>("expected"); // -1: none
        const qint64 none = -1, max = kMaxEventTimeMs;
        QTest::newRow("ms, the edge") << "ms" << QByteArray::number(max) << max;
        QTest::newRow("ms, the negative edge") << "ms" << QByteArray::number(-max) << -max;
        QTest::newRow("ms, one beyond") << "ms" << QByteArray::number(max + 1) << none;
        QTest::newRow("ms, int64 max") << "ms" << QByteArray("9223372036854775807") << none;
        QTest::newRow("ms, int64 min") << "ms" << QByteArray("-9223372036854775808") << none;
        QTest::newRow("s, 1e15") << "s" << QByteArray("1e15") << none;
        QTest::newRow("s, 9e12") << "s" << QByteArray("9e12") << qint64(9'000'000'000'000'000);
        QTest::newRow("us, int64 max") << "us" << QByteArray("9223372036854775807") << none; // 9.2e15 ms
        QTest::newRow("ns, int64 max") << "ns" << QByteArray("9223372036854775807") << qint64(9223372036854);
        QTest::newRow("ISO, year 9999") << "ms" << QByteArray("\"9999-12-31T23:59:59.999Z\"") << qint64(253402300799999);
    }

    void eventTimesBeyondTheRangeAreNone()
    {
        QFETCH(QString, unit);
        QFETCH(QByteArray, ts);
        QFETCH(qint64, expected);
        const PipelineSpec spec = pipeline(QStringLiteral("event_time: value.ts\nevent_time_unit: %1\nwindow: tumbling 1s\n").arg(unit));
        auto extractor = EventExtractor::create(spec, {QStringLiteral("t")});
        QVERIFY(extractor);
        const QByteArray payload = "{\"ts\":" + ts + "}";
        EventView view;
        view.seq = 0;
        view.topicId = 0;
        view.partition = 0;
        view.value = BytesView::of(payload.constData(), payload.size());
        const std::optional<std::int64_t> time = extractor->extract(view).eventTimeMs;
        QCOMPARE(time.value_or(-1), expected);
        QCOMPARE(extractor->eventTime(view).value_or(-1), expected); // seeking by event time reads it alike
    }

    // PipelineRunner reads and extracts on a worker thread while it steps:
    // the results must be those of stepping every event in turn, whatever
    // falls on batch boundaries, up to any `until`, and progress must rise.
    void runOnTwoThreadsEqualsSteppingInline()
    {
        const QString path = writeTwoTopicSession(m_dir.filePath(QStringLiteral("two.sss")), 60000);
        QVERIFY(!path.isEmpty());
        const PipelineSpec spec = pipeline(QStringLiteral("topics: in\nevent_time: value.ts\nwatermark: bounded 1s\n"
                                                          "key: value.k\nwindow: sliding 2s 500ms\n"
                                                          "aggregate: count\naggregate: sum(value.v)\n"));
        for (const std::int64_t until : {std::int64_t(-1), std::int64_t(0), std::int64_t(1023), std::int64_t(16384),
                                         std::int64_t(41234)}) {
            auto runner = PipelineRunner::open(path, spec);
            SS_VERIFY_OK(runner);
            QStringList lines;
            QList<std::int64_t> progress;
            const Status st = (*runner)->run([&](const StepReport &report) { lines << resultLines(report); }, until,
                                             [&](std::int64_t done, std::int64_t total) {
                                                 progress << done;
                                                 QCOMPARE(total, until < 0 ? 60000 : until + 1);
                                             });
            SS_VERIFY_OK(st);
            const QStringList expected = steppedInline(path, spec, until < 0 ? 59999 : until);
            QCOMPARE(lines.size(), expected.size());
            QCOMPARE(lines, expected);
            QVERIFY(std::is_sorted(progress.begin(), progress.end()));
            QCOMPARE(progress.last(), until < 0 ? 60000 : until + 1);
            if (until < 0) {
                QVERIFY(expected.size() > 5000); // 7 keys × 1,200 sliding windows, and late events
                QVERIFY(expected.filter(QStringLiteral("\"type\":\"late\"")).size() > 10);
                QVERIFY(progress.size() >= 3);
            }
        }
    }

    // A chunk found damaged while the worker reads it stops the run with
    // that error; a cancel from the step callback stops it too.
    void runStopsOnDamageAndOnCancel()
    {
        const QString path = writeTwoTopicSession(m_dir.filePath(QStringLiteral("damaged.sss")), 30000);
        QVERIFY(!path.isEmpty());
        const PipelineSpec spec = pipeline(QStringLiteral("topics: in\nevent_time: value.ts\nkey: value.k\nwindow: tumbling 1s\n"));
        auto runner = PipelineRunner::open(path, spec);
        SS_VERIFY_OK(runner);
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
            // Flip one byte in the middle of the chunk that starts at seq 20000.
            QCOMPARE(sqlite3_exec(db,
                                  "UPDATE chunks SET data = substr(data, 1, length(data) / 2) || x'5A' || "
                                  "substr(data, length(data) / 2 + 2) WHERE first_seq = 20000",
                                  nullptr, nullptr, nullptr),
                     SQLITE_OK);
            QCOMPARE(sqlite3_changes(db), 1);
            sqlite3_close(db);
        }
        std::int64_t lastSeq = -1;
        const Status st = (*runner)->run([&](const StepReport &report) { lastSeq = report.seq; });
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QStringLiteral("corrupt event data")), qPrintable(st.error().message));
        QVERIFY2(lastSeq > 10000 && lastSeq < 20000, qPrintable(QString::number(lastSeq))); // stepped up to the damage

        // The player reads ahead the same way for long seeks and searches:
        // the damage is an error there too, and the player stays usable.
        auto player = Player::open(path, spec);
        SS_VERIFY_OK(player);
        const Status seekPast = (*player)->seek(25000);
        QVERIFY(!seekPast);
        QVERIFY2(seekPast.error().message.contains(QStringLiteral("corrupt event data")), qPrintable(seekPast.error().message));
        SS_VERIFY_OK((*player)->seek(100));
        QCOMPARE((*player)->cursor(), 100);
        Breakpoint nothing;
        nothing.kind = Breakpoint::Kind::FilterMatch;
        nothing.expression = QStringLiteral("value.k == \"no such key\"");
        auto check = BreakpointCheck::create(nothing);
        SS_VERIFY_OK(check);
        const auto search = (*player)->searchForward({*check});
        QVERIFY(!search);
        QVERIFY2(search.error().message.contains(QStringLiteral("corrupt event data")), qPrintable(search.error().message));
        SS_VERIFY_OK((*player)->seek(200));
        QCOMPARE((*player)->cursor(), 200);

        const QString whole = writeTwoTopicSession(m_dir.filePath(QStringLiteral("whole.sss")), 30000);
        auto again = PipelineRunner::open(whole, spec);
        SS_VERIFY_OK(again);
        std::atomic<bool> cancel{false};
        std::int64_t steps = 0;
        const Status cancelled = (*again)->run(
            [&](const StepReport &) {
                if (++steps == 100)
                    cancel = true;
            },
            -1, {}, &cancel);
        QVERIFY(!cancelled);
        QVERIFY2(cancelled.error().message.contains(QStringLiteral("cancelled")), qPrintable(cancelled.error().message));
        QVERIFY2(steps < 5000, qPrintable(QString::number(steps))); // stopped within the batch it was in
    }

    void cancelStops()
    {
        const QString path = writeDemoSession(m_dir.filePath(QStringLiteral("c.sss")), QStringLiteral("iot"), 40000, 4);
        std::atomic<bool> cancel{true};
        auto run = runPipeline(path, pipeline(QStringLiteral("window: tumbling 1s\n")), {}, &cancel);
        QVERIFY(!run.ok());
    }
};

QTEST_GUILESS_MAIN(TestPipelineRun)
#include "tst_pipelinerun.moc"
