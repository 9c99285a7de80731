#include "cluster/clusterbrowser.h"

#include "common/format.h"

#include <QCoreApplication>
#include <QHeaderView>
#include <QKeySequence>
#include <QSet>
#include <QTime>
#include <QLabel>
#include <QTimer>
#include <QToolButton>
#include <QTreeView>
#include <QVBoxLayout>

#include <thread>
#include <utility>

namespace streamscope {

namespace {

enum Column { NameColumn, CountColumn, DetailColumn, ColumnCount };
// Offsets move while the user watches (the demo produces all the time): a
// view read once would show a topic as empty long after it filled.
constexpr int kDefaultAutoRefreshMs = 10000;
constexpr int kTopicRole = Qt::UserRole + 1; // on topic rows: the topic name

QList<QStandardItem *> row(const QString &name, const QString &count, const QString &detail)
{
    QList<QStandardItem *> items{new QStandardItem(name), new QStandardItem(count), new QStandardItem(detail)};
    for (QStandardItem *item : items)
        item->setEditable(false);
    items[CountColumn]->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return items;
}

} // namespace

ClusterBrowser::ClusterBrowser(QWidget *parent) : QWidget(parent)
{
    m_model.setHorizontalHeaderLabels({tr("Name"), tr("Events / lag"), tr("Details")});
    m_view = new QTreeView(this);
    m_view->setModel(&m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->header()->setSectionResizeMode(NameColumn, QHeaderView::ResizeToContents);
    m_view->header()->setSectionResizeMode(CountColumn, QHeaderView::ResizeToContents);
    m_view->header()->setStretchLastSection(true);
    m_refresh = new QToolButton(this);
    m_refresh->setText(tr("Refresh"));
    m_refresh->setShortcut(QKeySequence(Qt::Key_F5));
    m_refresh->setToolTip(tr("Read the cluster's topics, offsets and groups again (%1; every %2 s on its own while shown)")
                              .arg(m_refresh->shortcut().toString(QKeySequence::NativeText))
                              .arg(kDefaultAutoRefreshMs / 1000));
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_status, 1);
    bar->addWidget(m_refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    m_timer = new QTimer(this);
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (isVisible() && !m_busy) // a hidden dock does not poll the cluster
            refresh();
    });
    m_timer->start(kDefaultAutoRefreshMs);
    connect(m_refresh, &QToolButton::clicked, this, &ClusterBrowser::refresh);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString topic = index.siblingAtColumn(NameColumn).data(kTopicRole).toString();
        if (!topic.isEmpty())
            emit attachRequested(topic);
    });
    m_status->setText(tr("Not connected."));
}

ClusterBrowser::~ClusterBrowser() = default;

void ClusterBrowser::setCluster(const ClusterInspector::Options &options)
{
    m_options = options;
    ++m_job; // whatever is running belongs to the previous cluster
    m_busy = false;
    m_refreshAgain = false;
    m_model.removeRows(0, m_model.rowCount());
    m_description = {};
    if (options.brokers.isEmpty()) {
        m_status->setText(tr("Not connected."));
        return;
    }
    refresh();
}

void ClusterBrowser::setAutoRefresh(int intervalMs)
{
    if (intervalMs > 0)
        m_timer->start(intervalMs);
    else
        m_timer->stop();
}

void ClusterBrowser::refresh()
{
    if (m_options.brokers.isEmpty())
        return;
    if (m_busy) {
        m_refreshAgain = true;
        return;
    }
    m_busy = true;
    const int job = ++m_job;
    m_status->setText(tr("Reading %1…").arg(m_options.brokers));
    QPointer<ClusterBrowser> self(this);
    const ClusterInspector::Options options = m_options;
    // The inspector blocks up to its timeout: on a thread of its own.
    std::thread([self, job, options] {
        Result<ClusterDescription> result = Error::runtime(QString());
        auto inspector = ClusterInspector::connect(options);
        if (inspector)
            result = (*inspector)->describe();
        else
            result = inspector.error();
        QMetaObject::invokeMethod(
            qApp,
            [self, job, result]() mutable {
                if (!self || job != self->m_job)
                    return; // closed, or another cluster since
                self->m_busy = false;
                if (!result) {
                    self->m_status->setText(tr("Could not read the cluster: %1").arg(result.error().message));
                    emit self->failed(result.error().message);
                } else {
                    self->showDescription(*result);
                }
                if (self && std::exchange(self->m_refreshAgain, false))
                    self->refresh();
            },
            Qt::QueuedConnection);
    }).detach();
}

void ClusterBrowser::showDescription(const ClusterDescription &description)
{
    m_description = description;
    // Keep what the user expanded.
    QSet<QString> expanded;
    for (int r = 0; r < m_model.rowCount(); ++r) {
        QStandardItem *section = m_model.item(r);
        for (int c = 0; c < section->rowCount(); ++c)
            if (m_view->isExpanded(m_model.indexFromItem(section->child(c))))
                expanded.insert(section->text() + QLatin1Char('/') + section->child(c)->text());
    }
    m_model.removeRows(0, m_model.rowCount());

    QList<QStandardItem *> topics = row(tr("Topics"), format::count(description.topics.size()), QString());
    for (const TopicDescription &t : description.topics) {
        QList<QStandardItem *> topicRow =
            row(t.name, format::count(t.messages()),
                t.error.isEmpty() ? tr("%n partition(s)", nullptr, int(t.partitions.size())) : t.error);
        topicRow[NameColumn]->setData(t.name, kTopicRole);
        topicRow[NameColumn]->setToolTip(tr("Double-click to record and show this topic"));
        for (const PartitionOffsets &p : t.partitions)
            topicRow[NameColumn]->appendRow(row(tr("partition %1").arg(p.partition), format::count(p.messages()),
                                                tr("offsets %1 … %2, leader %3").arg(p.low).arg(p.high).arg(p.leader)));
        topics[NameColumn]->appendRow(topicRow);
    }
    m_model.appendRow(topics);

    QList<QStandardItem *> groups = row(tr("Consumer groups"), format::count(description.groups.size()), description.groupsError);
    for (const GroupDescription &g : description.groups) {
        QList<QStandardItem *> groupRow = row(g.id, format::count(g.totalLag()), g.error.isEmpty() ? g.state : g.error);
        groupRow[CountColumn]->setToolTip(tr("Total lag: events not yet consumed by the group"));
        for (const GroupPartitionLag &p : g.partitions)
            groupRow[NameColumn]->appendRow(row(QStringLiteral("%1 [%2]").arg(p.topic).arg(p.partition),
                                                p.lag() >= 0 ? format::count(p.lag()) : tr("?"),
                                                tr("committed %1 of %2").arg(p.committed).arg(p.high)));
        groups[NameColumn]->appendRow(groupRow);
    }
    m_model.appendRow(groups);

    m_view->expand(m_model.index(0, 0));
    m_view->expand(m_model.index(1, 0));
    for (int r = 0; r < m_model.rowCount(); ++r) {
        QStandardItem *section = m_model.item(r);
        for (int c = 0; c < section->rowCount(); ++c)
            if (expanded.contains(section->text() + QLatin1Char('/') + section->child(c)->text()))
                m_view->expand(m_model.indexFromItem(section->child(c)));
    }
    m_status->setText(tr("%1\n%2 topics · refreshed %3")
                          .arg(m_options.brokers)
                          .arg(description.topics.size())
                          .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
    emit refreshed();
}

} // namespace streamscope
