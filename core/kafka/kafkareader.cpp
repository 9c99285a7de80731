#include "kafka/kafkareader.h"

#include "kafka/kafkaclient.h"
#include "kafka/partitioncursor.h"
#include "util/clock.h"

#include <QDateTime>
#include <QTimeZone>
#include <QJsonArray>
#include <QMutex>
#include <QMutexLocker>

#include <librdkafka/rdkafka.h>

#include <QThread>

#include <algorithm>
#include <deque>

namespace streamscope {

namespace {

QString isoFromMs(std::int64_t ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace

QString librdkafkaVersion() { return QString::fromLatin1(rd_kafka_version_str()); }

struct KafkaReader::Impl {
    struct Partition {
        int topicId = -1;
        int partition = -1;
        rd_kafka_topic_t *rkt = nullptr;
        std::int64_t startOffset = RD_KAFKA_OFFSET_BEGINNING; // what consume_start was given
        PartitionCursor cursor; // position, re-delivery and start-time skipping
        bool atEnd = false;
        std::int64_t retentionLost = 0;
        bool started = false;
    };

    ReaderConfig config;
    std::unique_ptr<KafkaClient> client;
    rd_kafka_t *rk = nullptr; // client's handle
    rd_kafka_queue_t *queue = nullptr;
    std::vector<rd_kafka_topic_t *> topicHandles;
    std::vector<Partition> partitions;
    std::vector<std::vector<int>> partitionIndex; // [topicId][partition] → index into partitions, -1 if none
    std::vector<rd_kafka_message_t *> batch;
    std::vector<HeaderView> headerScratch;
    QStringList pendingWarnings; // produced by open(), delivered by the first poll()
    struct PendingGap { int topicId; int partition; std::int64_t first; std::int64_t last; std::int64_t detectedUs; };
    std::vector<PendingGap> pendingGaps; // found by open(), delivered by the first poll()
    int lastTopicHit = 0;
    std::vector<PartitionStart> starts; // where each partition began, after open()

    ~Impl() { shutdown(); }

    void shutdown()
    {
        for (Partition &p : partitions) {
            if (p.started)
                rd_kafka_consume_stop(p.rkt, p.partition);
            p.started = false;
        }
        if (queue)
            rd_kafka_queue_destroy(queue);
        queue = nullptr;
        for (rd_kafka_topic_t *rkt : topicHandles)
            rd_kafka_topic_destroy(rkt);
        topicHandles.clear();
        partitions.clear();
        client.reset();
        rk = nullptr;
    }

    QStringList knownTopics()
    {
        auto names = client->allTopics();
        return names ? *names : QStringList();
    }

    // Partition ids of one topic, or a specific error.
    Result<QList<int>> topicPartitions(rd_kafka_topic_t *rkt, const QString &topic)
    {
        const std::int64_t deadline = monotonicMillis() + config.timeoutMs;
        for (;;) {
            const rd_kafka_metadata_t *md = nullptr;
            const int remaining = int(std::max<std::int64_t>(deadline - monotonicMillis(), 100));
            const rd_kafka_resp_err_t err = rd_kafka_metadata(rk, 0, rkt, &md, remaining);
            if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
                return client->connectionError(QString::fromUtf8(rd_kafka_err2str(err)));
            const rd_kafka_metadata_topic_t &t = md->topics[0];
            const rd_kafka_resp_err_t topicErr = t.err;
            QList<int> ids;
            for (int i = 0; i < t.partition_cnt; ++i)
                ids << t.partitions[i].id;
            rd_kafka_metadata_destroy(md);

            if (topicErr == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART)
                return client->unknownTopic(topic, knownTopics()); // deleted since open() listed it
            if (topicErr == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED)
                return Error::badInput(QStringLiteral("not authorized to read topic \"%1\" on %2").arg(topic, config.brokers));
            if (topicErr == RD_KAFKA_RESP_ERR_NO_ERROR && !ids.isEmpty()) {
                std::sort(ids.begin(), ids.end());
                return ids;
            }
            if (monotonicMillis() >= deadline)
                return Error::runtime(QStringLiteral("topic \"%1\" on %2 is not available within %3 s: %4")
                                          .arg(topic, config.brokers)
                                          .arg(config.timeoutMs / 1000.0)
                                          .arg(QString::fromUtf8(rd_kafka_err2str(topicErr))));
            QThread::msleep(100); // leader election in progress: ask again
        }
    }

    Result<QPair<std::int64_t, std::int64_t>> watermarks(const Partition &p)
    {
        std::int64_t low = -1, high = -1;
        const rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(
            rk, rd_kafka_topic_name(p.rkt), p.partition, &low, &high, config.timeoutMs);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
            return Error::runtime(QStringLiteral("cannot query offsets of %1 [%2]: %3")
                                      .arg(config.topics[p.topicId])
                                      .arg(p.partition)
                                      .arg(QString::fromUtf8(rd_kafka_err2str(err))));
        return QPair<std::int64_t, std::int64_t>(low, high);
    }

    // Low (RD_KAFKA_OFFSET_BEGINNING) or high (RD_KAFKA_OFFSET_END) offsets of
    // every partition, in one request per leader.
    Result<std::vector<std::int64_t>> listOffsets(std::int64_t which)
    {
        std::vector<std::pair<QString, int>> list;
        for (const Partition &p : partitions)
            list.emplace_back(config.topics[p.topicId], p.partition);
        return client->listOffsets(list, which);
    }

    // Kafka timestamp of the newest event in a partition, -1 if it is empty.
    Result<std::int64_t> newestTimestamp(Partition &p, std::int64_t low, std::int64_t high)
    {
        if (high <= low)
            return std::int64_t(-1);
        rd_kafka_queue_t *probe = rd_kafka_queue_new(rk);
        std::int64_t ts = -1;
        if (rd_kafka_consume_start_queue(p.rkt, p.partition, high - 1, probe) == 0) {
            const std::int64_t deadline = monotonicMillis() + config.timeoutMs;
            while (monotonicMillis() < deadline) {
                rd_kafka_message_t *m = rd_kafka_consume_queue(probe, 200);
                if (!m)
                    continue;
                const bool got = !m->err;
                if (got)
                    ts = rd_kafka_message_timestamp(m, nullptr);
                rd_kafka_message_destroy(m);
                if (got)
                    break;
            }
            rd_kafka_consume_stop(p.rkt, p.partition);
        }
        rd_kafka_queue_destroy(probe);
        return ts;
    }

    Status startPartition(Partition &p, std::int64_t offset)
    {
        p.startOffset = offset;
        if (rd_kafka_consume_start_queue(p.rkt, p.partition, offset, queue) != 0)
            return Error::runtime(QStringLiteral("cannot start reading %1 [%2]: %3")
                                      .arg(config.topics[p.topicId])
                                      .arg(p.partition)
                                      .arg(QString::fromUtf8(rd_kafka_err2str(rd_kafka_last_error()))));
        p.started = true;
        return {};
    }
};

KafkaReader::KafkaReader(ReaderConfig config) : d(std::make_unique<Impl>())
{
    d->config = std::move(config);
}

KafkaReader::~KafkaReader() = default;

void KafkaReader::close() { d->shutdown(); }

QStringList KafkaReader::topics() const { return d->config.topics; }

const std::vector<PartitionStart> &KafkaReader::startPoints() const { return d->starts; }

Status KafkaReader::open()
{
    Impl &s = *d;
    ReaderConfig &cfg = s.config;
    if (s.rk)
        return Error::runtime(QStringLiteral("the Kafka reader is already open"));
    if (cfg.brokers.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("no Kafka bootstrap servers given (-b HOST:PORT)"));
    if (cfg.topics.isEmpty())
        return Error::badInput(QStringLiteral("no topic given (-t TOPIC)"));
    for (const QString &t : cfg.topics) {
        if (t.isEmpty())
            return Error::badInput(QStringLiteral("a topic name is empty"));
        if (cfg.topics.count(t) > 1)
            return Error::badInput(QStringLiteral("topic \"%1\" is given more than once").arg(t));
    }
    KafkaClient::Settings settings;
    settings.brokers = cfg.brokers;
    settings.properties = cfg.properties;
    settings.timeoutMs = cfg.timeoutMs;
    settings.logSink = cfg.logSink;
    settings.defaults = {
        {QStringLiteral("client.id"), QStringLiteral("streamscope")},
        // Prefetch generously: the recorder, not the network, should set the pace.
        {QStringLiteral("queued.min.messages"), QStringLiteral("200000")},
        {QStringLiteral("queued.max.messages.kbytes"), QStringLiteral("262144")},
        {QStringLiteral("fetch.wait.max.ms"), QStringLiteral("100")},
        {QStringLiteral("socket.timeout.ms"), QString::number(std::max(cfg.timeoutMs, 10))},
        {QStringLiteral("log.connection.close"), QStringLiteral("false")},
    };
    const QString noGroup = QStringLiteral("Streamscope reads without a consumer group and never commits offsets");
    settings.ignored = {{QStringLiteral("group.id"), noGroup}, {QStringLiteral("group.instance.id"), noGroup}};
    // Read-only and gap-aware whatever the user passed: never commit, and let
    // an offset the broker no longer has surface as an error we report
    // instead of a silent reset.
    settings.forced = {
        {QStringLiteral("enable.auto.commit"), QStringLiteral("false")},
        {QStringLiteral("enable.auto.offset.store"), QStringLiteral("false")},
        {QStringLiteral("auto.commit.enable"), QStringLiteral("false")},
        {QStringLiteral("auto.offset.reset"), QStringLiteral("error")},
        {QStringLiteral("enable.partition.eof"), QStringLiteral("true")},
    };
    auto client = KafkaClient::create(settings);
    if (!client)
        return client.error();
    s.client = std::move(client.value());
    s.rk = s.client->handle();
    s.pendingWarnings << s.client->takeWarnings();
    if (cfg.properties.contains(QStringLiteral("auto.offset.reset")))
        s.pendingWarnings << QStringLiteral("ignoring -X auto.offset.reset: Streamscope reports offsets lost to retention as gaps");

    // Every topic must exist before a handle for it is made: making one
    // asks the broker about it by name.
    auto existing = s.client->allTopics();
    for (const QString &topic : cfg.topics) {
        if (!existing || !existing->contains(topic)) {
            const Error e = existing ? s.client->unknownTopic(topic, *existing) : existing.error();
            s.shutdown();
            return e;
        }
    }

    // Topics and their partitions.
    s.partitionIndex.assign(std::size_t(cfg.topics.size()), {});
    for (int topicId = 0; topicId < cfg.topics.size(); ++topicId) {
        const QString &topic = cfg.topics[topicId];
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(s.rk, topic.toUtf8().constData(), nullptr);
        if (!rkt) {
            const QString why = QString::fromUtf8(rd_kafka_err2str(rd_kafka_last_error()));
            s.shutdown();
            return Error::badInput(QStringLiteral("invalid topic \"%1\": %2").arg(topic, why));
        }
        s.topicHandles.push_back(rkt);
        auto ids = s.topicPartitions(rkt, topic);
        if (!ids) {
            const Error e = ids.error();
            s.shutdown();
            return e;
        }
        for (int wanted : cfg.onlyPartitions) {
            if (!ids->contains(wanted)) {
                s.shutdown();
                return Error::badInput(QStringLiteral("partition %1 does not exist in topic \"%2\" (it has partitions 0..%3)")
                                           .arg(wanted)
                                           .arg(topic)
                                           .arg(ids->isEmpty() ? -1 : ids->last()));
            }
        }
        std::vector<int> &index = s.partitionIndex[std::size_t(topicId)];
        index.assign(std::size_t(ids->isEmpty() ? 0 : ids->last() + 1), -1);
        for (int id : *ids) {
            if (!cfg.onlyPartitions.isEmpty() && !cfg.onlyPartitions.contains(id))
                continue;
            index[std::size_t(id)] = int(s.partitions.size());
            Impl::Partition p;
            p.topicId = topicId;
            p.partition = id;
            p.rkt = rkt;
            s.partitions.push_back(p);
        }
    }

    // Start positions, resolved to absolute offsets before reading starts,
    // so that a session knows exactly where reading began and `--append` can
    // continue from there without a gap, whatever -o said.
    s.queue = rd_kafka_queue_new(s.rk);
    auto lows = s.listOffsets(RD_KAFKA_OFFSET_BEGINNING);
    auto highs = lows ? s.listOffsets(RD_KAFKA_OFFSET_END) : lows;
    if (!lows || !highs) {
        const Error e = !lows ? lows.error() : highs.error();
        s.shutdown();
        return e;
    }
    auto startAt = [&](Impl::Partition &p, std::int64_t wanted, const char *what) -> Status {
        const std::int64_t low = (*lows)[std::size_t(&p - s.partitions.data())];
        const std::int64_t high = (*highs)[std::size_t(&p - s.partitions.data())];
        if (wanted > high)
            return Error::badInput(QStringLiteral("%1 %2 is past the end of %3 [%4], whose next offset is %5%6")
                                       .arg(QLatin1String(what))
                                       .arg(wanted)
                                       .arg(cfg.topics[p.topicId])
                                       .arg(p.partition)
                                       .arg(high)
                                       .arg(QLatin1String(qstrcmp(what, "resume offset") == 0
                                                              ? " (was the topic deleted and created again?)"
                                                              : "")));
        std::int64_t from = wanted;
        if (wanted < low) {
            s.pendingGaps.push_back({p.topicId, p.partition, wanted, low - 1, wallClockMicros()});
            p.retentionLost += low - wanted;
            from = low;
        }
        p.cursor = PartitionCursor({from, -1});
        return s.startPartition(p, from);
    };

    std::vector<std::size_t> byTimestamp;
    for (std::size_t i = 0; i < s.partitions.size(); ++i) {
        Impl::Partition &p = s.partitions[i];
        const std::int64_t low = (*lows)[i];
        const std::int64_t high = (*highs)[i];
        Status st;
        const auto resumeTopic = cfg.resumeAt.constFind(cfg.topics[p.topicId]);
        if (resumeTopic != cfg.resumeAt.constEnd() && resumeTopic->contains(p.partition)) {
            const PartitionPosition point = resumeTopic->value(p.partition);
            if (point.skipBeforeMs >= 0) {
                // Still scanning for the start time.
                p.cursor = PartitionCursor({std::max(point.offset, low), point.skipBeforeMs});
                st = s.startPartition(p, p.cursor.nextOffset());
            } else {
                st = startAt(p, point.offset, "resume offset");
            }
        } else {
            const StartPosition spec = cfg.partitionStarts.value(p.partition, cfg.start);
            switch (spec.kind) {
            case StartPosition::Kind::Beginning: st = startAt(p, low, "start offset"); break;
            case StartPosition::Kind::End: st = startAt(p, high, "start offset"); break;
            case StartPosition::Kind::LastN: st = startAt(p, std::max(low, high - spec.value), "start offset"); break;
            case StartPosition::Kind::Offset: st = startAt(p, spec.value, "start offset"); break;
            case StartPosition::Kind::Timestamp: byTimestamp.push_back(i); break;
            }
        }
        if (!st) {
            s.shutdown();
            return st;
        }
    }

    if (!byTimestamp.empty()) {
        rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(int(byTimestamp.size()));
        for (std::size_t index : byTimestamp) {
            const Impl::Partition &p = s.partitions[index];
            rd_kafka_topic_partition_list_add(list, cfg.topics[p.topicId].toUtf8().constData(), p.partition)->offset =
                cfg.partitionStarts.value(p.partition, cfg.start).value;
        }
        const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(s.rk, list, cfg.timeoutMs);
        if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
            rd_kafka_topic_partition_list_destroy(list);
            const Error e = s.client->connectionError(QStringLiteral("looking up offsets by time failed: %1")
                                                  .arg(QString::fromUtf8(rd_kafka_err2str(err))));
            s.shutdown();
            return e;
        }
        int pastEnd = 0;
        std::int64_t newestSeen = -1;
        std::int64_t wantedTs = -1;
        Status st;
        for (std::size_t k = 0; k < byTimestamp.size() && st; ++k) {
            const std::size_t index = byTimestamp[k];
            Impl::Partition &p = s.partitions[index];
            wantedTs = cfg.partitionStarts.value(p.partition, cfg.start).value;
            const std::int64_t found = list->elems[k].err ? -1 : list->elems[k].offset;
            if (found >= 0) {
                st = startAt(p, found, "offset for the start time");
                continue;
            }
            // The broker found no event at or after the time. Either it is
            // really past the end, or the broker has no time index (the
            // embedded mock broker): the newest event tells which.
            auto newest = s.newestTimestamp(p, (*lows)[index], (*highs)[index]);
            if (!newest) {
                st = newest.error();
                break;
            }
            newestSeen = std::max(newestSeen, *newest);
            if (*newest < wantedTs) {
                ++pastEnd;
                st = startAt(p, (*highs)[index], "start offset");
            } else {
                p.cursor = PartitionCursor({(*lows)[index], wantedTs});
                st = s.startPartition(p, p.cursor.nextOffset());
            }
        }
        rd_kafka_topic_partition_list_destroy(list);
        if (st && pastEnd == int(s.partitions.size()))
            st = Error::badInput(QStringLiteral("start timestamp %1 (%2) is past the end of %3: %4")
                                     .arg(wantedTs)
                                     .arg(isoFromMs(wantedTs))
                                     .arg(cfg.topics.join(QLatin1String(", ")))
                                     .arg(newestSeen < 0 ? QStringLiteral("there are no events")
                                                         : QStringLiteral("the newest event is from %1").arg(isoFromMs(newestSeen))));
        if (!st) {
            s.shutdown();
            return st;
        }
    }
    for (Impl::Partition &p : s.partitions)
        s.starts.push_back({p.topicId, p.partition, p.cursor.position()});
    s.batch.resize(10000);
    return {};
}

Status KafkaReader::poll(int timeoutMs, EventSink &sink, int maxEvents)
{
    Impl &s = *d;
    if (!s.rk)
        return Error::runtime(QStringLiteral("the Kafka reader is not open"));

    for (const QString &w : std::exchange(s.pendingWarnings, {}))
        sink.onWarning(w);
    for (const Impl::PendingGap &g : std::exchange(s.pendingGaps, {}))
        sink.onRetentionGap(g.topicId, g.partition, g.first, g.last, g.detectedUs);

    for (const QString &e : s.client->takeErrorEvents())
        sink.onWarning(e);

    if (int(s.batch.size()) < maxEvents)
        s.batch.resize(std::size_t(maxEvents));
    const ssize_t n = rd_kafka_consume_batch_queue(s.queue, timeoutMs, s.batch.data(), std::size_t(maxEvents));
    if (n < 0)
        return Error::runtime(QStringLiteral("reading from Kafka failed: %1")
                                  .arg(QString::fromUtf8(rd_kafka_err2str(rd_kafka_last_error()))));
    const std::int64_t arrivalUs = wallClockMicros();

    std::vector<Impl::Partition *> restart;
    for (ssize_t i = 0; i < n; ++i) {
        rd_kafka_message_t *m = s.batch[std::size_t(i)];
        // Which of our topics: usually the same as the previous message's.
        int topicId = s.lastTopicHit;
        if (std::size_t(topicId) >= s.topicHandles.size() || s.topicHandles[std::size_t(topicId)] != m->rkt) {
            topicId = -1;
            for (std::size_t t = 0; t < s.topicHandles.size(); ++t)
                if (s.topicHandles[t] == m->rkt)
                    topicId = int(t);
        }
        Impl::Partition *p = nullptr;
        if (topicId >= 0) {
            s.lastTopicHit = topicId;
            const std::vector<int> &index = s.partitionIndex[std::size_t(topicId)];
            if (m->partition >= 0 && std::size_t(m->partition) < index.size() && index[std::size_t(m->partition)] >= 0)
                p = &s.partitions[std::size_t(index[std::size_t(m->partition)])];
        }

        if (m->err) {
            if (!p) {
                sink.onWarning(QString::fromUtf8(rd_kafka_message_errstr(m)));
            } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
                p->atEnd = true;
            } else if (m->err == RD_KAFKA_RESP_ERR__AUTO_OFFSET_RESET || m->err == RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE) {
                if (std::find(restart.begin(), restart.end(), p) == restart.end())
                    restart.push_back(p);
            } else {
                sink.onWarning(QStringLiteral("%1 [%2]: %3")
                                   .arg(s.config.topics[p->topicId])
                                   .arg(p->partition)
                                   .arg(QString::fromUtf8(rd_kafka_message_errstr(m))));
            }
            rd_kafka_message_destroy(m);
            continue;
        }
        if (!p) { // cannot happen: we only started our own partitions
            rd_kafka_message_destroy(m);
            continue;
        }
        p->atEnd = false;
        rd_kafka_timestamp_type_t tsType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
        const std::int64_t ts = rd_kafka_message_timestamp(m, &tsType);
        if (p->cursor.accept(m->offset, ts) != PartitionCursor::Verdict::Deliver) {
            rd_kafka_message_destroy(m); // a re-delivery, or before the start time
            continue;
        }

        EventView view;
        view.arrivalUs = arrivalUs;
        view.topicId = topicId;
        view.partition = m->partition;
        view.offset = m->offset;
        view.timestampMs = ts;
        view.timestampType = TimestampType(tsType == RD_KAFKA_TIMESTAMP_CREATE_TIME      ? 1
                                           : tsType == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? 2
                                                                                          : 0);
        view.key = m->key ? BytesView::of(static_cast<const char *>(m->key), std::int64_t(m->key_len)) : BytesView::null();
        view.value = m->payload ? BytesView::of(static_cast<const char *>(m->payload), std::int64_t(m->len))
                                : BytesView::null();
        s.headerScratch.clear();
        rd_kafka_headers_t *headers = nullptr;
        if (rd_kafka_message_headers(m, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR && headers) {
            const char *name = nullptr;
            const void *value = nullptr;
            size_t size = 0;
            for (size_t h = 0; rd_kafka_header_get_all(headers, h, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++h)
                s.headerScratch.push_back(HeaderView{BytesView::of(name, std::int64_t(qstrlen(name))),
                                                     value ? BytesView::of(static_cast<const char *>(value), std::int64_t(size))
                                                           : BytesView::null()});
        }
        view.headers = s.headerScratch;
        sink.onEvent(view);
        rd_kafka_message_destroy(m);
    }

    // Offsets deleted by retention before we read them: report the hole,
    // then continue from the new log start.
    for (Impl::Partition *p : restart) {
        auto marks = s.watermarks(*p);
        if (!marks) {
            sink.onWarning(marks.error().message);
            continue;
        }
        const auto [low, high] = *marks;
        const std::int64_t wanted = p->cursor.nextOffset() >= 0 ? p->cursor.nextOffset() : low;
        rd_kafka_consume_stop(p->rkt, p->partition);
        p->started = false;
        if (wanted < low) {
            sink.onRetentionGap(p->topicId, p->partition, wanted, low - 1, wallClockMicros());
            p->retentionLost += low - wanted;
            p->cursor.moveTo(low);
        } else if (wanted > high) {
            sink.onWarning(QStringLiteral("%1 [%2] now ends at offset %3, before offset %4 that was already read: "
                                          "the topic was truncated or created again; waiting for new offsets")
                               .arg(s.config.topics[p->topicId])
                               .arg(p->partition)
                               .arg(high)
                               .arg(wanted));
        }
        if (Status st = s.startPartition(*p, std::clamp(wanted, low, high)); !st)
            return st;
    }
    return {};
}

bool KafkaReader::allAtEnd() const
{
    for (const Impl::Partition &p : d->partitions)
        if (!p.atEnd)
            return false;
    return !d->partitions.empty();
}

std::vector<PartitionStatus> KafkaReader::partitionStatus() const
{
    std::vector<PartitionStatus> out;
    out.reserve(d->partitions.size());
    for (const Impl::Partition &p : d->partitions) {
        PartitionStatus st;
        st.topicId = p.topicId;
        st.topic = d->config.topics[p.topicId];
        st.partition = p.partition;
        st.nextOffset = p.cursor.nextOffset();
        st.atEnd = p.atEnd;
        st.duplicatesSkipped = p.cursor.duplicatesSkipped();
        st.retentionLost = p.retentionLost;
        std::int64_t low = -1, high = -1;
        if (d->rk && rd_kafka_get_watermark_offsets(d->rk, rd_kafka_topic_name(p.rkt), p.partition, &low, &high)
                         == RD_KAFKA_RESP_ERR_NO_ERROR)
            st.highWatermark = high;
        out.push_back(st);
    }
    return out;
}

QJsonObject describeSource(const ReaderConfig &cfg)
{
    QJsonObject json;
    json.insert(QStringLiteral("kind"), QStringLiteral("kafka"));
    json.insert(QStringLiteral("brokers"), cfg.brokers);
    json.insert(QStringLiteral("topics"), QJsonArray::fromStringList(cfg.topics));
    json.insert(QStringLiteral("start"), cfg.start.toString());
    QJsonObject perPartition;
    for (auto it = cfg.partitionStarts.begin(); it != cfg.partitionStarts.end(); ++it)
        perPartition.insert(QString::number(it.key()), it.value().toString());
    if (!perPartition.isEmpty())
        json.insert(QStringLiteral("partition_starts"), perPartition);
    if (!cfg.onlyPartitions.isEmpty()) {
        QJsonArray only;
        for (int p : cfg.onlyPartitions)
            only.append(p);
        json.insert(QStringLiteral("partitions"), only);
    }
    json.insert(QStringLiteral("properties"), cfg.properties.redactedJson());
    return json;
}

} // namespace streamscope
