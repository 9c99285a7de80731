// streamscope-cli info: what a session file holds.

#include "commands.h"
#include "cliutil.h"

#include "session/sessionsummary.h"

#include <QDateTime>
#include <QTimeZone>
#include <QJsonDocument>

namespace streamscope::cli {

namespace {

QString isoMicros(std::int64_t us)
{
    if (us < 0)
        return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC).toString(Qt::ISODateWithMs);
}

// One line whatever the file name holds, for whoever reads stderr by line.
Error oneLine(Error error)
{
    error.message.replace(QLatin1Char('\n'), QLatin1String("\\n")).replace(QLatin1Char('\r'), QLatin1String("\\r"));
    return error;
}

QString isoMillis(std::int64_t ms) { return ms < 0 ? QStringLiteral("-") : isoMicros(ms * 1000); }

QString humanReport(const SessionSummary &s)
{
    QStringList lines;
    lines << QStringLiteral("session:    %1").arg(s.path);
    lines << QStringLiteral("created by: %1").arg(s.meta.value(QStringLiteral("created_by"), QStringLiteral("?")));
    lines << QStringLiteral("events:     %1").arg(formatCount(s.events));
    lines << QStringLiteral("topics:     %1").arg(s.topics.join(QLatin1String(", ")));
    lines << QStringLiteral("arrival:    %1 .. %2").arg(isoMicros(s.firstArrivalUs), isoMicros(s.lastArrivalUs));
    lines << QStringLiteral("timestamp:  %1 .. %2").arg(isoMillis(s.minTimestampMs), isoMillis(s.maxTimestampMs));
    lines << QString();
    lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                 .arg(QStringLiteral("topic"), -24)
                 .arg(QStringLiteral("partition"), 9)
                 .arg(QStringLiteral("first_offset"), 13)
                 .arg(QStringLiteral("last_offset"), 13)
                 .arg(QStringLiteral("count"), 11)
                 .arg(QStringLiteral("gaps"), 6)
                 .arg(QStringLiteral("duplicates"), 10);
    for (const PartitionSummary &p : s.partitions)
        lines << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                     .arg(p.topic, -24)
                     .arg(p.partition, 9)
                     .arg(p.firstOffset, 13)
                     .arg(p.lastOffset, 13)
                     .arg(p.count, 11)
                     .arg(p.gaps, 6)
                     .arg(p.duplicates, 10);
    lines << QString();
    if (s.retentionGaps.empty()) {
        lines << QStringLiteral("retention gaps: none");
    } else {
        lines << QStringLiteral("retention gaps (offsets the broker deleted before they were read):");
        for (const RetentionGap &g : s.retentionGaps)
            lines << QStringLiteral("  %1 [%2] offsets %3..%4 (%5 events), seen %6")
                         .arg(g.topic)
                         .arg(g.partition)
                         .arg(g.firstMissing)
                         .arg(g.lastMissing)
                         .arg(g.lastMissing - g.firstMissing + 1)
                         .arg(isoMicros(g.detectedUs));
    }
    lines << QStringLiteral("recordings: %1").arg(s.recordings.size());
    for (const RecordingInfo &r : s.recordings)
        lines << QStringLiteral("  from seq %1, %2 .. %3")
                     .arg(r.firstSeq)
                     .arg(isoMicros(r.startedUs))
                     .arg(r.endedUs < 0 ? QStringLiteral("(did not end cleanly)") : isoMicros(r.endedUs));
    return lines.join(QLatin1Char('\n'));
}

} // namespace

int runInfo(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Describe a session file. Every event is read and checked."));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print one JSON object."));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Session file."));
    if (int rc = parseOrExit(parser, arguments, QStringLiteral("info")); rc >= 0)
        return rc;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1)
        return failUsage(QStringLiteral("info needs exactly one session FILE"));

    auto reader = SessionReader::open(files.first());
    if (!reader)
        return fail(oneLine(reader.error()));
    auto summary = summarizeSession(**reader);
    if (!summary)
        return fail(oneLine(summary.error()));
    if (parser.isSet(json))
        printOut(QString::fromUtf8(QJsonDocument(summary->toJson()).toJson(QJsonDocument::Compact)));
    else
        printOut(humanReport(*summary));
    return kExitOk;
}

} // namespace streamscope::cli
