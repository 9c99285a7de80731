#pragma once
// Splits expression text into tokens (internal to core/expr).
//
// Literals are read to their values here — strings unescaped to bytes,
// numbers, durations, ISO times — and a field path such as value.a["b c"][2]
// is one token: there is no space inside a path, and after a "." any name is
// a member name, even one that is a keyword elsewhere (value.in).
// Positions are QString indices; the first error ends the token list.

#include "expr/program.h"
#include "expr/value.h"

#include <QString>
#include <QStringView>
#include <vector>

namespace streamscope::expr::detail {

enum class TokenKind : std::uint8_t {
    End,
    Error,   // message says why; always the last token
    Name,    // an identifier: a field or a keyword
    Path,    // an identifier followed by steps: value.a.b[2], headers.trace-id
    Literal, // number, string, duration, time
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    Comma,
    DotDot,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    AndAnd,
    OrOr,
    Bang,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
};

struct Token {
    TokenKind kind = TokenKind::End;
    int position = 0;
    int length = 0;
    QString name;                // Name, Path: the identifier
    std::vector<PathStep> steps; // Path
    int stepsPosition = 0;       // Path: where the first step starts
    Value value;                 // Literal
    bool isString = false;       // Literal: a string ("…" or r"…")
    // A string whose bytes are its source characters one for one (a raw
    // string, or one without escapes), so that an offset into the string
    // is an offset into the text: regex errors can point at the character.
    bool verbatim = false;
    int contentPosition = 0;      // Literal string: where its characters start
    bool integerTooLarge = false; // Literal: digits beyond int64 (only -9223372036854775808 may follow a minus)
    QString message;              // Error; Literal with integerTooLarge
};

std::vector<Token> tokenize(QStringView text);

// The 1-based column, in characters (code points), of a QString index.
int columnAt(QStringView text, qsizetype position);

// Text from the expression as a message quotes it: cut after 24 characters,
// so that a megabyte of input does not make a megabyte of message.
QString shortened(QStringView text);

// How a token reads in messages: "==", "foo", end of input.
QString describe(const Token &token, QStringView text);

} // namespace streamscope::expr::detail
