#pragma once
// Where to start reading a partition. The text forms follow kcat's -o:
//   beginning | end | OFFSET | -N (last N) | s@UNIX_MS (first event at or after)

#include "util/result.h"

#include <QString>
#include <cstdint>

namespace streamscope {

struct StartPosition {
    enum class Kind { Beginning, End, Offset, Timestamp, LastN };
    Kind kind = Kind::Beginning;
    std::int64_t value = 0; // offset, timestamp in ms, or N

    static StartPosition beginning() { return {Kind::Beginning, 0}; }
    static StartPosition end() { return {Kind::End, 0}; }
    static StartPosition offset(std::int64_t o) { return {Kind::Offset, o}; }
    static StartPosition timestamp(std::int64_t ms) { return {Kind::Timestamp, ms}; }
    static StartPosition lastN(std::int64_t n) { return {Kind::LastN, n}; }

    static Result<StartPosition> parse(const QString &text);
    QString toString() const; // parse(toString()) == *this

    friend bool operator==(const StartPosition &, const StartPosition &) = default;
};

} // namespace streamscope
