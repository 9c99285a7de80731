#pragma once
// The colours of every plot, taken from the widget's palette so that plots
// follow the desktop theme and stay readable in dark mode: background and
// text from the palette, grid from its mid tone, series from a qualitative
// palette (Tableau 10 but grey) lightened on dark backgrounds and darkened
// where it would fade into a light one; "other" is a faint text colour.

#include <QColor>
#include <QPalette>

class QCustomPlot;

namespace streamscope {

class PlotTheme
{
public:
    static constexpr int kSeriesColours = 9;

    static bool isDark(const QPalette &palette);
    static void apply(QCustomPlot *plot, const QPalette &palette);
    // The colour of series number `index` (cycles after kSeriesColours).
    static QColor series(int index, const QPalette &palette);
    // The colour of a total drawn over the series: the text colour.
    static QColor total(const QPalette &palette);
    // The colour of "everything else" (the keys beyond the series limit).
    static QColor other(const QPalette &palette);
};

} // namespace streamscope
