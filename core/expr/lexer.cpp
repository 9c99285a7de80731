#include "expr/lexer.h"

#include "expr/timeliteral.h"

#include <charconv>
#include <cmath>
#include <limits>

namespace streamscope::expr::detail {

namespace {

bool isDigit(QChar c) { return c >= QLatin1Char('0') && c <= QLatin1Char('9'); }
bool isNameStart(QChar c) { return c.isLetter() || c == QLatin1Char('_'); }
bool isNameChar(QChar c) { return c.isLetterOrNumber() || c == QLatin1Char('_'); }
// Kafka header names are often written with - and . (content-type, trace-id).
bool isHeaderNameChar(QChar c) { return isNameChar(c) || c == QLatin1Char('-') || c == QLatin1Char('.'); }
bool isUnitChar(QChar c) { return (c.isLetter() && c.unicode() < 128) || c == QChar(0xB5); }

// Appends a code point as UTF-8.
void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xC0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += char(0xE0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    } else {
        out += char(0xF0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3F));
        out += char(0x80 | ((cp >> 6) & 0x3F));
        out += char(0x80 | (cp & 0x3F));
    }
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

class Lexer
{
public:
    explicit Lexer(QStringView text) : m_text(text) {}

    std::vector<Token> run()
    {
        std::vector<Token> tokens;
        while (true) {
            skipSpace();
            Token token = next();
            const bool last = token.kind == TokenKind::End || token.kind == TokenKind::Error;
            tokens.push_back(std::move(token));
            if (last)
                return tokens;
        }
    }

private:
    QChar at(qsizetype i) const { return i < m_text.size() ? m_text[i] : QChar(); }

    void skipSpace()
    {
        while (m_pos < m_text.size() && m_text[m_pos].isSpace())
            ++m_pos;
    }

    Token make(TokenKind kind, qsizetype start, qsizetype length)
    {
        Token t;
        t.kind = kind;
        t.position = int(start);
        t.length = int(length);
        m_pos = start + length;
        return t;
    }

    Token error(qsizetype at, qsizetype length, QString message)
    {
        Token t;
        t.kind = TokenKind::Error;
        t.position = int(at);
        t.length = int(std::max<qsizetype>(length, 1));
        t.message = std::move(message);
        return t;
    }

    Token next()
    {
        const qsizetype start = m_pos;
        if (start >= m_text.size())
            return make(TokenKind::End, start, 0);
        const QChar c = m_text[start];
        const QChar c1 = at(start + 1);
        switch (c.unicode()) {
        case '(': return make(TokenKind::LeftParen, start, 1);
        case ')': return make(TokenKind::RightParen, start, 1);
        case '{': return make(TokenKind::LeftBrace, start, 1);
        case '}': return make(TokenKind::RightBrace, start, 1);
        case ',': return make(TokenKind::Comma, start, 1);
        case '+': return make(TokenKind::Plus, start, 1);
        case '-': return make(TokenKind::Minus, start, 1);
        case '*': return make(TokenKind::Star, start, 1);
        case '/': return make(TokenKind::Slash, start, 1);
        case '%': return make(TokenKind::Percent, start, 1);
        case '<': return c1 == QLatin1Char('=') ? make(TokenKind::LessEqual, start, 2) : make(TokenKind::Less, start, 1);
        case '>': return c1 == QLatin1Char('=') ? make(TokenKind::GreaterEqual, start, 2) : make(TokenKind::Greater, start, 1);
        case '!': return c1 == QLatin1Char('=') ? make(TokenKind::NotEqual, start, 2) : make(TokenKind::Bang, start, 1);
        case '=':
            if (c1 == QLatin1Char('='))
                return make(TokenKind::Equal, start, 2);
            return error(start, 1, QStringLiteral("use \"==\" to compare"));
        case '&':
            if (c1 == QLatin1Char('&'))
                return make(TokenKind::AndAnd, start, 2);
            return error(start, 1, QStringLiteral("use \"&&\" (or \"and\") to combine conditions"));
        case '|':
            if (c1 == QLatin1Char('|'))
                return make(TokenKind::OrOr, start, 2);
            return error(start, 1, QStringLiteral("use \"||\" (or \"or\") to combine conditions"));
        case '.':
            if (c1 == QLatin1Char('.'))
                return make(TokenKind::DotDot, start, 2);
            if (isDigit(c1))
                return error(start, 1, QStringLiteral("write a leading zero: 0.%1").arg(c1));
            return error(start, 1, QStringLiteral("unexpected \".\"; a field path has no spaces, as in value.a.b"));
        case '"':
            return string(start, start, false);
        case '\'':
            return error(start, 1, QStringLiteral("strings are written in double quotes: \"…\""));
        default:
            break;
        }
        if (c == QLatin1Char('r') && c1 == QLatin1Char('"'))
            return string(start, start + 1, true);
        if (isDigit(c))
            return number(start);
        if (isNameStart(c))
            return name(start);
        if (c.isHighSurrogate() || c.isLowSurrogate())
            return error(start, c.isHighSurrogate() && at(start + 1).isLowSurrogate() ? 2 : 1,
                         QStringLiteral("unexpected character \"%1\"").arg(m_text.mid(start, 2)));
        return error(start, 1, QStringLiteral("unexpected character \"%1\"").arg(c));
    }

    // A string literal from quote: "…" with JSON escapes and \xHH, or r"…"
    // raw (no escapes, so regular expressions need no doubled backslashes).
    Token string(qsizetype start, qsizetype quote, bool raw)
    {
        QByteArray bytes;
        qsizetype p = quote + 1;
        qsizetype run = p; // start of characters not yet appended
        bool verbatim = true;
        auto flush = [&](qsizetype end) {
            if (end > run)
                bytes += m_text.mid(run, end - run).toUtf8();
        };
        while (true) {
            if (p >= m_text.size())
                return error(start, p - start,
                             QStringLiteral("the string is not closed: add a closing \" at the end"));
            const QChar c = m_text[p];
            if (c == QLatin1Char('"'))
                break;
            if (c != QLatin1Char('\\') || raw) {
                ++p;
                continue;
            }
            flush(p);
            verbatim = false;
            const QChar e = at(p + 1);
            switch (e.unicode()) {
            case '"': bytes += '"'; p += 2; break;
            case '\\': bytes += '\\'; p += 2; break;
            case '/': bytes += '/'; p += 2; break;
            case 'b': bytes += '\b'; p += 2; break;
            case 'f': bytes += '\f'; p += 2; break;
            case 'n': bytes += '\n'; p += 2; break;
            case 'r': bytes += '\r'; p += 2; break;
            case 't': bytes += '\t'; p += 2; break;
            case 'x': {
                const int hi = hexValue(at(p + 2)), lo = hexValue(at(p + 3));
                if (hi < 0 || lo < 0)
                    return error(p, 2, QStringLiteral("\"\\x\" needs two hex digits, as in \\x00"));
                bytes += char(hi * 16 + lo);
                p += 4;
                break;
            }
            case 'u': {
                char32_t cp = 0;
                if (!hex4(p + 2, cp))
                    return error(p, 2, QStringLiteral("\"\\u\" needs four hex digits, as in \\u00e9"));
                qsizetype length = 6;
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    char32_t low = 0;
                    if (at(p + 6) != QLatin1Char('\\') || at(p + 7) != QLatin1Char('u') || !hex4(p + 8, low)
                        || low < 0xDC00 || low > 0xDFFF)
                        return error(p, 6,
                                     QStringLiteral("\"\\u%1\" starts a surrogate pair: follow it with \\uDC00-\\uDFFF")
                                         .arg(m_text.mid(p + 2, 4)));
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                    length = 12;
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    return error(p, 6, QStringLiteral("\"\\u%1\" is half of a surrogate pair").arg(m_text.mid(p + 2, 4)));
                }
                appendUtf8(bytes, cp);
                p += length;
                break;
            }
            default: {
                if (p + 1 >= m_text.size())
                    return error(start, p + 1 - start,
                                 QStringLiteral("the string is not closed: add a closing \" at the end"));
                return error(p, 2,
                             QStringLiteral("unknown escape \"\\%1\" in a string; write \\\\ for a backslash, "
                                            "or use a raw string r\"…\" for a regular expression")
                                 .arg(e));
            }
            }
            run = p;
        }
        flush(p);
        Token t = make(TokenKind::Literal, start, p + 1 - start);
        t.value = Value::fromString(std::move(bytes));
        t.isString = true;
        t.verbatim = verbatim;
        t.contentPosition = int(quote + 1);
        return t;
    }

    bool hex4(qsizetype p, char32_t &cp) const
    {
        cp = 0;
        for (int i = 0; i < 4; ++i) {
            const int h = hexValue(at(p + i));
            if (h < 0)
                return false;
            cp = cp * 16 + char32_t(h);
        }
        return true;
    }

    // Digits with an optional fraction and exponent; the end of the number.
    qsizetype scanDigits(qsizetype p, bool &integral) const
    {
        integral = true;
        while (isDigit(at(p)))
            ++p;
        if (at(p) == QLatin1Char('.') && isDigit(at(p + 1))) { // "1..5" is a range
            integral = false;
            p += 1;
            while (isDigit(at(p)))
                ++p;
        }
        if (at(p) == QLatin1Char('e') || at(p) == QLatin1Char('E')) {
            qsizetype q = p + 1;
            if (at(q) == QLatin1Char('+') || at(q) == QLatin1Char('-'))
                ++q;
            if (isDigit(at(q))) {
                integral = false;
                while (isDigit(at(q)))
                    ++q;
                p = q;
            }
        }
        return p;
    }

    Token number(qsizetype start)
    {
        if (startsWithDate(m_text.mid(start)))
            return time(start);
        bool integral = true;
        qsizetype p = scanDigits(start, integral);
        const QByteArray digits = m_text.mid(start, p - start).toLatin1();
        if (isUnitChar(at(p)))
            return duration(start);
        if (isNameChar(at(p)))
            return error(p, 1,
                         QStringLiteral("unexpected \"%1\" after the number %2")
                             .arg(at(p))
                             .arg(shortened(QString::fromLatin1(digits))));

        Token t = make(TokenKind::Literal, start, p - start);
        if (integral) {
            std::int64_t i = 0;
            const auto r = std::from_chars(digits.constData(), digits.constData() + digits.size(), i);
            if (r.ec == std::errc()) {
                t.value = Value::fromInt(i);
                return t;
            }
            t.integerTooLarge = true;
            t.message = QStringLiteral("the integer %1 does not fit in 64 bits (the largest is 9223372036854775807); "
                                       "write %1.0 to compare it as a decimal")
                            .arg(shortened(QString::fromLatin1(digits)));
            return t;
        }
        double d = 0;
        const auto r = std::from_chars(digits.constData(), digits.constData() + digits.size(), d);
        if (r.ec != std::errc() || !std::isfinite(d))
            return error(start, p - start,
                         QStringLiteral("the number %1 is out of range for a decimal")
                             .arg(shortened(QString::fromLatin1(digits))));
        t.value = Value::fromDouble(d);
        return t;
    }

    // 5s, 250ms, 1.5h, 1h30m: a sum of numbers with units, in milliseconds.
    Token duration(qsizetype start)
    {
        qsizetype p = start;
        bool exact = true;            // every part an integer: sum in microseconds
        std::int64_t totalMicros = 0;
        long double totalMillis = 0;
        while (isDigit(at(p))) {
            bool integral = true;
            const qsizetype numberEnd = scanDigits(p, integral);
            const QByteArray digits = m_text.mid(p, numberEnd - p).toLatin1();
            qsizetype unitEnd = numberEnd;
            while (isUnitChar(at(unitEnd)))
                ++unitEnd;
            const QStringView unit = m_text.mid(numberEnd, unitEnd - numberEnd);
            if (unit.isEmpty())
                return error(numberEnd, 1,
                             QStringLiteral("expected a unit after %1 in a duration: us, ms, s, m, h or d")
                                 .arg(shortened(QString::fromLatin1(digits))));
            const std::int64_t perUnit = microsecondsPerUnit(unit);
            if (perUnit == 0) {
                const QString hint = unit == QLatin1String("min") ? QStringLiteral(" (minutes are m)")
                    : unit == QLatin1String("sec")               ? QStringLiteral(" (seconds are s)")
                                                                  : QString();
                return error(numberEnd, unitEnd - numberEnd,
                             QStringLiteral("unknown unit \"%1\" after %2; durations take us, ms, s, m, h or d%3")
                                 .arg(shortened(unit))
                                 .arg(shortened(QString::fromLatin1(digits)), hint));
            }
            double number = 0;
            std::from_chars(digits.constData(), digits.constData() + digits.size(), number);
            totalMillis += (long double)number * perUnit / 1000;
            if (exact && integral) {
                std::int64_t n = 0;
                std::int64_t micros = 0;
                if (std::from_chars(digits.constData(), digits.constData() + digits.size(), n).ec != std::errc()
                    || __builtin_mul_overflow(n, perUnit, &micros)
                    || __builtin_add_overflow(totalMicros, micros, &totalMicros))
                    exact = false;
            } else {
                exact = false;
            }
            p = unitEnd;
        }
        if (isNameChar(at(p)))
            return error(p, 1,
                         QStringLiteral("unexpected \"%1\" after the duration %2")
                             .arg(at(p))
                             .arg(shortened(m_text.mid(start, p - start))));
        Token t = make(TokenKind::Literal, start, p - start);
        if (exact && totalMicros % 1000 == 0) {
            t.value = Value::fromInt(totalMicros / 1000);
        } else if (exact) {
            t.value = Value::fromDouble(double(totalMicros) / 1000.0);
        } else {
            if (!std::isfinite(double(totalMillis)) || std::fabs(totalMillis) > 9.2e18L)
                return error(
                    start, p - start,
                    QStringLiteral("the duration %1 is too long").arg(shortened(m_text.mid(start, p - start))));
            const double ms = double(totalMillis);
            if (ms == std::floor(ms))
                t.value = Value::fromInt(std::int64_t(ms));
            else
                t.value = Value::fromDouble(ms);
        }
        return t;
    }

    Token time(qsizetype start)
    {
        const LiteralScan scan = scanIsoTime(m_text.mid(start));
        if (!scan.ok())
            return error(start + scan.errorAt, scan.errorLength, scan.error);
        const qsizetype end = start + scan.length;
        if (isNameChar(at(end)))
            return error(
                end, 1,
                QStringLiteral("unexpected \"%1\" after the time %2").arg(at(end)).arg(m_text.mid(start, scan.length)));
        Token t = make(TokenKind::Literal, start, scan.length);
        t.value = scan.value;
        return t;
    }

    Token name(qsizetype start)
    {
        qsizetype p = start;
        while (p < m_text.size() && isNameChar(m_text[p]))
            ++p;
        const QString identifier = m_text.mid(start, p - start).toString();
        const bool headers = identifier == QLatin1String("headers");
        const qsizetype stepsStart = p;
        std::vector<PathStep> steps;
        while (true) {
            const QChar c = at(p);
            if (c == QLatin1Char('.') && at(p + 1) != QLatin1Char('.')) {
                ++p;
                if (at(p) == QLatin1Char('"')) {
                    Token quoted = string(p, p, false);
                    if (quoted.kind == TokenKind::Error)
                        return quoted;
                    steps.push_back(PathStep{quoted.value.bytes().toByteArray(), 0, false});
                    p = quoted.position + quoted.length;
                    continue;
                }
                const qsizetype nameStart = p;
                while (p < m_text.size() && (headers ? isHeaderNameChar(m_text[p]) : isNameChar(m_text[p])))
                    ++p;
                if (p == nameStart)
                    return error(nameStart - 1, 1,
                                 QStringLiteral("expected a name after \".\"; quote other names: %1.\"odd key\"")
                                     .arg(shortened(identifier)));
                steps.push_back(PathStep{m_text.mid(nameStart, p - nameStart).toUtf8(), 0, false});
            } else if (c == QLatin1Char('[')) {
                const qsizetype open = p++;
                while (at(p).isSpace())
                    ++p;
                if (at(p) == QLatin1Char('"')) {
                    Token quoted = string(p, p, false);
                    if (quoted.kind == TokenKind::Error)
                        return quoted;
                    steps.push_back(PathStep{quoted.value.bytes().toByteArray(), 0, false});
                    p = quoted.position + quoted.length;
                } else if (isDigit(at(p)) || (at(p) == QLatin1Char('-') && isDigit(at(p + 1)))) {
                    const qsizetype numberStart = p;
                    if (at(p) == QLatin1Char('-'))
                        ++p;
                    while (isDigit(at(p)))
                        ++p;
                    const QByteArray digits = m_text.mid(numberStart, p - numberStart).toLatin1();
                    std::int64_t index = 0;
                    if (std::from_chars(digits.constData(), digits.constData() + digits.size(), index).ec != std::errc())
                        return error(
                            numberStart, p - numberStart,
                            QStringLiteral("the index %1 is too large").arg(shortened(QString::fromLatin1(digits))));
                    steps.push_back(PathStep{{}, index, true});
                } else {
                    return error(
                        p, 1,
                        QStringLiteral("expected an index or a quoted name inside [ ], as in %1[0] or %1[\"odd key\"]")
                            .arg(shortened(identifier)));
                }
                while (at(p).isSpace())
                    ++p;
                if (at(p) != QLatin1Char(']'))
                    return error(
                        p, 1,
                        QStringLiteral("expected \"]\" to close the \"[\" at column %1").arg(columnAt(m_text, open)));
                ++p;
            } else {
                break;
            }
        }
        Token t = make(steps.empty() ? TokenKind::Name : TokenKind::Path, start, p - start);
        t.name = identifier;
        t.steps = std::move(steps);
        t.stepsPosition = int(stepsStart);
        return t;
    }

    QStringView m_text;
    qsizetype m_pos = 0;
};

} // namespace

std::vector<Token> tokenize(QStringView text) { return Lexer(text).run(); }

int columnAt(QStringView text, qsizetype position)
{
    int column = 1;
    for (qsizetype i = 0; i < position && i < text.size(); ++i)
        if (!(text[i].isLowSurrogate() && i > 0 && text[i - 1].isHighSurrogate()))
            ++column;
    return column;
}

QString shortened(QStringView text)
{
    if (text.size() <= 24)
        return text.toString();
    return text.left(21).toString() + QStringLiteral("…");
}

QString describe(const Token &token, QStringView text)
{
    if (token.kind == TokenKind::End)
        return QStringLiteral("end of input");
    return QLatin1Char('"') + shortened(text.mid(token.position, token.length)) + QLatin1Char('"');
}

} // namespace streamscope::expr::detail
