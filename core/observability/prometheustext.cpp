#include "observability/prometheustext.h"

#include <QLocale>

#include <cmath>

namespace streamscope {

namespace {

QByteArray number(double v)
{
    if (std::isnan(v))
        return "NaN";
    if (std::isinf(v))
        return v > 0 ? "+Inf" : "-Inf";
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest); // 0.1, not 0.10000000000000001
}

QByteArray labelText(const PrometheusText::Labels &labels)
{
    if (labels.isEmpty())
        return {};
    QByteArray out = "{";
    for (qsizetype i = 0; i < labels.size(); ++i) {
        if (i)
            out += ',';
        out += labels[i].first.toUtf8() + "=\"" + PrometheusText::escapeLabelValue(labels[i].second).toUtf8() + '"';
    }
    return out + '}';
}

} // namespace

QString PrometheusText::escapeLabelValue(const QString &value)
{
    QString out;
    out.reserve(value.size());
    for (const QChar c : value) {
        if (c == QLatin1Char('\\'))
            out += QStringLiteral("\\\\");
        else if (c == QLatin1Char('"'))
            out += QStringLiteral("\\\"");
        else if (c == QLatin1Char('\n'))
            out += QStringLiteral("\\n");
        else
            out += c;
    }
    return out;
}

PrometheusText &PrometheusText::header(const char *name, const char *help, const char *type)
{
    m_text += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    return *this;
}

PrometheusText &PrometheusText::counter(const char *name, const char *help) { return header(name, help, "counter"); }
PrometheusText &PrometheusText::gauge(const char *name, const char *help) { return header(name, help, "gauge"); }
PrometheusText &PrometheusText::histogram(const char *name, const char *help) { return header(name, help, "histogram"); }

PrometheusText &PrometheusText::sample(const char *name, const Labels &labels, double value)
{
    m_text += QByteArray(name) + labelText(labels) + ' ' + number(value) + '\n';
    return *this;
}

PrometheusText &PrometheusText::histogramSamples(const char *name, const Labels &labels, const std::vector<double> &upperBounds,
                                                 const std::vector<std::int64_t> &countsPerBucket, double sum)
{
    const QByteArray base(name);
    std::int64_t cumulative = 0;
    for (std::size_t i = 0; i < upperBounds.size(); ++i) {
        cumulative += i < countsPerBucket.size() ? countsPerBucket[i] : 0;
        Labels withLe = labels;
        withLe.append({QStringLiteral("le"), QString::fromLatin1(number(upperBounds[i]))});
        m_text += base + "_bucket" + labelText(withLe) + ' ' + QByteArray::number(qint64(cumulative)) + '\n';
    }
    for (std::size_t i = upperBounds.size(); i < countsPerBucket.size(); ++i)
        cumulative += countsPerBucket[i]; // above the last bound
    Labels inf = labels;
    inf.append({QStringLiteral("le"), QStringLiteral("+Inf")});
    m_text += base + "_bucket" + labelText(inf) + ' ' + QByteArray::number(qint64(cumulative)) + '\n';
    m_text += base + "_sum" + labelText(labels) + ' ' + number(sum) + '\n';
    m_text += base + "_count" + labelText(labels) + ' ' + QByteArray::number(qint64(cumulative)) + '\n';
    return *this;
}

} // namespace streamscope
