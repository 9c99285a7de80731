#include "common/statuslabel.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

namespace streamscope {

namespace {
constexpr int kMargin = 4;
}

StatusLabel::StatusLabel(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

void StatusLabel::setText(const QString &text)
{
    if (text == m_text)
        return;
    m_text = text;
    update(); // and no updateGeometry(): the size hint does not depend on the text
}

void StatusLabel::setAlignment(Qt::Alignment alignment)
{
    m_alignment = alignment;
    update();
}

QSize StatusLabel::sizeHint() const { return {200, fontMetrics().height() + 2 * kMargin}; }

QSize StatusLabel::minimumSizeHint() const { return {40, sizeHint().height()}; }

void StatusLabel::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setPen(palette().color(isEnabled() ? QPalette::Active : QPalette::Disabled, QPalette::WindowText));
    const QRect area = rect().adjusted(kMargin, 0, -kMargin, 0);
    p.drawText(area, int(m_alignment), fontMetrics().elidedText(m_text, Qt::ElideRight, area.width()));
}

bool StatusLabel::event(QEvent *event)
{
    // The whole text when it does not fit.
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        if (fontMetrics().horizontalAdvance(m_text) > width() - 2 * kMargin)
            QToolTip::showText(help->globalPos(), m_text, this);
        else if (!toolTip().isEmpty())
            QToolTip::showText(help->globalPos(), toolTip(), this);
        else
            QToolTip::hideText();
        return true;
    }
    return QWidget::event(event);
}

} // namespace streamscope
