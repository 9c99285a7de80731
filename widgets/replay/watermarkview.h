#pragma once
// Event time against arrival time for a whole session, with the watermarks:
// every event a dot (x: when it arrived, y: the time it is about), the ideal
// diagonal (no delay at all), the combined watermark as a step curve and each
// partition's watermark as a thin one — the partition holding the combined
// watermark back at the cursor drawn thick — and a band over the time a
// partition was idle. Late events are red: a disc when accepted, a cross
// when dropped. The cursor is a vertical line at its arrival time.
//
// The series is computed in core (computeWatermarkSeries, on a thread of the
// caller's); a click on a dot or a watermark step activates its seq.

#include "plots/sessionplot.h"
#include "replay/watermarkseries.h"

#include <optional>

class QCPItemRect;
class QCPRange;
class QCPLayer;
class QCPItemStraightLine;
class QCPItemText;
class QCPItemTracer;
class QCheckBox;

namespace streamscope {

class WatermarkView : public SessionPlot
{
    Q_OBJECT

public:
    explicit WatermarkView(QWidget *parent = nullptr);
    ~WatermarkView() override;

    void setSeries(const WatermarkSeries &series);
    bool hasSeries() const { return m_hasSeries; }
    // Hides QWidget::setCursor(const QCursor &): the view's cursor is a seq.
    void setCursor(qint64 seq);
    void clear();
    // Near the cursor (the default, remembered): the plot shows this many
    // seconds of arrival time around the replay cursor, and moves along when
    // the cursor nears an edge; off, or in a session not much longer, the
    // whole session.
    static constexpr double kNearCursorSeconds = 120;
    void setNearCursor(bool near);
    bool isNearCursor() const;
    void setNearCursorSpan(double seconds);

    const WatermarkSeries &series() const { return m_series; }
    qint64 cursorSeq() const { return m_cursor; }
    // For tests: the graphs as drawn.
    QCPGraph *eventGraph(Lateness lateness) const;
    QCPGraph *combinedGraph() const { return m_combined; }
    QList<QCPGraph *> partitionGraphs() const { return m_partitionGraphs; }
    std::optional<PartitionRef> highlightedPartition() const { return m_highlighted; }
    int idleBandCount() const { return int(m_idleBands.size()); }
    int shownIdleLabelCount() const;

signals:
    void eventClicked(qint64 seq);

protected:
    void redraw() override;
    bool fitRange() override;
    void applyTheme() override;

private:
    void updateCursor();
    double cursorX() const; // the cursor's arrival, in the plot's seconds
    // The arrival span to show near the cursor, when it applies.
    std::optional<QCPRange> nearCursorKeys() const;
    void updateValueTimeFormat();
    void updateStatusText();
    void placeIdleLabels();

    WatermarkSeries m_series;
    QCPLayer *m_cursorLayer = nullptr;
    QCPLayer *m_holdingLayer = nullptr;
    bool m_holdingChanged = false;
    QCPGraph *m_holding = nullptr; // over the holding partition's curve, on the cursor layer
    bool m_restyle = true; // the partition graphs need their pens (new graphs, theme)
    bool m_hasSeries = false;
    qint64 m_cursor = -1;
    QCheckBox *m_nearCursor = nullptr;
    double m_nearCursorSpan = kNearCursorSeconds;
    bool m_fittedNearCursor = false; // the range shown is a near-cursor one
    std::optional<PartitionRef> m_highlighted;
    QCPGraph *m_onTime = nullptr;
    QCPGraph *m_lateAccepted = nullptr;
    QCPGraph *m_lateDropped = nullptr;
    QCPGraph *m_combined = nullptr;
    QList<QCPGraph *> m_partitionGraphs;
    QList<QCPItemRect *> m_idleBands;
    QList<QCPItemText *> m_idleLabels;   // one per band, at its end
    std::vector<double> m_idleLabelWidths; // in pixels, padding included
    std::vector<int> m_idleLabelOrder;     // label indexes by the end of their band
    QCPItemStraightLine *m_diagonal = nullptr;
    QCPItemStraightLine *m_cursorLine = nullptr;
    QCPItemTracer *m_cursorMark = nullptr;
};

} // namespace streamscope
