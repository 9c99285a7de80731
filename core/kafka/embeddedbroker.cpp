#include "kafka/embeddedbroker.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include <vector>

namespace streamscope {

Result<std::unique_ptr<EmbeddedBroker>> EmbeddedBroker::start(const Options &options)
{
    if (options.brokers < 1 || options.brokers > 16)
        return Error::badInput(QStringLiteral("the embedded cluster needs 1 to 16 brokers, not %1").arg(options.brokers));
    std::unique_ptr<EmbeddedBroker> broker(new EmbeddedBroker);
    char errstr[512];
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const std::vector<std::pair<const char *, QByteArray>> settings = {
        // The producer creates the mock cluster and is pointed at it.
        {"test.mock.num.brokers", QByteArray::number(options.brokers)},
        {"client.id", "streamscope-embedded"},
        {"linger.ms", "5"},
        {"batch.num.messages", "10000"},
        {"batch.size", "1000000"},
        {"message.max.bytes", "100000000"},
        {"queue.buffering.max.kbytes", "1048576"},
        {"log_level", "3"},
    };
    for (const auto &[key, value] : settings) {
        if (rd_kafka_conf_set(conf, key, value.constData(), errstr, sizeof errstr) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return Error::runtime(QStringLiteral("embedded broker: %1").arg(QString::fromUtf8(errstr)));
        }
    }
    rd_kafka_conf_set_opaque(conf, broker.get());
    rd_kafka_conf_set_dr_msg_cb(conf, &EmbeddedBroker::onDelivery);
    broker->m_producer = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
    if (!broker->m_producer) {
        rd_kafka_conf_destroy(conf);
        return Error::runtime(QStringLiteral("cannot start the embedded broker: %1").arg(QString::fromUtf8(errstr)));
    }
    broker->m_cluster = rd_kafka_handle_mock_cluster(broker->m_producer);
    if (!broker->m_cluster)
        return Error::runtime(QStringLiteral("cannot start the embedded broker: librdkafka has no mock cluster"));
    return broker;
}

EmbeddedBroker::~EmbeddedBroker()
{
    if (m_producer) {
        rd_kafka_flush(m_producer, 2000);
        rd_kafka_destroy(m_producer); // also destroys the mock cluster
    }
}

QString EmbeddedBroker::bootstrapServers() const
{
    return QString::fromUtf8(rd_kafka_mock_cluster_bootstraps(m_cluster));
}

QStringList EmbeddedBroker::brokerAddresses() const
{
    // The mock cluster lists its brokers in id order.
    return bootstrapServers().split(QLatin1Char(','), Qt::SkipEmptyParts);
}

void EmbeddedBroker::poll(int timeoutMs) { rd_kafka_poll(m_producer, timeoutMs); }

Status EmbeddedBroker::createTopic(const QString &topic, int partitions, int replicationFactor)
{
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_topic_create(m_cluster, topic.toUtf8().constData(), partitions, replicationFactor);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(QStringLiteral("cannot create topic \"%1\": %2").arg(topic, QString::fromUtf8(rd_kafka_err2str(err))));
    return {};
}

void EmbeddedBroker::onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *opaque)
{
    auto *self = static_cast<EmbeddedBroker *>(opaque);
    if (message->err) {
        self->m_failed.fetch_add(1);
        self->m_lastFailure = QString::fromUtf8(rd_kafka_err2str(message->err));
    } else {
        self->m_delivered.fetch_add(1);
    }
}

Status EmbeddedBroker::produce(const QString &topic, int partition, const std::optional<QByteArray> &key,
                               const std::optional<QByteArray> &value, const QList<Header> &headers,
                               std::int64_t timestampMs)
{
    rd_kafka_headers_t *hdrs = nullptr;
    if (!headers.isEmpty()) {
        hdrs = rd_kafka_headers_new(size_t(headers.size()));
        for (const Header &h : headers)
            rd_kafka_header_add(hdrs, h.name.constData(), h.name.size(), h.value ? h.value->constData() : nullptr,
                                h.value ? h.value->size() : 0);
    }
    const QByteArray topicName = topic.toUtf8();
    // A null pointer is how librdkafka tells a null key or value from "".
    const void *keyData = key ? static_cast<const void *>(key->constData()) : nullptr;
    const size_t keySize = key ? size_t(key->size()) : 0;
    void *valueData = value ? const_cast<char *>(value->constData()) : nullptr;
    const size_t valueSize = value ? size_t(value->size()) : 0;
    for (;;) {
        const rd_kafka_resp_err_t err = rd_kafka_producev(
            m_producer, RD_KAFKA_V_TOPIC(topicName.constData()), RD_KAFKA_V_PARTITION(partition),
            RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(keyData, keySize),
            RD_KAFKA_V_VALUE(valueData, valueSize), RD_KAFKA_V_TIMESTAMP(timestampMs), RD_KAFKA_V_HEADERS(hdrs),
            RD_KAFKA_V_END);
        if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
            return {}; // the headers now belong to the message
        if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
            rd_kafka_poll(m_producer, 10); // wait for deliveries to make room
            continue;
        }
        if (hdrs)
            rd_kafka_headers_destroy(hdrs);
        return Error::runtime(QStringLiteral("cannot produce to %1 [%2]: %3")
                                  .arg(topic)
                                  .arg(partition)
                                  .arg(QString::fromUtf8(rd_kafka_err2str(err))));
    }
}

Status EmbeddedBroker::flush(int timeoutMs)
{
    if (rd_kafka_flush(m_producer, timeoutMs) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(QStringLiteral("the embedded broker did not acknowledge every event within %1 ms").arg(timeoutMs));
    if (const std::int64_t failed = m_failed.exchange(0))
        return Error::runtime(QStringLiteral("%1 events were not delivered: %2").arg(failed).arg(m_lastFailure));
    return {};
}

Status EmbeddedBroker::setBrokerDown(int brokerId)
{
    if (rd_kafka_mock_broker_set_down(m_cluster, brokerId) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(QStringLiteral("no broker %1").arg(brokerId));
    return {};
}

Status EmbeddedBroker::setBrokerUp(int brokerId)
{
    if (rd_kafka_mock_broker_set_up(m_cluster, brokerId) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(QStringLiteral("no broker %1").arg(brokerId));
    return {};
}

Status EmbeddedBroker::setPartitionLeader(const QString &topic, int partition, int brokerId)
{
    const rd_kafka_resp_err_t err =
        rd_kafka_mock_partition_set_leader(m_cluster, topic.toUtf8().constData(), partition, brokerId);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return Error::runtime(QStringLiteral("cannot move the leader of %1 [%2]: %3")
                                  .arg(topic)
                                  .arg(partition)
                                  .arg(QString::fromUtf8(rd_kafka_err2str(err))));
    return {};
}

void EmbeddedBroker::pushRequestErrors(int apiKey, int errorCode, int count)
{
    const std::vector<rd_kafka_resp_err_t> errors(std::size_t(count), static_cast<rd_kafka_resp_err_t>(errorCode));
    rd_kafka_mock_push_request_errors_array(m_cluster, std::int16_t(apiKey), errors.size(), errors.data());
}

} // namespace streamscope
