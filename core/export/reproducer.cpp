#include "export/reproducer.h"

#include "engine/pipelinefile.h"
#include "kafka/kafkaproperties.h"
#include "replay/pipelinerun.h"
#include "replay/player.h"
#include "session/sessionreader.h"
#include "session/sessionwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <map>

namespace streamscope {

namespace {

// Chunks as the recorder seals them (record/recorder.h).
constexpr qsizetype kChunkBytes = 1024 * 1024;
constexpr int kChunkEvents = 16384;

// The session's own source description, secrets redacted again in case an
// older file kept one.
QJsonObject originalSource(const SessionReader &reader)
{
    QJsonObject source = QJsonDocument::fromJson(reader.meta().value(QStringLiteral("source")).toUtf8()).object();
    if (source.contains(QLatin1String("properties"))) {
        QJsonObject properties = source.value(QLatin1String("properties")).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it)
            if (KafkaProperties::isSecret(it.key()))
                it.value() = QStringLiteral("<redacted>");
        source.insert(QStringLiteral("properties"), properties);
    }
    return source;
}

struct Candidate {
    std::vector<std::int64_t> sessionSeqs; // the session's seq of each reproducer seq
};

class Writer
{
public:
    Writer(SessionReader &reader, const ReproducerOptions &options) : m_reader(reader), m_options(options) {}

    // The pipeline's input events of [first, last] into a new session at path.
    Result<Candidate> write(const QString &path, std::int64_t first, std::int64_t last, const QJsonObject &source)
    {
        QFile::remove(path);
        auto created = SessionWriter::create(path, source);
        if (!created)
            return created.error();
        SessionWriter &writer = **created;
        const QStringList topics = m_reader.topics();
        std::vector<int> topicIds(std::size_t(topics.size()), -1); // session topic id → reproducer's
        for (int i = 0; i < topics.size(); ++i)
            if (m_options.pipeline.topics.isEmpty() || m_options.pipeline.topics.contains(topics[i]))
                topicIds[std::size_t(i)] = writer.topicId(topics[i]);

        Candidate candidate;
        std::map<std::pair<int, int>, std::int64_t> firstOffsets;
        ChunkBuilder builder;
        Status st;
        Status scanned = m_reader.scan(first, last + 1, [&](const EventView &event) {
            const int topicId = topicIds[std::size_t(event.topicId)];
            if (topicId < 0)
                return true;
            EventView copy = event;
            copy.topicId = topicId;
            builder.append(copy);
            candidate.sessionSeqs.push_back(event.seq);
            firstOffsets.try_emplace({event.topicId, event.partition}, event.offset);
            if (builder.eventCount() >= kChunkEvents || builder.byteSize() >= kChunkBytes)
                st = writer.append(builder);
            return bool(st);
        });
        if (st && scanned)
            st = writer.append(builder);
        if (!scanned)
            st = scanned;
        // Every input partition of the session, so that the engine waits for
        // the same partitions; reading "began" at the first event kept.
        auto starts = m_reader.partitionStarts();
        auto inputs = pipelineInputPartitions(m_reader, m_options.pipeline);
        if (st && !starts)
            st = starts.error();
        if (st && !inputs)
            st = inputs.error();
        for (std::size_t i = 0; st && i < inputs->size(); ++i) {
            const PartitionRef ref = (*inputs)[i];
            PartitionPosition position;
            if (auto it = firstOffsets.find({ref.topicId, ref.partition}); it != firstOffsets.end())
                position.offset = it->second;
            else
                for (const RecordedStart &s : *starts)
                    if (s.topicId == ref.topicId && s.partition == ref.partition)
                        position = s.position;
            st = writer.addPartitionStart(topicIds[std::size_t(ref.topicId)], ref.partition, position);
        }
        if (st)
            st = writer.storePipeline(m_options.pipelineName, m_options.pipelineText);
        const Status closed = writer.close();
        if (st)
            st = closed;
        if (!st) {
            created->reset();
            QFile::remove(path);
            return st.error();
        }
        return candidate;
    }

private:
    SessionReader &m_reader;
    const ReproducerOptions &m_options;
};

bool sameResult(const WindowResult &original, const WindowResult &reproduced, const Candidate &candidate)
{
    const auto sessionSeq = [&](std::int64_t seq) {
        return seq >= 0 && std::size_t(seq) < candidate.sessionSeqs.size() ? candidate.sessionSeqs[std::size_t(seq)] : -1;
    };
    if (original.key != reproduced.key || original.window != reproduced.window || original.kind != reproduced.kind
        || original.firing != reproduced.firing || original.watermark != reproduced.watermark
        || original.aggregateValues != reproduced.aggregateValues || original.seqs.size() != reproduced.seqs.size()
        || original.triggerSeq != sessionSeq(reproduced.triggerSeq))
        return false;
    for (std::size_t i = 0; i < original.seqs.size(); ++i)
        if (original.seqs[i] != sessionSeq(reproduced.seqs[i]))
            return false;
    return true;
}

// Replays the reproducer file with the pipeline stored in it.
Result<std::optional<WindowResult>> replayFinds(const QString &path, const WindowResult &wanted, const Candidate &candidate,
                                                const std::atomic<bool> *cancel)
{
    auto reader = SessionReader::open(path);
    if (!reader)
        return reader.error();
    auto stored = (*reader)->pipelines();
    if (!stored)
        return stored.error();
    if (stored->size() != 1)
        return Error::runtime(QStringLiteral("%1: expected one stored pipeline").arg(path));
    auto pipeline = parsePipeline(stored->first().second);
    if (auto *e = std::get_if<PipelineError>(&pipeline))
        return Error::badInput(QStringLiteral("the pipeline text does not parse: %1").arg(e->toString()));
    reader->reset();
    auto runner = PipelineRunner::open(path, std::get<PipelineSpec>(pipeline));
    if (!runner)
        return runner.error();
    std::optional<WindowResult> found;
    Status st = (*runner)->run(
        [&](const StepReport &step) {
            for (const WindowResult &r : step.results)
                if (!found && sameResult(wanted, r, candidate))
                    found = r;
        },
        -1, {}, cancel);
    if (!st)
        return st.error();
    return found;
}

} // namespace

Result<WindowResult> findWindowResult(const QString &sessionPath, const PipelineSpec &pipeline, std::int64_t index,
                                      const std::atomic<bool> *cancel)
{
    if (index < 0)
        return Error::badInput(QStringLiteral("a result number is 0 or more"));
    auto runner = PipelineRunner::open(sessionPath, pipeline);
    if (!runner)
        return runner.error();
    std::optional<WindowResult> found;
    std::int64_t seen = 0;
    std::atomic<bool> stop{false}; // once found, the rest of the run is not needed
    Status st = (*runner)->run(
        [&](const StepReport &step) {
            for (const WindowResult &r : step.results)
                if (seen++ == index) {
                    found = r;
                    stop = true;
                }
            if (cancel && cancel->load())
                stop = true;
        },
        -1, {}, &stop);
    if (found)
        return *found;
    if (!st && !(cancel && cancel->load()) && !stop)
        return st.error();
    if (cancel && cancel->load())
        return Error::runtime(QStringLiteral("cancelled"));
    return Error::badInput(QStringLiteral("the pipeline fires %1 window results over %2; there is no result %3 "
                                          "(they are numbered from 0)")
                               .arg(seen)
                               .arg(sessionPath)
                               .arg(index));
}

Result<ReproducerReport> writeReproducer(const ReproducerOptions &options,
                                         const std::function<void(const QString &)> &progress,
                                         const std::atomic<bool> *cancel)
{
    if (bool(options.range) == bool(options.result))
        return Error::badInput(QStringLiteral("a reproducer is of a seq range or of a window result: give one"));
    if (QFileInfo::exists(options.outputPath))
        return Error::badInput(QStringLiteral("%1 already exists: choose another file").arg(options.outputPath));
    ReproducerOptions effective = options;
    if (effective.pipelineText.isEmpty())
        effective.pipelineText = toPipelineText(options.pipeline);
    if (effective.pipelineName.isEmpty())
        effective.pipelineName = options.pipeline.name.isEmpty() ? QStringLiteral("pipeline") : options.pipeline.name;

    auto opened = SessionReader::open(options.sessionPath);
    if (!opened)
        return opened.error();
    SessionReader &reader = **opened;
    if (reader.eventCount() == 0)
        return Error::badInput(QStringLiteral("%1 holds no events").arg(options.sessionPath));
    const std::int64_t lastSeq = reader.eventCount() - 1;

    QJsonObject source{{QStringLiteral("kind"), QStringLiteral("reproducer")},
                       {QStringLiteral("session"), QFileInfo(options.sessionPath).fileName()},
                       {QStringLiteral("pipeline"), effective.pipelineName},
                       {QStringLiteral("original"), originalSource(reader)}};
    const QString partial = options.outputPath + QStringLiteral(".reproducing");
    Writer writer(reader, effective);
    // The reproducer is written under another name and appears when complete.
    const auto finish = [&]() -> Status {
        if (!QFile::rename(partial, options.outputPath)) {
            QFile::remove(partial);
            return Error::runtime(QStringLiteral("cannot create %1: it exists now, or the folder is not writable")
                                      .arg(options.outputPath));
        }
        return {};
    };

    ReproducerReport report;
    if (options.range) {
        report.firstSeq = std::min(options.range->first, lastSeq);
        report.lastSeq = std::min(options.range->last, lastSeq);
        if (options.range->first > lastSeq)
            return Error::badInput(QStringLiteral("seq %1 is after the session's last seq %2").arg(options.range->first).arg(lastSeq));
        source.insert(QStringLiteral("first_seq"), qint64(report.firstSeq));
        source.insert(QStringLiteral("last_seq"), qint64(report.lastSeq));
        if (progress)
            progress(QStringLiteral("writing seqs %1..%2").arg(report.firstSeq).arg(report.lastSeq));
        auto candidate = writer.write(partial, report.firstSeq, report.lastSeq, source);
        if (!candidate)
            return candidate.error();
        report.events = std::int64_t(candidate->sessionSeqs.size());
        if (Status st = finish(); !st)
            return st.error();
        return report;
    }

    const WindowResult &wanted = *options.result;
    if (wanted.triggerSeq < 0 || wanted.triggerSeq > lastSeq)
        return Error::badInput(QStringLiteral("the result's trigger seq %1 is not in the session").arg(wanted.triggerSeq));
    std::int64_t earliest = wanted.triggerSeq;
    for (std::int64_t s : wanted.seqs)
        earliest = std::min(earliest, s);
    source.insert(QStringLiteral("result"), QJsonObject{{QStringLiteral("key"), QString::fromUtf8(wanted.key)},
                                                        {QStringLiteral("start"), qint64(wanted.window.start)},
                                                        {QStringLiteral("end"), qint64(wanted.window.end)},
                                                        {QStringLiteral("firing"), wanted.firing},
                                                        {QStringLiteral("trigger_seq"), qint64(wanted.triggerSeq)}});
    // Candidates from the earliest event of the lineage back, by doubling
    // steps, to 0 (which always reproduces the result: see reproducer.h).
    std::vector<std::int64_t> starts{earliest};
    for (std::int64_t back = 1024; starts.back() > 0; back *= 2)
        starts.push_back(std::max<std::int64_t>(earliest - back, 0));
    for (std::int64_t first : starts) {
        if (cancel && cancel->load())
            return Error::runtime(QStringLiteral("cancelled"));
        ++report.candidates;
        if (progress)
            progress(QStringLiteral("trying seqs %1..%2").arg(first).arg(wanted.triggerSeq));
        source.insert(QStringLiteral("first_seq"), qint64(first));
        source.insert(QStringLiteral("last_seq"), qint64(wanted.triggerSeq));
        auto candidate = writer.write(partial, first, wanted.triggerSeq, source);
        if (!candidate)
            return candidate.error();
        auto found = replayFinds(partial, wanted, *candidate, cancel);
        if (!found) {
            QFile::remove(partial);
            return found.error();
        }
        if (!*found) {
            QFile::remove(partial);
            continue;
        }
        report.firstSeq = first;
        report.lastSeq = wanted.triggerSeq;
        report.events = std::int64_t(candidate->sessionSeqs.size());
        report.reproduced = **found;
        if (Status st = finish(); !st)
            return st.error();
        return report;
    }
    return Error::runtime(QStringLiteral("the pipeline does not fire this result again even on every event up to seq %1: "
                                         "is the result from this session and this pipeline?")
                              .arg(wanted.triggerSeq));
}

} // namespace streamscope
