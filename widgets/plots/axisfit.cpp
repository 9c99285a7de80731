#include "plots/axisfit.h"

#include <qcustomplot.h>

#include <QFontMetrics>

#include <algorithm>

namespace streamscope::axisfit {

bool fitTickCount(QCPAxis *axis, int most)
{
    const QFontMetrics fm(axis->tickLabelFont());
    const bool horizontal = axis->orientation() == Qt::Horizontal;
    int label = 0; // along the axis
    if (horizontal) {
        for (const QString &text : axis->tickVectorLabels())
            label = std::max(label, fm.horizontalAdvance(text));
        if (label == 0)
            return false; // not laid out yet
    } else {
        label = fm.height();
    }
    // A label's own length and as much again between labels: the ticker
    // may place up to about half again as many ticks as it is asked for.
    const int room = horizontal ? axis->axisRect()->width() : axis->axisRect()->height();
    const int count = std::clamp(room / (2 * label + 8), 2, most);
    if (axis->ticker()->tickCount() == count)
        return false;
    axis->ticker()->setTickCount(count);
    return true;
}

} // namespace streamscope::axisfit
