#include "plots/plottheme.h"

#include <qcustomplot.h>

namespace streamscope {

namespace {

// Tableau 10 without its grey (grey is for "other" and for text): distinct
// hues of similar weight, readable by most colour-blind people.
constexpr QRgb kSeries[] = {0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f};
static_assert(std::size(kSeries) == PlotTheme::kSeriesColours);

void styleAxis(QCPAxis *axis, const QPalette &palette)
{
    const QColor text = palette.color(QPalette::WindowText);
    QColor line = text;
    line.setAlphaF(0.6f);
    QColor grid = palette.color(QPalette::Mid);
    grid.setAlphaF(PlotTheme::isDark(palette) ? 0.55f : 0.45f);
    axis->setBasePen(QPen(line, 1));
    axis->setTickPen(QPen(line, 1));
    axis->setSubTickPen(QPen(line, 1));
    axis->setTickLabelColor(text);
    axis->setLabelColor(text);
    axis->grid()->setPen(QPen(grid, 1, Qt::DotLine));
    axis->grid()->setSubGridVisible(false);
    axis->grid()->setZeroLinePen(QPen(grid, 1));
}

} // namespace

bool PlotTheme::isDark(const QPalette &palette) { return palette.color(QPalette::Base).lightnessF() < 0.5; }

void PlotTheme::apply(QCustomPlot *plot, const QPalette &palette)
{
    plot->setBackground(palette.brush(QPalette::Base));
    plot->axisRect()->setBackground(Qt::NoBrush);
    for (QCPAxis *axis : plot->axisRect()->axes())
        styleAxis(axis, palette);
    // The legend has a row of its own above the plot: no box needed.
    plot->legend->setBrush(Qt::NoBrush);
    plot->legend->setBorderPen(Qt::NoPen);
    plot->legend->setTextColor(palette.color(QPalette::WindowText));
}

QColor PlotTheme::series(int index, const QPalette &palette)
{
    QColor c = QColor::fromRgb(kSeries[std::size_t(index) % std::size(kSeries)]);
    // On black, dark hues (blue, brown) need light; on white, light hues
    // (yellow, pink, grey) need weight. Neither may come near the total's
    // colour, the text colour.
    if (isDark(palette))
        return c.lightnessF() < 0.55 ? c.lighter(130) : c;
    return c.lightnessF() > 0.6 ? c.darker(135) : c;
}

QColor PlotTheme::total(const QPalette &palette) { return palette.color(QPalette::WindowText); }

QColor PlotTheme::other(const QPalette &palette)
{
    QColor c = palette.color(QPalette::WindowText);
    c.setAlphaF(0.25f); // present, but behind the series that have a colour
    return c;
}

} // namespace streamscope
