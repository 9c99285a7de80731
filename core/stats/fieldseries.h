#pragma once
// "Plot this field over time": the points (time, number, seq) of an
// expression over a session, built incrementally like SessionStats so that a
// background thread can follow a live session.
//
// Only numbers are plotted: Int and Double, and strings that are exactly a
// JSON number (the language's one coercion rule, Value::toDouble). Missing
// values, other strings, booleans, null, arrays and objects are skipped and
// counted, as are events without a time for the x axis.
//
// A series is split by partition or by key on request (at most maxSeries,
// in order of first appearance; the rest share one "other" series). Points
// are kept sorted by time with their seq, so the plot can jump to the event
// behind a point. A series that grows beyond maxPointsPerSeries is
// downsampled: groups of consecutive points keep only their lowest and
// highest value, so spikes stay visible while memory stays bounded.

#include "event/event.h"
#include "expr/expression.h"

#include <QByteArray>
#include <QList>
#include <QStringList>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

namespace streamscope {

enum class TimeAxis {
    EventTime, // the Kafka timestamp, or the pipeline's event-time expression when one is given
    Arrival,   // when Streamscope received the event
};

enum class SeriesSplit { None, Partition, Key };

struct FieldSeriesOptions {
    expr::Expression value;
    expr::Expression eventTime; // null: the Kafka timestamp; else evaluated to epoch milliseconds
    TimeAxis axis = TimeAxis::EventTime;
    SeriesSplit split = SeriesSplit::None;
    int maxSeries = 32;
    int maxPointsPerSeries = 200'000;
};

struct FieldSeries {
    // What the series holds: every event (SeriesSplit::None), one partition,
    // one key (nullopt: the null key), or the events beyond maxSeries.
    int topicId = -1;
    QString topic;
    int partition = -1;
    std::optional<QByteArray> key;
    bool other = false;

    QList<double> timesMs; // epoch milliseconds, ascending
    QList<double> values;
    QList<std::int64_t> seqs;
    std::int64_t points = 0; // plotted before downsampling
    bool downsampled = false;
};

struct FieldSeriesSnapshot {
    QList<FieldSeries> series;
    std::int64_t events = 0;     // evaluated
    std::int64_t points = 0;     // numbers plotted
    std::int64_t missing = 0;    // no value (absent field, payload not JSON…)
    std::int64_t notNumbers = 0; // a value that is not a number
    std::int64_t noTime = 0;     // a number, but no time for the x axis
};

class FieldSeriesBuilder
{
public:
    explicit FieldSeriesBuilder(FieldSeriesOptions options);

    void add(const EventView &event, const QStringList &topics);
    // Not const: sorts what arrived since the last snapshot into place.
    FieldSeriesSnapshot snapshot();

    const FieldSeriesOptions &options() const { return m_options; }

private:
    struct Point {
        double timeMs;
        double value;
        std::int64_t seq;
    };
    struct Series {
        FieldSeries info;
        std::vector<Point> points;
        std::size_t sortedUpTo = 0; // points [0, sortedUpTo) are in time order
        std::int64_t plotted = 0;
        bool downsampled = false;
    };

    Series &seriesFor(const EventView &event, const QStringList &topics);
    void sort(Series &series);
    void downsample(Series &series);

    FieldSeriesOptions m_options;
    expr::EventContext m_context;
    int m_topicCount = 0;
    std::vector<Series> m_series;
    std::map<std::pair<int, int>, std::size_t> m_byPartition;
    std::map<std::optional<QByteArray>, std::size_t> m_byKey;
    std::optional<std::size_t> m_other;
    FieldSeriesSnapshot m_counts;
};

} // namespace streamscope
