#pragma once
// Feeds demo scenarios into the embedded broker at a chosen pace.
//
// Pacing is by wall clock, per topic: `rate` events per second (0: as fast as
// the broker takes them), by default each scenario's natural rate so that
// scenario time flows at about real time. The events themselves do not
// depend on the pace: their timestamps are scenario time (DemoScenario).

#include "demo/demoscenario.h"
#include "util/result.h"

#include <QList>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace streamscope {

class EmbeddedBroker;

struct DemoProducerOptions {
    double rate = -1;        // events per wall-clock second per topic; 0: no pacing; < 0: natural rate
    std::int64_t count = -1; // events per topic, then serve without producing; < 0: no limit
};

struct DemoTopicProgress {
    QString topic;
    int partitions = 0;
    std::int64_t produced = 0;
    std::int64_t scenarioTimeMs = 0; // Kafka timestamp of the latest event produced
    bool complete = false;           // count reached and every event acknowledged
};

class DemoProducer
{
public:
    using CompleteHandler = std::function<void(const QString &topic, std::int64_t count)>;
    using ProgressHandler = std::function<void(const QList<DemoTopicProgress> &)>;

    DemoProducer(EmbeddedBroker &broker, std::vector<std::unique_ptr<DemoScenario>> scenarios,
                 const DemoProducerOptions &options);
    ~DemoProducer();

    // Creates each scenario's topic with its partition count.
    Status createTopics();

    // Called (on the run() thread) once per topic when `count` events are in
    // the broker, acknowledged.
    void setCompleteHandler(CompleteHandler handler) { m_onComplete = std::move(handler); }
    void setProgressHandler(ProgressHandler handler, int intervalMs);

    // Produces until stop is set, then waits for what is in flight. With a
    // count, keeps serving after every topic completed until stop.
    Status run(const std::atomic<bool> &stop);

    QList<DemoTopicProgress> progress() const;
    // The pace of one topic, in events per wall-clock second (0: no pacing).
    double rateOf(const DemoScenario &scenario) const;

private:
    struct Topic {
        std::unique_ptr<DemoScenario> scenario;
        std::optional<DemoEvent> pending; // natural pace: the next event, waiting for its time
        std::int64_t produced = 0;
        bool complete = false;
    };
    Status produceUpTo(Topic &topic, std::int64_t target, const std::atomic<bool> &stop);
    // Natural pace: every event whose Kafka timestamp is due; returns when
    // the next one is due, in ms of scenario time from its base.
    Result<std::int64_t> produceDue(Topic &topic, std::int64_t elapsedMs, std::int64_t limit, const std::atomic<bool> &stop);
    Status send(Topic &topic, const DemoEvent &event);
    Status finish(Topic &topic);

    EmbeddedBroker &m_broker;
    std::vector<Topic> m_topics;
    DemoProducerOptions m_options;
    CompleteHandler m_onComplete;
    ProgressHandler m_onProgress;
    int m_progressIntervalMs = 0;
};

} // namespace streamscope
