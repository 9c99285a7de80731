// streamscope-cli demo end to end, with kcat as the real client: the
// bootstrap and complete lines, topics and events as a Kafka client sees
// them (byte for byte what the generators make), --port through the
// bootstrap relay, several brokers, clean exit on SIGTERM/SIGINT, and usage
// errors. Also the relay and the producer through the core API.

#include "testsupport.h"

#include "demo/demoproducer.h"
#include "demo/demoscenario.h"
#include "kafka/bootstrapforwarder.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <QTest>

#include <csignal>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const QStringList kTopics = {QStringLiteral("iot.readings"), QStringLiteral("payments"), QStringLiteral("clicks")};
// Partition, offset, timestamp, key, headers, value: everything a client sees.
const QString kDumpFormat = QStringLiteral("%p\t%o\t%T\t%k\t%h\t%s\n");

// A running `streamscope-cli demo`, killed if a test ends early.
class DemoRun
{
public:
    explicit DemoRun(const QStringList &args)
    {
        m_process.setProgram(cliPath());
        m_process.setArguments(QStringList{QStringLiteral("demo")} + args);
        m_process.start();
    }
    ~DemoRun()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(10000);
        }
    }

    bool started() { return m_process.waitForStarted(10000); }

    // The next line of standard output, or a null string on timeout or exit.
    QString nextLine(int timeoutMs = 60000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!m_process.canReadLine()) {
            if (m_process.state() == QProcess::NotRunning || deadline.hasExpired())
                return {};
            m_process.waitForReadyRead(int(std::min<qint64>(deadline.remainingTime(), 500)));
        }
        return QString::fromUtf8(m_process.readLine()).chopped(1);
    }

    // "127.0.0.1:PORT" from the first line, which must be the bootstrap line.
    QString bootstrap()
    {
        const QString line = nextLine();
        static const QRegularExpression pattern(QStringLiteral("^bootstrap: (127\\.0\\.0\\.1:\\d+)$"));
        const auto match = pattern.match(line);
        if (!match.hasMatch()) {
            QTest::qFail(qPrintable(QStringLiteral("first line \"%1\"; stderr: %2").arg(line, stderrText())), __FILE__,
                         __LINE__);
            return {};
        }
        return match.captured(1);
    }

    // Sends a signal and returns the exit code (-1 if it crashed or hung).
    int stop(int signal)
    {
        ::kill(pid_t(m_process.processId()), signal);
        if (!m_process.waitForFinished(30000))
            return -1;
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    }

    bool running() const { return m_process.state() == QProcess::Running; }
    QString stderrText()
    {
        m_stderr += m_process.readAllStandardError();
        return QString::fromUtf8(m_stderr);
    }

private:
    QProcess m_process;
    QByteArray m_stderr;
};

QStringList kcatLines(const QStringList &args)
{
    const ProcessResult r = runProcess(kcatPath(), args, 60000);
    if (!r.finished || r.exitCode != 0) {
        QTest::qFail(qPrintable(QStringLiteral("kcat %1 failed: %2").arg(args.join(QLatin1Char(' ')), QString::fromUtf8(r.err))),
                     __FILE__, __LINE__);
        return {};
    }
    QStringList lines = QString::fromUtf8(r.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    lines.sort();
    return lines;
}

// Every event of a topic as kcat prints it with kDumpFormat, sorted.
QStringList dumpTopic(const QString &bootstrap, const QString &topic)
{
    return kcatLines({QStringLiteral("-b"), bootstrap, QStringLiteral("-C"), QStringLiteral("-t"), topic,
                      QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-f"), kDumpFormat});
}

QString metadata(const QString &bootstrap)
{
    const ProcessResult r = runProcess(kcatPath(), {QStringLiteral("-b"), bootstrap, QStringLiteral("-L")}, 60000);
    if (r.exitCode != 0)
        QTest::qFail(qPrintable(QStringLiteral("kcat -L failed: %1").arg(QString::fromUtf8(r.err))), __FILE__, __LINE__);
    return QString::fromUtf8(r.out);
}

// What kcat must print for the first `count` events of a scenario.
QStringList expectedDump(const QString &scenario, const DemoScenarioConfig &config, int count)
{
    auto made = makeDemoScenario(scenario, config);
    if (!made) {
        QTest::qFail(qPrintable(made.error().message), __FILE__, __LINE__);
        return {};
    }
    QHash<int, qint64> offsets;
    QStringList lines;
    for (int i = 0; i < count; ++i) {
        const DemoEvent e = made.value()->next();
        QStringList headers;
        for (const Header &h : e.headers)
            headers << QString::fromUtf8(h.name + '=' + h.value.value_or(QByteArray()));
        lines << QStringLiteral("%1\t%2\t%3\t%4\t%5\t%6")
                     .arg(e.partition)
                     .arg(offsets[e.partition]++)
                     .arg(e.timestampMs)
                     .arg(QString::fromUtf8(e.key), headers.join(QLatin1Char(',')), QString::fromUtf8(e.value));
    }
    lines.sort();
    return lines;
}

// A port nobody listens on right now.
int freePort()
{
    auto probe = BootstrapForwarder::start(0, 1);
    return probe ? probe.value()->port() : 0;
}

} // namespace

class TestDemo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        if (kcatPath().isEmpty())
            QSKIP("kcat is not installed");
    }

    void countCompletesAndServesWhatTheGeneratorsMake()
    {
        DemoRun demo({QStringLiteral("--seed"), QStringLiteral("42"), QStringLiteral("--count"), QStringLiteral("300"),
                      QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--quiet")});
        QVERIFY(demo.started());
        const QString bootstrap = demo.bootstrap();
        QVERIFY(!bootstrap.isEmpty());
        QStringList completed;
        for (int i = 0; i < kTopics.size(); ++i) {
            const QString line = demo.nextLine();
            QVERIFY2(line.startsWith(QLatin1String("complete: ")), qPrintable(line + demo.stderrText()));
            QVERIFY2(line.endsWith(QLatin1String(" 300")), qPrintable(line));
            completed << line.section(QLatin1Char(' '), 1, 1);
        }
        completed.sort();
        QStringList topics = kTopics;
        topics.sort();
        QCOMPARE(completed, topics);

        const QString listing = metadata(bootstrap);
        for (const QString &topic : kTopics)
            QVERIFY2(listing.contains(QStringLiteral("topic \"%1\" with 8 partitions").arg(topic)), qPrintable(listing));

        // Exactly --count events per topic, byte for byte what the generator makes.
        DemoScenarioConfig config;
        config.seed = 42;
        const QStringList scenarios = {QStringLiteral("iot"), QStringLiteral("payments"), QStringLiteral("clicks")};
        for (int i = 0; i < kTopics.size(); ++i) {
            const QStringList got = dumpTopic(bootstrap, kTopics[i]);
            QCOMPARE(got.size(), 300);
            QCOMPARE(got, expectedDump(scenarios[i], config, 300));
        }
        QVERIFY(demo.running()); // still serving after completing
        QCOMPARE(demo.stop(SIGTERM), 0);
        QVERIFY(demo.nextLine(1000).isNull()); // nothing else on standard output
    }

    void sameSeedSameEventsAcrossRuns()
    {
        const QStringList args = {QStringLiteral("--count"), QStringLiteral("200"), QStringLiteral("--rate"),
                                  QStringLiteral("0"), QStringLiteral("--scenario"), QStringLiteral("payments"),
                                  QStringLiteral("--partitions"), QStringLiteral("3"), QStringLiteral("-q")};
        auto dump = [&](const QString &seed) {
            DemoRun demo(args + QStringList{QStringLiteral("--seed"), seed});
            if (!demo.started())
                return QStringList();
            const QString bootstrap = demo.bootstrap();
            if (demo.nextLine() != QLatin1String("complete: payments 200"))
                return QStringList();
            const QStringList events = dumpTopic(bootstrap, QStringLiteral("payments"));
            if (demo.stop(SIGTERM) != 0)
                return QStringList();
            return events;
        };
        const QStringList first = dump(QStringLiteral("5"));
        QCOMPARE(first.size(), 200);
        for (const QString &line : first)
            QVERIFY(line.section(QLatin1Char('\t'), 0, 0).toInt() < 3);
        QCOMPARE(dump(QStringLiteral("5")), first);
        const QStringList other = dump(QStringLiteral("6"));
        QCOMPARE(other.size(), 200);
        QVERIFY(other != first);
    }

    void portBrokersAndBaseTime()
    {
        const int port = freePort();
        QVERIFY(port > 0);
        DemoRun demo({QStringLiteral("--port"), QString::number(port), QStringLiteral("--brokers"), QStringLiteral("3"),
                      QStringLiteral("--scenario"), QStringLiteral("iot"), QStringLiteral("--count"),
                      QStringLiteral("50"), QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--seed"),
                      QStringLiteral("9"), QStringLiteral("--base-time"), QStringLiteral("1700000000000")});
        QVERIFY(demo.started());
        QCOMPARE(demo.bootstrap(), QStringLiteral("127.0.0.1:%1").arg(port));
        QCOMPARE(demo.nextLine(), QStringLiteral("complete: iot.readings 50"));

        const QString listing = metadata(QStringLiteral("127.0.0.1:%1").arg(port));
        QVERIFY2(listing.contains(QLatin1String(" 3 brokers:")), qPrintable(listing));
        QVERIFY(listing.contains(QLatin1String("topic \"iot.readings\" with 8 partitions")));
        QVERIFY(!listing.contains(QLatin1String("\"payments\"")));

        DemoScenarioConfig config;
        config.seed = 9;
        config.baseTimeMs = 1700000000000;
        const QStringList got = dumpTopic(QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("iot.readings"));
        QCOMPARE(got.size(), 50);
        QCOMPARE(got, expectedDump(QStringLiteral("iot"), config, 50));
        QVERIFY(got.first().section(QLatin1Char('\t'), 2, 2).toLongLong() < kDemoEpochMs);

        QCOMPARE(demo.stop(SIGINT), 0);
        QVERIFY2(demo.stderrText().contains(QLatin1String("relaying")), qPrintable(demo.stderrText()));
    }

    void naturalPaceProducesUntilSigterm()
    {
        DemoRun demo({QStringLiteral("--scenario"), QStringLiteral("clicks,iot")});
        QVERIFY(demo.started());
        const QString bootstrap = demo.bootstrap();
        QVERIFY(!bootstrap.isEmpty());
        // Events keep coming at the natural pace (no timing asserted).
        QTRY_VERIFY_WITH_TIMEOUT(dumpTopic(bootstrap, QStringLiteral("clicks")).size() >= 5, 30000);
        const int before = int(dumpTopic(bootstrap, QStringLiteral("iot.readings")).size());
        QTRY_VERIFY_WITH_TIMEOUT(dumpTopic(bootstrap, QStringLiteral("iot.readings")).size() > before, 30000);
        QCOMPARE(demo.stop(SIGTERM), 0);
        const QString err = demo.stderrText();
        QVERIFY2(err.contains(QLatin1String("demo: seed ")), qPrintable(err)); // a random seed, told for a re-run
        QVERIFY2(err.contains(QLatin1String("stopped after producing")), qPrintable(err));
    }

    void portInUse()
    {
        auto holder = BootstrapForwarder::start(0, 1);
        QVERIFY(holder);
        const ProcessResult r =
            runCli({QStringLiteral("demo"), QStringLiteral("--port"), QString::number(holder.value()->port())});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(QLatin1String("already in use")), r.err.constData());
        QVERIFY(!r.out.contains("bootstrap:"));
    }

    void badOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::addRow("negative rate") << QStringList{"--rate", "-1"} << "--rate";
        QTest::addRow("rate not a number") << QStringList{"--rate", "fast"} << "--rate";
        QTest::addRow("negative count") << QStringList{"--count", "-5"} << "--count";
        QTest::addRow("count not a number") << QStringList{"-c", "many"} << "--count";
        QTest::addRow("seed not a number") << QStringList{"--seed", "abc"} << "--seed";
        QTest::addRow("negative seed") << QStringList{"--seed", "-1"} << "--seed";
        QTest::addRow("seed too big") << QStringList{"--seed", "18446744073709551616"} << "--seed";
        QTest::addRow("unknown scenario") << QStringList{"--scenario", "iot,trades"} << "trades";
        QTest::addRow("no partitions") << QStringList{"--partitions", "0"} << "--partitions";
        QTest::addRow("no brokers") << QStringList{"--brokers", "0"} << "--brokers";
        QTest::addRow("too many brokers") << QStringList{"--brokers", "17"} << "--brokers";
        QTest::addRow("port zero") << QStringList{"--port", "0"} << "--port";
        QTest::addRow("port too big") << QStringList{"--port", "70000"} << "--port";
        QTest::addRow("port not a number") << QStringList{"--port", "http"} << "--port";
        QTest::addRow("base time zero") << QStringList{"--base-time", "0"} << "--base-time";
        QTest::addRow("unknown option") << QStringList{"--bogus"} << "bogus";
        QTest::addRow("positional") << QStringList{"extra"} << "extra";
    }

    void badOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const ProcessResult r = runCli(QStringList{QStringLiteral("demo")} + args, 30000);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(QString::fromUtf8(r.err).contains(message), r.err.constData());
        QVERIFY(r.out.isEmpty());
    }

    void help()
    {
        const ProcessResult r = runCli({QStringLiteral("demo"), QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        for (const char *needle : {"--port", "--rate", "--count", "--seed", "--base-time", "--scenario", "--partitions",
                                   "--brokers", "2026-01-01T00:00:00Z", "5 MiB", "100,000", "bootstrap: 127.0.0.1:PORT",
                                   "complete: TOPIC COUNT", "iot.readings"})
            QVERIFY2(text.contains(QLatin1String(needle)), needle);
        QVERIFY(runCli({QStringLiteral("--help")}).out.contains("demo"));
    }

    void forwarderRelaysToTheBroker()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("relayed"), 2));
        for (int i = 0; i < 20; ++i)
            QVERIFY(broker->produce(QStringLiteral("relayed"), i % 2, QByteArray::number(i), QByteArray(5000, char('a' + i)),
                                    {}, 1700000000000 + i));
        QVERIFY(broker->flush());
        const QStringList brokers = broker->brokerAddresses();
        QCOMPARE(brokers.size(), 1);
        QCOMPARE(brokers.first(), broker->bootstrapServers());

        auto forwarder = BootstrapForwarder::start(0, brokers.first().section(QLatin1Char(':'), -1).toInt());
        QVERIFY(forwarder);
        const QString address = forwarder.value()->address();
        QVERIFY(address.startsWith(QLatin1String("127.0.0.1:")));
        QVERIFY(metadata(address).contains(QLatin1String("topic \"relayed\" with 2 partitions")));
        const QStringList lines = kcatLines({QStringLiteral("-b"), address, QStringLiteral("-C"), QStringLiteral("-t"),
                                             QStringLiteral("relayed"), QStringLiteral("-e"), QStringLiteral("-q"),
                                             QStringLiteral("-f"), QStringLiteral("%k %S\n")});
        QCOMPARE(lines.size(), 20);
        QVERIFY(lines.contains(QStringLiteral("7 5000")));
        QVERIFY(forwarder.value()->connections() >= 2);

        // The port is taken while the relay lives, free once it is gone.
        const int port = forwarder.value()->port();
        auto second = BootstrapForwarder::start(port, 1);
        QVERIFY(!second);
        QCOMPARE(second.error().kind, ErrorKind::BadInput);
        QVERIFY(second.error().message.contains(QString::number(port)));
        forwarder.value().reset();
        QVERIFY(BootstrapForwarder::start(port, 1));

        QCOMPARE(BootstrapForwarder::start(70000, 1).error().kind, ErrorKind::BadInput);
        QCOMPARE(BootstrapForwarder::start(-1, 1).error().kind, ErrorKind::BadInput);
    }

    void producerCompletesEachTopic()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        std::vector<std::unique_ptr<DemoScenario>> scenarios;
        DemoScenarioConfig config;
        config.seed = 3;
        config.partitions = 2;
        for (const QString &name : {QStringLiteral("iot"), QStringLiteral("clicks")})
            scenarios.push_back(std::move(makeDemoScenario(name, config).value()));
        DemoProducerOptions options;
        options.rate = 0;
        options.count = 120;
        DemoProducer producer(*broker, std::move(scenarios), options);
        QVERIFY(producer.createTopics());

        std::atomic<bool> stop{false};
        QStringList completed;
        producer.setCompleteHandler([&](const QString &topic, std::int64_t count) {
            completed << QStringLiteral("%1 %2").arg(topic).arg(count);
            if (completed.size() == 2)
                stop.store(true);
        });
        QVERIFY(producer.run(stop));
        QCOMPARE(completed, QStringList({QStringLiteral("iot.readings 120"), QStringLiteral("clicks 120")}));
        QCOMPARE(broker->delivered(), 240);
        for (const DemoTopicProgress &p : producer.progress()) {
            QCOMPARE(p.produced, 120);
            QCOMPARE(p.partitions, 2);
            QVERIFY(p.complete);
            QVERIFY(p.scenarioTimeMs > kDemoEpochMs);
        }
    }
};

QTEST_GUILESS_MAIN(TestDemo)
#include "tst_demo.moc"
