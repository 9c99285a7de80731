// The replay debugger as a user drives it in the main window (offscreen):
// open a recorded demo session, load a pipeline file; the arrow keys step
// the cursor and the table and views follow it; back N is the state of a
// fresh run to that seq; Shift+→ lands on the first late event the engine
// reports; the timeline gets the marks; clicking a window highlights its
// events in the table (lineage); the pipeline is kept in the session and
// comes back when it is reopened.

#include "testsupport.h"

#include "common/format.h"
#include "common/statuslabel.h"

#include "../app/gui/mainwindow.h"
#include "../app/gui/replaydebugger.h"

#include "engine/eventextractor.h"
#include "engine/pipelinefile.h"
#include "events/eventtablemodel.h"
#include "export/exportdialog.h"
#include "events/eventtableview.h"
#include "replay/breakpointmodel.h"
#include "replay/breakpointspanel.h"
#include "replay/player.h"
#include "replay/replaycontroller.h"
#include "replay/stateinspector.h"
#include "replay/statemodel.h"
#include "replay/timelineslider.h"
#include "replay/transportbar.h"
#include "replay/watermarkview.h"
#include "replay/windowlanesview.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const char *const kPipeline = R"(# per sensor, 5 s windows
name: iot test
event_time: value.ts
watermark: bounded 2s
idle_timeout: 20s
key: value.sensor
window: tumbling 5s
allowed_lateness: 3s
aggregate: count
aggregate: avg(value.temperature_c) as avg
)";

QByteArray json(const EngineSnapshot &snapshot) { return snapshotJson(snapshot); }

} // namespace

class TestReplayWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_session;
    std::vector<StepReport> m_reports;
    std::vector<QByteArray> m_snapshots;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_session = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 6000, 4, 31);
        QVERIFY(!m_session.isEmpty());
        // The reference: a fresh engine run.
        FreshRun run = freshRun(m_session, pipeline(kPipeline), true);
        m_reports = std::move(run.reports);
        m_snapshots = std::move(run.snapshots);
    }

    // The transport's speed and "step by" are as the user left them.
    void transportRemembersSpeedAndStepBy()
    {
        ReplayController controller;
        {
            TransportBar bar(&controller);
            bar.setSpeed(10);
            bar.setStepTarget(StepTarget::WindowFiring);
        }
        TransportBar again(&controller);
        QCOMPARE(again.speed(), 10.0);
        QCOMPARE(again.stepTarget(), StepTarget::WindowFiring);
        again.setSpeed(1);
        again.setStepTarget(StepTarget::LateEvent);
    }

    // Live attach and replay are the same views: the cursor follows the tail
    // of the recording until the user steps.
    void liveCursorFollowsTheTail()
    {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        auto *model = window.findChild<EventTableModel *>();
        window.attachToDemo(QStringLiteral("iot.readings"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isRecording() && model->eventCount() >= 20, 30000);
        ReplayDebugger *replay = window.replay();
        SS_VERIFY_OK(replay->loadPipeline(QStringLiteral("iot test"), QString::fromUtf8(kIotTestPipeline)));
        ReplayController *c = replay->controller();
        QTRY_VERIFY_WITH_TIMEOUT(c->cursor() >= 19, 15000);
        const qint64 first = c->cursor();
        // The demo sends ~40 events/s: the cursor moves on with them.
        QTRY_VERIFY_WITH_TIMEOUT(c->cursor() >= first + 20, 15000);
        QVERIFY(c->followsTail());

        // A step back stops following: the cursor stays while events arrive.
        QTest::keyClick(&window, Qt::Key_Left);
        QVERIFY(!c->followsTail());
        QTest::qWait(1000); // the step's frame, and any the tail sent before it, arrive
        const qint64 count = model->eventCount();
        const qint64 held = c->cursor();
        QVERIFY(held >= first + 19);
        QTRY_VERIFY_WITH_TIMEOUT(model->eventCount() >= count + 20, 15000);
        QCOMPARE(c->cursor(), held);
        window.stopRecording();
    }

    // Every dock of the replay window shown, as the first pipeline arranges
    // them: the window still fits a laptop's 1280×800 screen (less a panel).
    // Forms scroll in their docks, plot status lines elide, and plots and
    // legends take what room there is.
    void replayWindowFitsALaptopScreen()
    {
        QSettings().remove(QStringLiteral("window/state"));
        QSettings().remove(QStringLiteral("window/geometry"));
        // A copy: the pipeline is kept in the session it runs over.
        const QString session = m_dir.filePath(QStringLiteral("laptop.sss"));
        QVERIFY(QFile::copy(m_session, session));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SS_VERIFY_OK(window.openSession(session));
        SS_VERIFY_OK(window.replay()->loadPipeline(QStringLiteral("iot test"), QString::fromUtf8(kPipeline)));
        QTRY_VERIFY_WITH_TIMEOUT(window.replay()->controller()->frame(), 15000);
        auto *watermarks = window.findChild<WatermarkView *>();
        QVERIFY(watermarks);
        QTRY_VERIFY_WITH_TIMEOUT(watermarks->hasSeries(), 15000); // its status line is the longest
        QApplication::processEvents();
        int shownDocks = 0;
        for (const QDockWidget *d : window.findChildren<QDockWidget *>())
            shownDocks += d->isVisible();
        QVERIFY(shownDocks >= 8);
        const QSize least = window.minimumSizeHint().expandedTo(window.minimumSize());
        QVERIFY2(least.width() <= 1280 && least.height() <= 760,
                 qPrintable(QStringLiteral("the window needs at least %1×%2").arg(least.width()).arg(least.height())));
    }

    // The replay docks are arranged (lanes and watermarks side by side,
    // below the table) the first time they show in a layout — also after a
    // run that ended without saving its layout (a crash, a kill), which used
    // to leave them side by side with every other bottom dock.
    void replayDocksArrangedWhenTheLayoutWasNotSaved()
    {
        QSettings().remove(QStringLiteral("window/state"));
        QSettings().remove(QStringLiteral("window/geometry"));
        const QString session = m_dir.filePath(QStringLiteral("unsaved-layout.sss"));
        QVERIFY(QFile::copy(m_session, session));
        const auto openSession = [&session](MainWindow &window) {
            window.resize(1500, 950);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            SS_VERIFY_OK(window.openSession(session));
        };
        {
            MainWindow first;
            openSession(first);
            SS_VERIFY_OK(first.replay()->loadPipeline(QStringLiteral("iot test"), QString::fromUtf8(kPipeline)));
            QTRY_VERIFY_WITH_TIMEOUT(first.replay()->controller()->frame(), 15000);
            QVERIFY(first.replay()->docksArranged());
            // Gone without closeEvent(): the layout is not saved.
        }
        MainWindow second;
        QVERIFY(!second.replay()->docksArranged());
        openSession(second);
        QTRY_VERIFY_WITH_TIMEOUT(second.replay()->hasPipeline(), 15000); // kept in the session
        QTRY_VERIFY_WITH_TIMEOUT(second.replay()->controller()->frame(), 15000);
        auto *lanes = second.findChild<QDockWidget *>(QStringLiteral("replayLanesDock"));
        QVERIFY(lanes);
        QTRY_VERIFY2(lanes->isVisible() && lanes->width() >= second.width() * 2 / 5,
                     qPrintable(QStringLiteral("lanes %1 of %2").arg(lanes->width()).arg(second.width())));
    }

    void stepFollowLateLineageAndReopen()
    {
        MainWindow window;
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SS_VERIFY_OK(window.openSession(m_session));
        auto *model = window.findChild<EventTableModel *>();
        auto *table = window.findChild<EventTableView *>();
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), 6000, 15000);

        ReplayDebugger *replay = window.replay();
        QVERIFY(!replay->hasPipeline());
        // A pipeline that does not parse is refused with its line and column.
        Status bad = replay->loadPipeline(QStringLiteral("bad.pipeline"), QStringLiteral("window: tumbling five\n"));
        QVERIFY(!bad);
        QVERIFY2(bad.error().message.contains(QLatin1String("bad.pipeline")), qPrintable(bad.error().message));
        QVERIFY(!replay->hasPipeline());

        // A topic the session does not have: loaded (the editor can mend it),
        // and said, with the topics the session has.
        QSignalSpy errors(replay, &ReplayDebugger::error);
        SS_VERIFY_OK(replay->loadPipeline(QStringLiteral("typo.pipeline"),
                                          QStringLiteral("topics: iot.reading\n") + QString::fromUtf8(kPipeline)));
        QCOMPARE(errors.size(), 1);
        const QString said = errors.first().first().toString();
        QVERIFY2(said.contains(QLatin1String("typo.pipeline")) && said.contains(QLatin1String("\"iot.reading\""))
                     && said.contains(QLatin1String("its topics: iot.readings")),
                 qPrintable(said));

        SS_VERIFY_OK(replay->loadPipeline(QStringLiteral("iot test"), QString::fromUtf8(kPipeline)));
        QCOMPARE(errors.size(), 1); // nothing missing now
        QVERIFY(replay->hasPipeline());
        ReplayController *c = replay->controller();
        QTRY_VERIFY_WITH_TIMEOUT(c->isOpen() && c->frame(), 15000);
        QVERIFY(replay->lanes()->isVisible());

        // → steps, with the table's current row following the cursor.
        table->setFocus();
        const int n = 60;
        for (int i = 0; i < n; ++i)
            QTest::keyClick(&window, Qt::Key_Right);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), n - 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(table->currentSeq(), n - 1, 5000);
        for (int i = 0; i < 20; ++i)
            QTest::keyClick(&window, Qt::Key_Left);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), n - 21, 10000);
        QCOMPARE(json(c->frame()->snapshot), m_snapshots[n - 21]);
        // The views show the frame: the lanes' watermark line is the engine's.
        QVERIFY(c->frame()->snapshot.watermark != kNoWatermark);
        QTRY_COMPARE_WITH_TIMEOUT(replay->lanes()->watermarkLine().value_or(-1), c->frame()->snapshot.watermark, 5000);
        QVERIFY(replay->stateInspector()->model()->rowCount() > 0);
        // The transport's line: the position, the arrival with its date, and
        // the watermark — with its date only when that differs (the demo
        // starts at midnight UTC: in UTC the watermark is still the day before).
        auto *transport = window.findChild<TransportBar *>();
        QVERIFY(transport);
        auto *position = transport->findChild<StatusLabel *>();
        QVERIFY(position);
        const auto expectedLine = [c](const QString &watermarkText) {
            return QStringLiteral("#%1 of 6,000 · arrived %2 · watermark %3")
                .arg(format::count(c->cursor()), format::localTimeUs(c->frame()->arrivalUs), watermarkText);
        };
        QTRY_COMPARE_WITH_TIMEOUT(position->text(),
                                  expectedLine(format::localTimeMsBeside(c->frame()->snapshot.watermark,
                                                                         c->frame()->arrivalUs / 1000)),
                                  5000);
        c->seek(2000);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), 2000, 10000);
        const QString sameDay = format::localTimeMs(c->frame()->snapshot.watermark);
        QVERIFY2(sameDay.startsWith(format::localTimeUs(c->frame()->arrivalUs).left(10)), qPrintable(sameDay));
        QTRY_COMPARE_WITH_TIMEOUT(position->text(), expectedLine(sameDay.section(QLatin1Char(' '), 1)), 5000);
        c->seek(n - 21);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), n - 21, 10000);

        // Shift+→ by the default kind, late event: the engine's first.
        std::int64_t firstLate = -1;
        for (const StepReport &r : m_reports)
            if (r.seq > n - 21 && (r.has(ChangeKind::LateAccepted) || r.has(ChangeKind::LateDropped))) {
                firstLate = r.seq;
                break;
            }
        QVERIFY(firstLate > 0);
        QCOMPARE(replay->transport()->stepTarget(), StepTarget::LateEvent);
        QTest::keyClick(&window, Qt::Key_Right, Qt::ShiftModifier);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), firstLate, 10000);

        // The timeline fills with marks as the session is indexed.
        QTRY_VERIFY_WITH_TIMEOUT(replay->transport()->timeline()->markCount() > 0, 20000);

        // Jump to a seq through the transport's field.
        QVERIFY(replay->transport()->jumpTo(JumpTarget::Kind::Seq, QStringLiteral("#4000")));
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), 4000, 10000);
        QVERIFY(!replay->transport()->jumpTo(JumpTarget::Kind::PartitionOffset, QStringLiteral("three:12")));
        QVERIFY(!replay->transport()->jumpError().isEmpty());

        // A breakpoint added in the panel: its run button stops at the first
        // hit after the cursor, and the panel counts it.
        QByteArray key;
        std::int64_t firstFiring = -1;
        for (const StepReport &r : m_reports)
            if (r.seq > 4000 && !r.results.empty()) {
                key = r.results.front().key;
                firstFiring = r.seq;
                break;
            }
        QVERIFY(firstFiring > 4000);
        Breakpoint fires;
        fires.kind = Breakpoint::Kind::WindowFires;
        fires.key = key;
        BreakpointsPanel *panel = replay->breakpoints();
        QString why;
        const int bpRow = panel->addBreakpoint(fires, &why);
        QVERIFY2(bpRow >= 0, qPrintable(why));
        QVERIFY(panel->runForwardButton()->isEnabled());
        QTest::mouseClick(panel->runForwardButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), firstFiring, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(panel->model()->hitCount(bpRow), 1, 5000);

        // Lineage: clicking a window (here: selecting it as a click does)
        // highlights exactly its events in the table.
        WindowLanesView *lanes = replay->lanes();
        QTRY_VERIFY_WITH_TIMEOUT(!lanes->drawnWindows().isEmpty(), 5000);
        const auto drawn = lanes->drawnWindows().first();
        QVERIFY(lanes->selectWindow(drawn.key, drawn.window));
        emit lanes->windowClicked(drawn.key, drawn.window.start, drawn.window.end);
        const auto contents = lanes->selectedWindow();
        QVERIFY(contents && !contents->seqs.empty());
        QCOMPARE(model->lineage().size(), std::size_t(std::set<std::int64_t>(contents->seqs.begin(), contents->seqs.end()).size()));
        const int row = model->rowOfSeq(contents->seqs.front());
        QVERIFY(row >= 0);
        QCOMPARE(model->index(row, EventTableModel::KeyColumn).data(EventTableModel::LineageRole).toBool(), true);
        const std::int64_t other = contents->seqs.front() == 0 ? 1 : 0;
        QVERIFY(!model->isInLineage(other) || std::count(contents->seqs.begin(), contents->seqs.end(), other) > 0);

        // File > Export Specified Events… offers the lineage as the marked
        // events and writes exactly those.
        window.exportEvents();
        auto *exportDialog = window.findChild<ExportDialog *>();
        QVERIFY(exportDialog);
        QVERIFY(exportDialog->setWhich(ExportDialog::Which::Marked));
        const QString out = m_dir.filePath(QStringLiteral("lineage.jsonl"));
        exportDialog->setOutputPath(out);
        QSignalSpy finished(exportDialog, &ExportDialog::exportFinished);
        exportDialog->startExport();
        QVERIFY(finished.wait(20000));
        QFile written(out);
        QVERIFY(written.open(QIODevice::ReadOnly));
        QCOMPARE(std::size_t(written.readAll().count('\n')), model->lineage().size());

        // The pipeline is kept in the session: reopening loads it again, and
        // the cursor comes back to where it was left.
        const qint64 left = c->cursor();
        QVERIFY(left > 0);
        replay->unloadPipeline();
        QVERIFY(!replay->hasPipeline());
        SS_VERIFY_OK(window.openSession(m_session));
        QTRY_VERIFY_WITH_TIMEOUT(replay->hasPipeline(), 10000);
        QCOMPARE(replay->pipelineText(), QString::fromUtf8(kPipeline));
        QTRY_COMPARE_WITH_TIMEOUT(c->cursor(), left, 10000);
        QCOMPARE(json(c->frame()->snapshot), m_snapshots[std::size_t(left)]);
    }
};

QTEST_MAIN(TestReplayWindow)
#include "tst_replaywindow.moc"
