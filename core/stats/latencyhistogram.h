#pragma once
// Percentiles of a latency in bounded memory: a log-bucketed histogram (the
// scheme of HdrHistogram), not a sample, so that a session of any length
// gives the same answer on every run and every machine.
//
// Values are whole microseconds. Below 256 µs each value has a bucket of its
// own (exact); above, a bucket spans 1/128 of its power of two, and a
// percentile is reported as the middle of its bucket, kept within the
// smallest and largest value seen: within 0.4 % of the exact nearest-rank
// percentile. Negative values (a consumer clock behind the producer's) are
// kept in a mirrored histogram, not dropped.

#include <cstdint>
#include <optional>
#include <vector>

namespace streamscope {

class LatencyHistogram
{
public:
    void add(std::int64_t us);
    void clear();

    std::int64_t count() const { return m_count; }
    std::int64_t minUs() const { return m_min; }
    std::int64_t maxUs() const { return m_max; }

    // The nearest-rank percentile (0 < p ≤ 100): the smallest recorded value
    // with at least p % of all values at or below it, as described above;
    // nullopt when nothing was recorded.
    std::optional<double> percentileUs(double p) const;

    // The bucket of a magnitude and the range [low, low + width) it holds.
    static int bucketOf(std::uint64_t magnitude);
    static std::uint64_t bucketLow(int bucket);
    static std::uint64_t bucketWidth(int bucket);

private:
    std::vector<std::int64_t> m_positive; // counts of values ≥ 0 by bucketOf(value)
    std::vector<std::int64_t> m_negative; // counts of values < 0 by bucketOf(-value)
    std::int64_t m_count = 0;
    std::int64_t m_min = 0;
    std::int64_t m_max = 0;
};

} // namespace streamscope
