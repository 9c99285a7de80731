// streamscope-cli republish: a session's events back onto a topic, for a real
// stream processor to reprocess (docs/export.md, "Republish").

#include "commands.h"
#include "cliutil.h"
#include "progressline.h"
#include "selectionoptions.h"

#include "export/republisher.h"
#include "util/clock.h"

namespace streamscope::cli {

int runRepublish(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Write a session's events to a topic, in seq order, with their keys, values, headers and timestamps,\n"
        "paced by their recorded arrival times (--speed) or as fast as possible (--max). Each event goes to its\n"
        "recorded partition if the topic has it, else by the murmur2 hash of its key. Uses the idempotent\n"
        "producer, so a retry never duplicates an event, and waits for every delivery report: exit 1 if any\n"
        "event was not delivered. The topic must exist. Progress goes to standard error."));
    const QCommandLineOption brokers({QStringLiteral("b"), QStringLiteral("brokers")},
                                     QStringLiteral("Bootstrap servers of the target cluster."), QStringLiteral("BROKERS"));
    const QCommandLineOption topic({QStringLiteral("t"), QStringLiteral("topic")}, QStringLiteral("Target topic."),
                                   QStringLiteral("TOPIC"));
    const QCommandLineOption speed(QStringLiteral("speed"),
                                   QStringLiteral("Replay the recorded gaps between events X times as fast (default 1: "
                                                  "as recorded)."),
                                   QStringLiteral("X"));
    const QCommandLineOption max(QStringLiteral("max"), QStringLiteral("As fast as possible."));
    const QCommandLineOption property(QStringLiteral("X"), QStringLiteral("librdkafka property key=value (repeatable)."),
                                      QStringLiteral("key=value"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Give up connecting after SECONDS (default 10)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("10"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No progress output."));
    const SelectionOptions selectionOptions;
    parser.addOptions({brokers, topic, speed, max, property, timeout, quiet});
    selectionOptions.addTo(parser);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("republish")); rc >= 0)
        return rc;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("expected exactly one session FILE"));
    if (!parser.isSet(brokers))
        return failUsage(QStringLiteral("republish needs -b BROKERS"));
    if (!parser.isSet(topic))
        return failUsage(QStringLiteral("republish needs -t TOPIC"));
    if (parser.isSet(speed) && parser.isSet(max))
        return failUsage(QStringLiteral("--speed and --max exclude each other"));

    RepublishOptions options;
    options.sessionPath = files.first();
    options.brokers = parser.value(brokers);
    options.topic = parser.value(topic);
    bool ok = true;
    if (parser.isSet(max)) {
        options.speed = 0;
    } else if (parser.isSet(speed)) {
        options.speed = parser.value(speed).toDouble(&ok);
        if (!ok || !(options.speed > 0) || options.speed > 1e9)
            return failUsage(QStringLiteral("invalid --speed \"%1\": expected a factor > 0, e.g. 10").arg(parser.value(speed)));
    }
    for (const QString &x : parser.values(property)) {
        auto entry = KafkaProperties::parseAssignment(x);
        if (!entry)
            return fail(entry.error());
        options.properties.set(entry->first, entry->second);
    }
    const double timeoutSeconds = parser.value(timeout).toDouble(&ok);
    if (!ok || timeoutSeconds <= 0)
        return failUsage(QStringLiteral("invalid --timeout \"%1\": expected seconds > 0").arg(parser.value(timeout)));
    options.timeoutMs = int(timeoutSeconds * 1000);
    auto selection = selectionOptions.read(parser);
    if (!selection)
        return fail(selection.error());
    options.selection = std::move(*selection);

    installStopSignals();
    const QString target = QStringLiteral("%1 at %2").arg(options.topic, options.brokers);
    auto republisher = Republisher::open(std::move(options));
    if (!republisher)
        return fail(republisher.error());
    for (const QString &w : (*republisher)->takeWarnings())
        printErr(QStringLiteral("streamscope-cli: warning: %1").arg(w));
    const bool showProgress = !parser.isSet(quiet);
    ProgressLine progressLine(showProgress);
    const std::int64_t startedMs = monotonicMillis();
    std::int64_t lastProduced = 0, lastMs = startedMs;
    auto report = (*republisher)->run(
        [&](const RepublishProgress &p) {
            if (!progressLine.due())
                return;
            const std::int64_t ms = monotonicMillis();
            const double rate = (p.produced - lastProduced) / std::max((ms - lastMs) / 1000.0, 1e-3);
            lastProduced = p.produced;
            lastMs = ms;
            progressLine.show(QStringLiteral("republish: %1 produced · %2 delivered · %3 failed · %4 ev/s")
                                  .arg(formatCount(p.produced), formatCount(p.delivered), formatCount(p.failed),
                                       formatCount(std::int64_t(rate))));
        },
        &stopRequested());
    progressLine.finish();
    if (!report)
        return fail(report.error());
    const double seconds = std::max<std::int64_t>(monotonicMillis() - startedMs, 1) / 1000.0;
    QString summary = QStringLiteral("republished %1 events to %2 (%3 partitions): %4 delivered, %5 failed, %6 ev/s")
                          .arg(formatCount(report->produced), target)
                          .arg(report->targetPartitions)
                          .arg(formatCount(report->delivered), formatCount(report->failed),
                               formatCount(std::int64_t(report->delivered / seconds)));
    if (report->rehashed)
        summary += QStringLiteral("; %1 events by key hash (their partition is not in the topic)").arg(formatCount(report->rehashed));
    if (report->cancelled)
        summary += QStringLiteral("; stopped before the end");
    if (showProgress || !report->complete())
        printErr(summary);
    if (report->failed > 0)
        return fail(Error::runtime(QStringLiteral("%1 of %2 events were not delivered; the first failure: %3")
                                       .arg(formatCount(report->failed), formatCount(report->produced), report->firstFailure)));
    if (report->delivered != report->produced)
        return fail(Error::runtime(QStringLiteral("only %1 of %2 events were acknowledged")
                                       .arg(formatCount(report->delivered), formatCount(report->produced))));
    return kExitOk;
}

} // namespace streamscope::cli
