// Recording through the core API against the embedded broker: every field
// round-trips byte for byte, each start position picks the right offsets,
// append resumes without gap or duplicate.

#include "testsupport.h"

#include "record/recorder.h"
#include "session/sessionsummary.h"

#include <QFile>
#include <QJsonArray>
#include <QMutex>
#include <QMutexLocker>
#include <QSet>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

class TestRecorder : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_fileCounter = 0;

    QString newSessionPath() { return m_dir.filePath(QStringLiteral("s%1.sss").arg(++m_fileCounter)); }

    // Records with -e semantics and returns the session's events.
    QList<Event> recordToEnd(const RecordOptions &base, QString *pathOut = nullptr, std::int64_t *skipped = nullptr)
    {
        RecordOptions options = base;
        if (options.path.isEmpty())
            options.path = newSessionPath();
        options.stopAtEnd = true;
        Recorder recorder(options);
        const Status opened = recorder.open();
        if (!opened) {
            QTest::qFail(qPrintable(opened.error().message), __FILE__, __LINE__);
            return {};
        }
        std::atomic<bool> stop{false};
        auto result = recorder.run(stop);
        if (!result) {
            QTest::qFail(qPrintable(result.error().message), __FILE__, __LINE__);
            return {};
        }
        if (skipped)
            *skipped = recorder.progress().duplicatesSkipped;
        const Status closed = recorder.close();
        if (!closed) {
            QTest::qFail(qPrintable(closed.error().message), __FILE__, __LINE__);
            return {};
        }
        if (pathOut)
            *pathOut = options.path;
        return readAllEvents(options.path);
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void everyFieldRoundTrips()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("odd"), 1));

        // Null and empty keys and values, binary, invalid UTF-8, headers
        // (including a null header value), explicit timestamps.
        QByteArray binary;
        for (int i = 0; i < 256; ++i)
            binary.append(char(i));
        const QByteArray invalidUtf8("\xff\xfe\xc3\x28 not utf-8 \xed\xa0\x80", 17);
        struct Produced {
            std::optional<QByteArray> key, value;
            QList<Header> headers;
            std::int64_t ts;
        };
        const QList<Produced> produced = {
            {std::nullopt, QByteArray("{\"a\":1}"), {}, 1700000000000},
            {QByteArray("k"), std::nullopt, {}, 1700000000001},
            {std::nullopt, std::nullopt, {}, 1700000000002},
            {QByteArray(""), QByteArray(""), {}, 1700000000003},
            {binary, binary, {Header{QByteArray("bin"), binary}}, 1700000000004},
            {invalidUtf8, invalidUtf8, {Header{QByteArray("h1"), QByteArray("v1")}, Header{QByteArray("h1"), QByteArray("dup")},
                                        Header{QByteArray("nullh"), std::nullopt}}, 1700000000005},
            {QByteArray("\0\0", 2), QByteArray("\0a\0", 3), {Header{QByteArray("empty"), QByteArray("")}}, 1},
        };
        for (const Produced &p : produced)
            QVERIFY(broker->produce(QStringLiteral("odd"), 0, p.key, p.value, p.headers, p.ts));
        QVERIFY(broker->flush());

        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("odd")};
        const QList<Event> events = recordToEnd(options);
        QCOMPARE(events.size(), produced.size());
        for (int i = 0; i < events.size(); ++i) {
            const Event &e = events[i];
            QCOMPARE(e.seq, i);
            QCOMPARE(e.topic, QStringLiteral("odd"));
            QCOMPARE(e.partition, 0);
            QCOMPARE(e.offset, i);
            QCOMPARE(e.key.has_value(), produced[i].key.has_value());
            QCOMPARE(e.value.has_value(), produced[i].value.has_value());
            if (e.key)
                QCOMPARE(*e.key, *produced[i].key);
            if (e.value)
                QCOMPARE(*e.value, *produced[i].value);
            QCOMPARE(e.headers, produced[i].headers);
            QCOMPARE(e.timestampMs, produced[i].ts);
            QCOMPARE(e.timestampType, TimestampType::CreateTime);
            QVERIFY(e.arrivalUs > 1700000000000000);
        }
    }

    // A 16 MB value (the mock keeps the newest message set of a partition
    // even beyond its 5 MiB limit, so it is produced last).
    void hugeValueRoundTrips()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("huge"), 1));
        QByteArray big(16 * 1024 * 1024, Qt::Uninitialized);
        for (qsizetype i = 0; i < big.size(); ++i)
            big[i] = char((i * 2654435761u) >> 24);
        SS_VERIFY_OK(broker->produce(QStringLiteral("huge"), 0, QByteArray("big"), big));
        SS_VERIFY_OK(broker->flush());
        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("huge")};
        const QList<Event> events = recordToEnd(options);
        QCOMPARE(events.size(), 1);
        QVERIFY(events[0].value.has_value());
        QCOMPARE(events[0].value->size(), big.size());
        QVERIFY(*events[0].value == big);
    }

    // Three partitions with 10 events each; event i of partition p has
    // value "p<p>-<i>" and timestamp base + i * 1000.
    void startPositions_data()
    {
        QTest::addColumn<QString>("start");
        QTest::addColumn<QString>("partitionOverride"); // "P:SPEC" or empty
        QTest::addColumn<QList<int>>("firstOffsets");    // per partition, -1: nothing recorded
        QTest::addColumn<int>("expectedCount");

        QTest::addRow("beginning") << "beginning" << "" << QList<int>{0, 0, 0} << 30;
        QTest::addRow("end") << "end" << "" << QList<int>{-1, -1, -1} << 0;
        QTest::addRow("offset") << "7" << "" << QList<int>{7, 7, 7} << 9;
        QTest::addRow("offset at end") << "10" << "" << QList<int>{-1, -1, -1} << 0;
        QTest::addRow("last 3") << "-3" << "" << QList<int>{7, 7, 7} << 9;
        QTest::addRow("last more than there") << "-50" << "" << QList<int>{0, 0, 0} << 30;
        // Timestamps: the mock broker has no time index, so this exercises the
        // scan fallback; on a real broker offsets_for_times answers directly.
        QTest::addRow("timestamp exact") << "s@1700000004000" << "" << QList<int>{4, 4, 4} << 18;
        QTest::addRow("timestamp between") << "s@1700000004500" << "" << QList<int>{5, 5, 5} << 15;
        QTest::addRow("timestamp before all") << "s@1000" << "" << QList<int>{0, 0, 0} << 30;
        QTest::addRow("per partition") << "end" << "1:-2" << QList<int>{-1, 8, -1} << 2;
        QTest::addRow("per partition offset") << "beginning" << "2:9" << QList<int>{0, 0, 9} << 21;
    }

    void startPositions()
    {
        QFETCH(QString, start);
        QFETCH(QString, partitionOverride);
        QFETCH(QList<int>, firstOffsets);
        QFETCH(int, expectedCount);

        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("t"), 3));
        const std::int64_t base = 1700000000000;
        for (int p = 0; p < 3; ++p)
            for (int i = 0; i < 10; ++i)
                QVERIFY(broker->produce(QStringLiteral("t"), p, QByteArray("k"), QStringLiteral("p%1-%2").arg(p).arg(i).toUtf8(),
                                        {}, base + i * 1000));
        QVERIFY(broker->flush());

        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("t")};
        auto parsed = StartPosition::parse(start);
        QVERIFY(parsed);
        options.reader.start = *parsed;
        if (!partitionOverride.isEmpty()) {
            auto spec = StartPosition::parse(partitionOverride.section(QLatin1Char(':'), 1));
            QVERIFY(spec);
            options.reader.partitionStarts.insert(partitionOverride.section(QLatin1Char(':'), 0, 0).toInt(), *spec);
        }
        const QList<Event> events = recordToEnd(options);
        QCOMPARE(events.size(), expectedCount);
        for (int p = 0; p < 3; ++p) {
            QList<std::int64_t> offsets;
            for (const Event &e : events)
                if (e.partition == p)
                    offsets << e.offset;
            if (firstOffsets[p] < 0) {
                QVERIFY2(offsets.isEmpty(), qPrintable(QStringLiteral("partition %1").arg(p)));
                continue;
            }
            QVERIFY(!offsets.isEmpty());
            QCOMPARE(offsets.first(), firstOffsets[p]);
            for (int i = 0; i < offsets.size(); ++i)
                QCOMPARE(offsets[i], firstOffsets[p] + i); // contiguous, in order, once each
            QCOMPARE(offsets.last(), 9);
        }
        for (const Event &e : events)
            QCOMPARE(*e.value, QStringLiteral("p%1-%2").arg(e.partition).arg(e.offset).toUtf8());
    }

    void appendResumesWithoutGapOrDuplicate()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("a"), 2));
        auto produce = [&](int from, int to) {
            for (int i = from; i < to; ++i)
                QVERIFY(broker->produce(QStringLiteral("a"), i % 2, std::nullopt, QByteArray::number(i)));
            QVERIFY(broker->flush());
        };
        produce(0, 100);

        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("a")};
        options.path = newSessionPath();
        options.maxEvents = 37; // stop in the middle
        {
            Recorder recorder(options);
            QVERIFY(recorder.open());
            std::atomic<bool> stop{false};
            auto reason = recorder.run(stop);
            QVERIFY(reason);
            QCOMPARE(*reason, StopReason::Count);
            QVERIFY(recorder.close());
        }
        QCOMPARE(readAllEvents(options.path).size(), 37);

        produce(100, 150);
        options.append = true;
        options.maxEvents = -1;
        options.reader.start = StartPosition::end(); // ignored for partitions the session already has
        const QList<Event> events = recordToEnd(options);
        QCOMPARE(events.size(), 150);
        QSet<QString> seen;
        for (int i = 0; i < events.size(); ++i) {
            QCOMPARE(events[i].seq, i);
            const QString id = QStringLiteral("%1/%2").arg(events[i].partition).arg(events[i].offset);
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
        }
        auto reader = SessionReader::open(options.path);
        QVERIFY(reader);
        auto summary = summarizeSession(**reader);
        QVERIFY(summary);
        QCOMPARE(summary->partitions.size(), std::size_t(2));
        for (const PartitionSummary &p : summary->partitions) {
            QCOMPARE(p.firstOffset, 0);
            QCOMPARE(p.lastOffset, 74);
            QCOMPARE(p.count, 75);
            QCOMPARE(p.gaps, 0);
            QCOMPARE(p.duplicates, 0);
        }
        QCOMPARE(summary->recordings.size(), std::size_t(2));
        QCOMPARE(summary->recordings[1].firstSeq, 37);
    }

    // Retention deleted offsets before we read them: reported as a gap in
    // the session, recording continues from the new log start.
    void retentionGapAtResume()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("r"), 1));
        for (int i = 0; i < 10; ++i)
            QVERIFY(broker->produce(QStringLiteral("r"), 0, std::nullopt, QByteArray(100, 'a')));
        QVERIFY(broker->flush());
        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("r")};
        QString path;
        QCOMPARE(recordToEnd(options, &path).size(), 10);

        // 8 MiB more in 64 KiB events: the mock keeps 5 MiB, so offsets
        // 10.. are deleted from the front.
        for (int i = 0; i < 128; ++i) {
            QVERIFY(broker->produce(QStringLiteral("r"), 0, std::nullopt, QByteArray(64 * 1024, 'b')));
            QVERIFY(broker->flush()); // one message set each, so retention drops whole sets
        }
        options.path = path;
        options.append = true;
        const QList<Event> events = recordToEnd(options);
        QVERIFY(events.size() > 10);
        QVERIFY(events.size() < 138);
        const std::int64_t firstAfter = events[10].offset;
        QVERIFY(firstAfter > 10);
        QCOMPARE(events.last().offset, 137);

        auto reader = SessionReader::open(path);
        QVERIFY(reader);
        auto gaps = (*reader)->retentionGaps();
        QVERIFY(gaps);
        QCOMPARE(gaps->size(), std::size_t(1));
        QCOMPARE(gaps->front().topic, QStringLiteral("r"));
        QCOMPARE(gaps->front().firstMissing, 10);
        QCOMPARE(gaps->front().lastMissing, firstAfter - 1);
    }

    // Retention overtakes a reader that is already reading: the broker
    // answers "offset out of range" mid-stream.
    void retentionGapWhileReading()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("g"), 1));
        for (int i = 0; i < 5; ++i)
            QVERIFY(broker->produce(QStringLiteral("g"), 0, std::nullopt, QByteArray(512 * 1024, 'a')));
        QVERIFY(broker->flush());

        ReaderConfig config;
        config.brokers = broker->bootstrapServers();
        config.topics = {QStringLiteral("g")};
        // A tiny prefetch so the reader does not already hold what gets deleted.
        config.properties.set(QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("64"));
        config.properties.set(QStringLiteral("fetch.max.bytes"), QStringLiteral("1000"));
        config.properties.set(QStringLiteral("message.max.bytes"), QStringLiteral("1000"));
        config.properties.set(QStringLiteral("fetch.message.max.bytes"), QStringLiteral("1000"));
        config.properties.set(QStringLiteral("queued.min.messages"), QStringLiteral("1"));
        KafkaReader reader(config);
        SS_VERIFY_OK(reader.open());

        struct Sink : EventSink {
            QList<std::int64_t> offsets;
            QList<QPair<std::int64_t, std::int64_t>> gaps;
            void onEvent(const EventView &e) override { offsets << e.offset; }
            void onRetentionGap(int, int, std::int64_t first, std::int64_t last, std::int64_t) override { gaps.append({first, last}); }
        } sink;
        auto pollOk = [&](int maxEvents) {
            const Status st = reader.poll(100, sink, maxEvents);
            if (!st)
                qWarning() << st.error().message;
            return st.ok();
        };
        QTRY_VERIFY_WITH_TIMEOUT(pollOk(1) && !sink.offsets.isEmpty(), 10000);
        // Now push the log start far past the reader.
        for (int i = 0; i < 20; ++i) {
            QVERIFY(broker->produce(QStringLiteral("g"), 0, std::nullopt, QByteArray(512 * 1024, 'b')));
            QVERIFY(broker->flush());
        }
        QTRY_VERIFY_WITH_TIMEOUT(pollOk(10000) && !sink.offsets.isEmpty() && sink.offsets.last() == 24, 20000);
        QCOMPARE(sink.gaps.size(), 1);
        const std::int64_t resumedAt = sink.gaps.first().second + 1;
        // Everything before the gap, then nothing inside it, then everything after.
        QSet<std::int64_t> seen;
        for (std::int64_t o : sink.offsets) {
            QVERIFY2(!seen.contains(o), "an offset was delivered twice");
            seen.insert(o);
            QVERIFY(o < sink.gaps.first().first || o >= resumedAt);
        }
        for (std::int64_t o = resumedAt; o <= 24; ++o)
            QVERIFY(seen.contains(o));
        QVERIFY(sink.gaps.first().first <= sink.gaps.first().second);
    }

    // A secret given to the source is used, never stored: not in the
    // session bytes, not on standard output or error.
    void secretsNeverReachTheSession()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("s"), 1));
        for (int i = 0; i < 50; ++i)
            QVERIFY(broker->produce(QStringLiteral("s"), 0, std::nullopt, QByteArray("v")));
        SS_VERIFY_OK(broker->flush());
        const QString path = newSessionPath();
        // PLAINTEXT ignores the SASL settings, so the recording succeeds with
        // the password configured.
        const ProcessResult r = runCli({QStringLiteral("record"), QStringLiteral("-b"), broker->bootstrapServers(),
                                        QStringLiteral("-t"), QStringLiteral("s"), QStringLiteral("-e"), QStringLiteral("-w"),
                                        path, QStringLiteral("-X"), QStringLiteral("sasl.username=alice"),
                                        QStringLiteral("-X"), QStringLiteral("sasl.password=Tr0ub4dor&3-secret"),
                                        QStringLiteral("-X"), QStringLiteral("ssl.key.password=k3y-passw0rd")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QCOMPARE(readAllEvents(path).size(), 50);
        for (const QByteArray &secret : {QByteArray("Tr0ub4dor&3-secret"), QByteArray("k3y-passw0rd")}) {
            QVERIFY(!bytes.contains(secret));
            QVERIFY(!r.out.contains(secret));
            QVERIFY(!r.err.contains(secret));
        }
        // The source is described, with the secret's place marked.
        auto reader = SessionReader::open(path);
        SS_VERIFY_OK(reader);
        auto recordings = (*reader)->recordings();
        SS_VERIFY_OK(recordings);
        const QJsonObject properties = recordings->front().source.value(QStringLiteral("properties")).toObject();
        QCOMPARE(properties.value(QStringLiteral("sasl.username")).toString(), QStringLiteral("alice"));
        QCOMPARE(properties.value(QStringLiteral("sasl.password")).toString(), QStringLiteral("<redacted>"));
        QCOMPARE(recordings->front().source.value(QStringLiteral("topics")).toArray().first().toString(), QStringLiteral("s"));
    }

    // Read-only attach: the reader never asks the broker to do anything but
    // describe topics, list offsets and fetch (no group, no commit, no produce).
    void attachIsReadOnly()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("ro"), 2));
        for (int i = 0; i < 20; ++i)
            QVERIFY(broker->produce(QStringLiteral("ro"), i % 2, QByteArray("k"), QByteArray("v")));
        QVERIFY(broker->flush());

        QMutex mutex;
        QStringList sent;
        RecordOptions options;
        options.reader.brokers = broker->bootstrapServers();
        options.reader.topics = {QStringLiteral("ro")};
        options.reader.start = StartPosition::timestamp(1); // also exercises ListOffsets by time
        options.reader.properties.set(QStringLiteral("debug"), QStringLiteral("protocol"));
        options.reader.properties.set(QStringLiteral("group.id"), QStringLiteral("must-be-ignored"));
        options.reader.logSink = [&](int, const QString &facility, const QString &message) {
            if (facility == QLatin1String("SEND")) {
                QMutexLocker lock(&mutex);
                sent << message;
            }
        };
        QCOMPARE(recordToEnd(options).size(), 20);
        QMutexLocker lock(&mutex);
        QVERIFY2(std::any_of(sent.begin(), sent.end(), [](const QString &l) { return l.contains(QLatin1String("FetchRequest")); }),
                 "protocol debug logging did not work; the check below would prove nothing");
        const QStringList forbidden = {"ProduceRequest", "OffsetCommitRequest", "OffsetFetchRequest", "JoinGroupRequest",
                                       "SyncGroupRequest", "HeartbeatRequest", "LeaveGroupRequest", "FindCoordinatorRequest",
                                       "InitProducerIdRequest", "CreateTopicsRequest", "DeleteTopicsRequest",
                                       "DeleteRecordsRequest", "AddPartitionsToTxnRequest", "EndTxnRequest"};
        for (const QString &line : sent)
            for (const QString &f : forbidden)
                QVERIFY2(!line.contains(f), qPrintable(line));
    }
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
