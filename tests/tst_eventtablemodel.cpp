// The event table model: every event of a session as a row, live and
// filtered, with rows loaded in the background and inserted in batches.

#include "events/eventtablemodel.h"
#include "expr/expression.h"
#include "sessionappender.h"
#include "session/sessionreader.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace streamscope;

namespace {

constexpr int kTimeoutMs = 30000;

expr::Expression compile(const QString &text)
{
    auto compiled = expr::Expression::compile(text);
    if (const auto *error = std::get_if<expr::CompileError>(&compiled))
        qFatal("%s: %s", qPrintable(text), qPrintable(error->toString()));
    return std::get<expr::Expression>(compiled);
}

// What the filter shows, computed directly over the session.
std::vector<std::int64_t> matchingSeqs(const QString &path, const expr::Expression &filter)
{
    std::vector<std::int64_t> seqs;
    auto reader = SessionReader::open(path);
    if (!reader)
        return seqs;
    expr::EventContext context((*reader)->topics());
    const Status st = (*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &event) {
        context.setEvent(event);
        if (filter.matches(context))
            seqs.push_back(event.seq);
        return true;
    });
    if (!st)
        seqs.clear();
    return seqs;
}

std::vector<std::int64_t> shownSeqs(const EventTableModel &model)
{
    std::vector<std::int64_t> seqs;
    for (int row = 0; row < model.rowCount(); ++row)
        seqs.push_back(model.seqAt(row));
    return seqs;
}

QString display(const EventTableModel &model, int row, int column)
{
    return model.data(model.index(row, column)).toString();
}

bool loaded(const EventTableModel &model, int row)
{
    return model.data(model.index(row, EventTableModel::ValueColumn), EventTableModel::LoadedRole).toBool();
}

Event oddEvent(std::int64_t n)
{
    Event e;
    e.topic = QStringLiteral("odd");
    e.partition = 0;
    e.offset = n;
    e.timestampMs = 1767225600000 + n;
    e.timestampType = TimestampType::CreateTime;
    e.arrivalUs = (1767225600000 + n) * 1000 + 250;
    e.key = QByteArray("k");
    e.value = QByteArray("{}");
    return e;
}

} // namespace

class TestEventTableModel : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_demo;  // 5000 iot events, seed 1
    QString m_odd;   // events that are hard to show
    int m_oddCount = 0;

private slots:
    void initTestCase()
    {
        // The expected times below are written in UTC.
        qputenv("TZ", "UTC");
        QVERIFY(m_dir.isValid());
        m_demo = test::writeDemoSession(m_dir.filePath(QStringLiteral("demo.sss")), QStringLiteral("iot"), 5000);
        QVERIFY(!m_demo.isEmpty());

        m_odd = m_dir.filePath(QStringLiteral("odd.sss"));
        test::SessionAppender appender(m_odd);
        QList<Event> events;
        Event nullKey = oddEvent(0);
        nullKey.key.reset();
        nullKey.value = QByteArray("plain text");
        events << nullKey;
        Event tombstone = oddEvent(1);
        tombstone.value.reset();
        events << tombstone;
        Event binary = oddEvent(2);
        binary.key = QByteArray("\x00\x01", 2);
        binary.value = QByteArray("\xff\x00z", 3);
        events << binary;
        Event invalidUtf8 = oddEvent(3);
        invalidUtf8.value = QByteArray("ok \xc3\x28");
        events << invalidUtf8;
        Event empty = oddEvent(4);
        empty.key = QByteArray("");
        empty.value = QByteArray("");
        events << empty;
        Event noTimestamp = oddEvent(5);
        noTimestamp.timestampMs = -1;
        noTimestamp.timestampType = TimestampType::NotAvailable;
        noTimestamp.value = QByteArray("line one\nline two\ttab");
        events << noTimestamp;
        Event big = oddEvent(6);
        big.value = QByteArray(100000, 'x');
        big.headers = {Header{"h", QByteArray("12345")}, Header{"nul", std::nullopt}};
        events << big;
        Event otherDays = oddEvent(7); // received the next day, stamped the day before
        otherDays.arrivalUs += 86400000LL * 1000;
        otherDays.timestampMs = 1767225600000 - 7;
        events << otherDays;
        m_oddCount = int(events.size());
        SS_VERIFY_OK(appender.append(events));
        SS_VERIFY_OK(appender.close());
    }

    void openErrors()
    {
        EventTableModel model;
        QVERIFY(!model.openSession(m_dir.filePath(QStringLiteral("missing.sss"))).ok());
        QFile garbage(m_dir.filePath(QStringLiteral("garbage.sss")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'g'));
        garbage.close();
        const Status st = model.openSession(garbage.fileName());
        QVERIFY(!st.ok());
        QVERIFY2(st.error().message.contains(QLatin1String("not a Streamscope session")), qPrintable(st.error().message));
        QCOMPARE(model.rowCount(), 0);
    }

    void opensEveryEvent()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        QSignalSpy counted(&model, &EventTableModel::eventCountChanged);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.eventCount(), 5000);
        QCOMPARE(counted.last().at(0).toLongLong(), 5000);
        QCOMPARE(model.columnCount(), int(EventTableModel::ColumnCount));
        QCOMPARE(model.seqAt(4999), 4999);
        QCOMPARE(model.rowOfSeq(1234), 1234);
        QCOMPARE(model.rowOfSeq(5000), -1);
        QCOMPARE(model.headerData(EventTableModel::ValueColumn, Qt::Horizontal).toString(), QStringLiteral("Value"));
        model.closeSession();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.eventCount(), 0);
    }

    void placeholderFirst()
    {
        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

        // Sizing rows never loads them.
        for (int row = 3000; row < 3200; ++row)
            QVERIFY(!model.data(model.index(row, EventTableModel::ValueColumn), Qt::SizeHintRole).isValid());

        // The seq is known at once; the rest is a placeholder until its page arrives.
        QCOMPARE(display(model, 100, EventTableModel::SeqColumn), QStringLiteral("100"));
        QCOMPARE(display(model, 100, EventTableModel::KeyColumn), QStringLiteral("…"));
        QVERIFY(!loaded(model, 100));
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, 100), kTimeoutMs);
        QVERIFY(!changed.isEmpty());
        const QModelIndex topLeft = changed.first().at(0).value<QModelIndex>();
        const QModelIndex bottomRight = changed.first().at(1).value<QModelIndex>();
        QVERIFY(topLeft.row() <= 100 && bottomRight.row() >= 100);
        QCOMPARE(bottomRight.column(), EventTableModel::ColumnCount - 1);
        // Its whole page came with it.
        QVERIFY(loaded(model, 64) && loaded(model, 127));

        QVERIFY(!loaded(model, 3100)); // only asked for its size
    }

    void demoValues_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        using M = EventTableModel;
        QTest::addRow("seq") << 0 << int(M::SeqColumn) << "0";
        // On the day of the first events shown: without the date.
        QTest::addRow("arrival") << 0 << int(M::ArrivalColumn) << "00:00:00.359";
        QTest::addRow("timestamp") << 0 << int(M::TimestampColumn) << "00:00:00.358";
        QTest::addRow("topic") << 0 << int(M::TopicColumn) << "iot.readings";
        QTest::addRow("partition") << 0 << int(M::PartitionColumn) << "4";
        QTest::addRow("offset") << 0 << int(M::OffsetColumn) << "0";
        QTest::addRow("key") << 0 << int(M::KeyColumn) << "sensor-019";
        QTest::addRow("size") << 0 << int(M::SizeColumn) << "296 B";
        QTest::addRow("later offset") << 15 << int(M::OffsetColumn) << "1";
        QTest::addRow("later key") << 15 << int(M::KeyColumn) << "sensor-035";
    }

    void demoValues()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, expected);
        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        (void)display(model, row, EventTableModel::ValueColumn);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, row), kTimeoutMs);
        QCOMPARE(display(model, row, column), expected);
    }

    void demoValueIsThePayload()
    {
        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        auto reader = SessionReader::open(m_demo);
        SS_VERIFY_OK(reader);
        for (const int row : {0, 1, 2500, 4999}) {
            (void)display(model, row, EventTableModel::ValueColumn);
            QTRY_VERIFY_WITH_TIMEOUT(loaded(model, row), kTimeoutMs);
            auto event = (*reader)->event(row);
            SS_VERIFY_OK(event);
            const QString value = display(model, row, EventTableModel::ValueColumn);
            // 200 characters of the JSON, then an ellipsis.
            QVERIFY2(value.startsWith(QStringLiteral("{\"sensor\":\"") + QString::fromUtf8(*event->key)), qPrintable(value));
            QCOMPARE(value.size(), kValuePreviewChars + 1);
            QCOMPARE(value.chopped(1), QString::fromUtf8(event->value->left(kValuePreviewChars)));
            QCOMPARE(display(model, row, EventTableModel::KeyColumn), QString::fromUtf8(*event->key));
            QCOMPARE(model.data(model.index(row, EventTableModel::SeqColumn), EventTableModel::SeqRole).toLongLong(), row);
        }
    }

    void oddValues_data()
    {
        QTest::addColumn<int>("row");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("expected");
        using M = EventTableModel;
        QTest::addRow("null key") << 0 << int(M::KeyColumn) << "(null)";
        QTest::addRow("text value") << 0 << int(M::ValueColumn) << "plain text";
        QTest::addRow("null value") << 1 << int(M::ValueColumn) << "(null)";
        QTest::addRow("binary key") << 2 << int(M::KeyColumn) << "\\x00\\x01";
        QTest::addRow("binary value") << 2 << int(M::ValueColumn) << "\\xff\\x00z";
        QTest::addRow("invalid utf-8") << 3 << int(M::ValueColumn) << "ok \\xc3(";
        QTest::addRow("empty key") << 4 << int(M::KeyColumn) << "";
        QTest::addRow("empty value") << 4 << int(M::ValueColumn) << "";
        QTest::addRow("empty size") << 4 << int(M::SizeColumn) << "0 B";
        QTest::addRow("no timestamp") << 5 << int(M::TimestampColumn) << "–";
        QTest::addRow("control characters") << 5 << int(M::ValueColumn) << "line one\\nline two\\ttab";
        QTest::addRow("arrival") << 5 << int(M::ArrivalColumn) << "00:00:00.005";
        // Other days than that of the first events shown say how far off they are.
        QTest::addRow("arrival the next day") << 7 << int(M::ArrivalColumn) << "+1d 00:00:00.007";
        QTest::addRow("timestamp the day before") << 7 << int(M::TimestampColumn) << "−1d 23:59:59.993";
        QTest::addRow("topic") << 6 << int(M::TopicColumn) << "odd";
        QTest::addRow("big value") << 6 << int(M::ValueColumn) << QString(kValuePreviewChars, QLatin1Char('x')) + QChar(0x2026);
        QTest::addRow("big size") << 6 << int(M::SizeColumn) << "97.7 KB";
    }

    void oddValues()
    {
        QFETCH(int, row);
        QFETCH(int, column);
        QFETCH(QString, expected);
        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_odd));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        QCOMPARE(model.rowCount(), m_oddCount);
        (void)display(model, row, column);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, row), kTimeoutMs);
        QCOMPARE(display(model, row, column), expected);
    }

    void oddTooltips()
    {
        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_odd));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        (void)display(model, 0, EventTableModel::KeyColumn);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, m_oddCount - 1), kTimeoutMs);
        const auto tip = [&](int row, int column) {
            return model.data(model.index(row, column), Qt::ToolTipRole).toString();
        };
        QCOMPARE(tip(0, EventTableModel::KeyColumn), QStringLiteral("Null key"));
        QCOMPARE(tip(1, EventTableModel::ValueColumn), QStringLiteral("Null value (a tombstone)"));
        QVERIFY2(tip(2, EventTableModel::ValueColumn).contains(QLatin1String("not UTF-8")), qPrintable(tip(2, EventTableModel::ValueColumn)));
        QVERIFY(!tip(0, EventTableModel::ValueColumn).contains(QLatin1String("not UTF-8")));
        QCOMPARE(tip(5, EventTableModel::TimestampColumn), QStringLiteral("The record has no Kafka timestamp"));
        QVERIFY(tip(0, EventTableModel::ArrivalColumn).contains(QLatin1String("2026-01-01T00:00:00.000250Z")));
        // The date left out of the time columns is in their headers' tooltips.
        for (const int column : {EventTableModel::ArrivalColumn, EventTableModel::TimestampColumn}) {
            const QString header = model.headerData(column, Qt::Horizontal, Qt::ToolTipRole).toString();
            QVERIFY2(header.contains(QLatin1String("times on 2026-01-01 are shown without the date")), qPrintable(header));
        }
        QVERIFY(tip(6, EventTableModel::SizeColumn).contains(QLatin1String("2 headers")));
        // Null shows as such, not as text.
        QVERIFY(model.data(model.index(0, EventTableModel::KeyColumn), Qt::FontRole).value<QFont>().italic());
    }

    void rowsArriveWhileRecording()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.sss"));
        test::SessionAppender appender(path);
        QVERIFY(appender.isValid());
        SS_VERIFY_OK(appender.append(100));

        EventTableModel model;
        model.setLive(true);
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 100, kTimeoutMs);

        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        constexpr int kChunks = 100, kPerChunk = 100;
        for (int i = 0; i < kChunks; ++i) {
            SS_VERIFY_OK(appender.append(kPerChunk));
            (void)display(model, model.rowCount() - 1, EventTableModel::ValueColumn); // a view at the tail
            QTest::qWait(2);
        }
        const int total = 100 + kChunks * kPerChunk;
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), total, kTimeoutMs);
        QCOMPARE(model.eventCount(), total);
        // Batched: a handful of insertions for ten thousand events, each
        // appending at the end.
        QVERIFY2(inserted.count() < kChunks, qPrintable(QString::number(inserted.count())));
        int next = 100;
        for (const QList<QVariant> &args : std::as_const(inserted)) {
            QCOMPARE(args.at(1).toInt(), next);
            next = args.at(2).toInt() + 1;
        }
        QCOMPARE(next, total);
        qInfo("%d events appended in %d chunks arrived in %lld insertions", kChunks * kPerChunk, kChunks,
              static_cast<long long>(inserted.count()));
        (void)display(model, total - 1, EventTableModel::KeyColumn);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, total - 1), kTimeoutMs);
        SS_VERIFY_OK(appender.close());
    }

    void modelTesterWhileRecording()
    {
        // The tester checks every row after each change: a short recording.
        const QString path = m_dir.filePath(QStringLiteral("tested.sss"));
        test::SessionAppender appender(path);
        SS_VERIFY_OK(appender.append(10));
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 10, kTimeoutMs);
        for (int i = 0; i < 30; ++i) {
            SS_VERIFY_OK(appender.append(30));
            (void)display(model, model.rowCount() - 1, EventTableModel::ValueColumn);
            QTest::qWait(10);
        }
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 910, kTimeoutMs);
        (void)display(model, 909, EventTableModel::ValueColumn);
        QTRY_VERIFY_WITH_TIMEOUT(loaded(model, 909), kTimeoutMs);
        SS_VERIFY_OK(appender.close());
    }

    void pauseFreezesRows()
    {
        const QString path = m_dir.filePath(QStringLiteral("pause.sss"));
        test::SessionAppender appender(path);
        SS_VERIFY_OK(appender.append(500));
        EventTableModel model;
        model.setLive(true);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 500, kTimeoutMs);

        model.setDisplayPaused(true);
        QVERIFY(model.isDisplayPaused());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        for (int i = 0; i < 10; ++i)
            SS_VERIFY_OK(appender.append(100));
        // The recording goes on and is counted; the rows stay.
        QTRY_COMPARE_WITH_TIMEOUT(model.eventCount(), 1500, kTimeoutMs);
        QCOMPARE(model.rowCount(), 500);
        QCOMPARE(inserted.count(), 0);

        model.setDisplayPaused(false);
        QCOMPARE(model.rowCount(), 1500); // caught up at once, in one insertion
        QCOMPARE(inserted.count(), 1);
        SS_VERIFY_OK(appender.append(100));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1600, kTimeoutMs);
        SS_VERIFY_OK(appender.close());
    }

    void filterShowsExactlyTheMatches_data()
    {
        QTest::addColumn<QString>("filter");
        QTest::addRow("metadata") << "partition == 3";
        QTest::addRow("json") << "value.temperature_c > 25 || key == \"sensor-001\"";
        QTest::addRow("headers") << "headers.schema == \"iot.reading.v1\" && value.status != \"ok\"";
        QTest::addRow("nothing") << "partition == 99";
        QTest::addRow("everything") << "seq >= 0";
    }

    void filterShowsExactlyTheMatches()
    {
        QFETCH(QString, filter);
        const expr::Expression expression = compile(filter);
        const std::vector<std::int64_t> expected = matchingSeqs(m_demo, expression);

        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);

        QSignalSpy progress(&model, &EventTableModel::filterProgress);
        QSignalSpy finished(&model, &EventTableModel::filterFinished);
        model.setFilter(expression);
        QVERIFY(model.isFiltered());
        QVERIFY(model.isFilterRunning());
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QVERIFY(!model.isFilterRunning());
        QCOMPARE(shownSeqs(model), expected);
        QCOMPARE(model.eventCount(), 5000);
        QCOMPARE(model.shownUpTo(), 5000);

        // Progress: from the start to the whole session.
        QVERIFY(progress.count() >= 2);
        QCOMPARE(progress.first().at(0).toLongLong(), 0);
        QCOMPARE(progress.last().at(0).toLongLong(), 5000);
        QCOMPARE(progress.last().at(1).toLongLong(), 5000);

        for (std::size_t i = 0; i < expected.size(); i += 97) {
            QCOMPARE(model.rowOfSeq(expected[i]), int(i));
            QCOMPARE(model.data(model.index(int(i), 0), EventTableModel::SeqRole).toLongLong(), expected[i]);
        }
        if (!expected.empty()) {
            // A filtered row shows its own event.
            const int row = int(expected.size() / 2);
            (void)display(model, row, EventTableModel::KeyColumn);
            QTRY_VERIFY_WITH_TIMEOUT(loaded(model, row), kTimeoutMs);
            QCOMPARE(display(model, row, EventTableModel::SeqColumn), QString::number(expected[std::size_t(row)]));
        }

        // Clearing returns to every event.
        model.clearFilter();
        QVERIFY(!model.isFiltered());
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(model.seqAt(4321), 4321);
    }

    void filterReplacesARunningOne()
    {
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(opened.count(), 1, kTimeoutMs);
        QSignalSpy finished(&model, &EventTableModel::filterFinished);
        // Changed faster than they finish: only the last one counts.
        model.setFilter(compile(QStringLiteral("partition == 1")));
        model.setFilter(compile(QStringLiteral("partition == 2")));
        const expr::Expression last = compile(QStringLiteral("partition == 5 && value.humidity_pct > 40"));
        model.setFilter(last);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(shownSeqs(model), matchingSeqs(m_demo, last));
        // Cleared while running: every row back, and the progress closes.
        model.setFilter(compile(QStringLiteral("value.co2_ppm > 500")));
        model.clearFilter();
        QCOMPARE(finished.count(), 2);
        QCOMPARE(model.rowCount(), 5000);
        QTest::qWait(100); // nothing of the cancelled scan may arrive
        QCOMPARE(model.rowCount(), 5000);
        QCOMPARE(finished.count(), 2);
    }

    void filterSetBeforeTheSessionOpens()
    {
        EventTableModel model;
        const expr::Expression filter = compile(QStringLiteral("partition == 0"));
        model.setFilter(filter);
        QSignalSpy finished(&model, &EventTableModel::filterFinished);
        SS_VERIFY_OK(model.openSession(m_demo));
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        QCOMPARE(shownSeqs(model), matchingSeqs(m_demo, filter));
    }

    void filterFollowsARecording()
    {
        const QString path = m_dir.filePath(QStringLiteral("livefilter.sss"));
        test::SessionAppender appender(path);
        SS_VERIFY_OK(appender.append(2000));
        EventTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setLive(true);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 2000, kTimeoutMs);

        const expr::Expression filter = compile(QStringLiteral("key == \"sensor-007\" || value.status == \"alarm\""));
        QSignalSpy finished(&model, &EventTableModel::filterFinished);
        model.setFilter(filter);
        for (int i = 0; i < 40; ++i) {
            SS_VERIFY_OK(appender.append(100));
            QTest::qWait(2);
        }
        QTRY_COMPARE_WITH_TIMEOUT(model.eventCount(), 6000, kTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(model.shownUpTo(), 6000, kTimeoutMs);
        QCOMPARE(finished.count(), 1);
        SS_VERIFY_OK(appender.close());
        QCOMPARE(shownSeqs(model), matchingSeqs(path, filter));
        model.clearFilter();
        QCOMPARE(model.rowCount(), 6000);
    }

    void pausedFilterHoldsNewMatches()
    {
        const QString path = m_dir.filePath(QStringLiteral("pausefilter.sss"));
        test::SessionAppender appender(path);
        SS_VERIFY_OK(appender.append(1000));
        EventTableModel model;
        model.setLive(true);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(model.rowCount(), 1000, kTimeoutMs);
        const expr::Expression filter = compile(QStringLiteral("partition < 4"));
        QSignalSpy finished(&model, &EventTableModel::filterFinished);
        model.setFilter(filter);
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, kTimeoutMs);
        const int before = model.rowCount();
        QCOMPARE(model.shownUpTo(), 1000);

        model.setDisplayPaused(true);
        SS_VERIFY_OK(appender.append(1000));
        QTRY_COMPARE_WITH_TIMEOUT(model.eventCount(), 2000, kTimeoutMs);
        QTest::qWait(200); // the scanner has had time to find the new matches: they must wait
        QCOMPARE(model.rowCount(), before);
        QCOMPARE(model.shownUpTo(), 1000);

        model.setDisplayPaused(false);
        QTRY_COMPARE_WITH_TIMEOUT(model.shownUpTo(), 2000, kTimeoutMs);
        SS_VERIFY_OK(appender.close());
        QCOMPARE(shownSeqs(model), matchingSeqs(path, filter));
    }

    void damagedSessionIsReported()
    {
        EventTableModel model;
        QSignalSpy failed(&model, &EventTableModel::sessionError);
        // Cut in half: refused by the header check at once, or by SQLite's
        // check on the loader's thread (reported through sessionError).
        const QString path = m_dir.filePath(QStringLiteral("truncated.sss"));
        QFile::copy(m_demo, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.resize(file.size() / 2));
        file.close();
        const Status st = model.openSession(path);
        if (st.ok())
            QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QCOMPARE(model.rowCount(), 0);
    }

    void damageFoundAfterTheRowsShowedRemovesThem()
    {
        // Rows show once the structure checks out; SQLite's check of every
        // page runs beside them. A broken overflow chain deep in the file
        // (an event chunk's next-page pointer) is only found by that check:
        // the rows shown go and the damage is reported.
        const QString path = m_dir.filePath(QStringLiteral("broken-chain.sss"));
        QFile::copy(m_demo, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        // Which page is an overflow page: SQLite's dbstat table says.
        qint64 pageSize = 0, overflowPage = 0;
        {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open_v2(QFile::encodeName(path).constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
            sqlite3_stmt *stmt = nullptr;
            QCOMPARE(sqlite3_prepare_v2(db, "SELECT pageno, pgsize FROM dbstat WHERE pagetype = 'overflow' "
                                            "ORDER BY pageno DESC LIMIT 1 OFFSET 2", -1, &stmt, nullptr), SQLITE_OK);
            QCOMPARE(sqlite3_step(stmt), SQLITE_ROW);
            overflowPage = sqlite3_column_int64(stmt, 0);
            pageSize = sqlite3_column_int64(stmt, 1);
            sqlite3_finalize(stmt);
            sqlite3_close(db);
        }
        QVERIFY(overflowPage > 1 && pageSize > 0);
        QVERIFY(file.seek((overflowPage - 1) * pageSize));
        QCOMPARE(file.write(QByteArray("\x7f\xff\xff\xff", 4)), 4); // the next page: far beyond the file
        file.close();

        EventTableModel model;
        QSignalSpy opened(&model, &EventTableModel::sessionOpened);
        QSignalSpy failed(&model, &EventTableModel::sessionError);
        SS_VERIFY_OK(model.openSession(path));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
        QCOMPARE(opened.count(), 1); // the rows did show first
        QVERIFY2(failed.first().first().toString().contains(QStringLiteral("damaged")),
                 qPrintable(failed.first().first().toString()));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.eventCount(), 0);
    }
};

QTEST_MAIN(TestEventTableModel)
#include "tst_eventtablemodel.moc"
