#pragma once
// Reads a session file: the one source of "what happened" for every view,
// live or replayed (DESIGN.md: source → session → views).
//
// The file is untrusted: it is opened read-only with SQLite's defensive
// settings and checked (schema::verify) before anything else is read. A
// reader may follow a session that is still being recorded: refresh() picks
// up chunks committed since. One reader per thread.

#include "event/event.h"
#include "event/partitionposition.h"
#include "session/chunkcodec.h"
#include "session/sessionschema.h"
#include "util/result.h"

#include <QJsonObject>
#include <QMap>
#include <QStringList>
#include <functional>
#include <memory>
#include <vector>

namespace streamscope {

struct ChunkInfo {
    std::int64_t firstSeq = 0;
    std::int32_t eventCount = 0;
    std::int64_t firstArrivalUs = 0;
    std::int64_t lastArrivalUs = 0;
    std::int64_t minTimestampMs = -1;
    std::int64_t maxTimestampMs = -1;
};

struct RetentionGap {
    QString topic;
    int partition = -1;
    std::int64_t firstMissing = -1;
    std::int64_t lastMissing = -1;
    std::int64_t detectedUs = 0;
};

// Where reading of a partition began (SessionWriter::addPartitionStart).
struct RecordedStart {
    int topicId = -1;
    int partition = -1;
    PartitionPosition position;
};

struct RecordingInfo {
    std::int64_t startedUs = 0;
    std::int64_t endedUs = -1; // -1: did not end cleanly (crash or still recording)
    std::int64_t firstSeq = 0;
    QJsonObject source;
};

class SessionReader
{
public:
    // Refuses damaged and foreign files with a clear error. StructureOnly
    // skips the check of every page (see schema::Extent): the caller must
    // run a whole check in the background and drop the reader if it fails.
    static Result<std::unique_ptr<SessionReader>> open(const QString &path,
                                                       schema::Extent extent = schema::Extent::WholeFile);
    ~SessionReader();

    const QString &path() const;
    Status refresh();

    std::int64_t eventCount() const;
    // The file's format version (sessionschema.h): 1 or 2.
    int formatVersion() const;
    const QStringList &topics() const;
    const std::vector<ChunkInfo> &chunks() const;
    QMap<QString, QString> meta() const;
    Result<std::vector<RecordingInfo>> recordings() const;
    Result<std::vector<RetentionGap>> retentionGaps() const;
    // The pipelines stored in the session as (name, pipeline file text), in
    // the order they were first stored; none in a version 1 file.
    Result<QList<QPair<QString, QString>>> pipelines() const;

    // Every (topic id, partition) the session read from: where reading
    // began, and where events were recorded. Sorted.
    Result<std::vector<std::pair<int, int>>> partitions() const;
    // Where reading of each partition began, for those the session
    // recorded it for (every partition, for sessions written since it
    // was). Sorted.
    Result<std::vector<RecordedStart>> partitionStarts() const;
    // The seq of the first event of a partition at or after an offset;
    // nullopt when the session has none.
    Result<std::optional<std::int64_t>> seqAtOffset(int topicId, int partition, std::int64_t offset);
    // The first seq whose arrival time is at or after arrivalUs (the
    // session's end, eventCount(), when none is).
    Result<std::int64_t> seqAtArrival(std::int64_t arrivalUs);

    Result<Event> event(std::int64_t seq);
    // Visits events with seq in [from, to) in order until visit returns false.
    Status scan(std::int64_t from, std::int64_t to, const std::function<bool(const EventView &)> &visit);
    // The decoded chunk holding seq (cached: recently used chunks are kept).
    Result<std::shared_ptr<const DecodedChunk>> chunkFor(std::int64_t seq);

private:
    struct Impl;
    explicit SessionReader(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace streamscope
