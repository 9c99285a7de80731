// streamscope-cli run / state: a pipeline over a recorded session.

#include "commands.h"
#include "cliutil.h"
#include "progressline.h"

#include "engine/pipelinefile.h"
#include "engine/resultjson.h"
#include "replay/pipelinerun.h"
#include "replay/player.h"

#include <QJsonDocument>

#include <unistd.h>

namespace streamscope::cli {

namespace {

struct Loaded {
    QString session;
    PipelineSpec pipeline;
};

// FILE and --pipeline P, shared by run and state.
int loadArguments(QCommandLineParser &parser, const QCommandLineOption &pipelineOption, Loaded &out)
{
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("expected exactly one session FILE"));
    if (!parser.isSet(pipelineOption))
        return failUsage(QStringLiteral("--pipeline FILE is required (see docs/pipelines.md)"));
    auto pipeline = loadPipelineFile(parser.value(pipelineOption));
    if (!pipeline)
        return fail(pipeline.error());
    out.session = files.first();
    out.pipeline = *pipeline;
    return checkPipelineTopics(out.session, out.pipeline);
}

std::optional<std::int64_t> parseSeq(const QString &text)
{
    bool ok = false;
    const qint64 seq = text.toLongLong(&ok);
    return ok && seq >= 0 ? std::optional<std::int64_t>(seq) : std::nullopt;
}

} // namespace

int runRun(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run a pipeline over a session and print its window results and late (dropped) events in the order they\n"
        "happened. The output is deterministic: change a parameter, run again, and diff."));
    const QCommandLineOption pipelineOption(QStringLiteral("pipeline"), QStringLiteral("Pipeline file."), QStringLiteral("FILE"));
    const QCommandLineOption until(QStringLiteral("until"), QStringLiteral("Stop after this seq."), QStringLiteral("SEQ"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("One JSON object per line."));
    parser.addOptions({pipelineOption, until, json});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("run")); rc >= 0)
        return rc;
    Loaded loaded;
    if (int rc = loadArguments(parser, pipelineOption, loaded); rc >= 0)
        return rc;
    std::optional<std::int64_t> last;
    if (parser.isSet(until) && !(last = parseSeq(parser.value(until))))
        return failUsage(QStringLiteral("invalid --until \"%1\": expected a seq ≥ 0").arg(parser.value(until)));

    auto runner = PipelineRunner::open(loaded.session, loaded.pipeline);
    if (!runner)
        return fail(runner.error());
    const QStringList topics = (*runner)->topics();
    const bool asJson = parser.isSet(json);
    QByteArray out;
    out.reserve((1 << 20) + (1 << 16));
    ResultJsonWriter writer; // the bytes QJsonDocument would write, much faster
    auto flush = [&] {
        std::fwrite(out.constData(), 1, std::size_t(out.size()), stdout);
        out.resize(0); // keeps the buffer for the next megabyte
    };
    // Scripts read run's stderr summary: progress only on a terminal.
    ProgressLine progressLine(isatty(STDERR_FILENO) != 0);
    const auto progress = [&](std::int64_t done, std::int64_t total) {
        if (progressLine.due())
            progressLine.show(QStringLiteral("run: %1 of %2 events").arg(formatCount(done), formatCount(total)));
    };
    Status st = (*runner)->run(
        [&](const StepReport &report) {
            for (const WindowResult &r : report.results) {
                if (asJson)
                    writer.append(out, r);
                else
                    writer.appendText(out, r);
                out += '\n';
            }
            for (const LateEvent &l : report.dropped) {
                if (asJson) {
                    writer.append(out, l, topics);
                    out += '\n';
                    continue;
                }
                out += QStringLiteral("seq %1: late event dropped: %2 [%3] offset %4, event time %5, watermark %6\n")
                           .arg(l.seq)
                           .arg(topics.value(l.partition.topicId))
                           .arg(l.partition.partition)
                           .arg(l.offset)
                           .arg(l.eventTimeMs)
                           .arg(l.watermark)
                           .toUtf8();
            }
            if (out.size() > 1 << 20)
                flush();
        },
        last.value_or(-1), progress);
    progressLine.finish();
    flush();
    std::fflush(stdout);
    if (!st)
        return fail(st.error());
    const EngineCounters c = (*runner)->counters();
    printErr(QStringLiteral("%1 events: %2 firings (%3 late, %4 early), %5 late events accepted, %6 dropped, %7 duplicates, "
                            "%8 filtered out, %9 without event time")
                 .arg(formatCount(c.events), formatCount(c.firings), formatCount(c.lateFirings), formatCount(c.earlyFirings),
                      formatCount(c.lateAccepted), formatCount(c.lateDropped), formatCount(c.duplicates),
                      formatCount(c.filtered), formatCount(c.noEventTime)));
    return kExitOk;
}

int runState(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Print the pipeline's whole state after a seq as JSON: windows per key with their events and aggregates,\n"
        "timers, watermarks per partition, counters."));
    const QCommandLineOption pipelineOption(QStringLiteral("pipeline"), QStringLiteral("Pipeline file."), QStringLiteral("FILE"));
    const QCommandLineOption at(QStringLiteral("at"), QStringLiteral("The seq after which to show the state."), QStringLiteral("SEQ"));
    parser.addOptions({pipelineOption, at});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("state")); rc >= 0)
        return rc;
    Loaded loaded;
    if (int rc = loadArguments(parser, pipelineOption, loaded); rc >= 0)
        return rc;
    const auto seq = parseSeq(parser.value(at));
    if (!parser.isSet(at) || !seq)
        return failUsage(QStringLiteral("--at SEQ is required: a seq ≥ 0"));
    auto player = Player::open(loaded.session, loaded.pipeline);
    if (!player)
        return fail(player.error());
    if (Status st = (*player)->seek(*seq); !st)
        return fail(st.error());
    printOut(QString::fromUtf8(QJsonDocument((*player)->snapshot().toJson((*player)->reader().topics())).toJson(QJsonDocument::Indented)));
    return kExitOk;
}

} // namespace streamscope::cli
