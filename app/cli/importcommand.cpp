// streamscope-cli import: a kcat -J dump (or our JSON-lines export) into a
// session that opens and replays like a recorded one (docs/export.md).

#include "commands.h"
#include "cliutil.h"
#include "progressline.h"

#include "export/sessionimport.h"

#include <QFile>

namespace streamscope::cli {

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Import JSON lines — kcat -C -J output, or 'streamscope-cli export -f jsonl' — into a new session file.\n"
        "Seqs follow the order of the lines; arrival times are the lines' arrival_us, or else their Kafka\n"
        "timestamps (never going back in time). Every line that is not an event is reported on standard error\n"
        "with its line number; by default the import then fails (exit 2) and writes nothing."));
    const QCommandLineOption write({QStringLiteral("w"), QStringLiteral("write")},
                                   QStringLiteral("Session file to create (must not exist)."), QStringLiteral("FILE"));
    const QCommandLineOption onError(QStringLiteral("on-error"),
                                     QStringLiteral("reject (default): any malformed line fails the import; skip: "
                                                    "import the other lines."),
                                     QStringLiteral("MODE"), QStringLiteral("reject"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No progress output."));
    parser.addOptions({write, onError, quiet});
    parser.addPositionalArgument(QStringLiteral("IN"), QStringLiteral("JSON-lines file; - for standard input."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("import")); rc >= 0)
        return rc;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("expected exactly one input file IN (- for standard input)"));
    if (!parser.isSet(write))
        return failUsage(QStringLiteral("import needs -w FILE, the session to create"));
    ImportOptions options;
    const QString mode = parser.value(onError);
    if (mode == QLatin1String("skip"))
        options.onError = ImportOptions::OnError::Skip;
    else if (mode != QLatin1String("reject"))
        return failUsage(QStringLiteral("invalid --on-error \"%1\": expected reject or skip").arg(mode));
    const QString inputPath = files.first();
    options.inputName = inputPath;

    QFile input;
    const bool opened = inputPath == QLatin1String("-") ? input.open(stdin, QIODevice::ReadOnly)
                                                        : (input.setFileName(inputPath), input.open(QIODevice::ReadOnly));
    if (!opened)
        return fail(Error::badInput(QStringLiteral("cannot read %1: %2").arg(inputPath, input.errorString())));

    installStopSignals();
    ProgressLine progressLine(!parser.isSet(quiet));
    std::int64_t errors = 0;
    constexpr std::int64_t kShownErrors = 100;
    const auto onLineError = [&](const ImportLineError &e) {
        // Every malformed line is counted; the first hundred are shown.
        if (++errors <= kShownErrors) {
            progressLine.finish();
            printErr(QStringLiteral("%1:%2: %3").arg(inputPath == QLatin1String("-") ? QStringLiteral("<stdin>") : inputPath)
                         .arg(e.line)
                         .arg(e.message));
        } else if (errors == kShownErrors + 1) {
            printErr(QStringLiteral("(more malformed lines: only the count is shown from here on)"));
        }
    };
    const auto progress = [&](std::int64_t bytes) {
        if (progressLine.due())
            progressLine.show(QStringLiteral("import: %1 MB read").arg(bytes / 1e6, 0, 'f', 1));
    };
    auto report = importJsonLines(input, parser.value(write), options, onLineError, progress, &stopRequested());
    progressLine.finish();
    if (!report)
        return fail(report.error());
    if (report->skipped > 0)
        printErr(QStringLiteral("streamscope-cli: warning: skipped %1 malformed lines of %2 (listed above)")
                     .arg(formatCount(report->skipped), formatCount(report->lines)));
    if (!parser.isSet(quiet) || report->skipped > 0)
        printErr(QStringLiteral("imported %1 events from %2 lines into %3")
                     .arg(formatCount(report->events), formatCount(report->lines), parser.value(write)));
    return kExitOk;
}

} // namespace streamscope::cli
