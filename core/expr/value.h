#pragma once
// What an expression evaluates to (docs/filter-language.md, "Types").
//
// Missing is the value of a field the event does not have — an absent
// header, a JSON path that leads nowhere, a payload that is not JSON — and of
// arithmetic without an answer (division by zero). It is not an error: a
// comparison with Missing is false, so a filter on an absent field does not
// match (the rule of Wireshark's display filters).
//
// A String is a byte string (UTF-8 when it is text, but keys and values may
// be any bytes). It may view into the event, the EventContext or the
// Expression it came from, and is then valid until the next
// EventContext::setEvent(); owned() makes a copy that keeps its bytes.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>
#include <optional>

namespace streamscope::expr {

class Value
{
public:
    enum class Type : std::uint8_t {
        Missing,
        Null,
        Bool,
        Int,    // int64
        Double,
        String, // bytes
        Array,  // a JSON array, held as its minified JSON text
        Object, // a JSON object, held as its minified JSON text
    };

    Value() = default; // Missing
    static Value missing() { return {}; }
    static Value null();
    static Value fromBool(bool b);
    static Value fromInt(std::int64_t i);
    static Value fromDouble(double d);
    // A String that owns its bytes.
    static Value fromString(QByteArray bytes);
    // A String that views bytes owned by someone else (they must outlive it).
    static Value stringView(const char *data, qsizetype size);
    // An Array or Object from its raw JSON text (owned).
    static Value fromJson(Type arrayOrObject, QByteArray json);

    Type type() const { return m_type; }
    bool isMissing() const { return m_type == Type::Missing; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isInt() const { return m_type == Type::Int; }
    bool isDouble() const { return m_type == Type::Double; }
    bool isNumber() const { return m_type == Type::Int || m_type == Type::Double; }
    bool isString() const { return m_type == Type::String; }
    bool isJson() const { return m_type == Type::Array || m_type == Type::Object; }

    // The raw payload of each type; meaningful only for that type.
    bool boolValue() const { return m_bool; }
    std::int64_t intValue() const { return m_int; }
    double doubleValue() const { return m_double; }
    // The bytes of a String, or the JSON text of an Array or Object.
    QByteArrayView bytes() const { return QByteArrayView(m_data, m_size); }

    // Int as is; Double rounded to the nearest integer (nullopt if it does
    // not fit); a String that is exactly a JSON number as that number;
    // nullopt for anything else.
    std::optional<std::int64_t> toInt64() const;
    // Int and Double; a String that is exactly a JSON number; else nullopt.
    std::optional<double> toDouble() const;
    // Canonical bytes for grouping: a String's bytes; a number's JSON text
    // (3 and 3.0 both "3", so equal numbers group together); true, false,
    // null; an Array's or Object's minified JSON. A null QByteArray for
    // Missing.
    QByteArray toKeyBytes() const;
    // The same bytes written into `out`, reusing its buffer when it is not
    // shared (the engine extracts a key per event; this keeps that from
    // allocating).
    void writeKeyBytes(QByteArray &out) const;
    // False for Missing, Null, false, 0, 0.0, NaN and ""; true otherwise.
    bool truthy() const;

    // A copy that owns its bytes, to keep beyond the next event.
    Value owned() const;

    // For people and tests: 42, 2.5, "text", true, null, <missing>, [1,2].
    QString toString() const;
    static QString typeName(Type type);

    // Same type and same value (1 and 1.0 differ here; the language's ==
    // does not distinguish them).
    friend bool operator==(const Value &a, const Value &b);

private:
    Type m_type = Type::Missing;
    union {
        bool m_bool;
        std::int64_t m_int = 0;
        double m_double;
    };
    const char *m_data = nullptr;
    qsizetype m_size = 0;
    QByteArray m_owner; // when the bytes are owned; m_data points into it
};

// Parses text that is exactly one JSON number (no spaces, no leading '+')
// into an Int, or a Double when it has a fraction or exponent or does not fit
// 64 bits. nullopt for anything else. This is the one rule by which strings
// compare with numbers.
std::optional<Value> parseJsonNumber(QByteArrayView text);

} // namespace streamscope::expr
