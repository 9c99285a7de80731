#pragma once
// What a session holds, verified by reading every event: per-partition offset
// ranges and counts, offset gaps and duplicates (there should be none of
// those two unless the broker lost data), time ranges, recordings and
// retention gaps. Behind `streamscope-cli info` and the tests' checks.

#include "session/sessionreader.h"

#include <QJsonObject>

namespace streamscope {

struct PartitionSummary {
    QString topic;
    int partition = -1;
    std::int64_t firstOffset = -1;
    std::int64_t lastOffset = -1;
    std::int64_t count = 0;
    std::int64_t gaps = 0;       // places where the next recorded offset skips ahead
    std::int64_t missing = 0;    // offsets skipped in those places
    std::int64_t duplicates = 0; // events whose offset was already recorded
};

struct SessionSummary {
    QString path;
    std::int64_t events = 0;
    QStringList topics;
    std::int64_t firstArrivalUs = -1;
    std::int64_t lastArrivalUs = -1;
    std::int64_t minTimestampMs = -1;
    std::int64_t maxTimestampMs = -1;
    std::vector<PartitionSummary> partitions; // sorted by topic, partition
    std::vector<RetentionGap> retentionGaps;
    std::vector<RecordingInfo> recordings;
    QMap<QString, QString> meta;

    QJsonObject toJson() const;
};

Result<SessionSummary> summarizeSession(SessionReader &reader);

} // namespace streamscope
