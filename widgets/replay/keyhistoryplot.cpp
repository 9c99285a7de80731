#include "replay/keyhistoryplot.h"

#include "plots/plottheme.h"
#include "replay/windowstyle.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>

#include <cmath>
#include <limits>
#include <map>

namespace streamscope {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Line colours: PlotTheme's palette without red (late) and green (fired).
constexpr int kLineHues[KeyHistoryPlot::kLineColours] = {0, 1, 3, 6, 8};

} // namespace

KeyHistoryPlot::KeyHistoryPlot(QWidget *parent) : SessionPlot(parent)
{
    auto *label = new QLabel(tr("Aggregate:"), this);
    m_chooser = new QComboBox(this);
    m_chooser->setObjectName(QStringLiteral("aggregateChooser"));
    m_chooser->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    toolbar()->insertWidget(0, label);
    toolbar()->insertWidget(1, m_chooser);
    connect(m_chooser, &QComboBox::activated, this, [this](int index) { setAggregate(m_chooser->itemData(index).toString()); });

    QCustomPlot *p = plot();
    p->xAxis->setTicker(QSharedPointer<QCPAxisTicker>::create()); // steps, not times
    setTimeAxisLabel(tr("step (seq)"));
    setLegendShown(true);
    m_cursorLine = new QCPItemStraightLine(p);
    m_cursorLine->setSelectable(false);
    m_cursorLine->setVisible(false);
    applyTheme();
    setStatus(tr("No key chosen"));
}

KeyHistoryPlot::~KeyHistoryPlot() = default;

void KeyHistoryPlot::setHistory(const KeyHistory &history)
{
    m_history = history;
    const QStringList numeric = numericAggregates();
    if (!numeric.contains(m_aggregate))
        m_aggregate = numeric.value(0);
    updateChooser();
    redraw();
    markStale();
}

void KeyHistoryPlot::clear()
{
    m_history = {};
    m_aggregate.clear();
    updateChooser();
    redraw();
    markStale();
}

QStringList KeyHistoryPlot::numericAggregates() const
{
    QStringList names;
    for (int i = 0; i < m_history.aggregateNames.size(); ++i)
        for (const KeyHistoryPoint &p : m_history.points)
            if (std::size_t(i) < p.values.size() && p.values[std::size_t(i)].isDouble()) {
                names << m_history.aggregateNames[i];
                break;
            }
    return names;
}

void KeyHistoryPlot::setAggregate(const QString &name)
{
    if (name == m_aggregate)
        return;
    m_aggregate = name;
    updateChooser();
    redraw();
    markStale();
}

void KeyHistoryPlot::updateChooser()
{
    const QSignalBlocker blocker(m_chooser);
    m_chooser->clear();
    for (const QString &name : numericAggregates())
        m_chooser->addItem(name, name);
    m_chooser->setCurrentIndex(m_chooser->findData(m_aggregate));
    m_chooser->setEnabled(m_chooser->count() > 0);
}

void KeyHistoryPlot::setCursor(qint64 seq)
{
    m_cursor = seq;
    m_cursorLine->setVisible(seq >= 0);
    m_cursorLine->point1->setCoords(double(seq), 0);
    m_cursorLine->point2->setCoords(double(seq), 1);
    plot()->replot(QCustomPlot::rpQueuedRefresh);
}

void KeyHistoryPlot::redraw()
{
    QCustomPlot *p = plot();
    clearGraphs();
    for (QCPCurve *curve : std::as_const(m_lines))
        p->removePlottable(curve);
    m_lines.clear();
    p->legend->clearItems();

    const int index = m_history.aggregateIndex(m_aggregate);
    auto valueOf = [&](const KeyHistoryPoint &point) {
        if (index < 0 || std::size_t(index) >= point.values.size() || !point.values[std::size_t(index)].isDouble())
            return kNaN;
        return point.values[std::size_t(index)].toDouble();
    };
    // One line per window, in the order the windows appeared.
    struct Line {
        QVector<double> x, y;
    };
    std::vector<Line> lines;
    std::map<TimeWindow, std::size_t> lineOf;
    auto line = [&](const TimeWindow &w) -> Line & {
        auto [it, added] = lineOf.emplace(w, lines.size());
        if (added)
            lines.emplace_back();
        return lines[it->second];
    };
    QVector<double> marks[3][2]; // on time, late, early × (x, y)
    QList<std::int64_t> markSeqs[3];
    QVector<double> droppedX;
    QList<std::int64_t> droppedSeqs;
    int windows = 0, firings = 0, late = 0, dropped = 0;
    double lowest = std::numeric_limits<double>::infinity();
    for (const KeyHistoryPoint &point : m_history.points) {
        if (point.kind == ChangeKind::LateDropped) {
            droppedX << double(point.seq);
            droppedSeqs << point.seq;
            ++dropped;
            continue;
        }
        for (const TimeWindow &merged : point.merged) {
            // A merged-away window's line ends where the merge happened.
            Line &old = line(merged);
            if (!old.y.isEmpty()) {
                old.x << double(point.seq);
                old.y << old.y.last();
            }
        }
        const double value = valueOf(point);
        if (!std::isnan(value))
            lowest = std::min(lowest, value);
        if (point.kind == ChangeKind::WindowCreated || point.kind == ChangeKind::WindowsMerged)
            ++windows;
        Line &l = line(point.window);
        l.x << double(point.seq);
        l.y << value;
        const int mark = point.kind == ChangeKind::WindowFired       ? 0
                         : point.kind == ChangeKind::WindowRefired    ? 1
                         : point.kind == ChangeKind::WindowEarlyFired ? 2
                                                                      : -1;
        if (mark >= 0) {
            marks[mark][0] << double(point.seq);
            marks[mark][1] << value;
            markSeqs[mark] << point.seq;
            ++firings;
            late += mark == 1;
        }
    }

    // A few curves of alternating colours, windows apart by a gap (NaN).
    for (int k = 0; k < kLineColours; ++k) {
        auto *curve = new QCPCurve(p->xAxis, p->yAxis);
        curve->removeFromLegend();
        double t = 0;
        for (std::size_t i = std::size_t(k); i < lines.size(); i += kLineColours) {
            for (qsizetype j = 0; j < lines[i].x.size(); ++j)
                curve->addData(t++, lines[i].x[j], lines[i].y[j]);
            curve->addData(t++, kNaN, kNaN);
        }
        m_lines << curve;
    }
    auto markGraph = [&](const QString &name, int mark) {
        QCPGraph *g = p->addGraph();
        g->setName(name);
        g->setLineStyle(QCPGraph::lsNone);
        g->setData(marks[mark][0], marks[mark][1], true);
        setGraphSeqs(g, markSeqs[mark]);
        return g;
    };
    m_firings = markGraph(tr("fired"), 0);
    m_lateFirings = markGraph(tr("re-fired late"), 1);
    m_earlyFirings = markGraph(tr("fired early"), 2);
    m_dropped = p->addGraph();
    m_dropped->setName(tr("late event dropped"));
    m_dropped->setLineStyle(QCPGraph::lsNone);
    // Along the bottom of the data: they changed no window.
    const double bottom = std::isfinite(lowest) ? lowest : 0;
    m_dropped->setData(droppedX, QVector<double>(droppedX.size(), bottom), true);
    setGraphSeqs(m_dropped, droppedSeqs);
    p->yAxis->setLabel(m_aggregate);

    applyTheme();
    if (m_history.key.isNull() && m_history.points.empty())
        setStatus(tr("No key chosen"));
    else
        setStatus(tr("%1: %2 windows · %3 firings (%4 late) · %5 late events dropped%6")
                      .arg(windowstyle::keyText(m_history.key))
                      .arg(windows)
                      .arg(firings)
                      .arg(late)
                      .arg(dropped)
                      .arg(m_history.truncated ? tr(" · stopped at %1 changes").arg(m_history.points.size()) : QString()));
}

std::optional<qint64> KeyHistoryPlot::seqAtKey(double key) const
{
    // The step of the key's history nearest to where the click was.
    const auto &points = m_history.points;
    if (points.empty())
        return std::nullopt;
    const auto it = std::lower_bound(points.begin(), points.end(), key,
                                     [](const KeyHistoryPoint &p, double k) { return double(p.seq) < k; });
    if (it == points.end())
        return points.back().seq;
    if (it == points.begin())
        return it->seq;
    const auto before = std::prev(it);
    return key - double(before->seq) <= double(it->seq) - key ? before->seq : it->seq;
}

void KeyHistoryPlot::applyTheme()
{
    const QPalette pal = palette();
    for (int k = 0; k < m_lines.size(); ++k)
        m_lines[k]->setPen(QPen(PlotTheme::series(kLineHues[k], pal), 1.6));
    const QColor fired = windowstyle::colour(WindowLook::Fired, pal);
    const QColor refired = windowstyle::colour(WindowLook::Refired, pal);
    const QColor late = windowstyle::late(pal);
    const QColor text = pal.color(QPalette::WindowText);
    auto style = [](QCPGraph *g, QCPScatterStyle::ScatterShape shape, const QColor &c, bool filled, double size) {
        if (!g)
            return;
        g->setPen(QPen(c, 1.8));
        g->setScatterStyle(QCPScatterStyle(shape, QPen(c, 1.8), filled ? QBrush(c) : QBrush(Qt::NoBrush), size));
    };
    style(m_firings, QCPScatterStyle::ssDisc, fired, true, 8);
    style(m_lateFirings, QCPScatterStyle::ssDiamond, refired, true, 10);
    style(m_earlyFirings, QCPScatterStyle::ssTriangle, text, false, 8);
    style(m_dropped, QCPScatterStyle::ssCross, late, false, 10);
    m_cursorLine->setPen(QPen(pal.color(QPalette::Highlight), 1.5));
}

} // namespace streamscope
