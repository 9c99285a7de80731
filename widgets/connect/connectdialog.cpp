#include "connect/connectdialog.h"

#include "connect/secretstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QToolButton>
#include <QVBoxLayout>

namespace streamscope {

ConnectDialog::ConnectDialog(const QList<ConnectionProfile> &recent, QWidget *parent)
    : QDialog(parent), m_recent(recent), m_secrets(new SecretStore(this))
{
    setWindowTitle(tr("Connect to Kafka"));
    m_brokers = new QComboBox(this);
    m_brokers->setEditable(true);
    m_brokers->lineEdit()->setPlaceholderText(QStringLiteral("broker1:9092,broker2:9092"));
    // Room for a few host:port pairs: the combo's size hint was the placeholder cut short.
    m_brokers->setMinimumWidth(m_brokers->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 48);
    for (const ConnectionProfile &p : recent)
        m_brokers->addItem(p.brokers);
    m_protocol = new QComboBox(this);
    m_protocol->addItems({QStringLiteral("PLAINTEXT"), QStringLiteral("SSL"), QStringLiteral("SASL_PLAINTEXT"),
                          QStringLiteral("SASL_SSL")});

    m_saslBox = new QGroupBox(tr("SASL"), this);
    m_mechanism = new QComboBox(m_saslBox);
    m_mechanism->addItems({QStringLiteral("PLAIN"), QStringLiteral("SCRAM-SHA-256"), QStringLiteral("SCRAM-SHA-512"),
                           QStringLiteral("OAUTHBEARER"), QStringLiteral("GSSAPI")});
    m_username = new QLineEdit(m_saslBox);
    m_password = new QLineEdit(m_saslBox);
    m_password->setEchoMode(QLineEdit::Password);
    auto *saslForm = new QFormLayout(m_saslBox);
    saslForm->addRow(tr("Mechanism:"), m_mechanism);
    saslForm->addRow(tr("User name:"), m_username);
    saslForm->addRow(tr("Password:"), m_password);

    m_sslBox = new QGroupBox(tr("TLS"), this);
    m_ca = fileField(tr("CA certificates (PEM)"));
    m_certificate = fileField(tr("client certificate (PEM), optional"));
    m_key = fileField(tr("client private key (PEM), optional"));
    m_keyPassword = new QLineEdit(m_sslBox);
    m_keyPassword->setEchoMode(QLineEdit::Password);
    auto *sslForm = new QFormLayout(m_sslBox);
    auto withBrowse = [this](QLineEdit *edit) {
        auto *box = new QWidget(this);
        auto *row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        auto *browse = new QToolButton(box);
        browse->setText(QStringLiteral("…"));
        browse->setToolTip(tr("Choose a file"));
        connect(browse, &QToolButton::clicked, this, [this, edit] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Choose a file"), edit->text());
            if (!file.isEmpty())
                edit->setText(file);
        });
        row->addWidget(edit, 1);
        row->addWidget(browse);
        return box;
    };
    sslForm->addRow(tr("CA file:"), withBrowse(m_ca));
    sslForm->addRow(tr("Certificate:"), withBrowse(m_certificate));
    sslForm->addRow(tr("Private key:"), withBrowse(m_key));
    sslForm->addRow(tr("Key password:"), m_keyPassword);

    m_extra = new QPlainTextEdit(this);
    m_extra->setPlaceholderText(tr("Other librdkafka properties, one key=value per line"));
    m_extra->setTabChangesFocus(true);
    m_extra->setMaximumHeight(90);
    m_remember = new QCheckBox(tr("Remember passwords in the system keychain"), this);
    m_remember->setToolTip(tr("Passwords are never written to Streamscope's settings or session files."));
    m_problem = new QLabel(this);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(highlight)"));
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Connect"));

    auto *form = new QFormLayout;
    form->addRow(tr("Bootstrap servers:"), m_brokers);
    form->addRow(tr("Security:"), m_protocol);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_saslBox);
    layout->addWidget(m_sslBox);
    layout->addWidget(new QLabel(tr("Properties:"), this));
    layout->addWidget(m_extra);
    layout->addWidget(m_remember);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    connect(m_protocol, &QComboBox::currentTextChanged, this, &ConnectDialog::updateVisibility);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ConnectDialog::reject);
    connect(m_brokers, &QComboBox::activated, this, [this](int index) {
        if (index >= 0 && index < m_recent.size())
            setProfile(m_recent[index]);
    });
    if (!recent.isEmpty())
        setProfile(recent.first());
    updateVisibility();
}

QLineEdit *ConnectDialog::fileField(const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setPlaceholderText(placeholder);
    return edit;
}

void ConnectDialog::updateVisibility()
{
    const QString protocol = m_protocol->currentText();
    m_saslBox->setVisible(protocol.startsWith(QLatin1String("SASL")));
    m_sslBox->setVisible(protocol.endsWith(QLatin1String("SSL")));
    adjustSize();
}

void ConnectDialog::setProfile(const ConnectionProfile &p)
{
    m_brokers->setCurrentText(p.brokers);
    m_protocol->setCurrentText(p.securityProtocol);
    m_mechanism->setCurrentText(p.saslMechanism);
    m_username->setText(p.saslUsername);
    m_password->setText(p.saslPassword);
    m_ca->setText(p.sslCaLocation);
    m_certificate->setText(p.sslCertificateLocation);
    m_key->setText(p.sslKeyLocation);
    m_keyPassword->setText(p.sslKeyPassword);
    QStringList lines;
    for (const auto &[key, value] : p.extra.entries())
        lines << key + QLatin1Char('=') + value;
    m_extra->setPlainText(lines.join(QLatin1Char('\n')));
    m_remember->setChecked(p.rememberSecrets);
    if (p.rememberSecrets && p.saslPassword.isEmpty() && p.sslKeyPassword.isEmpty())
        loadSecrets(p);
    updateVisibility();
}

void ConnectDialog::loadSecrets(const ConnectionProfile &p)
{
    const QString brokers = p.brokers;
    for (auto [property, field] : {std::pair{QStringLiteral("sasl.password"), m_password},
                                   std::pair{QStringLiteral("ssl.key.password"), m_keyPassword}}) {
        m_secrets->load(p.keychainKey(property), [this, brokers, field](std::optional<QString> secret, QString error) {
            if (m_brokers->currentText() != brokers)
                return; // another cluster was chosen meanwhile
            if (secret && field->text().isEmpty())
                field->setText(*secret);
            else if (!error.isEmpty())
                m_problem->setText(tr("The keychain could not give the password: %1").arg(error));
        });
    }
}

ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile p;
    p.brokers = m_brokers->currentText().trimmed();
    p.securityProtocol = m_protocol->currentText();
    p.saslMechanism = m_mechanism->currentText();
    p.saslUsername = m_username->text();
    p.saslPassword = m_password->text();
    p.sslCaLocation = m_ca->text().trimmed();
    p.sslCertificateLocation = m_certificate->text().trimmed();
    p.sslKeyLocation = m_key->text().trimmed();
    p.sslKeyPassword = m_keyPassword->text();
    p.rememberSecrets = m_remember->isChecked();
    for (const QString &line : m_extra->toPlainText().split(QLatin1Char('\n'))) {
        if (line.trimmed().isEmpty() || line.trimmed().startsWith(QLatin1Char('#')))
            continue;
        if (auto entry = KafkaProperties::parseAssignment(line.trimmed()))
            p.extra.set(entry->first, entry->second);
    }
    return p;
}

QString ConnectDialog::problem() const
{
    if (m_brokers->currentText().trimmed().isEmpty())
        return tr("Enter the bootstrap servers, such as localhost:9092.");
    const QStringList lines = m_extra->toPlainText().split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines[i].trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('#')))
            continue;
        if (auto entry = KafkaProperties::parseAssignment(line); !entry)
            return tr("Properties, line %1: %2").arg(i + 1).arg(entry.error().message);
    }
    return {};
}

void ConnectDialog::accept()
{
    const QString why = problem();
    if (!why.isEmpty()) {
        m_problem->setText(why);
        return;
    }
    const ConnectionProfile p = profile();
    // Secrets go to the keychain or nowhere. A failure to store is said, and
    // does not stop connecting.
    for (auto [property, secret] : {std::pair{QStringLiteral("sasl.password"), p.saslPassword},
                                    std::pair{QStringLiteral("ssl.key.password"), p.sslKeyPassword}}) {
        if (!p.rememberSecrets) {
            m_secrets->remove(p.keychainKey(property));
            continue;
        }
        if (secret.isEmpty())
            continue;
        QPointer<QWidget> owner = parentWidget();
        m_secrets->store(p.keychainKey(property), secret, [owner](const QString &error) {
            if (!error.isEmpty() && owner)
                owner->setStatusTip(QObject::tr("The password was not remembered: %1").arg(error));
        });
    }
    QDialog::accept();
}

} // namespace streamscope
