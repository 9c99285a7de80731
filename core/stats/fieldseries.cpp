#include "stats/fieldseries.h"

#include <algorithm>
#include <cmath>

namespace streamscope {

FieldSeriesBuilder::FieldSeriesBuilder(FieldSeriesOptions options)
    : m_options(std::move(options)), m_context(QStringList())
{
    m_options.maxSeries = std::max(m_options.maxSeries, 1);
    m_options.maxPointsPerSeries = std::max(m_options.maxPointsPerSeries, 16);
}

FieldSeriesBuilder::Series &FieldSeriesBuilder::seriesFor(const EventView &event, const QStringList &topics)
{
    const auto make = [this](FieldSeries info) -> std::size_t {
        const bool full = m_series.size() >= std::size_t(m_options.maxSeries);
        if (full) {
            if (!m_other) {
                FieldSeries other;
                other.other = true;
                m_series.push_back(Series{other, {}, 0, 0, false});
                m_other = m_series.size() - 1;
            }
            return *m_other;
        }
        m_series.push_back(Series{std::move(info), {}, 0, 0, false});
        return m_series.size() - 1;
    };
    switch (m_options.split) {
    case SeriesSplit::None:
        if (m_series.empty())
            m_series.push_back(Series{});
        return m_series.front();
    case SeriesSplit::Partition: {
        const auto key = std::make_pair(event.topicId, event.partition);
        auto it = m_byPartition.find(key);
        if (it == m_byPartition.end()) {
            FieldSeries info;
            info.topicId = event.topicId;
            info.topic = topics.value(event.topicId);
            info.partition = event.partition;
            it = m_byPartition.emplace(key, make(std::move(info))).first;
        }
        return m_series[it->second];
    }
    case SeriesSplit::Key: {
        std::optional<QByteArray> key = toOptionalBytes(event.key);
        auto it = m_byKey.find(key);
        if (it == m_byKey.end()) {
            FieldSeries info;
            info.key = key;
            it = m_byKey.emplace(std::move(key), make(std::move(info))).first;
        }
        return m_series[it->second];
    }
    }
    Q_UNREACHABLE();
}

void FieldSeriesBuilder::add(const EventView &event, const QStringList &topics)
{
    if (topics.size() != m_topicCount) {
        m_context.setTopicNames(topics);
        m_topicCount = int(topics.size());
    }
    m_context.setEvent(event);
    ++m_counts.events;

    const expr::Value value = m_options.value.evaluate(m_context);
    if (value.isMissing()) {
        ++m_counts.missing;
        return;
    }
    const std::optional<double> number = value.toDouble();
    if (!number || !std::isfinite(*number)) {
        ++m_counts.notNumbers;
        return;
    }

    std::optional<double> timeMs;
    if (m_options.axis == TimeAxis::Arrival) {
        timeMs = double(event.arrivalUs) / 1000.0;
    } else if (!m_options.eventTime.isNull()) {
        timeMs = m_options.eventTime.evaluate(m_context).toDouble();
    } else if (event.timestampMs >= 0) {
        timeMs = double(event.timestampMs);
    }
    if (!timeMs || !std::isfinite(*timeMs)) {
        ++m_counts.noTime;
        return;
    }

    Series &series = seriesFor(event, topics);
    const bool inOrder = series.sortedUpTo == series.points.size()
                         && (series.points.empty() || series.points.back().timeMs <= *timeMs);
    series.points.push_back(Point{*timeMs, *number, event.seq});
    if (inOrder)
        series.sortedUpTo = series.points.size();
    ++series.plotted;
    ++m_counts.points;
    // Between snapshots, memory is bounded at twice the drawing budget.
    if (series.points.size() >= 2 * std::size_t(m_options.maxPointsPerSeries)) {
        sort(series);
        downsample(series);
    }
}

void FieldSeriesBuilder::sort(Series &series)
{
    if (series.sortedUpTo == series.points.size())
        return;
    const auto byTime = [](const Point &a, const Point &b) { return a.timeMs < b.timeMs; };
    const auto middle = series.points.begin() + std::ptrdiff_t(series.sortedUpTo);
    // Mostly in order already: sort the new tail, then merge (both stable,
    // so points of equal time stay in seq order).
    std::stable_sort(middle, series.points.end(), byTime);
    std::inplace_merge(series.points.begin(), middle, series.points.end(), byTime);
    series.sortedUpTo = series.points.size();
}

void FieldSeriesBuilder::downsample(Series &series)
{
    // Groups of four consecutive points keep their lowest and highest value
    // (in time order): about half the points, the same envelope.
    std::vector<Point> kept;
    kept.reserve(series.points.size() / 2 + 2);
    for (std::size_t i = 0; i < series.points.size(); i += 4) {
        const std::size_t end = std::min(i + 4, series.points.size());
        std::size_t low = i, high = i;
        for (std::size_t j = i + 1; j < end; ++j) {
            if (series.points[j].value < series.points[low].value)
                low = j;
            if (series.points[j].value > series.points[high].value)
                high = j;
        }
        kept.push_back(series.points[std::min(low, high)]);
        if (low != high)
            kept.push_back(series.points[std::max(low, high)]);
    }
    series.points = std::move(kept);
    series.sortedUpTo = series.points.size();
    series.downsampled = true;
}

FieldSeriesSnapshot FieldSeriesBuilder::snapshot()
{
    FieldSeriesSnapshot out = m_counts;
    std::vector<std::size_t> order;
    if (m_options.split == SeriesSplit::Partition) {
        for (const auto &[key, index] : m_byPartition)
            if (!m_other || index != *m_other)
                order.push_back(index);
    } else {
        for (std::size_t i = 0; i < m_series.size(); ++i)
            if (!m_other || i != *m_other)
                order.push_back(i);
    }
    if (m_other)
        order.push_back(*m_other);
    for (const std::size_t index : order) {
        Series &series = m_series[index];
        sort(series);
        if (series.points.size() > std::size_t(m_options.maxPointsPerSeries))
            downsample(series);
        FieldSeries s = series.info;
        s.timesMs.reserve(qsizetype(series.points.size()));
        s.values.reserve(qsizetype(series.points.size()));
        s.seqs.reserve(qsizetype(series.points.size()));
        for (const Point &p : series.points) {
            s.timesMs.append(p.timeMs);
            s.values.append(p.value);
            s.seqs.append(p.seq);
        }
        s.points = series.plotted;
        s.downsampled = series.downsampled;
        out.series.append(std::move(s));
    }
    return out;
}

} // namespace streamscope
