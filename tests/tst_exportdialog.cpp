// The GUI's export dialogs, driven offscreen: each choice of events writes
// exactly those events, in the chosen format, on a worker thread; problems
// are shown in words and nothing is written; Stop leaves no file; the
// pipeline dialog writes results and reproducers.

#include "testsupport.h"

#include "export/exportdialog.h"

#include <QApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {

QList<QByteArray> fileLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> lines = f.readAll().split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

QList<qint64> jsonSeqs(const QString &path)
{
    QList<qint64> seqs;
    for (const QByteArray &line : fileLines(path))
        seqs << QJsonDocument::fromJson(line).object().value(QLatin1String("seq")).toInteger();
    return seqs;
}

// Runs the dialog's export and waits for it.
ExportDialogBase::Outcome runExport(ExportDialogBase &dialog)
{
    QSignalSpy finished(&dialog, &ExportDialogBase::exportFinished);
    dialog.startExport();
    if (finished.isEmpty() && !finished.wait(60000))
        QTest::qFail("the export did not finish", __FILE__, __LINE__);
    return dialog.outcome();
}

QString statusText(const QDialog &dialog)
{
    auto *label = dialog.findChild<QLabel *>(QStringLiteral("status"));
    return label ? label->text() : QString();
}

} // namespace

class TestExportDialog : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_session;
    QList<Event> m_events;

    ExportDialogOptions options() const
    {
        ExportDialogOptions o;
        o.sessionPath = m_session;
        o.eventCount = m_events.size();
        return o;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_session = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 3000);
        QVERIFY(!m_session.isEmpty());
        m_events = readAllEvents(m_session);
        QCOMPARE(m_events.size(), 3000);
    }

    void marked()
    {
        ExportDialogOptions o = options();
        o.markedSeqs = {100, 5, 3, 5, 2999};
        ExportDialog dialog(o);
        QVERIFY(dialog.setWhich(ExportDialog::Which::Marked));
        dialog.setFormat(ExportFormat::JsonLines);
        const QString out = m_dir.filePath(QStringLiteral("marked.jsonl"));
        dialog.setOutputPath(out);
        const auto outcome = runExport(dialog);
        QVERIFY2(outcome.ok, qPrintable(outcome.message));
        QCOMPARE(outcome.items, 4);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(jsonSeqs(out), (QList<qint64>{3, 5, 100, 2999}));
        QVERIFY2(outcome.message.contains(QLatin1String("4 events")), qPrintable(outcome.message));
    }

    void displayedAsCsv()
    {
        ExportDialogOptions o = options();
        o.displayedFilter = QStringLiteral("partition == 2 && seq < 1000");
        ExportDialog dialog(o);
        QVERIFY(dialog.setWhich(ExportDialog::Which::Displayed));
        dialog.setFormat(ExportFormat::Csv);
        const QString out = m_dir.filePath(QStringLiteral("displayed.csv"));
        dialog.setOutputPath(out);
        const auto outcome = runExport(dialog);
        QVERIFY2(outcome.ok, qPrintable(outcome.message));
        const QList<QByteArray> rows = fileLines(out);
        QVERIFY(rows.first().startsWith("seq,arrival_us,topic,partition,offset,"));
        QList<qint64> expected, actual;
        for (const Event &e : m_events)
            if (e.partition == 2 && e.seq < 1000)
                expected << e.seq;
        for (int i = 1; i < rows.size(); ++i) {
            QVERIFY(rows[i].endsWith('\r')); // CRLF line ends (RFC 4180)
            const QList<QByteArray> fields = rows[i].split(',');
            actual << fields[0].toLongLong();
            QCOMPARE(fields[3], QByteArray("2"));
        }
        QVERIFY(!expected.isEmpty());
        QCOMPARE(actual, expected);
    }

    void rangeAndAll()
    {
        {
            ExportDialog dialog(options());
            dialog.setRange(10, 19);
            QCOMPARE(dialog.which(), ExportDialog::Which::Range);
            const QString out = m_dir.filePath(QStringLiteral("range.jsonl"));
            dialog.setOutputPath(out);
            QVERIFY2(runExport(dialog).ok, qPrintable(dialog.outcome().message));
            QList<qint64> expected;
            for (qint64 s = 10; s <= 19; ++s)
                expected << s;
            QCOMPARE(jsonSeqs(out), expected);
        }
        {
            ExportDialog dialog(options());
            QCOMPARE(dialog.which(), ExportDialog::Which::All);
            const QString out = m_dir.filePath(QStringLiteral("all.jsonl"));
            dialog.setOutputPath(out);
            QVERIFY(runExport(dialog).ok);
            QCOMPARE(jsonSeqs(out).size(), 3000);
        }
    }

    // Choices that have nothing to export are disabled.
    void disabledChoices()
    {
        ExportDialog dialog(options());
        QVERIFY(!dialog.setWhich(ExportDialog::Which::Displayed));
        QVERIFY(!dialog.setWhich(ExportDialog::Which::Marked));
        QCOMPARE(dialog.which(), ExportDialog::Which::All);
    }

    // Problems are shown in words, the dialog stays open, nothing is written.
    void problems()
    {
        {
            ExportDialog dialog(options());
            dialog.setRange(50, 40);
            const QString out = m_dir.filePath(QStringLiteral("empty-range.jsonl"));
            dialog.setOutputPath(out);
            const auto outcome = runExport(dialog);
            QVERIFY(!outcome.ok);
            QVERIFY2(outcome.message.contains(QLatin1String("range is empty")), qPrintable(outcome.message));
            QCOMPARE(statusText(dialog), outcome.message);
            QVERIFY(!QFile::exists(out));
            QCOMPARE(dialog.result(), int(QDialog::Rejected)); // still open: not accepted
        }
        {
            ExportDialog dialog(options());
            dialog.setOutputPath(m_dir.filePath(QStringLiteral("no/such/folder/x.jsonl")));
            const auto outcome = runExport(dialog);
            QVERIFY(!outcome.ok);
            QVERIFY2(outcome.message.contains(QLatin1String("does not exist")), qPrintable(outcome.message));
        }
        {
            ExportDialog dialog(options());
            dialog.setOutputPath(m_session);
            const auto outcome = runExport(dialog);
            QVERIFY(!outcome.ok);
            QVERIFY2(outcome.message.contains(QLatin1String("session itself")), qPrintable(outcome.message));
            QCOMPARE(readAllEvents(m_session).size(), 3000);
        }
        {
            ExportDialogOptions o = options();
            o.displayedFilter = QStringLiteral("vaule.temperature_c > 20");
            ExportDialog dialog(o);
            QVERIFY(dialog.setWhich(ExportDialog::Which::Displayed));
            const QString out = m_dir.filePath(QStringLiteral("badfilter.jsonl"));
            dialog.setOutputPath(out);
            const auto outcome = runExport(dialog);
            QVERIFY(!outcome.ok);
            QVERIFY2(outcome.message.contains(QLatin1String("vaule")), qPrintable(outcome.message));
            QCOMPARE(statusText(dialog), outcome.message);
            QVERIFY(!QFile::exists(out));
            // Fixed, the same dialog exports.
            QVERIFY(dialog.setWhich(ExportDialog::Which::All));
            QVERIFY(runExport(dialog).ok);
            QCOMPARE(jsonSeqs(out).size(), 3000);
        }
    }

    // Stop while running: no file, an existing one untouched.
    void stop()
    {
        const QString big = writeDemoSession(m_dir.filePath(QStringLiteral("big.sss")), QStringLiteral("iot"), 200000);
        QVERIFY(!big.isEmpty());
        ExportDialogOptions o;
        o.sessionPath = big;
        o.eventCount = 200000;
        ExportDialog dialog(o);
        const QString out = m_dir.filePath(QStringLiteral("stopped.jsonl"));
        {
            QFile existing(out);
            QVERIFY(existing.open(QIODevice::WriteOnly));
            existing.write("keep me\n");
        }
        dialog.setOutputPath(out);
        QSignalSpy finished(&dialog, &ExportDialogBase::exportFinished);
        dialog.startExport();
        QVERIFY(dialog.isRunning());
        QVERIFY(dialog.findChild<QProgressBar *>()->isVisibleTo(&dialog));
        dialog.reject(); // Stop: cancels, does not close
        QVERIFY(finished.wait(30000));
        QVERIFY(!dialog.isRunning());
        QVERIFY(dialog.outcome().cancelled);
        QVERIFY(!dialog.outcome().ok);
        QCOMPARE(fileLines(out), QList<QByteArray>{"keep me"});
        QVERIFY(dialog.result() != QDialog::Accepted);
    }

    void pipelineResultsAndReproducer()
    {
        PipelineExportOptions o;
        o.sessionPath = m_session;
        o.eventCount = m_events.size();
        o.pipelineText = QStringLiteral("name: per sensor\ntopics: iot.readings\nevent_time: value.ts\nevent_time_unit: ms\n"
                                        "watermark: bounded 2s\nkey: value.sensor\nwindow: tumbling 10s\n"
                                        "allowed_lateness: 5s\naggregate: count\n");
        {
            PipelineExportDialog dialog(o);
            dialog.setWhat(PipelineExportDialog::What::ResultsJsonLines);
            const QString out = m_dir.filePath(QStringLiteral("results.jsonl"));
            dialog.setOutputPath(out);
            const auto outcome = runExport(dialog);
            QVERIFY2(outcome.ok, qPrintable(outcome.message));
            const QList<QByteArray> lines = fileLines(out);
            QVERIFY(lines.size() > 10);
            QCOMPARE(outcome.items, lines.size());
            for (const QByteArray &line : lines) {
                const QString type = QJsonDocument::fromJson(line).object().value(QLatin1String("type")).toString();
                QVERIFY(type == QLatin1String("window") || type == QLatin1String("late"));
            }
        }
        {
            PipelineExportDialog dialog(o);
            dialog.setWhat(PipelineExportDialog::What::ReproducerRange);
            dialog.setRange(200, 299);
            const QString out = m_dir.filePath(QStringLiteral("repro.sss"));
            dialog.setOutputPath(out);
            const auto outcome = runExport(dialog);
            QVERIFY2(outcome.ok, qPrintable(outcome.message));
            const QList<Event> events = readAllEvents(out);
            QCOMPARE(events.size(), 100);
            QCOMPARE(events.first().value, m_events[200].value);
            auto reader = SessionReader::open(out);
            SS_VERIFY_OK(reader);
            auto pipelines = (*reader)->pipelines();
            SS_VERIFY_OK(pipelines);
            QCOMPARE(pipelines->size(), 1);
            QCOMPARE(pipelines->first().first, QStringLiteral("per sensor"));
            // A reproducer never replaces a file.
            PipelineExportDialog again(o);
            again.setWhat(PipelineExportDialog::What::ReproducerRange);
            again.setOutputPath(out);
            QVERIFY(!runExport(again).ok);
            QVERIFY2(again.outcome().message.contains(QLatin1String("exists")), qPrintable(again.outcome().message));
        }
        {
            PipelineExportOptions bad = o;
            bad.pipelineText = QStringLiteral("name: x\nwindow: tumbling ten seconds\n");
            PipelineExportDialog dialog(bad);
            dialog.setOutputPath(m_dir.filePath(QStringLiteral("bad.jsonl")));
            QVERIFY(!runExport(dialog).ok);
            QVERIFY2(dialog.outcome().message.contains(QLatin1String("pipeline")), qPrintable(dialog.outcome().message));
            QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("bad.jsonl"))));
        }
    }

    // Pictures of both dialogs, for people to look at.
    void screenshots()
    {
        ExportDialogOptions o = options();
        o.displayedFilter = QStringLiteral("value.temperature_c > 25 && value.site == \"cold-store\"");
        o.markedSeqs = {3, 5, 8};
        o.cursorSeq = 1200;
        o.suggestedOutput = m_dir.filePath(QStringLiteral("marked.jsonl")); // exists: shows the note
        ExportDialog dialog(o);
        dialog.setWhich(ExportDialog::Which::Displayed);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QApplication::processEvents();
        QVERIFY(dialog.grab().save(QStringLiteral("/tmp/exportdialog.png")));
        // And how a problem looks.
        ExportDialogOptions bad = o;
        bad.displayedFilter = QStringLiteral("vaule.temperature_c > 25");
        ExportDialog failing(bad);
        failing.setWhich(ExportDialog::Which::Displayed);
        failing.setOutputPath(m_dir.filePath(QStringLiteral("failing.jsonl")));
        failing.show();
        QVERIFY(!runExport(failing).ok);
        QApplication::processEvents();
        QVERIFY(failing.grab().save(QStringLiteral("/tmp/exportdialog-error.png")));

        PipelineExportOptions p;
        p.sessionPath = m_session;
        p.eventCount = m_events.size();
        p.pipelineText = QStringLiteral("name: per sensor\ntopics: iot.readings\nevent_time: value.ts\nkey: value.sensor\n"
                                        "window: tumbling 10s\naggregate: count\n");
        p.resultIndex = 12;
        PipelineExportDialog pipelineDialog(p);
        pipelineDialog.show();
        QApplication::processEvents();
        QVERIFY(pipelineDialog.grab().save(QStringLiteral("/tmp/pipelineexportdialog.png")));
    }
};

QTEST_MAIN(TestExportDialog)
#include "tst_exportdialog.moc"
