#include "engine/pipelinespec.h"

namespace streamscope {

QString aggregateKindName(AggregateKind kind)
{
    switch (kind) {
    case AggregateKind::Count: return QStringLiteral("count");
    case AggregateKind::Sum: return QStringLiteral("sum");
    case AggregateKind::Min: return QStringLiteral("min");
    case AggregateKind::Max: return QStringLiteral("max");
    case AggregateKind::Avg: return QStringLiteral("avg");
    case AggregateKind::First: return QStringLiteral("first");
    case AggregateKind::Last: return QStringLiteral("last");
    case AggregateKind::CountDistinct: return QStringLiteral("count_distinct");
    case AggregateKind::Percentile: return QStringLiteral("percentile");
    case AggregateKind::Collect: return QStringLiteral("collect");
    }
    return {};
}

QString defaultAggregateName(const AggregateSpec &spec)
{
    if (spec.kind == AggregateKind::Percentile)
        return QStringLiteral("p%1(%2)").arg(spec.percentile).arg(spec.argument);
    if (spec.argument.isEmpty())
        return aggregateKindName(spec.kind);
    return QStringLiteral("%1(%2)").arg(aggregateKindName(spec.kind), spec.argument);
}

} // namespace streamscope
