#include "demo/demoproducer.h"

#include "kafka/embeddedbroker.h"
#include "util/clock.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <thread>

namespace streamscope {

namespace {
// Unpaced, each topic gets this many events per round, so topics advance
// together and a stop request is seen soon.
constexpr std::int64_t kUnpacedBatch = 1000;
// The longest sleep between rounds: how soon a stop request is seen.
constexpr std::int64_t kMaxSleepMs = 50;
} // namespace

DemoProducer::DemoProducer(EmbeddedBroker &broker, std::vector<std::unique_ptr<DemoScenario>> scenarios,
                           const DemoProducerOptions &options)
    : m_broker(broker), m_options(options)
{
    for (auto &scenario : scenarios) {
        Topic topic;
        topic.scenario = std::move(scenario);
        m_topics.push_back(std::move(topic));
    }
}

DemoProducer::~DemoProducer() = default;

void DemoProducer::setProgressHandler(ProgressHandler handler, int intervalMs)
{
    m_onProgress = std::move(handler);
    m_progressIntervalMs = intervalMs;
}

Status DemoProducer::createTopics()
{
    for (const Topic &t : m_topics)
        if (Status st = m_broker.createTopic(t.scenario->topic(), t.scenario->partitions()); !st)
            return st;
    return {};
}

double DemoProducer::rateOf(const DemoScenario &scenario) const
{
    return m_options.rate < 0 ? scenario.info().naturalRate : m_options.rate;
}

QList<DemoTopicProgress> DemoProducer::progress() const
{
    QList<DemoTopicProgress> list;
    for (const Topic &t : m_topics)
        list.append(DemoTopicProgress{t.scenario->topic(), t.scenario->partitions(), t.produced,
                                      t.scenario->clockMs(), t.complete});
    return list;
}

Status DemoProducer::produceUpTo(Topic &topic, std::int64_t target, const std::atomic<bool> &stop)
{
    while (topic.produced < target) {
        if ((topic.produced & 255) == 0 && stop.load())
            return {};
        if (Status st = send(topic, topic.scenario->next()); !st)
            return st;
    }
    return {};
}

Status DemoProducer::send(Topic &topic, const DemoEvent &event)
{
    if (Status st = m_broker.produce(event.topic, event.partition, event.key, event.value, event.headers, event.timestampMs); !st)
        return st;
    ++topic.produced;
    return {};
}

Result<std::int64_t> DemoProducer::produceDue(Topic &topic, std::int64_t elapsedMs, std::int64_t limit,
                                              const std::atomic<bool> &stop)
{
    while (topic.produced < limit && !stop.load()) {
        if (!topic.pending)
            topic.pending = topic.scenario->next();
        const std::int64_t dueMs = topic.pending->timestampMs - topic.scenario->baseTimeMs();
        if (dueMs > elapsedMs)
            return dueMs;
        if (Status st = send(topic, *topic.pending); !st)
            return st.error();
        topic.pending.reset();
    }
    return elapsedMs;
}

Status DemoProducer::finish(Topic &topic)
{
    // "complete" promises a consumer that every event can be read now.
    if (Status st = m_broker.flush(); !st)
        return st;
    topic.complete = true;
    if (m_onComplete)
        m_onComplete(topic.scenario->topic(), topic.produced);
    return {};
}

Status DemoProducer::run(const std::atomic<bool> &stop)
{
    const std::int64_t limit = m_options.count >= 0 ? m_options.count : std::numeric_limits<std::int64_t>::max();
    const std::int64_t startMs = monotonicMillis();
    std::int64_t lastProgressMs = startMs;
    while (!stop.load()) {
        const std::int64_t elapsedMs = monotonicMillis() - startMs;
        bool unpaced = false;
        std::int64_t sleepMs = kMaxSleepMs;
        for (Topic &t : m_topics) {
            if (t.complete)
                continue;
            const double rate = rateOf(*t.scenario);
            std::int64_t target;
            if (m_options.rate < 0) {
                // The natural pace follows the scenario clock itself, so that
                // an event is never sent before its Kafka timestamp.
                auto nextDue = produceDue(t, elapsedMs, limit, stop);
                if (!nextDue)
                    return nextDue.error();
                sleepMs = std::clamp<std::int64_t>(*nextDue - elapsedMs, 1, sleepMs);
                if (t.produced >= limit)
                    if (Status st = finish(t); !st)
                        return st;
                continue;
            }
            if (rate <= 0) {
                target = t.produced + kUnpacedBatch;
                unpaced = true;
            } else {
                // Event k (from 0) is due k / rate seconds after the start.
                target = std::int64_t(double(elapsedMs) * rate / 1000.0) + 1;
                const std::int64_t nextDueMs = std::int64_t(double(target) * 1000.0 / rate);
                sleepMs = std::clamp<std::int64_t>(nextDueMs - elapsedMs, 1, sleepMs);
            }
            if (Status st = produceUpTo(t, std::min(target, limit), stop); !st)
                return st;
            if (t.produced >= limit)
                if (Status st = finish(t); !st)
                    return st;
        }
        m_broker.poll(0);
        if (m_onProgress && m_progressIntervalMs > 0 && monotonicMillis() - lastProgressMs >= m_progressIntervalMs) {
            lastProgressMs = monotonicMillis();
            m_onProgress(progress());
        }
        const bool producing = std::any_of(m_topics.begin(), m_topics.end(), [](const Topic &t) { return !t.complete; });
        if (!(unpaced && producing))
            std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
    }
    return m_broker.flush(10000);
}

} // namespace streamscope
