// Engine throughput on a recorded iot session, against a baseline measured
// in the same run: the same session scan, the same payloads parsed with
// simdjson, and the same windows (tumbling 1 s count/sum/avg per sensor on
// the payload's "ts") aggregated by a hand-written loop. The target's
// baseline parses with On-Demand; a second one with DOM shows what is left
// of the gap once the loop, too, validates every payload as the engine must.
//
//   bench/engine [SESSION] [EVENTS] [ROUNDS]
//
// Without SESSION (or with "-") it writes a demo iot session of EVENTS
// (default 2,000,000) to a temporary file first. Prints events/s of each and
// the ratios: the engine on one thread (as the replay player steps it), and a
// whole PipelineRunner run (as the CLI and exports do: reading and extracting
// on a worker thread while the calling thread steps). Each is run ROUNDS times
// (default 5), interleaved with the baselines; the figures are the medians
// and each ratio's range over the rounds, and the ratio of the best rounds:
// noise on a shared machine only ever adds time, so each run's fastest
// round is its least disturbed one.

#include "demo/demosession.h"
#include "engine/eventextractor.h"
#include "engine/pipelinefile.h"
#include "engine/resultjson.h"
#include "replay/pipelinerun.h"
#include "replay/player.h"
#include "session/sessionreader.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <cstdio>
#include <string>
#include <unordered_map>

using namespace streamscope;

namespace {

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

const char *const kPipeline = R"(
event_time: value.ts
watermark: bounded 2s
key: value.sensor
window: tumbling 1s
aggregate: count
aggregate: sum(value.temperature_c)
aggregate: avg(value.temperature_c)
)";

// Each measured run is repeated this many times, interleaved, by default.
constexpr int kDefaultRounds = 5;

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QTemporaryDir dir;
    QString path = args.value(1);
    const std::int64_t events = args.value(2, QStringLiteral("2000000")).toLongLong();
    const int rounds = args.value(3, QString::number(kDefaultRounds)).toInt();
    if (events <= 0 || rounds <= 0) {
        std::fprintf(stderr, "usage: %s [SESSION|-] [EVENTS > 0] [ROUNDS > 0]\n", qPrintable(args.value(0)));
        return 1;
    }
    if (path == QLatin1String("-"))
        path.clear();
    if (path.isEmpty()) {
        path = dir.filePath(QStringLiteral("iot.sss"));
        std::fprintf(stderr, "writing %lld demo iot events to %s...\n", (long long)events, qPrintable(path));
        DemoSessionOptions options;
        options.events = events;
        if (Status st = writeDemoSession(path, options); !st) {
            std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
            return 1;
        }
    }
    auto reader = SessionReader::open(path);
    if (!reader) {
        std::fprintf(stderr, "%s\n", qPrintable(reader.error().message));
        return 1;
    }
    const std::int64_t count = (*reader)->eventCount();
    auto spec = std::get<PipelineSpec>(parsePipeline(QString::fromUtf8(kPipeline)));

    // Warm the page cache and measure the bare scan.
    auto start = std::chrono::steady_clock::now();
    std::int64_t bytes = 0;
    (void)(*reader)->scan(0, count, [&](const EventView &e) {
        bytes += e.value.size;
        return true;
    });
    const double scan = seconds(start);

    // Baselines: a hand-written tumbling aggregation over the payloads parsed
    // by simdjson — On-Demand (reads only the three fields: a payload broken
    // after them still counts), and DOM (validates the whole payload first,
    // as the engine's "not JSON → every value. path missing" rule needs).
    struct Acc {
        std::int64_t count = 0;
        double sum = 0;
    };
    struct HandWrittenLoop {
        std::unordered_map<std::string, std::unordered_map<std::int64_t, Acc>> windows;
        std::int64_t fired = 0;
        std::int64_t maxTs = 0;
        void add(std::int64_t seq, std::string_view sensor, std::int64_t ts, double temperature)
        {
            Acc &acc = windows[std::string(sensor)][ts - ts % 1000];
            ++acc.count;
            acc.sum += temperature;
            // Fire and drop windows the watermark passed (every 4096 events).
            maxTs = std::max(maxTs, ts);
            if (seq % 4096 == 0) {
                const std::int64_t watermark = maxTs - 2000 - 1;
                for (auto &[key, perWindow] : windows)
                    for (auto it = perWindow.begin(); it != perWindow.end();)
                        if (it->first + 999 <= watermark) {
                            fired += it->second.count > 0 && it->second.sum / double(it->second.count) > -1000;
                            it = perWindow.erase(it);
                        } else {
                            ++it;
                        }
            }
        }
    };
    std::string padded;
    auto pad = [&](const EventView &e) {
        padded.assign(e.value.data, std::size_t(e.value.size));
        padded.resize(padded.size() + simdjson::SIMDJSON_PADDING);
    };

    // The hand-written loop over the payloads as one parser reads them:
    // readFields(size, sensor, ts, temperature) reads the padded payload of
    // that size, false when it refuses it.
    std::int64_t fired = 0, validatingFired = 0, results = 0;
    const auto runLoop = [&](auto &&readFields, std::int64_t &windowsFired) {
        const auto start = std::chrono::steady_clock::now();
        HandWrittenLoop loop;
        (void)(*reader)->scan(0, count, [&](const EventView &e) {
            pad(e);
            std::string_view sensor;
            std::int64_t ts = 0;
            double temperature = 0;
            if (readFields(std::size_t(e.value.size), sensor, ts, temperature))
                loop.add(e.seq, sensor, ts, temperature);
            return true;
        });
        windowsFired = loop.fired;
        return seconds(start);
    };
    const auto runBaseline = [&] {
        simdjson::ondemand::parser onDemand; // a fresh one each round, as the engine's extractor
        return runLoop(
            [&](std::size_t size, std::string_view &sensor, std::int64_t &ts, double &temperature) {
                auto doc = onDemand.iterate(padded.data(), size, padded.size());
                return !(doc["sensor"].get_string().get(sensor) || doc["ts"].get_int64().get(ts)
                         || doc["temperature_c"].get_double().get(temperature));
            },
            fired);
    };
    const auto runValidatingBaseline = [&] {
        simdjson::dom::parser dom;
        return runLoop(
            [&](std::size_t size, std::string_view &sensor, std::int64_t &ts, double &temperature) {
                simdjson::dom::element doc;
                return !(dom.parse(padded.data(), size, false).get(doc) || doc["sensor"].get_string().get(sensor)
                         || doc["ts"].get_int64().get(ts) || doc["temperature_c"].get_double().get(temperature));
            },
            validatingFired);
    };
    // The engine on one thread: extractor (the expression language) + engine.
    auto partitions = pipelineInputPartitions(**reader, spec);
    const auto runEngine = [&] {
        const auto start = std::chrono::steady_clock::now();
        auto extractor = EventExtractor::create(spec, (*reader)->topics());
        Engine engine(spec, *partitions);
        results = 0;
        (void)(*reader)->scan(0, count, [&](const EventView &e) {
            results += std::int64_t(engine.step(extractor->extract(e)).results.size());
            return true;
        });
        return seconds(start);
    };
    // A whole run as `streamscope-cli run` and the exports do it: the session
    // read and its events extracted on a worker thread while this one steps.
    std::int64_t runResults = 0;
    const auto runPipeline = [&]() -> std::optional<double> {
        auto runner = PipelineRunner::open(path, spec);
        if (!runner) {
            std::fprintf(stderr, "%s\n", qPrintable(runner.error().message));
            return std::nullopt;
        }
        runResults = 0;
        const auto start = std::chrono::steady_clock::now();
        if (Status st = (*runner)->run([&](const StepReport &r) { runResults += std::int64_t(r.results.size()); }); !st) {
            std::fprintf(stderr, "%s\n", qPrintable(st.error().message));
            return std::nullopt;
        }
        return seconds(start);
    };

    // Interleaved rounds: a noisy machine slows whichever run it meets, so
    // each round's ratios compare runs made next to each other, and the
    // median round is the figure (the range shows the noise).
    std::vector<double> baselines, validatingBaselines, engines, runs;
    std::vector<double> ratios, runRatios, validatingRatios, validatingRunRatios;
    for (int round = 0; round < rounds; ++round) {
        baselines.push_back(runBaseline());
        validatingBaselines.push_back(runValidatingBaseline());
        engines.push_back(runEngine());
        const std::optional<double> run = runPipeline();
        if (!run)
            return 1;
        runs.push_back(*run);
        ratios.push_back(baselines.back() / engines.back());
        runRatios.push_back(baselines.back() / runs.back());
        validatingRatios.push_back(validatingBaselines.back() / engines.back());
        validatingRunRatios.push_back(validatingBaselines.back() / runs.back());
        std::fprintf(stderr, "round %d of %d: baseline %.2f s, validating baseline %.2f s, engine %.2f s, run %.2f s\n",
                     round + 1, rounds, baselines.back(), validatingBaselines.back(), engines.back(), runs.back());
    }
    const double baseline = median(baselines), validatingBaseline = median(validatingBaselines),
                 engineSeconds = median(engines), runSeconds = median(runs);

    // Result lines as `run --json` prints them: ResultJsonWriter against
    // QJsonDocument over the same results (the first 500,000).
    std::vector<WindowResult> kept;
    {
        Engine again(spec, *partitions);
        auto x = EventExtractor::create(spec, (*reader)->topics());
        (void)(*reader)->scan(0, count, [&](const EventView &e) {
            for (const WindowResult &r : again.step(x->extract(e)).results)
                kept.push_back(r);
            return kept.size() < 500000;
        });
    }
    QByteArray viaQt, viaWriter;
    start = std::chrono::steady_clock::now();
    for (const WindowResult &r : kept) {
        viaQt += QJsonDocument(r.toJson()).toJson(QJsonDocument::Compact);
        viaQt += '\n';
    }
    const double qtSeconds = seconds(start);
    ResultJsonWriter writer;
    start = std::chrono::steady_clock::now();
    for (const WindowResult &r : kept) {
        writer.append(viaWriter, r);
        viaWriter += '\n';
    }
    const double writerSeconds = seconds(start);

    const auto best = [](const std::vector<double> &v) { return *std::min_element(v.begin(), v.end()); };
    const auto range = [&best](const std::vector<double> &v) {
        return QStringLiteral("%1 (%2–%3)")
            .arg(median(v), 0, 'f', 2)
            .arg(best(v), 0, 'f', 2)
            .arg(*std::max_element(v.begin(), v.end()), 0, 'f', 2);
    };
    std::printf("session: %lld events, %.0f MB of values; medians of %d interleaved rounds\n", (long long)count,
                double(bytes) / 1e6, rounds);
    std::printf("session scan alone:          %6.2f s  %10.0f events/s\n", scan, double(count) / scan);
    std::printf("baseline simdjson + loop:    %6.2f s  %10.0f events/s  (%lld windows)\n", baseline,
                double(count) / baseline, (long long)fired);
    std::printf("baseline, validating (simdjson DOM + loop): %6.2f s  %10.0f events/s  (%lld windows)\n",
                validatingBaseline, double(count) / validatingBaseline, (long long)validatingFired);
    std::printf("engine, one thread (expressions + Flink semantics): %6.2f s  %10.0f events/s  (%lld window results)\n",
                engineSeconds, double(count) / engineSeconds, (long long)results);
    std::printf("engine, pipeline run (read+extract | step):         %6.2f s  %10.0f events/s  (%lld window results)\n",
                runSeconds, double(count) / runSeconds, (long long)runResults);
    std::printf("ratio engine/baseline, median (range) of the rounds: one thread %s, pipeline run %s  (target >= 0.5); "
                "engine target >= 2,000,000 events/s\n",
                qPrintable(range(ratios)), qPrintable(range(runRatios)));
    std::printf("ratio engine/validating baseline: one thread %s, pipeline run %s\n", qPrintable(range(validatingRatios)),
                qPrintable(range(validatingRunRatios)));
    std::printf("best rounds (each run's fastest: %.2f / %.2f / %.2f / %.2f s): ratio one thread %.2f, pipeline run %.2f; "
                "against the validating baseline %.2f / %.2f\n",
                best(baselines), best(validatingBaselines), best(engines), best(runs), best(baselines) / best(engines),
                best(baselines) / best(runs), best(validatingBaselines) / best(engines),
                best(validatingBaselines) / best(runs));
    std::printf("result lines (%zu): QJsonDocument %.2f s, ResultJsonWriter %.2f s, ratio %.1f, bytes %s\n", kept.size(),
                qtSeconds, writerSeconds, qtSeconds / writerSeconds, viaQt == viaWriter ? "identical" : "DIFFERENT");
    return results == runResults && viaQt == viaWriter ? 0 : 2;
}
