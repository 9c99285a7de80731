// streamscope-cli reproducer: a small self-contained session, with its
// pipeline inside, that shows one behaviour of a pipeline (docs/export.md).

#include "commands.h"
#include "cliutil.h"

#include "engine/pipelinefile.h"
#include "export/reproducer.h"

#include <QFile>
#include <QFileInfo>

namespace streamscope::cli {

int runReproducer(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a reproducer: a new session with only the events that matter and the pipeline stored inside it.\n"
        "--range FROM:TO takes the events of those seqs; --result N the N-th window result (from 0, in the order\n"
        "'run --json' prints them) with as few events before it as still give the same result — checked by\n"
        "replaying each candidate, down to every event from seq 0 if needed. Events of topics the pipeline does\n"
        "not read are left out. 'streamscope-cli run OUT --pipeline P' shows the result again."));
    const QCommandLineOption pipelineOption(QStringLiteral("pipeline"), QStringLiteral("Pipeline file."), QStringLiteral("FILE"));
    const QCommandLineOption range(QStringLiteral("range"), QStringLiteral("Seqs FROM to TO, both included."),
                                   QStringLiteral("FROM:TO"));
    const QCommandLineOption result(QStringLiteral("result"), QStringLiteral("The N-th window result, from 0."),
                                    QStringLiteral("N"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("The reproducer session to create (must not exist)."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No progress output."));
    parser.addOptions({pipelineOption, range, result, output, quiet});
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("reproducer")); rc >= 0)
        return rc;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("expected exactly one session FILE"));
    if (!parser.isSet(pipelineOption))
        return failUsage(QStringLiteral("--pipeline FILE is required (see docs/pipelines.md)"));
    if (parser.isSet(range) == parser.isSet(result))
        return failUsage(QStringLiteral("give either --range FROM:TO or --result N"));
    if (!parser.isSet(output))
        return failUsage(QStringLiteral("reproducer needs -o OUT"));

    ReproducerOptions options;
    options.sessionPath = files.first();
    options.outputPath = parser.value(output);
    const QString pipelinePath = parser.value(pipelineOption);
    auto spec = loadPipelineFile(pipelinePath);
    if (!spec)
        return fail(spec.error());
    options.pipeline = *spec;
    QFile pipelineFile(pipelinePath);
    if (!pipelineFile.open(QIODevice::ReadOnly))
        return fail(Error::badInput(QStringLiteral("cannot read %1: %2").arg(pipelinePath, pipelineFile.errorString())));
    // Stored as written, comments and all, unless it changed since it was parsed.
    options.pipelineText = QString::fromUtf8(pipelineFile.readAll());
    if (auto reparsed = parsePipeline(options.pipelineText); !std::holds_alternative<PipelineSpec>(reparsed)
                                                            || std::get<PipelineSpec>(reparsed) != *spec)
        options.pipelineText = toPipelineText(*spec);
    options.pipelineName = spec->name.isEmpty() ? QFileInfo(pipelinePath).completeBaseName() : spec->name;

    installStopSignals();
    const bool showProgress = !parser.isSet(quiet);
    if (parser.isSet(range)) {
        auto seqs = SeqRange::parse(parser.value(range));
        if (!seqs)
            return fail(seqs.error());
        options.range = *seqs;
    } else {
        bool ok = false;
        const qint64 index = parser.value(result).toLongLong(&ok);
        if (!ok || index < 0)
            return failUsage(QStringLiteral("invalid --result \"%1\": expected a result number ≥ 0").arg(parser.value(result)));
        if (showProgress)
            printErr(QStringLiteral("reproducer: running the pipeline to find result %1").arg(index));
        auto found = findWindowResult(options.sessionPath, options.pipeline, index, &stopRequested());
        if (!found)
            return fail(found.error());
        options.result = *found;
    }
    auto report = writeReproducer(
        options, [&](const QString &what) { if (showProgress) printErr(QStringLiteral("reproducer: %1").arg(what)); },
        &stopRequested());
    if (!report)
        return fail(report.error());
    if (showProgress) {
        QString line = QStringLiteral("wrote %1: %2 events from seqs %3..%4 of %5, with pipeline \"%6\"")
                           .arg(options.outputPath, formatCount(report->events))
                           .arg(report->firstSeq)
                           .arg(report->lastSeq)
                           .arg(options.sessionPath, options.pipelineName);
        if (report->reproduced)
            line += QStringLiteral("; the result fires at its seq %1").arg(report->reproduced->triggerSeq);
        printErr(line);
    }
    return kExitOk;
}

} // namespace streamscope::cli
