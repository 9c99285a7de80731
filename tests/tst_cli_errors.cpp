// `streamscope-cli record` when something is wrong: each failure ends in
// bounded time with one specific message and the documented exit code
// (0 success, 1 runtime failure, 2 bad input or usage), leaves no file
// behind or untouched, and never shows a secret.

#include "testsupport.h"

#include "session/sessionwriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QtEndian>

using namespace streamscope;
using namespace streamscope::test;

namespace {

QByteArray i16(qint16 v)
{
    QByteArray b(2, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

QByteArray i32(qint32 v)
{
    QByteArray b(4, Qt::Uninitialized);
    qToBigEndian(v, b.data());
    return b;
}

QByteArray kafkaString(const QByteArray &s) { return i16(qint16(s.size())) + s; }

// A Kafka broker that knows just enough of the protocol to refuse a login
// the way a real one does for a wrong password: ApiVersions, SaslHandshake
// (PLAIN accepted), then SaslAuthenticate fails with error 58,
// SASL_AUTHENTICATION_FAILED. It runs on the test's event loop.
class FakeSaslBroker : public QObject
{
public:
    FakeSaslBroker()
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FakeSaslBroker::accept);
        m_listening = m_server.listen(QHostAddress::LocalHost, 0);
    }

    bool isListening() const { return m_listening; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_server.serverPort()); }
    QList<int> requests; // API keys received, in order

private:
    enum ApiKey : qint16 { Metadata = 3, SaslHandshake = 17, ApiVersions = 18, SaslAuthenticate = 36 };

    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            connect(socket, &QTcpSocket::readyRead, this, [this, socket] { serve(socket); });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            connect(socket, &QObject::destroyed, this, [this, socket] { m_pending.remove(socket); });
        }
    }

    // Requests are framed by a 4-byte big-endian length.
    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = m_pending[socket];
        buffer += socket->readAll();
        while (buffer.size() >= 4) {
            const qint32 length = qFromBigEndian<qint32>(buffer.constData());
            if (length < 8 || length > (1 << 20)) {
                socket->abort();
                return;
            }
            if (buffer.size() < 4 + length)
                return;
            const QByteArray request = buffer.mid(4, length);
            buffer.remove(0, 4 + length);
            if (!respond(socket, request)) {
                socket->abort();
                return;
            }
        }
    }

    bool respond(QTcpSocket *socket, const QByteArray &request)
    {
        const qint16 key = qFromBigEndian<qint16>(request.constData());
        const qint16 version = qFromBigEndian<qint16>(request.constData() + 2);
        const qint32 correlationId = qFromBigEndian<qint32>(request.constData() + 4);
        requests << key;
        QByteArray body;
        switch (key) {
        case ApiVersions: body = apiVersions(version); break;
        case SaslHandshake: body = i16(0) + i32(1) + kafkaString("PLAIN"); break;
        case SaslAuthenticate: // v0: error code, error message, auth bytes
            body = i16(58) + kafkaString("Authentication failed: Invalid username or password") + i32(0);
            break;
        default: return false; // like a broker that gets a request before login
        }
        const QByteArray response = i32(correlationId) + body; // header v0: no tags, even for ApiVersions v3
        socket->write(i32(qint32(response.size())) + response);
        return true;
    }

    static QByteArray apiVersions(qint16 version)
    {
        const qint16 supported[][3] = {{Metadata, 0, 4}, {SaslHandshake, 0, 1}, {ApiVersions, 0, 3}, {SaslAuthenticate, 0, 0}};
        const bool flexible = version >= 3;
        QByteArray body = i16(0);
        body += flexible ? QByteArray(1, char(std::size(supported) + 1)) : i32(qint32(std::size(supported)));
        for (const auto &api : supported) {
            body += i16(api[0]) + i16(api[1]) + i16(api[2]);
            if (flexible)
                body += '\0'; // no tagged fields
        }
        if (version >= 1)
            body += i32(0); // throttle time
        if (flexible)
            body += '\0';
        return body;
    }

    QTcpServer m_server;
    bool m_listening = false;
    QHash<QTcpSocket *, QByteArray> m_pending;
};

// Like runCli, but keeps this thread's event loop running (for the fake broker).
ProcessResult runCliServingEvents(const QStringList &args, int timeoutMs)
{
    QProcess process;
    QEventLoop loop;
    QObject::connect(&process, &QProcess::finished, &loop, &QEventLoop::quit);
    QObject::connect(&process, &QProcess::errorOccurred, &loop, &QEventLoop::quit);
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    process.start(cliPath(), args);
    if (process.state() != QProcess::NotRunning) // it may fail to start before the loop runs
        loop.exec();
    ProcessResult result;
    result.finished = process.state() == QProcess::NotRunning;
    if (!result.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

QByteArray fingerprint(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex() + ' '
        + QByteArray::number(QFileInfo(path).lastModified().toMSecsSinceEpoch());
}

constexpr int kProcessTimeoutMs = 60000; // a hang, not a slow machine, trips this

} // namespace

class TestCliErrors : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::unique_ptr<EmbeddedBroker> m_broker; // topics "alpha" (10 events) and "beta"

    QString freshDir()
    {
        const QString dir = m_dir.filePath(QString::number(++m_counter));
        QDir().mkpath(dir);
        return dir;
    }

    // Runs record and logs what it said: the messages are what these tests
    // are about, and the log shows them all at a glance.
    ProcessResult record(const QStringList &args, int timeoutMs = kProcessTimeoutMs)
    {
        const ProcessResult r = runCli(QStringList{QStringLiteral("record")} + args, timeoutMs);
        qInfo().noquote() << "exit" << r.exitCode << QString::fromUtf8(r.err).trimmed();
        return r;
    }

    static bool mentions(const ProcessResult &r, const QString &word)
    {
        return QString::fromUtf8(r.err).contains(word, Qt::CaseInsensitive);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_broker = startBroker();
        QVERIFY(m_broker);
        SS_VERIFY_OK(m_broker->createTopic(QStringLiteral("alpha"), 2));
        SS_VERIFY_OK(m_broker->createTopic(QStringLiteral("beta"), 1));
        for (int i = 0; i < 10; ++i)
            SS_VERIFY_OK(m_broker->produce(QStringLiteral("alpha"), i % 2, QByteArray("k"), QByteArray::number(i)));
        SS_VERIFY_OK(m_broker->flush());
    }

    void cleanupTestCase() { m_broker.reset(); }

    // The good path, so that every failure below differs from it only by
    // what is wrong.
    void recordsWhenAllIsRight()
    {
        const QString file = QDir(freshDir()).filePath(QStringLiteral("ok.sss"));
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("alpha"), QStringLiteral("-w"), file, QStringLiteral("-e"),
                                        QStringLiteral("--timeout"), QStringLiteral("3"), QStringLiteral("-q")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(readAllEvents(file).size(), 10);
    }

    void unreachableBroker_data()
    {
        QTest::addColumn<QStringList>("properties");
        QTest::addRow("plaintext") << QStringList{};
        // "sasl" in librdkafka's broker name is no authentication failure.
        QTest::addRow("with SASL configured") << QStringList{"security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN",
                                                             "sasl.username=u", "sasl.password=p"};
    }

    void unreachableBroker()
    {
        QFETCH(QStringList, properties);
        const QString dir = freshDir();
        const QString file = QDir(dir).filePath(QStringLiteral("s.sss"));
        QStringList args = {QStringLiteral("-b"), QStringLiteral("127.0.0.1:1"), QStringLiteral("-t"), QStringLiteral("alpha"),
                            QStringLiteral("-w"), file, QStringLiteral("--timeout"), QStringLiteral("3")};
        for (const QString &p : properties)
            args << QStringLiteral("-X") << p;
        const ProcessResult r = record(args);
        QVERIFY2(r.finished, "record did not give up on an unreachable broker");
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(mentions(r, QStringLiteral("cannot reach Kafka")), r.err.constData());
        QVERIFY2(mentions(r, QStringLiteral("127.0.0.1:1")), r.err.constData());
        QVERIFY(r.out.isEmpty());
        // Nothing was recorded, so nothing is left behind.
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void unknownTopic()
    {
        const QString dir = freshDir();
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("nope"), QStringLiteral("-w"), QDir(dir).filePath(QStringLiteral("s.sss")),
                                        QStringLiteral("--timeout"), QStringLiteral("3")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        for (const char *word : {"\"nope\"", "does not exist", "alpha", "beta"})
            QVERIFY2(mentions(r, QLatin1String(word)), r.err.constData());
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void unknownPartition()
    {
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("alpha"), QStringLiteral("-p"), QStringLiteral("7"), QStringLiteral("-w"),
                                        QDir(freshDir()).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"),
                                        QStringLiteral("3")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("partition 7")) && mentions(r, QStringLiteral("alpha")), r.err.constData());
    }

    void badProperty_data()
    {
        QTest::addColumn<QStringList>("properties");
        QTest::addColumn<QString>("named"); // what the message must name

        QTest::addRow("unknown name") << QStringList{"no.such.prop=1"} << "no.such.prop";
        QTest::addRow("invalid value") << QStringList{"fetch.wait.max.ms=soon"} << "fetch.wait.max.ms";
        QTest::addRow("invalid enum") << QStringList{"security.protocol=carrier-pigeon"} << "security.protocol";
        QTest::addRow("not key=value") << QStringList{"fetch.wait.max.ms"} << "key=value";
        QTest::addRow("empty name") << QStringList{"=1"} << "property";
    }

    void badProperty()
    {
        QFETCH(QStringList, properties);
        QFETCH(QString, named);
        QStringList args = {QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"), QStringLiteral("alpha"),
                            QStringLiteral("-w"), QDir(freshDir()).filePath(QStringLiteral("s.sss")),
                            QStringLiteral("--timeout"), QStringLiteral("3")};
        for (const QString &p : properties)
            args << QStringLiteral("-X") << p;
        const ProcessResult r = record(args);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, named), r.err.constData());
    }

    // A secret given with -X never comes back in any output, whatever else
    // is wrong. The password is "hunter2" in every row.
    void secretsAreNeverEchoed_data()
    {
        QTest::addColumn<QStringList>("properties");
        QTest::addColumn<bool>("useBroker"); // else 127.0.0.1:1, nobody there

        const QString pw = QStringLiteral("sasl.password=hunter2");
        QTest::addRow("with an unknown property") << QStringList{pw, "no.such.prop=1"} << true;
        QTest::addRow("with an invalid protocol") << QStringList{pw, "security.protocol=bogus"} << true;
        QTest::addRow("with an unknown mechanism")
            << QStringList{pw, "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=NOPE"} << true;
        QTest::addRow("without a user name") << QStringList{pw, "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN"}
                                             << true;
        QTest::addRow("against a broker without SASL")
            << QStringList{pw, "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN", "sasl.username=u"} << true;
        QTest::addRow("nobody listening")
            << QStringList{pw, "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=PLAIN", "sasl.username=u"} << false;
        QTest::addRow("password with a typo in the key") << QStringList{"sasl.passwrd=hunter2"} << true;
        QTest::addRow("password without =") << QStringList{"sasl.password:hunter2"} << true;
        QTest::addRow("ssl key password") << QStringList{"ssl.key.password=hunter2", "security.protocol=SSL",
                                                         "ssl.key.location=/nonexistent/key.pem"}
                                          << true;
        QTest::addRow("ssl key pem") << QStringList{"ssl.key.pem=hunter2", "security.protocol=SSL"} << true;
        QTest::addRow("oauthbearer config")
            << QStringList{"sasl.oauthbearer.config=hunter2", "security.protocol=SASL_PLAINTEXT", "sasl.mechanism=OAUTHBEARER"}
            << true;
        QTest::addRow("jaas config") << QStringList{"sasl.jaas.config=hunter2"} << true;
        // librdkafka quotes the bad field of this one back in its error.
        QTest::addRow("oauthbearer unsecured token")
            << QStringList{"security.protocol=SASL_PLAINTEXT", "sasl.mechanism=OAUTHBEARER",
                           "enable.sasl.oauthbearer.unsecure.jwt=true", "sasl.oauthbearer.config=principal=u lifeSeconds=hunter2"}
            << false;
    }

    void secretsAreNeverEchoed()
    {
        QFETCH(QStringList, properties);
        QFETCH(bool, useBroker);
        const QString dir = freshDir();
        QStringList args = {QStringLiteral("-b"), useBroker ? m_broker->bootstrapServers() : QStringLiteral("127.0.0.1:1"),
                            QStringLiteral("-t"), QStringLiteral("alpha"), QStringLiteral("-w"),
                            QDir(dir).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"), QStringLiteral("3"),
                            QStringLiteral("-e")};
        for (const QString &p : properties)
            args << QStringLiteral("-X") << p;
        const ProcessResult r = record(args);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 1 || r.exitCode == 2, qPrintable(QString::number(r.exitCode)));
        QVERIFY2(!r.err.contains("hunter2"), r.err.constData());
        QVERIFY2(!r.out.contains("hunter2"), r.out.constData());
        QVERIFY(!r.err.isEmpty());
        // Nor in a file left behind.
        for (const QString &name : QDir(dir).entryList(QDir::Files | QDir::Hidden)) {
            QFile f(QDir(dir).filePath(name));
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("hunter2"), qPrintable(name));
        }
    }

    // The embedded (mock) broker has no SASL. Its ApiVersions answer lacks
    // SaslHandshake, so librdkafka 2.0.2 gives up before sending credentials:
    // "Failed to initialize SASL authentication: SASL Handshake not supported
    // by broker (required by mechanism PLAIN)", error _AUTHENTICATION. The
    // user asked for SASL where there is none: bad input, like a refusal.
    void saslAgainstBrokerWithoutSasl()
    {
        const ProcessResult r =
            record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"), QStringLiteral("alpha"),
                    QStringLiteral("-w"), QDir(freshDir()).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"),
                    QStringLiteral("3"), QStringLiteral("-X"), QStringLiteral("security.protocol=SASL_PLAINTEXT"),
                    QStringLiteral("-X"), QStringLiteral("sasl.mechanism=PLAIN"), QStringLiteral("-X"),
                    QStringLiteral("sasl.username=u"), QStringLiteral("-X"), QStringLiteral("sasl.password=p")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("authentication")) && mentions(r, QStringLiteral("SASL Handshake not supported")),
                 r.err.constData());
        QVERIFY2(mentions(r, m_broker->bootstrapServers()), r.err.constData());
    }

    // The client cannot even make a token to log in with: a failed
    // authentication (bad input, 2), not an unreachable broker.
    void refusedOAuthTokenIsAnAuthenticationFailure()
    {
        const ProcessResult r = record(
            {QStringLiteral("-b"), QStringLiteral("127.0.0.1:1"), QStringLiteral("-t"), QStringLiteral("alpha"),
             QStringLiteral("-w"), QDir(freshDir()).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"),
             QStringLiteral("3"), QStringLiteral("-X"), QStringLiteral("security.protocol=SASL_PLAINTEXT"), QStringLiteral("-X"),
             QStringLiteral("sasl.mechanism=OAUTHBEARER"), QStringLiteral("-X"),
             QStringLiteral("enable.sasl.oauthbearer.unsecure.jwt=true"), QStringLiteral("-X"),
             QStringLiteral("sasl.oauthbearer.config=principal=u lifeSeconds=hunter2")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("authentication")) && mentions(r, QStringLiteral("OAUTHBEARER token")),
                 r.err.constData());
        QVERIFY2(!r.err.contains("hunter2"), r.err.constData());
    }

    // A broker that refuses the credentials.
    void authenticationFailure()
    {
        FakeSaslBroker fake;
        QVERIFY(fake.isListening());
        const QString dir = freshDir();
        const ProcessResult r = runCliServingEvents(
            {QStringLiteral("record"), QStringLiteral("-b"), fake.address(), QStringLiteral("-t"), QStringLiteral("alpha"),
             QStringLiteral("-w"), QDir(dir).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"), QStringLiteral("3"),
             QStringLiteral("-X"), QStringLiteral("security.protocol=SASL_PLAINTEXT"), QStringLiteral("-X"),
             QStringLiteral("sasl.mechanism=PLAIN"), QStringLiteral("-X"), QStringLiteral("sasl.username=u"),
             QStringLiteral("-X"), QStringLiteral("sasl.password=hunter2")},
            kProcessTimeoutMs);
        qInfo().noquote() << "exit" << r.exitCode << QString::fromUtf8(r.err).trimmed() << "requests" << fake.requests;
        QVERIFY(r.finished);
        // The client got as far as presenting its credentials.
        QVERIFY(fake.requests.contains(36));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("authentication")) && mentions(r, QStringLiteral("failed")), r.err.constData());
        QVERIFY2(mentions(r, fake.address()), r.err.constData());
        QVERIFY2(!r.err.contains("hunter2"), r.err.constData());
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void startPastTheEnd_data()
    {
        QTest::addColumn<QStringList>("offsets");
        QTest::addColumn<QStringList>("named");

        const QString future = QString::number(QDateTime::currentMSecsSinceEpoch() + 10LL * 365 * 24 * 3600 * 1000);
        QTest::addRow("timestamp") << QStringList{"s@" + future} << QStringList{"s@", "past the end"};
        QTest::addRow("timestamp far future") << QStringList{"s@99999999999999"} << QStringList{"past the end"};
        QTest::addRow("offset") << QStringList{"1000"} << QStringList{"offset 1000", "past the end", "alpha"};
        QTest::addRow("offset for one partition") << QStringList{"1:6"} << QStringList{"offset 6", "past the end", "[1]"};
    }

    void startPastTheEnd()
    {
        QFETCH(QStringList, offsets);
        QFETCH(QStringList, named);
        const QString dir = freshDir();
        QStringList args = {QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"), QStringLiteral("alpha"),
                            QStringLiteral("-w"), QDir(dir).filePath(QStringLiteral("s.sss")), QStringLiteral("--timeout"),
                            QStringLiteral("3")};
        for (const QString &o : offsets)
            args << QStringLiteral("-o") << o;
        const ProcessResult r = record(args);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        for (const QString &word : named) {
            if (word == QLatin1String("s@"))
                continue; // the timestamp is shown as a number and a date
            QVERIFY2(mentions(r, word), r.err.constData());
        }
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    // Usage errors never need a broker: nobody listens at 127.0.0.1:1.
    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");

        const QStringList b = {"-b", "127.0.0.1:1"};
        const QStringList t = {"-t", "alpha"};
        const QStringList w = {"-w", "unused.sss"};
        QTest::addRow("nothing") << QStringList{} << "-b";
        QTest::addRow("missing -b") << t + w << "-b";
        QTest::addRow("missing -t") << b + w << "-t";
        QTest::addRow("missing -w") << b + t << "-w";
        QTest::addRow("-o word") << b + t + w + QStringList{"-o", "yesterday"} << "yesterday";
        QTest::addRow("-o stored") << b + t + w + QStringList{"-o", "stored"} << "consumer group";
        QTest::addRow("-o -0") << b + t + w + QStringList{"-o", "-0"} << "-0";
        QTest::addRow("-o negative timestamp") << b + t + w + QStringList{"-o", "s@-5"} << "s@-5";
        QTest::addRow("-o bad partition") << b + t + w + QStringList{"-o", "x:5"} << "x:5";
        QTest::addRow("-o bad spec for a partition") << b + t + w + QStringList{"-o", "1:soon"} << "soon";
        QTest::addRow("-c 0") << b + t + w + QStringList{"-c", "0"} << "-c";
        QTest::addRow("-c negative") << b + t + w + QStringList{"-c", "-3"} << "-c";
        QTest::addRow("-c word") << b + t + w + QStringList{"-c", "many"} << "-c";
        QTest::addRow("-p word") << b + t + w + QStringList{"-p", "first"} << "-p";
        QTest::addRow("--timeout 0") << b + t + w + QStringList{"--timeout", "0"} << "--timeout";
        QTest::addRow("--duration word") << b + t + w + QStringList{"--duration", "long"} << "--duration";
        QTest::addRow("--sync word") << b + t + w + QStringList{"--sync", "sometimes"} << "--sync";
        QTest::addRow("unknown option") << b + t + w + QStringList{"--frobnicate"} << "frobnicate";
        QTest::addRow("option without value") << b + t + w + QStringList{"-c"} << "-c";
        QTest::addRow("stray argument") << b + t + w + QStringList{"extra"} << "extra";
    }

    void usageErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const QString dir = freshDir();
        QStringList absolute = args;
        const qsizetype w = absolute.indexOf(QStringLiteral("-w"));
        if (w >= 0)
            absolute[w + 1] = QDir(dir).filePath(absolute[w + 1]);
        const ProcessResult r = record(absolute);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, named), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }

    void existingFileWithoutAppend_data()
    {
        QTest::addColumn<bool>("isSession");
        QTest::addRow("a session") << true;
        QTest::addRow("some other file") << false;
    }

    void existingFileWithoutAppend()
    {
        QFETCH(bool, isSession);
        const QString dir = freshDir();
        const QString file = QDir(dir).filePath(QStringLiteral("precious.sss"));
        if (isSession) {
            auto writer = SessionWriter::create(file, {});
            QVERIFY(writer);
            SS_VERIFY_OK((*writer)->close());
        } else {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("months of work\n");
        }
        const QByteArray before = fingerprint(file);
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("alpha"), QStringLiteral("-w"), file, QStringLiteral("-e"),
                                        QStringLiteral("--timeout"), QStringLiteral("3")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("already exists")) && mentions(r, QStringLiteral("--append")), r.err.constData());
        QCOMPARE(fingerprint(file), before);
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("precious.sss")});
    }

    void appendToNonSession_data()
    {
        QTest::addColumn<QByteArray>("content"); // empty: another application's SQLite database
        QTest::addColumn<QString>("named");
        QTest::addRow("text file") << QByteArray("a,b,c\n1,2,3\n") << "not a Streamscope session";
        QTest::addRow("empty file") << QByteArray("\0", 0) << "empty";
        QTest::addRow("other SQLite database") << QByteArray() << "another application";
    }

    void appendToNonSession()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, named);
        const QString dir = freshDir();
        const QString file = QDir(dir).filePath(QStringLiteral("not-a-session"));
        if (content.isNull()) {
            // A real SQLite database of someone else, in rollback mode.
            auto db = SessionWriter::create(file, {}); // then made foreign
            QVERIFY(db);
            SS_VERIFY_OK((*db)->close());
            db = Error::runtime({});
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadWrite));
            f.seek(68);
            f.write(QByteArray("\0\0\0\0", 4)); // application_id 0: any SQLite database
        } else {
            QFile f(file);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        }
        const QByteArray before = fingerprint(file);
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("alpha"), QStringLiteral("-w"), file, QStringLiteral("--append"),
                                        QStringLiteral("-e"), QStringLiteral("--timeout"), QStringLiteral("3")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, named), r.err.constData());
        QCOMPARE(fingerprint(file), before);
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden),
                 QStringList{QStringLiteral("not-a-session")});
    }

    void appendToMissingFile()
    {
        const QString dir = freshDir();
        const ProcessResult r = record({QStringLiteral("-b"), m_broker->bootstrapServers(), QStringLiteral("-t"),
                                        QStringLiteral("alpha"), QStringLiteral("-w"), QDir(dir).filePath(QStringLiteral("nope.sss")),
                                        QStringLiteral("--append"), QStringLiteral("--timeout"), QStringLiteral("3")});
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(mentions(r, QStringLiteral("no such file")), r.err.constData());
        QCOMPARE(QDir(dir).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestCliErrors)
#include "tst_cli_errors.moc"
