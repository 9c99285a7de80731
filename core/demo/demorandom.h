#pragma once
// The demo's own random numbers and key hash. The standard distributions
// (std::uniform_int_distribution …) may give different numbers with another
// standard library, and a demo seed must give the same events everywhere,
// byte for byte. So: fixed, documented algorithms and our own range mapping,
// integer arithmetic only.
//
// - SplitMix64 (Steele, Lea, Flood 2014) expands a 64-bit seed.
// - xoshiro256** (Blackman, Vigna 2018) is the generator.
// - below(n) maps to [0, n) without bias by Lemire's multiply-and-reject.
// - FNV-1a (32 bit) hashes keys to partitions.

#include <QByteArrayView>
#include <cstdint>

namespace streamscope {

// One step of SplitMix64: advances state and returns the next output.
constexpr std::uint64_t splitMix64(std::uint64_t &state)
{
    std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

constexpr std::uint32_t fnv1a32(QByteArrayView bytes)
{
    std::uint32_t hash = 2166136261u;
    for (char c : bytes) {
        hash ^= std::uint8_t(c);
        hash *= 16777619u;
    }
    return hash;
}

constexpr std::uint64_t fnv1a64(QByteArrayView bytes)
{
    std::uint64_t hash = 14695981039346656037ULL;
    for (char c : bytes) {
        hash ^= std::uint8_t(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

// The partition of a key: FNV-1a of its bytes modulo the partition count.
// (Not Kafka's murmur2 partitioner: this one is ours and stays stable.)
constexpr int partitionForKey(QByteArrayView key, int partitions)
{
    return partitions <= 1 ? 0 : int(fnv1a32(key) % std::uint32_t(partitions));
}

class DemoRandom
{
public:
    explicit DemoRandom(std::uint64_t seed)
    {
        std::uint64_t sm = seed;
        for (std::uint64_t &word : m_state)
            word = splitMix64(sm);
    }

    std::uint64_t next()
    {
        const std::uint64_t result = rotl(m_state[1] * 5, 7) * 9;
        const std::uint64_t t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }

    // Uniform in [0, n); n > 0.
    std::uint64_t below(std::uint64_t n)
    {
        unsigned __int128 m = (unsigned __int128)next() * n;
        std::uint64_t low = std::uint64_t(m);
        if (low < n) {
            const std::uint64_t threshold = (0 - n) % n;
            while (low < threshold) {
                m = (unsigned __int128)next() * n;
                low = std::uint64_t(m);
            }
        }
        return std::uint64_t(m >> 64);
    }

    // Uniform in [lo, hi], both included; lo <= hi.
    std::int64_t between(std::int64_t lo, std::int64_t hi) { return lo + std::int64_t(below(std::uint64_t(hi - lo) + 1)); }

    // True with probability numerator / denominator.
    bool chance(std::uint64_t numerator, std::uint64_t denominator) { return below(denominator) < numerator; }

    template<typename T, std::size_t N>
    const T &pick(const T (&items)[N])
    {
        return items[below(N)];
    }

private:
    static constexpr std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t m_state[4];
};

} // namespace streamscope
