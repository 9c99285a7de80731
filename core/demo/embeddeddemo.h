#pragma once
// The embedded demo in-process: the mock broker with the demo scenarios
// producing at their natural pace, so that the desktop app started without
// arguments shows live data within seconds, with nothing else running.

#include "demo/demoproducer.h"
#include "util/result.h"

#include <QStringList>
#include <atomic>
#include <memory>
#include <thread>

namespace streamscope {

class EmbeddedBroker;

class EmbeddedDemo
{
public:
    struct Options {
        QStringList scenarios = {QStringLiteral("iot"), QStringLiteral("payments"), QStringLiteral("clicks")};
        DemoProducerOptions producer; // natural pace, no count
        int partitions = 0;           // 0: each scenario's default
    };

    static Result<std::unique_ptr<EmbeddedDemo>> start(const Options &options);
    ~EmbeddedDemo(); // stops producing and shuts the broker down

    QString bootstrapServers() const;
    QStringList topics() const { return m_topics; }

private:
    EmbeddedDemo() = default;

    std::unique_ptr<EmbeddedBroker> m_broker;
    std::unique_ptr<DemoProducer> m_producer;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    QStringList m_topics;
};

} // namespace streamscope
