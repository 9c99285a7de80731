#include "expr/evaluator.h"

#include "expr/jsondocument.h"
#include "expr/operators.h"

#include <cstring>
#include <string_view>

namespace streamscope::expr::detail {

namespace {

Value bytesValue(BytesView bytes)
{
    if (bytes.isNull())
        return Value::null();
    return Value::stringView(bytes.data, qsizetype(bytes.size));
}

// Strings view into the parser's buffer, valid until the next parse.
Value fromElement(const simdjson::dom::element &e)
{
    using simdjson::dom::element_type;
    switch (e.type()) {
    case element_type::INT64:
        return Value::fromInt(e.get_int64().value_unsafe());
    case element_type::UINT64: // beyond int64: as a decimal, as most JSON readers do
        return Value::fromDouble(double(e.get_uint64().value_unsafe()));
    case element_type::DOUBLE:
        return Value::fromDouble(e.get_double().value_unsafe());
    case element_type::STRING: {
        const std::string_view s = e.get_string().value_unsafe();
        return Value::stringView(s.data(), qsizetype(s.size()));
    }
    case element_type::BOOL:
        return Value::fromBool(e.get_bool().value_unsafe());
    case element_type::NULL_VALUE:
        return Value::null();
    case element_type::ARRAY:
    case element_type::OBJECT: {
        const std::string json = simdjson::minify(e);
        return Value::fromJson(e.type() == element_type::ARRAY ? Value::Type::Array : Value::Type::Object,
                               QByteArray(json.data(), qsizetype(json.size())));
    }
    }
    return {};
}

} // namespace

const Value &Evaluator::operand(int index, Value &scratch)
{
    const Node &n = node(index);
    if (n.kind == NodeKind::Literal)
        return n.literal;
    scratch = value(index);
    return scratch;
}

Value Evaluator::value(int index)
{
    const Node &n = node(index);
    switch (n.kind) {
    case NodeKind::Literal:
        return n.literal;
    case NodeKind::Field:
        return field(n);
    case NodeKind::Header:
        return header(n);
    case NodeKind::JsonPath:
        return jsonPath(n);
    case NodeKind::Negate: {
        Value scratch;
        return negate(operand(n.lhs, scratch));
    }
    case NodeKind::Add:
    case NodeKind::Subtract:
    case NodeKind::Multiply:
    case NodeKind::Divide:
    case NodeKind::Modulo: {
        Value left, right;
        const Value &a = operand(n.lhs, left);
        if (a.isMissing())
            return {};
        return arithmetic(n.kind, a, operand(n.rhs, right));
    }
    default:
        return Value::fromBool(test(index));
    }
}

bool Evaluator::test(int index)
{
    const Node &n = node(index);
    switch (n.kind) {
    case NodeKind::Not:
        return !test(n.lhs);
    case NodeKind::And:
        for (int child : n.children)
            if (!test(child))
                return false;
        return true;
    case NodeKind::Or:
        for (int child : n.children)
            if (test(child))
                return true;
        return false;
    case NodeKind::Equal:
    case NodeKind::NotEqual:
    case NodeKind::Less:
    case NodeKind::LessEqual:
    case NodeKind::Greater:
    case NodeKind::GreaterEqual:
        return comparison(n);
    case NodeKind::In:
    case NodeKind::NotIn:
        return in(n);
    case NodeKind::Contains:
        return contains(n);
    case NodeKind::Matches:
        return matches(n);
    case NodeKind::Exists:
        return exists(n);
    default:
        return value(index).truthy();
    }
}

Value Evaluator::field(const Node &n)
{
    const EventView &e = m_context.event();
    switch (n.field) {
    case FieldId::Key:
        return bytesValue(e.key);
    case FieldId::Value:
        return bytesValue(e.value);
    case FieldId::Topic:
        if (const QByteArray *topic = m_context.topicUtf8())
            return Value::stringView(topic->constData(), topic->size());
        return {};
    case FieldId::Partition:
        return e.partition >= 0 ? Value::fromInt(e.partition) : Value();
    case FieldId::Offset:
        return e.offset >= 0 ? Value::fromInt(e.offset) : Value();
    case FieldId::Timestamp:
        // -1 is Kafka's "no timestamp".
        if (e.timestampType == TimestampType::NotAvailable || e.timestampMs < 0)
            return {};
        return Value::fromInt(e.timestampMs);
    case FieldId::TimestampType:
        switch (e.timestampType) {
        case TimestampType::CreateTime: return Value::stringView("create", 6);
        case TimestampType::LogAppendTime: return Value::stringView("log-append", 10);
        case TimestampType::NotAvailable: return Value::stringView("none", 4);
        }
        return {};
    case FieldId::Seq:
        return e.seq >= 0 ? Value::fromInt(e.seq) : Value();
    case FieldId::Arrival: {
        // Milliseconds, rounded down like the microseconds they come from.
        const std::int64_t us = e.arrivalUs;
        return Value::fromInt(us >= 0 ? us / 1000 : -((-us + 999) / 1000));
    }
    case FieldId::ArrivalUs:
        return Value::fromInt(e.arrivalUs);
    }
    return {};
}

Value Evaluator::header(const Node &n)
{
    for (const HeaderView &h : m_context.event().headers) {
        if (h.name.size == n.header.size()
            && (h.name.size == 0 || std::memcmp(h.name.data, n.header.constData(), std::size_t(h.name.size)) == 0))
            return bytesValue(h.value);
    }
    return {};
}

bool Evaluator::resolve(const Node &n, simdjson::dom::element &out)
{
    const simdjson::dom::element *root = m_context.m_json->rootOf(m_context.m_event);
    if (!root)
        return false;
    simdjson::dom::element e = *root;
    for (const PathStep &step : n.path) {
        if (step.isIndex) {
            simdjson::dom::array array;
            if (e.get_array().get(array))
                return false;
            std::int64_t index = step.index;
            if (index < 0)
                index += std::int64_t(array.size());
            if (index < 0 || array.at(std::size_t(index)).get(e))
                return false;
        } else {
            simdjson::dom::object object;
            if (e.get_object().get(object))
                return false;
            if (object.at_key(std::string_view(step.key.constData(), std::size_t(step.key.size()))).get(e))
                return false;
        }
    }
    out = e;
    return true;
}

Value Evaluator::jsonPath(const Node &n)
{
    simdjson::dom::element e;
    if (!resolve(n, e))
        return {};
    return fromElement(e);
}

bool Evaluator::integerField(FieldId field, std::int64_t &out, bool &present) const
{
    const EventView &e = m_context.event();
    switch (field) {
    case FieldId::Partition: out = e.partition; present = e.partition >= 0; return true;
    case FieldId::Offset: out = e.offset; present = e.offset >= 0; return true;
    case FieldId::Seq: out = e.seq; present = e.seq >= 0; return true;
    case FieldId::ArrivalUs: out = e.arrivalUs; present = true; return true;
    default: return false; // see field() for the rest
    }
}

bool Evaluator::comparison(const Node &n)
{
    // The commonest filter is a metadata field against a whole number
    // (partition == 3, offset >= 1000): answered here without building
    // Values, with the same result as the general path below.
    if (const Node &l = node(n.lhs), &r = node(n.rhs);
        l.kind == NodeKind::Field && r.kind == NodeKind::Literal && r.literal.type() == Value::Type::Int) {
        std::int64_t a = 0;
        bool present = false;
        if (integerField(l.field, a, present)) {
            if (!present)
                return false;
            const std::int64_t b = r.literal.intValue();
            switch (n.kind) {
            case NodeKind::Equal: return a == b;
            case NodeKind::NotEqual: return a != b;
            case NodeKind::Less: return a < b;
            case NodeKind::LessEqual: return a <= b;
            case NodeKind::Greater: return a > b;
            case NodeKind::GreaterEqual: return a >= b;
            default: break;
            }
        }
    }
    Value left, right;
    const Value &a = operand(n.lhs, left);
    if (a.isMissing())
        return false;
    const Value &b = operand(n.rhs, right);
    if (b.isMissing())
        return false;
    switch (n.kind) {
    case NodeKind::Equal:
        return valuesEqual(a, b);
    case NodeKind::NotEqual:
        return !valuesEqual(a, b);
    default:
        break;
    }
    const std::optional<int> order = compareValues(a, b);
    if (!order)
        return false;
    switch (n.kind) {
    case NodeKind::Less: return *order < 0;
    case NodeKind::LessEqual: return *order <= 0;
    case NodeKind::Greater: return *order > 0;
    case NodeKind::GreaterEqual: return *order >= 0;
    default: return false;
    }
}

bool Evaluator::in(const Node &n)
{
    Value left;
    const Value &a = operand(n.lhs, left);
    if (a.isMissing())
        return false;
    bool found = false;
    for (std::size_t i = 0; i + 1 < n.children.size() && !found; i += 2) {
        Value first, last;
        const Value &item = operand(n.children[i], first);
        if (item.isMissing())
            continue;
        if (n.children[i + 1] < 0) {
            found = valuesEqual(a, item);
            continue;
        }
        const Value &end = operand(n.children[i + 1], last);
        if (end.isMissing())
            continue;
        const auto low = compareValues(a, item), high = compareValues(a, end);
        found = low && high && *low >= 0 && *high <= 0;
    }
    return n.kind == NodeKind::In ? found : !found;
}

bool Evaluator::contains(const Node &n)
{
    Value right;
    const Value &needle = operand(n.rhs, right);
    if (needle.isMissing())
        return false;
    const Node &haystackNode = node(n.lhs);
    if (haystackNode.kind == NodeKind::JsonPath) {
        simdjson::dom::element e;
        if (!resolve(haystackNode, e))
            return false;
        simdjson::dom::array array;
        if (!e.get_array().get(array)) {
            // An array contains an element equal to the needle.
            for (const simdjson::dom::element item : array)
                if (valuesEqual(fromElement(item), needle))
                    return true;
            return false;
        }
        const Value haystack = fromElement(e);
        return haystack.isString() && needle.isString() && haystack.bytes().indexOf(needle.bytes()) >= 0;
    }
    Value left;
    const Value &haystack = operand(n.lhs, left);
    return haystack.isString() && needle.isString() && haystack.bytes().indexOf(needle.bytes()) >= 0;
}

bool Evaluator::matches(const Node &n)
{
    Value left;
    const Value &subject = operand(n.lhs, left);
    if (!subject.isString())
        return false;
    const QRegularExpression &regex = m_program.regexes[std::size_t(n.regex)];
    return regex.match(QString::fromUtf8(subject.bytes())).hasMatch();
}

bool Evaluator::exists(const Node &n)
{
    const Node &subject = node(n.lhs);
    if (subject.kind == NodeKind::JsonPath) {
        simdjson::dom::element e;
        return resolve(subject, e); // no need to copy an object or array out
    }
    Value scratch;
    return !operand(n.lhs, scratch).isMissing();
}

} // namespace streamscope::expr::detail
