#pragma once
// The GUI's export dialogs (docs/export.md). Both run their work on a worker
// thread (DESIGN.md, principle 5) and show a progress bar with Cancel inside
// the dialog; an error is shown in the dialog, in words, and the dialog stays
// open so that the user can change what was wrong. On success the dialog is
// accepted (exec() returns QDialog::Accepted) and finished() says what was
// written. Nothing of the session but its events (or a pipeline's results)
// is written, so no secret of the source can reach an export.
//
// ExportDialog — "Export Specified Events…": which events (all, the
// displayed ones = the filter bar's expression, the marked/selected rows, or
// a seq range), JSON lines (kcat -J compatible) or CSV, and the output file.
// Wiring in the main window:
//
//     ExportDialogOptions o;
//     o.sessionPath = session->path();
//     o.eventCount = session->eventCount();
//     o.displayedFilter = filterBar->expression();   // "" when no filter
//     o.markedSeqs = eventTable->selectedSeqs();     // any order, duplicates ok
//     o.cursorSeq = replay->cursor();                // for the range defaults
//     auto *dialog = new ExportDialog(o, this);
//     dialog->setAttribute(Qt::WA_DeleteOnClose);
//     connect(dialog, &ExportDialog::exportFinished, this, [this](const ExportDialog::Outcome &r) {
//         if (r.ok) statusBar()->showMessage(r.message, 5000);
//     });
//     dialog->open();
//
// PipelineExportDialog — "Export Pipeline Results…": a pipeline's window
// results and late events as JSON lines (what `streamscope-cli run --json`
// prints) or CSV; or a reproducer: a new small session with the pipeline
// stored inside it, from a seq range or for one window result.
//
//     PipelineExportOptions o;
//     o.sessionPath = session->path();
//     o.eventCount = session->eventCount();
//     o.pipelineText = editor->text();   // a pipeline file's text (parsed here)
//     o.resultIndex = lanes->selectedResultIndex(); // -1 when none
//     auto *dialog = new PipelineExportDialog(o, this);
//     dialog->open();
//
// The dialogs can be driven without a user (tests, "export again"): set the
// fields with the setters, then call startExport(); exportFinished() is
// emitted when the worker is done.

#include "export/sessionexport.h"

#include <QDialog>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QButtonGroup;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QThread;
class QTimer;
class QFormLayout;

namespace streamscope {

// What the worker reports to the dialog. Progress values are read by the
// dialog's timer on the GUI thread (bounded update rate).
struct ExportJobProgress {
    std::atomic<std::int64_t> done{0};
    std::atomic<std::int64_t> total{0}; // 0: unknown (busy indicator)
};

// The common frame of both dialogs: a form (filled by the subclass), the
// output file, a progress bar with a status line, and Export / Cancel /
// Close buttons. Not used on its own.
class ExportDialogBase : public QDialog
{
    Q_OBJECT

public:
    struct Outcome {
        bool ok = false;
        bool cancelled = false;
        QString message;    // for people: what was written, or what went wrong
        QString outputPath;
        std::int64_t items = 0; // events, or results + late events, written
    };

    ~ExportDialogBase() override; // cancels a running export and waits for it

    void setOutputPath(const QString &path);
    QString outputPath() const;

    bool isRunning() const { return m_thread != nullptr; }
    // The last outcome (ok false and an empty message before any export).
    const Outcome &outcome() const { return m_outcome; }
    // Why the form cannot be exported as it is; empty when it can.
    virtual QString problem() const;

public slots:
    // Checks the form (a problem is shown and nothing starts) and runs the
    // export on a worker thread.
    void startExport();
    // Asks a running export to stop; the output file is left out.
    void cancelExport();
    void reject() override; // Cancel while running cancels the export first

signals:
    void exportFinished(const ExportDialogBase::Outcome &outcome);

protected:
    ExportDialogBase(const QString &sessionPath, QWidget *parent);

    // The work, run on the worker thread: returns the outcome (ok, message,
    // items); progress and cancel are the dialog's.
    using Job = std::function<Outcome(ExportJobProgress &progress, const std::atomic<bool> &cancel)>;
    virtual Job makeJob() = 0;
    // The form rows of the subclass go here, above "Output file".
    QFormLayout *form() const { return m_form; }
    // Adds the output row, after the subclass's rows.
    void addOutputRow(const QString &label);
    virtual QString fileDialogFilter() const = 0;
    virtual QString defaultSuffix() const = 0;
    // The status line while the worker runs (callable from the worker thread).
    void setBusyText(const QString &text);
    void showProblem(const QString &text);
    void updateState(); // enables Export, updates the output note

    QString m_sessionPath;

private:
    void browse();
    void pollProgress();
    void workerFinished();
    void setRunning(bool running);

    QFormLayout *m_form = nullptr;
    QLineEdit *m_output = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_outputNote = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_status = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_exportButton = nullptr;
    QThread *m_thread = nullptr;
    QTimer *m_timer = nullptr;
    std::shared_ptr<ExportJobProgress> m_jobProgress;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<Outcome> m_jobOutcome;
    Outcome m_outcome;
    QString m_busyText;
};

struct ExportDialogOptions {
    QString sessionPath;
    std::int64_t eventCount = 0;          // events in the session (range limits)
    QString displayedFilter;              // the filter bar's expression; "" disables "Displayed events"
    std::vector<std::int64_t> markedSeqs; // marked or selected rows; empty disables "Marked events"
    std::int64_t cursorSeq = -1;          // the range defaults around it; -1: the whole session
    QString suggestedOutput;              // initial output file (else empty)
};

class ExportDialog : public ExportDialogBase
{
    Q_OBJECT

public:
    enum class Which { All, Displayed, Marked, Range };

    explicit ExportDialog(const ExportDialogOptions &options, QWidget *parent = nullptr);

    void setFormat(ExportFormat format);
    ExportFormat format() const;
    // Ignored (returns false) for a choice that is disabled (no filter, no marked rows).
    bool setWhich(Which which);
    Which which() const;
    void setRange(std::int64_t first, std::int64_t last); // both inclusive
    // The events the export takes, as the form says now.
    EventSelection selection() const;

    QString problem() const override;

protected:
    Job makeJob() override;
    QString fileDialogFilter() const override;
    QString defaultSuffix() const override;

private:
    void formatChanged();

    ExportDialogOptions m_options;
    QComboBox *m_format = nullptr;
    QButtonGroup *m_which = nullptr;
    QRadioButton *m_all = nullptr;
    QRadioButton *m_displayed = nullptr;
    QRadioButton *m_marked = nullptr;
    QRadioButton *m_range = nullptr;
    QSpinBox *m_from = nullptr;
    QSpinBox *m_to = nullptr;
};

struct PipelineExportOptions {
    QString sessionPath;
    std::int64_t eventCount = 0;
    QString pipelineText;         // a pipeline file's text
    QString pipelineName;         // stored under this name in a reproducer; default: the pipeline's name
    std::int64_t resultIndex = -1; // a window result to reproduce (0-based, firing order); -1: none chosen
    std::int64_t cursorSeq = -1;
    QString suggestedOutput;
};

class PipelineExportDialog : public ExportDialogBase
{
    Q_OBJECT

public:
    enum class What { ResultsJsonLines, ResultsCsv, ReproducerRange, ReproducerResult };

    explicit PipelineExportDialog(const PipelineExportOptions &options, QWidget *parent = nullptr);

    void setWhat(What what);
    What what() const;
    void setRange(std::int64_t first, std::int64_t last);
    void setResultIndex(std::int64_t index);

    QString problem() const override;

protected:
    Job makeJob() override;
    QString fileDialogFilter() const override;
    QString defaultSuffix() const override;

private:
    void whatChanged();

    PipelineExportOptions m_options;
    QString m_pipelineError; // the pipeline text does not parse
    QComboBox *m_what = nullptr;
    QWidget *m_rangeRow = nullptr;
    QSpinBox *m_from = nullptr;
    QSpinBox *m_to = nullptr;
    QSpinBox *m_result = nullptr;
};

} // namespace streamscope
