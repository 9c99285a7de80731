#pragma once
// How the replay views name and colour windows, so that a fired window is the
// same green in the lanes, the state tree and the key history: open blue,
// fired green, re-fired (late) orange, purged grey, late events red — hues of
// PlotTheme's palette, readable on light and dark backgrounds.

#include "engine/timewindow.h"

#include <QColor>
#include <QJsonValue>
#include <QPalette>
#include <QString>

namespace streamscope {

enum class WindowLook : std::uint8_t { Open, Fired, Refired, Purged, MergedAway };

namespace windowstyle {

// firings as WindowSnapshot::firings: 0 open, 1 fired, more re-fired.
WindowLook lookOf(int firings);
QString lookName(WindowLook look);
QColor colour(WindowLook look, const QPalette &palette);
QColor late(const QPalette &palette);
// What changed this step: bold, in this colour.
QColor changed(const QPalette &palette);

// 04:18:41.720 (local time, as format::localTimeMs without the date)
QString timeOfDay(std::int64_t epochMs);
// [04:18:40.000 – 04:18:50.000)
QString windowText(const TimeWindow &window);
// A key as text: escaped when not UTF-8, "(empty key)" when empty.
QString keyText(const QByteArray &key, int maxChars = 60);
// An aggregate's value on one line: numbers to 6 significant digits,
// arrays and objects as compact JSON cut at maxChars, null as "–".
QString valueText(const QJsonValue &value, int maxChars = 120);
// "1 event", "12 events" (counts grouped: "1,234 events").
QString countText(std::int64_t n, const QString &one, const QString &many);

} // namespace windowstyle

} // namespace streamscope
