// The replay debugger's latency as a user feels it, in the real main window
// (offscreen): from a key press (step forward, step back) or a jump (seek to
// a random seq) until every view has handled the new frame and the window
// has painted it. Percentiles over random positions of a large session.
// Targets (10 M events): step p99 <= 16 ms, seek p99 <= 100 ms. Presses are
// spaced as a person's are (200 ms after a jump, 33 ms between steps, as a
// held key repeats).
//
//   QT_QPA_PLATFORM=offscreen bench/replay_gui [SESSION] [EVENTS] [SAMPLES]
//
// Without SESSION it writes a demo iot session of EVENTS (default
// 10,000,000) first. Measures after the session is indexed and the
// watermark plot drawn (the time that takes in the background is reported
// too), and also once right after opening, when seeks may re-execute from
// the nearest checkpoint.

#include "../app/gui/mainwindow.h"
#include "../app/gui/replaydebugger.h"

#include "demo/demosession.h"
#include "replay/replaycontroller.h"
#include "replay/watermarkview.h"

#include <QApplication>
#include <QFile>
#include <QThread>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

using namespace streamscope;

namespace {

using Clock = std::chrono::steady_clock;

double ms(Clock::time_point since) { return std::chrono::duration<double, std::milli>(Clock::now() - since).count(); }

void report(const char *what, std::vector<double> samples)
{
    if (samples.empty())
        return;
    std::sort(samples.begin(), samples.end());
    auto pct = [&](double p) { return samples[std::min(samples.size() - 1, std::size_t(p / 100.0 * double(samples.size())))]; };
    std::printf("%-22s n=%zu  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, samples.size(), pct(50),
                pct(90), pct(99), samples.back());
}

const char *const kPipeline = R"(name: bench
event_time: value.ts
watermark: bounded 2s
idle_timeout: 30s
key: value.sensor
window: tumbling 10s
allowed_lateness: 5s
aggregate: count
aggregate: avg(value.temperature_c) as avg_temp
aggregate: p95(value.temperature_c)
)";

// Where the GUI thread's time goes: each event's handling time summed by
// event type and receiver class (SS_BREAKDOWN=1 prints the top ones).
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool notify(QObject *receiver, QEvent *event) override
    {
        // Top-level events, and paint events at any depth (painting happens
        // inside the window's update request).
        if (!m_enabled || (m_depth > 0 && event->type() != QEvent::Paint) || QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        // Named before: the receiver may be gone after (deleteLater).
        QString key = QStringLiteral("%1 %2").arg(int(event->type())).arg(QLatin1String(receiver->metaObject()->className()));
        if (receiver->parent()) // whose plot, whose viewport
            key += QStringLiteral(" in %1").arg(QLatin1String(receiver->parent()->metaObject()->className()));
        ++m_depth;
        const auto start = Clock::now();
        const bool result = QApplication::notify(receiver, event);
        --m_depth;
        const double took = ms(start);
        m_totals[key] += took;
        if (m_move)
            (*m_move)[key] += took;
        return result;
    }
    // While set, the time of each event is also added here (one move's).
    QHash<QString, double> *m_move = nullptr;
    void print() const
    {
        std::vector<std::pair<double, QString>> sorted;
        for (auto it = m_totals.begin(); it != m_totals.end(); ++it)
            sorted.emplace_back(it.value(), it.key());
        std::sort(sorted.rbegin(), sorted.rend());
        for (std::size_t i = 0; i < std::min<std::size_t>(15, sorted.size()); ++i)
            std::printf("  %9.1f ms  event %s\n", sorted[i].first, qPrintable(sorted[i].second));
    }
    bool m_enabled = qEnvironmentVariableIsSet("SS_BREAKDOWN");

private:
    int m_depth = 0;
    QHash<QString, double> m_totals;
};

} // namespace

int main(int argc, char *argv[])
{
    TimingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // settings of its own
    const QStringList args = app.arguments();
    QTemporaryDir dir;
    QString path = args.value(1);
    const std::int64_t events = args.value(2, QStringLiteral("10000000")).toLongLong();
    const int samples = args.value(3, QStringLiteral("200")).toInt();
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("iot.sss"));
        std::fprintf(stderr, "writing %lld demo iot events to %s...\n", (long long)events, qPrintable(path));
        DemoSessionOptions options;
        options.events = events;
        if (Status st = writeDemoSession(path, options); !st) {
            std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
            return 1;
        }
    } else {
        // Storing the pipeline writes into the session: work on a copy.
        const QString copy = dir.filePath(QStringLiteral("copy.sss"));
        std::fprintf(stderr, "copying %s...\n", qPrintable(path));
        if (!QFile::copy(path, copy)) {
            std::fprintf(stderr, "cannot copy %s\n", qPrintable(path));
            return 1;
        }
        path = copy;
    }

    MainWindow window;
    window.resize(1600, 960);
    window.show();
    if (Status st = window.openSession(path); !st) {
        std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
        return 1;
    }
    ReplayDebugger *replay = window.replay();
    ReplayController *c = replay->controller();
    qint64 indexed = 0, total = 1;
    QObject::connect(c, &ReplayController::indexingProgress, [&](qint64 done, qint64 all) {
        indexed = done;
        total = all;
    });
    bool delivered = false;
    // Connected after the debugger's own handler: runs once every view has the frame.
    QObject::connect(c, &ReplayController::frameChanged, [&] { delivered = true; });

    auto t = Clock::now();
    if (Status st = replay->loadPipeline(QStringLiteral("bench"), QString::fromUtf8(kPipeline)); !st) {
        std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
        return 1;
    }
    while (!c->frame())
        app.processEvents(QEventLoop::WaitForMoreEvents);
    const std::int64_t count = c->eventCount();
    std::printf("session: %lld events; pipeline loaded, first frame in %.0f ms\n", (long long)count, ms(t));

    // One move: trigger it, wait for the frame to reach the views, then let
    // the window paint (the update requests the views posted).
    // With SS_BREAKDOWN, the slowest steps and what the GUI thread did in them.
    std::vector<std::pair<double, QHash<QString, double>>> slowSteps;
    const auto move = [&](auto &&trigger, bool step = true) {
        delivered = false;
        QHash<QString, double> events;
        app.m_move = &events;
        const auto start = Clock::now();
        trigger();
        while (!delivered)
            app.processEvents(QEventLoop::WaitForMoreEvents);
        app.processEvents();
        const double took = ms(start);
        app.m_move = nullptr;
        if (app.m_enabled && step) {
            slowSteps.emplace_back(took, std::move(events));
            std::sort(slowSteps.begin(), slowSteps.end(), [](const auto &a, const auto &b) { return a.first > b.first; });
            slowSteps.resize(std::min<std::size_t>(slowSteps.size(), 4));
        }
        return took;
    };

    QRandomGenerator rng(2026);
    // Between presses, what a person leaves at the least (a key held down
    // repeats every ~33 ms): the work a move started in the background (the
    // table loading the rows around a new position) finishes in between.
    const auto settle = [&](int ms) {
        const auto until = Clock::now() + std::chrono::milliseconds(ms);
        while (Clock::now() < until)
            app.processEvents(QEventLoop::AllEvents, 5);
    };
    const auto measure = [&](const char *label, int n) {
        std::vector<double> seeks, forwards, backs;
        for (int i = 0; i < n; ++i) {
            const std::int64_t target = std::int64_t(rng.bounded(quint64(count - 2))) + 1;
            seeks.push_back(move([&] { c->seek(target); }, false));
            settle(200);
            forwards.push_back(move([&] { c->stepForward(); }));
            settle(33);
            backs.push_back(move([&] { c->stepBack(); }));
            settle(33);
        }
        std::printf("%s\n", label);
        report("  seek (jump)", seeks);
        report("  step forward (→)", forwards);
        report("  step back (←)", backs);
    };

    measure("right after opening (indexing in the background):", std::max(10, samples / 10));

    // Indexed, and the watermark plot's own pass over the session done and
    // drawn: no background work left.
    t = Clock::now();
    while (indexed < total || !replay->watermarkView()->hasSeries())
        app.processEvents(QEventLoop::WaitForMoreEvents);
    settle(500);
    std::printf("indexed (and the watermark plot drawn) in the background in %.1f s more\n", ms(t) / 1000);

    slowSteps.clear();
    measure("indexed:", samples);
    std::printf("targets: step p99 <= 16 ms, seek p99 <= 100 ms\n");
    if (app.m_enabled) {
        std::printf("GUI thread time by event and receiver:\n");
        app.print();
        std::printf("the slowest steps once indexed, by event and receiver:\n");
        for (const auto &[took, events] : slowSteps) {
            std::vector<std::pair<double, QString>> sorted;
            for (auto it = events.begin(); it != events.end(); ++it)
                sorted.emplace_back(it.value(), it.key());
            std::sort(sorted.rbegin(), sorted.rend());
            std::printf("  %.1f ms:", took);
            for (std::size_t i = 0; i < std::min<std::size_t>(5, sorted.size()); ++i)
                std::printf("  %.1f %s;", sorted[i].first, qPrintable(sorted[i].second));
            std::printf("\n");
        }
    }
    return 0;
}
