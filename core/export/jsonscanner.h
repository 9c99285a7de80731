#pragma once
// A small JSON reader for one line of a JSON-lines file, that gives strings
// as the bytes they hold instead of checking them as Unicode: kcat -J writes
// the bytes of keys and payloads into its strings as they are, so a dump of
// binary data is not strictly JSON, yet every byte of it can be recovered
// (its escapes \" \\ \b \f \n \r \t \u00XX are reversible). Escapes \uXXXX
// decode to UTF-8 (surrogate pairs included; a lone surrogate is an error).
//
// Untrusted input: every read is bounds-checked, nesting is limited, numbers
// that do not fit are errors, and errors name the column.

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <cstdint>

namespace streamscope {

class JsonScanner
{
public:
    explicit JsonScanner(QByteArrayView text) : m_p(text.data()), m_begin(text.data()), m_end(text.data() + text.size()) {}

    enum class Kind { Object, Array, String, Number, Literal, End, Invalid };
    // The kind of the next value (after white space), without reading it.
    Kind peek();

    bool consume(char c); // the next non-space character is c: skip it
    bool expect(char c);  // as consume, else an error "expected 'c'"
    bool atEnd();         // only white space is left

    bool readString(QByteArray &out);
    bool readInteger(std::int64_t &out);
    // Reads null, and returns true, if the next value is null.
    bool readNull();
    bool skipValue();

    // The first error, and its 1-based column (in bytes).
    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    int errorColumn() const { return m_errorColumn; }
    bool fail(const QString &message); // records the error (at the current column); returns false
    int column() const { return int(m_p - m_begin) + 1; }

    static constexpr int kMaxDepth = 64;

private:
    void skipSpace();
    bool skipValue(int depth);
    bool readHex4(std::uint32_t &out);

    const char *m_p;
    const char *m_begin;
    const char *m_end;
    QString m_error;
    int m_errorColumn = 0;
};

} // namespace streamscope
