#pragma once
// Helpers shared by the tests.

#include "engine/engine.h"
#include "engine/pipelinefile.h"
#include "event/event.h"
#include "kafka/embeddedbroker.h"
#include "session/sessionreader.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace streamscope::test {

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

// Runs a program to completion (killed after timeoutMs).
ProcessResult runProcess(const QString &program, const QStringList &args, int timeoutMs = 60000,
                         const QByteArray &stdinData = {});
// Runs streamscope-cli built alongside the tests.
ProcessResult runCli(const QStringList &args, int timeoutMs = 60000);
QString cliPath();

// kcat, the reference Kafka client, or an empty string if not installed.
QString kcatPath();

// Every event of a session, in seq order (fails the test on error).
QList<Event> readAllEvents(const QString &path);

// An embedded broker for one test, started or QFAIL.
std::unique_ptr<EmbeddedBroker> startBroker(int brokers = 1);

} // namespace streamscope::test

// QVERIFY for Status/Result: prints the error message on failure.
#define SS_VERIFY_OK(expr)                                                                             \
    do {                                                                                               \
        const auto &ssResult_ = (expr);                                                                \
        QVERIFY2(ssResult_.ok(), ssResult_.ok() ? "" : qPrintable(ssResult_.error().message));         \
    } while (false)

namespace streamscope::test {

// A session of `count` events of a demo scenario ("iot", "payments",
// "clicks"), written directly without a broker: partitions and offsets as the
// demo broker would assign them, arrival = Kafka timestamp + a deterministic
// 1-40 ms. Every partition gets a recorded start, as after a real recording.
// Returns an empty string (and fails the test) on error.
QString writeDemoSession(const QString &path, const QString &scenario, int count, int partitions = 8,
                         std::uint64_t seed = 1);

// `count` input events on topic "in" (one partition; value {"k","ts","v"},
// seven keys, some late) with every third event on topic "noise", which the
// pipelines of the tests read only "in". Empty string on error.
QString writeTwoTopicSession(const QString &path, int count);

// A pipeline from a test's own pipeline text; a mistake in it stops the test
// binary (it is a bug of the test, not a result).
PipelineSpec pipeline(const char *text);

// An engine snapshot in its JSON form, compact: what "the same state" means.
QByteArray snapshotJson(const EngineSnapshot &snapshot);

// A fresh engine run over a whole session, the reference the replay is
// compared with: every step's report, the snapshot after every step (when
// asked for), and every event's arrival time.
struct FreshRun {
    std::vector<StepReport> reports;
    std::vector<QByteArray> snapshots; // snapshotJson after each step; empty unless asked for
    std::vector<std::int64_t> arrivals;
};
FreshRun freshRun(const QString &sessionPath, const PipelineSpec &spec, bool withSnapshots);

// A record as `kcat -C -f '%t %p %o %T %K %S[ %h]\n%k%s'` prints it: a
// length-prefixed format that survives any bytes (headers optional).
struct KcatRecord {
    QString topic;
    int partition = -1;
    std::int64_t offset = -1;
    std::int64_t timestampMs = -1;
    std::optional<QByteArray> key, value;
    QByteArray headers; // kcat's "n=v,n=v"
};
QList<KcatRecord> parseKcat(const QByteArray &out);

// The replay tests' pipeline over the iot demo: 5 s tumbling windows per
// sensor, watermark 2 s behind, 3 s of allowed lateness.
extern const char *const kIotTestPipeline;

} // namespace streamscope::test
