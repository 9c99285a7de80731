#pragma once
// The main window's second job, the step-through replay debugger: a pipeline
// loaded over the session shown, one cursor (ReplayController) and the views
// that follow it — transport and timeline, window lanes, watermark plot,
// state inspector, a key's history, breakpoints and what-if — in docks of
// the main window, plus the Pipeline and Replay menus.
//
// The event table is the same one the live view uses: the cursor's event is
// selected in it (and so shown in the event detail), and the lineage of a
// selected window is highlighted in it. Live, the cursor follows the tail
// until the user moves it.

#include "engine/pipelinespec.h"
#include "util/result.h"

#include <QObject>
#include <QPointer>
#include <atomic>
#include <memory>

class QAction;
class QDockWidget;
class QMainWindow;
class QMenu;
class QMenuBar;
class QTimer;

namespace streamscope {

class BreakpointsPanel;
class EventTableModel;
class EventTableView;
class KeyHistoryPlot;
class ReplayController;
class StateInspector;
class TransportBar;
class WatermarkView;
class WhatIfView;
class WindowLanesView;
struct ReplayFrame;
struct SessionStatsSnapshot;

class ReplayDebugger : public QObject
{
    Q_OBJECT

public:
    ReplayDebugger(QMainWindow *window, EventTableModel *model, EventTableView *table);
    ~ReplayDebugger() override;

    // The docks (hidden until a pipeline is loaded) and the menus.
    void createDocks();
    void createMenus(QMenuBar *menuBar);

    // The session shown changed. A session that carries pipelines opens
    // with the one stored last; otherwise the pipeline loaded (if any) stays
    // and is run over the new session.
    void setSession(const QString &path, bool live);
    void closeSession();

    // Loads a pipeline over the session (and keeps it in the session file
    // under name, so that it reopens as it was).
    Status loadPipeline(const QString &name, const QString &text);
    Status loadPipelineFile(const QString &path);
    void unloadPipeline();
    bool hasPipeline() const { return m_hasPipeline; }
    const PipelineSpec &pipeline() const { return m_pipeline; }
    QString pipelineText() const { return m_pipelineText; }

    ReplayController *controller() const { return m_controller; }
    TransportBar *transport() const { return m_transport; }
    WindowLanesView *lanes() const { return m_lanes; }
    StateInspector *stateInspector() const { return m_state; }
    WatermarkView *watermarkView() const { return m_watermark; }
    BreakpointsPanel *breakpoints() const { return m_breakpoints; }
    WhatIfView *whatIf() const { return m_whatIf; }
    QList<QDockWidget *> docks() const { return m_docks; }

    // Shows or hides the replay docks (all but the key history, which
    // appears when asked for). The first time in a layout, arranges them.
    void showDocks(bool show);
    // Whether the window's layout has the replay docks arranged: it is saved
    // and restored with the layout, never apart from it.
    bool docksArranged() const { return m_docksArranged; }
    void setDocksArranged(bool arranged) { m_docksArranged = arranged; }

    // Field names seen in the stream, for the pipeline editor's completion.
    void setFieldSuggestions(const QStringList &fields);

    // The event density for the timeline.
    void setSessionStats(const SessionStatsSnapshot &stats);

public slots:
    void openPipelineDialog();
    void editPipeline();
    // Window results and late events as JSONL/CSV, or a reproducer session.
    void exportResults();

signals:
    // For the status bar / banner.
    void message(const QString &text);
    void error(const QString &text);
    void pipelineChanged();

private:
    void onFrame(const std::shared_ptr<const ReplayFrame> &frame);
    void arrangeDocks();
    void computeWatermarks();
    void showKeyHistory(const QByteArray &key);
    void setFollowTail(bool follow);
    void saveBreakpoints();
    void restoreBreakpoints();
    // The cursor, per session file and pipeline, for the next time they open.
    void saveCursor();
    void restoreCursor();

    QMainWindow *m_window;
    EventTableModel *m_model;
    EventTableView *m_table;
    ReplayController *m_controller = nullptr;
    TransportBar *m_transport = nullptr;
    WindowLanesView *m_lanes = nullptr;
    WatermarkView *m_watermark = nullptr;
    StateInspector *m_state = nullptr;
    KeyHistoryPlot *m_keyHistory = nullptr;
    BreakpointsPanel *m_breakpoints = nullptr;
    WhatIfView *m_whatIf = nullptr;
    QList<QDockWidget *> m_docks;
    bool m_docksArranged = false;
    QAction *m_followTail = nullptr;
    QAction *m_unload = nullptr;
    QAction *m_edit = nullptr;
    QAction *m_exportResults = nullptr;

    QString m_sessionPath;
    bool m_live = false;
    bool m_hasPipeline = false;
    PipelineSpec m_pipeline;
    QString m_pipelineName;
    QString m_pipelineText;
    std::shared_ptr<const ReplayFrame> m_previousFrame;
    std::shared_ptr<std::atomic<bool>> m_watermarkCancel;
    std::shared_ptr<std::atomic<bool>> m_keyHistoryCancel;
    qint64 m_watermarkEvents = -1; // events the watermark plot was computed over
    QStringList m_fieldSuggestions;
    bool m_restoringBreakpoints = false;
    QTimer *m_saveCursorSoon = nullptr; // saveCursor() once steps pause
    quint64 m_pipelineLoads = 0; // pipelines loaded so far (a late stored one does not override a newer choice)
};

} // namespace streamscope
