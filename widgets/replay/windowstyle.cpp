#include "replay/windowstyle.h"

#include "common/format.h"
#include "plots/plottheme.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace streamscope::windowstyle {

namespace {

// Indices into PlotTheme's series palette.
constexpr int kBlue = 0, kOrange = 1, kRed = 2, kGreen = 4;

} // namespace

WindowLook lookOf(int firings)
{
    return firings <= 0 ? WindowLook::Open : firings == 1 ? WindowLook::Fired : WindowLook::Refired;
}

QString lookName(WindowLook look)
{
    switch (look) {
    case WindowLook::Open: return QStringLiteral("open");
    case WindowLook::Fired: return QStringLiteral("fired");
    case WindowLook::Refired: return QStringLiteral("re-fired late");
    case WindowLook::Purged: return QStringLiteral("purged");
    case WindowLook::MergedAway: return QStringLiteral("merged away");
    }
    return {};
}

QColor colour(WindowLook look, const QPalette &palette)
{
    switch (look) {
    case WindowLook::Open: return PlotTheme::series(kBlue, palette);
    case WindowLook::Fired: return PlotTheme::series(kGreen, palette);
    case WindowLook::Refired: return PlotTheme::series(kOrange, palette);
    case WindowLook::Purged:
    case WindowLook::MergedAway: {
        QColor grey = palette.color(QPalette::WindowText);
        grey.setAlphaF(0.55f);
        return grey;
    }
    }
    return {};
}

QColor late(const QPalette &palette) { return PlotTheme::series(kRed, palette); }

QColor changed(const QPalette &palette) { return PlotTheme::series(kOrange, palette); }

QString timeOfDay(std::int64_t epochMs)
{
    if (epochMs < 0)
        return QDateTime::fromMSecsSinceEpoch(epochMs).toString(QStringLiteral("HH:mm:ss.zzz"));
    return format::withoutDate(format::localTimeMs(epochMs)); // localTimeMs() is cached per second
}

QString windowText(const TimeWindow &window)
{
    return QStringLiteral("[%1 – %2)").arg(timeOfDay(window.start), timeOfDay(window.end));
}

QString keyText(const QByteArray &key, int maxChars)
{
    if (key.isEmpty())
        return QStringLiteral("(empty key)");
    return format::preview(std::optional<QByteArray>(key), maxChars);
}

QString valueText(const QJsonValue &value, int maxChars)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return QStringLiteral("–");
    case QJsonValue::Bool: return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == double(qint64(d)) && std::abs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 6);
    }
    case QJsonValue::String: return format::preview(std::optional<QByteArray>(value.toString().toUtf8()), maxChars);
    case QJsonValue::Array:
    case QJsonValue::Object: {
        const QByteArray json = value.isArray() ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                : QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
        QString text = QString::fromUtf8(json);
        if (text.size() > maxChars) {
            text.truncate(maxChars);
            text += QStringLiteral("…");
            if (value.isArray())
                text += QStringLiteral(" (%1 items)").arg(value.toArray().size());
        }
        return text;
    }
    }
    return {};
}

QString countText(std::int64_t n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(format::count(n), n == 1 ? one : many);
}

} // namespace streamscope::windowstyle
