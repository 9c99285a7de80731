#pragma once
// Events as CSV (RFC 4180: a header row, CRLF line ends, a field quoted when
// it holds a comma, quote, CR or LF, quotes doubled inside), one row per
// event (docs/export.md):
//
//   seq,arrival_us,topic,partition,offset,tstype,ts,key,key_encoding,
//   payload,payload_encoding,headers,headers_encoding
//
// tstype and ts are empty when the event has no timestamp. A key or payload
// is written as text when it is clean text (valid UTF-8 without NUL), with
// encoding "text"; a null one is an empty field with encoding "null"; other
// bytes are base64 with encoding "base64". headers is the JSON array of
// kcat -J ("name","value",…; null for a null value), or empty when there
// are none; its encoding is "text", or "base64" when every name and value
// in the array is base64 because one was not clean text.

#include "event/event.h"

#include <QByteArray>
#include <QStringList>
#include <vector>

namespace streamscope {

class EventCsvEncoder
{
public:
    explicit EventCsvEncoder(const QStringList &topicNames);

    static QByteArray headerRow(); // with its CRLF
    // Appends the event's row, with its CRLF.
    void append(QByteArray &out, const EventView &event);

private:
    std::vector<QByteArray> m_topicFields; // quoted as needed, with the comma after it
    QByteArray m_scratch;
};

// Appends one CSV field, quoted if it must be (RFC 4180).
void appendCsvField(QByteArray &out, QByteArrayView field);

} // namespace streamscope
