#include "engine/resultjson.h"

#include <QCborValue>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <charconv>
#include <cmath>

namespace streamscope {

namespace {

char hexDigit(unsigned v)
{
    return char(v < 10 ? '0' + v : 'a' + v - 10);
}

// Qt's JSON string escaping: ", \ and control characters escaped (\b \f \n
// \r \t, others \u00xx), everything else as UTF-8; a lone surrogate as \uxxxx.
void appendEscaped(std::string &out, QStringView text)
{
    const char16_t *p = text.utf16();
    const char16_t *const end = p + text.size();
    while (p != end) {
        const char16_t u = *p++;
        if (u < 0x80) {
            if (u >= 0x20 && u != '"' && u != '\\') {
                out += char(u);
                continue;
            }
            out += '\\';
            switch (u) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case 0x8: out += 'b'; break;
            case 0xc: out += 'f'; break;
            case 0xa: out += 'n'; break;
            case 0xd: out += 'r'; break;
            case 0x9: out += 't'; break;
            default:
                out += "u00";
                out += hexDigit(u >> 4);
                out += hexDigit(u & 0xf);
            }
        } else if (u < 0x800) {
            out += char(0xc0 | (u >> 6));
            out += char(0x80 | (u & 0x3f));
        } else if (QChar::isHighSurrogate(u) && p != end && QChar::isLowSurrogate(*p)) {
            const char32_t c = QChar::surrogateToUcs4(u, *p++);
            out += char(0xf0 | (c >> 18));
            out += char(0x80 | ((c >> 12) & 0x3f));
            out += char(0x80 | ((c >> 6) & 0x3f));
            out += char(0x80 | (c & 0x3f));
        } else if (QChar::isSurrogate(u)) {
            out += "\\u";
            for (int shift = 12; shift >= 0; shift -= 4)
                out += hexDigit((u >> shift) & 0xf);
        } else {
            out += char(0xe0 | (u >> 12));
            out += char(0x80 | ((u >> 6) & 0x3f));
            out += char(0x80 | (u & 0x3f));
        }
    }
}

// Bytes as the engine's JSON writes them: read as UTF-8 (invalid sequences
// become U+FFFD, as QString::fromUtf8 makes them), then escaped. Plain
// printable ASCII, the usual key, is copied as is.
void appendUtf8String(std::string &out, const QByteArray &bytes)
{
    out += '"';
    const bool plain = std::all_of(bytes.begin(), bytes.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u >= 0x20 && u < 0x80 && c != '"' && c != '\\';
    });
    if (plain)
        out.append(bytes.constData(), std::size_t(bytes.size()));
    else
        appendEscaped(out, QString::fromUtf8(bytes));
    out += '"';
}

void appendString(std::string &out, QStringView text)
{
    out += '"';
    appendEscaped(out, text);
    out += '"';
}

void appendInteger(std::string &out, std::int64_t v)
{
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, v).ptr;
    out.append(digits, std::size_t(end - digits));
}

void appendDouble(std::string &out, double d)
{
    if (std::isfinite(d)) {
        // Qt's own formatting, so that the digits are exactly QJsonDocument's.
        const QByteArray text = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
        out.append(text.constData(), std::size_t(text.size()));
    }
    else
        out += "null"; // as Qt writes infinities and NaN
}

void appendTime(std::string &out, std::int64_t t)
{
    if (t == kNoWatermark)
        out += "null";
    else
        appendInteger(out, t);
}

void appendCbor(std::string &out, const QCborValue &v);

void appendValue(std::string &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: out += "null"; return;
    case QJsonValue::Bool: out += v.toBool() ? "true" : "false"; return;
    case QJsonValue::String: appendString(out, v.toString()); return;
    case QJsonValue::Double:
        // An integer is written as one, a double as Qt formats doubles; only
        // the CBOR form tells which of the two the value holds.
        appendCbor(out, QCborValue::fromJsonValue(v));
        return;
    case QJsonValue::Array: {
        out += '[';
        const QJsonArray array = v.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            if (i)
                out += ',';
            appendValue(out, array.at(i));
        }
        out += ']';
        return;
    }
    case QJsonValue::Object: {
        // Not made by the engine's aggregates; written the slow, sure way.
        const QByteArray text = QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        out.append(text.constData(), std::size_t(text.size()));
        return;
    }
    }
}

void appendCbor(std::string &out, const QCborValue &v)
{
    if (v.isInteger())
        appendInteger(out, v.toInteger());
    else
        appendDouble(out, v.toDouble());
}

void appendSeqs(std::string &out, const std::vector<std::int64_t> &seqs)
{
    out += '[';
    for (std::size_t i = 0; i < seqs.size(); ++i) {
        if (i)
            out += ',';
        appendInteger(out, seqs[i]);
    }
    out += ']';
}

const char *fireName(FireKind kind)
{
    switch (kind) {
    case FireKind::OnTime: return "on_time";
    case FireKind::Late: return "late";
    case FireKind::Early: return "early";
    }
    return "";
}

} // namespace

void appendJsonValue(QByteArray &out, const QJsonValue &value)
{
    std::string text;
    appendValue(text, value);
    out.append(text.data(), qsizetype(text.size()));
}

void ResultJsonWriter::sortNames(const QStringList &names)
{
    if (!m_sortedNames.empty() && names == m_names)
        return;
    m_names = names;
    std::vector<std::size_t> order(std::size_t(m_names.size()));
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // QJsonObject's key order (UTF-16 code units), equal names as given.
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return QStringView(m_names[qsizetype(a)]).compare(QStringView(m_names[qsizetype(b)])) < 0;
    });
    m_sortedNames.clear();
    for (std::size_t i : order) {
        std::string name;
        appendString(name, m_names[qsizetype(i)]);
        name += ':';
        m_sortedNames.emplace_back(std::move(name), i);
    }
    if (m_sortedNames.empty())
        m_sortedNames.emplace_back(std::string(), 0); // no aggregates: the cache still stands
}

template<typename Visit>
void ResultJsonWriter::forEachAggregate(const WindowResult &r, Visit &&visit)
{
    sortNames(r.aggregateNames);
    for (std::size_t j = 0; j < m_sortedNames.size(); ++j) {
        const auto &[name, index] = m_sortedNames[j];
        if (name.empty() || index >= r.aggregateValues.size())
            continue;
        // Of equal names, the value inserted last is the one a QJsonObject keeps.
        bool later = false;
        for (std::size_t k = j + 1; k < m_sortedNames.size() && m_sortedNames[k].first == name && !later; ++k)
            later = m_sortedNames[k].second < r.aggregateValues.size();
        // An undefined value removes its key from a QJsonObject.
        if (!later && !r.aggregateValues[index].isUndefined())
            visit(name, index);
    }
}

void ResultJsonWriter::appendText(QByteArray &bytes, const WindowResult &r)
{
    std::string &out = m_line;
    out.clear();
    out += "seq ";
    appendInteger(out, r.triggerSeq);
    out += ": window ";
    if (r.key.isEmpty()) {
        out += "(no key)";
    } else {
        const QByteArray key = QString::fromUtf8(r.key).toUtf8(); // invalid UTF-8 shown as U+FFFD
        out.append(key.constData(), std::size_t(key.size()));
    }
    out += " [";
    appendInteger(out, r.window.start);
    out += ", ";
    appendInteger(out, r.window.end);
    out += ") ";
    out += r.kind == FireKind::OnTime ? "fired" : r.kind == FireKind::Late ? "fired late" : "fired early";
    out += " (#";
    appendInteger(out, r.firing);
    out += "): ";
    bool first = true;
    forEachAggregate(r, [&](const std::string &, std::size_t index) {
        if (!first)
            out += ", ";
        first = false;
        const QByteArray name = m_names[qsizetype(index)].toUtf8();
        out.append(name.constData(), std::size_t(name.size()));
        out += '=';
        const QJsonValue &v = r.aggregateValues[index];
        if (v.isArray()) {
            out += '[';
            appendInteger(out, v.toArray().size());
            out += " events]";
        } else {
            appendValue(out, v);
        }
    });
    bytes.append(out.data(), qsizetype(out.size()));
}

void ResultJsonWriter::append(QByteArray &bytes, const WindowResult &r)
{
    std::string &out = m_line;
    out.clear();
    out += "{\"aggregates\":{";
    bool first = true;
    forEachAggregate(r, [&](const std::string &name, std::size_t index) {
        if (!first)
            out += ',';
        first = false;
        out += name;
        appendValue(out, r.aggregateValues[index]);
    });
    out += "},\"end\":";
    appendInteger(out, r.window.end);
    out += ",\"fire\":\"";
    out += fireName(r.kind);
    out += "\",\"firing\":";
    appendInteger(out, r.firing);
    out += ",\"key\":";
    appendUtf8String(out, r.key);
    out += ",\"seqs\":";
    appendSeqs(out, r.seqs);
    out += ",\"start\":";
    appendInteger(out, r.window.start);
    out += ",\"trigger_seq\":";
    appendInteger(out, r.triggerSeq);
    out += ",\"type\":\"window\",\"watermark\":";
    appendTime(out, r.watermark);
    out += '}';
    bytes.append(out.data(), qsizetype(out.size()));
}

void ResultJsonWriter::append(QByteArray &bytes, const LateEvent &e, const QStringList &topicNames)
{
    std::string &out = m_line;
    out.clear();
    out += "{\"event_time\":";
    appendInteger(out, e.eventTimeMs);
    out += ",\"key\":";
    appendUtf8String(out, e.key);
    out += ",\"offset\":";
    appendInteger(out, e.offset);
    out += ",\"partition\":";
    appendInteger(out, e.partition.partition);
    out += ",\"seq\":";
    appendInteger(out, e.seq);
    out += ",\"topic\":";
    if (e.partition.topicId >= 0 && e.partition.topicId < topicNames.size())
        appendString(out, topicNames[e.partition.topicId]);
    else
        appendInteger(out, e.partition.topicId);
    out += ",\"type\":\"late\",\"watermark\":";
    appendTime(out, e.watermark);
    out += '}';
    bytes.append(out.data(), qsizetype(out.size()));
}

} // namespace streamscope
