#pragma once
// Checks on QCustomPlot axes as last laid out, for the tests of views
// (header-only: the shared test library does not link the widgets).

#include <qcustomplot.h>

#include <QFontMetrics>

#include <cmath>

namespace streamscope::test {

// Whether the axis has two ticks or more whose labels keep apart: along a
// horizontal axis each gap holds half of each neighbour's label and 4 px,
// along a vertical one a line of text and 2 px. Replot first.
inline bool tickLabelsKeepApart(QCPAxis *axis)
{
    const QFontMetrics fm(axis->tickLabelFont());
    const QVector<double> ticks = axis->tickVector();
    const QVector<QString> labels = axis->tickVectorLabels();
    if (ticks.size() < 2)
        return false;
    for (int i = 1; i < ticks.size(); ++i) {
        const double gap = std::abs(axis->coordToPixel(ticks[i]) - axis->coordToPixel(ticks[i - 1]));
        const double needed = axis->orientation() == Qt::Horizontal
            ? (fm.horizontalAdvance(labels[i]) + fm.horizontalAdvance(labels[i - 1])) / 2.0 + 4
            : fm.height() + 2;
        if (gap < needed)
            return false;
    }
    return true;
}

} // namespace streamscope::test
