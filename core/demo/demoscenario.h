#pragma once
// Demo scenarios: generators of realistic event streams for the embedded
// demo broker (streamscope-cli demo), made to exercise time-sensitive logic —
// out-of-order and late events, idle partitions, duplicates, bursts and
// activity gaps.
//
// A generator is a pure function of its seed and configuration: next()
// yields the events of one topic in the order they are sent, each with its
// partition, key, JSON value, headers and Kafka timestamp, and the same
// configuration yields the same events byte for byte on any machine. It never
// reads the wall clock: scenario time starts at baseTimeMs and each scenario
// spaces its events naturally (its naturalRate, events per scenario second).
//
// Two times per event, as in real systems: the event time in the payload
// ("ts", when it happened) and the Kafka timestamp (CreateTime, when it was
// sent). Events come out in Kafka timestamp order.

#include "demo/demorandom.h"
#include "event/event.h"
#include "util/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

namespace streamscope {

// 2026-01-01T00:00:00Z, where scenario time starts when a seed is given, so
// that a seed alone reproduces a run.
constexpr std::int64_t kDemoEpochMs = 1767225600000;

struct DemoEvent {
    // What the generator meant an event to be. Not produced to Kafka: it is
    // how tests (and curious readers) tell designed anomalies from the rest.
    enum class Anomaly : std::uint8_t {
        None,
        Late,      // iot: arrives later than the jitter bound
        Duplicate, // payments: a re-delivery of an earlier payment
    };

    QString topic;
    int partition = 0;
    QByteArray key;
    QByteArray value;
    QList<Header> headers;
    std::int64_t timestampMs = 0; // Kafka CreateTime: the scenario time it was sent at
    Anomaly anomaly = Anomaly::None;

    friend bool operator==(const DemoEvent &, const DemoEvent &) = default;
};

struct DemoScenarioConfig {
    std::uint64_t seed = 0;
    std::int64_t baseTimeMs = kDemoEpochMs;
    int partitions = 0; // 0: the scenario's default
};

struct DemoScenarioInfo {
    QString name;  // "iot"
    QString topic; // "iot.readings"
    int defaultPartitions = 8;
    double naturalRate = 1; // events per second of scenario time, on average
    QString summary;        // for --help; may break lines with \n
};

class DemoScenario
{
public:
    virtual ~DemoScenario() = default;

    const DemoScenarioInfo &info() const { return m_info; }
    QString name() const { return m_info.name; }
    QString topic() const { return m_info.topic; }
    int partitions() const { return m_partitions; }
    std::int64_t baseTimeMs() const { return m_baseTimeMs; }

    // The next event in Kafka timestamp order; never runs out.
    DemoEvent next();
    // Kafka timestamp of the latest event next() returned (base time before).
    std::int64_t clockMs() const { return m_clockMs; }

protected:
    DemoScenario(DemoScenarioInfo info, const DemoScenarioConfig &config);

    // Moves scenario time forward: schedules zero or more events and raises
    // the horizon. Called until an event is due.
    virtual void generate() = 0;

    // No event scheduled from now on will be sent before horizonMs; pending
    // events up to it can go out in order.
    void setHorizon(std::int64_t horizonMs) { m_horizonMs = horizonMs; }
    void schedule(DemoEvent event);
    DemoRandom &random() { return m_random; }
    // For scenarios whose natural rate depends on their configuration.
    void setNaturalRate(double eventsPerSecond) { m_info.naturalRate = eventsPerSecond; }
    int partitionFor(const QByteArray &key) const { return partitionForKey(key, m_partitions); }
    // content-type, schema and a random trace id, as a traced service sends them.
    QList<Header> standardHeaders(const char *schema);

private:
    struct Pending {
        std::int64_t sendMs;
        std::uint64_t order; // ties keep scheduling order
        DemoEvent event;
    };
    static bool later(const Pending &a, const Pending &b);

    DemoScenarioInfo m_info;
    int m_partitions;
    std::int64_t m_baseTimeMs;
    DemoRandom m_random;
    std::vector<Pending> m_pending; // a min-heap by (sendMs, order)
    std::uint64_t m_scheduled = 0;
    std::int64_t m_horizonMs;
    std::int64_t m_clockMs;
};

// The scenarios, in the order the demo creates their topics.
QList<DemoScenarioInfo> demoScenarioInfos();

// "iot", "payments", "clicks", "all", or a comma-separated list of them →
// scenario names without repeats.
Result<QStringList> parseDemoScenarios(const QString &spec);

// A generator for one scenario. Each scenario draws from its own stream
// (derived from the seed and its name), so "iot" alone and "iot" within
// "all" give the same events.
Result<std::unique_ptr<DemoScenario>> makeDemoScenario(const QString &name, const DemoScenarioConfig &config);

} // namespace streamscope
