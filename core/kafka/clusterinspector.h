#pragma once
// What a cluster holds, for the cluster browser: topics with their
// partitions' low/high offsets, and consumer groups with their committed
// offsets and lag. Read-only: metadata, ListOffsets, ListGroups and
// OffsetFetch requests only. Every call blocks (bounded by the timeout): run
// it off the GUI thread.

#include "kafka/kafkaclient.h"

#include <QList>
#include <QString>
#include <memory>

namespace streamscope {

struct PartitionOffsets {
    int partition = -1;
    int leader = -1;
    std::int64_t low = -1;
    std::int64_t high = -1;
    std::int64_t messages() const { return low >= 0 && high >= low ? high - low : 0; }
};

struct TopicDescription {
    QString name;
    QList<PartitionOffsets> partitions; // by partition
    QString error;                      // this topic could not be described
    std::int64_t messages() const;
};

struct GroupPartitionLag {
    QString topic;
    int partition = -1;
    std::int64_t committed = -1; // -1: nothing committed
    std::int64_t high = -1;
    std::int64_t lag() const { return committed >= 0 && high >= committed ? high - committed : -1; }
};

struct GroupDescription {
    QString id;
    QString state;
    QList<GroupPartitionLag> partitions;
    QString error;
    std::int64_t totalLag() const;
};

struct ClusterDescription {
    QList<TopicDescription> topics; // by name, internal topics (__*) left out
    QList<GroupDescription> groups; // by id
    QString groupsError;            // listing groups failed (e.g. the broker does not support it)
};

class ClusterInspector
{
public:
    struct Options {
        QString brokers;
        KafkaProperties properties;
        int timeoutMs = 10000;
        QStringList knownGroups; // described even when the broker cannot list groups
    };

    static Result<std::unique_ptr<ClusterInspector>> connect(const Options &options);
    Result<ClusterDescription> describe();

private:
    explicit ClusterInspector(Options options) : m_options(std::move(options)) {}
    Result<QStringList> listGroupIds(QString &errorOut, QMap<QString, QString> &states);
    GroupDescription describeGroup(const QString &id, const QMap<QPair<QString, int>, std::int64_t> &highs);

    Options m_options;
    std::unique_ptr<KafkaClient> m_client;
};

} // namespace streamscope
