#pragma once
// Follows the position of one partition while reading: decides for each
// message whether it is new (record it), a re-delivery of an offset already
// recorded (skip it — a (topic, partition, offset) is stored at most once),
// or before the start time of a timestamp start on a broker without a time
// index (skip it while scanning).

#include "event/partitionposition.h"

#include <cstdint>

namespace streamscope {

class PartitionCursor
{
public:
    enum class Verdict { Deliver, Duplicate, BeforeStartTime };

    PartitionCursor() = default;
    explicit PartitionCursor(const PartitionPosition &start)
        : m_nextOffset(start.offset), m_skipBeforeMs(start.skipBeforeMs) {}

    Verdict accept(std::int64_t offset, std::int64_t timestampMs)
    {
        if (m_nextOffset >= 0 && offset < m_nextOffset) {
            ++m_duplicatesSkipped;
            return Verdict::Duplicate;
        }
        if (m_skipBeforeMs >= 0) {
            if (timestampMs < m_skipBeforeMs) {
                m_nextOffset = offset + 1;
                return Verdict::BeforeStartTime;
            }
            m_skipBeforeMs = -1; // found the start: everything after is recorded
        }
        m_nextOffset = offset + 1;
        return Verdict::Deliver;
    }

    // Where reading continues: the offset after the last one accepted.
    std::int64_t nextOffset() const { return m_nextOffset; }
    void moveTo(std::int64_t offset) { m_nextOffset = offset; }
    PartitionPosition position() const { return {m_nextOffset, m_skipBeforeMs}; }
    std::int64_t duplicatesSkipped() const { return m_duplicatesSkipped; }

private:
    std::int64_t m_nextOffset = -1; // -1: unknown until the first message
    std::int64_t m_skipBeforeMs = -1;
    std::int64_t m_duplicatesSkipped = 0;
};

} // namespace streamscope
