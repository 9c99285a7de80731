#pragma once
// "Plot this field over time": the numbers an expression gives for every
// event of a session (value.temperature_c, headers.attempt, arrival −
// timestamp), over event time or arrival time, in one series or one per
// partition or per key. FieldSeriesBuilder evaluates on a SessionFollower
// thread (live: following the recording); strings, missing values and events
// without a time are skipped and counted in the status line. At most ten
// series get a colour of their own; later partitions or keys share a grey
// "other" series. A click on a point activates its event.

#include "plots/sessionplot.h"
#include "stats/fieldseries.h"
#include "util/result.h"

#include <memory>

class QComboBox;
class QLabel;

namespace streamscope {

class SessionFollower;

class FieldPlotWidget : public SessionPlot
{
    Q_OBJECT

public:
    using TimeAxis = streamscope::TimeAxis; // FieldPlotWidget::TimeAxis::Arrival reads well at call sites

    explicit FieldPlotWidget(QWidget *parent = nullptr);
    ~FieldPlotWidget() override;

    // Starts plotting. Fails at once for an expression that does not
    // compile or a missing file; later failures go to failed().
    Status plotField(const QString &sessionPath, const QString &expression, TimeAxis axis = TimeAxis::EventTime);
    void setLive(bool live);
    void clear();

    // Each recomputes the plot of the current field.
    void setTimeAxis(TimeAxis axis);
    TimeAxis timeAxis() const { return m_axis; }
    // Event time from an expression in epoch milliseconds (the pipeline's
    // event-time field, value.ts); empty: the Kafka timestamp.
    Status setEventTimeExpression(const QString &expression);
    QString eventTimeExpression() const { return m_eventTimeText; }
    void setSplit(SeriesSplit split);
    SeriesSplit split() const { return m_split; }

    QString expression() const { return m_expressionText; }
    const FieldSeriesSnapshot &snapshot() const { return m_snapshot; }
    // One graph per series of snapshot(), in order (for tests).
    QList<QCPGraph *> seriesGraphs() const { return m_graphs; }

protected:
    void redraw() override;
    void applyTheme() override;

private:
    void restart();
    void onSnapshot(quint64 generation, const FieldSeriesSnapshot &snapshot);
    void updateStatus();
    void updateAxisLabels();
    QString seriesName(const FieldSeries &series) const;

    std::unique_ptr<SessionFollower> m_follower;
    quint64 m_generation = 0;
    QString m_path;
    QString m_error;
    QString m_expressionText;
    expr::Expression m_expression;
    QString m_eventTimeText;
    expr::Expression m_eventTime;
    TimeAxis m_axis = TimeAxis::EventTime;
    SeriesSplit m_split = SeriesSplit::None;
    FieldSeriesSnapshot m_snapshot;
    QList<QCPGraph *> m_graphs;
    QLabel *m_title = nullptr;
    QComboBox *m_axisBox = nullptr;
    QComboBox *m_splitBox = nullptr;
};

} // namespace streamscope
