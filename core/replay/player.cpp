#include "replay/player.h"

#include "replay/extractahead.h"

#include <algorithm>

namespace streamscope {

Result<std::vector<PartitionRef>> pipelineInputPartitions(SessionReader &reader, const PipelineSpec &pipeline)
{
    auto partitions = reader.partitions();
    if (!partitions)
        return partitions.error();
    std::vector<PartitionRef> inputs;
    const QStringList topics = reader.topics();
    for (const auto &[topicId, partition] : *partitions)
        if (pipeline.topics.isEmpty() || pipeline.topics.contains(topics.value(topicId)))
            inputs.push_back({topicId, partition});
    return inputs;
}

QStringList pipelineTopicsMissing(const PipelineSpec &pipeline, const QStringList &sessionTopics)
{
    QStringList missing;
    for (const QString &topic : pipeline.topics)
        if (!sessionTopics.contains(topic))
            missing << topic;
    return missing;
}

QString describeMissingTopics(const PipelineSpec &pipeline, const QStringList &sessionTopics)
{
    const QStringList missing = pipelineTopicsMissing(pipeline, sessionTopics);
    if (missing.isEmpty())
        return {};
    QStringList quoted;
    for (const QString &topic : missing)
        quoted << QStringLiteral("\"%1\"").arg(topic);
    const QString has = sessionTopics.isEmpty() ? QStringLiteral("it has none yet")
                                                : QStringLiteral("its topics: %1").arg(sessionTopics.join(QStringLiteral(", ")));
    return missing.size() == 1
        ? QStringLiteral("the pipeline reads topic %1, which the session does not have (%2)").arg(quoted.first(), has)
        : QStringLiteral("the pipeline reads topics %1, which the session does not have (%2)")
              .arg(quoted.join(QStringLiteral(", ")), has);
}

Result<std::unique_ptr<Player>> Player::open(const QString &sessionPath, const PipelineSpec &pipeline)
{
    return open(sessionPath, pipeline, Options{});
}

Result<std::unique_ptr<Player>> Player::open(const QString &sessionPath, const PipelineSpec &pipeline, Options options)
{
    if (options.checkpointInterval < 1)
        return Error::badInput(QStringLiteral("the checkpoint interval must be at least 1"));
    auto reader = SessionReader::open(sessionPath);
    if (!reader)
        return reader.error();
    auto extractor = EventExtractor::create(pipeline, (*reader)->topics());
    if (!extractor)
        return extractor.error();
    // Known up front: a partition that never delivers holds the watermark
    // back until it is idle, as in Flink.
    auto inputs = pipelineInputPartitions(**reader, pipeline);
    if (!inputs)
        return inputs.error();
    return std::unique_ptr<Player>(
        new Player(std::move(reader.value()), std::move(extractor.value()), pipeline, std::move(*inputs), options));
}

Player::Player(std::unique_ptr<SessionReader> reader, EventExtractor extractor, const PipelineSpec &pipeline,
               std::vector<PartitionRef> partitions, Options options)
    : m_reader(std::move(reader)), m_extractor(std::move(extractor)), m_partitions(std::move(partitions)),
      m_options(options), m_engine(std::make_unique<Engine>(pipeline, m_partitions))
{
}

Status Player::advance()
{
    const std::int64_t seq = m_cursor + 1;
    auto chunk = m_reader->chunkFor(seq);
    if (!chunk)
        return chunk.error();
    const EventView &event = (*chunk)->events[std::size_t(seq - (*chunk)->firstSeq)];
    if (m_extractor.isInput(event)) {
        const EngineEvent &input = m_extractor.extract(event);
        m_lastReport = &m_engine->step(input);
        stepped(input);
    } else {
        m_extractor.context().setEvent(event); // breakpoints may still look at it
        reportNoStep(seq);
        passNonInputsTo(seq);
    }
    return {};
}

void Player::reportNoStep(std::int64_t seq)
{
    m_noReport = StepReport{};
    m_noReport.seq = seq;
    m_noReport.watermarkBefore = m_noReport.watermarkAfter = m_engine->watermark();
    m_lastReport = &m_noReport;
}

void Player::stepped(const EngineEvent &input)
{
    if (input.eventTimeMs)
        m_maxEventTimeMs = std::max(m_maxEventTimeMs, *input.eventTimeMs);
    m_cursor = input.seq;
    m_executedUpTo = std::max(m_executedUpTo, m_cursor);
    if (m_observer)
        m_observer(*m_lastReport, input);
    maybeCheckpoint();
}

void Player::passNonInputsTo(std::int64_t seq)
{
    // The engine's state after such an event is the one before it, but
    // checkpoints fall on these seqs too.
    while (m_cursor < seq) {
        ++m_cursor;
        m_executedUpTo = std::max(m_executedUpTo, m_cursor);
        maybeCheckpoint();
    }
}

Result<bool> Player::fastForward(std::int64_t last, const std::vector<BreakpointCheck> *checks,
                                 const std::function<void(std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    // The worker gets an extractor of its own: m_extractor's context stays
    // the breakpoints' view of the cursor's event.
    auto extractor = EventExtractor::create(m_engine->pipeline(), m_reader->topics());
    if (!extractor)
        return extractor.error();
    // Filter matches are checked on the worker, where the event is (with
    // copies of their own); the others look at the steps, here.
    std::vector<BreakpointCheck> onEvents;
    std::vector<const BreakpointCheck *> onSteps;
    if (checks) {
        for (const BreakpointCheck &check : *checks) {
            if (!check.breakpoint().enabled)
                continue;
            if (!check.looksAtEventOnly()) {
                onSteps.push_back(&check);
                continue;
            }
            auto copy = BreakpointCheck::create(check.breakpoint());
            if (!copy)
                return copy.error();
            onEvents.push_back(std::move(copy.value()));
        }
    }
    ExtractAhead::Mark mark;
    if (!onEvents.empty())
        mark = [onEvents = std::move(onEvents)](expr::EventContext &event) {
            return std::any_of(onEvents.begin(), onEvents.end(), [&](const BreakpointCheck &c) { return c.matchesEvent(event); });
        };

    bool hit = false;
    Status status;
    {
        ExtractAhead ahead(*m_reader, *extractor, m_cursor + 1, last + 1, std::move(mark));
        std::int64_t reported = m_cursor;
        while (const ExtractedBatch *batch = ahead.next()) {
            auto marked = batch->marked.begin();
            // The cursor over events the pipeline does not read, up to `seq`
            // or to the first of them a filter breakpoint matched.
            auto passNonInputsUpTo = [&](std::int64_t seq) {
                if (marked != batch->marked.end() && *marked <= seq) {
                    passNonInputsTo(*marked++);
                    return true;
                }
                passNonInputsTo(seq);
                return false;
            };
            for (std::size_t i = 0; i < batch->count && !hit; ++i) {
                const EngineEvent &input = batch->events[i];
                if ((hit = passNonInputsUpTo(input.seq - 1)))
                    break;
                m_lastReport = &m_engine->step(input);
                stepped(input);
                const bool matched = marked != batch->marked.end() && *marked == input.seq;
                if (matched)
                    ++marked;
                hit = matched || std::any_of(onSteps.begin(), onSteps.end(), [&](const BreakpointCheck *c) {
                          return c->hits(*m_lastReport, *m_engine, m_extractor.context()); // the context is not looked at
                      });
            }
            if (!hit)
                hit = passNonInputsUpTo(batch->endSeq - 1);
            if (hit || (cancel && cancel->load()))
                break; // leaving stops the worker; the cursor is where the steps got to
            if (progress && m_cursor - reported >= 65536) {
                reported = m_cursor;
                progress(m_cursor);
            }
        }
        if (!hit && (!cancel || !cancel->load()))
            status = ahead.status();
    } // the worker is joined: the reader is this thread's again
    // The report of an event the pipeline does not read is an empty one:
    // never leave one of an earlier step in its place.
    if (m_lastReport->seq != m_cursor)
        reportNoStep(m_cursor);
    if (!status)
        return status.error();
    return hit;
}

void Player::maybeCheckpoint()
{
    if ((m_cursor + 1) % m_options.checkpointInterval != 0 || m_checkpoints.contains(m_cursor))
        return;
    Checkpoint c{m_engine->saveState(), m_maxEventTimeMs};
    m_checkpointBytes += c.state.size();
    m_checkpoints.emplace(m_cursor, std::move(c));
    enforceBudget();
}

void Player::enforceBudget()
{
    while (m_checkpointBytes > m_options.checkpointBudgetBytes && m_options.checkpointInterval < (1 << 30)) {
        m_options.checkpointInterval *= 2;
        for (auto it = m_checkpoints.begin(); it != m_checkpoints.end();) {
            if ((it->first + 1) % m_options.checkpointInterval != 0) {
                m_checkpointBytes -= it->second.state.size();
                it = m_checkpoints.erase(it);
            } else {
                ++it;
            }
        }
    }
}

Status Player::resetTo(std::int64_t checkpointSeq)
{
    auto engine = std::make_unique<Engine>(m_engine->pipeline(), m_partitions);
    m_maxEventTimeMs = kNoWatermark;
    if (checkpointSeq >= 0) {
        const Checkpoint &c = m_checkpoints.at(checkpointSeq);
        if (Status st = engine->restoreState(c.state); !st)
            return st;
        m_maxEventTimeMs = c.maxEventTimeMs;
    }
    m_noReport = StepReport{};
    m_lastReport = &m_noReport; // before the engine it pointed into goes
    m_engine = std::move(engine);
    m_cursor = checkpointSeq;
    return {};
}

Status Player::seek(std::int64_t seq)
{
    if (seq < -1 || seq >= eventCount())
        return Error::badInput(QStringLiteral("seq %1 is outside the session (0..%2)").arg(seq).arg(eventCount() - 1));
    if (seq == m_cursor)
        return {};
    if (seq == -1)
        return resetTo(-1);
    // Forward from here if that is no longer than from the best checkpoint;
    // otherwise from the last checkpoint before seq (so that the step to seq
    // itself runs and its report is there).
    auto it = m_checkpoints.upper_bound(seq - 1);
    const std::int64_t from = it == m_checkpoints.begin() ? -1 : std::prev(it)->first;
    if (seq < m_cursor || from > m_cursor)
        if (Status st = resetTo(from); !st)
            return st;
    if (readsAhead() && seq - m_cursor > m_options.readAheadFrom)
        if (auto forwarded = fastForward(seq - 1); !forwarded)
            return forwarded.error();
    while (m_cursor < seq)
        if (Status st = advance(); !st)
            return st;
    return {};
}

Status Player::stepForward()
{
    if (m_cursor + 1 >= eventCount())
        return Error::badInput(QStringLiteral("already at the last event"));
    return advance();
}

Status Player::stepBack()
{
    if (m_cursor < 0)
        return Error::badInput(QStringLiteral("already before the first event"));
    return seek(m_cursor - 1);
}

Result<std::vector<int>> Player::stepForwardChecking(const std::vector<BreakpointCheck> &checks)
{
    if (Status st = stepForward(); !st)
        return st.error();
    std::vector<int> hits;
    for (std::size_t i = 0; i < checks.size(); ++i)
        if (checks[i].hits(*m_lastReport, *m_engine, m_extractor.context()))
            hits.push_back(int(i));
    return hits;
}

Result<std::vector<int>> Player::checksHitAtCursor(const std::vector<BreakpointCheck> &checks)
{
    std::vector<int> hits;
    if (m_cursor < 0)
        return hits;
    // The extractor's context may point at another chunk by now.
    auto chunk = m_reader->chunkFor(m_cursor);
    if (!chunk)
        return chunk.error();
    m_extractor.context().setEvent((*chunk)->events[std::size_t(m_cursor - (*chunk)->firstSeq)]);
    for (std::size_t i = 0; i < checks.size(); ++i)
        if (checks[i].hits(*m_lastReport, *m_engine, m_extractor.context()))
            hits.push_back(int(i));
    return hits;
}

Result<std::int64_t> Player::arrivalUs(std::int64_t seq)
{
    auto chunk = m_reader->chunkFor(seq);
    if (!chunk)
        return chunk.error();
    return (*chunk)->events[std::size_t(seq - (*chunk)->firstSeq)].arrivalUs;
}

Result<std::int64_t> Player::seekArrival(std::int64_t arrivalUs)
{
    auto seq = m_reader->seqAtArrival(arrivalUs);
    if (!seq)
        return seq.error();
    const std::int64_t target = std::min(*seq, eventCount() - 1);
    if (Status st = seek(target); !st)
        return st.error();
    return target;
}

Result<std::int64_t> Player::seekOffset(const QString &topic, int partition, std::int64_t offset)
{
    const qsizetype topicId = m_reader->topics().indexOf(topic);
    if (topicId < 0)
        return Error::badInput(QStringLiteral("the session has no topic \"%1\"").arg(topic));
    auto seq = m_reader->seqAtOffset(int(topicId), partition, offset);
    if (!seq)
        return seq.error();
    if (!*seq)
        return Error::badInput(QStringLiteral("the session has no event of %1 [%2] at or after offset %3").arg(topic).arg(partition).arg(offset));
    if (Status st = seek(**seq); !st)
        return st.error();
    return **seq;
}

Result<std::int64_t> Player::seekEventTime(std::int64_t eventTimeMs)
{
    // The highest event time seen so far only grows with seq, so the first
    // event at or after T is where it first reaches T: find the checkpoint
    // span where that happens, then scan it.
    std::int64_t from = 0;
    for (const auto &[seq, checkpoint] : m_checkpoints) {
        if (checkpoint.maxEventTimeMs >= eventTimeMs)
            break;
        from = seq + 1;
    }
    std::optional<std::int64_t> found;
    Status st = m_reader->scan(from, eventCount(), [&](const EventView &e) {
        if (!m_extractor.isInput(e))
            return true;
        const auto t = m_extractor.eventTime(e);
        if (t && *t >= eventTimeMs) {
            found = e.seq;
            return false;
        }
        return true;
    });
    if (!st)
        return st.error();
    if (!found)
        return Error::badInput(QStringLiteral("no event has an event time at or after %1").arg(eventTimeMs));
    if (Status moved = seek(*found); !moved)
        return moved.error();
    return *found;
}

Result<std::optional<std::int64_t>> Player::runUntil(const std::vector<Breakpoint> &breakpoints, Direction direction,
                                                     const std::atomic<bool> *cancel)
{
    std::vector<BreakpointCheck> checks;
    for (const Breakpoint &b : breakpoints) {
        if (!b.enabled)
            continue;
        auto check = BreakpointCheck::create(b);
        if (!check)
            return check.error();
        checks.push_back(std::move(check.value()));
    }
    if (checks.empty())
        return std::optional<std::int64_t>();
    if (direction == Direction::Backward)
        return searchBackward(checks, cancel);

    auto hits = searchForward(checks, {}, cancel);
    if (!hits)
        return hits.error();
    return hits->empty() ? std::optional<std::int64_t>() : std::optional<std::int64_t>(m_cursor);
}

Result<std::vector<int>> Player::searchForward(const std::vector<BreakpointCheck> &checks,
                                               const std::function<void(std::int64_t)> &progress,
                                               const std::atomic<bool> *cancel)
{
    const std::int64_t start = m_cursor;
    const std::int64_t last = eventCount() - 1;
    auto cancelled = [&] { return cancel && cancel->load(); };
    // A near hit is found stepping one by one, without a worker to start;
    // a search that goes on reads ahead.
    const std::int64_t oneByOneTo =
        readsAhead() ? std::min(last, start + m_options.readAheadFrom) : last;
    while (m_cursor < oneByOneTo && !cancelled()) {
        auto hits = stepForwardChecking(checks);
        if (!hits)
            return hits.error();
        if (!hits->empty())
            return hits;
        if (progress && (m_cursor - start) % 65536 == 0)
            progress(m_cursor - start);
    }
    if (m_cursor < last && !cancelled()) {
        auto hit = fastForward(
            last, &checks, [&](std::int64_t cursor) { if (progress) progress(cursor - start); }, cancel);
        if (!hit)
            return hit.error();
        if (*hit)
            return checksHitAtCursor(checks); // sets the breakpoint context of the cursor's event too
    }
    // No hit (or cancelled): back where it started.
    if (Status st = seek(start); !st)
        return st.error();
    return std::vector<int>{};
}

Result<std::optional<std::int64_t>> Player::searchBackward(const std::vector<BreakpointCheck> &checks,
                                                           const std::atomic<bool> *cancel)
{
    // Replays spans before the cursor, latest first, remembering the last
    // hit of each span; the first span with a hit has the answer.
    const std::int64_t start = m_cursor;
    std::int64_t spanEnd = start; // exclusive: hits must be < start
    while (spanEnd > 0) {
        if (cancel && cancel->load())
            break;
        const std::int64_t spanStart = std::max<std::int64_t>(0, spanEnd - m_options.checkpointInterval);
        auto it = m_checkpoints.upper_bound(spanStart - 1);
        const std::int64_t from = it == m_checkpoints.begin() ? -1 : std::prev(it)->first;
        if (Status st = resetTo(from); !st)
            return st.error();
        std::optional<std::int64_t> lastHit;
        while (m_cursor + 1 < spanEnd) {
            if (Status st = advance(); !st)
                return st.error();
            if (m_cursor < spanStart)
                continue;
            for (const BreakpointCheck &check : checks)
                if (check.hits(*m_lastReport, *m_engine, m_extractor.context())) {
                    lastHit = m_cursor;
                    break;
                }
        }
        if (lastHit) {
            if (Status st = seek(*lastHit); !st)
                return st.error();
            return lastHit;
        }
        spanEnd = spanStart;
    }
    if (Status st = seek(start); !st)
        return st.error();
    return std::optional<std::int64_t>();
}

Status Player::buildCheckpoints(const std::function<void(std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    const std::int64_t start = m_cursor;
    if (!m_checkpoints.empty())
        if (Status st = resetTo(std::prev(m_checkpoints.end())->first); !st)
            return st;
    const std::int64_t last = eventCount() - 1;
    if (readsAhead() && last - m_cursor > m_options.readAheadFrom)
        if (auto forwarded = fastForward(last, nullptr, progress, cancel); !forwarded)
            return forwarded.error();
    while (m_cursor < last) {
        if (cancel && cancel->load())
            break;
        if (Status st = advance(); !st)
            return st;
        if (progress && m_cursor % 65536 == 0)
            progress(m_cursor);
    }
    return start < eventCount() ? seek(start) : Status();
}

} // namespace streamscope
