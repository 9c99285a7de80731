#include "metrics/metricspanel.h"

#include "common/format.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace streamscope {

namespace {

const QString kNone = QStringLiteral("–");

// Rates below 10 /s keep a decimal: 0.4 events/s is not 0.
QString rateText(double perSecond)
{
    return perSecond < 10 ? QString::number(perSecond, 'f', 1) : format::count(qRound64(perSecond));
}

QString latencyText(const std::optional<double> &ms)
{
    if (!ms)
        return kNone;
    // Below 10 ms a tenth of a millisecond still says something.
    return std::abs(*ms) < 10 ? QStringLiteral("%1 ms").arg(*ms, 0, 'f', 1) : format::duration(qRound64(*ms));
}

QString percent(std::int64_t part, std::int64_t whole)
{
    if (whole <= 0 || part == 0)
        return QStringLiteral("0 %");
    const double p = 100.0 * double(part) / double(whole);
    return QStringLiteral("%1 %").arg(p, 0, 'f', p > 0 && p < 0.1 ? 3 : p < 10 ? 2 : 1);
}

QTableWidgetItem *numberItem(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}

} // namespace

MetricsPanel::MetricsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignLeft);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(form);

    const auto add = [&](const QString &name, const QString &label, const QString &toolTip) {
        QLabel *value = addFigure(name, toolTip);
        auto *caption = new QLabel(label, this);
        caption->setToolTip(toolTip);
        form->addRow(caption, value);
    };
    add(QStringLiteral("rate"), tr("Rate"), tr("Events and bytes (key + value) per second over the last 10 s of arrival time"));
    add(QStringLiteral("events"), tr("Events"), tr("Events in the session and their key + value bytes"));
    add(QStringLiteral("latency"), tr("Latency"),
        tr("Arrival − Kafka timestamp: percentiles over the session (log histogram, within 0.4 %)"));
    add(QStringLiteral("late"), tr("Late events"), tr("Events behind the watermark of the active pipeline"));
    add(QStringLiteral("badPayloads"), tr("Bad payloads"),
        tr("Values that are not JSON by the filter language's rule (null values are tombstones, not counted)"));
    add(QStringLiteral("lag"), tr("Lag"), tr("High watermark − next offset to record, summed over partitions"));

    m_lagTable = new QTableWidget(0, NUM_LAG_COLUMNS, this);
    m_lagTable->setObjectName(QStringLiteral("lagTable"));
    // Short headers (the dock is narrow), the whole meaning in their tooltips.
    m_lagTable->setHorizontalHeaderLabels({tr("Partition"), tr("End offset"), tr("Recorded to"), tr("Lag")});
    m_lagTable->horizontalHeaderItem(PartitionColumn)->setToolTip(tr("Topic[partition]"));
    m_lagTable->horizontalHeaderItem(HighWatermarkColumn)
        ->setToolTip(tr("The partition's high watermark: the offset the next event produced to it will get"));
    m_lagTable->horizontalHeaderItem(RecordedColumn)->setToolTip(tr("The last offset recorded into the session"));
    m_lagTable->horizontalHeaderItem(LagColumn)->setToolTip(tr("End offset − next offset to record: events not recorded yet"));
    m_lagTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_lagTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_lagTable->verticalHeader()->hide();
    // Rows as compact as the event table's: the dock is short, one row per partition.
    m_lagTable->verticalHeader()->setDefaultSectionSize(m_lagTable->fontMetrics().height() + 6);
    m_lagTable->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_lagTable->horizontalHeader()->setStretchLastSection(true);
    m_lagTable->setWordWrap(false);
    layout->addWidget(m_lagTable, 1);

    clear();
}

QLabel *MetricsPanel::addFigure(const QString &name, const QString &toolTip)
{
    auto *value = new QLabel(kNone, this);
    value->setObjectName(name);
    value->setToolTip(toolTip);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_figures.insert(name, value);
    return value;
}

QString MetricsPanel::figure(const QString &name) const
{
    const QLabel *label = m_figures.value(name);
    return label ? label->text() : QString();
}

void MetricsPanel::clear()
{
    for (QLabel *label : std::as_const(m_figures))
        label->setText(kNone);
    clearPipeline();
    m_lagTable->setRowCount(0);
}

void MetricsPanel::setSessionStats(const SessionStatsSnapshot &s)
{
    if (s.events == 0) {
        m_figures[QStringLiteral("rate")]->setText(kNone);
        m_figures[QStringLiteral("events")]->setText(tr("0"));
        m_figures[QStringLiteral("latency")]->setText(kNone);
        m_figures[QStringLiteral("badPayloads")]->setText(tr("0"));
        return;
    }
    m_figures[QStringLiteral("rate")]->setText(tr("%1 events/s · %2/s")
                                                   .arg(rateText(s.recentEventsPerSecond),
                                                        format::bytes(qRound64(s.recentBytesPerSecond))));
    m_figures[QStringLiteral("events")]->setText(tr("%1 · %2").arg(format::count(s.events), format::bytes(s.bytes)));
    m_figures[QStringLiteral("latency")]->setText(s.latencySamples == 0
                                                      ? tr("no Kafka timestamps")
                                                      : tr("p50 %1 · p95 %2 · p99 %3")
                                                            .arg(latencyText(s.latencyP50Ms), latencyText(s.latencyP95Ms),
                                                                 latencyText(s.latencyP99Ms)));
    QString bad = tr("%1 not JSON (%2)").arg(format::count(s.badPayloads), percent(s.badPayloads, s.events));
    if (s.nullValues > 0)
        bad += tr(" · %1 tombstones").arg(format::count(s.nullValues));
    m_figures[QStringLiteral("badPayloads")]->setText(bad);
}

void MetricsPanel::setRecordProgress(const RecordProgress &progress)
{
    m_lagTable->setRowCount(int(progress.partitions.size()));
    std::int64_t total = 0;
    bool known = false;
    int row = 0;
    for (const PartitionStatus &p : progress.partitions) {
        const bool hasLag = p.highWatermark >= 0 && p.nextOffset >= 0;
        const std::int64_t lag = hasLag ? std::max<std::int64_t>(0, p.highWatermark - p.nextOffset) : 0;
        if (hasLag) {
            total += lag;
            known = true;
        }
        m_lagTable->setItem(row, PartitionColumn, new QTableWidgetItem(QStringLiteral("%1[%2]").arg(p.topic).arg(p.partition)));
        m_lagTable->setItem(row, HighWatermarkColumn,
                            numberItem(p.highWatermark >= 0 ? format::count(p.highWatermark) : kNone));
        m_lagTable->setItem(row, RecordedColumn, numberItem(p.nextOffset > 0 ? format::count(p.nextOffset - 1) : kNone));
        m_lagTable->setItem(row, LagColumn, numberItem(hasLag ? format::count(lag) : kNone));
        ++row;
    }
    // The recorder's own sum when it knows one; else what the partitions say.
    const std::int64_t lag = progress.lag >= 0 ? progress.lag : known ? total : -1;
    m_figures[QStringLiteral("lag")]->setText(lag >= 0 ? tr("%1 events").arg(format::count(lag)) : tr("unknown"));
}

void MetricsPanel::setPipelineCounters(const EngineCounters &counters, qint64 events)
{
    const std::int64_t seen = events > 0 ? events : counters.events;
    const std::int64_t late = counters.lateAccepted + counters.lateDropped;
    m_figures[QStringLiteral("late")]->setText(tr("%1 (%2 of %3: %4 accepted, %5 dropped)")
                                                   .arg(percent(late, seen), format::count(late), format::count(seen),
                                                        format::count(counters.lateAccepted),
                                                        format::count(counters.lateDropped)));
}

void MetricsPanel::clearPipeline() { m_figures[QStringLiteral("late")]->setText(tr("no pipeline")); }

} // namespace streamscope
