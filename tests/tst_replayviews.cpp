// The replay debugger's views over real (generated demo) sessions: after
// stepping forward N and back N, the state tree and the window lanes show
// exactly what they show for a fresh run stopped at that seq; session windows
// visibly merge as the cursor steps; a click on a window shows its events and
// result and names its events; the watermark view highlights the partition
// the engine says holds the watermark back. The state model passes the model
// tester at every step.
//
// With STREAMSCOPE_SCREENSHOTS=DIR set, screenshots() also writes the views
// (light and dark) as PNGs to DIR.

#include "plotchecks.h"
#include "testsupport.h"

#include "engine/pipelinefile.h"
#include "replay/player.h"
#include "replay/replaycontroller.h"
#include "replay/statemodel.h"
#include "replay/timelineslider.h"
#include "replay/stateinspector.h"
#include "common/format.h"
#include "replay/watermarkseries.h"
#include "replay/watermarkview.h"
#include "replay/whatifview.h"
#include "replay/windowhistory.h"
#include "replay/windowlanesview.h"

#include <qcustomplot.h>

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QJsonDocument>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeView>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const char *const kIotPipeline = kIotTestPipeline;

const char *const kClicksPipeline = R"(
event_time: value.ts
watermark: bounded 1s
key: value.user
window: session 30s
allowed_lateness: 2s
aggregate: count as clicks
aggregate: collect
)";

QString dumpModel(const QAbstractItemModel &model, const QModelIndex &parent = {}, int depth = 0)
{
    QString out;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        QStringList cells;
        for (int column = 0; column < model.columnCount(parent); ++column)
            cells << model.index(row, column, parent).data().toString();
        const QModelIndex index = model.index(row, 0, parent);
        out += QString(depth * 2, QLatin1Char(' ')) + cells.join(QStringLiteral(" | "))
               + QStringLiteral(" {id=%1 changed=%2 below=%3 bold=%4}\n")
                     .arg(index.data(StateModel::IdRole).toString())
                     .arg(index.data(StateModel::ChangedRole).toBool())
                     .arg(index.data(StateModel::ChangedBelowRole).toBool())
                     .arg(index.data(Qt::FontRole).isValid());
        out += dumpModel(model, index, depth + 1);
    }
    return out;
}

QString windowText(const WindowLanesView::DrawnWindow &d)
{
    return QStringLiteral("%1 [%2,%3) look=%4 lane=%5 rows=%6..%7 historic=%8 changed=%9 at=%10 fill=%11 border=%12")
        .arg(QString::fromUtf8(d.key))
        .arg(d.window.start)
        .arg(d.window.end)
        .arg(int(d.look))
        .arg(d.lane)
        .arg(d.top)
        .arg(d.bottom)
        .arg(d.historic)
        .arg(d.changed)
        .arg(d.atSeq)
        .arg(d.fill.name(QColor::HexArgb), d.border.name(QColor::HexArgb));
}

// Everything the lanes draw, as lines of text (a failed comparison shows them).
QStringList dumpLanes(const WindowLanesView &view)
{
    QStringList out;
    for (const QByteArray &lane : view.lanes())
        out << QStringLiteral("lane ") + QString::fromUtf8(lane);
    for (const auto &d : view.drawnWindows())
        out << windowText(d);
    for (const auto &e : view.drawnEvents())
        out << QStringLiteral("event %1 lane=%2 t=%3 late=%4 historic=%5").arg(e.seq).arg(e.lane).arg(e.eventTimeMs).arg(int(e.late)).arg(e.historic);
    out << QStringLiteral("watermark %1").arg(view.watermarkLine() ? QString::number(*view.watermarkLine()) : QStringLiteral("none"));
    return out;
}

QByteArray json(const EngineSnapshot &snapshot) { return QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Compact); }

// A player with the views fed as the main window feeds them after each move.
struct Rig {
    std::unique_ptr<Player> player;
    WindowHistory history;
    StateModel model;
    WindowLanesView lanes;
    EngineSnapshot snapshot;
    StepReport report;
    std::optional<EngineSnapshot> previous;
    bool shown = false;

    Rig(const QString &path, const PipelineSpec &spec)
    {
        auto opened = Player::open(path, spec);
        if (!opened)
            qFatal("%s", qPrintable(opened.error().message));
        player = std::move(*opened);
        model.setTopics(player->reader().topics());
        model.setPipeline(spec);
        lanes.setPipeline(spec);
        lanes.resize(1000, 700);
    }
    // Shows the player's cursor: what ReplayController puts in a frame.
    bool show()
    {
        EngineSnapshot now = player->snapshot();
        if (Status st = history.follow(*player, now); !st) {
            qWarning("%s", qPrintable(st.error().message));
            return false;
        }
        report = player->lastReport();
        if (shown)
            previous = snapshot;
        shown = true;
        snapshot = std::move(now);
        model.setStep(snapshot, report, previous ? &*previous : nullptr);
        lanes.showStep(snapshot, report, history.entries());
        lanes.setEventTimes(history.eventPoints());
        return true;
    }
};

} // namespace

class TestReplayViews : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot, m_clicks;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QStandardPaths::setTestModeEnabled(true); // the views' remembered settings: of their own
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 3000, 4);
        m_clicks = writeDemoSession(m_dir.filePath(QStringLiteral("clicks.sss")), QStringLiteral("clicks"), 3000, 4);
        QVERIFY(!m_iot.isEmpty() && !m_clicks.isEmpty());
    }

    void stepForwardAndBackEqualsFreshRun_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<int>("start");
        QTest::addColumn<int>("n");
        QTest::addRow("iot tumbling") << QStringLiteral("iot") << 900 << 150;
        QTest::addRow("clicks sessions") << QStringLiteral("clicks") << 900 << 150;
    }

    void stepForwardAndBackEqualsFreshRun()
    {
        QFETCH(QString, scenario);
        QFETCH(int, start);
        QFETCH(int, n);
        const bool iot = scenario == QLatin1String("iot");
        const QString path = iot ? m_iot : m_clicks;
        const PipelineSpec spec = pipeline(iot ? kIotPipeline : kClicksPipeline);

        Rig rig(path, spec);
        QAbstractItemModelTester tester(&rig.model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        SS_VERIFY_OK(rig.player->seek(start - 1));
        QVERIFY(rig.show());
        for (int i = 0; i < n; ++i) {
            SS_VERIFY_OK(rig.player->stepForward());
            QVERIFY(rig.show());
        }
        QCOMPARE(rig.player->cursor(), start - 1 + n);
        const EngineSnapshot atPeak = rig.snapshot;
        const QString peakModel = dumpModel(rig.model);
        const QStringList peakLanes = dumpLanes(rig.lanes);
        for (int i = 0; i < n; ++i) {
            SS_VERIFY_OK(rig.player->stepBack());
            QVERIFY(rig.show());
        }
        const std::int64_t at = start - 1;
        QCOMPARE(rig.player->cursor(), at);

        // A fresh run, stepped from the first event to `at` (no seeks).
        Rig fresh(path, spec);
        for (std::int64_t i = 0; i <= at; ++i)
            SS_VERIFY_OK(fresh.player->stepForward());
        QVERIFY(fresh.show());
        QCOMPARE(json(rig.snapshot), json(fresh.snapshot));
        QVERIFY(!fresh.snapshot.windows.empty());

        // The state tree: the model updated in place over 2N steps equals one
        // built at once from the same inputs (the snapshot shown before was
        // the one at `at` + 1)…
        StateModel built;
        built.setTopics(rig.player->reader().topics());
        built.setPipeline(spec);
        built.setStep(fresh.snapshot, fresh.report, &*rig.previous);
        QCOMPARE(dumpModel(rig.model), dumpModel(built));
        // …and names and values equal those of the fresh run's tree.
        auto namesAndValues = [](const QString &dump) {
            QStringList lines;
            for (const QString &line : dump.split(QLatin1Char('\n'))) {
                const QStringList cells = line.split(QStringLiteral(" | "));
                lines << cells.mid(0, 2).join(QStringLiteral(" | "));
            }
            return lines;
        };
        QCOMPARE(namesAndValues(dumpModel(rig.model)), namesAndValues(dumpModel(fresh.model)));
        // Every open window has its row, with its event count.
        for (const WindowSnapshot &w : fresh.snapshot.windows) {
            const QModelIndex index = rig.model.windowIndex(w.key, w.window);
            QVERIFY(index.isValid());
            QVERIFY(index.siblingAtColumn(StateModel::ValueColumn).data().toString().contains(QString::number(w.seqs.size())));
        }

        // The window lanes: the same lanes, windows, events and watermark.
        QCOMPARE(dumpLanes(rig.lanes), dumpLanes(fresh.lanes));
        QVERIFY(!rig.lanes.drawnWindows().isEmpty());
        QVERIFY(!rig.lanes.drawnEvents().isEmpty());
        QCOMPARE(rig.lanes.watermarkLine().value_or(kNoWatermark), fresh.snapshot.watermark);
        // Every open window of a visible lane is drawn in its state's look.
        const QList<QByteArray> lanes = rig.lanes.lanes();
        const int visibleEnd = rig.lanes.firstVisibleLane() + rig.lanes.visibleLaneCount();
        for (const WindowSnapshot &w : fresh.snapshot.windows) {
            const qsizetype lane = lanes.indexOf(w.key);
            QVERIFY(lane >= 0);
            if (lane >= visibleEnd)
                continue;
            const auto drawn = rig.lanes.drawnWindows();
            const auto it = std::find_if(drawn.begin(), drawn.end(), [&](const auto &d) {
                return !d.historic && d.key == w.key && d.window == w.window;
            });
            QVERIFY(it != drawn.end());
            QCOMPARE(it->look, windowstyle::lookOf(w.firings));
            QCOMPARE(it->lane, int(lane));
        }

        // And the peak equals a fresh run to the peak.
        Rig freshPeak(path, spec);
        SS_VERIFY_OK(freshPeak.player->seek(start - 1 + n));
        QVERIFY(freshPeak.show());
        QCOMPARE(json(freshPeak.snapshot), json(atPeak));
        QCOMPARE(peakLanes, dumpLanes(freshPeak.lanes));
        QCOMPARE(namesAndValues(peakModel), namesAndValues(dumpModel(freshPeak.model)));
    }

    void controllerFramesEqualFreshRun()
    {
        // The same through ReplayController, as the main window drives it.
        const PipelineSpec spec = pipeline(kIotPipeline);
        ReplayController controller;
        QSignalSpy opened(&controller, &ReplayController::opened);
        QSignalSpy failed(&controller, &ReplayController::failed);
        controller.open(m_iot, spec);
        QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty() || !failed.isEmpty(), 30000);
        QVERIFY(failed.isEmpty());
        StateModel model;
        model.setPipeline(spec);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        WindowLanesView lanes;
        lanes.setPipeline(spec);
        lanes.resize(1000, 700);
        std::shared_ptr<const ReplayFrame> shown;
        connect(&controller, &ReplayController::frameChanged, this, [&](std::shared_ptr<const ReplayFrame> frame) {
            model.setStep(frame->snapshot, frame->report, shown ? &shown->snapshot : nullptr);
            lanes.showStep(frame->snapshot, frame->report, frame->history);
            lanes.setEventTimes(frame->points);
            shown = std::move(frame);
        });
        controller.seek(499);
        QTRY_VERIFY_WITH_TIMEOUT(shown && shown->cursor == 499, 30000);
        constexpr int kN = 60;
        for (int i = 0; i < kN; ++i)
            controller.stepForward();
        QTRY_VERIFY_WITH_TIMEOUT(shown && shown->cursor == 499 + kN, 30000);
        for (int i = 0; i < kN; ++i)
            controller.stepBack();
        QTRY_VERIFY_WITH_TIMEOUT(shown && shown->cursor == 499, 30000);

        Rig fresh(m_iot, spec);
        SS_VERIFY_OK(fresh.player->seek(499));
        QVERIFY(fresh.show());
        QCOMPARE(json(shown->snapshot), json(fresh.snapshot));
        QCOMPARE(dumpLanes(lanes), dumpLanes(fresh.lanes));
        StateModel built;
        built.setPipeline(spec);
        built.setStep(fresh.snapshot, fresh.report, nullptr);
        auto namesAndValues = [](const QAbstractItemModel &m) {
            QStringList lines;
            for (const QString &line : dumpModel(m).split(QLatin1Char('\n')))
                lines << line.split(QStringLiteral(" | ")).mid(0, 2).join(QStringLiteral(" | "));
            return lines;
        };
        QCOMPARE(namesAndValues(model), namesAndValues(built));
        controller.close();
    }

    void stateTreeWithoutPreviousSnapshotShowsEachStepAsBuiltAtOnce()
    {
        // Rows kept from one step to the next must be kept because they are
        // what they show, not because the previous snapshot says nothing
        // moved: shown with no previous snapshot and a report that names
        // nothing, every step still equals a tree built at once.
        const PipelineSpec spec = pipeline(kIotPipeline);
        Rig rig(m_iot, spec);
        QAbstractItemModelTester tester(&rig.model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const StepReport quiet;
        int differed = 0;
        for (const std::int64_t seq : {600, 640, 641, 700, 1200, 1201, 650}) {
            SS_VERIFY_OK(rig.player->seek(seq));
            const EngineSnapshot now = rig.player->snapshot();
            rig.model.setStep(now, quiet, nullptr);
            StateModel built;
            built.setTopics(rig.player->reader().topics());
            built.setPipeline(spec);
            built.setStep(now, quiet, nullptr);
            QCOMPARE(dumpModel(rig.model), dumpModel(built));
            differed += json(now) != json(rig.snapshot);
            rig.snapshot = now;
        }
        QVERIFY(differed >= 5); // the steps really moved the state
    }

    void timelineRepaintsWhatChanged()
    {
        // The timeline keeps its density and marks in a pixmap and repaints
        // only the cursor's strips on a move: every change to what the
        // pixmap holds must show, and moving the cursor back must give the
        // same picture as before.
        TimelineSlider slider;
        slider.resize(600, slider.sizeHint().height());
        slider.setRange(0, 10'000'000);
        slider.setDensity({5, 9, 2, 7, 4, 8, 1, 6, 3, 9}, 0, 1'000'000);
        slider.setCursorArrival(2'000'000);
        const QImage plain = slider.grab().toImage();

        slider.addMarks({TimelineMark{10, 6'000'000, TimelineMark::Kind::LateDropped},
                         TimelineMark{11, 7'000'000, TimelineMark::Kind::Firing}});
        const QImage marked = slider.grab().toImage();
        QVERIFY(marked != plain);

        slider.setCursorArrival(8'000'000);
        QVERIFY(slider.grab().toImage() != marked);
        slider.setCursorArrival(2'000'000);
        QCOMPARE(slider.grab().toImage(), marked);

        slider.clearMarks();
        QCOMPARE(slider.grab().toImage(), plain);
        slider.setDensity({1, 1, 1, 1, 1, 1, 1, 1, 1, 9}, 0, 1'000'000);
        QVERIFY(slider.grab().toImage() != plain);

        slider.resize(500, slider.height()); // the background follows the size
        const QImage narrow = slider.grab().toImage();
        QCOMPARE(narrow.width(), 500 * int(slider.devicePixelRatioF()));
        slider.setDensity({5, 9, 2, 7, 4, 8, 1, 6, 3, 9}, 0, 1'000'000);
        slider.resize(600, slider.height());
        QCOMPARE(slider.grab().toImage(), plain);
    }

    void sessionWindowsMergeVisibly()
    {
        const PipelineSpec spec = pipeline(kClicksPipeline);
        Rig rig(m_clicks, spec);
        SS_VERIFY_OK(rig.player->seek(199));
        QVERIFY(rig.show());
        int merges = 0;
        for (int i = 0; i < 600 && merges < 5; ++i) {
            const QList<WindowLanesView::DrawnWindow> before = rig.lanes.drawnWindows();
            const QList<QByteArray> lanesBefore = rig.lanes.lanes();
            const int visibleBefore = rig.lanes.firstVisibleLane() + rig.lanes.visibleLaneCount();
            const EngineSnapshot snapshotBefore = rig.snapshot;
            SS_VERIFY_OK(rig.player->stepForward());
            QVERIFY(rig.show());
            for (const EngineChange &c : rig.report.changes) {
                if (c.kind != ChangeKind::WindowsMerged)
                    continue;
                const qsizetype lane = rig.lanes.lanes().indexOf(c.key);
                QVERIFY(lane >= 0);
                QCOMPARE(lane, 0); // the key this step touched is on top
                const auto drawn = rig.lanes.drawnWindows();
                // The merged window: open, marked as changed this step, covering those it replaced.
                const auto merged = std::find_if(drawn.begin(), drawn.end(), [&](const auto &d) {
                    return !d.historic && d.key == c.key && d.window == c.window;
                });
                QVERIFY(merged != drawn.end());
                QVERIFY(merged->changed);
                std::size_t absorbedEvents = 0;
                for (const TimeWindow &old : c.merged) {
                    QVERIFY(c.window.start <= old.start && old.end <= c.window.end);
                    // Open before the step (drawn, if its lane was in view)…
                    QVERIFY(std::any_of(snapshotBefore.windows.begin(), snapshotBefore.windows.end(),
                                        [&](const WindowSnapshot &w) { return w.key == c.key && w.window == old; }));
                    const qsizetype laneBefore = lanesBefore.indexOf(c.key);
                    if (laneBefore >= 0 && laneBefore < visibleBefore) {
                        const auto was = std::find_if(before.begin(), before.end(), [&](const auto &d) {
                            return !d.historic && d.key == c.key && d.window == old;
                        });
                        QVERIFY(was != before.end());
                    }
                    // …drawn merged away (dashed, from the history) after it, in the same lane.
                    const auto gone = std::find_if(drawn.begin(), drawn.end(), [&](const auto &d) {
                        return d.historic && d.key == c.key && d.window == old;
                    });
                    QVERIFY(gone != drawn.end());
                    QCOMPARE(gone->look, WindowLook::MergedAway);
                    QCOMPARE(gone->atSeq, rig.report.seq);
                    QCOMPARE(gone->lane, merged->lane);
                    QVERIFY(rig.lanes.selectWindow(c.key, old));
                    QVERIFY(rig.lanes.selectedWindow()->historic);
                    absorbedEvents += rig.lanes.selectedWindow()->seqs.size();
                }
                // Its contents: every event of the windows it replaced, and this one.
                QVERIFY(rig.lanes.selectWindow(c.key, c.window));
                const auto contents = rig.lanes.selectedWindow();
                QCOMPARE(contents->seqs.size(), absorbedEvents + 1);
                QVERIFY(std::find(contents->seqs.begin(), contents->seqs.end(), rig.report.seq) != contents->seqs.end());
                QVERIFY(rig.lanes.contentsText().contains(QStringLiteral("clicks = %1").arg(contents->seqs.size())));
                rig.lanes.clearSelection();
                ++merges;
            }
        }
        QCOMPARE(merges, 5);
    }

    void clickWindowShowsContents()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Rig rig(m_iot, spec);
        SS_VERIFY_OK(rig.player->seek(1199));
        QVERIFY(rig.show());
        rig.lanes.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rig.lanes));
        rig.lanes.setFollowWatermark(true);
        QApplication::processEvents();

        // A fired window in a visible lane, wide enough to click beside its
        // dots (fired windows stay until the allowed lateness has passed).
        QList<WindowLanesView::DrawnWindow> drawn;
        auto clickable = [&](const WindowLanesView::DrawnWindow &d) {
            if (d.historic || d.look != WindowLook::Fired)
                return false;
            const auto left = rig.lanes.pixelOf(d.key, d.window.start);
            const auto right = rig.lanes.pixelOf(d.key, d.window.end);
            return left && right && rig.lanes.plot()->axisRect()->rect().contains(left->toPoint() + QPoint(2, 0))
                   && right->x() - left->x() > 12;
        };
        for (int i = 0; i < 400; ++i) {
            drawn = rig.lanes.drawnWindows();
            if (std::any_of(drawn.begin(), drawn.end(), clickable))
                break;
            SS_VERIFY_OK(rig.player->stepForward());
            QVERIFY(rig.show());
        }
        const auto target = std::find_if(drawn.begin(), drawn.end(), clickable);
        if (target == drawn.end()) {
            for (const auto &d : drawn) {
                const auto l = rig.lanes.pixelOf(d.key, d.window.start);
                const auto r = rig.lanes.pixelOf(d.key, d.window.end);
                qWarning() << windowText(d) << (l ? *l : QPointF(-1, -1)) << (r ? *r : QPointF(-1, -1))
                           << rig.lanes.plot()->axisRect()->rect();
            }
        }
        QVERIFY(target != drawn.end());
        const WindowSnapshot *state = nullptr;
        for (const WindowSnapshot &w : rig.snapshot.windows)
            if (w.key == target->key && w.window == target->window)
                state = &w;
        QVERIFY(state);

        QSignalSpy clicked(&rig.lanes, &WindowLanesView::windowClicked);
        QSignalSpy events(&rig.lanes, &WindowLanesView::windowEventsActivated);
        QSignalSpy eventClicked(&rig.lanes, &WindowLanesView::eventClicked);
        // Above the dots' row, inside the window's rectangle.
        const QPointF left = *rig.lanes.pixelOf(target->key, target->window.start);
        const QPointF right = *rig.lanes.pixelOf(target->key, target->window.end);
        const double yTop = rig.lanes.plot()->yAxis->coordToPixel(target->top + 0.05);
        QPoint where(int((left.x() + right.x()) / 2), int(yTop));
        // Not on a dot (a dot wins a click).
        while (rig.lanes.eventAt(where) && where.x() < right.x() - 2)
            where.rx() += 3;
        QVERIFY(!rig.lanes.eventAt(where));
        QTest::mouseClick(rig.lanes.plot(), Qt::LeftButton, {}, where);
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked[0][0].toByteArray(), target->key);
        QCOMPARE(clicked[0][1].toLongLong(), target->window.start);
        QCOMPARE(events.size(), 1);
        const auto seqs = events[0][0].value<QList<qint64>>();
        QCOMPARE(std::vector<std::int64_t>(seqs.begin(), seqs.end()), state->seqs);
        QVERIFY(eventClicked.isEmpty());

        // The panel: the result and every event, each a link.
        QVERIFY(rig.lanes.contentsPanel()->isVisible());
        const auto contents = rig.lanes.selectedWindow();
        QVERIFY(contents && contents->inState && !contents->historic);
        QCOMPARE(contents->look, WindowLook::Fired);
        const QString text = rig.lanes.contentsText();
        QVERIFY2(text.contains(QStringLiteral("Result (firing 1)")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("count = %1").arg(state->seqs.size())), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("avg = %1").arg(windowstyle::valueText(state->aggregates.value(QStringLiteral("avg"))))),
                 qPrintable(text));
        for (std::int64_t s : state->seqs)
            QVERIFY2(text.contains(QStringLiteral("#%1").arg(s)), qPrintable(text));
        // The selected window is ringed in the highlight colour.
        // A link activates its event; "show all" names them all again.
        emit rig.lanes.contentsPanel()->anchorClicked(QUrl(QStringLiteral("seq:%1").arg(state->seqs.front())));
        QCOMPARE(eventClicked.size(), 1);
        QCOMPARE(eventClicked[0][0].toLongLong(), state->seqs.front());
        emit rig.lanes.contentsPanel()->anchorClicked(QUrl(QStringLiteral("all:")));
        QCOMPARE(events.size(), 2);

        // The panel follows the cursor: later the window is purged, shown as such.
        const TimeWindow window = target->window;
        const QByteArray key = target->key;
        bool purged = false;
        for (int i = 0; i < 400 && !purged; ++i) {
            SS_VERIFY_OK(rig.player->stepForward());
            QVERIFY(rig.show());
            purged = rig.lanes.selectedWindow()->historic;
        }
        QVERIFY(purged);
        QCOMPARE(rig.lanes.selectedWindow()->look, WindowLook::Purged);
        QVERIFY(rig.lanes.contentsText().contains(QStringLiteral("purged at seq")));
        QCOMPARE(rig.lanes.selectedWindow()->key, key);
        QCOMPARE(rig.lanes.selectedWindow()->window, window);

        // A click on a dot activates its event.
        const auto dots = rig.lanes.drawnEvents();
        bool hitDot = false;
        for (const auto &e : dots) {
            const auto p = rig.lanes.pixelOf(rig.lanes.lanes().value(e.lane), e.eventTimeMs);
            if (!p || !rig.lanes.plot()->axisRect()->rect().contains(p->toPoint()))
                continue;
            const auto hit = rig.lanes.eventAt(*p);
            QVERIFY(hit);
            eventClicked.clear();
            QTest::mouseClick(rig.lanes.plot(), Qt::LeftButton, {}, p->toPoint());
            QCOMPARE(eventClicked.size(), 1);
            QCOMPARE(eventClicked[0][0].toLongLong(), hit->seq);
            hitDot = true;
            break;
        }
        QVERIFY(hitDot);
    }

    void filterAndActivity()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Rig rig(m_iot, spec);
        SS_VERIFY_OK(rig.player->seek(799));
        QVERIFY(rig.show());
        const QList<QByteArray> all = rig.lanes.lanes();
        QVERIFY(all.size() > 10);
        // The key of the event at the cursor is on top.
        const auto points = rig.history.eventPoints();
        QVERIFY(points.contains(799));
        QCOMPARE(all.front(), points.value(799).key);
        // Lanes are most recently touched first.
        // (touched: an event in an open window, a window leaving the state,
        // a late event dropped, the step at the cursor).
        QHash<QByteArray, std::int64_t> last;
        auto touch = [&](const QByteArray &key, std::int64_t seq) { last[key] = std::max(last.value(key, -1), seq); };
        for (const WindowSnapshot &w : rig.snapshot.windows)
            touch(w.key, *std::max_element(w.seqs.begin(), w.seqs.end()));
        for (const WindowHistoryEntry &e : rig.history.entries())
            touch(e.key, e.atSeq);
        for (const EventPoint &p : points)
            if (p.late == EventPoint::Late::Dropped || p.seq == 799)
                touch(p.key, p.seq);
        QCOMPARE(last.size(), all.size());
        for (int i = 1; i < all.size(); ++i)
            QVERIFY(last[all[i - 1]] >= last[all[i]]);
        rig.lanes.setKeyFilter(QStringLiteral("sensor-00"));
        const QList<QByteArray> filtered = rig.lanes.lanes();
        QVERIFY(!filtered.isEmpty() && filtered.size() < all.size());
        for (const QByteArray &key : filtered)
            QVERIFY(key.contains("sensor-00"));
        for (const auto &d : rig.lanes.drawnWindows())
            QVERIFY(d.key.contains("sensor-00"));
        // Scrolling shows other lanes.
        rig.lanes.setKeyFilter(QString());
        rig.lanes.scrollToLane(5);
        QCOMPARE(rig.lanes.firstVisibleLane(), 5);
        for (const auto &d : rig.lanes.drawnWindows())
            QVERIFY(d.lane >= 5);
    }

    // The combined watermark shows its date; the partitions' watermarks under
    // it only their time when on the same day, and with it when not.
    void statePartitionWatermarksLeaveTheirDateToTheCombinedOne()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Rig rig(m_iot, spec);
        SS_VERIFY_OK(rig.player->seek(1199));
        QVERIFY(rig.show());
        const QModelIndex section = rig.model.index(0, StateModel::NameColumn);
        QCOMPARE(section.data(StateModel::IdRole).toString(), QStringLiteral("watermark"));
        const QString combined = section.siblingAtColumn(StateModel::ValueColumn).data().toString();
        QCOMPARE(combined, format::localTimeMs(rig.snapshot.watermark));
        QCOMPARE(rig.model.rowCount(section), int(rig.snapshot.partitions.size()));
        const QDate day = QDateTime::fromMSecsSinceEpoch(rig.snapshot.watermark).date();
        for (int row = 0; row < rig.model.rowCount(section); ++row) {
            const PartitionSnapshot &p = rig.snapshot.partitions[std::size_t(row)];
            QVERIFY(p.watermark != kNoWatermark);
            const QString value = rig.model.index(row, StateModel::ValueColumn, section).data().toString();
            const QString time = format::localTimeMs(p.watermark);
            const bool sameDay = QDateTime::fromMSecsSinceEpoch(p.watermark).date() == day;
            QVERIFY2(value.startsWith((sameDay ? time.mid(11) : time) + QStringLiteral(" · ")), qPrintable(value));
        }
    }

    void watermarkViewHighlightsHoldingPartition()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto series = computeWatermarkSeries(m_iot, spec);
        SS_VERIFY_OK(series);
        QVERIFY(series->lateAccepted + series->lateDropped > 0);
        WatermarkView view;
        view.resize(900, 500);
        view.setSeries(*series);
        QCOMPARE(view.eventGraph(Lateness::LateAccepted)->dataCount(), int(series->lateAccepted));
        QCOMPARE(view.eventGraph(Lateness::LateDropped)->dataCount(), int(series->lateDropped));
        QCOMPARE(view.partitionGraphs().size(), 4);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);
        for (std::int64_t seq : {100, 1500, 2900}) {
            view.setCursor(seq);
            SS_VERIFY_OK((*player)->seek(seq));
            const EngineSnapshot s = (*player)->snapshot();
            QCOMPARE(view.highlightedPartition().has_value(), s.holdingPartition.has_value());
            if (s.holdingPartition)
                QVERIFY(*view.highlightedPartition() == *s.holdingPartition);
            QCOMPARE(series->combinedAt(seq), s.watermark);
        }
        QSignalSpy clicked(&view, &WatermarkView::eventClicked);
        QTRY_VERIFY(view.statusText().contains(QStringLiteral("late dropped")));
    }

    // Near the cursor, the plot shows a span of arrival time around it and
    // moves along as it goes; off (or Reset zoom after a zoom), the session.
    void watermarkViewFollowsTheCursor()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto series = computeWatermarkSeries(m_iot, spec);
        SS_VERIFY_OK(series);
        WatermarkView view;
        view.resize(900, 500);
        view.setNearCursor(true);
        view.setNearCursorSpan(10); // the demo session lasts over a minute
        view.setSeries(*series);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const QCPAxis *x = view.plot()->xAxis;
        const QCPAxis *y = view.plot()->yAxis;
        QTRY_VERIFY(x->range().size() > 40); // no cursor yet: the whole session
        const auto arrival = [&](std::int64_t seq) { return double(series->arrivalAt(seq)) / 1e6; };
        view.setCursor(1500);
        QTRY_VERIFY2(qAbs(x->range().size() - 10) < 0.01, qPrintable(QString::number(x->range().size())));
        QVERIFY(x->range().contains(arrival(1500)));
        // The event times shown are those of that span (not the session's).
        QVERIFY2(y->range().size() < 40, qPrintable(QString::number(y->range().size())));
        QVERIFY(y->range().contains(double(series->combinedAt(1500)) / 1e3));

        const QCPRange before = x->range();
        view.setCursor(1501); // a step within the span: the range stays
        QCOMPARE(x->range(), before);
        view.setCursor(2900); // far on: the range follows
        QTRY_VERIFY(x->range().contains(arrival(2900)));
        QVERIFY(qAbs(x->range().size() - 10) < 0.01);

        view.setNearCursor(false);
        QTRY_VERIFY(x->range().size() > 40);
        view.setNearCursor(true);
        QTRY_VERIFY(qAbs(x->range().size() - 10) < 0.01);
    }

    // A partition idle for a minute every ten minutes over ten hours, then
    // for two hours: zoomed out, only the long band has room for its label.
    void watermarkViewLabelsIdleBandsWhereTheyFit()
    {
        const std::int64_t minute = 60'000'000;
        WatermarkSeries series;
        series.topics = QStringList{QStringLiteral("t")};
        series.eventCount = 1000;
        series.firstArrivalUs = 0;
        series.lastArrivalUs = 720 * minute;
        for (int partition : {0, 1}) {
            PartitionWatermarks part;
            part.ref = PartitionRef{0, partition};
            part.watermark.push_back(WatermarkStep{0, 0, 0});
            part.watermark.push_back(WatermarkStep{999, series.lastArrivalUs, 720 * 60'000});
            if (partition == 1) {
                for (std::int64_t start = 5 * minute; start < 600 * minute; start += 10 * minute)
                    part.idle.push_back(SeqInterval{1, start, 2, start + minute});
                part.idle.push_back(SeqInterval{3, 600 * minute, 4, 720 * minute});
            }
            series.partitions.push_back(part);
        }
        WatermarkView view;
        view.resize(900, 500);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QSignalSpy redrawn(&view, &SessionPlot::redrawn);
        view.setSeries(series);
        QCOMPARE(view.idleBandCount(), 61);
        QTRY_COMPARE(redrawn.count(), 1); // with the axes' ranges
        view.plot()->replot();
        QCOMPARE(view.shownIdleLabelCount(), 1); // the two-hour one
        QVERIFY(view.statusText().contains(QStringLiteral("shaded: a partition idle (61 times)")));

        // Zoomed in on twenty minutes: two one-minute bands, each labelled.
        view.plot()->xAxis->setRange(double(100 * minute) / 1e6, double(120 * minute) / 1e6);
        view.plot()->replot();
        QCOMPARE(view.shownIdleLabelCount(), 2);

        // Labels never overlap: two bands ending a pixel apart get one label.
        series.partitions[1].idle = {SeqInterval{1, 0, 2, 300 * minute}, SeqInterval{3, 0, 4, 301 * minute}};
        view.setSeries(series);
        QCOMPARE(view.idleBandCount(), 2);
        QTRY_COMPARE(redrawn.count(), 2);
        view.resetZoom();
        view.plot()->replot();
        QCOMPARE(view.shownIdleLabelCount(), 1);
    }

    // A narrow plot puts its legend in fewer columns, each entry whole.
    void watermarkLegendWrapsToTheWidth()
    {
        auto series = computeWatermarkSeries(m_iot, pipeline(kIotPipeline));
        SS_VERIFY_OK(series);
        WatermarkView view;
        view.resize(440, 420);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setSeries(*series);
        QCPLegend *legend = view.plot()->legend;
        auto entriesWhole = [&] {
            view.plot()->replot();
            int entries = 0;
            for (int i = 0; i < legend->itemCount(); ++i)
                if (const QCPAbstractLegendItem *item = legend->item(i)) {
                    ++entries;
                    if (item->outerRect().width() < item->minimumOuterSizeHint().width())
                        return false;
                }
            return entries >= 8;
        };
        QTRY_VERIFY(legend->wrap() < SessionPlot::kLegendColumns && entriesWhole());
        view.resize(1700, 420);
        QTRY_COMPARE(legend->wrap(), SessionPlot::kLegendColumns);
    }

    // In a narrow dock the names give way, so that a watermark's value can
    // be read; a width the user drags to stays.
    void stateInspectorKeepsValuesReadableWhenNarrow()
    {
        StateInspector inspector;
        QTreeView *view = inspector.view();
        const int valueWidth = view->fontMetrics().horizontalAdvance(QStringLiteral("2026-01-01 00:00:00.000"));
        inspector.resize(1000, 400);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        const int preferred = view->columnWidth(StateModel::NameColumn);
        QVERIFY(preferred + valueWidth < view->viewport()->width());

        inspector.resize(320, 400);
        QTRY_VERIFY(view->viewport()->width() < 320);
        QVERIFY(view->columnWidth(StateModel::NameColumn) < preferred);
        QVERIFY(view->viewport()->width() - view->columnWidth(StateModel::NameColumn) >= valueWidth);

        inspector.resize(1000, 400);
        QTRY_COMPARE(view->columnWidth(StateModel::NameColumn), preferred);

        view->header()->resizeSection(StateModel::NameColumn, 90); // as a drag does
        inspector.resize(600, 400);
        QTRY_VERIFY(view->viewport()->width() < 600);
        QCOMPARE(view->columnWidth(StateModel::NameColumn), 90);
    }

    // In a narrow dock the lanes' time labels keep apart, and the legend
    // breaks between its items only.
    void windowLanesTimeLabelsFitANarrowView()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Rig rig(m_iot, spec);
        SS_VERIFY_OK(rig.player->seek(1199));
        QVERIFY(rig.show());
        rig.lanes.resize(330, 600);
        rig.lanes.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rig.lanes));
        rig.lanes.setFollowWatermark(true);
        QCPAxis *x = rig.lanes.plot()->xAxis;
        auto labelsApart = [&] {
            rig.lanes.plot()->replot();
            return tickLabelsKeepApart(x);
        };
        QTRY_VERIFY(labelsApart());
        // The watermark (three quarters across) has its label whole.
        QVERIFY(rig.lanes.watermarkLine().has_value());
        const QRectF label = rig.lanes.watermarkLabelRect();
        QVERIFY2(label.left() >= 0 && label.right() <= rig.lanes.plot()->width(),
                 qPrintable(QStringLiteral("label %1..%2 in a plot %3 wide").arg(label.left()).arg(label.right()).arg(rig.lanes.plot()->width())));
        rig.lanes.resize(1200, 600);
        QTRY_VERIFY(x->tickVector().size() >= 5); // room for more again

        const QLabel *legend = rig.lanes.findChild<QLabel *>(QStringLiteral("legend"));
        QVERIFY(legend);
        QVERIFY(legend->text().contains(QStringLiteral("late,&nbsp;accepted")));
        QVERIFY(legend->text().contains(QStringLiteral("the&nbsp;cursor's&nbsp;event")));
    }

    void screenshots();
};

// Writes the views as PNGs (light and dark) when asked to: a look at them is
// the test.
void TestReplayViews::screenshots()
{
    const QString out = qEnvironmentVariable("STREAMSCOPE_SCREENSHOTS");
    if (out.isEmpty())
        QSKIP("set STREAMSCOPE_SCREENSHOTS=DIR to write screenshots");
    QDir().mkpath(out);
    const QString iotPath = writeDemoSession(m_dir.filePath(QStringLiteral("iot-shots.sss")), QStringLiteral("iot"), 6000, 4);
    const PipelineSpec iot = pipeline(R"(
name: iot temperature per sensor
topics: iot.readings
event_time: value.ts
watermark: bounded 2s
idle_timeout: 30s
key: value.sensor
window: tumbling 10s
allowed_lateness: 5s
aggregate: count
aggregate: avg(value.temperature_c) as avg_temp
)");
    const PipelineSpec clicks = pipeline(R"(
name: click sessions per user
topics: clicks
event_time: value.ts
watermark: bounded 1s
idle_timeout: 1m
key: value.user
window: session 30s
aggregate: count as clicks
aggregate: first(value.page) as landing_page
aggregate: last(value.page) as exit_page
)");
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x8e, 0xe6));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Link, QColor(0x6c, 0xb4, 0xff));
    const QPalette light = QApplication::palette();

    auto shoot = [&](const QString &name, const QString &path, const PipelineSpec &spec, bool lateStep, bool darkPalette) {
        if (darkPalette)
            QApplication::setPalette(dark);
        Rig rig(path, spec);
        // A step with a late event, well into the session.
        std::int64_t target = 1500;
        if (lateStep) {
            auto seeker = Player::open(path, spec);
            QVERIFY(seeker.ok());
            SS_VERIFY_OK((*seeker)->seek(1500));
            for (int i = 0; i < 4000; ++i) {
                SS_VERIFY_OK((*seeker)->stepForward());
                const StepReport &r = (*seeker)->lastReport();
                if (r.has(ChangeKind::LateAccepted)) {
                    target = (*seeker)->cursor();
                    break;
                }
            }
        } else {
            // A step that merges session windows.
            auto seeker = Player::open(path, spec);
            QVERIFY(seeker.ok());
            SS_VERIFY_OK((*seeker)->seek(1500));
            for (int i = 0; i < 4000; ++i) {
                SS_VERIFY_OK((*seeker)->stepForward());
                if ((*seeker)->lastReport().has(ChangeKind::WindowsMerged)) {
                    target = (*seeker)->cursor();
                    break;
                }
            }
        }
        SS_VERIFY_OK(rig.player->seek(target - 1));
        QVERIFY(rig.show());
        SS_VERIFY_OK(rig.player->stepForward());
        QVERIFY(rig.show());
        rig.lanes.resize(1100, 620);
        rig.lanes.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rig.lanes));
        // Select the window of the event at the cursor.
        for (const WindowSnapshot &w : rig.snapshot.windows)
            if (std::find(w.seqs.begin(), w.seqs.end(), target) != w.seqs.end()) {
                rig.lanes.selectWindow(w.key, w.window);
                break;
            }
        QTest::qWait(120);
        QVERIFY(rig.lanes.grab().save(QStringLiteral("%1/replay-%2-lanes.png").arg(out, name)));

        StateInspector inspector;
        inspector.setTopics(rig.player->reader().topics());
        inspector.setPipeline(spec);
        inspector.resize(760, 620);
        inspector.showStep(rig.snapshot, rig.report, rig.previous ? &*rig.previous : nullptr);
        inspector.show();
        QVERIFY(QTest::qWaitForWindowExposed(&inspector));
        for (const WindowSnapshot &w : rig.snapshot.windows)
            if (std::find(w.seqs.begin(), w.seqs.end(), target) != w.seqs.end()) {
                inspector.view()->expand(inspector.model()->keyIndex(w.key));
                inspector.selectWindow(w.key, w.window);
                inspector.view()->expand(inspector.model()->windowIndex(w.key, w.window));
            }
        QTest::qWait(50);
        QVERIFY(inspector.grab().save(QStringLiteral("%1/replay-%2-state.png").arg(out, name)));

        auto series = computeWatermarkSeries(path, spec);
        SS_VERIFY_OK(series);
        WatermarkView wm;
        wm.resize(1100, 560);
        wm.setSeries(*series);
        wm.setCursor(target);
        wm.show();
        QVERIFY(QTest::qWaitForWindowExposed(&wm));
        QTRY_VERIFY(!wm.statusText().isEmpty());
        QTest::qWait(150);
        QVERIFY(wm.grab().save(QStringLiteral("%1/replay-%2-watermark.png").arg(out, name)));

        WhatIfView whatIf;
        whatIf.resize(1100, 620);
        whatIf.setSession(path, spec);
        PipelineSpec b = spec;
        if (spec.window.kind == WindowKind::Session)
            whatIf.setWindowLengthMs(20000);
        else
            whatIf.setAllowedLatenessMs(30000);
        whatIf.show();
        QSignalSpy done(&whatIf, &WhatIfView::finished);
        whatIf.run();
        QTRY_VERIFY_WITH_TIMEOUT(!done.isEmpty(), 60000);
        QTest::qWait(50);
        QVERIFY(whatIf.grab().save(QStringLiteral("%1/replay-%2-whatif.png").arg(out, name)));
        if (darkPalette)
            QApplication::setPalette(light);
    };
    shoot(QStringLiteral("iot"), iotPath, iot, true, false);
    shoot(QStringLiteral("iot-dark"), iotPath, iot, true, true);
    const QString clicksPath = writeDemoSession(m_dir.filePath(QStringLiteral("clicks-shots.sss")), QStringLiteral("clicks"), 6000, 4);
    shoot(QStringLiteral("clicks"), clicksPath, clicks, false, false);
}

QTEST_MAIN(TestReplayViews)
#include "tst_replayviews.moc"
