#pragma once
// The replay debugger's breakpoints panel: the list (BreakpointModel) as a
// table — a checkbox to enable each, its kind, its condition, its hits; rows
// that hit at the latest stop in bold with an arrow — and the buttons around
// it: Add (a menu of kinds), Edit, Remove (also the Delete key), Enable all,
// Disable all, and "◀ Run to previous hit" / "Run to next hit ▶", which only
// ask (runBackward/runForward): the caller runs the ReplayController and
// reports the stop back with noteStop.
//
// Kinds with settings are added or edited in an inline form below the table
// (BreakpointEditor): the filter expression checked as you type, its mistake
// shown with its column; a key; the watermark time; aggregate, comparison and
// threshold. The form adds nothing while it is invalid.

#include "replay/breakpointmodel.h"

#include <QList>
#include <QWidget>
#include <optional>
#include <variant>

class QAbstractButton;
class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QToolButton;

namespace streamscope {

class FilterBar;
struct Event;

// The form for one breakpoint of a kind with settings.
class BreakpointEditor : public QWidget
{
    Q_OBJECT

public:
    explicit BreakpointEditor(QWidget *parent = nullptr);
    ~BreakpointEditor() override;

    // Shows the fields of the breakpoint's kind, filled in from it. editing:
    // the accept button says "Save" (else "Add").
    void setBreakpoint(const Breakpoint &breakpoint, bool editing = false);
    Breakpoint::Kind kind() const { return m_kind; }
    // The breakpoint as filled in, when valid (checked as BreakpointCheck::create does).
    std::optional<Breakpoint> breakpoint() const;
    bool isValid() const { return breakpoint().has_value(); }
    // Why the form is not valid ("Column 14: expected a value after …"); empty when valid.
    QString errorText() const;

    // Suggestions: the pipeline's aggregate names, keys seen, the watermark
    // the cursor is at (the default time of a new watermark breakpoint).
    void setAggregateNames(const QStringList &names);
    void setKeySuggestions(const QStringList &keys);
    void setDefaultTimeMs(std::int64_t epochMs) { m_defaultTimeMs = epochMs; }
    void addSampleEvents(const QList<streamscope::Event> &events);

    // The fields, for the panel and tests.
    FilterBar *filterBar() const { return m_filter; }
    QLineEdit *keyEdit() const { return m_keyEdit; }
    QCheckBox *keyCheck() const { return m_keyCheck; }
    QDateTimeEdit *timeEdit() const { return m_timeEdit; }
    QComboBox *aggregateCombo() const { return m_aggregate; }
    QComboBox *comparisonCombo() const { return m_comparison; }
    QLineEdit *thresholdEdit() const { return m_threshold; }
    QPushButton *acceptButton() const { return m_acceptButton; }
    QLabel *errorLabel() const { return m_error; }

public slots:
    // Emits accepted with the breakpoint when valid; otherwise shows why and
    // returns false.
    bool accept();
    void cancel();

signals:
    void accepted(const streamscope::Breakpoint &breakpoint);
    void cancelled();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    // Either the breakpoint or why not.
    std::variant<Breakpoint, QString> build() const;
    void revalidate();

    Breakpoint::Kind m_kind = Breakpoint::Kind::FilterMatch;
    bool m_enabled = true;
    std::int64_t m_defaultTimeMs = 0;
    QLabel *m_title;
    QLabel *m_help;
    QFormLayout *m_form;
    FilterBar *m_filter;
    QWidget *m_stateRow;
    QComboBox *m_aggregate;
    QComboBox *m_comparison;
    QLineEdit *m_threshold;
    QDateTimeEdit *m_timeEdit;
    QWidget *m_keyRow;
    QCheckBox *m_keyCheck;
    QLineEdit *m_keyEdit;
    QLabel *m_error;
    QPushButton *m_acceptButton;
    QPushButton *m_cancelButton;
};

class BreakpointsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit BreakpointsPanel(QWidget *parent = nullptr);
    ~BreakpointsPanel() override;

    BreakpointModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    BreakpointEditor *editor() const { return m_editor; }
    QList<Breakpoint> breakpoints() const { return m_model->breakpoints(); }
    void setBreakpoints(const QList<Breakpoint> &breakpoints) { m_model->setBreakpoints(breakpoints); }

    // Adds a breakpoint if it is valid (BreakpointCheck::create); returns its
    // row, or -1 with the reason in *error.
    int addBreakpoint(const Breakpoint &breakpoint, QString *error = nullptr);
    // The row being edited in the form (-1: a new breakpoint, or no form open).
    int editingRow() const { return m_editingRow; }
    bool isEditorOpen() const;
    // The selected rows, ascending.
    QList<int> selectedRows() const;

    // Passed on to the form.
    void setAggregateNames(const QStringList &names);
    void setKeySuggestions(const QStringList &keys);
    void setCurrentWatermark(std::int64_t epochMs);
    void addSampleEvents(const QList<streamscope::Event> &events);

    // The buttons, for placing shortcuts and tests.
    QToolButton *addButton() const { return m_addButton; }
    QAbstractButton *removeButton() const;
    QAbstractButton *runForwardButton() const;
    QAbstractButton *runBackwardButton() const;

public slots:
    // A kind without settings is added at once; otherwise the form opens.
    void beginAdd(streamscope::Breakpoint::Kind kind);
    // Opens the form on a row (a kind without settings has nothing to edit).
    void editRow(int row);
    void removeSelected();
    void enableAll() { m_model->setAllEnabled(true); }
    void disableAll() { m_model->setAllEnabled(false); }
    // Playback stopped at seq because of these rows: counted, marked and shown.
    void noteStop(qint64 seq, const QList<int> &hitRows);
    void clearStopMarks() { m_model->clearStopMarks(); }

signals:
    void breakpointsChanged(const QList<streamscope::Breakpoint> &breakpoints);
    void runForward();
    void runBackward();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onEditorAccepted(const Breakpoint &breakpoint);
    void closeEditor();
    void updateButtons();
    void updateStatus();

    BreakpointModel *m_model;
    QTableView *m_view;
    BreakpointEditor *m_editor;
    QToolButton *m_addButton;
    QToolButton *m_editButton;
    QToolButton *m_removeButton;
    QToolButton *m_enableAllButton;
    QToolButton *m_disableAllButton;
    QPushButton *m_backButton;
    QPushButton *m_forwardButton;
    QLabel *m_status;
    int m_editingRow = -1;
};

} // namespace streamscope
