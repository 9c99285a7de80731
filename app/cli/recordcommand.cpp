// streamscope-cli record: Kafka topics → session file.

#include "commands.h"
#include "cliutil.h"

#include "engine/pipelinefile.h"
#include "observability/metricsserver.h"
#include "observability/recordmetrics.h"
#include "record/recorder.h"
#include "util/clock.h"

#include <unistd.h>

namespace streamscope::cli {

namespace {

// "-o SPEC" applies to every partition, "-o P:SPEC" to partition P.
Status applyOffsetOption(const QString &text, ReaderConfig &config)
{
    const qsizetype colon = text.indexOf(QLatin1Char(':'));
    if (colon > 0) {
        bool ok = false;
        const int partition = text.left(colon).toInt(&ok);
        if (!ok || partition < 0)
            return Error::badInput(QStringLiteral("invalid -o \"%1\": expected SPEC or PARTITION:SPEC").arg(text));
        auto spec = StartPosition::parse(text.mid(colon + 1));
        if (!spec)
            return spec.error();
        config.partitionStarts.insert(partition, *spec);
        return {};
    }
    auto spec = StartPosition::parse(text);
    if (!spec)
        return spec.error();
    config.start = *spec;
    return {};
}

QString progressLine(const RecordProgress &p, std::int64_t eventsDelta, std::int64_t bytesDelta, double seconds)
{
    QString line = QStringLiteral("recorded %1 events · %2 ev/s · %3 MB/s")
                       .arg(formatCount(p.events))
                       .arg(formatCount(std::int64_t(eventsDelta / std::max(seconds, 1e-3))))
                       .arg(bytesDelta / std::max(seconds, 1e-3) / 1e6, 0, 'f', 1);
    line += p.lag >= 0 ? QStringLiteral(" · lag %1").arg(formatCount(p.lag)) : QStringLiteral(" · lag ?");
    // Both counts of this run: the session may hold earlier recordings.
    const std::int64_t firstSeq = p.sessionEvents - p.events;
    line += QStringLiteral(" · committed %1").arg(formatCount(std::max<std::int64_t>(p.committedEvents - firstSeq, 0)));
    if (p.duplicatesSkipped)
        line += QStringLiteral(" · %1 re-deliveries skipped").arg(formatCount(p.duplicatesSkipped));
    if (p.retentionLost)
        line += QStringLiteral(" · %1 lost to retention").arg(formatCount(p.retentionLost));
    return line;
}

} // namespace

int runRecord(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Record Kafka topics into a session file. Attaches read-only: no consumer group, no commits.\n"
        "Progress goes to standard error; SIGINT/SIGTERM stop cleanly and keep everything recorded."));
    const QCommandLineOption brokers({QStringLiteral("b"), QStringLiteral("brokers")},
                                     QStringLiteral("Bootstrap servers, e.g. localhost:9092."), QStringLiteral("BROKERS"));
    const QCommandLineOption topic({QStringLiteral("t"), QStringLiteral("topic")},
                                   QStringLiteral("Topic to record (repeat for several)."), QStringLiteral("TOPIC"));
    const QCommandLineOption partition({QStringLiteral("p"), QStringLiteral("partition")},
                                       QStringLiteral("Only this partition (repeat for several)."), QStringLiteral("N"));
    const QCommandLineOption offset(
        {QStringLiteral("o"), QStringLiteral("offset")},
        QStringLiteral("Start: beginning, end, OFFSET, -N (last N), s@UNIX_MS; PARTITION:SPEC for one partition. "
                       "Default: beginning."),
        QStringLiteral("SPEC"));
    const QCommandLineOption property(QStringLiteral("X"), QStringLiteral("librdkafka property key=value (repeatable)."),
                                      QStringLiteral("key=value"));
    const QCommandLineOption count({QStringLiteral("c"), QStringLiteral("count")},
                                   QStringLiteral("Stop after COUNT events."), QStringLiteral("COUNT"));
    const QCommandLineOption duration(QStringLiteral("duration"), QStringLiteral("Stop after SECONDS."),
                                      QStringLiteral("SECONDS"));
    const QCommandLineOption exitAtEnd({QStringLiteral("e"), QStringLiteral("exit-at-end")},
                                       QStringLiteral("Stop when every partition is caught up."));
    const QCommandLineOption append(QStringLiteral("append"),
                                    QStringLiteral("Continue an existing session from its last offset per partition."));
    const QCommandLineOption sync(QStringLiteral("sync"),
                                  QStringLiteral("normal (survives a crash of Streamscope) or full (also an OS crash)."),
                                  QStringLiteral("MODE"), QStringLiteral("normal"));
    const QCommandLineOption write({QStringLiteral("w"), QStringLiteral("write")}, QStringLiteral("Session file to write."),
                                   QStringLiteral("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Give up connecting after SECONDS (default 10)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("10"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QStringLiteral("No progress output."));
    const QCommandLineOption metricsPort(QStringLiteral("metrics-port"),
                                         QStringLiteral("Serve Prometheus metrics at http://ADDRESS:PORT/metrics."),
                                         QStringLiteral("PORT"));
    const QCommandLineOption metricsAddress(QStringLiteral("metrics-address"),
                                            QStringLiteral("Address for --metrics-port (default 127.0.0.1)."),
                                            QStringLiteral("ADDRESS"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption pipeline(QStringLiteral("pipeline"),
                                      QStringLiteral("Run this pipeline live for the late-event and firing metrics."),
                                      QStringLiteral("FILE"));
    parser.addOptions({brokers, topic, partition, offset, property, count, duration, exitAtEnd, append, sync, write,
                       timeout, quiet, metricsPort, metricsAddress, pipeline});
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("record")); rc >= 0)
        return rc;
    if (!parser.positionalArguments().isEmpty())
        return failUsage(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));

    RecordOptions options;
    ReaderConfig &reader = options.reader;
    if (!parser.isSet(brokers))
        return failUsage(QStringLiteral("record needs -b BROKERS"));
    if (!parser.isSet(topic))
        return failUsage(QStringLiteral("record needs at least one -t TOPIC"));
    if (!parser.isSet(write))
        return failUsage(QStringLiteral("record needs -w FILE"));
    reader.brokers = parser.value(brokers);
    reader.topics = parser.values(topic);
    for (const QString &p : parser.values(partition)) {
        bool ok = false;
        const int n = p.toInt(&ok);
        if (!ok || n < 0)
            return failUsage(QStringLiteral("invalid -p \"%1\": expected a partition number").arg(p));
        reader.onlyPartitions << n;
    }
    for (const QString &o : parser.values(offset))
        if (Status st = applyOffsetOption(o, reader); !st)
            return fail(st.error());
    for (const QString &x : parser.values(property)) {
        auto entry = KafkaProperties::parseAssignment(x);
        if (!entry)
            return fail(entry.error());
        reader.properties.set(entry->first, entry->second);
    }
    bool ok = true;
    const double timeoutSeconds = parser.value(timeout).toDouble(&ok);
    if (!ok || timeoutSeconds <= 0)
        return failUsage(QStringLiteral("invalid --timeout \"%1\": expected seconds > 0").arg(parser.value(timeout)));
    reader.timeoutMs = int(timeoutSeconds * 1000);
    if (parser.isSet(count)) {
        options.maxEvents = parser.value(count).toLongLong(&ok);
        if (!ok || options.maxEvents <= 0)
            return failUsage(QStringLiteral("invalid -c \"%1\": expected a count > 0").arg(parser.value(count)));
    }
    if (parser.isSet(duration)) {
        const double seconds = parser.value(duration).toDouble(&ok);
        if (!ok || seconds <= 0)
            return failUsage(QStringLiteral("invalid --duration \"%1\": expected seconds > 0").arg(parser.value(duration)));
        options.durationMs = std::int64_t(seconds * 1000);
    }
    const QString syncMode = parser.value(sync);
    if (syncMode == QLatin1String("full"))
        options.sync = SyncMode::Full;
    else if (syncMode != QLatin1String("normal"))
        return failUsage(QStringLiteral("invalid --sync \"%1\": expected normal or full").arg(syncMode));
    options.stopAtEnd = parser.isSet(exitAtEnd);
    options.append = parser.isSet(append);
    options.path = parser.value(write);
    const bool showProgress = !parser.isSet(quiet);

    std::unique_ptr<RecordMetrics> metrics;
    int port = -1;
    if (parser.isSet(metricsPort)) {
        port = parser.value(metricsPort).toInt(&ok);
        if (!ok || port < 0 || port > 65535)
            return failUsage(QStringLiteral("invalid --metrics-port \"%1\": expected 0 to 65535").arg(parser.value(metricsPort)));
        metrics = std::make_unique<RecordMetrics>();
        if (parser.isSet(pipeline)) {
            auto spec = loadPipelineFile(parser.value(pipeline));
            if (!spec)
                return fail(spec.error());
            (void)metrics->setPipeline(*spec);
        }
    } else if (parser.isSet(pipeline)) {
        return failUsage(QStringLiteral("--pipeline is for the metrics: use it with --metrics-port"));
    }

    installStopSignals();
    Recorder recorder(options);
    recorder.setWarningHandler([](const QString &w) { printErr(QStringLiteral("streamscope-cli: warning: %1").arg(w)); });
    recorder.setObserver(metrics.get());
    if (Status st = recorder.open(); !st)
        return fail(st.error());
    std::unique_ptr<MetricsServer> server;
    if (metrics) {
        metrics->setPartitions(recorder.sessionPartitions());
        RecordMetrics *m = metrics.get();
        auto started = MetricsServer::start(port, [m, &recorder] { return m->render(recorder.progress()); },
                                            parser.value(metricsAddress));
        if (!started) {
            (void)recorder.close();
            return fail(started.error());
        }
        server = std::move(started.value());
        printErr(QStringLiteral("metrics: http://%1:%2/metrics").arg(server->address()).arg(server->port()));
    }

    const bool tty = isatty(STDERR_FILENO);
    std::int64_t lastEvents = 0, lastBytes = 0, lastMs = monotonicMillis();
    auto onProgress = [&](const RecordProgress &p) {
        if (!showProgress)
            return;
        const std::int64_t now = monotonicMillis();
        const QString line = progressLine(p, p.events - lastEvents, p.bytes - lastBytes, (now - lastMs) / 1000.0);
        lastEvents = p.events;
        lastBytes = p.bytes;
        lastMs = now;
        if (tty)
            std::fprintf(stderr, "\r\033[K%s", line.toUtf8().constData());
        else
            printErr(line);
        std::fflush(stderr);
    };
    auto result = recorder.run(stopRequested(), onProgress, 500);
    const RecordProgress last = recorder.progress();
    const Status closed = recorder.close();
    if (tty && showProgress)
        std::fprintf(stderr, "\n");
    if (!result)
        return fail(result.error());
    if (!closed)
        return fail(closed.error());
    if (showProgress) {
        const double seconds = std::max<std::int64_t>(last.elapsedMs, 1) / 1000.0;
        printErr(QStringLiteral("recorded %1 events (%2 ev/s) to %3; the session holds %4 events%5%6")
                     .arg(formatCount(last.events))
                     .arg(formatCount(std::int64_t(last.events / seconds)))
                     .arg(options.path)
                     .arg(formatCount(last.sessionEvents))
                     .arg(last.duplicatesSkipped ? QStringLiteral("; %1 re-deliveries skipped").arg(formatCount(last.duplicatesSkipped))
                                                 : QString())
                     .arg(last.retentionLost ? QStringLiteral("; %1 offsets lost to retention").arg(formatCount(last.retentionLost))
                                             : QString()));
    }
    return kExitOk;
}

} // namespace streamscope::cli
