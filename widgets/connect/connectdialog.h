#pragma once
// Connect to a Kafka cluster: bootstrap servers (recent clusters offered),
// security (SASL mechanism, user, password; TLS files), any other librdkafka
// property. Passwords are remembered only in the desktop keychain, and only
// when the user asks.

#include "connect/connectionprofile.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace streamscope {

class SecretStore;

class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    ConnectDialog(const QList<ConnectionProfile> &recent, QWidget *parent = nullptr);

    ConnectionProfile profile() const;
    void setProfile(const ConnectionProfile &profile);
    // Why the form cannot be used as it is; empty when it can.
    QString problem() const;

    void accept() override;

private:
    QLineEdit *fileField(const QString &placeholder);
    void updateVisibility();
    void loadSecrets(const ConnectionProfile &profile);

    QList<ConnectionProfile> m_recent;
    QComboBox *m_brokers = nullptr;
    QComboBox *m_protocol = nullptr;
    QGroupBox *m_saslBox = nullptr;
    QComboBox *m_mechanism = nullptr;
    QLineEdit *m_username = nullptr;
    QLineEdit *m_password = nullptr;
    QGroupBox *m_sslBox = nullptr;
    QLineEdit *m_ca = nullptr;
    QLineEdit *m_certificate = nullptr;
    QLineEdit *m_key = nullptr;
    QLineEdit *m_keyPassword = nullptr;
    QPlainTextEdit *m_extra = nullptr;
    QCheckBox *m_remember = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    SecretStore *m_secrets = nullptr;
};

} // namespace streamscope
