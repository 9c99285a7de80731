#include "replay/pipelinerun.h"

#include "engine/eventextractor.h"
#include "replay/extractahead.h"
#include "replay/player.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>


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

Status stepThroughSession(PipelineSession &session, std::int64_t end, const StepCallback &onStep,
                          const std::function<void(std::int64_t, std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    end = std::clamp<std::int64_t>(end, 0, session.reader->eventCount());
    // If onStep throws, ~ExtractAhead stops and joins the worker first.
    ExtractAhead ahead(*session.reader, *session.extractor, 0, end);
    bool cancelled = false, finished = false;
    std::int64_t reported = 0;
    while (const ExtractedBatch *batch = ahead.next()) {
        // After a stop the batches already read are dropped.
        for (std::size_t i = 0; i < batch->count && !cancelled && !finished; ++i)
            if (!onStep(batch->events[i], session.engine->step(batch->events[i]))) {
                finished = true;
                ahead.stop();
            }
        const std::int64_t done = batch->endSeq;
        if (cancel && cancel->load() && !cancelled && !finished) {
            cancelled = true;
            ahead.stop();
        }
        if (progress && !cancelled && !finished && done - reported >= 0x4000) {
            reported = done;
            progress(done, end);
        }
    }
    if (Status st = ahead.status(); !st)
        return st;
    if (cancelled)
        return Error::runtime(QStringLiteral("cancelled"));
    if (progress && !finished)
        progress(end, end);
    return {};
}

Status PipelineRunner::run(const std::function<void(const StepReport &)> &onStep, std::int64_t until,
                           const std::function<void(std::int64_t, std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    const std::int64_t total = m_session.reader->eventCount();
    const std::int64_t end = until >= 0 ? std::min(until + 1, total) : total;
    const auto stepped = [&](const EngineEvent &, const StepReport &report) {
        onStep(report);
        return true;
    };
    return stepThroughSession(m_session, end, stepped, progress, cancel);
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
