#pragma once
// One event under evaluation (docs/filter-language.md).
//
// An EventContext belongs to one thread and is reused for event after event:
// setEvent() only remembers the view; the payload is parsed as JSON the
// first time an expression reads a value.* path, and at most once per event
// however many paths and expressions read it. The parser and its buffers are
// kept across events, so evaluating allocates nothing in the steady state.
//
// The event's bytes must stay valid until the next setEvent(), and so must
// the Values evaluated against it (they may view into them).

#include "event/event.h"

#include <QByteArray>
#include <QStringList>
#include <memory>
#include <vector>

namespace streamscope::expr {

namespace detail {
class Evaluator;
struct JsonDocument;
} // namespace detail

class EventContext
{
public:
    // topicNames resolves EventView::topicId for the topic field.
    explicit EventContext(const QStringList &topicNames);
    ~EventContext();
    EventContext(const EventContext &) = delete;
    EventContext &operator=(const EventContext &) = delete;
    EventContext(EventContext &&) noexcept;
    EventContext &operator=(EventContext &&) noexcept;

    // For a live session that learns new topics while it runs.
    void setTopicNames(const QStringList &topicNames);

    // Cheap: nothing is parsed here.
    void setEvent(const EventView &event);
    const EventView &event() const { return m_event; }

    // How often the payload was parsed as JSON since construction (for
    // tests and the benchmark: at most once per event).
    std::int64_t jsonParseCount() const;

private:
    friend class detail::Evaluator;
    // The event's topic as UTF-8, or nullptr for an unknown topic id.
    const QByteArray *topicUtf8() const;

    EventView m_event;
    std::vector<QByteArray> m_topicUtf8;
    std::unique_ptr<detail::JsonDocument> m_json;
};

} // namespace streamscope::expr
