#pragma once
// Writes a session file on its own thread.
//
// Callers build chunks (ChunkBuilder) and hand them over; each chunk is
// committed in its own transaction, so a crash loses at most the chunks not
// yet committed and never leaves half a chunk. The queue between caller and
// writer is bounded in bytes: when SQLite falls behind, append() waits
// instead of growing memory (and Kafka keeps the rest for us).

#include "event/partitionposition.h"
#include "session/chunkcodec.h"
#include "util/result.h"

#include <QHash>
#include <QJsonObject>
#include <QStringList>
#include <atomic>
#include <functional>
#include <memory>

namespace streamscope {

enum class SyncMode { Normal, Full };

struct WriterStats {
    std::int64_t committedEvents = 0; // seqs [0, committedEvents) are durable in the file
    std::int64_t committedChunks = 0;
    std::int64_t committedBytes = 0;
    std::int64_t lastCommitMicros = 0; // duration of the latest transaction
    std::int64_t maxCommitMicros = 0;
};

class SessionWriter
{
public:
    // A new session file; fails if the file exists (nothing is overwritten).
    static Result<std::unique_ptr<SessionWriter>> create(const QString &path, const QJsonObject &source,
                                                         SyncMode sync = SyncMode::Normal);
    // An existing session (possibly left by a crash) to continue.
    static Result<std::unique_ptr<SessionWriter>> openForAppend(const QString &path, const QJsonObject &source,
                                                                SyncMode sync = SyncMode::Normal);
    ~SessionWriter();

    // State of the file at open, for resuming: the next seq and, per topic
    // and partition, where to continue: after the highest offset recorded,
    // or where reading began if nothing was recorded from it yet.
    std::int64_t nextSeq() const { return m_nextSeq; }
    QHash<QString, QHash<int, PartitionPosition>> resumePositions() const { return m_resumePositions; }

    // The session's id for a topic name, registering it if new.
    int topicId(const QString &name);
    QStringList topicNames() const { return m_topicNames; }

    // Seals the builder's events as the next seqs and queues them for commit.
    Status append(ChunkBuilder &builder);
    // Remembers where reading of a partition began (the first time only).
    Status addPartitionStart(int topicId, int partition, const PartitionPosition &position);
    Status addRetentionGap(int topicId, int partition, std::int64_t firstMissing, std::int64_t lastMissing,
                           std::int64_t detectedUs);
    // Stores a pipeline file's text under a name, replacing one of that name
    // (committed with the next transaction; a version 1 file is upgraded).
    Status storePipeline(const QString &name, const QString &pipelineText);

    // Commits everything queued, then leaves one self-contained file.
    Status close();

    WriterStats stats() const;
    // Called on the writer thread after each commit with the committed event count.
    void setCommitListener(std::function<void(std::int64_t committedEvents)> listener);

    const QString &path() const;

private:
    struct Impl;
    explicit SessionWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
    std::int64_t m_nextSeq = 0;
    QStringList m_topicNames;
    QHash<QString, QHash<int, PartitionPosition>> m_resumePositions;
};

} // namespace streamscope
