#pragma once
// What the operators do to Values (internal to core/expr; the rules are
// docs/filter-language.md, "Types and coercions"). Missing is handled by the
// caller: these see present values only.

#include "expr/program.h"
#include "expr/value.h"

#include <optional>

namespace streamscope::expr::detail {

// ==: numbers by value (1 == 1.0), a number and a string that is exactly a
// JSON number as numbers, strings by bytes, arrays and objects by their JSON
// text; different types are not equal.
bool valuesEqual(const Value &a, const Value &b);

// <, <=, >, >=: -1, 0 or 1 for two numbers (again with numeric strings
// against numbers) or two strings (byte order, which is code point order
// for UTF-8); nullopt when the two cannot be ordered.
std::optional<int> compareValues(const Value &a, const Value &b);

// + - * / % on numbers (numeric strings included): Int when both are Int and
// the result fits, else Double. Integer division truncates. Missing when an
// operand is not a number or a divisor is zero.
Value arithmetic(NodeKind op, const Value &a, const Value &b);
Value negate(const Value &a);

} // namespace streamscope::expr::detail
