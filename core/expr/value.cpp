#include "expr/value.h"

#include <charconv>
#include <cmath>
#include <cstring>

namespace streamscope::expr {

namespace {

// Shortest text that reads back as the same double (21.5, 1e+20, 3).
QByteArray doubleText(double d)
{
    if (std::isnan(d))
        return QByteArrayLiteral("nan");
    if (std::isinf(d))
        return d > 0 ? QByteArrayLiteral("inf") : QByteArrayLiteral("-inf");
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, d);
    return QByteArray(buffer, result.ptr - buffer);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

} // namespace

Value Value::null()
{
    Value v;
    v.m_type = Type::Null;
    return v;
}

Value Value::fromBool(bool b)
{
    Value v;
    v.m_type = Type::Bool;
    v.m_bool = b;
    return v;
}

Value Value::fromInt(std::int64_t i)
{
    Value v;
    v.m_type = Type::Int;
    v.m_int = i;
    return v;
}

Value Value::fromDouble(double d)
{
    Value v;
    v.m_type = Type::Double;
    v.m_double = d;
    return v;
}

Value Value::fromString(QByteArray bytes)
{
    Value v;
    v.m_type = Type::String;
    v.m_owner = std::move(bytes);
    v.m_data = v.m_owner.constData();
    v.m_size = v.m_owner.size();
    return v;
}

Value Value::stringView(const char *data, qsizetype size)
{
    Value v;
    v.m_type = Type::String;
    v.m_data = size > 0 ? data : "";
    v.m_size = size;
    return v;
}

Value Value::fromJson(Type arrayOrObject, QByteArray json)
{
    Value v = fromString(std::move(json));
    v.m_type = arrayOrObject;
    return v;
}

std::optional<std::int64_t> Value::toInt64() const
{
    switch (m_type) {
    case Type::Int:
        return m_int;
    case Type::Double: {
        // 2^63 is exactly representable; anything at or beyond it does not fit.
        const double rounded = std::round(m_double);
        if (!(rounded >= -9223372036854775808.0 && rounded < 9223372036854775808.0))
            return std::nullopt;
        return std::int64_t(rounded);
    }
    case Type::String:
        if (const auto number = parseJsonNumber(bytes()))
            return number->toInt64();
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

std::optional<double> Value::toDouble() const
{
    switch (m_type) {
    case Type::Int:
        return double(m_int);
    case Type::Double:
        return m_double;
    case Type::String:
        if (const auto number = parseJsonNumber(bytes()))
            return number->toDouble();
        return std::nullopt;
    default:
        return std::nullopt;
    }
}

QByteArray Value::toKeyBytes() const
{
    switch (m_type) {
    case Type::Missing:
        return {};
    case Type::Null:
        return QByteArrayLiteral("null");
    case Type::Bool:
        return m_bool ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case Type::Int:
        return QByteArray::number(qint64(m_int));
    case Type::Double:
        return doubleText(m_double);
    case Type::String:
    case Type::Array:
    case Type::Object:
        return QByteArray(m_data, m_size);
    }
    return {};
}

void Value::writeKeyBytes(QByteArray &out) const
{
    switch (m_type) {
    case Type::String:
    case Type::Array:
    case Type::Object:
        if (m_size > 0) {
            out.resize(m_size); // keeps the capacity of an unshared buffer
            std::memcpy(out.data(), m_data, std::size_t(m_size));
            return;
        }
        break;
    default:
        break;
    }
    out = toKeyBytes();
}

bool Value::truthy() const
{
    switch (m_type) {
    case Type::Missing:
    case Type::Null:
        return false;
    case Type::Bool:
        return m_bool;
    case Type::Int:
        return m_int != 0;
    case Type::Double:
        return m_double != 0 && !std::isnan(m_double);
    case Type::String:
        return m_size > 0;
    case Type::Array:
    case Type::Object:
        return true;
    }
    return false;
}

Value Value::owned() const
{
    if (m_type != Type::String && m_type != Type::Array && m_type != Type::Object)
        return *this;
    if (!m_owner.isNull() && m_data == m_owner.constData())
        return *this;
    Value v = fromString(QByteArray(m_data, m_size));
    v.m_type = m_type;
    return v;
}

QString Value::toString() const
{
    switch (m_type) {
    case Type::Missing:
        return QStringLiteral("<missing>");
    case Type::String: {
        QString out = QStringLiteral("\"");
        for (const QChar c : QString::fromUtf8(m_data, m_size)) {
            if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
                out += QLatin1Char('\\');
            out += c;
        }
        return out + QLatin1Char('"');
    }
    default:
        return QString::fromUtf8(toKeyBytes());
    }
}

QString Value::typeName(Type type)
{
    switch (type) {
    case Type::Missing: return QStringLiteral("missing");
    case Type::Null: return QStringLiteral("null");
    case Type::Bool: return QStringLiteral("boolean");
    case Type::Int: return QStringLiteral("integer");
    case Type::Double: return QStringLiteral("decimal");
    case Type::String: return QStringLiteral("string");
    case Type::Array: return QStringLiteral("array");
    case Type::Object: return QStringLiteral("object");
    }
    return {};
}

bool operator==(const Value &a, const Value &b)
{
    if (a.m_type != b.m_type)
        return false;
    switch (a.m_type) {
    case Value::Type::Missing:
    case Value::Type::Null:
        return true;
    case Value::Type::Bool:
        return a.m_bool == b.m_bool;
    case Value::Type::Int:
        return a.m_int == b.m_int;
    case Value::Type::Double:
        return a.m_double == b.m_double;
    case Value::Type::String:
    case Value::Type::Array:
    case Value::Type::Object:
        return a.bytes() == b.bytes();
    }
    return false;
}

std::optional<Value> parseJsonNumber(QByteArrayView text)
{
    // -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
    const char *const begin = text.data();
    const char *const end = begin + text.size();
    const char *p = begin;
    if (p != end && *p == '-')
        ++p;
    if (p == end || !isDigit(*p))
        return std::nullopt;
    if (*p == '0')
        ++p;
    else
        while (p != end && isDigit(*p))
            ++p;
    bool integral = true;
    if (p != end && *p == '.') {
        integral = false;
        ++p;
        if (p == end || !isDigit(*p))
            return std::nullopt;
        while (p != end && isDigit(*p))
            ++p;
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
        integral = false;
        ++p;
        if (p != end && (*p == '+' || *p == '-'))
            ++p;
        if (p == end || !isDigit(*p))
            return std::nullopt;
        while (p != end && isDigit(*p))
            ++p;
    }
    if (p != end)
        return std::nullopt;
    if (integral) {
        std::int64_t i = 0;
        const auto r = std::from_chars(begin, end, i);
        if (r.ec == std::errc() && r.ptr == end)
            return Value::fromInt(i);
    }
    double d = 0;
    const auto r = std::from_chars(begin, end, d);
    if (r.ec != std::errc() || r.ptr != end)
        return std::nullopt; // beyond the range of a double
    return Value::fromDouble(d);
}

} // namespace streamscope::expr
