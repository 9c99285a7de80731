#pragma once
// How the views write times, sizes and bytes, so that every view writes them
// the same way. Times are shown in local time with milliseconds (tooltips
// carry the exact UTC form); bytes that are not UTF-8 text are escaped, never
// dropped (DESIGN.md principle 6: bad input is data).

#include "event/event.h"

#include <QByteArrayView>
#include <QString>
#include <cstdint>

namespace streamscope::format {

// 2026-11-27 04:18:41.720 (local time); "–" for a missing time (< 0).
QString localTimeMs(std::int64_t epochMs);
QString localTimeUs(std::int64_t epochUs); // with microseconds: …41.720123
// Beside another time: only 04:18:41.720 when both fall on the same local
// day (the date is already on screen), else as localTimeMs().
QString localTimeMsBeside(std::int64_t epochMs, std::int64_t referenceMs);
// The local calendar day that holds a time: [startMs, endMs) (23 or 25 hours
// long on the days the clocks change).
struct LocalDay {
    std::int64_t startMs = 0;
    std::int64_t endMs = 0;
    bool contains(std::int64_t epochMs) const { return epochMs >= startMs && epochMs < endMs; }
};
LocalDay localDayOf(std::int64_t epochMs);
// A localTimeMs() or localTimeUs() text without its date: 04:18:41.720.
QString withoutDate(const QString &localTime);
// A localTimeMs() or localTimeUs() text of epochMs in a list whose times are
// mostly on `day`: there without its date (04:18:41.720), within 99 days of
// it with the days between ("+1d 00:02:13.400", "−1d 23:59:59.993"), and
// further off as it is. Short enough for a narrow column, and the day is
// still told.
QString localTimeOnDay(const QString &localTime, std::int64_t epochMs, const LocalDay &day);
// 2026-11-27T04:18:41.720Z
QString isoUtcMs(std::int64_t epochMs);
QString isoUtcUs(std::int64_t epochUs);
// 1.5 s, 250 ms, 2 min 5 s, 10 min, 2 h 1 min, -40 ms
QString duration(std::int64_t ms);

QString bytes(std::int64_t n); // 512 B, 1.2 KB, 16.0 MB
QString count(std::int64_t n); // 1,234,567

bool isUtf8(QByteArrayView bytes);
// A one-line preview: UTF-8 text with control characters escaped, other
// bytes as \xHH; at most maxChars characters, then "…". "(null)" for null.
QString preview(BytesView bytes, int maxChars = 200);
QString preview(const std::optional<QByteArray> &bytes, int maxChars = 200);

} // namespace streamscope::format
