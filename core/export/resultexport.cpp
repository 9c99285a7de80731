#include "export/resultexport.h"

#include "engine/resultjson.h"
#include "export/eventcsvencoder.h"
#include "export/exportoutput.h"
#include "replay/pipelinerun.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace streamscope {

namespace {

// A JSON value as a CSV cell: strings as they are, other scalars as JSON
// writes them, arrays and objects as compact JSON, null as nothing.
QByteArray cellOf(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined: return {};
    case QJsonValue::String: return value.toString().toUtf8();
    case QJsonValue::Array: return QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    case QJsonValue::Object: return QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    default: return QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    }
}

class CsvRow
{
public:
    explicit CsvRow(QByteArray &out) : m_out(out) {}
    CsvRow &operator<<(QByteArrayView field)
    {
        if (m_fields++)
            m_out.append(',');
        appendCsvField(m_out, field);
        return *this;
    }
    CsvRow &operator<<(std::int64_t n) { return *this << QByteArray::number(qint64(n)); }
    void end() { m_out.append("\r\n", 2); }

private:
    QByteArray &m_out;
    int m_fields = 0;
};

QByteArray watermarkCell(std::int64_t watermark)
{
    return watermark == kNoWatermark ? QByteArray() : QByteArray::number(qint64(watermark));
}

} // namespace

Result<ResultExportReport> exportPipelineResults(const QString &sessionPath, const PipelineSpec &pipeline,
                                                 ExportFormat format, const QString &outputPath,
                                                 const std::function<void(std::int64_t, std::int64_t)> &progress,
                                                 const std::atomic<bool> *cancel)
{
    if (QFileInfo::exists(outputPath) && QFileInfo(outputPath).canonicalFilePath() == QFileInfo(sessionPath).canonicalFilePath())
        return Error::badInput(QStringLiteral("%1 is the session itself: choose another output file").arg(outputPath));
    auto runner = PipelineRunner::open(sessionPath, pipeline);
    if (!runner)
        return runner.error();
    auto output = ExportOutput::open(outputPath);
    if (!output)
        return output.error();
    const QStringList topics = (*runner)->topics();
    QStringList aggregateNames;
    for (const AggregateSpec &a : pipeline.aggregates)
        aggregateNames << (a.name.isEmpty() ? defaultAggregateName(a) : a.name);

    ResultExportReport report;
    QByteArray buffer;
    ResultJsonWriter json;
    Status written;
    if (format == ExportFormat::Csv) {
        CsvRow header(buffer);
        header << "type" << "seq" << "key" << "window_start" << "window_end" << "fire" << "firing" << "watermark";
        for (const QString &name : aggregateNames)
            header << name.toUtf8();
        header << "event_count" << "seqs" << "topic" << "partition" << "offset" << "event_time";
        header.end();
    }
    const int blankAggregates = int(aggregateNames.size());
    Status st = (*runner)->run(
        [&](const StepReport &step) {
            for (const WindowResult &r : step.results) {
                ++report.results;
                if (format == ExportFormat::JsonLines) {
                    json.append(buffer, r);
                    buffer += '\n';
                    continue;
                }
                const QJsonObject json = r.toJson();
                CsvRow row(buffer);
                row << "window" << r.triggerSeq << r.key << r.window.start << r.window.end
                    << json.value(QLatin1String("fire")).toString().toUtf8() << std::int64_t(r.firing)
                    << watermarkCell(r.watermark);
                for (const QString &name : aggregateNames)
                    row << cellOf(r.aggregate(name));
                QByteArray seqs;
                for (std::int64_t s : r.seqs)
                    seqs += (seqs.isEmpty() ? "" : " ") + QByteArray::number(qint64(s));
                row << std::int64_t(r.seqs.size()) << seqs << "" << "" << "" << "";
                row.end();
            }
            for (const LateEvent &l : step.dropped) {
                ++report.lateEvents;
                if (format == ExportFormat::JsonLines) {
                    json.append(buffer, l, topics);
                    buffer += '\n';
                    continue;
                }
                CsvRow row(buffer);
                row << "late" << l.seq << l.key << "" << "" << "" << "" << watermarkCell(l.watermark);
                for (int i = 0; i < blankAggregates; ++i)
                    row << "";
                row << "" << "" << topics.value(l.partition.topicId).toUtf8() << std::int64_t(l.partition.partition)
                    << l.offset << l.eventTimeMs;
                row.end();
            }
            if (buffer.size() > (1 << 20) && written) {
                written = (*output)->write(buffer);
                buffer.resize(0);
            }
        },
        -1, progress, cancel);
    if (!st)
        return st.error();
    if (written)
        written = (*output)->write(buffer);
    if (!written)
        return written.error();
    if (Status committed = (*output)->commit(); !committed)
        return committed.error();
    return report;
}

} // namespace streamscope
