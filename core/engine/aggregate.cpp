#include "engine/aggregate.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>

namespace streamscope {

void AggregateState::add(std::int64_t seq, const AggregateInput &input)
{
    switch (m_kind) {
    case AggregateKind::Count:
        // count(x) counts events where x is present; a plain count gets a
        // present input for every event.
        if (input.kind != AggregateInput::Kind::Missing)
            ++m_count;
        return;
    case AggregateKind::Collect: ++m_count; return;
    case AggregateKind::Sum:
    case AggregateKind::Avg:
    case AggregateKind::Min:
    case AggregateKind::Max:
    case AggregateKind::Percentile:
        if (input.kind != AggregateInput::Kind::Number || !std::isfinite(input.number))
            return;
        if (m_count == 0 || input.number < m_min)
            m_min = input.number;
        if (m_count == 0 || input.number > m_max)
            m_max = input.number;
        m_sum += input.number;
        ++m_count;
        if (m_kind == AggregateKind::Percentile)
            m_values.push_back(input.number);
        return;
    case AggregateKind::First:
    case AggregateKind::Last:
        if (input.kind == AggregateInput::Kind::Missing)
            return;
        if (m_count == 0 || (m_kind == AggregateKind::First ? seq < m_edgeSeq : seq > m_edgeSeq)) {
            m_edgeSeq = seq;
            m_edge = input;
        }
        ++m_count;
        return;
    case AggregateKind::CountDistinct:
        if (input.kind == AggregateInput::Kind::Missing)
            return;
        m_distinct.insert(input.kind == AggregateInput::Kind::Number ? QByteArray::number(input.number, 'g', 17)
                                                                     : input.text);
        ++m_count;
        return;
    }
}

void AggregateState::merge(const AggregateState &other)
{
    if (other.m_count == 0)
        return;
    switch (m_kind) {
    case AggregateKind::First:
    case AggregateKind::Last:
        if (m_count == 0 || (m_kind == AggregateKind::First ? other.m_edgeSeq < m_edgeSeq : other.m_edgeSeq > m_edgeSeq)) {
            m_edgeSeq = other.m_edgeSeq;
            m_edge = other.m_edge;
        }
        break;
    default:
        if (m_count == 0) {
            m_min = other.m_min;
            m_max = other.m_max;
        } else {
            m_min = std::min(m_min, other.m_min);
            m_max = std::max(m_max, other.m_max);
        }
        m_sum += other.m_sum;
        m_distinct.insert(other.m_distinct.begin(), other.m_distinct.end());
        m_values.insert(m_values.end(), other.m_values.begin(), other.m_values.end());
        break;
    }
    m_count += other.m_count;
}

void AggregateState::reset()
{
    m_count = 0;
    m_sum = m_min = m_max = 0;
    m_edgeSeq = -1;
    m_edge = AggregateInput();
    m_distinct.clear();
    if (m_values.capacity() > 4096)
        m_values = {}; // a percentile window's values: do not keep a large one around
    m_values.clear();
}

QJsonValue AggregateState::result(const AggregateSpec &spec, const std::vector<std::int64_t> &seqs) const
{
    switch (m_kind) {
    case AggregateKind::Count: return qint64(m_count);
    case AggregateKind::Sum: return m_sum;
    case AggregateKind::Min: return m_count ? QJsonValue(m_min) : QJsonValue();
    case AggregateKind::Max: return m_count ? QJsonValue(m_max) : QJsonValue();
    case AggregateKind::Avg: return m_count ? QJsonValue(m_sum / double(m_count)) : QJsonValue();
    case AggregateKind::First:
    case AggregateKind::Last:
        if (!m_count)
            return QJsonValue();
        return m_edge.kind == AggregateInput::Kind::Number ? QJsonValue(m_edge.number)
                                                           : QJsonValue(QString::fromUtf8(m_edge.text));
    case AggregateKind::CountDistinct: return qint64(m_distinct.size());
    case AggregateKind::Percentile: {
        if (m_values.empty())
            return QJsonValue();
        std::vector<double> sorted = m_values;
        std::sort(sorted.begin(), sorted.end());
        // Nearest rank: the smallest value with at least p % of values ≤ it.
        const double rank = std::ceil(spec.percentile / 100.0 * double(sorted.size()));
        const std::size_t index = std::size_t(std::clamp(rank, 1.0, double(sorted.size()))) - 1;
        return sorted[index];
    }
    case AggregateKind::Collect: {
        QJsonArray array;
        for (std::int64_t seq : seqs)
            array.append(qint64(seq));
        return array;
    }
    }
    return QJsonValue();
}

QDataStream &operator<<(QDataStream &out, const AggregateState &s)
{
    out << quint8(s.m_kind) << qint64(s.m_count) << s.m_sum << s.m_min << s.m_max << qint64(s.m_edgeSeq)
        << quint8(s.m_edge.kind) << s.m_edge.number << s.m_edge.text << quint64(s.m_distinct.size());
    for (const QByteArray &d : s.m_distinct)
        out << d;
    out << quint64(s.m_values.size());
    for (double v : s.m_values)
        out << v;
    return out;
}

QDataStream &operator>>(QDataStream &in, AggregateState &s)
{
    quint8 kind = 0, edgeKind = 0;
    qint64 count = 0, edgeSeq = 0;
    quint64 distinct = 0, values = 0;
    in >> kind >> count >> s.m_sum >> s.m_min >> s.m_max >> edgeSeq >> edgeKind >> s.m_edge.number >> s.m_edge.text
        >> distinct;
    s.m_kind = AggregateKind(kind);
    s.m_count = count;
    s.m_edgeSeq = edgeSeq;
    s.m_edge.kind = AggregateInput::Kind(edgeKind);
    s.m_distinct.clear();
    for (quint64 i = 0; i < distinct && in.status() == QDataStream::Ok; ++i) {
        QByteArray d;
        in >> d;
        s.m_distinct.insert(d);
    }
    in >> values;
    s.m_values.clear();
    for (quint64 i = 0; i < values && in.status() == QDataStream::Ok; ++i) {
        double v = 0;
        in >> v;
        s.m_values.push_back(v);
    }
    return in;
}

} // namespace streamscope
