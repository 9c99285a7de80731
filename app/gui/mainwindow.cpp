#include "mainwindow.h"

#include "appearance.h"
#include "attachdialog.h"
#include "eventfetcher.h"
#include "replay/replaycontroller.h"
#include "replaydebugger.h"

#include "cluster/clusterbrowser.h"
#include "common/format.h"
#include "common/scrollable.h"
#include "connect/connectdialog.h"
#include "demo/embeddeddemo.h"
#include "detail/eventdetailview.h"
#include "events/eventtablemodel.h"
#include "export/eventjsonencoder.h"
#include "export/exportdialog.h"
#include "events/eventtableview.h"
#include "filter/filterbar.h"
#include "kafka/kafkareader.h"
#include "metrics/metricspanel.h"
#include "plots/fieldplotwidget.h"
#include "plots/iographwidget.h"
#include "record/liverecording.h"
#include "session/sessioncopy.h"
#include "session/sessionschema.h"
#include "session/sqlite.h"

#include <QActionGroup>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace streamscope {

namespace {

constexpr int kLayoutVersion = 1;

QString liveSessionsDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::CacheLocation) + QStringLiteral("/live");
}

} // namespace

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("Streamscope"));
    m_fetcher = new EventFetcher(this);
    createViews();
    createDocks();
    createActions();
    m_defaultLayout = saveState(kLayoutVersion);
    restoreLayout();
    m_replay->showDocks(false); // until a pipeline is loaded
    updateStatus();
    offerRecovery();

    // Counts and metrics: refreshed a few times a second, never per event.
    auto *timer = new QTimer(this);
    connect(timer, &QTimer::timeout, this, &MainWindow::updateStatus);
    timer->start(500);
}

MainWindow::~MainWindow()
{
    // The recording closes its file before the views go.
    if (m_recording) {
        m_recording->stop();
        m_recording->wait();
    }
}

void MainWindow::createViews()
{
    m_model = new EventTableModel(this);
    m_table = new EventTableView(this);
    m_table->setModel(m_model);
    m_filterBar = new FilterBar(this);
    m_bannerBox = new QWidget(this);
    m_banner = new QLabel(m_bannerBox);
    m_banner->setWordWrap(true);
    m_banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *close = new QToolButton(m_bannerBox);
    close->setText(QStringLiteral("✕"));
    close->setToolTip(tr("Dismiss"));
    connect(close, &QToolButton::clicked, m_bannerBox, &QWidget::hide);
    auto *bannerLayout = new QHBoxLayout(m_bannerBox);
    bannerLayout->setContentsMargins(8, 4, 4, 4);
    bannerLayout->addWidget(m_banner, 1);
    bannerLayout->addWidget(close);
    m_bannerBox->setAutoFillBackground(true);
    m_bannerBox->setBackgroundRole(QPalette::ToolTipBase);
    m_bannerBox->hide();

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_filterBar);
    layout->addWidget(m_bannerBox);
    layout->addWidget(m_table, 1);
    setCentralWidget(central);

    m_sourceLabel = new QLabel(this);
    m_countLabel = new QLabel(this);
    m_filterProgress = new QProgressBar(this);
    m_filterProgress->setMaximumWidth(160);
    m_filterProgress->setFormat(tr("filtering %p%"));
    m_filterProgress->hide();
    statusBar()->addWidget(m_sourceLabel, 1);
    statusBar()->addPermanentWidget(m_filterProgress);
    statusBar()->addPermanentWidget(m_countLabel);

    connect(m_filterBar, &FilterBar::filterApplied, this, [this](const expr::Expression &filter) {
        m_model->setFilter(filter);
    });
    connect(m_filterBar, &FilterBar::filterCleared, m_model, &EventTableModel::clearFilter);
    connect(m_model, &EventTableModel::filterProgress, this, [this](qint64 scanned, qint64 total) {
        m_filterProgress->setVisible(scanned < total);
        m_filterProgress->setRange(0, 1000);
        m_filterProgress->setValue(total > 0 ? int(scanned * 1000 / total) : 1000);
    });
    connect(m_model, &EventTableModel::filterFinished, m_filterProgress, &QWidget::hide);
    connect(m_model, &EventTableModel::sessionError, this, [this](const QString &message) { showBanner(message); });
    connect(m_model, &EventTableModel::sampleEventsLoaded, m_filterBar, &FilterBar::addSampleEvents);
    connect(m_fetcher, &EventFetcher::fetched, this, [this](const Event &event) {
        m_detail->showEvent(event);
        m_filterBar->addSampleEvent(event);
    });
    connect(m_table, &EventTableView::followTailChanged, this, [this](bool follows) {
        statusBar()->showMessage(follows ? tr("Following new events") : tr("Stopped following new events (End follows again)"), 4000);
    });
    connect(m_fetcher, &EventFetcher::failed, this, [this](qint64 seq, const QString &message) {
        m_detail->clear();
        statusBar()->showMessage(tr("Event %1 cannot be shown: %2").arg(seq).arg(message), 10000);
    });
}

void MainWindow::createDocks()
{
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    auto dock = [this](QWidget *widget, const QString &title, const QString &name, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name); // for saveState()
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_detail = new EventDetailView(this);
    m_cluster = new ClusterBrowser(this);
    m_ioGraph = new IoGraphWidget(this);
    m_fieldPlot = new FieldPlotWidget(this);
    m_metrics = new MetricsPanel(this);
    auto *plots = new QTabWidget(this);
    plots->addTab(m_ioGraph, tr("Events over time"));
    plots->addTab(m_fieldPlot, tr("Field"));
    QDockWidget *detailDock = dock(m_detail, tr("Event"), QStringLiteral("detailDock"), Qt::RightDockWidgetArea);
    QDockWidget *metricsDock = dock(scrollable(m_metrics), tr("Metrics"), QStringLiteral("metricsDock"), Qt::RightDockWidgetArea);
    dock(m_cluster, tr("Cluster"), QStringLiteral("clusterDock"), Qt::LeftDockWidgetArea);
    dock(plots, tr("Plots"), QStringLiteral("plotsDock"), Qt::BottomDockWidgetArea);
    splitDockWidget(detailDock, metricsDock, Qt::Vertical); // sizes: applyDefaultDockSizes()

    m_replay = new ReplayDebugger(this, m_model, m_table);
    m_replay->createDocks();
    connect(m_ioGraph, &IoGraphWidget::statsUpdated, m_replay, &ReplayDebugger::setSessionStats);
    connect(m_replay, &ReplayDebugger::message, this, [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_replay, &ReplayDebugger::error, this, &MainWindow::showBanner);
    // The pipeline editor completes the field names the filter bar has seen.
    connect(m_model, &EventTableModel::sampleEventsLoaded, this,
            [this] { m_replay->setFieldSuggestions(m_filterBar->fieldCatalog().fields()); });

    connect(m_table, &EventTableView::currentSeqChanged, this, [this](qint64 seq) {
        if (seq >= 0)
            m_fetcher->fetch(seq);
        else
            m_detail->clear();
    });
    auto jumpTo = [this](qint64 seq) {
        const int row = m_model->rowOfSeq(seq);
        if (row < 0) {
            statusBar()->showMessage(tr("Event %1 is hidden by the filter").arg(seq), 5000);
            return;
        }
        m_table->scrollToSeq(seq); // and selects it
    };
    connect(m_ioGraph, &IoGraphWidget::eventActivated, this, jumpTo);
    connect(m_fieldPlot, &FieldPlotWidget::eventActivated, this, jumpTo);
    connect(m_detail, &EventDetailView::plotFieldRequested, this, [this, plots](const QString &path) {
        if (m_sessionPath.isEmpty())
            return;
        if (Status st = m_fieldPlot->plotField(m_sessionPath, path, FieldPlotWidget::TimeAxis::EventTime); !st) {
            showBanner(st.error().message);
            return;
        }
        m_fieldPlot->setLive(isRecording());
        plots->setCurrentWidget(m_fieldPlot);
        findChild<QDockWidget *>(QStringLiteral("plotsDock"))->show();
    });
    connect(m_ioGraph, &IoGraphWidget::statsUpdated, m_metrics, &MetricsPanel::setSessionStats);
    connect(m_cluster, &ClusterBrowser::attachRequested, this, [this](const QString &topic) {
        qint64 events = -1;
        for (const TopicDescription &t : m_cluster->description().topics)
            if (t.name == topic)
                events = t.messages();
        AttachDialog dialog(topic, events, this);
        if (dialog.exec() == QDialog::Accepted)
            attach(m_profile, {topic}, dialog.startPosition());
    });
}

void MainWindow::createActions()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open Session…"), QKeySequence::Open, this, &MainWindow::openSessionDialog);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_saveAction = file->addAction(tr("&Save Session As…"), QKeySequence::Save, this, &MainWindow::saveSessionAs);
    m_recoverMenu = file->addMenu(tr("Re&cover Unsaved Recording"));
    file->addSeparator();
    m_exportAction = file->addAction(tr("&Export Specified Events…"), QKeySequence(tr("Ctrl+Shift+E")), this,
                                     &MainWindow::exportEvents);
    file->addSeparator();
    file->addAction(tr("&Connect to Kafka…"), QKeySequence(tr("Ctrl+K")), this, &MainWindow::connectDialog);
    file->addAction(tr("Attach to the Embedded &Demo"), this, [this] { attachToDemo(); });
    m_stopAction = file->addAction(tr("S&top Recording"), QKeySequence(tr("Ctrl+.")), this, &MainWindow::stopRecording);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    // Ctrl+C in the table: the selected event as one JSON line, as an export
    // writes it (kcat -J's fields), for a bug report or a script. Elsewhere
    // (the detail's tree, the filter) Ctrl+C keeps its own meaning.
    QAction *copyEvent = edit->addAction(tr("&Copy Event as JSON"), this, &MainWindow::copySelectedEvent);
    copyEvent->setShortcut(QKeySequence::Copy);
    copyEvent->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(copyEvent);
    edit->addAction(tr("&Filter…"), QKeySequence::Find, this, [this] { m_filterBar->setFocus(Qt::ShortcutFocusReason); });

    QMenu *view = menuBar()->addMenu(tr("&View"));
    m_pauseAction = view->addAction(tr("&Pause Display"));
    m_pauseAction->setCheckable(true);
    m_pauseAction->setShortcut(QKeySequence(Qt::Key_Space));
    m_pauseAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(m_pauseAction); // Space in the table, not while typing a filter
    connect(m_pauseAction, &QAction::toggled, this, [this](bool paused) {
        m_model->setDisplayPaused(paused);
        updateStatus();
    });
    view->addSeparator();
    for (QDockWidget *d : findChildren<QDockWidget *>())
        view->addAction(d->toggleViewAction());
    view->addSeparator();
    QMenu *appearance = view->addMenu(tr("&Appearance"));
    auto *group = new QActionGroup(this);
    const Appearance current = appearanceFromName(QSettings().value(QStringLiteral("appearance")).toString());
    for (Appearance a : {Appearance::System, Appearance::Light, Appearance::Dark}) {
        const QString label = a == Appearance::System ? tr("Follow the &System") : a == Appearance::Light ? tr("&Light") : tr("&Dark");
        QAction *action = appearance->addAction(label, this, [a] {
            applyAppearance(a);
            QSettings().setValue(QStringLiteral("appearance"), appearanceName(a));
        });
        action->setCheckable(true);
        action->setChecked(a == current);
        group->addAction(action);
    }
    view->addAction(tr("&Reset Layout"), this, [this] {
        restoreState(m_defaultLayout, kLayoutVersion);
        applyDefaultDockSizes();
        m_table->resetColumns();
        m_replay->setDocksArranged(false);
        m_replay->showDocks(m_replay->hasPipeline());
    });

    m_replay->createMenus(menuBar());
    // With a pipeline loaded, Space plays and pauses the replay; pausing the
    // display moves to Ctrl+Space.
    connect(m_replay, &ReplayDebugger::pipelineChanged, this, [this] {
        m_pauseAction->setShortcut(m_replay->hasPipeline() ? QKeySequence(Qt::CTRL | Qt::Key_Space)
                                                           : QKeySequence(Qt::Key_Space));
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Streamscope"), this, [this] {
        QMessageBox::about(this, tr("About Streamscope"),
                           tr("<h3>Streamscope %1</h3>"
                              "<p>A desktop debugger for event streams: live inspection of Kafka topics, "
                              "step-through replay of event-time logic, and export.</p>"
                              "<p>Qt %2 · librdkafka %3 · SQLite %4</p>")
                               .arg(QLatin1String(STREAMSCOPE_VERSION), QLatin1String(qVersion()), librdkafkaVersion(),
                                    sqlite::sqliteVersion()));
    });
    updateRecentMenu();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray())) {
        // The first run: roomy, but never larger than the screen (a laptop's
        // 1280×800 included), and centred on it.
        QSize size(1600, 960);
        if (const QScreen *screen = QGuiApplication::primaryScreen()) {
            const QRect available = screen->availableGeometry();
            size = size.boundedTo(available.size() * 0.92);
            setGeometry(QStyle::alignedRect(Qt::LeftToRight, Qt::AlignCenter, size, available));
        } else {
            resize(size);
        }
    }
    // The replay docks' arrangement is part of the layout: a layout that was
    // not saved (a crash, a kill) leaves them to be arranged again.
    m_table->restoreColumnState(settings.value(QStringLiteral("events/columns")).toByteArray());
    if (restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), kLayoutVersion))
        m_replay->setDocksArranged(settings.value(QStringLiteral("window/replayDocksArranged")).toBool());
    else
        applyDefaultDockSizes();
}

void MainWindow::applyDefaultDockSizes()
{
    // Shares of the window rather than pixels, so that the first run looks
    // the same on a laptop and on a large screen: the table keeps the middle,
    // the plots a third of the height (fixed pixels left their plot a strip
    // a few labels tall), the event's detail more height than the metrics.
    const QSize window = size();
    const auto dock = [this](const char *name) { return findChild<QDockWidget *>(QLatin1String(name)); };
    resizeDocks({dock("clusterDock"), dock("detailDock")},
                {std::max(200, window.width() * 15 / 100), std::max(320, window.width() * 26 / 100)}, Qt::Horizontal);
    resizeDocks({dock("detailDock"), dock("metricsDock")}, {window.height() * 36 / 100, window.height() * 30 / 100},
                Qt::Vertical);
    resizeDocks({dock("plotsDock")}, {std::max(220, window.height() * 32 / 100)}, Qt::Vertical);
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(kLayoutVersion));
    settings.setValue(QStringLiteral("window/replayDocksArranged"), m_replay->docksArranged());
    settings.setValue(QStringLiteral("events/columns"), m_table->columnState());
}

void MainWindow::selectEvent(qint64 seq) { m_table->scrollToSeq(seq); }

void MainWindow::copySelectedEvent()
{
    const qint64 seq = m_table->currentSeq();
    if (seq < 0) {
        statusBar()->showMessage(tr("Select an event to copy it"), 4000);
        return;
    }
    // The detail pane holds the selected event once it is read (a moment
    // after the selection; a 16 MB event a little longer).
    const Event &event = m_detail->event();
    if (event.seq != seq) {
        statusBar()->showMessage(tr("Event %1 is still being read: copy again in a moment").arg(seq), 4000);
        return;
    }
    std::vector<HeaderView> headers;
    QByteArray line;
    EventJsonEncoder({event.topic}).append(line, viewOf(event, 0, headers));
    line.chop(1); // the newline: one line, pasted where the user wants it
    QGuiApplication::clipboard()->setText(QString::fromUtf8(line));
    statusBar()->showMessage(tr("Event %1 copied as JSON (%2)").arg(seq).arg(format::bytes(line.size())), 4000);
}

qint64 MainWindow::eventCount() const { return m_model->eventCount(); }

bool MainWindow::isRecording() const { return m_recording && m_recording->isRunning(); }

QString MainWindow::newTemporarySessionPath() const
{
    QDir().mkpath(liveSessionsDir());
    return liveSessionsDir() + QStringLiteral("/live-%1.sss").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz")));
}

void MainWindow::attachToDemo(const QString &topic)
{
    if (!m_demo) {
        auto demo = EmbeddedDemo::start({});
        if (!demo) {
            showBanner(tr("The embedded demo broker could not start: %1").arg(demo.error().message));
            return;
        }
        m_demo = std::move(demo.value());
    }
    ConnectionProfile profile;
    profile.brokers = m_demo->bootstrapServers();
    attach(profile, {topic}, StartPosition::beginning());
    m_source = tr("embedded demo · %1").arg(topic);
}

void MainWindow::attach(const ConnectionProfile &profile, const QStringList &topics, const StartPosition &start)
{
    if (!confirmDiscard())
        return;
    stopRecording();
    closeSession();
    m_profile = profile;
    RecordOptions options;
    options.reader.brokers = profile.brokers;
    options.reader.topics = topics;
    options.reader.start = start;
    options.reader.properties = profile.properties();
    options.path = newTemporarySessionPath();
    m_recording = std::make_unique<LiveRecording>();
    m_source = tr("%1 · %2").arg(profile.brokers, topics.join(QLatin1String(", ")));
    LiveRecording *recording = m_recording.get();
    connect(recording, &LiveRecording::started, this, [this, recording] {
        if (recording != m_recording.get())
            return;
        m_temporary = true;
        m_unsaved = true;
        showSession(recording->sessionPath(), true);
    });
    connect(recording, &LiveRecording::warning, this, [this](const QString &message) {
        statusBar()->showMessage(message, 15000);
    });
    connect(recording, &LiveRecording::failed, this, [this, recording](const QString &message) {
        if (recording != m_recording.get())
            return;
        // Non-modal, and what was recorded stays shown.
        showBanner(m_sessionPath.isEmpty() ? tr("Could not attach: %1").arg(message)
                                           : tr("Recording stopped: %1. What arrived before is kept.").arg(message));
    });
    connect(recording, &LiveRecording::stopped, this, [this, recording] {
        if (recording != m_recording.get())
            return;
        m_model->setLive(false);
        m_ioGraph->setLive(false);
        m_fieldPlot->setLive(false);
        updateStatus();
    });
    recording->start(options);
    ClusterInspector::Options inspect;
    inspect.brokers = profile.brokers;
    inspect.properties = profile.properties();
    m_cluster->setCluster(inspect);
    updateStatus();
}

void MainWindow::stopRecording()
{
    if (m_recording)
        m_recording->stop();
}

void MainWindow::showSession(const QString &path, bool live)
{
    m_sessionPath = path;
    if (Status st = m_model->openSession(path); !st) {
        showBanner(st.error().message);
        return;
    }
    m_model->setLive(live);
    m_fetcher->setSession(path);
    m_detail->clear();
    if (Status st = m_ioGraph->setSession(path); !st)
        showBanner(st.error().message);
    m_ioGraph->setLive(live);
    m_metrics->clear();
    m_bannerBox->hide();
    m_replay->setSession(path, live);
    setWindowTitle(tr("%1 — Streamscope").arg(m_temporary ? m_source : QFileInfo(path).fileName()));
    updateStatus();
}

void MainWindow::closeSession()
{
    m_replay->closeSession();
    m_model->closeSession();
    m_fetcher->setSession(QString());
    m_detail->clear();
    m_metrics->clear();
    discardTemporarySession();
    m_sessionPath.clear();
    m_temporary = false;
    m_unsaved = false;
}

void MainWindow::discardTemporarySession()
{
    if (!m_temporary || m_sessionPath.isEmpty())
        return;
    if (m_recording) {
        m_recording->stop();
        m_recording->wait();
    }
    const QString path = m_sessionPath;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
        QFile::remove(path + suffix);
}

Status MainWindow::openSession(const QString &path)
{
    if (!confirmDiscard())
        return Error::runtime(tr("cancelled"));
    stopRecording();
    closeSession();
    m_recording.reset();
    m_temporary = false;
    m_source = QDir::toNativeSeparators(path);
    // The cheap check now; the whole file is verified off the GUI thread
    // (sessionError() says what is wrong with it).
    if (Status st = schema::checkFileHeader(path); !st) {
        showBanner(st.error().message);
        return st;
    }
    showSession(path, false);
    addRecentFile(path);
    return {};
}

void MainWindow::openSessionDialog()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Session"), settings.value(QStringLiteral("lastDir")).toString(),
                                                      tr("Streamscope sessions (*.sss);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
    (void)openSession(path);
}

Status MainWindow::saveSessionTo(const QString &path)
{
    if (m_sessionPath.isEmpty())
        return Error::badInput(tr("there is no session to save"));
    if (Status st = copySession(m_sessionPath, path); !st)
        return st;
    if (m_temporary && !isRecording())
        m_unsaved = false; // everything recorded is in the saved file
    addRecentFile(path);
    return {};
}

void MainWindow::saveSessionAs()
{
    if (m_sessionPath.isEmpty()) {
        statusBar()->showMessage(tr("There is no session to save."), 5000);
        return;
    }
    QSettings settings;
    const QString suggested = settings.value(QStringLiteral("lastDir"), QDir::homePath()).toString()
        + QStringLiteral("/session-%1.sss").arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QString path = QFileDialog::getSaveFileName(this, tr("Save Session As"), suggested, tr("Streamscope sessions (*.sss)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(QLatin1String(".sss")))
        path += QStringLiteral(".sss");
    settings.setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
    QApplication::setOverrideCursor(Qt::WaitCursor);
    const Status st = saveSessionTo(path);
    QApplication::restoreOverrideCursor();
    if (!st) {
        showBanner(tr("The session was not saved: %1").arg(st.error().message));
        return;
    }
    statusBar()->showMessage(isRecording() ? tr("Saved what was recorded so far to %1; recording goes on.").arg(path)
                                           : tr("Saved to %1.").arg(path),
                             10000);
}

void MainWindow::exportEvents()
{
    if (m_sessionPath.isEmpty()) {
        showBanner(tr("Open a session or attach to a topic first: there is nothing to export yet"));
        return;
    }
    ExportDialogOptions options;
    options.sessionPath = m_sessionPath;
    options.eventCount = m_model->eventCount();
    options.displayedFilter = m_model->isFiltered() ? m_filterBar->text() : QString();
    // Marked: the lineage of the window selected in the replay, else the selected row.
    options.markedSeqs = m_model->lineage();
    if (options.markedSeqs.empty() && m_table->currentSeq() >= 0)
        options.markedSeqs.push_back(m_table->currentSeq());
    options.cursorSeq = m_replay->hasPipeline() ? m_replay->controller()->cursor() : m_table->currentSeq();
    auto *dialog = new ExportDialog(options, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportDialog::exportFinished, this, [this](const ExportDialog::Outcome &outcome) {
        if (outcome.ok)
            statusBar()->showMessage(outcome.message, 8000);
    });
    dialog->open();
}

void MainWindow::connectDialog()
{
    QSettings settings;
    ConnectDialog dialog(ConnectionProfile::loadRecent(settings), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_profile = dialog.profile();
    ConnectionProfile::saveRecent(settings, m_profile);
    ClusterInspector::Options options;
    options.brokers = m_profile.brokers;
    options.properties = m_profile.properties();
    m_cluster->setCluster(options);
    findChild<QDockWidget *>(QStringLiteral("clusterDock"))->show();
    statusBar()->showMessage(tr("Connected to %1: double-click a topic to record it.").arg(m_profile.brokers), 10000);
}

bool MainWindow::confirmDiscard()
{
    if (!m_unsaved || !isVisible())
        return true;
    const auto answer = QMessageBox::question(
        this, tr("Unsaved recording"),
        tr("The recording from %1 has not been saved. Save it before going on?").arg(m_source),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save) {
        stopRecording();
        if (m_recording)
            m_recording->wait();
        saveSessionAs();
        return !m_unsaved;
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!confirmDiscard()) {
        event->ignore();
        return;
    }
    saveLayout();
    stopRecording();
    closeSession();
    event->accept();
}

void MainWindow::showBanner(const QString &message)
{
    m_banner->setText(message);
    m_bannerBox->show();
}

void MainWindow::updateStatus()
{
    const bool recording = isRecording();
    m_stopAction->setEnabled(recording);
    m_saveAction->setEnabled(!m_sessionPath.isEmpty());
    QString source = m_source.isEmpty() ? tr("No session. Open one (Ctrl+O), connect to Kafka (Ctrl+K) or attach to the demo.")
                                        : m_source;
    if (recording) {
        const RecordProgress p = m_recording->progress();
        source = tr("● Recording %1").arg(source);
        if (p.lag >= 0)
            source += tr(" · lag %1").arg(format::count(p.lag));
        m_metrics->setRecordProgress(p);
    } else if (m_recording && !m_sessionPath.isEmpty()) {
        source = tr("Stopped: %1").arg(source);
    }
    if (m_pauseAction->isChecked())
        source += tr(" · display paused (Space resumes)");
    m_sourceLabel->setText(source);
    const qint64 total = m_model->eventCount();
    const int shown = m_model->rowCount();
    m_countLabel->setText(shown == total ? tr("%1 events").arg(format::count(total))
                                         : tr("%1 of %2 events").arg(format::count(shown), format::count(total)));
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = settings.value(QStringLiteral("recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    settings.setValue(QStringLiteral("recentFiles"), files.mid(0, 10));
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString &file : files)
        m_recentMenu->addAction(QDir::toNativeSeparators(file), this, [this, file] { (void)openSession(file); });
    m_recentMenu->setEnabled(!files.isEmpty());
}

void MainWindow::offerRecovery()
{
    // Recordings left by a run that ended without saving (live is
    // recording: nothing the user saw is lost).
    m_recoverMenu->clear();
    const QFileInfoList left = QDir(liveSessionsDir()).entryInfoList({QStringLiteral("live-*.sss")}, QDir::Files, QDir::Time);
    for (const QFileInfo &info : left) {
        const QString path = info.absoluteFilePath();
        m_recoverMenu->addAction(tr("%1 (%2)").arg(info.fileName(), format::bytes(info.size())), this, [this, path] {
            const QString target = QFileDialog::getSaveFileName(this, tr("Save Recovered Recording"),
                                                                QDir::homePath() + QLatin1Char('/') + QFileInfo(path).fileName(),
                                                                tr("Streamscope sessions (*.sss)"));
            if (target.isEmpty())
                return;
            if (Status st = copySession(path, target); !st) {
                showBanner(st.error().message);
                return;
            }
            QFile::remove(path);
            (void)openSession(target);
            offerRecovery();
        });
    }
    m_recoverMenu->setEnabled(!left.isEmpty());
    if (!left.isEmpty())
        statusBar()->showMessage(tr("%n unsaved recording(s) from an earlier run: File ▸ Recover Unsaved Recording", nullptr,
                                    int(left.size())),
                                 15000);
}

} // namespace streamscope
