#include "export/eventselection.h"

#include "expr/expression.h"

#include <QRegularExpression>

#include <algorithm>

namespace streamscope {

namespace {

std::optional<std::int64_t> parseSeq(QStringView text)
{
    bool ok = false;
    const qint64 n = text.trimmed().toLongLong(&ok);
    return ok && n >= 0 ? std::optional<std::int64_t>(n) : std::nullopt;
}

} // namespace

Result<SeqRange> SeqRange::parse(const QString &text)
{
    const auto bad = [&] {
        return Error::badInput(QStringLiteral("invalid seq range \"%1\": expected FROM:TO (inclusive; either may be "
                                              "left out), e.g. 100:199")
                                   .arg(text));
    };
    SeqRange range;
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon < 0) {
        const auto seq = parseSeq(text);
        if (!seq)
            return bad();
        return SeqRange{*seq, *seq};
    }
    const QStringView from = QStringView(text).left(colon).trimmed(), to = QStringView(text).mid(colon + 1).trimmed();
    if (from.isEmpty() && to.isEmpty())
        return bad();
    if (!from.isEmpty()) {
        const auto seq = parseSeq(from);
        if (!seq)
            return bad();
        range.first = *seq;
    }
    if (!to.isEmpty()) {
        const auto seq = parseSeq(to);
        if (!seq)
            return bad();
        range.last = *seq;
    }
    if (range.first > range.last)
        return Error::badInput(QStringLiteral("invalid seq range \"%1\": FROM is after TO").arg(text));
    return range;
}

QString SeqRange::toString() const
{
    return QStringLiteral("%1:%2").arg(first).arg(last == std::numeric_limits<std::int64_t>::max() ? QString() : QString::number(last));
}

Result<std::vector<std::int64_t>> EventSelection::parseSeqList(const QString &text)
{
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    std::vector<std::int64_t> seqs;
    for (const QString &item : text.split(separators, Qt::SkipEmptyParts)) {
        const qsizetype dash = item.indexOf(QLatin1Char('-'));
        const auto first = parseSeq(dash < 0 ? QStringView(item) : QStringView(item).left(dash));
        const auto last = dash < 0 ? first : parseSeq(QStringView(item).mid(dash + 1));
        if (!first || !last || *first > *last)
            return Error::badInput(QStringLiteral("invalid seq \"%1\" in the list: expected SEQ or FIRST-LAST").arg(item));
        if (*last - *first > 100'000'000)
            return Error::badInput(QStringLiteral("seq range \"%1\" in the list is too long: use --range").arg(item));
        for (std::int64_t s = *first; s <= *last; ++s)
            seqs.push_back(s);
    }
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    return seqs;
}

Status EventSelection::forEach(SessionReader &reader, const std::function<bool(const EventView &)> &visit,
                               const std::function<void(std::int64_t, std::int64_t)> &progress,
                               const std::atomic<bool> *cancel) const
{
    std::optional<expr::Expression> expression;
    if (!filter.isEmpty()) {
        auto compiled = expr::Expression::compile(filter);
        if (auto *e = std::get_if<expr::CompileError>(&compiled))
            return Error::badInput(QStringLiteral("the filter \"%1\" does not compile: %2").arg(filter, e->toString()));
        expression = std::get<expr::Expression>(std::move(compiled));
    }
    expr::EventContext context(reader.topics());
    const auto matches = [&](const EventView &event) {
        if (!expression)
            return true;
        context.setEvent(event);
        return expression->matches(context);
    };

    const std::int64_t count = reader.eventCount();
    const std::int64_t from = range ? std::min(range->first, count) : 0;
    const std::int64_t to = range ? std::min(range->last, count - 1) + 1 : count; // exclusive
    bool cancelled = false;
    const auto check = [&](std::int64_t done, std::int64_t total) {
        if ((done & 0x3fff) != 0)
            return true;
        if (cancel && cancel->load()) {
            cancelled = true;
            return false;
        }
        if (progress)
            progress(done, total);
        return true;
    };

    if (seqs) {
        // Only the chunks holding listed seqs are read.
        const auto begin = std::lower_bound(seqs->begin(), seqs->end(), from);
        const auto end = std::lower_bound(begin, seqs->end(), to);
        const std::int64_t total = end - begin;
        std::int64_t done = 0;
        for (auto it = begin; it != end; ++it, ++done) {
            if (!check(done, total))
                break;
            auto chunk = reader.chunkFor(*it);
            if (!chunk)
                return chunk.error();
            const EventView &event = (*chunk)->events[std::size_t(*it - (*chunk)->firstSeq)];
            if (matches(event) && !visit(event))
                break;
        }
        if (cancelled)
            return Error::runtime(QStringLiteral("cancelled"));
        if (progress)
            progress(total, total);
        return {};
    }

    const std::int64_t total = std::max<std::int64_t>(to - from, 0);
    Status st = reader.scan(from, to, [&](const EventView &event) {
        if (!check(event.seq - from, total))
            return false;
        return !matches(event) || visit(event);
    });
    if (!st)
        return st;
    if (cancelled)
        return Error::runtime(QStringLiteral("cancelled"));
    if (progress)
        progress(total, total);
    return {};
}

} // namespace streamscope
