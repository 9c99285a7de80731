#pragma once
// The compiled form of an expression (internal to core/expr): a flat array
// of nodes that refer to each other by index, built by the Parser and walked
// by the Evaluator. Immutable once built.

#include "expr/value.h"

#include <QByteArray>
#include <QRegularExpression>
#include <QString>
#include <cstdint>
#include <vector>

namespace streamscope::expr::detail {

// The top-level fields of an event (docs/filter-language.md, "Fields").
enum class FieldId : std::uint8_t {
    Key,
    Value,
    Topic,
    Partition,
    Offset,
    Timestamp,
    TimestampType,
    Seq,
    Arrival,
    ArrivalUs,
};

enum class NodeKind : std::uint8_t {
    Literal,
    Field,
    Header,   // headers.NAME
    JsonPath, // value.a.b[2]
    // Logic: always a boolean.
    Not,
    And, // children, evaluated left to right until one is false
    Or,  // children, evaluated left to right until one is true
    // Comparisons: always a boolean, false when either side is Missing.
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    In,    // lhs, children: (item, range end or -1) pairs
    NotIn,
    Contains,
    Matches, // lhs, regex
    Exists,  // lhs
    // Arithmetic: a number, or Missing.
    Negate,
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
};

// One step of a JSON path: an object member or an array element.
struct PathStep {
    QByteArray key;         // member name, UTF-8 (when !isIndex)
    std::int64_t index = 0; // element; negative counts from the end (-1 is the last)
    bool isIndex = false;
};

struct Node {
    NodeKind kind = NodeKind::Literal;
    FieldId field = FieldId::Key;
    int lhs = -1;
    int rhs = -1;
    int regex = -1;             // Matches: index into Program::regexes
    std::vector<int> children;  // And, Or; In and NotIn: item, range end (-1: none), …
    Value literal;              // Literal (owns its bytes)
    QByteArray header;          // Header: the name
    std::vector<PathStep> path; // JsonPath
    int position = 0;           // where the node's text starts, in QString units
    int length = 0;
    int height = 1;             // nesting below and including this node
    // What evaluating the node may cost: 0 the event's metadata and bytes,
    // +1 a regular expression, +2 the parsed payload. && and || test their
    // cheaper operands first.
    std::uint8_t cost = 0;
};

struct Program {
    QString text;
    std::vector<Node> nodes;
    std::vector<QRegularExpression> regexes;
    int root = -1;
    bool usesValue = false;
    bool usesJson = false;
};

} // namespace streamscope::expr::detail
