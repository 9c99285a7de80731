#pragma once
// The replay timeline: the whole session along arrival time, with the event
// density as a histogram, marks where late events arrived (accepted in
// orange, dropped in red, above) and where windows fired (below), and the
// cursor. Clicking or dragging asks to seek there.
//
// Marks arrive in batches while the session is indexed (ReplayController::
// marksAdded) and may number millions: they are kept as they come and
// counted into one bin per pixel column, incrementally, so painting costs
// the width of the widget, not the number of marks.

#include "replay/timelinemarks.h"

#include <QElapsedTimer>
#include <QList>
#include <QPixmap>
#include <QWidget>
#include <array>
#include <vector>

namespace streamscope {

class TimelineSlider : public QWidget
{
    Q_OBJECT

public:
    // The rows of marks, top to bottom.
    enum class MarkRow { LateAccepted, LateDropped, Firing, Other, Count };

    explicit TimelineSlider(QWidget *parent = nullptr);
    ~TimelineSlider() override;

    // The arrival-time span the slider shows (a live session's grows).
    void setRange(qint64 firstArrivalUs, qint64 lastArrivalUs);
    qint64 firstArrivalUs() const { return m_firstUs; }
    qint64 lastArrivalUs() const { return m_lastUs; }
    // Events per bucket of widthUs starting at originUs (SessionStatsSnapshot::total.events).
    void setDensity(const QList<std::int64_t> &eventsPerBucket, qint64 originUs, qint64 widthUs);
    void addMarks(const std::vector<TimelineMark> &marks);
    void clearMarks();
    std::size_t markCount() const { return m_marks.size(); }
    // The marks of a row that fall into the pixel column x (for tests and tooltips).
    int marksAtColumn(MarkRow row, int x) const;
    // -1: no cursor (before the first event).
    void setCursorArrival(qint64 arrivalUs);
    qint64 cursorArrival() const { return m_cursorUs; }

    // Between arrival time and the x of the widget.
    qint64 arrivalAt(int x) const;
    int xFor(qint64 arrivalUs) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void seekRequested(qint64 arrivalUs);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool event(QEvent *event) override;

private:
    QRect track() const;
    void paintBackground(QPainter &p);
    void rebin();
    void binMarks(std::size_t from);
    static MarkRow rowOf(TimelineMark::Kind kind);
    void requestSeek(int x, bool final);

    qint64 m_firstUs = 0;
    qint64 m_lastUs = 0;
    qint64 m_cursorUs = -1;
    QList<std::int64_t> m_density;
    qint64 m_densityOriginUs = 0;
    qint64 m_densityWidthUs = 0;
    std::vector<TimelineMark> m_marks;
    // Per row, marks per pixel column of the track; rebuilt when the
    // geometry or range changes, extended when marks arrive.
    std::array<std::vector<int>, std::size_t(MarkRow::Count)> m_bins;
    std::size_t m_binned = 0;
    bool m_dragging = false;
    int m_lastDragX = -1;
    QElapsedTimer m_sinceSeek;
    // The density and marks as last painted; the cursor is drawn over it.
    QPixmap m_background;
    bool m_backgroundStale = true;
};

} // namespace streamscope
