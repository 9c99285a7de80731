#pragma once
// "iot": sensor readings on topic iot.readings, keyed by sensor id.
//
// Each of 40 sensors reads about once a second (~40 events/s); with more than
// 10 partitions there are 4 sensors per partition, so that every partition
// gets readings and the history spreads over all of them (the mock broker
// keeps 5 MiB per partition). A reading is
// sent 0–2 s after its event time ("ts"), so readings arrive out of order
// within that bound; about 0.8 % are sent 5–30 s late instead. Every 10
// minutes of scenario time, starting 2 minutes in, the sensors of one
// partition (the partition of sensor-001) go silent for 60 s: no reading has
// an event time in that minute and none arrives on that partition for at
// least 58 s.

#include "demo/demoscenario.h"

#include <algorithm>
#include <queue>

namespace streamscope {

class IotScenario final : public DemoScenario
{
public:
    static constexpr int kSensors = 40; // at least; 4 per partition beyond 10 partitions
    static int sensorCount(int partitions) { return std::max(kSensors, 4 * partitions); }
    static constexpr std::int64_t kIntervalMs = 1000; // ±kIntervalJitterMs
    static constexpr std::int64_t kIntervalJitterMs = 30;
    // Sent at most this long after the event time, except late readings.
    static constexpr std::int64_t kJitterBoundMs = 2000;
    static constexpr std::int64_t kLateMinMs = 5000;
    static constexpr std::int64_t kLateMaxMs = 30000;
    static constexpr int kLatePer10000 = 80;
    // The idle partition is silent for [start, start + length) of every period.
    static constexpr std::int64_t kIdlePeriodMs = 600000;
    static constexpr std::int64_t kIdleStartMs = 120000;
    static constexpr std::int64_t kIdleLengthMs = 60000;

    explicit IotScenario(const DemoScenarioConfig &config);
    static DemoScenarioInfo describe();

    int idlePartition() const { return m_idlePartition; }
    // Whether the idle partition is silent at this scenario time.
    bool isIdleAt(std::int64_t timeMs) const;

protected:
    void generate() override;

private:
    struct Sensor {
        QByteArray id;
        const char *site;
        int partition;
        std::int64_t seq = 0;
        int baseTempCenti;
        int tempCenti;
        int humidityDeci;
        int pressureCenti;
        int co2Ppm;
        int batteryMv;
        int rssiBase;
    };
    void emitReading(Sensor &sensor, std::int64_t eventTimeMs);

    std::vector<Sensor> m_sensors;
    // (next reading time, sensor index): the sensor that reads next on top.
    std::priority_queue<std::pair<std::int64_t, int>, std::vector<std::pair<std::int64_t, int>>, std::greater<>> m_due;
    int m_idlePartition = 0;
};

} // namespace streamscope
