#include "events/chunkloader.h"

#include "session/sessionreader.h"

#include <algorithm>
#include <atomic>

namespace streamscope {

// Everything here runs on the loader's thread; jobs arrive as queued calls
// and results leave as queued calls to the ChunkLoader (which outlives the
// thread: its destructor stops and joins it first).
class ChunkLoader::Worker : public QObject
{
public:
    explicit Worker(ChunkLoader *owner) : m_owner(owner) {}

    static constexpr qsizetype kMaxSamples = 4;

    // The generation the GUI is on; jobs of older ones are skipped unread.
    std::atomic<quint64> current{0};

    void open(quint64 generation, const QString &path)
    {
        m_reader.reset();
        if (generation != current)
            return;
        // Rows show as soon as the file's structure checks out; SQLite's check
        // of every page (most of a second for millions of events) runs beside
        // them, and a damaged file is refused when it finds the damage. Every
        // event shown meanwhile has passed its chunk's checksum.
        auto reader = SessionReader::open(path, schema::Extent::StructureOnly);
        if (!reader) {
            post([generation, message = reader.error().message](ChunkLoader *owner) {
                emit owner->failed(generation, message);
            });
            return;
        }
        m_reader = std::move(reader.value());
        m_path = path;
        m_generation = generation;
        post([generation, count = m_reader->eventCount(), topics = m_reader->topics()](ChunkLoader *owner) {
            emit owner->opened(generation, count, topics);
        });
        m_owner->m_checks.start([this, generation, path] {
            if (generation != current)
                return;
            if (auto whole = SessionReader::open(path); !whole)
                post([generation, message = whole.error().message](ChunkLoader *owner) {
                    emit owner->failed(generation, message);
                });
        });
    }

    void close() { m_reader.reset(); }

    void load(quint64 generation, const std::vector<std::int64_t> &seqs)
    {
        QList<EventRow> rows;
        QList<Event> samples;
        if (generation == current && generation == m_generation && m_reader) {
            rows.reserve(qsizetype(seqs.size()));
            bool refreshed = false;
            for (const std::int64_t seq : seqs) {
                // A live session grows: this reader may not know the newest seqs yet.
                if (seq >= m_reader->eventCount() && !refreshed) {
                    refreshed = true;
                    if (Status st = m_reader->refresh(); !st) {
                        rows.append(unreadableEventRow(seq, st.error().message));
                        continue;
                    }
                }
                auto chunk = m_reader->chunkFor(seq);
                if (!chunk) {
                    rows.append(unreadableEventRow(seq, chunk.error().message));
                    continue;
                }
                const EventView &view = (*chunk)->events[std::size_t(seq - (*chunk)->firstSeq)];
                const QStringList &topics = m_reader->topics();
                const QString topic = view.topicId >= 0 && view.topicId < topics.size()
                    ? topics[view.topicId]
                    : QStringLiteral("<unknown topic %1>").arg(view.topicId);
                rows.append(makeEventRow(view, topic));
                // A few whole events per request to learn field names from:
                // the first of each topic, and the last one.
                const bool newTopic = std::none_of(samples.cbegin(), samples.cend(),
                                                   [&](const Event &e) { return e.topic == topic; });
                if ((newTopic || seq == seqs.back()) && samples.size() < kMaxSamples)
                    samples.append(Event::fromView(view, topic));
            }
            releaseSnapshot();
        }
        post([generation, rows = std::move(rows), samples = std::move(samples)](ChunkLoader *owner) {
            owner->finished(generation, rows, samples);
        });
    }

    void openGuiReader(quint64 generation)
    {
        if (generation != current || generation != m_generation)
            return;
        // Checked like the loader's own reader (see open()).
        auto reader = SessionReader::open(m_path, schema::Extent::StructureOnly);
        if (!reader) {
            post([generation, message = reader.error().message](ChunkLoader *owner) {
                emit owner->failed(generation, message);
            });
            return;
        }
        std::shared_ptr<SessionReader> shared(std::move(reader.value()));
        post([generation, shared](ChunkLoader *owner) { emit owner->guiReaderOpened(generation, shared); });
    }

private:
    // A reader that has read a chunk keeps SQLite's read snapshot (its blob
    // handle) until the next refresh(): a recorder could not checkpoint its
    // log past it, nor close without waiting. Let go between requests.
    void releaseSnapshot()
    {
        if (m_reader)
            (void)m_reader->refresh();
    }

    template<typename F>
    void post(F &&f)
    {
        ChunkLoader *owner = m_owner;
        QMetaObject::invokeMethod(
            owner, [owner, f = std::forward<F>(f)]() { f(owner); }, Qt::QueuedConnection);
    }

    ChunkLoader *m_owner;
    std::unique_ptr<SessionReader> m_reader;
    QString m_path;
    quint64 m_generation = 0;
};

ChunkLoader::ChunkLoader(QObject *parent) : QObject(parent), m_worker(new Worker(this))
{
    m_thread.setObjectName(QStringLiteral("streamscope-chunkloader"));
    m_checks.setMaxThreadCount(1);
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

ChunkLoader::~ChunkLoader()
{
    m_worker->current = ~quint64(0); // skip whatever is still queued
    m_thread.quit();
    m_thread.wait();
    m_checks.waitForDone(); // a check still running posts through the worker
    delete m_worker; // its thread has ended: nothing else touches it
}

quint64 ChunkLoader::open(const QString &path)
{
    const quint64 generation = ++m_generation;
    m_worker->current = generation;
    m_waiting.clear();
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation, path] { worker->open(generation, path); }, Qt::QueuedConnection);
    return generation;
}

void ChunkLoader::close()
{
    ++m_generation;
    m_worker->current = m_generation;
    m_waiting.clear();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); }, Qt::QueuedConnection);
}

void ChunkLoader::request(std::vector<std::int64_t> seqs)
{
    if (seqs.empty())
        return;
    m_waiting.push_back(std::move(seqs));
    while (m_waiting.size() > kMaxWaitingRequests) {
        std::vector<std::int64_t> dropped = std::move(m_waiting.front());
        m_waiting.pop_front();
        emit requestsDropped(m_generation, dropped);
    }
    dispatch();
}

void ChunkLoader::openGuiReader()
{
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation] { worker->openGuiReader(generation); },
        Qt::QueuedConnection);
}

void ChunkLoader::dispatch()
{
    if (m_busy || m_waiting.empty())
        return;
    // Newest first: it is what the user looks at now.
    std::vector<std::int64_t> seqs = std::move(m_waiting.back());
    m_waiting.pop_back();
    m_busy = true;
    QMetaObject::invokeMethod(
        m_worker, [worker = m_worker, generation = m_generation, seqs = std::move(seqs)] { worker->load(generation, seqs); },
        Qt::QueuedConnection);
}

void ChunkLoader::finished(quint64 generation, const QList<EventRow> &rows, const QList<Event> &samples)
{
    m_busy = false;
    if (generation == m_generation && !rows.isEmpty())
        emit rowsLoaded(generation, rows, samples);
    dispatch();
}

} // namespace streamscope
