#include "replaydebugger.h"

#include "common/scrollable.h"
#include "engine/pipelinefile.h"
#include "events/eventtablemodel.h"
#include "events/eventtableview.h"
#include "export/exportdialog.h"
#include "replay/breakpointmodel.h"
#include "replay/breakpointspanel.h"
#include "replay/keyhistory.h"
#include "replay/keyhistoryplot.h"
#include "replay/player.h"
#include "replay/pipelineeditor.h"
#include "replay/replaycontroller.h"
#include "replay/stateinspector.h"
#include "replay/timelineslider.h"
#include "replay/transportbar.h"
#include "replay/watermarkseries.h"
#include "replay/watermarkview.h"
#include "replay/whatifview.h"
#include "replay/windowlanesview.h"
#include "session/sessionpipelines.h"
#include "session/sessionreader.h"

#include <QAction>
#include <QCryptographicHash>
#include <QApplication>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSignalBlocker>
#include <QStandardPaths>
#include <QThread>
#include <QTimer>

namespace streamscope {

namespace {

// Runs work() on a thread of its own and hands its result to done() on the
// GUI thread, unless owner is gone by then.
template<typename Work, typename Done>
void runInBackground(QObject *owner, Work work, Done done)
{
    auto *receiver = new QObject(owner);
    QPointer<QObject> guard(receiver);
    QThread *thread = QThread::create([guard, work = std::move(work), done = std::move(done)]() mutable {
        auto result = std::make_shared<decltype(work())>(work());
        QMetaObject::invokeMethod(qApp, [guard, done = std::move(done), result]() mutable {
            if (!guard)
                return;
            done(std::move(*result));
            delete guard.data();
        });
    });
    QObject::connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start(QThread::LowPriority);
}

// How long after the last event a live session's watermark plot is redone.
constexpr int kLiveWatermarkRefreshMs = 5000;

} // namespace

ReplayDebugger::ReplayDebugger(QMainWindow *window, EventTableModel *model, EventTableView *table)
    : QObject(window)
    , m_window(window)
    , m_model(model)
    , m_table(table)
{
    m_controller = new ReplayController(this);
    connect(m_controller, &ReplayController::frameChanged, this, &ReplayDebugger::onFrame);
    connect(m_controller, &ReplayController::failed, this, &ReplayDebugger::error);
    connect(m_controller, &ReplayController::opened, this, [this](qint64, const QStringList &topics) {
        m_state->setTopics(topics);
    });
}

ReplayDebugger::~ReplayDebugger()
{
    for (auto *flag : {&m_watermarkCancel, &m_keyHistoryCancel})
        if (*flag)
            (*flag)->store(true);
}

void ReplayDebugger::createDocks()
{
    const auto dock = [this](QWidget *widget, const QString &title, const QString &name, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, m_window);
        d->setObjectName(name); // for saveState()
        d->setWidget(widget);
        m_window->addDockWidget(area, d);
        d->hide();
        m_docks << d;
        return d;
    };

    m_transport = new TransportBar(m_controller, m_window);
    QDockWidget *transportDock = dock(m_transport, tr("Transport"), QStringLiteral("replayTransportDock"), Qt::TopDockWidgetArea);
    transportDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    connect(m_transport, &TransportBar::message, this, &ReplayDebugger::message);

    m_lanes = new WindowLanesView(m_window);
    m_watermark = new WatermarkView(m_window);
    m_state = new StateInspector(m_window);
    m_keyHistory = new KeyHistoryPlot(m_window);
    QDockWidget *lanesDock = dock(m_lanes, tr("Windows"), QStringLiteral("replayLanesDock"), Qt::BottomDockWidgetArea);
    QDockWidget *watermarkDock = dock(m_watermark, tr("Watermarks"), QStringLiteral("replayWatermarkDock"), Qt::BottomDockWidgetArea);
    QDockWidget *stateDock = dock(m_state, tr("State"), QStringLiteral("replayStateDock"), Qt::RightDockWidgetArea);
    QDockWidget *keyDock = dock(m_keyHistory, tr("Key History"), QStringLiteral("replayKeyHistoryDock"), Qt::BottomDockWidgetArea);
    m_breakpoints = new BreakpointsPanel(m_window);
    QDockWidget *breakpointsDock = dock(scrollable(m_breakpoints), tr("Breakpoints"), QStringLiteral("replayBreakpointsDock"),
                                        Qt::RightDockWidgetArea);
    m_window->tabifyDockWidget(stateDock, breakpointsDock);
    stateDock->raise();
    m_whatIf = new WhatIfView(m_window);
    QDockWidget *whatIfDock = dock(scrollable(m_whatIf), tr("What If"), QStringLiteral("replayWhatIfDock"), Qt::BottomDockWidgetArea);
    m_window->tabifyDockWidget(watermarkDock, keyDock);
    m_window->tabifyDockWidget(keyDock, whatIfDock);
    m_window->splitDockWidget(lanesDock, watermarkDock, Qt::Horizontal);
    Q_UNUSED(stateDock);

    // Lineage: a window's events are highlighted in the table.
    connect(m_lanes, &WindowLanesView::windowClicked, this, [this](const QByteArray &key, qint64 start, qint64 end) {
        m_state->selectWindow(key, TimeWindow{start, end});
        if (auto contents = m_lanes->selectedWindow()) {
            m_model->setLineage(contents->seqs);
            emit message(tr("%n event(s) of the window highlighted in the table", nullptr, int(contents->seqs.size())));
        }
    });
    connect(m_lanes, &WindowLanesView::windowEventsActivated, this, [this](const QList<qint64> &seqs) {
        m_model->setLineage(std::vector<std::int64_t>(seqs.begin(), seqs.end()));
        if (!seqs.isEmpty())
            m_table->scrollToSeq(seqs.first());
    });
    connect(m_lanes, &WindowLanesView::eventClicked, m_table, &EventTableView::scrollToSeq);
    connect(m_watermark, &WatermarkView::eventClicked, m_controller, &ReplayController::seek);
    connect(m_state, &StateInspector::windowSelected, this, [this](const QByteArray &key, qint64 start, qint64 end) {
        if (m_lanes->selectWindow(key, TimeWindow{start, end}))
            if (auto contents = m_lanes->selectedWindow())
                m_model->setLineage(contents->seqs);
    });
    connect(m_state, &StateInspector::keyHistoryRequested, this, &ReplayDebugger::showKeyHistory);
    connect(m_whatIf, &WhatIfView::seqActivated, m_controller, &ReplayController::seek);
    connect(m_whatIf, &WhatIfView::failed, this, &ReplayDebugger::error);

    // Breakpoints: the controller checks the panel's list while playing and
    // running; the panel counts the hits. Kept per session between runs.
    connect(m_breakpoints, &BreakpointsPanel::breakpointsChanged, this, [this](const QList<Breakpoint> &list) {
        m_controller->setBreakpoints(list);
        saveBreakpoints();
    });
    connect(m_breakpoints, &BreakpointsPanel::runForward, this, [this] { m_controller->runToBreakpoint(true); });
    connect(m_breakpoints, &BreakpointsPanel::runBackward, this, [this] { m_controller->runToBreakpoint(false); });
    connect(m_controller, &ReplayController::stopped, this, [this](const QString &, const QList<int> &hits) {
        if (!hits.isEmpty())
            m_breakpoints->noteStop(m_controller->cursor(), hits);
    });

    // Live: the watermark plot is redone now and then as events arrive.
    auto *refresh = new QTimer(this);
    refresh->setInterval(kLiveWatermarkRefreshMs);
    connect(refresh, &QTimer::timeout, this, [this] {
        if (m_live && m_hasPipeline && m_controller->eventCount() != m_watermarkEvents && !m_watermarkCancel)
            computeWatermarks();
    });
    refresh->start();

    // The cursor is written down a moment after it settles, not only when
    // the session closes: a crash or a kill does not lose the place either.
    m_saveCursorSoon = new QTimer(this);
    m_saveCursorSoon->setSingleShot(true);
    m_saveCursorSoon->setInterval(2000);
    connect(m_saveCursorSoon, &QTimer::timeout, this, &ReplayDebugger::saveCursor);
}

void ReplayDebugger::createMenus(QMenuBar *menuBar)
{
    QMenu *pipeline = menuBar->addMenu(tr("&Pipeline"));
    pipeline->addAction(tr("&Open Pipeline File…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                        &ReplayDebugger::openPipelineDialog);
    m_edit = pipeline->addAction(tr("&Edit Pipeline…"), QKeySequence(tr("Ctrl+E")), this, &ReplayDebugger::editPipeline);
    m_exportResults = pipeline->addAction(tr("E&xport Results or Reproducer…"), this, &ReplayDebugger::exportResults);
    m_exportResults->setEnabled(false);
    pipeline->addSeparator();
    m_unload = pipeline->addAction(tr("&Close Pipeline"), this, &ReplayDebugger::unloadPipeline);
    m_unload->setEnabled(false);

    QMenu *replay = menuBar->addMenu(tr("&Replay"));
    replay->addActions(m_transport->transportActions());
    replay->addSeparator();
    m_followTail = replay->addAction(tr("&Follow the Tail"));
    m_followTail->setCheckable(true);
    m_followTail->setToolTip(tr("Live: keep the cursor at the last event recorded"));
    connect(m_followTail, &QAction::toggled, this, &ReplayDebugger::setFollowTail);
    // Moving the cursor by hand stops following the tail (the controller says so).
    connect(m_controller, &ReplayController::followTailChanged, this, [this](bool follows) {
        const QSignalBlocker quiet(m_followTail);
        m_followTail->setChecked(follows);
    });
}

void ReplayDebugger::setFollowTail(bool follow)
{
    m_controller->setFollowTail(follow && m_live);
}

void ReplayDebugger::setSession(const QString &path, bool live)
{
    m_sessionPath = path;
    m_live = live;
    m_watermarkEvents = -1;
    // Live, the cursor follows the tail until the user moves it.
    if (m_followTail) {
        m_followTail->setEnabled(live);
        const QSignalBlocker quiet(m_followTail); // loadPipeline passes it on
        m_followTail->setChecked(live);
    }
    m_model->setLineage({});
    // A session that carries pipelines reopens with the one stored last; else
    // the pipeline loaded stays. Reading them verifies the whole file (as
    // every open does), which takes a while for a large one: off the GUI
    // thread, and moot if the user loads a pipeline or another session first.
    const quint64 loads = m_pipelineLoads;
    runInBackground(
        this,
        [path]() -> Result<QList<QPair<QString, QString>>> {
            auto reader = SessionReader::open(path);
            if (!reader)
                return reader.error();
            return (*reader)->pipelines();
        },
        [this, path, loads](Result<QList<QPair<QString, QString>>> stored) {
            if (path != m_sessionPath || loads != m_pipelineLoads)
                return;
            if (stored && !stored->isEmpty()) {
                const auto &[name, text] = stored->last();
                if (Status st = loadPipeline(name, text); !st)
                    emit error(tr("The pipeline \"%1\" stored in the session does not load: %2").arg(name, st.error().message));
            } else if (m_hasPipeline) {
                (void)loadPipeline(m_pipelineName, m_pipelineText);
            }
        });
}

void ReplayDebugger::closeSession()
{
    saveCursor();
    m_controller->close();
    m_sessionPath.clear();
    m_previousFrame.reset();
    m_lanes->clear();
    m_state->clear();
    m_watermark->clear();
    m_keyHistory->clear();
    m_transport->timeline()->clearMarks();
}

Status ReplayDebugger::loadPipeline(const QString &name, const QString &text)
{
    auto parsed = parsePipeline(text);
    if (auto *e = std::get_if<PipelineError>(&parsed))
        return Error::badInput(tr("%1: %2").arg(name, e->toString()));
    if (m_sessionPath.isEmpty())
        return Error::badInput(tr("Open a session or attach to a topic first: a pipeline runs over a session"));
    saveCursor(); // the pipeline being replaced
    ++m_pipelineLoads;
    m_pipeline = std::get<PipelineSpec>(parsed);
    m_pipelineName = name;
    m_pipelineText = text;
    m_hasPipeline = true;
    // Kept in the session, so that it reopens as it was (and travels with a
    // saved copy). A read-only file just does not keep it.
    if (Status st = storePipeline(m_sessionPath, name, text); !st)
        emit message(tr("The pipeline is not kept in the session: %1").arg(st.error().message));

    m_lanes->setPipeline(m_pipeline);
    m_state->setPipeline(m_pipeline);
    m_keyHistory->clear();
    m_whatIf->setSession(m_sessionPath, m_pipeline);
    m_previousFrame.reset();
    m_controller->open(m_sessionPath, m_pipeline);
    restoreCursor();
    // Loaded all the same (the editor can fix it), but said: a topic name
    // with a typo otherwise shows as a pipeline that never does anything.
    if (auto reader = SessionReader::open(m_sessionPath))
        if (const QString missing = describeMissingTopics(m_pipeline, (*reader)->topics()); !missing.isEmpty())
            emit error(tr("%1: %2").arg(name, missing));
    if (m_live)
        m_controller->setFollowTail(m_followTail && m_followTail->isChecked());
    computeWatermarks();
    showDocks(true);
    if (m_unload)
        m_unload->setEnabled(true);
    if (m_exportResults)
        m_exportResults->setEnabled(true);
    restoreBreakpoints();
    emit pipelineChanged();
    return {};
}

Status ReplayDebugger::loadPipelineFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(tr("%1: %2").arg(path, file.errorString()));
    const QByteArray bytes = file.readAll();
    return loadPipeline(QFileInfo(path).fileName(), QString::fromUtf8(bytes));
}

void ReplayDebugger::unloadPipeline()
{
    saveCursor();
    m_hasPipeline = false;
    if (m_watermarkCancel)
        m_watermarkCancel->store(true);
    m_controller->close();
    m_lanes->clear();
    m_state->clear();
    m_watermark->clear();
    m_keyHistory->clear();
    m_model->setLineage({});
    showDocks(false);
    if (m_unload)
        m_unload->setEnabled(false);
    if (m_exportResults)
        m_exportResults->setEnabled(false);
    emit pipelineChanged();
}

void ReplayDebugger::openPipelineDialog()
{
    QSettings settings;
    QString dir = settings.value(QStringLiteral("pipeline/lastDir")).toString();
    if (dir.isEmpty()) // the examples for the demo streams, where the package installs them
        dir = QStandardPaths::locate(QStandardPaths::GenericDataLocation, QStringLiteral("streamscope/pipelines"),
                                     QStandardPaths::LocateDirectory);
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Pipeline"), dir,
                                                      tr("Pipelines (*.pipeline *.txt);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("pipeline/lastDir"), QFileInfo(path).absolutePath());
    if (Status st = loadPipelineFile(path); !st)
        emit error(st.error().message);
}

void ReplayDebugger::editPipeline()
{
    if (m_sessionPath.isEmpty()) {
        emit error(tr("Open a session or attach to a topic first: a pipeline runs over a session"));
        return;
    }
    PipelineEditor editor(m_window);
    editor.setWindowTitle(tr("Pipeline"));
    if (auto reader = SessionReader::open(m_sessionPath))
        editor.setTopics((*reader)->topics());
    editor.setFieldSuggestions(m_fieldSuggestions);
    if (m_hasPipeline) {
        editor.setPipelineText(m_pipelineText);
    } else {
        // A start that runs: count per 10 s of Kafka time.
        editor.setPipelineText(tr("name: my pipeline\nevent_time: kafka\nwatermark: bounded 2s\n"
                                  "window: tumbling 10s\naggregate: count\n"));
    }
    if (editor.exec() != QDialog::Accepted)
        return;
    const PipelineSpec spec = editor.pipeline();
    const QString name = spec.name.isEmpty() ? tr("pipeline") : spec.name;
    if (Status st = loadPipeline(name, editor.pipelineText()); !st)
        emit error(st.error().message);
}

void ReplayDebugger::exportResults()
{
    if (!m_hasPipeline)
        return;
    PipelineExportOptions options;
    options.sessionPath = m_sessionPath;
    options.eventCount = m_controller->eventCount();
    options.pipelineText = m_pipelineText;
    options.pipelineName = m_pipelineName;
    options.cursorSeq = m_controller->cursor();
    auto *dialog = new PipelineExportDialog(options, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PipelineExportDialog::exportFinished, this, [this](const ExportDialogBase::Outcome &outcome) {
        if (outcome.ok)
            emit message(outcome.message);
    });
    dialog->open();
}

void ReplayDebugger::setFieldSuggestions(const QStringList &fields) { m_fieldSuggestions = fields; }

void ReplayDebugger::arrangeDocks()
{
    // The first time (later, the window's saved layout places them): the
    // lanes get the width of the bottom, the watermark plot shares a tab with
    // the live plots, the state a tab with the metrics.
    const auto named = [this](const char *name) { return m_window->findChild<QDockWidget *>(QLatin1String(name)); };
    QDockWidget *lanes = named("replayLanesDock"), *watermarks = named("replayWatermarkDock"),
                *whatIf = named("replayWhatIfDock"), *keyHistory = named("replayKeyHistoryDock"),
                *state = named("replayStateDock"), *plots = named("plotsDock"), *metrics = named("metricsDock"),
                *cluster = named("clusterDock");
    if (plots && watermarks) {
        m_window->tabifyDockWidget(plots, watermarks);
        if (whatIf)
            m_window->tabifyDockWidget(watermarks, whatIf);
        if (keyHistory)
            m_window->tabifyDockWidget(watermarks, keyHistory);
        watermarks->raise();
    }
    QDockWidget *breakpoints = named("replayBreakpointsDock");
    if (metrics && state) {
        m_window->tabifyDockWidget(metrics, state);
        if (breakpoints)
            m_window->tabifyDockWidget(state, breakpoints);
        state->raise();
    }
    if (cluster)
        cluster->hide(); // the table and lanes need the width more
    if (lanes && watermarks)
        m_window->resizeDocks({lanes, watermarks}, {m_window->width() * 3 / 5, m_window->width() * 2 / 5}, Qt::Horizontal);
    if (lanes)
        m_window->resizeDocks({lanes}, {m_window->height() * 2 / 5}, Qt::Vertical);
}

void ReplayDebugger::showDocks(bool show)
{
    if (show && !m_docksArranged) {
        m_docksArranged = true;
        for (QDockWidget *d : m_docks)
            if (d->widget() != m_keyHistory)
                d->show();
        arrangeDocks();
        return;
    }
    for (QDockWidget *d : m_docks) {
        // The key history appears when asked for.
        if (show && d->widget() == m_keyHistory)
            continue;
        d->setVisible(show);
    }
}

void ReplayDebugger::setSessionStats(const SessionStatsSnapshot &stats) { m_transport->setSessionStats(stats); }

void ReplayDebugger::onFrame(const std::shared_ptr<const ReplayFrame> &frame)
{
    if (!frame)
        return;
    m_lanes->showStep(frame->snapshot, frame->report, frame->history, frame->points);
    m_state->showStep(frame->snapshot, frame->report, m_previousFrame ? &m_previousFrame->snapshot : nullptr);
    m_watermark->setCursor(frame->cursor);
    m_keyHistory->setCursor(frame->cursor);
    if (frame->snapshot.watermark != kNoWatermark)
        m_breakpoints->setCurrentWatermark(frame->snapshot.watermark);
    // The keys seen so far, for the breakpoint form (a few hundred at most
    // are useful there).
    if (frame->serial % 16 == 0 || !m_previousFrame) {
        QStringList keys;
        for (const WindowSnapshot &w : frame->snapshot.windows)
            if (keys.isEmpty() || keys.last() != QString::fromUtf8(w.key))
                keys << QString::fromUtf8(w.key);
        if (keys.size() > 500)
            keys.resize(500);
        m_breakpoints->setKeySuggestions(keys);
    }
    // The table shows the event at the cursor (and the detail view with it).
    // Following a live tail, the table follows on its own.
    if (frame->cursor >= 0 && !m_controller->followsTail())
        m_table->scrollToSeq(frame->cursor);
    m_previousFrame = frame;
    if (!m_live)
        m_saveCursorSoon->start();
}

void ReplayDebugger::computeWatermarks()
{
    if (m_watermarkCancel)
        m_watermarkCancel->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_watermarkCancel = cancel;
    const QString path = m_sessionPath;
    const PipelineSpec spec = m_pipeline;
    runInBackground(
        this, [path, spec, cancel] { return computeWatermarkSeries(path, spec, {}, {}, cancel.get()); },
        [this, cancel](Result<WatermarkSeries> series) {
            if (m_watermarkCancel == cancel)
                m_watermarkCancel.reset();
            if (cancel->load())
                return;
            if (!series) {
                emit error(tr("The watermark plot cannot be drawn: %1").arg(series.error().message));
                return;
            }
            m_watermarkEvents = m_controller->eventCount();
            m_watermark->setSeries(*series);
            m_watermark->setCursor(m_controller->cursor());
        });
}

void ReplayDebugger::showKeyHistory(const QByteArray &key)
{
    if (m_keyHistoryCancel)
        m_keyHistoryCancel->store(true);
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_keyHistoryCancel = cancel;
    const QString path = m_sessionPath;
    const PipelineSpec spec = m_pipeline;
    for (QDockWidget *d : m_docks)
        if (d->widget() == m_keyHistory) {
            d->show();
            d->raise();
        }
    emit message(tr("Computing the history of key %1…").arg(QString::fromUtf8(key)));
    runInBackground(
        this, [path, spec, key, cancel] { return computeKeyHistory(path, spec, key, 2'000'000, {}, cancel.get()); },
        [this, cancel](Result<KeyHistory> history) {
            if (cancel->load())
                return;
            if (!history) {
                emit error(tr("The key's history cannot be computed: %1").arg(history.error().message));
                return;
            }
            m_keyHistory->setHistory(*history);
            m_keyHistory->setCursor(m_controller->cursor());
            emit message(tr("History of key %1: %n point(s)", nullptr, int(history->points.size()))
                             .arg(QString::fromUtf8(history->key)));
        });
}

// Breakpoints and the cursor are remembered per session file (by its path)
// and pipeline: replay/WHAT/<hash>.
static QString sessionPipelineKey(const char *what, const QString &sessionPath, const QString &pipelineName)
{
    return QStringLiteral("replay/%1/%2")
        .arg(QLatin1String(what),
             QString::fromLatin1(QCryptographicHash::hash((sessionPath + QLatin1Char('\n') + pipelineName).toUtf8(),
                                                          QCryptographicHash::Sha1)
                                     .toHex()));
}

static QString breakpointsKey(const QString &sessionPath, const QString &pipelineName)
{
    return sessionPipelineKey("breakpoints", sessionPath, pipelineName);
}

void ReplayDebugger::saveCursor()
{
    // Live, the cursor follows the recording: there is no place to come back to.
    if (m_sessionPath.isEmpty() || !m_hasPipeline || m_live)
        return;
    // Only a cursor of this session: while another opens, or before the
    // first frame, the controller has none to tell.
    if (m_controller->sessionPath() != m_sessionPath || !m_controller->frame())
        return;
    const qint64 cursor = m_controller->cursor();
    const QString key = sessionPipelineKey("cursor", m_sessionPath, m_pipelineName);
    if (cursor >= 0)
        QSettings().setValue(key, cursor);
    else
        QSettings().remove(key);
}

void ReplayDebugger::restoreCursor()
{
    if (m_live)
        return;
    bool ok = false;
    const qint64 cursor = QSettings().value(sessionPipelineKey("cursor", m_sessionPath, m_pipelineName)).toLongLong(&ok);
    if (!ok || cursor < 0)
        return;
    m_controller->seek(cursor); // past the end (a shorter file by the same name): the controller stops at the last
    emit message(tr("Back at #%1, where this session and pipeline were left").arg(cursor));
}

void ReplayDebugger::saveBreakpoints()
{
    if (m_sessionPath.isEmpty() || !m_hasPipeline || m_restoringBreakpoints)
        return;
    QSettings().setValue(breakpointsKey(m_sessionPath, m_pipelineName),
                         QString::fromUtf8(QJsonDocument(BreakpointModel::toJson(m_breakpoints->breakpoints()))
                                               .toJson(QJsonDocument::Compact)));
}

void ReplayDebugger::restoreBreakpoints()
{
    QStringList names;
    for (const AggregateSpec &a : m_pipeline.aggregates)
        names << a.name;
    m_breakpoints->setAggregateNames(names);
    const QString json = QSettings().value(breakpointsKey(m_sessionPath, m_pipelineName)).toString();
    QStringList problems;
    const QList<Breakpoint> list = BreakpointModel::fromJson(QJsonDocument::fromJson(json.toUtf8()).array(), &problems);
    m_restoringBreakpoints = true;
    m_breakpoints->setBreakpoints(list);
    m_restoringBreakpoints = false;
    m_controller->setBreakpoints(list);
    if (!problems.isEmpty())
        emit message(tr("Some saved breakpoints were skipped: %1").arg(problems.join(QStringLiteral("; "))));
}

} // namespace streamscope
