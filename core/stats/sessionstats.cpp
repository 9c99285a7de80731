#include "stats/sessionstats.h"

#include "expr/jsondocument.h"

#include <algorithm>

namespace streamscope {

namespace {

constexpr std::int64_t kRateSlotUs = 100'000;
// Arrival times of a hostile file are kept in a range where bucket
// arithmetic cannot overflow (year 2100 is about 4.1e15 µs).
constexpr std::int64_t kMaxArrivalUs = std::int64_t(1) << 60;
constexpr std::int64_t kMaxTimestampMs = kMaxArrivalUs / 1000;

std::int64_t floorDiv(std::int64_t a, std::int64_t b)
{
    const std::int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

std::size_t ringIndex(std::int64_t slot, std::size_t size)
{
    const std::int64_t n = std::int64_t(size);
    return std::size_t(((slot % n) + n) % n);
}

} // namespace

void SessionStats::Series::resize(std::size_t n)
{
    events.resize(n, 0);
    bytes.resize(n, 0);
    firstSeq.resize(n, -1);
}

void SessionStats::Series::add(std::size_t bucket, std::int64_t eventBytes, std::int64_t seq)
{
    ++events[bucket];
    bytes[bucket] += eventBytes;
    if (firstSeq[bucket] < 0 || seq < firstSeq[bucket])
        firstSeq[bucket] = seq;
}

BucketSeries SessionStats::Series::toBuckets() const
{
    BucketSeries out;
    out.events = QList<std::int64_t>(events.begin(), events.end());
    out.bytes = QList<std::int64_t>(bytes.begin(), bytes.end());
    out.firstSeq = QList<std::int64_t>(firstSeq.begin(), firstSeq.end());
    return out;
}

SessionStats::SessionStats() : SessionStats(Options{}) {}

SessionStats::SessionStats(Options options)
    : m_options(options), m_json(std::make_unique<expr::detail::JsonDocument>())
{
    m_options.maxBuckets = std::max(m_options.maxBuckets, 1);
    m_options.minBucketUs = std::max<std::int64_t>(m_options.minBucketUs, 1);
    const std::size_t slotCount = std::size_t(std::max<std::int64_t>(1, m_options.rateWindowUs / kRateSlotUs));
    m_rateEvents.assign(slotCount, 0);
    m_rateBytes.assign(slotCount, 0);
}

SessionStats::~SessionStats() = default;

void SessionStats::clear()
{
    m_events = m_bytes = m_bad = m_nullValues = 0;
    m_firstSeq = m_lastSeq = m_firstArrivalUs = m_lastArrivalUs = -1;
    m_widthUs = m_originUs = 0;
    m_total = Series{};
    m_partitions.clear();
    m_latency.clear();
    std::fill(m_rateEvents.begin(), m_rateEvents.end(), 0);
    std::fill(m_rateBytes.begin(), m_rateBytes.end(), 0);
    m_headSlot = m_firstSlot = 0;
}

std::int64_t SessionStats::nextBucketWidthUs(std::int64_t widthUs)
{
    static constexpr std::int64_t kLadder[] = {
        1'000, 2'000, 10'000, 20'000, 100'000, 200'000,                    // ms
        1'000'000, 2'000'000, 10'000'000, 20'000'000,                      // s
        60'000'000, 120'000'000, 600'000'000, 1'200'000'000,               // min
        3'600'000'000, 7'200'000'000, 21'600'000'000, 43'200'000'000,     // h
        86'400'000'000,                                                    // d
    };
    // Each step is a whole multiple of the last, so that merging keeps every
    // old bucket inside exactly one new one.
    for (const std::int64_t w : kLadder)
        if (w > widthUs && w % widthUs == 0 && w <= widthUs * 10)
            return w;
    return widthUs * 2; // beyond the ladder, or off it (an unusual minBucketUs)
}

std::size_t SessionStats::bucketFor(std::int64_t arrivalUs)
{
    if (m_widthUs == 0) {
        m_widthUs = m_options.minBucketUs;
        m_originUs = floorDiv(arrivalUs, m_widthUs) * m_widthUs;
        rebin(m_widthUs, m_originUs, std::size_t(floorDiv(arrivalUs - m_originUs, m_widthUs) + 1));
        return std::size_t((arrivalUs - m_originUs) / m_widthUs);
    }
    const std::int64_t covered = m_originUs + std::int64_t(m_total.events.size()) * m_widthUs;
    if (arrivalUs >= m_originUs && arrivalUs < covered)
        return std::size_t((arrivalUs - m_originUs) / m_widthUs);
    const std::int64_t low = std::min(m_originUs, arrivalUs);
    const std::int64_t high = std::max(covered, arrivalUs + 1); // exclusive
    std::int64_t width = m_widthUs;
    std::int64_t origin = 0;
    std::int64_t count = 0;
    for (;;) {
        origin = floorDiv(low, width) * width;
        count = floorDiv(high - 1 - origin, width) + 1;
        if (count <= m_options.maxBuckets)
            break;
        width = nextBucketWidthUs(width);
    }
    rebin(width, origin, std::size_t(count));
    return std::size_t((arrivalUs - m_originUs) / m_widthUs);
}

void SessionStats::rebin(std::int64_t widthUs, std::int64_t originUs, std::size_t count)
{
    const auto move = [&](Series &series) {
        if (widthUs == m_widthUs && originUs == m_originUs) {
            series.resize(count);
            return;
        }
        Series merged;
        merged.resize(count);
        for (std::size_t i = 0; i < series.events.size(); ++i) {
            if (series.events[i] == 0)
                continue;
            const std::int64_t start = m_originUs + std::int64_t(i) * m_widthUs;
            const std::size_t j = std::size_t((start - originUs) / widthUs);
            merged.events[j] += series.events[i];
            merged.bytes[j] += series.bytes[i];
            if (merged.firstSeq[j] < 0 || series.firstSeq[i] < merged.firstSeq[j])
                merged.firstSeq[j] = series.firstSeq[i];
        }
        series = std::move(merged);
    };
    move(m_total);
    for (Partition &p : m_partitions)
        move(p.series);
    m_widthUs = widthUs;
    m_originUs = originUs;
}

SessionStats::Partition &SessionStats::partitionFor(const EventView &event, const QStringList &topics)
{
    const auto key = std::make_pair(event.topicId, event.partition);
    auto it = std::lower_bound(m_partitions.begin(), m_partitions.end(), key, [](const Partition &p, const auto &k) {
        return std::make_pair(p.topicId, p.partition) < k;
    });
    if (it == m_partitions.end() || it->topicId != event.topicId || it->partition != event.partition) {
        Partition p;
        p.topicId = event.topicId;
        p.partition = event.partition;
        p.topic = event.topicId >= 0 && event.topicId < topics.size() ? topics.at(event.topicId) : QString();
        p.series.resize(m_total.events.size());
        it = m_partitions.insert(it, std::move(p));
    } else if (it->topic.isEmpty() && event.topicId >= 0 && event.topicId < topics.size()) {
        it->topic = topics.at(event.topicId); // a live session may name a topic later
    }
    return *it;
}

void SessionStats::addToRate(std::int64_t arrivalUs, std::int64_t bytes)
{
    const std::int64_t slot = floorDiv(arrivalUs, kRateSlotUs);
    const std::int64_t ring = std::int64_t(m_rateEvents.size());
    if (m_events == 0) {
        m_headSlot = m_firstSlot = slot;
    } else if (slot > m_headSlot) {
        const std::int64_t clearFrom = std::max(m_headSlot + 1, slot - ring + 1);
        for (std::int64_t s = clearFrom; s <= slot; ++s) {
            m_rateEvents[ringIndex(s, m_rateEvents.size())] = 0;
            m_rateBytes[ringIndex(s, m_rateBytes.size())] = 0;
        }
        m_headSlot = slot;
    } else if (slot <= m_headSlot - ring) {
        return; // older than the window: arrival time went back a long way
    }
    m_firstSlot = std::min(m_firstSlot, slot);
    ++m_rateEvents[ringIndex(slot, m_rateEvents.size())];
    m_rateBytes[ringIndex(slot, m_rateBytes.size())] += bytes;
}

void SessionStats::add(const EventView &event, const QStringList &topics)
{
    const std::int64_t arrivalUs = std::clamp<std::int64_t>(event.arrivalUs, 0, kMaxArrivalUs);
    const std::int64_t bytes = std::max<std::int64_t>(event.key.size, 0) + std::max<std::int64_t>(event.value.size, 0);

    const std::size_t bucket = bucketFor(arrivalUs);
    m_total.add(bucket, bytes, event.seq);
    Partition &partition = partitionFor(event, topics);
    partition.series.add(bucket, bytes, event.seq);
    ++partition.events;
    partition.bytes += bytes;

    addToRate(arrivalUs, bytes);

    if (event.timestampMs >= 0 && event.timestampMs <= kMaxTimestampMs)
        m_latency.add(arrivalUs - event.timestampMs * 1000);

    if (event.value.isNull()) {
        ++m_nullValues;
    } else {
        // The expression language's own rule and parser (expr/jsondocument.h).
        m_json->state = expr::detail::JsonDocument::State::Unparsed;
        if (!m_json->rootOf(event))
            ++m_bad;
    }

    if (m_events == 0) {
        m_firstSeq = event.seq;
        m_firstArrivalUs = arrivalUs;
    }
    m_firstArrivalUs = std::min(m_firstArrivalUs, arrivalUs);
    m_lastArrivalUs = std::max(m_lastArrivalUs, arrivalUs);
    m_lastSeq = event.seq;
    ++m_events;
    m_bytes += bytes;
}

SessionStatsSnapshot SessionStats::snapshot(std::int64_t nowUs) const
{
    SessionStatsSnapshot s;
    s.events = m_events;
    s.bytes = m_bytes;
    s.badPayloads = m_bad;
    s.nullValues = m_nullValues;
    s.firstSeq = m_firstSeq;
    s.lastSeq = m_lastSeq;
    s.firstArrivalUs = m_firstArrivalUs;
    s.lastArrivalUs = m_lastArrivalUs;
    s.bucketOriginUs = m_originUs;
    s.bucketWidthUs = m_widthUs;
    s.total = m_total.toBuckets();
    s.partitions.reserve(qsizetype(m_partitions.size()));
    for (const Partition &p : m_partitions)
        s.partitions.append(PartitionStats{p.topicId, p.topic, p.partition, p.events, p.bytes, p.series.toBuckets()});

    s.latencySamples = m_latency.count();
    const auto ms = [this](double p) -> std::optional<double> {
        const auto us = m_latency.percentileUs(p);
        return us ? std::optional<double>(*us / 1000.0) : std::nullopt;
    };
    s.latencyP50Ms = ms(50);
    s.latencyP95Ms = ms(95);
    s.latencyP99Ms = ms(99);

    if (m_events > 0) {
        const std::int64_t ring = std::int64_t(m_rateEvents.size());
        const std::int64_t endSlot = nowUs >= 0 ? std::max(m_headSlot, floorDiv(nowUs, kRateSlotUs)) : m_headSlot;
        std::int64_t events = 0, bytes = 0;
        for (std::int64_t slot = std::max(endSlot, m_headSlot) - ring + 1; slot <= m_headSlot; ++slot) {
            if (slot <= m_headSlot - ring)
                continue;
            events += m_rateEvents[ringIndex(slot, m_rateEvents.size())];
            bytes += m_rateBytes[ringIndex(slot, m_rateBytes.size())];
        }
        const std::int64_t slotCount = std::min(ring, endSlot - m_firstSlot + 1);
        s.recentWindowSeconds = double(slotCount * kRateSlotUs) / 1e6;
        s.recentEventsPerSecond = double(events) / s.recentWindowSeconds;
        s.recentBytesPerSecond = double(bytes) / s.recentWindowSeconds;
    }
    return s;
}

} // namespace streamscope
