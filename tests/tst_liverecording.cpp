// What the desktop app drives: the in-process demo, a live recording on its
// own thread (signals, stop, errors), and saving a copy of a session while it
// is being recorded.

#include "testsupport.h"

#include "demo/embeddeddemo.h"
#include "record/liverecording.h"
#include "session/sessioncopy.h"
#include "session/sessionsummary.h"

#include <QSignalSpy>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

class TestLiveRecording : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void recordsTheEmbeddedDemoLive()
    {
        EmbeddedDemo::Options options;
        options.producer.rate = 2000; // fast enough for a short test
        auto demo = EmbeddedDemo::start(options);
        SS_VERIFY_OK(demo);
        QCOMPARE((*demo)->topics(), (QStringList{"iot.readings", "payments", "clicks"}));

        RecordOptions record;
        record.reader.brokers = (*demo)->bootstrapServers();
        record.reader.topics = {QStringLiteral("iot.readings")};
        record.path = m_dir.filePath(QStringLiteral("live.sss"));
        LiveRecording live;
        QSignalSpy started(&live, &LiveRecording::started);
        QSignalSpy committed(&live, &LiveRecording::committed);
        QSignalSpy stopped(&live, &LiveRecording::stopped);
        QSignalSpy failed(&live, &LiveRecording::failed);
        live.start(record);
        QTRY_COMPARE_WITH_TIMEOUT(started.count(), 1, 15000);
        QVERIFY(live.isRunning());
        // Events arrive and are committed while it runs.
        QTRY_VERIFY_WITH_TIMEOUT(!committed.isEmpty() && committed.last().first().toLongLong() >= 500, 20000);

        // A copy taken now is a complete session of its own.
        const QString copy = m_dir.filePath(QStringLiteral("copy.sss"));
        SS_VERIFY_OK(copySession(record.path, copy));
        QVERIFY(!QFileInfo::exists(copy + QStringLiteral("-wal")));
        auto copied = SessionReader::open(copy);
        SS_VERIFY_OK(copied);
        QVERIFY((*copied)->eventCount() >= 500);
        QVERIFY(live.isRunning()); // recording went on

        live.stop();
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 15000);
        QVERIFY(failed.isEmpty());
        auto reader = SessionReader::open(record.path);
        SS_VERIFY_OK(reader);
        auto summary = summarizeSession(**reader);
        SS_VERIFY_OK(summary);
        QVERIFY(summary->events >= (*copied)->eventCount());
        QCOMPARE(summary->events, live.progress().sessionEvents);
        for (const PartitionSummary &p : summary->partitions) {
            QCOMPARE(p.gaps, 0);
            QCOMPARE(p.duplicates, 0);
        }
    }

    void reportsAFailureToAttach()
    {
        RecordOptions record;
        record.reader.brokers = QStringLiteral("127.0.0.1:1");
        record.reader.topics = {QStringLiteral("t")};
        record.reader.timeoutMs = 1500;
        record.path = m_dir.filePath(QStringLiteral("unreachable.sss"));
        LiveRecording live;
        QSignalSpy failed(&live, &LiveRecording::failed);
        QSignalSpy stopped(&live, &LiveRecording::stopped);
        live.start(record);
        QTRY_COMPARE_WITH_TIMEOUT(stopped.count(), 1, 15000);
        QCOMPARE(failed.count(), 1);
        QVERIFY2(failed.first().first().toString().contains(QLatin1String("cannot reach Kafka")),
                 qPrintable(failed.first().first().toString()));
        QVERIFY(!QFileInfo::exists(record.path)); // nothing recorded, nothing left behind
    }

    void copyRefusesBadInput()
    {
        const QString session = writeDemoSession(m_dir.filePath(QStringLiteral("s.sss")), QStringLiteral("clicks"), 100);
        QVERIFY(!copySession(session, session).ok()); // onto itself
        QVERIFY(!copySession(m_dir.filePath(QStringLiteral("missing.sss")), m_dir.filePath(QStringLiteral("x.sss"))).ok());
        QFile text(m_dir.filePath(QStringLiteral("text.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write("not a session");
        text.close();
        const Status st = copySession(text.fileName(), m_dir.filePath(QStringLiteral("y.sss")));
        QVERIFY(!st.ok());
        QCOMPARE(st.error().kind, ErrorKind::BadInput);
        QVERIFY(!QFileInfo::exists(m_dir.filePath(QStringLiteral("y.sss"))));
        // Replacing an existing file is allowed (the dialog asked).
        const QString target = m_dir.filePath(QStringLiteral("existing.sss"));
        QFile existing(target);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("old");
        existing.close();
        SS_VERIFY_OK(copySession(session, target));
        QCOMPARE(readAllEvents(target).size(), 100);
    }
};

QTEST_GUILESS_MAIN(TestLiveRecording)
#include "tst_liverecording.moc"
