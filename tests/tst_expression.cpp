// The expression language (docs/filter-language.md): every field, literal
// and operator evaluated on hand-built events, the missing-field rule, the
// coercions, errors with their exact columns, hostile input, and the
// documented examples on real demo streams.

#include "demo/demoscenario.h"
#include "expr/expression.h"
#include "expr/jsonfieldpaths.h"

#include <QDateTime>
#include <QTest>

#include <charconv>
#include <cmath>
#include <map>

using namespace streamscope;
using namespace streamscope::expr;

namespace {

const QStringList kTopics = {QStringLiteral("iot.readings"), QStringLiteral("payments"), QStringLiteral("clicks")};

// An event that owns its bytes, and the view of it an EventContext reads.
struct OwnedEvent {
    std::optional<QByteArray> key;
    std::optional<QByteArray> value;
    std::vector<std::pair<QByteArray, std::optional<QByteArray>>> headers;
    EventView view;
    std::vector<HeaderView> headerViews;

    const EventView &make()
    {
        auto bytes = [](const std::optional<QByteArray> &b) {
            return b ? BytesView::of(b->constData(), b->size()) : BytesView::null();
        };
        view.key = bytes(key);
        view.value = bytes(value);
        headerViews.clear();
        for (const auto &[name, v] : headers)
            headerViews.push_back(HeaderView{BytesView::of(name.constData(), name.size()), bytes(v)});
        view.headers = headerViews;
        return view;
    }
};

OwnedEvent baseEvent(int topicId, const std::optional<QByteArray> &key, const std::optional<QByteArray> &value)
{
    OwnedEvent e;
    e.key = key;
    e.value = value;
    e.view.topicId = topicId;
    e.view.partition = 0;
    e.view.offset = 0;
    e.view.seq = 0;
    e.view.timestampMs = -1;
    e.view.timestampType = TimestampType::NotAvailable;
    return e;
}

// The events of the data-driven tests, by name.
std::map<QString, OwnedEvent> makeEvents()
{
    std::map<QString, OwnedEvent> events;

    // A reading as the iot demo writes it (core/demo/iotscenario.cpp).
    const QByteArray reading(R"({"sensor":"sensor-007","site":"cold-store","ts":1767225600000,"seq":12,)"
                             R"("temperature_c":26.5,"humidity_pct":41.5,"pressure_hpa":1013.25,"co2_ppm":612,)"
                             R"("battery_v":3.612,"rssi_dbm":-67,"firmware":"2.4.1","status":"ok"})");
    OwnedEvent iot = baseEvent(0, QByteArray("sensor-007"), reading);
    iot.view.partition = 3;
    iot.view.offset = 42;
    iot.view.seq = 1000;
    iot.view.timestampMs = 1767225601500; // 2026-01-01T00:00:01.500Z
    iot.view.timestampType = TimestampType::CreateTime;
    iot.view.arrivalUs = 1767225601750123;
    iot.headers = {{"content-type", QByteArray("application/json")},
                   {"schema", QByteArray("iot.reading.v1")},
                   {"trace-id", QByteArray("00000000deadbeef")},
                   {"flag", std::nullopt},
                   {"schema", QByteArray("second")}};
    events[QStringLiteral("iot")] = iot;

    // A payment re-delivered by its producer (core/demo/paymentsscenario.cpp).
    OwnedEvent payment = baseEvent(1, QByteArray("card-100037"),
                                   QByteArray(R"({"payment_id":"pay_00000000000000ab","card":"card-100037",)"
                                              R"("amount":120.50,"currency":"EUR","merchant":"Gadget Hub",)"
                                              R"("category":"electronics","channel":"ecom","country":"DE",)"
                                              R"("status":"declined","ts":1767225659000})"));
    payment.view.offset = 7;
    payment.view.seq = 5;
    payment.view.timestampMs = 1767225660000;
    payment.view.timestampType = TimestampType::LogAppendTime;
    payment.view.arrivalUs = 1767225660000000;
    payment.headers = {{"content-type", QByteArray("application/json")}, {"attempt", QByteArray("2")}};
    events[QStringLiteral("payment")] = payment;

    // No \" inside raw strings in this file: Qt 6.4's moc misreads them and
    // finds no test class.
    events[QStringLiteral("nested")] = baseEvent(
        2, QByteArray("k"),
        QByteArray("{\"a\":{\"b\":[10,20,{\"c\":\"deep\"}]},\"odd key\":1,\"quote\\\"key\":2,\"ünï\":\"çødé\","
                   "\"emoji\":\"\\ud83d\\ude00\",\"tags\":[\"x\",\"y\"],\"n\":null,\"t\":true,\"f\":false,"
                   R"("big":9223372036854775807,"ubig":18446744073709551615,"neg":-5,"exp":1.5e3,)"
                   R"("zero":0,"empty":"","obj":{},"arr":[],"num_str":"42","esc":"line\nbreak","in":1,)"
                   R"("mixed":[1,"1",1.0,true,null,{"k":1}]})"));
    events[QStringLiteral("dupkey")] = baseEvent(0, QByteArray("k"), QByteArray(R"({"d":1,"d":2})"));
    events[QStringLiteral("text")] = baseEvent(0, std::nullopt, QByteArray("hello world"));
    events[QStringLiteral("binary")] = baseEvent(0, QByteArray("\xc3\x28", 2), QByteArray("\x00\xff\xfe" "abc", 6));
    events[QStringLiteral("tombstone")] = baseEvent(0, QByteArray("k1"), std::nullopt);
    events[QStringLiteral("empty")] = baseEvent(0, QByteArray(""), QByteArray(""));
    // simdjson 3.0.1 refuses integers beyond 64 bits and invalid UTF-8 in
    // strings: the payload is then not JSON.
    const QByteArray bigint(R"({"id":123456789012345678901234567890,"x":1})");
    events[QStringLiteral("bigint")] = baseEvent(0, QByteArray("k"), bigint);
    events[QStringLiteral("badutf8")] = baseEvent(0, QByteArray("k"), QByteArray("{\"k\":\"\xff\"}"));
    events[QStringLiteral("array")] = baseEvent(0, QByteArray("k"), QByteArray(R"([1,2,{"a":3}])"));
    events[QStringLiteral("scalar")] = baseEvent(0, QByteArray("k"), QByteArray("42"));
    events[QStringLiteral("spaces")] = baseEvent(0, QByteArray("k"), QByteArray("  {\"a\" : 1}\n "));
    events[QStringLiteral("truncated")] = baseEvent(0, QByteArray("k"), QByteArray(R"({"a":1,"b":)"));
    events[QStringLiteral("deepjson")] = baseEvent(0, QByteArray("k"), QByteArray(5000, '[') + QByteArray(5000, ']'));

    OwnedEvent unknown = baseEvent(9, QByteArray("k"), QByteArray("{}"));
    unknown.view.seq = -1;
    unknown.view.partition = -1;
    unknown.view.offset = -1;
    unknown.view.arrivalUs = -1500; // before 1970: arrival rounds down
    events[QStringLiteral("unknown")] = unknown;
    return events;
}

// Values as the tests write them: doubles always with a "." or an exponent,
// so that 5000 (Int) and 5000.0 (Double) differ.
QString render(const Value &v)
{
    switch (v.type()) {
    case Value::Type::Missing:
        return QStringLiteral("missing");
    case Value::Type::Double: {
        QString text = v.toString();
        if (!text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')) && !text.contains(QLatin1String("inf"))
            && !text.contains(QLatin1String("nan")))
            text += QStringLiteral(".0");
        return text;
    }
    case Value::Type::Array:
    case Value::Type::Object:
        return QStringLiteral("json:") + v.toString();
    default:
        return v.toString();
    }
}

Expression compileOrFail(const QString &text)
{
    auto compiled = Expression::compile(text);
    if (auto *error = std::get_if<CompileError>(&compiled)) {
        qWarning("%s: %s", qPrintable(text), qPrintable(error->toString()));
        return {};
    }
    return std::get<Expression>(compiled);
}

std::optional<CompileError> compileError(const QString &text)
{
    auto compiled = Expression::compile(text);
    if (auto *error = std::get_if<CompileError>(&compiled))
        return *error;
    return std::nullopt;
}

} // namespace

namespace streamscope::expr {
// For QCOMPARE's messages.
char *toString(const Value &v) { return qstrdup(qPrintable(v.toString())); }
} // namespace streamscope::expr

class TestExpression : public QObject
{
    Q_OBJECT

private:
    std::map<QString, OwnedEvent> m_events = makeEvents();

    int m_rows = 0;

    void row(const char *expression, const char *event, const char *expected)
    {
        QTest::addRow("%d %s | %s", ++m_rows, event, expression)
            << QString::fromUtf8(expression) << QString::fromLatin1(event) << QString::fromUtf8(expected);
    }

private slots:
    void evaluate_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("event");
        QTest::addColumn<QString>("expected");

        // Every field.
        row("key", "iot", "\"sensor-007\"");
        row("topic", "iot", "\"iot.readings\"");
        row("topic", "payment", "\"payments\"");
        row("partition", "iot", "3");
        row("offset", "iot", "42");
        row("seq", "iot", "1000");
        row("timestamp", "iot", "1767225601500");
        row("timestamp_type", "iot", "\"create\"");
        row("timestamp_type", "payment", "\"log-append\"");
        row("timestamp_type", "text", "\"none\"");
        row("arrival", "iot", "1767225601750");
        row("arrival_us", "iot", "1767225601750123");
        row("arrival", "unknown", "-2");
        row("value contains \"cold-store\"", "iot", "true");
        row("value", "text", "\"hello world\"");
        row("headers.content-type", "iot", "\"application/json\"");
        row("headers.trace-id", "iot", "\"00000000deadbeef\"");
        row("headers.schema", "iot", "\"iot.reading.v1\""); // the first of two
        row("headers.flag", "iot", "null");
        row("headers.nope", "iot", "missing");
        row("headers[\"content-type\"]", "iot", "\"application/json\"");
        row("headers.\"trace-id\"", "iot", "\"00000000deadbeef\"");
        row("headers.attempt", "payment", "\"2\"");
        row("value.temperature_c", "iot", "26.5");
        row("value.co2_ppm", "iot", "612");
        row("value.site", "iot", "\"cold-store\"");

        // Fields an event does not have.
        row("timestamp", "text", "missing");
        row("timestamp exists", "text", "false");
        row("topic", "unknown", "missing");
        row("seq", "unknown", "missing");
        row("partition", "unknown", "missing");
        row("offset", "unknown", "missing");
        row("topic == \"x\"", "unknown", "false");
        row("topic != \"x\"", "unknown", "false");

        // JSON paths.
        row("value.nope", "iot", "missing");
        row("value.site.x", "iot", "missing");
        row("value.co2_ppm[0]", "iot", "missing");
        row("value.a.b[0]", "nested", "10");
        row("value.a.b[2].c", "nested", "\"deep\"");
        row("value.a.b[-1].c", "nested", "\"deep\"");
        row("value.a.b[-3]", "nested", "10");
        row("value.a.b[-4]", "nested", "missing");
        row("value.a.b[3]", "nested", "missing");
        row("value.a.b[ 1 ]", "nested", "20");
        row("value.a.b", "nested", "json:[10,20,{\"c\":\"deep\"}]");
        row("value.a", "nested", "json:{\"b\":[10,20,{\"c\":\"deep\"}]}");
        row("value.a.b == value.a.b", "nested", "true");
        row("value.a == value.tags", "nested", "false");
        row("value.\"odd key\"", "nested", "1");
        row("value[\"odd key\"]", "nested", "1");
        row("value[\"quote\\\"key\"]", "nested", "2");
        row("value.\"quote\\\"key\"", "nested", "2");
        row("value.ünï", "nested", "\"çødé\"");
        row("value.\"ünï\" == \"çødé\"", "nested", "true");
        row("value[\"\\u00fcn\\u00ef\"]", "nested", "\"çødé\"");
        row("value.emoji == \"😀\"", "nested", "true");
        row("value.emoji == \"\\ud83d\\ude00\"", "nested", "true");
        row("value.emoji == \"\\xf0\\x9f\\x98\\x80\"", "nested", "true");
        row("value.tags[1]", "nested", "\"y\"");
        row("value.in", "nested", "1");
        row("value.d", "dupkey", "1"); // the first of duplicate keys
        row("value.esc == \"line\\nbreak\"", "nested", "true");
        row("value.n", "nested", "null");
        row("value.t", "nested", "true");
        row("value.f", "nested", "false");
        row("value.obj", "nested", "json:{}");
        row("value.arr", "nested", "json:[]");
        row("value.empty", "nested", "\"\"");
        row("value[0]", "array", "1");
        row("value[2].a", "array", "3");
        row("value[-1].a", "array", "3");
        row("value.a", "array", "missing");
        row("value.a", "spaces", "1");

        // Numbers from JSON: int64, beyond it, exponents.
        row("value.big", "nested", "9223372036854775807");
        row("value.big == 9223372036854775807", "nested", "true");
        row("value.big + 1", "nested", "9223372036854775808.0"); // overflow: a decimal
        row("value.ubig", "nested", "18446744073709551616.0");
        row("value.ubig > value.big", "nested", "true");
        row("value.neg", "nested", "-5");
        row("-value.neg", "nested", "5");
        row("value.exp", "nested", "1500.0");
        row("value.exp == 1500", "nested", "true");
        row("value.exp == 1.5e3", "nested", "true");
        row("value.zero", "nested", "0");

        // Payloads that are not JSON: value.* is missing, value is bytes.
        row("value.a", "text", "missing");
        row("value.a == 1", "text", "false");
        row("value.a != 1", "text", "false");
        row("!(value.a == 1)", "text", "true");
        row("value.a exists", "text", "false");
        row("!(value.a exists)", "text", "true");
        row("value.a < 1 || partition == 0", "text", "true");
        row("value == \"hello world\"", "text", "true");
        row("value contains \"world\"", "text", "true");
        row("value matches \"^hello\"", "text", "true");
        row("key", "text", "null");
        row("key == null", "text", "true");
        row("key exists", "text", "true");
        row("value.x", "bigint", "missing");
        row("value contains \"\\\"x\\\":1\"", "bigint", "true");
        row("value.k", "badutf8", "missing");
        row("value.a", "truncated", "missing");
        row("value[0]", "deepjson", "missing");
        row("value > 40", "scalar", "true");
        row("value == 42", "scalar", "true");
        row("value + 1", "scalar", "43");
        row("value.x", "scalar", "missing");

        // Binary and invalid UTF-8 values and keys.
        row("value contains \"\\x00\\xff\"", "binary", "true");
        row("value == \"\\x00\\xff\\xfeabc\"", "binary", "true");
        row("value matches \"abc$\"", "binary", "true");
        row("key == \"\\xc3\\x28\"", "binary", "true");
        row("value.a", "binary", "missing");

        // Null value (a tombstone) and empty value.
        row("value", "tombstone", "null");
        row("value == null", "tombstone", "true");
        row("value exists", "tombstone", "true");
        row("value.a", "tombstone", "missing");
        row("value contains \"x\"", "tombstone", "false");
        row("key == \"k1\" && value == null", "tombstone", "true");
        row("value == \"\"", "empty", "true");
        row("value == null", "empty", "false");
        row("!value", "empty", "true");
        row("value.a", "empty", "missing");
        row("key == \"\"", "empty", "true");

        // Literals.
        row("42", "iot", "42");
        row("-42", "iot", "-42");
        row("4.25", "iot", "4.25");
        row("1e3", "iot", "1000.0");
        row("1E-2", "iot", "0.01");
        row("2.5e+2", "iot", "250.0");
        row("0", "iot", "0");
        row("9223372036854775807", "iot", "9223372036854775807");
        row("-9223372036854775808", "iot", "-9223372036854775808");
        row("\"a\\\"b\\\\c\"", "iot", "\"a\\\"b\\\\c\"");
        row("\"\\u00e9\" == \"é\"", "iot", "true");
        row("\"\\x41\\t\" == \"A\\u0009\"", "iot", "true");
        row("\"\\/\" == \"/\"", "iot", "true");
        row("r\"a\\d\" == \"a\\\\d\"", "iot", "true");
        row("true", "iot", "true");
        row("false", "iot", "false");
        row("null", "iot", "null");
        // Durations, in milliseconds.
        row("5s", "iot", "5000");
        row("250ms", "iot", "250");
        row("1m", "iot", "60000");
        row("2h", "iot", "7200000");
        row("1d", "iot", "86400000");
        row("10us", "iot", "0.01");
        row("3µs", "iot", "0.003");
        row("1500us", "iot", "1.5");
        row("2000us", "iot", "2");
        row("1.5s", "iot", "1500");
        row("0.5ms", "iot", "0.5");
        row("1h30m", "iot", "5400000");
        row("1m30s500ms", "iot", "90500");
        row("-5s", "iot", "-5000");
        row("5s == 5000", "iot", "true");
        // ISO-8601 times, in epoch milliseconds.
        row("2026-01-01T00:00:00Z", "iot", "1767225600000");
        row("2026-01-01T00:00:00.250+01:00", "iot", "1767222000250");
        row("2026-01-01T00:00:00+0100", "iot", "1767222000000");
        row("2026-01-01T00:00:00+01", "iot", "1767222000000");
        row("2026-01-01T10:42Z", "iot", "1767264120000");
        row("2026-01-01t00:00:00z", "iot", "1767225600000");
        row("1970-01-01T00:00:00Z", "iot", "0");
        row("1969-12-31T23:59:59.999Z", "iot", "-1");
        row("2026-01-01T00:00:00.000001Z", "iot", "1767225600000.001");
        row("2026-01-01T00:00:00.5Z", "iot", "1767225600500");

        // Arithmetic and precedence.
        row("1 + 2 * 3", "iot", "7");
        row("(1 + 2) * 3", "iot", "9");
        row("10 - 4 - 3", "iot", "3");
        row("2 * 3 % 4", "iot", "2");
        row("7 / 2", "iot", "3");
        row("-7 / 2", "iot", "-3");
        row("7 % 3", "iot", "1");
        row("-7 % 3", "iot", "-1");
        row("7 / 2.0", "iot", "3.5");
        row("7.5 % 2", "iot", "1.5");
        row("1 / 0", "iot", "missing");
        row("1 % 0", "iot", "missing");
        row("1.0 / 0", "iot", "missing");
        row("1 / 0 == 1 / 0", "iot", "false");
        row("9223372036854775807 + 1", "iot", "9223372036854775808.0");
        row("-9223372036854775808 / -1", "iot", "9223372036854775808.0");
        row("-9223372036854775808 % -1", "iot", "0");
        row("- -3", "iot", "3");
        row("--3", "iot", "3");
        row("-(2 + 3)", "iot", "-5");
        row("-2 * -3 == 6", "iot", "true");
        row("partition * 2 + 1 == 7", "iot", "true");
        row("1 + 2 == 3", "iot", "true");
        row("\"5\" + 1", "iot", "6");
        row("\"5\" * \"2\"", "iot", "10");
        row("key + 1", "iot", "missing");
        row("-key", "iot", "missing");
        row("value.nope + 1", "iot", "missing");
        row("timestamp - value.ts", "iot", "1500");
        row("timestamp - value.ts > 1s", "iot", "true");
        row("timestamp >= 2026-01-01T00:00:00Z", "iot", "true");
        row("arrival - timestamp", "iot", "250");
        row("arrival_us % 1000", "iot", "123");
        row("timestamp / 1m", "iot", "29453760");

        // Comparisons and types.
        row("1 < 2", "iot", "true");
        row("2 <= 2", "iot", "true");
        row("3 > 2", "iot", "true");
        row("2 >= 3", "iot", "false");
        row("1 == 1.0", "iot", "true");
        row("1 != 1.0", "iot", "false");
        row("9007199254740993 == 9007199254740992.0", "iot", "false");
        row("9007199254740993 > 9007199254740992.0", "iot", "true");
        row("\"a\" < \"b\"", "iot", "true");
        row("\"B\" < \"a\"", "iot", "true");
        row("\"é\" > \"z\"", "iot", "true");
        row("\"10\" < \"9\"", "iot", "true");
        row("\"10\" < 9", "iot", "false");
        row("\"007\" == 7", "iot", "false");
        row("\" 7\" == 7", "iot", "false");
        row("\"abc\" == 1", "iot", "false");
        row("\"abc\" != 1", "iot", "true");
        row("\"abc\" < 1", "iot", "false");
        row("\"abc\" >= 1", "iot", "false");
        row("true == true", "iot", "true");
        row("true == 1", "iot", "false");
        row("\"true\" == true", "iot", "false");
        row("true < false", "iot", "false");
        row("true > false", "iot", "false");
        row("null == null", "iot", "true");
        row("null != 1", "iot", "true");
        row("null < 1", "iot", "false");
        row("value.n == null", "nested", "true");
        row("value.n exists", "nested", "true");
        row("value.nope == null", "nested", "false");
        row("value.nope != null", "nested", "false");
        row("value.t == true", "nested", "true");
        row("value.num_str == 42", "nested", "true");
        row("value.num_str > 41.5", "nested", "true");
        row("value.num_str == \"42\"", "nested", "true");
        row("value.num_str + 1", "nested", "43");
        row("key == \"sensor-007\"", "iot", "true");
        row("value.site == \"cold-store\"", "iot", "true");
        row("value.temperature_c > 25", "iot", "true");
        row("value.temperature_c > 25 && value.site == \"cold-store\"", "iot", "true");

        // Logic and the missing rule.
        row("true && false", "iot", "false");
        row("true || false", "iot", "true");
        row("!true", "iot", "false");
        row("not true", "iot", "false");
        row("true and not false", "iot", "true");
        row("false or true", "iot", "true");
        row("!1", "iot", "false");
        row("!0", "iot", "true");
        row("!\"\"", "iot", "true");
        row("!\"x\"", "iot", "false");
        row("!null", "iot", "true");
        row("!value.nope", "iot", "true");
        row("true && value.nope", "iot", "false");
        row("value.nope || true", "iot", "true");
        row("value.zero", "nested", "0");
        row("!value.zero", "nested", "true");
        row("!value.empty", "nested", "true");
        row("!value.obj", "nested", "false");
        row("!partition == 3", "iot", "false");
        row("not partition == 4", "iot", "true");
        row("partition == 3 || partition == 4 && false", "iot", "true");
        row("(partition == 3 || partition == 4) && false", "iot", "false");
        row("!true || true", "iot", "true");
        row("!(true || true)", "iot", "false");
        row("!!true", "iot", "true");
        row("partition == 1 || partition == 2 || partition == 3", "iot", "true");
        row("partition == 3 && offset == 42 && seq == 1000 && key == \"sensor-007\"", "iot", "true");

        // in, contains, matches, exists.
        row("partition in {1, 2, 3}", "iot", "true");
        row("partition in {}", "iot", "false");
        row("partition not in {1, 2}", "iot", "true");
        row("partition not in {3}", "iot", "false");
        row("value.nope in {1}", "iot", "false");
        row("value.nope not in {1}", "iot", "false");
        row("!(value.nope in {1})", "iot", "true");
        row("partition in {1..3}", "iot", "true");
        row("partition in {4..10, 0}", "iot", "false");
        row("partition in {0, 3..3}", "iot", "true");
        row("value.site in {\"plant-a\", \"cold-store\"}", "iot", "true");
        row("value.site in {\"a\"..\"d\"}", "iot", "true");
        row("value.temperature_c in {20..30}", "iot", "true");
        row("value.temperature_c in {26.5}", "iot", "true");
        row("timestamp in {2026-01-01T00:00:00Z..2026-01-01T00:00:02Z}", "iot", "true");
        row("headers.attempt in {2, 3}", "payment", "true");
        row("partition in {value.co2_ppm - 609}", "iot", "true");
        row("key contains \"007\"", "iot", "true");
        row("value.site contains \"cold\"", "iot", "true");
        row("value.site contains \"\"", "iot", "true");
        row("value.site contains \"COLD\"", "iot", "false");
        row("value.co2_ppm contains \"6\"", "iot", "false");
        row("value.site contains 1", "iot", "false");
        row("value.tags contains \"x\"", "nested", "true");
        row("value.tags contains \"z\"", "nested", "false");
        row("value.mixed contains 1", "nested", "true");
        row("value.mixed contains null", "nested", "true");
        row("value.a.b contains 20.0", "nested", "true");
        row("value.esc contains \"\\n\"", "nested", "true");
        row("value.nope contains \"x\"", "nested", "false");
        row("key matches \"^sensor-0[0-9]+$\"", "iot", "true");
        row("key matches r\"^sensor-\\d{3}$\"", "iot", "true");
        row("value.site matches \"(?i)COLD\"", "iot", "true");
        row("value.site matches \"COLD\"", "iot", "false");
        row("value.site matches r\"^\\w+-\\w+$\"", "iot", "true");
        row("value.co2_ppm matches \"6\"", "iot", "false");
        row("value.nope matches \".*\"", "iot", "false");
        row("value.ünï matches \"^ç.dé$\"", "nested", "true");
        row("headers.trace-id exists", "iot", "true");
        row("headers.attempt exists", "iot", "false");
        row("headers.attempt exists", "payment", "true");
        row("value.nope exists", "iot", "false");
        row("value.site exists", "iot", "true");
        row("value.a exists", "nested", "true");
        row("!value.site exists", "iot", "false");
        row("not headers.attempt exists", "iot", "true");
        row("(value.co2_ppm + 1) exists", "iot", "true");
        row("(value.nope + 1) exists", "iot", "false");
        row("timestamp exists", "iot", "true");

        // The payments example of docs/filter-language.md.
        row("value.amount >= 100 && headers.attempt exists", "payment", "true");
        row("headers.attempt == 2", "payment", "true");
        row("headers.attempt > 1", "payment", "true");
        row("headers.attempt == \"2\"", "payment", "true");
        row("value.status == \"declined\" && topic == \"payments\"", "payment", "true");
    }

    void evaluate()
    {
        QFETCH(QString, expression);
        QFETCH(QString, event);
        QFETCH(QString, expected);
        auto compiled = Expression::compile(expression);
        if (auto *error = std::get_if<CompileError>(&compiled))
            QFAIL(qPrintable(error->toString()));
        const Expression &e = std::get<Expression>(compiled);
        QVERIFY(m_events.count(event));
        EventContext context(kTopics);
        context.setEvent(m_events[event].make());
        const Value v = e.evaluate(context);
        QCOMPARE(render(v), expected);
        QCOMPARE(e.matches(context), v.truthy());
        QCOMPARE(e.text(), expression);
    }

    void errors_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("column");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");

        int rows = 0;
        auto add = [&rows](const char *expression, int column, int length, const char *message) {
            QTest::addRow("%d %s", ++rows, expression)
                << QString::fromUtf8(expression) << column << length << QString::fromUtf8(message);
        };
        add("", 1, 1, "the expression is empty");
        add("   ", 1, 1, "the expression is empty");
        add("partition ==", 13, 1, "expected a value after \"==\", found end of input");
        add("value.temperature_c >", 22, 1, "expected a value after \">\", found end of input");
        add("partition == 3 and", 19, 1, "expected a value after \"and\", found end of input");
        add("!", 2, 1, "expected a value after \"!\", found end of input");
        add("()", 2, 1, "expected a value after \"(\", found \")\"");
        add("partition == && true", 14, 2, "expected a value after \"==\", found \"&&\"");
        add("and", 1, 3, "expected a field or a value, found \"and\"");
        add("(partition == 3", 16, 1, "expected \")\" to close the \"(\" at column 1, found end of input");
        add("((partition == 3)", 18, 1, "expected \")\" to close the \"(\" at column 1, found end of input");
        add("partition == 3)", 15, 1, "unexpected \")\" without a matching \"(\"");
        add("\"abc\\q\"", 5, 2, "unknown escape \"\\q\" in a string");
        add("key == \"abc", 8, 4, "the string is not closed");
        add("\"\\x4\"", 2, 2, "\"\\x\" needs two hex digits");
        add("\"\\u12\"", 2, 2, "\"\\u\" needs four hex digits");
        add("\"\\ud800\"", 2, 6, "starts a surrogate pair");
        add("\"\\udc00\"", 2, 6, "is half of a surrogate pair");
        add("vaule.x == 1", 1, 5, "unknown field \"vaule\"; did you mean \"value\"?");
        add("partiton == 3", 1, 8, "unknown field \"partiton\"; did you mean \"partition\"?");
        add("timestmp > 0", 1, 8, "did you mean \"timestamp\"?");
        add("arrivalus > 0", 1, 9, "did you mean \"arrival_us\"?");
        add("temperature_c > 25", 1, 13, "fields of the JSON payload are written value.temperature_c");
        add("value.site == cold", 15, 4, "to compare with text, quote it: \"cold\"");
        add("partition == 3 foo", 16, 3, "unexpected \"foo\" after a complete expression; combine conditions with && or ||");
        add("partition == 3 4", 16, 1, "unexpected \"4\" after a complete expression");
        add("partition == 3 AND true", 16, 3, "keywords are lower case: write \"and\"");
        add("partition == 3 && NOT true", 19, 3, "keywords are lower case: write \"not\"");
        add("key contain \"x\"", 5, 7, "unexpected \"contain\"; did you mean \"contains\"?");
        add("key matches \"(\"", 15, 1, "invalid regular expression: missing closing parenthesis");
        add("key matches r\"a(b\"", 18, 1, "invalid regular expression: missing closing parenthesis");
        add("key matches \"\\\\d(\"", 13, 6, "invalid regular expression");
        add("key matches \"x{2,1}\"", 19, 1, "invalid regular expression: numbers out of order");
        add("key matches 5", 13, 1, "expected a regular expression in quotes after \"matches\"");
        add("key matches value", 13, 5, "expected a regular expression in quotes after \"matches\"");
        add("timestamp > 2026-13-01T00:00:00Z", 18, 2, "month 13 is out of range in 2026-13-01");
        add("timestamp > 2026-02-29T00:00:00Z", 21, 2, "day 29 is out of range in 2026-02-29");
        add("timestamp > 2026-01-01", 23, 1, "a time needs a time of day and a zone after the date: 2026-01-01T00:00:00Z");
        add("timestamp > 2026-01-01T00:00:00", 32, 1,
            "time 2026-01-01T00:00:00 needs a zone: add Z for UTC or an offset like +01:00");
        add("timestamp > 2026-01-01T24:00:00Z", 24, 2, "hour 24 is out of range");
        add("timestamp > 2026-01-01T00:60:00Z", 27, 2, "minute 60 is out of range");
        add("timestamp > 2026-01-01T00:00:60Z", 30, 2, "leap seconds are not supported");
        add("timestamp > 2026-01-01T00:00:00.Z", 33, 1, "expected digits of a fraction of a second");
        add("timestamp > 2026-01-01T00:00:00.1234567891Z", 33, 10, "at most 9 digits");
        add("timestamp > 2026-01-01T00:00:00+25:00", 32, 6, "offset +25:00 is out of range");
        add("timestamp > 2026-01-01T00Z", 24, 1, "expected hours and minutes after \"T\"");
        add("timestamp > 2026-01-01T00:00:00Zx", 33, 1, "unexpected \"x\" after the time");
        add("5 = 5", 3, 1, "use \"==\" to compare");
        add("true & false", 6, 1, "use \"&&\"");
        add("true | false", 6, 1, "use \"||\"");
        add("exists value.user", 1, 6, "\"exists\" goes after what it tests: write value.user exists");
        add("1 < partition < 5", 15, 1, "comparisons cannot be chained");
        add("key == \"a\" == true", 12, 2, "comparisons cannot be chained");
        add("value.a exists exists", 16, 6, "comparisons cannot be chained");
        add("partition in 1, 2", 14, 1, "expected \"{\" after \"in\"");
        add("partition in {1, 2", 19, 1, "expected \",\" or \"}\" in the set opened at column 14, found end of input");
        add("partition in {1 2}", 17, 1, "expected \",\" or \"}\" in the set opened at column 14, found \"2\"");
        add("value. == 1", 6, 1, "expected a name after \".\"");
        add("value[abc]", 7, 1, "expected an index or a quoted name inside [ ]");
        add("value[1", 8, 1, "expected \"]\" to close the \"[\" at column 6");
        add("value[99999999999999999999]", 7, 20, "the index 99999999999999999999 is too large");
        add("value .a", 7, 1, "a field path has no spaces");
        add("topic.name == \"x\"", 6, 5, "\"topic\" has no fields");
        add("headers == 1", 1, 7, "expected a header name: headers.NAME");
        add("headers[0]", 8, 3, "headers are found by name");
        add("headers.\"a\".b", 8, 6, "a header's value is bytes, not JSON");
        add("5min > 1", 2, 3, "unknown unit \"min\" after 5; durations take us, ms, s, m, h or d (minutes are m)");
        add("5x", 2, 1, "unknown unit \"x\" after 5");
        add("1h30", 5, 1, "expected a unit after 30 in a duration");
        add("12_000", 3, 1, "unexpected \"_\" after the number 12");
        add("99999999999999999999 > 1", 1, 20, "the integer 99999999999999999999 does not fit in 64 bits");
        add("-99999999999999999999", 2, 20, "does not fit in 64 bits");
        add("1e400 > 1", 1, 5, "the number 1e400 is out of range for a decimal");
        add("partition == 'x'", 14, 1, "strings are written in double quotes");
        add(".5 > 0", 1, 1, "write a leading zero: 0.5");
        add("partition == 3 #", 16, 1, "unexpected character \"#\"");
        add("value.a not exists", 9, 3, "\"not\" goes before what it negates: write !(value.a exists)");
        add("1 + !true", 5, 1, "expected a value after \"+\", found \"!\"");
        add("+1", 1, 1, "expected a field or a value, found \"+\"");
        add("\"😀\" ==", 7, 1, "expected a value after \"==\", found end of input");
        add("\"😀\" == 😀", 8, 1, "unexpected character \"😀\"");
    }

    void errors()
    {
        QFETCH(QString, expression);
        QFETCH(int, column);
        QFETCH(int, length);
        QFETCH(QString, message);
        const auto error = compileError(expression);
        QVERIFY2(error, "compiled, but should not");
        QVERIFY2(error->message.contains(message), qPrintable(error->toString()));
        QCOMPARE(error->column, column);
        QCOMPARE(error->length, length);
        QVERIFY(error->toString().startsWith(QStringLiteral("column %1: ").arg(column)));
    }

    void errorPositionsForEditors()
    {
        // QString positions differ from columns after an emoji (two UTF-16 units).
        const auto error = compileError(QStringLiteral("\"😀\" =="));
        QVERIFY(error);
        QCOMPARE(error->column, 7);
        QCOMPARE(error->position, 7);
        QCOMPARE(error->positionLength, 1);
        const auto plain = compileError(QStringLiteral("partition =="));
        QVERIFY(plain);
        QCOMPARE(plain->position, plain->column - 1);
        QCOMPARE(error->toString(), QStringLiteral("column 7: expected a value after \"==\", found end of input"));
    }

    void timesAgreeWithQDateTime_data()
    {
        QTest::addColumn<QString>("text");
        for (const char *t : {"2026-01-01T00:00:00Z", "2024-02-29T12:00:00-05:30", "2000-03-01T23:59:59.999+14:00",
                              "1999-12-31T23:59:59Z", "1900-01-01T00:00:00Z", "2100-12-31T12:34:56.789-11:45",
                              "1969-07-20T20:17:40Z", "2038-01-19T03:14:08Z", "9999-12-31T23:59:59.999Z",
                              "0001-01-01T00:00:00Z"})
            QTest::addRow("%s", t) << QString::fromLatin1(t);
    }

    void timesAgreeWithQDateTime()
    {
        QFETCH(QString, text);
        const Expression e = compileOrFail(text);
        QVERIFY(!e.isNull());
        EventContext context(kTopics);
        context.setEvent(m_events["iot"].make());
        const QDateTime reference = QDateTime::fromString(text, Qt::ISODateWithMs);
        QVERIFY(reference.isValid());
        QCOMPARE(e.evaluate(context), Value::fromInt(reference.toMSecsSinceEpoch()));
    }

    void metadataComparisonsAgreeWithTheGeneralPath()
    {
        // "field op whole number" on metadata is answered without building
        // Values (Evaluator::comparison); the same comparison written so it
        // takes the general path — the literal first, or the field in
        // arithmetic — must agree on every operator, value and absent field.
        OwnedEvent present = baseEvent(0, std::nullopt, std::nullopt);
        present.view.partition = 3;
        present.view.offset = 42;
        present.view.seq = 1000;
        present.view.arrivalUs = 1767225601750123;
        OwnedEvent absent = baseEvent(0, std::nullopt, std::nullopt);
        absent.view.partition = -1;
        absent.view.offset = -1;
        absent.view.seq = -1;
        const QStringList fields = {QStringLiteral("partition"), QStringLiteral("offset"), QStringLiteral("seq"),
                                    QStringLiteral("arrival_us")};
        const QList<std::pair<QString, QString>> operators = {{"==", "=="}, {"!=", "!="}, {"<", ">"},
                                                              {"<=", ">="}, {">", "<"},   {">=", "<="}};
        const QStringList literals = {QStringLiteral("-1"), QStringLiteral("0"), QStringLiteral("3"),
                                      QStringLiteral("42"), QStringLiteral("1000"),
                                      QStringLiteral("1767225601750123"), QStringLiteral("9223372036854775807")};
        int matched = 0, checked = 0;
        for (OwnedEvent *event : {&present, &absent}) {
            EventContext context(kTopics);
            context.setEvent(event->make());
            for (const QString &field : fields)
                for (const auto &[op, mirrored] : operators)
                    for (const QString &literal : literals) {
                        const QString fast = field + u' ' + op + u' ' + literal;
                        const bool answer = compileOrFail(fast).matches(context);
                        QCOMPARE(answer, compileOrFail(literal + u' ' + mirrored + u' ' + field).matches(context));
                        QCOMPARE(answer, compileOrFail(field + QStringLiteral(" + 0 ") + op + u' ' + literal).matches(context));
                        QCOMPARE(compileOrFail(fast).evaluate(context), Value::fromBool(answer));
                        if (event == &absent && field != QStringLiteral("arrival_us"))
                            QVERIFY2(!answer, qPrintable(fast + QStringLiteral(" on an event without it")));
                        matched += answer;
                        ++checked;
                    }
        }
        // Neither all true nor all false: the comparisons really compare.
        QVERIFY(matched > checked / 4 && matched < checked * 3 / 4);
    }

    void missingNeverThrowsOnAnyEvent()
    {
        // Every operator over every kind of event: no exception, no crash,
        // and the rule "a comparison with Missing is false" holds.
        const QStringList expressions = {
            QStringLiteral("value.a.b[2].c == \"deep\""), QStringLiteral("value.nope != 1"),
            QStringLiteral("value.nope < 1"), QStringLiteral("value.nope >= value.nope"),
            QStringLiteral("value.nope in {1..2}"), QStringLiteral("value.nope not in {1}"),
            QStringLiteral("value.nope contains \"x\""), QStringLiteral("value.nope matches \"x\""),
            QStringLiteral("1 == value.nope"), QStringLiteral("value.nope == value.nope"),
            QStringLiteral("headers.nope == null"), QStringLiteral("value.nope / 0 == value.nope")};
        for (auto &[name, event] : m_events) {
            EventContext context(kTopics);
            context.setEvent(event.make());
            for (const QString &text : expressions) {
                const Expression e = compileOrFail(text);
                QVERIFY(!e.isNull());
                const Value v = e.evaluate(context);
                QVERIFY2(v.isBool(), qPrintable(text));
                if (text != expressions.front())
                    QVERIFY2(!v.boolValue(), qPrintable(name + QStringLiteral(": ") + text));
            }
        }
    }

    void payloadParsedAtMostOncePerEvent()
    {
        EventContext context(kTopics);
        context.setEvent(m_events["nested"].make());
        const Expression a = compileOrFail(
            QStringLiteral("value.a.b[0] == 10 && value.tags contains \"x\" && value.\"odd key\" == 1"));
        const Expression b = compileOrFail(QStringLiteral("value.t"));
        const Expression metadata = compileOrFail(QStringLiteral("partition == 0 && key == \"k\""));
        const Expression raw = compileOrFail(QStringLiteral("value contains \"deep\""));
        const Expression shortCircuit = compileOrFail(QStringLiteral("false && value.a exists || true || value.t"));
        QCOMPARE(context.jsonParseCount(), 0);
        QVERIFY(metadata.matches(context));
        QVERIFY(raw.matches(context));
        QVERIFY(shortCircuit.matches(context));
        // Operands that need no parse are tested first, wherever they are written.
        const Expression cheapFirst = compileOrFail(QStringLiteral("value.a exists && partition == 99"));
        QVERIFY(!cheapFirst.matches(context));
        QVERIFY(compileOrFail(QStringLiteral("value.nope exists || key matches \"^k$\" || key == \"k\"")).matches(context));
        QCOMPARE(context.jsonParseCount(), 0); // nothing read value.*
        QVERIFY(a.matches(context));
        QVERIFY(b.matches(context));
        QCOMPARE(context.jsonParseCount(), 1);
        context.setEvent(m_events["iot"].make());
        QVERIFY(!a.matches(context));
        QVERIFY(!b.matches(context));
        QCOMPARE(context.jsonParseCount(), 2);
        // A payload that is not JSON is tried once too.
        context.setEvent(m_events["text"].make());
        QVERIFY(!a.matches(context));
        QVERIFY(!b.matches(context));
        QCOMPARE(context.jsonParseCount(), 3);
    }

    void usesValue()
    {
        QVERIFY(!compileOrFail(QStringLiteral("partition == 3")).usesValue());
        QVERIFY(!compileOrFail(QStringLiteral("headers.attempt exists && key == \"x\"")).usesValue());
        QVERIFY(compileOrFail(QStringLiteral("value contains \"x\"")).usesValue());
        QVERIFY(!compileOrFail(QStringLiteral("value contains \"x\"")).usesJson());
        QVERIFY(compileOrFail(QStringLiteral("partition == 3 || value.a == 1")).usesValue());
        QVERIFY(compileOrFail(QStringLiteral("partition == 3 || value.a == 1")).usesJson());
        QVERIFY(compileOrFail(QStringLiteral("value.in exists")).usesJson());
    }

    void valuesLiveUntilTheNextEvent()
    {
        EventContext context(kTopics);
        context.setEvent(m_events["iot"].make());
        const Expression site = compileOrFail(QStringLiteral("value.site"));
        const Value kept = site.evaluate(context).owned();
        context.setEvent(m_events["nested"].make());
        QCOMPARE(compileOrFail(QStringLiteral("value.a.b[2].c")).evaluate(context), Value::fromString("deep"));
        QCOMPARE(kept, Value::fromString("cold-store"));
        QCOMPARE(kept.bytes(), QByteArrayView("cold-store"));
    }

    void contextsMove()
    {
        std::vector<EventContext> contexts;
        contexts.emplace_back(kTopics);
        contexts.emplace_back(kTopics); // moves the first
        contexts[0].setEvent(m_events["iot"].make());
        QVERIFY(compileOrFail(QStringLiteral("value.site == \"cold-store\" && topic == \"iot.readings\"")).matches(contexts[0]));
        EventContext moved = std::move(contexts[0]);
        QVERIFY(compileOrFail(QStringLiteral("value.co2_ppm == 612")).matches(moved));
        QCOMPARE(moved.jsonParseCount(), 1);
    }

    void nullExpression()
    {
        const Expression e;
        QVERIFY(e.isNull());
        EventContext context(kTopics);
        context.setEvent(m_events["iot"].make());
        QVERIFY(e.evaluate(context).isMissing());
        QVERIFY(!e.matches(context));
        QVERIFY(!e.usesValue());
    }

    void valueHelpers()
    {
        QCOMPARE(Value::fromInt(5).toInt64(), 5);
        QCOMPARE(Value::fromDouble(2.5).toInt64(), 3);
        QCOMPARE(Value::fromDouble(-2.5).toInt64(), -3);
        QCOMPARE(Value::fromDouble(1e19).toInt64(), std::nullopt);
        QCOMPARE(Value::fromDouble(std::nan("")).toInt64(), std::nullopt);
        QCOMPARE(Value::fromString("42").toInt64(), 42);
        QCOMPARE(Value::fromString("4.6").toInt64(), 5);
        QCOMPARE(Value::fromString("x").toInt64(), std::nullopt);
        QCOMPARE(Value::fromBool(true).toInt64(), std::nullopt);
        QCOMPARE(Value().toInt64(), std::nullopt);
        QCOMPARE(Value::null().toInt64(), std::nullopt);
        QCOMPARE(Value::fromInt(3).toDouble(), 3.0);
        QCOMPARE(Value::fromString("1e3").toDouble(), 1000.0);
        QCOMPARE(Value::fromString(" 1").toDouble(), std::nullopt);

        QCOMPARE(Value::fromInt(3).toKeyBytes(), QByteArray("3"));
        QCOMPARE(Value::fromDouble(3.0).toKeyBytes(), QByteArray("3"));
        QCOMPARE(Value::fromDouble(21.5).toKeyBytes(), QByteArray("21.5"));
        QCOMPARE(Value::fromDouble(0.1).toKeyBytes(), QByteArray("0.1"));
        QCOMPARE(Value::fromString("abc").toKeyBytes(), QByteArray("abc"));
        QCOMPARE(Value::fromBool(false).toKeyBytes(), QByteArray("false"));
        QCOMPARE(Value::null().toKeyBytes(), QByteArray("null"));
        QVERIFY(Value().toKeyBytes().isNull());
        EventContext context(kTopics);
        context.setEvent(m_events["nested"].make());
        const QByteArray objectJson(R"({"b":[10,20,{"c":"deep"}]})");
        const QByteArray arrayJson(R"([1,"1",1.0,true,null,{"k":1}])");
        QCOMPARE(compileOrFail(QStringLiteral("value.a")).evaluate(context).toKeyBytes(), objectJson);
        QCOMPARE(compileOrFail(QStringLiteral("value.mixed")).evaluate(context).toKeyBytes(), arrayJson);

        // writeKeyBytes writes what toKeyBytes returns, into a buffer it
        // reuses: longer and shorter than before, empty (not null) and
        // missing (null), and never into bytes somebody else still holds.
        QByteArray out;
        QByteArray held;
        const Value objectValue = compileOrFail(QStringLiteral("value.a")).evaluate(context);
        for (const Value &v : {Value::fromString("a much longer key than the next"), Value::fromString("short"),
                               Value::fromString(""), Value(), Value::fromInt(7), Value::fromDouble(21.5),
                               Value::null(), Value::fromBool(true), objectValue, Value::fromString("after")}) {
            held = out; // shared now: writing must leave this copy as it was
            const QByteArray before = held;
            v.writeKeyBytes(out);
            QCOMPARE(out, v.toKeyBytes());
            QCOMPARE(out.isNull(), v.toKeyBytes().isNull());
            QCOMPARE(held, before);
        }
        QByteArray unshared("0123456789abcdef");
        const char *buffer = unshared.constData();
        Value::fromString("reused").writeKeyBytes(unshared);
        QCOMPARE(unshared, QByteArray("reused"));
        QCOMPARE(unshared.constData(), buffer); // no new allocation for a shorter key

        for (const Value &falsy : {Value(), Value::null(), Value::fromBool(false), Value::fromInt(0),
                                   Value::fromDouble(0.0), Value::fromDouble(std::nan("")), Value::fromString("")})
            QVERIFY2(!falsy.truthy(), qPrintable(falsy.toString()));
        for (const Value &truthy : {Value::fromBool(true), Value::fromInt(-1), Value::fromDouble(0.5),
                                    Value::fromString("0"), Value::fromJson(Value::Type::Array, "[]")})
            QVERIFY2(truthy.truthy(), qPrintable(truthy.toString()));

        QCOMPARE(parseJsonNumber("007"), std::nullopt);
        QCOMPARE(parseJsonNumber("-0"), Value::fromInt(0));
        QCOMPARE(parseJsonNumber("1."), std::nullopt);
        QCOMPARE(parseJsonNumber("+1"), std::nullopt);
        QCOMPARE(parseJsonNumber("1e5"), Value::fromDouble(1e5));
        QCOMPARE(parseJsonNumber("123456789012345678901234567890"), Value::fromDouble(1.2345678901234568e29));
        QCOMPARE(parseJsonNumber(QByteArrayView()), std::nullopt);
        QCOMPARE(parseJsonNumber("-"), std::nullopt);
        QCOMPARE(parseJsonNumber("1e999"), std::nullopt);
    }

    void fieldPathsForCompletion()
    {
        const QByteArray json(R"({"a":{"b":1},"items":[{"id":2}],"odd key":3,"x":[1,2],"a2":{"b":{"c":{"d":1}}}})");
        QCOMPARE(jsonFieldPaths(json, 3),
                 (QStringList{"value.a", "value.a.b", "value.items", "value.items[0].id", "value.\"odd key\"", "value.x",
                              "value.a2", "value.a2.b", "value.a2.b.c"}));
        QCOMPARE(jsonFieldPaths(json, 1),
                 (QStringList{"value.a", "value.items", "value.\"odd key\"", "value.x", "value.a2"}));
        const QByteArray rootArray(R"([{"a":1}])"), quotedKey("{\"q\\\"k\":1}");
        const QString quotedPath("value.\"q\\\"k\"");
        QCOMPARE(jsonFieldPaths(rootArray, 5), QStringList{"value[0].a"});
        QCOMPARE(jsonFieldPaths("not json", 5), QStringList());
        QCOMPARE(jsonFieldPaths(quotedKey, 5), QStringList{quotedPath});
        // Every path it suggests compiles and finds its field.
        EventContext context(kTopics);
        OwnedEvent event = baseEvent(0, QByteArray("k"), json);
        context.setEvent(event.make());
        for (const QString &path : jsonFieldPaths(json, 10)) {
            const Expression e = compileOrFail(path + QStringLiteral(" exists"));
            QVERIFY2(e.matches(context), qPrintable(path));
        }
    }

    void hostileInputs()
    {
        const int depth = kMaxExpressionDepth;
        // Deep nesting ends in an error, not a stack overflow.
        const QString parens = QString(100000, QLatin1Char('(')) + QStringLiteral("1") + QString(100000, QLatin1Char(')'));
        auto error = compileError(parens);
        QVERIFY(error);
        QVERIFY2(error->message.contains(QStringLiteral("nests more than %1 levels").arg(depth)),
                 qPrintable(error->toString()));
        QCOMPARE(error->column, depth + 1);
        error = compileError(QString(100000, QLatin1Char('!')) + QStringLiteral("true"));
        QVERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("nests more than")));
        error = compileError(QString(100000, QLatin1Char('-')) + QStringLiteral("1"));
        QVERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("nests more than")));
        QString sum = QStringLiteral("1");
        for (int i = 0; i < 5000; ++i)
            sum += QStringLiteral("+1");
        error = compileError(sum);
        QVERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("nests more than")));
        // At the cap it still compiles and evaluates.
        const QString deepest = QString(depth - 1, QLatin1Char('(')) + QStringLiteral("partition == 3")
            + QString(depth - 1, QLatin1Char(')'));
        const Expression ok = compileOrFail(deepest);
        QVERIFY(!ok.isNull());
        EventContext context(kTopics);
        context.setEvent(m_events["iot"].make());
        QVERIFY(ok.matches(context));

        // A 1 MB expression: a long chain of conditions stays flat.
        QString chain;
        for (int i = 0; chain.size() < 1024 * 1024; ++i)
            chain += QStringLiteral("partition == %1 || ").arg(100 + i);
        chain += QStringLiteral("partition == 3");
        const Expression big = compileOrFail(chain);
        QVERIFY(!big.isNull());
        QVERIFY(big.matches(context));
        // A 1 MB string, a 1 MB number.
        const Expression longString
            = compileOrFail(QStringLiteral("key == \"%1\"").arg(QString(1024 * 1024, QLatin1Char('a'))));
        QVERIFY(!longString.isNull());
        QVERIFY(!longString.matches(context));
        error = compileError(QString(1024 * 1024, QLatin1Char('9')));
        QVERIFY(error);
        QVERIFY(error->message.contains(QStringLiteral("does not fit in 64 bits")));
        QVERIFY2(error->message.size() < 300, qPrintable(error->message));
        const Expression longDecimal = compileOrFail(QStringLiteral("1.") + QString(1024 * 1024, QLatin1Char('1')));
        QVERIFY(!longDecimal.isNull());
        QCOMPARE(render(longDecimal.evaluate(context)), QStringLiteral("1.1111111111111112"));
        // A 1 MB word that is not a field: the message stays short.
        error = compileError(QString(1024 * 1024, QLatin1Char('x')));
        QVERIFY(error);
        QCOMPARE(error->length, 1024 * 1024);
        QVERIFY2(error->message.size() < 300, qPrintable(error->message));
        // Long found-token descriptions are cut.
        error = compileError(QStringLiteral("partition == 3 ") + QString(1000, QLatin1Char('y')));
        QVERIFY(error);
        QVERIFY2(error->message.size() < 200, qPrintable(error->message));
        // Control characters and NULs in the text.
        error = compileError(QStringLiteral("partition == 3\u0000"));
        QVERIFY(error);
        QCOMPARE(error->column, 15);
        // Random text never crashes the compiler.
        const QString alphabet = QStringLiteral("()[]{}!=<>&|+-*/%.,\"\\ aekvlu0123456789:TZsmhd_éx😀");
        std::uint64_t state = 12345;
        for (int round = 0; round < 20000; ++round) {
            QString text;
            const int n = int(state % 40);
            for (int i = 0; i < n; ++i) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                text += alphabet[qsizetype((state >> 33) % std::uint64_t(alphabet.size()))];
            }
            state = state * 6364136223846793005ULL + 1442695040888963407ULL;
            auto compiled = Expression::compile(text);
            if (auto *e = std::get_if<Expression>(&compiled)) {
                (void)e->evaluate(context);
            } else {
                const CompileError &ce = std::get<CompileError>(compiled);
                QVERIFY(ce.column >= 1 && ce.length >= 1 && !ce.message.isEmpty());
                QVERIFY(ce.position >= 0 && ce.position <= text.size());
            }
        }
    }

    void demoStreams()
    {
        // The examples of docs/filter-language.md on real demo streams,
        // checked against what each generator meant its events to be.
        struct DemoStream {
            std::vector<DemoEvent> events;
        };
        auto generate = [](const char *name, int count) {
            DemoScenarioConfig config;
            config.seed = 7;
            auto scenario = makeDemoScenario(QString::fromLatin1(name), config);
            std::vector<DemoEvent> out;
            for (int i = 0; i < count; ++i)
                out.push_back((*scenario)->next());
            return out;
        };
        auto check = [&](const std::vector<DemoEvent> &events, const QString &text,
                         const std::function<std::optional<bool>(const DemoEvent &)> &expected) {
            const Expression e = compileOrFail(text);
            QVERIFY2(!e.isNull(), qPrintable(text));
            EventContext context(kTopics);
            int matched = 0;
            for (std::size_t i = 0; i < events.size(); ++i) {
                const DemoEvent &d = events[i];
                OwnedEvent owned = baseEvent(int(kTopics.indexOf(d.topic)), d.key, d.value);
                for (const Header &h : d.headers)
                    owned.headers.emplace_back(h.name, h.value);
                owned.view.partition = d.partition;
                owned.view.offset = std::int64_t(i);
                owned.view.seq = std::int64_t(i);
                owned.view.timestampMs = d.timestampMs;
                owned.view.timestampType = TimestampType::CreateTime;
                context.setEvent(owned.make());
                const bool m = e.matches(context);
                matched += m;
                if (const auto want = expected(d))
                    QVERIFY2(m == *want, qPrintable(QStringLiteral("%1 on %2").arg(text, QString::fromUtf8(d.value))));
            }
            QVERIFY2(matched > 0, qPrintable(text + QStringLiteral(" matched nothing")));
            QVERIFY2(matched < int(events.size()), qPrintable(text + QStringLiteral(" matched everything")));
        };
        auto noExpectation = [](const DemoEvent &) { return std::optional<bool>(); };

        const auto iot = generate("iot", 20000);
        // Late readings are sent 5-30 s after their event time, others within 2 s.
        check(iot, QStringLiteral("timestamp - value.ts > 2s"),
              [](const DemoEvent &d) { return d.anomaly == DemoEvent::Anomaly::Late; });
        check(iot, QStringLiteral("value.site == \"cold-store\" && value.temperature_c > 5"), noExpectation);
        check(iot, QStringLiteral("value.status != \"ok\""), noExpectation);
        check(iot, QStringLiteral("key == \"sensor-001\""),
              [](const DemoEvent &d) { return d.key == "sensor-001"; });
        check(iot, QStringLiteral("value.rssi_dbm < -80 || value.battery_v < 3.58"), noExpectation);
        check(iot, QStringLiteral("value.site in {\"plant-a\", \"plant-b\"} && value.co2_ppm >= 700"), noExpectation);
        check(iot, QStringLiteral("key matches r\"^sensor-00[1-5]$\""), noExpectation);
        check(iot, QStringLiteral("headers.schema == \"iot.reading.v1\" && partition in {0..3}"), noExpectation);

        const auto payments = generate("payments", 20000);
        // A re-delivery carries attempt 2.
        check(payments, QStringLiteral("headers.attempt > 1"),
              [](const DemoEvent &d) { return d.anomaly == DemoEvent::Anomaly::Duplicate; });
        check(payments, QStringLiteral("value.amount >= 100 && headers.attempt exists"), noExpectation);
        check(payments, QStringLiteral("value.status == \"declined\" && value.amount < 5"), noExpectation);
        check(payments, QStringLiteral("value.currency in {\"USD\", \"GBP\"}"), noExpectation);
        check(payments, QStringLiteral("value.merchant matches \"(?i)^gift\""), noExpectation);
        check(payments, QStringLiteral("value.category == \"travel\" || value.amount > 500"), noExpectation);

        const auto clicks = generate("clicks", 20000);
        check(clicks, QStringLiteral("value.action == \"purchase\""), noExpectation);
        check(clicks, QStringLiteral("value.page matches r\"^/products/1[0-4]\\d\\d$\""), noExpectation);
        check(clicks, QStringLiteral("value.device == \"mobile\" && value.country in {\"DE\", \"FR\"}"), noExpectation);
        check(clicks, QStringLiteral("timestamp - value.ts >= 500ms"), noExpectation);
    }
};

QTEST_GUILESS_MAIN(TestExpression)
#include "tst_expression.moc"
