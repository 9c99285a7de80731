#pragma once
// Event-time windows with Apache Flink's semantics: [start, end), the
// window's last timestamp is end − 1, and windows are assigned as Flink's
// TumblingEventTimeWindows, SlidingEventTimeWindows and
// EventTimeSessionWindows assign them.

#include "engine/pipelinespec.h"

#include <algorithm>
#include <compare>
#include <cstdint>
#include <vector>

namespace streamscope {

struct TimeWindow {
    std::int64_t start = 0;
    std::int64_t end = 0;

    std::int64_t maxTimestamp() const { return end - 1; }
    // Flink's TimeWindow.intersects: touching windows count, so session
    // windows that meet merge.
    bool intersects(const TimeWindow &other) const { return start <= other.end && end >= other.start; }
    TimeWindow cover(const TimeWindow &other) const
    {
        return {std::min(start, other.start), std::max(end, other.end)};
    }

    friend auto operator<=>(const TimeWindow &, const TimeWindow &) = default;
};

// Flink's TimeWindow.getWindowStartWithOffset: the start of the window of
// `size` (shifted by `offset`) that holds `timestamp`; correct for negative
// timestamps too.
inline std::int64_t windowStart(std::int64_t timestamp, std::int64_t offset, std::int64_t size)
{
    const std::int64_t remainder = (timestamp - offset) % size;
    return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
}

// The windows an element with this timestamp belongs to, oldest first, into
// out (cleared first; the engine reuses one vector rather than allocate one
// per element).
inline void assignWindows(const WindowSpec &spec, std::int64_t timestamp, std::vector<TimeWindow> &out)
{
    out.clear();
    switch (spec.kind) {
    case WindowKind::Tumbling: {
        const std::int64_t start = windowStart(timestamp, spec.offsetMs, spec.sizeMs);
        out.push_back({start, start + spec.sizeMs});
        return;
    }
    case WindowKind::Sliding: {
        const std::int64_t last = windowStart(timestamp, spec.offsetMs, spec.slideMs);
        for (std::int64_t start = last; start > timestamp - spec.sizeMs; start -= spec.slideMs)
            out.push_back({start, start + spec.sizeMs});
        std::reverse(out.begin(), out.end());
        return;
    }
    case WindowKind::Session:
        out.push_back({timestamp, timestamp + spec.gapMs});
        return;
    }
}

inline std::vector<TimeWindow> assignWindows(const WindowSpec &spec, std::int64_t timestamp)
{
    std::vector<TimeWindow> windows;
    assignWindows(spec, timestamp, windows);
    return windows;
}

} // namespace streamscope
