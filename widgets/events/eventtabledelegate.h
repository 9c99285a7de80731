#pragma once
// Paints the event table's cells for less: QStyledItemDelegate lays every
// cell's whole text out in a QTextLayout to elide it — a 200-character value
// preview costs as much as the rest of its row — and a full screen of the
// table took ~18 ms to paint on the CI machines. Here only as much text as
// can show is shaped, elided once and drawn as one run, and only the four
// roles the table uses are asked for. The view draws alternating rows; this
// draws the selection.

#include <QStyledItemDelegate>

namespace streamscope {

class EventTableDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace streamscope
