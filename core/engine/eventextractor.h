#pragma once
// Turns a recorded event into what the engine needs (EngineEvent): its event
// time, key, filter verdict, aggregate inputs and dedupe key, each by
// evaluating the pipeline's expressions on the event. The payload is parsed
// at most once per event, whatever the number of expressions.

#include "engine/engine.h"
#include "expr/eventcontext.h"
#include "expr/expression.h"

#include <memory>
#include <optional>

namespace streamscope {

class EventExtractor
{
public:
    // Compiles the pipeline's expressions (errors name the field).
    static Result<EventExtractor> create(const PipelineSpec &spec, const QStringList &topicNames);

    // Whether the event's topic is an input of the pipeline.
    bool isInput(const EventView &event) const;
    // Valid until the next call: the event's fields are written into one
    // EngineEvent kept here, so that its buffers are not allocated anew for
    // every event.
    const EngineEvent &extract(const EventView &event);
    // The same, into `out` (reusing its buffers), for a caller that keeps
    // several extracted events at once.
    void extract(const EventView &event, EngineEvent &out);
    // The event time alone (for seeking by event time).
    std::optional<std::int64_t> eventTime(const EventView &event);

    expr::EventContext &context() { return *m_context; }

private:
    explicit EventExtractor(const QStringList &topicNames) : m_context(std::make_unique<expr::EventContext>(topicNames)) {}
    // The event time, nullopt when unreadable or beyond kMaxEventTimeMs.
    std::optional<std::int64_t> eventTimeOfCurrent() const;
    std::optional<std::int64_t> readEventTime() const; // as the payload or timestamp says

    PipelineSpec m_spec;
    std::vector<bool> m_inputTopic; // by topic id
    std::optional<expr::Expression> m_eventTime, m_filter, m_key, m_dedupe;
    std::vector<std::optional<expr::Expression>> m_aggregates;
    // For each aggregate, an earlier aggregate with the same argument text
    // (sum and avg of one field), whose input it copies instead of
    // evaluating the argument again; -1 if none.
    std::vector<int> m_sameArgumentAs;
    std::unique_ptr<expr::EventContext> m_context; // not movable itself; holds the parsed payload
    EngineEvent m_event;                           // what extract() returns
};

} // namespace streamscope
