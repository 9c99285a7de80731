#pragma once
// Events that exercise every corner of an export format: null and empty keys
// and values, binary bytes, invalid UTF-8 of every kind, NUL, control
// characters, headers with null and binary values, every timestamp type,
// several topics and partitions, a large value. Each carries a unique
// header "n" (its index) so that it can be found again after a round trip.

#include "event/event.h"

#include <QList>

namespace streamscope::test {

inline QList<Event> trickyEvents(std::int64_t firstArrivalUs = 1767225600000000)
{
    QByteArray allBytes;
    for (int b = 0; b < 256; ++b)
        allBytes.append(char(b));
    struct Spec {
        QString topic;
        int partition;
        std::optional<QByteArray> key, value;
        TimestampType type;
        std::int64_t ts;
        QList<Header> headers;
    };
    const auto h = [](const char *name, std::optional<QByteArray> value) { return Header{QByteArray(name), std::move(value)}; };
    const QList<Spec> specs = {
        {QStringLiteral("orders"), 0, QByteArray("k1"), QByteArray(R"({"id":1,"note":"say \"hi\""})"),
         TimestampType::CreateTime, 1767225600123, {h("content-type", QByteArray("application/json"))}},
        {QStringLiteral("orders"), 1, std::nullopt, std::nullopt, TimestampType::LogAppendTime, 1767225600500, {}},
        {QStringLiteral("orders"), 0, QByteArray(""), QByteArray(""), TimestampType::NotAvailable, -1, {}},
        {QStringLiteral("orders"), 2, QByteArray("\xff\xfe", 2), allBytes, TimestampType::CreateTime, 1767225601000,
         {h("bin", QByteArray("\x80\x81\x00\xc3", 4)), h("nullvalue", std::nullopt), h("empty", QByteArray(""))}},
        {QStringLiteral("orders"), 1, QByteArray("nul"), QByteArray("a\0b", 3), TimestampType::CreateTime, 1767225601001, {}},
        {QStringLiteral("orders"), 1, QByteArray("ctl"),
         QByteArray("tab\there\nnew line\r\x01\x1f\x7f \\ / \" , ; \xe2\x80\xa8 \xf0\x9f\x98\x80 \xf4\x8f\xbf\xbf"),
         TimestampType::CreateTime, 0, {h("dup", QByteArray("1")), h("dup", QByteArray("2"))}},
        {QStringLiteral("orders"), 0, QByteArray("\xed\xa0\x80", 3), QByteArray("\xc0\x80 overlong"),
         TimestampType::CreateTime, 1767225602000, {}},
        {QStringLiteral("orders"), 0, QByteArray("\xf4\x90\x80\x80", 4), QByteArray("\xe2\x82"), TimestampType::CreateTime,
         1767225602001, {h("\xff name", QByteArray("v"))}},
        {QStringLiteral("audit.log"), 0, QByteArray("big"), QByteArray(900 * 1024, 'z'), TimestampType::CreateTime,
         1767225603000, {}},
        {QStringLiteral("audit.log"), 3, QByteArray("quote,comma"), QByteArray("\"a\",\"b\"\r\n\"c\""),
         TimestampType::LogAppendTime, 1767225603001, {h("", QByteArray("nameless"))}},
    };
    QList<Event> events;
    std::int64_t offsets[2][4] = {};
    for (int i = 0; i < specs.size(); ++i) {
        const Spec &s = specs[i];
        Event e;
        e.seq = i;
        e.arrivalUs = firstArrivalUs + i * 1000 + (i % 3);
        e.topic = s.topic;
        e.partition = s.partition;
        e.offset = offsets[s.topic == QLatin1String("orders") ? 0 : 1][s.partition]++ * 10 + 5; // gaps, as compaction leaves
        e.timestampType = s.type;
        e.timestampMs = s.ts;
        e.key = s.key;
        e.value = s.value;
        e.headers = s.headers;
        e.headers.append(Header{QByteArray("n"), QByteArray::number(i)});
        events.append(e);
    }
    return events;
}

} // namespace streamscope::test
