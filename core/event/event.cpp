#include "event/event.h"

namespace streamscope {

QString timestampTypeName(TimestampType type)
{
    switch (type) {
    case TimestampType::CreateTime: return QStringLiteral("create");
    case TimestampType::LogAppendTime: return QStringLiteral("log-append");
    case TimestampType::NotAvailable: break;
    }
    return QStringLiteral("none");
}

std::optional<QByteArray> toOptionalBytes(BytesView view)
{
    if (view.isNull())
        return std::nullopt;
    if (view.size == 0)
        return QByteArray(""); // empty but not null
    return QByteArray(view.data, qsizetype(view.size));
}

Event Event::fromView(const EventView &view, const QString &topicName)
{
    Event event;
    event.seq = view.seq;
    event.arrivalUs = view.arrivalUs;
    event.topic = topicName;
    event.partition = view.partition;
    event.offset = view.offset;
    event.timestampMs = view.timestampMs;
    event.timestampType = view.timestampType;
    event.key = toOptionalBytes(view.key);
    event.value = toOptionalBytes(view.value);
    event.headers.reserve(qsizetype(view.headers.size()));
    for (const HeaderView &h : view.headers)
        event.headers.append(Header{QByteArray(h.name.data, qsizetype(std::max<std::int64_t>(h.name.size, 0))),
                                    toOptionalBytes(h.value)});
    return event;
}

EventView viewOf(const Event &event, std::int32_t topicId, std::vector<HeaderView> &headers)
{
    const auto bytes = [](const std::optional<QByteArray> &b) {
        return b ? BytesView::of(b->constData(), b->size()) : BytesView::null();
    };
    headers.clear();
    for (const Header &h : event.headers)
        headers.push_back({BytesView::of(h.name.constData(), h.name.size()), bytes(h.value)});
    EventView view;
    view.seq = event.seq;
    view.arrivalUs = event.arrivalUs;
    view.topicId = topicId;
    view.partition = event.partition;
    view.offset = event.offset;
    view.timestampMs = event.timestampMs;
    view.timestampType = event.timestampType;
    view.key = bytes(event.key);
    view.value = bytes(event.value);
    view.headers = headers;
    return view;
}

} // namespace streamscope
