// streamscope: the desktop app. Without arguments it attaches to the
// embedded demo broker's iot stream, so a first run shows live data at once.

#include "appearance.h"
#include "mainwindow.h"
#include "replaydebugger.h"
#include "replay/replaycontroller.h"

#include "kafka/kafkaproperties.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QScreen>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <cstring>
#include <optional>

using namespace streamscope;

namespace {

void setIdentity()
{
    QCoreApplication::setApplicationName(QStringLiteral("Streamscope"));
    QCoreApplication::setOrganizationName(QStringLiteral("Streamscope"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("streamscope.dev"));
    QCoreApplication::setApplicationVersion(QLatin1String(STREAMSCOPE_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("dev.streamscope.Streamscope"));
}

// The app's options, declared once for both kinds of start in main().
struct CommandLine {
    QCommandLineParser parser;
    const QCommandLineOption brokers{{QStringLiteral("b"), QStringLiteral("brokers")}, QStringLiteral("Bootstrap servers."),
                                     QStringLiteral("BROKERS")};
    const QCommandLineOption topic{{QStringLiteral("t"), QStringLiteral("topic")}, QStringLiteral("Topic to record (repeatable)."),
                                   QStringLiteral("TOPIC")};
    const QCommandLineOption offset{{QStringLiteral("o"), QStringLiteral("offset")},
                                    QStringLiteral("Start: beginning, end, OFFSET, -N, s@UNIX_MS (default -1000)."),
                                    QStringLiteral("SPEC"), QStringLiteral("-1000")};
    const QCommandLineOption property{QStringLiteral("X"), QStringLiteral("librdkafka property key=value (repeatable)."),
                                      QStringLiteral("key=value")};
    const QCommandLineOption demoTopic{QStringLiteral("demo"), QStringLiteral("Attach to the embedded demo's TOPIC."),
                                       QStringLiteral("TOPIC"), QStringLiteral("iot.readings")};
    const QCommandLineOption appearance{QStringLiteral("appearance"), QStringLiteral("system, light or dark."),
                                        QStringLiteral("NAME")};
    const QCommandLineOption screenshot{QStringLiteral("screenshot"),
                                        QStringLiteral("Save a PNG of the window after --screenshot-delay ms, then quit."),
                                        QStringLiteral("FILE")};
    const QCommandLineOption screenshotDelay{QStringLiteral("screenshot-delay"), QStringLiteral("Milliseconds (default 8000)."),
                                             QStringLiteral("MS"), QStringLiteral("8000")};
    const QCommandLineOption pipeline{QStringLiteral("pipeline"),
                                      QStringLiteral("Load this pipeline file over the session (the replay debugger)."),
                                      QStringLiteral("FILE")};
    const QCommandLineOption seek{QStringLiteral("seek"), QStringLiteral("With --pipeline: move the replay cursor to SEQ."),
                                  QStringLiteral("SEQ")};

    CommandLine()
    {
        parser.setApplicationDescription(QStringLiteral(
            "Streamscope, a debugger for event streams.\n"
            "  streamscope                      attach to the embedded demo's iot stream\n"
            "  streamscope FILE                 open a session\n"
            "  streamscope -b BROKERS -t TOPIC  record and show Kafka topics"));
        parser.addHelpOption();
        parser.addVersionOption();
        parser.addOptions({brokers, topic, offset, property, demoTopic, appearance, screenshot, screenshotDelay, pipeline, seek});
        parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("A session file to open."));
    }
};

// Whether the command line asks only for the help or the version.
bool asksForHelpOrVersion(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        for (const char *option : {"-h", "-?", "--help", "--help-all", "-v", "--version"})
            if (std::strcmp(argv[i], option) == 0)
                return true;
    return false;
}

// Whether QApplication is sure to find no display: the X11 or Wayland
// platform (Qt's choice here unless told otherwise) with neither DISPLAY nor
// WAYLAND_DISPLAY set. Another platform (offscreen, vnc…) or a -platform
// argument is left for Qt to judge.
bool lacksADisplay(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "-platform") == 0)
            return false;
    const QByteArray platform = qgetenv("QT_QPA_PLATFORM");
    if (!platform.isEmpty() && !platform.startsWith("xcb") && !platform.startsWith("wayland"))
        return false;
    return qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
}

int fail(const QString &message)
{
    std::fprintf(stderr, "streamscope: %s\n", qPrintable(message));
    return 2;
}

// What the command line asks for, once checked.
struct LaunchOptions {
    QStringList files;
    ConnectionProfile profile;
    QStringList topics;
    StartPosition start = StartPosition::beginning();
    std::optional<qint64> seekTo;
};

// Wrong options are the command line's mistakes: said on it, before any
// window shows.
Result<LaunchOptions> readLaunchOptions(const CommandLine &commandLine)
{
    const QCommandLineParser &parser = commandLine.parser;
    LaunchOptions options;
    options.files = parser.positionalArguments();
    if (options.files.size() > 1)
        return Error::badInput(QStringLiteral("give one session file at most"));
    if (parser.isSet(commandLine.brokers) && !parser.isSet(commandLine.topic))
        return Error::badInput(QStringLiteral("-b needs at least one -t TOPIC"));
    auto start = StartPosition::parse(parser.value(commandLine.offset));
    if (!start)
        return start.error();
    options.start = *start;
    options.topics = parser.values(commandLine.topic);
    options.profile.brokers = parser.value(commandLine.brokers);
    for (const QString &x : parser.values(commandLine.property)) {
        auto entry = KafkaProperties::parseAssignment(x);
        if (!entry)
            return entry.error();
        options.profile.extra.set(entry->first, entry->second);
    }
    if (parser.isSet(commandLine.seek)) {
        if (!parser.isSet(commandLine.pipeline))
            return Error::badInput(QStringLiteral("--seek needs --pipeline"));
        bool ok = false;
        options.seekTo = parser.value(commandLine.seek).toLongLong(&ok);
        if (!ok)
            return Error::badInput(QStringLiteral("--seek needs a seq, not \"%1\"").arg(parser.value(commandLine.seek)));
    }
    return options;
}

// The arguments parsed (help and version are answered before) and checked.
Result<LaunchOptions> parseLaunchOptions(CommandLine &commandLine, const QStringList &arguments)
{
    if (!commandLine.parser.parse(arguments))
        return Error::badInput(commandLine.parser.errorText());
    return readLaunchOptions(commandLine);
}

} // namespace

int main(int argc, char *argv[])
{
    // Help and version are text: answered without QApplication, which needs
    // a display (over ssh, `streamscope --help` must not fail on xcb).
    if (asksForHelpOrVersion(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        CommandLine commandLine;
        commandLine.parser.process(app); // prints and exits
        return 0;
    }
    // Without a display QApplication would abort on it before the options
    // are read: a mistyped option is said first, then the missing display,
    // in words and with an exit code rather than Qt's abort.
    if (lacksADisplay(argc, argv)) {
        QCoreApplication app(argc, argv);
        setIdentity();
        CommandLine commandLine;
        if (auto options = parseLaunchOptions(commandLine, app.arguments()); !options)
            return fail(options.error().message);
        std::fprintf(stderr, "streamscope: no display to show the window on (DISPLAY is not set); run it in a desktop "
                             "session or under xvfb-run. streamscope-cli records, replays and exports without one.\n");
        return 1;
    }

    QApplication app(argc, argv);
    setIdentity();
    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    auto launch = parseLaunchOptions(commandLine, app.arguments());
    if (!launch)
        return fail(launch.error().message);
    const LaunchOptions &options = *launch;
    const QStringList &files = options.files;
    const std::optional<qint64> &seekTo = options.seekTo;

    QSettings settings;
    const QString look = parser.isSet(commandLine.appearance) ? parser.value(commandLine.appearance) : settings.value(QStringLiteral("appearance")).toString();
    applyAppearance(appearanceFromName(look));

    MainWindow window; // the size and docks of the last run, or a first-run size that fits the screen
    window.show();

    // A file that cannot be read (damaged, foreign, missing) or a pipeline
    // with a mistake is said in the window's banner, and the window stays: a
    // session double-clicked in a file manager must not flash and vanish.
    // A terminal gets the message too.
    auto report = [&window](const QString &message) {
        std::fprintf(stderr, "streamscope: %s\n", qPrintable(message));
        window.showBanner(message);
    };
    if (!files.isEmpty()) {
        if (Status st = window.openSession(files.first()); !st)
            report(st.error().message);
    } else if (parser.isSet(commandLine.brokers)) {
        window.attach(options.profile, options.topics, options.start);
    } else {
        window.attachToDemo(parser.value(commandLine.demoTopic));
    }

    if (parser.isSet(commandLine.pipeline) && !window.sessionPath().isEmpty()) {
        if (Status st = window.replay()->loadPipelineFile(parser.value(commandLine.pipeline)); !st)
            report(st.error().message);
        else if (seekTo)
            window.replay()->controller()->seek(*seekTo);
    }

    if (parser.isSet(commandLine.screenshot)) {
        const QString path = parser.value(commandLine.screenshot);
        const int delay = parser.value(commandLine.screenshotDelay).toInt();
        // An event selected a moment before, so that its detail shows too.
        QTimer::singleShot(std::max(delay - 1500, 0), &window, [&window] {
            if (window.eventCount() > 0 && !window.replay()->hasPipeline())
                window.selectEvent(window.eventCount() * 3 / 4);
        });
        QTimer::singleShot(delay, &window, [&window, path] {
            window.grab().save(path);
            std::fprintf(stderr, "streamscope: saved %s\n", qPrintable(path));
            window.stopRecording();
            QApplication::exit(0);
        });
    }
    return QApplication::exec();
}
