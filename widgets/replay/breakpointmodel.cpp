#include "replay/breakpointmodel.h"

#include "common/format.h"
#include "replay/windowstyle.h"

#include <QFont>
#include <QGuiApplication>
#include <QIcon>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <QPixmap>
#include <QSet>
#include <cmath>

namespace streamscope {

namespace {

// The debugger glyph in the kind column: a red dot when enabled, a hollow
// one when disabled, and a yellow arrow over it at the latest stop.
QPixmap paintGlyph(int size, bool enabled, bool atStop)
{
    const qreal ratio = size / 16.0;
    QPixmap pixmap(size, size);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.scale(ratio, ratio);
    const QRectF dot(2.5, 2.5, 11, 11);
    const QColor red(0xd0, 0x32, 0x32);
    if (enabled) {
        painter.setPen(QPen(red.darker(130), 1));
        painter.setBrush(red);
    } else {
        painter.setPen(QPen(QColor(0x90, 0x90, 0x90), 1.5));
        painter.setBrush(Qt::NoBrush);
    }
    painter.drawEllipse(dot);
    if (atStop) {
        QPainterPath arrow;
        arrow.moveTo(1.5, 5.5);
        arrow.lineTo(8, 5.5);
        arrow.lineTo(8, 2);
        arrow.lineTo(14.5, 8);
        arrow.lineTo(8, 14);
        arrow.lineTo(8, 10.5);
        arrow.lineTo(1.5, 10.5);
        arrow.closeSubpath();
        painter.setPen(QPen(QColor(0x7a, 0x5c, 0x00), 1));
        painter.setBrush(QColor(0xf7, 0xc8, 0x1e));
        painter.drawPath(arrow);
    }
    return pixmap;
}

const QIcon &glyph(bool enabled, bool atStop)
{
    static QIcon icons[4];
    QIcon &icon = icons[(enabled ? 1 : 0) + (atStop ? 2 : 0)];
    if (icon.isNull()) {
        icon.addPixmap(paintGlyph(16, enabled, atStop));
        icon.addPixmap(paintGlyph(32, enabled, atStop));
        icon.addPixmap(paintGlyph(48, enabled, atStop));
    }
    return icon;
}

QString thresholdText(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

bool keysEqual(const std::optional<QByteArray> &a, const std::optional<QByteArray> &b)
{
    return a.has_value() == b.has_value() && (!a || *a == *b);
}

QString kindIdOf(Breakpoint::Kind kind)
{
    switch (kind) {
    case Breakpoint::Kind::FilterMatch: return QStringLiteral("filterMatch");
    case Breakpoint::Kind::LateEvent: return QStringLiteral("lateEvent");
    case Breakpoint::Kind::LateAccepted: return QStringLiteral("lateAccepted");
    case Breakpoint::Kind::LateDropped: return QStringLiteral("lateDropped");
    case Breakpoint::Kind::WindowFires: return QStringLiteral("windowFires");
    case Breakpoint::Kind::WatermarkPasses: return QStringLiteral("watermarkPasses");
    case Breakpoint::Kind::WatermarkAdvances: return QStringLiteral("watermarkAdvances");
    case Breakpoint::Kind::StateCondition: return QStringLiteral("stateCondition");
    case Breakpoint::Kind::SessionMerge: return QStringLiteral("sessionMerge");
    case Breakpoint::Kind::Duplicate: return QStringLiteral("duplicate");
    }
    return {};
}

} // namespace

BreakpointModel::BreakpointModel(QObject *parent) : QAbstractTableModel(parent) {}

BreakpointModel::~BreakpointModel() = default;

int BreakpointModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : int(m_rows.size()); }

int BreakpointModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : NUM_COLUMNS; }

QVariant BreakpointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const Breakpoint &b = row.breakpoint;
    switch (role) {
    case KindRole: return int(b.kind);
    case HitCountRole: return row.hits;
    case LastHitSeqRole: return qint64(row.lastHitSeq);
    case AtStopRole: return row.atStop;
    case Qt::FontRole:
        if (row.atStop) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case Qt::ForegroundRole: {
        const QPalette palette = QGuiApplication::palette();
        if (row.atStop)
            return windowstyle::changed(palette);
        if (!b.enabled)
            return palette.color(QPalette::Disabled, QPalette::Text);
        return {};
    }
    default: break;
    }
    switch (index.column()) {
    case EnabledColumn:
        if (role == Qt::CheckStateRole)
            return b.enabled ? Qt::Checked : Qt::Unchecked;
        if (role == Qt::ToolTipRole)
            return b.enabled ? tr("Enabled: stops playback (Space toggles)") : tr("Disabled: never stops playback (Space toggles)");
        return {};
    case KindColumn:
        if (role == Qt::DisplayRole)
            return kindName(b.kind);
        if (role == Qt::DecorationRole)
            return glyph(b.enabled, row.atStop);
        if (role == Qt::ToolTipRole)
            return kindHelp(b.kind);
        return {};
    case ConditionColumn:
        if (role == Qt::DisplayRole)
            return conditionText(b);
        if (role == Qt::ToolTipRole) {
            QString tip = conditionText(b);
            if (b.kind == Breakpoint::Kind::WatermarkPasses)
                tip += QStringLiteral("\n%1 (%2 ms since the epoch)").arg(format::isoUtcMs(b.timeMs)).arg(b.timeMs);
            if (b.kind == Breakpoint::Kind::FilterMatch)
                tip += QStringLiteral("\n") + tr("Filter language: docs/filter-language.md");
            return tip;
        }
        return {};
    case HitsColumn:
        if (role == Qt::DisplayRole)
            return format::count(row.hits);
        if (role == Qt::TextAlignmentRole)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        if (role == Qt::ToolTipRole) {
            if (row.hits == 0)
                return tr("Not hit yet");
            QString tip = tr("Hit %n time(s); last at seq %1", nullptr, row.hits).arg(row.lastHitSeq);
            if (row.atStop)
                tip += QStringLiteral("\n") + tr("Playback stopped here at seq %1").arg(m_stopSeq);
            return tip;
        }
        return {};
    default: return {};
    }
}

bool BreakpointModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    if (index.column() != EnabledColumn || role != Qt::CheckStateRole)
        return false;
    setEnabled(index.row(), value.toInt() == Qt::Checked);
    return true;
}

Qt::ItemFlags BreakpointModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    if (index.column() == EnabledColumn)
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

QVariant BreakpointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case EnabledColumn: return QString();
        case KindColumn: return tr("Kind");
        case ConditionColumn: return tr("Condition");
        case HitsColumn: return tr("Hits");
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case EnabledColumn: return tr("Enabled");
        case HitsColumn: return tr("How often playback stopped at this breakpoint");
        default: return {};
        }
    }
    if (role == Qt::TextAlignmentRole && section == HitsColumn)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

bool BreakpointModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    emit breakpointsChanged();
    return true;
}

QList<Breakpoint> BreakpointModel::breakpoints() const
{
    QList<Breakpoint> list;
    list.reserve(m_rows.size());
    for (const Row &row : m_rows)
        list.append(row.breakpoint);
    return list;
}

void BreakpointModel::setBreakpoints(const QList<Breakpoint> &breakpoints)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(breakpoints.size());
    for (const Breakpoint &b : breakpoints)
        m_rows.append(Row{b});
    m_stopSeq = -1;
    endResetModel();
    emit breakpointsChanged();
}

int BreakpointModel::addBreakpoint(const Breakpoint &breakpoint)
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{breakpoint});
    endInsertRows();
    emit breakpointsChanged();
    return row;
}

void BreakpointModel::replaceBreakpoint(int row, const Breakpoint &breakpoint)
{
    if (row < 0 || row >= m_rows.size())
        return;
    Row &r = m_rows[row];
    const bool sameCondition = same(r.breakpoint, breakpoint, false);
    const bool sameEnabled = r.breakpoint.enabled == breakpoint.enabled;
    if (sameCondition && sameEnabled)
        return;
    r.breakpoint = breakpoint;
    if (!sameCondition)
        r = Row{breakpoint};
    rowsChanged(row, row);
    emit breakpointsChanged();
}

void BreakpointModel::setEnabled(int row, bool enabled)
{
    if (row < 0 || row >= m_rows.size() || m_rows[row].breakpoint.enabled == enabled)
        return;
    m_rows[row].breakpoint.enabled = enabled;
    rowsChanged(row, row);
    emit breakpointsChanged();
}

void BreakpointModel::setAllEnabled(bool enabled)
{
    bool changed = false;
    for (Row &row : m_rows) {
        changed |= row.breakpoint.enabled != enabled;
        row.breakpoint.enabled = enabled;
    }
    if (!changed)
        return;
    rowsChanged(0, int(m_rows.size()) - 1);
    emit breakpointsChanged();
}

bool BreakpointModel::anyEnabled() const
{
    return std::any_of(m_rows.begin(), m_rows.end(), [](const Row &row) { return row.breakpoint.enabled; });
}

void BreakpointModel::noteStop(std::int64_t seq, const QList<int> &hitRows)
{
    for (Row &row : m_rows)
        row.atStop = false;
    m_stopSeq = seq;
    for (int index : QSet<int>(hitRows.begin(), hitRows.end())) {
        if (index < 0 || index >= m_rows.size())
            continue;
        Row &row = m_rows[index];
        ++row.hits;
        row.lastHitSeq = seq;
        row.atStop = true;
    }
    rowsChanged(0, int(m_rows.size()) - 1);
}

void BreakpointModel::clearStopMarks()
{
    bool any = false;
    for (Row &row : m_rows) {
        any |= row.atStop;
        row.atStop = false;
    }
    if (any)
        rowsChanged(0, int(m_rows.size()) - 1);
}

void BreakpointModel::resetHitCounts()
{
    for (Row &row : m_rows) {
        row.hits = 0;
        row.lastHitSeq = -1;
        row.atStop = false;
    }
    m_stopSeq = -1;
    rowsChanged(0, int(m_rows.size()) - 1);
}

void BreakpointModel::rowsChanged(int first, int last)
{
    if (first > last)
        return;
    emit dataChanged(index(first, 0), index(last, NUM_COLUMNS - 1));
}

QString BreakpointModel::kindName(Breakpoint::Kind kind)
{
    switch (kind) {
    case Breakpoint::Kind::FilterMatch: return tr("Filter match");
    case Breakpoint::Kind::LateEvent: return tr("Late event");
    case Breakpoint::Kind::LateAccepted: return tr("Late event accepted");
    case Breakpoint::Kind::LateDropped: return tr("Late event dropped");
    case Breakpoint::Kind::WindowFires: return tr("Window fires");
    case Breakpoint::Kind::WatermarkPasses: return tr("Watermark passes");
    case Breakpoint::Kind::WatermarkAdvances: return tr("Watermark advances");
    case Breakpoint::Kind::StateCondition: return tr("State condition");
    case Breakpoint::Kind::SessionMerge: return tr("Session merge");
    case Breakpoint::Kind::Duplicate: return tr("Duplicate");
    }
    return {};
}

QString BreakpointModel::kindHelp(Breakpoint::Kind kind)
{
    switch (kind) {
    case Breakpoint::Kind::FilterMatch: return tr("Stops at an event that matches an expression of the filter language.");
    case Breakpoint::Kind::LateEvent: return tr("Stops at an event behind the watermark, accepted or dropped.");
    case Breakpoint::Kind::LateAccepted: return tr("Stops at a late event accepted within the allowed lateness.");
    case Breakpoint::Kind::LateDropped: return tr("Stops at a late event dropped beyond the allowed lateness.");
    case Breakpoint::Kind::WindowFires: return tr("Stops when a window fires (on time, late or early), optionally for one key.");
    case Breakpoint::Kind::WatermarkPasses: return tr("Stops at the step where the combined watermark reaches a time.");
    case Breakpoint::Kind::WatermarkAdvances: return tr("Stops at every step that advances the combined watermark.");
    case Breakpoint::Kind::StateCondition:
        return tr("Stops when a window's aggregate, after the step changed it, compares true with a threshold.");
    case Breakpoint::Kind::SessionMerge: return tr("Stops when session windows merge.");
    case Breakpoint::Kind::Duplicate: return tr("Stops at an event dropped as a duplicate.");
    }
    return {};
}

bool BreakpointModel::kindHasFields(Breakpoint::Kind kind)
{
    return kind == Breakpoint::Kind::FilterMatch || kind == Breakpoint::Kind::WindowFires
        || kind == Breakpoint::Kind::WatermarkPasses || kind == Breakpoint::Kind::StateCondition;
}

bool BreakpointModel::kindTakesKey(Breakpoint::Kind kind)
{
    return kind == Breakpoint::Kind::WindowFires || kind == Breakpoint::Kind::StateCondition;
}

QList<Breakpoint::Kind> BreakpointModel::allKinds()
{
    using K = Breakpoint::Kind;
    return {K::FilterMatch,   K::LateEvent,         K::LateAccepted,   K::LateDropped,  K::WindowFires,
            K::StateCondition, K::WatermarkPasses, K::WatermarkAdvances, K::SessionMerge, K::Duplicate};
}

QString BreakpointModel::comparisonSymbol(Breakpoint::Comparison comparison)
{
    switch (comparison) {
    case Breakpoint::Comparison::Greater: return QStringLiteral(">");
    case Breakpoint::Comparison::GreaterOrEqual: return QStringLiteral(">=");
    case Breakpoint::Comparison::Less: return QStringLiteral("<");
    case Breakpoint::Comparison::LessOrEqual: return QStringLiteral("<=");
    case Breakpoint::Comparison::Equal: return QStringLiteral("==");
    case Breakpoint::Comparison::NotEqual: return QStringLiteral("!=");
    }
    return {};
}

QList<Breakpoint::Comparison> BreakpointModel::allComparisons()
{
    using C = Breakpoint::Comparison;
    return {C::Greater, C::GreaterOrEqual, C::Less, C::LessOrEqual, C::Equal, C::NotEqual};
}

QString BreakpointModel::keyText(const QByteArray &key)
{
    if (key.isEmpty())
        return tr("the empty key");
    return QStringLiteral("\"%1\"").arg(format::preview(BytesView(key.constData(), std::size_t(key.size())), 60));
}

QString BreakpointModel::conditionText(const Breakpoint &b)
{
    const QString forKey = !b.key ? QString()
        : b.key->isEmpty()        ? QStringLiteral(" for ") + keyText(*b.key)
                                  : QStringLiteral(" for key ") + keyText(*b.key);
    switch (b.kind) {
    case Breakpoint::Kind::WindowFires: return tr("window fires") + forKey;
    case Breakpoint::Kind::WatermarkPasses:
        // Before 1970 the views have no local form: the milliseconds then.
        return tr("watermark passes %1")
            .arg(b.timeMs >= 0 ? format::localTimeMs(b.timeMs) : QStringLiteral("%1 ms").arg(b.timeMs));
    case Breakpoint::Kind::StateCondition:
        return QStringLiteral("%1 %2 %3%4")
            .arg(b.aggregate, comparisonSymbol(b.comparison), thresholdText(b.threshold), forKey);
    default: return b.describe();
    }
}

QString BreakpointModel::kindId(Breakpoint::Kind kind) { return kindIdOf(kind); }

std::optional<Breakpoint::Kind> BreakpointModel::kindFromId(const QString &id)
{
    for (Breakpoint::Kind kind : allKinds())
        if (kindIdOf(kind) == id)
            return kind;
    return std::nullopt;
}

QJsonObject BreakpointModel::toJson(const Breakpoint &b)
{
    QJsonObject object;
    object.insert(QStringLiteral("kind"), kindIdOf(b.kind));
    object.insert(QStringLiteral("enabled"), b.enabled);
    switch (b.kind) {
    case Breakpoint::Kind::FilterMatch: object.insert(QStringLiteral("expression"), b.expression); break;
    case Breakpoint::Kind::WatermarkPasses: object.insert(QStringLiteral("timeMs"), qint64(b.timeMs)); break;
    case Breakpoint::Kind::StateCondition:
        object.insert(QStringLiteral("aggregate"), b.aggregate);
        object.insert(QStringLiteral("comparison"), comparisonSymbol(b.comparison));
        object.insert(QStringLiteral("threshold"), b.threshold);
        break;
    default: break;
    }
    if (kindTakesKey(b.kind) && b.key) {
        // Text when it survives the trip through UTF-8 unchanged, else base64.
        const QString text = QString::fromUtf8(*b.key);
        if (text.toUtf8() == *b.key)
            object.insert(QStringLiteral("key"), text);
        else
            object.insert(QStringLiteral("keyBase64"), QString::fromLatin1(b.key->toBase64()));
    }
    return object;
}

QJsonArray BreakpointModel::toJson(const QList<Breakpoint> &breakpoints)
{
    QJsonArray array;
    for (const Breakpoint &b : breakpoints)
        array.append(toJson(b));
    return array;
}

Result<Breakpoint> BreakpointModel::fromJson(const QJsonValue &value)
{
    if (!value.isObject())
        return Error::badInput(tr("not a JSON object"));
    const QJsonObject object = value.toObject();
    const QJsonValue kindValue = object.value(QStringLiteral("kind"));
    const auto kind = kindFromId(kindValue.toString());
    if (!kindValue.isString() || !kind)
        return Error::badInput(tr("unknown kind \"%1\"").arg(kindValue.toVariant().toString()));
    Breakpoint b;
    b.kind = *kind;
    const QJsonValue enabled = object.value(QStringLiteral("enabled"));
    if (!enabled.isUndefined() && !enabled.isBool())
        return Error::badInput(tr("\"enabled\" is not true or false"));
    b.enabled = enabled.toBool(true);

    switch (b.kind) {
    case Breakpoint::Kind::FilterMatch: {
        const QJsonValue expression = object.value(QStringLiteral("expression"));
        if (!expression.isString())
            return Error::badInput(tr("a filter breakpoint without an expression"));
        b.expression = expression.toString();
        break;
    }
    case Breakpoint::Kind::WatermarkPasses: {
        const QJsonValue time = object.value(QStringLiteral("timeMs"));
        constexpr qint64 kNotWhole = std::numeric_limits<qint64>::min();
        if (!time.isDouble() || time.toInteger(kNotWhole) == kNotWhole)
            return Error::badInput(tr("a watermark breakpoint without a whole number \"timeMs\""));
        b.timeMs = time.toInteger();
        break;
    }
    case Breakpoint::Kind::StateCondition: {
        const QJsonValue aggregate = object.value(QStringLiteral("aggregate"));
        const QJsonValue comparison = object.value(QStringLiteral("comparison"));
        const QJsonValue threshold = object.value(QStringLiteral("threshold"));
        if (!aggregate.isString())
            return Error::badInput(tr("a state breakpoint without an aggregate"));
        b.aggregate = aggregate.toString();
        bool found = false;
        for (Breakpoint::Comparison c : allComparisons()) {
            if (comparison.isString() && comparison.toString() == comparisonSymbol(c)) {
                b.comparison = c;
                found = true;
            }
        }
        if (!found)
            return Error::badInput(tr("unknown comparison \"%1\"").arg(comparison.toVariant().toString()));
        if (!threshold.isDouble() || !std::isfinite(threshold.toDouble()))
            return Error::badInput(tr("a state breakpoint without a numeric threshold"));
        b.threshold = threshold.toDouble();
        break;
    }
    default: break;
    }

    if (kindTakesKey(b.kind)) {
        const QJsonValue text = object.value(QStringLiteral("key"));
        const QJsonValue base64 = object.value(QStringLiteral("keyBase64"));
        if (!text.isUndefined() && !base64.isUndefined())
            return Error::badInput(tr("both \"key\" and \"keyBase64\""));
        if (!text.isUndefined()) {
            if (!text.isString())
                return Error::badInput(tr("\"key\" is not a string"));
            b.key = text.toString().toUtf8();
        } else if (!base64.isUndefined()) {
            const auto decoded = QByteArray::fromBase64Encoding(base64.toString().toLatin1(),
                                                                QByteArray::AbortOnBase64DecodingErrors);
            if (!base64.isString() || !decoded)
                return Error::badInput(tr("\"keyBase64\" is not base64"));
            b.key = *decoded;
        }
    }

    auto check = BreakpointCheck::create(b);
    if (!check)
        return check.error();
    return b;
}

QList<Breakpoint> BreakpointModel::fromJson(const QJsonArray &array, QStringList *problems)
{
    QList<Breakpoint> list;
    for (qsizetype i = 0; i < array.size(); ++i) {
        auto b = fromJson(array.at(i));
        if (b)
            list.append(*b);
        else if (problems)
            problems->append(tr("breakpoint %1 skipped: %2").arg(i + 1).arg(b.error().message));
    }
    return list;
}

bool BreakpointModel::same(const Breakpoint &a, const Breakpoint &b, bool compareEnabled)
{
    if (a.kind != b.kind || (compareEnabled && a.enabled != b.enabled))
        return false;
    if (kindTakesKey(a.kind) && !keysEqual(a.key, b.key))
        return false;
    switch (a.kind) {
    case Breakpoint::Kind::FilterMatch: return a.expression == b.expression;
    case Breakpoint::Kind::WatermarkPasses: return a.timeMs == b.timeMs;
    case Breakpoint::Kind::StateCondition:
        return a.aggregate == b.aggregate && a.comparison == b.comparison && a.threshold == b.threshold;
    default: return true;
    }
}

QList<int> BreakpointModel::hitRows(const QList<Breakpoint> &breakpoints, const StepReport &report,
                                    const Engine &engine, expr::EventContext &event)
{
    QList<int> rows;
    for (qsizetype i = 0; i < breakpoints.size(); ++i) {
        auto check = BreakpointCheck::create(breakpoints.at(i));
        if (check && check->hits(report, engine, event))
            rows.append(int(i));
    }
    return rows;
}

} // namespace streamscope
