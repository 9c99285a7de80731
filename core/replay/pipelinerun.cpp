#include "replay/pipelinerun.h"

#include "engine/eventextractor.h"
#include "replay/player.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace streamscope {

Result<PipelineSession> openPipelineSession(const QString &sessionPath, const PipelineSpec &pipeline)
{
    PipelineSession session;
    auto reader = SessionReader::open(sessionPath);
    if (!reader)
        return reader.error();
    session.reader = std::move(reader.value());
    auto extractor = EventExtractor::create(pipeline, session.reader->topics());
    if (!extractor)
        return extractor.error();
    session.extractor = std::make_unique<EventExtractor>(std::move(extractor.value()));
    auto partitions = pipelineInputPartitions(*session.reader, pipeline);
    if (!partitions)
        return partitions.error();
    session.inputs = std::move(partitions.value());
    session.engine = std::make_unique<Engine>(pipeline, session.inputs);
    return session;
}

Result<std::unique_ptr<PipelineRunner>> PipelineRunner::open(const QString &sessionPath, const PipelineSpec &pipeline)
{
    auto session = openPipelineSession(sessionPath, pipeline);
    if (!session)
        return session.error();
    std::unique_ptr<PipelineRunner> runner(new PipelineRunner);
    runner->m_session = std::move(session.value());
    return runner;
}

PipelineRunner::~PipelineRunner() = default;

QStringList PipelineRunner::topics() const { return m_session.reader->topics(); }

namespace {

// Extracted input events of consecutive seqs, handed from the reading
// thread to the stepping one and back; its buffers are reused.
struct ExtractedBatch {
    std::vector<EngineEvent> events; // the first `count` are this batch's
    std::size_t count = 0;
    std::int64_t endSeq = 0; // every seq before it has been read
};

// A few batches going round between the two threads.
class BatchExchange
{
public:
    explicit BatchExchange(std::size_t batches) : m_batches(batches)
    {
        for (ExtractedBatch &b : m_batches)
            m_empty.push_back(&b);
    }
    // The reader's side: an empty batch to fill (nullptr once stopped)...
    ExtractedBatch *takeEmpty()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_stopped || !m_empty.empty(); });
        if (m_stopped)
            return nullptr;
        ExtractedBatch *b = m_empty.front();
        m_empty.pop_front();
        return b;
    }
    // ...and a filled one passed on; finish() after the last.
    void putFull(ExtractedBatch *b)
    {
        const std::lock_guard lock(m_mutex);
        m_full.push_back(b);
        m_changed.notify_all();
    }
    void finish(Status status)
    {
        const std::lock_guard lock(m_mutex);
        m_finished = true;
        m_status = std::move(status);
        m_changed.notify_all();
    }
    // The stepper's side: the next filled batch, nullptr after the last.
    ExtractedBatch *takeFull()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_finished || !m_full.empty(); });
        if (m_full.empty())
            return nullptr;
        ExtractedBatch *b = m_full.front();
        m_full.pop_front();
        return b;
    }
    void putEmpty(ExtractedBatch *b)
    {
        b->count = 0;
        const std::lock_guard lock(m_mutex);
        m_empty.push_back(b);
        m_changed.notify_all();
    }
    // Tells the reader to stop at its next batch (cancelled, or done early).
    void stop()
    {
        const std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_changed.notify_all();
    }
    Status status() const
    {
        const std::lock_guard lock(m_mutex);
        return m_status;
    }

private:
    std::vector<ExtractedBatch> m_batches;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<ExtractedBatch *> m_empty, m_full;
    bool m_stopped = false;
    bool m_finished = false;
    Status m_status;
};

// Batches small enough to keep both threads busy from the start, large
// enough that handing them over costs nothing next to extracting them.
constexpr std::size_t kBatchEvents = 1024;
constexpr std::size_t kBatchesInFlight = 4;

} // namespace

Status PipelineRunner::run(const std::function<void(const StepReport &)> &onStep, std::int64_t until,
                           const std::function<void(std::int64_t, std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    const std::int64_t total = m_session.reader->eventCount();
    const std::int64_t end = until >= 0 ? std::min(until + 1, total) : total;
    BatchExchange exchange(kBatchesInFlight);
    // The reader and the extractor belong to the worker until it is joined.
    std::thread reading([&, reader = m_session.reader.get(), extractor = m_session.extractor.get()] {
        ExtractedBatch *batch = exchange.takeEmpty();
        Status st = reader->scan(0, end, [&](const EventView &event) {
            if (!batch)
                return false;
            if (extractor->isInput(event)) {
                if (batch->count == batch->events.size())
                    batch->events.emplace_back();
                extractor->extract(event, batch->events[batch->count++]);
            }
            batch->endSeq = event.seq + 1;
            if (batch->count == kBatchEvents || (event.seq & 0x3fff) == 0x3fff) {
                exchange.putFull(batch);
                batch = exchange.takeEmpty();
            }
            return true;
        });
        if (batch)
            exchange.putFull(batch);
        exchange.finish(std::move(st));
    });

    // However this thread leaves (an exception from onStep included), the
    // worker is stopped and joined first: it uses the reader and this frame.
    struct JoinOnExit {
        BatchExchange &exchange;
        std::thread &thread;
        ~JoinOnExit()
        {
            if (thread.joinable()) {
                exchange.stop();
                thread.join();
            }
        }
    } joinOnExit{exchange, reading};

    bool cancelled = false;
    std::int64_t reported = 0;
    while (ExtractedBatch *batch = exchange.takeFull()) {
        if (!cancelled) // after a cancel the batches already read are dropped
            for (std::size_t i = 0; i < batch->count; ++i)
                onStep(m_session.engine->step(batch->events[i]));
        const std::int64_t done = batch->endSeq;
        exchange.putEmpty(batch);
        if (cancel && cancel->load() && !cancelled) {
            cancelled = true;
            exchange.stop();
        }
        if (progress && !cancelled && done - reported >= 0x4000) {
            reported = done;
            progress(done, end);
        }
    }
    reading.join(); // it has finished: takeFull() said so
    if (Status st = exchange.status(); !st)
        return st;
    if (cancelled)
        return Error::runtime(QStringLiteral("cancelled"));
    if (progress)
        progress(end, end);
    return {};
}

Result<PipelineRunOutput> runPipeline(const QString &sessionPath, const PipelineSpec &pipeline,
                                      const std::function<void(std::int64_t, std::int64_t)> &progress,
                                      const std::atomic<bool> *cancel)
{
    auto runner = PipelineRunner::open(sessionPath, pipeline);
    if (!runner)
        return runner.error();
    PipelineRunOutput out;
    out.topics = (*runner)->topics();
    Status st = (*runner)->run(
        [&](const StepReport &report) {
            out.results.insert(out.results.end(), report.results.begin(), report.results.end());
            out.dropped.insert(out.dropped.end(), report.dropped.begin(), report.dropped.end());
        },
        -1, progress, cancel);
    if (!st)
        return st.error();
    out.counters = (*runner)->counters();
    return out;
}

namespace {

using WindowId = std::pair<QByteArray, TimeWindow>;

// The final (last) firing of each window, by window.
std::map<WindowId, const WindowResult *> lastFirings(const PipelineRunOutput &run)
{
    std::map<WindowId, const WindowResult *> last;
    for (const WindowResult &r : run.results)
        if (r.kind != FireKind::Early)
            last[{r.key, r.window}] = &r;
    return last;
}

QString describeChange(const WindowResult &a, const WindowResult &b)
{
    QStringList parts;
    const QJsonObject av = a.aggregates(), bv = b.aggregates();
    for (auto it = bv.begin(); it != bv.end(); ++it) {
        const QJsonValue old = av.value(it.key());
        if (old != it.value()) {
            const auto text = [](const QJsonValue &v) {
                if (v.isArray())
                    return QStringLiteral("%1 events").arg(v.toArray().size());
                return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
            };
            parts << QStringLiteral("%1 %2 → %3").arg(it.key(), text(old), text(it.value()));
        }
    }
    if (a.seqs != b.seqs && parts.isEmpty())
        parts << QStringLiteral("events %1 → %2").arg(a.seqs.size()).arg(b.seqs.size());
    if (a.firing != b.firing)
        parts << QStringLiteral("fired %1× → %2×").arg(a.firing).arg(b.firing);
    return parts.join(QLatin1String(", "));
}

} // namespace

RunComparison compareRuns(const PipelineRunOutput &a, const PipelineRunOutput &b)
{
    RunComparison out;
    const auto before = lastFirings(a);
    const auto after = lastFirings(b);
    auto ia = before.begin();
    auto ib = after.begin();
    while (ia != before.end() || ib != after.end()) {
        RunDifference d;
        if (ib == after.end() || (ia != before.end() && ia->first < ib->first)) {
            d.kind = RunDifference::Kind::Removed;
            d.key = ia->first.first;
            d.window = ia->first.second;
            d.before = *ia->second;
            d.what = QStringLiteral("no longer fires");
            ++ia;
        } else if (ia == before.end() || ib->first < ia->first) {
            d.kind = RunDifference::Kind::Added;
            d.key = ib->first.first;
            d.window = ib->first.second;
            d.after = *ib->second;
            d.what = QStringLiteral("fires only now");
            ++ib;
        } else {
            const WindowResult &ra = *ia->second, &rb = *ib->second;
            const bool same = ra.seqs == rb.seqs && ra.aggregateValues == rb.aggregateValues && ra.firing == rb.firing;
            if (same) {
                ++out.unchangedWindows;
                ++ia;
                ++ib;
                continue;
            }
            d.kind = RunDifference::Kind::Changed;
            d.key = ia->first.first;
            d.window = ia->first.second;
            d.before = ra;
            d.after = rb;
            d.what = describeChange(ra, rb);
            ++ia;
            ++ib;
        }
        out.windows.push_back(std::move(d));
    }

    std::map<std::int64_t, LateDifference> late;
    for (const LateEvent &e : a.dropped) {
        late[e.seq].droppedInA = true;
        late[e.seq].event = e;
    }
    for (const LateEvent &e : b.dropped) {
        late[e.seq].droppedInB = true;
        late[e.seq].event = e;
    }
    for (const auto &[seq, d] : late)
        if (d.droppedInA != d.droppedInB)
            out.late.push_back(d);
    return out;
}

} // namespace streamscope
