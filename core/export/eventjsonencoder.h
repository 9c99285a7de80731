#pragma once
// One event as one line of JSON, in kcat -J's form so that scripts written
// for kcat keep working (docs/export.md):
//
//   {"topic":"t","partition":0,"offset":7,"tstype":"create","ts":1767225601496,
//    "broker":-1,"headers":["name","value","other",null],"key":"k","payload":"v",
//    "seq":12,"arrival_us":1767225601498123}
//
// Field names, order and string escaping are kcat 1.7.1's: tstype and ts
// are left out when the event has no timestamp, headers when it has none;
// broker is -1 (a session does not keep which broker served an event, and
// -1 is what kcat prints when it does not know). A key, payload or header
// that is not clean text (valid UTF-8 without NUL) is written readable with
// U+FFFD in the kcat field and exactly, in base64, in key_b64 / payload_b64 /
// headers_b64 (the whole header array, names and values, null kept null).
// Streamscope's own fields come last: seq and arrival_us.

#include "event/event.h"

#include <QByteArray>
#include <QStringList>
#include <vector>

namespace streamscope {

class EventJsonEncoder
{
public:
    // topicNames resolves EventView::topicId.
    explicit EventJsonEncoder(const QStringList &topicNames);

    // Appends the event's line, with its newline.
    void append(QByteArray &out, const EventView &event);

private:
    std::vector<QByteArray> m_topicFields; // `{"topic":"…","partition":` per topic id
};

} // namespace streamscope
