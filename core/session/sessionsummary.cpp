#include "session/sessionsummary.h"

#include <QJsonArray>
#include <map>

namespace streamscope {

Result<SessionSummary> summarizeSession(SessionReader &reader)
{
    SessionSummary s;
    s.path = reader.path();
    s.events = reader.eventCount();
    s.topics = reader.topics();
    s.meta = reader.meta();
    for (const ChunkInfo &c : reader.chunks()) {
        if (s.firstArrivalUs < 0 || c.firstArrivalUs < s.firstArrivalUs)
            s.firstArrivalUs = c.firstArrivalUs;
        s.lastArrivalUs = std::max(s.lastArrivalUs, c.lastArrivalUs);
        if (c.minTimestampMs >= 0 && (s.minTimestampMs < 0 || c.minTimestampMs < s.minTimestampMs))
            s.minTimestampMs = c.minTimestampMs;
        s.maxTimestampMs = std::max(s.maxTimestampMs, c.maxTimestampMs);
    }

    std::map<std::pair<int, int>, PartitionSummary> partitions;
    Status st = reader.scan(0, reader.eventCount(), [&](const EventView &e) {
        PartitionSummary &p = partitions[{e.topicId, e.partition}];
        if (p.count == 0) {
            p.topic = s.topics[e.topicId];
            p.partition = e.partition;
            p.firstOffset = p.lastOffset = e.offset;
        } else if (e.offset <= p.lastOffset) {
            ++p.duplicates; // the recorder never stores an offset twice; a file that does was not ours
            ++p.count;
            return true;
        } else if (e.offset > p.lastOffset + 1) {
            ++p.gaps;
            p.missing += e.offset - p.lastOffset - 1;
        }
        p.firstOffset = std::min(p.firstOffset, e.offset);
        p.lastOffset = std::max(p.lastOffset, e.offset);
        ++p.count;
        return true;
    });
    if (!st)
        return st.error();
    for (auto &[key, p] : partitions)
        s.partitions.push_back(p);
    std::sort(s.partitions.begin(), s.partitions.end(), [](const PartitionSummary &a, const PartitionSummary &b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    auto gaps = reader.retentionGaps();
    if (!gaps)
        return gaps.error();
    s.retentionGaps = *gaps;
    auto recordings = reader.recordings();
    if (!recordings)
        return recordings.error();
    s.recordings = *recordings;
    return s;
}

QJsonObject SessionSummary::toJson() const
{
    QJsonObject json;
    json.insert(QStringLiteral("file"), path);
    json.insert(QStringLiteral("events"), qint64(events));
    json.insert(QStringLiteral("format_version"), meta.contains(QStringLiteral("format")) ? 1 : 0);
    json.insert(QStringLiteral("created_by"), meta.value(QStringLiteral("created_by")));
    json.insert(QStringLiteral("topics"), QJsonArray::fromStringList(topics));
    json.insert(QStringLiteral("arrival"), QJsonObject{{QStringLiteral("first_us"), qint64(firstArrivalUs)},
                                                       {QStringLiteral("last_us"), qint64(lastArrivalUs)}});
    json.insert(QStringLiteral("timestamp"), QJsonObject{{QStringLiteral("min_ms"), qint64(minTimestampMs)},
                                                         {QStringLiteral("max_ms"), qint64(maxTimestampMs)}});
    QJsonArray parts;
    for (const PartitionSummary &p : partitions)
        parts.append(QJsonObject{{QStringLiteral("topic"), p.topic},
                                 {QStringLiteral("partition"), p.partition},
                                 {QStringLiteral("first_offset"), qint64(p.firstOffset)},
                                 {QStringLiteral("last_offset"), qint64(p.lastOffset)},
                                 {QStringLiteral("count"), qint64(p.count)},
                                 {QStringLiteral("gaps"), qint64(p.gaps)},
                                 {QStringLiteral("missing"), qint64(p.missing)},
                                 {QStringLiteral("duplicates"), qint64(p.duplicates)}});
    json.insert(QStringLiteral("partitions"), parts);
    QJsonArray gaps;
    for (const RetentionGap &g : retentionGaps)
        gaps.append(QJsonObject{{QStringLiteral("topic"), g.topic},
                                {QStringLiteral("partition"), g.partition},
                                {QStringLiteral("first_missing"), qint64(g.firstMissing)},
                                {QStringLiteral("last_missing"), qint64(g.lastMissing)},
                                {QStringLiteral("detected_us"), qint64(g.detectedUs)}});
    json.insert(QStringLiteral("retention_gaps"), gaps);
    QJsonArray recs;
    for (const RecordingInfo &r : recordings)
        recs.append(QJsonObject{{QStringLiteral("started_us"), qint64(r.startedUs)},
                                {QStringLiteral("ended_us"), r.endedUs < 0 ? QJsonValue() : QJsonValue(qint64(r.endedUs))},
                                {QStringLiteral("first_seq"), qint64(r.firstSeq)},
                                {QStringLiteral("source"), r.source}});
    json.insert(QStringLiteral("recordings"), recs);
    return json;
}

} // namespace streamscope
