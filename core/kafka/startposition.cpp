#include "kafka/startposition.h"

namespace streamscope {

Result<StartPosition> StartPosition::parse(const QString &input)
{
    const QString text = input.trimmed();
    auto bad = [&](const QString &why) {
        return Error::badInput(QStringLiteral("invalid start position \"%1\": %2 "
                                              "(use beginning, end, OFFSET, -N for the last N, or s@UNIX_MS)")
                                   .arg(input, why));
    };
    if (text == QLatin1String("beginning"))
        return beginning();
    if (text == QLatin1String("end"))
        return end();
    if (text == QLatin1String("stored"))
        return bad(QStringLiteral("stored offsets need a consumer group, and Streamscope never joins one"));
    bool ok = false;
    if (text.startsWith(QLatin1String("s@"))) {
        const qint64 ms = text.mid(2).toLongLong(&ok);
        if (!ok || ms < 0)
            return bad(QStringLiteral("the timestamp must be milliseconds since the Unix epoch"));
        return timestamp(ms);
    }
    if (text.startsWith(QLatin1Char('-'))) {
        const qint64 n = text.mid(1).toLongLong(&ok);
        if (!ok || n <= 0)
            return bad(QStringLiteral("-N needs a positive count"));
        return lastN(n);
    }
    const qint64 o = text.toLongLong(&ok);
    if (!ok || o < 0)
        return bad(QStringLiteral("not a known form"));
    return offset(o);
}

QString StartPosition::toString() const
{
    switch (kind) {
    case Kind::Beginning: return QStringLiteral("beginning");
    case Kind::End: return QStringLiteral("end");
    case Kind::Offset: return QString::number(value);
    case Kind::Timestamp: return QStringLiteral("s@%1").arg(value);
    case Kind::LastN: return QStringLiteral("-%1").arg(value);
    }
    return {};
}

} // namespace streamscope
