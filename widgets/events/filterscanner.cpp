#include "events/filterscanner.h"

#include "session/sessionreader.h"

#include <QElapsedTimer>

namespace streamscope {

namespace {
// Events per scan() call: the cancel flag is checked in between, and within.
constexpr std::int64_t kSliceEvents = 16384;
constexpr int kCancelCheckEvents = 1024;
// A batch goes to the GUI at least this often while scanning.
constexpr qint64 kBatchMs = 50;
} // namespace

struct FilterScanner::Job {
    quint64 id = 0;
    QString path;
    expr::Expression filter;
    std::atomic<bool> cancel{false};
    std::atomic<std::int64_t> until{0};
    std::int64_t next = 0; // touched by the worker only
};

// Runs on the scanner's thread; results leave as queued calls to the
// FilterScanner, whose destructor joins this thread first.
class FilterScanner::Worker : public QObject
{
public:
    explicit Worker(FilterScanner *owner) : m_owner(owner) {}

    void scan(const std::shared_ptr<Job> &job)
    {
        if (job->cancel)
            return;
        if (Status st = prepare(job->path); !st) {
            post([id = job->id, message = st.error().message](FilterScanner *owner) { owner->onFailed(id, message); });
            return;
        }
        QElapsedTimer sinceBatch;
        sinceBatch.start();
        std::vector<std::int64_t> batch;
        for (;;) {
            std::int64_t until = job->until;
            if (until > m_reader->eventCount()) {
                // The GUI saw more of a live session than this reader has yet.
                if (Status st = m_reader->refresh(); !st) {
                    post([id = job->id, message = st.error().message](FilterScanner *owner) { owner->onFailed(id, message); });
                    return;
                }
                m_context->setTopicNames(m_reader->topics());
                until = std::min(until, m_reader->eventCount());
            }
            if (job->next >= until)
                break;
            const std::int64_t end = std::min(until, job->next + kSliceEvents);
            int sinceCheck = 0;
            bool cancelled = false;
            const Status st = m_reader->scan(job->next, end, [&](const EventView &event) {
                if (++sinceCheck == kCancelCheckEvents) {
                    sinceCheck = 0;
                    if (job->cancel) {
                        cancelled = true;
                        return false;
                    }
                }
                m_context->setEvent(event);
                if (job->filter.matches(*m_context))
                    batch.push_back(event.seq);
                return true;
            });
            if (cancelled || job->cancel) {
                (void)m_reader->refresh();
                return;
            }
            if (!st) {
                post([id = job->id, message = st.error().message](FilterScanner *owner) { owner->onFailed(id, message); });
                return;
            }
            job->next = end;
            if (sinceBatch.elapsed() >= kBatchMs) {
                post([id = job->id, seqs = std::move(batch), next = job->next](FilterScanner *owner) mutable {
                    owner->onBatch(id, std::move(seqs), next, false);
                });
                batch = {};
                sinceBatch.restart();
            }
        }
        // Caught up: let go of SQLite's read snapshot (see ChunkLoader).
        (void)m_reader->refresh();
        post([id = job->id, seqs = std::move(batch), next = job->next](FilterScanner *owner) mutable {
            owner->onBatch(id, std::move(seqs), next, true);
        });
    }

private:
    Status prepare(const QString &path)
    {
        if (!m_reader || m_reader->path() != path) {
            m_reader.reset();
            m_context.reset();
            // The table's loader checks the whole file beside its rows and
            // closes the session if it is damaged (ChunkLoader): checking it
            // again here would read it all a second time.
            auto reader = SessionReader::open(path, schema::Extent::StructureOnly);
            if (!reader)
                return reader.error();
            m_reader = std::move(reader.value());
        } else if (Status st = m_reader->refresh(); !st) {
            return st;
        }
        if (!m_context)
            m_context = std::make_unique<expr::EventContext>(m_reader->topics());
        else
            m_context->setTopicNames(m_reader->topics());
        return {};
    }

    template<typename F>
    void post(F &&f)
    {
        FilterScanner *owner = m_owner;
        QMetaObject::invokeMethod(
            owner, [owner, f = std::forward<F>(f)]() mutable { f(owner); }, Qt::QueuedConnection);
    }

    FilterScanner *m_owner;
    std::unique_ptr<SessionReader> m_reader;
    std::unique_ptr<expr::EventContext> m_context;
};

FilterScanner::FilterScanner(QObject *parent) : QObject(parent), m_worker(new Worker(this))
{
    m_thread.setObjectName(QStringLiteral("streamscope-filterscanner"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
}

FilterScanner::~FilterScanner()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // its thread has ended: nothing else touches it
}

void FilterScanner::start(const QString &path, const expr::Expression &filter, std::int64_t until)
{
    cancel();
    auto job = std::make_shared<Job>();
    job->id = ++m_nextJobId;
    job->path = path;
    job->filter = filter;
    job->until = until;
    m_job = job;
    m_scanned = 0;
    run();
}

void FilterScanner::extend(std::int64_t until)
{
    if (!m_job || until <= m_job->until)
        return;
    m_job->until = until;
    if (!m_running)
        run();
}

void FilterScanner::cancel()
{
    if (m_job)
        m_job->cancel = true;
    m_job.reset();
    m_running = false;
}

std::int64_t FilterScanner::until() const { return m_job ? m_job->until.load() : 0; }

void FilterScanner::run()
{
    m_running = true;
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job = m_job] { worker->scan(job); }, Qt::QueuedConnection);
}

void FilterScanner::onBatch(quint64 jobId, std::vector<std::int64_t> seqs, std::int64_t scannedUpTo, bool done)
{
    if (!m_job || m_job->id != jobId)
        return; // a job replaced or cancelled since
    m_scanned = scannedUpTo;
    emit matched(seqs, scannedUpTo);
    if (!done || !m_job || m_job->id != jobId) // a receiver may have started another job
        return;
    // extend() may have moved `until` after the worker looked.
    if (m_job->until > scannedUpTo) {
        run();
        return;
    }
    m_running = false;
    emit caughtUp(scannedUpTo);
}

void FilterScanner::onFailed(quint64 jobId, const QString &message)
{
    if (!m_job || m_job->id != jobId)
        return;
    m_job.reset();
    m_running = false;
    emit failed(message);
}

} // namespace streamscope
