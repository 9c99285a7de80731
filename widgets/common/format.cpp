#include "common/format.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <array>
#include <cstdlib>
#include <limits>

namespace streamscope::format {

namespace {

// "yyyy-MM-dd HH:mm:ss" of an epoch second in local time. Converting to local
// time is the slow part (time zone rules), and the views format the same few
// seconds over and over (a step redraws the state tree): a small cache per
// thread, exact because a second's text never changes.
QString localSecondText(std::int64_t epochSeconds)
{
    struct Entry {
        std::int64_t second = std::numeric_limits<std::int64_t>::min();
        QString text;
    };
    thread_local std::array<Entry, 256> cache;
    Entry &e = cache[std::size_t(std::uint64_t(epochSeconds) % cache.size())];
    if (e.second != epochSeconds) {
        e.second = epochSeconds;
        e.text = QDateTime::fromSecsSinceEpoch(epochSeconds).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    }
    return e.text;
}

QString withFraction(const QString &second, std::int64_t fraction, int digits)
{
    QString text = second;
    text.reserve(second.size() + 1 + digits);
    text += QLatin1Char('.');
    const QString digitsText = QString::number(fraction);
    for (qsizetype i = digitsText.size(); i < digits; ++i)
        text += QLatin1Char('0');
    text += digitsText;
    return text;
}

} // namespace

QString localTimeMs(std::int64_t epochMs)
{
    if (epochMs < 0)
        return QStringLiteral("–");
    return withFraction(localSecondText(epochMs / 1000), epochMs % 1000, 3);
}

QString localTimeUs(std::int64_t epochUs)
{
    if (epochUs < 0)
        return QStringLiteral("–");
    return withFraction(localSecondText(epochUs / 1000000), epochUs % 1000000, 6);
}

QString localTimeMsBeside(std::int64_t epochMs, std::int64_t referenceMs)
{
    const QString text = localTimeMs(epochMs);
    if (epochMs < 0 || referenceMs < 0 || !localDayOf(referenceMs).contains(epochMs))
        return text;
    return withoutDate(text);
}

LocalDay localDayOf(std::int64_t epochMs)
{
    const QDate date = QDateTime::fromMSecsSinceEpoch(epochMs).date();
    return LocalDay{date.startOfDay().toMSecsSinceEpoch(), date.addDays(1).startOfDay().toMSecsSinceEpoch()};
}

QString withoutDate(const QString &localTime)
{
    return localTime.mid(localTime.indexOf(QLatin1Char(' ')) + 1);
}

QString localTimeOnDay(const QString &localTime, std::int64_t epochMs, const LocalDay &day)
{
    if (epochMs < 0)
        return localTime;
    if (day.contains(epochMs))
        return withoutDate(localTime);
    constexpr qint64 kMostDays = 99;
    const qint64 days = QDateTime::fromMSecsSinceEpoch(day.startMs).date().daysTo(QDateTime::fromMSecsSinceEpoch(epochMs).date());
    if (days == 0 || days > kMostDays || days < -kMostDays)
        return localTime;
    return QStringLiteral("%1%2d %3").arg(days > 0 ? QStringLiteral("+") : QStringLiteral("−")).arg(std::abs(days)).arg(withoutDate(localTime));
}

QString isoUtcMs(std::int64_t epochMs)
{
    if (epochMs < 0)
        return QStringLiteral("–");
    return QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString isoUtcUs(std::int64_t epochUs)
{
    if (epochUs < 0)
        return QStringLiteral("–");
    QString text = QDateTime::fromMSecsSinceEpoch(epochUs / 1000, Qt::UTC).toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz"));
    return text + QStringLiteral("%1Z").arg(epochUs % 1000, 3, 10, QLatin1Char('0'));
}

QString duration(std::int64_t ms)
{
    const QString sign = ms < 0 ? QStringLiteral("-") : QString();
    const std::int64_t a = ms < 0 ? -ms : ms;
    if (a < 1000)
        return sign + QStringLiteral("%1 ms").arg(a);
    if (a < 60000)
        return sign + QStringLiteral("%1 s").arg(double(a) / 1000.0, 0, 'f', a % 1000 ? 3 : 0);
    // Whole minutes and hours without a trailing "0 s" / "0 min" (a plot's
    // "10 min 0 s buckets" read as a typo).
    if (a < 3600000) {
        const std::int64_t seconds = (a % 60000) / 1000;
        return sign + (seconds ? QStringLiteral("%1 min %2 s").arg(a / 60000).arg(seconds) : QStringLiteral("%1 min").arg(a / 60000));
    }
    const std::int64_t minutes = (a % 3600000) / 60000;
    return sign + (minutes ? QStringLiteral("%1 h %2 min").arg(a / 3600000).arg(minutes) : QStringLiteral("%1 h").arg(a / 3600000));
}

QString bytes(std::int64_t n)
{
    if (n < 1024)
        return QStringLiteral("%1 B").arg(n);
    const char *units[] = {"KB", "MB", "GB", "TB"};
    double v = double(n);
    int u = -1;
    while (v >= 1024 && u < 3) {
        v /= 1024;
        ++u;
    }
    return QStringLiteral("%1 %2").arg(v, 0, 'f', 1).arg(QLatin1String(units[u]));
}

QString count(std::int64_t n) { return QLocale(QLocale::English).toString(qlonglong(n)); }

bool isUtf8(QByteArrayView bytes)
{
    // Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing
    // past U+10FFFF, no sequence cut short.
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const auto *end = p + bytes.size();
    while (p < end) {
        const unsigned char c = *p;
        if (c < 0x80) {
            ++p;
            continue;
        }
        int more = 0;
        unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF)
            more = 1;
        else if (c >= 0xE0 && c <= 0xEF) {
            more = 2;
            if (c == 0xE0)
                low = 0xA0;
            else if (c == 0xED)
                high = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            more = 3;
            if (c == 0xF0)
                low = 0x90;
            else if (c == 0xF4)
                high = 0x8F;
        } else {
            return false;
        }
        if (end - p <= more || p[1] < low || p[1] > high)
            return false;
        for (int i = 2; i <= more; ++i)
            if ((p[i] & 0xC0) != 0x80)
                return false;
        p += more + 1;
    }
    return true;
}

QString preview(BytesView view, int maxChars)
{
    if (view.isNull())
        return QStringLiteral("(null)");
    // Look at a little more than will be shown: enough for maxChars characters.
    const qsizetype take = std::min<qsizetype>(view.size, qsizetype(maxChars) * 4 + 4);
    const QByteArrayView head(view.data, take);
    QString out;
    out.reserve(std::min<qsizetype>(take, maxChars + 1));
    const bool text = isUtf8(head) || (take < view.size && isUtf8(head.first(take - 3)));
    if (text) {
        const QString decoded = QString::fromUtf8(head);
        for (const QChar c : decoded) {
            if (out.size() >= maxChars)
                break;
            if (c == QLatin1Char('\n'))
                out += QStringLiteral("\\n");
            else if (c == QLatin1Char('\t'))
                out += QStringLiteral("\\t");
            else if (c.unicode() < 0x20 || c == QChar(0x7f))
                out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
            else
                out += c;
        }
    } else {
        for (qsizetype i = 0; i < take && out.size() < maxChars; ++i) {
            const unsigned char b = static_cast<unsigned char>(head[i]);
            if (b >= 0x20 && b < 0x7f)
                out += QLatin1Char(char(b));
            else
                out += QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0'));
        }
    }
    if (out.size() >= maxChars || take < view.size)
        out += QChar(0x2026); // …
    return out;
}

QString preview(const std::optional<QByteArray> &bytes, int maxChars)
{
    return bytes ? preview(BytesView::of(bytes->constData(), bytes->size()), maxChars) : preview(BytesView::null(), maxChars);
}

} // namespace streamscope::format
