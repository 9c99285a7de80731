// streamscope-cli: the headless side of Streamscope — record, inspect and
// serve (demo) event streams without a window.

#include "commands.h"
#include "cliutil.h"

#include "kafka/kafkareader.h"
#include "session/sqlite.h"

#include <QCoreApplication>

using namespace streamscope;

namespace {

QString versionText()
{
    return QStringLiteral("streamscope-cli %1 (Qt %2, librdkafka %3, SQLite %4)")
        .arg(QLatin1String(STREAMSCOPE_VERSION), QLatin1String(qVersion()), librdkafkaVersion(),
             sqlite::sqliteVersion());
}

QString usageText()
{
    return QStringLiteral(
        "Usage: streamscope-cli COMMAND [options]\n"
        "\n"
        "Commands:\n"
        "  record      Record Kafka topics into a session file (read-only attach)\n"
        "  info        Describe a session file: events, time range, partitions, gaps\n"
        "  demo        Run an embedded Kafka cluster producing reproducible demo streams\n"
        "  run         Run a pipeline over a session: window results and late events\n"
        "  state       The pipeline's whole state after a seq, as JSON\n"
        "  export      Events (or a pipeline's results) as JSON lines (kcat -J compatible) or CSV\n"
        "  import      JSON lines (kcat -J, or an export) into a new session\n"
        "  republish   Write a session's events to a topic, paced as recorded or as fast as possible\n"
        "  reproducer  A small session with a pipeline inside that shows one window result\n"
        "\n"
        "Run 'streamscope-cli COMMAND --help' for the options of a command.\n"
        "Exit codes: 0 success, 1 runtime failure, 2 bad input or usage.");
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("streamscope-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("Streamscope"));
    QCoreApplication::setApplicationVersion(QLatin1String(STREAMSCOPE_VERSION));

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty()) {
        cli::printErr(usageText());
        return cli::kExitUsage;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("-h") || command == QLatin1String("--help") || command == QLatin1String("help")) {
        cli::printOut(usageText());
        return cli::kExitOk;
    }
    if (command == QLatin1String("-V") || command == QLatin1String("--version")) {
        cli::printOut(versionText());
        return cli::kExitOk;
    }
    if (command == QLatin1String("record"))
        return cli::runRecord(args);
    if (command == QLatin1String("info"))
        return cli::runInfo(args);
    if (command == QLatin1String("run"))
        return cli::runRun(args);
    if (command == QLatin1String("state"))
        return cli::runState(args);
    if (command == QLatin1String("demo"))
        return cli::runDemo(args);
    if (command == QLatin1String("export"))
        return cli::runExport(args);
    if (command == QLatin1String("import"))
        return cli::runImport(args);
    if (command == QLatin1String("republish"))
        return cli::runRepublish(args);
    if (command == QLatin1String("reproducer"))
        return cli::runReproducer(args);
    cli::printErr(QStringLiteral("streamscope-cli: unknown command \"%1\"\n\n%2").arg(command, usageText()));
    return cli::kExitUsage;
}
