// The connect dialog and the cluster browser: recent clusters are remembered
// without any secret; the browser shows topics and groups of a real broker
// and asks to attach on a double-click.

#include "testsupport.h"

#include "cluster/clusterbrowser.h"
#include "connect/connectdialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

using namespace streamscope;
using namespace streamscope::test;

namespace {

// The browser's cluster: these brokers, given timeoutMs to answer.
ClusterInspector::Options clusterAt(const QString &brokers, int timeoutMs = 5000)
{
    ClusterInspector::Options options;
    options.brokers = brokers;
    options.timeoutMs = timeoutMs;
    return options;
}

} // namespace

class TestClusterWidgets : public QObject
{
    Q_OBJECT

private slots:
    void profileProperties()
    {
        ConnectionProfile p;
        p.brokers = QStringLiteral("k1:9093");
        p.securityProtocol = QStringLiteral("SASL_SSL");
        p.saslMechanism = QStringLiteral("SCRAM-SHA-512");
        p.saslUsername = QStringLiteral("alice");
        p.saslPassword = QStringLiteral("s3cret-pw");
        p.sslCaLocation = QStringLiteral("/etc/ca.pem");
        p.extra.set(QStringLiteral("client.rack"), QStringLiteral("eu-1"));
        const KafkaProperties props = p.properties();
        QCOMPARE(props.value(QStringLiteral("security.protocol")), QStringLiteral("SASL_SSL"));
        QCOMPARE(props.value(QStringLiteral("sasl.mechanisms")), QStringLiteral("SCRAM-SHA-512"));
        QCOMPARE(props.value(QStringLiteral("sasl.username")), QStringLiteral("alice"));
        QCOMPARE(props.value(QStringLiteral("sasl.password")), QStringLiteral("s3cret-pw"));
        QCOMPARE(props.value(QStringLiteral("ssl.ca.location")), QStringLiteral("/etc/ca.pem"));
        QCOMPARE(props.value(QStringLiteral("client.rack")), QStringLiteral("eu-1"));
        // Plaintext: no SASL or TLS settings leak in.
        p.securityProtocol = QStringLiteral("PLAINTEXT");
        QVERIFY(!p.properties().contains(QStringLiteral("sasl.password")));
        QVERIFY(!p.properties().contains(QStringLiteral("security.protocol")));
    }

    void recentClustersKeepNoSecret()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("settings.ini"));
        {
            QSettings settings(file, QSettings::IniFormat);
            ConnectionProfile p;
            p.brokers = QStringLiteral("a:9092");
            p.securityProtocol = QStringLiteral("SASL_PLAINTEXT");
            p.saslUsername = QStringLiteral("bob");
            p.saslPassword = QStringLiteral("hunter2-pw");
            p.sslKeyPassword = QStringLiteral("keypass-99");
            p.extra.set(QStringLiteral("sasl.oauthbearer.client.secret"), QStringLiteral("oauth-secret-77"));
            p.extra.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50"));
            ConnectionProfile::saveRecent(settings, p);
            ConnectionProfile q;
            q.brokers = QStringLiteral("b:9092");
            ConnectionProfile::saveRecent(settings, q);
            ConnectionProfile::saveRecent(settings, p); // again: moves to the front, no duplicate
        }
        QFile raw(file);
        QVERIFY(raw.open(QIODevice::ReadOnly));
        const QByteArray bytes = raw.readAll();
        for (const char *secret : {"hunter2-pw", "keypass-99", "oauth-secret-77"})
            QVERIFY2(!bytes.contains(secret), secret);
        QSettings settings(file, QSettings::IniFormat);
        const QList<ConnectionProfile> recent = ConnectionProfile::loadRecent(settings);
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent[0].brokers, QStringLiteral("a:9092"));
        QCOMPARE(recent[0].saslUsername, QStringLiteral("bob"));
        QVERIFY(recent[0].saslPassword.isEmpty());
        QCOMPARE(recent[0].extra.value(QStringLiteral("fetch.wait.max.ms")), QStringLiteral("50"));
        QVERIFY(!recent[0].extra.contains(QStringLiteral("sasl.oauthbearer.client.secret")));
        QCOMPARE(recent[1].brokers, QStringLiteral("b:9092"));
    }

    void dialogValidatesAndRoundTrips()
    {
        ConnectDialog dialog({});
        QVERIFY(!dialog.problem().isEmpty()); // no brokers yet
        ConnectionProfile p;
        p.brokers = QStringLiteral("host:9092");
        p.securityProtocol = QStringLiteral("SSL");
        p.sslCaLocation = QStringLiteral("/ca.pem");
        p.extra.set(QStringLiteral("client.id"), QStringLiteral("me"));
        dialog.setProfile(p);
        QVERIFY2(dialog.problem().isEmpty(), qPrintable(dialog.problem()));
        const ConnectionProfile back = dialog.profile();
        QCOMPARE(back.brokers, p.brokers);
        QCOMPARE(back.securityProtocol, p.securityProtocol);
        QCOMPARE(back.sslCaLocation, p.sslCaLocation);
        QCOMPARE(back.extra.value(QStringLiteral("client.id")), QStringLiteral("me"));
        // A malformed property line is named by its line number.
        p.extra = {};
        dialog.setProfile(p);
        auto *extra = dialog.findChild<QPlainTextEdit *>();
        QVERIFY(extra);
        extra->setPlainText(QStringLiteral("client.id=x\nnot a property"));
        QVERIFY2(dialog.problem().contains(QLatin1String("line 2")), qPrintable(dialog.problem()));
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Rejected)); // not accepted while the form is wrong
    }

    void browserShowsTopicsAndAttaches()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("alpha"), 2));
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("beta"), 1));
        for (int i = 0; i < 7; ++i)
            SS_VERIFY_OK(broker->produce(QStringLiteral("alpha"), i % 2, std::nullopt, QByteArray("v")));
        SS_VERIFY_OK(broker->flush());

        ClusterBrowser browser;
        QAbstractItemModelTester tester(browser.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy refreshed(&browser, &ClusterBrowser::refreshed);
        QSignalSpy attach(&browser, &ClusterBrowser::attachRequested);
        browser.setCluster(clusterAt(broker->bootstrapServers()));
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 15000);
        QAbstractItemModel *model = browser.model();
        QCOMPARE(model->rowCount(), 2); // topics, consumer groups
        const QModelIndex topics = model->index(0, 0);
        QCOMPARE(model->rowCount(topics), 2);
        QCOMPARE(model->index(0, 0, topics).data().toString(), QStringLiteral("alpha"));
        QCOMPARE(model->index(0, 1, topics).data().toString(), QStringLiteral("7"));
        QCOMPARE(model->rowCount(model->index(0, 0, topics)), 2); // its partitions
        auto *view = browser.findChild<QTreeView *>();
        QVERIFY(view);
        emit view->doubleClicked(model->index(1, 0, topics));
        QCOMPARE(attach.count(), 1);
        QCOMPARE(attach.first().first().toString(), QStringLiteral("beta"));

        // A refresh sees new events.
        SS_VERIFY_OK(broker->produce(QStringLiteral("beta"), 0, std::nullopt, QByteArray("v")));
        SS_VERIFY_OK(broker->flush());
        browser.refresh();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 2, 15000);
        QCOMPARE(model->index(1, 1, model->index(0, 0)).data().toString(), QStringLiteral("1"));
    }

    // Offsets move while the user looks: F5 reads them again, and so does the
    // browser on its own while it is shown — never while hidden.
    void browserRefreshesOnF5AndOnItsOwnWhileShown()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("gamma"), 1));
        SS_VERIFY_OK(broker->flush());
        ClusterBrowser browser;
        QSignalSpy refreshed(&browser, &ClusterBrowser::refreshed);
        browser.setCluster(clusterAt(broker->bootstrapServers()));
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 1, 15000);
        QAbstractItemModel *model = browser.model();
        const auto gammaCount = [model] { return model->index(0, 1, model->index(0, 0)).data().toString(); };
        QCOMPARE(gammaCount(), QStringLiteral("0"));

        // Hidden: the timer does not poll the cluster.
        browser.setAutoRefresh(100);
        QTest::qWait(600);
        QCOMPARE(refreshed.count(), 1);

        browser.setAutoRefresh(0); // before show(): a timed refresh would race the F5 below
        browser.show();
        QVERIFY(QTest::qWaitForWindowActive(&browser));
        QCOMPARE(refreshed.count(), 1);
        SS_VERIFY_OK(broker->produce(QStringLiteral("gamma"), 0, std::nullopt, QByteArray("v")));
        SS_VERIFY_OK(broker->flush());
        QTest::keyClick(&browser, Qt::Key_F5);
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 2, 15000);
        QCOMPARE(gammaCount(), QStringLiteral("1"));

        SS_VERIFY_OK(broker->produce(QStringLiteral("gamma"), 0, std::nullopt, QByteArray("w")));
        SS_VERIFY_OK(broker->flush());
        browser.setAutoRefresh(100);
        QTRY_COMPARE_WITH_TIMEOUT(gammaCount(), QStringLiteral("2"), 15000);
    }

    void browserReadsAgainWhenAskedWhileReading()
    {
        auto broker = startBroker();
        QVERIFY(broker);
        SS_VERIFY_OK(broker->createTopic(QStringLiteral("delta"), 1));
        SS_VERIFY_OK(broker->flush());
        ClusterBrowser browser;
        browser.setAutoRefresh(0);
        QSignalSpy refreshed(&browser, &ClusterBrowser::refreshed);
        browser.setCluster(clusterAt(broker->bootstrapServers())); // the first read starts
        // An event produced while that read runs, and a refresh asked for it:
        // the read under way may have missed it, so another follows.
        SS_VERIFY_OK(broker->produce(QStringLiteral("delta"), 0, std::nullopt, QByteArray("v")));
        SS_VERIFY_OK(broker->flush());
        QCOMPARE(refreshed.count(), 0); // still reading: the refresh below is asked while busy
        browser.refresh();
        browser.refresh(); // asked twice, read once more
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), 2, 15000);
        QAbstractItemModel *model = browser.model();
        QCOMPARE(model->index(0, 1, model->index(0, 0)).data().toString(), QStringLiteral("1"));
        QTest::qWait(500);
        QCOMPARE(refreshed.count(), 2);
    }

    void browserSaysWhenItCannotReach()
    {
        ClusterBrowser browser;
        QSignalSpy failed(&browser, &ClusterBrowser::failed);
        browser.setCluster(clusterAt(QStringLiteral("127.0.0.1:1"), 1000));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 15000);
        QVERIFY(failed.first().first().toString().contains(QLatin1String("cannot reach")));
    }
};

QTEST_MAIN(TestClusterWidgets)
#include "tst_clusterwidgets.moc"
