#include "record/recorder.h"

#include "util/clock.h"

#include <QFile>

namespace streamscope {

Recorder::Recorder(RecordOptions options) : m_options(std::move(options)) {}

Recorder::~Recorder() { (void)close(); }

Status Recorder::open()
{
    if (m_options.path.isEmpty())
        return Error::badInput(QStringLiteral("no session file given (-w FILE)"));
    if (m_options.maxEvents == 0)
        return Error::badInput(QStringLiteral("-c must be at least 1"));

    const QJsonObject source = describeSource(m_options.reader);

    auto writer = m_options.append ? SessionWriter::openForAppend(m_options.path, source, m_options.sync)
                                   : SessionWriter::create(m_options.path, source, m_options.sync);
    if (!writer)
        return writer.error();
    m_writer = std::move(writer.value());
    if (m_observer) {
        RecordObserver *observer = m_observer;
        SessionWriter *w = m_writer.get();
        m_writer->setCommitListener([observer, w](std::int64_t committed) {
            observer->onCommitted(committed, w->stats().lastCommitMicros);
        });
    }

    ReaderConfig config = m_options.reader;
    if (m_options.append)
        config.resumeAt = m_writer->resumePositions();
    m_reader = std::make_unique<KafkaReader>(config);
    if (Status st = m_reader->open(); !st) {
        // Nothing was recorded: leave no empty session behind.
        const bool created = !m_options.append;
        (void)m_writer->close();
        m_writer.reset();
        if (created)
            QFile::remove(m_options.path);
        return st;
    }
    m_sessionTopicIds.clear();
    for (const QString &topic : m_reader->topics())
        m_sessionTopicIds.push_back(m_writer->topicId(topic));
    m_sessionTopics = m_writer->topicNames();
    for (const PartitionStart &start : m_reader->startPoints())
        if (Status st = m_writer->addPartitionStart(m_sessionTopicIds[std::size_t(start.topicId)], start.partition,
                                                    start.position);
            !st)
            return st;
    return {};
}

void Recorder::onEvent(const EventView &event)
{
    if (m_options.maxEvents >= 0 && m_events >= m_options.maxEvents)
        return; // -c reached inside a batch: the rest stays in Kafka
    if (!m_builder.isEmpty()
        && (event.arrivalUs - m_builder.firstArrivalUs() >= kChunkMicros || m_builder.byteSize() >= kChunkBytes
            || m_builder.eventCount() >= kChunkEvents)) {
        if (Status st = flush(); !st && m_pendingError.ok())
            m_pendingError = st;
    }
    EventView mapped = event;
    mapped.topicId = m_sessionTopicIds[std::size_t(event.topicId)];
    if (m_observer) {
        mapped.seq = m_writer->nextSeq() + m_builder.eventCount();
        m_observer->onRecorded(mapped, m_sessionTopics);
    }
    m_builder.append(mapped);
    ++m_events;
    m_bytes += std::max<std::int64_t>(event.key.size, 0) + std::max<std::int64_t>(event.value.size, 0);
}

void Recorder::onRetentionGap(int topicId, int partition, std::int64_t firstMissing, std::int64_t lastMissing,
                              std::int64_t detectedUs)
{
    // Events before the gap go first, so the gap sits where it was seen.
    Status st = flush();
    if (st)
        st = m_writer->addRetentionGap(m_sessionTopicIds[std::size_t(topicId)], partition, firstMissing, lastMissing,
                                       detectedUs);
    if (!st && m_pendingError.ok())
        m_pendingError = st;
    onWarning(QStringLiteral("retention gap in %1 [%2]: offsets %3..%4 (%5 events) were deleted by the broker "
                             "before they could be read")
                  .arg(m_reader->topics()[topicId])
                  .arg(partition)
                  .arg(firstMissing)
                  .arg(lastMissing)
                  .arg(lastMissing - firstMissing + 1));
}

void Recorder::onWarning(const QString &message)
{
    if (m_warningHandler)
        m_warningHandler(message);
}

Status Recorder::flush() { return m_writer ? m_writer->append(m_builder) : Status(); }

std::vector<std::pair<int, int>> Recorder::sessionPartitions() const
{
    std::vector<std::pair<int, int>> out;
    if (m_reader)
        for (const PartitionStart &start : m_reader->startPoints())
            out.emplace_back(m_sessionTopicIds[std::size_t(start.topicId)], start.partition);
    return out;
}

RecordProgress Recorder::progress() const
{
    std::lock_guard lock(m_progressMutex);
    return m_published;
}

void Recorder::publishProgress(bool withPartitions)
{
    RecordProgress p = computeProgress();
    std::lock_guard lock(m_progressMutex);
    if (!withPartitions) {
        // Keep the last partition figures; they cost a walk over partitions.
        p.partitions = std::move(m_published.partitions);
        p.lag = m_published.lag;
        p.duplicatesSkipped = m_published.duplicatesSkipped;
        p.retentionLost = m_published.retentionLost;
    }
    m_published = std::move(p);
}

RecordProgress Recorder::computeProgress() const
{
    RecordProgress p;
    p.events = m_events;
    p.bytes = m_bytes;
    p.elapsedMs = monotonicMillis() - m_startedMs;
    if (m_writer) {
        p.sessionEvents = m_writer->nextSeq() + m_builder.eventCount();
        p.committedEvents = m_writer->stats().committedEvents;
    }
    if (m_reader) {
        p.partitions = m_reader->partitionStatus();
        std::int64_t lag = 0;
        bool known = !p.partitions.empty();
        for (const PartitionStatus &s : p.partitions) {
            p.duplicatesSkipped += s.duplicatesSkipped;
            p.retentionLost += s.retentionLost;
            if (s.highWatermark < 0 || s.nextOffset < 0)
                known = false;
            else
                lag += std::max<std::int64_t>(s.highWatermark - s.nextOffset, 0);
        }
        p.lag = known ? lag : -1;
    }
    return p;
}

Result<StopReason> Recorder::run(const std::atomic<bool> &stopRequested,
                                 const std::function<void(const RecordProgress &)> &progressCallback,
                                 int progressIntervalMs)
{
    if (!m_reader || !m_writer)
        return Error::runtime(QStringLiteral("the recorder is not open"));
    m_startedMs = monotonicMillis();
    std::int64_t nextProgressMs = m_startedMs + progressIntervalMs;
    StopReason reason = StopReason::Requested;
    for (;;) {
        if (stopRequested.load()) {
            reason = StopReason::Requested;
            break;
        }
        const std::int64_t nowMs = monotonicMillis();
        if (m_options.durationMs >= 0 && nowMs - m_startedMs >= m_options.durationMs) {
            reason = StopReason::Duration;
            break;
        }
        if (m_options.maxEvents >= 0 && m_events >= m_options.maxEvents) {
            reason = StopReason::Count;
            break;
        }
        if (m_options.stopAtEnd && m_reader->allAtEnd()) {
            reason = StopReason::EndOfPartitions;
            break;
        }
        int maxEvents = 10000;
        if (m_options.maxEvents >= 0)
            maxEvents = int(std::min<std::int64_t>(maxEvents, m_options.maxEvents - m_events));
        const Status polled = m_reader->poll(50, *this, maxEvents);
        const std::int64_t afterPollMs = monotonicMillis();
        const bool withPartitions = afterPollMs - m_partitionsPublishedMs >= 200;
        if (withPartitions)
            m_partitionsPublishedMs = afterPollMs;
        publishProgress(withPartitions);
        if (!polled)
            return polled.error();
        if (!m_pendingError.ok())
            return m_pendingError.error();
        // Seal by time even when nothing more arrives.
        if (!m_builder.isEmpty() && wallClockMicros() - m_builder.firstArrivalUs() >= kChunkMicros)
            if (Status st = flush(); !st)
                return st.error();
        if (progressCallback && monotonicMillis() >= nextProgressMs) {
            publishProgress(true);
            progressCallback(progress());
            nextProgressMs = monotonicMillis() + progressIntervalMs;
        }
    }
    publishProgress(true);
    return reason;
}

Status Recorder::close()
{
    Status st;
    if (m_reader && m_writer)
        publishProgress(true);
    if (m_writer) {
        st = flush();
        Status closed = m_writer->close();
        if (st)
            st = closed;
    }
    if (m_reader)
        m_reader->close();
    return st;
}

} // namespace streamscope
