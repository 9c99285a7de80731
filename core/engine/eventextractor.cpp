#include "engine/eventextractor.h"

#include "expr/timeliteral.h"

#include <cmath>

namespace streamscope {

namespace {

Result<std::optional<expr::Expression>> compileField(const QString &text, const char *what)
{
    if (text.isEmpty())
        return std::optional<expr::Expression>();
    auto compiled = expr::Expression::compile(text);
    if (auto *e = std::get_if<expr::CompileError>(&compiled))
        return Error::badInput(QStringLiteral("the pipeline's %1 \"%2\" does not compile: %3")
                                   .arg(QLatin1String(what), text, e->toString()));
    return std::optional<expr::Expression>(std::get<expr::Expression>(std::move(compiled)));
}

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

} // namespace

Result<EventExtractor> EventExtractor::create(const PipelineSpec &spec, const QStringList &topicNames)
{
    EventExtractor x(topicNames);
    x.m_spec = spec;
    for (const QString &topic : topicNames)
        x.m_inputTopic.push_back(spec.topics.isEmpty() || spec.topics.contains(topic));
    struct Field {
        const QString &text;
        std::optional<expr::Expression> &target;
        const char *what;
    };
    for (const Field &f : {Field{spec.eventTime, x.m_eventTime, "event time"}, Field{spec.filter, x.m_filter, "filter"},
                           Field{spec.key, x.m_key, "key"}, Field{spec.dedupeField, x.m_dedupe, "dedupe field"}}) {
        auto compiled = compileField(f.text, f.what);
        if (!compiled)
            return compiled.error();
        f.target = std::move(*compiled);
    }
    for (qsizetype i = 0; i < spec.aggregates.size(); ++i) {
        const QString &argument = spec.aggregates[i].argument;
        auto compiled = compileField(argument, "aggregate argument");
        if (!compiled)
            return compiled.error();
        x.m_aggregates.push_back(std::move(*compiled));
        int same = -1;
        for (qsizetype j = 0; j < i && same < 0 && !argument.isEmpty(); ++j)
            if (spec.aggregates[j].argument == argument)
                same = int(j);
        x.m_sameArgumentAs.push_back(same);
    }
    return x;
}

bool EventExtractor::isInput(const EventView &event) const
{
    return event.topicId >= 0 && std::size_t(event.topicId) < m_inputTopic.size() && m_inputTopic[std::size_t(event.topicId)];
}

std::optional<std::int64_t> EventExtractor::eventTimeOfCurrent() const
{
    const std::optional<std::int64_t> ms = readEventTime();
    return ms && isUsableEventTime(*ms) ? ms : std::nullopt;
}

std::optional<std::int64_t> EventExtractor::readEventTime() const
{
    const EventView &event = m_context->event();
    if (!m_eventTime)
        return event.timestampMs >= 0 ? std::optional<std::int64_t>(event.timestampMs) : std::nullopt;
    const expr::Value v = m_eventTime->evaluate(*m_context);
    if (v.isString() && !expr::parseJsonNumber(v.bytes())) {
        // An ISO-8601 time in the payload ("2026-01-01T10:42:00Z").
        const QString text = QString::fromUtf8(v.bytes());
        const auto scan = expr::detail::scanIsoTime(text);
        if (scan.ok() && scan.length == text.size())
            if (const auto ms = scan.value.toInt64())
                return *ms;
        return std::nullopt;
    }
    switch (m_spec.eventTimeUnit) {
    case EventTimeUnit::Milliseconds: return v.toInt64();
    case EventTimeUnit::Seconds: {
        const auto s = v.toDouble();
        if (!s || !std::isfinite(*s) || std::abs(*s) > 9.2e15)
            return std::nullopt;
        return std::int64_t(std::floor(*s * 1000.0));
    }
    case EventTimeUnit::Microseconds:
        if (const auto us = v.toInt64())
            return floorDiv(*us, 1000);
        return std::nullopt;
    case EventTimeUnit::Nanoseconds:
        if (const auto ns = v.toInt64())
            return floorDiv(*ns, 1000000);
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<std::int64_t> EventExtractor::eventTime(const EventView &event)
{
    m_context->setEvent(event);
    return eventTimeOfCurrent();
}

const EngineEvent &EventExtractor::extract(const EventView &event)
{
    extract(event, m_event);
    return m_event;
}

void EventExtractor::extract(const EventView &event, EngineEvent &e)
{
    m_context->setEvent(event);
    e.seq = event.seq;
    e.arrivalUs = event.arrivalUs;
    e.partition = {event.topicId, event.partition};
    e.offset = event.offset;
    e.eventTimeMs = eventTimeOfCurrent();
    e.passesFilter = !m_filter || m_filter->matches(*m_context);
    // Events without the key field are grouped under the empty key.
    if (m_key) {
        m_key->evaluate(*m_context).writeKeyBytes(e.key);
        if (e.key.isNull())
            e.key = QByteArray("");
    } else {
        e.key = QByteArray();
    }
    e.inputs.resize(m_aggregates.size());
    for (std::size_t i = 0; i < m_aggregates.size(); ++i) {
        AggregateInput &input = e.inputs[i];
        if (const int same = m_sameArgumentAs[i]; same >= 0) {
            input = e.inputs[std::size_t(same)];
            continue;
        }
        input.kind = AggregateInput::Kind::Missing;
        input.number = 0;
        if (!m_aggregates[i])
            continue;
        const expr::Value v = m_aggregates[i]->evaluate(*m_context);
        if (const auto number = v.toDouble()) { // numbers, and strings that are exactly a number
            input.kind = AggregateInput::Kind::Number;
            input.number = *number;
        } else if (!v.isMissing() && !v.isNull()) {
            input.kind = AggregateInput::Kind::Text;
            v.writeKeyBytes(input.text);
        }
        if (input.kind != AggregateInput::Kind::Text && !input.text.isNull())
            input.text = QByteArray(); // text only for Text: states compare and save it
    }
    e.dedupeKey.reset();
    if (m_dedupe) {
        QByteArray id;
        m_dedupe->evaluate(*m_context).writeKeyBytes(id);
        if (!id.isNull())
            e.dedupeKey = std::move(id);
    }
}

} // namespace streamscope
