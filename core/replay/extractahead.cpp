#include "replay/extractahead.h"

#include <condition_variable>
#include <deque>
#include <mutex>

namespace streamscope {

namespace {

// Batches small enough to keep both threads busy from the start, large
// enough that handing them over costs nothing next to extracting them.
constexpr std::size_t kBatchEvents = 1024;
constexpr std::size_t kBatchesInFlight = 4;

} // namespace

// A few batches going round between the two threads.
class ExtractAhead::Exchange
{
public:
    Exchange() : m_batches(kBatchesInFlight)
    {
        for (ExtractedBatch &b : m_batches)
            m_empty.push_back(&b);
    }
    // The worker's side: an empty batch to fill (nullptr once stopped)...
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
        b->marked.clear();
        const std::lock_guard lock(m_mutex);
        m_empty.push_back(b);
        m_changed.notify_all();
    }
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

ExtractAhead::ExtractAhead(SessionReader &reader, EventExtractor &extractor, std::int64_t from, std::int64_t end,
                           Mark mark)
    : m_exchange(std::make_unique<Exchange>())
{
    m_worker = std::thread([&reader, &extractor, from, end, mark = std::move(mark), &exchange = *m_exchange] {
        std::int64_t readTo = from; // every seq before it is in a batch
        auto startBatch = [&] {
            ExtractedBatch *b = exchange.takeEmpty();
            if (b)
                b->endSeq = readTo;
            return b;
        };
        ExtractedBatch *batch = startBatch();
        Status st = reader.scan(from, end, [&](const EventView &event) {
            if (!batch)
                return false;
            if (extractor.isInput(event)) {
                if (batch->count == batch->events.size())
                    batch->events.emplace_back();
                extractor.extract(event, batch->events[batch->count++]); // sets the context too
            } else if (mark) {
                extractor.context().setEvent(event);
            }
            if (mark && mark(extractor.context()))
                batch->marked.push_back(event.seq);
            readTo = batch->endSeq = event.seq + 1;
            // Also now and then when few events are inputs, so that the
            // stepper sees progress.
            if (batch->count == kBatchEvents || (event.seq & 0x3fff) == 0x3fff) {
                exchange.putFull(batch);
                batch = startBatch();
            }
            return true;
        });
        if (batch)
            exchange.putFull(batch);
        exchange.finish(std::move(st));
    });
}

ExtractAhead::~ExtractAhead()
{
    if (m_worker.joinable()) {
        m_exchange->stop();
        m_worker.join();
    }
}

const ExtractedBatch *ExtractAhead::next()
{
    if (m_current)
        m_exchange->putEmpty(m_current);
    m_current = m_exchange->takeFull();
    return m_current;
}

void ExtractAhead::stop() { m_exchange->stop(); }

Status ExtractAhead::status() const { return m_exchange->status(); }

} // namespace streamscope
