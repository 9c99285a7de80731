#pragma once
// What the session's plots have in common (the I/O graph, the field plot):
// a QCustomPlot on a time axis that follows the palette, zoom and pan with
// the mouse wheel and drag (double-click or "Reset zoom" to go back to the
// automatic range: everything, unless the subclass fits one of its own),
// export to PNG or PDF, and a click on a point that names the event behind
// it (eventActivated(seq): the table jumps there).
//
// Data comes from a background thread; a subclass stores it and calls
// markStale(), and redraw() runs at the next throttled tick (at most every
// 40 ms, PlotJuggler's rule), followed by one queued replot — computed plot
// data is kept apart from drawing (Wireshark's I/O graph).

#include <QHash>
#include <QList>
#include <QWidget>

#include <cstdint>
#include <optional>

class QCPAbstractPlottable;
class QCPGraph;
class QCustomPlot;
class QHBoxLayout;
class QLabel;
class QTimer;

namespace streamscope {

class StatusLabel;

class SessionPlot : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kLegendColumns = 9; // at most; fewer when the plot is narrow

    ~SessionPlot() override;

    // Writes the plot as shown: PDF when the path ends in .pdf, else PNG.
    bool exportTo(const QString &path);
    QCustomPlot *plot() const { return m_plot; }
    // The seq a click at pos (in plot() coordinates) activates, if any.
    std::optional<qint64> seqAt(const QPointF &pos) const;
    QString statusText() const;
    bool isLive() const { return m_live; }

public slots:
    void resetZoom();
    void exportWithDialog();

signals:
    void eventActivated(qint64 seq);
    // The plot shows the latest data (after the throttled redraw).
    void redrawn();
    void failed(const QString &message);

protected:
    explicit SessionPlot(QWidget *parent = nullptr);

    // The subclass's controls go here, before the standard buttons.
    QHBoxLayout *toolbar() const { return m_toolbar; }
    void setStatus(const QString &text);
    void setTimeAxisLabel(const QString &label);
    // Y starts at zero (rates) rather than at the lowest value.
    void setValueFromZero(bool fromZero) { m_valueFromZero = fromZero; }
    void setLiveFlag(bool live) { m_live = live; }
    // The legend, in a row of its own above the plot (never over the data).
    void setLegendShown(bool shown);

    void markStale();
    virtual void redraw() = 0;
    // A range of the subclass's own choosing instead of the whole data, when
    // it sets one (and returns true); asked whenever the plot fits its range
    // (not once the user zoomed or panned, until Reset zoom).
    virtual bool fitRange() { return false; }
    // Fits the range again now (the data did not change): false when the
    // user's zoom stands.
    bool refitRange();
    // Recolours graphs after a palette change (axes are done here).
    virtual void applyTheme() {}

    // Removes every graph and its seqs.
    void clearGraphs();
    // The seq of each data point of graph, index for index (-1: none).
    void setGraphSeqs(QCPGraph *graph, QList<std::int64_t> seqs);
    // The seq for a click beside every point, at a key (x) of the plot.
    virtual std::optional<qint64> seqAtKey(double key) const;

    void changeEvent(QEvent *event) override;

private:
    void fitLegendColumns();
    void tick();
    void autoRange();
    void updateTimeFormat();

    QCustomPlot *m_plot = nullptr;
    QHBoxLayout *m_toolbar = nullptr;
    StatusLabel *m_status = nullptr;
    QTimer *m_throttle = nullptr;
    QHash<const QCPAbstractPlottable *, QList<std::int64_t>> m_seqs;
    bool m_stale = false;
    bool m_userZoomed = false;
    bool m_valueFromZero = false;
    bool m_live = false;
    QPoint m_pressPos;
    bool m_pressed = false;
};

} // namespace streamscope
