// The event table's view: a window onto any number of rows, follow-tail,
// jumps by seq, keyboard moves, and the selected event kept across filters.

#include "events/eventtableview.h"
#include "events/rowwindowmodel.h"
#include "expr/expression.h"
#include "sessionappender.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QWheelEvent>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace streamscope;

namespace {

constexpr int kTimeoutMs = 30000;

expr::Expression compile(const QString &text)
{
    auto compiled = expr::Expression::compile(text);
    if (const auto *error = std::get_if<expr::CompileError>(&compiled))
        qFatal("%s: %s", qPrintable(text), qPrintable(error->toString()));
    return std::get<expr::Expression>(compiled);
}

// A shown view over its own model.
struct Table {
    EventTableModel model;
    EventTableView view;

    Table()
    {
        view.setModel(&model);
        view.resize(900, 400);
        view.show();
    }

    bool open(const QString &path, bool live = false)
    {
        model.setLive(live);
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        if (!model.openSession(path).ok())
            return false;
        return opened.wait(kTimeoutMs) || opened.count() == 1;
    }

    QModelIndex currentIndex() const { return view.selectionModel()->currentIndex(); }
    qint64 currentIndexSeq() const { return currentIndex().data(EventTableModel::SeqRole).toLongLong(); }
    int maxTop() const { return std::max(0, model.rowCount() - view.visibleRowCount()); }
    bool visibleRowsLoaded() const
    {
        const QAbstractItemModel *window = view.model();
        for (int row = 0; row < window->rowCount(); ++row)
            if (!window->index(row, EventTableModel::ValueColumn).data(EventTableModel::LoadedRole).toBool())
                return false;
        return window->rowCount() > 0;
    }
};

} // namespace

class TestEventTableView : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo; // 20000 iot events

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_demo = test::writeDemoSession(m_dir.filePath(QStringLiteral("demo.sss")), QStringLiteral("iot"), 20000);
        QVERIFY(!m_demo.isEmpty());
    }

    void showsAWindowOfTheRows()
    {
        Table t;
        QAbstractItemModelTester tester(t.view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitForWindowExposed(&t.view));
        QVERIFY(t.open(m_demo));
        QCOMPARE(t.view.eventModel(), &t.model);
        QCOMPARE(t.model.rowCount(), 20000);
        // A recorded session is read from its start.
        QCOMPARE(t.view.topRow(), 0);
        QVERIFY(!t.view.followsTail());
        // The view holds one screenful of rows, whatever the session's length.
        const int window = t.view.model()->rowCount();
        QVERIFY(window >= t.view.visibleRowCount());
        QVERIFY(window <= t.view.visibleRowCount() + 1);
        QVERIFY(t.view.verticalHeader()->count() <= t.view.visibleRowCount() + 1);
        // The scroll bar counts the model's rows.
        QCOMPARE(t.view.verticalScrollBar()->maximum(), t.maxTop());
        QCOMPARE(t.view.verticalScrollBar()->pageStep(), t.view.visibleRowCount());
        QTRY_VERIFY_WITH_TIMEOUT(t.visibleRowsLoaded(), kTimeoutMs);
        QCOMPARE(t.view.model()->index(0, 0).data().toString(), QStringLiteral("0"));

        // Scrolling moves the window.
        const int widthBefore = t.view.columnWidth(EventTableModel::KeyColumn) + 7;
        t.view.setColumnWidth(EventTableModel::KeyColumn, widthBefore);
        t.view.verticalScrollBar()->setValue(12000);
        QCOMPARE(t.view.topRow(), 12000);
        QCOMPARE(t.view.model()->index(0, 0).data().toString(), QStringLiteral("12000"));
        QTRY_VERIFY_WITH_TIMEOUT(t.visibleRowsLoaded(), kTimeoutMs);
        QCOMPARE(t.view.columnWidth(EventTableModel::KeyColumn), widthBefore); // widths survive the window moving

        t.view.verticalScrollBar()->setValue(t.view.verticalScrollBar()->maximum());
        QVERIFY(t.view.followsTail());
        QCOMPARE(t.view.model()->index(t.view.model()->rowCount() - 1, 0).data().toString(), QStringLiteral("19999"));

        // The wheel scrolls model rows too.
        t.view.verticalScrollBar()->setValue(100);
        const QPoint at = t.view.viewport()->rect().center();
        QWheelEvent wheel(at, t.view.viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton, Qt::NoModifier,
                          Qt::NoScrollPhase, false);
        QApplication::sendEvent(t.view.viewport(), &wheel);
        QCOMPARE(t.view.topRow(), 100 + QApplication::wheelScrollLines());
        QCOMPARE(t.view.model()->index(0, 0).data().toString(), QString::number(t.view.topRow()));
    }

    void jumpsToASeq()
    {
        Table t;
        QVERIFY(t.open(m_demo));
        QSignalSpy current(&t.view, &EventTableView::currentSeqChanged);
        t.view.scrollToSeq(12345);
        QCOMPARE(t.view.currentSeq(), 12345);
        QCOMPARE(current.count(), 1);
        QCOMPARE(current.last().at(0).toLongLong(), 12345);
        QCOMPARE(t.currentIndexSeq(), 12345);
        QVERIFY(t.view.selectionModel()->isRowSelected(t.currentIndex().row(), {}));
        QVERIFY(t.view.topRow() <= 12345 && 12345 < t.view.topRow() + t.view.visibleRowCount());
        QTRY_VERIFY_WITH_TIMEOUT(t.currentIndex().data(EventTableModel::LoadedRole).toBool(), kTimeoutMs);

        // Scrolled away and back, it is still selected.
        t.view.verticalScrollBar()->setValue(0);
        QCOMPARE(t.view.currentSeq(), 12345);
        QVERIFY(!t.currentIndex().isValid());
        t.view.scrollToRow(12340, QAbstractItemView::PositionAtTop);
        QCOMPARE(t.currentIndexSeq(), 12345);
        QCOMPARE(current.count(), 1);

        // selectRow() takes the model's rows, not the window's.
        t.view.selectRow(777);
        QCOMPARE(t.view.currentSeq(), 777);
        QCOMPARE(t.currentIndexSeq(), 777);
        QCOMPARE(current.count(), 2);
    }

    void keyboardMovesThroughTheWholeModel()
    {
        Table t;
        QVERIFY(QTest::qWaitForWindowExposed(&t.view));
        QVERIFY(t.open(m_demo));
        t.view.setFocus();
        const int visible = t.view.visibleRowCount();
        t.view.scrollToSeq(visible - 1); // the last whole row on screen
        QCOMPARE(t.view.topRow(), 0);
        QTest::keyClick(&t.view, Qt::Key_Down);
        QCOMPARE(t.view.currentSeq(), visible);
        QCOMPARE(t.view.topRow(), 1);
        QCOMPARE(t.currentIndexSeq(), visible);
        QTest::keyClick(&t.view, Qt::Key_PageDown);
        QCOMPARE(t.view.currentSeq(), 2 * visible);
        QTest::keyClick(&t.view, Qt::Key_End, Qt::ControlModifier);
        QCOMPARE(t.view.currentSeq(), 19999);
        QCOMPARE(t.view.topRow(), t.maxTop());
        QVERIFY(t.view.followsTail());
        QTest::keyClick(&t.view, Qt::Key_Up);
        QCOMPARE(t.view.currentSeq(), 19998);
        QTest::keyClick(&t.view, Qt::Key_Home, Qt::ControlModifier);
        QCOMPARE(t.view.currentSeq(), 0);
        QCOMPARE(t.view.topRow(), 0);
        QTest::keyClick(&t.view, Qt::Key_PageUp);
        QCOMPARE(t.view.currentSeq(), 0);
    }

    void clickSelects()
    {
        Table t;
        QVERIFY(QTest::qWaitForWindowExposed(&t.view));
        QVERIFY(t.open(m_demo));
        t.view.verticalScrollBar()->setValue(5000);
        const QRect cell = t.view.visualRect(t.view.model()->index(3, EventTableModel::TopicColumn));
        QTest::mouseClick(t.view.viewport(), Qt::LeftButton, {}, cell.center());
        QCOMPARE(t.view.currentSeq(), 5003);
    }

    void followsTheTail()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.sss"));
        test::SessionAppender appender(path);
        SS_VERIFY_OK(appender.append(10));
        Table t;
        QAbstractItemModelTester tester(t.view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(t.open(path, /*live*/ true));
        QVERIFY(t.view.followsTail());
        QTRY_COMPARE_WITH_TIMEOUT(t.model.rowCount(), 10, kTimeoutMs);
        for (int i = 0; i < 20; ++i) {
            SS_VERIFY_OK(appender.append(50));
            QTest::qWait(5);
        }
        QTRY_COMPARE_WITH_TIMEOUT(t.model.rowCount(), 1010, kTimeoutMs);
        QCOMPARE(t.view.topRow(), t.maxTop());
        QCOMPARE(t.view.verticalScrollBar()->value(), t.view.verticalScrollBar()->maximum());
        QTRY_VERIFY_WITH_TIMEOUT(t.visibleRowsLoaded(), kTimeoutMs);

        // Scrolled up by the user: it stays where it was.
        QSignalSpy following(&t.view, &EventTableView::followTailChanged);
        t.view.verticalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepSub);
        QVERIFY(!t.view.followsTail());
        QCOMPARE(following.count(), 1);
        const int top = t.view.topRow();
        SS_VERIFY_OK(appender.append(500));
        QTRY_COMPARE_WITH_TIMEOUT(t.model.rowCount(), 1510, kTimeoutMs);
        QCOMPARE(t.view.topRow(), top);
        QCOMPARE(t.view.verticalScrollBar()->maximum(), t.maxTop());

        // Back at the bottom: follows again.
        t.view.verticalScrollBar()->setValue(t.view.verticalScrollBar()->maximum());
        QVERIFY(t.view.followsTail());
        SS_VERIFY_OK(appender.append(500));
        QTRY_COMPARE_WITH_TIMEOUT(t.model.rowCount(), 2010, kTimeoutMs);
        QCOMPARE(t.view.topRow(), t.maxTop());
        SS_VERIFY_OK(appender.close());
    }

    void keepsTheSelectionAcrossFilters()
    {
        Table t;
        QAbstractItemModelTester tester(t.view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(t.open(m_demo));
        QSignalSpy finished(&t.model, &EventTableModel::filterFinished);
        // Seq 15000 is on partition 1 (tst_eventtablemodel shows the demo's first rows).
        t.view.scrollToSeq(15000);
        QTRY_VERIFY_WITH_TIMEOUT(t.currentIndex().data(EventTableModel::LoadedRole).toBool(), kTimeoutMs);
        const QString partition = t.view.model()->index(t.currentIndex().row(), EventTableModel::PartitionColumn).data().toString();

        // A filter it matches: still selected, and in view.
        t.model.setFilter(compile(QStringLiteral("partition == %1").arg(partition)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(t.view.currentSeq(), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(t.currentIndexSeq(), 15000, kTimeoutMs);
        const int row = t.model.rowOfSeq(15000);
        QVERIFY(row > 0);
        QVERIFY(t.view.topRow() <= row && row < t.view.topRow() + t.view.visibleRowCount());

        // Back to every event: still selected.
        t.model.clearFilter();
        QCOMPARE(t.view.currentSeq(), 15000);
        QCOMPARE(t.currentIndexSeq(), 15000);

        // A filter it does not match: nothing selected once the scan passed it.
        QSignalSpy current(&t.view, &EventTableView::currentSeqChanged);
        t.model.setFilter(compile(QStringLiteral("partition != %1").arg(partition)));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, kTimeoutMs);
        QCOMPARE(t.view.currentSeq(), -1);
        QCOMPARE(current.count(), 1);
        QVERIFY(!t.currentIndex().isValid());
        t.model.clearFilter();
        QCOMPARE(t.view.currentSeq(), -1);
    }

    void closingClearsTheSelection()
    {
        Table t;
        QVERIFY(t.open(m_demo));
        t.view.scrollToSeq(42);
        QCOMPARE(t.view.currentSeq(), 42);
        t.model.closeSession();
        QCOMPARE(t.view.currentSeq(), -1);
        QCOMPARE(t.view.model()->rowCount(), 0);
        QCOMPARE(t.view.verticalScrollBar()->maximum(), 0);
    }
};

QTEST_MAIN(TestEventTableView)
#include "tst_eventtableview.moc"
