#pragma once
// librdkafka properties given by the user (-X key=value), passed through
// unchanged, with the knowledge of which ones are secrets so that no secret
// reaches a session file, an export, a log line or an error message.

#include "util/result.h"

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace streamscope {

class KafkaProperties
{
public:
    using Entry = QPair<QString, QString>;

    // Parses "key=value" (the value may contain '=').
    static Result<Entry> parseAssignment(const QString &text);

    // Sets or replaces a property.
    void set(const QString &key, const QString &value);
    QString value(const QString &key, const QString &fallback = {}) const;
    bool contains(const QString &key) const;
    void remove(const QString &key);
    const QList<Entry> &entries() const { return m_entries; }

    // True for properties whose value must never be written or shown:
    // passwords, secrets, private keys, JAAS and OAuth configuration.
    static bool isSecret(const QString &key);

    // "key=value", or "key=<redacted>" for secrets: safe for messages.
    static QString describe(const QString &key, const QString &value);

    // All properties with secret values replaced by "<redacted>".
    QJsonObject redactedJson() const;

private:
    QList<Entry> m_entries;
};

} // namespace streamscope
