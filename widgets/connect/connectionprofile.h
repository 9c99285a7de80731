#pragma once
// A cluster the user connects to: what the connect dialog edits and the app
// remembers (recent clusters). Secret values are kept apart: they never go
// into settings files, only into the desktop keychain when the user asks.

#include "kafka/kafkaproperties.h"

#include <QSettings>
#include <QString>

namespace streamscope {

struct ConnectionProfile {
    QString brokers;
    QString securityProtocol = QStringLiteral("PLAINTEXT"); // PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL
    QString saslMechanism = QStringLiteral("PLAIN");
    QString saslUsername;
    QString saslPassword;           // secret: never written to settings
    QString sslCaLocation;
    QString sslCertificateLocation;
    QString sslKeyLocation;
    QString sslKeyPassword;         // secret: never written to settings
    KafkaProperties extra;          // other librdkafka properties (secrets among them are dropped on save)
    bool rememberSecrets = false;   // store the secrets in the desktop keychain

    bool usesSasl() const { return securityProtocol.startsWith(QLatin1String("SASL")); }
    bool usesSsl() const { return securityProtocol.endsWith(QLatin1String("SSL")); }
    // Every librdkafka property, secrets included (for the client only).
    KafkaProperties properties() const;
    // Where the keychain keeps this profile's secrets.
    QString keychainKey(const QString &property) const { return brokers + QLatin1Char('/') + property; }

    // Recent clusters, most recent first, without any secret.
    static QList<ConnectionProfile> loadRecent(QSettings &settings);
    static void saveRecent(QSettings &settings, const ConnectionProfile &profile, int keep = 10);
};

} // namespace streamscope
