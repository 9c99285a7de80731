#pragma once
// The filter bar above the event table: one line of the expression language
// (docs/filter-language.md), checked as you type.
//
// A short pause after typing compiles the text; a mistake is marked on the
// exact characters CompileError points at (a red wavy underline) with the
// message beside the line and in its tooltip. Enter applies a valid filter
// (filterApplied, with the compiled Expression) or, on an empty line, clears
// it (filterCleared); Escape clears. Field names complete as you type: the
// language's fields and the value.… paths and headers.NAME seen in the
// stream (addSampleEvents).

#include "event/event.h"
#include "expr/expression.h"
#include "filter/fieldcatalog.h"

#include <QList>
#include <QTimer>
#include <QWidget>
#include <optional>
#include <utility>

class QCompleter;
class QLabel;
class QLineEdit;
class QStringListModel;

namespace streamscope {

class FilterBar : public QWidget
{
    Q_OBJECT

public:
    static constexpr int kValidateDelayMs = 250;

    explicit FilterBar(QWidget *parent = nullptr);
    ~FilterBar() override;

    // For the main window: focus (Ctrl+F) and placement.
    QLineEdit *lineEdit() const { return m_edit; }
    QCompleter *completer() const { return m_completer; }

    QString text() const;
    // Replaces the text and checks it at once (nothing is applied).
    void setText(const QString &text);
    // As of the last check: an empty line is valid.
    bool isValid() const { return !m_error.has_value(); }
    const std::optional<expr::CompileError> &compileError() const { return m_error; }
    // The message shown beside the line (empty when valid).
    QString message() const;
    // The characters marked as the mistake: position and length in QString
    // units (length 0: none).
    std::pair<int, int> highlight() const { return {m_highlightPosition, m_highlightLength}; }
    const FieldCatalog &fieldCatalog() const { return m_catalog; }

public slots:
    // Learns field names for completion from events of the stream.
    void addSampleEvents(const QList<streamscope::Event> &events);
    void addSampleEvent(const streamscope::Event &event);
    // Checks the text now and applies it if valid (what Enter does).
    void apply();
    // Empties the line and clears the filter (what Escape does).
    void clear();
    // Checks the text now (otherwise done after a pause in typing).
    void validate();

signals:
    void filterApplied(const streamscope::expr::Expression &filter);
    void filterCleared();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onTextEdited();
    void updateCompletion();
    // Where the field name under the cursor starts (-1 when there is none).
    int tokenStart() const;
    void insertCompletion(const QString &completion);
    void showError(const expr::CompileError &error);
    void clearError();
    void setHighlight(int position, int length);

    QLineEdit *m_edit;
    QLabel *m_message;
    QCompleter *m_completer;
    QStringListModel *m_completions;
    QTimer m_validateTimer;
    FieldCatalog m_catalog;
    std::optional<expr::CompileError> m_error;
    int m_highlightPosition = 0;
    int m_highlightLength = 0;
};

} // namespace streamscope
