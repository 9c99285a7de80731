#include "plots/fieldplotwidget.h"

#include "common/format.h"
#include "plots/plottheme.h"
#include "stats/sessionfollower.h"

#include <qcustomplot.h>

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSet>

namespace streamscope {

namespace {

// Above this many points a series is drawn with smaller dots.
constexpr int kManyPoints = 20000;
// As many series as the theme has distinct colours; the rest share "other".
constexpr int kMaxSeries = PlotTheme::kSeriesColours;

Result<expr::Expression> compile(const QString &text)
{
    auto compiled = expr::Expression::compile(text);
    if (auto *error = std::get_if<expr::CompileError>(&compiled))
        return Error::badInput(error->toString());
    return std::get<expr::Expression>(std::move(compiled));
}

} // namespace

FieldPlotWidget::FieldPlotWidget(QWidget *parent) : SessionPlot(parent)
{
    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("expressionLabel"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_axisBox = new QComboBox(this);
    m_axisBox->setObjectName(QStringLiteral("timeAxisBox"));
    m_axisBox->addItem(tr("Event time"));
    m_axisBox->addItem(tr("Arrival time"));
    m_splitBox = new QComboBox(this);
    m_splitBox->setObjectName(QStringLiteral("splitBox"));
    m_splitBox->addItem(tr("One series"));
    m_splitBox->addItem(tr("Per partition"));
    m_splitBox->addItem(tr("Per key"));
    toolbar()->insertWidget(0, m_title);
    toolbar()->insertSpacing(1, 8);
    toolbar()->insertWidget(2, m_axisBox);
    toolbar()->insertWidget(3, m_splitBox);
    connect(m_axisBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setTimeAxis(index == 1 ? TimeAxis::Arrival : TimeAxis::EventTime); });
    connect(m_splitBox, &QComboBox::currentIndexChanged, this, [this](int index) {
        setSplit(index == 1 ? SeriesSplit::Partition : index == 2 ? SeriesSplit::Key : SeriesSplit::None);
    });
    clear();
}

FieldPlotWidget::~FieldPlotWidget()
{
    m_follower.reset(); // joins: no callback runs after this
}

void FieldPlotWidget::clear()
{
    m_follower.reset();
    ++m_generation;
    m_path.clear();
    m_error.clear();
    m_expressionText.clear();
    m_expression = {};
    m_snapshot = FieldSeriesSnapshot{};
    m_title->setText(tr("No field"));
    updateAxisLabels();
    updateStatus();
    markStale();
}

Status FieldPlotWidget::plotField(const QString &sessionPath, const QString &expression, TimeAxis axis)
{
    auto compiled = compile(expression);
    if (!compiled)
        return compiled.error();
    if (!QFileInfo(sessionPath).isFile())
        return Error::badInput(tr("no session file at %1").arg(sessionPath));
    clear();
    m_path = sessionPath;
    m_expressionText = expression;
    m_expression = *compiled;
    m_axis = axis;
    m_axisBox->setCurrentIndex(axis == TimeAxis::Arrival ? 1 : 0);
    m_title->setText(expression);
    restart();
    return {};
}

void FieldPlotWidget::restart()
{
    m_follower.reset();
    ++m_generation;
    m_error.clear();
    m_snapshot = FieldSeriesSnapshot{};
    updateAxisLabels();
    updateStatus();
    markStale();
    if (m_path.isEmpty() || m_expression.isNull())
        return;
    FieldSeriesOptions options;
    options.value = m_expression;
    options.eventTime = m_eventTime;
    options.axis = m_axis;
    options.split = m_split;
    options.maxSeries = kMaxSeries;
    const quint64 generation = m_generation;
    auto builder = std::make_shared<FieldSeriesBuilder>(options); // used on the follower's thread only
    SessionFollower::Callbacks callbacks;
    callbacks.consume = [builder](const EventView &event, const QStringList &topics) { builder->add(event, topics); };
    // `this` outlives the follower: restart(), clear() and the destructor join it.
    callbacks.publish = [this, builder, generation](const FollowProgress &) {
        FieldSeriesSnapshot snapshot = builder->snapshot();
        QMetaObject::invokeMethod(this, [this, generation, snapshot] { onSnapshot(generation, snapshot); },
                                  Qt::QueuedConnection);
    };
    callbacks.failed = [this, generation](const Error &error) {
        QMetaObject::invokeMethod(this, [this, generation, message = error.message] {
            if (generation != m_generation)
                return;
            m_error = message;
            updateStatus();
            emit failed(message);
        }, Qt::QueuedConnection);
    };
    m_follower = std::make_unique<SessionFollower>(m_path, std::move(callbacks), isLive());
}

void FieldPlotWidget::setLive(bool live)
{
    setLiveFlag(live);
    if (m_follower)
        m_follower->setLive(live);
    updateStatus();
}

void FieldPlotWidget::setTimeAxis(TimeAxis axis)
{
    if (axis == m_axis)
        return;
    m_axis = axis;
    m_axisBox->setCurrentIndex(axis == TimeAxis::Arrival ? 1 : 0);
    restart();
}

Status FieldPlotWidget::setEventTimeExpression(const QString &expression)
{
    expr::Expression eventTime;
    if (!expression.trimmed().isEmpty()) {
        auto compiled = compile(expression);
        if (!compiled)
            return compiled.error();
        eventTime = *compiled;
    }
    m_eventTimeText = expression.trimmed();
    m_eventTime = eventTime;
    if (m_axis == TimeAxis::EventTime)
        restart();
    else
        updateAxisLabels();
    return {};
}

void FieldPlotWidget::setSplit(SeriesSplit split)
{
    if (split == m_split)
        return;
    m_split = split;
    m_splitBox->setCurrentIndex(split == SeriesSplit::Partition ? 1 : split == SeriesSplit::Key ? 2 : 0);
    restart();
}

void FieldPlotWidget::onSnapshot(quint64 generation, const FieldSeriesSnapshot &snapshot)
{
    if (generation != m_generation)
        return; // from a plot no longer shown
    m_snapshot = snapshot;
    updateStatus();
    markStale();
}

void FieldPlotWidget::updateAxisLabels()
{
    const QString eventTime = m_eventTimeText.isEmpty() ? tr("Event time (Kafka timestamp)")
                                                        : tr("Event time (%1)").arg(m_eventTimeText);
    m_axisBox->setItemText(0, m_eventTimeText.isEmpty() ? tr("Event time") : tr("Event time (%1)").arg(m_eventTimeText));
    setTimeAxisLabel(m_axis == TimeAxis::Arrival ? tr("Arrival time") : eventTime);
    plot()->yAxis->setLabel(m_expressionText);
}

void FieldPlotWidget::updateStatus()
{
    if (!m_error.isEmpty()) {
        setStatus(tr("Cannot read %1: %2").arg(QFileInfo(m_path).fileName(), m_error));
        return;
    }
    if (m_path.isEmpty()) {
        setStatus(tr("Right-click a field of an event and choose \"Plot this field over time\"."));
        return;
    }
    const FieldSeriesSnapshot &s = m_snapshot;
    QStringList parts;
    parts << tr("%1 of %2 events plotted").arg(format::count(s.points), format::count(s.events));
    if (s.notNumbers > 0)
        parts << tr("%1 not numbers").arg(format::count(s.notNumbers));
    if (s.missing > 0)
        parts << tr("%1 missing").arg(format::count(s.missing));
    if (s.noTime > 0)
        parts << tr("%1 without a time").arg(format::count(s.noTime));
    for (const FieldSeries &series : s.series) {
        if (series.downsampled) {
            parts << tr("downsampled for drawing");
            break;
        }
    }
    if (isLive())
        parts << tr("live");
    setStatus(parts.join(QStringLiteral(" · ")));
}

QString FieldPlotWidget::seriesName(const FieldSeries &series) const
{
    if (series.other)
        return tr("other keys");
    switch (m_split) {
    case SeriesSplit::None:
        return m_expressionText;
    case SeriesSplit::Partition: {
        QSet<QString> topics;
        for (const FieldSeries &s : m_snapshot.series)
            topics.insert(s.topic);
        return topics.size() > 1 ? QStringLiteral("%1/%2").arg(series.topic).arg(series.partition)
                                 : tr("p%1").arg(series.partition);
    }
    case SeriesSplit::Key:
        return series.key ? format::preview(series.key, 24) : tr("(null key)");
    }
    return {};
}

void FieldPlotWidget::redraw()
{
    clearGraphs();
    m_graphs = QList<QCPGraph *>(m_snapshot.series.size(), nullptr);
    // "Other" first, so that it is drawn under the series with a colour.
    QCPGraph *otherGraph = nullptr;
    for (const bool other : {true, false}) {
        for (qsizetype index = 0; index < m_snapshot.series.size(); ++index) {
            const FieldSeries &series = m_snapshot.series[index];
            if (series.other != other)
                continue;
            QCPGraph *graph = plot()->addGraph();
            graph->setName(seriesName(series));
            QList<double> keys(series.timesMs.size());
            for (qsizetype i = 0; i < keys.size(); ++i)
                keys[i] = series.timesMs[i] / 1000.0; // the date axis counts seconds
            graph->setData(keys, series.values, /*alreadySorted=*/true);
            setGraphSeqs(graph, series.seqs);
            m_graphs[index] = graph;
            if (other) {
                graph->removeFromLegend(); // listed last, drawn first
                otherGraph = graph;
            }
        }
    }
    if (otherGraph)
        otherGraph->addToLegend();
    setLegendShown(m_graphs.size() > 1);
    applyTheme();
}

void FieldPlotWidget::applyTheme()
{
    for (int i = 0; i < m_graphs.size(); ++i) {
        QCPGraph *graph = m_graphs[i];
        const bool other = i < m_snapshot.series.size() && m_snapshot.series[i].other;
        const QColor color = other ? PlotTheme::other(palette()) : PlotTheme::series(i, palette());
        // Several keys' readings in one series would zig-zag between them
        // as a line: dots, unless the series is one key's.
        const bool line = m_split == SeriesSplit::Key && !other;
        graph->setLineStyle(line ? QCPGraph::lsLine : QCPGraph::lsNone);
        graph->setPen(QPen(color, 1.2));
        const bool many = graph->dataCount() > kManyPoints;
        if (line && many)
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssNone));
        else
            graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, many || line || other ? 3 : 4));
    }
}

} // namespace streamscope
