#include "stats/latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace streamscope {

namespace {

constexpr int kExactBuckets = 256; // 0..255 µs: one bucket per value
constexpr int kSubBuckets = 128;   // per power of two above that
constexpr int kExactBits = 8;      // log2(kExactBuckets)
constexpr int kSubBits = 7;        // log2(kSubBuckets)

void bump(std::vector<std::int64_t> &counts, int bucket)
{
    if (std::size_t(bucket) >= counts.size())
        counts.resize(std::size_t(bucket) + 1, 0);
    ++counts[std::size_t(bucket)];
}

} // namespace

int LatencyHistogram::bucketOf(std::uint64_t magnitude)
{
    if (magnitude < std::uint64_t(kExactBuckets))
        return int(magnitude);
    const int exponent = std::bit_width(magnitude) - 1; // ≥ kExactBits
    const int shift = exponent - kSubBits;
    const int sub = int(magnitude >> shift) - kSubBuckets;
    return kExactBuckets + (exponent - kExactBits) * kSubBuckets + sub;
}

std::uint64_t LatencyHistogram::bucketLow(int bucket)
{
    if (bucket < kExactBuckets)
        return std::uint64_t(bucket);
    const int k = bucket - kExactBuckets;
    const int exponent = kExactBits + k / kSubBuckets;
    return std::uint64_t(kSubBuckets + k % kSubBuckets) << (exponent - kSubBits);
}

std::uint64_t LatencyHistogram::bucketWidth(int bucket)
{
    if (bucket < kExactBuckets)
        return 1;
    const int exponent = kExactBits + (bucket - kExactBuckets) / kSubBuckets;
    return std::uint64_t(1) << (exponent - kSubBits);
}

void LatencyHistogram::add(std::int64_t us)
{
    if (us >= 0) {
        bump(m_positive, bucketOf(std::uint64_t(us)));
    } else {
        // -INT64_MIN does not fit; its magnitude as unsigned does.
        bump(m_negative, bucketOf(std::uint64_t(0) - std::uint64_t(us)));
    }
    m_min = m_count == 0 ? us : std::min(m_min, us);
    m_max = m_count == 0 ? us : std::max(m_max, us);
    ++m_count;
}

void LatencyHistogram::clear()
{
    m_positive.clear();
    m_negative.clear();
    m_count = 0;
    m_min = m_max = 0;
}

std::optional<double> LatencyHistogram::percentileUs(double p) const
{
    if (m_count == 0)
        return std::nullopt;
    const double fraction = std::clamp(p, 0.0, 100.0) / 100.0;
    const std::int64_t rank = std::max<std::int64_t>(1, std::int64_t(std::ceil(fraction * double(m_count))));
    const auto middle = [](int bucket) {
        return double(bucketLow(bucket)) + double(bucketWidth(bucket) - 1) / 2.0;
    };
    double found = 0;
    std::int64_t seen = 0;
    bool done = false;
    // In value order: the most negative first.
    for (int b = int(m_negative.size()) - 1; b >= 0 && !done; --b) {
        seen += m_negative[std::size_t(b)];
        if (seen >= rank) {
            found = -middle(b);
            done = true;
        }
    }
    for (int b = 0; b < int(m_positive.size()) && !done; ++b) {
        seen += m_positive[std::size_t(b)];
        if (seen >= rank) {
            found = middle(b);
            done = true;
        }
    }
    return std::clamp(found, double(m_min), double(m_max));
}

} // namespace streamscope
