// The per-partition position rules: re-deliveries are skipped (an offset is
// recorded at most once), gaps are passed through, a timestamp start skips
// older events only until the first one at or after the start time.

#include "kafka/partitioncursor.h"

#include <QTest>

using namespace streamscope;
using Verdict = PartitionCursor::Verdict;

class TestPartitionCursor : public QObject
{
    Q_OBJECT

private slots:
    void redeliveriesAreSkipped()
    {
        PartitionCursor cursor({10, -1});
        QCOMPARE(cursor.accept(10, 0), Verdict::Deliver);
        QCOMPARE(cursor.accept(11, 0), Verdict::Deliver);
        // The broker sends 10 and 11 again after a reconnect, then goes on.
        QCOMPARE(cursor.accept(10, 0), Verdict::Duplicate);
        QCOMPARE(cursor.accept(11, 0), Verdict::Duplicate);
        QCOMPARE(cursor.accept(12, 0), Verdict::Deliver);
        QCOMPARE(cursor.duplicatesSkipped(), 2);
        QCOMPARE(cursor.nextOffset(), 13);
        // Offsets before where reading started count as re-deliveries too.
        QCOMPARE(cursor.accept(3, 0), Verdict::Duplicate);
    }

    void gapsPassThrough()
    {
        PartitionCursor cursor({0, -1});
        QCOMPARE(cursor.accept(0, 0), Verdict::Deliver);
        QCOMPARE(cursor.accept(5, 0), Verdict::Deliver); // compaction, transaction markers
        QCOMPARE(cursor.nextOffset(), 6);
        QCOMPARE(cursor.accept(4, 0), Verdict::Duplicate);
    }

    void unknownStartAcceptsAnything()
    {
        PartitionCursor cursor;
        QCOMPARE(cursor.nextOffset(), -1);
        QCOMPARE(cursor.accept(42, 0), Verdict::Deliver);
        QCOMPARE(cursor.accept(41, 0), Verdict::Duplicate);
    }

    void timestampStartScans()
    {
        PartitionCursor cursor({0, 1000});
        QCOMPARE(cursor.accept(0, 500), Verdict::BeforeStartTime);
        QCOMPARE(cursor.accept(1, 999), Verdict::BeforeStartTime);
        QCOMPARE(cursor.position(), (PartitionPosition{2, 1000})); // an append would continue the scan here
        QCOMPARE(cursor.accept(2, 1000), Verdict::Deliver);
        // After the start, older timestamps are events like any other.
        QCOMPARE(cursor.accept(3, 10), Verdict::Deliver);
        QCOMPARE(cursor.position(), (PartitionPosition{4, -1}));
        QCOMPARE(cursor.accept(1, 2000), Verdict::Duplicate);
    }

    void moveToAfterRetentionGap()
    {
        PartitionCursor cursor({0, -1});
        QCOMPARE(cursor.accept(0, 0), Verdict::Deliver);
        cursor.moveTo(50); // offsets 1..49 were deleted before they were read
        QCOMPARE(cursor.accept(20, 0), Verdict::Duplicate);
        QCOMPARE(cursor.accept(50, 0), Verdict::Deliver);
    }
};

QTEST_GUILESS_MAIN(TestPartitionCursor)
#include "tst_partitioncursor.moc"
