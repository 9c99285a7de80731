#include "plots/iographwidget.h"

#include "common/format.h"
#include "plots/plottheme.h"
#include "stats/sessionfollower.h"
#include "util/clock.h"

#include <qcustomplot.h>

#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QSet>
#include <QSettings>

namespace streamscope {

namespace {

// Bytes/s in the unit that keeps the axis numbers short.
std::pair<double, QString> byteScale(double maxPerSecond)
{
    if (maxPerSecond >= 1024.0 * 1024.0)
        return {1024.0 * 1024.0, QObject::tr("MB/s")};
    if (maxPerSecond >= 1024.0)
        return {1024.0, QObject::tr("KB/s")};
    return {1.0, QObject::tr("B/s")};
}

QString bucketText(std::int64_t widthUs) { return format::duration(widthUs / 1000); }

const QString kLogScaleSetting = QStringLiteral("plots/ioGraphLogScale");

} // namespace

IoGraphWidget::IoGraphWidget(QWidget *parent) : SessionPlot(parent)
{
    setValueFromZero(true);
    setTimeAxisLabel(tr("Arrival time"));

    m_metricBox = new QComboBox(this);
    m_metricBox->setObjectName(QStringLiteral("metricBox"));
    m_metricBox->addItem(tr("Events/s"));
    m_metricBox->addItem(tr("Bytes/s"));
    m_partitionBox = new QCheckBox(tr("Per partition"), this);
    m_partitionBox->setObjectName(QStringLiteral("perPartitionBox"));
    m_partitionBox->setChecked(m_perPartition);
    m_logScaleBox = new QCheckBox(tr("Log scale"), this);
    m_logScaleBox->setObjectName(QStringLiteral("logScaleBox"));
    m_logScaleBox->setToolTip(tr("A logarithmic rate axis: a slow rate stays readable beside a burst, such as a "
                                 "topic's history read at once"));
    toolbar()->insertWidget(0, m_metricBox);
    toolbar()->insertWidget(1, m_partitionBox);
    toolbar()->insertWidget(2, m_logScaleBox);
    connect(m_metricBox, &QComboBox::currentIndexChanged, this,
            [this](int index) { setMetric(index == 1 ? Metric::Bytes : Metric::Events); });
    connect(m_partitionBox, &QCheckBox::toggled, this, &IoGraphWidget::setPerPartition);
    setLogScale(QSettings().value(kLogScaleSetting, false).toBool());
    connect(m_logScaleBox, &QCheckBox::toggled, this, [this](bool on) {
        setLogScale(on);
        QSettings().setValue(kLogScaleSetting, on); // a choice of the user's, not of a test's setter
    });

    clear();
}

IoGraphWidget::~IoGraphWidget()
{
    m_follower.reset(); // joins: no callback runs after this
}

void IoGraphWidget::clear()
{
    m_follower.reset();
    ++m_generation;
    m_path.clear();
    m_error.clear();
    m_snapshot = SessionStatsSnapshot{};
    updateStatus();
    markStale();
}

Status IoGraphWidget::setSession(const QString &path)
{
    clear();
    if (path.isEmpty())
        return {};
    if (!QFileInfo(path).isFile())
        return Error::badInput(tr("no session file at %1").arg(path));
    m_path = path;
    const quint64 generation = m_generation;
    // Events arrive in fetch batches about every 100 ms: finer buckets would
    // draw the batching, not the rate.
    SessionStats::Options options;
    options.minBucketUs = 100'000;
    auto stats = std::make_shared<SessionStats>(options); // used on the follower's thread only
    SessionFollower::Callbacks callbacks;
    callbacks.consume = [stats](const EventView &event, const QStringList &topics) { stats->add(event, topics); };
    // `this` outlives the follower: clear() and the destructor join it.
    callbacks.publish = [this, stats, generation](const FollowProgress &progress) {
        // Live, the recent rate ends now, so that it falls when events stop.
        SessionStatsSnapshot snapshot = stats->snapshot(progress.live ? wallClockMicros() : -1);
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
    m_follower = std::make_unique<SessionFollower>(path, std::move(callbacks), isLive());
    updateStatus();
    return {};
}

void IoGraphWidget::setLive(bool live)
{
    setLiveFlag(live);
    if (m_follower)
        m_follower->setLive(live);
    updateStatus();
}

void IoGraphWidget::setMetric(Metric metric)
{
    if (metric == m_metric)
        return;
    m_metric = metric;
    m_metricBox->setCurrentIndex(metric == Metric::Bytes ? 1 : 0);
    markStale();
}

void IoGraphWidget::setPerPartition(bool perPartition)
{
    if (perPartition == m_perPartition)
        return;
    m_perPartition = perPartition;
    m_partitionBox->setChecked(perPartition);
    markStale();
}

void IoGraphWidget::setLogScale(bool logScale)
{
    m_logScaleBox->setChecked(logScale);
    if (logScale == m_logScale) // the axis starts linear, as m_logScale does
        return;
    m_logScale = logScale;
    QCPAxis *y = plot()->yAxis;
    const int tickCount = y->ticker()->tickCount(); // fitted to the plot's height (axisfit)
    if (logScale) {
        y->setScaleType(QCPAxis::stLogarithmic);
        y->setTicker(QSharedPointer<QCPAxisTickerLog>::create());
    } else {
        y->setScaleType(QCPAxis::stLinear);
        y->setTicker(QSharedPointer<QCPAxisTicker>::create());
    }
    y->ticker()->setTickCount(tickCount);
    markStale(); // refits the range: a log axis cannot start at 0
}

void IoGraphWidget::onSnapshot(quint64 generation, const SessionStatsSnapshot &snapshot)
{
    if (generation != m_generation)
        return; // from a session no longer shown
    m_snapshot = snapshot;
    updateStatus();
    markStale();
    emit statsUpdated(m_snapshot);
}

void IoGraphWidget::updateStatus()
{
    if (!m_error.isEmpty()) {
        setStatus(tr("Cannot read %1: %2").arg(QFileInfo(m_path).fileName(), m_error));
        return;
    }
    if (m_path.isEmpty()) {
        setStatus(tr("No session"));
        return;
    }
    const SessionStatsSnapshot &s = m_snapshot;
    QString text = tr("%1 events · %2").arg(format::count(s.events), format::bytes(s.bytes));
    if (s.bucketWidthUs > 0)
        text += tr(" · %1 buckets").arg(bucketText(s.bucketWidthUs));
    if (isLive())
        text += tr(" · live");
    setStatus(text);
}

void IoGraphWidget::redraw()
{
    clearGraphs();
    m_totalGraph = nullptr;
    m_partitionGraphs.clear();
    const SessionStatsSnapshot &s = m_snapshot;
    const int n = s.bucketCount();
    if (s.bucketWidthUs <= 0 || n == 0) {
        setLegendShown(false);
        plot()->yAxis->setLabel(m_metric == Metric::Bytes ? tr("B/s") : tr("events/s"));
        return;
    }
    const double seconds = double(s.bucketWidthUs) / 1e6;
    QList<double> keys(n);
    for (int b = 0; b < n; ++b)
        keys[b] = (double(s.bucketStartUs(b)) + double(s.bucketWidthUs) / 2.0) / 1e6; // the bucket's middle
    double scale = 1;
    QString unit = tr("events/s");
    if (m_metric == Metric::Bytes) {
        double max = 0;
        for (const std::int64_t bytes : s.total.bytes)
            max = std::max(max, double(bytes) / seconds);
        std::tie(scale, unit) = byteScale(max);
    }
    const auto rates = [&](const BucketSeries &series) {
        const QList<std::int64_t> &counts = m_metric == Metric::Bytes ? series.bytes : series.events;
        QList<double> values(n);
        for (int b = 0; b < n; ++b)
            values[b] = double(counts[b]) / seconds / scale;
        return values;
    };

    QSet<int> topics;
    for (const PartitionStats &p : s.partitions)
        topics.insert(p.topicId);
    if (m_perPartition) {
        int index = 0;
        for (const PartitionStats &p : s.partitions) {
            QCPGraph *graph = plot()->addGraph();
            graph->setName(topics.size() > 1 ? QStringLiteral("%1/%2").arg(p.topic).arg(p.partition)
                                             : tr("p%1").arg(p.partition));
            graph->setData(keys, rates(p.buckets), /*alreadySorted=*/true);
            setGraphSeqs(graph, p.buckets.firstSeq);
            m_partitionGraphs.append(graph);
            ++index;
        }
    }
    m_totalGraph = plot()->addGraph(); // last: drawn over the partitions
    m_totalGraph->setName(tr("total"));
    m_totalGraph->setData(keys, rates(s.total), /*alreadySorted=*/true);
    setGraphSeqs(m_totalGraph, s.total.firstSeq);
    plot()->yAxis->setLabel(unit);
    setLegendShown(m_perPartition && !m_partitionGraphs.isEmpty());
    applyTheme();
}

void IoGraphWidget::applyTheme()
{
    // A line through one bucket has no length: events that all arrived
    // within one bucket (a short burst, a live session's first moments) are
    // drawn as a dot, or the plot looks empty.
    const auto style = [](QCPGraph *graph, const QColor &color, double penWidth, double dotSize) {
        graph->setPen(QPen(color, penWidth));
        graph->setScatterStyle(graph->dataCount() == 1 ? QCPScatterStyle(QCPScatterStyle::ssDisc, color, color, dotSize)
                                                       : QCPScatterStyle(QCPScatterStyle::ssNone));
    };
    for (int i = 0; i < m_partitionGraphs.size(); ++i)
        style(m_partitionGraphs[i], PlotTheme::series(i, palette()), 1.2, 5);
    if (m_totalGraph)
        style(m_totalGraph, PlotTheme::total(palette()), 2.0, 8);
}

std::optional<qint64> IoGraphWidget::seqAtKey(double key) const
{
    // Beside every line: the bucket under the pointer, or the next one with events.
    const SessionStatsSnapshot &s = m_snapshot;
    if (s.bucketWidthUs <= 0)
        return std::nullopt;
    const double offsetUs = key * 1e6 - double(s.bucketOriginUs);
    if (offsetUs < 0)
        return std::nullopt;
    for (int b = int(offsetUs / double(s.bucketWidthUs)); b < s.bucketCount(); ++b)
        if (s.total.firstSeq[b] >= 0)
            return qint64(s.total.firstSeq[b]);
    return std::nullopt;
}

} // namespace streamscope
