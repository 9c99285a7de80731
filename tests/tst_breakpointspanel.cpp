// The replay debugger's breakpoints panel: the model passes the model tester;
// every kind can be added through the form; a bad filter names its column and
// adds nothing; enabling, removing, JSON and stop marks do what they say; and
// the list the panel holds stops a real Player exactly where a brute-force
// fresh engine run says it first hits.

#include "testsupport.h"

#include "engine/pipelinefile.h"
#include "expr/eventcontext.h"
#include "filter/filterbar.h"
#include "replay/breakpointspanel.h"
#include "replay/player.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFont>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const char *const kIotPipeline = kIotTestPipeline;

Breakpoint make(Breakpoint::Kind kind)
{
    Breakpoint b;
    b.kind = kind;
    return b;
}

// The steps of a fresh engine run that hit the list, with the rows they hit.
QList<QPair<std::int64_t, QList<int>>> bruteForceHits(const QString &path, const PipelineSpec &spec,
                                                      const QList<Breakpoint> &list)
{
    QList<QPair<std::int64_t, QList<int>>> hits;
    auto reader = SessionReader::open(path);
    if (!reader)
        return hits;
    auto extractor = EventExtractor::create(spec, (*reader)->topics());
    auto partitions = pipelineInputPartitions(**reader, spec);
    if (!extractor || !partitions)
        return hits;
    Engine engine(spec, *partitions);
    expr::EventContext context((*reader)->topics());
    (void)(*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &e) {
        const StepReport report = engine.step(extractor->extract(e));
        context.setEvent(e);
        const QList<int> rows = BreakpointModel::hitRows(list, report, engine, context);
        if (!rows.isEmpty())
            hits.append({e.seq, rows});
        return true;
    });
    return hits;
}

} // namespace

class TestBreakpointsPanel : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 4000, 2, 5);
        QVERIFY(!m_iot.isEmpty());
    }

    void modelPassesTheTester()
    {
        BreakpointModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (Breakpoint::Kind kind : BreakpointModel::allKinds()) {
            Breakpoint b = make(kind);
            b.expression = QStringLiteral("partition == 1");
            b.aggregate = QStringLiteral("count");
            model.addBreakpoint(b);
        }
        QCOMPARE(model.rowCount(), BreakpointModel::allKinds().size());
        QCOMPARE(model.columnCount(), int(BreakpointModel::NUM_COLUMNS));
        QVERIFY(model.setData(model.index(1, BreakpointModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole));
        QVERIFY(!model.setData(model.index(1, BreakpointModel::KindColumn), Qt::Checked, Qt::CheckStateRole));
        model.noteStop(5, {0, 3, 99});
        model.clearStopMarks();
        model.setAllEnabled(false);
        model.removeRows(2, 3);
        QVERIFY(!model.removeRows(6, 5));
        model.replaceBreakpoint(0, make(Breakpoint::Kind::Duplicate));
        model.resetHitCounts();
        model.setBreakpoints({make(Breakpoint::Kind::LateEvent)});
        QCOMPARE(model.rowCount(), 1);
        model.setBreakpoints({});
        QCOMPARE(model.rowCount(), 0);
    }

    void addsEveryKindThroughTheForm_data()
    {
        QTest::addColumn<int>("kind");
        for (Breakpoint::Kind kind : BreakpointModel::allKinds())
            QTest::addRow("%s", qPrintable(BreakpointModel::kindId(kind))) << int(kind);
    }

    void addsEveryKindThroughTheForm()
    {
        QFETCH(int, kind);
        const auto k = Breakpoint::Kind(kind);
        BreakpointsPanel panel;
        panel.resize(520, 360);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        panel.setAggregateNames({QStringLiteral("count"), QStringLiteral("avg")});
        QSignalSpy changed(&panel, &BreakpointsPanel::breakpointsChanged);

        // The Add menu offers it.
        const QList<QAction *> actions = panel.addButton()->menu()->actions();
        auto action = std::find_if(actions.begin(), actions.end(), [&](QAction *a) { return a->data().toInt() == kind; });
        QVERIFY(action != actions.end());
        (*action)->trigger();

        BreakpointEditor *editor = panel.editor();
        Breakpoint expected = make(k);
        if (BreakpointModel::kindHasFields(k)) {
            QVERIFY(panel.isEditorOpen());
            QCOMPARE(panel.model()->rowCount(), 0);
            QCOMPARE(editor->kind(), k);
            switch (k) {
            case Breakpoint::Kind::FilterMatch:
                editor->filterBar()->setText(QStringLiteral("value.temperature_c > 25"));
                expected.expression = QStringLiteral("value.temperature_c > 25");
                break;
            case Breakpoint::Kind::WatermarkPasses:
                editor->timeEdit()->setDateTime(QDateTime::fromMSecsSinceEpoch(1767261720123));
                expected.timeMs = 1767261720123;
                break;
            case Breakpoint::Kind::StateCondition:
                editor->aggregateCombo()->setCurrentText(QStringLiteral("avg"));
                editor->comparisonCombo()->setCurrentIndex(editor->comparisonCombo()->findText(QStringLiteral(">=")));
                editor->thresholdEdit()->setText(QStringLiteral("25.5"));
                expected.aggregate = QStringLiteral("avg");
                expected.comparison = Breakpoint::Comparison::GreaterOrEqual;
                expected.threshold = 25.5;
                break;
            default: break;
            }
            if (BreakpointModel::kindTakesKey(k)) {
                QVERIFY(editor->keyEdit()->isVisibleTo(editor));
                editor->keyCheck()->setChecked(true);
                editor->keyEdit()->setText(QStringLiteral("sensor-003"));
                expected.key = QByteArray("sensor-003");
            } else {
                QVERIFY(!editor->keyEdit()->isVisibleTo(editor));
            }
            QVERIFY2(editor->acceptButton()->isEnabled(), qPrintable(editor->errorText()));
            QTest::mouseClick(editor->acceptButton(), Qt::LeftButton);
        }
        QVERIFY(!panel.isEditorOpen());
        QCOMPARE(panel.model()->rowCount(), 1);
        const Breakpoint added = panel.model()->breakpoint(0);
        QVERIFY2(BreakpointModel::same(added, expected), qPrintable(added.describe() + " vs " + expected.describe()));
        QVERIFY(added.enabled);
        QVERIFY(BreakpointCheck::create(added).ok());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().value<QList<Breakpoint>>().size(), 1);
        QCOMPARE(panel.model()->index(0, BreakpointModel::KindColumn).data().toString(), BreakpointModel::kindName(k));
        // It can be added through the API as well, and is then the same.
        QCOMPARE(panel.addBreakpoint(expected), 1);
        QVERIFY(BreakpointModel::same(panel.model()->breakpoint(1), added));
    }

    void badFilterShowsItsColumnAndAddsNothing()
    {
        BreakpointsPanel panel;
        panel.beginAdd(Breakpoint::Kind::FilterMatch);
        BreakpointEditor *editor = panel.editor();
        // Typed, not set: as a user would.
        QTest::keyClicks(editor->filterBar()->lineEdit(), QStringLiteral("partition =="));
        QVERIFY(!editor->acceptButton()->isEnabled());
        QVERIFY2(editor->errorLabel()->text().startsWith(QStringLiteral("Column 13:")), qPrintable(editor->errorLabel()->text()));
        QVERIFY(editor->errorLabel()->text().contains(QStringLiteral("end of input")));
        QVERIFY(!editor->accept());
        QTest::keyClick(editor->filterBar()->lineEdit(), Qt::Key_Return);
        QCOMPARE(panel.model()->rowCount(), 0);
        QVERIFY(panel.isEditorOpen());
        QString error;
        Breakpoint bad = make(Breakpoint::Kind::FilterMatch);
        bad.expression = QStringLiteral("vaule.x > 1");
        QCOMPARE(panel.addBreakpoint(bad, &error), -1);
        QVERIFY(error.contains(QStringLiteral("column 1")));
        QCOMPARE(panel.model()->rowCount(), 0);
        // Fixed, Enter adds it.
        QTest::keyClicks(editor->filterBar()->lineEdit(), QStringLiteral(" 3"));
        QVERIFY(editor->acceptButton()->isEnabled());
        QVERIFY(editor->errorLabel()->text().isEmpty());
        QTest::keyClick(editor->filterBar()->lineEdit(), Qt::Key_Return);
        QCOMPARE(panel.model()->rowCount(), 1);
        QCOMPARE(panel.model()->breakpoint(0).expression, QStringLiteral("partition == 3"));
        QVERIFY(!panel.isEditorOpen());
        // A state breakpoint without a numeric threshold is refused too.
        panel.beginAdd(Breakpoint::Kind::StateCondition);
        editor->aggregateCombo()->setCurrentText(QStringLiteral("count"));
        editor->thresholdEdit()->setText(QStringLiteral("lots"));
        QVERIFY(!editor->accept());
        QVERIFY(editor->errorLabel()->text().contains(QStringLiteral("not a number")));
        QCOMPARE(panel.model()->rowCount(), 1);
    }

    void editsARow()
    {
        BreakpointsPanel panel;
        Breakpoint b = make(Breakpoint::Kind::FilterMatch);
        b.expression = QStringLiteral("partition == 1");
        QCOMPARE(panel.addBreakpoint(b), 0);
        panel.model()->noteStop(7, {0});
        panel.editRow(0);
        QVERIFY(panel.isEditorOpen());
        QCOMPARE(panel.editingRow(), 0);
        QCOMPARE(panel.editor()->acceptButton()->text(), QStringLiteral("Save"));
        QCOMPARE(panel.editor()->filterBar()->text(), b.expression);
        panel.editor()->filterBar()->setText(QStringLiteral("partition == 2"));
        QVERIFY(panel.editor()->accept());
        QCOMPARE(panel.model()->rowCount(), 1);
        QCOMPARE(panel.model()->breakpoint(0).expression, QStringLiteral("partition == 2"));
        QCOMPARE(panel.model()->hitCount(0), 0); // a new condition starts over
        // Escape in a field cancels without changing anything.
        panel.addBreakpoint(make(Breakpoint::Kind::LateEvent));
        panel.editRow(1); // nothing to edit
        QVERIFY(!panel.isEditorOpen());
    }

    void enablesAndDisables()
    {
        BreakpointsPanel panel;
        panel.resize(520, 300);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(!panel.runForwardButton()->isEnabled()); // nothing to run to
        for (Breakpoint::Kind kind : {Breakpoint::Kind::LateEvent, Breakpoint::Kind::Duplicate, Breakpoint::Kind::SessionMerge})
            panel.addBreakpoint(make(kind));
        QVERIFY(panel.runForwardButton()->isEnabled());
        QSignalSpy changed(&panel, &BreakpointsPanel::breakpointsChanged);
        BreakpointModel *model = panel.model();

        // The checkbox, clicked in the view.
        QTableView *view = panel.view();
        const QModelIndex check = model->index(1, BreakpointModel::EnabledColumn);
        QCOMPARE(check.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(check).center());
        QVERIFY(!model->breakpoint(1).enabled);
        QCOMPARE(check.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
        QCOMPARE(changed.count(), 1);
        QVERIFY(!changed.last().first().value<QList<Breakpoint>>().at(1).enabled);

        // Disable all: the run buttons have nothing to run to.
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("disableAllBreakpoints")), Qt::LeftButton);
        QVERIFY(!model->anyEnabled());
        QVERIFY(!panel.runForwardButton()->isEnabled());
        QVERIFY(!panel.runBackwardButton()->isEnabled());
        QTest::mouseClick(panel.findChild<QToolButton *>(QStringLiteral("enableAllBreakpoints")), Qt::LeftButton);
        for (const Breakpoint &b : panel.breakpoints())
            QVERIFY(b.enabled);
        QVERIFY(panel.runForwardButton()->isEnabled());

        // Space toggles the selection.
        view->setFocus();
        view->selectRow(2);
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(!model->breakpoint(2).enabled);
        QVERIFY(model->breakpoint(0).enabled);
        QTest::keyClick(view, Qt::Key_Space);
        QVERIFY(model->breakpoint(2).enabled);

        // Delete removes the selected rows, Remove does too.
        view->selectRow(0);
        QTest::keyClick(view, Qt::Key_Delete);
        QCOMPARE(model->rowCount(), 2);
        QCOMPARE(model->breakpoint(0).kind, Breakpoint::Kind::Duplicate);
        view->selectRow(1);
        QTest::mouseClick(panel.removeButton(), Qt::LeftButton);
        QCOMPARE(model->rowCount(), 1);
        QCOMPARE(panel.breakpoints().first().kind, Breakpoint::Kind::Duplicate);
    }

    void runButtonsEmit()
    {
        BreakpointsPanel panel;
        panel.addBreakpoint(make(Breakpoint::Kind::LateDropped));
        QSignalSpy forward(&panel, &BreakpointsPanel::runForward);
        QSignalSpy backward(&panel, &BreakpointsPanel::runBackward);
        QTest::mouseClick(panel.runForwardButton(), Qt::LeftButton);
        QCOMPARE(forward.count(), 1);
        QCOMPARE(backward.count(), 0);
        QTest::mouseClick(panel.runBackwardButton(), Qt::LeftButton);
        QCOMPARE(backward.count(), 1);
        QVERIFY(panel.runForwardButton()->text().contains(QStringLiteral("▶")));
        QVERIFY(panel.runBackwardButton()->text().contains(QStringLiteral("◀")));
    }

    void jsonRoundTrip()
    {
        QList<Breakpoint> list;
        for (Breakpoint::Kind kind : BreakpointModel::allKinds()) {
            Breakpoint b = make(kind);
            b.enabled = int(kind) % 2 == 0;
            if (kind == Breakpoint::Kind::FilterMatch)
                b.expression = QStringLiteral("key == \"ü\" && value.x >= 2.5");
            if (kind == Breakpoint::Kind::WatermarkPasses)
                b.timeMs = -1234567;
            if (kind == Breakpoint::Kind::StateCondition) {
                b.aggregate = QStringLiteral("p90(value.temperature_c)");
                b.comparison = Breakpoint::Comparison::NotEqual;
                b.threshold = 0.1;
                b.key = QByteArray("\xff\x00k", 3); // not UTF-8: base64
            }
            if (kind == Breakpoint::Kind::WindowFires)
                b.key = QByteArray(); // the empty key, not any key
            list << b;
        }
        BreakpointsPanel panel;
        panel.setBreakpoints(list);
        const QByteArray text = QJsonDocument(BreakpointModel::toJson(panel.breakpoints())).toJson();
        QVERIFY(text.contains("keyBase64"));
        QStringList problems;
        const QList<Breakpoint> back = BreakpointModel::fromJson(QJsonDocument::fromJson(text).array(), &problems);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        QCOMPARE(back.size(), list.size());
        for (int i = 0; i < list.size(); ++i) {
            QVERIFY2(BreakpointModel::same(back[i], list[i]), qPrintable(list[i].describe()));
            QCOMPARE(back[i].key.has_value(), list[i].key.has_value());
        }
        // Stale or edited settings: bad entries are skipped with a reason.
        QJsonArray edited = BreakpointModel::toJson(list);
        edited.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("filterMatch")},
                                  {QStringLiteral("expression"), QStringLiteral("value.x ==")}});
        edited.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("nope")}});
        edited.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("stateCondition")},
                                  {QStringLiteral("aggregate"), QStringLiteral("count")},
                                  {QStringLiteral("comparison"), QStringLiteral("~")},
                                  {QStringLiteral("threshold"), 3}});
        problems.clear();
        QCOMPARE(BreakpointModel::fromJson(edited, &problems).size(), list.size());
        QCOMPARE(problems.size(), 3);
        QVERIFY(problems[0].contains(QStringLiteral("column")));
    }

    void noteStopMarksAndCounts()
    {
        BreakpointsPanel panel;
        panel.setBreakpoints({make(Breakpoint::Kind::LateEvent), make(Breakpoint::Kind::WindowFires),
                              make(Breakpoint::Kind::Duplicate)});
        BreakpointModel *model = panel.model();
        QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto label = panel.findChild<QLabel *>(QStringLiteral("breakpointStatus"));
        QVERIFY(label);
        QCOMPARE(label->text(), QStringLiteral("3 of 3 enabled"));

        panel.noteStop(10, {0, 2, 2, 17});
        QCOMPARE(model->hitCount(0), 1);
        QCOMPARE(model->hitCount(1), 0);
        QCOMPARE(model->hitCount(2), 1); // named twice, counted once
        QVERIFY(model->isAtStop(0) && !model->isAtStop(1) && model->isAtStop(2));
        QCOMPARE(model->index(0, BreakpointModel::HitsColumn).data().toString(), QStringLiteral("1"));
        QVERIFY(model->index(0, BreakpointModel::ConditionColumn).data(Qt::FontRole).value<QFont>().bold());
        QVERIFY(!model->index(1, BreakpointModel::ConditionColumn).data(Qt::FontRole).isValid());
        QCOMPARE(model->index(2, 0).data(BreakpointModel::AtStopRole).toBool(), true);
        QVERIFY(label->text().contains(QStringLiteral("stopped at seq 10")));

        panel.noteStop(20, {2});
        QCOMPARE(model->hitCount(0), 1);
        QCOMPARE(model->hitCount(2), 2);
        QCOMPARE(model->lastHitSeq(2), 20);
        QCOMPARE(model->lastHitSeq(0), 10);
        QVERIFY(!model->isAtStop(0) && model->isAtStop(2));
        QCOMPARE(model->stopSeq(), 20);
        QVERIFY(label->text().contains(QStringLiteral("stopped at seq 20")));

        panel.clearStopMarks();
        QVERIFY(!model->isAtStop(2));
        QCOMPARE(model->hitCount(2), 2);
        // An enabled flag keeps the count; a new condition starts it over.
        model->setEnabled(2, false);
        QCOMPARE(model->hitCount(2), 2);
        Breakpoint keyed = make(Breakpoint::Kind::WindowFires);
        keyed.key = QByteArray("a");
        model->noteStop(30, {1});
        model->replaceBreakpoint(1, keyed);
        QCOMPARE(model->hitCount(1), 0);
        QCOMPARE(label->text().left(14), QStringLiteral("2 of 3 enabled"));
    }

    void stopsAtTheFirstHitOfAFreshRun_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addRow("filter match") << "filter";
        QTest::addRow("window fires for a key, disabled advance") << "window";
        QTest::addRow("state condition or watermark passes") << "state";
        QTest::addRow("late events") << "late";
    }

    void stopsAtTheFirstHitOfAFreshRun()
    {
        QFETCH(QString, which);
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);

        // The list, as a user builds it in the panel.
        BreakpointsPanel panel;
        if (which == QLatin1String("filter")) {
            Breakpoint b = make(Breakpoint::Kind::FilterMatch);
            b.expression = QStringLiteral("value.sensor == \"sensor-004\" && value.humidity_pct > 40");
            QCOMPARE(panel.addBreakpoint(b), 0);
        } else if (which == QLatin1String("window")) {
            Breakpoint advances = make(Breakpoint::Kind::WatermarkAdvances); // would stop at once, but is off
            advances.enabled = false;
            panel.addBreakpoint(advances);
            Breakpoint fires = make(Breakpoint::Kind::WindowFires);
            fires.key = QByteArray("sensor-003");
            panel.addBreakpoint(fires);
        } else if (which == QLatin1String("state")) {
            SS_VERIFY_OK((*player)->seek(200));
            const std::int64_t later = (*player)->snapshot().watermark + 20000;
            SS_VERIFY_OK((*player)->seek(-1));
            Breakpoint passes = make(Breakpoint::Kind::WatermarkPasses);
            passes.timeMs = later;
            panel.addBreakpoint(passes);
            Breakpoint state = make(Breakpoint::Kind::StateCondition);
            state.aggregate = QStringLiteral("count");
            state.comparison = Breakpoint::Comparison::GreaterOrEqual;
            state.threshold = 4;
            state.key = QByteArray("sensor-002");
            panel.addBreakpoint(state);
        } else {
            panel.addBreakpoint(make(Breakpoint::Kind::LateEvent));
            panel.addBreakpoint(make(Breakpoint::Kind::LateDropped));
        }
        const QList<Breakpoint> list = panel.model()->breakpoints();

        const auto expected = bruteForceHits(m_iot, spec, list);
        QVERIFY2(expected.size() >= 2, "the session has too few hits to test");

        // Playback: step by step, checking every row (disabled ones never hit).
        std::vector<BreakpointCheck> checks;
        for (const Breakpoint &b : list) {
            auto check = BreakpointCheck::create(b);
            SS_VERIFY_OK(check);
            checks.push_back(*check);
        }
        QList<int> rows;
        while ((*player)->cursor() + 1 < (*player)->eventCount()) {
            auto hit = (*player)->stepForwardChecking(checks);
            SS_VERIFY_OK(hit);
            if (!hit->empty()) {
                rows = QList<int>(hit->begin(), hit->end());
                break;
            }
        }
        QCOMPARE((*player)->cursor(), expected[0].first);
        QCOMPARE(rows, expected[0].second);
        panel.noteStop((*player)->cursor(), rows);
        for (int row = 0; row < list.size(); ++row) {
            QCOMPARE(panel.model()->isAtStop(row), rows.contains(row));
            QCOMPARE(panel.model()->hitCount(row), rows.contains(row) ? 1 : 0);
        }

        // Run to the next hit, as the run buttons ask the controller to.
        const std::vector<Breakpoint> vector(list.begin(), list.end());
        auto next = (*player)->runUntil(vector, Player::Direction::Forward);
        SS_VERIFY_OK(next);
        QVERIFY(next->has_value());
        QCOMPARE(**next, expected[1].first);
        auto atCursor = (*player)->checksHitAtCursor(checks);
        SS_VERIFY_OK(atCursor);
        QCOMPARE(QList<int>(atCursor->begin(), atCursor->end()), expected[1].second);
        // And back to the first.
        auto back = (*player)->runUntil(vector, Player::Direction::Backward);
        SS_VERIFY_OK(back);
        QVERIFY(back->has_value());
        QCOMPARE(**back, expected[0].first);
        // From a fresh player, a run lands on the first hit too.
        auto fresh = Player::open(m_iot, spec);
        SS_VERIFY_OK(fresh);
        auto first = (*fresh)->runUntil(vector, Player::Direction::Forward);
        SS_VERIFY_OK(first);
        QVERIFY(first->has_value());
        QCOMPARE(**first, expected[0].first);
    }

    void screenshot()
    {
        BreakpointsPanel panel;
        panel.setAggregateNames({QStringLiteral("count"), QStringLiteral("avg")});
        Breakpoint filter = make(Breakpoint::Kind::FilterMatch);
        filter.expression = QStringLiteral("value.temperature_c > 25 && key == \"sensor-001\"");
        Breakpoint state = make(Breakpoint::Kind::StateCondition);
        state.aggregate = QStringLiteral("avg");
        state.threshold = 25.5;
        state.key = QByteArray("sensor-003");
        Breakpoint fires = make(Breakpoint::Kind::WindowFires);
        Breakpoint passes = make(Breakpoint::Kind::WatermarkPasses);
        passes.timeMs = 1767261720000;
        Breakpoint dup = make(Breakpoint::Kind::Duplicate);
        dup.enabled = false;
        panel.setBreakpoints({filter, make(Breakpoint::Kind::LateDropped), state, fires, passes, dup});
        panel.noteStop(1234, {1});
        panel.noteStop(4321, {1, 3});
        panel.beginAdd(Breakpoint::Kind::FilterMatch);
        panel.editor()->filterBar()->setText(QStringLiteral("value.temperature_c >"));
        panel.editor()->accept();
        panel.resize(560, 440);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QTest::qWait(50);
        const QImage image = panel.grab().toImage();
        QVERIFY(image.save(QStringLiteral("/tmp/breakpointspanel.png")));
        // Nothing is cut off: the editor's buttons and the run buttons fit.
        for (QWidget *w : {static_cast<QWidget *>(panel.editor()->acceptButton()), static_cast<QWidget *>(panel.runForwardButton())}) {
            const QRect r(w->mapTo(&panel, QPoint(0, 0)), w->size());
            QVERIFY(panel.rect().contains(r));
            QVERIFY(w->width() >= w->sizeHint().width());
        }
    }
};

QTEST_MAIN(TestBreakpointsPanel)
#include "tst_breakpointspanel.moc"
