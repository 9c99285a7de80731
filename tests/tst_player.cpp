// The replay core over real (generated demo) sessions: seeking anywhere gives
// exactly the state of a fresh run stopped there; stepping back and forth is
// exact; breakpoints stop where the engine says the thing happened; seeks by
// arrival, event time and offset land on the right event; runs are
// deterministic.

#include "testsupport.h"

#include "engine/pipelinefile.h"
#include "replay/player.h"
#include "replay/windowhistory.h"

#include <QJsonDocument>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

Q_DECLARE_METATYPE(streamscope::Breakpoint)

namespace {

const char *const kIotPipeline = R"(
event_time: value.ts
watermark: bounded 2s
idle_timeout: 20s
key: value.sensor
window: tumbling 5s
allowed_lateness: 3s
aggregate: count
aggregate: avg(value.temperature_c) as avg
aggregate: p90(value.temperature_c)
)";

const char *const kClicksPipeline = R"(
event_time: value.ts
watermark: bounded 1s
key: value.user
window: session 30s
allowed_lateness: 2s
aggregate: count
aggregate: collect
)";

QByteArray stateJson(const Player &player) { return QJsonDocument(player.snapshot().toJson()).toJson(QJsonDocument::Compact); }

// A fresh engine run over the whole session: the reference.
struct Reference {
    std::vector<QByteArray> snapshotAt; // only at sampled seqs, else empty
    std::vector<StepReport> reports;
};

Reference referenceRun(const QString &path, const PipelineSpec &spec, const QSet<std::int64_t> &sampled)
{
    Reference ref;
    auto reader = SessionReader::open(path);
    auto extractor = EventExtractor::create(spec, (*reader)->topics());
    auto partitions = pipelineInputPartitions(**reader, spec);
    Engine engine(spec, *partitions);
    ref.snapshotAt.resize(std::size_t((*reader)->eventCount()));
    (void)(*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &e) {
        if (extractor->isInput(e)) {
            ref.reports.push_back(engine.step(extractor->extract(e)));
        } else { // an event of a topic the pipeline does not read: no step
            ref.reports.emplace_back().seq = e.seq;
        }
        if (sampled.contains(e.seq))
            ref.snapshotAt[std::size_t(e.seq)] = QJsonDocument(engine.snapshot().toJson()).toJson(QJsonDocument::Compact);
        return true;
    });
    return ref;
}

} // namespace

class TestPlayer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot, m_clicks;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 30000, 4, 11);
        m_clicks = writeDemoSession(m_dir.filePath(QStringLiteral("clicks.sss")), QStringLiteral("clicks"), 12000, 4, 12);
        QVERIFY(!m_iot.isEmpty() && !m_clicks.isEmpty());
    }

    void seekEqualsFreshRun_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<int>("interval");
        QTest::addColumn<int>("readAheadFrom"); // long forward moves read ahead on a worker thread
        QTest::addRow("iot, checkpoints every 512") << "iot" << 512 << 0;
        QTest::addRow("iot, every 512, reading ahead") << "iot" << 512 << 64;
        QTest::addRow("iot, checkpoints every 1") << "iot" << 1 << 64;
        QTest::addRow("clicks sessions, every 700") << "clicks" << 700 << 0;
        QTest::addRow("clicks sessions, every 700, reading ahead") << "clicks" << 700 << 64;
    }

    void seekEqualsFreshRun()
    {
        QFETCH(QString, which);
        QFETCH(int, interval);
        QFETCH(int, readAheadFrom);
        const QString path = which == QLatin1String("iot") ? m_iot : m_clicks;
        const PipelineSpec spec = pipeline(which == QLatin1String("iot") ? kIotPipeline : kClicksPipeline);
        QRandomGenerator rng(which == QLatin1String("iot") ? 7 : 8);
        auto reader = SessionReader::open(path);
        SS_VERIFY_OK(reader);
        const std::int64_t count = (*reader)->eventCount();
        QList<std::int64_t> targets = {0, 1, interval - 1, interval, count - 1, count / 2};
        for (int i = 0; i < 60; ++i)
            targets << std::int64_t(rng.bounded(quint64(count)));
        const QSet<std::int64_t> sampled(targets.begin(), targets.end());
        const Reference ref = referenceRun(path, spec, sampled);

        Player::Options options;
        options.checkpointInterval = interval;
        options.readAheadFrom = readAheadFrom;
        auto player = Player::open(path, spec, options);
        SS_VERIFY_OK(player);
        // Random order: forward jumps, backward jumps, repeats.
        for (std::int64_t target : targets) {
            SS_VERIFY_OK((*player)->seek(target));
            QCOMPARE((*player)->cursor(), target);
            QCOMPARE(stateJson(**player), ref.snapshotAt[std::size_t(target)]);
            // The report is the one of the step to target.
            QCOMPARE((*player)->lastReport().seq, target);
            QCOMPARE((*player)->lastReport().results.size(), ref.reports[std::size_t(target)].results.size());
        }
    }

    // Long forward moves read and extract events on a worker thread: a
    // player doing so must execute exactly the steps of one that steps
    // event by event — the same observer calls, checkpoints on the same
    // seqs (also on events the pipeline does not read), the same state and
    // report wherever it stops, and the breakpoint context of the cursor.
    void readingAheadEqualsSteppingOneByOne()
    {
        const QString path = writeTwoTopicSession(m_dir.filePath(QStringLiteral("two.sss")), 20000);
        QVERIFY(!path.isEmpty());
        const PipelineSpec spec = pipeline("topics: in\nevent_time: value.ts\nwatermark: bounded 1s\nkey: value.k\n"
                                           "window: tumbling 1s\naggregate: count\naggregate: sum(value.v)\n");
        const QList<std::int64_t> targets = {19999, 5000, 12345, 0, 7, 19998, 3000, 19999};
        const Reference ref = referenceRun(path, spec, QSet<std::int64_t>(targets.begin(), targets.end()));
        struct Run {
            std::unique_ptr<Player> player;
            QStringList observed;
        };
        std::vector<Run> runs(2);
        for (std::size_t i = 0; i < runs.size(); ++i) {
            Player::Options options;
            options.checkpointInterval = 100;
            options.readAheadFrom = i == 0 ? 0 : 16;
            auto player = Player::open(path, spec, options);
            SS_VERIFY_OK(player);
            runs[i].player = std::move(player.value());
            runs[i].player->setStepObserver([&observed = runs[i].observed](const StepReport &r, const EngineEvent &e) {
                QCOMPARE(r.seq, e.seq);
                observed << QStringLiteral("%1 %2 %3 %4").arg(e.seq).arg(r.changes.size()).arg(r.results.size()).arg(r.watermarkAfter);
            });
        }
        Breakpoint noise;
        noise.kind = Breakpoint::Kind::FilterMatch;
        noise.expression = QStringLiteral("topic == \"noise\"");
        auto noiseCheck = BreakpointCheck::create(noise);
        SS_VERIFY_OK(noiseCheck);
        const std::vector<BreakpointCheck> noiseAtCursor{*noiseCheck};
        for (std::int64_t target : targets) {
            for (Run &run : runs) {
                SS_VERIFY_OK(run.player->seek(target));
                QCOMPARE(run.player->cursor(), target);
                QCOMPARE(run.player->executedUpTo(), std::max(target, runs[0].player->executedUpTo()));
                QCOMPARE(stateJson(*run.player), ref.snapshotAt[std::size_t(target)]);
                QCOMPARE(run.player->lastReport().seq, target);
                QCOMPARE(run.player->lastReport().changes.size(), ref.reports[std::size_t(target)].changes.size());
                auto hits = run.player->checksHitAtCursor(noiseAtCursor);
                SS_VERIFY_OK(hits);
                QCOMPARE(hits->size(), target % 3 == 2 ? 1u : 0u);
            }
            QCOMPARE(runs[1].player->checkpointCount(), runs[0].player->checkpointCount());
        }
        QCOMPARE(runs[1].observed, runs[0].observed);
        QVERIFY(runs[0].observed.size() > 13000); // two events in three are inputs, some stepped again
    }

    // Searching forward for a breakpoint reads ahead once the search goes
    // on: it must stop on the steps stepping one by one stops on, with the
    // same hits, state and report — for filter matches (checked on the
    // worker, also on events the pipeline does not read) and for breakpoints
    // on the steps — and come back where it started when nothing hits.
    void searchingAheadStopsWhereSteppingStops_data()
    {
        QTest::addColumn<QList<Breakpoint>>("breakpoints");
        auto make = [](Breakpoint::Kind kind) {
            Breakpoint b;
            b.kind = kind;
            return b;
        };
        Breakpoint noise = make(Breakpoint::Kind::FilterMatch);
        noise.expression = QStringLiteral("topic == \"noise\" && value.v == 12 && value.k == \"k1\"");
        Breakpoint input = make(Breakpoint::Kind::FilterMatch);
        input.expression = QStringLiteral("value.k == \"k3\" && value.v == 0");
        Breakpoint fires = make(Breakpoint::Kind::WindowFires);
        fires.key = QByteArray("k5");
        Breakpoint passes = make(Breakpoint::Kind::WatermarkPasses);
        passes.timeMs = 150000;
        Breakpoint state = make(Breakpoint::Kind::StateCondition);
        state.aggregate = QStringLiteral("sum(value.v)");
        state.threshold = 100;
        Breakpoint disabled = noise;
        disabled.enabled = false;
        QTest::addRow("filter, not an input") << QList<Breakpoint>{noise};
        QTest::addRow("filter, input") << QList<Breakpoint>{input};
        QTest::addRow("window fires for a key") << QList<Breakpoint>{fires};
        QTest::addRow("watermark passes") << QList<Breakpoint>{passes};
        QTest::addRow("state condition") << QList<Breakpoint>{state};
        QTest::addRow("filter or late dropped") << QList<Breakpoint>{noise, make(Breakpoint::Kind::LateDropped), disabled};
    }

    void searchingAheadStopsWhereSteppingStops()
    {
        QFETCH(QList<Breakpoint>, breakpoints);
        const QString path = m_dir.filePath(QStringLiteral("search.sss"));
        if (!QFile::exists(path))
            QVERIFY(!writeTwoTopicSession(path, 20000).isEmpty());
        const PipelineSpec spec = pipeline("topics: in\nevent_time: value.ts\nwatermark: bounded 1s\nkey: value.k\n"
                                           "window: tumbling 2s\naggregate: count\naggregate: sum(value.v)\n");
        std::vector<BreakpointCheck> checks;
        for (const Breakpoint &b : breakpoints) {
            auto check = BreakpointCheck::create(b);
            SS_VERIFY_OK(check);
            checks.push_back(std::move(check.value()));
        }
        QStringList stops[2];
        std::int64_t longestJump = 0;
        for (int i = 0; i < 2; ++i) {
            Player::Options options;
            options.checkpointInterval = 100;
            options.readAheadFrom = i == 0 ? 0 : 16;
            auto player = Player::open(path, spec, options);
            SS_VERIFY_OK(player);
            SS_VERIFY_OK((*player)->seek(10)); // not from the very start
            while (true) {
                const std::int64_t from = (*player)->cursor();
                auto hits = (*player)->searchForward(checks);
                SS_VERIFY_OK(hits);
                if (hits->empty()) {
                    QCOMPARE((*player)->cursor(), from); // back where it started
                    stops[i] << QStringLiteral("none from %1").arg(from);
                    break;
                }
                longestJump = std::max(longestJump, (*player)->cursor() - from);
                QList<int> which(hits->begin(), hits->end());
                QVERIFY(!which.contains(2)); // a disabled breakpoint never hits
                QCOMPARE((*player)->lastReport().seq, (*player)->cursor());
                stops[i] << QStringLiteral("%1 hits %2 report %3/%4 state %5")
                                .arg((*player)->cursor())
                                .arg(QString::number(which.size()) + QLatin1Char(':') + QString::number(which.first()))
                                .arg((*player)->lastReport().changes.size())
                                .arg((*player)->lastReport().results.size())
                                .arg(QString::fromUtf8(stateJson(**player)).size());
                if (stops[i].size() > 400)
                    break; // enough
            }
        }
        QCOMPARE(stops[1], stops[0]);
        QVERIFY2(stops[0].size() >= 2, qPrintable(stops[0].join(QLatin1Char('\n'))));
        QVERIFY(longestJump > 16); // some searches went on long enough to read ahead
    }

    // The window history (what the lanes draw beyond the state) after steps
    // back — cut from what it kept, not replayed — equals the history a
    // fresh player and history have at that seq; also after forward steps
    // and past the margin kept for stepping back.
    void windowHistoryStepsBackExactly()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);
        const int depth = 120;
        WindowHistory history(depth);
        const auto follow = [](WindowHistory &h, Player &p) { return h.follow(p, p.snapshot()); };
        const auto same = [&](std::int64_t seq) {
            auto fresh = Player::open(m_iot, spec);
            SS_VERIFY_OK(fresh);
            SS_VERIFY_OK((*fresh)->seek(seq));
            WindowHistory reference(depth);
            SS_VERIFY_OK(follow(reference, **fresh));
            const QList<WindowHistoryEntry> a = history.entries(), b = reference.entries();
            QCOMPARE(a.size(), b.size());
            for (qsizetype i = 0; i < a.size(); ++i) {
                QCOMPARE(a[i].key, b[i].key);
                QVERIFY(a[i].window == b[i].window);
                QCOMPARE(int(a[i].fate), int(b[i].fate));
                QCOMPARE(a[i].atSeq, b[i].atSeq);
                QCOMPARE(a[i].seqs, b[i].seqs);
                QCOMPARE(a[i].aggregates, b[i].aggregates);
                QCOMPARE(a[i].firings, b[i].firings);
            }
            const QHash<qint64, EventPoint> pa = history.eventPoints(), pb = reference.eventPoints();
            QCOMPARE(pa.size(), pb.size());
            for (auto it = pb.begin(); it != pb.end(); ++it) {
                QVERIFY2(pa.contains(it.key()), qPrintable(QString::number(it.key())));
                QCOMPARE(pa[it.key()].key, it->key);
                QCOMPARE(pa[it.key()].eventTimeMs, it->eventTimeMs);
                QCOMPARE(int(pa[it.key()].late), int(it->late));
            }
        };
        SS_VERIFY_OK((*player)->seek(6000));
        SS_VERIFY_OK(follow(history, **player));
        // Forward a while, then back past where it started and beyond the margin.
        for (int i = 0; i < 80; ++i) {
            SS_VERIFY_OK((*player)->stepForward());
            SS_VERIFY_OK(follow(history, **player));
        }
        same((*player)->cursor());
        for (int i = 0; i < 500; ++i) {
            SS_VERIFY_OK((*player)->stepBack());
            SS_VERIFY_OK(follow(history, **player));
            if (i % 41 == 0 || i == 499) {
                same((*player)->cursor());
                if (QTest::currentTestFailed())
                    return;
            }
        }
    }

    void stepBackAndForth()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Player::Options options;
        options.checkpointInterval = 256;
        auto player = Player::open(m_iot, spec, options);
        SS_VERIFY_OK(player);
        SS_VERIFY_OK((*player)->seek(5000));
        QList<QByteArray> forward;
        for (int i = 0; i < 300; ++i) {
            SS_VERIFY_OK((*player)->stepForward());
            forward << stateJson(**player);
        }
        // Back 300 steps, comparing each with the state seen going forward.
        for (int i = 298; i >= 0; --i) {
            SS_VERIFY_OK((*player)->stepBack());
            QCOMPARE(stateJson(**player), forward[i]);
        }
        SS_VERIFY_OK((*player)->stepBack());
        QCOMPARE((*player)->cursor(), 5000);
        SS_VERIFY_OK((*player)->seek(-1));
        QVERIFY(!(*player)->stepBack().ok()); // before the first: a clear error, no move
        QCOMPARE((*player)->cursor(), -1);
    }

    void breakpointsStopWhereTheEngineSaysSo_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("change");
        QTest::addRow("late dropped") << int(Breakpoint::Kind::LateDropped) << int(ChangeKind::LateDropped);
        QTest::addRow("late accepted") << int(Breakpoint::Kind::LateAccepted) << int(ChangeKind::LateAccepted);
        QTest::addRow("window fires") << int(Breakpoint::Kind::WindowFires) << int(ChangeKind::WindowFired);
    }

    void breakpointsStopWhereTheEngineSaysSo()
    {
        QFETCH(int, kind);
        QFETCH(int, change);
        const PipelineSpec spec = pipeline(kIotPipeline);
        const Reference ref = referenceRun(m_iot, spec, {});
        QList<std::int64_t> hits;
        for (const StepReport &r : ref.reports)
            if (r.has(ChangeKind(change)))
                hits << r.seq;
        QVERIFY2(hits.size() >= 3, "the demo session has too few such events to test");
        Breakpoint b;
        b.kind = Breakpoint::Kind(kind);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);
        // Forward from the start: the first three hits in order.
        for (int i = 0; i < 3; ++i) {
            auto hit = (*player)->runUntil({b}, Player::Direction::Forward);
            SS_VERIFY_OK(hit);
            QVERIFY(hit->has_value());
            QCOMPARE(**hit, hits[i]);
            QCOMPARE((*player)->cursor(), hits[i]);
        }
        // Backward from the third: the second, then the first, then none.
        for (int i = 1; i >= 0; --i) {
            auto hit = (*player)->runUntil({b}, Player::Direction::Backward);
            SS_VERIFY_OK(hit);
            QVERIFY(hit->has_value());
            QCOMPARE(**hit, hits[i]);
        }
        auto none = (*player)->runUntil({b}, Player::Direction::Backward);
        SS_VERIFY_OK(none);
        QVERIFY(!none->has_value());
        QCOMPARE((*player)->cursor(), hits[0]); // stays put
        // From after the last hit, forward finds nothing and stays put.
        SS_VERIFY_OK((*player)->seek(hits.last()));
        auto after = (*player)->runUntil({b}, Player::Direction::Forward);
        SS_VERIFY_OK(after);
        QVERIFY(!after->has_value());
        QCOMPARE((*player)->cursor(), hits.last());
    }

    void otherBreakpoints()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);
        // A filter match: the first reading of sensor-007.
        Breakpoint match;
        match.kind = Breakpoint::Kind::FilterMatch;
        match.expression = QStringLiteral("value.sensor == \"sensor-007\"");
        auto hit = (*player)->runUntil({match}, Player::Direction::Forward);
        SS_VERIFY_OK(hit);
        QVERIFY(hit->has_value());
        auto event = (*player)->reader().event(**hit);
        SS_VERIFY_OK(event);
        QVERIFY(event->value->contains("\"sensor\":\"sensor-007\""));
        for (std::int64_t s = 0; s < **hit; ++s)
            QVERIFY(!(*player)->reader().event(s)->value->contains("\"sensor\":\"sensor-007\""));

        // The watermark passes a time: the step before is behind it, this one not.
        const std::int64_t t = (*player)->snapshot().watermark + 60000;
        Breakpoint passes;
        passes.kind = Breakpoint::Kind::WatermarkPasses;
        passes.timeMs = t;
        hit = (*player)->runUntil({passes}, Player::Direction::Forward);
        SS_VERIFY_OK(hit);
        QVERIFY(hit->has_value());
        QVERIFY((*player)->snapshot().watermark >= t);
        QVERIFY((*player)->lastReport().watermarkBefore < t);

        // A state condition: a window of sensor-003 reaches 3 events.
        Breakpoint state;
        state.kind = Breakpoint::Kind::StateCondition;
        state.aggregate = QStringLiteral("count");
        state.comparison = Breakpoint::Comparison::GreaterOrEqual;
        state.threshold = 3;
        state.key = QByteArray("sensor-003");
        hit = (*player)->runUntil({state}, Player::Direction::Forward);
        SS_VERIFY_OK(hit);
        QVERIFY(hit->has_value());
        const EngineSnapshot s = (*player)->snapshot();
        QVERIFY(std::any_of(s.windows.begin(), s.windows.end(), [](const WindowSnapshot &w) {
            return w.key == "sensor-003" && w.aggregates.value(QStringLiteral("count")).toInt() == 3;
        }));
        // A bad expression is an error, not a silent never-hit.
        Breakpoint bad;
        bad.kind = Breakpoint::Kind::FilterMatch;
        bad.expression = QStringLiteral("value.x ==");
        QVERIFY(!(*player)->runUntil({bad}, Player::Direction::Forward).ok());
    }

    void sessionMergeBreakpoint()
    {
        const PipelineSpec spec = pipeline(kClicksPipeline);
        auto player = Player::open(m_clicks, spec);
        SS_VERIFY_OK(player);
        Breakpoint merge;
        merge.kind = Breakpoint::Kind::SessionMerge;
        auto hit = (*player)->runUntil({merge}, Player::Direction::Forward);
        SS_VERIFY_OK(hit);
        // A visit's second click, seconds after the first, opens a session
        // that touches the first one's: they merge.
        QVERIFY(hit->has_value());
        QVERIFY((*player)->lastReport().has(ChangeKind::WindowsMerged));
        QVERIFY(**hit > 0);
    }

    void seekByArrivalEventTimeAndOffset()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        auto player = Player::open(m_iot, spec);
        SS_VERIFY_OK(player);
        auto reader = SessionReader::open(m_iot);
        SS_VERIFY_OK(reader);
        const Event e = *(*reader)->event(12345);

        auto bySeqArrival = (*player)->seekArrival(e.arrivalUs);
        SS_VERIFY_OK(bySeqArrival);
        QVERIFY(*bySeqArrival <= 12345);
        QCOMPARE((*reader)->event(*bySeqArrival)->arrivalUs, e.arrivalUs); // the first with that arrival
        if (*bySeqArrival > 0)
            QVERIFY((*reader)->event(*bySeqArrival - 1)->arrivalUs < e.arrivalUs);

        auto byOffset = (*player)->seekOffset(e.topic, e.partition, e.offset);
        SS_VERIFY_OK(byOffset);
        QCOMPARE(*byOffset, 12345);
        QCOMPARE((*player)->cursor(), 12345);
        QVERIFY(!(*player)->seekOffset(QStringLiteral("nope"), 0, 0).ok());
        QVERIFY(!(*player)->seekOffset(e.topic, e.partition, 1 << 30).ok());

        // Event time: the first event whose "ts" is at or after T.
        SS_VERIFY_OK((*player)->buildCheckpoints());
        const QByteArray ts = e.value->mid(e.value->indexOf("\"ts\":") + 5).split(',').first();
        const std::int64_t t = ts.toLongLong();
        auto byTime = (*player)->seekEventTime(t);
        SS_VERIFY_OK(byTime);
        auto tsOf = [&](std::int64_t seq) {
            const QByteArray v = *(*reader)->event(seq)->value;
            return v.mid(v.indexOf("\"ts\":") + 5).split(',').first().toLongLong();
        };
        QVERIFY(tsOf(*byTime) >= t);
        for (std::int64_t s = 0; s < *byTime; ++s)
            QVERIFY(tsOf(s) < t);
        QVERIFY(!(*player)->seekEventTime(std::numeric_limits<std::int64_t>::max()).ok());
    }

    void tinyCheckpointBudgetStaysExact()
    {
        const PipelineSpec spec = pipeline(kIotPipeline);
        Player::Options options;
        options.checkpointInterval = 16;
        options.checkpointBudgetBytes = 256 * 1024;
        auto player = Player::open(m_iot, spec, options);
        SS_VERIFY_OK(player);
        SS_VERIFY_OK((*player)->buildCheckpoints());
        QVERIFY((*player)->checkpointInterval() > 16); // it had to thin them out
        const Reference ref = referenceRun(m_iot, spec, {29999, 15000, 3});
        for (std::int64_t target : {29999LL, 15000LL, 3LL}) {
            SS_VERIFY_OK((*player)->seek(target));
            QCOMPARE(stateJson(**player), ref.snapshotAt[std::size_t(target)]);
        }
    }

    // Two runs over the same session give byte-identical outputs.
    void runsAreDeterministic()
    {
        QTemporaryFile pipelineFile;
        QVERIFY(pipelineFile.open());
        pipelineFile.write(kIotPipeline);
        pipelineFile.close();
        const QStringList args = {QStringLiteral("run"), m_iot, QStringLiteral("--pipeline"), pipelineFile.fileName(),
                                  QStringLiteral("--json")};
        const ProcessResult a = runCli(args);
        const ProcessResult b = runCli(args);
        QCOMPARE(a.exitCode, 0);
        QVERIFY(a.out.count('\n') > 1000);
        QVERIFY(a.out == b.out);
        // --until stops after that seq: a prefix of the full output.
        const ProcessResult partial = runCli(args + QStringList{QStringLiteral("--until"), QStringLiteral("10000")});
        QCOMPARE(partial.exitCode, 0);
        QVERIFY(a.out.startsWith(partial.out));
        QVERIFY(partial.out.size() < a.out.size());
        // state --at prints the same state as the player.
        const ProcessResult state = runCli({QStringLiteral("state"), m_iot, QStringLiteral("--pipeline"),
                                            pipelineFile.fileName(), QStringLiteral("--at"), QStringLiteral("777")});
        QCOMPARE(state.exitCode, 0);
        auto player = Player::open(m_iot, pipeline(kIotPipeline));
        SS_VERIFY_OK((*player)->seek(777));
        QCOMPARE(QJsonDocument::fromJson(state.out).object(), (*player)->snapshot().toJson((*player)->reader().topics()));
    }

    void cliErrors()
    {
        QTemporaryFile bad;
        QVERIFY(bad.open());
        bad.write("window: tumbling 10s\nkey: value.sensor ==\n");
        bad.close();
        ProcessResult r = runCli({QStringLiteral("run"), m_iot, QStringLiteral("--pipeline"), bad.fileName()});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(":2:"), r.err.constData()); // names the line
        r = runCli({QStringLiteral("run"), m_iot});
        QCOMPARE(r.exitCode, 2);
        r = runCli({QStringLiteral("state"), m_iot, QStringLiteral("--pipeline"), QStringLiteral("/nonexistent")});
        QCOMPARE(r.exitCode, 2);

        // A topic the session does not have: refused when it is the only
        // one (nothing would ever run), a warning when others are there.
        QTemporaryFile typo;
        QVERIFY(typo.open());
        typo.write(QByteArray("topics: iot.reading\n") + kIotPipeline);
        typo.close();
        for (const QStringList &command : {QStringList{QStringLiteral("run")},
                                           QStringList{QStringLiteral("state"), QStringLiteral("--at"), QStringLiteral("5")},
                                           QStringList{QStringLiteral("export"), QStringLiteral("--results"), QStringLiteral("-o"),
                                                       m_dir.filePath(QStringLiteral("typo.jsonl"))}}) {
            r = runCli(command + QStringList{m_iot, QStringLiteral("--pipeline"), typo.fileName()});
            QCOMPARE(r.exitCode, 2);
            QVERIFY2(r.err.contains("topic \"iot.reading\", which the session does not have (its topics: iot.readings"),
                     r.err.constData());
        }
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("typo.jsonl"))));
        QTemporaryFile partly;
        QVERIFY(partly.open());
        partly.write(QByteArray("topics: iot.readings, iot.reading\n") + kIotPipeline);
        partly.close();
        r = runCli({QStringLiteral("run"), m_iot, QStringLiteral("--pipeline"), partly.fileName(), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("warning: the pipeline reads topic \"iot.reading\""), r.err.constData());
        QVERIFY(r.out.count('\n') > 1000);
    }

    void describesMissingTopics()
    {
        PipelineSpec spec;
        const QStringList session{QStringLiteral("a"), QStringLiteral("b")};
        QCOMPARE(describeMissingTopics(spec, session), QString()); // every topic
        spec.topics = QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QCOMPARE(pipelineTopicsMissing(spec, session), QStringList());
        QCOMPARE(describeMissingTopics(spec, session), QString());
        spec.topics = QStringList{QStringLiteral("a"), QStringLiteral("x"), QStringLiteral("y")};
        QCOMPARE(pipelineTopicsMissing(spec, session), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
        QCOMPARE(describeMissingTopics(spec, session),
                 QStringLiteral("the pipeline reads topics \"x\", \"y\", which the session does not have (its topics: a, b)"));
        QCOMPARE(describeMissingTopics(spec, {}),
                 QStringLiteral("the pipeline reads topics \"a\", \"x\", \"y\", which the session does not have (it has none yet)"));
    }
};

QTEST_GUILESS_MAIN(TestPlayer)
#include "tst_player.moc"
