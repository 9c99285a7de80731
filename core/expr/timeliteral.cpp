#include "expr/timeliteral.h"

namespace streamscope::expr::detail {

namespace {

bool isDigit(QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }

bool isLeapYear(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int daysInMonth(std::int64_t year, int month)
{
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : kDays[month - 1];
}

// Reads exactly n digits at text[at] into value.
bool digits(QStringView text, qsizetype at, int n, int &value)
{
    if (at + n > text.size())
        return false;
    value = 0;
    for (int i = 0; i < n; ++i) {
        if (!isDigit(text[at + i]))
            return false;
        value = value * 10 + (text[at + i].unicode() - '0');
    }
    return true;
}

LiteralScan failure(qsizetype at, qsizetype length, QString message)
{
    LiteralScan scan;
    scan.error = std::move(message);
    scan.errorAt = at;
    scan.errorLength = std::max<qsizetype>(length, 1);
    return scan;
}

} // namespace

std::int64_t daysFromCivil(std::int64_t y, int m, int d)
{
    // Howard Hinnant's days_from_civil: eras of 400 years, March-based years.
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool startsWithDate(QStringView text)
{
    int v = 0;
    return digits(text, 0, 4, v) && text.size() > 4 && text[4] == QLatin1Char('-') && digits(text, 5, 2, v)
        && text.size() > 7 && text[7] == QLatin1Char('-') && digits(text, 8, 2, v);
}

LiteralScan scanIsoTime(QStringView text)
{
    const QString example = QStringLiteral("2026-01-01T10:42:00Z");
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (!startsWithDate(text))
        return failure(0, 1, QStringLiteral("expected a date like %1").arg(example));
    digits(text, 0, 4, year);
    digits(text, 5, 2, month);
    digits(text, 8, 2, day);
    const QString date = text.left(10).toString();
    if (month < 1 || month > 12)
        return failure(5, 2, QStringLiteral("month %1 is out of range in %2").arg(month).arg(date));
    if (day < 1 || day > daysInMonth(year, month))
        return failure(8, 2, QStringLiteral("day %1 is out of range in %2").arg(day).arg(date));

    qsizetype p = 10;
    if (p >= text.size() || (text[p] != QLatin1Char('T') && text[p] != QLatin1Char('t')))
        return failure(p, 1, QStringLiteral("a time needs a time of day and a zone after the date: %1T00:00:00Z").arg(date));
    ++p;
    if (!digits(text, p, 2, hour) || p + 2 >= text.size() || text[p + 2] != QLatin1Char(':')
        || !digits(text, p + 3, 2, minute))
        return failure(p, 1, QStringLiteral("expected hours and minutes after \"T\", as in %1").arg(example));
    if (hour > 23)
        return failure(p, 2, QStringLiteral("hour %1 is out of range (00-23)").arg(hour));
    if (minute > 59)
        return failure(p + 3, 2, QStringLiteral("minute %1 is out of range (00-59)").arg(minute));
    p += 5;

    std::int64_t nanos = 0; // fraction of the second
    if (p < text.size() && text[p] == QLatin1Char(':')) {
        if (!digits(text, p + 1, 2, second))
            return failure(p + 1, 1, QStringLiteral("expected two digits of seconds after \":\""));
        if (second > 59)
            return failure(
                p + 1, 2,
                QStringLiteral("second %1 is out of range (00-59; leap seconds are not supported)").arg(second));
        p += 3;
        if (p < text.size() && (text[p] == QLatin1Char('.') || text[p] == QLatin1Char(','))) {
            const qsizetype start = ++p;
            while (p < text.size() && isDigit(text[p]))
                ++p;
            const qsizetype n = p - start;
            if (n == 0)
                return failure(start, 1, QStringLiteral("expected digits of a fraction of a second"));
            if (n > 9)
                return failure(start, n, QStringLiteral("a fraction of a second has at most 9 digits (nanoseconds)"));
            for (qsizetype i = 0; i < 9; ++i)
                nanos = nanos * 10 + (i < n ? text[start + i].unicode() - '0' : 0);
        }
    }

    std::int64_t offsetMinutes = 0;
    if (p < text.size() && (text[p] == QLatin1Char('Z') || text[p] == QLatin1Char('z'))) {
        ++p;
    } else if (p < text.size() && (text[p] == QLatin1Char('+') || text[p] == QLatin1Char('-'))) {
        const int sign = text[p] == QLatin1Char('-') ? -1 : 1;
        const qsizetype start = p++;
        int offHours = 0, offMinutes = 0;
        if (!digits(text, p, 2, offHours))
            return failure(start, 1, QStringLiteral("expected an offset like +01:00 or Z for UTC"));
        p += 2;
        if (p < text.size() && text[p] == QLatin1Char(':')) {
            if (!digits(text, p + 1, 2, offMinutes))
                return failure(p + 1, 1, QStringLiteral("expected two digits of offset minutes, as in +01:00"));
            p += 3;
        } else if (digits(text, p, 2, offMinutes)) {
            p += 2;
        }
        if (offHours > 23 || offMinutes > 59)
            return failure(start, p - start, QStringLiteral("offset %1 is out of range").arg(text.mid(start, p - start)));
        offsetMinutes = sign * (offHours * 60 + offMinutes);
    } else {
        return failure(p, 1,
                       QStringLiteral("time %1 needs a zone: add Z for UTC or an offset like +01:00")
                           .arg(text.left(p).toString()));
    }

    const std::int64_t days = daysFromCivil(year, month, day);
    const std::int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    LiteralScan scan;
    scan.length = p;
    if (nanos % 1000000 == 0)
        scan.value = Value::fromInt(seconds * 1000 + nanos / 1000000);
    else
        scan.value = Value::fromDouble(double(seconds * 1000) + double(nanos) / 1e6);
    return scan;
}

std::int64_t microsecondsPerUnit(QStringView unit)
{
    if (unit == QLatin1String("us") || unit == QStringLiteral("µs"))
        return 1;
    if (unit == QLatin1String("ms"))
        return 1000;
    if (unit == QLatin1String("s"))
        return 1000 * 1000;
    if (unit == QLatin1String("m"))
        return 60 * 1000 * 1000;
    if (unit == QLatin1String("h"))
        return 3600LL * 1000 * 1000;
    if (unit == QLatin1String("d"))
        return 86400LL * 1000 * 1000;
    return 0;
}

} // namespace streamscope::expr::detail
