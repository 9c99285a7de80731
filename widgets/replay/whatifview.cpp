#include "replay/whatifview.h"

#include "common/format.h"
#include "replay/windowstyle.h"

#include <QAbstractTableModel>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QJsonArray>
#include <QGridLayout>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace streamscope {

namespace {

constexpr double kMaxSeconds = 7 * 86400.0;

QColor tint(QColor c, const QPalette &palette)
{
    // Light enough over the base colour that text stays readable, dark or light.
    const bool dark = palette.color(QPalette::Base).lightnessF() < 0.5;
    c.setAlphaF(dark ? 0.30f : 0.20f);
    return c;
}

QColor kindColour(RunDifference::Kind kind, const QPalette &palette)
{
    switch (kind) {
    case RunDifference::Kind::Added: return windowstyle::colour(WindowLook::Fired, palette);     // green
    case RunDifference::Kind::Removed: return windowstyle::late(palette);                       // red
    case RunDifference::Kind::Changed: return windowstyle::colour(WindowLook::Refired, palette); // orange
    }
    return {};
}

QString kindName(RunDifference::Kind kind)
{
    switch (kind) {
    case RunDifference::Kind::Added: return QObject::tr("added");
    case RunDifference::Kind::Removed: return QObject::tr("removed");
    case RunDifference::Kind::Changed: return QObject::tr("changed");
    }
    return {};
}

// A window's result on one line: "count 3 · avg 21.4", and with the firing
// "count 3 · avg 21.4 · fired 2× (late)" (the firings also show under "what
// differs" when they differ).
QString resultText(const std::optional<WindowResult> &r, bool withFiring = true)
{
    if (!r)
        return QObject::tr("— (does not fire)");
    QStringList parts;
    for (int i = 0; i < r->aggregateNames.size() && std::size_t(i) < r->aggregateValues.size(); ++i)
        parts << QStringLiteral("%1 %2").arg(r->aggregateNames[i], windowstyle::valueText(r->aggregateValues[std::size_t(i)], 40));
    if (parts.isEmpty())
        parts << windowstyle::countText(std::int64_t(r->seqs.size()), QObject::tr("event"), QObject::tr("events"));
    if (!withFiring)
        return parts.join(QStringLiteral(" · "));
    QString firing = QObject::tr("fired %1×").arg(r->firing);
    if (r->kind == FireKind::Late)
        firing += QObject::tr(" (late)");
    else if (r->kind == FireKind::Early)
        firing += QObject::tr(" (early)");
    parts << firing;
    return parts.join(QStringLiteral(" · "));
}

QString secondsText(std::int64_t ms) { return format::duration(ms); }

QString plural(std::int64_t n, const QString &one, const QString &many) { return windowstyle::countText(n, one, many); }

// What differs between two firings of a window, values as the views show
// them (6 significant digits): "count 9 → 10, avg_temp 22.6844 → 22.677,
// fired 1× → 2×".
QString differenceText(const RunDifference &d)
{
    if (!d.before || !d.after)
        return d.what;
    const WindowResult &a = *d.before, &b = *d.after;
    QStringList parts;
    for (int i = 0; i < b.aggregateNames.size() && std::size_t(i) < b.aggregateValues.size(); ++i) {
        const qsizetype j = a.aggregateNames.indexOf(b.aggregateNames[i]);
        const QJsonValue old = j >= 0 && std::size_t(j) < a.aggregateValues.size() ? a.aggregateValues[std::size_t(j)] : QJsonValue();
        const QJsonValue now = b.aggregateValues[std::size_t(i)];
        if (old == now)
            continue;
        if (old.isArray() && now.isArray())
            parts << QStringLiteral("%1 %2 → %3 items").arg(b.aggregateNames[i]).arg(old.toArray().size()).arg(now.toArray().size());
        else
            parts << QStringLiteral("%1 %2 → %3").arg(b.aggregateNames[i], windowstyle::valueText(old, 24), windowstyle::valueText(now, 24));
    }
    if (a.seqs != b.seqs && parts.isEmpty())
        parts << QObject::tr("events %1 → %2").arg(a.seqs.size()).arg(b.seqs.size());
    if (a.firing != b.firing)
        parts << QObject::tr("fired %1× → %2×").arg(a.firing).arg(b.firing);
    if (a.kind != b.kind)
        parts << QObject::tr("last firing %1 → %2").arg(a.kind == FireKind::Late ? QObject::tr("late") : QObject::tr("on time"),
                                                         b.kind == FireKind::Late ? QObject::tr("late") : QObject::tr("on time"));
    return parts.isEmpty() ? d.what : parts.join(QStringLiteral(", "));
}

QString windowKindText(const WindowSpec &w, std::int64_t length)
{
    switch (w.kind) {
    case WindowKind::Tumbling: return QObject::tr("tumbling %1").arg(secondsText(length));
    case WindowKind::Sliding: return QObject::tr("sliding %1 every %2").arg(secondsText(length), secondsText(w.slideMs));
    case WindowKind::Session: return QObject::tr("session gap %1").arg(secondsText(length));
    }
    return {};
}

std::int64_t windowLength(const WindowSpec &w) { return w.kind == WindowKind::Session ? w.gapMs : w.sizeMs; }

QString pipelineText(const PipelineSpec &p)
{
    return QObject::tr("watermark bound %1 · allowed lateness %2 · %3")
        .arg(secondsText(p.outOfOrdernessMs), secondsText(p.allowedLatenessMs), windowKindText(p.window, windowLength(p.window)));
}

} // namespace

// The window differences: one row each, by key then window.
class WhatIfWindowModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setDifferences(std::vector<RunDifference> rows)
    {
        beginResetModel();
        m_rows = std::move(rows);
        endResetModel();
    }
    const RunDifference &at(int row) const { return m_rows[std::size_t(row)]; }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : WhatIfView::NUM_WINDOW_COLUMNS; }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        const RunDifference &d = at(index.row());
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case WhatIfView::KeyColumn: return windowstyle::keyText(d.key);
            case WhatIfView::WindowColumn: return windowstyle::windowText(d.window);
            case WhatIfView::RunAColumn: return resultText(d.before, false);
            case WhatIfView::RunBColumn: return resultText(d.after, false);
            case WhatIfView::DifferenceColumn: return QStringLiteral("%1: %2").arg(kindName(d.kind), differenceText(d));
            }
            return {};
        case Qt::ToolTipRole:
            switch (index.column()) {
            case WhatIfView::KeyColumn: return windowstyle::keyText(d.key, 1000);
            case WhatIfView::WindowColumn:
                return QStringLiteral("[%1, %2)").arg(format::isoUtcMs(d.window.start), format::isoUtcMs(d.window.end));
            case WhatIfView::RunAColumn:
            case WhatIfView::RunBColumn: {
                const auto &r = index.column() == WhatIfView::RunAColumn ? d.before : d.after;
                if (!r)
                    return QObject::tr("This window does not fire in this run");
                return QObject::tr("%1\n%2, last fired at seq %3")
                    .arg(resultText(r), plural(std::int64_t(r->seqs.size()), QObject::tr("event"), QObject::tr("events")))
                    .arg(r->triggerSeq);
            }
            case WhatIfView::DifferenceColumn: return QStringLiteral("%1: %2").arg(kindName(d.kind), differenceText(d));
            }
            return {};
        case Qt::BackgroundRole: return tint(kindColour(d.kind, QGuiApplication::palette()), QGuiApplication::palette());
        case WhatIfView::SeqRole: return qint64(d.after ? d.after->triggerSeq : d.before ? d.before->triggerSeq : -1);
        case WhatIfView::KindRole: return int(d.kind);
        }
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case WhatIfView::KeyColumn: return QObject::tr("Key");
        case WhatIfView::WindowColumn: return QObject::tr("Window");
        case WhatIfView::RunAColumn: return QObject::tr("Run A result");
        case WhatIfView::RunBColumn: return QObject::tr("Run B result");
        case WhatIfView::DifferenceColumn: return QObject::tr("What differs");
        }
        return {};
    }

private:
    std::vector<RunDifference> m_rows;
};

// The late events dropped in one run only, by seq.
class WhatIfLateModel : public QAbstractTableModel
{
public:
    using QAbstractTableModel::QAbstractTableModel;

    void setDifferences(std::vector<LateDifference> rows, QStringList topics)
    {
        beginResetModel();
        m_rows = std::move(rows);
        m_topics = std::move(topics);
        endResetModel();
    }

    int rowCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : int(m_rows.size()); }
    int columnCount(const QModelIndex &parent = {}) const override { return parent.isValid() ? 0 : WhatIfView::NUM_LATE_COLUMNS; }

    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!index.isValid() || index.row() >= rowCount())
            return {};
        const LateDifference &d = m_rows[std::size_t(index.row())];
        const LateEvent &e = d.event;
        auto fate = [](bool dropped) { return dropped ? QObject::tr("dropped") : QObject::tr("accepted"); };
        switch (role) {
        case Qt::DisplayRole:
            switch (index.column()) {
            case WhatIfView::SeqColumn: return qint64(e.seq);
            case WhatIfView::LateKeyColumn: return windowstyle::keyText(e.key);
            case WhatIfView::PartitionColumn:
                return QStringLiteral("%1[%2]")
                    .arg(e.partition.topicId >= 0 && e.partition.topicId < m_topics.size() ? m_topics[e.partition.topicId]
                                                                                           : QString::number(e.partition.topicId))
                    .arg(e.partition.partition);
            case WhatIfView::EventTimeColumn: return windowstyle::timeOfDay(e.eventTimeMs);
            case WhatIfView::WatermarkColumn:
                return e.watermark == kNoWatermark ? QStringLiteral("–") : windowstyle::timeOfDay(e.watermark);
            case WhatIfView::RunALateColumn: return fate(d.droppedInA);
            case WhatIfView::RunBLateColumn: return fate(d.droppedInB);
            }
            return {};
        case Qt::ToolTipRole:
            return QObject::tr("seq %1: event time %2, %3 behind the watermark when it arrived")
                .arg(e.seq)
                .arg(format::localTimeMs(e.eventTimeMs), e.watermark == kNoWatermark ? QStringLiteral("?") : format::duration(e.watermark - e.eventTimeMs));
        case Qt::BackgroundRole: {
            const QPalette pal = QGuiApplication::palette();
            // No longer dropped: data kept (green); newly dropped: data lost (red).
            return tint(d.droppedInA ? windowstyle::colour(WindowLook::Fired, pal) : windowstyle::late(pal), pal);
        }
        case Qt::TextAlignmentRole:
            return index.column() == WhatIfView::SeqColumn ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
        case WhatIfView::SeqRole: return qint64(e.seq);
        case WhatIfView::KindRole: return d.droppedInA ? 1 : 2;
        }
        return {};
    }

    QVariant headerData(int section, Qt::Orientation orientation, int role) const override
    {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case WhatIfView::SeqColumn: return QObject::tr("Seq");
        case WhatIfView::LateKeyColumn: return QObject::tr("Key");
        case WhatIfView::PartitionColumn: return QObject::tr("Partition");
        case WhatIfView::EventTimeColumn: return QObject::tr("Event time");
        case WhatIfView::WatermarkColumn: return QObject::tr("Watermark");
        case WhatIfView::RunALateColumn: return QObject::tr("Run A");
        case WhatIfView::RunBLateColumn: return QObject::tr("Run B");
        }
        return {};
    }

private:
    std::vector<LateDifference> m_rows;
    QStringList m_topics;
};

struct WhatIfView::Outcome {
    bool ok = false;
    bool cancelled = false;
    QString error;
    RunComparison comparison;
    QStringList topics;
    std::int64_t resultsA = 0, resultsB = 0;
};

WhatIfView::WhatIfView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);

    // The parameters of run B, with units.
    auto seconds = [this](const QString &name, double minimum, const QString &tip) {
        auto *box = new QDoubleSpinBox(this);
        box->setObjectName(name);
        box->setDecimals(3);
        box->setRange(minimum, kMaxSeconds);
        box->setSingleStep(1.0);
        box->setSuffix(tr(" s"));
        box->setAccelerated(true);
        box->setKeyboardTracking(false);
        box->setToolTip(tip);
        connect(box, &QDoubleSpinBox::valueChanged, this, &WhatIfView::updateControls);
        return box;
    };
    m_bound = seconds(QStringLiteral("watermarkBound"), 0,
                      tr("Bounded out-of-orderness: the watermark trails the highest event time by this much"));
    m_lateness = seconds(QStringLiteral("allowedLateness"), 0,
                         tr("How long after the watermark passed a window late events are still accepted (re-firing it)"));
    m_length = seconds(QStringLiteral("windowLength"), 0.001, tr("The window size (the gap, for session windows)"));
    m_lengthLabel = new QLabel(tr("Window size"), this);
    m_runButton = new QPushButton(tr("Run what-if"), this);
    m_runButton->setObjectName(QStringLiteral("run"));
    m_runButton->setDefault(true);
    m_cancelButton = new QPushButton(tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("cancel"));
    m_cancelButton->setEnabled(false);
    m_resetButton = new QPushButton(tr("Reset"), this);
    m_resetButton->setObjectName(QStringLiteral("reset"));
    m_resetButton->setToolTip(tr("Back to the pipeline's own values"));

    // Two rows, so that the view fits a dock beside the window lanes.
    auto *controls = new QGridLayout;
    int field = 0;
    auto addField = [&](QLabel *label, QDoubleSpinBox *box) {
        label->setBuddy(box);
        controls->addWidget(label, field / 2, (field % 2) * 2);
        controls->addWidget(box, field / 2, (field % 2) * 2 + 1);
        ++field;
    };
    addField(new QLabel(tr("Watermark bound"), this), m_bound);
    addField(new QLabel(tr("Allowed lateness"), this), m_lateness);
    addField(m_lengthLabel, m_length);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_resetButton);
    buttons->addWidget(m_runButton);
    buttons->addWidget(m_cancelButton);
    controls->addLayout(buttons, 1, 2, 1, 2);
    controls->setColumnStretch(4, 1);
    layout->addLayout(controls);

    m_runs = new QLabel(this);
    m_runs->setObjectName(QStringLiteral("runs"));
    m_runs->setWordWrap(true);
    m_runs->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_runs);

    auto *statusRow = new QHBoxLayout;
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_progress->setRange(0, 1000);
    m_progress->setVisible(false);
    m_progress->setMaximumWidth(220);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("status"));
    m_status->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_status);
    statusRow->addWidget(m_summary, 1);
    layout->addLayout(statusRow);

    m_windowModel = new WhatIfWindowModel(this);
    m_lateModel = new WhatIfLateModel(this);
    auto table = [this](QAbstractItemModel *model, const QString &name) {
        auto *view = new QTableView(this);
        view->setObjectName(name);
        view->setModel(model);
        view->setSelectionBehavior(QAbstractItemView::SelectRows);
        view->setSelectionMode(QAbstractItemView::SingleSelection);
        view->setEditTriggers(QAbstractItemView::NoEditTriggers);
        view->setWordWrap(false);
        view->setTextElideMode(Qt::ElideRight);
        view->verticalHeader()->setVisible(false);
        view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 8);
        view->horizontalHeader()->setStretchLastSection(true);
        view->setMinimumHeight(3 * (view->fontMetrics().height() + 8)); // the header and two rows: fits a short dock
        connect(view, &QTableView::activated, this, &WhatIfView::activate);
        return view;
    };
    m_windowTable = table(m_windowModel, QStringLiteral("windowDifferences"));
    const QFontMetrics fm = fontMetrics();
    const int pad = 3 * fm.horizontalAdvance(QLatin1Char('M'));
    m_windowTable->setColumnWidth(KeyColumn, fm.horizontalAdvance(QStringLiteral("sensor-0000")) + pad);
    m_windowTable->setColumnWidth(WindowColumn, fm.horizontalAdvance(QStringLiteral("[00:00:00.000 – 00:00:00.000)")) + pad);
    m_windowTable->setColumnWidth(RunAColumn, fm.horizontalAdvance(QStringLiteral("count 10 · avg_temp 22.6844")) + pad);
    m_windowTable->setColumnWidth(RunBColumn, m_windowTable->columnWidth(RunAColumn));
    m_lateTable = table(m_lateModel, QStringLiteral("lateDifferences"));
    m_lateTable->setColumnWidth(SeqColumn, 70);
    m_lateTable->setColumnWidth(LateKeyColumn, 110);
    m_lateTable->setColumnWidth(PartitionColumn, 130);
    m_lateTable->setColumnWidth(EventTimeColumn, 110);
    m_lateTable->setColumnWidth(WatermarkColumn, 110);
    m_lateTable->setColumnWidth(RunALateColumn, 90);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    auto titled = [&](const QString &title, QTableView *view, QLabel **labelOut) {
        auto *box = new QWidget(splitter);
        auto *l = new QVBoxLayout(box);
        l->setContentsMargins(0, 4, 0, 0);
        auto *label = new QLabel(title, box);
        QFont f = label->font();
        f.setBold(true);
        label->setFont(f);
        l->addWidget(label);
        l->addWidget(view, 1);
        if (labelOut)
            *labelOut = label;
        splitter->addWidget(box);
    };
    titled(tr("Window results that differ (A: the pipeline as it is, B: changed)"), m_windowTable, nullptr);
    titled(tr("Late events dropped in one run only"), m_lateTable, &m_lateTitle);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_runButton, &QPushButton::clicked, this, &WhatIfView::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &WhatIfView::cancel);
    connect(m_resetButton, &QPushButton::clicked, this, &WhatIfView::resetToBase);

    setEnabled(false); // until there is a session
    m_status->setText(tr("No session"));
}

WhatIfView::~WhatIfView()
{
    if (m_cancel)
        m_cancel->store(true);
    for (const QPointer<QThread> &thread : std::as_const(m_threads))
        if (thread)
            thread->wait();
}

void WhatIfView::setSession(const QString &sessionPath, const PipelineSpec &base)
{
    cancel();
    m_sessionPath = sessionPath;
    m_base = base;
    m_hasComparison = false;
    m_comparison = {};
    m_windowModel->setDifferences({});
    m_lateModel->setDifferences({}, {});
    m_summary->clear();
    m_lengthLabel->setText(base.window.kind == WindowKind::Session ? tr("Session gap") : tr("Window size"));
    setEnabled(!sessionPath.isEmpty());
    m_status->setText(sessionPath.isEmpty() ? tr("No session") : tr("Change a parameter and run"));
    resetToBase();
}

void WhatIfView::resetToBase()
{
    {
        const QSignalBlocker b1(m_bound), b2(m_lateness), b3(m_length);
        m_bound->setValue(double(m_base.outOfOrdernessMs) / 1000.0);
        m_lateness->setValue(double(m_base.allowedLatenessMs) / 1000.0);
        m_length->setValue(double(std::max<std::int64_t>(1, windowLength(m_base.window))) / 1000.0);
    }
    updateControls();
}

void WhatIfView::setWatermarkBoundMs(qint64 ms) { m_bound->setValue(double(ms) / 1000.0); }
void WhatIfView::setAllowedLatenessMs(qint64 ms) { m_lateness->setValue(double(ms) / 1000.0); }
void WhatIfView::setWindowLengthMs(qint64 ms) { m_length->setValue(double(ms) / 1000.0); }

PipelineSpec WhatIfView::variantPipeline() const
{
    PipelineSpec b = m_base;
    auto ms = [](const QDoubleSpinBox *box) { return std::int64_t(std::llround(box->value() * 1000.0)); };
    b.outOfOrdernessMs = ms(m_bound);
    b.allowedLatenessMs = ms(m_lateness);
    const std::int64_t length = std::max<std::int64_t>(1, ms(m_length));
    if (b.window.kind == WindowKind::Session)
        b.window.gapMs = length;
    else
        b.window.sizeMs = length;
    return b;
}

void WhatIfView::updateControls()
{
    const PipelineSpec b = variantPipeline();
    // What differs from the pipeline as it is, in bold.
    auto mark = [](QDoubleSpinBox *box, bool differs) {
        QFont f = box->font();
        f.setBold(differs);
        box->setFont(f);
    };
    mark(m_bound, b.outOfOrdernessMs != m_base.outOfOrdernessMs);
    mark(m_lateness, b.allowedLatenessMs != m_base.allowedLatenessMs);
    mark(m_length, b.window != m_base.window);
    m_runs->setText(tr("A: %1\nB: %2%3")
                        .arg(pipelineText(m_base), pipelineText(b), b == m_base ? tr("  (the same)") : QString()));
    m_resetButton->setEnabled(b != m_base);
}

void WhatIfView::run()
{
    if (m_sessionPath.isEmpty())
        return;
    if (m_cancel)
        m_cancel->store(true); // a run still going is superseded
    const quint64 job = ++m_job;
    auto cancelFlag = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancelFlag;
    const QString path = m_sessionPath;
    const PipelineSpec a = m_base;
    const PipelineSpec b = variantPipeline();
    QPointer<WhatIfView> self(this);

    QThread *thread = QThread::create([=] {
        auto outcome = std::make_shared<Outcome>();
        auto report = [&](int half, std::int64_t done, std::int64_t total) {
            QMetaObject::invokeMethod(self, [self, job, half, done, total] {
                if (self)
                    self->deliverProgress(job, qint64(half) * total + done, 2 * total);
            }, Qt::QueuedConnection);
        };
        auto runA = runPipeline(path, a, [&](std::int64_t d, std::int64_t t) { report(0, d, t); }, cancelFlag.get());
        Result<PipelineRunOutput> runB = runA ? runPipeline(path, b, [&](std::int64_t d, std::int64_t t) { report(1, d, t); }, cancelFlag.get())
                                              : Result<PipelineRunOutput>(runA.error());
        if (cancelFlag->load()) {
            outcome->cancelled = true;
        } else if (!runA || !runB) {
            outcome->error = (!runA ? runA.error() : runB.error()).message;
        } else {
            outcome->comparison = compareRuns(*runA, *runB);
            outcome->topics = runA->topics;
            outcome->resultsA = std::int64_t(runA->results.size());
            outcome->resultsB = std::int64_t(runB->results.size());
            outcome->ok = true;
        }
        QMetaObject::invokeMethod(self, [self, job, outcome] {
            if (self)
                self->deliver(job, outcome);
        }, Qt::QueuedConnection);
    });
    thread->setObjectName(QStringLiteral("what-if"));
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    m_threads.removeAll(nullptr);
    m_threads << thread;
    setRunning(true, tr("Running A and B…"));
    m_progress->setValue(0);
    thread->start(QThread::LowPriority);
}

void WhatIfView::cancel()
{
    if (!m_running)
        return;
    if (m_cancel)
        m_cancel->store(true);
    ++m_job; // whatever it still delivers is stale
    setRunning(false, tr("Cancelled"));
}

void WhatIfView::setRunning(bool running, const QString &status)
{
    m_running = running;
    m_progress->setVisible(running);
    m_cancelButton->setEnabled(running);
    m_runButton->setText(running ? tr("Run again") : tr("Run what-if"));
    m_status->setText(status);
}

void WhatIfView::deliverProgress(quint64 job, qint64 done, qint64 total)
{
    if (job != m_job || total <= 0)
        return;
    m_progress->setValue(int(std::clamp<qint64>(done * 1000 / total, 0, 1000)));
    emit progress(done, total);
}

void WhatIfView::deliver(quint64 job, std::shared_ptr<Outcome> outcome)
{
    if (job != m_job)
        return; // superseded or cancelled
    if (outcome->cancelled) {
        setRunning(false, tr("Cancelled"));
        return;
    }
    if (!outcome->ok) {
        setRunning(false, tr("Failed"));
        m_summary->setText(outcome->error);
        emit failed(outcome->error);
        return;
    }
    m_comparison = std::move(outcome->comparison);
    m_topics = outcome->topics;
    m_resultsA = outcome->resultsA;
    m_resultsB = outcome->resultsB;
    m_hasComparison = true;
    m_windowModel->setDifferences(m_comparison.windows);
    m_lateModel->setDifferences(m_comparison.late, m_topics);
    m_lateTitle->setText(tr("Late events dropped in one run only (%1)").arg(m_comparison.late.size()));
    setRunning(false, tr("Done: A fired %1 times, B %2").arg(format::count(m_resultsA), format::count(m_resultsB)));
    m_summary->setText(summaryText());
    emit finished();
}

QString WhatIfView::summaryText() const
{
    if (!m_hasComparison)
        return {};
    const RunComparison &c = m_comparison;
    if (c.identical())
        return tr("The runs are identical: %1 windows fire the same, the same late events are dropped")
            .arg(format::count(c.unchangedWindows));
    int changed = 0, added = 0, removed = 0, kept = 0, lost = 0;
    for (const RunDifference &d : c.windows)
        (d.kind == RunDifference::Kind::Changed ? changed : d.kind == RunDifference::Kind::Added ? added : removed)++;
    for (const LateDifference &l : c.late)
        (l.droppedInA ? kept : lost)++;
    QStringList parts;
    if (changed)
        parts << plural(changed, tr("window changed"), tr("windows changed"));
    if (added)
        parts << plural(added, tr("added"), tr("added"));
    if (removed)
        parts << plural(removed, tr("removed"), tr("removed"));
    if (kept)
        parts << plural(kept, tr("late event no longer dropped"), tr("late events no longer dropped"));
    if (lost)
        parts << plural(lost, tr("late event newly dropped"), tr("late events newly dropped"));
    parts << plural(c.unchangedWindows, tr("window unchanged"), tr("windows unchanged"));
    return parts.join(QStringLiteral(", "));
}

QString WhatIfView::statusText() const { return m_status->text(); }

QAbstractItemModel *WhatIfView::windowModel() const { return m_windowModel; }
QAbstractItemModel *WhatIfView::lateModel() const { return m_lateModel; }

void WhatIfView::activate(const QModelIndex &index)
{
    const qint64 seq = index.data(SeqRole).toLongLong();
    if (index.isValid() && seq >= 0)
        emit seqActivated(seq);
}

void WhatIfView::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange) {
        // The row tints follow the palette.
        m_windowTable->viewport()->update();
        m_lateTable->viewport()->update();
    }
}

} // namespace streamscope
