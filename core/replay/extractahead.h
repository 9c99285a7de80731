#pragma once
// Reading a session and extracting its events for the engine (payloads
// parsed, expressions evaluated) on a worker thread, a few batches ahead of
// the thread that steps the engine: on two cores a long run takes about as
// long as its slower half. PipelineRunner runs whole sessions with it;
// Player fast-forwards through long forward moves with it.

#include "engine/engine.h"
#include "engine/eventextractor.h"
#include "session/sessionreader.h"

#include <functional>
#include <memory>
#include <thread>
#include <vector>

namespace streamscope {

// Extracted input events of consecutive seqs (events the pipeline does not
// read are left out); its buffers are reused from batch to batch.
struct ExtractedBatch {
    std::vector<EngineEvent> events; // the first `count` are this batch's
    std::size_t count = 0;
    std::int64_t endSeq = 0; // every seq before it has been read
    std::vector<std::int64_t> marked; // seqs of this batch's events (inputs or not) the mark matched, ascending
};

class ExtractAhead
{
public:
    // Tested by the worker on every event read, input or not, with the
    // extractor's context set to it (breakpoints on the event itself).
    using Mark = std::function<bool(expr::EventContext &)>;

    // Starts the worker on events [from, end) of the reader. The reader, the
    // extractor and the mark belong to the worker until this object is
    // destroyed.
    ExtractAhead(SessionReader &reader, EventExtractor &extractor, std::int64_t from, std::int64_t end,
                 Mark mark = {});
    // Stops the worker and waits for it, however the caller leaves.
    ~ExtractAhead();
    ExtractAhead(const ExtractAhead &) = delete;
    ExtractAhead &operator=(const ExtractAhead &) = delete;

    // The next batch in seq order, valid until the next call; nullptr after
    // the last (then status() says whether the worker read everything).
    const ExtractedBatch *next();
    // Tells the worker to stop at its next batch: next() hands out what it
    // had already read, then nullptr.
    void stop();
    // The worker's error (a damaged chunk), once next() returned nullptr.
    Status status() const;

private:
    class Exchange;
    std::unique_ptr<Exchange> m_exchange;
    ExtractedBatch *m_current = nullptr; // handed out, not yet given back
    std::thread m_worker;
};

} // namespace streamscope
