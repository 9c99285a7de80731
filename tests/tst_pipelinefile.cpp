// The pipeline file format: the shipped examples parse, files round-trip,
// and every mistake is reported at its line and column.

#include "engine/pipelinefile.h"

#include <QDir>
#include <QTemporaryFile>
#include <QTest>

using namespace streamscope;

class TestPipelineFile : public QObject
{
    Q_OBJECT

private slots:
    void shippedExamplesParse()
    {
        const QDir dir(QStringLiteral(STREAMSCOPE_SOURCE_DIR "/resources/pipelines"));
        const QStringList files = dir.entryList({QStringLiteral("*.pipeline")});
        QVERIFY(files.size() >= 3);
        for (const QString &name : files) {
            auto spec = loadPipelineFile(dir.filePath(name));
            QVERIFY2(spec.ok(), spec.ok() ? "" : qPrintable(spec.error().message));
            QVERIFY(!spec->aggregates.isEmpty());
        }
    }

    void parsesEverySetting()
    {
        auto parsed = parsePipeline(QStringLiteral(
            "# comment\n"
            "name: all settings   # trailing comment\n"
            "topics: a, b\n"
            "event_time: value.t\n"
            "event_time_unit: s\n"
            "watermark: bounded 1m30s\n"
            "idle_timeout: 250ms\n"
            "filter: value.kind == \"x#y\"\n"
            "key: value.user\n"
            "window: sliding 1h 15m offset -5m\n"
            "allowed_lateness: 2s\n"
            "aggregate: count\n"
            "aggregate: sum(value.amount) as total\n"
            "aggregate: percentile(value.latency, 99.9)\n"
            "aggregate: p50(value.latency)\n"
            "aggregate: count_distinct(value.page)\n"
            "aggregate: collect\n"
            "dedupe: value.id within 10m\n"
            "early_firing: every 100 events\n"));
        QVERIFY2(std::holds_alternative<PipelineSpec>(parsed),
                 qPrintable(std::get_if<PipelineError>(&parsed) ? std::get<PipelineError>(parsed).toString() : QString()));
        const PipelineSpec s = std::get<PipelineSpec>(parsed);
        QCOMPARE(s.name, QStringLiteral("all settings"));
        QCOMPARE(s.topics, (QStringList{"a", "b"}));
        QCOMPARE(s.eventTime, QStringLiteral("value.t"));
        QCOMPARE(s.eventTimeUnit, EventTimeUnit::Seconds);
        QCOMPARE(s.outOfOrdernessMs, 90000);
        QCOMPARE(s.idleTimeoutMs, 250);
        QCOMPARE(s.filter, QStringLiteral("value.kind == \"x#y\"")); // a # inside a string is not a comment
        QCOMPARE(s.window, (WindowSpec{WindowKind::Sliding, 3600000, 900000, -300000, 0}));
        QCOMPARE(s.allowedLatenessMs, 2000);
        QCOMPARE(s.aggregates.size(), 6);
        QCOMPARE(s.aggregates[1].name, QStringLiteral("total"));
        QCOMPARE(s.aggregates[2].kind, AggregateKind::Percentile);
        QCOMPARE(s.aggregates[2].percentile, 99.9);
        QCOMPARE(s.aggregates[2].argument, QStringLiteral("value.latency"));
        QCOMPARE(s.aggregates[3].percentile, 50.0);
        QCOMPARE(s.dedupeField, QStringLiteral("value.id"));
        QCOMPARE(s.dedupeHorizonMs, 600000);
        QCOMPARE(s.earlyFiringEvery, 100);

        // The file form reads back as the same pipeline.
        auto again = parsePipeline(toPipelineText(s));
        QVERIFY(std::holds_alternative<PipelineSpec>(again));
        QCOMPARE(std::get<PipelineSpec>(again), s);
    }

    void defaults()
    {
        auto parsed = parsePipeline(QStringLiteral("window: session 30s\n"));
        QVERIFY(std::holds_alternative<PipelineSpec>(parsed));
        const PipelineSpec s = std::get<PipelineSpec>(parsed);
        QVERIFY(s.eventTime.isEmpty()); // the Kafka timestamp
        QVERIFY(s.key.isEmpty());
        QCOMPARE(s.idleTimeoutMs, -1);
        QCOMPARE(s.aggregates.size(), 1);
        QCOMPARE(s.aggregates[0].kind, AggregateKind::Count);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("words"); // in the message
        QTest::addRow("no window") << "key: value.a\n" << 1 << 1 << "no window";
        QTest::addRow("not key: value") << "window: tumbling 1s\n  oops\n" << 2 << 3 << "key: value";
        QTest::addRow("unknown setting") << "window: tumbling 1s\nwindw: x\n" << 2 << 1 << "did you mean window";
        QTest::addRow("twice") << "window: tumbling 1s\nwindow: tumbling 2s\n" << 2 << 1 << "twice";
        QTest::addRow("unknown window") << "window: tumbeling 10s\n" << 1 << 9 << "did you mean tumbling";
        QTest::addRow("bad duration") << "window: tumbling 10x\n" << 1 << 18 << "not a duration";
        QTest::addRow("missing size") << "window: tumbling\n" << 1 << 17 << "window size";
        QTest::addRow("zero size") << "window: tumbling 0\n" << 1 << 18 << "positive";
        QTest::addRow("slide larger") << "window: sliding 5s 10s\n" << 1 << 20 << "at most the window size";
        // 10 s / 1 ms = 10,000 windows per event: a slide of at least 10 ms.
        QTest::addRow("slide too small") << "window: sliding 10s 1ms\n" << 1 << 21 << "10000 windows; at most 1000 are supported (a slide of at least 10ms)";
        // ceil(1001 ms / 1 ms) = 1001 windows: the first size over the limit.
        QTest::addRow("one window too many") << "window: sliding 1001ms 1ms\n" << 1 << 24 << "1001 windows";
        QTest::addRow("offset too big") << "window: tumbling 10s offset 10s\n" << 1 << 29 << "smaller than the size";
        QTest::addRow("trailing word") << "window: session 5s later\n" << 1 << 20 << "unexpected";
        QTest::addRow("bad expression column") << "window: tumbling 1s\nkey: value.a ==\n" << 2 << 16 << "in the key";
        // The column of the problem inside the regex: just after its "[".
        QTest::addRow("bad filter") << "window: tumbling 1s\nfilter: value.x matches \"[\"\n" << 2 << 27 << "in the filter";
        QTest::addRow("bad aggregate") << "window: tumbling 1s\naggregate: median(value.x)\n" << 2 << 12 << "unknown aggregate";
        QTest::addRow("aggregate needs argument") << "window: tumbling 1s\naggregate: sum\n" << 2 << 15 << "needs an argument";
        QTest::addRow("aggregate bad argument") << "window: tumbling 1s\naggregate: avg(value.x +)\n" << 2 << 25 << "aggregate argument";
        QTest::addRow("aggregate unclosed") << "window: tumbling 1s\naggregate: avg(value.x\n" << 2 << 15 << "not closed";
        QTest::addRow("aggregate bad as") << "window: tumbling 1s\naggregate: count named n\n" << 2 << 18 << "as NAME";
        QTest::addRow("aggregate same name") << "window: tumbling 1s\naggregate: count\naggregate: count\n" << 3 << 12 << "two aggregates";
        QTest::addRow("percentile range") << "window: tumbling 1s\naggregate: percentile(value.x, 120)\n" << 2 << 23 << "0 < P";
        QTest::addRow("watermark strategy") << "window: tumbling 1s\nwatermark: punctuated\n" << 2 << 12 << "unknown watermark";
        QTest::addRow("unit") << "window: tumbling 1s\nevent_time_unit: minutes\n" << 2 << 18 << "unknown unit";
        QTest::addRow("dedupe without within") << "window: tumbling 1s\ndedupe: value.id\n" << 2 << 17 << "within";
        QTest::addRow("early firing") << "window: tumbling 1s\nearly_firing: sometimes\n" << 2 << 15 << "every N events";
        QTest::addRow("empty value") << "window: tumbling 1s\nkey:\n" << 2 << 5 << "needs a value";
    }

    // The limit counts windows per event, ceil(size / slide): 1000 is fine.
    void slidingWindowsUpToTheLimit()
    {
        QVERIFY(std::holds_alternative<PipelineSpec>(parsePipeline(QStringLiteral("window: sliding 1s 1ms\n"))));
        QVERIFY(std::holds_alternative<PipelineSpec>(parsePipeline(QStringLiteral("window: sliding 1h 3600ms\n"))));
        QVERIFY(std::holds_alternative<PipelineError>(parsePipeline(QStringLiteral("window: sliding 1h 3599ms\n"))));
    }

    void errors()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(int, column);
        QFETCH(QString, words);
        auto parsed = parsePipeline(text);
        QVERIFY(std::holds_alternative<PipelineError>(parsed));
        const PipelineError e = std::get<PipelineError>(parsed);
        QVERIFY2(e.message.contains(words), qPrintable(e.toString()));
        QCOMPARE(e.line, line);
        QCOMPARE(e.column, column);
    }

    void fileErrors()
    {
        QVERIFY(!loadPipelineFile(QStringLiteral("/nonexistent.pipeline")).ok());
        QTemporaryFile bad;
        QVERIFY(bad.open());
        bad.write("window: tumbling 1s\nkey: value.a ==\n");
        bad.close();
        auto r = loadPipelineFile(bad.fileName());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, ErrorKind::BadInput);
        QVERIFY2(r.error().message.startsWith(bad.fileName() + QStringLiteral(":2:16:")), qPrintable(r.error().message));
        QTemporaryFile binary;
        QVERIFY(binary.open());
        binary.write(QByteArray("window: tumbling 1s\n\xff\xfe", 22));
        binary.close();
        QVERIFY(loadPipelineFile(binary.fileName()).error().message.contains(QLatin1String("UTF-8")));
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms");
        QTest::addRow("ms") << "250ms" << 250LL;
        QTest::addRow("s") << "5s" << 5000LL;
        QTest::addRow("fraction") << "1.5s" << 1500LL;
        QTest::addRow("m") << "2m" << 120000LL;
        QTest::addRow("compound") << "1h30m" << 5400000LL;
        QTest::addRow("d") << "1d" << 86400000LL;
        QTest::addRow("zero") << "0" << 0LL;
        QTest::addRow("no unit") << "5" << -1LL;
        QTest::addRow("sub-ms") << "0.5ms" << -1LL;
        QTest::addRow("garbage") << "5 s" << -1LL;
        QTest::addRow("empty") << "" << -1LL;
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = parseDurationMs(text);
        if (ms < 0)
            QVERIFY(!parsed);
        else
            QCOMPARE(parsed.value_or(-1), ms);
        if (ms > 0)
            QCOMPARE(parseDurationMs(formatDurationMs(ms)).value_or(-1), ms);
    }
};

QTEST_GUILESS_MAIN(TestPipelineFile)
#include "tst_pipelinefile.moc"
