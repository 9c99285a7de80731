#include "connect/connectionprofile.h"

namespace streamscope {

KafkaProperties ConnectionProfile::properties() const
{
    KafkaProperties p;
    if (securityProtocol != QLatin1String("PLAINTEXT"))
        p.set(QStringLiteral("security.protocol"), securityProtocol);
    if (usesSasl()) {
        p.set(QStringLiteral("sasl.mechanisms"), saslMechanism);
        if (!saslUsername.isEmpty())
            p.set(QStringLiteral("sasl.username"), saslUsername);
        if (!saslPassword.isEmpty())
            p.set(QStringLiteral("sasl.password"), saslPassword);
    }
    if (usesSsl()) {
        if (!sslCaLocation.isEmpty())
            p.set(QStringLiteral("ssl.ca.location"), sslCaLocation);
        if (!sslCertificateLocation.isEmpty())
            p.set(QStringLiteral("ssl.certificate.location"), sslCertificateLocation);
        if (!sslKeyLocation.isEmpty())
            p.set(QStringLiteral("ssl.key.location"), sslKeyLocation);
        if (!sslKeyPassword.isEmpty())
            p.set(QStringLiteral("ssl.key.password"), sslKeyPassword);
    }
    for (const auto &[key, value] : extra.entries())
        p.set(key, value);
    return p;
}

QList<ConnectionProfile> ConnectionProfile::loadRecent(QSettings &settings)
{
    QList<ConnectionProfile> out;
    const int n = settings.beginReadArray(QStringLiteral("recentClusters"));
    for (int i = 0; i < n; ++i) {
        settings.setArrayIndex(i);
        ConnectionProfile p;
        p.brokers = settings.value(QStringLiteral("brokers")).toString();
        p.securityProtocol = settings.value(QStringLiteral("securityProtocol"), p.securityProtocol).toString();
        p.saslMechanism = settings.value(QStringLiteral("saslMechanism"), p.saslMechanism).toString();
        p.saslUsername = settings.value(QStringLiteral("saslUsername")).toString();
        p.sslCaLocation = settings.value(QStringLiteral("sslCaLocation")).toString();
        p.sslCertificateLocation = settings.value(QStringLiteral("sslCertificateLocation")).toString();
        p.sslKeyLocation = settings.value(QStringLiteral("sslKeyLocation")).toString();
        p.rememberSecrets = settings.value(QStringLiteral("rememberSecrets")).toBool();
        for (const QString &line : settings.value(QStringLiteral("extra")).toStringList())
            if (auto entry = KafkaProperties::parseAssignment(line); entry && !KafkaProperties::isSecret(entry->first))
                p.extra.set(entry->first, entry->second);
        if (!p.brokers.isEmpty())
            out << p;
    }
    settings.endArray();
    return out;
}

void ConnectionProfile::saveRecent(QSettings &settings, const ConnectionProfile &profile, int keep)
{
    QList<ConnectionProfile> recent = loadRecent(settings);
    recent.removeIf([&](const ConnectionProfile &p) { return p.brokers == profile.brokers; });
    recent.prepend(profile);
    recent = recent.mid(0, keep);
    settings.beginWriteArray(QStringLiteral("recentClusters"), int(recent.size()));
    for (int i = 0; i < recent.size(); ++i) {
        const ConnectionProfile &p = recent[i];
        settings.setArrayIndex(i);
        settings.setValue(QStringLiteral("brokers"), p.brokers);
        settings.setValue(QStringLiteral("securityProtocol"), p.securityProtocol);
        settings.setValue(QStringLiteral("saslMechanism"), p.saslMechanism);
        settings.setValue(QStringLiteral("saslUsername"), p.saslUsername);
        settings.setValue(QStringLiteral("sslCaLocation"), p.sslCaLocation);
        settings.setValue(QStringLiteral("sslCertificateLocation"), p.sslCertificateLocation);
        settings.setValue(QStringLiteral("sslKeyLocation"), p.sslKeyLocation);
        settings.setValue(QStringLiteral("rememberSecrets"), p.rememberSecrets);
        QStringList extra;
        for (const auto &[key, value] : p.extra.entries())
            if (!KafkaProperties::isSecret(key)) // secrets only ever go to the keychain
                extra << key + QLatin1Char('=') + value;
        settings.setValue(QStringLiteral("extra"), extra);
    }
    settings.endArray();
}

} // namespace streamscope
