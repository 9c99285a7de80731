#pragma once
// The I/O graph: events/s or bytes/s over arrival time, in total and per
// partition, as Wireshark draws packets/s. The statistics are computed by
// SessionStats on a SessionFollower thread with its own reader; live, it
// follows the session as it is recorded (refresh at ≤ 4 Hz). The GUI thread
// only receives snapshots of bucket arrays.
//
// Log scale (remembered between runs) keeps a slow rate readable next to a
// burst: attaching to a topic's history reads it all within a few seconds of
// arrival time, a spike that flattens the live rate on a linear axis.
//
// A click on a point activates the first event of its bucket (of that
// partition, for a partition's line); a click between lines, the first event
// of the bucket under the pointer.

#include "plots/sessionplot.h"
#include "stats/sessionstats.h"
#include "util/result.h"

#include <memory>

class QCheckBox;
class QComboBox;

namespace streamscope {

class SessionFollower;

class IoGraphWidget : public SessionPlot
{
    Q_OBJECT

public:
    enum class Metric { Events, Bytes };

    explicit IoGraphWidget(QWidget *parent = nullptr);
    ~IoGraphWidget() override;

    // Starts computing the graph of a session (an empty path clears). Fails
    // at once only when there is no such file; later failures (not a
    // session, unreadable) are reported by failed() and in the status line.
    Status setSession(const QString &path);
    // Follow the session while it is being recorded.
    void setLive(bool live);
    void clear();

    void setMetric(Metric metric);
    Metric metric() const { return m_metric; }
    void setPerPartition(bool perPartition);
    bool perPartition() const { return m_perPartition; }
    void setLogScale(bool logScale);
    bool logScale() const { return m_logScale; }

    // The statistics drawn last (also what statsUpdated() carried).
    const SessionStatsSnapshot &snapshot() const { return m_snapshot; }
    // The graph of the total and of each partition (in snapshot order), for tests.
    QCPGraph *totalGraph() const { return m_totalGraph; }
    QList<QCPGraph *> partitionGraphs() const { return m_partitionGraphs; }

signals:
    // New statistics of the session (the metrics panel shows them too).
    void statsUpdated(const streamscope::SessionStatsSnapshot &snapshot);

protected:
    void redraw() override;
    void applyTheme() override;
    std::optional<qint64> seqAtKey(double key) const override;

private:
    void onSnapshot(quint64 generation, const SessionStatsSnapshot &snapshot);
    void updateStatus();

    std::unique_ptr<SessionFollower> m_follower;
    quint64 m_generation = 0;
    QString m_path;
    QString m_error;
    SessionStatsSnapshot m_snapshot;
    Metric m_metric = Metric::Events;
    bool m_perPartition = true;
    bool m_logScale = false;
    QCPGraph *m_totalGraph = nullptr;
    QList<QCPGraph *> m_partitionGraphs;
    QComboBox *m_metricBox = nullptr;
    QCheckBox *m_partitionBox = nullptr;
    QCheckBox *m_logScaleBox = nullptr;
};

} // namespace streamscope
