#include "export/exportdialog.h"

#include "engine/pipelinefile.h"
#include "export/reproducer.h"
#include "export/resultexport.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>
#include <climits>

namespace streamscope {

namespace {

QString count(std::int64_t n) { return QLocale(QLocale::English).toString(qlonglong(n)); }

// What an export reports as it goes, stored where the dialog's timer reads it.
auto progressInto(ExportJobProgress &progress)
{
    return [&progress](std::int64_t done, std::int64_t total) {
        progress.total.store(total);
        progress.done.store(done);
    };
}

ExportDialogBase::Outcome failedExport(const Error &error)
{
    ExportDialogBase::Outcome outcome;
    outcome.message = QObject::tr("Export failed: %1").arg(error.message);
    return outcome;
}

int spinMax(std::int64_t eventCount) { return int(std::clamp<std::int64_t>(eventCount - 1, 0, INT_MAX)); }

QSpinBox *seqSpin(std::int64_t eventCount, std::int64_t value)
{
    auto *spin = new QSpinBox;
    spin->setRange(0, spinMax(eventCount));
    spin->setValue(int(std::clamp<std::int64_t>(value, 0, spinMax(eventCount))));
    spin->setGroupSeparatorShown(true);
    spin->setAccelerated(true);
    return spin;
}

// The range around the cursor (±500 events), or the whole session.
std::pair<std::int64_t, std::int64_t> defaultRange(std::int64_t eventCount, std::int64_t cursor)
{
    if (cursor < 0 || eventCount <= 0)
        return {0, std::max<std::int64_t>(eventCount - 1, 0)};
    return {std::max<std::int64_t>(cursor - 500, 0), std::min<std::int64_t>(cursor + 500, eventCount - 1)};
}

} // namespace

// --- ExportDialogBase --------------------------------------------------------

ExportDialogBase::ExportDialogBase(const QString &sessionPath, QWidget *parent) : QDialog(parent), m_sessionPath(sessionPath)
{
    auto *layout = new QVBoxLayout(this);
    m_form = new QFormLayout;
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(m_form);

    m_progress = new QProgressBar;
    m_progress->setTextVisible(true);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setVisible(false);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setObjectName(QStringLiteral("status"));
    layout->addSpacing(6);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addStretch(1);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel);
    m_exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_exportButton->setDefault(true);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ExportDialogBase::startExport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &ExportDialogBase::reject);
    layout->addWidget(m_buttons);

    m_timer = new QTimer(this);
    m_timer->setInterval(100); // the GUI sees progress at a bounded rate
    connect(m_timer, &QTimer::timeout, this, &ExportDialogBase::pollProgress);
    setMinimumWidth(520);
}

ExportDialogBase::~ExportDialogBase()
{
    if (m_thread) {
        m_cancel->store(true);
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void ExportDialogBase::addOutputRow(const QString &label)
{
    m_output = new QLineEdit;
    m_output->setObjectName(QStringLiteral("output"));
    m_output->setPlaceholderText(tr("Choose a file…"));
    m_output->setClearButtonEnabled(true);
    m_browse = new QPushButton(tr("Browse…"));
    connect(m_browse, &QPushButton::clicked, this, &ExportDialogBase::browse);
    connect(m_output, &QLineEdit::textChanged, this, &ExportDialogBase::updateState);
    auto *row = new QHBoxLayout;
    row->addWidget(m_output, 1);
    row->addWidget(m_browse);
    m_form->addRow(label, row);
    m_outputNote = new QLabel;
    m_outputNote->setObjectName(QStringLiteral("outputNote"));
    m_outputNote->setWordWrap(true);
    QPalette palette = m_outputNote->palette();
    palette.setColor(QPalette::WindowText, palette.color(QPalette::PlaceholderText));
    m_outputNote->setPalette(palette);
    m_form->addRow(QString(), m_outputNote);
}

void ExportDialogBase::setOutputPath(const QString &path) { m_output->setText(path); }

QString ExportDialogBase::outputPath() const { return m_output ? m_output->text().trimmed() : QString(); }

QString ExportDialogBase::problem() const
{
    const QString out = outputPath();
    if (out.isEmpty())
        return tr("Choose the output file.");
    const QFileInfo info(out);
    if (info.isDir())
        return tr("%1 is a folder: choose a file name in it.").arg(QDir::toNativeSeparators(out));
    if (!info.absoluteDir().exists())
        return tr("The folder %1 does not exist.").arg(QDir::toNativeSeparators(info.absolutePath()));
    if (QFileInfo(m_sessionPath).exists() && info.exists() && QFileInfo(m_sessionPath).canonicalFilePath() == info.canonicalFilePath())
        return tr("The output file is the session itself: choose another file.");
    return {};
}

void ExportDialogBase::showProblem(const QString &text)
{
    m_status->setText(text);
    QPalette palette = m_status->palette();
    palette.setColor(QPalette::WindowText, text.isEmpty() ? palette.color(QPalette::Text) : QColor(0xb0, 0x20, 0x20));
    m_status->setPalette(palette);
}

void ExportDialogBase::updateState()
{
    if (!m_outputNote)
        return;
    const QString out = outputPath();
    const QFileInfo info(out);
    m_outputNote->setText(!out.isEmpty() && info.isFile() ? tr("The file exists: it will be replaced when the export is complete.")
                                                          : QString());
    if (!isRunning())
        m_exportButton->setEnabled(!out.isEmpty());
}

void ExportDialogBase::browse()
{
    QFileDialog dialog(this, tr("Export to"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setNameFilter(fileDialogFilter());
    dialog.setDefaultSuffix(defaultSuffix());
    if (!outputPath().isEmpty())
        dialog.selectFile(outputPath());
    else
        dialog.setDirectory(QFileInfo(m_sessionPath).absolutePath());
    if (dialog.exec() == QDialog::Accepted && !dialog.selectedFiles().isEmpty())
        setOutputPath(dialog.selectedFiles().first());
}

void ExportDialogBase::setBusyText(const QString &text)
{
    // From the worker: queued to the GUI thread (dropped if the dialog is gone).
    QMetaObject::invokeMethod(this, [this, text] {
        if (isRunning())
            m_status->setText(text);
    }, Qt::QueuedConnection);
}

void ExportDialogBase::setRunning(bool running)
{
    for (QWidget *w : findChildren<QWidget *>()) {
        if (w == m_progress || w == m_status || w == m_buttons || m_buttons->isAncestorOf(w) || w->isWindow())
            continue;
        if (qobject_cast<QLabel *>(w))
            continue;
        w->setEnabled(!running);
    }
    m_exportButton->setEnabled(!running);
    m_progress->setVisible(running);
    m_buttons->button(QDialogButtonBox::Cancel)->setText(running ? tr("Stop") : tr("Cancel"));
}

void ExportDialogBase::startExport()
{
    if (isRunning())
        return;
    if (const QString p = problem(); !p.isEmpty()) {
        showProblem(p);
        m_outcome = Outcome{false, false, p, outputPath(), 0};
        emit exportFinished(m_outcome);
        return;
    }
    Job job = makeJob();
    m_jobProgress = std::make_shared<ExportJobProgress>();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_jobOutcome = std::make_shared<Outcome>();
    m_thread = QThread::create([job = std::move(job), progress = m_jobProgress, cancel = m_cancel, outcome = m_jobOutcome] {
        *outcome = job(*progress, *cancel);
    });
    m_thread->setObjectName(QStringLiteral("export"));
    connect(m_thread, &QThread::finished, this, &ExportDialogBase::workerFinished);
    showProblem(QString());
    m_status->setText(tr("Exporting…"));
    m_progress->setRange(0, 0);
    setRunning(true);
    m_timer->start();
    m_thread->start();
}

void ExportDialogBase::pollProgress()
{
    if (!m_jobProgress)
        return;
    const std::int64_t total = m_jobProgress->total.load();
    const std::int64_t done = m_jobProgress->done.load();
    if (total > 0) {
        m_progress->setRange(0, 1000);
        m_progress->setValue(int(std::clamp<std::int64_t>(done * 1000 / total, 0, 1000)));
        m_progress->setFormat(tr("%1 of %2 events").arg(count(done), count(total)));
    }
}

void ExportDialogBase::cancelExport()
{
    if (m_cancel)
        m_cancel->store(true);
    if (isRunning())
        m_status->setText(tr("Stopping…"));
}

void ExportDialogBase::reject()
{
    if (isRunning()) {
        cancelExport();
        return; // the dialog stays until the worker has stopped
    }
    QDialog::reject();
}

void ExportDialogBase::workerFinished()
{
    m_timer->stop();
    m_thread->wait();
    m_thread->deleteLater();
    m_thread = nullptr;
    m_outcome = *m_jobOutcome;
    m_outcome.outputPath = outputPath();
    if (m_cancel->load() && !m_outcome.ok) {
        m_outcome.cancelled = true;
        m_outcome.message = tr("Export stopped: nothing was written.");
    }
    m_jobProgress.reset();
    setRunning(false);
    updateState();
    if (m_outcome.ok) {
        m_progress->setVisible(false);
        showProblem(QString());
        m_status->setText(m_outcome.message);
    } else if (m_outcome.cancelled) {
        showProblem(QString());
        m_status->setText(m_outcome.message);
    } else {
        showProblem(m_outcome.message);
    }
    emit exportFinished(m_outcome);
    if (m_outcome.ok)
        accept();
}

// --- ExportDialog ------------------------------------------------------------

ExportDialog::ExportDialog(const ExportDialogOptions &options, QWidget *parent)
    : ExportDialogBase(options.sessionPath, parent), m_options(options)
{
    setWindowTitle(tr("Export Specified Events"));
    std::sort(m_options.markedSeqs.begin(), m_options.markedSeqs.end());
    m_options.markedSeqs.erase(std::unique(m_options.markedSeqs.begin(), m_options.markedSeqs.end()), m_options.markedSeqs.end());

    m_format = new QComboBox;
    m_format->setObjectName(QStringLiteral("format"));
    m_format->addItem(tr("JSON lines (kcat -J compatible)"), int(ExportFormat::JsonLines));
    m_format->addItem(tr("CSV (RFC 4180, header row)"), int(ExportFormat::Csv));
    form()->addRow(tr("Format:"), m_format);

    m_which = new QButtonGroup(this);
    auto *whichBox = new QVBoxLayout;
    whichBox->setSpacing(4);
    m_all = new QRadioButton(tr("All events (%1)").arg(count(m_options.eventCount)));
    m_all->setObjectName(QStringLiteral("all"));
    QString filterText = m_options.displayedFilter.simplified();
    if (filterText.size() > 44)
        filterText = filterText.left(43) + QStringLiteral("…");
    filterText.replace(QLatin1Char('&'), QStringLiteral("&&")); // not a mnemonic
    m_displayed = new QRadioButton(m_options.displayedFilter.isEmpty() ? tr("Displayed events (no filter set)")
                                                                       : tr("Displayed events: %1").arg(filterText));
    m_displayed->setObjectName(QStringLiteral("displayed"));
    m_displayed->setToolTip(m_options.displayedFilter);
    m_displayed->setEnabled(!m_options.displayedFilter.trimmed().isEmpty());
    m_marked = new QRadioButton(m_options.markedSeqs.empty() ? tr("Marked events (none marked)")
                                                             : tr("Marked events (%1)").arg(count(qint64(m_options.markedSeqs.size()))));
    m_marked->setObjectName(QStringLiteral("marked"));
    m_marked->setEnabled(!m_options.markedSeqs.empty());
    m_range = new QRadioButton(tr("Seqs"));
    m_range->setObjectName(QStringLiteral("range"));
    const auto [first, last] = defaultRange(m_options.eventCount, m_options.cursorSeq);
    m_from = seqSpin(m_options.eventCount, first);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = seqSpin(m_options.eventCount, last);
    m_to->setObjectName(QStringLiteral("to"));
    int id = 0;
    for (QRadioButton *b : {m_all, m_displayed, m_marked, m_range})
        m_which->addButton(b, id++);
    whichBox->addWidget(m_all);
    whichBox->addWidget(m_displayed);
    whichBox->addWidget(m_marked);
    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_range);
    rangeRow->addWidget(m_from, 1);
    rangeRow->addWidget(new QLabel(tr("to")));
    rangeRow->addWidget(m_to, 1);
    rangeRow->addWidget(new QLabel(tr("(both included)")));
    whichBox->addLayout(rangeRow);
    form()->addRow(tr("Events:"), whichBox);
    // Editing the range chooses it.
    connect(m_from, &QSpinBox::valueChanged, this, [this] { m_range->setChecked(true); });
    connect(m_to, &QSpinBox::valueChanged, this, [this] { m_range->setChecked(true); });
    m_all->setChecked(true);

    addOutputRow(tr("Output file:"));
    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::formatChanged);
    setOutputPath(m_options.suggestedOutput);
    updateState();
}

void ExportDialog::setFormat(ExportFormat format) { m_format->setCurrentIndex(m_format->findData(int(format))); }

ExportFormat ExportDialog::format() const { return ExportFormat(m_format->currentData().toInt()); }

bool ExportDialog::setWhich(Which which)
{
    QAbstractButton *button = m_which->button(int(which));
    if (!button || !button->isEnabled())
        return false;
    button->setChecked(true);
    return true;
}

ExportDialog::Which ExportDialog::which() const { return Which(m_which->checkedId()); }

void ExportDialog::setRange(std::int64_t first, std::int64_t last)
{
    m_from->setValue(int(std::clamp<std::int64_t>(first, 0, INT_MAX)));
    m_to->setValue(int(std::clamp<std::int64_t>(last, 0, INT_MAX)));
    m_range->setChecked(true);
}

EventSelection ExportDialog::selection() const
{
    EventSelection selection;
    switch (which()) {
    case Which::All:
        break;
    case Which::Displayed:
        selection.filter = m_options.displayedFilter;
        break;
    case Which::Marked:
        selection.seqs = m_options.markedSeqs;
        break;
    case Which::Range:
        selection.range = SeqRange{m_from->value(), m_to->value()};
        break;
    }
    return selection;
}

QString ExportDialog::problem() const
{
    if (which() == Which::Range && m_from->value() > m_to->value())
        return tr("The range is empty: seq %1 comes after seq %2.").arg(count(m_from->value()), count(m_to->value()));
    return ExportDialogBase::problem();
}

void ExportDialog::formatChanged()
{
    // Follow the format with the file's suffix, if it has one of ours.
    const QString out = outputPath();
    const QString suffix = QFileInfo(out).suffix().toLower();
    const QString wanted = defaultSuffix();
    if (!out.isEmpty() && suffix != wanted && (suffix == QLatin1String("jsonl") || suffix == QLatin1String("csv")))
        setOutputPath(out.left(out.size() - suffix.size()) + wanted);
}

QString ExportDialog::fileDialogFilter() const
{
    return format() == ExportFormat::Csv ? tr("CSV files (*.csv)") : tr("JSON lines (*.jsonl *.json)");
}

QString ExportDialog::defaultSuffix() const { return format() == ExportFormat::Csv ? QStringLiteral("csv") : QStringLiteral("jsonl"); }

ExportDialog::Job ExportDialog::makeJob()
{
    return [session = m_sessionPath, format = format(), selection = selection(), out = outputPath()](
               ExportJobProgress &progress, const std::atomic<bool> &cancel) {
        auto report = exportEvents(session, format, selection, out, progressInto(progress), &cancel);
        if (!report)
            return failedExport(report.error());
        Outcome outcome;
        outcome.ok = true;
        outcome.items = report->events;
        outcome.message = QObject::tr("Exported %1 events (%2) to %3")
                              .arg(count(report->events), QLocale(QLocale::English).formattedDataSize(report->bytes),
                                   QDir::toNativeSeparators(out));
        return outcome;
    };
}

// --- PipelineExportDialog ----------------------------------------------------

PipelineExportDialog::PipelineExportDialog(const PipelineExportOptions &options, QWidget *parent)
    : ExportDialogBase(options.sessionPath, parent), m_options(options)
{
    setWindowTitle(tr("Export Pipeline Results"));
    QString name = m_options.pipelineName;
    const auto parsed = parsePipeline(m_options.pipelineText);
    if (const auto *error = std::get_if<PipelineError>(&parsed))
        m_pipelineError = tr("The pipeline has an error (%1): fix it first.").arg(error->toString());
    else if (name.isEmpty())
        name = std::get<PipelineSpec>(parsed).name;
    if (m_options.pipelineName.isEmpty())
        m_options.pipelineName = name.isEmpty() ? tr("pipeline") : name;

    form()->addRow(tr("Pipeline:"), new QLabel(m_options.pipelineName));
    m_what = new QComboBox;
    m_what->setObjectName(QStringLiteral("what"));
    m_what->addItem(tr("Window results and late events — JSON lines"), int(What::ResultsJsonLines));
    m_what->addItem(tr("Window results and late events — CSV"), int(What::ResultsCsv));
    m_what->addItem(tr("Reproducer session — a range of seqs"), int(What::ReproducerRange));
    m_what->addItem(tr("Reproducer session — one window result"), int(What::ReproducerResult));
    form()->addRow(tr("Export:"), m_what);

    const auto [first, last] = defaultRange(m_options.eventCount, m_options.cursorSeq);
    m_from = seqSpin(m_options.eventCount, first);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = seqSpin(m_options.eventCount, last);
    m_to->setObjectName(QStringLiteral("to"));
    m_rangeRow = new QWidget;
    auto *rangeRow = new QHBoxLayout(m_rangeRow);
    rangeRow->setContentsMargins(0, 0, 0, 0);
    rangeRow->addWidget(m_from, 1);
    rangeRow->addWidget(new QLabel(tr("to")));
    rangeRow->addWidget(m_to, 1);
    rangeRow->addWidget(new QLabel(tr("(both included)")));
    form()->addRow(tr("Seqs:"), m_rangeRow);
    m_result = new QSpinBox;
    m_result->setObjectName(QStringLiteral("result"));
    m_result->setRange(0, INT_MAX);
    m_result->setValue(int(std::clamp<std::int64_t>(m_options.resultIndex, 0, INT_MAX)));
    m_result->setToolTip(tr("The window result's number, from 0, in the order the pipeline fires them "
                            "(as 'streamscope-cli run' lists them)."));
    form()->addRow(tr("Result number:"), m_result);

    addOutputRow(tr("Output file:"));
    connect(m_what, &QComboBox::currentIndexChanged, this, &PipelineExportDialog::whatChanged);
    if (m_options.resultIndex >= 0)
        setWhat(What::ReproducerResult);
    whatChanged();
    setOutputPath(m_options.suggestedOutput);
    if (!m_pipelineError.isEmpty())
        showProblem(m_pipelineError);
    updateState();
}

void PipelineExportDialog::setWhat(What what) { m_what->setCurrentIndex(m_what->findData(int(what))); }

PipelineExportDialog::What PipelineExportDialog::what() const { return What(m_what->currentData().toInt()); }

void PipelineExportDialog::setRange(std::int64_t first, std::int64_t last)
{
    m_from->setValue(int(std::clamp<std::int64_t>(first, 0, INT_MAX)));
    m_to->setValue(int(std::clamp<std::int64_t>(last, 0, INT_MAX)));
}

void PipelineExportDialog::setResultIndex(std::int64_t index) { m_result->setValue(int(std::clamp<std::int64_t>(index, 0, INT_MAX))); }

void PipelineExportDialog::whatChanged()
{
    const What w = what();
    const auto show = [this](QWidget *field, bool visible) {
        field->setVisible(visible);
        if (QWidget *label = form()->labelForField(field))
            label->setVisible(visible);
    };
    show(m_rangeRow, w == What::ReproducerRange);
    show(m_result, w == What::ReproducerResult);

    // The output's suffix follows the kind of file.
    const QString out = outputPath();
    const QString suffix = QFileInfo(out).suffix().toLower();
    const QString wanted = defaultSuffix();
    if (!out.isEmpty() && suffix != wanted
        && (suffix == QLatin1String("jsonl") || suffix == QLatin1String("csv") || suffix == QLatin1String("sss")))
        setOutputPath(out.left(out.size() - suffix.size()) + wanted);
    adjustSize();
}

QString PipelineExportDialog::problem() const
{
    if (!m_pipelineError.isEmpty())
        return m_pipelineError;
    if (what() == What::ReproducerRange && m_from->value() > m_to->value())
        return tr("The range is empty: seq %1 comes after seq %2.").arg(count(m_from->value()), count(m_to->value()));
    const QString base = ExportDialogBase::problem();
    if (!base.isEmpty())
        return base;
    if ((what() == What::ReproducerRange || what() == What::ReproducerResult) && QFileInfo::exists(outputPath()))
        return tr("%1 exists: a reproducer is a new session file, choose another name.").arg(QDir::toNativeSeparators(outputPath()));
    return {};
}

QString PipelineExportDialog::fileDialogFilter() const
{
    switch (what()) {
    case What::ResultsCsv:
        return tr("CSV files (*.csv)");
    case What::ResultsJsonLines:
        return tr("JSON lines (*.jsonl *.json)");
    default:
        return tr("Streamscope sessions (*.sss)");
    }
}

QString PipelineExportDialog::defaultSuffix() const
{
    switch (what()) {
    case What::ResultsCsv:
        return QStringLiteral("csv");
    case What::ResultsJsonLines:
        return QStringLiteral("jsonl");
    default:
        return QStringLiteral("sss");
    }
}

PipelineExportDialog::Job PipelineExportDialog::makeJob()
{
    const What w = what();
    const QString out = outputPath();
    const PipelineSpec spec = std::get<PipelineSpec>(parsePipeline(m_options.pipelineText));
    if (w == What::ResultsJsonLines || w == What::ResultsCsv) {
        const ExportFormat format = w == What::ResultsCsv ? ExportFormat::Csv : ExportFormat::JsonLines;
        return [session = m_sessionPath, spec, format, out](ExportJobProgress &progress, const std::atomic<bool> &cancel) {
            auto report = exportPipelineResults(session, spec, format, out, progressInto(progress), &cancel);
            if (!report)
                return failedExport(report.error());
            Outcome outcome;
            outcome.ok = true;
            outcome.items = report->results + report->lateEvents;
            outcome.message = QObject::tr("Exported %1 window results and %2 late events to %3")
                                  .arg(count(report->results), count(report->lateEvents), QDir::toNativeSeparators(out));
            return outcome;
        };
    }
    ReproducerOptions options;
    options.sessionPath = m_sessionPath;
    options.outputPath = out;
    options.pipeline = spec;
    options.pipelineName = m_options.pipelineName;
    options.pipelineText = m_options.pipelineText;
    if (w == What::ReproducerRange)
        options.range = SeqRange{m_from->value(), m_to->value()};
    const std::int64_t index = m_result->value();
    return [this, options, index, byResult = w == What::ReproducerResult](ExportJobProgress &, const std::atomic<bool> &cancel) mutable {
        Outcome outcome;
        if (byResult) {
            setBusyText(QObject::tr("Running the pipeline to find result %1…").arg(index));
            auto found = findWindowResult(options.sessionPath, options.pipeline, index, &cancel);
            if (!found) {
                outcome.message = QObject::tr("Cannot write the reproducer: %1").arg(found.error().message);
                return outcome;
            }
            options.result = *found;
        }
        auto report = writeReproducer(options, [this](const QString &what) { setBusyText(what); }, &cancel);
        if (!report) {
            outcome.message = QObject::tr("Cannot write the reproducer: %1").arg(report.error().message);
            return outcome;
        }
        outcome.ok = true;
        outcome.items = report->events;
        outcome.message = QObject::tr("Wrote %1: %2 events from seqs %3 to %4, with pipeline \"%5\"")
                              .arg(QDir::toNativeSeparators(options.outputPath), count(report->events))
                              .arg(report->firstSeq)
                              .arg(report->lastSeq)
                              .arg(options.pipelineName);
        return outcome;
    };
}

} // namespace streamscope
