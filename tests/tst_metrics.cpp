// The Prometheus side: the text format (escaping, cumulative histogram
// buckets) and the HTTP endpoint a Prometheus server scrapes.

#include "observability/metricsserver.h"
#include "observability/prometheustext.h"

#include <QTcpSocket>
#include <QTest>

using namespace streamscope;

namespace {

QByteArray httpGet(int port, const QByteArray &path)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    if (!socket.waitForConnected(5000))
        return {};
    socket.write("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(5000))
        response += socket.readAll();
    return response;
}

} // namespace

class TestMetrics : public QObject
{
    Q_OBJECT

private slots:
    void textFormat()
    {
        PrometheusText t;
        t.counter("x_total", "Things.");
        t.sample("x_total", {{QStringLiteral("topic"), QStringLiteral("a\"b\\c\nd")}, {QStringLiteral("partition"), QStringLiteral("3")}}, 42);
        t.histogram("lat_seconds", "Latency.");
        // Buckets ≤0.1: 2, ≤1: 3, above: 1 → cumulative 2, 5, +Inf 6.
        t.histogramSamples("lat_seconds", {}, {0.1, 1.0}, {2, 3, 1}, 7.5);
        const QByteArray expected =
            "# HELP x_total Things.\n# TYPE x_total counter\n"
            "x_total{topic=\"a\\\"b\\\\c\\nd\",partition=\"3\"} 42\n"
            "# HELP lat_seconds Latency.\n# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{le=\"0.1\"} 2\n"
            "lat_seconds_bucket{le=\"1\"} 5\n"
            "lat_seconds_bucket{le=\"+Inf\"} 6\n"
            "lat_seconds_sum 7.5\n"
            "lat_seconds_count 6\n";
        QCOMPARE(t.text(), expected);
    }

    void servesMetrics()
    {
        int scrapes = 0;
        auto server = MetricsServer::start(0, [&] {
            ++scrapes;
            return QByteArray("up 1\n");
        });
        QVERIFY(server.ok());
        QVERIFY((*server)->port() > 0);
        const QByteArray ok = httpGet((*server)->port(), "/metrics");
        QVERIFY2(ok.startsWith("HTTP/1.1 200 OK"), ok.constData());
        QVERIFY(ok.contains("Content-Type: text/plain; version=0.0.4"));
        QVERIFY(ok.endsWith("\r\n\r\nup 1\n"));
        QCOMPARE(scrapes, 1);
        QVERIFY(httpGet((*server)->port(), "/nope").startsWith("HTTP/1.1 404"));
        // The port is taken now: a second server says so.
        auto second = MetricsServer::start((*server)->port(), [] { return QByteArray(); });
        QVERIFY(!second.ok());
        QVERIFY2(second.error().message.contains(QStringLiteral("cannot serve metrics on 127.0.0.1:%1").arg((*server)->port())),
                 qPrintable(second.error().message));
        QVERIFY(!MetricsServer::start(70000, [] { return QByteArray(); }).ok());
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "tst_metrics.moc"
