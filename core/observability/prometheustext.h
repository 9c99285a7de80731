#pragma once
// Writes the Prometheus text exposition format (version 0.0.4): HELP and
// TYPE lines once per metric, then samples with escaped label values.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <cstdint>
#include <vector>

namespace streamscope {

class PrometheusText
{
public:
    using Labels = QList<QPair<QString, QString>>;

    PrometheusText &counter(const char *name, const char *help);
    PrometheusText &gauge(const char *name, const char *help);
    PrometheusText &histogram(const char *name, const char *help);
    PrometheusText &sample(const char *name, const Labels &labels, double value);
    // A histogram's samples: cumulative buckets (upper bounds ascending, +Inf
    // added), _sum and _count.
    PrometheusText &histogramSamples(const char *name, const Labels &labels, const std::vector<double> &upperBounds,
                                     const std::vector<std::int64_t> &countsPerBucket, double sum);

    const QByteArray &text() const { return m_text; }
    static QString escapeLabelValue(const QString &value);

private:
    PrometheusText &header(const char *name, const char *help, const char *type);
    QByteArray m_text;
};

} // namespace streamscope
