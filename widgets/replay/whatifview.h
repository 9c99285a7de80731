#pragma once
// "What if": the same session through the pipeline as it is (run A) and with
// one or more parameters changed (run B) — the watermark bound, the allowed
// lateness, the window size (the gap, for session windows) — and what that
// changes: a side-by-side table of the window results that were added,
// removed or changed (key, window, run A's result, run B's, what differs),
// the late events dropped in one run only, and a summary line ("3 windows
// changed · 12 late events no longer dropped").
//
// Both runs go through runPipeline (core/replay/pipelinerun.h) on a worker
// thread, with progress and cancel; a result whose run was superseded is
// dropped. Activating a row names the step to move the cursor to: the step
// that fired the window last (run B's when it fired there), or the late
// event.

#include "replay/pipelinerun.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QAbstractItemModel;
class QDoubleSpinBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;
class QThread;

namespace streamscope {

class WhatIfWindowModel;
class WhatIfLateModel;

class WhatIfView : public QWidget
{
    Q_OBJECT

public:
    enum WindowColumns { KeyColumn = 0, WindowColumn, RunAColumn, RunBColumn, DifferenceColumn, NUM_WINDOW_COLUMNS };
    enum LateColumns { SeqColumn = 0, LateKeyColumn, PartitionColumn, EventTimeColumn, WatermarkColumn, RunALateColumn,
                       RunBLateColumn, NUM_LATE_COLUMNS };
    enum Roles {
        SeqRole = Qt::UserRole + 1, // qint64: the step a row leads to
        KindRole,                   // windows: RunDifference::Kind as int; late: 1 no longer dropped, 2 newly dropped
    };

    explicit WhatIfView(QWidget *parent = nullptr);
    ~WhatIfView() override;

    // Run A's session and pipeline; the controls start at its values.
    void setSession(const QString &sessionPath, const PipelineSpec &base);
    QString sessionPath() const { return m_sessionPath; }
    const PipelineSpec &basePipeline() const { return m_base; }
    // Run B's pipeline: the base with the controls' values.
    PipelineSpec variantPipeline() const;

    // The controls, in milliseconds (as a user sets them).
    void setWatermarkBoundMs(qint64 ms);
    void setAllowedLatenessMs(qint64 ms);
    void setWindowLengthMs(qint64 ms); // size; the gap for session windows
    void resetToBase();

    // Runs both; finished() or failed() follows (or nothing, when cancelled).
    void run();
    void cancel();
    bool isRunning() const { return m_running; }

    bool hasComparison() const { return m_hasComparison; }
    const RunComparison &comparison() const { return m_comparison; }
    QString summaryText() const;
    QString statusText() const;
    QAbstractItemModel *windowModel() const;
    QAbstractItemModel *lateModel() const;
    QTableView *windowTable() const { return m_windowTable; }
    QTableView *lateTable() const { return m_lateTable; }

signals:
    // A row was activated: move the cursor to this step.
    void seqActivated(qint64 seq);
    void finished();
    void failed(const QString &message);
    void progress(qint64 done, qint64 total);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Outcome;
    void deliver(quint64 job, std::shared_ptr<Outcome> outcome);
    void deliverProgress(quint64 job, qint64 done, qint64 total);
    void setRunning(bool running, const QString &status);
    void updateControls();
    void activate(const QModelIndex &index);

    QString m_sessionPath;
    PipelineSpec m_base;
    RunComparison m_comparison;
    bool m_hasComparison = false;
    QStringList m_topics;
    std::int64_t m_resultsA = 0, m_resultsB = 0;

    quint64 m_job = 0;
    bool m_running = false;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    QList<QPointer<QThread>> m_threads; // running or finishing; waited for on destruction

    QDoubleSpinBox *m_bound = nullptr;
    QDoubleSpinBox *m_lateness = nullptr;
    QDoubleSpinBox *m_length = nullptr;
    QLabel *m_lengthLabel = nullptr;
    QPushButton *m_runButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
    QPushButton *m_resetButton = nullptr;
    QLabel *m_runs = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QLabel *m_lateTitle = nullptr;
    WhatIfWindowModel *m_windowModel = nullptr;
    WhatIfLateModel *m_lateModel = nullptr;
    QTableView *m_windowTable = nullptr;
    QTableView *m_lateTable = nullptr;
};

} // namespace streamscope
