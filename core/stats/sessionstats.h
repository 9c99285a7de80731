#pragma once
// Statistics of a session for the I/O graph and the metrics panel, computed
// incrementally: add() takes events one at a time in seq order, so a
// background thread can follow a session while it is recorded, and
// snapshot() hands the GUI plain values (DESIGN.md principle 5).
//
// - Per partition and in total, per time bucket of arrival time: events and
//   key + value bytes (the bytes RecordProgress counts), and the first seq of
//   each bucket (where a click on the graph jumps to). Buckets are aligned to
//   multiples of their width since the epoch; the width starts at
//   minBucketUs and steps up a ladder of whole multiples (1, 2, 10, 20, 100,
//   200 ms, 1, 2, 10, 20 s, 1, 2, 10, 20 min, 1, 2, 6, 12 h, 1 d, then
//   doubling) whenever the session would need more than maxBuckets, merging
//   whole buckets: memory stays bounded however long a session runs.
// - Latency, arrival − Kafka timestamp, percentiles from a LatencyHistogram
//   (log buckets, within 0.4 %); events without a timestamp are not counted.
// - Bad payloads: non-null values that are not JSON by the expression
//   language's rule (empty, invalid, or refused by simdjson; see
//   docs/filter-language.md). Null values (tombstones) are counted apart.
// - The rate over the last rateWindowUs of arrival time, in 100 ms steps.

#include "event/event.h"
#include "stats/latencyhistogram.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace streamscope {

namespace expr::detail {
struct JsonDocument;
}

// One series of buckets; index i covers arrival times
// [originUs + i × widthUs, originUs + (i + 1) × widthUs).
struct BucketSeries {
    QList<std::int64_t> events;
    QList<std::int64_t> bytes;
    QList<std::int64_t> firstSeq; // -1 for an empty bucket
};

struct PartitionStats {
    int topicId = -1;
    QString topic;
    int partition = -1;
    std::int64_t events = 0;
    std::int64_t bytes = 0;
    BucketSeries buckets;
};

struct SessionStatsSnapshot {
    std::int64_t events = 0;
    std::int64_t bytes = 0;       // key + value bytes
    std::int64_t badPayloads = 0; // non-null values that are not JSON
    std::int64_t nullValues = 0;  // tombstones
    std::int64_t firstSeq = -1;
    std::int64_t lastSeq = -1;
    std::int64_t firstArrivalUs = -1;
    std::int64_t lastArrivalUs = -1;

    std::int64_t bucketOriginUs = 0;
    std::int64_t bucketWidthUs = 0; // 0 before the first event
    BucketSeries total;
    QList<PartitionStats> partitions; // sorted by topic id, partition

    std::int64_t latencySamples = 0;
    std::optional<double> latencyP50Ms;
    std::optional<double> latencyP95Ms;
    std::optional<double> latencyP99Ms;

    double recentEventsPerSecond = 0;
    double recentBytesPerSecond = 0;
    double recentWindowSeconds = 0; // shorter than the configured window while the session is younger

    int bucketCount() const { return int(total.events.size()); }
    std::int64_t bucketStartUs(int bucket) const { return bucketOriginUs + std::int64_t(bucket) * bucketWidthUs; }
};

class SessionStats
{
public:
    struct Options {
        int maxBuckets = 500;
        std::int64_t minBucketUs = 1000;        // 1 ms: a short session still gets a detailed graph
        std::int64_t rateWindowUs = 10'000'000; // "the last 10 s"
    };

    SessionStats();
    explicit SessionStats(Options options);
    ~SessionStats();
    SessionStats(const SessionStats &) = delete;
    SessionStats &operator=(const SessionStats &) = delete;

    // One event, in seq order; topics resolves event.topicId.
    void add(const EventView &event, const QStringList &topics);
    void clear();

    std::int64_t eventCount() const { return m_events; }

    // The figures so far. The recent rate ends at nowUs when given (a live
    // session: the rate falls when events stop coming), else at the last
    // arrival (a recorded session).
    SessionStatsSnapshot snapshot(std::int64_t nowUs = -1) const;

    // The bucket width that follows widthUs on the ladder above.
    static std::int64_t nextBucketWidthUs(std::int64_t widthUs);

private:
    struct Series {
        std::vector<std::int64_t> events, bytes, firstSeq;
        void resize(std::size_t n);
        void add(std::size_t bucket, std::int64_t bytes, std::int64_t seq);
        BucketSeries toBuckets() const;
    };
    struct Partition {
        int topicId = -1;
        QString topic;
        int partition = -1;
        std::int64_t events = 0, bytes = 0;
        Series series;
    };

    std::size_t bucketFor(std::int64_t arrivalUs);
    void rebin(std::int64_t widthUs, std::int64_t originUs, std::size_t count);
    Partition &partitionFor(const EventView &event, const QStringList &topics);
    void addToRate(std::int64_t arrivalUs, std::int64_t bytes);

    Options m_options;
    std::int64_t m_events = 0, m_bytes = 0, m_bad = 0, m_nullValues = 0;
    std::int64_t m_firstSeq = -1, m_lastSeq = -1;
    std::int64_t m_firstArrivalUs = -1, m_lastArrivalUs = -1;

    std::int64_t m_widthUs = 0;
    std::int64_t m_originUs = 0;
    Series m_total;
    std::vector<Partition> m_partitions; // sorted by (topicId, partition)

    LatencyHistogram m_latency;

    // Rate: a ring of 100 ms slots covering the window, by absolute slot number.
    std::vector<std::int64_t> m_rateEvents, m_rateBytes;
    std::int64_t m_headSlot = 0;
    std::int64_t m_firstSlot = 0;

    std::unique_ptr<expr::detail::JsonDocument> m_json;
};

} // namespace streamscope
