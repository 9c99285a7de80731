#pragma once
// The windows at the cursor, one lane per key: event time runs left to
// right, each window is a rectangle coloured by its state (open, fired,
// re-fired late; purged and merged-away windows fade out over the steps
// after they left), each event a dot at its event time in its key's lane
// (late ones red: a disc when accepted, a cross when dropped; the cursor's
// event ringed), and the combined watermark a vertical line.
//
// Lanes are sorted by activity — the key touched most recently on top — and
// filtered by a substring of the key. The wheel scrolls lanes; Ctrl+wheel
// zooms time and a drag pans it. The view follows the watermark until the
// user zooms or pans, and again when "Follow watermark" is checked.
//
// A click on a window selects it: the panel below the lanes lists its events
// (each a link: eventClicked; "show all in the table": windowEventsActivated)
// and its result — the aggregates as it last fired, or as they stand while it
// is open. The panel follows the cursor while the window exists.
//
// Given what the cursor shows (showStep) — it never reads the session. The
// windows that left the state and the event times of dots come from
// WindowHistory on the player's thread (core/replay/windowhistory.h).

#include "engine/engine.h"
#include "replay/windowhistory.h"
#include "replay/windowstyle.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QList>
#include <QWidget>

#include <optional>
#include <vector>

class QCPGraph;
class QCPItemRect;
class QCPItemStraightLine;
class QCPItemText;
class QCustomPlot;
class QLabel;
class QLineEdit;
class QScrollBar;
class QTextBrowser;
class QToolButton;
class QUrl;

namespace streamscope {

class WindowLanesView : public QWidget
{
    Q_OBJECT

public:
    // A window as drawn (for tests, tooltips and clicks).
    struct DrawnWindow {
        QByteArray key;
        TimeWindow window;
        WindowLook look = WindowLook::Open;
        int lane = 0;
        double top = 0, bottom = 0; // in lane units: lane ± 0.4, split for overlapping sliding windows
        bool historic = false;    // purged or merged away: from the history
        bool changed = false;     // this step created, updated, fired or merged it
        std::int64_t atSeq = -1;  // historic: when it left
        QColor fill;
        QColor border;
    };
    // An event as drawn.
    struct DrawnEvent {
        std::int64_t seq = -1;
        int lane = 0;
        std::int64_t eventTimeMs = 0;
        EventPoint::Late late = EventPoint::Late::No;
        bool historic = false; // only in windows that left the state
    };

    explicit WindowLanesView(QWidget *parent = nullptr);
    ~WindowLanesView() override;

    void setPipeline(const PipelineSpec &spec);
    // What the cursor shows: the state, the step to it, and the windows that
    // left the state recently (WindowHistory::entries()).
    void showStep(const EngineSnapshot &snapshot, const StepReport &report, const QList<WindowHistoryEntry> &history);
    // Both at once (one rebuild instead of two): what a replay frame carries.
    void showStep(const EngineSnapshot &snapshot, const StepReport &report, const QList<WindowHistoryEntry> &history,
                  const QHash<qint64, EventPoint> &points);
    // The event time and key of each seq drawn (WindowHistory::eventPoints());
    // seqs without one are not drawn.
    void setEventTimes(const QHash<qint64, EventPoint> &points);
    void setKeyFilter(const QString &substring);
    QString keyFilter() const;
    void clear();

    void setFollowWatermark(bool follow);
    bool followsWatermark() const { return m_follow; }

    // Every lane that passes the filter, most recently touched first.
    QList<QByteArray> lanes() const { return m_lanes; }
    int firstVisibleLane() const;
    int visibleLaneCount() const;
    void scrollToLane(int lane);
    QList<DrawnWindow> drawnWindows() const { return m_drawnWindows; }
    QList<DrawnEvent> drawnEvents() const { return m_drawnEvents; }
    // Where the watermark line is (ms), if there is a watermark.
    std::optional<std::int64_t> watermarkLine() const;
    // Where the watermark's label is drawn, in plot() pixels (for tests).
    QRectF watermarkLabelRect() const;
    QCustomPlot *plot() const { return m_plot; }
    // What the contents panel shows: the selected window as of the cursor.
    struct WindowContents {
        QByteArray key;
        TimeWindow window;
        WindowLook look = WindowLook::Open;
        bool historic = false;  // it left the state (purged or merged away)
        bool inState = false;   // false: neither open nor in the history at the cursor
        std::int64_t atSeq = -1; // historic: when it left
        int firings = 0;
        int earlyFirings = 0;
        std::vector<std::int64_t> seqs;
        QJsonObject aggregates; // the result when fired, else the running aggregates
    };
    // Selects a window (as a click does, without the signals); false when it
    // is neither open nor in the history.
    bool selectWindow(const QByteArray &key, const TimeWindow &window);
    void clearSelection();
    std::optional<WindowContents> selectedWindow() const { return m_selection; }
    // The contents panel as plain text (for tests).
    QString contentsText() const;
    QTextBrowser *contentsPanel() const { return m_details; }

    // The pixel (in plot() coordinates) of a time in a key's lane, if shown.
    std::optional<QPointF> pixelOf(const QByteArray &key, std::int64_t timeMs) const;
    // What a click at pos (plot() coordinates) hits.
    std::optional<DrawnEvent> eventAt(const QPointF &pos) const;
    std::optional<DrawnWindow> windowAt(const QPointF &pos) const;

signals:
    void windowClicked(const QByteArray &key, qint64 start, qint64 end);
    // The events of the window clicked (or "show all in the table"), by seq.
    void windowEventsActivated(const QList<qint64> &seqs);
    // A dot clicked, or an event link of the contents panel.
    void eventClicked(qint64 seq);

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void updateLanes();
    void rebuild(); // the items of the visible lanes, then a queued replot
    void followWatermark();
    void updateScrollBar();
    void updateTimeFormat();
    void placeWatermarkLabel();
    void updateStatus();
    void applyTheme();
    void updateLegend();
    void layoutNow();
    double defaultSpanSeconds() const;
    void click(const QPointF &pos);
    void refreshSelection(); // the selected window as of the cursor
    void updateContents();
    void openLink(const QUrl &url);
    void showToolTip(const QPointF &pos, const QPoint &globalPos);
    QCPItemRect *rectAt(int index);
    double laneHeightPixels() const;
    std::pair<int, int> subRowOf(const TimeWindow &window) const; // (row, rows)

    PipelineSpec m_spec;
    bool m_hasStep = false;
    EngineSnapshot m_snapshot;
    std::int64_t m_stepSeq = -1;
    QList<WindowHistoryEntry> m_history;
    QHash<qint64, EventPoint> m_points;
    // This step's window changes: (key, window) → what happened.
    std::map<std::pair<QByteArray, TimeWindow>, QStringList> m_changed;
    QSet<QByteArray> m_touched; // keys this step changed
    QList<QByteArray> m_lanes;
    QString m_filter;
    bool m_follow = true;
    double m_spanSeconds = 60; // the width of the time axis while following
    int m_laidOutLanes = -1;   // the visible lane count of the last rebuild

    QList<DrawnWindow> m_drawnWindows;
    QList<DrawnEvent> m_drawnEvents;

    QCustomPlot *m_plot = nullptr;
    QScrollBar *m_scroll = nullptr;
    QLineEdit *m_filterEdit = nullptr;
    QToolButton *m_followButton = nullptr;
    class StatusLabel *m_status = nullptr;
    QLabel *m_legend = nullptr;
    QTextBrowser *m_details = nullptr;
    std::optional<WindowContents> m_selection;
    std::vector<QCPItemRect *> m_rects; // a pool: drawn ones first, the rest hidden
    QCPGraph *m_dots = nullptr;
    QCPGraph *m_historicDots = nullptr;
    QCPGraph *m_lateAccepted = nullptr;
    QCPGraph *m_lateDropped = nullptr;
    QCPGraph *m_current = nullptr;
    QCPItemStraightLine *m_watermark = nullptr;
    QCPItemText *m_watermarkLabel = nullptr;
    QPoint m_pressPos;
    bool m_pressed = false;
};

} // namespace streamscope
