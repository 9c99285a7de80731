#pragma once
// "Show this key's state over time": one aggregate of one key's windows over
// the steps of the session (x: seq). Each window is a line from the step
// that created it to the step it was purged or merged away, alternating
// colours so neighbours stay apart; firings are marked (on time a disc, late
// re-firings a diamond, early a triangle) and the key's dropped late events
// are red crosses along the bottom. A vertical line marks the cursor; a
// click activates the step under the pointer.
//
// The history is computed in core (computeKeyHistory, on a thread of the
// caller's).

#include "plots/sessionplot.h"
#include "replay/keyhistory.h"

class QCPCurve;
class QCPItemStraightLine;
class QComboBox;
class QLabel;

namespace streamscope {

class KeyHistoryPlot : public SessionPlot
{
    Q_OBJECT

public:
    static constexpr int kLineColours = 5;

    explicit KeyHistoryPlot(QWidget *parent = nullptr);
    ~KeyHistoryPlot() override;

    void setHistory(const KeyHistory &history);
    // The aggregate plotted (by name); the first numeric one by default.
    void setAggregate(const QString &name);
    QString aggregate() const { return m_aggregate; }
    // The aggregates that have numbers to plot.
    QStringList numericAggregates() const;
    void setCursor(qint64 seq);
    void clear();

    const KeyHistory &history() const { return m_history; }
    // For tests: the lines (one per colour, windows separated by gaps) and
    // the firing marks as drawn.
    QList<QCPCurve *> lines() const { return m_lines; }
    QCPGraph *firings() const { return m_firings; }
    QCPGraph *lateFirings() const { return m_lateFirings; }
    QCPGraph *droppedEvents() const { return m_dropped; }

protected:
    void redraw() override;
    void applyTheme() override;
    std::optional<qint64> seqAtKey(double key) const override;

private:
    void updateChooser();

    KeyHistory m_history;
    QString m_aggregate;
    qint64 m_cursor = -1;
    QComboBox *m_chooser = nullptr;
    QList<QCPCurve *> m_lines;
    QCPGraph *m_firings = nullptr;
    QCPGraph *m_lateFirings = nullptr;
    QCPGraph *m_earlyFirings = nullptr;
    QCPGraph *m_dropped = nullptr;
    QCPItemStraightLine *m_cursorLine = nullptr;
};

} // namespace streamscope
