#include "plots/sessionplot.h"

#include "common/statuslabel.h"
#include "plots/axisfit.h"
#include "plots/plottheme.h"

#include <qcustomplot.h>

#include <QFileDialog>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace streamscope {

namespace {

constexpr int kReplotIntervalMs = 40;
constexpr int kClickSlopPixels = 4; // a press and release closer than this is a click, not a drag

} // namespace

SessionPlot::SessionPlot(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_toolbar = new QHBoxLayout;
    m_toolbar->setContentsMargins(4, 4, 4, 0);
    m_toolbar->addStretch(1);
    auto *reset = new QPushButton(tr("Reset zoom"), this);
    reset->setObjectName(QStringLiteral("resetZoomButton"));
    reset->setToolTip(tr("Show everything again (or double-click the plot)"));
    auto *exportButton = new QPushButton(tr("Export…"), this);
    exportButton->setObjectName(QStringLiteral("exportButton"));
    exportButton->setToolTip(tr("Save the plot as PNG or PDF"));
    m_toolbar->addWidget(reset);
    m_toolbar->addWidget(exportButton);
    layout->addLayout(m_toolbar);
    connect(reset, &QPushButton::clicked, this, &SessionPlot::resetZoom);
    connect(exportButton, &QPushButton::clicked, this, &SessionPlot::exportWithDialog);

    m_plot = new QCustomPlot(this);
    m_plot->setObjectName(QStringLiteral("plot"));
    m_plot->setMinimumSize(200, 80); // a short dock still fits (the ticks follow: axisfit)
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setTickCount(6);
    m_plot->xAxis->setTicker(ticker);
    QFont small = font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    m_plot->legend->setFont(small);
    m_plot->legend->setIconSize(16, 8);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(kLegendColumns);
    m_plot->legend->setRowSpacing(0);
    m_plot->legend->setColumnSpacing(10);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->legend->setVisible(false);
    layout->addWidget(m_plot, 1);
    connect(m_plot, &QCustomPlot::afterLayout, this, [this] {
        const bool x = axisfit::fitTickCount(m_plot->xAxis);
        if (axisfit::fitTickCount(m_plot->yAxis) || x)
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        fitLegendColumns();
    });

    // Elided to the plot's width (the whole text in its tooltip): as a
    // QLabel its full length was the dock's minimum width, and the watermark
    // plot's status alone made the replay window wider than a laptop screen.
    m_status = new StatusLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    layout->addWidget(m_status);

    m_throttle = new QTimer(this);
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(kReplotIntervalMs);
    connect(m_throttle, &QTimer::timeout, this, &SessionPlot::tick);

    connect(m_plot, &QCustomPlot::mousePress, this, [this](QMouseEvent *event) {
        m_pressPos = event->pos();
        m_pressed = true;
    });
    connect(m_plot, &QCustomPlot::mouseMove, this, [this](QMouseEvent *event) {
        if (m_pressed && (event->pos() - m_pressPos).manhattanLength() > kClickSlopPixels)
            m_userZoomed = true; // a drag pans: stop following the data
    });
    connect(m_plot, &QCustomPlot::mouseRelease, this, [this](QMouseEvent *event) {
        const bool click = m_pressed && (event->pos() - m_pressPos).manhattanLength() <= kClickSlopPixels;
        m_pressed = false;
        if (click && event->button() == Qt::LeftButton) {
            if (const auto seq = seqAt(event->position()))
                emit eventActivated(*seq);
        }
    });
    connect(m_plot, &QCustomPlot::mouseWheel, this, [this] { m_userZoomed = true; });
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, &SessionPlot::resetZoom);
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this, &SessionPlot::updateTimeFormat);

    PlotTheme::apply(m_plot, palette());
}

SessionPlot::~SessionPlot() = default;

void SessionPlot::setStatus(const QString &text) { m_status->setText(text); }

QString SessionPlot::statusText() const { return m_status->text(); }

void SessionPlot::setTimeAxisLabel(const QString &label) { m_plot->xAxis->setLabel(label); }

// As many legend columns as the widest entry allows (nine at most): a fixed
// nine squeezed every entry to a few letters in a narrow dock. A new wrap
// is set, and replotted, once the replot this is called from is over.
void SessionPlot::fitLegendColumns()
{
    QCPLegend *legend = m_plot->legend;
    if (!legend->visible() || legend->itemCount() == 0)
        return;
    int widest = 0;
    for (int i = 0; i < legend->itemCount(); ++i)
        if (const QCPAbstractLegendItem *item = legend->item(i)) // cells of the grid may be empty
            widest = std::max(widest, item->minimumOuterSizeHint().width());
    if (widest == 0)
        return;
    const int room = m_plot->viewport().width() - legend->margins().left() - legend->margins().right();
    const int columns = std::clamp(room / std::max(1, widest + legend->columnSpacing()), 1, kLegendColumns);
    if (legend->wrap() == columns)
        return;
    // Not here: afterLayout comes in the middle of a replot, which goes on
    // to draw the legend's cells as they were.
    QMetaObject::invokeMethod(
        this,
        [this, columns] {
            m_plot->legend->setWrap(columns);
            m_plot->legend->setFillOrder(m_plot->legend->fillOrder(), true); // moves the entries there are
            m_plot->replot(QCustomPlot::rpQueuedReplot);
        },
        Qt::QueuedConnection);
}

void SessionPlot::setLegendShown(bool shown)
{
    QCPLayoutGrid *layout = m_plot->plotLayout();
    const bool placed = m_plot->legend->layout() == layout;
    if (shown && !placed) {
        layout->insertRow(0);
        layout->addElement(0, 0, m_plot->legend);
        layout->setRowStretchFactor(0, 0.001); // as tall as it needs, no taller
    } else if (!shown && placed) {
        layout->take(m_plot->legend);
        layout->simplify();
    }
    m_plot->legend->setVisible(shown);
}

void SessionPlot::markStale()
{
    m_stale = true;
    if (!m_throttle->isActive())
        m_throttle->start();
}

void SessionPlot::tick()
{
    if (!m_stale)
        return;
    m_stale = false;
    redraw();
    autoRange();
    m_plot->replot(QCustomPlot::rpQueuedRefresh);
    emit redrawn();
}

void SessionPlot::autoRange()
{
    if (m_userZoomed || fitRange())
        return;
    m_plot->rescaleAxes();
    // A little room at the ends, so that the first and last points are
    // drawn whole (and can be clicked); a single point gets a second each side.
    const QCPRange x = m_plot->xAxis->range();
    const double xPad = x.size() > 0 ? x.size() * 0.02 : 1.0;
    m_plot->xAxis->setRange(x.lower - xPad, x.upper + xPad);
    const QCPRange y = m_plot->yAxis->range();
    if (m_plot->yAxis->scaleType() == QCPAxis::stLogarithmic) {
        // rescaleAxes() took the positive values only; the room is a factor.
        m_plot->yAxis->setRange(y.lower / 1.5, y.upper * 1.5);
        return;
    }
    const double pad = y.size() > 0 ? y.size() * 0.06 : std::max(std::abs(y.upper) * 0.1, 1.0);
    m_plot->yAxis->setRange(m_valueFromZero ? std::min(0.0, y.lower) : y.lower - pad, y.upper + pad);
}

bool SessionPlot::refitRange()
{
    if (m_userZoomed)
        return false;
    autoRange();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
    return true;
}

void SessionPlot::resetZoom()
{
    m_userZoomed = false;
    autoRange();
    m_plot->replot(QCustomPlot::rpQueuedRefresh);
}

void SessionPlot::updateTimeFormat()
{
    auto ticker = m_plot->xAxis->ticker().dynamicCast<QCPAxisTickerDateTime>();
    if (!ticker)
        return;
    // Enough digits to tell ticks apart, no more (labels must not overlap).
    const double span = m_plot->xAxis->range().size();
    const QString format = span <= 5 ? QStringLiteral("HH:mm:ss.zzz")
                           : span <= 2 * 86400 ? QStringLiteral("HH:mm:ss")
                                               : QStringLiteral("MM-dd HH:mm");
    if (ticker->dateTimeFormat() != format)
        ticker->setDateTimeFormat(format);
}

void SessionPlot::clearGraphs()
{
    m_plot->clearGraphs();
    m_seqs.clear();
}

void SessionPlot::setGraphSeqs(QCPGraph *graph, QList<std::int64_t> seqs) { m_seqs.insert(graph, std::move(seqs)); }

std::optional<qint64> SessionPlot::seqAtKey(double) const { return std::nullopt; }

std::optional<qint64> SessionPlot::seqAt(const QPointF &pos) const
{
    int index = -1;
    if (QCPAbstractPlottable *plottable = m_plot->plottableAt(pos, false, &index); plottable && index >= 0) {
        const auto it = m_seqs.constFind(plottable);
        if (it != m_seqs.constEnd() && index < it->size() && it->at(index) >= 0)
            return qint64(it->at(index));
    }
    if (m_plot->axisRect()->rect().contains(pos.toPoint()))
        return seqAtKey(m_plot->xAxis->pixelToCoord(pos.x()));
    return std::nullopt;
}

bool SessionPlot::exportTo(const QString &path)
{
    if (m_stale) {
        m_stale = false;
        redraw();
        autoRange();
    }
    // A plot never shown has no useful size of its own.
    const bool shown = m_plot->isVisible();
    const int width = shown ? m_plot->width() : 900;
    const int height = shown ? m_plot->height() : 500;
    if (path.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        return m_plot->savePdf(path, width, height);
    return m_plot->savePng(path, width, height);
}

void SessionPlot::exportWithDialog()
{
    QString selected;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export plot"), QStringLiteral("plot.png"),
                                                      tr("PNG image (*.png);;PDF document (*.pdf)"), &selected);
    if (path.isEmpty())
        return;
    QString file = path;
    if (!file.endsWith(QLatin1String(".png"), Qt::CaseInsensitive) && !file.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive))
        file += selected.contains(QLatin1String("pdf")) ? QStringLiteral(".pdf") : QStringLiteral(".png");
    if (!exportTo(file)) {
        const QString message = tr("Could not write %1").arg(file);
        setStatus(message);
        emit failed(message);
    }
}

void SessionPlot::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        PlotTheme::apply(m_plot, palette());
        applyTheme();
        m_plot->replot(QCustomPlot::rpQueuedRefresh);
    }
}

} // namespace streamscope
