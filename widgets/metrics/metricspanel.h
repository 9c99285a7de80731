#pragma once
// The metrics panel: how fast events arrive, how far recording lags behind
// the brokers, how late events arrive (arrival − Kafka timestamp), how many
// are late for the active pipeline and how many payloads are not JSON. A
// compact form above a lag table; every figure comes from a value the main
// window hands over (statistics, recorder progress, engine counters), so the
// panel itself never reads a session or a broker.

#include "engine/engine.h"
#include "record/recorder.h"
#include "stats/sessionstats.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace streamscope {

class MetricsPanel : public QWidget
{
    Q_OBJECT

public:
    // One row per partition, named topic[partition] as in the state inspector.
    enum LagColumns { PartitionColumn = 0, HighWatermarkColumn, RecordedColumn, LagColumn, NUM_LAG_COLUMNS };

    explicit MetricsPanel(QWidget *parent = nullptr);

    void setSessionStats(const SessionStatsSnapshot &stats);
    void setRecordProgress(const RecordProgress &progress);
    // The active pipeline's counters after `events` events (the denominator
    // of the late rate; counters.events when ≤ 0).
    void setPipelineCounters(const EngineCounters &counters, qint64 events);
    // No active pipeline: the late rate reads "no pipeline".
    void clearPipeline();
    void clear();

    // The text of a figure, for tests and the status bar: "rate", "events",
    // "latency", "badPayloads", "late", "lag".
    QString figure(const QString &name) const;
    QTableWidget *lagTable() const { return m_lagTable; }

private:
    QLabel *addFigure(const QString &name, const QString &toolTip);

    QHash<QString, QLabel *> m_figures;
    QTableWidget *m_lagTable = nullptr;
};

} // namespace streamscope
