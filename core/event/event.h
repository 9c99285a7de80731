#pragma once
// The one record type of Streamscope (see DESIGN.md, "event").
//
// EventView is the zero-copy form used on hot paths (recording, scanning a
// session): it points into a Kafka message or a decoded session chunk and is
// only valid while that buffer lives. Event owns its bytes and is what views
// and tests hold on to.

#include <QByteArray>
#include <QList>
#include <QString>
#include <cstdint>
#include <optional>
#include <vector>
#include <span>

namespace streamscope {

// Kafka's timestamp types, with the numbering of librdkafka and kcat -J.
enum class TimestampType : std::uint8_t { NotAvailable = 0, CreateTime = 1, LogAppendTime = 2 };

QString timestampTypeName(TimestampType type);

// A byte string that may be null (Kafka distinguishes a null key from "").
struct BytesView {
    const char *data = nullptr;
    std::int64_t size = -1; // -1: null
    bool isNull() const { return size < 0; }
    static BytesView null() { return {}; }
    static BytesView of(const char *d, std::int64_t n) { return {d, n}; }
};

struct HeaderView {
    BytesView name;
    BytesView value;
};

struct EventView {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0; // wall clock when Streamscope received it, µs since epoch
    std::int32_t topicId = -1;  // index into the session's (or reader's) topic list
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::int64_t timestampMs = -1;
    TimestampType timestampType = TimestampType::NotAvailable;
    BytesView key;
    BytesView value;
    std::span<const HeaderView> headers;
};

struct Header {
    QByteArray name;
    std::optional<QByteArray> value; // nullopt: null header value

    friend bool operator==(const Header &, const Header &) = default;
};

struct Event {
    std::int64_t seq = -1;
    std::int64_t arrivalUs = 0;
    QString topic;
    std::int32_t partition = -1;
    std::int64_t offset = -1;
    std::int64_t timestampMs = -1;
    TimestampType timestampType = TimestampType::NotAvailable;
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    QList<Header> headers;

    // Copies a view; topicName resolves view.topicId.
    static Event fromView(const EventView &view, const QString &topicName);

    friend bool operator==(const Event &, const Event &) = default;
};

// The other way: a view of an Event's bytes, valid while the event and
// `headers` (filled here) live; topicId is the caller's numbering.
EventView viewOf(const Event &event, std::int32_t topicId, std::vector<HeaderView> &headers);

// Owning a byte string from a view (a QByteArray that is never "null"
// when the view holds zero bytes, so empty and null stay distinct).
std::optional<QByteArray> toOptionalBytes(BytesView view);

} // namespace streamscope
