// The desktop app as a user drives it (offscreen): started on the embedded
// demo, rows arrive; a filter reduces them; selecting a row fills the event
// detail; the I/O graph receives data; a saved session reopens with the same
// rows; nothing is lost on the way.

#include "testsupport.h"

#include "../app/gui/mainwindow.h"

#include "detail/eventdetailview.h"
#include "detail/jsontreemodel.h"
#include "events/eventtablemodel.h"
#include "filter/filterbar.h"
#include "events/eventtableview.h"
#include "plots/iographwidget.h"

#include <QAction>
#include <QClipboard>
#include <QFileInfo>
#include <QFile>
#include <QTemporaryDir>
#include <QProcess>
#include <QApplication>
#include <QDockWidget>
#include <QGuiApplication>
#include <QHeaderView>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>
#include <qcustomplot.h>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// Runs the app as over ssh: the xcb platform and no display. False if it did
// not finish in time.
bool runWithoutADisplay(QProcess &app, const QStringList &arguments)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb"));
    env.remove(QStringLiteral("DISPLAY"));
    env.remove(QStringLiteral("WAYLAND_DISPLAY"));
    app.setProcessEnvironment(env);
    app.start(QStringLiteral(STREAMSCOPE_GUI_PATH), arguments);
    return app.waitForFinished(30000);
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // settings and caches of their own
        QVERIFY(m_dir.isValid());
    }

    // The first run's window fits the screen; later runs reopen at the size
    // the user left (main() used to resize it to 1600×960 every time).
    void windowSizeFitsTheScreenAndIsRemembered()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        const QRect available = QGuiApplication::primaryScreen()->availableGeometry();
        QSize left;
        {
            MainWindow first;
            const QSize firstRun = first.size();
            QVERIFY(firstRun.width() <= available.width() && firstRun.height() <= available.height());
            QVERIFY(available.contains(first.geometry().center()));
            first.show();
            QVERIFY(QTest::qWaitForWindowExposed(&first));
            first.resize(firstRun - QSize(40, 30)); // as a user's drag
            QTRY_COMPARE(first.size(), firstRun - QSize(40, 30));
            left = first.size();
            QVERIFY(first.close());
        }
        MainWindow second;
        QCOMPARE(second.size(), left);
    }

    // The docks' first sizes are shares of the window, so the plots are more
    // than a strip of labels on any screen; Reset Layout gives them back
    // after the user squeezed them.
    void dockSizesAreSharesOfTheWindow()
    {
        QSettings().remove(QStringLiteral("window/geometry"));
        QSettings().remove(QStringLiteral("window/state"));
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *plots = window.findChild<QDockWidget *>(QStringLiteral("plotsDock"));
        auto *table = window.findChild<EventTableView *>();
        QVERIFY(plots && table);
        QTRY_VERIFY2(plots->height() >= window.height() * 28 / 100,
                     qPrintable(QStringLiteral("plots %1 of %2").arg(plots->height()).arg(window.height())));

        window.resize(1600, 1000);
        QTRY_COMPARE(window.size(), QSize(1600, 1000));
        window.resizeDocks({plots}, {60}, Qt::Vertical); // as small as it goes
        QTRY_VERIFY2(plots->height() < 250, qPrintable(QStringLiteral("plots %1 of 1000").arg(plots->height())));
        QAction *reset = nullptr;
        for (QAction *action : window.findChildren<QAction *>())
            if (action->text() == QLatin1String("&Reset Layout"))
                reset = action;
        QVERIFY(reset);
        reset->trigger();
        QTRY_VERIFY2(plots->height() >= 280, qPrintable(QStringLiteral("plots %1 of 1000").arg(plots->height())));
        auto *plot = window.findChild<IoGraphWidget *>()->findChild<QCustomPlot *>();
        QVERIFY(plot);
        QVERIFY2(plot->height() >= 150, qPrintable(QStringLiteral("the plot itself %1 px").arg(plot->height())));
        QVERIFY2(table->height() >= 300, qPrintable(QStringLiteral("table %1 px").arg(table->height())));
    }

    // The app as a file manager starts it on a session file: one it cannot
    // read is said in the window, which stays (it used to print the reason
    // on standard error and quit — from the desktop, a window that flashed
    // and vanished). Wrong options still stop it, before any window shows.
    void appKeepsItsWindowWhenTheFileCannotBeRead()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString notASession = dir.filePath(QStringLiteral("notes.sss"));
        {
            QFile file(notASession);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("shopping list\n");
        }
        const auto run = [&](const QStringList &args, QByteArray &err) {
            QProcess app;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
            for (const char *name : {"XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"})
                env.insert(QLatin1String(name), dir.filePath(QLatin1String(name)));
            app.setProcessEnvironment(env);
            app.start(QStringLiteral(STREAMSCOPE_GUI_PATH), args);
            if (!app.waitForFinished(60000)) {
                app.kill();
                app.waitForFinished();
            }
            err = app.readAllStandardError();
            return app.exitStatus() == QProcess::NormalExit ? app.exitCode() : -1;
        };
        const QString shot = dir.filePath(QStringLiteral("window.png"));
        QByteArray err;
        QCOMPARE(run({notASession, QStringLiteral("--screenshot"), shot, QStringLiteral("--screenshot-delay"), QStringLiteral("1500")}, err), 0);
        QVERIFY2(err.contains("notes.sss"), err.constData());
        QVERIFY2(QFileInfo::exists(shot), err.constData()); // the window lived until its screenshot

        QCOMPARE(run({QStringLiteral("--seek"), QStringLiteral("5")}, err), 2);
        QVERIFY2(err.contains("--seek needs --pipeline"), err.constData());
        QCOMPARE(run({notASession, QStringLiteral("--pipeline"), QStringLiteral("p"), QStringLiteral("--seek"), QStringLiteral("x")}, err), 2);
        QVERIFY2(err.contains("--seek needs a seq"), err.constData());
    }

    // --help and --version print and exit without a display: on a machine
    // reached over ssh the xcb platform has none, and QApplication aborts.
    void helpAndVersionNeedNoDisplay()
    {
        for (const QString &option : {QStringLiteral("--help"), QStringLiteral("-h"), QStringLiteral("--version")}) {
            QProcess app;
            QVERIFY(runWithoutADisplay(app, {option}));
            const QByteArray out = app.readAllStandardOutput();
            QVERIFY2(app.exitStatus() == QProcess::NormalExit && app.exitCode() == 0, app.readAllStandardError().constData());
            if (option == QLatin1String("--version"))
                QCOMPARE(out.trimmed(), QByteArray("Streamscope " STREAMSCOPE_VERSION));
            else
                QVERIFY2(out.contains("Usage:") && out.contains("--pipeline <FILE>") && out.contains("--seek <SEQ>"), out.constData());
        }
    }

    // Without a display, the command line's mistakes are still said as such
    // (exit 2), and a correct one says that a display is missing (exit 1),
    // instead of Qt's abort on the platform plugin.
    void commandLineMistakesAreSaidWithoutADisplay()
    {
        struct Case {
            QStringList arguments;
            int exitCode;
            QByteArray said;
        };
        const Case cases[] = {
            {{QStringLiteral("--bogus")}, 2, "streamscope: Unknown option 'bogus'."},
            {{QStringLiteral("-o"), QStringLiteral("nonsense")}, 2, "streamscope: invalid start position \"nonsense\""},
            {{QStringLiteral("-b"), QStringLiteral("localhost:9092")}, 2, "streamscope: -b needs at least one -t TOPIC"},
            {{QStringLiteral("--seek"), QStringLiteral("5")}, 2, "streamscope: --seek needs --pipeline"},
            {{}, 1, "streamscope: no display to show the window on"},
        };
        for (const Case &c : cases) {
            QProcess app;
            QVERIFY(runWithoutADisplay(app, c.arguments));
            const QByteArray err = app.readAllStandardError();
            QVERIFY2(app.exitStatus() == QProcess::NormalExit, err.constData());
            QVERIFY2(app.exitCode() == c.exitCode && err.startsWith(c.said),
                     qPrintable(QStringLiteral("%1 → exit %2: %3").arg(c.arguments.join(u' ')).arg(app.exitCode()).arg(QString::fromUtf8(err))));
        }
    }

    // Ctrl+C in the table copies the selected event as the one JSON line an
    // export of it writes.
    void copiesTheSelectedEventAsAnExportLine()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = test::writeDemoSession(dir.filePath(QStringLiteral("s.sss")), QStringLiteral("payments"), 300);
        QVERIFY(!path.isEmpty());
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        SS_VERIFY_OK(window.openSession(path));
        auto *table = window.findChild<EventTableView *>();
        auto *detail = window.findChild<EventDetailView *>();
        QVERIFY(table && detail);
        QTRY_COMPARE_WITH_TIMEOUT(window.eventCount(), 300, 15000);
        window.selectEvent(123);
        QTRY_COMPARE_WITH_TIMEOUT(detail->event().seq, 123, 15000);
        QGuiApplication::clipboard()->clear();
        table->setFocus();
        QTest::keySequence(table, QKeySequence::Copy);
        const test::ProcessResult exported =
            test::runCli({QStringLiteral("export"), path, QStringLiteral("--range"), QStringLiteral("123:123"),
                          QStringLiteral("-o"), QStringLiteral("-"), QStringLiteral("-q")});
        QCOMPARE(exported.exitCode, 0);
        QVERIFY(exported.out.endsWith('\n') && exported.out.count('\n') == 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), QString::fromUtf8(exported.out.chopped(1)));
        QVERIFY(window.close());
    }

    void eventColumnsAreKeptBetweenRuns()
    {
        QSettings().remove(QStringLiteral("events/columns"));
        const auto resetLayout = [](MainWindow &window) {
            for (QAction *action : window.findChildren<QAction *>())
                if (action->text() == QLatin1String("&Reset Layout"))
                    action->trigger();
        };
        int defaultValueWidth = 0;
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            auto *table = window.findChild<EventTableView *>();
            QVERIFY(table);
            defaultValueWidth = table->columnWidth(EventTableModel::ValueColumn);
            table->setColumnWidth(EventTableModel::ValueColumn, defaultValueWidth + 123);
            QHeaderView *header = table->horizontalHeader();
            header->moveSection(header->visualIndex(EventTableModel::SizeColumn), 1);
            QVERIFY(window.close());
        }
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *table = window.findChild<EventTableView *>();
        QCOMPARE(table->columnWidth(EventTableModel::ValueColumn), defaultValueWidth + 123);
        QCOMPARE(table->horizontalHeader()->visualIndex(EventTableModel::SizeColumn), 1);
        resetLayout(window);
        QCOMPARE(table->columnWidth(EventTableModel::ValueColumn), defaultValueWidth);
        QCOMPARE(table->horizontalHeader()->visualIndex(EventTableModel::SizeColumn), int(EventTableModel::SizeColumn));
        QVERIFY(window.close());
    }

    void liveDemoFilterDetailPlotSaveReopen()
    {
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        auto *model = window.findChild<EventTableModel *>();
        auto *filterBar = window.findChild<FilterBar *>();
        auto *detail = window.findChild<EventDetailView *>();
        auto *ioGraph = window.findChild<IoGraphWidget *>();
        QVERIFY(model && filterBar && detail && ioGraph);

        window.attachToDemo(QStringLiteral("iot.readings"));
        QTRY_VERIFY_WITH_TIMEOUT(window.isRecording(), 15000);
        QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 120, 30000); // the demo sends ~40 events/s
        QVERIFY(window.hasUnsavedRecording());
        QCOMPARE(model->index(0, EventTableModel::TopicColumn).data().toString(), QStringLiteral("iot.readings"));

        // The filter bar reduces the rows to those matching, exactly.
        filterBar->setText(QStringLiteral("partition == 1"));
        filterBar->apply();
        QTRY_VERIFY_WITH_TIMEOUT(model->isFiltered() && !model->isFilterRunning() && model->rowCount() > 0, 15000);
        QVERIFY(model->rowCount() < model->eventCount());
        for (int row = 0; row < model->rowCount(); ++row)
            QTRY_COMPARE_WITH_TIMEOUT(model->index(row, EventTableModel::PartitionColumn).data().toString(), QStringLiteral("1"), 5000);
        filterBar->clear();
        QTRY_VERIFY_WITH_TIMEOUT(!model->isFiltered() && model->rowCount() >= 120, 15000);

        // Selecting an event fills the detail tree with its payload.
        window.selectEvent(42);
        QTRY_VERIFY_WITH_TIMEOUT(detail->hasEvent() && detail->event().seq == 42, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(detail->jsonModel()->rowCount() > 5, 5000);
        QVERIFY(detail->event().value->contains("\"sensor\""));

        // The plot has data.
        QTRY_VERIFY_WITH_TIMEOUT(ioGraph->snapshot().events > 0, 15000);

        // Save while recording: a copy of what was recorded so far.
        const QString saved = m_dir.filePath(QStringLiteral("saved.sss"));
        SS_VERIFY_OK(window.saveSessionTo(saved));
        QVERIFY(window.hasUnsavedRecording()); // recording goes on: more may come
        window.stopRecording();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isRecording(), 15000);
        SS_VERIFY_OK(window.saveSessionTo(saved));
        QVERIFY(!window.hasUnsavedRecording());
        const QString temporary = window.sessionPath();

        // Reopen: the same rows.
        const QList<Event> events = readAllEvents(saved);
        QVERIFY(events.size() >= 120);
        SS_VERIFY_OK(window.openSession(saved));
        QTRY_COMPARE_WITH_TIMEOUT(model->rowCount(), int(events.size()), 15000);
        QVERIFY(!QFileInfo::exists(temporary)); // the saved recording's temporary file is gone
        for (int row : {0, 1, int(events.size()) / 2, int(events.size()) - 1}) {
            QTRY_COMPARE_WITH_TIMEOUT(model->index(row, EventTableModel::OffsetColumn).data().toString(),
                                      QString::number(events[row].offset), 5000);
            QCOMPARE(model->index(row, EventTableModel::KeyColumn).data().toString(), QString::fromUtf8(*events[row].key));
        }
        window.close();
    }

    void badSessionFileIsSaidNotCrashed()
    {
        MainWindow window;
        window.show();
        QFile junk(m_dir.filePath(QStringLiteral("junk.sss")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        const Status st = window.openSession(junk.fileName());
        QVERIFY(!st.ok());
        QVERIFY(st.error().message.contains(QLatin1String("not a Streamscope session")));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
