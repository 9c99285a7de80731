// Recording through the core API against the embedded broker: every field
// round-trips byte for byte, each start position picks the right offsets,
// append resumes without gap or duplicate.

#include "testsupport.h"

#include "record/recorder.h"
#include "session/sessionsummary.h"

#include <QRandomGenerator>
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
};

QTEST_GUILESS_MAIN(TestRecorder)
#include "tst_recorder.moc"
