// The chunk format: what goes in comes out, and hostile bytes are refused
// with an error, never a crash or an out-of-bounds read.

#include "session/chunkcodec.h"

#include <QRandomGenerator>
#include <QTest>

using namespace streamscope;

class TestChunkCodec : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip()
    {
        ChunkBuilder builder;
        const QByteArray key("key"), value("value\0with nul", 14);
        const HeaderView headers[] = {{BytesView::of("h", 1), BytesView::of("v", 1)}, {BytesView::of("n", 1), BytesView::null()}};
        EventView a;
        a.arrivalUs = 10;
        a.topicId = 1;
        a.partition = 3;
        a.offset = 42;
        a.timestampMs = 1000;
        a.timestampType = TimestampType::LogAppendTime;
        a.key = BytesView::of(key.constData(), key.size());
        a.value = BytesView::of(value.constData(), value.size());
        a.headers = headers;
        EventView b;
        b.arrivalUs = 20;
        b.topicId = 0;
        b.partition = 0;
        b.offset = 7;
        builder.append(a);
        builder.append(b);
        QCOMPARE(builder.eventCount(), 2);
        SealedChunk chunk = builder.seal(100);
        QVERIFY(builder.isEmpty());
        QCOMPARE(chunk.firstSeq, 100);
        QCOMPARE(chunk.firstArrivalUs, 10);
        QCOMPARE(chunk.lastArrivalUs, 20);
        QCOMPARE(chunk.partitions.size(), std::size_t(2));

        DecodedChunk decoded;
        QVERIFY(decodeChunk(chunk.data, 100, 2, 2, decoded));
        QCOMPARE(decoded.events.size(), std::size_t(2));
        const Event ea = Event::fromView(decoded.events[0], QStringLiteral("t1"));
        QCOMPARE(ea.seq, 100);
        QCOMPARE(ea.partition, 3);
        QCOMPARE(ea.offset, 42);
        QCOMPARE(ea.timestampType, TimestampType::LogAppendTime);
        QCOMPARE(*ea.key, key);
        QCOMPARE(*ea.value, value);
        QCOMPARE(ea.headers.size(), 2);
        QCOMPARE(ea.headers[1].value, std::nullopt);
        const Event eb = Event::fromView(decoded.events[1], QStringLiteral("t0"));
        QCOMPARE(eb.seq, 101);
        QVERIFY(!eb.key.has_value());
        QVERIFY(!eb.value.has_value());
    }

    // viewOf() is Event::fromView() backwards: null and empty stay apart, in
    // the key, the value and header values alike.
    void eventViewRoundTrip()
    {
        Event e;
        e.seq = 9;
        e.arrivalUs = 1767225600000123;
        e.topic = QStringLiteral("t");
        e.partition = 2;
        e.offset = 77;
        e.timestampMs = 1767225600000;
        e.timestampType = TimestampType::CreateTime;
        e.key = std::nullopt;
        e.value = QByteArray("");
        e.headers = {Header{"a", QByteArray("x\0y", 3)}, Header{"b", std::nullopt}, Header{"c", QByteArray("")}};
        std::vector<HeaderView> headers{HeaderView{}}; // refilled, not appended to
        const EventView view = viewOf(e, 5, headers);
        QCOMPARE(view.topicId, 5);
        QCOMPARE(headers.size(), std::size_t(3));
        QVERIFY(view.key.isNull());
        QVERIFY(!view.value.isNull());
        QCOMPARE(view.value.size, 0);
        QCOMPARE(Event::fromView(view, e.topic), e);
        Event other = e;
        other.key = QByteArray("");
        other.value = std::nullopt;
        QCOMPARE(Event::fromView(viewOf(other, 0, headers), other.topic), other);
        QCOMPARE(headers.size(), std::size_t(3));
    }

    void headersStayWithTheirEventsWhenTheBufferIsReused()
    {
        // decodeChunk points each event into one shared header array; it may
        // grow mid-chunk (a fresh DecodedChunk) or not (a recycled one, as
        // SessionReader reuses them). Either way every event must see
        // exactly its own headers.
        auto build = [](int events, int seed) {
            ChunkBuilder builder;
            std::vector<QByteArray> names, values;
            names.reserve(std::size_t(events) * 8);
            values.reserve(std::size_t(events) * 8);
            for (int i = 0; i < events; ++i) {
                std::vector<HeaderView> headers;
                for (int h = 0; h < (i * seed) % 7; ++h) {
                    names.push_back(QByteArray("h") + QByteArray::number(h));
                    values.push_back(QByteArray::number(i) + u8'/' + QByteArray::number(h));
                    headers.push_back({BytesView::of(names.back().constData(), names.back().size()),
                                       BytesView::of(values.back().constData(), values.back().size())});
                }
                EventView e;
                e.topicId = 0;
                e.partition = i % 3;
                e.offset = i;
                e.headers = headers;
                builder.append(e);
            }
            return builder.seal(0);
        };
        auto check = [](const DecodedChunk &decoded, int events, int seed) {
            QCOMPARE(decoded.events.size(), std::size_t(events));
            for (int i = 0; i < events; ++i) {
                const Event e = Event::fromView(decoded.events[std::size_t(i)], QStringLiteral("t"));
                QCOMPARE(e.headers.size(), qsizetype((i * seed) % 7));
                for (int h = 0; h < e.headers.size(); ++h) {
                    QCOMPARE(e.headers[h].name, QByteArray("h") + QByteArray::number(h));
                    QCOMPARE(e.headers[h].value, QByteArray::number(i) + u8'/' + QByteArray::number(h));
                }
            }
        };
        DecodedChunk reused;
        const SealedChunk small = build(50, 3), large = build(3000, 5), again = build(40, 2);
        QVERIFY(decodeChunk(small.data, 0, 50, 1, reused));
        check(reused, 50, 3);
        QVERIFY(decodeChunk(large.data, 0, 3000, 1, reused)); // outgrows the headers decoded before
        check(reused, 3000, 5);
        QVERIFY(decodeChunk(again.data, 0, 40, 1, reused)); // fits in what is left
        check(reused, 40, 2);
        DecodedChunk fresh;
        QVERIFY(decodeChunk(large.data, 0, 3000, 1, fresh));
        check(fresh, 3000, 5);
    }

    void hostileBytesAreRefused()
    {
        ChunkBuilder builder;
        const QByteArray value(300, 'x');
        EventView e;
        e.topicId = 0;
        e.value = BytesView::of(value.constData(), value.size());
        for (int i = 0; i < 5; ++i)
            builder.append(e);
        const QByteArray good = builder.seal(0).data;
        DecodedChunk decoded;
        QVERIFY(decodeChunk(good, 0, 5, 1, decoded));
        // Wrong counts, unknown topic, every truncation, random corruption.
        QVERIFY(!decodeChunk(good, 0, 6, 1, decoded));
        QVERIFY(!decodeChunk(good, 0, 5, 0, decoded));
        for (int cut = 0; cut < good.size(); ++cut)
            QVERIFY(!decodeChunk(good.left(cut), 0, 5, 1, decoded));
        QRandomGenerator rng(1234);
        for (int round = 0; round < 2000; ++round) {
            QByteArray bad = good;
            const int flips = 1 + int(rng.bounded(8));
            for (int f = 0; f < flips; ++f)
                bad[int(rng.bounded(bad.size()))] = char(rng.bounded(256));
            (void)decodeChunk(bad, 0, 5, 1, decoded); // must not crash; under ASan must not read out of bounds
        }
        const Status st = decodeChunk(good.left(20), 7, 5, 1, decoded);
        QVERIFY(!st);
        QVERIFY2(st.error().message.contains(QLatin1String("seq 7")), qPrintable(st.error().message));
    }
};

QTEST_GUILESS_MAIN(TestChunkCodec)
#include "tst_chunkcodec.moc"
