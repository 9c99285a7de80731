// streamscope-cli demo: an embedded Kafka cluster full of realistic,
// reproducible demo streams — to try Streamscope, to test against, to
// benchmark with.

#include "commands.h"
#include "cliutil.h"

#include "demo/demoproducer.h"
#include "demo/demoscenario.h"
#include "kafka/bootstrapforwarder.h"
#include "kafka/embeddedbroker.h"
#include "util/clock.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <csignal>
#include <limits>
#include <optional>

namespace streamscope::cli {

namespace {

QString isoTime(std::int64_t ms) { return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs); }

QString description()
{
    QString scenarios;
    for (const DemoScenarioInfo &info : demoScenarioInfos())
        scenarios += QStringLiteral("  %1  topic %2, ~%3 events/s\n            %4\n")
                         .arg(info.name, -8)
                         .arg(info.topic)
                         .arg(info.naturalRate, 0, 'f', 0)
                         .arg(QString(info.summary).replace(QLatin1Char('\n'), QLatin1String("\n            ")));
    return QStringLiteral(
               "Start an embedded Kafka cluster (librdkafka's mock broker) on loopback, create the demo topics and\n"
               "produce realistic JSON events into them until SIGINT/SIGTERM (then exit 0).\n"
               "\n"
               "Scenarios:\n"
               "%1"
               "\n"
               "Standard output: first \"bootstrap: 127.0.0.1:PORT\" once the topics exist, then\n"
               "\"complete: TOPIC COUNT\" when --count events of a topic are in the broker. Progress and\n"
               "diagnostics go to standard error.\n"
               "\n"
               "Time: each event has an event time (\"ts\" in its JSON) and a Kafka timestamp (CreateTime) = the\n"
               "scenario time it was sent at. Scenario time is independent of the wall clock: it starts at the\n"
               "base time and advances by each scenario's natural spacing of events. With --seed it starts at\n"
               "2026-01-01T00:00:00Z, so that the same seed and options give the same events byte for byte\n"
               "(keys, values, headers, timestamps, partitions); without --seed the seed is random (printed on\n"
               "standard error) and it starts now. --base-time sets it explicitly. --rate only sets the pace\n"
               "in wall-clock time; by default the natural rate, so scenario time flows at about real time.\n"
               "Partitions are FNV-1a(key) modulo the partition count.\n"
               "\n"
               "History: librdkafka 2.0.2's mock broker keeps at most 5 MiB and 100,000 message sets per\n"
               "partition and deletes the oldest beyond that, like retention. At the natural rates the default\n"
               "8 partitions keep about 40 minutes of iot.readings and 1.5-2 hours of payments and clicks;\n"
               "more partitions keep more.")
        .arg(scenarios);
}

QString progressLine(const QList<DemoTopicProgress> &progress)
{
    QStringList parts;
    for (const DemoTopicProgress &p : progress)
        parts << QStringLiteral("%1 %2 (at %3)").arg(p.topic, formatCount(p.produced), isoTime(p.scenarioTimeMs));
    return QStringLiteral("demo: produced %1").arg(parts.join(QStringLiteral(" · ")));
}

// An integer option within [min, max], or a usage error naming the option.
std::optional<qint64> intOption(const QCommandLineParser &parser, const QCommandLineOption &option, qint64 min,
                                qint64 max, const QString &expected)
{
    bool ok = false;
    const qint64 n = parser.value(option).toLongLong(&ok);
    if (!ok || n < min || n > max) {
        failUsage(QStringLiteral("invalid --%1 \"%2\": expected %3")
                      .arg(option.names().constLast(), parser.value(option), expected));
        return std::nullopt;
    }
    return n;
}

} // namespace

int runDemo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(description());
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Accept clients at 127.0.0.1:PORT too (a relay to the first broker; "
                                                 "the brokers themselves listen on random ports)."),
                                  QStringLiteral("PORT"));
    const QCommandLineOption rate(QStringLiteral("rate"),
                                  QStringLiteral("Events per second per topic, 0: as fast as possible. "
                                                 "Default: each scenario's natural rate."),
                                  QStringLiteral("N"));
    const QCommandLineOption count({QStringLiteral("c"), QStringLiteral("count")},
                                   QStringLiteral("Produce N events per topic, then keep serving without producing."),
                                   QStringLiteral("N"));
    const QCommandLineOption seed(QStringLiteral("seed"),
                                  QStringLiteral("Seed of the generators, 0 to 18446744073709551615. Default: random."),
                                  QStringLiteral("S"));
    const QCommandLineOption baseTime(QStringLiteral("base-time"),
                                      QStringLiteral("Scenario time starts at UNIX_MS (milliseconds since the epoch). "
                                                     "Default: 2026-01-01T00:00:00Z with --seed, now without."),
                                      QStringLiteral("UNIX_MS"));
    const QCommandLineOption scenario(QStringLiteral("scenario"),
                                      QStringLiteral("iot, payments, clicks or all, or a comma-separated list."),
                                      QStringLiteral("NAME"), QStringLiteral("all"));
    const QCommandLineOption partitions(QStringLiteral("partitions"),
                                        QStringLiteral("Partitions of every demo topic (default 8)."),
                                        QStringLiteral("N"));
    const QCommandLineOption brokers(QStringLiteral("brokers"),
                                     QStringLiteral("Brokers in the embedded cluster (default 1)."), QStringLiteral("N"),
                                     QStringLiteral("1"));
    const QCommandLineOption quiet({QStringLiteral("q"), QStringLiteral("quiet")},
                                   QStringLiteral("No progress on standard error."));
    parser.addOptions({port, rate, count, seed, baseTime, scenario, partitions, brokers, quiet});
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("demo")); rc >= 0)
        return rc;
    if (!parser.positionalArguments().isEmpty())
        return failUsage(QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().first()));

    auto names = parseDemoScenarios(parser.value(scenario));
    if (!names)
        return fail(names.error());
    DemoProducerOptions producerOptions;
    if (parser.isSet(rate)) {
        bool ok = false;
        producerOptions.rate = parser.value(rate).toDouble(&ok);
        if (!ok || !(producerOptions.rate >= 0) || producerOptions.rate > 1e9)
            return failUsage(QStringLiteral("invalid --rate \"%1\": expected events per second >= 0 (0: as fast as possible)")
                                 .arg(parser.value(rate)));
    }
    if (parser.isSet(count)) {
        const auto n = intOption(parser, count, 0, std::numeric_limits<qint64>::max(), QStringLiteral("a count >= 0"));
        if (!n)
            return kExitUsage;
        producerOptions.count = *n;
    }
    int listenPort = 0;
    if (parser.isSet(port)) {
        const auto n = intOption(parser, port, 1, 65535, QStringLiteral("a port from 1 to 65535"));
        if (!n)
            return kExitUsage;
        listenPort = int(*n);
    }
    DemoScenarioConfig config;
    if (parser.isSet(partitions)) {
        const auto n = intOption(parser, partitions, 1, 1000, QStringLiteral("1 to 1000 partitions"));
        if (!n)
            return kExitUsage;
        config.partitions = int(*n);
    }
    const auto brokerCount = intOption(parser, brokers, 1, 16, QStringLiteral("1 to 16 brokers"));
    if (!brokerCount)
        return kExitUsage;
    if (parser.isSet(seed)) {
        bool ok = false;
        config.seed = parser.value(seed).toULongLong(&ok);
        if (!ok || parser.value(seed).trimmed().startsWith(QLatin1Char('-')))
            return failUsage(QStringLiteral("invalid --seed \"%1\": expected an integer from 0 to 18446744073709551615")
                                 .arg(parser.value(seed)));
        config.baseTimeMs = kDemoEpochMs;
    } else {
        config.seed = QRandomGenerator::system()->generate64();
        config.baseTimeMs = wallClockMicros() / 1000;
    }
    if (parser.isSet(baseTime)) {
        // Up to year 9999; 0 would mean "no timestamp" to a Kafka producer.
        const auto n = intOption(parser, baseTime, 1, 253402300799999, QStringLiteral("milliseconds since the epoch > 0"));
        if (!n)
            return kExitUsage;
        config.baseTimeMs = *n;
    }
    const bool showProgress = !parser.isSet(quiet);

    // A reader of our output that goes away (`| head -1`) must not kill the
    // broker that other clients still use: writes just fail instead.
    std::signal(SIGPIPE, SIG_IGN);
    installStopSignals();

    std::vector<std::unique_ptr<DemoScenario>> scenarios;
    for (const QString &name : *names) {
        auto made = makeDemoScenario(name, config);
        if (!made)
            return fail(made.error());
        scenarios.push_back(std::move(made.value()));
    }

    EmbeddedBroker::Options brokerOptions;
    brokerOptions.brokers = int(*brokerCount);
    auto broker = EmbeddedBroker::start(brokerOptions);
    if (!broker)
        return fail(broker.error());
    const QStringList brokerAddresses = (*broker)->brokerAddresses();
    if (brokerAddresses.isEmpty())
        return fail(Error::runtime(QStringLiteral("the embedded cluster has no broker address")));
    QString bootstrap = brokerAddresses.first();
    std::unique_ptr<BootstrapForwarder> forwarder;
    if (parser.isSet(port)) {
        const int brokerPort = bootstrap.section(QLatin1Char(':'), -1).toInt();
        auto started = BootstrapForwarder::start(listenPort, brokerPort);
        if (!started)
            return fail(started.error());
        forwarder = std::move(started.value());
        bootstrap = forwarder->address();
    }

    printErr(QStringLiteral("demo: seed %1 · scenario time from %2 (%3) · %4")
                 .arg(config.seed)
                 .arg(isoTime(config.baseTimeMs))
                 .arg(config.baseTimeMs)
                 .arg(producerOptions.rate < 0 ? QStringLiteral("natural pace")
                      : producerOptions.rate == 0
                          ? QStringLiteral("as fast as possible")
                          : QStringLiteral("%1 events/s per topic").arg(producerOptions.rate)));
    DemoProducer producer(**broker, std::move(scenarios), producerOptions);
    if (Status st = producer.createTopics(); !st)
        return fail(st.error());
    for (const DemoTopicProgress &p : producer.progress())
        printErr(QStringLiteral("demo: topic %1 with %2 partitions").arg(p.topic).arg(p.partitions));
    printErr(QStringLiteral("demo: brokers %1").arg(brokerAddresses.join(QLatin1Char(','))));
    if (forwarder)
        printErr(QStringLiteral("demo: relaying %1 to broker 1 at %2").arg(forwarder->address(), brokerAddresses.first()));
    printOut(QStringLiteral("bootstrap: %1").arg(bootstrap));

    int completed = 0;
    const int topicCount = int(producer.progress().size());
    producer.setCompleteHandler([&](const QString &topic, std::int64_t n) {
        printOut(QStringLiteral("complete: %1 %2").arg(topic).arg(n));
        if (++completed == topicCount && showProgress)
            printErr(QStringLiteral("demo: every topic is complete; serving until SIGINT/SIGTERM"));
    });
    if (showProgress)
        producer.setProgressHandler([](const QList<DemoTopicProgress> &p) { printErr(progressLine(p)); }, 10000);

    const Status ran = producer.run(stopRequested());
    if (!ran)
        return fail(ran.error());
    if (showProgress) {
        std::int64_t total = 0;
        for (const DemoTopicProgress &p : producer.progress())
            total += p.produced;
        printErr(QStringLiteral("demo: stopped after producing %1 events").arg(formatCount(total)));
    }
    return kExitOk;
}

} // namespace streamscope::cli
