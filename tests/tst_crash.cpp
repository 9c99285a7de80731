// Nothing lost: kill the recorder (streamscope-cli record, a real process)
// with SIGKILL at random points, again and again. After every kill the file
// opens, passes integrity_check and holds a gap-free, duplicate-free prefix
// of every partition; `record --append` continues, and the final union holds
// every produced event exactly once.

#include "testsupport.h"

#include "session/sessionsummary.h"
#include "session/sqlite.h"

#include <QFileInfo>
#include <QRandomGenerator>
#include <QTest>

#include <csignal>

using namespace streamscope;
using namespace streamscope::test;

class TestCrash : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static constexpr int kPartitions = 32;
    static constexpr int kEvents = 800000;

    // integrity_check through SQLite with write access (it replays the WAL
    // a crash left behind, exactly as the next open does).
    void verifyIntegrity(const QString &path)
    {
        auto db = sqlite::Database::open(path, sqlite::Database::Mode::ReadWrite);
        SS_VERIFY_OK(db);
        auto check = (*db)->queryText("PRAGMA integrity_check");
        SS_VERIFY_OK(check);
        QCOMPARE(*check, QStringLiteral("ok"));
    }

    // Each partition holds offsets 0..n-1 exactly once (a prefix).
    std::int64_t verifyPrefixes(const QString &path)
    {
        auto reader = SessionReader::open(path);
        if (!reader) {
            QTest::qFail(qPrintable(reader.error().message), __FILE__, __LINE__);
            return -1;
        }
        auto summary = summarizeSession(**reader);
        if (!summary) {
            QTest::qFail(qPrintable(summary.error().message), __FILE__, __LINE__);
            return -1;
        }
        for (const PartitionSummary &p : summary->partitions) {
            if (p.firstOffset != 0 || p.gaps != 0 || p.duplicates != 0 || p.count != p.lastOffset + 1) {
                QTest::qFail(qPrintable(QStringLiteral("partition %1: first %2 last %3 count %4 gaps %5 duplicates %6")
                                            .arg(p.partition)
                                            .arg(p.firstOffset)
                                            .arg(p.lastOffset)
                                            .arg(p.count)
                                            .arg(p.gaps)
                                            .arg(p.duplicates)),
                             __FILE__, __LINE__);
                return -1;
            }
        }
        return summary->events;
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void killRepeatedlyThenAppend()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("crash"), kPartitions));
        const QByteArray padding(80, 'x');
        for (int i = 0; i < kEvents; ++i)
            SS_VERIFY_OK(broker->produce(QStringLiteral("crash"), i % kPartitions, QByteArray::number(i),
                                         QByteArray::number(i) + padding));
        SS_VERIFY_OK(broker->flush(120000));

        const QString path = m_dir.filePath(QStringLiteral("crash.sss"));
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("kill schedule seed %u", seed);
        QRandomGenerator rng(seed);

        std::int64_t previous = 0;
        int kills = 0;
        for (int round = 0; round < 12; ++round) {
            QStringList args = {QStringLiteral("record"), QStringLiteral("-b"), broker->bootstrapServers(),
                                QStringLiteral("-t"), QStringLiteral("crash"), QStringLiteral("-e"), QStringLiteral("-q"),
                                QStringLiteral("-w"), path};
            if (QFileInfo::exists(path))
                args << QStringLiteral("--append");
            if (round % 3 == 2)
                args << QStringLiteral("--sync") << QStringLiteral("full");
            QProcess recorder;
            recorder.start(cliPath(), args);
            QVERIFY(recorder.waitForStarted());
            // Early kills come soon after the start, so that the recording
            // cannot finish before three of them (a random long wait in the
            // first rounds let a fast machine record everything at once);
            // later ones may land anywhere.
            const int delayMs = 20 + int(rng.bounded(kills < 3 ? 120 : 400));
            if (recorder.waitForFinished(delayMs)) {
                // Finished before the kill: everything was recorded.
                QCOMPARE(recorder.exitCode(), 0);
                break;
            }
            ::kill(pid_t(recorder.processId()), SIGKILL);
            QVERIFY(recorder.waitForFinished(10000));
            ++kills;
            if (!QFileInfo::exists(path))
                continue; // killed before the session file was created
            verifyIntegrity(path);
            const std::int64_t events = verifyPrefixes(path);
            QVERIFY(events >= previous); // nothing committed is ever lost
            previous = events;
        }
        QVERIFY2(kills >= 3, "the recorder finished too fast to be killed; the test proved little");

        // Resume to the end.
        const ProcessResult last = runCli({QStringLiteral("record"), QStringLiteral("-b"), broker->bootstrapServers(),
                                           QStringLiteral("-t"), QStringLiteral("crash"), QStringLiteral("-e"),
                                           QStringLiteral("-q"), QStringLiteral("-w"), path,
                                           QFileInfo::exists(path) ? QStringLiteral("--append") : QStringLiteral("-q")},
                                          120000);
        QVERIFY2(last.exitCode == 0, last.err.constData());
        verifyIntegrity(path);
        QCOMPARE(verifyPrefixes(path), kEvents);
        QVERIFY(!QFileInfo::exists(path + QStringLiteral("-wal"))); // a clean close leaves one file
    }
};

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
