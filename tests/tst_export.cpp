// Export, import, republish and reproducer (docs/export.md), end to end
// through streamscope-cli against the embedded broker and kcat:
// - session → JSONL → import gives the same events, and exporting again the
//   same bytes; binary, null and invalid UTF-8 keys, values and headers too;
// - what kcat -C -J prints of a topic imports to the events Streamscope
//   recorded from it, and kcat's lines are ours for clean text;
// - republish to a second topic: kcat reads back the same keys, values,
//   headers and timestamps, in order;
// - CSV reads in Python's csv module as the same rows;
// - malformed import lines are reported with their line numbers and
//   rejected or skipped;
// - pipeline results as JSONL (= run --json) and CSV; a reproducer;
// - no secret of the source reaches any output byte.

#include "testsupport.h"
#include "sessionappender.h"
#include "trickyevents.h"

#include "export/eventjsondecoder.h"
#include "record/recorder.h"
#include "session/sessionwriter.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <map>

using namespace streamscope;
using namespace streamscope::test;

#ifndef Q_MOC_RUN // moc does not read raw string literals
namespace {

const char *const kPipeline = R"(name: iot temperature per sensor
topics: iot.readings
event_time: value.ts
event_time_unit: ms
watermark: bounded 2s
idle_timeout: 30s
key: value.sensor
window: tumbling 10s
allowed_lateness: 5s
aggregate: count
aggregate: avg(value.temperature_c) as avg_temp
aggregate: max(value.temperature_c) as max_temp
)";

// kcat -C output in a length-prefixed format that survives any bytes.
const char *const kKcatFormat = "%t %p %o %T %K %S\n%k%s";



QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

QList<QByteArray> lines(const QByteArray &bytes)
{
    QList<QByteArray> out = bytes.split('\n');
    if (!out.isEmpty() && out.last().isEmpty())
        out.removeLast();
    return out;
}

QString describe(const Event &e)
{
    return QStringLiteral("seq %1 %2[%3]@%4").arg(e.seq).arg(e.topic).arg(e.partition).arg(e.offset);
}

// Field by field, so that a failure says which field differs.
void compareEvents(const QList<Event> &actual, const QList<Event> &expected, bool withSeqAndArrival,
                   const char *file, int line)
{
    if (actual.size() != expected.size()) {
        QTest::qFail(qPrintable(QStringLiteral("%1 events, expected %2").arg(actual.size()).arg(expected.size())), file, line);
        return;
    }
    for (int i = 0; i < actual.size(); ++i) {
        const Event &a = actual[i];
        const Event &e = expected[i];
        const auto check = [&](bool same, const char *what) {
            if (!same)
                QTest::qFail(qPrintable(QStringLiteral("%1 differs at %2").arg(QLatin1String(what), describe(e))), file, line);
            return same;
        };
        if (!check(a.topic == e.topic && a.partition == e.partition && a.offset == e.offset, "topic/partition/offset")
            || !check(a.key == e.key, "key") || !check(a.value == e.value, "value")
            || !check(a.headers == e.headers, "headers")
            || !check(a.timestampMs == e.timestampMs && a.timestampType == e.timestampType, "timestamp")
            || (withSeqAndArrival && !check(a.seq == e.seq && a.arrivalUs == e.arrivalUs, "seq/arrival")))
            return;
    }
}
#define COMPARE_EVENTS(actual, expected, full)                                                                        \
    do {                                                                                                               \
        compareEvents(actual, expected, full, __FILE__, __LINE__);                                                     \
        if (QTest::currentTestFailed())                                                                                \
            return;                                                                                                    \
    } while (false)

} // namespace
#endif

class TestExport : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;

    QString path(const QString &name) { return m_dir.filePath(QStringLiteral("%1-%2").arg(++m_counter).arg(name)); }

    QString writeSession(const QList<Event> &events, const QJsonObject &source = {});

    QList<Event> record(const QString &brokers, const QStringList &topics);
    QString m_lastRecording;

    QByteArray kcatConsume(const QString &brokers, const QString &topic, const QStringList &extra);

    // Events in the broker as tricky as it can hold them: Kafka gives every
    // produced record a CreateTime, and 0 means "now" to the producer.
    QList<Event> produceTricky(EmbeddedBroker &broker);

private slots:
    void initTestCase();

    // session → JSONL → import → the same events (seq, arrival, every byte),
    // and exporting the import gives the same file.
    void jsonlRoundTripIsExact();

    // --filter, --range and --seqs select the same events a reader finds,
    // in seq order; a bad filter is an error naming it and writes nothing.
    void selections();

    // CSV: Python's csv module reads a header row and one row per event,
    // whose fields decode (per their encoding column) to the event's bytes.
    void csvReadsInPython();

    // A kcat -C -J dump of a topic imports to the events Streamscope
    // recorded from it; and for clean text, kcat's line is our export's line.
    void kcatDumpImportsToRecordedEvents();

    // republish to a second topic: kcat reads back the same keys, values,
    // headers and timestamps, each partition in seq order; the final count
    // is printed, and --filter republishes only what matches.
    void republishThenKcatReadsTheSame();

    // Malformed lines: reported as FILE:LINE: reason; by default the import
    // fails and writes nothing; with --on-error skip the rest is imported.
    void malformedImportLines();

    // Window results and late events: JSONL is exactly run --json; CSV has
    // one row per line of it, of the same type and trigger seq.
    void pipelineResults();

    // A reproducer of a window result: a small session with the pipeline
    // inside that fires the same result; and of a seq range.
    void reproducer();

    // No secret configured for the source reaches any output byte: not
    // from a recording made with -X sasl.password=…, not even from a
    // session whose source description holds a password in clear (a file
    // written by something else).
    void noSecretInAnyOutput();
};


#ifndef Q_MOC_RUN // moc does not read raw string literals


QString TestExport::writeSession(const QList<Event> &events, const QJsonObject &source)
{
    const QString p = path(QStringLiteral("s.sss"));
    if (source.isEmpty()) {
        SessionAppender appender(p);
        if (!appender.isValid() || !appender.append(events) || !appender.close())
            return {};
    } else {
        auto writer = SessionWriter::create(p, source);
        if (!writer)
            return {};
        ChunkBuilder builder;
        std::vector<std::vector<HeaderView>> headers;
        headers.reserve(std::size_t(events.size()));
        for (const Event &e : events) {
            headers.emplace_back();
            for (const Header &h : e.headers)
                headers.back().push_back({BytesView::of(h.name.constData(), h.name.size()),
                                          h.value ? BytesView::of(h.value->constData(), h.value->size()) : BytesView::null()});
            EventView v;
            v.topicId = (*writer)->topicId(e.topic);
            v.partition = e.partition;
            v.offset = e.offset;
            v.timestampMs = e.timestampMs;
            v.timestampType = e.timestampType;
            v.arrivalUs = e.arrivalUs;
            v.key = e.key ? BytesView::of(e.key->constData(), e.key->size()) : BytesView::null();
            v.value = e.value ? BytesView::of(e.value->constData(), e.value->size()) : BytesView::null();
            v.headers = headers.back();
            builder.append(v);
        }
        if (!(*writer)->append(builder) || !(*writer)->close())
            return {};
    }
    return p;
}


QList<Event> TestExport::record(const QString &brokers, const QStringList &topics)
{
    RecordOptions options;
    options.reader.brokers = brokers;
    options.reader.topics = topics;
    options.stopAtEnd = true;
    options.path = path(QStringLiteral("rec.sss"));
    Recorder recorder(options);
    if (const Status opened = recorder.open(); !opened) {
        QTest::qFail(qPrintable(opened.error().message), __FILE__, __LINE__);
        return {};
    }
    std::atomic<bool> stop{false};
    auto result = recorder.run(stop);
    if (!result || !recorder.close()) {
        QTest::qFail("recording failed", __FILE__, __LINE__);
        return {};
    }
    m_lastRecording = options.path;
    return readAllEvents(options.path);
}


QByteArray TestExport::kcatConsume(const QString &brokers, const QString &topic, const QStringList &extra)
{
    const ProcessResult r = runProcess(kcatPath(), QStringList{QStringLiteral("-C"), QStringLiteral("-b"), brokers,
                                                               QStringLiteral("-t"), topic, QStringLiteral("-o"),
                                                               QStringLiteral("beginning"), QStringLiteral("-e"),
                                                               QStringLiteral("-q")} + extra);
    if (r.exitCode != 0)
        QTest::qFail(r.err.constData(), __FILE__, __LINE__);
    return r.out;
}

// Events in the broker as tricky as it can hold them: Kafka gives every
// produced record a CreateTime, and 0 means "now" to the producer.
QList<Event> TestExport::produceTricky(EmbeddedBroker &broker)
{
    QList<Event> sent = trickyEvents();
    for (Event &e : sent) {
        e.timestampType = TimestampType::CreateTime;
        if (e.timestampMs <= 0)
            e.timestampMs = 1767225600000 + e.seq;
        const Status st = broker.produce(e.topic, e.partition, e.key, e.value, e.headers, e.timestampMs);
        if (!st) {
            QTest::qFail(qPrintable(st.error().message), __FILE__, __LINE__);
            return {};
        }
    }
    if (const Status st = broker.flush(); !st)
        QTest::qFail(qPrintable(st.error().message), __FILE__, __LINE__);
    return sent;
}


void TestExport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    if (kcatPath().isEmpty())
        QFAIL("kcat is not installed; the README's test command installs it");
    if (QStandardPaths::findExecutable(QStringLiteral("python3")).isEmpty())
        QFAIL("python3 is needed to read the CSV with Python's csv module");
}

// session → JSONL → import → the same events (seq, arrival, every byte),
// and exporting the import gives the same file.
void TestExport::jsonlRoundTripIsExact()
{
    const QList<Event> events = trickyEvents();
    const QString session = writeSession(events);
    QVERIFY(!session.isEmpty());
    const QString jsonl = path(QStringLiteral("e.jsonl"));
    ProcessResult r = runCli({QStringLiteral("export"), session, QStringLiteral("-f"), QStringLiteral("jsonl"),
                              QStringLiteral("-o"), jsonl, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QByteArray exported = readFile(jsonl);
    QCOMPARE(lines(exported).size(), events.size());

    // Each line is JSON with kcat -J's field names, and binary is base64.
    const QList<QByteArray> ls = lines(exported);
    for (int i = 0; i < ls.size(); ++i) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(ls[i], &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(QStringLiteral("line %1: %2").arg(i + 1).arg(error.errorString())));
        for (const char *field : {"topic", "partition", "offset", "key", "payload", "seq", "arrival_us"})
            QVERIFY2(o.contains(QLatin1String(field)), field);
        QCOMPARE(o.value(QLatin1String("seq")).toInteger(), events[i].seq);
        QCOMPARE(o.value(QLatin1String("key")).isNull(), !events[i].key.has_value());
        QCOMPARE(o.value(QLatin1String("payload")).isNull(), !events[i].value.has_value());
        if (events[i].timestampType != TimestampType::NotAvailable)
            QCOMPARE(o.value(QLatin1String("ts")).toInteger(), events[i].timestampMs);
        else
            QVERIFY(!o.contains(QLatin1String("ts")));
    }
    // Event 3: key FF FE and a value of all 256 bytes.
    const QJsonObject bin = QJsonDocument::fromJson(ls[3]).object();
    QCOMPARE(QByteArray::fromBase64(bin.value(QLatin1String("key_b64")).toString().toLatin1()), *events[3].key);
    QCOMPARE(QByteArray::fromBase64(bin.value(QLatin1String("payload_b64")).toString().toLatin1()), *events[3].value);
    QCOMPARE(QJsonDocument::fromJson(ls[0]).object().value(QLatin1String("tstype")).toString(), QStringLiteral("create"));
    QCOMPARE(QJsonDocument::fromJson(ls[1]).object().value(QLatin1String("tstype")).toString(), QStringLiteral("logappend"));

    const QString imported = path(QStringLiteral("imported.sss"));
    r = runCli({QStringLiteral("import"), jsonl, QStringLiteral("-w"), imported, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    COMPARE_EVENTS(readAllEvents(imported), events, true);

    const QString again = path(QStringLiteral("again.jsonl"));
    r = runCli({QStringLiteral("export"), imported, QStringLiteral("-o"), again, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(readFile(again) == exported);
}

// --filter, --range and --seqs select the same events a reader finds,
// in seq order; a bad filter is an error naming it and writes nothing.
void TestExport::selections()
{
    const QString session = writeDemoSession(path(QStringLiteral("demo.sss")), QStringLiteral("iot"), 3000);
    QVERIFY(!session.isEmpty());
    const QList<Event> all = readAllEvents(session);
    QCOMPARE(all.size(), 3000);
    struct Case {
        QStringList options;
        std::function<bool(const Event &)> selects;
    };
    const QList<Case> cases = {
        {{QStringLiteral("--filter"), QStringLiteral("partition == 3")}, [](const Event &e) { return e.partition == 3; }},
        {{QStringLiteral("--range"), QStringLiteral("100:249")}, [](const Event &e) { return e.seq >= 100 && e.seq <= 249; }},
        {{QStringLiteral("--range"), QStringLiteral("2990:")}, [](const Event &e) { return e.seq >= 2990; }},
        {{QStringLiteral("--seqs"), QStringLiteral("7,3,10-12,2999")},
         [](const Event &e) { return QList<qint64>{3, 7, 10, 11, 12, 2999}.contains(e.seq); }},
        {{QStringLiteral("--filter"), QStringLiteral("partition in {0, 1}"), QStringLiteral("--range"), QStringLiteral(":1000")},
         [](const Event &e) { return e.seq <= 1000 && (e.partition == 0 || e.partition == 1); }},
    };
    for (const Case &c : cases) {
        const QString out = path(QStringLiteral("sel.jsonl"));
        const ProcessResult r = runCli(QStringList{QStringLiteral("export"), session, QStringLiteral("-o"), out,
                                                   QStringLiteral("-q")} + c.options);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QList<qint64> expected, actual;
        for (const Event &e : all)
            if (c.selects(e))
                expected << e.seq;
        for (const QByteArray &line : lines(readFile(out)))
            actual << QJsonDocument::fromJson(line).object().value(QLatin1String("seq")).toInteger();
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual, expected);
    }
    const QString out = path(QStringLiteral("bad.jsonl"));
    const ProcessResult bad = runCli({QStringLiteral("export"), session, QStringLiteral("--filter"),
                                      QStringLiteral("vaule.x > 1"), QStringLiteral("-o"), out});
    QVERIFY(bad.exitCode != 0);
    QVERIFY2(bad.err.contains("vaule"), bad.err.constData());
    QVERIFY(!QFile::exists(out));
}

// CSV: Python's csv module reads a header row and one row per event,
// whose fields decode (per their encoding column) to the event's bytes.
void TestExport::csvReadsInPython()
{
    const QList<Event> events = trickyEvents();
    const QString session = writeSession(events);
    QVERIFY(!session.isEmpty());
    const QString csv = path(QStringLiteral("e.csv"));
    const ProcessResult r = runCli({QStringLiteral("export"), session, QStringLiteral("-f"), QStringLiteral("csv"),
                                    QStringLiteral("-o"), csv, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    // Every field as hex of its UTF-8, decoded fields as hex of the bytes
    // (or null), so nothing is lost on the way back.
    const char *script = R"(
import base64, csv, json, sys
def dec(text, enc):
    if enc == "null": return None
    if enc == "base64": return base64.b64decode(text, validate=True).hex()
    if enc == "text": return text.encode("utf-8").hex()
    raise SystemExit("unknown encoding " + enc)
csv.field_size_limit(sys.maxsize) # the 900 KiB value
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f, strict=True))
out = {"header": rows[0], "rows": []}
for row in rows[1:]:
    d = dict(zip(rows[0], row))
    if len(row) != len(rows[0]): raise SystemExit("row of %d fields" % len(row))
    hdrs = []
    if d["headers"]:
        arr = json.loads(d["headers"])
        for i in range(0, len(arr), 2):
            n, v = arr[i], arr[i + 1]
            if d["headers_encoding"] == "base64":
                hdrs.append([base64.b64decode(n).hex(), None if v is None else base64.b64decode(v).hex()])
            else:
                hdrs.append([n.encode().hex(), None if v is None else v.encode().hex()])
    out["rows"].append({"seq": int(d["seq"]), "arrival_us": int(d["arrival_us"]), "topic": d["topic"],
        "partition": int(d["partition"]), "offset": int(d["offset"]), "tstype": d["tstype"], "ts": d["ts"],
        "key": dec(d["key"], d["key_encoding"]), "payload": dec(d["payload"], d["payload_encoding"]), "headers": hdrs})
print(json.dumps(out))
)";
    const QString scriptPath = path(QStringLiteral("readcsv.py"));
    QVERIFY(writeFile(scriptPath, script));
    const ProcessResult py = runProcess(QStringLiteral("python3"), {scriptPath, csv});
    QVERIFY2(py.exitCode == 0, py.err.constData());
    const QJsonObject parsed = QJsonDocument::fromJson(py.out).object();
    QCOMPARE(parsed.value(QLatin1String("header")).toArray().size(), 13);
    QCOMPARE(parsed.value(QLatin1String("header")).toArray().first().toString(), QStringLiteral("seq"));
    const QJsonArray rows = parsed.value(QLatin1String("rows")).toArray();
    QCOMPARE(rows.size(), events.size());
    const auto hex = [](const std::optional<QByteArray> &b) { return b ? QJsonValue(QString::fromLatin1(b->toHex())) : QJsonValue(); };
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject row = rows[i].toObject();
        const Event &e = events[i];
        QCOMPARE(row.value(QLatin1String("seq")).toInteger(), e.seq);
        QCOMPARE(row.value(QLatin1String("arrival_us")).toInteger(), e.arrivalUs);
        QCOMPARE(row.value(QLatin1String("topic")).toString(), e.topic);
        QCOMPARE(row.value(QLatin1String("partition")).toInt(), e.partition);
        QCOMPARE(row.value(QLatin1String("offset")).toInteger(), e.offset);
        QCOMPARE(row.value(QLatin1String("ts")).toString(),
                 e.timestampType == TimestampType::NotAvailable ? QString() : QString::number(e.timestampMs));
        QCOMPARE(row.value(QLatin1String("key")), hex(e.key));
        QCOMPARE(row.value(QLatin1String("payload")), hex(e.value));
        QJsonArray headers;
        for (const Header &h : e.headers)
            headers.append(QJsonArray{QString::fromLatin1(h.name.toHex()), hex(h.value)});
        QCOMPARE(row.value(QLatin1String("headers")).toArray(), headers);
    }
}

// A kcat -C -J dump of a topic imports to the events Streamscope
// recorded from it; and for clean text, kcat's line is our export's line.
void TestExport::kcatDumpImportsToRecordedEvents()
{
    auto broker = startBroker();
    QVERIFY(broker);
    QVERIFY(broker->createTopic(QStringLiteral("orders"), 3));
    QVERIFY(broker->createTopic(QStringLiteral("audit.log"), 4));
    const QList<Event> sent = produceTricky(*broker);
    QCOMPARE(sent.size(), 10);
    const QList<Event> recorded = record(broker->bootstrapServers(), {QStringLiteral("orders"), QStringLiteral("audit.log")});
    QCOMPARE(recorded.size(), sent.size());

    QByteArray dump;
    for (const QString &topic : {QStringLiteral("orders"), QStringLiteral("audit.log")})
        dump += kcatConsume(broker->bootstrapServers(), topic, {QStringLiteral("-J")});
    QCOMPARE(lines(dump).size(), sent.size());
    const QString dumpPath = path(QStringLiteral("kcat.jsonl"));
    QVERIFY(writeFile(dumpPath, dump));
    const QString imported = path(QStringLiteral("kcat.sss"));
    const ProcessResult r = runCli({QStringLiteral("import"), dumpPath, QStringLiteral("-w"), imported});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("imported 10 events"), r.err.constData());

    // Same events; the order of a kcat dump is per topic, not arrival order.
    const auto byPosition = [](QList<Event> events) {
        std::sort(events.begin(), events.end(), [](const Event &a, const Event &b) {
            return std::tie(a.topic, a.partition, a.offset) < std::tie(b.topic, b.partition, b.offset);
        });
        return events;
    };
    COMPARE_EVENTS(byPosition(readAllEvents(imported)), byPosition(recorded), false);
    for (const Event &e : recorded) // and what was recorded is what was sent
        QVERIFY2(std::any_of(sent.begin(), sent.end(), [&](const Event &s) {
                     return s.key == e.key && s.value == e.value && s.headers == e.headers && s.timestampMs == e.timestampMs;
                 }), qPrintable(describe(e)));

    // Our export of the recording, line for line against kcat's where
    // kcat's is valid JSON: the same text up to our own trailing fields
    // (seq, arrival_us) and the broker id, which a session does not keep.
    const QString ours = path(QStringLiteral("ours.jsonl"));
    const ProcessResult ex = runCli({QStringLiteral("export"), m_lastRecording, QStringLiteral("-o"), ours, QStringLiteral("-q")});
    QVERIFY2(ex.exitCode == 0, ex.err.constData());
    QHash<QByteArray, QByteArray> ourLines; // "topic partition offset" → line
    for (const QByteArray &line : lines(readFile(ours))) {
        const QJsonObject o = QJsonDocument::fromJson(line).object();
        const QByteArray id = o.value(QLatin1String("topic")).toString().toUtf8() + ' '
            + QByteArray::number(o.value(QLatin1String("partition")).toInt()) + ' '
            + QByteArray::number(o.value(QLatin1String("offset")).toInteger());
        ourLines.insert(id, line);
    }
    int compared = 0;
    const QRegularExpression trailer(QString::fromLatin1(R"(,"seq":\d+,"arrival_us":\d+\}$)"));
    const QRegularExpression broker_(QString::fromLatin1(R"("broker":-?\d+)"));
    for (const QByteArray &kline : lines(dump)) {
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(kline, &error).object();
        if (error.error != QJsonParseError::NoError)
            continue; // kcat writes binary raw: not JSON
        if (o.contains(QLatin1String("key_b64")))
            continue;
        const QByteArray id = o.value(QLatin1String("topic")).toString().toUtf8() + ' '
            + QByteArray::number(o.value(QLatin1String("partition")).toInt()) + ' '
            + QByteArray::number(o.value(QLatin1String("offset")).toInteger());
        QVERIFY2(ourLines.contains(id), id.constData());
        const QString mine = QString::fromUtf8(ourLines.value(id));
        if (mine.contains(QLatin1String("_b64\"")))
            continue; // not clean text: ours adds the exact bytes
        QString theirs = QString::fromUtf8(kline);
        theirs.replace(broker_, QStringLiteral("\"broker\":-1"));
        QString stripped = mine;
        stripped.replace(trailer, QStringLiteral("}"));
        QCOMPARE(stripped, theirs);
        ++compared;
    }
    QVERIFY2(compared >= 4, qPrintable(QString::number(compared)));
}

// republish to a second topic: kcat reads back the same keys, values,
// headers and timestamps, each partition in seq order; the final count
// is printed, and --filter republishes only what matches.
void TestExport::republishThenKcatReadsTheSame()
{
    auto broker = startBroker();
    QVERIFY(broker);
    QVERIFY(broker->createTopic(QStringLiteral("copy"), 4));
    QVERIFY(broker->createTopic(QStringLiteral("filtered"), 4));
    QList<Event> events = trickyEvents();
    // A timestamp the topic can carry on every event (0 and -1 mean "now" to a producer).
    for (Event &e : events)
        if (e.timestampMs <= 0)
            e.timestampMs = 1767225590000 + e.seq;
    // Two more events per partition behind the others, to see the order.
    for (int i = 0; i < 8; ++i) {
        Event e;
        e.seq = events.size();
        e.arrivalUs = events.last().arrivalUs + 1000;
        e.topic = QStringLiteral("orders");
        e.partition = i % 4;
        e.offset = 1000 + i;
        e.timestampType = TimestampType::CreateTime;
        e.timestampMs = 1767225500000 + i; // older than the rest: order is seq order, not time order
        e.key = QByteArray("late-") + QByteArray::number(i);
        e.value = QByteArray::number(i);
        e.headers = {Header{QByteArray("n"), QByteArray::number(e.seq)}};
        events.append(e);
    }
    const QString session = writeSession(events);
    QVERIFY(!session.isEmpty());

    ProcessResult r = runCli({QStringLiteral("republish"), session, QStringLiteral("-b"), broker->bootstrapServers(),
                              QStringLiteral("-t"), QStringLiteral("copy"), QStringLiteral("--max"),
                              QStringLiteral("-X"), QStringLiteral("message.max.bytes=2000000")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("republished 18 events to copy") && r.err.contains("18 delivered, 0 failed"), r.err.constData());

    const QList<KcatRecord> read = parseKcat(kcatConsume(broker->bootstrapServers(), QStringLiteral("copy"),
                                                         {QStringLiteral("-f"), QLatin1String(kKcatFormat)}));
    const QByteArray json = kcatConsume(broker->bootstrapServers(), QStringLiteral("copy"), {QStringLiteral("-J")});
    QCOMPARE(read.size(), events.size());
    const QList<QByteArray> jsonLines = lines(json);
    QCOMPARE(jsonLines.size(), read.size());
    // kcat reads the partitions side by side, so two reads of the topic
    // interleave them differently: match -J lines by partition and offset.
    EventJsonDecoder decoder;
    std::map<std::pair<int, qint64>, Event> byOffset;
    for (const QByteArray &line : jsonLines) {
        auto decoded = decoder.decode(line);
        SS_VERIFY_OK(decoded);
        QVERIFY(byOffset.emplace(std::pair{decoded->event.partition, decoded->event.offset}, decoded->event).second);
    }
    for (int p = 0; p < 4; ++p) {
        QList<Event> expected;
        for (const Event &e : events)
            if (e.partition == p)
                expected << e;
        int k = 0;
        for (int i = 0; i < read.size(); ++i) {
            if (read[i].partition != p)
                continue;
            QVERIFY(k < expected.size());
            const Event &e = expected[k++];
            QCOMPARE(read[i].key, e.key);
            QCOMPARE(read[i].value, e.value);
            QCOMPARE(read[i].timestampMs, e.timestampMs);
            // Headers (null values and binary names included) from kcat -J.
            const auto json = byOffset.find({read[i].partition, read[i].offset});
            QVERIFY(json != byOffset.end());
            QCOMPARE(json->second.key, e.key);
            QCOMPARE(json->second.headers, e.headers);
        }
        QCOMPARE(k, expected.size());
    }

    r = runCli({QStringLiteral("republish"), session, QStringLiteral("-b"), broker->bootstrapServers(),
                QStringLiteral("-t"), QStringLiteral("filtered"), QStringLiteral("--speed"), QStringLiteral("1000"),
                QStringLiteral("--filter"), QStringLiteral("key matches r\"^late-\"")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY2(r.err.contains("republished 8 events"), r.err.constData());
    const QList<KcatRecord> filtered = parseKcat(kcatConsume(broker->bootstrapServers(), QStringLiteral("filtered"),
                                                             {QStringLiteral("-f"), QLatin1String(kKcatFormat)}));
    QCOMPARE(filtered.size(), 8);
    for (const KcatRecord &k : filtered)
        QVERIFY(k.key && k.key->startsWith("late-"));

    // The topic must exist: republish never creates one.
    r = runCli({QStringLiteral("republish"), session, QStringLiteral("-b"), broker->bootstrapServers(),
                QStringLiteral("-t"), QStringLiteral("no-such-topic"), QStringLiteral("--max"), QStringLiteral("--timeout"),
                QStringLiteral("5")});
    QVERIFY(r.exitCode != 0);
    QVERIFY2(r.err.contains("no-such-topic"), r.err.constData());
}

// Malformed lines: reported as FILE:LINE: reason; by default the import
// fails and writes nothing; with --on-error skip the rest is imported.
void TestExport::malformedImportLines()
{
    const QByteArray good1 = R"({"topic":"t","partition":0,"offset":1,"tstype":"create","ts":1767225600000,"broker":1,"key":"a","payload":"1"})";
    const QByteArray good2 = R"({"topic":"t","partition":0,"offset":2,"tstype":"create","ts":1767225600001,"broker":1,"key":null,"payload":"2"})";
    const QByteArray good3 = R"({"topic":"t","partition":1,"offset":0,"tstype":"create","ts":1767225600002,"broker":1,"key":"c","payload":null,"headers":["h","v","n",null]})";
    const QByteArray input = good1 + '\n'                                                  // 1
        + R"({"topic":"t","partition":0,"offset":2,"key":"x" "payload":"y"})" + '\n'       // 2: broken JSON
        + good2 + '\n'                                                                     // 3
        + '\n'                                                                             // 4: blank, ignored
        + R"({"topic":"t","offset":3,"key":"x","payload":"y"})" + '\n'                     // 5: no partition
        + R"({"topic":"t","partition":0,"offset":2,"key":"x","payload":"y"})" + '\n'       // 6: offset repeats
        + R"({"topic":"t","partition":"zero","offset":9,"key":"x","payload":"y"})" + '\n'  // 7: not an integer
        + good3 + '\n';                                                                    // 8
    const QString in = path(QStringLiteral("bad.jsonl"));
    QVERIFY(writeFile(in, input));

    const QString rejected = path(QStringLiteral("rejected.sss"));
    ProcessResult r = runCli({QStringLiteral("import"), in, QStringLiteral("-w"), rejected});
    QCOMPARE(r.exitCode, 2);
    QVERIFY(!QFile::exists(rejected));
    const auto linesReported = [](const QByteArray &err) {
        QList<int> out;
        const QRegularExpression re(QString::fromLatin1(R"(bad\.jsonl:(\d+): )"));
        for (auto it = re.globalMatch(QString::fromUtf8(err)); it.hasNext();)
            out << it.next().captured(1).toInt();
        return out;
    };
    QCOMPARE(linesReported(r.err), (QList<int>{2, 5, 6, 7}));
    QVERIFY2(r.err.contains("partition"), r.err.constData());

    const QString skipped = path(QStringLiteral("skipped.sss"));
    r = runCli({QStringLiteral("import"), in, QStringLiteral("-w"), skipped, QStringLiteral("--on-error"), QStringLiteral("skip")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(linesReported(r.err), (QList<int>{2, 5, 6, 7}));
    QVERIFY2(r.err.contains("skipped 4 malformed lines"), r.err.constData());
    const QList<Event> events = readAllEvents(skipped);
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[0].key, std::optional<QByteArray>("a"));
    QCOMPARE(events[1].key, std::optional<QByteArray>());
    QCOMPARE(events[1].offset, 2);
    QCOMPARE(events[2].value, std::optional<QByteArray>());
    QCOMPARE(events[2].headers, (QList<Header>{{"h", QByteArray("v")}, {"n", std::nullopt}}));
    QCOMPARE(events[2].timestampMs, 1767225600002);
    // Arrival derived from the Kafka timestamps, never going back.
    QVERIFY(events[0].arrivalUs <= events[1].arrivalUs && events[1].arrivalUs <= events[2].arrivalUs);
    QCOMPARE(events[0].arrivalUs, 1767225600000000);
}

// Window results and late events: JSONL is exactly run --json; CSV has
// one row per line of it, of the same type and trigger seq.
void TestExport::pipelineResults()
{
    const QString session = writeDemoSession(path(QStringLiteral("iot.sss")), QStringLiteral("iot"), 4000);
    QVERIFY(!session.isEmpty());
    const QString pipeline = path(QStringLiteral("iot.pipeline"));
    QVERIFY(writeFile(pipeline, kPipeline));
    const ProcessResult run = runCli({QStringLiteral("run"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QList<QByteArray> runLines = lines(run.out);
    int late = 0;
    for (const QByteArray &l : runLines)
        late += QJsonDocument::fromJson(l).object().value(QLatin1String("type")).toString() == QLatin1String("late");
    QVERIFY(runLines.size() > 100);
    QVERIFY2(late > 0, "the iot demo has late events");

    const QString jsonl = path(QStringLiteral("results.jsonl"));
    ProcessResult r = runCli({QStringLiteral("export"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--results"),
                              QStringLiteral("-o"), jsonl});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(readFile(jsonl) == run.out);
    QVERIFY2(r.err.contains(QStringLiteral("and %1 late events").arg(late).toUtf8()), r.err.constData());

    const QString csv = path(QStringLiteral("results.csv"));
    r = runCli({QStringLiteral("export"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--results"),
                QStringLiteral("-f"), QStringLiteral("csv"), QStringLiteral("-o"), csv, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QString scriptPath = path(QStringLiteral("results.py"));
    const QByteArray script = R"(
import csv, json, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f, strict=True))
print(json.dumps([[r["type"], int(r["seq"]), r["avg_temp"]] for r in rows]))
)";
    QVERIFY(writeFile(scriptPath, script));
    const ProcessResult py = runProcess(QStringLiteral("python3"), {scriptPath, csv});
    QVERIFY2(py.exitCode == 0, py.err.constData());
    const QJsonArray rows = QJsonDocument::fromJson(py.out).array();
    QCOMPARE(rows.size(), runLines.size());
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject o = QJsonDocument::fromJson(runLines[i]).object();
        const QJsonArray row = rows[i].toArray();
        QCOMPARE(row[0].toString(), o.value(QLatin1String("type")).toString());
        const bool window = o.value(QLatin1String("type")).toString() == QLatin1String("window");
        QCOMPARE(row[1].toInteger(), o.value(QLatin1String(window ? "trigger_seq" : "seq")).toInteger());
        QVERIFY(!window || !row[2].toString().isEmpty());
        QVERIFY(window || row[2].toString().isEmpty());
    }

    // --results exports every result: selections do not apply.
    r = runCli({QStringLiteral("export"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--results"),
                QStringLiteral("--range"), QStringLiteral("1:5"), QStringLiteral("-o"), path(QStringLiteral("x.jsonl"))});
    QVERIFY(r.exitCode != 0);
}

// A reproducer of a window result: a small session with the pipeline
// inside that fires the same result; and of a seq range.
void TestExport::reproducer()
{
    const QString session = writeDemoSession(path(QStringLiteral("iot.sss")), QStringLiteral("iot"), 4000);
    QVERIFY(!session.isEmpty());
    const QString pipeline = path(QStringLiteral("iot.pipeline"));
    QVERIFY(writeFile(pipeline, kPipeline));
    const ProcessResult run = runCli({QStringLiteral("run"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--json")});
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonObject wanted;
    int index = -1;
    for (const QByteArray &l : lines(run.out)) {
        const QJsonObject o = QJsonDocument::fromJson(l).object();
        if (o.value(QLatin1String("type")).toString() != QLatin1String("window"))
            continue;
        ++index;
        if (index == 200) {
            wanted = o;
            break;
        }
    }
    QVERIFY(!wanted.isEmpty());

    const QString out = path(QStringLiteral("repro.sss"));
    ProcessResult r = runCli({QStringLiteral("reproducer"), session, QStringLiteral("--pipeline"), pipeline,
                              QStringLiteral("--result"), QStringLiteral("200"), QStringLiteral("-o"), out});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<Event> events = readAllEvents(out);
    QVERIFY(!events.isEmpty());
    QVERIFY2(events.size() < 4000, qPrintable(QString::number(events.size())));
    // Self-contained: the pipeline is inside it.
    auto reader = SessionReader::open(out);
    SS_VERIFY_OK(reader);
    auto stored = (*reader)->pipelines();
    SS_VERIFY_OK(stored);
    QCOMPARE(stored->size(), 1);
    const QString storedPipeline = path(QStringLiteral("stored.pipeline"));
    QVERIFY(writeFile(storedPipeline, stored->first().second.toUtf8()));
    const ProcessResult rerun = runCli({QStringLiteral("run"), out, QStringLiteral("--pipeline"), storedPipeline, QStringLiteral("--json")});
    QVERIFY2(rerun.exitCode == 0, rerun.err.constData());
    bool found = false;
    for (const QByteArray &l : lines(rerun.out)) {
        QJsonObject o = QJsonDocument::fromJson(l).object();
        if (o.value(QLatin1String("type")).toString() != QLatin1String("window"))
            continue;
        if (o.value(QLatin1String("key")) == wanted.value(QLatin1String("key"))
            && o.value(QLatin1String("window_start")) == wanted.value(QLatin1String("window_start"))
            && o.value(QLatin1String("aggregates")) == wanted.value(QLatin1String("aggregates"))) {
            found = true;
            break;
        }
    }
    QVERIFY2(found, qPrintable(QStringLiteral("result not reproduced: ") + QString::fromUtf8(QJsonDocument(wanted).toJson(QJsonDocument::Compact))));

    const QString ranged = path(QStringLiteral("range.sss"));
    r = runCli({QStringLiteral("reproducer"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--range"),
                QStringLiteral("500:699"), QStringLiteral("-o"), ranged, QStringLiteral("-q")});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QList<Event> all = readAllEvents(session);
    const QList<Event> part = readAllEvents(ranged);
    QCOMPARE(part.size(), 200);
    for (int i = 0; i < part.size(); ++i) {
        QCOMPARE(part[i].seq, i);
        QCOMPARE(part[i].offset, all[500 + i].offset);
        QCOMPARE(part[i].value, all[500 + i].value);
        QCOMPARE(part[i].arrivalUs, all[500 + i].arrivalUs);
    }
}

// No secret configured for the source reaches any output byte: not
// from a recording made with -X sasl.password=…, not even from a
// session whose source description holds a password in clear (a file
// written by something else).
void TestExport::noSecretInAnyOutput()
{
    const QByteArray secret = "Sw0rdf1sh-Export-Secret";
    auto broker = startBroker();
    QVERIFY(broker);
    QVERIFY(broker->createTopic(QStringLiteral("iot.readings"), 2));
    for (int i = 0; i < 50; ++i) {
        const QByteArray value = QByteArray(R"({"sensor":"s)") + QByteArray::number(i % 3) + R"(","ts":)"
            + QByteArray::number(1767225600000 + i * 700) + R"(,"temperature_c":)" + QByteArray::number(20 + i % 5) + "}";
        QVERIFY(broker->produce(QStringLiteral("iot.readings"), i % 2, QByteArray("sensor-") + QByteArray::number(i % 3),
                                value, {}, 1767225600000 + i * 700));
    }
    SS_VERIFY_OK(broker->flush());
    const QString recorded = path(QStringLiteral("secret.sss"));
    ProcessResult r = runCli({QStringLiteral("record"), QStringLiteral("-b"), broker->bootstrapServers(), QStringLiteral("-t"),
                              QStringLiteral("iot.readings"), QStringLiteral("-e"), QStringLiteral("-q"), QStringLiteral("-w"),
                              recorded, QStringLiteral("-X"), QStringLiteral("sasl.username=alice"), QStringLiteral("-X"),
                              QStringLiteral("sasl.password=") + QString::fromUtf8(secret)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(readAllEvents(recorded).size(), 50);

    // And a session with the password in clear in its source description.
    QList<Event> events = readAllEvents(recorded);
    const QString forged = writeSession(
        events, QJsonObject{{QStringLiteral("kind"), QStringLiteral("kafka")},
                            {QStringLiteral("brokers"), broker->bootstrapServers()},
                            {QStringLiteral("topics"), QJsonArray{QStringLiteral("iot.readings")}},
                            {QStringLiteral("properties"), QJsonObject{{QStringLiteral("sasl.username"), QStringLiteral("alice")},
                                                                       {QStringLiteral("sasl.password"), QString::fromUtf8(secret)}}}});
    QVERIFY(!forged.isEmpty());
    QVERIFY(readFile(forged).contains(secret)); // the test's premise
    const QString pipeline = path(QStringLiteral("p.pipeline"));
    QVERIFY(writeFile(pipeline, kPipeline));

    for (const QString &session : {recorded, forged}) {
        QList<QPair<QString, QStringList>> runs = {
            {path(QStringLiteral("a.jsonl")), {QStringLiteral("export"), session, QStringLiteral("-f"), QStringLiteral("jsonl")}},
            {path(QStringLiteral("a.csv")), {QStringLiteral("export"), session, QStringLiteral("-f"), QStringLiteral("csv")}},
            {path(QStringLiteral("r.jsonl")), {QStringLiteral("export"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--results")}},
            {path(QStringLiteral("r.csv")), {QStringLiteral("export"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--results"), QStringLiteral("-f"), QStringLiteral("csv")}},
            {path(QStringLiteral("repro.sss")), {QStringLiteral("reproducer"), session, QStringLiteral("--pipeline"), pipeline, QStringLiteral("--range"), QStringLiteral("0:49")}},
        };
        for (const auto &[out, command] : runs) {
            r = runCli(command + QStringList{QStringLiteral("-o"), out});
            QVERIFY2(r.exitCode == 0, r.err.constData());
            const QByteArray bytes = readFile(out);
            QVERIFY2(!bytes.isEmpty(), qPrintable(out));
            QVERIFY2(!bytes.contains(secret), qPrintable(command.join(QLatin1Char(' '))));
            QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
        }
        // The reproducer's SQLite file may keep freed pages: look at every
        // byte, and at its -wal/-journal companions if any were left.
        for (const QString &f : QDir(m_dir.path()).entryList(QDir::Files))
            if (m_dir.filePath(f) != forged)
                QVERIFY2(!readFile(m_dir.filePath(f)).contains(secret), qPrintable(f));
    }
    // Republish output (progress, summary) never shows an -X secret.
    QVERIFY(broker->createTopic(QStringLiteral("again"), 2));
    r = runCli({QStringLiteral("republish"), recorded, QStringLiteral("-b"), broker->bootstrapServers(), QStringLiteral("-t"),
                QStringLiteral("again"), QStringLiteral("--max"), QStringLiteral("-X"),
                QStringLiteral("sasl.password=") + QString::fromUtf8(secret)});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(!r.out.contains(secret) && !r.err.contains(secret));
}

#endif

QTEST_GUILESS_MAIN(TestExport)
#include "tst_export.moc"
