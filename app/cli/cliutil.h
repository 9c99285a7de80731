#pragma once
// Shared plumbing of the CLI subcommands: option parsing with our exit codes,
// error printing, and SIGINT/SIGTERM handling.

#include "engine/pipelinespec.h"
#include "util/result.h"

#include <QCommandLineParser>
#include <atomic>

namespace streamscope::cli {

constexpr int kExitOk = 0;
constexpr int kExitRuntime = 1;
constexpr int kExitUsage = 2;

// Parses; on --help prints help and returns 0, on a usage error prints it and
// returns 2; returns -1 when the command should run.
int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &command);

// Prints "streamscope-cli: <message>" to stderr and returns the error's exit code.
int fail(const Error &error);
int failUsage(const QString &message);

void printErr(const QString &text); // to stderr, as UTF-8, with a newline
void printOut(const QString &text); // to stdout, as UTF-8, with a newline, flushed

// Set by SIGINT/SIGTERM once installStopSignals() ran.
const std::atomic<bool> &stopRequested();
void installStopSignals();

QString formatCount(std::int64_t n); // 1234567 → "1,234,567"

// Before a pipeline runs over a recorded session: when none of the topics
// it names is in the session, prints why and returns 2 (it would produce
// nothing); when some are missing, prints a warning and returns -1, as it
// does when all is well (or the session does not open: the command says).
int checkPipelineTopics(const QString &sessionPath, const PipelineSpec &pipeline);

} // namespace streamscope::cli
