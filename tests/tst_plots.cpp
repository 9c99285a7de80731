// The I/O graph, the field plot and the metrics panel: the graphs hold
// exactly what the statistics and the expression say, a click on a point
// names the right event, export writes PNG and PDF, a live session is
// followed, and the metrics panel shows the figures it is given.

#include "plotchecks.h"
#include "testsupport.h"

#include "metrics/metricspanel.h"
#include "plots/fieldplotwidget.h"
#include "plots/iographwidget.h"
#include "session/sessionwriter.h"

#include <qcustomplot.h>

#include <QImage>
#include <QLabel>
#include <QCheckBox>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {

expr::Expression compile(const QString &text)
{
    auto compiled = expr::Expression::compile(text);
    if (auto *e = std::get_if<expr::CompileError>(&compiled))
        qFatal("%s", qPrintable(e->message));
    return std::get<expr::Expression>(compiled);
}

struct Point {
    double timeMs;
    double value;
    std::int64_t seq;
};

// The numbers an expression gives over a session, evaluated directly:
// what the field plot must show, in time order (stable: seq order within a time).
std::vector<Point> evaluateDirectly(const QString &path, const QString &expression, TimeAxis axis)
{
    std::vector<Point> points;
    auto reader = SessionReader::open(path);
    if (!reader)
        return points;
    const expr::Expression e = compile(expression);
    expr::EventContext context((*reader)->topics());
    (void)(*reader)->scan(0, (*reader)->eventCount(), [&](const EventView &event) {
        context.setEvent(event);
        const expr::Value v = e.evaluate(context);
        const std::optional<double> number = v.toDouble();
        if (!number)
            return true;
        const double time = axis == TimeAxis::Arrival ? double(event.arrivalUs) / 1000.0 : double(event.timestampMs);
        if (axis == TimeAxis::EventTime && event.timestampMs < 0)
            return true;
        points.push_back({time, *number, event.seq});
        return true;
    });
    std::stable_sort(points.begin(), points.end(), [](const Point &a, const Point &b) { return a.timeMs < b.timeMs; });
    return points;
}

// A session of `count` events on topic "t": event i has value {"v": values(i)}
// at Kafka time base + i s, arriving 5 ms later, on partition i % 2.
QString writeSession(const QString &path, int count, const std::function<QByteArray(int)> &value)
{
    auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
    if (!writer)
        return {};
    const int topic = (*writer)->topicId(QStringLiteral("t"));
    ChunkBuilder builder;
    for (int i = 0; i < count; ++i) {
        const QByteArray v = value(i);
        EventView e;
        e.topicId = topic;
        e.partition = i % 2;
        e.offset = i / 2;
        e.timestampMs = 1'767'225'600'000 + std::int64_t(i) * 1000;
        e.timestampType = TimestampType::CreateTime;
        e.arrivalUs = e.timestampMs * 1000 + 5000;
        e.key = BytesView::of("k", 1);
        e.value = BytesView::of(v.constData(), v.size());
        builder.append(e);
    }
    if (!(*writer)->append(builder).ok() || !(*writer)->close().ok())
        return {};
    return path;
}

QPoint pixelOf(QCustomPlot *plot, double key, double value)
{
    return QPoint(qRound(plot->xAxis->coordToPixel(key)), qRound(plot->yAxis->coordToPixel(value)));
}

} // namespace

class TestPlots : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot;

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true); // remembered settings of their own
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.session")), QStringLiteral("iot"), 4000);
        QVERIFY(!m_iot.isEmpty());
    }

    void ioGraphOfDemoSession()
    {
        IoGraphWidget graph;
        graph.resize(900, 500);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QSignalSpy stats(&graph, &IoGraphWidget::statsUpdated);
        SS_VERIFY_OK(graph.setSession(m_iot));
        QTRY_COMPARE(graph.snapshot().events, 4000);
        QTRY_VERIFY(graph.totalGraph() && graph.totalGraph()->dataCount() == graph.snapshot().bucketCount());
        QVERIFY(!stats.isEmpty());
        QCOMPARE(stats.last().at(0).value<SessionStatsSnapshot>().events, 4000);

        // Every graph has a point per bucket; the rates add up to the events.
        const SessionStatsSnapshot s = graph.snapshot();
        QVERIFY(s.bucketCount() > 10);
        QCOMPARE(graph.partitionGraphs().size(), 8);
        const double seconds = double(s.bucketWidthUs) / 1e6;
        double total = 0;
        for (auto it = graph.totalGraph()->data()->constBegin(); it != graph.totalGraph()->data()->constEnd(); ++it)
            total += it->value * seconds;
        QCOMPARE(qRound64(total), 4000);
        double partitions = 0;
        for (QCPGraph *g : graph.partitionGraphs()) {
            QCOMPARE(g->dataCount(), s.bucketCount());
            for (auto it = g->data()->constBegin(); it != g->data()->constEnd(); ++it)
                partitions += it->value * seconds;
        }
        QCOMPARE(qRound64(partitions), 4000);
        // Keys are the middles of the buckets, in seconds.
        QCOMPARE(graph.totalGraph()->data()->at(0)->key, (double(s.bucketOriginUs) + double(s.bucketWidthUs) / 2) / 1e6);

        // Bytes/s: the same buckets, adding up to the bytes (in KB/s here).
        graph.setMetric(IoGraphWidget::Metric::Bytes);
        QSignalSpy redrawn(&graph, &SessionPlot::redrawn);
        QTRY_VERIFY(!redrawn.isEmpty());
        double bytes = 0;
        for (auto it = graph.totalGraph()->data()->constBegin(); it != graph.totalGraph()->data()->constEnd(); ++it)
            bytes += it->value * seconds;
        const double scale = graph.plot()->yAxis->label() == QStringLiteral("KB/s") ? 1024.0 : 1.0;
        QCOMPARE(qRound64(bytes * scale), s.bytes);

        // Without partitions: the total alone.
        graph.setPerPartition(false);
        QTRY_VERIFY(graph.partitionGraphs().isEmpty() && graph.totalGraph());
        QCOMPARE(graph.plot()->graphCount(), 1);
    }

    // A short, narrow dock: as many ticks as their labels have room for, on
    // both axes, and the usual number again once there is room.
    void ioGraphTickLabelsKeepApartWhenSmall()
    {
        IoGraphWidget graph;
        graph.resize(420, 230);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        SS_VERIFY_OK(graph.setSession(m_iot));
        QTRY_VERIFY(graph.totalGraph() && graph.totalGraph()->dataCount() > 10);
        auto apart = [&](QCPAxis *axis) {
            graph.plot()->replot();
            return tickLabelsKeepApart(axis);
        };
        QTRY_VERIFY(graph.plot()->axisRect()->height() < 100);
        QTRY_VERIFY(apart(graph.plot()->xAxis) && apart(graph.plot()->yAxis));
        graph.resize(1200, 800);
        QTRY_VERIFY(graph.plot()->yAxis->tickVector().size() >= 5);
        QTRY_VERIFY(graph.plot()->xAxis->tickVector().size() >= 5);
    }

    // Every event in one bucket: a line through one point has no length, so
    // the rate is drawn as a dot — in the total's colour where its point is.
    void ioGraphShowsALoneBucket()
    {
        const QString path = writeSession(m_dir.filePath(QStringLiteral("one.session")), 1,
                                          [](int) { return QByteArray("{}"); });
        QVERIFY(!path.isEmpty());
        IoGraphWidget graph;
        graph.resize(600, 400);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        SS_VERIFY_OK(graph.setSession(path));
        QTRY_VERIFY(graph.totalGraph() && graph.totalGraph()->dataCount() == 1 && graph.snapshot().events == 1);
        QCoreApplication::processEvents();
        graph.plot()->replot();
        const auto point = graph.totalGraph()->data()->at(0);
        const QPoint at = pixelOf(graph.plot(), point->key, point->value);
        const QImage image = graph.plot()->toPixmap().toImage();
        const QColor total = graph.totalGraph()->pen().color();
        int painted = 0;
        for (int dx = -2; dx <= 2; ++dx)
            for (int dy = -2; dy <= 2; ++dy)
                painted += image.pixelColor(at + QPoint(dx, dy)) == total;
        QVERIFY2(painted >= 9, qPrintable(QStringLiteral("%1 of 25 pixels around the point").arg(painted)));
    }

    // A topic's history read at attach time arrives as one burst: on a linear
    // axis the live rate after it lies on the bottom line. Log scale (a box in
    // the toolbar, remembered) lifts it into view with the burst still on it.
    void ioGraphLogScaleKeepsASlowRateReadable()
    {
        const QString path = m_dir.filePath(QStringLiteral("burst.session"));
        {
            auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
            QVERIFY(writer);
            const int topic = (*writer)->topicId(QStringLiteral("t"));
            ChunkBuilder builder;
            const QByteArray v("{}");
            const std::int64_t startUs = 1'767'225'600'000'000;
            for (int i = 0; i < 2020; ++i) {
                EventView e;
                e.topicId = topic;
                e.partition = 0;
                e.offset = i;
                e.timestampMs = 1'767'225'000'000 + i;
                e.timestampType = TimestampType::CreateTime;
                // 2,000 events within 0.2 s, then one a second for 20 s.
                e.arrivalUs = i < 2000 ? startUs + i * 100 : startUs + 1'000'000 * std::int64_t(i - 1999);
                e.value = BytesView::of(v.constData(), v.size());
                builder.append(e);
            }
            QVERIFY((*writer)->append(builder).ok() && (*writer)->close().ok());
        }
        IoGraphWidget graph;
        graph.resize(800, 420);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        QVERIFY(!graph.logScale()); // linear unless the user chose otherwise
        graph.setPerPartition(false);
        SS_VERIFY_OK(graph.setSession(path));
        QTRY_VERIFY(graph.totalGraph() && graph.snapshot().events == 2020);
        QCoreApplication::processEvents();
        graph.plot()->replot();

        double slow = 0, burst = 0; // the smallest and largest non-zero rates drawn
        for (auto it = graph.totalGraph()->data()->constBegin(); it != graph.totalGraph()->data()->constEnd(); ++it) {
            if (it->value > 0 && (slow == 0 || it->value < slow))
                slow = it->value;
            burst = std::max(burst, it->value);
        }
        QVERIFY2(burst >= 100 * slow, qPrintable(QStringLiteral("burst %1, slow %2").arg(burst).arg(slow)));
        QCPAxis *y = graph.plot()->yAxis;
        const double height = y->axisRect()->height();
        const auto aboveBottom = [&](double value) { return (y->axisRect()->bottom() - y->coordToPixel(value)) / height; };
        QVERIFY2(aboveBottom(slow) < 0.02, qPrintable(QString::number(aboveBottom(slow)))); // flat on the bottom line

        auto *box = graph.findChild<QCheckBox *>(QStringLiteral("logScaleBox"));
        QVERIFY(box && box->isVisible());
        box->click();
        QVERIFY(graph.logScale());
        QTRY_COMPARE(y->scaleType(), QCPAxis::stLogarithmic);
        QTRY_VERIFY(y->range().lower > 0 && y->range().lower < slow && y->range().upper >= burst);
        graph.plot()->replot();
        QVERIFY2(aboveBottom(slow) > 0.1, qPrintable(QString::number(aboveBottom(slow))));
        QVERIFY2(aboveBottom(burst) < 1.0, qPrintable(QString::number(aboveBottom(burst))));

        // Remembered for the next graph, until the user turns it off.
        {
            IoGraphWidget next;
            QVERIFY(next.logScale());
            QCOMPARE(next.plot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
        }
        box->click();
        QVERIFY(!graph.logScale());
        QTRY_COMPARE(y->scaleType(), QCPAxis::stLinear);
        QTRY_COMPARE(y->range().lower, 0.0);
        IoGraphWidget after;
        QVERIFY(!after.logScale());
    }

    void ioGraphClickActivatesTheBucketsFirstEvent()
    {
        IoGraphWidget graph;
        graph.resize(900, 500);
        graph.show();
        QVERIFY(QTest::qWaitForWindowExposed(&graph));
        graph.setPerPartition(false);
        SS_VERIFY_OK(graph.setSession(m_iot));
        QTRY_VERIFY(graph.totalGraph() && graph.totalGraph()->dataCount() == graph.snapshot().bucketCount()
                    && graph.snapshot().events == 4000);
        QCoreApplication::processEvents(); // the new status line may have moved the plot
        graph.plot()->replot();            // lays out the axes now, for pixel positions
        const SessionStatsSnapshot s = graph.snapshot();
        QSignalSpy activated(&graph, &IoGraphWidget::eventActivated);
        const int b = s.bucketCount() / 2;
        QVERIFY(s.total.firstSeq[b] >= 0);
        const auto point = graph.totalGraph()->data()->at(b);
        QTest::mouseClick(graph.plot(), Qt::LeftButton, {}, pixelOf(graph.plot(), point->key, point->value));
        QCOMPARE(activated.size(), 1);
        QCOMPARE(activated.at(0).at(0).toLongLong(), s.total.firstSeq[b]);
        // Away from the line (at the top of the plot): the bucket under the pointer.
        const QRect rect = graph.plot()->axisRect()->rect();
        const auto seq = graph.seqAt(QPointF(graph.plot()->xAxis->coordToPixel(point->key), rect.top() + 2));
        QVERIFY(seq);
        QCOMPARE(*seq, s.total.firstSeq[b]);
    }

    void ioGraphFollowsALiveSession()
    {
        const QString path = m_dir.filePath(QStringLiteral("live.session"));
        auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
        SS_VERIFY_OK(writer);
        const int topic = (*writer)->topicId(QStringLiteral("t"));
        std::int64_t seq = 0;
        const auto append = [&](int n) {
            ChunkBuilder builder;
            for (int i = 0; i < n; ++i, ++seq) {
                EventView e;
                e.arrivalUs = 1'767'225'600'000'000 + seq * 10'000;
                e.topicId = topic;
                e.partition = int(seq % 3);
                e.offset = seq;
                e.timestampMs = e.arrivalUs / 1000 - 2;
                e.value = BytesView::of("{}", 2);
                builder.append(e);
            }
            return (*writer)->append(builder);
        };
        SS_VERIFY_OK(append(200));
        QTRY_COMPARE((*writer)->stats().committedEvents, 200);
        IoGraphWidget graph;
        graph.setLive(true);
        SS_VERIFY_OK(graph.setSession(path));
        QTRY_COMPARE(graph.snapshot().events, 200);
        SS_VERIFY_OK(append(300));
        QTRY_COMPARE(graph.snapshot().events, 500);
        QTRY_COMPARE(graph.partitionGraphs().size(), 3);
        QVERIFY(graph.statusText().contains(QStringLiteral("live")));
        SS_VERIFY_OK((*writer)->close());
    }

    void ioGraphErrors()
    {
        IoGraphWidget graph;
        QVERIFY(!graph.setSession(m_dir.filePath(QStringLiteral("nope.session"))).ok());
        // A file that is not a session: reported once read, not at once.
        const QString junk = m_dir.filePath(QStringLiteral("junk.session"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a session");
        file.close();
        QSignalSpy failed(&graph, &SessionPlot::failed);
        SS_VERIFY_OK(graph.setSession(junk));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(graph.statusText().startsWith(QStringLiteral("Cannot read junk.session")));
    }

    void fieldPlotShowsExactlyTheNumbers_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<int>("axis");
        QTest::addRow("temperature, event time") << "value.temperature_c" << int(TimeAxis::EventTime);
        QTest::addRow("co2, arrival time") << "value.co2_ppm" << int(TimeAxis::Arrival);
        QTest::addRow("latency") << "arrival - timestamp" << int(TimeAxis::EventTime);
        QTest::addRow("strings only") << "value.status" << int(TimeAxis::EventTime);
    }

    void fieldPlotShowsExactlyTheNumbers()
    {
        QFETCH(QString, expression);
        QFETCH(int, axis);
        FieldPlotWidget plot;
        SS_VERIFY_OK(plot.plotField(m_iot, expression, TimeAxis(axis)));
        QTRY_COMPARE(plot.snapshot().events, 4000);
        const std::vector<Point> expected = evaluateDirectly(m_iot, expression, TimeAxis(axis));
        const FieldSeriesSnapshot &s = plot.snapshot();
        if (expected.empty()) {
            // "ok", "warn": strings are skipped and counted, nothing is drawn.
            QCOMPARE(s.notNumbers, 4000);
            QTRY_VERIFY(plot.statusText().contains(QStringLiteral("4,000 not numbers")));
            QCOMPARE(plot.seriesGraphs().size(), 0);
            return;
        }
        QTRY_COMPARE(plot.seriesGraphs().size(), 1);
        QTRY_COMPARE(plot.seriesGraphs().at(0)->dataCount(), int(expected.size()));
        QCOMPARE(s.points, std::int64_t(expected.size()));
        QCOMPARE(s.points + s.notNumbers + s.missing + s.noTime, 4000);
        const QCPGraph *graph = plot.seriesGraphs().at(0);
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const auto point = graph->data()->at(int(i));
            QCOMPARE(point->key, expected[i].timeMs / 1000.0);
            QCOMPARE(point->value, expected[i].value);
            QCOMPARE(s.series[0].seqs[qsizetype(i)], expected[i].seq);
        }
    }

    void fieldPlotPerPartitionAndKey()
    {
        FieldPlotWidget plot;
        SS_VERIFY_OK(plot.plotField(m_iot, QStringLiteral("value.humidity_pct"), TimeAxis::EventTime));
        plot.setSplit(SeriesSplit::Partition);
        QTRY_COMPARE(plot.snapshot().events, 4000);
        QTRY_COMPARE(plot.seriesGraphs().size(), 8);
        int points = 0;
        for (const QCPGraph *g : plot.seriesGraphs())
            points += g->dataCount();
        QCOMPARE(points, 4000);
        QCOMPARE(plot.seriesGraphs().at(3)->name(), QStringLiteral("p3"));
        QVERIFY(plot.plot()->legend->visible());

        plot.setSplit(SeriesSplit::Key);
        QTRY_COMPARE(plot.snapshot().events, 4000);
        QTRY_VERIFY(plot.seriesGraphs().size() > 8);
        QVERIFY(plot.seriesGraphs().at(0)->name().startsWith(QStringLiteral("sensor-")));
    }

    void fieldPlotClickActivatesThePointsEvent()
    {
        // 20 events a second apart, values 0, 10, 20, 30, 40, 0, 10 …
        const QString path = writeSession(m_dir.filePath(QStringLiteral("click.session")), 20,
                                          [](int i) { return "{\"v\":" + QByteArray::number((i % 5) * 10) + "}"; });
        QVERIFY(!path.isEmpty());
        FieldPlotWidget plot;
        plot.resize(900, 500);
        plot.show();
        QVERIFY(QTest::qWaitForWindowExposed(&plot));
        QSignalSpy activated(&plot, &FieldPlotWidget::eventActivated);
        SS_VERIFY_OK(plot.plotField(path, QStringLiteral("value.v"), TimeAxis::EventTime));
        QTRY_VERIFY(!plot.seriesGraphs().isEmpty() && plot.seriesGraphs().at(0)->dataCount() == 20);
        QCoreApplication::processEvents(); // the new status line may have moved the plot
        plot.plot()->replot();
        QCPGraph *graph = plot.seriesGraphs().at(0);
        for (const int k : {0, 7, 13, 19}) {
            const auto point = graph->data()->at(k);
            QCOMPARE(point->value, double((k % 5) * 10));
            QTest::mouseClick(plot.plot(), Qt::LeftButton, {}, pixelOf(plot.plot(), point->key, point->value));
            QCOMPARE(activated.size(), 1);
            QCOMPARE(activated.takeFirst().at(0).toLongLong(), qint64(k));
        }
        // Nowhere near a point: nothing.
        const QRect rect = plot.plot()->axisRect()->rect();
        const auto nothing = plot.seqAt(QPointF((plot.plot()->xAxis->coordToPixel(graph->data()->at(0)->key)
                                                 + plot.plot()->xAxis->coordToPixel(graph->data()->at(1)->key)) / 2,
                                                rect.bottom() - 2));
        QVERIFY(!nothing);
    }

    void fieldPlotErrors()
    {
        FieldPlotWidget plot;
        const Status bad = plot.plotField(m_iot, QStringLiteral("value.temperature_c >"), TimeAxis::EventTime);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().message.contains(QStringLiteral("column")), qPrintable(bad.error().message));
        QVERIFY(!plot.plotField(m_dir.filePath(QStringLiteral("nope.session")), QStringLiteral("value.x"), TimeAxis::EventTime).ok());
        QVERIFY(!plot.setEventTimeExpression(QStringLiteral("value.ts +")).ok());
    }

    void fieldPlotEventTimeExpression()
    {
        // x from the payload's own time (value.ts), as a pipeline would have it.
        FieldPlotWidget plot;
        SS_VERIFY_OK(plot.setEventTimeExpression(QStringLiteral("value.ts")));
        SS_VERIFY_OK(plot.plotField(m_iot, QStringLiteral("value.seq"), TimeAxis::EventTime));
        QTRY_COMPARE(plot.snapshot().events, 4000);
        QTRY_COMPARE(plot.seriesGraphs().size(), 1);
        QTRY_COMPARE(plot.seriesGraphs().at(0)->dataCount(), 4000);
        QVERIFY(plot.plot()->xAxis->label().contains(QStringLiteral("value.ts")));
        auto reader = SessionReader::open(m_iot);
        SS_VERIFY_OK(reader);
        const std::int64_t seq = plot.snapshot().series[0].seqs[0];
        auto event = (*reader)->event(seq);
        SS_VERIFY_OK(event);
        const QByteArray ts = QByteArray::number(plot.seriesGraphs().at(0)->data()->at(0)->key * 1000, 'f', 0);
        QVERIFY2(event->value->contains("\"ts\":" + ts), event->value->constData());
    }

    void exportWritesPngAndPdf()
    {
        FieldPlotWidget plot;
        plot.resize(800, 450);
        SS_VERIFY_OK(plot.plotField(m_iot, QStringLiteral("value.temperature_c"), TimeAxis::Arrival));
        QTRY_VERIFY(!plot.seriesGraphs().isEmpty() && plot.seriesGraphs().at(0)->dataCount() > 0);
        const QString png = m_dir.filePath(QStringLiteral("plot.png"));
        const QString pdf = m_dir.filePath(QStringLiteral("plot.pdf"));
        QVERIFY(plot.exportTo(png));
        QVERIFY(plot.exportTo(pdf));
        QVERIFY(QFileInfo(png).size() > 0);
        QVERIFY(!QImage(png).isNull());
        QFile file(pdf);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.size() > 0);
        QVERIFY(file.read(5) == "%PDF-");

        IoGraphWidget graph;
        SS_VERIFY_OK(graph.setSession(m_iot));
        QTRY_COMPARE(graph.snapshot().events, 4000);
        const QString graphPng = m_dir.filePath(QStringLiteral("graph.png"));
        QVERIFY(graph.exportTo(graphPng));
        QCOMPARE(QImage(graphPng).size(), QSize(900, 500)); // a plot never shown gets a useful size
    }

    void metricsPanelShowsTheFigures()
    {
        MetricsPanel panel;
        QCOMPARE(panel.figure(QStringLiteral("rate")), QStringLiteral("–"));
        QCOMPARE(panel.figure(QStringLiteral("late")), QStringLiteral("no pipeline"));

        SessionStatsSnapshot s;
        s.events = 12345;
        s.bytes = 3 * 1024 * 1024;
        s.recentEventsPerSecond = 1234.4;
        s.recentBytesPerSecond = 1.5 * 1024 * 1024;
        s.latencySamples = 12000;
        s.latencyP50Ms = 12.3;
        s.latencyP95Ms = 4.25;
        s.latencyP99Ms = 1500.0;
        s.badPayloads = 3;
        s.nullValues = 2;
        panel.setSessionStats(s);
        QCOMPARE(panel.figure(QStringLiteral("rate")), QStringLiteral("1,234 events/s · 1.5 MB/s"));
        QCOMPARE(panel.figure(QStringLiteral("events")), QStringLiteral("12,345 · 3.0 MB"));
        QCOMPARE(panel.figure(QStringLiteral("latency")), QStringLiteral("p50 12 ms · p95 4.3 ms · p99 1.500 s"));
        QCOMPARE(panel.figure(QStringLiteral("badPayloads")), QStringLiteral("3 not JSON (0.024 %) · 2 tombstones"));
        QCOMPARE(panel.findChild<QLabel *>(QStringLiteral("rate"))->text(), panel.figure(QStringLiteral("rate")));

        RecordProgress progress;
        progress.lag = -1;
        progress.partitions = {PartitionStatus{0, QStringLiteral("iot.readings"), 0, 101, 150},
                               PartitionStatus{0, QStringLiteral("iot.readings"), 1, 42, 42},
                               PartitionStatus{0, QStringLiteral("iot.readings"), 2, -1, -1}};
        panel.setRecordProgress(progress);
        QCOMPARE(panel.figure(QStringLiteral("lag")), QStringLiteral("49 events")); // 150 − 101 + 42 − 42
        const QTableWidget *lag = panel.lagTable();
        QCOMPARE(lag->rowCount(), 3);
        QCOMPARE(lag->item(1, MetricsPanel::PartitionColumn)->text(), QStringLiteral("iot.readings[1]"));
        QCOMPARE(lag->item(0, MetricsPanel::HighWatermarkColumn)->text(), QStringLiteral("150"));
        QCOMPARE(lag->item(0, MetricsPanel::RecordedColumn)->text(), QStringLiteral("100"));
        QCOMPARE(lag->item(0, MetricsPanel::LagColumn)->text(), QStringLiteral("49"));
        QCOMPARE(lag->item(1, MetricsPanel::LagColumn)->text(), QStringLiteral("0"));
        QCOMPARE(lag->item(2, MetricsPanel::LagColumn)->text(), QStringLiteral("–"));
        progress.lag = 1234567;
        panel.setRecordProgress(progress);
        QCOMPARE(panel.figure(QStringLiteral("lag")), QStringLiteral("1,234,567 events"));

        EngineCounters counters;
        counters.events = 9999;
        counters.lateAccepted = 100;
        counters.lateDropped = 20;
        panel.setPipelineCounters(counters, 4800);
        QCOMPARE(panel.figure(QStringLiteral("late")), QStringLiteral("2.50 % (120 of 4,800: 100 accepted, 20 dropped)"));
        panel.clearPipeline();
        QCOMPARE(panel.figure(QStringLiteral("late")), QStringLiteral("no pipeline"));

        panel.clear();
        QCOMPARE(panel.figure(QStringLiteral("events")), QStringLiteral("–"));
        QCOMPARE(panel.lagTable()->rowCount(), 0);
    }

    // The Metrics dock shares the window's right side with the event's
    // detail (a quarter of the width): every column of the partition table
    // shows without scrolling.
    void metricsLagTableFitsANarrowDock()
    {
        MetricsPanel panel;
        RecordProgress progress;
        for (int p = 0; p < 8; ++p)
            progress.partitions.push_back(PartitionStatus{0, QStringLiteral("iot.readings"), p, 1234000 + p, 1234567});
        panel.setRecordProgress(progress);
        panel.resize(340, 500);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QTableWidget *lag = panel.lagTable();
        QTRY_VERIFY(lag->viewport()->width() > 0);
        int used = 0;
        for (int c = 0; c < MetricsPanel::NUM_LAG_COLUMNS - 1; ++c)
            used += lag->columnWidth(c);
        const int lagNeeds = lag->fontMetrics().horizontalAdvance(QStringLiteral("Lag")) + 10;
        QVERIFY2(used + lagNeeds <= lag->viewport()->width(),
                 qPrintable(QStringLiteral("%1 + %2 of %3 px").arg(used).arg(lagNeeds).arg(lag->viewport()->width())));
    }

    void metricsPanelFromTheIoGraph()
    {
        // The main window's wiring: the I/O graph's statistics feed the panel.
        IoGraphWidget graph;
        MetricsPanel panel;
        connect(&graph, &IoGraphWidget::statsUpdated, &panel, &MetricsPanel::setSessionStats);
        SS_VERIFY_OK(graph.setSession(m_iot));
        QTRY_COMPARE(panel.figure(QStringLiteral("events")).section(QLatin1Char(' '), 0, 0), QStringLiteral("4,000"));
        QVERIFY(panel.figure(QStringLiteral("latency")).startsWith(QStringLiteral("p50 ")));
        QCOMPARE(panel.figure(QStringLiteral("badPayloads")), QStringLiteral("0 not JSON (0 %)"));
    }
};

QTEST_MAIN(TestPlots)
#include "tst_plots.moc"
