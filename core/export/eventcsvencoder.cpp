#include "export/eventcsvencoder.h"

#include "export/jsontext.h"

namespace streamscope {

namespace {

QByteArrayView viewOf(BytesView b) { return QByteArrayView(b.data, b.isNull() ? 0 : b.size); }

void appendBytesFields(QByteArray &out, BytesView bytes)
{
    if (bytes.isNull()) {
        out.append(",null", 5);
        return;
    }
    if (isCleanText(viewOf(bytes))) {
        appendCsvField(out, viewOf(bytes));
        out.append(",text", 5);
        return;
    }
    out.append(QByteArray::fromRawData(bytes.data, bytes.size).toBase64());
    out.append(",base64", 7);
}

} // namespace

void appendCsvField(QByteArray &out, QByteArrayView field)
{
    bool quote = false;
    for (char c : field) {
        if (c == ',' || c == '"' || c == '\r' || c == '\n') {
            quote = true;
            break;
        }
    }
    if (!quote) {
        out.append(field);
        return;
    }
    out.append('"');
    qsizetype run = 0;
    for (qsizetype i = 0; i < field.size(); ++i) {
        if (field[i] == '"') {
            out.append(field.sliced(run, i + 1 - run));
            out.append('"');
            run = i + 1;
        }
    }
    out.append(field.sliced(run));
    out.append('"');
}

EventCsvEncoder::EventCsvEncoder(const QStringList &topicNames)
{
    for (const QString &name : topicNames) {
        QByteArray field;
        appendCsvField(field, name.toUtf8());
        field.append(',');
        m_topicFields.push_back(field);
    }
}

QByteArray EventCsvEncoder::headerRow()
{
    return QByteArrayLiteral("seq,arrival_us,topic,partition,offset,tstype,ts,key,key_encoding,payload,payload_encoding,"
                             "headers,headers_encoding\r\n");
}

void EventCsvEncoder::append(QByteArray &out, const EventView &event)
{
    out.append(QByteArray::number(qint64(event.seq))).append(',');
    out.append(QByteArray::number(qint64(event.arrivalUs))).append(',');
    if (event.topicId >= 0 && std::size_t(event.topicId) < m_topicFields.size())
        out.append(m_topicFields[std::size_t(event.topicId)]);
    else
        out.append(',');
    out.append(QByteArray::number(event.partition)).append(',');
    out.append(QByteArray::number(qint64(event.offset))).append(',');
    switch (event.timestampType) {
    case TimestampType::CreateTime: out.append("create,"); break;
    case TimestampType::LogAppendTime: out.append("logappend,"); break;
    case TimestampType::NotAvailable: out.append(','); break;
    }
    if (event.timestampType != TimestampType::NotAvailable)
        out.append(QByteArray::number(qint64(event.timestampMs)));
    out.append(',');
    appendBytesFields(out, event.key);
    out.append(',');
    appendBytesFields(out, event.value);
    out.append(',');

    if (event.headers.empty()) {
        out.append(",text\r\n");
        return;
    }
    bool clean = true;
    for (const HeaderView &h : event.headers)
        clean = clean && isCleanText(viewOf(h.name)) && (h.value.isNull() || isCleanText(viewOf(h.value)));
    m_scratch.resize(0);
    m_scratch.append('[');
    bool first = true;
    for (const HeaderView &h : event.headers) {
        if (!first)
            m_scratch.append(',');
        first = false;
        auto append = [&](BytesView b) {
            if (b.isNull())
                m_scratch.append("null", 4);
            else if (clean)
                appendCleanJsonString(m_scratch, viewOf(b));
            else
                appendBase64JsonString(m_scratch, viewOf(b));
        };
        append(h.name.isNull() ? BytesView::of("", 0) : h.name);
        m_scratch.append(',');
        append(h.value);
    }
    m_scratch.append(']');
    appendCsvField(out, m_scratch);
    out.append(clean ? ",text\r\n" : ",base64\r\n");
}

} // namespace streamscope
