// The replay debugger's cursor as the GUI drives it (ReplayController: a
// Player on a worker thread, frames back to the GUI thread): stepping forward
// N and back M shows exactly the state of a fresh engine run stopped there;
// "step to next late event" lands on the first event the engine reports as
// late; a breakpoint stops at its first hit, forward and backward; the
// timeline marks equal the late events and firings of a fresh run; playing as
// fast as possible ends at the last event.

#include "testsupport.h"

#include "engine/pipelinefile.h"
#include "engine/eventextractor.h"
#include "replay/player.h"
#include "replay/replaycontroller.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const char *const kIotPipeline = kIotTestPipeline;

QByteArray json(const EngineSnapshot &snapshot) { return snapshotJson(snapshot); }

bool isLate(const StepReport &r) { return r.has(ChangeKind::LateAccepted) || r.has(ChangeKind::LateDropped); }

bool firesFor(const StepReport &r, const QByteArray &key)
{
    for (const WindowResult &result : r.results)
        if (result.key == key)
            return true;
    return false;
}

} // namespace

class TestReplayController : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot;
    PipelineSpec m_spec;
    FreshRun m_ref;

    // Opens the session and waits for the first frame.
    std::unique_ptr<ReplayController> openController()
    {
        auto controller = std::make_unique<ReplayController>();
        QSignalSpy opened(controller.get(), &ReplayController::opened);
        QSignalSpy failed(controller.get(), &ReplayController::failed);
        controller->open(m_iot, m_spec);
        if (!opened.wait(20000) && opened.isEmpty()) {
            qWarning() << "not opened" << failed;
            return nullptr;
        }
        return controller;
    }

    static bool waitForCursor(ReplayController &c, std::int64_t seq)
    {
        if (QTest::qWaitFor([&] { return c.cursor() == seq; }, 20000))
            return true;
        qWarning() << "cursor" << c.cursor() << "expected" << seq;
        return false;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 8000, 4, 21);
        QVERIFY(!m_iot.isEmpty());
        m_spec = pipeline(kIotPipeline);
        m_ref = freshRun(m_iot, m_spec, true);
        QCOMPARE(std::int64_t(m_ref.reports.size()), 8000);
        // The scenario has late events and firings for the tests below to find.
        QVERIFY(std::count_if(m_ref.reports.begin(), m_ref.reports.end(), isLate) >= 3);
    }

    void opensBeforeTheFirstEvent()
    {
        auto c = openController();
        QVERIFY(c);
        QCOMPARE(c->eventCount(), 8000);
        QVERIFY(waitForCursor(*c, -1));
    }

    void stepForwardAndBackEqualsFreshRun()
    {
        auto c = openController();
        QVERIFY(c);
        const int n = 400, m = 150;
        for (int i = 0; i < n; ++i)
            c->stepForward();
        QVERIFY(waitForCursor(*c, n - 1));
        QCOMPARE(json(c->frame()->snapshot), m_ref.snapshots[n - 1]);
        QCOMPARE(c->frame()->report.seq, n - 1);
        QCOMPARE(c->frame()->arrivalUs, m_ref.arrivals[n - 1]);
        for (int i = 0; i < m; ++i)
            c->stepBack();
        QVERIFY(waitForCursor(*c, n - 1 - m));
        QCOMPARE(json(c->frame()->snapshot), m_ref.snapshots[n - 1 - m]);
        QCOMPARE(c->frame()->report.results.size(), m_ref.reports[n - 1 - m].results.size());

        // Seeks anywhere, in both directions.
        for (std::int64_t target : {7000, 12, 3999, 3998, 7999, 0}) {
            c->seek(target);
            QVERIFY(waitForCursor(*c, target));
            QCOMPARE(json(c->frame()->snapshot), m_ref.snapshots[std::size_t(target)]);
        }
    }

    void stepToNextLateLandsOnTheEnginesLateEvents()
    {
        std::vector<std::int64_t> late;
        for (const StepReport &r : m_ref.reports)
            if (isLate(r))
                late.push_back(r.seq);
        auto c = openController();
        QVERIFY(c);
        c->stepTo(StepTarget::LateEvent, true);
        QVERIFY(waitForCursor(*c, late[0]));
        c->stepTo(StepTarget::LateEvent, true);
        QVERIFY(waitForCursor(*c, late[1]));
        c->stepTo(StepTarget::LateEvent, false);
        QVERIFY(waitForCursor(*c, late[0]));

        // From the end backwards: the last late event.
        c->end();
        QVERIFY(waitForCursor(*c, 7999));
        c->stepTo(StepTarget::LateEvent, false);
        QVERIFY(waitForCursor(*c, late.back() == 7999 ? late[late.size() - 2] : late.back()));

        // Before the first one, "previous" finds nothing and says so.
        c->seek(late[0] - 1);
        QVERIFY(waitForCursor(*c, late[0] - 1));
        QSignalSpy stopped(c.get(), &ReplayController::stopped);
        c->stepTo(StepTarget::LateEvent, false);
        QVERIFY(stopped.wait(10000));
        QVERIFY(stopped.first().at(0).toString().contains(QLatin1String("No earlier")));
        QCOMPARE(c->cursor(), late[0] - 1);
    }

    void stepToFilterMatch()
    {
        auto c = openController();
        QVERIFY(c);
        auto reader = SessionReader::open(m_iot);
        std::int64_t expected = -1;
        (void)(*reader)->scan(0, 8000, [&](const EventView &e) {
            if (e.partition == 2 && e.seq > 100) {
                expected = e.seq;
                return false;
            }
            return true;
        });
        QVERIFY(expected > 100);
        c->seek(100);
        QVERIFY(waitForCursor(*c, 100));
        c->stepTo(StepTarget::FilterMatch, true, QStringLiteral("partition == 2"));
        QVERIFY(waitForCursor(*c, expected));

        // An expression that does not parse is an error, and the cursor stays.
        QSignalSpy failed(c.get(), &ReplayController::failed);
        c->stepTo(StepTarget::FilterMatch, true, QStringLiteral("partition =="));
        QVERIFY(failed.wait(10000));
        QCOMPARE(c->cursor(), expected);
    }

    void breakpointStopsAtItsFirstHit()
    {
        const QByteArray key = QByteArrayLiteral("sensor-003");
        std::vector<std::int64_t> hits;
        for (const StepReport &r : m_ref.reports)
            if (firesFor(r, key))
                hits.push_back(r.seq);
        QVERIFY(hits.size() >= 3);

        auto c = openController();
        QVERIFY(c);
        Breakpoint disabled;
        disabled.kind = Breakpoint::Kind::WatermarkAdvances; // would hit almost everywhere
        disabled.enabled = false;
        Breakpoint fires;
        fires.kind = Breakpoint::Kind::WindowFires;
        fires.key = key;
        c->setBreakpoints({disabled, fires});
        QSignalSpy stopped(c.get(), &ReplayController::stopped);
        c->runToBreakpoint(true);
        QVERIFY(waitForCursor(*c, hits[0]));
        QTRY_VERIFY(!stopped.isEmpty());
        QCOMPARE(stopped.last().at(1).value<QList<int>>(), QList<int>{1});
        c->runToBreakpoint(true);
        QVERIFY(waitForCursor(*c, hits[1]));
        c->runToBreakpoint(false);
        QVERIFY(waitForCursor(*c, hits[0]));

        // Playback stops at a hit too.
        c->seek(hits[1]);
        QVERIFY(waitForCursor(*c, hits[1]));
        c->setSpeed(0);
        c->play();
        QVERIFY(waitForCursor(*c, hits[2]));
        QTRY_VERIFY(!c->isPlaying());
    }

    void timelineMarksEqualTheFreshRun()
    {
        std::set<std::int64_t> lateSeqs, firingSeqs;
        for (const StepReport &r : m_ref.reports) {
            if (isLate(r))
                lateSeqs.insert(r.seq);
            if (!r.results.empty())
                firingSeqs.insert(r.seq);
        }
        auto c = std::make_unique<ReplayController>();
        std::set<std::int64_t> gotLate, gotFiring;
        connect(c.get(), &ReplayController::marksAdded, this, [&](const std::vector<TimelineMark> &marks) {
            for (const TimelineMark &mark : marks) {
                QCOMPARE(mark.arrivalUs, m_ref.arrivals[std::size_t(mark.seq)]);
                if (mark.kind == TimelineMark::Kind::LateAccepted || mark.kind == TimelineMark::Kind::LateDropped)
                    gotLate.insert(mark.seq);
                if (mark.kind == TimelineMark::Kind::Firing || mark.kind == TimelineMark::Kind::LateFiring)
                    gotFiring.insert(mark.seq);
            }
        });
        QSignalSpy indexing(c.get(), &ReplayController::indexingProgress);
        c->open(m_iot, m_spec);
        QTRY_VERIFY_WITH_TIMEOUT(!indexing.isEmpty() && indexing.last().at(0).toLongLong() >= 8000, 30000);
        QTRY_COMPARE(gotLate, lateSeqs);
        QCOMPARE(gotFiring, firingSeqs);
    }

    void playAsFastAsPossibleReachesTheEnd()
    {
        auto c = openController();
        QVERIFY(c);
        c->seek(7000);
        QVERIFY(waitForCursor(*c, 7000));
        QSignalSpy playing(c.get(), &ReplayController::playingChanged);
        c->setSpeed(0);
        c->play();
        QVERIFY(waitForCursor(*c, 7999));
        QTRY_VERIFY(!c->isPlaying());
        QCOMPARE(json(c->frame()->snapshot), m_ref.snapshots.back());
    }

    void reopeningWithAnotherPipelineKeepsTheCursor()
    {
        auto c = openController();
        QVERIFY(c);
        c->seek(5000);
        QVERIFY(waitForCursor(*c, 5000));
        PipelineSpec other = m_spec;
        other.allowedLatenessMs = 0;
        QSignalSpy opened(c.get(), &ReplayController::opened);
        c->open(m_iot, other);
        QVERIFY(opened.wait(20000));
        QVERIFY(waitForCursor(*c, 5000));
        QCOMPARE(c->pipeline().allowedLatenessMs, 0);
    }

    void unreadableSessionFails()
    {
        ReplayController c;
        QSignalSpy failed(&c, &ReplayController::failed);
        c.open(m_dir.filePath(QStringLiteral("missing.sss")), m_spec);
        QVERIFY(failed.wait(10000));
        QVERIFY(!failed.first().at(0).toString().isEmpty());
        QVERIFY(!c.isOpen());
    }
};

QTEST_MAIN(TestReplayController)
#include "tst_replaycontroller.moc"
