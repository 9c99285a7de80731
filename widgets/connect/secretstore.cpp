#include "connect/secretstore.h"

#include <qt6keychain/keychain.h>

namespace streamscope {

SecretStore::SecretStore(QObject *parent) : QObject(parent) {}

void SecretStore::store(const QString &key, const QString &secret, std::function<void(QString)> done)
{
    auto *job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->setTextData(secret);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        done(j->error() == QKeychain::NoError ? QString() : j->errorString());
    });
    job->start();
}

void SecretStore::load(const QString &key, std::function<void(std::optional<QString>, QString)> done)
{
    auto *job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [done](QKeychain::Job *j) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(j);
        if (j->error() == QKeychain::NoError)
            done(read->textData(), QString());
        else if (j->error() == QKeychain::EntryNotFound)
            done(std::nullopt, QString());
        else
            done(std::nullopt, j->errorString());
    });
    job->start();
}

void SecretStore::remove(const QString &key)
{
    auto *job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setKey(key);
    job->start();
}

} // namespace streamscope
