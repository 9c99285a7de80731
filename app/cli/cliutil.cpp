#include "cliutil.h"

#include "replay/player.h"
#include "session/sessionreader.h"

#include <QLocale>

#include <csignal>
#include <cstdio>

namespace streamscope::cli {

namespace {
std::atomic<bool> g_stop{false};
extern "C" void onStopSignal(int) { g_stop.store(true); }
} // namespace

const std::atomic<bool> &stopRequested() { return g_stop; }

void installStopSignals()
{
    struct sigaction action {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

void printErr(const QString &text)
{
    const QByteArray utf8 = text.toUtf8() + '\n';
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stderr);
    std::fflush(stderr);
}

void printOut(const QString &text)
{
    const QByteArray utf8 = text.toUtf8() + '\n';
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stdout);
    std::fflush(stdout);
}

int fail(const Error &error)
{
    printErr(QStringLiteral("streamscope-cli: %1").arg(error.message));
    return error.exitCode();
}

int failUsage(const QString &message) { return fail(Error::badInput(message)); }

int parseOrExit(QCommandLineParser &parser, const QStringList &arguments, const QString &command)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
    parser.addOption(help);
    QStringList args = arguments;
    args.prepend(QStringLiteral("streamscope-cli %1").arg(command));
    if (!parser.parse(args)) {
        printErr(QStringLiteral("streamscope-cli %1: %2\nTry 'streamscope-cli %1 --help'.").arg(command, parser.errorText()));
        return kExitUsage;
    }
    if (parser.isSet(help)) {
        // helpText() names argv[0] (a path); name the subcommand instead.
        QString text = parser.helpText();
        const qsizetype eol = text.indexOf(QLatin1Char('\n'));
        const QString usage = text.left(eol);
        const qsizetype options = usage.indexOf(QLatin1String(" [options]"));
        if (usage.startsWith(QLatin1String("Usage: ")) && options > 0)
            text.replace(7, options - 7, QStringLiteral("streamscope-cli %1").arg(command));
        printOut(text);
        return kExitOk;
    }
    return -1;
}

QString formatCount(std::int64_t n)
{
    QLocale c(QLocale::English);
    return c.toString(qlonglong(n));
}

int checkPipelineTopics(const QString &sessionPath, const PipelineSpec &pipeline)
{
    if (pipeline.topics.isEmpty())
        return -1;
    auto reader = SessionReader::open(sessionPath);
    if (!reader)
        return -1;
    const QStringList topics = (*reader)->topics();
    const QString missing = describeMissingTopics(pipeline, topics);
    if (missing.isEmpty())
        return -1;
    if (pipelineTopicsMissing(pipeline, topics).size() == pipeline.topics.size())
        return fail(Error::badInput(missing + QStringLiteral(": it would see no event")));
    printErr(QStringLiteral("streamscope-cli: warning: %1").arg(missing));
    return -1;
}

} // namespace streamscope::cli
