#include "session/sessionreader.h"

#include "session/sessionschema.h"
#include "session/sqlite.h"

#include <QJsonDocument>

#include <algorithm>
#include <list>

namespace streamscope {

struct SessionReader::Impl {
    std::unique_ptr<sqlite::Database> db;
    QStringList topics;
    std::vector<ChunkInfo> chunks;
    std::int64_t eventCount = 0;
    int formatVersion = 0;
    sqlite::BlobReader chunkData{"chunks", "data"};
    sqlite::Statement selectNewChunks;
    std::list<std::shared_ptr<const DecodedChunk>> cache; // most recently used first
    // An evicted chunk nobody else holds: its buffers are reused, since
    // fresh megabyte buffers cost a page fault every few kilobytes.
    std::shared_ptr<DecodedChunk> spare;
    static constexpr std::size_t kCacheSize = 4;

    Error damaged(const QString &why) const
    {
        return Error::badInput(QStringLiteral("%1: %2").arg(db->path(), why));
    }

    Status loadTopics()
    {
        auto stmt = db->prepare("SELECT id, name FROM topics ORDER BY id");
        if (!stmt)
            return stmt.error();
        QStringList names;
        Status error;
        while (stmt->step(&error)) {
            if (stmt->int64(0) != names.size())
                return damaged(QStringLiteral("topic ids are not contiguous; the file was modified"));
            names << stmt->text(1);
        }
        if (!error)
            return error;
        topics = names;
        return {};
    }

    Status loadNewChunks()
    {
        Status error;
        selectNewChunks.bind(1, eventCount);
        while (selectNewChunks.step(&error)) {
            ChunkInfo c;
            c.firstSeq = selectNewChunks.int64(0);
            const std::int64_t count = selectNewChunks.int64(1);
            c.firstArrivalUs = selectNewChunks.int64(2);
            c.lastArrivalUs = selectNewChunks.int64(3);
            c.minTimestampMs = selectNewChunks.int64(4);
            c.maxTimestampMs = selectNewChunks.int64(5);
            // Seqs are contiguous from 0; anything else is a modified file.
            if (c.firstSeq != eventCount || count <= 0 || count > (1 << 30)) {
                selectNewChunks.reset();
                return damaged(QStringLiteral("event index is inconsistent at seq %1; the file was modified").arg(eventCount));
            }
            c.eventCount = std::int32_t(count);
            chunks.push_back(c);
            eventCount += count;
        }
        selectNewChunks.reset();
        return error;
    }
};

SessionReader::SessionReader(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}
SessionReader::~SessionReader() = default;

Result<std::unique_ptr<SessionReader>> SessionReader::open(const QString &path, schema::Extent extent)
{
    if (Status st = schema::checkFileHeader(path); !st)
        return st.error();
    // Nobody writes a WAL-mode file whose log is gone: read it as it is.
    const auto mode = schema::isWalModeWithoutLog(path) ? sqlite::Database::Mode::Immutable
                                                        : sqlite::Database::Mode::ReadOnly;
    auto db = sqlite::Database::open(path, mode);
    if (!db)
        return Error::badInput(db.error().message);
    if (Status st = schema::verify(**db, extent); !st)
        return st.error();
    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db.value());
    auto version = impl->db->queryInt("PRAGMA user_version");
    if (!version)
        return Error::badInput(version.error().message);
    impl->formatVersion = int(*version);
    auto fresh = impl->db->prepare("SELECT first_seq, event_count, first_arrival_us, last_arrival_us, "
                                   "min_timestamp_ms, max_timestamp_ms FROM chunks WHERE first_seq >= ?1 "
                                   "ORDER BY first_seq");
    if (!fresh)
        return Error::badInput(fresh.error().message);
    impl->selectNewChunks = std::move(fresh.value());
    std::unique_ptr<SessionReader> reader(new SessionReader(std::move(impl)));
    if (Status st = reader->refresh(); !st)
        return Error::badInput(st.error().message);
    return reader;
}

const QString &SessionReader::path() const { return d->db->path(); }

Status SessionReader::refresh()
{
    d->chunkData.close(); // it holds the old snapshot
    // A read transaction so that topics and chunks come from one snapshot.
    if (Status st = d->db->exec("BEGIN"); !st)
        return st;
    Status st = d->loadTopics();
    if (st)
        st = d->loadNewChunks();
    (void)d->db->exec("COMMIT");
    return st;
}

std::int64_t SessionReader::eventCount() const { return d->eventCount; }
int SessionReader::formatVersion() const { return d->formatVersion; }
const QStringList &SessionReader::topics() const { return d->topics; }
const std::vector<ChunkInfo> &SessionReader::chunks() const { return d->chunks; }

QMap<QString, QString> SessionReader::meta() const
{
    QMap<QString, QString> out;
    auto stmt = d->db->prepare("SELECT key, value FROM meta");
    if (!stmt)
        return out;
    while (stmt->step())
        out.insert(stmt->text(0), stmt->text(1));
    return out;
}

Result<std::vector<RecordingInfo>> SessionReader::recordings() const
{
    auto stmt = d->db->prepare("SELECT started_us, ended_us, first_seq, source FROM recordings ORDER BY id");
    if (!stmt)
        return stmt.error();
    std::vector<RecordingInfo> out;
    Status error;
    while (stmt->step(&error)) {
        RecordingInfo r;
        r.startedUs = stmt->int64(0);
        r.endedUs = stmt->isNull(1) ? -1 : stmt->int64(1);
        r.firstSeq = stmt->int64(2);
        r.source = QJsonDocument::fromJson(stmt->text(3).toUtf8()).object();
        out.push_back(r);
    }
    if (!error)
        return error.error();
    return out;
}

Result<std::vector<RetentionGap>> SessionReader::retentionGaps() const
{
    auto stmt = d->db->prepare("SELECT topic_id, partition, first_missing, last_missing, detected_us "
                               "FROM retention_gaps ORDER BY id");
    if (!stmt)
        return stmt.error();
    std::vector<RetentionGap> out;
    Status error;
    while (stmt->step(&error)) {
        const std::int64_t topicId = stmt->int64(0);
        RetentionGap g;
        g.topic = topicId >= 0 && topicId < d->topics.size() ? d->topics[int(topicId)]
                                                            : QStringLiteral("<unknown topic %1>").arg(topicId);
        g.partition = int(stmt->int64(1));
        g.firstMissing = stmt->int64(2);
        g.lastMissing = stmt->int64(3);
        g.detectedUs = stmt->int64(4);
        out.push_back(g);
    }
    if (!error)
        return error.error();
    return out;
}

Result<QList<QPair<QString, QString>>> SessionReader::pipelines() const
{
    QList<QPair<QString, QString>> out;
    // A version 2 file may also gain the table while we read (an upgrade).
    auto exists = d->db->queryInt("SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table' AND name = 'pipelines'");
    if (!exists)
        return exists.error();
    if (*exists == 0)
        return out;
    auto stmt = d->db->prepare("SELECT name, text FROM pipelines ORDER BY id");
    if (!stmt)
        return stmt.error();
    Status error;
    while (stmt->step(&error))
        out.append({stmt->text(0), stmt->text(1)});
    if (!error)
        return error.error();
    return out;
}

Result<std::vector<std::pair<int, int>>> SessionReader::partitions() const
{
    auto stmt = d->db->prepare("SELECT topic_id, partition FROM partition_starts UNION "
                               "SELECT DISTINCT topic_id, partition FROM chunk_partitions ORDER BY 1, 2");
    if (!stmt)
        return stmt.error();
    std::vector<std::pair<int, int>> out;
    Status error;
    while (stmt->step(&error))
        out.emplace_back(int(stmt->int64(0)), int(stmt->int64(1)));
    if (!error)
        return error.error();
    return out;
}

Result<std::vector<RecordedStart>> SessionReader::partitionStarts() const
{
    auto stmt = d->db->prepare("SELECT topic_id, partition, start_offset, skip_before_ms FROM partition_starts "
                               "ORDER BY topic_id, partition");
    if (!stmt)
        return stmt.error();
    std::vector<RecordedStart> out;
    Status error;
    while (stmt->step(&error))
        out.push_back({int(stmt->int64(0)), int(stmt->int64(1)), PartitionPosition{stmt->int64(2), stmt->int64(3)}});
    if (!error)
        return error.error();
    return out;
}

Result<std::optional<std::int64_t>> SessionReader::seqAtOffset(int topicId, int partition, std::int64_t offset)
{
    // Offsets grow with seq within a partition: the first chunk whose range
    // reaches the offset holds the answer.
    auto stmt = d->db->prepare("SELECT first_seq FROM chunk_partitions WHERE topic_id = ?1 AND partition = ?2 "
                               "AND last_offset >= ?3 ORDER BY first_seq LIMIT 1");
    if (!stmt)
        return stmt.error();
    stmt->bind(1, std::int64_t(topicId)).bind(2, std::int64_t(partition)).bind(3, offset);
    Status error;
    if (!stmt->step(&error)) {
        if (!error)
            return error.error();
        return std::optional<std::int64_t>();
    }
    const std::int64_t firstSeq = stmt->int64(0);
    std::optional<std::int64_t> found;
    Status st = scan(firstSeq, d->eventCount, [&](const EventView &e) {
        if (e.topicId == topicId && e.partition == partition && e.offset >= offset) {
            found = e.seq;
            return false;
        }
        return true;
    });
    if (!st)
        return st.error();
    return found;
}

Result<std::int64_t> SessionReader::seqAtArrival(std::int64_t arrivalUs)
{
    // Arrival times grow with seq (recorded in arrival order).
    const auto chunk = std::lower_bound(d->chunks.begin(), d->chunks.end(), arrivalUs,
                                        [](const ChunkInfo &c, std::int64_t t) { return c.lastArrivalUs < t; });
    if (chunk == d->chunks.end())
        return d->eventCount;
    std::int64_t found = d->eventCount;
    Status st = scan(chunk->firstSeq, chunk->firstSeq + chunk->eventCount, [&](const EventView &e) {
        if (e.arrivalUs >= arrivalUs) {
            found = e.seq;
            return false;
        }
        return true;
    });
    if (!st)
        return st.error();
    return found;
}

Result<std::shared_ptr<const DecodedChunk>> SessionReader::chunkFor(std::int64_t seq)
{
    if (seq < 0 || seq >= d->eventCount)
        return Error::badInput(QStringLiteral("seq %1 is outside the session (0..%2)").arg(seq).arg(d->eventCount - 1));
    for (auto it = d->cache.begin(); it != d->cache.end(); ++it) {
        const auto &chunk = *it;
        if (seq >= chunk->firstSeq && seq < chunk->firstSeq + std::int64_t(chunk->events.size())) {
            d->cache.splice(d->cache.begin(), d->cache, it);
            return d->cache.front();
        }
    }
    const auto found = std::upper_bound(d->chunks.begin(), d->chunks.end(), seq,
                                        [](std::int64_t s, const ChunkInfo &c) { return s < c.firstSeq; });
    const ChunkInfo &info = *(found - 1);

    std::shared_ptr<DecodedChunk> chunk = d->spare ? std::move(d->spare) : std::make_shared<DecodedChunk>();
    QByteArray bytes = std::move(chunk->data);
    // first_seq is the rowid: the blob is read directly, without a query.
    const Status read = d->chunkData.read(*d->db, info.firstSeq, bytes);
    // An open blob handle keeps this connection's read snapshot, which
    // stops a recording's writer from folding its log back into the file.
    d->chunkData.close();
    if (!read)
        return d->damaged(QStringLiteral("the events from seq %1 cannot be read: %2").arg(info.firstSeq).arg(read.error().message));
    if (Status st = decodeChunk(std::move(bytes), info.firstSeq, info.eventCount, int(d->topics.size()), *chunk); !st)
        return d->damaged(st.error().message);
    d->cache.push_front(chunk);
    if (d->cache.size() > Impl::kCacheSize) {
        if (d->cache.back().use_count() == 1) // only the cache holds it: recycle
            d->spare = std::const_pointer_cast<DecodedChunk>(std::move(d->cache.back()));
        d->cache.pop_back();
    }
    return std::shared_ptr<const DecodedChunk>(chunk);
}

Result<Event> SessionReader::event(std::int64_t seq)
{
    auto chunk = chunkFor(seq);
    if (!chunk)
        return chunk.error();
    const EventView &view = (*chunk)->events[std::size_t(seq - (*chunk)->firstSeq)];
    return Event::fromView(view, d->topics[view.topicId]);
}

Status SessionReader::scan(std::int64_t from, std::int64_t to, const std::function<bool(const EventView &)> &visit)
{
    from = std::max<std::int64_t>(from, 0);
    to = std::min(to, d->eventCount);
    std::int64_t seq = from;
    while (seq < to) {
        auto chunk = chunkFor(seq);
        if (!chunk)
            return chunk.error();
        const DecodedChunk &c = **chunk;
        const std::int64_t end = std::min<std::int64_t>(to, c.firstSeq + std::int64_t(c.events.size()));
        for (; seq < end; ++seq)
            if (!visit(c.events[std::size_t(seq - c.firstSeq)]))
                return {};
    }
    return {};
}

} // namespace streamscope
