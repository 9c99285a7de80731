#include "engine/pipelinefile.h"

#include "expr/expression.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>

#include <array>

#include <cmath>

namespace streamscope {

namespace {

// Units of the pipeline format, the same as the expression language's
// duration literals.
constexpr struct {
    const char *name;
    std::int64_t ms;
} kUnits[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};

const QStringList kKeys = {QStringLiteral("name"),        QStringLiteral("topics"),           QStringLiteral("event_time"),
                           QStringLiteral("event_time_unit"), QStringLiteral("watermark"),    QStringLiteral("idle_timeout"),
                           QStringLiteral("filter"),      QStringLiteral("key"),              QStringLiteral("window"),
                           QStringLiteral("allowed_lateness"), QStringLiteral("aggregate"),   QStringLiteral("dedupe"),
                           QStringLiteral("early_firing")};

int editDistance(const QString &a, const QString &b)
{
    std::vector<int> row(std::size_t(b.size()) + 1);
    for (int j = 0; j <= b.size(); ++j)
        row[std::size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        int diagonal = row[0];
        row[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int up = row[std::size_t(j)];
            row[std::size_t(j)] = std::min({up + 1, row[std::size_t(j - 1)] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[std::size_t(b.size())];
}

QString closest(const QString &word, const QStringList &choices)
{
    QString best;
    int bestDistance = 3; // suggest only near misses
    for (const QString &c : choices) {
        const int d = editDistance(word, c);
        if (d < bestDistance) {
            bestDistance = d;
            best = c;
        }
    }
    return best;
}

// One line being parsed: its value text and where it starts, so that errors
// point into the line.
struct Line {
    int number = 0;
    QString value;
    int valueColumn = 1; // column of value[0]

    PipelineError error(int offsetInValue, const QString &message) const
    {
        return {number, valueColumn + offsetInValue, message};
    }
};

// Splits "word rest" → word, and the offset of rest.
QStringList words(const QString &text) { return text.split(QLatin1Char(' '), Qt::SkipEmptyParts); }

qsizetype offsetOfWord(const QString &text, int index)
{
    static const QRegularExpression word(QStringLiteral("\\S+"));
    auto it = word.globalMatch(text);
    for (int i = 0; it.hasNext(); ++i) {
        const auto m = it.next();
        if (i == index)
            return m.capturedStart();
    }
    return text.size();
}

std::optional<PipelineError> checkExpression(const Line &line, const QString &text, qsizetype offset, const char *what)
{
    if (text.trimmed().isEmpty())
        return line.error(int(offset), QStringLiteral("%1 is empty").arg(QLatin1String(what)));
    const auto compiled = expr::Expression::compile(text);
    if (const auto *e = std::get_if<expr::CompileError>(&compiled))
        return line.error(int(offset) + e->column - 1, QStringLiteral("in the %1: %2").arg(QLatin1String(what), e->message));
    return std::nullopt;
}

} // namespace

std::optional<std::int64_t> parseDurationMs(QStringView text)
{
    static const QRegularExpression part(QStringLiteral("^(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)"));
    QString rest = text.trimmed().toString();
    if (rest.isEmpty())
        return std::nullopt;
    if (rest == QLatin1String("0"))
        return 0;
    double total = 0;
    while (!rest.isEmpty()) {
        const auto m = part.match(rest);
        if (!m.hasMatch())
            return std::nullopt;
        std::int64_t unit = 0;
        for (const auto &u : kUnits)
            if (m.capturedView(2) == QLatin1String(u.name))
                unit = u.ms;
        total += m.capturedView(1).toDouble() * double(unit);
        rest = rest.mid(m.capturedLength());
    }
    if (total > 9.2e15 || total != std::floor(total))
        return std::nullopt; // sub-millisecond or absurdly long
    return std::int64_t(total);
}

QString formatDurationMs(std::int64_t ms)
{
    for (auto it = std::rbegin(kUnits); it != std::rend(kUnits); ++it)
        if (ms != 0 && ms % it->ms == 0)
            return QString::number(ms / it->ms) + QLatin1String(it->name);
    return QString::number(ms) + QLatin1String("ms");
}

std::variant<PipelineSpec, PipelineError> parsePipeline(const QString &text)
{
    PipelineSpec spec;
    QSet<QString> seen;
    bool hasWindow = false;
    const QStringList lines = text.split(QLatin1Char('\n'));
    int lastLine = 1;
    for (int i = 0; i < lines.size(); ++i) {
        QString raw = lines[i];
        if (raw.endsWith(QLatin1Char('\r')))
            raw.chop(1);
        // A comment starts at a # outside a string.
        bool inString = false;
        for (qsizetype c = 0; c < raw.size(); ++c) {
            if (raw[c] == QLatin1Char('"') && (c == 0 || raw[c - 1] != QLatin1Char('\\')))
                inString = !inString;
            else if (raw[c] == QLatin1Char('#') && !inString) {
                raw.truncate(c);
                break;
            }
        }
        if (raw.trimmed().isEmpty())
            continue;
        lastLine = i + 1;
        const qsizetype colon = raw.indexOf(QLatin1Char(':'));
        const qsizetype keyStart = raw.indexOf(QRegularExpression(QStringLiteral("\\S")));
        if (colon < 0)
            return PipelineError{i + 1, int(keyStart) + 1, QStringLiteral("expected \"key: value\"")};
        const QString key = raw.mid(keyStart, colon - keyStart).trimmed();
        Line line;
        line.number = i + 1;
        qsizetype valueStart = colon + 1;
        while (valueStart < raw.size() && raw[valueStart].isSpace())
            ++valueStart;
        line.value = raw.mid(valueStart).trimmed();
        line.valueColumn = int(valueStart) + 1;
        if (!kKeys.contains(key)) {
            const QString suggestion = closest(key, kKeys);
            return PipelineError{i + 1, int(keyStart) + 1,
                                 QStringLiteral("unknown setting \"%1\"%2")
                                     .arg(key, suggestion.isEmpty() ? QString() : QStringLiteral(" (did you mean %1?)").arg(suggestion))};
        }
        if (key != QLatin1String("aggregate") && seen.contains(key))
            return PipelineError{i + 1, int(keyStart) + 1, QStringLiteral("\"%1\" is given twice").arg(key)};
        seen.insert(key);
        if (line.value.isEmpty())
            return line.error(0, QStringLiteral("\"%1\" needs a value").arg(key));
        QStringList w = words(line.value);

        auto duration = [&](int wordIndex, const char *what) -> std::variant<std::int64_t, PipelineError> {
            if (wordIndex >= w.size())
                return line.error(int(line.value.size()), QStringLiteral("expected %1, a duration such as 5s").arg(QLatin1String(what)));
            const auto ms = parseDurationMs(w[wordIndex]);
            if (!ms)
                return line.error(int(offsetOfWord(line.value, wordIndex)),
                                  QStringLiteral("\"%1\" is not a duration (use a number with ms, s, m, h or d, e.g. 5s)").arg(w[wordIndex]));
            return *ms;
        };
#define SS_DURATION(var, index, what)                                                                                  \
    std::int64_t var = 0;                                                                                              \
    {                                                                                                                  \
        auto d_ = duration(index, what);                                                                               \
        if (auto *e_ = std::get_if<PipelineError>(&d_))                                                                \
            return *e_;                                                                                                \
        var = std::get<std::int64_t>(d_);                                                                              \
    }

        if (key == QLatin1String("name")) {
            spec.name = line.value;
        } else if (key == QLatin1String("topics")) {
            for (const QString &t : line.value.split(QLatin1Char(','), Qt::SkipEmptyParts))
                spec.topics << t.trimmed();
        } else if (key == QLatin1String("event_time")) {
            if (line.value != QLatin1String("kafka")) {
                if (auto e = checkExpression(line, line.value, 0, "event time"))
                    return *e;
                spec.eventTime = line.value;
            }
        } else if (key == QLatin1String("event_time_unit")) {
            const QStringList units = {QStringLiteral("ms"), QStringLiteral("s"), QStringLiteral("us"), QStringLiteral("ns")};
            const qsizetype u = units.indexOf(line.value);
            if (u < 0)
                return line.error(0, QStringLiteral("unknown unit \"%1\" (expected ms, s, us or ns)").arg(line.value));
            spec.eventTimeUnit = std::array{EventTimeUnit::Milliseconds, EventTimeUnit::Seconds,
                                            EventTimeUnit::Microseconds, EventTimeUnit::Nanoseconds}[std::size_t(u)];
        } else if (key == QLatin1String("watermark")) {
            if (w[0] != QLatin1String("bounded"))
                return line.error(0, QStringLiteral("unknown watermark strategy \"%1\" (expected: bounded DURATION, "
                                                    "the largest out-of-orderness)").arg(w[0]));
            SS_DURATION(d, 1, "the out-of-orderness bound");
            spec.outOfOrdernessMs = d;
            if (w.size() > 2)
                return line.error(int(offsetOfWord(line.value, 2)), QStringLiteral("unexpected \"%1\"").arg(w[2]));
        } else if (key == QLatin1String("idle_timeout")) {
            SS_DURATION(d, 0, "the idle timeout");
            spec.idleTimeoutMs = d;
        } else if (key == QLatin1String("filter")) {
            if (auto e = checkExpression(line, line.value, 0, "filter"))
                return *e;
            spec.filter = line.value;
        } else if (key == QLatin1String("key")) {
            if (line.value != QLatin1String("none")) {
                if (auto e = checkExpression(line, line.value, 0, "key"))
                    return *e;
                spec.key = line.value;
            }
        } else if (key == QLatin1String("window")) {
            hasWindow = true;
            WindowSpec &window = spec.window;
            int next = 0;
            if (w[0] == QLatin1String("tumbling")) {
                window.kind = WindowKind::Tumbling;
                SS_DURATION(size, 1, "the window size");
                window.sizeMs = size;
                next = 2;
            } else if (w[0] == QLatin1String("sliding")) {
                window.kind = WindowKind::Sliding;
                SS_DURATION(size, 1, "the window size");
                SS_DURATION(slide, 2, "the slide");
                window.sizeMs = size;
                window.slideMs = slide;
                next = 3;
            } else if (w[0] == QLatin1String("session")) {
                window.kind = WindowKind::Session;
                SS_DURATION(gap, 1, "the session gap");
                window.gapMs = gap;
                next = 2;
            } else {
                const QString suggestion =
                    closest(w[0], {QStringLiteral("tumbling"), QStringLiteral("sliding"), QStringLiteral("session")});
                return line.error(0, QStringLiteral("unknown window \"%1\"%2 (expected tumbling SIZE [offset OFFSET], "
                                                    "sliding SIZE SLIDE [offset OFFSET] or session GAP)")
                                         .arg(w[0], suggestion.isEmpty() ? QString() : QStringLiteral(", did you mean %1?").arg(suggestion)));
            }
            if (next < w.size() && w[next] == QLatin1String("offset") && window.kind != WindowKind::Session) {
                // A negative offset is allowed, as in Flink (time zones west of… east of UTC).
                const bool negative = next + 1 < w.size() && w[next + 1].startsWith(QLatin1Char('-'));
                if (negative)
                    w[next + 1].remove(0, 1);
                SS_DURATION(offset, next + 1, "the offset");
                window.offsetMs = negative ? -offset : offset;
                next += 2;
            }
            if (next < w.size())
                return line.error(int(offsetOfWord(line.value, next)), QStringLiteral("unexpected \"%1\"").arg(w[next]));
            const std::int64_t period = window.kind == WindowKind::Sliding ? window.slideMs : window.sizeMs;
            if ((window.kind == WindowKind::Session ? window.gapMs : window.sizeMs) <= 0)
                return line.error(int(offsetOfWord(line.value, 1)), QStringLiteral("the window size must be positive"));
            if (window.kind == WindowKind::Sliding && (window.slideMs <= 0 || window.slideMs > window.sizeMs))
                return line.error(int(offsetOfWord(line.value, 2)),
                                  QStringLiteral("the slide must be positive and at most the window size"));
            // Each event goes to size/slide windows, each created, fired and
            // purged on its own: beyond this a run crawls (1 ms slides of a
            // 10 s window took two minutes for a thousand events) and its
            // state fills the memory. A typo (1ms for 1s) is the usual cause.
            const auto ceilDiv = [](std::int64_t a, std::int64_t b) { return (a + b - 1) / b; };
            if (window.kind == WindowKind::Sliding && ceilDiv(window.sizeMs, window.slideMs) > kMaxWindowsPerEvent)
                return line.error(int(offsetOfWord(line.value, 2)),
                                  QStringLiteral("a slide of %1 puts every event in %2 windows; at most %3 are supported "
                                                 "(a slide of at least %4)")
                                      .arg(formatDurationMs(window.slideMs))
                                      .arg(ceilDiv(window.sizeMs, window.slideMs))
                                      .arg(kMaxWindowsPerEvent)
                                      .arg(formatDurationMs(ceilDiv(window.sizeMs, kMaxWindowsPerEvent))));
            if (window.kind != WindowKind::Session && std::abs(window.offsetMs) >= period)
                return line.error(int(offsetOfWord(line.value, next - 1)),
                                  QStringLiteral("the offset must be smaller than the %1").arg(
                                      window.kind == WindowKind::Sliding ? QStringLiteral("slide") : QStringLiteral("size")));
        } else if (key == QLatin1String("allowed_lateness")) {
            SS_DURATION(d, 0, "the allowed lateness");
            spec.allowedLatenessMs = d;
        } else if (key == QLatin1String("aggregate")) {
            // count | collect | FUNC(EXPR) | percentile(EXPR, P) | pNN(EXPR), then [as NAME]
            static const QRegularExpression head(QStringLiteral("^([a-z_][a-z0-9_]*)\\s*"));
            const auto m = head.match(line.value);
            if (!m.hasMatch())
                return line.error(0, QStringLiteral("expected an aggregate such as count, avg(value.x) or p95(value.x)"));
            const QString function = m.captured(1);
            AggregateSpec agg;
            qsizetype pos = m.capturedLength();
            QString argument;
            qsizetype argumentOffset = pos;
            if (pos < line.value.size() && line.value[pos] == QLatin1Char('(')) {
                // The argument runs to the matching parenthesis, outside strings.
                int depth = 0;
                bool quoted = false;
                qsizetype close = -1;
                for (qsizetype c = pos; c < line.value.size(); ++c) {
                    const QChar ch = line.value[c];
                    if (ch == QLatin1Char('"') && line.value[c - 1] != QLatin1Char('\\'))
                        quoted = !quoted;
                    else if (!quoted && ch == QLatin1Char('('))
                        ++depth;
                    else if (!quoted && ch == QLatin1Char(')') && --depth == 0) {
                        close = c;
                        break;
                    }
                }
                if (close < 0)
                    return line.error(int(pos), QStringLiteral("this parenthesis is not closed"));
                argument = line.value.mid(pos + 1, close - pos - 1);
                argumentOffset = pos + 1;
                pos = close + 1;
            }
            static const QRegularExpression percentileName(QStringLiteral("^p(\\d{1,2}(?:\\.\\d+)?)$"));
            const auto pm = percentileName.match(function);
            if (pm.hasMatch()) {
                agg.kind = AggregateKind::Percentile;
                agg.percentile = pm.captured(1).toDouble();
            } else if (function == QLatin1String("percentile")) {
                agg.kind = AggregateKind::Percentile;
                const qsizetype comma = argument.lastIndexOf(QLatin1Char(','));
                bool ok = false;
                agg.percentile = comma < 0 ? 0 : argument.mid(comma + 1).trimmed().toDouble(&ok);
                if (!ok || agg.percentile <= 0 || agg.percentile > 100)
                    return line.error(int(argumentOffset), QStringLiteral("percentile needs (EXPRESSION, P) with 0 < P ≤ 100"));
                argument.truncate(comma);
            } else {
                const QStringList names = {QStringLiteral("count"), QStringLiteral("sum"), QStringLiteral("min"),
                                           QStringLiteral("max"), QStringLiteral("avg"), QStringLiteral("first"),
                                           QStringLiteral("last"), QStringLiteral("count_distinct"),
                                           QStringLiteral("percentile"), QStringLiteral("collect")};
                const qsizetype index = names.indexOf(function);
                if (index < 0) {
                    const QString suggestion = closest(function, names);
                    return line.error(0, QStringLiteral("unknown aggregate \"%1\"%2 (expected count, sum, min, max, avg, "
                                                        "first, last, count_distinct, pNN or percentile, collect)")
                                             .arg(function, suggestion.isEmpty() ? QString() : QStringLiteral(", did you mean %1?").arg(suggestion)));
                }
                agg.kind = AggregateKind(index);
            }
            const bool takesArgument = agg.kind != AggregateKind::Collect;
            const bool needsArgument = takesArgument && agg.kind != AggregateKind::Count;
            if (argument.trimmed().isEmpty() && needsArgument)
                return line.error(int(pos), QStringLiteral("%1 needs an argument, e.g. %1(value.amount)").arg(function));
            if (!argument.trimmed().isEmpty()) {
                if (!takesArgument)
                    return line.error(int(argumentOffset), QStringLiteral("collect takes no argument: it keeps the window's events"));
                if (auto e = checkExpression(line, argument, argumentOffset, "aggregate argument"))
                    return *e;
                agg.argument = argument.trimmed();
            }
            const QString rest = line.value.mid(pos).trimmed();
            if (!rest.isEmpty()) {
                static const QRegularExpression as(QStringLiteral("^as\\s+([A-Za-z_][A-Za-z0-9_.-]*)$"));
                const auto am = as.match(rest);
                if (!am.hasMatch())
                    return line.error(int(line.value.indexOf(rest, pos)), QStringLiteral("expected \"as NAME\" after the aggregate"));
                agg.name = am.captured(1);
            }
            for (const AggregateSpec &other : std::as_const(spec.aggregates)) {
                const QString a = other.name.isEmpty() ? defaultAggregateName(other) : other.name;
                const QString b = agg.name.isEmpty() ? defaultAggregateName(agg) : agg.name;
                if (a == b)
                    return line.error(0, QStringLiteral("two aggregates are named \"%1\"; name one with \"as NAME\"").arg(a));
            }
            spec.aggregates << agg;
        } else if (key == QLatin1String("dedupe")) {
            const qsizetype within = line.value.lastIndexOf(QLatin1String(" within "));
            if (within < 0)
                return line.error(int(line.value.size()), QStringLiteral("expected \"EXPRESSION within DURATION\""));
            const QString field = line.value.left(within);
            if (auto e = checkExpression(line, field, 0, "dedupe field"))
                return *e;
            const auto horizon = parseDurationMs(line.value.mid(within + 8));
            if (!horizon)
                return line.error(int(within) + 8, QStringLiteral("\"%1\" is not a duration").arg(line.value.mid(within + 8).trimmed()));
            spec.dedupeField = field.trimmed();
            spec.dedupeHorizonMs = *horizon;
        } else if (key == QLatin1String("early_firing")) {
            // "every N events" or "N"
            QStringList parts = w;
            if (!parts.isEmpty() && parts.first() == QLatin1String("every"))
                parts.removeFirst();
            if (!parts.isEmpty() && (parts.last() == QLatin1String("events") || parts.last() == QLatin1String("event")))
                parts.removeLast();
            bool ok = false;
            const int n = parts.size() == 1 ? parts.first().toInt(&ok) : 0;
            if (!ok || n <= 0)
                return line.error(0, QStringLiteral("expected \"every N events\" with N ≥ 1"));
            spec.earlyFiringEvery = n;
        }
#undef SS_DURATION
    }
    if (!hasWindow)
        return PipelineError{lastLine, 1, QStringLiteral("no window: add e.g. \"window: tumbling 10s\"")};
    if (spec.aggregates.isEmpty())
        spec.aggregates << AggregateSpec{AggregateKind::Count, {}, 0, {}};
    return spec;
}

Result<PipelineSpec> loadPipelineFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    if (file.size() > 1024 * 1024)
        return Error::badInput(QStringLiteral("%1: too large for a pipeline (over 1 MiB)").arg(path));
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes)
        return Error::badInput(QStringLiteral("%1: not UTF-8 text").arg(path));
    auto parsed = parsePipeline(text);
    if (auto *e = std::get_if<PipelineError>(&parsed))
        return Error::badInput(QStringLiteral("%1:%2:%3: %4").arg(path).arg(e->line).arg(e->column).arg(e->message));
    return std::get<PipelineSpec>(parsed);
}

QString toPipelineText(const PipelineSpec &spec)
{
    QStringList lines;
    if (!spec.name.isEmpty())
        lines << QStringLiteral("name: %1").arg(spec.name);
    if (!spec.topics.isEmpty())
        lines << QStringLiteral("topics: %1").arg(spec.topics.join(QLatin1String(", ")));
    lines << QStringLiteral("event_time: %1").arg(spec.eventTime.isEmpty() ? QStringLiteral("kafka") : spec.eventTime);
    if (!spec.eventTime.isEmpty()) {
        const char *units[] = {"ms", "s", "us", "ns"};
        lines << QStringLiteral("event_time_unit: %1").arg(QLatin1String(units[int(spec.eventTimeUnit)]));
    }
    lines << QStringLiteral("watermark: bounded %1").arg(formatDurationMs(spec.outOfOrdernessMs));
    if (spec.idleTimeoutMs >= 0)
        lines << QStringLiteral("idle_timeout: %1").arg(formatDurationMs(spec.idleTimeoutMs));
    if (!spec.filter.isEmpty())
        lines << QStringLiteral("filter: %1").arg(spec.filter);
    lines << QStringLiteral("key: %1").arg(spec.key.isEmpty() ? QStringLiteral("none") : spec.key);
    const WindowSpec &w = spec.window;
    const QString offset = w.offsetMs ? QStringLiteral(" offset %1%2").arg(w.offsetMs < 0 ? QStringLiteral("-") : QString(),
                                                                           formatDurationMs(std::abs(w.offsetMs)))
                                      : QString();
    switch (w.kind) {
    case WindowKind::Tumbling: lines << QStringLiteral("window: tumbling %1%2").arg(formatDurationMs(w.sizeMs), offset); break;
    case WindowKind::Sliding:
        lines << QStringLiteral("window: sliding %1 %2%3").arg(formatDurationMs(w.sizeMs), formatDurationMs(w.slideMs), offset);
        break;
    case WindowKind::Session: lines << QStringLiteral("window: session %1").arg(formatDurationMs(w.gapMs)); break;
    }
    lines << QStringLiteral("allowed_lateness: %1").arg(formatDurationMs(spec.allowedLatenessMs));
    for (const AggregateSpec &a : spec.aggregates) {
        QString text = a.kind == AggregateKind::Percentile ? QStringLiteral("percentile(%1, %2)").arg(a.argument).arg(a.percentile)
                       : a.argument.isEmpty()              ? aggregateKindName(a.kind)
                                                           : QStringLiteral("%1(%2)").arg(aggregateKindName(a.kind), a.argument);
        if (!a.name.isEmpty())
            text += QStringLiteral(" as %1").arg(a.name);
        lines << QStringLiteral("aggregate: %1").arg(text);
    }
    if (!spec.dedupeField.isEmpty())
        lines << QStringLiteral("dedupe: %1 within %2").arg(spec.dedupeField, formatDurationMs(spec.dedupeHorizonMs));
    if (spec.earlyFiringEvery > 0)
        lines << QStringLiteral("early_firing: every %1 events").arg(spec.earlyFiringEvery);
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace streamscope
