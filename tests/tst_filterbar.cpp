// The filter bar: mistakes marked where they are, valid filters applied
// with Enter, cleared with Escape, field names completed from the stream.

#include "filter/filterbar.h"
#include "testsupport.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace streamscope;

namespace {

constexpr int kTimeoutMs = 10000;

QList<Event> demoEvents(const QString &scenario, int count)
{
    QTemporaryDir dir;
    const QString path = test::writeDemoSession(dir.filePath(QStringLiteral("demo.sss")), scenario, count);
    return path.isEmpty() ? QList<Event>() : test::readAllEvents(path);
}

} // namespace

class TestFilterBar : public QObject
{
    Q_OBJECT

private slots:
    void flagsMistakesWhereTheyAre_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("position");
        QTest::addColumn<int>("length");
        QTest::addColumn<QString>("message");
        // From docs/filter-language.md, "Errors".
        QTest::addRow("unknown field") << "vaule.temperature_c > 25" << 0 << 5 << "did you mean \"value\"";
        QTest::addRow("unquoted text") << "value.site == cold-store" << 14 << 4 << "quote it";
        QTest::addRow("trailing words") << "partition == 3 foo" << 15 << 3 << "after a complete expression";
        QTest::addRow("single =") << "partition = 3" << 10 << 1 << "use \"==\"";
        // At the end of the input there is no character: the last one is marked.
        QTest::addRow("end of input") << "partition ==" << 11 << 1 << "found end of input";
        // Positions count UTF-16 units: the emoji before the mistake is two.
        QTest::addRow("after an emoji") << "key == \"😀\" && vaule == 1" << 15 << 5 << "did you mean \"value\"";
    }

    void flagsMistakesWhereTheyAre()
    {
        QFETCH(QString, text);
        QFETCH(int, position);
        QFETCH(int, length);
        QFETCH(QString, message);
        FilterBar bar;
        bar.show();
        QSignalSpy applied(&bar, &FilterBar::filterApplied);
        QSignalSpy cleared(&bar, &FilterBar::filterCleared);

        // Typing is checked after a pause, without pressing Enter (QTest
        // types Latin-1 only: the rest is pasted).
        bool latin1 = true;
        for (const QChar c : text)
            latin1 = latin1 && c.unicode() < 0x80;
        if (latin1)
            QTest::keyClicks(bar.lineEdit(), text);
        else
            bar.setText(text);
        QTRY_VERIFY_WITH_TIMEOUT(!bar.isValid(), kTimeoutMs);
        QVERIFY(bar.compileError().has_value());
        QCOMPARE(bar.highlight(), std::make_pair(position, length));
        QVERIFY2(bar.message().contains(message), qPrintable(bar.message()));
        QVERIFY(bar.lineEdit()->toolTip().startsWith(QStringLiteral("column ")));

        // Enter does not apply it.
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
        QCOMPARE(applied.count(), 0);
        QCOMPARE(cleared.count(), 0);
        QVERIFY(!bar.isValid());

        // Fixed: the mark goes.
        bar.setText(QStringLiteral("partition == 3"));
        QVERIFY(bar.isValid());
        QCOMPARE(bar.highlight().second, 0);
        QVERIFY(bar.message().isEmpty());
    }

    void appliesAValidFilter()
    {
        FilterBar bar;
        bar.show();
        QSignalSpy applied(&bar, &FilterBar::filterApplied);
        QTest::keyClicks(bar.lineEdit(), QStringLiteral("value.temperature_c > 25 && partition in {0..3}"));
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
        QCOMPARE(applied.count(), 1);
        const auto filter = applied.first().at(0).value<expr::Expression>();
        QVERIFY(!filter.isNull());
        QCOMPARE(filter.text(), QStringLiteral("value.temperature_c > 25 && partition in {0..3}"));
        QVERIFY(filter.usesJson());
        QVERIFY(bar.isValid());
    }

    void enterOnAnEmptyLineAndEscapeClear()
    {
        FilterBar bar;
        bar.show();
        QSignalSpy applied(&bar, &FilterBar::filterApplied);
        QSignalSpy cleared(&bar, &FilterBar::filterCleared);
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
        QCOMPARE(cleared.count(), 1);
        QTest::keyClicks(bar.lineEdit(), QStringLiteral("key == \"sensor-001\""));
        QTest::keyClick(bar.lineEdit(), Qt::Key_Escape);
        QCOMPARE(cleared.count(), 2);
        QVERIFY(bar.text().isEmpty());
        QCOMPARE(applied.count(), 0);
        // Escape also takes a mistake's mark away.
        QTest::keyClicks(bar.lineEdit(), QStringLiteral("partition =="));
        bar.validate();
        QVERIFY(!bar.isValid());
        QTest::keyClick(bar.lineEdit(), Qt::Key_Escape);
        QVERIFY(bar.isValid());
        QCOMPARE(bar.highlight().second, 0);
    }

    void completesTheLanguagesFields()
    {
        FilterBar bar;
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("part")).contains(QStringLiteral("partition")));
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("time")).contains(QStringLiteral("timestamp_type")));
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("hea")).contains(QStringLiteral("headers.")));
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("value.")).isEmpty()); // nothing seen yet
    }

    void completesFieldsSeenInTheStream()
    {
        FilterBar bar;
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.addSampleEvents(demoEvents(QStringLiteral("iot"), 20));
        const QStringList temp = bar.fieldCatalog().completions(QStringLiteral("value.temp"));
        QCOMPARE(temp, QStringList{QStringLiteral("value.temperature_c")});
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("headers.")).contains(QStringLiteral("headers.schema")));

        // Typed: the popup offers it, Tab takes it.
        bar.lineEdit()->setFocus();
        QTest::keyClicks(bar.lineEdit(), QStringLiteral("value.temp"));
        QAbstractItemView *popup = bar.completer()->popup();
        QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible(), kTimeoutMs);
        QCOMPARE(bar.completer()->completionCount(), 1);
        QCOMPARE(bar.completer()->currentCompletion(), QStringLiteral("value.temperature_c"));
        QTest::keyClick(popup, Qt::Key_Tab);
        QCOMPARE(bar.text(), QStringLiteral("value.temperature_c"));
        QVERIFY(!popup->isVisible());

        // In the middle of an expression, the field under the cursor is completed.
        QTest::keyClicks(bar.lineEdit(), QStringLiteral(" > 25 && headers.sch"));
        QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible(), kTimeoutMs);
        QTest::keyClick(popup, Qt::Key_Tab);
        QCOMPARE(bar.text(), QStringLiteral("value.temperature_c > 25 && headers.schema"));

        // Inside a string there is nothing to complete.
        QTest::keyClicks(bar.lineEdit(), QStringLiteral(" == \"val"));
        QVERIFY(!popup->isVisible());

        // A payload of another shape adds its own paths.
        bar.addSampleEvents(demoEvents(QStringLiteral("payments"), 20));
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("value.am")).contains(QStringLiteral("value.amount")));
        QVERIFY(bar.fieldCatalog().completions(QStringLiteral("headers.")).contains(QStringLiteral("headers.attempt")));
    }

    void enterInThePopupChoosesTheCompletion()
    {
        FilterBar bar;
        bar.show();
        QVERIFY(QTest::qWaitForWindowExposed(&bar));
        bar.addSampleEvents(demoEvents(QStringLiteral("iot"), 5));
        QSignalSpy applied(&bar, &FilterBar::filterApplied);
        bar.lineEdit()->setFocus();
        QTest::keyClicks(bar.lineEdit(), QStringLiteral("value.hum"));
        QAbstractItemView *popup = bar.completer()->popup();
        QTRY_VERIFY_WITH_TIMEOUT(popup->isVisible(), kTimeoutMs);
        popup->setCurrentIndex(bar.completer()->completionModel()->index(0, 0));
        QTest::keyClick(popup, Qt::Key_Return);
        QCOMPARE(bar.text(), QStringLiteral("value.humidity_pct"));
        QCOMPARE(applied.count(), 0); // choosing is not applying
        QTest::keyClicks(bar.lineEdit(), QStringLiteral(" > 40"));
        QTest::keyClick(bar.lineEdit(), Qt::Key_Return);
        QCOMPARE(applied.count(), 1);
    }
};

QTEST_MAIN(TestFilterBar)
#include "tst_filterbar.moc"
