#pragma once
// Turns expression text into a Program (internal to core/expr), or says what
// is wrong and where. Recursive descent over the grammar of
// docs/filter-language.md, one function per precedence level. Nesting is
// capped at kMaxExpressionDepth, so hostile input ends in an error, not a
// stack overflow, here and in the Evaluator.

#include "expr/program.h"

#include <QString>
#include <QStringList>
#include <memory>
#include <variant>

namespace streamscope::expr::detail {

struct SourceError {
    int position = 0; // QString index
    int length = 1;   // QString units
    QString message;
};

std::variant<std::shared_ptr<const Program>, SourceError> parse(const QString &text);

// The top-level field names, as written (headers as headers.NAME).
QStringList fieldNames();

} // namespace streamscope::expr::detail
