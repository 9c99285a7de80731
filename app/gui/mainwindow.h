#pragma once
// The window of the first job, live inspection: a session (recording live
// or opened from a file) shown as a table with a filter, the selected event
// in detail, plots and metrics, and the cluster it comes from. Every view
// reads the session; live is recording (DESIGN.md, principle 1).

#include "connect/connectionprofile.h"
#include "kafka/startposition.h"
#include "util/result.h"

#include <QMainWindow>
#include <QPointer>
#include <memory>

class QAction;
class QLabel;
class QMenu;
class QProgressBar;
class QToolButton;

namespace streamscope {

class ClusterBrowser;
class EmbeddedDemo;
class EventDetailView;
class EventFetcher;
class EventTableModel;
class EventTableView;
class FieldPlotWidget;
class FilterBar;
class IoGraphWidget;
class LiveRecording;
class MetricsPanel;
class ReplayDebugger;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts the embedded demo broker (if not running) and records a topic.
    void attachToDemo(const QString &topic = QStringLiteral("iot.readings"));
    // Records topics of a cluster into a new temporary session and shows it.
    void attach(const ConnectionProfile &profile, const QStringList &topics, const StartPosition &start);
    Status openSession(const QString &path);
    // Writes a self-contained copy of the session shown (also while it is
    // being recorded). Blocks until written (the GUI uses saveSessionAs()).
    Status saveSessionTo(const QString &path);
    void stopRecording();
    // Shows an event: scrolls to it, selects it, fills the detail pane.
    void selectEvent(qint64 seq);
    // Edit ▸ Copy Event as JSON (Ctrl+C in the table).
    void copySelectedEvent();
    qint64 eventCount() const;
    // The replay debugger over the session shown (Pipeline and Replay menus).
    ReplayDebugger *replay() const { return m_replay; }

    QString sessionPath() const { return m_sessionPath; }
    bool hasUnsavedRecording() const { return m_unsaved; }
    bool isRecording() const;
    // Says something went wrong in the bar above the table (until closed).
    void showBanner(const QString &message);

public slots:
    void openSessionDialog();
    void saveSessionAs();
    void connectDialog();
    // "Export Specified Events…": all, displayed, marked or a range, as JSONL or CSV.
    void exportEvents();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createViews();
    void createActions();
    void createDocks();
    void restoreLayout();
    void applyDefaultDockSizes(); // the first run's and Reset Layout's dock sizes, by the window's size
    void saveLayout();
    void showSession(const QString &path, bool live);
    void closeSession();
    void discardTemporarySession();
    void updateStatus();
    void updateRecentMenu();
    void addRecentFile(const QString &path);
    QString newTemporarySessionPath() const;
    void offerRecovery();
    bool confirmDiscard();

    EventTableModel *m_model = nullptr;
    EventTableView *m_table = nullptr;
    FilterBar *m_filterBar = nullptr;
    EventDetailView *m_detail = nullptr;
    IoGraphWidget *m_ioGraph = nullptr;
    FieldPlotWidget *m_fieldPlot = nullptr;
    MetricsPanel *m_metrics = nullptr;
    ClusterBrowser *m_cluster = nullptr;
    ReplayDebugger *m_replay = nullptr;
    EventFetcher *m_fetcher = nullptr;
    QLabel *m_banner = nullptr;
    QWidget *m_bannerBox = nullptr;
    QLabel *m_sourceLabel = nullptr;
    QLabel *m_countLabel = nullptr;
    QProgressBar *m_filterProgress = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_recoverMenu = nullptr;
    QAction *m_pauseAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_exportAction = nullptr;
    QByteArray m_defaultLayout;

    std::unique_ptr<EmbeddedDemo> m_demo;
    std::unique_ptr<LiveRecording> m_recording;
    ConnectionProfile m_profile;
    QString m_sessionPath;
    QString m_source;       // what the status bar says the session comes from
    bool m_temporary = false; // the session is a live recording's temporary file
    bool m_unsaved = false;   // … and it has not been saved since
};

} // namespace streamscope
