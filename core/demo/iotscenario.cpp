#include "demo/iotscenario.h"

#include "demo/demojson.h"

#include <algorithm>

namespace streamscope {

namespace {

struct Site {
    const char *name;
    int baseTempCenti; // a cold store is not an office
};
constexpr Site kSites[] = {
    {"plant-a", 2250}, {"plant-b", 2400}, {"warehouse-1", 1650}, {"cold-store", 400}, {"office-hq", 2150},
};

} // namespace

DemoScenarioInfo IotScenario::describe()
{
    return {QStringLiteral("iot"), QStringLiteral("iot.readings"), 8, double(kSensors) * 1000.0 / kIntervalMs,
            QStringLiteral("sensor readings keyed by sensor: out of order within 2 s, ~0.8 % 5-30 s late,\n"
                           "one partition idle for 60 s every 10 min")};
}

IotScenario::IotScenario(const DemoScenarioConfig &config) : DemoScenario(describe(), config)
{
    DemoRandom &rnd = random();
    const int sensors = sensorCount(partitions());
    setNaturalRate(double(sensors) * 1000.0 / kIntervalMs);
    m_sensors.reserve(std::size_t(sensors));
    for (int i = 0; i < sensors; ++i) {
        const Site &site = kSites[i % std::size(kSites)];
        Sensor s;
        s.id = "sensor-" + QByteArray::number(i + 1).rightJustified(3, '0');
        s.site = site.name;
        s.partition = partitionFor(s.id);
        s.baseTempCenti = site.baseTempCenti + int(rnd.between(-150, 150));
        s.tempCenti = s.baseTempCenti + int(rnd.between(-50, 50));
        s.humidityDeci = int(rnd.between(350, 550));
        s.pressureCenti = int(rnd.between(100900, 101700));
        s.co2Ppm = int(rnd.between(420, 800));
        s.batteryMv = int(rnd.between(3550, 3700));
        s.rssiBase = int(rnd.between(-85, -45));
        m_sensors.push_back(s);
        // Sensors were switched on at different moments within a second.
        m_due.emplace(baseTimeMs() + rnd.between(0, kIntervalMs - 1), i);
    }
    m_idlePartition = m_sensors.front().partition;
}

bool IotScenario::isIdleAt(std::int64_t timeMs) const
{
    const std::int64_t sinceBase = timeMs - baseTimeMs();
    if (sinceBase < 0)
        return false;
    const std::int64_t inPeriod = sinceBase % kIdlePeriodMs;
    return inPeriod >= kIdleStartMs && inPeriod < kIdleStartMs + kIdleLengthMs;
}

void IotScenario::generate()
{
    const auto [timeMs, index] = m_due.top();
    m_due.pop();
    // Sensors read in time order, and a reading is never sent before it is
    // taken: nothing scheduled from here on is sent before timeMs.
    setHorizon(timeMs);
    Sensor &sensor = m_sensors[std::size_t(index)];
    if (!(sensor.partition == m_idlePartition && isIdleAt(timeMs)))
        emitReading(sensor, timeMs);
    m_due.emplace(timeMs + kIntervalMs + random().between(-kIntervalJitterMs, kIntervalJitterMs), index);
}

void IotScenario::emitReading(Sensor &s, std::int64_t eventTimeMs)
{
    DemoRandom &rnd = random();
    // Slow random walks pulled back towards each sensor's normal.
    s.tempCenti += int(rnd.between(-8, 8)) + (s.baseTempCenti - s.tempCenti) / 40;
    if (rnd.chance(1, 3000))
        s.tempCenti += int(rnd.between(150, 600)); // a door left open, a machine running hot
    s.humidityDeci = std::clamp(s.humidityDeci + int(rnd.between(-3, 3)), 150, 950);
    s.pressureCenti = std::clamp(s.pressureCenti + int(rnd.between(-2, 2)), 98000, 104000);
    s.co2Ppm = std::clamp(s.co2Ppm + int(rnd.between(-12, 12)), 400, 2000);
    if (rnd.chance(1, 200) && s.batteryMv > 3000)
        --s.batteryMv;
    const int rssi = s.rssiBase + int(rnd.between(-4, 4));
    ++s.seq;

    const int deviation = std::abs(s.tempCenti - s.baseTempCenti);
    const char *status = deviation > 400 ? "alarm" : deviation > 250 ? "warn" : s.batteryMv < 3300 ? "low_battery" : "ok";

    std::int64_t delay = rnd.between(0, kJitterBoundMs);
    DemoEvent::Anomaly anomaly = DemoEvent::Anomaly::None;
    if (rnd.chance(kLatePer10000, 10000)) {
        const std::int64_t lateDelay = rnd.between(kLateMinMs, kLateMaxMs);
        // A late reading must not land inside its partition's idle minute,
        // or the partition would not be idle.
        if (!(s.partition == m_idlePartition && isIdleAt(eventTimeMs + lateDelay))) {
            delay = lateDelay;
            anomaly = DemoEvent::Anomaly::Late;
        }
    }

    DemoEvent event;
    event.partition = s.partition;
    event.key = s.id;
    event.value = DemoJson()
                      .string("sensor", s.id)
                      .string("site", s.site)
                      .integer("ts", eventTimeMs)
                      .integer("seq", s.seq)
                      .decimal("temperature_c", s.tempCenti, 2)
                      .decimal("humidity_pct", s.humidityDeci, 1)
                      .decimal("pressure_hpa", s.pressureCenti, 2)
                      .integer("co2_ppm", s.co2Ppm)
                      .decimal("battery_v", s.batteryMv, 3)
                      .integer("rssi_dbm", rssi)
                      .string("firmware", "2.4.1")
                      .string("status", status)
                      .finish();
    event.headers = standardHeaders("iot.reading.v1");
    event.timestampMs = eventTimeMs + delay;
    event.anomaly = anomaly;
    schedule(std::move(event));
}

} // namespace streamscope
