#include "kafka/kafkaproperties.h"

namespace streamscope {

Result<KafkaProperties::Entry> KafkaProperties::parseAssignment(const QString &text)
{
    const qsizetype eq = text.indexOf(QLatin1Char('='));
    if (eq == 0)
        return Error::badInput(QStringLiteral("a -X property has no name before \"=\""));
    if (eq < 0) {
        // Only what can be a property name is shown: in "sasl.password:s3cret"
        // the rest is a secret.
        qsizetype nameLength = 0;
        while (nameLength < std::min<qsizetype>(text.size(), 60)
               && (text[nameLength].isLetterOrNumber() || QStringLiteral("._-").contains(text[nameLength])))
            ++nameLength;
        return Error::badInput(QStringLiteral("expected a librdkafka property as key=value, got \"%1%2\"")
                                   .arg(text.left(nameLength), nameLength < text.size() ? QStringLiteral("…") : QString()));
    }
    const QString key = text.left(eq).trimmed();
    if (key.isEmpty())
        return Error::badInput(QStringLiteral("property name is empty in \"%1\"").arg(describe(text.left(eq), {})));
    return Entry{key, text.mid(eq + 1)};
}

void KafkaProperties::set(const QString &key, const QString &value)
{
    for (Entry &e : m_entries) {
        if (e.first == key) {
            e.second = value;
            return;
        }
    }
    m_entries.append({key, value});
}

QString KafkaProperties::value(const QString &key, const QString &fallback) const
{
    for (const Entry &e : m_entries)
        if (e.first == key)
            return e.second;
    return fallback;
}

bool KafkaProperties::contains(const QString &key) const
{
    for (const Entry &e : m_entries)
        if (e.first == key)
            return true;
    return false;
}

void KafkaProperties::remove(const QString &key)
{
    m_entries.removeIf([&](const Entry &e) { return e.first == key; });
}

bool KafkaProperties::isSecret(const QString &key)
{
    const QString k = key.toLower();
    static const char *const markers[] = {"password", "secret", "jaas", "oauthbearer.config", "keytab",
                                          "ssl.key.pem", "ssl_key", "token", "credential", "private"};
    for (const char *m : markers)
        if (k.contains(QLatin1String(m)))
            return true;
    return false;
}

QString KafkaProperties::describe(const QString &key, const QString &value)
{
    return key + QLatin1Char('=') + (isSecret(key) ? QStringLiteral("<redacted>") : value);
}

QJsonObject KafkaProperties::redactedJson() const
{
    QJsonObject json;
    for (const Entry &e : m_entries)
        json.insert(e.first, isSecret(e.first) ? QStringLiteral("<redacted>") : e.second);
    return json;
}

} // namespace streamscope
