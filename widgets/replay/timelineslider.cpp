#include "replay/timelineslider.h"

#include "common/format.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPixmap>
#include <QToolTip>
#include <algorithm>
#include <cmath>

namespace streamscope {

namespace {

constexpr int kMarkRowHeight = 6;
constexpr int kMargin = 4;
constexpr int kDragSeekIntervalMs = 40; // at most 25 seeks/s while dragging

QColor markColor(TimelineSlider::MarkRow row)
{
    switch (row) {
    case TimelineSlider::MarkRow::LateAccepted: return QColor(0xE0, 0x8A, 0x00);
    case TimelineSlider::MarkRow::LateDropped: return QColor(0xD3, 0x2F, 0x2F);
    case TimelineSlider::MarkRow::Firing: return QColor(0x1E, 0x88, 0xE5);
    case TimelineSlider::MarkRow::Other:
    case TimelineSlider::MarkRow::Count: break;
    }
    return QColor(0x8E, 0x44, 0xAD); // merges and duplicates
}

} // namespace

TimelineSlider::TimelineSlider(QWidget *parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Session timeline by arrival time: event density, late events above (orange accepted, red "
                  "dropped), firings below. Click or drag to move the cursor."));
    m_sinceSeek.start();
}

TimelineSlider::~TimelineSlider() = default;

QSize TimelineSlider::sizeHint() const { return {600, 4 * kMarkRowHeight + 34}; }
QSize TimelineSlider::minimumSizeHint() const { return {120, sizeHint().height()}; }

QRect TimelineSlider::track() const { return rect().adjusted(kMargin, kMargin, -kMargin, -kMargin); }

void TimelineSlider::setRange(qint64 firstArrivalUs, qint64 lastArrivalUs)
{
    if (firstArrivalUs == m_firstUs && lastArrivalUs == m_lastUs)
        return;
    m_firstUs = firstArrivalUs;
    m_lastUs = std::max(firstArrivalUs, lastArrivalUs);
    rebin();
    update();
}

void TimelineSlider::setDensity(const QList<std::int64_t> &eventsPerBucket, qint64 originUs, qint64 widthUs)
{
    m_density = eventsPerBucket;
    m_densityOriginUs = originUs;
    m_densityWidthUs = widthUs;
    m_backgroundStale = true;
    update();
}

void TimelineSlider::addMarks(const std::vector<TimelineMark> &marks)
{
    const std::size_t from = m_marks.size();
    m_marks.insert(m_marks.end(), marks.begin(), marks.end());
    binMarks(from);
    update();
}

void TimelineSlider::clearMarks()
{
    m_marks.clear();
    rebin();
    update();
}

void TimelineSlider::setCursorArrival(qint64 arrivalUs)
{
    if (arrivalUs == m_cursorUs)
        return;
    // Only the strips under the old and the new cursor are painted again
    // (over the cached background): a step repaints a few columns, not the
    // whole timeline.
    const auto strip = [this](qint64 us) {
        return us >= 0 && m_lastUs >= m_firstUs ? QRect(xFor(us) - 6, 0, 13, height()) : rect();
    };
    update(strip(m_cursorUs));
    m_cursorUs = arrivalUs;
    update(strip(m_cursorUs));
}

qint64 TimelineSlider::arrivalAt(int x) const
{
    const QRect t = track();
    if (t.width() <= 1 || m_lastUs <= m_firstUs)
        return m_firstUs;
    const double f = std::clamp(double(x - t.left()) / double(t.width() - 1), 0.0, 1.0);
    return m_firstUs + qint64(std::llround(f * double(m_lastUs - m_firstUs)));
}

int TimelineSlider::xFor(qint64 arrivalUs) const
{
    const QRect t = track();
    if (m_lastUs <= m_firstUs)
        return t.left();
    const double f = std::clamp(double(arrivalUs - m_firstUs) / double(m_lastUs - m_firstUs), 0.0, 1.0);
    return t.left() + int(std::lround(f * (t.width() - 1)));
}

TimelineSlider::MarkRow TimelineSlider::rowOf(TimelineMark::Kind kind)
{
    switch (kind) {
    case TimelineMark::Kind::LateAccepted: return MarkRow::LateAccepted;
    case TimelineMark::Kind::LateDropped: return MarkRow::LateDropped;
    case TimelineMark::Kind::Firing:
    case TimelineMark::Kind::LateFiring: return MarkRow::Firing;
    case TimelineMark::Kind::Merge:
    case TimelineMark::Kind::Duplicate: break;
    }
    return MarkRow::Other;
}

void TimelineSlider::rebin()
{
    const int columns = std::max(1, track().width());
    for (auto &bins : m_bins)
        bins.assign(std::size_t(columns), 0);
    m_binned = 0;
    binMarks(0);
}

void TimelineSlider::binMarks(std::size_t from)
{
    const int left = track().left();
    for (std::size_t i = from; i < m_marks.size(); ++i) {
        auto &bins = m_bins[std::size_t(rowOf(m_marks[i].kind))];
        const int column = xFor(m_marks[i].arrivalUs) - left;
        if (column >= 0 && std::size_t(column) < bins.size())
            ++bins[std::size_t(column)];
    }
    m_binned = m_marks.size();
    m_backgroundStale = true; // the marks are drawn into the background
}

int TimelineSlider::marksAtColumn(MarkRow row, int x) const
{
    const auto &bins = m_bins[std::size_t(row)];
    const int column = x - track().left();
    return column >= 0 && std::size_t(column) < bins.size() ? bins[std::size_t(column)] : 0;
}

void TimelineSlider::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    rebin();
}

void TimelineSlider::paintEvent(QPaintEvent *)
{
    // Everything but the cursor changes rarely: drawn once into a pixmap.
    const qreal dpr = devicePixelRatioF();
    if (m_backgroundStale || m_background.size() != size() * dpr || m_background.devicePixelRatio() != dpr) {
        m_background = QPixmap(size() * dpr);
        m_background.setDevicePixelRatio(dpr);
        QPainter background(&m_background);
        paintBackground(background);
        m_backgroundStale = false;
    }
    QPainter p(this);
    p.drawPixmap(0, 0, m_background);
    const QRect t = track();

    // The cursor: a line with a handle on top.
    if (m_cursorUs >= 0 && m_lastUs >= m_firstUs) {
        const int x = xFor(m_cursorUs);
        const QColor c = palette().text().color();
        p.setPen(QPen(c, 2));
        p.drawLine(x, t.top(), x, t.bottom());
        p.setPen(Qt::NoPen);
        p.setBrush(c);
        const QPoint handle[] = {{x - 5, rect().top()}, {x + 5, rect().top()}, {x, rect().top() + 6}};
        p.drawPolygon(handle, 3);
    }
}

void TimelineSlider::paintBackground(QPainter &p)
{
    const QRect t = track();
    p.fillRect(rect(), palette().base());
    p.setPen(palette().mid().color());
    p.drawRect(rect().adjusted(0, 0, -1, -1));

    // Rows: late marks on top, the density in the middle, firings below.
    const int topRows = 2 * kMarkRowHeight;
    const QRect densityRect(t.left(), t.top() + topRows + 1, t.width(), t.height() - topRows - 2 * kMarkRowHeight - 2);

    // Density: the buckets' counts gathered per column (max of the buckets
    // that fall into it), scaled to the fullest column.
    if (m_densityWidthUs > 0 && !m_density.isEmpty() && m_lastUs > m_firstUs) {
        std::vector<std::int64_t> columns(std::size_t(std::max(1, t.width())), 0);
        for (qsizetype b = 0; b < m_density.size(); ++b) {
            const qint64 start = m_densityOriginUs + b * m_densityWidthUs;
            const int x0 = xFor(start) - t.left(), x1 = xFor(start + m_densityWidthUs - 1) - t.left();
            for (int x = std::max(0, x0); x <= x1 && std::size_t(x) < columns.size(); ++x)
                columns[std::size_t(x)] = std::max(columns[std::size_t(x)], m_density[b]);
        }
        const std::int64_t peak = *std::max_element(columns.begin(), columns.end());
        if (peak > 0) {
            QColor fill = palette().highlight().color();
            fill.setAlpha(110);
            for (std::size_t x = 0; x < columns.size(); ++x) {
                if (columns[x] == 0)
                    continue;
                const int h = std::max(1, int(double(columns[x]) / double(peak) * densityRect.height()));
                p.fillRect(QRect(densityRect.left() + int(x), densityRect.bottom() - h + 1, 1, h), fill);
            }
        }
    }

    // Marks.
    const auto drawRow = [&](MarkRow row, int top) {
        const auto &bins = m_bins[std::size_t(row)];
        const QColor c = markColor(row);
        for (std::size_t x = 0; x < bins.size(); ++x)
            if (bins[x] > 0)
                p.fillRect(QRect(t.left() + int(x), top, 1, kMarkRowHeight - 1), c);
    };
    drawRow(MarkRow::LateAccepted, t.top());
    drawRow(MarkRow::LateDropped, t.top() + kMarkRowHeight);
    drawRow(MarkRow::Firing, densityRect.bottom() + 2);
    drawRow(MarkRow::Other, densityRect.bottom() + 2 + kMarkRowHeight);
}

void TimelineSlider::requestSeek(int x, bool final)
{
    if (m_lastUs <= m_firstUs && m_firstUs == 0)
        return;
    if (!final && m_sinceSeek.elapsed() < kDragSeekIntervalMs)
        return;
    if (final && x == m_lastDragX)
        return; // the last drag position was already asked for
    m_lastDragX = x;
    m_sinceSeek.restart();
    emit seekRequested(arrivalAt(x));
}

void TimelineSlider::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    m_dragging = true;
    m_lastDragX = -1;
    const int x = int(event->position().x());
    m_lastDragX = x;
    m_sinceSeek.restart();
    emit seekRequested(arrivalAt(x));
}

void TimelineSlider::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging)
        requestSeek(int(event->position().x()), false);
}

void TimelineSlider::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        requestSeek(int(event->position().x()), true);
    }
}

bool TimelineSlider::event(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        m_backgroundStale = true;
    if (event->type() == QEvent::ToolTip && m_lastUs > m_firstUs) {
        auto *help = static_cast<QHelpEvent *>(event);
        const int x = help->pos().x();
        QString text = tr("Arrival %1").arg(format::localTimeMs(arrivalAt(x) / 1000));
        const int accepted = marksAtColumn(MarkRow::LateAccepted, x), dropped = marksAtColumn(MarkRow::LateDropped, x),
                  firings = marksAtColumn(MarkRow::Firing, x);
        if (accepted)
            text += tr("\n%n late event(s) accepted", nullptr, accepted);
        if (dropped)
            text += tr("\n%n late event(s) dropped", nullptr, dropped);
        if (firings)
            text += tr("\n%n firing step(s)", nullptr, firings);
        QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace streamscope
