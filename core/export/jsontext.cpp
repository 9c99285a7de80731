#include "export/jsontext.h"

#include <QString>

#include <array>
#include <cstring>

namespace streamscope {

namespace {

// What a byte needs inside a JSON string: 0 nothing, 1 an escape, 2 a check
// of the UTF-8 sequence it starts.
constexpr std::array<std::uint8_t, 256> kByteClass = [] {
    std::array<std::uint8_t, 256> table{};
    for (int b = 0; b < 0x20; ++b)
        table[std::size_t(b)] = 1;
    table['"'] = 1;
    table['\\'] = 1;
    for (int b = 0x80; b < 0x100; ++b)
        table[std::size_t(b)] = 2;
    return table;
}();

// True when none of the 8 bytes needs attention: all ASCII, none a control
// character, quote or backslash (the usual "has byte less than / equal to"
// word tricks).
inline bool plainWord(std::uint64_t w)
{
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto hasZero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t control = (w - ones * 0x20) & ~w & highs; // a byte < 0x20
    return ((w & highs) | control | hasZero(w ^ (ones * '"')) | hasZero(w ^ (ones * '\\'))) == 0;
}

// Length of the valid UTF-8 sequence at p (lead byte ≥ 0x80), 0 if invalid.
inline int utf8SequenceLength(const unsigned char *p, qsizetype left)
{
    const unsigned char b0 = p[0];
    const auto cont = [&](int i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < left && p[i] >= lo && p[i] <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF)
        return cont(1) ? 2 : 0;
    if (b0 == 0xE0)
        return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF)
        return cont(1) && cont(2) ? 3 : 0;
    if (b0 == 0xED) // not the surrogates U+D800..U+DFFF
        return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
    if (b0 == 0xF0)
        return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3)
        return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b0 == 0xF4) // up to U+10FFFF
        return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

void appendEscape(QByteArray &out, unsigned char c)
{
    switch (c) {
    case '"': out.append("\\\"", 2); return;
    case '\\': out.append("\\\\", 2); return;
    case '\b': out.append("\\b", 2); return;
    case '\f': out.append("\\f", 2); return;
    case '\n': out.append("\\n", 2); return;
    case '\r': out.append("\\r", 2); return;
    case '\t': out.append("\\t", 2); return;
    default: {
        static const char hex[] = "0123456789ABCDEF";
        const char escaped[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        out.append(escaped, 6);
    }
    }
}

// Escapes the bytes into `out`. With Strict, stops at the first byte that
// is not clean text and returns false (having appended part of it).
template<bool Strict>
bool appendEscaped(QByteArray &out, QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    qsizetype run = 0; // start of the bytes not yet appended
    qsizetype i = 0;
    while (i < n) {
        if (i + 8 <= n) {
            std::uint64_t w;
            std::memcpy(&w, p + i, 8);
            if (plainWord(w)) {
                i += 8;
                continue;
            }
        }
        const unsigned char c = p[i];
        switch (kByteClass[c]) {
        case 0:
            ++i;
            break;
        case 2: {
            const int length = utf8SequenceLength(p + i, n - i);
            if (length == 0) {
                if constexpr (Strict)
                    return false;
            }
            i += length ? length : 1;
            break;
        }
        default:
            if constexpr (Strict)
                if (c == 0)
                    return false;
            out.append(reinterpret_cast<const char *>(p + run), i - run);
            appendEscape(out, c);
            run = ++i;
        }
    }
    out.append(reinterpret_cast<const char *>(p + run), n - run);
    return true;
}

} // namespace

bool isCleanText(QByteArrayView bytes)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.data());
    const qsizetype n = bytes.size();
    for (qsizetype i = 0; i < n;) {
        const unsigned char c = p[i];
        if (c == 0)
            return false;
        if (c < 0x80) {
            ++i;
            continue;
        }
        const int length = utf8SequenceLength(p + i, n - i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

bool appendCleanJsonString(QByteArray &out, QByteArrayView bytes)
{
    const qsizetype mark = out.size();
    out.append('"');
    if (!appendEscaped<true>(out, bytes)) {
        out.truncate(mark);
        return false;
    }
    out.append('"');
    return true;
}

void appendDisplayJsonString(QByteArray &out, QByteArrayView bytes)
{
    // Qt's decoder replaces each invalid sequence by U+FFFD; what comes back
    // is valid UTF-8, so only escaping remains.
    const QByteArray display = QString::fromUtf8(bytes).toUtf8();
    out.append('"');
    appendEscaped<false>(out, display);
    out.append('"');
}

void appendBase64JsonString(QByteArray &out, QByteArrayView bytes)
{
    out.append('"');
    out.append(QByteArray::fromRawData(bytes.data(), bytes.size()).toBase64());
    out.append('"');
}

} // namespace streamscope
