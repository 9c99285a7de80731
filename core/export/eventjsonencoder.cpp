#include "export/eventjsonencoder.h"

#include "export/jsontext.h"

namespace streamscope {

namespace {

QByteArrayView viewOf(BytesView b) { return QByteArrayView(b.data, b.isNull() ? 0 : b.size); }

void appendInteger(QByteArray &out, std::int64_t n)
{
    char buffer[24];
    char *end = buffer + sizeof buffer;
    char *p = end;
    std::uint64_t u = n < 0 ? 0 - std::uint64_t(n) : std::uint64_t(n);
    do {
        *--p = char('0' + u % 10);
        u /= 10;
    } while (u);
    if (n < 0)
        *--p = '-';
    out.append(p, end - p);
}

// A key or payload: its kcat field value; false when it needs a _b64 field.
bool appendBytesField(QByteArray &out, BytesView bytes)
{
    if (bytes.isNull()) {
        out.append("null", 4);
        return true;
    }
    if (appendCleanJsonString(out, viewOf(bytes)))
        return true;
    appendDisplayJsonString(out, viewOf(bytes));
    return false;
}

} // namespace

EventJsonEncoder::EventJsonEncoder(const QStringList &topicNames)
{
    for (const QString &name : topicNames) {
        QByteArray field = "{\"topic\":";
        const QByteArray utf8 = name.toUtf8();
        if (!appendCleanJsonString(field, utf8))
            appendDisplayJsonString(field, utf8);
        field += ",\"partition\":";
        m_topicFields.push_back(field);
    }
}

void EventJsonEncoder::append(QByteArray &out, const EventView &event)
{
    if (event.topicId >= 0 && std::size_t(event.topicId) < m_topicFields.size())
        out.append(m_topicFields[std::size_t(event.topicId)]);
    else
        out.append("{\"topic\":null,\"partition\":");
    appendInteger(out, event.partition);
    out.append(",\"offset\":", 10);
    appendInteger(out, event.offset);
    switch (event.timestampType) {
    case TimestampType::CreateTime: out.append(",\"tstype\":\"create\",\"ts\":"); break;
    case TimestampType::LogAppendTime: out.append(",\"tstype\":\"logappend\",\"ts\":"); break;
    case TimestampType::NotAvailable: break;
    }
    if (event.timestampType != TimestampType::NotAvailable)
        appendInteger(out, event.timestampMs);
    out.append(",\"broker\":-1", 12);

    bool headersClean = true;
    if (!event.headers.empty()) {
        out.append(",\"headers\":[", 12);
        bool first = true;
        for (const HeaderView &h : event.headers) {
            if (!first)
                out.append(',');
            first = false;
            headersClean &= appendBytesField(out, h.name.isNull() ? BytesView::of("", 0) : h.name);
            out.append(',');
            headersClean &= appendBytesField(out, h.value);
        }
        out.append(']');
    }
    out.append(",\"key\":", 7);
    const bool keyClean = appendBytesField(out, event.key);
    out.append(",\"payload\":", 11);
    const bool valueClean = appendBytesField(out, event.value);

    if (!keyClean) {
        out.append(",\"key_b64\":", 11);
        appendBase64JsonString(out, viewOf(event.key));
    }
    if (!valueClean) {
        out.append(",\"payload_b64\":", 15);
        appendBase64JsonString(out, viewOf(event.value));
    }
    if (!headersClean) {
        out.append(",\"headers_b64\":[", 16);
        bool first = true;
        for (const HeaderView &h : event.headers) {
            if (!first)
                out.append(',');
            first = false;
            appendBase64JsonString(out, viewOf(h.name));
            out.append(',');
            if (h.value.isNull())
                out.append("null", 4);
            else
                appendBase64JsonString(out, viewOf(h.value));
        }
        out.append(']');
    }
    out.append(",\"seq\":", 7);
    appendInteger(out, event.seq);
    out.append(",\"arrival_us\":", 14);
    appendInteger(out, event.arrivalUs);
    out.append("}\n", 2);
}

} // namespace streamscope
