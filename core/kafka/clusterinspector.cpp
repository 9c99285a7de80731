#include "kafka/clusterinspector.h"

#include <librdkafka/rdkafka.h>

#include <QMap>

#include <memory>

namespace streamscope {

std::int64_t TopicDescription::messages() const
{
    std::int64_t total = 0;
    for (const PartitionOffsets &p : partitions)
        total += p.messages();
    return total;
}

std::int64_t GroupDescription::totalLag() const
{
    std::int64_t total = 0;
    for (const GroupPartitionLag &p : partitions)
        total += std::max<std::int64_t>(p.lag(), 0);
    return total;
}

Result<std::unique_ptr<ClusterInspector>> ClusterInspector::connect(const Options &options)
{
    KafkaClient::Settings settings;
    settings.brokers = options.brokers;
    settings.properties = options.properties;
    settings.timeoutMs = options.timeoutMs;
    settings.defaults = {{QStringLiteral("client.id"), QStringLiteral("streamscope-browser")}};
    const QString readOnly = QStringLiteral("the cluster browser only reads");
    settings.ignored = {{QStringLiteral("group.id"), readOnly}, {QStringLiteral("group.instance.id"), readOnly}};
    settings.forced = {{QStringLiteral("enable.auto.commit"), QStringLiteral("false")}};
    auto client = KafkaClient::create(settings);
    if (!client)
        return client.error();
    std::unique_ptr<ClusterInspector> inspector(new ClusterInspector(options));
    inspector->m_client = std::move(client.value());
    return inspector;
}

Result<ClusterDescription> ClusterInspector::describe()
{
    rd_kafka_t *rk = m_client->handle();
    const rd_kafka_metadata_t *md = nullptr;
    if (const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 1, nullptr, &md, m_options.timeoutMs); err)
        return m_client->connectionError(QString::fromUtf8(rd_kafka_err2str(err)));

    ClusterDescription out;
    std::vector<std::pair<QString, int>> all;
    for (int t = 0; t < md->topic_cnt; ++t) {
        const rd_kafka_metadata_topic_t &mt = md->topics[t];
        TopicDescription topic;
        topic.name = QString::fromUtf8(mt.topic);
        if (topic.name.startsWith(QLatin1String("__")))
            continue;
        if (mt.err)
            topic.error = QString::fromUtf8(rd_kafka_err2str(mt.err));
        for (int p = 0; p < mt.partition_cnt; ++p) {
            PartitionOffsets offsets;
            offsets.partition = mt.partitions[p].id;
            offsets.leader = mt.partitions[p].leader;
            topic.partitions << offsets;
            all.emplace_back(topic.name, offsets.partition);
        }
        std::sort(topic.partitions.begin(), topic.partitions.end(),
                  [](const PartitionOffsets &a, const PartitionOffsets &b) { return a.partition < b.partition; });
        out.topics << topic;
    }
    rd_kafka_metadata_destroy(md);
    std::sort(out.topics.begin(), out.topics.end(), [](const auto &a, const auto &b) { return a.name < b.name; });

    // Low and high offsets of every partition, two batched requests.
    QMap<QPair<QString, int>, std::int64_t> highs;
    if (!all.empty()) {
        std::sort(all.begin(), all.end());
        auto lows = m_client->listOffsets(all, RD_KAFKA_OFFSET_BEGINNING);
        auto high = lows ? m_client->listOffsets(all, RD_KAFKA_OFFSET_END) : lows;
        if (!lows || !high)
            return !lows ? lows.error() : high.error();
        for (std::size_t i = 0; i < all.size(); ++i)
            highs.insert({all[i].first, all[i].second}, (*high)[i]);
        for (TopicDescription &topic : out.topics) {
            for (PartitionOffsets &p : topic.partitions) {
                const auto at = std::lower_bound(all.begin(), all.end(), std::make_pair(topic.name, p.partition));
                const std::size_t i = std::size_t(at - all.begin());
                p.low = (*lows)[i];
                p.high = (*high)[i];
            }
        }
    }

    QMap<QString, QString> states;
    QStringList ids;
    auto listed = listGroupIds(out.groupsError, states);
    if (listed)
        ids = *listed;
    for (const QString &known : m_options.knownGroups)
        if (!ids.contains(known))
            ids << known;
    ids.sort();
    for (const QString &id : ids) {
        GroupDescription group = describeGroup(id, highs);
        group.state = states.value(id, QStringLiteral("unknown"));
        out.groups << group;
    }
    return out;
}

Result<QStringList> ClusterInspector::listGroupIds(QString &errorOut, QMap<QString, QString> &states)
{
    rd_kafka_t *rk = m_client->handle();
    std::unique_ptr<rd_kafka_queue_t, decltype(&rd_kafka_queue_destroy)> queue(rd_kafka_queue_new(rk), &rd_kafka_queue_destroy);
    std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS), &rd_kafka_AdminOptions_destroy);
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), m_options.timeoutMs, errstr, sizeof errstr);
    rd_kafka_ListConsumerGroups(rk, options.get(), queue.get());
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue.get(), m_options.timeoutMs + 1000); // the one result
    if (!event) {
        errorOut = QStringLiteral("listing consumer groups timed out");
        return Error::runtime(errorOut);
    }
    std::unique_ptr<rd_kafka_event_t, decltype(&rd_kafka_event_destroy)> holder(event, &rd_kafka_event_destroy);
    QStringList ids;
    const rd_kafka_ListConsumerGroups_result_t *result = rd_kafka_event_ListConsumerGroups_result(event);
    if (rd_kafka_event_error(event) || !result) {
        errorOut = QStringLiteral("listing consumer groups failed: %1")
                       .arg(m_client->scrubbed(QString::fromUtf8(rd_kafka_event_error_string(event))));
        return Error::runtime(errorOut);
    }
    size_t count = 0;
    const rd_kafka_ConsumerGroupListing_t **groups = rd_kafka_ListConsumerGroups_result_valid(result, &count);
    for (size_t i = 0; i < count; ++i) {
        const QString id = QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(groups[i]));
        ids << id;
        states.insert(id, QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(groups[i]))));
    }
    size_t errors = 0;
    const rd_kafka_error_t **errs = rd_kafka_ListConsumerGroups_result_errors(result, &errors);
    if (errors > 0) {
        // Some brokers answered, some did not (the embedded mock broker
        // does not implement listing groups).
        errorOut = QStringLiteral("some brokers could not list their groups: %1")
                       .arg(m_client->scrubbed(QString::fromUtf8(rd_kafka_error_string(errs[0]))));
    }
    return ids;
}

GroupDescription ClusterInspector::describeGroup(const QString &id, const QMap<QPair<QString, int>, std::int64_t> &highs)
{
    GroupDescription group;
    group.id = id;
    rd_kafka_t *rk = m_client->handle();
    std::unique_ptr<rd_kafka_queue_t, decltype(&rd_kafka_queue_destroy)> queue(rd_kafka_queue_new(rk), &rd_kafka_queue_destroy);
    std::unique_ptr<rd_kafka_AdminOptions_t, decltype(&rd_kafka_AdminOptions_destroy)> options(
        rd_kafka_AdminOptions_new(rk, RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPOFFSETS), &rd_kafka_AdminOptions_destroy);
    char errstr[256];
    rd_kafka_AdminOptions_set_request_timeout(options.get(), m_options.timeoutMs, errstr, sizeof errstr);
    // Every partition is named: brokers answer "all partitions" too, but the
    // embedded mock broker only answers for the ones named.
    rd_kafka_topic_partition_list_t *wanted = rd_kafka_topic_partition_list_new(int(highs.size()));
    for (auto it = highs.begin(); it != highs.end(); ++it)
        rd_kafka_topic_partition_list_add(wanted, it.key().first.toUtf8().constData(), it.key().second);
    rd_kafka_ListConsumerGroupOffsets_t *request = rd_kafka_ListConsumerGroupOffsets_new(id.toUtf8().constData(), wanted);
    rd_kafka_topic_partition_list_destroy(wanted);
    rd_kafka_ListConsumerGroupOffsets(rk, &request, 1, options.get(), queue.get());
    rd_kafka_ListConsumerGroupOffsets_destroy(request);
    rd_kafka_event_t *event = rd_kafka_queue_poll(queue.get(), m_options.timeoutMs + 1000); // the one result
    if (!event) {
        group.error = QStringLiteral("fetching committed offsets timed out");
        return group;
    }
    std::unique_ptr<rd_kafka_event_t, decltype(&rd_kafka_event_destroy)> holder(event, &rd_kafka_event_destroy);
    const rd_kafka_ListConsumerGroupOffsets_result_t *result = rd_kafka_event_ListConsumerGroupOffsets_result(event);
    if (rd_kafka_event_error(event) || !result) {
        group.error = m_client->scrubbed(QString::fromUtf8(rd_kafka_event_error_string(event)));
        return group;
    }
    size_t count = 0;
    const rd_kafka_group_result_t **groups = rd_kafka_ListConsumerGroupOffsets_result_groups(result, &count);
    for (size_t g = 0; g < count; ++g) {
        if (const rd_kafka_error_t *error = rd_kafka_group_result_error(groups[g])) {
            group.error = m_client->scrubbed(QString::fromUtf8(rd_kafka_error_string(error)));
            continue;
        }
        const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(groups[g]);
        for (int i = 0; parts && i < parts->cnt; ++i) {
            const rd_kafka_topic_partition_t &p = parts->elems[i];
            if (p.err == RD_KAFKA_RESP_ERR_NO_ERROR && p.offset < 0)
                continue; // nothing committed there
            GroupPartitionLag lag;
            lag.topic = QString::fromUtf8(p.topic);
            lag.partition = p.partition;
            lag.committed = p.err ? -1 : p.offset;
            lag.high = highs.value({lag.topic, lag.partition}, -1);
            group.partitions << lag;
        }
    }
    std::sort(group.partitions.begin(), group.partitions.end(), [](const auto &a, const auto &b) {
        return std::tie(a.topic, a.partition) < std::tie(b.topic, b.partition);
    });
    return group;
}

} // namespace streamscope
