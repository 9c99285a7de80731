#include "expr/operators.h"

#include <cmath>
#include <cstring>
#include <limits>

namespace streamscope::expr::detail {

namespace {

// A number, or a string that is exactly one; else nullopt.
std::optional<Value> asNumber(const Value &v)
{
    if (v.isNumber())
        return v;
    if (v.isString())
        return parseJsonNumber(v.bytes());
    return std::nullopt;
}

// Exact: long double holds every int64 (64-bit mantissa on x86-64, 113 bits
// on aarch64), so 2^53 + 1 is not equal to 2^53 as a double.
std::optional<int> compareNumbers(const Value &a, const Value &b)
{
    if (a.isInt() && b.isInt())
        return a.intValue() < b.intValue() ? -1 : a.intValue() > b.intValue() ? 1 : 0;
    const long double x = a.isInt() ? (long double)a.intValue() : (long double)a.doubleValue();
    const long double y = b.isInt() ? (long double)b.intValue() : (long double)b.doubleValue();
    if (std::isnan(x) || std::isnan(y))
        return std::nullopt;
    return x < y ? -1 : x > y ? 1 : 0;
}

// Numbers to compare when one side is a number and the other a numeric string.
bool numericPair(const Value &a, const Value &b, Value &x, Value &y)
{
    if (!(a.isNumber() || b.isNumber()))
        return false;
    const auto na = asNumber(a), nb = asNumber(b);
    if (!na || !nb)
        return false;
    x = *na;
    y = *nb;
    return true;
}

int compareBytes(QByteArrayView a, QByteArrayView b)
{
    const qsizetype n = std::min(a.size(), b.size());
    const int c = n ? std::memcmp(a.data(), b.data(), std::size_t(n)) : 0;
    if (c != 0)
        return c < 0 ? -1 : 1;
    return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}

} // namespace

bool valuesEqual(const Value &a, const Value &b)
{
    if (a.type() == b.type()) {
        switch (a.type()) {
        case Value::Type::Missing:
            return false;
        case Value::Type::Null:
            return true;
        case Value::Type::Bool:
            return a.boolValue() == b.boolValue();
        case Value::Type::Int:
            return a.intValue() == b.intValue();
        case Value::Type::Double:
            return a.doubleValue() == b.doubleValue();
        case Value::Type::String:
        case Value::Type::Array:
        case Value::Type::Object:
            return a.bytes() == b.bytes();
        }
    }
    Value x, y;
    if (!numericPair(a, b, x, y))
        return false;
    return compareNumbers(x, y) == 0;
}

std::optional<int> compareValues(const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber())
        return compareNumbers(a, b);
    if (a.isString() && b.isString())
        return compareBytes(a.bytes(), b.bytes());
    Value x, y;
    if (!numericPair(a, b, x, y))
        return std::nullopt;
    return compareNumbers(x, y);
}

Value arithmetic(NodeKind op, const Value &a, const Value &b)
{
    const auto na = asNumber(a), nb = asNumber(b);
    if (!na || !nb)
        return {};
    if (na->isInt() && nb->isInt()) {
        const std::int64_t x = na->intValue(), y = nb->intValue();
        std::int64_t r = 0;
        switch (op) {
        case NodeKind::Add:
            if (!__builtin_add_overflow(x, y, &r))
                return Value::fromInt(r);
            break;
        case NodeKind::Subtract:
            if (!__builtin_sub_overflow(x, y, &r))
                return Value::fromInt(r);
            break;
        case NodeKind::Multiply:
            if (!__builtin_mul_overflow(x, y, &r))
                return Value::fromInt(r);
            break;
        case NodeKind::Divide:
            if (y == 0)
                return {};
            if (x == std::numeric_limits<std::int64_t>::min() && y == -1)
                break; // 2^63 does not fit
            return Value::fromInt(x / y);
        case NodeKind::Modulo:
            if (y == 0)
                return {};
            if (y == -1)
                return Value::fromInt(0);
            return Value::fromInt(x % y);
        default:
            return {};
        }
        // Overflow: the result as a decimal, like a JSON number that big.
    }
    const double x = *na->toDouble(), y = *nb->toDouble();
    switch (op) {
    case NodeKind::Add: return Value::fromDouble(x + y);
    case NodeKind::Subtract: return Value::fromDouble(x - y);
    case NodeKind::Multiply: return Value::fromDouble(x * y);
    case NodeKind::Divide: return y == 0 ? Value() : Value::fromDouble(x / y);
    case NodeKind::Modulo: return y == 0 ? Value() : Value::fromDouble(std::fmod(x, y));
    default: return {};
    }
}

Value negate(const Value &a)
{
    const auto n = asNumber(a);
    if (!n)
        return {};
    if (n->isInt()) {
        if (n->intValue() == std::numeric_limits<std::int64_t>::min())
            return Value::fromDouble(-double(n->intValue()));
        return Value::fromInt(-n->intValue());
    }
    return Value::fromDouble(-n->doubleValue());
}

} // namespace streamscope::expr::detail
