#include "export/republisher.h"

#include "expr/expression.h"
#include "session/sessionreader.h"
#include "util/clock.h"

#include <librdkafka/rdkafka.h>


namespace streamscope {

Result<std::unique_ptr<Republisher>> Republisher::open(RepublishOptions options)
{
    if (options.topic.isEmpty())
        return Error::badInput(QStringLiteral("no target topic given (-t TOPIC)"));
    if (!(options.speed >= 0))
        return Error::badInput(QStringLiteral("the speed factor must be positive"));
    if (!options.selection.filter.isEmpty()) {
        auto compiled = expr::Expression::compile(options.selection.filter);
        if (auto *e = std::get_if<expr::CompileError>(&compiled))
            return Error::badInput(QStringLiteral("the filter \"%1\" does not compile: %2").arg(options.selection.filter, e->toString()));
    }
    std::unique_ptr<Republisher> self(new Republisher);
    auto reader = SessionReader::open(options.sessionPath);
    if (!reader)
        return reader.error();
    self->m_reader = std::move(reader.value());

    KafkaClient::Settings settings;
    settings.role = KafkaClient::Role::Producer;
    settings.brokers = options.brokers;
    settings.properties = options.properties;
    settings.timeoutMs = options.timeoutMs;
    settings.defaults = {{QStringLiteral("partitioner"), QStringLiteral("murmur2_random")}};
    settings.forced = {{QStringLiteral("enable.idempotence"), QStringLiteral("true")}};
    if (options.properties.contains(QStringLiteral("enable.idempotence"))
        && options.properties.value(QStringLiteral("enable.idempotence")) != QLatin1String("true"))
        settings.ignored = {{QStringLiteral("enable.idempotence"),
                             QStringLiteral("republish always uses the idempotent producer, so that a retry never "
                                            "writes an event twice")}};
    settings.deliveryReport = &Republisher::onDelivery;
    auto client = KafkaClient::create(std::move(settings));
    if (!client)
        return client.error();
    self->m_client = std::move(client.value());
    self->m_options = std::move(options);

    // Every topic, without naming ours: naming it would let a broker with
    // automatic topic creation make it.
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(self->m_client->handle(), 1, nullptr, &md, self->m_options.timeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return self->m_client->connectionError(QString::fromUtf8(rd_kafka_err2str(err)));
    QStringList names;
    const QByteArray wanted = self->m_options.topic.toUtf8();
    std::optional<Error> topicError;
    for (int i = 0; i < md->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t &t = md->topics[i];
        names << QString::fromUtf8(t.topic);
        if (wanted != t.topic)
            continue;
        if (t.err)
            topicError = Error::runtime(QStringLiteral("topic \"%1\" on %2 cannot be written: %3")
                                            .arg(self->m_options.topic, self->m_options.brokers,
                                                 QString::fromUtf8(rd_kafka_err2str(t.err))));
        self->m_targetPartitions = t.partition_cnt;
    }
    rd_kafka_metadata_destroy(md);
    if (topicError)
        return *topicError;
    if (self->m_targetPartitions <= 0)
        return self->m_client->unknownTopic(self->m_options.topic, names);
    return self;
}

Republisher::~Republisher() = default;

void Republisher::onDelivery(rd_kafka_t *, const rd_kafka_message_t *message, void *)
{
    auto *self = static_cast<Republisher *>(message->_private);
    if (!self)
        return;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
        self->m_delivered.fetch_add(1);
        return;
    }
    if (self->m_failed.fetch_add(1) == 0)
        self->m_firstFailure = self->m_client->scrubbed(QString::fromUtf8(rd_kafka_message_errstr(message)));
}

Result<RepublishReport> Republisher::run(const std::function<void(const RepublishProgress &)> &progress,
                                         const std::atomic<bool> *cancel)
{
    rd_kafka_t *rk = m_client->handle();
    RepublishReport report;
    report.targetPartitions = m_targetPartitions;
    RepublishProgress now;
    std::int64_t lastProgressMs = monotonicMillis();
    const auto tick = [&](bool force) {
        if (!progress)
            return;
        const std::int64_t ms = monotonicMillis();
        if (!force && ms - lastProgressMs < 250)
            return;
        lastProgressMs = ms;
        now.produced = report.produced;
        now.delivered = m_delivered.load();
        now.failed = m_failed.load();
        progress(now);
    };
    const auto cancelled = [&] { return cancel && cancel->load(); };
    QString fatal;
    const auto checkFatal = [&] {
        char reason[512];
        if (rd_kafka_fatal_error(rk, reason, sizeof reason) != RD_KAFKA_RESP_ERR_NO_ERROR)
            fatal = m_client->scrubbed(QString::fromUtf8(reason));
        return fatal.isEmpty();
    };

    // A topic handle, so that producing does not look the topic up by name
    // (a lock and a hash lookup) for every event.
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, m_options.topic.toUtf8().constData(), nullptr);
    if (!rkt)
        return Error::runtime(QStringLiteral("cannot produce to topic \"%1\": %2")
                                  .arg(m_options.topic, QString::fromUtf8(rd_kafka_err2str(rd_kafka_last_error()))));
    const std::unique_ptr<rd_kafka_topic_t, void (*)(rd_kafka_topic_t *)> topicHandle(rkt, &rd_kafka_topic_destroy);
    std::int64_t firstArrivalUs = -1, startedUs = 0;
    Status st = m_options.selection.forEach(
        *m_reader,
        [&](const EventView &event) {
            if (m_options.speed > 0) {
                // Paced by the recorded arrival times: the gap since the
                // first event, divided by the speed factor.
                if (firstArrivalUs < 0) {
                    firstArrivalUs = event.arrivalUs;
                    startedUs = wallClockMicros();
                }
                const std::int64_t dueUs = startedUs + std::int64_t((event.arrivalUs - firstArrivalUs) / m_options.speed);
                for (std::int64_t waitUs; (waitUs = dueUs - wallClockMicros()) > 0;) {
                    if (cancelled())
                        return false;
                    rd_kafka_poll(rk, int(std::min<std::int64_t>(waitUs / 1000 + 1, 100)));
                    tick(false);
                }
            }
            if (cancelled() || ((report.produced & 1023) == 0 && !checkFatal()))
                return false;

            rd_kafka_headers_t *headers = nullptr;
            if (!event.headers.empty()) {
                headers = rd_kafka_headers_new(event.headers.size());
                for (const HeaderView &h : event.headers)
                    rd_kafka_header_add(headers, h.name.data, std::max<std::int64_t>(h.name.size, 0), h.value.data,
                                        h.value.isNull() ? 0 : h.value.size);
            }
            const bool keep = event.partition >= 0 && event.partition < m_targetPartitions;
            report.rehashed += keep ? 0 : 1;
            // A null pointer is how librdkafka tells a null key or value from "".
            for (;;) {
                const rd_kafka_resp_err_t err = rd_kafka_producev(
                    rk, RD_KAFKA_V_RKT(rkt),
                    RD_KAFKA_V_PARTITION(keep ? event.partition : RD_KAFKA_PARTITION_UA),
                    RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                    RD_KAFKA_V_KEY(event.key.isNull() ? nullptr : event.key.data, event.key.isNull() ? 0 : size_t(event.key.size)),
                    RD_KAFKA_V_VALUE(event.value.isNull() ? nullptr : const_cast<char *>(event.value.data),
                                     event.value.isNull() ? 0 : size_t(event.value.size)),
                    RD_KAFKA_V_TIMESTAMP(event.timestampMs >= 0 ? event.timestampMs : 0), RD_KAFKA_V_HEADERS(headers),
                    RD_KAFKA_V_OPAQUE(this), RD_KAFKA_V_END);
                if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
                    break; // the headers now belong to the message
                if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                    rd_kafka_poll(rk, 10); // deliveries make room
                    if (cancelled() || !checkFatal()) {
                        if (headers)
                            rd_kafka_headers_destroy(headers);
                        return false;
                    }
                    continue;
                }
                // Refused before sending (too large, say): a failed delivery.
                if (headers)
                    rd_kafka_headers_destroy(headers);
                if (m_failed.fetch_add(1) == 0)
                    m_firstFailure = QStringLiteral("seq %1: %2").arg(event.seq).arg(QString::fromUtf8(rd_kafka_err2str(err)));
                break;
            }
            ++report.produced;
            if ((report.produced & 1023) == 0)
                rd_kafka_poll(rk, 0);
            if ((report.produced & 255) == 0) // the clock is read only now and then
                tick(false);
            return true;
        },
        [&](std::int64_t done, std::int64_t total) {
            now.examined = done;
            now.toExamine = total;
        },
        nullptr);

    // Every delivery report, however long the cluster takes (each message's
    // life is bounded by message.timeout.ms). On cancel, what has not been
    // sent yet is dropped and counts as failed.
    bool purged = false;
    while (rd_kafka_outq_len(rk) > 0) {
        if (cancelled() && !purged) {
            rd_kafka_purge(rk, RD_KAFKA_PURGE_F_QUEUE);
            purged = true;
        }
        rd_kafka_flush(rk, 250);
        tick(false);
    }
    rd_kafka_poll(rk, 0);
    checkFatal();
    if (!st)
        return st.error();
    report.delivered = m_delivered.load();
    report.failed = m_failed.load();
    report.firstFailure = m_firstFailure;
    report.cancelled = cancelled();
    tick(true);
    if (!fatal.isEmpty())
        return Error::runtime(QStringLiteral("the producer failed: %1 (%2 of %3 events delivered)")
                                  .arg(fatal)
                                  .arg(report.delivered)
                                  .arg(report.produced));
    return report;
}

} // namespace streamscope
