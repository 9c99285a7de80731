// streamscope-cli export: a session's events, or a pipeline's results, as
// JSON lines (kcat -J compatible) or CSV (docs/export.md).

#include "commands.h"
#include "cliutil.h"
#include "progressline.h"
#include "selectionoptions.h"

#include "engine/pipelinefile.h"
#include "export/resultexport.h"
#include "export/sessionexport.h"

namespace streamscope::cli {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Export a session's events as JSON lines or CSV; with --pipeline P --results, the pipeline's window results\n"
        "and late events instead. JSON lines carry kcat -J's fields (topic, partition, offset, tstype, ts, broker,\n"
        "headers, key, payload) plus seq and arrival_us; bytes that are not valid UTF-8 (or hold NUL) are also\n"
        "given exactly in base64 (key_b64, payload_b64, headers_b64). docs/export.md describes both formats.\n"
        "Progress goes to standard error."));
    const QCommandLineOption format({QStringLiteral("f"), QStringLiteral("format")},
                                    QStringLiteral("jsonl (default) or csv."), QStringLiteral("FORMAT"),
                                    QStringLiteral("jsonl"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")},
                                    QStringLiteral("Output file; - for standard output. A file appears only when "
                                                   "complete (an existing one is replaced)."),
                                    QStringLiteral("OUT"));
    const QCommandLineOption pipeline(QStringLiteral("pipeline"), QStringLiteral("Pipeline file (with --results)."),
                                      QStringLiteral("FILE"));
    const QCommandLineOption results(QStringLiteral("results"),
                                     QStringLiteral("Export the pipeline's window results and late events, as "
                                                    "'run --json' prints them (or as CSV)."));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No progress output."));
    const SelectionOptions selectionOptions;
    parser.addOptions({format, output, pipeline, results, quiet});
    selectionOptions.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("export")); rc >= 0)
        return rc;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("expected exactly one session FILE"));
    if (!parser.isSet(output))
        return failUsage(QStringLiteral("export needs -o OUT (- for standard output)"));
    auto exportFormat = parseExportFormat(parser.value(format));
    if (!exportFormat)
        return fail(exportFormat.error());
    const QString session = files.first();
    const QString out = parser.value(output);
    ProgressLine progressLine(!parser.isSet(quiet));
    const auto progress = [&](std::int64_t done, std::int64_t total) {
        if (progressLine.due())
            progressLine.show(QStringLiteral("export: %1 of %2 events examined").arg(formatCount(done), formatCount(total)));
    };
    installStopSignals();

    if (parser.isSet(results) || parser.isSet(pipeline)) {
        if (!parser.isSet(results) || !parser.isSet(pipeline))
            return failUsage(QStringLiteral("--pipeline FILE and --results go together: they export the pipeline's results"));
        if (selectionOptions.anySet(parser))
            return failUsage(QStringLiteral("--results exports every result of the run: --filter, --range and --seqs do not apply"));
        auto spec = loadPipelineFile(parser.value(pipeline));
        if (!spec)
            return fail(spec.error());
        if (int rc = checkPipelineTopics(session, *spec); rc >= 0)
            return rc;
        auto report = exportPipelineResults(session, *spec, *exportFormat, out, progress, &stopRequested());
        progressLine.finish();
        if (!report)
            return fail(report.error());
        if (!parser.isSet(quiet))
            printErr(QStringLiteral("exported %1 window results and %2 late events to %3")
                         .arg(formatCount(report->results), formatCount(report->lateEvents),
                              out == QLatin1String("-") ? QStringLiteral("standard output") : out));
        return kExitOk;
    }

    auto selection = selectionOptions.read(parser);
    if (!selection)
        return fail(selection.error());
    auto report = exportEvents(session, *exportFormat, *selection, out, progress, &stopRequested());
    progressLine.finish();
    if (!report)
        return fail(report.error());
    if (!parser.isSet(quiet))
        printErr(QStringLiteral("exported %1 events (%2 MB) to %3")
                     .arg(formatCount(report->events))
                     .arg(report->bytes / 1e6, 0, 'f', 1)
                     .arg(out == QLatin1String("-") ? QStringLiteral("standard output") : out));
    return kExitOk;
}

} // namespace streamscope::cli
