#pragma once
// The one expression language of Streamscope (DESIGN.md principle 7): the
// table filter, breakpoints, pipeline fields (event-time field, key,
// aggregate arguments, dedupe field) and export filters.
// docs/filter-language.md is its reference.
//
// It evaluates; it never executes code. An Expression is compiled once —
// fields resolved, JSON paths split, regular expressions compiled — and then
// evaluated per event against an EventContext. Compiling checks everything
// that can be checked without an event, so evaluation has no errors: what
// cannot be answered for an event (an absent field, a payload that is not
// JSON, division by zero) is Missing.
//
// An Expression is immutable and cheap to copy (copies share the compiled
// form); evaluate() is const, so one Expression may serve several threads,
// each with its own EventContext.

#include "expr/compileerror.h"
#include "expr/eventcontext.h"
#include "expr/value.h"

#include <QString>
#include <memory>
#include <variant>

namespace streamscope::expr {

namespace detail {
struct Program;
}

class Expression
{
public:
    // A null expression: evaluates to Missing, matches nothing. Compile one.
    Expression();

    static std::variant<Expression, CompileError> compile(const QString &text);

    bool isNull() const { return !m_program; }
    Value evaluate(EventContext &context) const;
    // Truthy and not Missing: what a filter shows, what a breakpoint stops on.
    bool matches(EventContext &context) const;

    QString text() const;
    // Whether evaluation reads the payload at all (value or value.*): when
    // false, events may be evaluated without their values.
    bool usesValue() const;
    // Whether evaluation parses the payload as JSON (value.*).
    bool usesJson() const;

private:
    explicit Expression(std::shared_ptr<const detail::Program> program);
    std::shared_ptr<const detail::Program> m_program;
};

// Maximum nesting of an expression: parentheses, operators, negations.
// Deeper input is a compile error, never a stack overflow.
constexpr int kMaxExpressionDepth = 256;

} // namespace streamscope::expr
