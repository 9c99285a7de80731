#include "events/eventrow.h"

#include "common/format.h"

namespace streamscope {

std::int64_t EventRow::totalSize() const
{
    return std::max<std::int64_t>(keySize, 0) + std::max<std::int64_t>(valueSize, 0) + headersSize;
}

EventRow makeEventRow(const EventView &event, const QString &topic)
{
    EventRow row;
    row.seq = event.seq;
    row.arrivalUs = event.arrivalUs;
    row.timestampMs = event.timestampMs;
    row.timestampType = event.timestampType;
    row.partition = event.partition;
    row.offset = event.offset;
    row.keySize = event.key.size;
    row.valueSize = event.value.size;
    row.headerCount = int(event.headers.size());
    for (const HeaderView &h : event.headers)
        row.headersSize += std::max<std::int64_t>(h.name.size, 0) + std::max<std::int64_t>(h.value.size, 0);
    // Only the previewed head decides: a long value is not scanned whole.
    const auto looksLikeText = [](BytesView bytes, int chars) {
        if (bytes.isNull())
            return true;
        const qsizetype head = std::min<qsizetype>(bytes.size, qsizetype(chars) * 4);
        return format::isUtf8(QByteArrayView(bytes.data, head))
            || (head < bytes.size && format::isUtf8(QByteArrayView(bytes.data, std::max<qsizetype>(head - 3, 0))));
    };
    row.keyIsText = looksLikeText(event.key, kKeyPreviewChars);
    row.valueIsText = looksLikeText(event.value, kValuePreviewChars);

    row.arrival = format::localTimeMs(event.arrivalUs / 1000);
    row.timestamp = format::localTimeMs(event.timestampMs);
    row.topic = topic;
    row.key = format::preview(event.key, kKeyPreviewChars);
    row.value = format::preview(event.value, kValuePreviewChars);
    row.size = format::bytes(row.totalSize());
    return row;
}

EventRow unreadableEventRow(std::int64_t seq, const QString &error)
{
    EventRow row;
    row.seq = seq;
    row.error = error;
    const QString unreadable = QStringLiteral("(unreadable)");
    row.arrival = row.timestamp = row.topic = row.key = row.size = unreadable;
    row.value = error;
    return row;
}

} // namespace streamscope
