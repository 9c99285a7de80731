#pragma once
// Window aggregates: the running state of one aggregate in one window,
// mergeable (session windows merge) and serialisable (checkpoints).

#include "engine/pipelinespec.h"

#include <QByteArray>
#include <QDataStream>
#include <QJsonValue>
#include <cstdint>
#include <set>
#include <vector>

namespace streamscope {

// One event's input to one aggregate: the argument's value.
struct AggregateInput {
    enum class Kind : std::uint8_t { Missing, Number, Text };
    Kind kind = Kind::Missing;
    double number = 0;
    QByteArray text; // for Text: the value; canonical bytes for count_distinct

    static AggregateInput missing() { return {}; }
    static AggregateInput ofNumber(double n) { return {Kind::Number, n, {}}; }
    static AggregateInput ofText(QByteArray t) { return {Kind::Text, 0, std::move(t)}; }
    friend bool operator==(const AggregateInput &, const AggregateInput &) = default;
};

class AggregateState
{
public:
    explicit AggregateState(AggregateKind kind = AggregateKind::Count) : m_kind(kind) {}

    // Adds one event (seq orders first/last). Inputs of the wrong type or
    // missing are skipped, as SQL aggregates skip NULL.
    void add(std::int64_t seq, const AggregateInput &input);
    void merge(const AggregateState &other);
    // Back to no inputs, keeping the kind (and small buffers for reuse).
    void reset();
    // The aggregate's value; percentiles use the nearest-rank method.
    QJsonValue result(const AggregateSpec &spec, const std::vector<std::int64_t> &seqs) const;

    friend QDataStream &operator<<(QDataStream &out, const AggregateState &s);
    friend QDataStream &operator>>(QDataStream &in, AggregateState &s);
    friend bool operator==(const AggregateState &, const AggregateState &) = default;

private:
    AggregateKind m_kind;
    std::int64_t m_count = 0; // inputs taken
    double m_sum = 0;
    double m_min = 0;
    double m_max = 0;
    std::int64_t m_edgeSeq = -1; // first: lowest seq taken; last: highest
    AggregateInput m_edge;
    std::set<QByteArray> m_distinct;
    std::vector<double> m_values; // percentiles
};

} // namespace streamscope
