#include "kafka/kafkaclient.h"

#include <librdkafka/rdkafka.h>

#include <QMutexLocker>

#include <algorithm>

namespace streamscope {

namespace {

// Which librdkafka errors mean "the credentials or TLS set-up were refused".
bool isAuthenticationError(rd_kafka_resp_err_t err)
{
    return err == RD_KAFKA_RESP_ERR__AUTHENTICATION || err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED
        || err == RD_KAFKA_RESP_ERR__SSL || err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED
        || err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
}

// librdkafka starts its lines with the thread and broker names, as in
// "[thrd:sasl_plaintext://h:9092/1]: sasl_plaintext://h:9092/1: Connect to … failed";
// what happened is the rest ("sasl" in a broker name says nothing).
QString withoutSource(const QString &line)
{
    QString rest = line;
    if (rest.startsWith(QLatin1String("[thrd:"))) {
        const qsizetype end = rest.indexOf(QLatin1String("]: "));
        if (end >= 0)
            rest = rest.mid(end + 3);
    }
    const qsizetype colon = rest.indexOf(QLatin1String(": "));
    const QString first = rest.left(colon);
    if (colon > 0 && first.contains(QLatin1Char('/')) && !first.contains(QLatin1Char(' ')))
        rest = rest.mid(colon + 2);
    return rest;
}

bool looksLikeAuthenticationProblem(const QString &line)
{
    const QString what = withoutSource(line);
    return what.contains(QLatin1String("SASL"), Qt::CaseInsensitive)
        || what.contains(QLatin1String("authenticat"), Qt::CaseInsensitive)
        || what.contains(QLatin1String("SSL handshake"), Qt::CaseInsensitive);
}

Status setProperty(rd_kafka_conf_t *conf, const QString &key, const QString &value,
                   const std::function<QString(QString)> &scrub)
{
    char errstr[512];
    const rd_kafka_conf_res_t res =
        rd_kafka_conf_set(conf, key.toUtf8().constData(), value.toUtf8().constData(), errstr, sizeof errstr);
    // An unknown name may be a misspelt secret ("sasl.pasword"): its
    // value is not shown.
    if (res == RD_KAFKA_CONF_UNKNOWN)
        return Error::badInput(QStringLiteral("bad property -X %1: no such librdkafka property").arg(key));
    if (res != RD_KAFKA_CONF_OK)
        return Error::badInput(QStringLiteral("bad property -X %1: %2")
                                   .arg(KafkaProperties::describe(key, value), scrub(QString::fromUtf8(errstr))));
    return {};
}

} // namespace

Result<std::unique_ptr<KafkaClient>> KafkaClient::create(Settings settings)
{
    if (settings.brokers.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("no Kafka bootstrap servers given (-b HOST:PORT)"));
    if (settings.timeoutMs <= 0)
        return Error::badInput(QStringLiteral("the timeout must be positive"));
    std::unique_ptr<KafkaClient> client(new KafkaClient(std::move(settings)));
    const Settings &s = client->m_settings;
    const auto scrub = [&](QString text) { return client->scrubbed(std::move(text)); };

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    auto fail = [&](Error e) -> Error {
        rd_kafka_conf_destroy(conf);
        return e;
    };
    if (Status st = setProperty(conf, QStringLiteral("bootstrap.servers"), s.brokers, scrub); !st)
        return fail(st.error());
    for (const auto &[key, value] : s.defaults)
        if (Status st = setProperty(conf, key, value, scrub); !st)
            return fail(st.error());
    for (const auto &[key, value] : s.properties.entries()) {
        const auto ignored = std::find_if(s.ignored.begin(), s.ignored.end(), [&](const auto &i) { return i.first == key; });
        if (ignored != s.ignored.end()) {
            client->m_warnings << QStringLiteral("ignoring -X %1: %2").arg(KafkaProperties::describe(key, value), ignored->second);
            continue;
        }
        if (Status st = setProperty(conf, key, value, scrub); !st)
            return fail(st.error());
    }
    for (const auto &[key, value] : s.forced)
        if (Status st = setProperty(conf, key, value, scrub); !st)
            return fail(st.error());

    rd_kafka_conf_set_opaque(conf, client.get());
    rd_kafka_conf_set_log_cb(conf, &KafkaClient::logCallback);
    rd_kafka_conf_set_error_cb(conf, &KafkaClient::errorCallback);
    if (s.deliveryReport)
        rd_kafka_conf_set_dr_msg_cb(conf, s.deliveryReport);
    char errstr[512];
    client->m_rk = rd_kafka_new(s.role == Role::Producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER, conf, errstr,
                                sizeof errstr);
    if (!client->m_rk)
        return fail(Error::badInput(QStringLiteral("cannot create the Kafka client: %1").arg(scrub(QString::fromUtf8(errstr)))));
    return client;
}

KafkaClient::~KafkaClient()
{
    if (m_rk)
        rd_kafka_destroy(m_rk);
}

void KafkaClient::noteProblem(const QString &line, bool authentication)
{
    QMutexLocker lock(&m_mutex);
    m_problems.push_back(line);
    if (m_problems.size() > 16)
        m_problems.pop_front();
    if (authentication) {
        m_authenticationFailed = true;
        m_authenticationProblem = line;
    }
}

QString KafkaClient::lastProblem()
{
    QMutexLocker lock(&m_mutex);
    return m_problems.empty() ? QString() : m_problems.back();
}

// Secret -X values (and the parts of one, such as a field of an OAuth
// config) replaced wherever librdkafka might quote them back.
QString KafkaClient::scrubbed(QString text) const
{
    for (const auto &[key, value] : m_settings.properties.entries()) {
        if (!KafkaProperties::isSecret(key))
            continue;
        QStringList parts = {value};
        for (const QString &token : value.split(QLatin1Char(' '), Qt::SkipEmptyParts))
            parts << token << token.section(QLatin1Char('='), 1);
        std::sort(parts.begin(), parts.end(), [](const QString &a, const QString &b) { return a.size() > b.size(); });
        for (const QString &part : parts)
            if (part.size() >= 3) // shorter would garble the text and hides nothing
                text.replace(part, QLatin1String("<redacted>"));
    }
    return text;
}

void KafkaClient::logCallback(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
    auto *self = static_cast<KafkaClient *>(rd_kafka_opaque(rk));
    if (!self)
        return;
    const QString message = self->scrubbed(QString::fromUtf8(buf));
    // CONFWARN: our own forced legacy properties, not a connection problem.
    if (level <= 4 && qstrcmp(fac, "CONFWARN") != 0)
        self->noteProblem(message, looksLikeAuthenticationProblem(message));
    if (self->m_settings.logSink)
        self->m_settings.logSink(level, QString::fromUtf8(fac), message);
}

void KafkaClient::errorCallback(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
    auto *self = static_cast<KafkaClient *>(opaque);
    const QString message = self->scrubbed(QString::fromUtf8(reason));
    const bool auth = isAuthenticationError(rd_kafka_resp_err_t(err)) || looksLikeAuthenticationProblem(message);
    self->noteProblem(message, auth);
    QMutexLocker lock(&self->m_mutex);
    self->m_errorEvents.push_back(message);
}

QStringList KafkaClient::takeErrorEvents()
{
    rd_kafka_poll(m_rk, 0); // serves the error callback
    QMutexLocker lock(&m_mutex);
    QStringList out(m_errorEvents.begin(), m_errorEvents.end());
    m_errorEvents.clear();
    return out;
}

Error KafkaClient::connectionError(const QString &what)
{
    // Error events (a refused OAuth token, say) wait on the main queue
    // until served; serve them so that they count.
    rd_kafka_poll(m_rk, 0);
    QString detail = withoutSource(lastProblem());
    bool auth;
    {
        QMutexLocker lock(&m_mutex);
        auth = m_authenticationFailed;
        if (auth)
            detail = withoutSource(m_authenticationProblem);
    }
    if (auth)
        return Error::badInput(QStringLiteral("authentication with Kafka at %1 failed: %2")
                                   .arg(m_settings.brokers, detail.isEmpty() ? what : detail));
    return Error::runtime(QStringLiteral("cannot reach Kafka at %1 within %2 s: %3")
                              .arg(m_settings.brokers)
                              .arg(m_settings.timeoutMs / 1000.0)
                              .arg(detail.isEmpty() ? what : detail));
}

Error KafkaClient::unknownTopic(const QString &topic, QStringList known) const
{
    known.removeIf([](const QString &t) { return t.startsWith(QLatin1String("__")); }); // internal topics
    known.sort();
    return Error::badInput(QStringLiteral("topic \"%1\" does not exist on %2 (topics there: %3)")
                               .arg(topic, m_settings.brokers,
                                    known.isEmpty() ? QStringLiteral("none") : known.mid(0, 20).join(QLatin1String(", "))));
}

Result<QStringList> KafkaClient::allTopics()
{
    const rd_kafka_metadata_t *md = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(m_rk, 1, nullptr, &md, m_settings.timeoutMs);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        return connectionError(QString::fromUtf8(rd_kafka_err2str(err)));
    QStringList names;
    for (int i = 0; i < md->topic_cnt; ++i)
        names << QString::fromUtf8(md->topics[i].topic);
    rd_kafka_metadata_destroy(md);
    return names;
}

Result<std::vector<std::int64_t>> KafkaClient::listOffsets(const std::vector<std::pair<QString, int>> &partitions,
                                                           std::int64_t which)
{
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(int(partitions.size()));
    for (const auto &[topic, partition] : partitions)
        rd_kafka_topic_partition_list_add(list, topic.toUtf8().constData(), partition)->offset = which;
    const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(m_rk, list, m_settings.timeoutMs);
    std::vector<std::int64_t> offsets;
    Status st;
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
        st = connectionError(QStringLiteral("listing offsets failed: %1").arg(QString::fromUtf8(rd_kafka_err2str(err))));
    for (int i = 0; st && i < list->cnt; ++i) {
        const rd_kafka_topic_partition_t &e = list->elems[i];
        if (e.err || e.offset < 0)
            st = Error::runtime(QStringLiteral("cannot list the offsets of %1 [%2]: %3")
                                    .arg(QString::fromUtf8(e.topic))
                                    .arg(e.partition)
                                    .arg(QString::fromUtf8(rd_kafka_err2str(e.err ? e.err : RD_KAFKA_RESP_ERR__BAD_MSG))));
        offsets.push_back(e.offset);
    }
    rd_kafka_topic_partition_list_destroy(list);
    if (!st)
        return st.error();
    return offsets;
}

} // namespace streamscope
