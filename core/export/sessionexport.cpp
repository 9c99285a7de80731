#include "export/sessionexport.h"

#include "export/eventcsvencoder.h"
#include "export/eventjsonencoder.h"
#include "export/exportoutput.h"

#include <QFileInfo>

namespace streamscope {

Result<ExportFormat> parseExportFormat(const QString &text)
{
    if (text == QLatin1String("jsonl") || text == QLatin1String("json"))
        return ExportFormat::JsonLines;
    if (text == QLatin1String("csv"))
        return ExportFormat::Csv;
    return Error::badInput(QStringLiteral("unknown format \"%1\": expected jsonl or csv").arg(text));
}

Result<ExportReport> exportEvents(const QString &sessionPath, ExportFormat format, const EventSelection &selection,
                                  const QString &outputPath,
                                  const std::function<void(std::int64_t, std::int64_t)> &progress,
                                  const std::atomic<bool> *cancel)
{
    if (QFileInfo::exists(outputPath) && QFileInfo(outputPath).canonicalFilePath() == QFileInfo(sessionPath).canonicalFilePath())
        return Error::badInput(QStringLiteral("%1 is the session itself: choose another output file").arg(outputPath));
    auto reader = SessionReader::open(sessionPath);
    if (!reader)
        return reader.error();
    auto output = ExportOutput::open(outputPath);
    if (!output)
        return output.error();

    ExportReport report;
    QByteArray buffer;
    constexpr qsizetype kFlushBytes = 1 << 20;
    buffer.reserve(kFlushBytes + (64 << 10));
    Status written;
    const auto flush = [&] {
        report.bytes += buffer.size();
        written = (*output)->write(buffer);
        buffer.resize(0); // keeps its capacity
        return bool(written);
    };

    const QStringList topics = (*reader)->topics();
    EventJsonEncoder json(topics);
    EventCsvEncoder csv(topics);
    if (format == ExportFormat::Csv)
        buffer += EventCsvEncoder::headerRow();
    Status st = selection.forEach(
        **reader,
        [&](const EventView &event) {
            if (format == ExportFormat::JsonLines)
                json.append(buffer, event);
            else
                csv.append(buffer, event);
            ++report.events;
            return buffer.size() < kFlushBytes || flush();
        },
        progress, cancel);
    if (st && written)
        flush();
    if (!st)
        return st.error();
    if (!written)
        return written.error();
    if (Status committed = (*output)->commit(); !committed)
        return committed.error();
    return report;
}

} // namespace streamscope
