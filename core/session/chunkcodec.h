#pragma once
// Events are stored in chunks: one SQLite row holds a run of consecutive seqs
// encoded back to back (as MCAP and rosbag2 store chunks), with an index of
// seq, arrival time and per-partition offset ranges in ordinary columns. This
// keeps inserts at the speed of a blob write while seq lookups stay one
// primary-key probe plus a decode of one chunk.
//
// Chunk format 2 (all integers little-endian):
//   "SSC2" u32 eventCount, u64 checksum, then per event:
//   i64 arrivalUs, u32 topicId, i32 partition, i64 offset, i64 timestampMs,
//   u8 timestampType, u8 flags (bit0 key null, bit1 value null),
//   u32 keyLen, u32 valueLen, u32 headerCount, key bytes, value bytes,
//   per header: u32 nameLen, u32 valueLen (0xFFFFFFFF: null), name, value.
// The checksum (XXH3-64 seeded with the first eight bytes) covers every byte
// of the chunk but its own eight, so that a flipped bit inside a key or value
// is found, not shown as data.

#include "event/event.h"
#include "util/result.h"

#include <QByteArray>
#include <cstdint>
#include <unordered_map>
#include <vector>

namespace streamscope {

struct PartitionRange {
    std::int32_t topicId = -1;
    std::int32_t partition = -1;
    std::int64_t firstOffset = -1;
    std::int64_t lastOffset = -1;
    std::int64_t count = 0;
};

struct SealedChunk {
    std::int64_t firstSeq = 0;
    std::int32_t eventCount = 0;
    std::int64_t firstArrivalUs = 0;
    std::int64_t lastArrivalUs = 0;
    std::int64_t minTimestampMs = -1;
    std::int64_t maxTimestampMs = -1;
    QByteArray data;
    std::vector<PartitionRange> partitions;
};

class ChunkBuilder
{
public:
    ChunkBuilder();

    // Appends one event; its seq is implied by its position in the chunk.
    void append(const EventView &event);

    int eventCount() const { return m_count; }
    qsizetype byteSize() const { return m_data.size(); }
    bool isEmpty() const { return m_count == 0; }
    std::int64_t firstArrivalUs() const { return m_firstArrivalUs; }

    // Hands out the encoded chunk and starts a new, empty one.
    SealedChunk seal(std::int64_t firstSeq);

private:
    void reset();

    QByteArray m_data;
    int m_count = 0;
    std::int64_t m_firstArrivalUs = 0;
    std::int64_t m_lastArrivalUs = 0;
    std::int64_t m_minTimestampMs = -1;
    std::int64_t m_maxTimestampMs = -1;
    std::vector<PartitionRange> m_partitions;
    std::unordered_map<std::uint64_t, std::size_t> m_partitionIndex;
};

// A chunk decoded into views that point into its bytes.
struct DecodedChunk {
    QByteArray data; // keeps the bytes the views point into alive
    std::int64_t firstSeq = 0;
    std::vector<EventView> events;
    std::vector<HeaderView> headers;
};

// Decodes hostile bytes safely: every length is checked against what is left,
// topic ids against topicCount, then the checksum. Errors name the seq where
// decoding failed, or the chunk's seqs when only the checksum does not match.
Status decodeChunk(QByteArray data, std::int64_t firstSeq, int expectedCount, int topicCount,
                   DecodedChunk &out);

} // namespace streamscope
