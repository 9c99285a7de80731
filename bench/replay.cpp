// Replay latency on a large session: step back and seek anywhere, as
// percentiles over random positions. Targets (10 M events): step back p99
// <= 16 ms, seek p99 <= 100 ms.
//
//   bench/replay [SESSION] [EVENTS] [SAMPLES]
//
// Without SESSION it writes a demo iot session of EVENTS (default
// 10,000,000) first. Checkpoints are built once (timed, and against building
// them stepping one event at a time on one thread) before measuring, and a
// search for the next breakpoint through the whole session is timed both ways.

#include "demo/demosession.h"
#include "engine/pipelinefile.h"
#include "replay/player.h"

#include <QCoreApplication>
#include <QRandomGenerator>
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
    std::sort(samples.begin(), samples.end());
    auto pct = [&](double p) { return samples[std::min(samples.size() - 1, std::size_t(p / 100.0 * double(samples.size())))]; };
    std::printf("%-12s n=%zu  p50 %7.2f ms  p90 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, samples.size(), pct(50),
                pct(90), pct(99), samples.back());
}

const char *const kPipeline = R"(
event_time: value.ts
watermark: bounded 2s
idle_timeout: 30s
key: value.sensor
window: tumbling 10s
allowed_lateness: 5s
aggregate: count
aggregate: avg(value.temperature_c)
aggregate: p95(value.temperature_c)
)";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTemporaryDir dir;
    QString path = args.value(1);
    const std::int64_t events = args.value(2, QStringLiteral("10000000")).toLongLong();
    const int samples = args.value(3, QStringLiteral("300")).toInt();
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("iot.sss"));
        std::fprintf(stderr, "writing %lld demo iot events to %s...\n", (long long)events, qPrintable(path));
        DemoSessionOptions options;
        options.events = events;
        auto t = Clock::now();
        if (Status st = writeDemoSession(path, options); !st) {
            std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
            return 1;
        }
        std::fprintf(stderr, "written in %.1f s\n", ms(t) / 1000);
    }
    auto spec = std::get<PipelineSpec>(parsePipeline(QString::fromUtf8(kPipeline)));
    auto player = Player::open(path, spec);
    if (!player) {
        std::fprintf(stderr, "%s\n", qPrintable(player.error().message));
        return 1;
    }
    const std::int64_t count = (*player)->eventCount();
    auto t = Clock::now();
    if (Status st = (*player)->buildCheckpoints(); !st) {
        std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
        return 1;
    }
    const double buildMs = ms(t);
    std::printf("session: %lld events; checkpoints built in %.1f s (%zu, every %d events)\n", (long long)count,
                buildMs / 1000, (*player)->checkpointCount(), (*player)->checkpointInterval());
    {
        // The same on one thread, stepping event by event (as before the
        // player read ahead): the baseline of the line above.
        Player::Options oneByOne;
        oneByOne.readAheadFrom = 0;
        auto stepping = Player::open(path, spec, oneByOne);
        if (!stepping) {
            std::fprintf(stderr, "%s\n", qPrintable(stepping.error().message));
            return 1;
        }
        t = Clock::now();
        if (Status st = (*stepping)->buildCheckpoints(); !st) {
            std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
            return 1;
        }
        const double steppingMs = ms(t);
        std::printf("  stepping one by one on one thread: %.1f s; reading ahead is %.2fx as fast (same %zu checkpoints: %s)\n",
                    steppingMs / 1000, steppingMs / buildMs, (*stepping)->checkpointCount(),
                    (*stepping)->checkpointCount() == (*player)->checkpointCount() ? "yes" : "NO");

        // Run to the next breakpoint from the first event, through the whole
        // session: a filter that matches nothing and a watermark that never
        // passes.
        Breakpoint filter;
        filter.kind = Breakpoint::Kind::FilterMatch;
        filter.expression = QStringLiteral("value.sensor == \"no-such-sensor\"");
        Breakpoint never;
        never.kind = Breakpoint::Kind::WatermarkPasses;
        never.timeMs = std::numeric_limits<std::int64_t>::max();
        std::vector<BreakpointCheck> checks;
        for (const Breakpoint &b : {filter, never})
            checks.push_back(std::move(BreakpointCheck::create(b).value()));
        double searchMs[2] = {0, 0};
        Player *players[2] = {player->get(), stepping->get()};
        for (int i = 0; i < 2; ++i) {
            (void)players[i]->seek(0);
            t = Clock::now();
            auto hits = players[i]->searchForward(checks);
            searchMs[i] = ms(t);
            if (!hits || !hits->empty() || players[i]->cursor() != 0) {
                std::fprintf(stderr, "the search should have found nothing and come back\n");
                return 1;
            }
        }
        std::printf("search forward through the session (no hit): reading ahead %.1f s, one by one %.1f s: %.2fx as fast\n",
                    searchMs[0] / 1000, searchMs[1] / 1000, searchMs[1] / searchMs[0]);
    }

    QRandomGenerator rng(2026);
    std::vector<double> seeks, backs, forwards;
    for (int i = 0; i < samples; ++i) {
        const std::int64_t target = std::int64_t(rng.bounded(quint64(count - 2))) + 1;
        t = Clock::now();
        (void)(*player)->seek(target);
        seeks.push_back(ms(t));
        t = Clock::now();
        (void)(*player)->stepBack();
        backs.push_back(ms(t));
        t = Clock::now();
        (void)(*player)->stepForward();
        forwards.push_back(ms(t));
    }
    report("seek", seeks);
    report("step back", backs);
    report("step forward", forwards);
    std::printf("targets: seek p99 <= 100 ms, step back p99 <= 16 ms\n");
    return 0;
}
