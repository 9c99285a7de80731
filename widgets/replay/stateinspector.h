#pragma once
// The operator state at the cursor as a tree (StateModel): watermarks per
// partition and which one holds the combined one back, each key's open
// windows with their state, aggregates, events and timers, the dedupe set
// and the counters — what the step changed in bold, named in the "Changed"
// column. Rows stay expanded across steps.
//
// Selecting a window (or a row under it) emits windowSelected; the context
// menu of a key's rows offers "Show this key's state over time"
// (keyHistoryRequested) — the caller computes the history (keyhistory.h)
// and shows it in a KeyHistoryPlot.

#include "engine/engine.h"

#include <QWidget>

class QMenu;
class QModelIndex;
class QTreeView;

namespace streamscope {

class StateModel;

class StateInspector : public QWidget
{
    Q_OBJECT

public:
    explicit StateInspector(QWidget *parent = nullptr);
    ~StateInspector() override;

    // Optional: partition names and the pipeline's order of aggregates.
    void setTopics(const QStringList &topics);
    void setPipeline(const PipelineSpec &spec);
    // previous: the snapshot shown before (to mark what differs), or null.
    void showStep(const EngineSnapshot &snapshot, const StepReport &report, const EngineSnapshot *previous);
    void clear();

    StateModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // Selects (and shows) a window's row, if it is open.
    bool selectWindow(const QByteArray &key, const TimeWindow &window);
    // The context menu of a row (null where there is none); the caller owns it.
    QMenu *createContextMenu(const QModelIndex &index, QWidget *parent);

signals:
    void windowSelected(const QByteArray &key, qint64 start, qint64 end);
    void keyHistoryRequested(const QByteArray &key);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void showContextMenu(const QPoint &pos);
    // Narrower than its preferred width when the view is narrow, so that
    // values stay readable; the user's own width wins once they drag it.
    void fitNameColumn();

    StateModel *m_model = nullptr;
    QTreeView *m_view = nullptr;
    bool m_updating = false; // rows moving under the selection are not the user's choice
    bool m_shownOnce = false;
    int m_preferredNameWidth = 0;
    int m_minimalValueWidth = 0;
    bool m_fittingNameColumn = false;
    bool m_nameWidthChosen = false; // by the user
};

} // namespace streamscope
