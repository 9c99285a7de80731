#pragma once
// Bytes as JSON string text, the way kcat -J writes them (yajl's escaping:
// \" \\ \b \f \n \r \t, other control characters as \u00XX with upper-case
// hex digits, everything else as is), so that an export of clean text is
// byte for byte what kcat prints.
//
// "Clean text" is what a JSON string can carry exactly and every consumer
// reads back the same: valid UTF-8 without NUL. kcat writes other bytes raw,
// which makes its line invalid JSON; Streamscope writes a readable
// replacement and the exact bytes in base64 beside it (docs/export.md).

#include <QByteArray>
#include <QByteArrayView>

namespace streamscope {

// Valid UTF-8 (no overlong forms, no surrogates, at most U+10FFFF) and no NUL.
bool isCleanText(QByteArrayView bytes);

// Appends "bytes" as a JSON string if they are clean text and returns true;
// otherwise leaves `out` as it was and returns false.
bool appendCleanJsonString(QByteArray &out, QByteArrayView bytes);

// Appends a JSON string that reads as the bytes do: invalid UTF-8 sequences
// become U+FFFD, NUL becomes \u0000. Lossy for bytes that are not clean text.
void appendDisplayJsonString(QByteArray &out, QByteArrayView bytes);

// "…" with the base64 of the bytes (RFC 4648, with padding).
void appendBase64JsonString(QByteArray &out, QByteArrayView bytes);

} // namespace streamscope
