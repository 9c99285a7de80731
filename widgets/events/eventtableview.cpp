#include "events/eventtableview.h"

#include "events/eventtabledelegate.h"
#include "events/rowwindowmodel.h"

#include <QHeaderView>
#include <QScopedValueRollback>
#include <QScrollBar>

#include <algorithm>

namespace streamscope {

EventTableView::EventTableView(QWidget *parent) : QTableView(parent), m_window(new RowWindowModel(this))
{
    setSelectionBehavior(SelectRows);
    setSelectionMode(SingleSelection);
    // The vertical scroll bar is ours (model rows); horizontally Qt's, by pixel.
    setVerticalScrollMode(ScrollPerItem);
    setHorizontalScrollMode(ScrollPerPixel);
    setWordWrap(false);
    setTextElideMode(Qt::ElideRight);
    setShowGrid(false);
    setAlternatingRowColors(true);
    setItemDelegate(new EventTableDelegate(this));
    setSortingEnabled(false);
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setMinimumSectionSize(1);
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    QTableView::setModel(m_window);
}

EventTableView::~EventTableView() = default;

void EventTableView::setModel(QAbstractItemModel *model)
{
    for (const QMetaObject::Connection &c : std::as_const(m_modelConnections))
        disconnect(c);
    m_modelConnections.clear();
    m_model = qobject_cast<EventTableModel *>(model);
    m_top = 0;
    m_revealSeq = -1;
    setCurrentSeq(-1);
    {
        QScopedValueRollback guard(m_syncing, true);
        m_window->setSourceModel(m_model);
    }
    if (!m_model) {
        syncScrollBar();
        return;
    }
    // After the window's own connections (made above), so it is up to date.
    m_modelConnections = {
        connect(m_model, &QAbstractItemModel::modelReset, this, &EventTableView::onModelReset),
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &EventTableView::onRowsInserted),
        connect(m_model, &EventTableModel::filterProgress, this, &EventTableView::reveal),
        connect(m_model, &EventTableModel::filterFinished, this, &EventTableView::reveal),
        connect(m_model, &EventTableModel::sessionOpened, this,
                [this] {
                    // A recording in progress is watched at its end; a recorded one read from the start.
                    setFollowTail(m_model->isLive());
                    if (!m_follow)
                        setTop(0);
                }),
    };
    if (!m_widthsSet)
        setDefaultColumnWidths();
    setTop(m_follow ? maxTop() : 0);
}

void EventTableView::setDefaultColumnWidths()
{
    m_widthsSet = true;
    const QFontMetrics fm(font());
    const int pad = 2 * style()->pixelMetric(QStyle::PM_HeaderMargin) + 12;
    const auto text = [&](const char *sample) { return fm.horizontalAdvance(QLatin1String(sample)) + pad; };
    setColumnWidth(EventTableModel::SeqColumn, text("00000000"));
    // Times on the day shown leave their date out (EventTableModel), others
    // near it say how many days off they are ("+1d 00:00:00.007").
    setColumnWidth(EventTableModel::ArrivalColumn, text("+1d 00:00:00.0000"));
    setColumnWidth(EventTableModel::TimestampColumn, text("+1d 00:00:00.0000"));
    setColumnWidth(EventTableModel::TopicColumn, text("iot.readings.x"));
    setColumnWidth(EventTableModel::PartitionColumn, text("Partition"));
    setColumnWidth(EventTableModel::OffsetColumn, text("000000000"));
    setColumnWidth(EventTableModel::KeyColumn, text("sensor-000000"));
    setColumnWidth(EventTableModel::ValueColumn, fm.averageCharWidth() * 72 + pad);
    setColumnWidth(EventTableModel::SizeColumn, text("000.0 KB"));
}

QByteArray EventTableView::columnState() const { return horizontalHeader()->saveState(); }

bool EventTableView::restoreColumnState(const QByteArray &state)
{
    if (state.isEmpty() || !horizontalHeader()->restoreState(state))
        return false;
    m_widthsSet = true; // a model set later keeps them
    return true;
}

void EventTableView::resetColumns()
{
    QHeaderView *header = horizontalHeader();
    for (int logical = 0; logical < header->count(); ++logical)
        header->moveSection(header->visualIndex(logical), logical);
    setDefaultColumnWidths();
}

void EventTableView::setFollowTail(bool follow)
{
    if (follow != m_follow) {
        m_follow = follow;
        emit followTailChanged(follow);
    }
    if (follow)
        setTop(maxTop());
}

int EventTableView::rowHeightPx() const { return std::max(1, verticalHeader()->defaultSectionSize()); }

int EventTableView::visibleRowCount() const { return std::max(1, viewport()->height() / rowHeightPx()); }

int EventTableView::windowRowCount() const
{
    // Whole rows plus the one cut by the bottom edge.
    return std::max(1, (viewport()->height() + rowHeightPx() - 1) / rowHeightPx());
}

int EventTableView::maxTop() const
{
    return m_model ? std::max(0, m_model->rowCount() - visibleRowCount()) : 0;
}

void EventTableView::setTop(int top)
{
    if (!m_model)
        return;
    top = std::clamp(top, 0, maxTop());
    const int size = windowRowCount();
    if (top != m_top || top != m_window->windowFirst() || size != m_window->windowSize()) {
        m_top = top;
        {
            QScopedValueRollback guard(m_syncing, true);
            m_window->setWindow(top, size);
            verticalHeader()->setOffset(0);
        }
        // The reset cleared the selection (the selection model resets after
        // the view): select the current event again if it is in the window.
        restoreCurrent();
    }
    syncScrollBar();
}

void EventTableView::updateFollow()
{
    const bool follow = m_top >= maxTop();
    if (follow != m_follow) {
        m_follow = follow;
        emit followTailChanged(follow);
    }
}

void EventTableView::syncScrollBar()
{
    QScrollBar *bar = verticalScrollBar();
    QScopedValueRollback guard(m_syncing, true);
    bar->setRange(0, maxTop());
    bar->setPageStep(visibleRowCount());
    bar->setSingleStep(1);
    bar->setValue(m_top);
}

void EventTableView::updateGeometries()
{
    {
        // QTableView sets the scroll bar up for the window's rows: undone below.
        QScopedValueRollback guard(m_syncing, true);
        QTableView::updateGeometries();
    }
    if (m_model && windowRowCount() != m_window->windowSize())
        setTop(m_follow ? maxTop() : m_top); // the viewport's height changed
    else
        syncScrollBar();
}

void EventTableView::scrollContentsBy(int dx, int dy)
{
    if (dx)
        QTableView::scrollContentsBy(dx, 0);
    if (dy && !m_syncing) {
        // The user moved the scroll bar (dragging, wheel, clicks on it).
        setTop(verticalScrollBar()->value());
        updateFollow();
    }
}

void EventTableView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (m_syncing || !index.isValid() || !m_model)
        return;
    int row = -1;
    if (index.model() == m_window)
        row = m_top + index.row();
    else if (index.model() == m_model)
        row = index.row();
    else
        return;
    scrollToRow(row, hint);

    // Horizontally only as far as needed to show the cell's start.
    const int column = index.column();
    if (column < 0 || isColumnHidden(column))
        return;
    const int x = columnViewportPosition(column);
    const int width = columnWidth(column);
    const int viewportWidth = viewport()->width();
    QScrollBar *bar = horizontalScrollBar();
    if (x < 0)
        bar->setValue(bar->value() + x);
    else if (x + width > viewportWidth && width <= viewportWidth)
        bar->setValue(bar->value() + x + width - viewportWidth);
    else if (x >= viewportWidth)
        bar->setValue(bar->value() + x);
}

void EventTableView::scrollToRow(int row, ScrollHint hint)
{
    if (!m_model)
        return;
    const int visible = visibleRowCount();
    int top = m_top;
    switch (hint) {
    case EnsureVisible:
        if (row < m_top)
            top = row;
        else if (row >= m_top + visible)
            top = row - visible + 1;
        break;
    case PositionAtTop: top = row; break;
    case PositionAtBottom: top = row - visible + 1; break;
    case PositionAtCenter: top = row - visible / 2; break;
    }
    setTop(top);
    updateFollow();
}

void EventTableView::scrollToSeq(qint64 seq)
{
    if (!m_model)
        return;
    const int row = m_model->rowOfSeq(seq);
    if (row < 0)
        return;
    const bool shown = row >= m_top && row < m_top + visibleRowCount();
    scrollToRow(row, shown ? EnsureVisible : PositionAtCenter);
    m_revealSeq = -1;
    selectInWindow(row);
}

void EventTableView::selectRow(int row)
{
    if (!m_model || row < 0 || row >= m_model->rowCount())
        return;
    scrollToRow(row, EnsureVisible);
    m_revealSeq = -1;
    selectInWindow(row);
}

void EventTableView::selectInWindow(int row)
{
    if (!m_model || row < m_top || row >= m_top + m_window->rowCount())
        return;
    {
        QScopedValueRollback guard(m_syncing, true);
        selectionModel()->setCurrentIndex(m_window->index(row - m_top, m_currentColumn),
                                          QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    }
    setCurrentSeq(m_model->seqAt(row));
}

void EventTableView::restoreCurrent()
{
    if (m_currentSeq < 0 || !m_model || !selectionModel())
        return;
    const int row = m_model->rowOfSeq(m_currentSeq);
    if (row < m_top || row >= m_top + m_window->rowCount())
        return;
    QScopedValueRollback guard(m_syncing, true);
    selectionModel()->setCurrentIndex(m_window->index(row - m_top, m_currentColumn),
                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
}

void EventTableView::setCurrentSeq(std::int64_t seq)
{
    if (seq == m_currentSeq)
        return;
    m_currentSeq = seq;
    emit currentSeqChanged(seq);
}

QModelIndex EventTableView::moveCursor(CursorAction action, Qt::KeyboardModifiers modifiers)
{
    if (!m_model || m_model->rowCount() == 0)
        return QTableView::moveCursor(action, modifiers);
    const QModelIndex current = currentIndex();
    int row = current.isValid() ? m_top + current.row() : -1;
    if (row < 0 && m_currentSeq >= 0)
        row = m_model->rowOfSeq(m_currentSeq); // selected, but scrolled out of the window
    const int column = current.isValid() ? current.column() : m_currentColumn;
    const int page = visibleRowCount();
    int target = 0;
    switch (action) {
    case MoveUp: target = row < 0 ? m_top : row - 1; break;
    case MoveDown: target = row < 0 ? m_top : row + 1; break;
    case MovePageUp: target = row < 0 ? m_top : row - page; break;
    case MovePageDown: target = row < 0 ? m_top : row + page; break;
    case MoveHome: target = 0; break;
    case MoveEnd: target = m_model->rowCount() - 1; break;
    default: return QTableView::moveCursor(action, modifiers);
    }
    target = std::clamp(target, 0, m_model->rowCount() - 1);
    scrollToRow(target, EnsureVisible);
    return m_window->index(target - m_top, column);
}

void EventTableView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QTableView::currentChanged(current, previous);
    if (m_syncing || !m_model)
        return;
    m_revealSeq = -1; // the user chose
    if (!current.isValid()) {
        setCurrentSeq(-1);
        return;
    }
    m_currentColumn = current.column();
    setCurrentSeq(current.data(EventTableModel::SeqRole).toLongLong());
}

void EventTableView::reveal()
{
    if (m_revealSeq < 0 || !m_model)
        return;
    const int row = m_model->rowOfSeq(m_revealSeq);
    if (row >= 0) {
        m_revealSeq = -1;
        scrollToRow(row, PositionAtCenter);
        selectInWindow(row);
        return;
    }
    // Scanned past it without a match: it is not shown any more.
    if (m_revealSeq < m_model->shownUpTo() || (!m_model->isFilterRunning() && m_revealSeq >= m_model->eventCount())) {
        m_revealSeq = -1;
        setCurrentSeq(-1);
    }
}

void EventTableView::onModelReset()
{
    if (!m_model->isSessionOpen()) {
        m_revealSeq = -1;
        setCurrentSeq(-1);
    } else if (m_currentSeq >= 0) {
        m_revealSeq = m_currentSeq; // the filter changed: select it again if it still matches
    }
    setTop(m_follow ? maxTop() : 0);
    restoreCurrent();
    reveal();
}

void EventTableView::onRowsInserted()
{
    if (m_follow)
        setTop(maxTop());
    else
        syncScrollBar();
    reveal();
}

} // namespace streamscope
