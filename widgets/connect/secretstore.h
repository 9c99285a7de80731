#pragma once
// Secrets (SASL and TLS key passwords) in the desktop keychain, through
// QtKeychain — never in a settings file. Where no keychain is available (a
// headless machine), storing fails with a reason and the secret is simply
// not remembered.

#include <QObject>
#include <QString>
#include <functional>
#include <optional>

namespace streamscope {

class SecretStore : public QObject
{
    Q_OBJECT

public:
    explicit SecretStore(QObject *parent = nullptr);

    // done(error): empty on success.
    void store(const QString &key, const QString &secret, std::function<void(QString error)> done);
    // done(secret or nullopt, error): nullopt and an empty error when none is stored.
    void load(const QString &key, std::function<void(std::optional<QString>, QString error)> done);
    void remove(const QString &key);

    static QString serviceName() { return QStringLiteral("Streamscope"); }
};

} // namespace streamscope
