#pragma once
// Wall-clock access for I/O code only (recording arrival times, progress).
// The event-time engine never includes this (DESIGN.md, principle 2).

#include <chrono>
#include <cstdint>

namespace streamscope {

inline std::int64_t wallClockMicros()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

inline std::int64_t monotonicMillis()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace streamscope
