// record --metrics-port, scraped by a real Prometheus server (Debian's): the
// series appear through Prometheus' own HTTP API with the right values.

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <csignal>

using namespace streamscope;
using namespace streamscope::test;

namespace {

int freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    return server.serverPort();
}

// GET on 127.0.0.1:port, the body (empty on failure).
QByteArray httpGet(int port, const QByteArray &target)
{
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), quint16(port));
    if (!socket.waitForConnected(2000))
        return {};
    socket.write("GET " + target + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray response;
    while (socket.waitForReadyRead(3000))
        response += socket.readAll();
    const qsizetype body = response.indexOf("\r\n\r\n");
    return body < 0 ? QByteArray() : response.mid(body + 4);
}

// The sum of a PromQL query's result, or -1 when it has none.
double query(int port, const QString &promql)
{
    const QByteArray body = httpGet(port, "/api/v1/query?query=" + QUrl::toPercentEncoding(promql));
    const QJsonArray result = QJsonDocument::fromJson(body).object().value(QStringLiteral("data")).toObject().value(QStringLiteral("result")).toArray();
    if (result.isEmpty())
        return -1;
    double sum = 0;
    for (const QJsonValue &r : result)
        sum += r.toObject().value(QStringLiteral("value")).toArray().at(1).toString().toDouble();
    return sum;
}

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT

private slots:
    void prometheusScrapesTheRecorder()
    {
        const QString prometheus = QStandardPaths::findExecutable(QStringLiteral("prometheus"));
        if (prometheus.isEmpty())
            QFAIL("prometheus is not installed; the README's test command installs it");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());

        QProcess demo;
        demo.start(cliPath(), {QStringLiteral("demo"), QStringLiteral("--scenario"), QStringLiteral("iot"), QStringLiteral("--count"),
                               QStringLiteral("3000"), QStringLiteral("--rate"), QStringLiteral("0"), QStringLiteral("--seed"),
                               QStringLiteral("5"), QStringLiteral("-q")});
        QVERIFY(demo.waitForStarted());
        QVERIFY(demo.waitForReadyRead(15000));
        const QString bootstrap = QString::fromUtf8(demo.readLine()).trimmed().mid(11);

        const int metricsPort = freePort();
        QProcess record;
        record.start(cliPath(), {QStringLiteral("record"), QStringLiteral("-b"), bootstrap, QStringLiteral("-t"),
                                 QStringLiteral("iot.readings"), QStringLiteral("-q"), QStringLiteral("-w"), dir.filePath(QStringLiteral("s.sss")),
                                 QStringLiteral("--metrics-port"), QString::number(metricsPort), QStringLiteral("--pipeline"),
                                 QStringLiteral(STREAMSCOPE_SOURCE_DIR "/resources/pipelines/iot-per-sensor.pipeline")});
        QVERIFY(record.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(httpGet(metricsPort, "/metrics").contains("streamscope_events_recorded_total"), 20000);

        const int prometheusPort = freePort();
        QFile config(dir.filePath(QStringLiteral("prometheus.yml")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.write(QStringLiteral("global:\n  scrape_interval: 1s\nscrape_configs:\n  - job_name: streamscope\n"
                                    "    static_configs:\n      - targets: ['127.0.0.1:%1']\n")
                         .arg(metricsPort)
                         .toUtf8());
        config.close();
        QProcess server;
        server.setProcessChannelMode(QProcess::MergedChannels);
        server.start(prometheus, {QStringLiteral("--config.file=") + config.fileName(),
                                  QStringLiteral("--storage.tsdb.path=") + dir.filePath(QStringLiteral("tsdb")),
                                  QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(prometheusPort)});
        QVERIFY(server.waitForStarted());

        // Every event of the topic, seen by Prometheus.
        QTRY_VERIFY_WITH_TIMEOUT(query(prometheusPort, QStringLiteral("sum(streamscope_events_recorded_total)")) >= 3000, 60000);
        QVERIFY(query(prometheusPort, QStringLiteral("sum(streamscope_bytes_recorded_total)")) > 3000 * 100);
        QCOMPARE(query(prometheusPort, QStringLiteral("count(streamscope_events_recorded_total)")), 8.0); // one series per partition
        QVERIFY(query(prometheusPort, QStringLiteral("sum(streamscope_consumer_lag)")) >= 0);
        QVERIFY(query(prometheusPort, QStringLiteral("streamscope_event_latency_seconds_count")) >= 3000);
        QVERIFY(query(prometheusPort, QStringLiteral("streamscope_write_batch_seconds_count")) >= 1);
        QCOMPARE(query(prometheusPort, QStringLiteral("streamscope_bad_payloads_total")), 0.0);
        // The pipeline ran live: windows fired, and the demo's late readings show.
        QVERIFY(query(prometheusPort, QStringLiteral("sum(streamscope_window_firings_total)")) > 0);
        QVERIFY(query(prometheusPort, QStringLiteral("sum(streamscope_late_events_total)")) >= 0);
        QVERIFY(query(prometheusPort, QStringLiteral("up{job=\"streamscope\"}")) == 1);

        ::kill(pid_t(record.processId()), SIGTERM);
        QVERIFY(record.waitForFinished(15000));
        QCOMPARE(record.exitCode(), 0);
        server.terminate();
        server.waitForFinished(15000);
        demo.terminate();
        demo.waitForFinished(15000);
    }
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
