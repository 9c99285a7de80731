#include "demo/demoscenario.h"

#include "demo/clicksscenario.h"
#include "demo/iotscenario.h"
#include "demo/paymentsscenario.h"

#include <algorithm>
#include <limits>

namespace streamscope {

DemoScenario::DemoScenario(DemoScenarioInfo info, const DemoScenarioConfig &config)
    : m_info(std::move(info))
    , m_partitions(config.partitions > 0 ? config.partitions : m_info.defaultPartitions)
    , m_baseTimeMs(config.baseTimeMs)
    // Mixing the name in gives each scenario its own stream of one seed.
    , m_random(config.seed ^ fnv1a64(m_info.name.toUtf8()))
    , m_horizonMs(std::numeric_limits<std::int64_t>::min())
    , m_clockMs(config.baseTimeMs)
{
}

bool DemoScenario::later(const Pending &a, const Pending &b)
{
    return a.sendMs != b.sendMs ? a.sendMs > b.sendMs : a.order > b.order;
}

void DemoScenario::schedule(DemoEvent event)
{
    event.topic = m_info.topic;
    const std::int64_t sendMs = event.timestampMs;
    m_pending.push_back(Pending{sendMs, m_scheduled++, std::move(event)});
    std::push_heap(m_pending.begin(), m_pending.end(), &DemoScenario::later);
}

DemoEvent DemoScenario::next()
{
    while (m_pending.empty() || m_pending.front().sendMs > m_horizonMs)
        generate();
    std::pop_heap(m_pending.begin(), m_pending.end(), &DemoScenario::later);
    DemoEvent event = std::move(m_pending.back().event);
    m_pending.pop_back();
    m_clockMs = event.timestampMs;
    return event;
}

QList<Header> DemoScenario::standardHeaders(const char *schema)
{
    return {
        Header{QByteArrayLiteral("content-type"), QByteArrayLiteral("application/json")},
        Header{QByteArrayLiteral("schema"), QByteArray(schema)},
        Header{QByteArrayLiteral("trace-id"), QByteArray::number(qulonglong(m_random.next()), 16).rightJustified(16, '0')},
    };
}

QList<DemoScenarioInfo> demoScenarioInfos()
{
    return {IotScenario::describe(), PaymentsScenario::describe(), ClicksScenario::describe()};
}

Result<QStringList> parseDemoScenarios(const QString &spec)
{
    QStringList known;
    for (const DemoScenarioInfo &info : demoScenarioInfos())
        known << info.name;
    QStringList names;
    for (const QString &part : spec.split(QLatin1Char(','))) {
        const QString name = part.trimmed();
        if (name == QLatin1String("all")) {
            for (const QString &k : known)
                if (!names.contains(k))
                    names << k;
        } else if (known.contains(name)) {
            if (!names.contains(name))
                names << name;
        } else {
            return Error::badInput(QStringLiteral("unknown scenario \"%1\": expected %2 or all")
                                       .arg(name, known.join(QLatin1String(", "))));
        }
    }
    return names;
}

Result<std::unique_ptr<DemoScenario>> makeDemoScenario(const QString &name, const DemoScenarioConfig &config)
{
    if (config.partitions < 0)
        return Error::badInput(QStringLiteral("a demo topic needs at least one partition"));
    std::unique_ptr<DemoScenario> scenario;
    if (name == QLatin1String("iot"))
        scenario = std::make_unique<IotScenario>(config);
    else if (name == QLatin1String("payments"))
        scenario = std::make_unique<PaymentsScenario>(config);
    else if (name == QLatin1String("clicks"))
        scenario = std::make_unique<ClicksScenario>(config);
    else
        return Error::badInput(QStringLiteral("unknown scenario \"%1\"").arg(name));
    return scenario;
}

} // namespace streamscope
