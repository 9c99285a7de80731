#pragma once
// Why an expression did not compile, and where.

#include <QString>

namespace streamscope::expr {

struct CompileError {
    int column = 0; // 1-based, in characters (Unicode code points) of the expression text
    int length = 1; // characters to highlight from column (at least 1, also at the end of the text)
    QString message; // e.g. expected a value after "==", found end of input

    // The same place in QString (UTF-16) units, for QLineEdit::setSelection
    // and QTextCursor: differs from column - 1 only after characters outside
    // the Basic Multilingual Plane (emoji).
    int position = 0;
    int positionLength = 1;

    // "column 14: expected a value after "==", found end of input"
    QString toString() const { return QStringLiteral("column %1: %2").arg(column).arg(message); }
};

} // namespace streamscope::expr
