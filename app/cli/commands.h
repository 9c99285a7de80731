#pragma once
// streamscope-cli subcommands. Each takes its own arguments (argv without the
// subcommand name) and returns the process exit code:
// 0 success, 1 runtime failure, 2 bad input or usage.

#include <QStringList>

namespace streamscope::cli {

int runRecord(const QStringList &arguments);
int runInfo(const QStringList &arguments);
int runRun(const QStringList &arguments);
int runState(const QStringList &arguments);
int runDemo(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runImport(const QStringList &arguments);
int runRepublish(const QStringList &arguments);
int runReproducer(const QStringList &arguments);

} // namespace streamscope::cli
