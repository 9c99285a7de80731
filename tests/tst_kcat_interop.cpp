// Interoperability with kcat, the reference Kafka client: what kcat
// produces, Streamscope records byte for byte; what kcat consumes from a demo
// topic is exactly what Streamscope recorded from it.

#include "testsupport.h"

#include "record/recorder.h"

#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {


// Reads `kcat -C` output in a length-prefixed format that survives any bytes:
// "topic partition offset ts keylen valuelen headers\n" key value.
const char *const kFormat = "%t %p %o %T %K %S %h\n%k%s";


QByteArray kcatHeaders(const QList<Header> &headers)
{
    QList<QByteArray> parts;
    for (const Header &h : headers)
        parts << h.name + '=' + h.value.value_or(QByteArray());
    return parts.join(',');
}

} // namespace

class TestKcatInterop : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QList<Event> record(const QString &brokers, const QStringList &topics, const QString &name)
    {
        RecordOptions options;
        options.reader.brokers = brokers;
        options.reader.topics = topics;
        options.stopAtEnd = true;
        options.path = m_dir.filePath(name);
        Recorder recorder(options);
        const Status opened = recorder.open();
        if (!opened) {
            QTest::qFail(qPrintable(opened.error().message), __FILE__, __LINE__);
            return {};
        }
        std::atomic<bool> stop{false};
        auto result = recorder.run(stop);
        if (!result || !recorder.close()) {
            QTest::qFail("recording failed", __FILE__, __LINE__);
            return {};
        }
        return readAllEvents(options.path);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        if (kcatPath().isEmpty())
            QFAIL("kcat is not installed; the README's test command installs it");
    }

    // kcat produces; Streamscope must record exactly those bytes.
    void recordsWhatKcatProduced()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        QVERIFY(broker->createTopic(QStringLiteral("from-kcat"), 1));

        // Records separated by 0x1e, key and value by 0x1f (kcat -K/-D);
        // every other byte value appears somewhere.
        QByteArray allBytes;
        for (int b = 0; b < 256; ++b)
            if (b != 0x1e && b != 0x1f)
                allBytes.append(char(b));
        struct Sent {
            std::optional<QByteArray> key, value;
        };
        const QList<Sent> sent = {
            {QByteArray("sensor-1"), QByteArray("{\"temp\":21.5}")},
            {QByteArray("bin"), allBytes},
            {QByteArray("\xff\xfe invalid utf-8 \xc3\x28"), QByteArray("\xed\xa0\x80\xf4\x90\x80\x80")},
            {QByteArray("nullvalue"), std::nullopt},      // -Z: empty is NULL
            {std::nullopt, QByteArray("no key at all")}, // -Z: empty key is NULL
            {QByteArray("big"), QByteArray(900 * 1024, 'z')},
        };
        QByteArray input;
        for (const Sent &s : sent)
            input += s.key.value_or(QByteArray()) + '\x1f' + s.value.value_or(QByteArray()) + '\x1e';
        const ProcessResult produced =
            runProcess(kcatPath(),
                       {QStringLiteral("-P"), QStringLiteral("-b"), broker->bootstrapServers(), QStringLiteral("-t"),
                        QStringLiteral("from-kcat"), QStringLiteral("-p"), QStringLiteral("0"), QStringLiteral("-K"),
                        QStringLiteral("\\x1f"), QStringLiteral("-D"), QStringLiteral("\\x1e"), QStringLiteral("-Z"),
                        QStringLiteral("-H"), QStringLiteral("trace=abc"), QStringLiteral("-H"),
                        QStringLiteral("empty="), QStringLiteral("-X"), QStringLiteral("message.max.bytes=2000000")},
                       60000, input);
        QVERIFY2(produced.exitCode == 0, produced.err.constData());

        const QList<Event> events = record(broker->bootstrapServers(), {QStringLiteral("from-kcat")}, QStringLiteral("k.sss"));
        QCOMPARE(events.size(), sent.size());
        for (int i = 0; i < sent.size(); ++i) {
            QCOMPARE(events[i].offset, i);
            QCOMPARE(events[i].key.has_value(), sent[i].key.has_value());
            QCOMPARE(events[i].value.has_value(), sent[i].value.has_value());
            QCOMPARE(events[i].key.value_or(QByteArray()), sent[i].key.value_or(QByteArray()));
            QCOMPARE(events[i].value.value_or(QByteArray()), sent[i].value.value_or(QByteArray()));
            QCOMPARE(kcatHeaders(events[i].headers), QByteArray("trace=abc,empty="));
            QCOMPARE(events[i].timestampType, TimestampType::CreateTime);
        }

        // And kcat reading the topic agrees with the session field by field.
        const ProcessResult consumed =
            runProcess(kcatPath(), {QStringLiteral("-C"), QStringLiteral("-b"), broker->bootstrapServers(),
                                    QStringLiteral("-t"), QStringLiteral("from-kcat"), QStringLiteral("-o"),
                                    QStringLiteral("beginning"), QStringLiteral("-e"), QStringLiteral("-q"),
                                    QStringLiteral("-f"), QLatin1String(kFormat)});
        QCOMPARE(consumed.exitCode, 0);
        const QList<KcatRecord> read = parseKcat(consumed.out);
        QCOMPARE(read.size(), events.size());
        for (int i = 0; i < read.size(); ++i) {
            QCOMPARE(read[i].key, events[i].key);
            QCOMPARE(read[i].value, events[i].value);
            QCOMPARE(read[i].timestampMs, events[i].timestampMs);
        }
    }

    // The demo stream through kcat and through Streamscope: identical.
    void kcatReadsWhatStreamscopeRecorded()
    {
        QProcess demo;
        demo.start(cliPath(), {QStringLiteral("demo"), QStringLiteral("--count"), QStringLiteral("3000"),
                               QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--seed"),
                               QStringLiteral("7"), QStringLiteral("-q")});
        QVERIFY(demo.waitForStarted());
        QString bootstrap;
        int complete = 0;
        QDeadlineTimer deadline(60000);
        while (complete < 3 && !deadline.hasExpired()) {
            if (!demo.canReadLine() && !demo.waitForReadyRead(1000))
                continue;
            while (demo.canReadLine()) {
                const QString line = QString::fromUtf8(demo.readLine()).trimmed();
                if (line.startsWith(QLatin1String("bootstrap: ")))
                    bootstrap = line.mid(11);
                else if (line.startsWith(QLatin1String("complete: ")))
                    ++complete;
            }
        }
        QCOMPARE(complete, 3);
        const QStringList topics = {QStringLiteral("iot.readings"), QStringLiteral("payments"), QStringLiteral("clicks")};
        const QList<Event> events = record(bootstrap, topics, QStringLiteral("demo.sss"));
        QCOMPARE(events.size(), 9000);

        for (const QString &topic : topics) {
            const ProcessResult consumed =
                runProcess(kcatPath(), {QStringLiteral("-C"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"), topic,
                                        QStringLiteral("-o"), QStringLiteral("beginning"), QStringLiteral("-e"),
                                        QStringLiteral("-q"), QStringLiteral("-f"), QLatin1String(kFormat)});
            QCOMPARE(consumed.exitCode, 0);
            const QList<KcatRecord> read = parseKcat(consumed.out);
            QCOMPARE(read.size(), 3000);
            QHash<QPair<int, qint64>, Event> recorded;
            for (const Event &e : events)
                if (e.topic == topic)
                    recorded.insert({e.partition, e.offset}, e);
            QCOMPARE(recorded.size(), 3000);
            for (const KcatRecord &r : read) {
                const auto it = recorded.constFind({r.partition, r.offset});
                QVERIFY2(it != recorded.constEnd(), qPrintable(QStringLiteral("%1 [%2] @%3 not recorded").arg(topic).arg(r.partition).arg(r.offset)));
                QCOMPARE(it->key, r.key);
                QCOMPARE(it->value, r.value);
                QCOMPARE(it->timestampMs, r.timestampMs);
                QCOMPARE(kcatHeaders(it->headers), r.headers);
            }
        }
        demo.terminate();
        QVERIFY(demo.waitForFinished(10000));
        QCOMPARE(demo.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestKcatInterop)
#include "tst_kcat_interop.moc"
