// The cluster browser's data: topics with partition offsets, consumer groups
// with committed offsets and lag — read without joining or committing.

#include "testsupport.h"

#include "kafka/clusterinspector.h"

#include <QTest>
#include <librdkafka/rdkafka.h>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// Commits offsets for a group, as a real consumer of that group would.
bool commitAs(const QString &brokers, const QString &group, const QString &topic, const QList<QPair<int, qint64>> &offsets)
{
    char errstr[256];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", brokers.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_conf_set(conf, "group.id", group.toUtf8().constData(), errstr, sizeof errstr);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
    if (!rk)
        return false;
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(int(offsets.size()));
    for (const auto &[partition, offset] : offsets)
        rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), partition)->offset = offset;
    const rd_kafka_resp_err_t err = rd_kafka_commit(rk, list, 0);
    rd_kafka_topic_partition_list_destroy(list);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return err == RD_KAFKA_RESP_ERR_NO_ERROR;
}

} // namespace

class TestClusterInspector : public QObject
{
    Q_OBJECT

private slots:
    void describesTopicsAndGroupLag()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("orders"), 3));
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("empty"), 1));
        // orders: 10, 20 and 30 events in partitions 0, 1, 2.
        for (int p = 0; p < 3; ++p)
            for (int i = 0; i < 10 * (p + 1); ++i)
                SS_VERIFY_OK(broker->produce(QStringLiteral("orders"), p, std::nullopt, QByteArray("x")));
        SS_VERIFY_OK(broker->flush());
        // The group has read 4 of partition 0 and all of partition 1.
        QVERIFY(commitAs(broker->bootstrapServers(), QStringLiteral("billing"), QStringLiteral("orders"), {{0, 4}, {1, 20}}));

        ClusterInspector::Options options;
        options.brokers = broker->bootstrapServers();
        options.timeoutMs = 5000;
        // The embedded broker cannot list groups: a known group is described anyway.
        options.knownGroups = {QStringLiteral("billing")};
        auto inspector = ClusterInspector::connect(options);
        SS_VERIFY_OK(inspector);
        auto cluster = (*inspector)->describe();
        SS_VERIFY_OK(cluster);

        QCOMPARE(cluster->topics.size(), 2);
        QCOMPARE(cluster->topics[0].name, QStringLiteral("empty"));
        QCOMPARE(cluster->topics[0].messages(), 0);
        const TopicDescription &orders = cluster->topics[1];
        QCOMPARE(orders.name, QStringLiteral("orders"));
        QCOMPARE(orders.partitions.size(), 3);
        for (int p = 0; p < 3; ++p) {
            QCOMPARE(orders.partitions[p].partition, p);
            QCOMPARE(orders.partitions[p].low, 0);
            QCOMPARE(orders.partitions[p].high, 10 * (p + 1));
        }
        QCOMPARE(orders.messages(), 60);

        QCOMPARE(cluster->groups.size(), 1);
        const GroupDescription &billing = cluster->groups[0];
        QCOMPARE(billing.id, QStringLiteral("billing"));
        QVERIFY2(billing.error.isEmpty(), qPrintable(billing.error));
        QCOMPARE(billing.partitions.size(), 2);
        QCOMPARE(billing.partitions[0].committed, 4);
        QCOMPARE(billing.partitions[0].lag(), 6); // 10 - 4
        QCOMPARE(billing.partitions[1].lag(), 0);
        QCOMPARE(billing.totalLag(), 6);
        // The mock broker's missing ListGroups is reported, not hidden.
        QVERIFY(!cluster->groupsError.isEmpty());
    }

    void unreachable()
    {
        ClusterInspector::Options options;
        options.brokers = QStringLiteral("127.0.0.1:1");
        options.timeoutMs = 1500;
        auto inspector = ClusterInspector::connect(options);
        SS_VERIFY_OK(inspector);
        auto cluster = (*inspector)->describe();
        QVERIFY(!cluster.ok());
        QVERIFY2(cluster.error().message.contains(QLatin1String("cannot reach Kafka at 127.0.0.1:1")),
                 qPrintable(cluster.error().message));
    }

    void badProperty()
    {
        ClusterInspector::Options options;
        options.brokers = QStringLiteral("127.0.0.1:1");
        options.properties.set(QStringLiteral("no.such.property"), QStringLiteral("1"));
        auto inspector = ClusterInspector::connect(options);
        QVERIFY(!inspector.ok());
        QCOMPARE(inspector.error().kind, ErrorKind::BadInput);
    }
};

QTEST_GUILESS_MAIN(TestClusterInspector)
#include "tst_clusterinspector.moc"
