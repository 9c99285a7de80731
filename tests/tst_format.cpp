// How views write bytes and sizes: nothing is dropped, nothing garbles.

#include "common/format.h"

#include <QDateTime>
#include <QTest>

using namespace streamscope;

class TestFormat : public QObject
{
    Q_OBJECT

private slots:
    // Local times come from a per-second cache: they must equal Qt's own
    // formatting, fractions padded, in any order of calls.
    void localTimesEqualQt()
    {
        const QList<qint64> ms = {0, 5, 999, 1000, 1767225600005, 1767225600999, 1767225601000, 1711846799999,
                                  1711846800000, 1767225600005, 4102444800123};
        for (qint64 t : ms) {
            QCOMPARE(format::localTimeMs(t),
                     QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
            const qint64 us = t * 1000 + 42;
            QCOMPARE(format::localTimeUs(us),
                     QDateTime::fromMSecsSinceEpoch(t).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")) + QStringLiteral("042"));
        }
        // Two seconds that share a cache slot (256 apart) do not mix.
        QCOMPARE(format::localTimeMs(1767225600000 + 256000),
                 QDateTime::fromMSecsSinceEpoch(1767225856000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        QCOMPARE(format::localTimeMs(1767225600000),
                 QDateTime::fromMSecsSinceEpoch(1767225600000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
        QCOMPARE(format::localTimeMs(-1), QStringLiteral("–"));
    }

    // Beside a time of the same local day, the date is left out.
    void timeBesideAnother()
    {
        const QDateTime noon(QDate(2026, 1, 1), QTime(12, 0));
        const qint64 t = noon.addMSecs(41720).toMSecsSinceEpoch();
        QCOMPARE(format::localTimeMsBeside(t, noon.toMSecsSinceEpoch()), QStringLiteral("12:00:41.720"));
        QCOMPARE(format::localTimeMsBeside(t, noon.addSecs(-3600).toMSecsSinceEpoch()), QStringLiteral("12:00:41.720"));
        const qint64 dayBefore = noon.addDays(-1).toMSecsSinceEpoch();
        QCOMPARE(format::localTimeMsBeside(t, dayBefore), format::localTimeMs(t));
        QCOMPARE(format::localTimeMsBeside(t, -1), format::localTimeMs(t));
        QCOMPARE(format::localTimeMsBeside(-1, dayBefore), QStringLiteral("–"));
    }

    // In a list of times mostly on one day: the date left out there, days
    // from it nearby, the whole date far off.
    void timeOnDay()
    {
        const QDateTime noon(QDate(2026, 1, 1), QTime(12, 0));
        const format::LocalDay day = format::localDayOf(noon.toMSecsSinceEpoch());
        const auto onDay = [&](const QDateTime &t) {
            return format::localTimeOnDay(format::localTimeMs(t.toMSecsSinceEpoch()), t.toMSecsSinceEpoch(), day);
        };
        QCOMPARE(onDay(QDateTime(QDate(2026, 1, 1), QTime(0, 0))), QStringLiteral("00:00:00.000"));
        QCOMPARE(onDay(QDateTime(QDate(2026, 1, 1), QTime(23, 59, 59, 999))), QStringLiteral("23:59:59.999"));
        QCOMPARE(onDay(QDateTime(QDate(2026, 1, 2), QTime(0, 0, 0, 7))), QStringLiteral("+1d 00:00:00.007"));
        QCOMPARE(onDay(QDateTime(QDate(2025, 12, 31), QTime(23, 59, 59, 993))), QStringLiteral("−1d 23:59:59.993"));
        QCOMPARE(onDay(QDateTime(QDate(2026, 4, 10), QTime(8, 0))), QStringLiteral("+99d 08:00:00.000"));
        QCOMPARE(onDay(QDateTime(QDate(2026, 4, 11), QTime(8, 0))), QStringLiteral("2026-04-11 08:00:00.000"));
        QCOMPARE(onDay(QDateTime(QDate(2025, 9, 1), QTime(8, 0))), QStringLiteral("2025-09-01 08:00:00.000"));
        QCOMPARE(format::localTimeOnDay(QStringLiteral("–"), -1, day), QStringLiteral("–"));
    }

    void preview_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<bool>("isNull");
        QTest::addColumn<int>("max");
        QTest::addColumn<QString>("expected");
        QTest::addRow("null") << QByteArray() << true << 10 << "(null)";
        QTest::addRow("empty") << QByteArray("") << false << 10 << "";
        QTest::addRow("text") << QByteArray("{\"a\":1}") << false << 10 << "{\"a\":1}";
        QTest::addRow("unicode") << QByteArray("grüße ✓") << false << 10 << "grüße ✓";
        QTest::addRow("control") << QByteArray("a\nb\tc\x01", 6) << false << 20 << "a\\nb\\tc\\x01";
        QTest::addRow("cut") << QByteArray("abcdefghij") << false << 4 << "abcd…";
        QTest::addRow("binary") << QByteArray("\xff\x00z", 3) << false << 20 << "\\xff\\x00z";
        QTest::addRow("invalid utf-8") << QByteArray("ok \xc3\x28") << false << 20 << "ok \\xc3(";
        QTest::addRow("overlong") << QByteArray("\xc0\xaf") << false << 20 << "\\xc0\\xaf";
        QTest::addRow("surrogate") << QByteArray("\xed\xa0\x80") << false << 20 << "\\xed\\xa0\\x80";
        QTest::addRow("cut sequence") << QByteArray("a\xe2\x82") << false << 20 << "a\\xe2\\x82";
        QTest::addRow("four bytes") << QByteArray("\xf0\x9f\x98\x80") << false << 20 << "😀";
    }

    void preview()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(bool, isNull);
        QFETCH(int, max);
        QFETCH(QString, expected);
        const BytesView view = isNull ? BytesView::null() : BytesView::of(bytes.constData(), bytes.size());
        QCOMPARE(format::preview(view, max), expected);
    }

    void sizesAndDurations()
    {
        QCOMPARE(format::bytes(512), QStringLiteral("512 B"));
        QCOMPARE(format::bytes(1536), QStringLiteral("1.5 KB"));
        QCOMPARE(format::bytes(16 * 1024 * 1024), QStringLiteral("16.0 MB"));
        QCOMPARE(format::count(1234567), QStringLiteral("1,234,567"));
        QCOMPARE(format::duration(250), QStringLiteral("250 ms"));
        QCOMPARE(format::duration(-40), QStringLiteral("-40 ms"));
        QCOMPARE(format::duration(1500), QStringLiteral("1.500 s"));
        QCOMPARE(format::duration(125000), QStringLiteral("2 min 5 s"));
        QCOMPARE(format::duration(600000), QStringLiteral("10 min"));
        QCOMPARE(format::duration(-7200000), QStringLiteral("-2 h"));
        QCOMPARE(format::duration(7260000), QStringLiteral("2 h 1 min"));
        QCOMPARE(format::isoUtcMs(1767225600123), QStringLiteral("2026-01-01T00:00:00.123Z"));
        QCOMPARE(format::isoUtcUs(1767225600123456), QStringLiteral("2026-01-01T00:00:00.123456Z"));
        QCOMPARE(format::isoUtcMs(-1), QStringLiteral("–"));
    }
};

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
