#pragma once
// The cluster browser dock: topics with partitions and offsets, consumer
// groups with their lag. Refreshes in the background (the GUI thread never
// waits on the cluster), on F5 and every few seconds while shown; a
// double-click on a topic asks to attach to it.

#include "kafka/clusterinspector.h"

#include <QPointer>
#include <QStandardItemModel>
#include <QWidget>

class QLabel;
class QTreeView;
class QToolButton;
class QTimer;

namespace streamscope {

class ClusterBrowser : public QWidget
{
    Q_OBJECT

public:
    explicit ClusterBrowser(QWidget *parent = nullptr);
    ~ClusterBrowser() override;

    // The cluster to show; an empty brokers string clears the view.
    void setCluster(const ClusterInspector::Options &options);
    // Refreshes every intervalMs while shown (10 s unless set); 0: never.
    void setAutoRefresh(int intervalMs);
    QAbstractItemModel *model() { return &m_model; }
    // The last description shown, for tests and for the attach dialog.
    const ClusterDescription &description() const { return m_description; }

public slots:
    // Reads the cluster again; asked while a read runs, it reads once more
    // after it (what the user asked for may have been produced since it began).
    void refresh();

signals:
    void attachRequested(const QString &topic);
    void refreshed();
    void failed(const QString &message);

private:
    void showDescription(const ClusterDescription &description);

    QStandardItemModel m_model;
    QTreeView *m_view = nullptr;
    QLabel *m_status = nullptr;
    QToolButton *m_refresh = nullptr;
    QTimer *m_timer = nullptr;
    ClusterInspector::Options m_options;
    ClusterDescription m_description;
    int m_job = 0;        // the latest refresh; older results are dropped
    bool m_busy = false;
    bool m_refreshAgain = false; // refresh() was asked while busy
};

} // namespace streamscope
