#include "export/jsonscanner.h"

#include <limits>

namespace streamscope {

namespace {

QString describeByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f)
        return QStringLiteral("'%1'").arg(QLatin1Char(c));
    return QStringLiteral("byte 0x%1").arg(u, 2, 16, QLatin1Char('0'));
}

void appendUtf8(QByteArray &out, std::uint32_t cp)
{
    if (cp < 0x80) {
        out.append(char(cp));
    } else if (cp < 0x800) {
        out.append(char(0xC0 | (cp >> 6)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(char(0xE0 | (cp >> 12)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    } else {
        out.append(char(0xF0 | (cp >> 18)));
        out.append(char(0x80 | ((cp >> 12) & 0x3F)));
        out.append(char(0x80 | ((cp >> 6) & 0x3F)));
        out.append(char(0x80 | (cp & 0x3F)));
    }
}

} // namespace

bool JsonScanner::fail(const QString &message)
{
    if (m_error.isEmpty()) {
        m_error = message;
        m_errorColumn = column();
    }
    return false;
}

void JsonScanner::skipSpace()
{
    while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\r' || *m_p == '\n'))
        ++m_p;
}

JsonScanner::Kind JsonScanner::peek()
{
    skipSpace();
    if (m_p >= m_end)
        return Kind::End;
    switch (*m_p) {
    case '{': return Kind::Object;
    case '[': return Kind::Array;
    case '"': return Kind::String;
    case 't':
    case 'f':
    case 'n': return Kind::Literal;
    default: return (*m_p == '-' || (*m_p >= '0' && *m_p <= '9')) ? Kind::Number : Kind::Invalid;
    }
}

bool JsonScanner::consume(char c)
{
    skipSpace();
    if (m_p < m_end && *m_p == c) {
        ++m_p;
        return true;
    }
    return false;
}

bool JsonScanner::expect(char c)
{
    if (consume(c))
        return true;
    if (m_p >= m_end)
        return fail(QStringLiteral("expected '%1', found the end of the line").arg(QLatin1Char(c)));
    return fail(QStringLiteral("expected '%1', found %2").arg(QString(QLatin1Char(c)), describeByte(*m_p)));
}

bool JsonScanner::atEnd()
{
    skipSpace();
    return m_p >= m_end;
}

bool JsonScanner::readHex4(std::uint32_t &out)
{
    if (m_end - m_p < 4)
        return fail(QStringLiteral("incomplete \\u escape"));
    out = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = *m_p++;
        out <<= 4;
        if (c >= '0' && c <= '9')
            out |= std::uint32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            out |= std::uint32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            out |= std::uint32_t(c - 'A' + 10);
        else
            return fail(QStringLiteral("invalid \\u escape"));
    }
    return true;
}

bool JsonScanner::readString(QByteArray &out)
{
    out.resize(0);
    if (peek() != Kind::String)
        return fail(m_p >= m_end ? QStringLiteral("expected a string, found the end of the line")
                                 : QStringLiteral("expected a string, found %1").arg(describeByte(*m_p)));
    ++m_p;
    const char *run = m_p;
    while (m_p < m_end) {
        const char c = *m_p;
        if (c == '"') {
            out.append(run, m_p - run);
            ++m_p;
            return true;
        }
        if (c != '\\') {
            ++m_p;
            continue;
        }
        out.append(run, m_p - run);
        if (++m_p >= m_end)
            break;
        switch (*m_p++) {
        case '"': out.append('"'); break;
        case '\\': out.append('\\'); break;
        case '/': out.append('/'); break;
        case 'b': out.append('\b'); break;
        case 'f': out.append('\f'); break;
        case 'n': out.append('\n'); break;
        case 'r': out.append('\r'); break;
        case 't': out.append('\t'); break;
        case 'u': {
            std::uint32_t cp = 0;
            if (!readHex4(cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(QStringLiteral("a \\u escape of a lone low surrogate"));
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                std::uint32_t low = 0;
                if (m_end - m_p < 6 || m_p[0] != '\\' || m_p[1] != 'u')
                    return fail(QStringLiteral("a \\u escape of a lone high surrogate"));
                m_p += 2;
                if (!readHex4(low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail(QStringLiteral("a \\u escape of a lone high surrogate"));
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            --m_p;
            return fail(QStringLiteral("invalid escape \\%1").arg(describeByte(*m_p)));
        }
        run = m_p;
    }
    return fail(QStringLiteral("unterminated string"));
}

bool JsonScanner::readInteger(std::int64_t &out)
{
    if (peek() != Kind::Number)
        return fail(QStringLiteral("expected an integer"));
    const char *start = m_p;
    const bool negative = *m_p == '-';
    if (negative)
        ++m_p;
    if (m_p >= m_end || *m_p < '0' || *m_p > '9')
        return fail(QStringLiteral("expected an integer"));
    std::uint64_t magnitude = 0;
    const std::uint64_t limit = negative ? std::uint64_t(std::numeric_limits<std::int64_t>::max()) + 1
                                         : std::uint64_t(std::numeric_limits<std::int64_t>::max());
    while (m_p < m_end && *m_p >= '0' && *m_p <= '9') {
        const std::uint64_t digit = std::uint64_t(*m_p - '0');
        if (magnitude > (limit - digit) / 10) {
            m_p = start;
            return fail(QStringLiteral("integer out of range"));
        }
        magnitude = magnitude * 10 + digit;
        ++m_p;
    }
    if (m_p < m_end && (*m_p == '.' || *m_p == 'e' || *m_p == 'E')) {
        m_p = start;
        return fail(QStringLiteral("expected an integer, found a fraction"));
    }
    out = negative ? std::int64_t(0 - magnitude) : std::int64_t(magnitude);
    return true;
}

bool JsonScanner::readNull()
{
    skipSpace();
    if (m_end - m_p >= 4 && QByteArrayView(m_p, 4) == "null") {
        m_p += 4;
        return true;
    }
    return false;
}

bool JsonScanner::skipValue() { return skipValue(0); }

bool JsonScanner::skipValue(int depth)
{
    if (depth >= kMaxDepth)
        return fail(QStringLiteral("nested deeper than %1 levels").arg(kMaxDepth));
    QByteArray scratch;
    switch (peek()) {
    case Kind::String: return readString(scratch);
    case Kind::Number: {
        // Any JSON number: sign, digits, fraction, exponent.
        const char *start = m_p;
        if (*m_p == '-')
            ++m_p;
        while (m_p < m_end && ((*m_p >= '0' && *m_p <= '9') || *m_p == '.' || *m_p == 'e' || *m_p == 'E'
                               || ((*m_p == '+' || *m_p == '-') && (m_p[-1] == 'e' || m_p[-1] == 'E'))))
            ++m_p;
        return m_p > start + (*start == '-' ? 1 : 0) || fail(QStringLiteral("invalid number"));
    }
    case Kind::Literal:
        for (const char *word : {"true", "false", "null"}) {
            const qsizetype n = qsizetype(qstrlen(word));
            if (m_end - m_p >= n && QByteArrayView(m_p, n) == QByteArrayView(word, n)) {
                m_p += n;
                return true;
            }
        }
        return fail(QStringLiteral("invalid literal"));
    case Kind::Array:
        ++m_p;
        if (consume(']'))
            return true;
        do {
            if (!skipValue(depth + 1))
                return false;
        } while (consume(','));
        return expect(']');
    case Kind::Object:
        ++m_p;
        if (consume('}'))
            return true;
        do {
            if (!readString(scratch) || !expect(':') || !skipValue(depth + 1))
                return false;
        } while (consume(','));
        return expect('}');
    case Kind::End: return fail(QStringLiteral("expected a value, found the end of the line"));
    case Kind::Invalid: break;
    }
    return fail(QStringLiteral("expected a value, found %1").arg(describeByte(*m_p)));
}

} // namespace streamscope
