#include "session/chunkcodec.h"

#include <QtEndian>
#include <cstring>

#include <xxhash.h>
#if defined(__x86_64__)
// libxxhash picks the widest vector unit at run time (AVX2 where there is
// one); compiled for baseline x86-64, the inline version would use SSE2.
#include <xxh_x86dispatch.h>
#define SS_XXH3_64_WITH_SEED XXH3_64bits_withSeed_dispatch
#else
#define SS_XXH3_64_WITH_SEED XXH3_64bits_withSeed
#endif

namespace streamscope {

namespace {

constexpr char kMagic[4] = {'S', 'S', 'C', '2'};
constexpr int kHeaderBytes = 16; // magic, event count, checksum
constexpr std::uint32_t kNullLength = 0xFFFFFFFFu;
constexpr int kFixedEventBytes = 8 + 4 + 4 + 8 + 8 + 1 + 1 + 4 + 4 + 4;
constexpr std::uint8_t kKeyNull = 1;
constexpr std::uint8_t kValueNull = 2;

template<typename T>
void put(char *&p, T v)
{
    qToLittleEndian(v, p);
    p += sizeof(T);
}

template<typename T>
T get(const char *p)
{
    return qFromLittleEndian<T>(p);
}

std::uint32_t lengthOf(BytesView b) { return b.isNull() ? 0u : std::uint32_t(b.size); }

// XXH3-64 of the events, seeded with the magic and event count so that the
// checksum covers every byte of the chunk but its own eight. XXH3 runs at
// memory speed; zlib's CRC-32 cost more than decoding the events.
std::uint64_t checksum(const char *data, qsizetype size)
{
    const std::uint64_t seed = get<std::uint64_t>(data);
    return SS_XXH3_64_WITH_SEED(data + kHeaderBytes, std::size_t(size - kHeaderBytes), seed);
}

} // namespace

ChunkBuilder::ChunkBuilder() { reset(); }

void ChunkBuilder::reset()
{
    m_data = QByteArray();
    m_data.reserve(256 * 1024);
    m_data.append(kMagic, 4);
    m_data.append(kHeaderBytes - 4, '\0'); // event count and checksum, patched in seal()
    m_count = 0;
    m_firstArrivalUs = m_lastArrivalUs = 0;
    m_minTimestampMs = m_maxTimestampMs = -1;
    m_partitions.clear();
    m_partitionIndex.clear();
}

void ChunkBuilder::append(const EventView &e)
{
    qsizetype needed = kFixedEventBytes + qsizetype(lengthOf(e.key)) + qsizetype(lengthOf(e.value));
    for (const HeaderView &h : e.headers)
        needed += 8 + qsizetype(lengthOf(h.name)) + qsizetype(lengthOf(h.value));

    const qsizetype start = m_data.size();
    if (m_data.capacity() < start + needed)
        m_data.reserve(std::max(m_data.capacity() * 2, start + needed));
    m_data.resize(start + needed);
    char *p = m_data.data() + start;

    put<std::int64_t>(p, e.arrivalUs);
    put<std::uint32_t>(p, std::uint32_t(e.topicId));
    put<std::int32_t>(p, e.partition);
    put<std::int64_t>(p, e.offset);
    put<std::int64_t>(p, e.timestampMs);
    put<std::uint8_t>(p, std::uint8_t(e.timestampType));
    put<std::uint8_t>(p, std::uint8_t((e.key.isNull() ? kKeyNull : 0) | (e.value.isNull() ? kValueNull : 0)));
    put<std::uint32_t>(p, lengthOf(e.key));
    put<std::uint32_t>(p, lengthOf(e.value));
    put<std::uint32_t>(p, std::uint32_t(e.headers.size()));
    if (lengthOf(e.key)) {
        std::memcpy(p, e.key.data, lengthOf(e.key));
        p += lengthOf(e.key);
    }
    if (lengthOf(e.value)) {
        std::memcpy(p, e.value.data, lengthOf(e.value));
        p += lengthOf(e.value);
    }
    for (const HeaderView &h : e.headers) {
        put<std::uint32_t>(p, lengthOf(h.name));
        put<std::uint32_t>(p, h.value.isNull() ? kNullLength : lengthOf(h.value));
        if (lengthOf(h.name)) {
            std::memcpy(p, h.name.data, lengthOf(h.name));
            p += lengthOf(h.name);
        }
        if (lengthOf(h.value)) {
            std::memcpy(p, h.value.data, lengthOf(h.value));
            p += lengthOf(h.value);
        }
    }

    if (m_count == 0)
        m_firstArrivalUs = e.arrivalUs;
    m_lastArrivalUs = e.arrivalUs;
    if (e.timestampMs >= 0) {
        if (m_minTimestampMs < 0 || e.timestampMs < m_minTimestampMs)
            m_minTimestampMs = e.timestampMs;
        m_maxTimestampMs = std::max(m_maxTimestampMs, e.timestampMs);
    }
    ++m_count;

    const std::uint64_t partitionKey = (std::uint64_t(std::uint32_t(e.topicId)) << 32) | std::uint32_t(e.partition);
    auto [it, inserted] = m_partitionIndex.try_emplace(partitionKey, m_partitions.size());
    if (inserted)
        m_partitions.push_back(PartitionRange{e.topicId, e.partition, e.offset, e.offset, 0});
    PartitionRange &range = m_partitions[it->second];
    range.firstOffset = std::min(range.firstOffset, e.offset);
    range.lastOffset = std::max(range.lastOffset, e.offset);
    ++range.count;
}

SealedChunk ChunkBuilder::seal(std::int64_t firstSeq)
{
    SealedChunk chunk;
    chunk.firstSeq = firstSeq;
    chunk.eventCount = m_count;
    chunk.firstArrivalUs = m_firstArrivalUs;
    chunk.lastArrivalUs = m_lastArrivalUs;
    chunk.minTimestampMs = m_minTimestampMs;
    chunk.maxTimestampMs = m_maxTimestampMs;
    qToLittleEndian<std::uint32_t>(std::uint32_t(m_count), m_data.data() + 4);
    qToLittleEndian<std::uint64_t>(checksum(m_data.constData(), m_data.size()), m_data.data() + 8);
    chunk.data = std::move(m_data);
    chunk.partitions = std::move(m_partitions);
    reset();
    return chunk;
}

Status decodeChunk(QByteArray data, std::int64_t firstSeq, int expectedCount, int topicCount, DecodedChunk &out)
{
    out.data = std::move(data);
    out.firstSeq = firstSeq;
    out.events.clear();
    out.headers.clear();

    const char *const begin = out.data.constData();
    const char *const end = begin + out.data.size();
    // The seq of the event being decoded; past the last one, the last one.
    auto corrupt = [&](const QString &what) {
        const qint64 failedSeq =
            firstSeq + std::min<qint64>(qint64(out.events.size()), std::max(expectedCount - 1, 0));
        out.events.clear();
        out.headers.clear();
        return Error::badInput(QStringLiteral("corrupt event data at seq %1: %2").arg(failedSeq).arg(what));
    };

    if (out.data.size() < kHeaderBytes || std::memcmp(begin, kMagic, 4) != 0)
        return corrupt(QStringLiteral("chunk header is missing"));
    const std::uint32_t count = get<std::uint32_t>(begin + 4);
    if (expectedCount < 0 || count != std::uint32_t(expectedCount))
        return corrupt(QStringLiteral("chunk holds %1 events, its index says %2").arg(count).arg(expectedCount));
    // Every event needs at least its fixed part, so a hostile count cannot
    // make us reserve more than the blob could hold.
    if (qint64(count) * kFixedEventBytes > qint64(out.data.size()))
        return corrupt(QStringLiteral("event count %1 does not fit in %2 bytes").arg(count).arg(out.data.size()));

    // The checksum is computed first, as one sequential pass that brings the
    // chunk into cache for the decoding below (which, reading lengths one
    // after another, cannot prefetch as well), but reported after the
    // structure checks, so that a damaged length names its event.
    const bool checksumMatches = get<std::uint64_t>(begin + 8) == checksum(begin, out.data.size());

    out.events.reserve(count);
    // Events point into out.headers as they are decoded; should it grow
    // (rare: out is recycled, so its capacity stays), they are re-pointed
    // once at the end.
    const HeaderView *headersBase = out.headers.data();

    const char *p = begin + kHeaderBytes;
    auto take = [&](std::uint64_t n, const char *&field) {
        if (std::uint64_t(end - p) < n)
            return false;
        field = p;
        p += n;
        return true;
    };

    for (std::uint32_t i = 0; i < count; ++i) {
        const char *fixed = nullptr;
        if (!take(kFixedEventBytes, fixed))
            return corrupt(QStringLiteral("event is cut short"));
        EventView e;
        e.seq = firstSeq + i;
        e.arrivalUs = get<std::int64_t>(fixed);
        const std::uint32_t topicId = get<std::uint32_t>(fixed + 8);
        if (topicId >= std::uint32_t(topicCount))
            return corrupt(QStringLiteral("unknown topic id %1").arg(topicId));
        e.topicId = std::int32_t(topicId);
        e.partition = get<std::int32_t>(fixed + 12);
        e.offset = get<std::int64_t>(fixed + 16);
        e.timestampMs = get<std::int64_t>(fixed + 24);
        const std::uint8_t tsType = get<std::uint8_t>(fixed + 32);
        if (tsType > std::uint8_t(TimestampType::LogAppendTime))
            return corrupt(QStringLiteral("unknown timestamp type %1").arg(tsType));
        e.timestampType = TimestampType(tsType);
        const std::uint8_t flags = get<std::uint8_t>(fixed + 33);
        const std::uint32_t keyLen = get<std::uint32_t>(fixed + 34);
        const std::uint32_t valueLen = get<std::uint32_t>(fixed + 38);
        const std::uint32_t headerCount = get<std::uint32_t>(fixed + 42);

        const char *keyData = nullptr;
        const char *valueData = nullptr;
        if (!take(keyLen, keyData) || !take(valueLen, valueData))
            return corrupt(QStringLiteral("key or value is cut short"));
        e.key = (flags & kKeyNull) ? BytesView::null() : BytesView::of(keyData, keyLen);
        e.value = (flags & kValueNull) ? BytesView::null() : BytesView::of(valueData, valueLen);

        if (std::uint64_t(headerCount) * 8 > std::uint64_t(end - p))
            return corrupt(QStringLiteral("header count %1 is larger than the data").arg(headerCount));
        const std::size_t firstHeader = out.headers.size();
        for (std::uint32_t h = 0; h < headerCount; ++h) {
            const char *lens = nullptr;
            if (!take(8, lens))
                return corrupt(QStringLiteral("header is cut short"));
            const std::uint32_t nameLen = get<std::uint32_t>(lens);
            const std::uint32_t hvLen = get<std::uint32_t>(lens + 4);
            const bool hvNull = hvLen == kNullLength;
            const char *name = nullptr;
            const char *hv = nullptr;
            if (!take(nameLen, name) || !take(hvNull ? 0 : hvLen, hv))
                return corrupt(QStringLiteral("header is cut short"));
            out.headers.push_back(HeaderView{BytesView::of(name, nameLen),
                                             hvNull ? BytesView::null() : BytesView::of(hv, hvLen)});
        }
        e.headers = std::span<const HeaderView>(out.headers.data() + firstHeader, headerCount);
        out.events.push_back(e);
    }
    if (p != end)
        return corrupt(QStringLiteral("%1 unexpected bytes after the last event").arg(end - p));
    // Structure first, so that a damaged length names its event; then the
    // checksum, for damage inside keys, values and the fixed fields.
    if (!checksumMatches) {
        out.events.clear();
        out.headers.clear();
        return Error::badInput(QStringLiteral("corrupt event data at seq %1..%2: the bytes do not match their checksum")
                                   .arg(firstSeq)
                                   .arg(firstSeq + qint64(count) - 1));
    }

    if (out.headers.data() != headersBase) {
        std::size_t next = 0;
        for (EventView &e : out.events) {
            e.headers = std::span<const HeaderView>(out.headers.data() + next, e.headers.size());
            next += e.headers.size();
        }
    }
    return Status::success();
}

} // namespace streamscope
