#pragma once
// Tick counts that fit a plot's size. QCustomPlot asks its tickers for five
// or six ticks whatever the room, so in a short or narrow dock the labels
// run into each other; these ask for as many as the labels have room for.

class QCPAxis;

namespace streamscope::axisfit {

// Sets the axis's tick count from its axis rect's size and its current
// labels (call after layout: from QCustomPlot::afterLayout). Returns
// whether it changed; the new count shows from the next replot.
bool fitTickCount(QCPAxis *axis, int most = 6);

} // namespace streamscope::axisfit
