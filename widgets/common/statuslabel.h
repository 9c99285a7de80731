#pragma once
// A one-line text that changes often (a cursor's position, a view's status
// line) without costing a relayout: QLabel::setText asks the window's layout
// to recompute, which at every replay step is a good part of the step. This
// paints its text, elided to the width the layout gave it (the whole text in
// the tooltip then), and never changes its size hint.

#include <QWidget>

namespace streamscope {

class StatusLabel : public QWidget
{
    Q_OBJECT

public:
    explicit StatusLabel(QWidget *parent = nullptr);

    void setText(const QString &text);
    QString text() const { return m_text; }
    void setAlignment(Qt::Alignment alignment);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;

private:
    QString m_text;
    Qt::Alignment m_alignment = Qt::AlignLeft | Qt::AlignVCenter;
};

} // namespace streamscope
