#include "session/sessionwriter.h"

#include "session/sessionschema.h"
#include "session/sqlite.h"
#include "util/clock.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <variant>

namespace streamscope {

namespace {

constexpr std::int64_t kMaxQueuedBytes = 64 * 1024 * 1024;

struct TopicRow {
    int id;
    QString name;
};
struct GapRow {
    int topicId, partition;
    std::int64_t first, last, detectedUs;
};
struct StartRow {
    int topicId, partition;
    PartitionPosition position;
};
struct PipelineRow {
    QString name, text;
};
using Work = std::variant<TopicRow, GapRow, StartRow, PipelineRow, SealedChunk>;

std::int64_t workBytes(const Work &w)
{
    if (const auto *chunk = std::get_if<SealedChunk>(&w))
        return chunk->data.size();
    if (const auto *pipeline = std::get_if<PipelineRow>(&w))
        return 64 + 2 * (pipeline->name.size() + pipeline->text.size());
    return 64;
}

} // namespace

struct SessionWriter::Impl {
    std::unique_ptr<sqlite::Database> db;
    SyncMode sync = SyncMode::Normal;
    std::int64_t recordingId = -1;

    std::mutex mutex;
    std::condition_variable wake;     // writer waits for work
    std::condition_variable drained;  // callers wait for room
    std::deque<Work> queue;
    std::int64_t queuedBytes = 0;
    bool closing = false;
    std::optional<Error> failure;
    WriterStats stats;
    std::function<void(std::int64_t)> commitListener;
    std::thread thread;
    bool closed = false;

    sqlite::Statement insertTopic, insertGap, insertStart, insertChunk, insertChunkPartition;

    Status writePipeline(const PipelineRow &p)
    {
        // Prepared here, not up front: a version 1 file has no table before
        // the upgrade.
        if (Status st = schema::upgrade(*db); !st)
            return st;
        auto upsert = db->prepare("INSERT INTO pipelines(name, text) VALUES(?1, ?2) "
                                  "ON CONFLICT(name) DO UPDATE SET text = excluded.text");
        if (!upsert)
            return upsert.error();
        return upsert->bind(1, p.name).bind(2, p.text).run();
    }

    Status prepareStatements()
    {
        auto prep = [&](sqlite::Statement &target, const char *sql) -> Status {
            auto stmt = db->prepare(sql);
            if (!stmt)
                return stmt.error();
            target = std::move(stmt.value());
            return {};
        };
        if (Status st = prep(insertTopic, "INSERT INTO topics(id, name) VALUES(?1, ?2)"); !st)
            return st;
        if (Status st = prep(insertGap, "INSERT INTO retention_gaps(topic_id, partition, first_missing, last_missing, "
                                        "detected_us) VALUES(?1, ?2, ?3, ?4, ?5)");
            !st)
            return st;
        if (Status st = prep(insertStart, "INSERT OR IGNORE INTO partition_starts(topic_id, partition, start_offset, "
                                          "skip_before_ms) VALUES(?1, ?2, ?3, ?4)");
            !st)
            return st;
        if (Status st = prep(insertChunk, "INSERT INTO chunks(first_seq, event_count, first_arrival_us, last_arrival_us, "
                                          "min_timestamp_ms, max_timestamp_ms, data) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
            !st)
            return st;
        return prep(insertChunkPartition, "INSERT INTO chunk_partitions(topic_id, partition, first_seq, first_offset, "
                                          "last_offset, event_count) VALUES(?1, ?2, ?3, ?4, ?5, ?6)");
    }

    Status write(const Work &w)
    {
        if (const auto *t = std::get_if<TopicRow>(&w))
            return insertTopic.bind(1, std::int64_t(t->id)).bind(2, t->name).run();
        if (const auto *g = std::get_if<GapRow>(&w))
            return insertGap.bind(1, std::int64_t(g->topicId))
                .bind(2, std::int64_t(g->partition))
                .bind(3, g->first)
                .bind(4, g->last)
                .bind(5, g->detectedUs)
                .run();
        if (const auto *pipeline = std::get_if<PipelineRow>(&w))
            return writePipeline(*pipeline);
        if (const auto *start = std::get_if<StartRow>(&w))
            return insertStart.bind(1, std::int64_t(start->topicId))
                .bind(2, std::int64_t(start->partition))
                .bind(3, start->position.offset)
                .bind(4, start->position.skipBeforeMs)
                .run();
        const auto &c = std::get<SealedChunk>(w);
        Status st = insertChunk.bind(1, c.firstSeq)
                        .bind(2, std::int64_t(c.eventCount))
                        .bind(3, c.firstArrivalUs)
                        .bind(4, c.lastArrivalUs)
                        .bind(5, c.minTimestampMs)
                        .bind(6, c.maxTimestampMs)
                        .bindBlob(7, c.data.constData(), c.data.size())
                        .run();
        for (const PartitionRange &r : c.partitions) {
            if (!st)
                break;
            st = insertChunkPartition.bind(1, std::int64_t(r.topicId))
                     .bind(2, std::int64_t(r.partition))
                     .bind(3, c.firstSeq)
                     .bind(4, r.firstOffset)
                     .bind(5, r.lastOffset)
                     .bind(6, r.count)
                     .run();
        }
        return st;
    }

    // One transaction: everything queued up to and including the next chunk,
    // so a transaction never holds more than one chunk (≤ 100 ms of data).
    void run()
    {
        std::vector<Work> batch;
        for (;;) {
            batch.clear();
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return !queue.empty() || closing; });
                if (queue.empty() && closing)
                    return;
                while (!queue.empty()) {
                    const bool isChunk = std::holds_alternative<SealedChunk>(queue.front());
                    batch.push_back(std::move(queue.front()));
                    queue.pop_front();
                    if (isChunk)
                        break;
                }
            }
            const std::int64_t started = wallClockMicros();
            Status st = db->exec("BEGIN");
            for (const Work &w : batch) {
                if (!st)
                    break;
                st = write(w);
            }
            if (st)
                st = db->exec("COMMIT");
            else
                (void)db->exec("ROLLBACK");
            const std::int64_t took = wallClockMicros() - started;

            std::int64_t committed = 0;
            std::int64_t bytes = 0;
            for (const Work &w : batch)
                bytes += workBytes(w);
            {
                std::lock_guard lock(mutex);
                queuedBytes -= bytes;
                if (!st) {
                    failure = Error::runtime(QStringLiteral("writing the session failed: %1").arg(st.error().message));
                    queue.clear();
                    queuedBytes = 0;
                } else {
                    for (const Work &w : batch) {
                        if (const auto *c = std::get_if<SealedChunk>(&w)) {
                            stats.committedEvents = c->firstSeq + c->eventCount;
                            ++stats.committedChunks;
                            stats.committedBytes += c->data.size();
                        }
                    }
                    stats.lastCommitMicros = took;
                    stats.maxCommitMicros = std::max(stats.maxCommitMicros, took);
                    committed = stats.committedEvents;
                }
            }
            drained.notify_all();
            if (!st)
                return;
            if (commitListener)
                commitListener(committed);
        }
    }

    Status enqueue(Work w)
    {
        const std::int64_t bytes = workBytes(w);
        {
            std::unique_lock lock(mutex);
            drained.wait(lock, [&] { return failure || queuedBytes + bytes <= kMaxQueuedBytes || queue.empty(); });
            if (failure)
                return *failure;
            if (closing || closed)
                return Error::runtime(QStringLiteral("the session is closed"));
            queuedBytes += bytes;
            queue.push_back(std::move(w));
        }
        wake.notify_one();
        return {};
    }

    Status startWriting(const QJsonObject &source, std::int64_t firstSeq)
    {
        // Its readers (the live views) need not re-check what we write.
        schema::markWritingHere(db->path());
        if (Status st = db->exec("PRAGMA journal_mode=WAL"); !st)
            return st;
        if (Status st = db->exec(sync == SyncMode::Full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"); !st)
            return st;
        const QString sourceJson = QString::fromUtf8(QJsonDocument(source).toJson(QJsonDocument::Compact));
        auto insert = db->prepare("INSERT INTO recordings(started_us, first_seq, source) VALUES(?1, ?2, ?3)");
        if (!insert)
            return insert.error();
        if (Status st = insert->bind(1, wallClockMicros()).bind(2, firstSeq).bind(3, sourceJson).run(); !st)
            return st;
        auto id = db->queryInt("SELECT last_insert_rowid()");
        if (!id)
            return id.error();
        recordingId = *id;
        auto meta = db->prepare("INSERT OR REPLACE INTO meta(key, value) VALUES('source', ?1)");
        if (!meta)
            return meta.error();
        if (Status st = meta->bind(1, sourceJson).run(); !st)
            return st;
        if (Status st = prepareStatements(); !st)
            return st;
        thread = std::thread([this] { run(); });
        return {};
    }
};

SessionWriter::SessionWriter(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

SessionWriter::~SessionWriter() { (void)close(); }

const QString &SessionWriter::path() const { return d->db->path(); }

Result<std::unique_ptr<SessionWriter>> SessionWriter::create(const QString &path, const QJsonObject &source,
                                                             SyncMode sync)
{
    if (QFileInfo::exists(path))
        return Error::badInput(QStringLiteral("%1 already exists: choose another file, or use --append to continue it")
                                   .arg(path));
    // The empty session is built under a temporary name and renamed into
    // place, so a crash during creation never leaves a half-made session.
    const QString creating = path + QStringLiteral(".creating");
    QFile::remove(creating); // a leftover of an earlier crash at this point
    {
        auto db = sqlite::Database::open(creating, sqlite::Database::Mode::Create);
        if (!db)
            return db.error();
        if (Status st = schema::create(**db); !st)
            return st.error();
        auto meta = (*db)->prepare("INSERT INTO meta(key, value) VALUES(?1, ?2)");
        if (!meta)
            return meta.error();
        const QList<QPair<QString, QString>> entries = {
            {QStringLiteral("format"), QStringLiteral("streamscope-session")},
            {QStringLiteral("created_by"), QStringLiteral("Streamscope %1").arg(QLatin1String(STREAMSCOPE_VERSION))},
            {QStringLiteral("created_us"), QString::number(wallClockMicros())},
        };
        for (const auto &[key, value] : entries)
            if (Status st = meta->bind(1, key).bind(2, value).run(); !st)
                return st.error();
    }
    if (!QFile::rename(creating, path)) {
        QFile::remove(creating);
        return Error::badInput(QStringLiteral("cannot create %1: it exists now, or the folder is not writable").arg(path));
    }
    auto db = sqlite::Database::open(path, sqlite::Database::Mode::ReadWrite);
    if (!db)
        return db.error();

    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db.value());
    impl->sync = sync;
    if (Status st = impl->startWriting(source, 0); !st)
        return st.error();
    return std::unique_ptr<SessionWriter>(new SessionWriter(std::move(impl)));
}

Result<std::unique_ptr<SessionWriter>> SessionWriter::openForAppend(const QString &path, const QJsonObject &source,
                                                                    SyncMode sync)
{
    if (Status st = schema::checkFileHeader(path); !st)
        return st.error();
    // Verify on a read-only connection first: a read-write one would already
    // fold a tampered file's leftover WAL into it when it closes.
    {
        auto readOnly = sqlite::Database::open(path, sqlite::Database::Mode::ReadOnly);
        if (!readOnly)
            return Error::badInput(readOnly.error().message);
        if (Status st = schema::verify(**readOnly); !st)
            return st.error();
    }
    auto db = sqlite::Database::open(path, sqlite::Database::Mode::ReadWrite);
    if (!db)
        return db.error();

    auto impl = std::make_unique<Impl>();
    impl->db = std::move(db.value());
    impl->sync = sync;
    std::unique_ptr<SessionWriter> writer(new SessionWriter(std::move(impl)));
    sqlite::Database &database = *writer->d->db;

    auto topics = database.prepare("SELECT id, name FROM topics ORDER BY id");
    if (!topics)
        return topics.error();
    Status error;
    while (topics->step(&error)) {
        if (topics->int64(0) != writer->m_topicNames.size())
            return Error::badInput(QStringLiteral("%1: topic ids are not contiguous; the file was modified").arg(path));
        writer->m_topicNames << topics->text(1);
    }
    if (!error)
        return error.error();
    auto next = database.queryInt("SELECT COALESCE(MAX(first_seq + event_count), 0) FROM chunks");
    if (!next)
        return next.error();
    writer->m_nextSeq = *next;
    // Where reading began, then (overriding it) after the last offset recorded.
    auto starts = database.prepare("SELECT topic_id, partition, start_offset, skip_before_ms FROM partition_starts");
    auto offsets = database.prepare("SELECT topic_id, partition, MAX(last_offset) + 1, -1 FROM chunk_partitions "
                                    "GROUP BY topic_id, partition");
    for (auto *query : {&starts, &offsets}) {
        if (!*query)
            return query->error();
        while ((*query)->step(&error)) {
            const std::int64_t topicId = (*query)->int64(0);
            if (topicId < 0 || topicId >= writer->m_topicNames.size())
                return Error::badInput(QStringLiteral("%1: unknown topic id %2; the file was modified").arg(path).arg(topicId));
            writer->m_resumePositions[writer->m_topicNames[int(topicId)]][int((*query)->int64(1))] =
                PartitionPosition{(*query)->int64(2), (*query)->int64(3)};
        }
        if (!error)
            return error.error();
    }
    writer->d->stats.committedEvents = writer->m_nextSeq;
    if (Status st = writer->d->startWriting(source, writer->m_nextSeq); !st)
        return st.error();
    return writer;
}

int SessionWriter::topicId(const QString &name)
{
    const qsizetype existing = m_topicNames.indexOf(name);
    if (existing >= 0)
        return int(existing);
    const int id = int(m_topicNames.size());
    m_topicNames << name;
    (void)d->enqueue(TopicRow{id, name}); // a failure surfaces on the next append()
    return id;
}

Status SessionWriter::append(ChunkBuilder &builder)
{
    if (builder.isEmpty())
        return {};
    SealedChunk chunk = builder.seal(m_nextSeq);
    const std::int64_t count = chunk.eventCount;
    if (Status st = d->enqueue(std::move(chunk)); !st)
        return st;
    m_nextSeq += count;
    return {};
}

Status SessionWriter::addPartitionStart(int topicId, int partition, const PartitionPosition &position)
{
    return d->enqueue(StartRow{topicId, partition, position});
}

Status SessionWriter::addRetentionGap(int topicId, int partition, std::int64_t firstMissing, std::int64_t lastMissing,
                                      std::int64_t detectedUs)
{
    return d->enqueue(GapRow{topicId, partition, firstMissing, lastMissing, detectedUs});
}

Status SessionWriter::storePipeline(const QString &name, const QString &pipelineText)
{
    if (name.isEmpty())
        return Error::badInput(QStringLiteral("a stored pipeline needs a name"));
    return d->enqueue(PipelineRow{name, pipelineText});
}

WriterStats SessionWriter::stats() const
{
    std::lock_guard lock(d->mutex);
    return d->stats;
}

void SessionWriter::setCommitListener(std::function<void(std::int64_t)> listener)
{
    std::lock_guard lock(d->mutex);
    d->commitListener = std::move(listener);
}

Status SessionWriter::close()
{
    if (d->closed)
        return d->failure ? Status(*d->failure) : Status();
    {
        std::lock_guard lock(d->mutex);
        d->closing = true;
    }
    d->wake.notify_all();
    if (d->thread.joinable())
        d->thread.join();
    d->closed = true;
    d->insertTopic = {};
    d->insertGap = {};
    d->insertStart = {};
    d->insertChunk = {};
    d->insertChunkPartition = {};
    if (d->failure)
        return *d->failure;

    sqlite::Database &db = *d->db;
    if (d->recordingId >= 0) {
        auto end = db.prepare("UPDATE recordings SET ended_us = ?1 WHERE id = ?2");
        if (!end)
            return end.error();
        if (Status st = end->bind(1, wallClockMicros()).bind(2, d->recordingId).run(); !st)
            return st;
    }
    // One self-contained file: fold the WAL back in. If a reader still has
    // the file open, SQLite keeps WAL mode and the last close cleans up.
    (void)db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    (void)db.exec("PRAGMA journal_mode=DELETE");
    schema::markWrittenHere(db.path());
    return {};
}

} // namespace streamscope
