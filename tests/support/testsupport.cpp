#include "testsupport.h"

#include "replay/pipelinerun.h"

#include <QJsonDocument>

#include <QStandardPaths>
#include <QTest>

namespace streamscope::test {

ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs, const QByteArray &stdinData)
{
    QProcess process;
    process.start(program, args);
    ProcessResult result;
    if (!process.waitForStarted(10000)) {
        result.err = process.errorString().toUtf8();
        return result;
    }
    if (!stdinData.isEmpty())
        process.write(stdinData);
    process.closeWriteChannel();
    result.finished = process.waitForFinished(timeoutMs);
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QString cliPath() { return QStringLiteral(STREAMSCOPE_CLI_PATH); }

ProcessResult runCli(const QStringList &args, int timeoutMs) { return runProcess(cliPath(), args, timeoutMs); }

QString kcatPath() { return QStandardPaths::findExecutable(QStringLiteral("kcat")); }

QList<Event> readAllEvents(const QString &path)
{
    QList<Event> events;
    auto reader = SessionReader::open(path);
    if (!reader) {
        QTest::qFail(qPrintable(reader.error().message), __FILE__, __LINE__);
        return events;
    }
    for (std::int64_t seq = 0; seq < (*reader)->eventCount(); ++seq) {
        auto event = (*reader)->event(seq);
        if (!event) {
            QTest::qFail(qPrintable(event.error().message), __FILE__, __LINE__);
            return events;
        }
        events.append(*event);
    }
    return events;
}

std::unique_ptr<EmbeddedBroker> startBroker(int brokers)
{
    EmbeddedBroker::Options options;
    options.brokers = brokers;
    auto broker = EmbeddedBroker::start(options);
    if (!broker) {
        QTest::qFail(qPrintable(broker.error().message), __FILE__, __LINE__);
        return nullptr;
    }
    return std::move(broker.value());
}

} // namespace streamscope::test

#include "demo/demosession.h"
#include "session/sessionwriter.h"

namespace streamscope::test {

QString writeDemoSession(const QString &path, const QString &scenario, int count, int partitions, std::uint64_t seed)
{
    DemoSessionOptions options;
    options.scenario = scenario;
    options.events = count;
    options.partitions = partitions;
    options.seed = seed;
    if (Status st = streamscope::writeDemoSession(path, options); !st) {
        QTest::qFail(qPrintable(st.error().message), __FILE__, __LINE__);
        return {};
    }
    return path;
}

QString writeTwoTopicSession(const QString &path, int count)
{
    auto writer = SessionWriter::create(path, QJsonObject{});
    if (!writer)
        return {};
    const int in = (*writer)->topicId(QStringLiteral("in"));
    const int noise = (*writer)->topicId(QStringLiteral("noise"));
    (void)(*writer)->addPartitionStart(in, 0, PartitionPosition{0, -1});
    (void)(*writer)->addPartitionStart(noise, 0, PartitionPosition{0, -1});
    std::uint64_t x = 11;
    for (int first = 0; first < count; first += 5000) {
        ChunkBuilder builder;
        std::vector<QByteArray> payloads; // alive until appended
        payloads.reserve(5000);
        for (int i = first; i < std::min(count, first + 5000); ++i) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            const bool isNoise = i % 3 == 2;
            const std::int64_t ts = std::int64_t(i) * 10 - std::int64_t((x >> 33) % 3000); // some late
            payloads.push_back(QStringLiteral(R"({"k":"k%1","ts":%2,"v":%3})")
                                   .arg((x >> 40) % 7)
                                   .arg(ts)
                                   .arg((x >> 20) % 13)
                                   .toUtf8());
            EventView e;
            e.topicId = isNoise ? noise : in;
            e.partition = 0;
            e.offset = i;
            e.arrivalUs = (1000 + i) * 1000;
            e.timestampMs = i;
            e.timestampType = TimestampType::CreateTime;
            e.value = BytesView::of(payloads.back().constData(), payloads.back().size());
            builder.append(e);
        }
        if (!(*writer)->append(builder))
            return {};
    }
    if (!(*writer)->close())
        return {};
    return path;
}

PipelineSpec pipeline(const char *text)
{
    auto parsed = parsePipeline(QString::fromUtf8(text));
    if (auto *e = std::get_if<PipelineError>(&parsed))
        qFatal("the test's pipeline does not parse: %s", qPrintable(e->toString()));
    return std::get<PipelineSpec>(parsed);
}

QByteArray snapshotJson(const EngineSnapshot &snapshot)
{
    return QJsonDocument(snapshot.toJson()).toJson(QJsonDocument::Compact);
}

FreshRun freshRun(const QString &sessionPath, const PipelineSpec &spec, bool withSnapshots)
{
    FreshRun run;
    auto session = openPipelineSession(sessionPath, spec);
    if (!session)
        qFatal("the test's pipeline does not run over %s: %s", qPrintable(sessionPath),
               qPrintable(session.error().message));
    Engine &engine = *session->engine;
    (void)session->reader->scan(0, session->reader->eventCount(), [&](const EventView &e) {
        run.reports.push_back(engine.step(session->extractor->extract(e)));
        if (withSnapshots)
            run.snapshots.push_back(snapshotJson(engine.snapshot()));
        run.arrivals.push_back(e.arrivalUs);
        return true;
    });
    return run;
}

QList<KcatRecord> parseKcat(const QByteArray &out)
{
    QList<KcatRecord> records;
    qsizetype pos = 0;
    while (pos < out.size()) {
        const qsizetype eol = out.indexOf('\n', pos);
        if (eol < 0)
            break;
        const QList<QByteArray> f = out.mid(pos, eol - pos).split(' ');
        pos = eol + 1;
        if (f.size() < 6)
            break;
        KcatRecord r;
        r.topic = QString::fromUtf8(f[0]);
        r.partition = f[1].toInt();
        r.offset = f[2].toLongLong();
        r.timestampMs = f[3].toLongLong();
        const qsizetype keyLen = f[4].toLongLong();
        const qsizetype valueLen = f[5].toLongLong();
        r.headers = f.size() > 6 ? f.mid(6).join(' ') : QByteArray();
        if (keyLen >= 0) {
            r.key = out.mid(pos, keyLen);
            pos += keyLen;
        }
        if (valueLen >= 0) {
            r.value = out.mid(pos, valueLen);
            pos += valueLen;
        }
        records.append(r);
    }
    return records;
}

const char *const kIotTestPipeline = R"(
event_time: value.ts
watermark: bounded 2s
idle_timeout: 20s
key: value.sensor
window: tumbling 5s
allowed_lateness: 3s
aggregate: count
aggregate: avg(value.temperature_c) as avg
)";

} // namespace streamscope::test
