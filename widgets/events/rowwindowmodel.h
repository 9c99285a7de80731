#pragma once
// A window onto the rows of a flat table model: rows [first, first + size)
// of the source are this model's rows 0, 1, … (fewer at the source's end).
//
// EventTableView shows its model through a window as tall as its viewport:
// a QTableView keeps geometry for every row in its vertical QHeaderView (8
// bytes per row and a pass over all rows per insertion: 80 MB and ~20 ms per
// batch at ten million events) and pixel positions in int, which overflow
// near a hundred million rows. Through the window its cost is that of one
// screenful, however long the session grows.
//
// Source rows appended at the window's end while it has room are inserted
// here; changes outside the window are not seen; any other structural change
// of the source resets the window.

#include <QAbstractProxyModel>
#include <QList>

namespace streamscope {

class RowWindowModel : public QAbstractProxyModel
{
    Q_OBJECT

public:
    explicit RowWindowModel(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *source) override;

    // Moves or resizes the window (a reset of this model when anything changes).
    void setWindow(int first, int size);
    int windowFirst() const { return m_first; }
    int windowSize() const { return m_size; }

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    QModelIndex sibling(int row, int column, const QModelIndex &index) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex mapToSource(const QModelIndex &proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex &sourceIndex) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    int fittingRows() const;
    void beginSourceChange();
    void endSourceChange();
    void sourceRowsAboutToBeInserted(const QModelIndex &parent, int first, int last);
    void sourceRowsInserted(const QModelIndex &parent, int first, int last);
    void sourceDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles);
    void sourceHeaderDataChanged(Qt::Orientation orientation, int first, int last);

    int m_first = 0;
    int m_size = 0;
    int m_rows = 0;    // rows shown: the source's rows in the window
    int m_columns = 0;
    bool m_resetting = false; // inside a reset begun by a source change
    QList<QMetaObject::Connection> m_connections;
};

} // namespace streamscope
