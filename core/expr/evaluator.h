#pragma once
// Walks a Program for the event in an EventContext (internal to core/expr).
//
// Two mutually recursive entry points: value() for what a node is, test()
// for whether it holds — logic and comparisons answer test() directly,
// with && and || stopping at the first operand that decides. Recursion is
// bounded by the height of the program, which the Parser caps.

#include "expr/eventcontext.h"
#include "expr/program.h"
#include "expr/value.h"

namespace simdjson::dom {
class element;
}

namespace streamscope::expr::detail {

class Evaluator
{
public:
    Evaluator(const Program &program, EventContext &context) : m_program(program), m_context(context) {}

    Value value(int node);
    bool test(int node);

private:
    const Node &node(int index) const { return m_program.nodes[std::size_t(index)]; }
    // A literal by reference, anything else evaluated into scratch.
    const Value &operand(int index, Value &scratch);
    Value field(const Node &n);
    Value header(const Node &n);
    bool resolve(const Node &n, simdjson::dom::element &out);
    Value jsonPath(const Node &n);
    bool comparison(const Node &n);
    // The event's whole-number metadata field (partition, offset, …); false
    // for other fields. present is false when the event lacks it (Missing).
    bool integerField(FieldId field, std::int64_t &out, bool &present) const;
    bool in(const Node &n);
    bool contains(const Node &n);
    bool matches(const Node &n);
    bool exists(const Node &n);

    const Program &m_program;
    EventContext &m_context;
};

} // namespace streamscope::expr::detail
