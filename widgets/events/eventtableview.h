#pragma once
// The event table's view: an EventTableModel of any length, shown through
// a RowWindowModel as tall as the viewport (see rowwindowmodel.h for why).
// The vertical scroll bar counts the model's rows; scrolling moves the
// window. Keyboard moves, scrollTo() and selection work in model rows, and
// the selected event is tracked by seq, so it survives the window moving and
// the filter changing (when it still matches).
//
// Follow-tail: while the user has not scrolled up from the bottom, the view
// sticks to the newest row as a live session grows.

#include "events/eventtablemodel.h"

#include <QPointer>
#include <QTableView>
#include <cstdint>

namespace streamscope {

class RowWindowModel;

class EventTableView : public QTableView
{
    Q_OBJECT

public:
    explicit EventTableView(QWidget *parent = nullptr);
    ~EventTableView() override;

    // Takes an EventTableModel (anything else shows nothing). model() is
    // then the window; eventModel() the model itself.
    void setModel(QAbstractItemModel *model) override;
    EventTableModel *eventModel() const { return m_model; }
    RowWindowModel *windowModel() const { return m_window; }

    bool followsTail() const { return m_follow; }
    void setFollowTail(bool follow);
    // The columns' widths and order, kept between runs; restoring refuses a
    // state of another column set (and keeps the defaults).
    QByteArray columnState() const;
    bool restoreColumnState(const QByteArray &state);
    void resetColumns(); // default widths, in the model's order

    // The selected event, -1 when none is shown.
    std::int64_t currentSeq() const { return m_currentSeq; }
    // The model row at the top of the viewport, and how many rows fit whole.
    int topRow() const { return m_top; }
    int visibleRowCount() const;

    // index may be of the window (model()) or of the eventModel().
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    void scrollToRow(int row, ScrollHint hint = EnsureVisible);

public slots:
    // Scrolls to the event and selects it (when it is shown).
    void scrollToSeq(qint64 seq);
    // Scrolls to model row `row` and selects it. (Hides QTableView::selectRow,
    // whose rows are the window's.)
    void selectRow(int row);

signals:
    void currentSeqChanged(qint64 seq);
    void followTailChanged(bool follows);

protected:
    void updateGeometries() override;
    void scrollContentsBy(int dx, int dy) override;
    QModelIndex moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers) override;
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;

private:
    int rowHeightPx() const;
    int windowRowCount() const;
    void setDefaultColumnWidths();
    int maxTop() const;
    // Moves the window so that model row `top` is at the top.
    void setTop(int top);
    void updateFollow();
    void syncScrollBar();
    void selectInWindow(int row);
    void restoreCurrent();
    void setCurrentSeq(std::int64_t seq);
    // After a filter change: selects the event again once the scan shows it,
    // or lets go of it once the scan has passed it.
    void reveal();
    void onModelReset();
    void onRowsInserted();

    RowWindowModel *m_window;
    QPointer<EventTableModel> m_model;
    QList<QMetaObject::Connection> m_modelConnections;
    int m_top = 0;
    bool m_follow = true;
    std::int64_t m_currentSeq = -1;
    std::int64_t m_revealSeq = -1;
    int m_currentColumn = 0;
    bool m_widthsSet = false;
    bool m_syncing = false; // our own changes to the scroll bar, window or current index
};

} // namespace streamscope
