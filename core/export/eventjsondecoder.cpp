#include "export/eventjsondecoder.h"

#include "export/jsontext.h"

#include <limits>

namespace streamscope {

namespace {

enum Field : unsigned {
    kTopic = 1u << 0,
    kPartition = 1u << 1,
    kOffset = 1u << 2,
    kTsType = 1u << 3,
    kTs = 1u << 4,
    kHeaders = 1u << 5,
    kKey = 1u << 6,
    kPayload = 1u << 7,
    kKeyB64 = 1u << 8,
    kPayloadB64 = 1u << 9,
    kHeadersB64 = 1u << 10,
    kArrival = 1u << 11,
};

struct KnownField {
    const char *name;
    Field bit;
};
constexpr KnownField kFields[] = {
    {"topic", kTopic},     {"partition", kPartition},     {"offset", kOffset},          {"tstype", kTsType},
    {"ts", kTs},           {"headers", kHeaders},         {"key", kKey},                {"payload", kPayload},
    {"key_b64", kKeyB64},  {"payload_b64", kPayloadB64},  {"headers_b64", kHeadersB64}, {"arrival_us", kArrival},
};

std::optional<QByteArray> fromBase64(const QByteArray &text)
{
    auto decoded = QByteArray::fromBase64Encoding(text, QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

} // namespace

Result<DecodedEventLine> EventJsonDecoder::decode(QByteArrayView line)
{
    JsonScanner in(line);
    DecodedEventLine out;
    Event &e = out.event;
    QString fieldError; // about a field's value (no column: the field names the place)
    QString tsType;
    std::optional<std::int64_t> ts;
    std::optional<QByteArray> key, payload, keyB64, payloadB64;
    QList<Header> headers, headersB64;
    unsigned seen = 0;

    const auto bad = [&](const QString &message) -> Result<DecodedEventLine> { return Error::badInput(message); };
    const auto valueError = [&](const QString &message) {
        fieldError = QStringLiteral("%1: %2").arg(QString::fromUtf8(m_field), message);
        return false;
    };
    // A string or null.
    const auto readBytes = [&](std::optional<QByteArray> &target) {
        if (in.readNull()) {
            target.reset();
            return true;
        }
        if (in.peek() != JsonScanner::Kind::String)
            return valueError(QStringLiteral("expected a string or null"));
        QByteArray bytes;
        if (!in.readString(bytes))
            return false;
        target = std::move(bytes);
        return true;
    };
    const auto readBase64 = [&](std::optional<QByteArray> &target, bool nullAllowed) {
        if (nullAllowed && in.readNull()) {
            target.reset();
            return true;
        }
        if (in.peek() != JsonScanner::Kind::String)
            return valueError(nullAllowed ? QStringLiteral("expected a base64 string or null")
                                          : QStringLiteral("expected a base64 string"));
        if (!in.readString(m_text))
            return false;
        target = fromBase64(m_text);
        return target.has_value() || valueError(QStringLiteral("invalid base64"));
    };
    // kcat's flat array: name, value, name, value…
    const auto readHeaders = [&](QList<Header> &target, bool base64) {
        if (in.peek() != JsonScanner::Kind::Array)
            return valueError(QStringLiteral("expected an array of names and values"));
        in.expect('[');
        if (in.consume(']'))
            return true;
        do {
            std::optional<QByteArray> name, value;
            if (!(base64 ? readBase64(name, false) : readBytes(name)))
                return false;
            if (!name)
                return valueError(QStringLiteral("a header name is null"));
            if (!in.consume(','))
                return valueError(QStringLiteral("header \"%1\" has no value (expected name, value pairs)")
                                      .arg(QString::fromUtf8(*name)));
            if (!(base64 ? readBase64(value, true) : readBytes(value)))
                return false;
            target.append(Header{*name, value});
        } while (in.consume(','));
        return in.expect(']');
    };
    const auto readInteger = [&](std::int64_t &target, std::int64_t min, std::int64_t max, const char *what) {
        if (in.peek() != JsonScanner::Kind::Number)
            return valueError(QStringLiteral("expected %1").arg(QLatin1String(what)));
        if (!in.readInteger(target))
            return false;
        if (target < min || target > max)
            return valueError(QStringLiteral("%1 is out of range").arg(target));
        return true;
    };

    if (in.peek() != JsonScanner::Kind::Object)
        return bad(in.atEnd() ? QStringLiteral("empty") : QStringLiteral("column %1: not a JSON object").arg(in.column()));
    in.expect('{');
    bool ok = true;
    if (!in.consume('}')) {
        do {
            if (!in.readString(m_field) || !in.expect(':')) {
                ok = false;
                break;
            }
            Field bit = Field(0);
            for (const KnownField &f : kFields)
                if (m_field == f.name)
                    bit = f.bit;
            if (bit && (seen & bit)) {
                fieldError = QStringLiteral("field \"%1\" appears twice").arg(QString::fromUtf8(m_field));
                ok = false;
                break;
            }
            seen |= bit;
            switch (bit) {
            case kTopic: {
                std::optional<QByteArray> topic;
                ok = readBytes(topic);
                if (ok && (!topic || topic->isEmpty() || !isCleanText(*topic)))
                    ok = valueError(QStringLiteral("expected a topic name"));
                if (ok)
                    e.topic = QString::fromUtf8(*topic);
                break;
            }
            case kPartition: {
                std::int64_t p = 0;
                ok = readInteger(p, 0, std::numeric_limits<std::int32_t>::max(), "a partition number");
                e.partition = std::int32_t(p);
                break;
            }
            case kOffset: ok = readInteger(e.offset, 0, std::numeric_limits<std::int64_t>::max(), "an offset"); break;
            case kTsType: {
                std::optional<QByteArray> type;
                ok = readBytes(type);
                if (ok && type)
                    tsType = QString::fromUtf8(*type);
                if (ok && tsType != QLatin1String("create") && tsType != QLatin1String("logappend")
                    && tsType != QLatin1String("unknown"))
                    ok = valueError(QStringLiteral("expected \"create\", \"logappend\" or \"unknown\""));
                break;
            }
            case kTs: {
                std::int64_t t = 0;
                ok = readInteger(t, -1, std::numeric_limits<std::int64_t>::max(), "a timestamp in milliseconds");
                ts = t;
                break;
            }
            case kHeaders: ok = readHeaders(headers, false); break;
            case kHeadersB64: ok = readHeaders(headersB64, true); break;
            case kKey: ok = readBytes(key); break;
            case kPayload: ok = readBytes(payload); break;
            case kKeyB64: ok = readBase64(keyB64, true); break;
            case kPayloadB64: ok = readBase64(payloadB64, true); break;
            case kArrival: {
                std::int64_t a = 0;
                ok = readInteger(a, 0, std::numeric_limits<std::int64_t>::max(), "microseconds since the epoch");
                out.arrivalUs = a;
                break;
            }
            default: ok = in.skipValue(); break;
            }
        } while (ok && in.consume(','));
        if (ok)
            ok = in.expect('}');
    }
    if (!ok || in.failed()) {
        if (!fieldError.isEmpty() && !in.failed())
            return bad(fieldError);
        return bad(QStringLiteral("column %1: %2").arg(in.errorColumn()).arg(in.error()));
    }
    if (!in.atEnd())
        return bad(QStringLiteral("column %1: text after the JSON object").arg(in.column()));

    for (const auto &[bit, name] : {std::pair{kTopic, "topic"}, std::pair{kPartition, "partition"}, std::pair{kOffset, "offset"}})
        if (!(seen & bit))
            return bad(QStringLiteral("no \"%1\" field").arg(QLatin1String(name)));
    if (!(seen & (kKey | kKeyB64)))
        return bad(QStringLiteral("no \"key\" field (null for a null key)"));
    if (!(seen & (kPayload | kPayloadB64)))
        return bad(QStringLiteral("no \"payload\" field (null for a null payload)"));
    if (bool(seen & kTsType) != bool(seen & kTs))
        return bad(seen & kTs ? QStringLiteral("\"ts\" without \"tstype\"") : QStringLiteral("\"tstype\" without \"ts\""));

    e.key = (seen & kKeyB64) ? keyB64 : key;
    e.value = (seen & kPayloadB64) ? payloadB64 : payload;
    e.headers = (seen & kHeadersB64) ? headersB64 : headers;
    if (seen & kTs) {
        e.timestampMs = ts.value_or(-1);
        e.timestampType = tsType == QLatin1String("create")      ? TimestampType::CreateTime
                          : tsType == QLatin1String("logappend") ? TimestampType::LogAppendTime
                                                                 : TimestampType::NotAvailable;
    }
    return out;
}

} // namespace streamscope
