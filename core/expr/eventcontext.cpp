#include "expr/eventcontext.h"

#include "expr/jsondocument.h"

namespace streamscope::expr {

EventContext::EventContext(const QStringList &topicNames) : m_json(std::make_unique<detail::JsonDocument>())
{
    setTopicNames(topicNames);
}

EventContext::~EventContext() = default;
EventContext::EventContext(EventContext &&) noexcept = default;
EventContext &EventContext::operator=(EventContext &&) noexcept = default;

void EventContext::setTopicNames(const QStringList &topicNames)
{
    m_topicUtf8.clear();
    m_topicUtf8.reserve(std::size_t(topicNames.size()));
    for (const QString &name : topicNames)
        m_topicUtf8.push_back(name.toUtf8());
}

void EventContext::setEvent(const EventView &event)
{
    m_event = event;
    m_json->state = detail::JsonDocument::State::Unparsed;
}

std::int64_t EventContext::jsonParseCount() const { return m_json->parses; }

const QByteArray *EventContext::topicUtf8() const
{
    if (m_event.topicId < 0 || std::size_t(m_event.topicId) >= m_topicUtf8.size())
        return nullptr;
    return &m_topicUtf8[std::size_t(m_event.topicId)];
}

} // namespace streamscope::expr
