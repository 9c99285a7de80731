#pragma once
// Helpers shared by the tests.

#include "event/event.h"
#include "kafka/embeddedbroker.h"
#include "session/sessionreader.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

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

} // namespace streamscope::test
