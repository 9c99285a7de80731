#pragma once
// Loads or defines the pipeline the replay debugger runs (DESIGN.md,
// "pipeline"; docs/pipelines.md). Two tabs that stay in sync:
//
//  - Form: input topics (from the session's), event time (the Kafka
//    timestamp or a payload field with its unit), watermark bound, idle
//    timeout, filter, key, window (tumbling size+offset, sliding
//    size+slide+offset, session gap), allowed lateness, aggregates, dedupe,
//    early firing. Expressions are checked as you type and field names
//    complete from what the stream has shown (setFieldSuggestions).
//  - Text: the pipeline file format itself. A mistake is shown as
//    "Line 4, column 9: …", underlined, and the cursor can be sent there.
//
// The text is the one truth: a form edit writes the text (toPipelineText,
// so comments typed in the Text tab do not survive a form edit) and
// pipeline() is what parsePipeline makes of the text. OK is disabled while
// either tab has a mistake.

#include "engine/pipelinefile.h"

#include <QDialog>
#include <memory>
#include <optional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStringListModel;
class QTabWidget;
class QWidget;

namespace streamscope {

class PipelineEditor : public QDialog
{
    Q_OBJECT

public:
    explicit PipelineEditor(QWidget *parent = nullptr);
    ~PipelineEditor() override;

    // The topics the form offers as inputs (a pipeline naming others keeps them).
    void setTopics(const QStringList &topics);
    // Field names the expression fields complete (e.g. value.sensor, headers.trace).
    void setFieldSuggestions(const QStringList &fields);
    QStringList fieldSuggestions() const;

    // Shows a pipeline in both tabs.
    void setPipeline(const PipelineSpec &spec);
    // The pipeline as of the last valid state of the text.
    PipelineSpec pipeline() const { return m_spec; }
    // The text tab's text (what Save As writes).
    QString pipelineText() const;
    // Replaces the text; when it has a mistake, the Text tab opens with the
    // cursor on it. Returns whether it is valid.
    bool setPipelineText(const QString &text);

    bool isValid() const { return !m_textError && m_formError.isEmpty(); }
    const std::optional<PipelineError> &textError() const { return m_textError; }
    // The form's first mistake, named after its field ("Window size: …"); empty when none.
    QString formError() const { return m_formError; }

    // Reads a pipeline file into the editor (a mistake in it is shown, not
    // refused); errors only when the file cannot be read.
    Status openFile(const QString &path);
    // Writes the text to a file (refused while invalid).
    Status saveFile(const QString &path);
    QString filePath() const { return m_filePath; }

    // For placing and tests.
    QTabWidget *tabs() const { return m_tabs; }
    QWidget *formPage() const { return m_formPage; }
    QPlainTextEdit *textEdit() const { return m_text; }
    QPushButton *okButton() const;
    QLabel *textErrorLabel() const { return m_textErrorLabel; }
    QLabel *formErrorLabel() const { return m_formErrorLabel; }

public slots:
    // File dialogs for Open… and Save As….
    void openFileDialog();
    void saveAsDialog();
    // Moves the text cursor to the text's mistake (and shows the Text tab).
    void showTextError();
    void accept() override;

signals:
    // A valid pipeline that differs from the one before.
    void pipelineChanged(const streamscope::PipelineSpec &spec);
    void validityChanged(bool valid);

private:
    struct Form;

    void buildForm();
    void onFormEdited();
    void onTextEdited();
    // Fills the form from a spec without writing the text back.
    void fillForm(const PipelineSpec &spec);
    // The form's spec, or the first mistake in *error (all bad fields marked).
    std::optional<PipelineSpec> readForm(QString *error);
    void setText(const QString &text);
    void markTextError();
    void setValidSpec(const PipelineSpec &spec);
    void updateState();
    void updateWindowRows();
    void addAggregateRow(const AggregateSpec &spec);

    std::unique_ptr<Form> m_form;
    QTabWidget *m_tabs;
    QWidget *m_formPage;
    QLabel *m_formBanner;
    QLabel *m_formErrorLabel;
    QPlainTextEdit *m_text;
    QLabel *m_textErrorLabel;
    QDialogButtonBox *m_buttons;
    QPushButton *m_openButton;
    QPushButton *m_saveButton;
    QStringListModel *m_fields;
    PipelineSpec m_spec;
    std::optional<PipelineError> m_textError;
    QString m_formError;
    QString m_filePath;
    bool m_updating = false;
    bool m_lastValid = true;
};

} // namespace streamscope
