// Broker faults while recording: broker down and up, leader changes, fetch
// errors and disconnects, an outage longer than the session timeout. After
// each, the session holds every produced event exactly once: 0 gaps, 0
// duplicates (DESIGN.md, principle 4).

#include "testsupport.h"

#include "record/recorder.h"
#include "session/sessionsummary.h"

#include <QDateTime>
#include <QTest>
#include <librdkafka/rdkafka.h>

#include <thread>

using namespace streamscope;
using namespace streamscope::test;

namespace {

constexpr int kFetchApiKey = 1;

// A recorder on its own thread, following the topic until stopped.
class BackgroundRecorder
{
public:
    BackgroundRecorder(const RecordOptions &options) : m_recorder(options) {}
    ~BackgroundRecorder() { stop(); }

    Status start()
    {
        if (Status st = m_recorder.open(); !st)
            return st;
        m_recorder.setWarningHandler([this](const QString &w) {
            std::lock_guard lock(m_mutex);
            m_warnings << w;
        });
        m_thread = std::thread([this] { m_result = m_recorder.run(m_stop); });
        return {};
    }

    // Stops once the recorder has seen everything up to `expected` events.
    Status finish(std::int64_t expected, int timeoutMs)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (m_recorder.progress().events < expected && !deadline.hasExpired())
            QThread::msleep(50);
        stop();
        if (!m_result)
            return m_result.error();
        return m_recorder.close();
    }

    void stop()
    {
        m_stop = true;
        if (m_thread.joinable())
            m_thread.join();
    }

    QStringList warnings()
    {
        std::lock_guard lock(m_mutex);
        return m_warnings;
    }
    std::int64_t duplicatesSkipped() { return m_recorder.progress().duplicatesSkipped; }

private:
    Recorder m_recorder;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    Result<StopReason> m_result = StopReason::Requested;
    std::mutex m_mutex;
    QStringList m_warnings;
};

} // namespace

class TestFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    // Produces events [from, to) round-robin over partitions, value = index.
    void produce(EmbeddedBroker &broker, const QString &topic, int partitions, int from, int to)
    {
        for (int i = from; i < to; ++i)
            QVERIFY(broker.produce(topic, i % partitions, QByteArray::number(i % 7), QByteArray::number(i)));
    }

    void verifyComplete(const QString &path, int partitions, int total)
    {
        auto reader = SessionReader::open(path);
        SS_VERIFY_OK(reader);
        auto summary = summarizeSession(**reader);
        SS_VERIFY_OK(summary);
        QCOMPARE(summary->events, total);
        QCOMPARE(int(summary->partitions.size()), partitions);
        for (const PartitionSummary &p : summary->partitions) {
            QCOMPARE(p.gaps, 0);
            QCOMPARE(p.duplicates, 0);
            QCOMPARE(p.firstOffset, 0);
            QCOMPARE(p.count, p.lastOffset + 1);
        }
        QVERIFY(summary->retentionGaps.empty());
        // And the values: each produced index exactly once.
        QSet<int> values;
        Status st = (*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &e) {
            values.insert(QByteArray(e.value.data, int(e.value.size)).toInt());
            return true;
        });
        SS_VERIFY_OK(st);
        QCOMPARE(values.size(), total);
    }

    RecordOptions optionsFor(const EmbeddedBroker &broker, const QString &topic)
    {
        RecordOptions options;
        options.reader.brokers = broker.bootstrapServers();
        options.reader.topics = {topic};
        options.reader.timeoutMs = 5000;
        options.path = m_dir.filePath(QStringLiteral("f%1.sss").arg(++m_counter));
        return options;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void brokerDownAndUp()
    {
        auto broker = startBroker(1);
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("t"), 4));
        BackgroundRecorder recorder(optionsFor(*broker, QStringLiteral("t")));
        const QString path = m_dir.filePath(QStringLiteral("f%1.sss").arg(m_counter));
        SS_VERIFY_OK(recorder.start());
        produce(*broker, QStringLiteral("t"), 4, 0, 2000);
        SS_VERIFY_OK(broker->flush());
        QTest::qWait(300);
        SS_VERIFY_OK(broker->setBrokerDown(1));
        QTest::qWait(2000);
        SS_VERIFY_OK(broker->setBrokerUp(1));
        produce(*broker, QStringLiteral("t"), 4, 2000, 4000);
        SS_VERIFY_OK(broker->flush());
        SS_VERIFY_OK(recorder.finish(4000, 60000));
        verifyComplete(path, 4, 4000);
    }

    void leaderChanges()
    {
        auto broker = startBroker(3);
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("t"), 3, 3));
        BackgroundRecorder recorder(optionsFor(*broker, QStringLiteral("t")));
        const QString path = m_dir.filePath(QStringLiteral("f%1.sss").arg(m_counter));
        SS_VERIFY_OK(recorder.start());
        for (int round = 0; round < 6; ++round) {
            produce(*broker, QStringLiteral("t"), 3, round * 500, (round + 1) * 500);
            SS_VERIFY_OK(broker->flush());
            for (int p = 0; p < 3; ++p)
                SS_VERIFY_OK(broker->setPartitionLeader(QStringLiteral("t"), p, 1 + (round + p) % 3));
            QTest::qWait(200);
        }
        SS_VERIFY_OK(recorder.finish(3000, 60000));
        verifyComplete(path, 3, 3000);
    }

    void fetchErrorsAndDisconnects_data()
    {
        QTest::addColumn<int>("error");
        QTest::addColumn<int>("perRound");
        QTest::addRow("not leader") << int(RD_KAFKA_RESP_ERR_NOT_LEADER_FOR_PARTITION) << 3;
        QTest::addRow("unknown topic") << int(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) << 3;
        QTest::addRow("fenced epoch") << int(RD_KAFKA_RESP_ERR_FENCED_LEADER_EPOCH) << 3;
        // Each disconnect costs a reconnect with growing backoff (up to 10 s):
        // one per round keeps the test short.
        QTest::addRow("disconnect") << int(RD_KAFKA_RESP_ERR__TRANSPORT) << 1;
        QTest::addRow("timeout") << int(RD_KAFKA_RESP_ERR_REQUEST_TIMED_OUT) << 3;
        // A new leader can answer "out of range" before it caught up: the
        // reader restarts the partition, which must neither invent a
        // retention gap nor store an offset twice.
        QTest::addRow("spurious out of range") << int(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) << 2;
    }

    void fetchErrorsAndDisconnects()
    {
        QFETCH(int, error);
        QFETCH(int, perRound);
        auto broker = startBroker(1);
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("t"), 2));
        RecordOptions options = optionsFor(*broker, QStringLiteral("t"));
        if (qEnvironmentVariableIsSet("SS_DEBUG_FETCH")) {
            options.reader.properties.set(QStringLiteral("debug"), QStringLiteral("broker,fetch,protocol"));
            options.reader.logSink = [](int, const QString &f, const QString &m) {
                fprintf(stderr, "%lld %s %s\n", (long long)QDateTime::currentMSecsSinceEpoch() % 100000, qPrintable(f), qPrintable(m));
            };
        }
        BackgroundRecorder recorder(options);
        const QString path = options.path;
        SS_VERIFY_OK(recorder.start());
        for (int round = 0; round < 4; ++round) {
            produce(*broker, QStringLiteral("t"), 2, round * 500, (round + 1) * 500);
            SS_VERIFY_OK(broker->flush());
            broker->pushRequestErrors(kFetchApiKey, error, perRound);
            QTest::qWait(300);
        }
        SS_VERIFY_OK(recorder.finish(2000, 60000));
        verifyComplete(path, 2, 2000);
        qInfo("re-deliveries skipped: %lld", (long long)recorder.duplicatesSkipped());
    }

    // Longer than the session timeout: a group consumer would have been
    // kicked out and rebalanced; a read-only attach simply continues.
    void outageLongerThanSessionTimeout()
    {
        auto broker = startBroker(1);
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("t"), 2));
        RecordOptions options = optionsFor(*broker, QStringLiteral("t"));
        options.reader.properties.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
        options.reader.properties.set(QStringLiteral("heartbeat.interval.ms"), QStringLiteral("1000"));
        BackgroundRecorder recorder(options);
        SS_VERIFY_OK(recorder.start());
        produce(*broker, QStringLiteral("t"), 2, 0, 1000);
        SS_VERIFY_OK(broker->flush());
        QTest::qWait(300);
        SS_VERIFY_OK(broker->setBrokerDown(1));
        QTest::qWait(8000);
        SS_VERIFY_OK(broker->setBrokerUp(1));
        produce(*broker, QStringLiteral("t"), 2, 1000, 2000);
        SS_VERIFY_OK(broker->flush());
        SS_VERIFY_OK(recorder.finish(2000, 60000));
        verifyComplete(options.path, 2, 2000);
        // The user was told about the outage.
        const QStringList warnings = recorder.warnings();
        QVERIFY2(!warnings.isEmpty(), "no warning about the broker outage");
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
