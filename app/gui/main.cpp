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

    QApplication app(argc, argv);
    setIdentity();
    CommandLine commandLine;
    QCommandLineParser &parser = commandLine.parser;
    const QCommandLineOption &brokers = commandLine.brokers, &topic = commandLine.topic, &offset = commandLine.offset,
                             &property = commandLine.property, &demoTopic = commandLine.demoTopic,
                             &appearance = commandLine.appearance, &screenshot = commandLine.screenshot,
                             &screenshotDelay = commandLine.screenshotDelay, &pipeline = commandLine.pipeline,
                             &seek = commandLine.seek;
    parser.process(app);

    // Wrong options are the command line's mistakes: said on it, before any
    // window shows.
    auto fail = [](const QString &message) {
        std::fprintf(stderr, "streamscope: %s\n", qPrintable(message));
        return 2;
    };
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        return fail(QStringLiteral("give one session file at most"));
    if (parser.isSet(brokers) && !parser.isSet(topic))
        return fail(QStringLiteral("-b needs at least one -t TOPIC"));
    auto start = StartPosition::parse(parser.value(offset));
    if (!start)
        return fail(start.error().message);
    ConnectionProfile profile;
    profile.brokers = parser.value(brokers);
    for (const QString &x : parser.values(property)) {
        auto entry = KafkaProperties::parseAssignment(x);
        if (!entry)
            return fail(entry.error().message);
        profile.extra.set(entry->first, entry->second);
    }
    std::optional<qint64> seekTo;
    if (parser.isSet(seek)) {
        if (!parser.isSet(pipeline))
            return fail(QStringLiteral("--seek needs --pipeline"));
        bool ok = false;
        seekTo = parser.value(seek).toLongLong(&ok);
        if (!ok)
            return fail(QStringLiteral("--seek needs a seq, not \"%1\"").arg(parser.value(seek)));
    }

    QSettings settings;
    const QString look = parser.isSet(appearance) ? parser.value(appearance) : settings.value(QStringLiteral("appearance")).toString();
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
    } else if (parser.isSet(brokers)) {
        window.attach(profile, parser.values(topic), *start);
    } else {
        window.attachToDemo(parser.value(demoTopic));
    }

    if (parser.isSet(pipeline) && !window.sessionPath().isEmpty()) {
        if (Status st = window.replay()->loadPipelineFile(parser.value(pipeline)); !st)
            report(st.error().message);
        else if (seekTo)
            window.replay()->controller()->seek(*seekTo);
    }

    if (parser.isSet(screenshot)) {
        const QString path = parser.value(screenshot);
        const int delay = parser.value(screenshotDelay).toInt();
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
