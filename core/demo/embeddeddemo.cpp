#include "demo/embeddeddemo.h"

#include "kafka/embeddedbroker.h"
#include "util/clock.h"

#include <QRandomGenerator>

namespace streamscope {

Result<std::unique_ptr<EmbeddedDemo>> EmbeddedDemo::start(const Options &options)
{
    DemoScenarioConfig config;
    config.seed = QRandomGenerator::system()->generate64();
    config.baseTimeMs = wallClockMicros() / 1000; // live: scenario time is now
    config.partitions = options.partitions;
    std::vector<std::unique_ptr<DemoScenario>> scenarios;
    for (const QString &name : options.scenarios) {
        auto scenario = makeDemoScenario(name, config);
        if (!scenario)
            return scenario.error();
        scenarios.push_back(std::move(scenario.value()));
    }
    std::unique_ptr<EmbeddedDemo> demo(new EmbeddedDemo);
    auto broker = EmbeddedBroker::start();
    if (!broker)
        return broker.error();
    demo->m_broker = std::move(broker.value());
    for (const auto &s : scenarios)
        demo->m_topics << s->topic();
    demo->m_producer = std::make_unique<DemoProducer>(*demo->m_broker, std::move(scenarios), options.producer);
    if (Status st = demo->m_producer->createTopics(); !st)
        return st.error();
    EmbeddedDemo *self = demo.get();
    demo->m_thread = std::thread([self] { (void)self->m_producer->run(self->m_stop); });
    return demo;
}

EmbeddedDemo::~EmbeddedDemo()
{
    m_stop = true;
    if (m_thread.joinable())
        m_thread.join();
    m_producer.reset();
    m_broker.reset();
}

QString EmbeddedDemo::bootstrapServers() const { return m_broker->bootstrapServers(); }

} // namespace streamscope
