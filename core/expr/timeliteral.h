#pragma once
// The time and duration literals of the language (internal to core/expr):
// ISO-8601 times such as 2026-01-01T10:42:00.250+01:00 → epoch milliseconds,
// and durations such as 250ms or 1h30m → milliseconds. Pure functions of
// their text: no time zone database, no locale, no wall clock (DESIGN.md
// principle 2), so an expression means the same on every machine.

#include "expr/value.h"

#include <QString>
#include <QStringView>
#include <cstdint>

namespace streamscope::expr::detail {

struct LiteralScan {
    qsizetype length = 0;    // characters consumed (on success)
    Value value;             // milliseconds: Int when whole, else Double
    QString error;           // empty on success
    qsizetype errorAt = 0;   // offset of the problem in the scanned text
    qsizetype errorLength = 1;

    bool ok() const { return error.isEmpty(); }
};

// Whether text starts like a date, YYYY-MM-DD (then it must be a full time).
bool startsWithDate(QStringView text);

// YYYY-MM-DDTHH:MM[:SS[.fraction]] followed by Z or an offset ±HH[:MM],
// at the start of text. A time without a zone is an error: its meaning
// would depend on the machine's time zone.
LiteralScan scanIsoTime(QStringView text);

// Microseconds in one unit of a duration: us (or µs), ms, s, m, h, d; 0 for
// anything else.
std::int64_t microsecondsPerUnit(QStringView unit);

// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
std::int64_t daysFromCivil(std::int64_t year, int month, int day);

} // namespace streamscope::expr::detail
