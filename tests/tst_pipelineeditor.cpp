// The pipeline editor: filling in the form gives the same pipeline as the
// equivalent text (tumbling, sliding, session); the text's mistakes show
// their line and column, move the cursor there and disable OK; pipelines
// survive form → text → form and file round trips.

#include "testsupport.h"

#include "replay/pipelineeditor.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using namespace streamscope;

namespace {

// What a user fills in, field by field.
struct Aggregate {
    QString function, field;
    double percentile = 0;
    QString name;
};
struct Fill {
    QString name;
    QStringList topics;
    QString eventTimeField; // empty: the Kafka timestamp
    QString unit = QStringLiteral("ms");
    QString bound, idle, filter, key;
    QString window = QStringLiteral("Tumbling");
    QString size, slide, offset, gap, lateness;
    int early = 0;
    QString dedupeField, dedupeHorizon;
    QList<Aggregate> aggregates;
};

template<typename T>
T *child(const QWidget &w, const char *name)
{
    T *found = w.findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no %s", name);
    return found;
}

void type(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    if (text.isEmpty())
        QTest::keyClick(edit, Qt::Key_Delete);
    else
        QTest::keyClicks(edit, text);
}

void fillForm(PipelineEditor &e, const Fill &f)
{
    type(child<QLineEdit>(e, "pipelineName"), f.name);
    auto *topics = child<QListWidget>(e, "topicList");
    for (int i = 0; i < topics->count(); ++i)
        topics->item(i)->setCheckState(f.topics.contains(topics->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    child<QComboBox>(e, "eventTimeSource")->setCurrentIndex(f.eventTimeField.isEmpty() ? 0 : 1);
    type(child<QLineEdit>(e, "eventTimeField"), f.eventTimeField);
    child<QComboBox>(e, "eventTimeUnit")->setCurrentText(f.unit);
    type(child<QLineEdit>(e, "watermarkBound"), f.bound);
    child<QCheckBox>(e, "idleCheck")->setChecked(!f.idle.isEmpty());
    type(child<QLineEdit>(e, "idleTimeout"), f.idle);
    type(child<QLineEdit>(e, "filterEdit"), f.filter);
    type(child<QLineEdit>(e, "keyField"), f.key); // typing checks "Key by"
    child<QCheckBox>(e, "keyCheck")->setChecked(!f.key.isEmpty());
    child<QComboBox>(e, "windowType")->setCurrentText(f.window);
    type(child<QLineEdit>(e, "windowSize"), f.size);
    type(child<QLineEdit>(e, "windowSlide"), f.slide);
    type(child<QLineEdit>(e, "windowOffset"), f.offset);
    type(child<QLineEdit>(e, "sessionGap"), f.gap);
    type(child<QLineEdit>(e, "allowedLateness"), f.lateness);
    child<QSpinBox>(e, "earlyFiring")->setValue(f.early);
    type(child<QLineEdit>(e, "dedupeField"), f.dedupeField);
    child<QCheckBox>(e, "dedupeCheck")->setChecked(!f.dedupeField.isEmpty());
    type(child<QLineEdit>(e, "dedupeHorizon"), f.dedupeHorizon);
    auto *table = child<QTableWidget>(e, "aggregateTable");
    while (table->rowCount() > 0)
        QTest::mouseClick(child<QToolButton>(e, "removeAggregate"), Qt::LeftButton);
    for (const Aggregate &a : f.aggregates) {
        QTest::mouseClick(child<QToolButton>(e, "addAggregate"), Qt::LeftButton);
        const int row = table->rowCount() - 1;
        qobject_cast<QComboBox *>(table->cellWidget(row, 0))->setCurrentText(a.function);
        type(qobject_cast<QLineEdit *>(table->cellWidget(row, 1)), a.field);
        if (a.percentile > 0)
            qobject_cast<QDoubleSpinBox *>(table->cellWidget(row, 2))->setValue(a.percentile);
        type(qobject_cast<QLineEdit *>(table->cellWidget(row, 3)), a.name);
    }
}

PipelineSpec parse(const QString &text)
{
    auto parsed = parsePipeline(text);
    if (auto *e = std::get_if<PipelineError>(&parsed))
        qFatal("%s", qPrintable(e->toString()));
    return std::get<PipelineSpec>(parsed);
}

} // namespace

Q_DECLARE_METATYPE(Fill)

class TestPipelineEditor : public QObject
{
    Q_OBJECT

private slots:
    void formGivesTheSameSpecAsText_data()
    {
        QTest::addColumn<Fill>("fill");
        QTest::addColumn<QString>("text");
        Fill tumbling;
        tumbling.name = QStringLiteral("iot per sensor");
        tumbling.topics = QStringList{QStringLiteral("iot.readings")};
        tumbling.eventTimeField = QStringLiteral("value.ts");
        tumbling.bound = QStringLiteral("2s");
        tumbling.idle = QStringLiteral("30s");
        tumbling.key = QStringLiteral("value.sensor");
        tumbling.size = QStringLiteral("10s");
        tumbling.lateness = QStringLiteral("5s");
        tumbling.aggregates = {{QStringLiteral("count"), {}, 0, {}},
                               {QStringLiteral("avg"), QStringLiteral("value.temperature_c"), 0, QStringLiteral("avg_temp")}};
        QTest::addRow("tumbling") << tumbling << QStringLiteral(
            "name: iot per sensor\ntopics: iot.readings\nevent_time: value.ts  # ms since the epoch\nevent_time_unit: ms\n"
            "watermark: bounded 2s\nidle_timeout: 30s\nkey: value.sensor\nwindow: tumbling 10s\nallowed_lateness: 5s\n"
            "aggregate: count\naggregate: avg(value.temperature_c) as avg_temp\n");

        Fill sliding;
        sliding.topics = QStringList{QStringLiteral("payments"), QStringLiteral("refunds")};
        sliding.eventTimeField = QStringLiteral("value.created");
        sliding.unit = QStringLiteral("s");
        sliding.bound = QStringLiteral("500ms");
        sliding.filter = QStringLiteral("value.amount > 0 && value.currency == \"EUR\"");
        sliding.key = QStringLiteral("value.merchant");
        sliding.window = QStringLiteral("Sliding");
        sliding.size = QStringLiteral("1m");
        sliding.slide = QStringLiteral("10s");
        sliding.offset = QStringLiteral("-5s");
        sliding.lateness = QStringLiteral("0");
        sliding.early = 50;
        sliding.dedupeField = QStringLiteral("value.id");
        sliding.dedupeHorizon = QStringLiteral("1h30m");
        sliding.aggregates = {{QStringLiteral("sum"), QStringLiteral("value.amount"), 0, QStringLiteral("total")},
                              {QStringLiteral("percentile"), QStringLiteral("value.amount"), 99.9, {}},
                              {QStringLiteral("count_distinct"), QStringLiteral("value.card"), 0, {}}};
        QTest::addRow("sliding") << sliding << QStringLiteral(
            "topics: payments, refunds\nevent_time: value.created\nevent_time_unit: s\nwatermark: bounded 500ms\n"
            "filter: value.amount > 0 && value.currency == \"EUR\"\nkey: value.merchant\n"
            "window: sliding 1m 10s offset -5s\n# no lateness\nallowed_lateness: 0\n"
            "aggregate: sum(value.amount) as total\naggregate: percentile(value.amount, 99.9)\n"
            "aggregate: count_distinct(value.card)\ndedupe: value.id within 1h30m\nearly_firing: every 50 events\n");

        Fill session;
        session.key = QStringLiteral("value.user");
        session.window = QStringLiteral("Session");
        session.gap = QStringLiteral("30s");
        session.bound = QStringLiteral("1s");
        session.lateness = QStringLiteral("2s");
        session.aggregates = {{QStringLiteral("count"), {}, 0, {}},
                              {QStringLiteral("collect"), {}, 0, {}},
                              {QStringLiteral("first"), QStringLiteral("value.page"), 0, QStringLiteral("landing")},
                              {QStringLiteral("last"), QStringLiteral("value.page"), 0, {}}};
        QTest::addRow("session, Kafka time") << session << QStringLiteral(
            "event_time: kafka\nwatermark: bounded 1s\nkey: value.user\nwindow: session 30s\nallowed_lateness: 2s\n"
            "aggregate: count\naggregate: collect\naggregate: first(value.page) as landing\naggregate: last(value.page)\n");
    }

    void formGivesTheSameSpecAsText()
    {
        QFETCH(Fill, fill);
        QFETCH(QString, text);
        const QStringList topics = {QStringLiteral("iot.readings"), QStringLiteral("payments"), QStringLiteral("refunds")};

        PipelineEditor byForm;
        byForm.show();
        QVERIFY(QTest::qWaitForWindowExposed(&byForm));
        byForm.setTopics(topics);
        byForm.setFieldSuggestions({QStringLiteral("value.sensor"), QStringLiteral("value.ts")});
        fillForm(byForm, fill);
        QVERIFY2(byForm.isValid(), qPrintable(byForm.formError()));
        QVERIFY(byForm.okButton()->isEnabled());

        PipelineEditor byText;
        byText.setTopics(topics);
        QVERIFY(byText.setPipelineText(text));
        QVERIFY(byText.okButton()->isEnabled());

        const PipelineSpec expected = parse(text);
        QCOMPARE(byText.pipeline(), expected);
        QCOMPARE(byForm.pipeline(), expected);
        // The form wrote the file form, which reads back as the same pipeline.
        QCOMPARE(parse(byForm.pipelineText()), expected);
        // The text filled the form in: unchanged, the form writes the same pipeline.
        QCOMPARE(child<QLineEdit>(byText, "keyField")->text(), fill.key);
        QCOMPARE(child<QComboBox>(byText, "windowType")->currentText(), fill.window);
        QCOMPARE(child<QTableWidget>(byText, "aggregateTable")->rowCount(), fill.aggregates.size());
        // The user's text (with its comments) is kept while the form is untouched…
        QCOMPARE(byText.pipelineText(), text);
        // …and a form edit rewrites it.
        QSignalSpy changed(&byText, &PipelineEditor::pipelineChanged);
        type(child<QLineEdit>(byText, "allowedLateness"), QStringLiteral("7s"));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(byText.pipeline().allowedLatenessMs, 7000);
        QVERIFY(byText.pipelineText().contains(QStringLiteral("allowed_lateness: 7s\n")));
        PipelineSpec edited = expected;
        edited.allowedLatenessMs = 7000;
        QCOMPARE(byText.pipeline(), edited);
        QCOMPARE(parse(byText.pipelineText()), edited);
    }

    void textMistakeShowsLineAndColumn()
    {
        PipelineEditor editor;
        editor.resize(760, 600);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QSignalSpy validity(&editor, &PipelineEditor::validityChanged);
        QVERIFY(editor.isValid());
        const QString bad = QStringLiteral("event_time: value.ts\nwatermark: bounded 2s\nkey: value.sensor\n"
                                           "window: tumbeling 5s\naggregate: count\n");
        QVERIFY(!editor.setPipelineText(bad));
        QVERIFY(!editor.isValid());
        QVERIFY(!editor.okButton()->isEnabled());
        QCOMPARE(validity.count(), 1);
        QCOMPARE(validity.first().first().toBool(), false);
        QVERIFY(editor.textError().has_value());
        QCOMPARE(editor.textError()->line, 4);
        QCOMPARE(editor.textError()->column, 9);
        QVERIFY2(editor.textErrorLabel()->text().contains(QStringLiteral("Line 4, column 9")), qPrintable(editor.textErrorLabel()->text()));
        QVERIFY(editor.textErrorLabel()->text().contains(QStringLiteral("did you mean tumbling")));
        // The Text tab is shown with the cursor on the mistake.
        QCOMPARE(editor.tabs()->currentIndex(), 1);
        QCOMPARE(editor.textEdit()->textCursor().blockNumber(), 3);
        QCOMPARE(editor.textEdit()->textCursor().positionInBlock(), 8);
        QVERIFY(!editor.formPage()->isEnabled()); // the form cannot overwrite the text
        // OK does nothing.
        QSignalSpy accepted(&editor, &QDialog::accepted);
        editor.accept();
        QCOMPARE(accepted.count(), 0);

        // Fixed by typing: valid again, the form follows.
        QTextCursor cursor = editor.textEdit()->textCursor();
        cursor.movePosition(QTextCursor::EndOfWord, QTextCursor::KeepAnchor);
        editor.textEdit()->setTextCursor(cursor);
        QTest::keyClicks(editor.textEdit(), QStringLiteral("tumbling"));
        QVERIFY(editor.isValid());
        QVERIFY(editor.okButton()->isEnabled());
        QVERIFY(editor.formPage()->isEnabled());
        QCOMPARE(editor.pipeline().window.sizeMs, 5000);
        QCOMPARE(child<QLineEdit>(editor, "windowSize")->text(), QStringLiteral("5s"));
        QCOMPARE(validity.last().first().toBool(), true);

        // A mistake in a later line, an expression this time.
        editor.setPipelineText(QStringLiteral("window: session 10s\nkey: value.user ==\n"));
        QCOMPARE(editor.textError()->line, 2);
        QCOMPARE(editor.textEdit()->textCursor().blockNumber(), 1);
        QVERIFY(!editor.okButton()->isEnabled());
    }

    void formMistakeDisablesOk()
    {
        PipelineEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QVERIFY(editor.isValid());
        const PipelineSpec before = editor.pipeline();
        type(child<QLineEdit>(editor, "windowSize"), QStringLiteral("5x"));
        QVERIFY(!editor.isValid());
        QVERIFY(!editor.okButton()->isEnabled());
        QVERIFY2(editor.formError().startsWith(QStringLiteral("Window size:")), qPrintable(editor.formError()));
        QCOMPARE(editor.pipeline(), before); // the last valid one
        type(child<QLineEdit>(editor, "windowSize"), QStringLiteral("5s"));
        QVERIFY(editor.isValid());
        type(child<QLineEdit>(editor, "filterEdit"), QStringLiteral("value.x >"));
        QVERIFY(editor.formError().startsWith(QStringLiteral("Filter: column")));
        QVERIFY(!editor.okButton()->isEnabled());
        type(child<QLineEdit>(editor, "filterEdit"), QString());
        // Two aggregates with one name: only the whole pipeline shows it.
        QTest::mouseClick(child<QToolButton>(editor, "addAggregate"), Qt::LeftButton);
        auto *table = child<QTableWidget>(editor, "aggregateTable");
        qobject_cast<QComboBox *>(table->cellWidget(table->rowCount() - 1, 0))->setCurrentText(QStringLiteral("count"));
        QVERIFY(!editor.isValid());
        QVERIFY(editor.formError().contains(QStringLiteral("two aggregates")));
        QTest::mouseClick(child<QToolButton>(editor, "removeAggregate"), Qt::LeftButton);
        QVERIFY(editor.isValid());
    }

    void roundTrips_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("minimal") << "window: tumbling 10s\n";
        QTest::addRow("everything") << "name: all of it\ntopics: a, b\nevent_time: value.t\nevent_time_unit: ns\n"
                                       "watermark: bounded 1m\nidle_timeout: 0\nfilter: partition != 2\nkey: key\n"
                                       "window: tumbling 1h offset 15m\nallowed_lateness: 1d\n"
                                       "aggregate: p95(value.latency) as p95\naggregate: min(value.latency)\n"
                                       "aggregate: max(value.latency)\naggregate: count(value.x)\n"
                                       "dedupe: headers.id within 250ms\nearly_firing: 3\n";
        QTest::addRow("sliding us") << "event_time: value.us\nevent_time_unit: us\nwindow: sliding 10s 2s\n";
    }

    void roundTrips()
    {
        QFETCH(QString, text);
        const PipelineSpec spec = parse(text);
        // The core's formatter: parse(format(spec)) == spec.
        QCOMPARE(parse(toPipelineText(spec)), spec);
        PipelineEditor editor;
        editor.setPipeline(spec);
        QVERIFY(editor.isValid());
        QCOMPARE(editor.pipeline(), spec);
        QCOMPARE(parse(editor.pipelineText()), spec);
        // Form → text → form: a form edit and its undo give the pipeline back.
        auto *early = child<QSpinBox>(editor, "earlyFiring");
        const int before = early->value();
        early->setValue(before + 1);
        QVERIFY2(editor.formError().isEmpty(), qPrintable(editor.formError()));
        QCOMPARE(editor.pipeline().earlyFiringEvery, before + 1);
        early->setValue(before);
        QCOMPARE(editor.pipeline(), spec);
        PipelineEditor second;
        QVERIFY(second.setPipelineText(editor.pipelineText()));
        QCOMPARE(second.pipeline(), spec);

        // Files: Save As writes what Open reads, and what the CLI loads.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.pipeline"));
        SS_VERIFY_OK(editor.saveFile(path));
        auto loaded = loadPipelineFile(path);
        SS_VERIFY_OK(loaded);
        QCOMPARE(*loaded, spec);
        PipelineEditor opened;
        SS_VERIFY_OK(opened.openFile(path));
        QCOMPARE(opened.pipeline(), spec);
        QCOMPARE(opened.filePath(), path);
        QVERIFY(opened.windowTitle().contains(QStringLiteral("p.pipeline")));
    }

    void filesWithMistakes()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.pipeline"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("# comment\nwindow: tumbling 5s\nagregate: count\n");
        file.close();
        PipelineEditor editor;
        SS_VERIFY_OK(editor.openFile(path)); // readable: shown, with its mistake
        QVERIFY(!editor.isValid());
        QCOMPARE(editor.textError()->line, 3);
        QCOMPARE(editor.textError()->column, 1);
        QVERIFY(editor.textError()->message.contains(QStringLiteral("did you mean aggregate")));
        QVERIFY(!editor.saveFile(dir.filePath(QStringLiteral("out.pipeline"))).ok());
        QVERIFY(!editor.openFile(dir.filePath(QStringLiteral("missing.pipeline"))).ok());
    }

    void completesFieldNames()
    {
        PipelineEditor editor;
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        editor.setFieldSuggestions({QStringLiteral("value.sensor"), QStringLiteral("value.site"), QStringLiteral("key"),
                                    QStringLiteral("value.sensor")});
        QCOMPARE(editor.fieldSuggestions(),
                 (QStringList{QStringLiteral("key"), QStringLiteral("value.sensor"), QStringLiteral("value.site")}));
        auto *filter = child<QLineEdit>(editor, "filterEdit");
        auto *completer = child<QCompleter>(editor, "filterEditCompleter");
        filter->setFocus();
        QTest::keyClicks(filter, QStringLiteral("key == \"a\" && value.se"));
        QCOMPARE(completer->completionPrefix(), QStringLiteral("value.se"));
        QCOMPARE(completer->completionCount(), 1);
        emit completer->activated(QStringLiteral("value.sensor"));
        QCOMPARE(filter->text(), QStringLiteral("key == \"a\" && value.sensor"));
    }

    void screenshot()
    {
        PipelineEditor editor;
        editor.setTopics({QStringLiteral("iot.readings"), QStringLiteral("payments"), QStringLiteral("clicks")});
        QVERIFY(editor.setPipelineText(QStringLiteral(
            "name: iot per sensor\ntopics: iot.readings\nevent_time: value.ts\nevent_time_unit: ms\nwatermark: bounded 2s\n"
            "idle_timeout: 30s\nkey: value.sensor\nwindow: sliding 1m 10s\nallowed_lateness: 5s\naggregate: count\n"
            "aggregate: avg(value.temperature_c) as avg_temp\naggregate: p95(value.temperature_c)\n"
            "dedupe: value.id within 1m\n")));
        editor.tabs()->setCurrentIndex(0);
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        QTest::qWait(50);
        QVERIFY(editor.grab().save(QStringLiteral("/tmp/pipelineeditor.png")));
        editor.setPipelineText(editor.pipelineText().replace(QStringLiteral("sliding 1m"), QStringLiteral("sliding 1x")));
        QTest::qWait(50);
        QVERIFY(editor.grab().save(QStringLiteral("/tmp/pipelineeditor-text.png")));
    }
};

QTEST_MAIN(TestPipelineEditor)
#include "tst_pipelineeditor.moc"
