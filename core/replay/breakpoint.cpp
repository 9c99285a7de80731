#include "replay/breakpoint.h"

namespace streamscope {

namespace {

bool compare(double value, Breakpoint::Comparison op, double threshold)
{
    switch (op) {
    case Breakpoint::Comparison::Greater: return value > threshold;
    case Breakpoint::Comparison::GreaterOrEqual: return value >= threshold;
    case Breakpoint::Comparison::Less: return value < threshold;
    case Breakpoint::Comparison::LessOrEqual: return value <= threshold;
    case Breakpoint::Comparison::Equal: return value == threshold;
    case Breakpoint::Comparison::NotEqual: return value != threshold;
    }
    return false;
}

const char *comparisonText(Breakpoint::Comparison op)
{
    switch (op) {
    case Breakpoint::Comparison::Greater: return ">";
    case Breakpoint::Comparison::GreaterOrEqual: return ">=";
    case Breakpoint::Comparison::Less: return "<";
    case Breakpoint::Comparison::LessOrEqual: return "<=";
    case Breakpoint::Comparison::Equal: return "==";
    case Breakpoint::Comparison::NotEqual: return "!=";
    }
    return "?";
}

} // namespace

QString Breakpoint::describe() const
{
    const QString forKey = key ? QStringLiteral(" for key \"%1\"").arg(QString::fromUtf8(*key)) : QString();
    switch (kind) {
    case Kind::FilterMatch: return QStringLiteral("event matches %1").arg(expression);
    case Kind::LateEvent: return QStringLiteral("late event");
    case Kind::LateAccepted: return QStringLiteral("late event accepted");
    case Kind::LateDropped: return QStringLiteral("late event dropped");
    case Kind::WindowFires: return QStringLiteral("window fires%1").arg(forKey);
    case Kind::WatermarkPasses: return QStringLiteral("watermark passes %1").arg(timeMs);
    case Kind::WatermarkAdvances: return QStringLiteral("watermark advances");
    case Kind::StateCondition:
        return QStringLiteral("%1 %2 %3%4").arg(aggregate, QLatin1String(comparisonText(comparison))).arg(threshold).arg(forKey);
    case Kind::SessionMerge: return QStringLiteral("session windows merge");
    case Kind::Duplicate: return QStringLiteral("duplicate dropped");
    }
    return {};
}

Result<BreakpointCheck> BreakpointCheck::create(const Breakpoint &breakpoint)
{
    BreakpointCheck check;
    check.m_breakpoint = breakpoint;
    if (breakpoint.kind == Breakpoint::Kind::FilterMatch) {
        auto compiled = expr::Expression::compile(breakpoint.expression);
        if (auto *e = std::get_if<expr::CompileError>(&compiled))
            return Error::badInput(QStringLiteral("breakpoint \"%1\": %2").arg(breakpoint.expression, e->toString()));
        check.m_expression = std::get<expr::Expression>(std::move(compiled));
    }
    if (breakpoint.kind == Breakpoint::Kind::StateCondition && breakpoint.aggregate.isEmpty())
        return Error::badInput(QStringLiteral("a state breakpoint needs an aggregate name"));
    return check;
}

bool BreakpointCheck::hits(const StepReport &report, const Engine &engine, expr::EventContext &event) const
{
    const Breakpoint &b = m_breakpoint;
    if (!b.enabled)
        return false;
    auto any = [&](auto predicate) { return std::any_of(report.changes.begin(), report.changes.end(), predicate); };
    switch (b.kind) {
    case Breakpoint::Kind::FilterMatch: return matchesEvent(event);
    case Breakpoint::Kind::LateEvent: return report.has(ChangeKind::LateAccepted) || report.has(ChangeKind::LateDropped);
    case Breakpoint::Kind::LateAccepted: return report.has(ChangeKind::LateAccepted);
    case Breakpoint::Kind::LateDropped: return report.has(ChangeKind::LateDropped);
    case Breakpoint::Kind::WindowFires:
        return any([&](const EngineChange &c) {
            return (c.kind == ChangeKind::WindowFired || c.kind == ChangeKind::WindowRefired
                    || c.kind == ChangeKind::WindowEarlyFired)
                && (!b.key || c.key == *b.key);
        });
    case Breakpoint::Kind::WatermarkPasses: return report.watermarkBefore < b.timeMs && report.watermarkAfter >= b.timeMs;
    case Breakpoint::Kind::WatermarkAdvances: return report.watermarkAfter > report.watermarkBefore;
    case Breakpoint::Kind::SessionMerge: return report.has(ChangeKind::WindowsMerged);
    case Breakpoint::Kind::Duplicate: return report.has(ChangeKind::DedupeHit);
    case Breakpoint::Kind::StateCondition:
        // Only windows this step touched can have changed their aggregates.
        return any([&](const EngineChange &c) {
            if (c.kind != ChangeKind::WindowCreated && c.kind != ChangeKind::WindowUpdated && c.kind != ChangeKind::WindowsMerged)
                return false;
            if (b.key && c.key != *b.key)
                return false;
            const auto window = engine.window(c.key, c.window);
            if (!window)
                return false;
            const QJsonValue value = window->aggregates.value(b.aggregate);
            return value.isDouble() && compare(value.toDouble(), b.comparison, b.threshold);
        });
    }
    return false;
}

} // namespace streamscope
