#include "export/sessionimport.h"

#include "export/eventjsondecoder.h"
#include "session/sessionwriter.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonObject>

#include <limits>
#include <vector>

namespace streamscope {

namespace {

// Chunks as the recorder seals them (record/recorder.h).
constexpr qsizetype kChunkBytes = 1024 * 1024;
constexpr int kChunkEvents = 16384;

struct PartitionState {
    std::int64_t lastOffset = -1;
    std::int64_t lastLine = 0;
};

} // namespace

Result<ImportReport> importJsonLines(QIODevice &in, const QString &sessionPath, const ImportOptions &options,
                                     const std::function<void(const ImportLineError &)> &onLineError,
                                     const std::function<void(std::int64_t)> &progress, const std::atomic<bool> *cancel)
{
    if (QFileInfo::exists(sessionPath))
        return Error::badInput(QStringLiteral("%1 already exists: choose another file").arg(sessionPath));
    // Written under another name and renamed when complete: a rejected or
    // failed import leaves nothing.
    const QString partial = sessionPath + QStringLiteral(".importing");
    QFile::remove(partial);
    const QJsonObject source{{QStringLiteral("kind"), QStringLiteral("import")},
                             {QStringLiteral("format"), QStringLiteral("jsonl")},
                             {QStringLiteral("file"), options.inputName}};
    auto created = SessionWriter::create(partial, source);
    if (!created)
        return created.error();
    std::unique_ptr<SessionWriter> writer = std::move(created.value());
    const auto discard = [&] {
        (void)writer->close();
        writer.reset();
        QFile::remove(partial);
    };

    ImportReport report;
    EventJsonDecoder decoder;
    ChunkBuilder builder;
    std::vector<HeaderView> headerViews;
    QHash<QPair<int, int>, PartitionState> partitions;
    std::int64_t lastArrivalUs = 0;
    std::int64_t bytesRead = 0;
    std::int64_t errors = 0;
    Status st;

    const auto lineError = [&](std::int64_t line, const QString &message) {
        ++errors;
        if (onLineError)
            onLineError({line, message});
    };
    const auto handleLine = [&](QByteArrayView line, std::int64_t number) {
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            return;
        auto decoded = decoder.decode(line);
        if (!decoded) {
            lineError(number, decoded.error().message);
            return;
        }
        Event &e = decoded->event;
        const int topicId = writer->topicId(e.topic);
        PartitionState &partition = partitions[{topicId, e.partition}];
        if (partition.lastOffset >= 0 && e.offset <= partition.lastOffset) {
            lineError(number, QStringLiteral("offset %1 of %2 [%3] %4 offset %5 on line %6; a session holds each offset "
                                             "once, in order")
                                  .arg(e.offset)
                                  .arg(e.topic)
                                  .arg(e.partition)
                                  .arg(e.offset == partition.lastOffset ? QStringLiteral("repeats") : QStringLiteral("comes after"))
                                  .arg(partition.lastOffset)
                                  .arg(partition.lastLine));
            return;
        }
        std::int64_t arrivalUs = lastArrivalUs;
        if (decoded->arrivalUs) {
            if (*decoded->arrivalUs < lastArrivalUs) {
                lineError(number, QStringLiteral("arrival_us %1 goes back in time (the line before arrived at %2)")
                                      .arg(*decoded->arrivalUs)
                                      .arg(lastArrivalUs));
                return;
            }
            arrivalUs = *decoded->arrivalUs;
        } else if (e.timestampMs >= 0 && e.timestampMs <= std::numeric_limits<std::int64_t>::max() / 1000) {
            arrivalUs = std::max(lastArrivalUs, e.timestampMs * 1000);
        }
        if (partition.lastOffset < 0)
            st = writer->addPartitionStart(topicId, e.partition, PartitionPosition{e.offset, -1});
        partition.lastOffset = e.offset;
        partition.lastLine = number;
        lastArrivalUs = arrivalUs;

        ++report.events;
        if (errors > 0 && options.onError == ImportOptions::OnError::Reject)
            return; // nothing will be kept: only check the rest
        EventView view = viewOf(e, topicId, headerViews);
        view.arrivalUs = arrivalUs;
        builder.append(view);
        if (st && (builder.eventCount() >= kChunkEvents || builder.byteSize() >= kChunkBytes))
            st = writer->append(builder);
    };

    // Reads in blocks and splits on '\n' itself: lines may be megabytes long.
    QByteArray pending;
    QByteArray block;
    std::int64_t lineNumber = 0;
    bool cancelled = false;
    for (;;) {
        block = in.read(1 << 20);
        if (block.isEmpty()) {
            if (in.atEnd() || !in.waitForReadyRead(-1))
                break;
            continue;
        }
        bytesRead += block.size();
        pending += block;
        qsizetype start = 0;
        for (qsizetype eol; (eol = pending.indexOf('\n', start)) >= 0; start = eol + 1)
            handleLine(QByteArrayView(pending).sliced(start, eol - start), ++lineNumber);
        pending.remove(0, start);
        if (!st)
            break;
        if (cancel && cancel->load()) {
            cancelled = true;
            break;
        }
        if (progress)
            progress(bytesRead);
    }
    if (st && !cancelled && !pending.isEmpty())
        handleLine(pending, ++lineNumber); // the last line, without a newline
    report.lines = lineNumber;
    if (const auto *file = qobject_cast<QFileDevice *>(&in); st && file && file->error() != QFileDevice::NoError)
        st = Error::runtime(QStringLiteral("reading %1 failed: %2").arg(options.inputName, file->errorString()));
    if (st)
        st = writer->append(builder);
    if (!st || cancelled) {
        discard();
        if (cancelled)
            return Error::runtime(QStringLiteral("cancelled"));
        return st.error();
    }
    if (errors > 0 && options.onError == ImportOptions::OnError::Reject) {
        discard();
        return Error::badInput(QStringLiteral("%1 of %2 lines are not events; nothing was imported "
                                              "(--on-error skip imports the others)")
                                   .arg(errors)
                                   .arg(lineNumber));
    }
    report.skipped = errors;
    if (Status closed = writer->close(); !closed) {
        writer.reset();
        QFile::remove(partial);
        return closed.error();
    }
    writer.reset();
    if (!QFile::rename(partial, sessionPath)) {
        QFile::remove(partial);
        return Error::runtime(QStringLiteral("cannot create %1: it exists now, or the folder is not writable").arg(sessionPath));
    }
    if (progress)
        progress(bytesRead);
    return report;
}

} // namespace streamscope
