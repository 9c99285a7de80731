#include "events/rowwindowmodel.h"

#include <algorithm>

namespace streamscope {

RowWindowModel::RowWindowModel(QObject *parent) : QAbstractProxyModel(parent) {}

void RowWindowModel::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &c : std::as_const(m_connections))
        disconnect(c);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    if (source) {
        using M = QAbstractItemModel;
        m_connections = {
            connect(source, &M::modelAboutToBeReset, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::modelReset, this, &RowWindowModel::endSourceChange),
            connect(source, &M::layoutAboutToBeChanged, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::layoutChanged, this, &RowWindowModel::endSourceChange),
            connect(source, &M::rowsAboutToBeRemoved, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::rowsRemoved, this, &RowWindowModel::endSourceChange),
            connect(source, &M::rowsAboutToBeMoved, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::rowsMoved, this, &RowWindowModel::endSourceChange),
            connect(source, &M::columnsAboutToBeInserted, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::columnsInserted, this, &RowWindowModel::endSourceChange),
            connect(source, &M::columnsAboutToBeRemoved, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::columnsRemoved, this, &RowWindowModel::endSourceChange),
            connect(source, &M::columnsAboutToBeMoved, this, &RowWindowModel::beginSourceChange),
            connect(source, &M::columnsMoved, this, &RowWindowModel::endSourceChange),
            connect(source, &M::rowsAboutToBeInserted, this, &RowWindowModel::sourceRowsAboutToBeInserted),
            connect(source, &M::rowsInserted, this, &RowWindowModel::sourceRowsInserted),
            connect(source, &M::dataChanged, this, &RowWindowModel::sourceDataChanged),
            connect(source, &M::headerDataChanged, this, &RowWindowModel::sourceHeaderDataChanged),
        };
    }
    m_rows = fittingRows();
    m_columns = source ? source->columnCount() : 0;
    endResetModel();
}

void RowWindowModel::setWindow(int first, int size)
{
    first = std::max(first, 0);
    size = std::max(size, 0);
    if (first == m_first && size == m_size)
        return;
    beginResetModel();
    m_first = first;
    m_size = size;
    m_rows = fittingRows();
    endResetModel();
}

int RowWindowModel::fittingRows() const
{
    if (!sourceModel())
        return 0;
    return std::clamp(sourceModel()->rowCount() - m_first, 0, m_size);
}

QModelIndex RowWindowModel::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= m_rows || column < 0 || column >= m_columns)
        return {};
    return createIndex(row, column);
}

QModelIndex RowWindowModel::parent(const QModelIndex &) const { return {}; }

QModelIndex RowWindowModel::sibling(int row, int column, const QModelIndex &) const { return index(row, column); }

int RowWindowModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_rows; }

int RowWindowModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_columns; }

bool RowWindowModel::hasChildren(const QModelIndex &parent) const
{
    return !parent.isValid() && m_rows > 0 && m_columns > 0;
}

QModelIndex RowWindowModel::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!sourceModel() || !proxyIndex.isValid() || proxyIndex.model() != this)
        return {};
    return sourceModel()->index(m_first + proxyIndex.row(), proxyIndex.column());
}

QModelIndex RowWindowModel::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.model() != sourceModel())
        return {};
    return index(sourceIndex.row() - m_first, sourceIndex.column());
}

QVariant RowWindowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (!sourceModel())
        return {};
    // Columns are the source's whether or not the window holds rows.
    if (orientation == Qt::Horizontal)
        return sourceModel()->headerData(section, orientation, role);
    if (section < 0 || section >= m_rows)
        return {};
    return sourceModel()->headerData(m_first + section, orientation, role);
}

void RowWindowModel::beginSourceChange()
{
    if (m_resetting)
        return;
    m_resetting = true;
    beginResetModel();
}

void RowWindowModel::endSourceChange()
{
    if (!m_resetting)
        return;
    m_rows = fittingRows();
    m_columns = sourceModel() ? sourceModel()->columnCount() : 0;
    m_resetting = false;
    endResetModel();
}

void RowWindowModel::sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int)
{
    // Rows inserted before the end of what is shown move it: start over.
    if (!parent.isValid() && first < m_first + m_rows)
        beginSourceChange();
}

void RowWindowModel::sourceRowsInserted(const QModelIndex &parent, int, int)
{
    if (m_resetting) {
        endSourceChange();
        return;
    }
    if (parent.isValid())
        return;
    const int rows = fittingRows();
    if (rows <= m_rows)
        return;
    beginInsertRows({}, m_rows, rows - 1);
    m_rows = rows;
    endInsertRows();
}

void RowWindowModel::sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight,
                                       const QList<int> &roles)
{
    if (m_resetting || topLeft.parent().isValid())
        return;
    const int first = std::max(topLeft.row(), m_first);
    const int last = std::min(bottomRight.row(), m_first + m_rows - 1);
    const int lastColumn = std::min(bottomRight.column(), m_columns - 1);
    if (first > last || topLeft.column() > lastColumn)
        return;
    emit dataChanged(index(first - m_first, topLeft.column()), index(last - m_first, lastColumn), roles);
}

void RowWindowModel::sourceHeaderDataChanged(Qt::Orientation orientation, int first, int last)
{
    if (m_resetting)
        return;
    if (orientation == Qt::Horizontal) {
        emit headerDataChanged(orientation, first, last);
        return;
    }
    first = std::max(first, m_first);
    last = std::min(last, m_first + m_rows - 1);
    if (first <= last)
        emit headerDataChanged(orientation, first - m_first, last - m_first);
}

} // namespace streamscope
