#include "replay/watermarkview.h"

#include "common/format.h"
#include "plots/plottheme.h"
#include "replay/windowstyle.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QFontMetricsF>
#include <QSettings>

#include <algorithm>
#include <limits>
#include <numeric>

namespace streamscope {

namespace {

double arrivalSeconds(std::int64_t us) { return double(us) / 1e6; }
double eventSeconds(std::int64_t ms) { return double(ms) / 1e3; }

// Partition colours skip the palette's red: red means late here.
QColor partitionColour(int index, const QPalette &palette)
{
    static constexpr int kHues[] = {0, 1, 3, 4, 5, 6, 7, 8};
    return PlotTheme::series(kHues[std::size_t(index) % std::size(kHues)], palette);
}

// A step curve drawn to the session's end, each point knowing its step.
void setSteps(QCPGraph *graph, const std::vector<WatermarkStep> &steps, std::int64_t lastArrivalUs, QList<std::int64_t> &seqs)
{
    QVector<double> x, y;
    x.reserve(qsizetype(steps.size()) + 1);
    y.reserve(qsizetype(steps.size()) + 1);
    for (const WatermarkStep &s : steps) {
        // Arrival may step back a little (clock adjustments): keep the curve sorted.
        x << (x.isEmpty() ? arrivalSeconds(s.arrivalUs) : std::max(x.last(), arrivalSeconds(s.arrivalUs)));
        y << eventSeconds(s.watermarkMs);
        seqs << s.seq;
    }
    if (!steps.empty() && arrivalSeconds(lastArrivalUs) > x.last()) {
        x << arrivalSeconds(lastArrivalUs);
        y << y.last();
        seqs << steps.back().seq;
    }
    graph->setData(x, y, true);
}

} // namespace

WatermarkView::WatermarkView(QWidget *parent) : SessionPlot(parent)
{
    setTimeAxisLabel(tr("arrival time"));
    QCustomPlot *p = plot();
    p->yAxis->setLabel(tr("event time"));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setTickCount(6);
    p->yAxis->setTicker(ticker);
    connect(p->yAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &WatermarkView::updateValueTimeFormat);
    setLegendShown(true);

    m_diagonal = new QCPItemStraightLine(p);
    m_diagonal->setSelectable(false);
    m_diagonal->point1->setCoords(0, 0);
    m_diagonal->point2->setCoords(1, 1); // event time = arrival time: no delay at all
    m_cursorLine = new QCPItemStraightLine(p);
    m_cursorLine->setSelectable(false);
    m_cursorLine->setVisible(false);
    m_cursorMark = new QCPItemTracer(p);
    m_cursorMark->setStyle(QCPItemTracer::tsCircle);
    m_cursorMark->setSize(10);
    m_cursorMark->setInterpolating(false);
    m_cursorMark->setVisible(false);
    // The cursor on a layer of its own with its own buffer: a step moves it
    // by repainting that layer only, not the thousands of points below.
    // The holding partition's highlight has a layer of its own below it,
    // repainted only when another partition starts holding.
    p->addLayer(QStringLiteral("holding"), p->layer(QStringLiteral("main")), QCustomPlot::limAbove);
    m_holdingLayer = p->layer(QStringLiteral("holding"));
    m_holdingLayer->setMode(QCPLayer::lmBuffered);
    p->addLayer(QStringLiteral("cursor"), m_holdingLayer, QCustomPlot::limAbove);
    m_cursorLayer = p->layer(QStringLiteral("cursor"));
    m_cursorLayer->setMode(QCPLayer::lmBuffered);
    m_cursorLine->setLayer(m_cursorLayer);
    m_cursorMark->setLayer(m_cursorLayer);

    m_nearCursor = new QCheckBox(tr("Near the cursor"), this);
    m_nearCursor->setObjectName(QStringLiteral("nearCursorBox"));
    m_nearCursor->setChecked(QSettings().value(QStringLiteral("replay/watermarksNearCursor"), true).toBool());
    m_nearCursor->setToolTip(tr("Show %1 s of arrival time around the replay cursor, moving along with it; "
                                "off: the whole session")
                                 .arg(kNearCursorSeconds));
    toolbar()->insertWidget(0, m_nearCursor);
    connect(m_nearCursor, &QCheckBox::toggled, this, [this](bool near) {
        QSettings().setValue(QStringLiteral("replay/watermarksNearCursor"), near);
        resetZoom();
    });

    connect(this, &SessionPlot::eventActivated, this, &WatermarkView::eventClicked);
    connect(p, &QCustomPlot::afterLayout, this, &WatermarkView::placeIdleLabels);
    applyTheme();
    setStatus(tr("No watermark series yet"));
}

WatermarkView::~WatermarkView() = default;

void WatermarkView::setSeries(const WatermarkSeries &series)
{
    m_series = series;
    m_hasSeries = true;
    // Drawn now (one-shot data, not a feed); ranges follow at the throttled tick.
    redraw();
    markStale();
}

void WatermarkView::clear()
{
    m_series = {};
    m_hasSeries = false;
    m_cursor = -1;
    redraw();
    markStale();
}

void WatermarkView::setNearCursor(bool near) { m_nearCursor->setChecked(near); }

bool WatermarkView::isNearCursor() const { return m_nearCursor->isChecked(); }

void WatermarkView::setNearCursorSpan(double seconds)
{
    m_nearCursorSpan = seconds;
    refitRange();
}

double WatermarkView::cursorX() const { return arrivalSeconds(m_series.arrivalAt(m_cursor)); }

std::optional<QCPRange> WatermarkView::nearCursorKeys() const
{
    if (!isNearCursor() || !m_hasSeries || m_cursor < 0 || !m_onTime)
        return std::nullopt;
    bool found = false;
    const QCPRange session = m_onTime->getKeyRange(found);
    if (!found || session.size() <= 2 * m_nearCursorSpan)
        return std::nullopt; // short enough to show whole
    const double x = cursorX();
    return QCPRange(x - m_nearCursorSpan / 2, x + m_nearCursorSpan / 2);
}

bool WatermarkView::fitRange()
{
    m_fittedNearCursor = false;
    const std::optional<QCPRange> near = nearCursorKeys();
    if (!near)
        return false;
    const QCPRange keys = *near;
    // Event times of what arrived then, and the watermark at the cursor.
    QCPRange values;
    bool any = false;
    const auto include = [&](const QCPRange &r) {
        values = any ? QCPRange(std::min(values.lower, r.lower), std::max(values.upper, r.upper)) : r;
        any = true;
    };
    for (QCPGraph *g : {m_onTime, m_lateAccepted, m_lateDropped, m_combined}) {
        bool inRange = false;
        const QCPRange r = g ? g->getValueRange(inRange, QCP::sdBoth, keys) : QCPRange();
        if (inRange)
            include(r);
    }
    const std::int64_t watermark = m_series.combinedAt(m_cursor);
    if (watermark != kNoWatermark)
        include(QCPRange(eventSeconds(watermark), eventSeconds(watermark)));
    if (!any)
        return false;
    const double pad = std::max(values.size() * 0.06, 1.0);
    plot()->xAxis->setRange(keys);
    plot()->yAxis->setRange(values.lower - pad, values.upper + pad);
    m_fittedNearCursor = true;
    return true;
}

void WatermarkView::setCursor(qint64 seq)
{
    m_cursor = seq;
    const bool wasShown = m_cursorLine->visible();
    m_holdingChanged = false;
    updateCursor();
    // Near the cursor, a cursor close to an edge (or out of view) moves the
    // range along: a whole replot, but only every so often while playing.
    if (m_cursorLine->visible() && nearCursorKeys()) {
        const QCPRange shown = plot()->xAxis->range();
        const double x = cursorX();
        const double margin = shown.size() * 0.1;
        if ((!m_fittedNearCursor || x < shown.lower + margin || x > shown.upper - margin) && refitRange())
            return;
    }
    // Only the cursor moved: repaint its layer. A new partition holding the
    // watermark back changes the curves' pens: the whole plot, once queued.
    if (wasShown == m_cursorLine->visible()) {
        if (m_holdingChanged)
            m_holdingLayer->replot();
        m_cursorLayer->replot();
    }
    else
        plot()->replot(QCustomPlot::rpQueuedReplot);
}

QCPGraph *WatermarkView::eventGraph(Lateness lateness) const
{
    switch (lateness) {
    case Lateness::OnTime: return m_onTime;
    case Lateness::LateAccepted: return m_lateAccepted;
    case Lateness::LateDropped: return m_lateDropped;
    }
    return nullptr;
}

void WatermarkView::redraw()
{
    QCustomPlot *p = plot();
    m_restyle = true;
    m_cursorMark->setGraph(nullptr); // before its graph goes
    clearGraphs();
    m_onTime = m_lateAccepted = m_lateDropped = m_combined = m_holding = nullptr;
    m_partitionGraphs.clear();
    for (QCPItemRect *band : std::as_const(m_idleBands))
        p->removeItem(band);
    for (QCPItemText *label : std::as_const(m_idleLabels))
        p->removeItem(label);
    m_idleBands.clear();
    m_idleLabels.clear();
    m_idleLabelWidths.clear();
    m_idleLabelOrder.clear();
    p->legend->clearItems();
    if (!m_hasSeries) {
        updateCursor();
        updateStatusText();
        return;
    }

    // Bottom to top: idle bands, partition watermarks, the combined one, events.
    for (const PartitionWatermarks &part : m_series.partitions) {
        for (const SeqInterval &idle : part.idle) {
            auto *band = new QCPItemRect(p);
            band->setSelectable(false);
            band->setLayer(QStringLiteral("grid"));
            band->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
            band->topLeft->setCoords(arrivalSeconds(idle.fromArrivalUs), 0);
            band->bottomRight->setCoords(arrivalSeconds(idle.toArrivalUs), 1);
            band->setProperty("partition", int(m_partitionGraphs.size()));
            m_idleBands << band;
            auto *label = new QCPItemText(p);
            label->setSelectable(false);
            label->position->setTypeY(QCPItemPosition::ptAxisRectRatio);
            // At the band's end, reading leftwards: a band that lasts to the
            // end of the session would cut a label that starts at its start.
            label->position->setCoords(arrivalSeconds(idle.toArrivalUs), 0);
            label->setPositionAlignment(Qt::AlignRight | Qt::AlignTop);
            label->setPadding(QMargins(3, 2, 3, 2));
            label->setText(tr("%1 idle").arg(m_series.partitionName(part.ref)));
            label->setProperty("partition", int(m_partitionGraphs.size()));
            m_idleLabels << label;
            m_idleLabelWidths.push_back(QFontMetricsF(label->font()).horizontalAdvance(label->text())
                                        + label->padding().left() + label->padding().right());
        }
        QCPGraph *g = p->addGraph();
        g->setName(m_series.partitionName(part.ref));
        g->setLineStyle(QCPGraph::lsStepLeft);
        QList<std::int64_t> seqs;
        setSteps(g, part.watermark, m_series.lastArrivalUs, seqs);
        setGraphSeqs(g, seqs);
        m_partitionGraphs << g;
    }
    // placeIdleLabels() goes along the time axis, whatever the partition.
    m_idleLabelOrder.resize(std::size_t(m_idleLabels.size()));
    std::iota(m_idleLabelOrder.begin(), m_idleLabelOrder.end(), 0);
    std::stable_sort(m_idleLabelOrder.begin(), m_idleLabelOrder.end(), [this](int a, int b) {
        return m_idleBands[a]->bottomRight->coords().x() < m_idleBands[b]->bottomRight->coords().x();
    });
    // The partition holding the combined watermark back, drawn over its
    // curve on the cursor's layer (it changes as the cursor moves).
    m_holding = p->addGraph();
    m_holding->setLayer(m_holdingLayer);
    m_holding->setLineStyle(QCPGraph::lsStepLeft);
    m_holding->removeFromLegend();
    m_holding->setSelectable(QCP::stNone);
    // Its segments are horizontal and vertical, where antialiasing changes
    // nothing visible; without it the thick pen draws several times faster
    // (the highlight is redrawn whenever another partition takes over).
    m_holding->setAntialiased(false);
    m_holding->setVisible(false);
    m_combined = p->addGraph();
    m_combined->setName(tr("watermark"));
    m_combined->setLineStyle(QCPGraph::lsStepLeft);
    {
        QList<std::int64_t> seqs;
        setSteps(m_combined, m_series.combined, m_series.lastArrivalUs, seqs);
        setGraphSeqs(m_combined, seqs);
    }

    // Events sorted by arrival (the graph's key), each knowing its seq.
    std::vector<std::size_t> order(m_series.events.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return m_series.events[a].arrivalUs < m_series.events[b].arrivalUs;
    });
    QVector<double> x[3], y[3];
    QList<std::int64_t> seqs[3];
    for (std::size_t i : order) {
        const WatermarkSample &e = m_series.events[i];
        const int k = int(e.lateness);
        x[k] << arrivalSeconds(e.arrivalUs);
        y[k] << eventSeconds(e.eventTimeMs);
        seqs[k] << e.seq;
    }
    const QString names[3] = {m_series.stride > 1 ? tr("events (1 in %1)").arg(m_series.stride) : tr("events"),
                              tr("late, accepted"), tr("late, dropped")};
    QCPGraph **graphs[3] = {&m_onTime, &m_lateAccepted, &m_lateDropped};
    for (int k = 0; k < 3; ++k) {
        QCPGraph *g = p->addGraph();
        g->setName(names[k]);
        g->setLineStyle(QCPGraph::lsNone);
        g->setData(x[k], y[k], true);
        setGraphSeqs(g, seqs[k]);
        *graphs[k] = g;
    }
    // The legend reads as the story: events, late ones, then the watermarks.
    p->legend->clearItems();
    for (QCPGraph *g : {m_onTime, m_lateAccepted, m_lateDropped, m_combined})
        g->addToLegend();
    for (QCPGraph *g : std::as_const(m_partitionGraphs))
        g->addToLegend();

    applyTheme();
    updateCursor();
    updateStatusText();
}

void WatermarkView::updateStatusText()
{
    if (!m_hasSeries) {
        setStatus(tr("No watermark series yet"));
        return;
    }
    QString text = tr("%1 events · %2 late accepted · %3 late dropped · %4 partitions")
                       .arg(format::count(m_series.eventCount), format::count(m_series.lateAccepted),
                            format::count(m_series.lateDropped))
                       .arg(m_series.partitions.size());
    if (m_series.stride > 1)
        text += tr(" · every %1th event plotted, every late one").arg(m_series.stride);
    if (m_series.noEventTime > 0)
        text += tr(" · %1 without an event time").arg(format::count(m_series.noEventTime));
    if (m_highlighted)
        text += tr(" · %1 holds the watermark back (thick)").arg(m_series.partitionName(*m_highlighted));
    if (!m_idleBands.isEmpty())
        text += tr(" · shaded: a partition idle (%1 times)").arg(format::count(m_idleBands.size()));
    setStatus(text);
}

// A label only where it fits: in view, over a band at least half as wide
// as the label, and clear of the label before it. Zoomed out over a long
// session a partition that goes idle every few minutes has a band every
// few pixels, and their labels would pile up into an unreadable row (the
// bands stay; zooming in brings the labels back).
void WatermarkView::placeIdleLabels()
{
    const QCPAxis *x = plot()->xAxis;
    const QRect area = x->axisRect()->rect();
    double lastRight = -std::numeric_limits<double>::infinity();
    for (const int i : m_idleLabelOrder) {
        const double left = x->coordToPixel(m_idleBands[i]->topLeft->coords().x());
        const double right = x->coordToPixel(m_idleBands[i]->bottomRight->coords().x());
        const double width = m_idleLabelWidths[std::size_t(i)];
        const bool inView = right > area.left() && right - width < area.right();
        const bool fits = inView && right - left >= width / 2 && right - width >= lastRight + 4;
        m_idleLabels[i]->setVisible(fits);
        if (fits)
            lastRight = right;
    }
}

int WatermarkView::shownIdleLabelCount() const
{
    return int(std::count_if(m_idleLabels.begin(), m_idleLabels.end(), [](const QCPItemText *l) { return l->visible(); }));
}

void WatermarkView::updateCursor()
{
    const bool shown = m_hasSeries && m_cursor >= 0;
    const std::optional<PartitionRef> before = m_highlighted;
    m_cursorLine->setVisible(shown);
    m_cursorMark->setVisible(shown && m_combined && !m_series.combined.empty());
    m_highlighted.reset();
    if (shown) {
        const double x = arrivalSeconds(m_series.arrivalAt(m_cursor));
        m_cursorLine->point1->setCoords(x, 0);
        m_cursorLine->point2->setCoords(x, 1);
        if (m_combined) {
            m_cursorMark->setGraph(m_combined);
            m_cursorMark->setGraphKey(x);
        }
        m_highlighted = m_series.holdingAt(m_cursor);
    }
    if (before == m_highlighted && !m_restyle)
        return; // the highlight is as it was
    const QPalette pal = palette();
    if (m_restyle)
        for (int i = 0; i < m_partitionGraphs.size(); ++i)
            m_partitionGraphs[i]->setPen(QPen(partitionColour(i, pal), 1.0));
    m_restyle = false;
    if (!m_holding)
        return;
    m_holdingChanged = true;
    m_holding->setVisible(false);
    for (int i = 0; i < m_partitionGraphs.size(); ++i) {
        const PartitionRef ref = m_series.partitions[std::size_t(i)].ref;
        if (m_highlighted && *m_highlighted == ref) {
            m_holding->setData(m_partitionGraphs[i]->data()); // shared, not copied
            m_holding->setPen(QPen(partitionColour(i, pal), 3.2));
            m_holding->setName(tr("%1 — holds the watermark back").arg(m_series.partitionName(ref)));
            m_holding->setVisible(true);
        }
    }
    updateStatusText();
}

void WatermarkView::updateValueTimeFormat()
{
    auto ticker = plot()->yAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    const double span = plot()->yAxis->range().size();
    const QString format = span <= 5 ? QStringLiteral("HH:mm:ss.zzz")
                           : span <= 2 * 86400 ? QStringLiteral("HH:mm:ss")
                                               : QStringLiteral("MM-dd HH:mm");
    if (ticker->dateTimeFormat() != format)
        ticker->setDateTimeFormat(format);
}

void WatermarkView::applyTheme()
{
    const QPalette pal = palette();
    const QColor text = pal.color(QPalette::WindowText);
    const QColor late = windowstyle::late(pal);
    QColor faint = text;
    faint.setAlphaF(PlotTheme::isDark(pal) ? 0.45f : 0.35f);
    if (m_onTime)
        m_onTime->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, faint, faint, 3));
    if (m_lateAccepted) {
        m_lateAccepted->setPen(QPen(late));
        m_lateAccepted->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, late, late, 7));
    }
    if (m_lateDropped) {
        m_lateDropped->setPen(QPen(late, 2));
        m_lateDropped->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(late, 2), Qt::NoBrush, 9));
    }
    if (m_onTime)
        m_onTime->setPen(QPen(faint));
    if (m_combined)
        m_combined->setPen(QPen(text, 2.4));
    for (QCPItemRect *band : std::as_const(m_idleBands)) {
        QColor c = partitionColour(band->property("partition").toInt(), pal);
        c.setAlphaF(PlotTheme::isDark(pal) ? 0.16f : 0.11f);
        band->setPen(Qt::NoPen);
        band->setBrush(c);
    }
    QColor labelBack = pal.color(QPalette::Base);
    labelBack.setAlphaF(0.85f);
    for (QCPItemText *label : std::as_const(m_idleLabels)) {
        label->setColor(partitionColour(label->property("partition").toInt(), pal));
        label->setBrush(labelBack);
    }
    QColor diagonal = PlotTheme::other(pal);
    diagonal.setAlphaF(0.5f);
    m_diagonal->setPen(QPen(diagonal, 1, Qt::DashLine));
    m_cursorLine->setPen(QPen(pal.color(QPalette::Highlight), 1.5));
    m_cursorMark->setPen(QPen(pal.color(QPalette::Highlight), 2));
    m_cursorMark->setBrush(Qt::NoBrush);
    m_restyle = true;
    updateCursor();
}

} // namespace streamscope
