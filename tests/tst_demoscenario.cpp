// The demo generators, without a broker: determinism, and the time-sensitive
// shapes each scenario promises (late events, idle partition, duplicates,
// bursts, session gaps).

#include "demo/clicksscenario.h"
#include "demo/demojson.h"
#include "demo/demorandom.h"
#include "demo/demoscenario.h"
#include "demo/iotscenario.h"
#include "demo/paymentsscenario.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

#include <algorithm>
#include <map>

using namespace streamscope;

namespace {

std::unique_ptr<DemoScenario> make(const QString &name, std::uint64_t seed, int partitions = 0,
                                   std::int64_t baseTimeMs = kDemoEpochMs)
{
    DemoScenarioConfig config;
    config.seed = seed;
    config.partitions = partitions;
    config.baseTimeMs = baseTimeMs;
    auto scenario = makeDemoScenario(name, config);
    if (!scenario) {
        QTest::qFail(qPrintable(scenario.error().message), __FILE__, __LINE__);
        return nullptr;
    }
    return std::move(scenario.value());
}

QList<DemoEvent> take(DemoScenario &scenario, int n)
{
    QList<DemoEvent> events;
    events.reserve(n);
    for (int i = 0; i < n; ++i)
        events.append(scenario.next());
    return events;
}

// Events until the Kafka timestamp passes base + spanMs.
QList<DemoEvent> takeSpan(DemoScenario &scenario, std::int64_t spanMs)
{
    QList<DemoEvent> events;
    for (;;) {
        DemoEvent e = scenario.next();
        if (e.timestampMs > scenario.baseTimeMs() + spanMs)
            return events;
        events.append(std::move(e));
    }
}

QJsonObject json(const DemoEvent &e)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(e.value, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        QTest::qFail(qPrintable(QStringLiteral("not a JSON object: %1").arg(QString::fromUtf8(e.value))), __FILE__,
                     __LINE__);
    return doc.object();
}

std::int64_t eventTime(const DemoEvent &e) { return std::int64_t(json(e).value(QLatin1String("ts")).toDouble()); }

} // namespace

class TestDemoScenario : public QObject
{
    Q_OBJECT

private slots:
    void randomIsTheDocumentedAlgorithm()
    {
        // SplitMix64's published first outputs for seed 0: the generator is
        // the algorithm, not whatever a standard library provides.
        std::uint64_t state = 0;
        QCOMPARE(splitMix64(state), 0xe220a8397b1dcdafULL);
        QCOMPARE(splitMix64(state), 0x6e789e6aa1b965f4ULL);
        QCOMPARE(splitMix64(state), 0x06c45d188009454fULL);
        // FNV-1a reference values.
        QCOMPARE(fnv1a32(""), 0x811c9dc5u);
        QCOMPARE(fnv1a32("a"), 0xe40c292cu);
        QCOMPARE(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);

        DemoRandom rnd(42);
        std::int64_t seen[7] = {};
        for (int i = 0; i < 70000; ++i) {
            const std::int64_t v = rnd.between(-3, 3);
            QVERIFY(v >= -3 && v <= 3);
            ++seen[v + 3];
        }
        for (std::int64_t n : seen) // roughly uniform: 10,000 each
            QVERIFY2(n > 9000 && n < 11000, qPrintable(QString::number(n)));
        QCOMPARE(rnd.below(1), std::uint64_t(0));
    }

    void jsonIsExact()
    {
        const QByteArray text = DemoJson()
                                    .string("s", "a\"b\\c")
                                    .integer("i", -42)
                                    .decimal("d", 2137, 2)
                                    .decimal("n", -5, 3)
                                    .decimal("w", 7, 0)
                                    .boolean("b", true)
                                    .finish();
        QCOMPARE(text, QByteArray("{\"s\":\"a\\\"b\\\\c\",\"i\":-42,\"d\":21.37,\"n\":-0.005,\"w\":7,\"b\":true}"));
        QVERIFY(!QJsonDocument::fromJson(text).isNull());
        QCOMPARE(DemoJson().finish(), QByteArray("{}"));
    }

    void scenarioList()
    {
        QCOMPARE(*parseDemoScenarios(QStringLiteral("all")),
                 QStringList({QStringLiteral("iot"), QStringLiteral("payments"), QStringLiteral("clicks")}));
        QCOMPARE(*parseDemoScenarios(QStringLiteral("clicks, iot,clicks")),
                 QStringList({QStringLiteral("clicks"), QStringLiteral("iot")}));
        const auto bad = parseDemoScenarios(QStringLiteral("iot,trades"));
        QVERIFY(!bad);
        QCOMPARE(bad.error().kind, ErrorKind::BadInput);
        QVERIFY(bad.error().message.contains(QLatin1String("trades")));
        QVERIFY(!makeDemoScenario(QStringLiteral("trades"), {}));
    }

    void sameSeedSameEvents_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addRow("iot") << QStringLiteral("iot");
        QTest::addRow("payments") << QStringLiteral("payments");
        QTest::addRow("clicks") << QStringLiteral("clicks");
    }

    void sameSeedSameEvents()
    {
        QFETCH(QString, name);
        const QList<DemoEvent> a = take(*make(name, 7), 20000);
        const QList<DemoEvent> b = take(*make(name, 7), 20000);
        QCOMPARE(a.size(), 20000);
        for (int i = 0; i < a.size(); ++i)
            if (!(a[i] == b[i]))
                QFAIL(qPrintable(QStringLiteral("event %1 differs").arg(i)));

        const QList<DemoEvent> other = take(*make(name, 8), 20000);
        int same = 0;
        for (int i = 0; i < a.size(); ++i)
            same += a[i].value == other[i].value;
        QVERIFY2(same < 100, qPrintable(QStringLiteral("%1 equal values with another seed").arg(same)));

        // The base time shifts every timestamp and nothing else.
        const std::int64_t shift = 86400000;
        const QList<DemoEvent> shifted = take(*make(name, 7, 0, kDemoEpochMs + shift), 200);
        for (int i = 0; i < shifted.size(); ++i) {
            QCOMPARE(shifted[i].timestampMs, a[i].timestampMs + shift);
            QCOMPARE(shifted[i].key, a[i].key);
            QCOMPARE(eventTime(shifted[i]), eventTime(a[i]) + shift);
        }
    }

    void eventsAreWellFormed_data() { sameSeedSameEvents_data(); }

    void eventsAreWellFormed()
    {
        QFETCH(QString, name);
        for (int partitions : {0, 1, 3, 8}) {
            auto scenario = make(name, 11, partitions);
            QCOMPARE(scenario->partitions(), partitions ? partitions : 8);
            std::int64_t lastTimestamp = kDemoEpochMs;
            std::int64_t bytes = 0;
            const QList<DemoEvent> events = take(*scenario, 5000);
            for (const DemoEvent &e : events) {
                QCOMPARE(e.topic, scenario->topic());
                QVERIFY(!e.key.isEmpty());
                QCOMPARE(e.partition, partitionForKey(e.key, scenario->partitions()));
                QVERIFY(e.timestampMs >= lastTimestamp); // sent in Kafka timestamp order
                lastTimestamp = e.timestampMs;
                const QJsonObject o = json(e);
                const std::int64_t ts = std::int64_t(o.value(QLatin1String("ts")).toDouble());
                QVERIFY(ts >= kDemoEpochMs);
                QVERIFY(e.timestampMs >= ts); // never sent before it happened
                QCOMPARE(e.headers.value(0).name, QByteArray("content-type"));
                QCOMPARE(e.headers.value(0).value.value_or(QByteArray()), QByteArray("application/json"));
                bytes += e.value.size();
            }
            QCOMPARE(scenario->clockMs(), events.last().timestampMs);
            if (name == QLatin1String("iot")) // "~200 bytes each"
                QVERIFY(bytes / events.size() > 180 && bytes / events.size() < 240);
        }
    }

    void scenarioTimeFlowsAtTheNaturalRate_data() { sameSeedSameEvents_data(); }

    void scenarioTimeFlowsAtTheNaturalRate()
    {
        QFETCH(QString, name);
        auto scenario = make(name, 3);
        // Over an hour of scenario time the natural rate holds within 15 %.
        const QList<DemoEvent> events = takeSpan(*scenario, 3600 * 1000);
        const double rate = events.size() / 3600.0;
        QVERIFY2(std::abs(rate - scenario->info().naturalRate) < 0.15 * scenario->info().naturalRate,
                 qPrintable(QStringLiteral("%1 events/s, documented %2").arg(rate).arg(scenario->info().naturalRate)));
    }

    void iotLateEventsAndJitter()
    {
        auto scenario = make(QStringLiteral("iot"), 5);
        const QList<DemoEvent> events = takeSpan(*scenario, 30 * 60 * 1000);
        QHash<int, std::int64_t> maxSeen; // per partition
        int late = 0, lateBeyondBound = 0;
        std::int64_t maxLateness = 0;
        for (const DemoEvent &e : events) {
            const std::int64_t ts = eventTime(e);
            const std::int64_t lateness = maxSeen.contains(e.partition) ? maxSeen[e.partition] - ts : 0;
            maxSeen[e.partition] = std::max(maxSeen.value(e.partition, ts), ts);
            QVERIFY(e.timestampMs - ts >= 0);
            if (e.anomaly == DemoEvent::Anomaly::Late) {
                ++late;
                QVERIFY(e.timestampMs - ts >= IotScenario::kLateMinMs);
                QVERIFY(e.timestampMs - ts <= IotScenario::kLateMaxMs);
                lateBeyondBound += lateness > IotScenario::kJitterBoundMs;
                maxLateness = std::max(maxLateness, lateness);
            } else {
                // Out of order, but within the documented bound.
                if (lateness > IotScenario::kJitterBoundMs)
                    QFAIL(qPrintable(QStringLiteral("%1 ms late without being a designed late event: %2")
                                         .arg(lateness)
                                         .arg(QString::fromUtf8(e.value))));
                QVERIFY(e.timestampMs - ts <= IotScenario::kJitterBoundMs);
            }
        }
        // ~0.8 % late; nearly all of them later than the bound.
        const double share = double(late) / events.size();
        QVERIFY2(share > 0.005 && share < 0.011, qPrintable(QString::number(share)));
        QVERIFY(lateBeyondBound > late * 9 / 10);
        QVERIFY(maxLateness > 20000);

        // Out of order for real: many events come after a newer one.
        int outOfOrder = 0;
        maxSeen.clear();
        for (const DemoEvent &e : events) {
            const std::int64_t ts = eventTime(e);
            outOfOrder += maxSeen.value(e.partition, 0) > ts;
            maxSeen[e.partition] = std::max(maxSeen.value(e.partition, 0), ts);
        }
        QVERIFY(outOfOrder > events.size() / 5);
    }

    void iotIdlePartition()
    {
        for (int partitions : {8, 3}) {
            auto scenario = make(QStringLiteral("iot"), 9, partitions);
            auto *iot = static_cast<IotScenario *>(scenario.get());
            const QList<DemoEvent> events = takeSpan(*scenario, 25 * 60 * 1000);
            // Longest silence (in Kafka timestamps) per partition.
            QHash<int, std::int64_t> last, longest;
            QSet<QByteArray> idleSensors;
            for (const DemoEvent &e : events) {
                if (last.contains(e.partition))
                    longest[e.partition] = std::max(longest.value(e.partition), e.timestampMs - last[e.partition]);
                last[e.partition] = e.timestampMs;
                if (e.partition == iot->idlePartition()) {
                    idleSensors.insert(e.key);
                    const std::int64_t ts = eventTime(e);
                    QVERIFY2(!iot->isIdleAt(ts), qPrintable(QString::fromUtf8(e.value)));
                }
            }
            QCOMPARE(iot->idlePartition(), partitionForKey("sensor-001", partitions));
            QVERIFY(idleSensors.contains("sensor-001"));
            QCOMPARE(last.size(), partitions);
            for (auto it = longest.cbegin(); it != longest.cend(); ++it) {
                if (it.key() == iot->idlePartition())
                    QVERIFY2(it.value() >= IotScenario::kIdleLengthMs - IotScenario::kJitterBoundMs,
                             qPrintable(QString::number(it.value())));
                else
                    QVERIFY2(it.value() < 10000, qPrintable(QStringLiteral("partition %1 silent %2 ms").arg(it.key()).arg(it.value())));
            }
            // Idle twice in 25 minutes: at 2:00-3:00 and 12:00-13:00.
            QVERIFY(iot->isIdleAt(kDemoEpochMs + 125000));
            QVERIFY(iot->isIdleAt(kDemoEpochMs + 725000));
            QVERIFY(!iot->isIdleAt(kDemoEpochMs + 185000));
        }
    }

    void paymentsDuplicatesAndBursts()
    {
        auto scenario = make(QStringLiteral("payments"), 13);
        const QList<DemoEvent> events = takeSpan(*scenario, 30 * 60 * 1000);
        QHash<QString, DemoEvent> byId;
        int duplicates = 0;
        std::map<QByteArray, std::vector<std::int64_t>> timesByCard;
        for (const DemoEvent &e : events) {
            const QJsonObject o = json(e);
            for (const char *field : {"payment_id", "card", "amount", "currency", "merchant", "ts"})
                QVERIFY2(o.contains(QLatin1String(field)), field);
            QCOMPARE(o.value(QLatin1String("card")).toString().toUtf8(), e.key);
            const QString id = o.value(QLatin1String("payment_id")).toString();
            if (byId.contains(id)) {
                const DemoEvent &first = byId[id];
                ++duplicates;
                QCOMPARE(e.anomaly, DemoEvent::Anomaly::Duplicate);
                QCOMPARE(e.value, first.value); // the same payload, re-sent
                QCOMPARE(e.key, first.key);
                QCOMPARE(e.partition, first.partition);
                QVERIFY(e.timestampMs - first.timestampMs >= PaymentsScenario::kRedeliveryMinMs);
                QVERIFY(e.timestampMs - first.timestampMs <= PaymentsScenario::kRedeliveryMaxMs);
                QCOMPARE(e.headers.last(), (Header{"attempt", QByteArray("2")}));
            } else {
                QCOMPARE(e.anomaly, DemoEvent::Anomaly::None);
                byId.insert(id, e);
                timesByCard[e.key].push_back(eventTime(e));
            }
        }
        const double share = double(duplicates) / byId.size();
        QVERIFY2(share > 0.02 && share < 0.04, qPrintable(QString::number(share)));

        // Bursts: cards with 5+ payments within one minute.
        int burstingCards = 0;
        for (auto &[card, times] : timesByCard) {
            std::sort(times.begin(), times.end());
            for (std::size_t i = 4; i < times.size(); ++i)
                if (times[i] - times[i - 4] <= 60000) {
                    ++burstingCards;
                    break;
                }
        }
        QVERIFY2(burstingCards > 10, qPrintable(QString::number(burstingCards)));
    }

    void clicksHaveSessionGaps()
    {
        auto scenario = make(QStringLiteral("clicks"), 17);
        const QList<DemoEvent> events = takeSpan(*scenario, 60 * 60 * 1000);
        std::map<QByteArray, std::vector<std::int64_t>> timesByUser;
        for (const DemoEvent &e : events) {
            const QJsonObject o = json(e);
            for (const char *field : {"user", "page", "action", "ts"})
                QVERIFY2(o.contains(QLatin1String(field)), field);
            timesByUser[e.key].push_back(eventTime(e));
        }
        QCOMPARE(int(timesByUser.size()), ClicksScenario::kUsers);
        for (auto &[user, times] : timesByUser) {
            // A user's clicks arrive in event-time order.
            QVERIFY(std::is_sorted(times.begin(), times.end()));
            int gaps = 0;
            for (std::size_t i = 1; i < times.size(); ++i) {
                const std::int64_t d = times[i] - times[i - 1];
                if (d >= ClicksScenario::kMinGapMs)
                    ++gaps;
                else // within a visit: clearly shorter than any gap
                    QVERIFY2(d <= ClicksScenario::kMaxClickSpacingMs, qPrintable(QString::number(d)));
            }
            // An hour holds several visits of every user.
            QVERIFY2(gaps >= 3, qPrintable(QStringLiteral("%1: %2 gaps").arg(QString::fromUtf8(user)).arg(gaps)));
        }
    }
};

QTEST_GUILESS_MAIN(TestDemoScenario)
#include "tst_demoscenario.moc"
