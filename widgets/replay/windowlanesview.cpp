#include "replay/windowlanesview.h"

#include "common/statuslabel.h"

#include "common/format.h"
#include "plots/axisfit.h"
#include "plots/plottheme.h"

#include <qcustomplot.h>

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QSplitter>
#include <QTextBrowser>
#include <QUrl>
#include <QToolButton>
#include <QToolTip>
#include <QVBoxLayout>

#include <cmath>

namespace streamscope {

namespace {

constexpr int kClickSlopPixels = 4;
constexpr double kHitPixels = 6;
constexpr double kWindowHalfHeight = 0.38; // of a lane
constexpr int kMaxSubRows = 6;
constexpr int kLaneLabelChars = 24;
constexpr double kFollowAt = 0.75; // the watermark at three quarters of the width
constexpr std::int64_t kMergedShownSteps = 40; // steps a merged-away window stays drawn

double seconds(std::int64_t ms) { return double(ms) / 1000.0; }

QColor withAlpha(QColor c, double alpha)
{
    c.setAlphaF(float(std::clamp(alpha * c.alphaF(), 0.0, 1.0)));
    return c;
}

QString changeName(ChangeKind kind)
{
    switch (kind) {
    case ChangeKind::WindowCreated: return QStringLiteral("created");
    case ChangeKind::WindowUpdated: return QStringLiteral("updated");
    case ChangeKind::WindowFired: return QStringLiteral("fired");
    case ChangeKind::WindowRefired: return QStringLiteral("re-fired");
    case ChangeKind::WindowEarlyFired: return QStringLiteral("fired early");
    case ChangeKind::WindowsMerged: return QStringLiteral("merged");
    default: return {};
    }
}

std::int64_t lastSeqOf(const std::vector<std::int64_t> &seqs)
{
    return seqs.empty() ? -1 : *std::max_element(seqs.begin(), seqs.end());
}

} // namespace

WindowLanesView::WindowLanesView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    auto *toolbar = new QHBoxLayout;
    toolbar->setContentsMargins(4, 4, 4, 0);
    m_filterEdit = new QLineEdit(this);
    m_filterEdit->setObjectName(QStringLiteral("keyFilter"));
    m_filterEdit->setPlaceholderText(tr("Filter keys…"));
    m_filterEdit->setClearButtonEnabled(true);
    m_filterEdit->setToolTip(tr("Show only the keys that contain this text"));
    m_followButton = new QToolButton(this);
    m_followButton->setObjectName(QStringLiteral("followWatermark"));
    m_followButton->setText(tr("Follow watermark"));
    m_followButton->setCheckable(true);
    m_followButton->setChecked(true);
    m_followButton->setToolTip(tr("Keep the watermark in view as the cursor moves (a drag stops following)"));
    m_status = new StatusLabel(this); // changes at every step: no relayout
    m_status->setObjectName(QStringLiteral("status"));
    toolbar->addWidget(m_filterEdit, 1);
    toolbar->addWidget(m_followButton);
    toolbar->addWidget(m_status, 2);
    layout->addLayout(toolbar);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("lanesSplitter"));
    splitter->setChildrenCollapsible(false);
    auto *lanes = new QWidget(splitter);
    auto *lanesLayout = new QVBoxLayout(lanes);
    lanesLayout->setContentsMargins(0, 0, 0, 0);
    lanesLayout->setSpacing(2);
    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->setSpacing(0);
    m_plot = new QCustomPlot(lanes);
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->setMinimumSize(240, 120);
    m_plot->setInteractions(QCP::iRangeDrag);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal);
    m_plot->setNoAntialiasingOnDrag(true);
    m_plot->setMouseTracking(true);
    auto timeTicker = QSharedPointer<QCPAxisTickerDateTime>::create();
    timeTicker->setTickCount(6);
    m_plot->xAxis->setTicker(timeTicker);
    m_plot->xAxis->setLabel(tr("event time"));
    m_plot->yAxis->setTicker(QSharedPointer<QCPAxisTickerText>::create());
    m_plot->yAxis->setRangeReversed(true); // lane 0, the most active, on top
    m_plot->yAxis->setSubTicks(false);
    m_plot->yAxis->setTickLength(0, 0);
    // Behind the data: lane bands, then windows that left, then open windows.
    m_plot->addLayer(QStringLiteral("bands"), m_plot->layer(QStringLiteral("grid")), QCustomPlot::limAbove);
    m_plot->addLayer(QStringLiteral("history"), m_plot->layer(QStringLiteral("bands")), QCustomPlot::limAbove);
    m_plot->addLayer(QStringLiteral("windows"), m_plot->layer(QStringLiteral("history")), QCustomPlot::limAbove);
    m_plot->setCurrentLayer(QStringLiteral("main"));
    auto dots = [this](QCPScatterStyle::ScatterShape shape, double size) {
        QCPGraph *g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(shape, size));
        return g;
    };
    m_historicDots = dots(QCPScatterStyle::ssDisc, 4);
    m_dots = dots(QCPScatterStyle::ssDisc, 5);
    m_lateAccepted = dots(QCPScatterStyle::ssDisc, 8);
    m_lateDropped = dots(QCPScatterStyle::ssCross, 10);
    m_current = dots(QCPScatterStyle::ssCircle, 15);
    m_watermark = new QCPItemStraightLine(m_plot);
    m_watermark->setVisible(false);
    m_watermarkLabel = new QCPItemText(m_plot);
    m_watermarkLabel->position->setTypeX(QCPItemPosition::ptPlotCoords);
    m_watermarkLabel->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
    // Above the lanes (in the top margin), so that it hides no event.
    m_watermarkLabel->setPositionAlignment(Qt::AlignHCenter | Qt::AlignBottom);
    m_watermarkLabel->setPadding(QMargins(4, 1, 4, 1));
    m_watermarkLabel->setClipToAxisRect(false);
    m_watermarkLabel->setVisible(false);
    body->addWidget(m_plot, 1);
    m_scroll = new QScrollBar(Qt::Vertical, lanes);
    m_scroll->setObjectName(QStringLiteral("laneScroll"));
    m_scroll->setRange(0, 0);
    body->addWidget(m_scroll);
    m_legend = new QLabel(lanes);
    m_legend->setObjectName(QStringLiteral("legend"));
    m_legend->setContentsMargins(6, 0, 4, 2);
    m_legend->setWordWrap(true);
    lanesLayout->addLayout(body, 1);
    lanesLayout->addWidget(m_legend);
    m_details = new QTextBrowser(splitter);
    m_details->setObjectName(QStringLiteral("windowContents"));
    m_details->setOpenLinks(false);
    m_details->setMinimumHeight(60);
    m_details->setVisible(false); // until a window is clicked
    splitter->addWidget(lanes);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);
    connect(m_details, &QTextBrowser::anchorClicked, this, &WindowLanesView::openLink);

    connect(m_filterEdit, &QLineEdit::textChanged, this, &WindowLanesView::setKeyFilter);
    connect(m_followButton, &QToolButton::toggled, this, &WindowLanesView::setFollowWatermark);
    connect(m_scroll, &QScrollBar::valueChanged, this, &WindowLanesView::rebuild);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &WindowLanesView::updateTimeFormat);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        // The first layout (or a new font) may fit a different number of lanes.
        if (m_laidOutLanes >= 0 && visibleLaneCount() != m_laidOutLanes)
            QMetaObject::invokeMethod(this, &WindowLanesView::rebuild, Qt::QueuedConnection);
        if (axisfit::fitTickCount(m_plot->xAxis))
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        placeWatermarkLabel();
    });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this](QWheelEvent *event) {
        const double steps = event->angleDelta().y() / 120.0;
        if (event->modifiers() & Qt::ControlModifier) {
            // Zooms around the watermark while following, else around the pointer.
            const double centre = m_follow && m_watermark->visible() ? m_watermark->point1->coords().x()
                                                                    : m_plot->xAxis->pixelToCoord(event->position().x());
            m_plot->xAxis->scaleRange(std::pow(0.85, steps), centre);
            m_spanSeconds = m_plot->xAxis->range().size();
            if (m_follow)
                followWatermark();
            m_plot->replot(QCustomPlot::rpQueuedRefresh);
        } else {
            m_scroll->setValue(m_scroll->value() - int(std::lround(steps * 3)));
        }
    });
    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) {
        m_pressPos = event->pos();
        m_pressed = true;
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (m_pressed) {
            if ((event->pos() - m_pressPos).manhattanLength() > kClickSlopPixels && m_follow)
                setFollowWatermark(false); // a drag pans: stop following
            return;
        }
        showToolTip(event->position(), event->globalPosition().toPoint());
    });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *event) {
        const bool isClick = m_pressed && (event->pos() - m_pressPos).manhattanLength() <= kClickSlopPixels;
        m_pressed = false;
        if (isClick && event->button() == Qt::LeftButton)
            click(event->position());
    });

    m_spanSeconds = defaultSpanSeconds();
    applyTheme();
    updateStatus();
}

WindowLanesView::~WindowLanesView() = default;

void WindowLanesView::setPipeline(const PipelineSpec &spec)
{
    m_spec = spec;
    m_spanSeconds = defaultSpanSeconds();
    clear();
}

double WindowLanesView::defaultSpanSeconds() const
{
    // Room ahead of the watermark for an open window plus the out-of-orderness
    // bound, and three times that behind it for what fired and was purged.
    const std::int64_t length = m_spec.window.kind == WindowKind::Session ? m_spec.window.gapMs : m_spec.window.sizeMs;
    const double ahead = 1.25 * seconds(std::max<std::int64_t>(length, 1000) + std::max<std::int64_t>(0, m_spec.outOfOrdernessMs));
    return ahead / (1.0 - kFollowAt);
}

void WindowLanesView::clear()
{
    m_hasStep = false;
    m_snapshot = {};
    m_stepSeq = -1;
    m_history.clear();
    m_points.clear();
    m_changed.clear();
    m_touched.clear();
    clearSelection();
    updateLanes();
    rebuild();
}

void WindowLanesView::showStep(const EngineSnapshot &snapshot, const StepReport &report,
                               const QList<WindowHistoryEntry> &history, const QHash<qint64, EventPoint> &points)
{
    m_points = points;
    showStep(snapshot, report, history);
}

void WindowLanesView::showStep(const EngineSnapshot &snapshot, const StepReport &report, const QList<WindowHistoryEntry> &history)
{
    m_hasStep = true;
    m_snapshot = snapshot;
    m_stepSeq = report.seq;
    m_history = history;
    m_changed.clear();
    m_touched.clear();
    for (const EngineChange &c : report.changes) {
        const QString name = changeName(c.kind);
        if (!name.isEmpty()) {
            QStringList &what = m_changed[{c.key, c.window}];
            if (!what.contains(name))
                what << name;
        }
        switch (c.kind) {
        case ChangeKind::WindowCreated:
        case ChangeKind::WindowUpdated:
        case ChangeKind::WindowFired:
        case ChangeKind::WindowRefired:
        case ChangeKind::WindowEarlyFired:
        case ChangeKind::WindowsMerged:
        case ChangeKind::WindowPurged:
        case ChangeKind::LateAccepted:
        case ChangeKind::LateDropped:
            m_touched.insert(c.key);
            break;
        default:
            break; // a dedupe hit names the dedupe key, not a lane
        }
    }
    updateLanes();
    if (m_follow)
        followWatermark();
    refreshSelection();
    rebuild();
    updateContents();
}

void WindowLanesView::setEventTimes(const QHash<qint64, EventPoint> &points)
{
    m_points = points;
    if (m_hasStep) {
        updateLanes();
        rebuild();
    }
    if (m_selection)
        updateContents();
}

void WindowLanesView::setKeyFilter(const QString &substring)
{
    if (m_filterEdit->text() != substring) {
        m_filterEdit->setText(substring); // comes back here through textChanged
        return;
    }
    m_filter = substring;
    updateLanes();
    m_scroll->setValue(0);
    rebuild();
}

QString WindowLanesView::keyFilter() const { return m_filter; }

void WindowLanesView::setFollowWatermark(bool follow)
{
    m_follow = follow;
    if (m_followButton->isChecked() != follow) {
        const QSignalBlocker blocker(m_followButton);
        m_followButton->setChecked(follow);
    }
    if (follow && m_hasStep) {
        followWatermark();
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
    }
}

void WindowLanesView::updateLanes()
{
    // Activity: the latest step that touched the key.
    QHash<QByteArray, std::int64_t> activity;
    auto touch = [&](const QByteArray &key, std::int64_t seq) {
        auto it = activity.find(key);
        if (it == activity.end())
            activity.insert(key, seq);
        else
            *it = std::max(*it, seq);
    };
    if (m_hasStep) {
        for (const WindowSnapshot &w : m_snapshot.windows)
            touch(w.key, lastSeqOf(w.seqs));
        for (const WindowHistoryEntry &e : m_history)
            touch(e.key, e.atSeq);
        for (const EventPoint &p : std::as_const(m_points))
            if (p.late == EventPoint::Late::Dropped || p.seq == m_stepSeq)
                touch(p.key, p.seq);
        for (const QByteArray &key : std::as_const(m_touched))
            touch(key, m_stepSeq);
    }
    std::vector<std::pair<std::int64_t, QByteArray>> order;
    order.reserve(std::size_t(activity.size()));
    for (auto it = activity.constBegin(); it != activity.constEnd(); ++it)
        if (m_filter.isEmpty() || windowstyle::keyText(it.key(), 1000).contains(m_filter, Qt::CaseInsensitive))
            order.emplace_back(it.value(), it.key());
    std::sort(order.begin(), order.end(), [](const auto &a, const auto &b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    m_lanes.clear();
    m_lanes.reserve(qsizetype(order.size()));
    for (auto &[seq, key] : order)
        m_lanes << key;
    updateScrollBar();
    updateStatus();
}

double WindowLanesView::laneHeightPixels() const { return std::max(18.0, fontMetrics().height() * 1.7); }

void WindowLanesView::layoutNow()
{
    // What QCustomPlot::replot() does first: the axis rect's size decides
    // how many lanes fit.
    QCPLayoutGrid *layout = m_plot->plotLayout();
    layout->update(QCPLayoutElement::upPreparation);
    layout->update(QCPLayoutElement::upMargins);
    layout->update(QCPLayoutElement::upLayout);
}

int WindowLanesView::visibleLaneCount() const
{
    const int height = m_plot->axisRect()->height() > 0 ? m_plot->axisRect()->height() : m_plot->height() - 40;
    return std::max(1, int(height / laneHeightPixels()));
}

int WindowLanesView::firstVisibleLane() const { return m_scroll->value(); }

void WindowLanesView::scrollToLane(int lane) { m_scroll->setValue(lane); }

void WindowLanesView::updateScrollBar()
{
    const int visible = visibleLaneCount();
    const QSignalBlocker blocker(m_scroll);
    m_scroll->setRange(0, std::max(0, int(m_lanes.size()) - visible));
    m_scroll->setPageStep(visible);
    m_scroll->setSingleStep(1);
}

std::pair<int, int> WindowLanesView::subRowOf(const TimeWindow &window) const
{
    // Sliding windows overlap: each of the size/slide windows that cover a
    // moment gets a row of its own within the lane.
    if (m_spec.window.kind != WindowKind::Sliding || m_spec.window.slideMs <= 0)
        return {0, 1};
    const std::int64_t rows = std::clamp<std::int64_t>(
        (m_spec.window.sizeMs + m_spec.window.slideMs - 1) / m_spec.window.slideMs, 1, kMaxSubRows);
    const std::int64_t index = (window.start - m_spec.window.offsetMs) / m_spec.window.slideMs;
    return {int(((index % rows) + rows) % rows), int(rows)};
}

QCPItemRect *WindowLanesView::rectAt(int index)
{
    while (int(m_rects.size()) <= index) {
        auto *rect = new QCPItemRect(m_plot);
        rect->setSelectable(false);
        m_rects.push_back(rect);
    }
    QCPItemRect *rect = m_rects[std::size_t(index)];
    rect->setVisible(true);
    return rect;
}

void WindowLanesView::rebuild()
{
    layoutNow();
    updateScrollBar();
    const int visible = visibleLaneCount();
    m_laidOutLanes = visible;
    const int first = std::min(m_scroll->value(), std::max(0, int(m_lanes.size()) - 1));
    const int last = std::min(int(m_lanes.size()), first + visible); // exclusive
    m_plot->yAxis->setRange(first - 0.5, first + visible - 0.5);

    QHash<QByteArray, int> laneOf;
    QMap<double, QString> ticks;
    for (int i = first; i < last; ++i) {
        laneOf.insert(m_lanes[i], i);
        ticks.insert(i, windowstyle::keyText(m_lanes[i], kLaneLabelChars));
    }
    m_plot->yAxis->ticker().staticCast<QCPAxisTickerText>()->setTicks(ticks);

    const QPalette pal = palette();
    const bool dark = PlotTheme::isDark(pal);
    const QColor text = pal.color(QPalette::WindowText);
    int used = 0;
    // The selected window is ringed: the open one, else where it left the state.
    auto isSelected = [&](const DrawnWindow &d) {
        return m_selection && m_selection->inState && d.key == m_selection->key && d.window == m_selection->window
               && d.historic == m_selection->historic && (!d.historic || d.atSeq == m_selection->atSeq);
    };
    m_drawnWindows.clear();
    m_drawnEvents.clear();

    // Items keep their layer from one step to the next: moving one (even to
    // the layer it is on) takes it out of the layer's list and appends it,
    // which for the thousand-odd rectangles of a step was most of a rebuild.
    QCPLayer *const bandsLayer = m_plot->layer(QStringLiteral("bands"));
    QCPLayer *const historyLayer = m_plot->layer(QStringLiteral("history"));
    QCPLayer *const windowsLayer = m_plot->layer(QStringLiteral("windows"));
    const auto moveToLayer = [](QCPItemRect *r, QCPLayer *layer) {
        if (r->layer() != layer)
            r->setLayer(layer);
    };

    // Every other lane gets a faint band, so that a lane reads across.
    QColor band = text;
    band.setAlphaF(dark ? 0.06f : 0.035f);
    for (int i = first; i < last; ++i) {
        if (i % 2)
            continue;
        QCPItemRect *r = rectAt(used++);
        moveToLayer(r, bandsLayer);
        r->topLeft->setTypeX(QCPItemPosition::ptAxisRectRatio);
        r->bottomRight->setTypeX(QCPItemPosition::ptAxisRectRatio);
        r->topLeft->setCoords(0, i - 0.5);
        r->bottomRight->setCoords(1, i + 0.5);
        r->setPen(Qt::NoPen);
        r->setBrush(band);
    }

    auto place = [&](DrawnWindow &d, QCPItemRect *r, QCPLayer *layer) {
        const auto [row, rows] = subRowOf(d.window);
        const double height = 2 * kWindowHalfHeight / rows;
        d.top = d.lane - kWindowHalfHeight + row * height;
        d.bottom = d.top + height;
        moveToLayer(r, layer);
        r->topLeft->setTypeX(QCPItemPosition::ptPlotCoords);
        r->bottomRight->setTypeX(QCPItemPosition::ptPlotCoords);
        r->topLeft->setCoords(seconds(d.window.start), d.top + 0.02);
        r->bottomRight->setCoords(seconds(d.window.end), d.bottom - 0.02);
    };

    // Windows that left the state, fading with the steps since.
    for (const WindowHistoryEntry &e : std::as_const(m_history)) {
        const auto lane = laneOf.constFind(e.key);
        if (lane == laneOf.constEnd())
            continue;
        // A merged-away session window shows the merge for a few steps only:
        // a busy key merges at every event, and older outlines would pile up.
        if (e.fate == WindowHistoryEntry::Fate::MergedAway && m_stepSeq - e.atSeq > kMergedShownSteps)
            continue;
        DrawnWindow d;
        d.key = e.key;
        d.window = e.window;
        d.look = e.fate == WindowHistoryEntry::Fate::Purged ? WindowLook::Purged : WindowLook::MergedAway;
        d.lane = *lane;
        d.historic = true;
        d.atSeq = e.atSeq;
        const double age = double(std::max<std::int64_t>(0, m_stepSeq - e.atSeq)) / WindowHistory::kDefaultDepth;
        const double fade = 0.25 + 0.75 * (1.0 - std::min(1.0, age));
        const QColor base = windowstyle::colour(d.look, pal);
        QCPItemRect *r = rectAt(used++);
        place(d, r, historyLayer);
        if (d.look == WindowLook::MergedAway) {
            // Inside the window it became, so that both outlines show.
            const double inset = 0.1 * (d.bottom - d.top);
            d.top += inset;
            d.bottom -= inset;
            r->topLeft->setCoords(seconds(d.window.start), d.top);
            r->bottomRight->setCoords(seconds(d.window.end), d.bottom);
            d.border = withAlpha(text, 0.9 * fade);
            d.fill = Qt::transparent;
            r->setPen(QPen(d.border, 1.5, Qt::DashLine));
        } else {
            d.border = withAlpha(base, fade);
            d.fill = withAlpha(base, 0.35 * fade);
            r->setPen(QPen(d.border, 1));
        }
        if (isSelected(d))
            r->setPen(QPen(pal.color(QPalette::Highlight), 3.0, r->pen().style()));
        r->setBrush(d.fill);
        m_drawnWindows << d;
    }

    // The open windows.
    QSet<qint64> openSeqs;
    for (const WindowSnapshot &w : m_snapshot.windows) {
        const auto lane = laneOf.constFind(w.key);
        if (lane == laneOf.constEnd())
            continue;
        for (std::int64_t s : w.seqs)
            openSeqs.insert(s);
        DrawnWindow d;
        d.key = w.key;
        d.window = w.window;
        d.look = windowstyle::lookOf(w.firings);
        d.lane = *lane;
        d.changed = m_changed.contains({w.key, w.window});
        const QColor base = windowstyle::colour(d.look, pal);
        d.fill = withAlpha(base, dark ? 0.42 : 0.32);
        d.border = d.changed ? text : base;
        QCPItemRect *r = rectAt(used++);
        place(d, r, windowsLayer);
        r->setPen(QPen(d.border, d.changed ? 2.0 : 1.0));
        if (isSelected(d))
            r->setPen(QPen(pal.color(QPalette::Highlight), 3.0));
        r->setBrush(d.fill);
        m_drawnWindows << d;
    }
    for (std::size_t i = std::size_t(used); i < m_rects.size(); ++i)
        m_rects[i]->setVisible(false);

    // Events.
    QVector<double> x[4], y[4]; // historic, in an open window, late accepted, late dropped
    QVector<double> cx, cy;
    for (const EventPoint &p : std::as_const(m_points)) {
        const auto lane = laneOf.constFind(p.key);
        if (lane == laneOf.constEnd())
            continue;
        DrawnEvent d{p.seq, *lane, p.eventTimeMs, p.late, !openSeqs.contains(p.seq)};
        const int kind = p.late == EventPoint::Late::Dropped    ? 3
                         : p.late == EventPoint::Late::Accepted ? 2
                         : d.historic                           ? 0
                                                                : 1;
        // A dropped event in no window, or the cursor's event of a filtered
        // or duplicate step, is still drawn.
        x[kind] << seconds(p.eventTimeMs);
        y[kind] << double(*lane);
        if (p.seq == m_stepSeq) {
            cx << seconds(p.eventTimeMs);
            cy << double(*lane);
        }
        m_drawnEvents << d;
    }
    std::sort(m_drawnEvents.begin(), m_drawnEvents.end(), [](const DrawnEvent &a, const DrawnEvent &b) { return a.seq < b.seq; });
    QCPGraph *graphs[4] = {m_historicDots, m_dots, m_lateAccepted, m_lateDropped};
    for (int i = 0; i < 4; ++i)
        graphs[i]->setData(x[i], y[i]);
    m_current->setData(cx, cy);

    // The watermark.
    const bool hasWatermark = m_hasStep && m_snapshot.watermark != kNoWatermark;
    m_watermark->setVisible(hasWatermark);
    m_watermarkLabel->setVisible(hasWatermark);
    if (hasWatermark) {
        const double wm = seconds(m_snapshot.watermark);
        m_watermark->point1->setCoords(wm, 0);
        m_watermark->point2->setCoords(wm, 1);
        m_watermarkLabel->position->setCoords(wm, 0);
        m_watermarkLabel->setText(tr("watermark %1").arg(windowstyle::timeOfDay(m_snapshot.watermark)));
    }
    updateStatus();
    m_plot->replot(QCustomPlot::rpQueuedRefresh);
}

void WindowLanesView::followWatermark()
{
    std::int64_t anchor = m_snapshot.watermark;
    if (anchor == kNoWatermark) {
        // No watermark yet: the latest event time seen instead.
        for (const PartitionSnapshot &p : m_snapshot.partitions)
            if (p.maxEventTime != kNoWatermark && (anchor == kNoWatermark || p.maxEventTime > anchor))
                anchor = p.maxEventTime;
        if (anchor == kNoWatermark)
            return;
    }
    const double a = seconds(anchor);
    m_plot->xAxis->setRange(a - kFollowAt * m_spanSeconds, a + (1.0 - kFollowAt) * m_spanSeconds);
}

void WindowLanesView::updateTimeFormat()
{
    auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    // As the session plots: enough digits to tell ticks apart, no more.
    const double span = m_plot->xAxis->range().size();
    const QString format = span <= 5 ? QStringLiteral("HH:mm:ss.zzz")
                           : span <= 2 * 86400 ? QStringLiteral("HH:mm:ss")
                                               : QStringLiteral("MM-dd HH:mm");
    if (ticker->dateTimeFormat() != format)
        ticker->setDateTimeFormat(format);
}

// Centred over the watermark line where there is room, else beside it on
// the side with room: near the view's edge a centred label is cut off.
void WindowLanesView::placeWatermarkLabel()
{
    if (!m_watermarkLabel->visible())
        return;
    const double line = m_plot->xAxis->coordToPixel(m_watermarkLabel->position->coords().x());
    const QMargins padding = m_watermarkLabel->padding();
    const double half =
        (QFontMetricsF(m_watermarkLabel->font()).horizontalAdvance(m_watermarkLabel->text()) + padding.left() + padding.right()) / 2;
    Qt::Alignment side = Qt::AlignHCenter;
    if (line + half > m_plot->width())
        side = Qt::AlignRight;
    else if (line - half < 0)
        side = Qt::AlignLeft;
    m_watermarkLabel->setPositionAlignment(side | Qt::AlignBottom);
}

void WindowLanesView::updateStatus()
{
    // Until an event time is known the axis has nothing to show but the
    // epoch (1970): no tick labels then.
    bool anchored = m_hasStep && m_snapshot.watermark != kNoWatermark;
    for (const PartitionSnapshot &p : m_snapshot.partitions)
        anchored = anchored || (m_hasStep && p.maxEventTime != kNoWatermark);
    if (m_plot->xAxis->tickLabels() != anchored)
        m_plot->xAxis->setTickLabels(anchored);
    if (!m_hasStep) {
        m_status->setText(tr("No step yet"));
        return;
    }
    QSet<QByteArray> keys;
    for (const WindowSnapshot &w : m_snapshot.windows)
        keys.insert(w.key);
    QString text = tr("%1 lanes · %2 windows open").arg(m_lanes.size()).arg(m_snapshot.windows.size());
    if (!m_filter.isEmpty())
        text = tr("%1 lanes match · %2 windows open").arg(m_lanes.size()).arg(m_snapshot.windows.size());
    text += QStringLiteral(" · ")
            + (m_snapshot.watermark == kNoWatermark ? tr("no watermark yet")
                                                    : tr("watermark %1").arg(windowstyle::timeOfDay(m_snapshot.watermark)));
    m_status->setText(text);
}

void WindowLanesView::updateLegend()
{
    // What the colours and marks mean, in the colours they are drawn in;
    // lines break between items, never inside one.
    const QPalette pal = palette();
    const auto unbroken = [](const QString &text) { return text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;")); };
    auto swatch = [&](WindowLook look) {
        // As drawn: a translucent colour over the background.
        const QColor c = windowstyle::colour(look, pal);
        const QColor back = pal.color(QPalette::Window);
        const double a = c.alphaF();
        const QColor shown = QColor::fromRgbF(float(c.redF() * a + back.redF() * (1 - a)), float(c.greenF() * a + back.greenF() * (1 - a)),
                                              float(c.blueF() * a + back.blueF() * (1 - a)));
        return QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2").arg(shown.name(), unbroken(windowstyle::lookName(look)));
    };
    const QString late = windowstyle::late(pal).name();
    QStringList items{swatch(WindowLook::Open), swatch(WindowLook::Fired), swatch(WindowLook::Refired),
                      swatch(WindowLook::Purged),
                      QStringLiteral("┄&nbsp;%1").arg(unbroken(tr("merged away"))),
                      QStringLiteral("●&nbsp;%1").arg(unbroken(tr("event"))),
                      QStringLiteral("<span style=\"color:%1\">●</span>&nbsp;%2").arg(late, unbroken(tr("late, accepted"))),
                      QStringLiteral("<span style=\"color:%1\">✕</span>&nbsp;%2").arg(late, unbroken(tr("late, dropped"))),
                      QStringLiteral("<span style=\"color:%1\">○</span>&nbsp;%2").arg(pal.color(QPalette::Highlight).name(),
                                                                                        unbroken(tr("the cursor's event"))),
                      QStringLiteral("│&nbsp;%1").arg(unbroken(tr("watermark")))};
    m_legend->setText(items.join(QStringLiteral(" &nbsp;&nbsp; ")));
}

void WindowLanesView::applyTheme()
{
    const QPalette pal = palette();
    PlotTheme::apply(m_plot, pal);
    m_plot->yAxis->grid()->setPen(Qt::NoPen); // the bands separate lanes
    m_plot->yAxis->grid()->setZeroLinePen(Qt::NoPen);
    m_plot->axisRect()->setMinimumMargins(QMargins(0, fontMetrics().height() + 6, 0, 0));
    updateLegend();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor late = windowstyle::late(pal);
    auto style = [](QCPGraph *g, QCPScatterStyle::ScatterShape shape, double size, const QPen &pen, const QBrush &brush) {
        g->setScatterStyle(QCPScatterStyle(shape, pen, brush, size));
    };
    QColor faint = text;
    faint.setAlphaF(0.35f);
    QColor solid = text;
    solid.setAlphaF(0.85f);
    style(m_historicDots, QCPScatterStyle::ssDisc, 4, QPen(faint), faint);
    style(m_dots, QCPScatterStyle::ssDisc, 5, QPen(solid), solid);
    style(m_lateAccepted, QCPScatterStyle::ssDisc, 8, QPen(late), late);
    style(m_lateDropped, QCPScatterStyle::ssCross, 10, QPen(late, 2.2), Qt::NoBrush);
    style(m_current, QCPScatterStyle::ssCircle, 15, QPen(pal.color(QPalette::Highlight), 2.2), Qt::NoBrush);
    m_watermark->setPen(QPen(text, 2));
    m_watermarkLabel->setColor(text);
    QColor labelBack = pal.color(QPalette::Base);
    labelBack.setAlphaF(0.8f);
    m_watermarkLabel->setBrush(labelBack);
    rebuild();
}

void WindowLanesView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        applyTheme();
        updateContents();
    }
}

void WindowLanesView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    rebuild();
}

std::optional<std::int64_t> WindowLanesView::watermarkLine() const
{
    if (!m_watermark->visible())
        return std::nullopt;
    return std::int64_t(std::llround(m_watermark->point1->coords().x() * 1000.0));
}

QRectF WindowLanesView::watermarkLabelRect() const
{
    return QRectF(m_watermarkLabel->topLeft->pixelPosition(), m_watermarkLabel->bottomRight->pixelPosition());
}

std::optional<QPointF> WindowLanesView::pixelOf(const QByteArray &key, std::int64_t timeMs) const
{
    const int first = firstVisibleLane();
    const qsizetype lane = m_lanes.indexOf(key);
    if (lane < first || lane >= first + visibleLaneCount())
        return std::nullopt;
    return QPointF(m_plot->xAxis->coordToPixel(seconds(timeMs)), m_plot->yAxis->coordToPixel(double(lane)));
}

std::optional<WindowLanesView::DrawnEvent> WindowLanesView::eventAt(const QPointF &pos) const
{
    std::optional<DrawnEvent> best;
    double bestDistance = kHitPixels;
    for (const DrawnEvent &e : m_drawnEvents) {
        const QPointF p(m_plot->xAxis->coordToPixel(seconds(e.eventTimeMs)), m_plot->yAxis->coordToPixel(double(e.lane)));
        const double distance = std::hypot(p.x() - pos.x(), p.y() - pos.y());
        if (distance <= bestDistance) {
            bestDistance = distance;
            best = e;
        }
    }
    return best;
}

std::optional<WindowLanesView::DrawnWindow> WindowLanesView::windowAt(const QPointF &pos) const
{
    if (!m_plot->axisRect()->rect().contains(pos.toPoint()))
        return std::nullopt;
    const double x = m_plot->xAxis->pixelToCoord(pos.x());
    const double y = m_plot->yAxis->pixelToCoord(pos.y());
    // Open windows are drawn over the history: they are hit first.
    for (bool historic : {false, true})
        for (const DrawnWindow &d : m_drawnWindows)
            if (d.historic == historic && x >= seconds(d.window.start) && x < seconds(d.window.end) && y >= d.top
                && y <= d.bottom)
                return d;
    return std::nullopt;
}

void WindowLanesView::click(const QPointF &pos)
{
    if (const auto event = eventAt(pos)) {
        emit eventClicked(event->seq);
        return;
    }
    if (const auto window = windowAt(pos)) {
        selectWindow(window->key, window->window);
        emit windowClicked(window->key, window->window.start, window->window.end);
        if (m_selection)
            emit windowEventsActivated(QList<qint64>(m_selection->seqs.begin(), m_selection->seqs.end()));
    }
}

bool WindowLanesView::selectWindow(const QByteArray &key, const TimeWindow &window)
{
    WindowContents c;
    c.key = key;
    c.window = window;
    m_selection = std::move(c);
    refreshSelection();
    if (!m_selection->inState) {
        clearSelection();
        rebuild();
        return false;
    }
    updateContents();
    m_details->setVisible(true);
    rebuild();
    return true;
}

void WindowLanesView::clearSelection()
{
    m_selection.reset();
    m_details->clear();
    m_details->setVisible(false);
}

void WindowLanesView::refreshSelection()
{
    if (!m_selection)
        return;
    WindowContents &c = *m_selection;
    for (const WindowSnapshot &w : m_snapshot.windows) {
        if (w.key == c.key && w.window == c.window) {
            c.look = windowstyle::lookOf(w.firings);
            c.historic = false;
            c.inState = true;
            c.atSeq = -1;
            c.firings = w.firings;
            c.earlyFirings = w.earlyFirings;
            c.seqs = w.seqs;
            c.aggregates = w.aggregates;
            return;
        }
    }
    // The latest time it left the state (a session window can leave, and a
    // window of the same bounds come back, more than once).
    for (auto it = m_history.crbegin(); it != m_history.crend(); ++it) {
        if (it->key == c.key && it->window == c.window) {
            c.look = it->fate == WindowHistoryEntry::Fate::Purged ? WindowLook::Purged : WindowLook::MergedAway;
            c.historic = true;
            c.inState = true;
            c.atSeq = it->atSeq;
            c.firings = it->firings;
            c.earlyFirings = it->earlyFirings;
            c.seqs = it->seqs;
            c.aggregates = it->aggregates;
            return;
        }
    }
    c.inState = false; // what it held when last seen stays on show
}

QString WindowLanesView::contentsText() const { return m_details->toPlainText(); }

void WindowLanesView::updateContents()
{
    if (!m_selection)
        return;
    const WindowContents &c = *m_selection;
    const QPalette pal = palette();
    auto esc = [](const QString &s) { return s.toHtmlEscaped(); };
    QString html;
    html += QStringLiteral("<p><b>%1</b> &nbsp;%2 &nbsp;<span style=\"color:%3\">■</span> %4")
                .arg(esc(windowstyle::keyText(c.key)), esc(windowstyle::windowText(c.window)),
                     windowstyle::colour(c.look, pal).name(), esc(windowstyle::lookName(c.look)));
    if (c.firings > 0)
        html += esc(tr(" · fired %1×").arg(c.firings));
    if (c.earlyFirings > 0)
        html += esc(tr(" · fired early %1×").arg(c.earlyFirings));
    if (!c.inState)
        html += esc(tr(" · no longer in view at this step (as last seen)"));
    else if (c.historic && c.look == WindowLook::MergedAway)
        html += esc(tr(" · merged away at seq %1").arg(c.atSeq));
    else if (c.historic)
        html += esc(tr(" · purged at seq %1").arg(c.atSeq));
    html += QStringLiteral(" &nbsp;<a href=\"close:\">%1</a></p>").arg(esc(tr("close")));

    // The result: what the window emitted at its last firing (the aggregates
    // equal it: a later event re-fires the window or is dropped).
    html += QStringLiteral("<p><b>%1</b>").arg(esc(c.firings > 0 ? tr("Result (firing %1)").arg(c.firings)
                                                                   : tr("Aggregates so far (not fired yet)")));
    if (c.aggregates.isEmpty())
        html += esc(tr(": none"));
    html += QStringLiteral("</p><p style=\"margin-left:12px\">");
    QStringList names;
    for (const AggregateSpec &a : m_spec.aggregates)
        names << (a.name.isEmpty() ? defaultAggregateName(a) : a.name);
    for (auto it = c.aggregates.begin(); it != c.aggregates.end(); ++it)
        if (!names.contains(it.key()))
            names << it.key();
    for (const QString &name : std::as_const(names))
        if (c.aggregates.contains(name))
            html += QStringLiteral("%1 = <b>%2</b><br>").arg(esc(name), esc(windowstyle::valueText(c.aggregates.value(name))));
    html += QStringLiteral("</p>");

    // The events, each a link to the table.
    constexpr std::size_t kMaxListed = 300;
    html += QStringLiteral("<p><b>%1</b> &nbsp;<a href=\"all:\">%2</a></p><p>")
                .arg(esc(windowstyle::countText(std::int64_t(c.seqs.size()), tr("event"), tr("events"))), esc(tr("show all in the table")));
    const QString lateColour = windowstyle::late(pal).name();
    for (std::size_t i = 0; i < c.seqs.size() && i < kMaxListed; ++i) {
        const std::int64_t seq = c.seqs[i];
        html += QStringLiteral("<a href=\"seq:%1\">#%1</a>").arg(seq);
        if (const auto p = m_points.constFind(seq); p != m_points.constEnd()) {
            html += QStringLiteral(" ") + esc(windowstyle::timeOfDay(p->eventTimeMs));
            if (p->late == EventPoint::Late::Accepted)
                html += QStringLiteral(" <span style=\"color:%1\">%2</span>").arg(lateColour, esc(tr("late, accepted")));
        }
        html += QStringLiteral("<br>");
    }
    if (c.seqs.size() > kMaxListed)
        html += esc(tr("… and %1 more").arg(c.seqs.size() - kMaxListed));
    html += QStringLiteral("</p>");
    m_details->setHtml(html);
}

void WindowLanesView::openLink(const QUrl &url)
{
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("seq")) {
        bool ok = false;
        const qint64 seq = url.path().toLongLong(&ok);
        if (ok)
            emit eventClicked(seq);
    } else if (scheme == QLatin1String("all") && m_selection) {
        emit windowEventsActivated(QList<qint64>(m_selection->seqs.begin(), m_selection->seqs.end()));
    } else if (scheme == QLatin1String("close")) {
        clearSelection();
        rebuild();
    }
}

void WindowLanesView::showToolTip(const QPointF &pos, const QPoint &globalPos)
{
    QString tip;
    if (const auto e = eventAt(pos)) {
        tip = tr("seq %1 · %2\nevent time %3").arg(e->seq).arg(windowstyle::keyText(m_lanes.value(e->lane)), format::localTimeMs(e->eventTimeMs));
        if (e->late == EventPoint::Late::Accepted)
            tip += tr("\nlate, accepted");
        else if (e->late == EventPoint::Late::Dropped)
            tip += tr("\nlate, dropped (beyond the allowed lateness)");
    } else if (const auto d = windowAt(pos)) {
        tip = tr("%1 %2\n%3").arg(windowstyle::keyText(d->key), windowstyle::windowText(d->window), windowstyle::lookName(d->look));
        const WindowSnapshot *open = nullptr;
        for (const WindowSnapshot &w : m_snapshot.windows)
            if (w.key == d->key && w.window == d->window)
                open = &w;
        auto aggregates = [&](const QJsonObject &json) {
            for (auto it = json.begin(); it != json.end(); ++it)
                tip += QStringLiteral("\n%1 = %2").arg(it.key(), windowstyle::valueText(it.value(), 60));
        };
        if (!d->historic && open) {
            tip += tr(" · %1 events").arg(open->seqs.size());
            if (const auto changed = m_changed.find({d->key, d->window}); changed != m_changed.end())
                tip += tr(" · this step: %1").arg(changed->second.join(QStringLiteral(", ")));
            aggregates(open->aggregates);
        } else {
            for (const WindowHistoryEntry &e : std::as_const(m_history))
                if (e.key == d->key && e.window == d->window && e.atSeq == d->atSeq) {
                    tip += e.fate == WindowHistoryEntry::Fate::Purged
                               ? tr(" at seq %1 after %2").arg(e.atSeq).arg(windowstyle::countText(e.firings, tr("firing"), tr("firings")))
                               : tr(" at seq %1 into %2").arg(e.atSeq).arg(windowstyle::windowText(e.mergedInto.value_or(TimeWindow{})));
                    tip += tr(" · %1 events").arg(e.seqs.size());
                    aggregates(e.aggregates);
                }
        }
    }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, tip, m_plot);
}

} // namespace streamscope
