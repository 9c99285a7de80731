#include "events/eventtabledelegate.h"

#include "events/eventtablemodel.h"

#include <QPainter>

#include <algorithm>

namespace streamscope {

void EventTableDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    // The table's cells hold text only (no icons or check boxes; a
    // background only for lineage), so this asks the model for just five roles and leaves
    // the style's item layout out.
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
        : (option.state & QStyle::State_Active)                                  ? QPalette::Active
                                                                                 : QPalette::Inactive;
    const bool selected = option.state & QStyle::State_Selected;
    if (selected) {
        painter->fillRect(option.rect, option.palette.brush(group, QPalette::Highlight));
    } else {
        const QVariant background = index.data(Qt::BackgroundRole); // lineage
        if (background.canConvert<QBrush>())
            painter->fillRect(option.rect, qvariant_cast<QBrush>(background));
    }

    const QString text = index.data(Qt::DisplayRole).toString();
    if (text.isEmpty())
        return;
    const QVariant fontData = index.data(Qt::FontRole);
    const QFont font = fontData.isValid() ? qvariant_cast<QFont>(fontData).resolve(option.font) : option.font;
    const QFontMetrics metrics = fontData.isValid() ? QFontMetrics(font) : option.fontMetrics;
    const int margin = 3;
    const QRect rect = option.rect.adjusted(margin, 0, -margin, 0);
    if (rect.width() <= 0)
        return;
    // Times are cut on the left, where their date is; the rest on the right.
    const bool time = index.column() == EventTableModel::ArrivalColumn || index.column() == EventTableModel::TimestampColumn;
    // A quarter more characters than fit on average: narrow characters
    // still fill the cell, and the cut is marked like an elision.
    const int fits = int(rect.width() * 1.25 / std::max(1, metrics.averageCharWidth())) + 2;
    const QString cut = text.size() <= fits ? text
        : time                              ? QChar(0x2026) + text.right(fits)
                                            : text.left(fits) + QChar(0x2026);
    const QString shown = metrics.elidedText(cut, time ? Qt::ElideLeft : option.textElideMode, rect.width());

    const QVariant alignmentData = index.data(Qt::TextAlignmentRole);
    const int alignment = alignmentData.isValid() ? alignmentData.toInt() : int(option.displayAlignment);
    int x = rect.left();
    if (alignment & Qt::AlignRight)
        x = rect.right() + 1 - metrics.horizontalAdvance(shown);
    else if (alignment & Qt::AlignHCenter)
        x = rect.left() + (rect.width() - metrics.horizontalAdvance(shown)) / 2;
    const int baseline = rect.top() + (rect.height() - metrics.height()) / 2 + metrics.ascent();

    QColor color = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    if (!selected) {
        const QVariant foreground = index.data(Qt::ForegroundRole);
        if (foreground.canConvert<QBrush>())
            color = qvariant_cast<QBrush>(foreground).color();
    }
    painter->save();
    painter->setFont(font);
    painter->setPen(color);
    painter->drawText(QPoint(x, baseline), shown);
    painter->restore();
}

} // namespace streamscope
