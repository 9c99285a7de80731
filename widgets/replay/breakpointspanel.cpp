#include "replay/breakpointspanel.h"

#include "common/format.h"
#include "filter/filterbar.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDateTimeEdit>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStringListModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace streamscope {

namespace {

QColor errorColour() { return QColor(0xc0, 0x10, 0x10); }

// A threshold as typed: the C locale's form (25.5) or the user's (25,5).
std::optional<double> parseNumber(const QString &text)
{
    const QString t = text.trimmed();
    bool ok = false;
    double value = QLocale::c().toDouble(t, &ok);
    if (!ok)
        value = QLocale().toDouble(t, &ok);
    if (!ok || !std::isfinite(value))
        return std::nullopt;
    return value;
}

} // namespace

// --- BreakpointEditor ---

BreakpointEditor::BreakpointEditor(QWidget *parent)
    : QWidget(parent),
      m_title(new QLabel(this)),
      m_help(new QLabel(this)),
      m_filter(new FilterBar(this)),
      m_stateRow(new QWidget(this)),
      m_aggregate(new QComboBox(m_stateRow)),
      m_comparison(new QComboBox(m_stateRow)),
      m_threshold(new QLineEdit(m_stateRow)),
      m_timeEdit(new QDateTimeEdit(this)),
      m_keyRow(new QWidget(this)),
      m_keyCheck(new QCheckBox(tr("Only for key"), m_keyRow)),
      m_keyEdit(new QLineEdit(m_keyRow)),
      m_error(new QLabel(this)),
      m_acceptButton(new QPushButton(tr("Add"), this)),
      m_cancelButton(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("breakpointEditor"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_help->setWordWrap(true);
    m_help->setForegroundRole(QPalette::PlaceholderText);

    // The filter bar's own message would repeat ours, which names the column.
    if (auto *message = m_filter->findChild<QLabel *>(QStringLiteral("filterMessage")))
        message->hide();
    m_filter->lineEdit()->setPlaceholderText(tr("e.g. value.temperature_c > 25 && key == \"sensor-001\""));

    m_aggregate->setObjectName(QStringLiteral("aggregateCombo"));
    m_aggregate->setEditable(true);
    m_aggregate->setInsertPolicy(QComboBox::NoInsert);
    m_aggregate->setMinimumContentsLength(10);
    m_aggregate->lineEdit()->setPlaceholderText(tr("aggregate"));
    for (Breakpoint::Comparison c : BreakpointModel::allComparisons())
        m_comparison->addItem(BreakpointModel::comparisonSymbol(c), int(c));
    m_comparison->setObjectName(QStringLiteral("comparisonCombo"));
    m_threshold->setObjectName(QStringLiteral("thresholdEdit"));
    m_threshold->setPlaceholderText(tr("threshold"));
    auto *stateLayout = new QHBoxLayout(m_stateRow);
    stateLayout->setContentsMargins(0, 0, 0, 0);
    stateLayout->addWidget(m_aggregate, 3);
    stateLayout->addWidget(m_comparison, 0);
    stateLayout->addWidget(m_threshold, 2);

    m_timeEdit->setObjectName(QStringLiteral("watermarkTimeEdit"));
    m_timeEdit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    m_timeEdit->setTimeSpec(Qt::LocalTime);
    m_timeEdit->setCalendarPopup(true);
    m_timeEdit->setToolTip(tr("Local time. Stops at the step where the combined watermark reaches it."));

    m_keyCheck->setObjectName(QStringLiteral("keyCheck"));
    m_keyEdit->setObjectName(QStringLiteral("keyEdit"));
    m_keyEdit->setPlaceholderText(tr("any key"));
    m_keyEdit->setCompleter(new QCompleter(new QStringListModel(m_keyEdit), m_keyEdit));
    auto *keyLayout = new QHBoxLayout(m_keyRow);
    keyLayout->setContentsMargins(0, 0, 0, 0);
    keyLayout->addWidget(m_keyCheck);
    keyLayout->addWidget(m_keyEdit, 1);

    m_error->setObjectName(QStringLiteral("breakpointError"));
    m_error->setTextFormat(Qt::PlainText);
    m_error->setWordWrap(true);
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, errorColour());
    m_error->setPalette(errorPalette);

    m_acceptButton->setObjectName(QStringLiteral("breakpointAccept"));
    m_acceptButton->setDefault(true);
    m_cancelButton->setObjectName(QStringLiteral("breakpointCancel"));

    m_form = new QFormLayout;
    m_form->setContentsMargins(0, 0, 0, 0);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->addRow(tr("Expression:"), m_filter);
    m_form->addRow(tr("Condition:"), m_stateRow);
    m_form->addRow(tr("Watermark time:"), m_timeEdit);
    m_form->addRow(tr("Key:"), m_keyRow);

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_error, 1);
    buttons->addWidget(m_acceptButton, 0, Qt::AlignTop);
    buttons->addWidget(m_cancelButton, 0, Qt::AlignTop);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_help);
    layout->addLayout(m_form);
    layout->addLayout(buttons);

    connect(m_filter->lineEdit(), &QLineEdit::textChanged, this, &BreakpointEditor::revalidate);
    // Enter in the filter line applies a valid filter: here, that adds it.
    connect(m_filter, &FilterBar::filterApplied, this, [this] { accept(); });
    connect(m_aggregate, &QComboBox::currentTextChanged, this, &BreakpointEditor::revalidate);
    connect(m_threshold, &QLineEdit::textChanged, this, &BreakpointEditor::revalidate);
    connect(m_threshold, &QLineEdit::returnPressed, this, &BreakpointEditor::accept);
    connect(m_keyEdit, &QLineEdit::returnPressed, this, &BreakpointEditor::accept);
    connect(m_keyCheck, &QCheckBox::toggled, m_keyEdit, &QWidget::setEnabled);
    connect(m_keyEdit, &QLineEdit::textEdited, this, [this] { m_keyCheck->setChecked(true); });
    connect(m_acceptButton, &QPushButton::clicked, this, &BreakpointEditor::accept);
    connect(m_cancelButton, &QPushButton::clicked, this, &BreakpointEditor::cancel);
    // Escape anywhere in the form cancels (the filter line's Escape clears it first).
    for (QWidget *w : {static_cast<QWidget *>(m_aggregate), static_cast<QWidget *>(m_threshold),
                       static_cast<QWidget *>(m_timeEdit), static_cast<QWidget *>(m_keyEdit),
                       static_cast<QWidget *>(m_keyCheck)})
        w->installEventFilter(this);

    Breakpoint initial;
    initial.kind = Breakpoint::Kind::FilterMatch;
    setBreakpoint(initial);
}

BreakpointEditor::~BreakpointEditor() = default;

void BreakpointEditor::setBreakpoint(const Breakpoint &b, bool editing)
{
    m_kind = b.kind;
    m_enabled = b.enabled;
    m_title->setText((editing ? tr("Edit breakpoint: %1") : tr("New breakpoint: %1")).arg(BreakpointModel::kindName(b.kind)));
    m_help->setText(BreakpointModel::kindHelp(b.kind));
    m_acceptButton->setText(editing ? tr("Save") : tr("Add"));

    m_form->setRowVisible(m_filter, b.kind == Breakpoint::Kind::FilterMatch);
    m_form->setRowVisible(m_stateRow, b.kind == Breakpoint::Kind::StateCondition);
    m_form->setRowVisible(m_timeEdit, b.kind == Breakpoint::Kind::WatermarkPasses);
    m_form->setRowVisible(m_keyRow, BreakpointModel::kindTakesKey(b.kind));

    m_filter->setText(b.kind == Breakpoint::Kind::FilterMatch ? b.expression : QString());
    m_aggregate->setCurrentText(b.aggregate);
    m_comparison->setCurrentIndex(m_comparison->findData(int(b.comparison)));
    m_threshold->setText(b.kind == Breakpoint::Kind::StateCondition
                             ? QString::number(b.threshold, 'g', QLocale::FloatingPointShortest)
                             : QString());
    const std::int64_t time = b.kind == Breakpoint::Kind::WatermarkPasses ? b.timeMs : m_defaultTimeMs;
    m_timeEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(time));
    m_keyCheck->setChecked(b.key.has_value());
    m_keyEdit->setEnabled(b.key.has_value());
    m_keyEdit->setText(b.key ? QString::fromUtf8(*b.key) : QString());
    revalidate();
}

std::variant<Breakpoint, QString> BreakpointEditor::build() const
{
    Breakpoint b;
    b.kind = m_kind;
    b.enabled = m_enabled;
    switch (m_kind) {
    case Breakpoint::Kind::FilterMatch: {
        b.expression = m_filter->text().trimmed();
        if (b.expression.isEmpty())
            return tr("Enter an expression of the filter language.");
        const auto compiled = expr::Expression::compile(b.expression);
        if (const auto *e = std::get_if<expr::CompileError>(&compiled))
            return tr("Column %1: %2").arg(e->column).arg(e->message);
        break;
    }
    case Breakpoint::Kind::WatermarkPasses: b.timeMs = m_timeEdit->dateTime().toMSecsSinceEpoch(); break;
    case Breakpoint::Kind::StateCondition: {
        b.aggregate = m_aggregate->currentText().trimmed();
        if (b.aggregate.isEmpty())
            return tr("Name the aggregate to compare (as the pipeline names it).");
        b.comparison = Breakpoint::Comparison(m_comparison->currentData().toInt());
        if (m_threshold->text().trimmed().isEmpty())
            return tr("Enter a threshold.");
        const auto threshold = parseNumber(m_threshold->text());
        if (!threshold)
            return tr("The threshold \"%1\" is not a number.").arg(m_threshold->text().trimmed());
        b.threshold = *threshold;
        break;
    }
    default: break;
    }
    if (BreakpointModel::kindTakesKey(m_kind) && m_keyCheck->isChecked())
        b.key = m_keyEdit->text().toUtf8();
    auto check = BreakpointCheck::create(b);
    if (!check)
        return check.error().message;
    return b;
}

std::optional<Breakpoint> BreakpointEditor::breakpoint() const
{
    auto built = build();
    if (auto *b = std::get_if<Breakpoint>(&built))
        return *b;
    return std::nullopt;
}

QString BreakpointEditor::errorText() const
{
    auto built = build();
    if (auto *message = std::get_if<QString>(&built))
        return *message;
    return {};
}

void BreakpointEditor::revalidate()
{
    const QString error = errorText();
    m_acceptButton->setEnabled(error.isEmpty());
    // An empty field is not a mistake yet: no red until something is typed.
    const bool untouched = (m_kind == Breakpoint::Kind::FilterMatch && m_filter->text().trimmed().isEmpty())
        || (m_kind == Breakpoint::Kind::StateCondition && m_threshold->text().trimmed().isEmpty()
            && m_aggregate->currentText().trimmed().isEmpty());
    m_error->setText(untouched ? QString() : error);
}

bool BreakpointEditor::accept()
{
    auto built = build();
    if (auto *message = std::get_if<QString>(&built)) {
        m_error->setText(*message);
        if (m_kind == Breakpoint::Kind::FilterMatch)
            m_filter->validate(); // marks the mistake at once
        return false;
    }
    emit accepted(std::get<Breakpoint>(built));
    return true;
}

void BreakpointEditor::cancel() { emit cancelled(); }

void BreakpointEditor::setAggregateNames(const QStringList &names)
{
    const QString current = m_aggregate->currentText();
    m_aggregate->clear();
    m_aggregate->addItems(names);
    m_aggregate->setCurrentText(current);
}

void BreakpointEditor::setKeySuggestions(const QStringList &keys)
{
    if (auto *model = qobject_cast<QStringListModel *>(m_keyEdit->completer()->model()))
        model->setStringList(keys);
}

void BreakpointEditor::addSampleEvents(const QList<Event> &events) { m_filter->addSampleEvents(events); }

bool BreakpointEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && static_cast<QKeyEvent *>(event)->key() == Qt::Key_Escape) {
        cancel();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

// --- BreakpointsPanel ---

BreakpointsPanel::BreakpointsPanel(QWidget *parent)
    : QWidget(parent),
      m_model(new BreakpointModel(this)),
      m_view(new QTableView(this)),
      m_editor(new BreakpointEditor(this)),
      m_addButton(new QToolButton(this)),
      m_editButton(new QToolButton(this)),
      m_removeButton(new QToolButton(this)),
      m_enableAllButton(new QToolButton(this)),
      m_disableAllButton(new QToolButton(this)),
      m_backButton(new QPushButton(tr("◀ Run to previous hit"), this)),
      m_forwardButton(new QPushButton(tr("Run to next hit ▶"), this)),
      m_status(new QLabel(this))
{
    m_view->setObjectName(QStringLiteral("breakpointTable"));
    m_view->setModel(m_model);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideMiddle);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    QHeaderView *header = m_view->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(BreakpointModel::EnabledColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(BreakpointModel::KindColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(BreakpointModel::ConditionColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(BreakpointModel::HitsColumn, QHeaderView::ResizeToContents);
    m_view->installEventFilter(this);

    auto *addMenu = new QMenu(m_addButton);
    for (Breakpoint::Kind kind : BreakpointModel::allKinds()) {
        QAction *action = addMenu->addAction(BreakpointModel::kindName(kind)
                                             + (BreakpointModel::kindHasFields(kind) ? QStringLiteral("…") : QString()));
        action->setToolTip(BreakpointModel::kindHelp(kind));
        action->setStatusTip(BreakpointModel::kindHelp(kind));
        action->setData(int(kind));
        connect(action, &QAction::triggered, this, [this, kind] { beginAdd(kind); });
    }
    addMenu->setToolTipsVisible(true);
    m_addButton->setObjectName(QStringLiteral("addBreakpoint"));
    m_addButton->setText(tr("Add"));
    m_addButton->setToolTip(tr("Add a breakpoint"));
    m_addButton->setMenu(addMenu);
    m_addButton->setPopupMode(QToolButton::InstantPopup);
    m_addButton->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_editButton->setObjectName(QStringLiteral("editBreakpoint"));
    m_editButton->setText(tr("Edit"));
    m_editButton->setToolTip(tr("Edit the selected breakpoint (double-click)"));
    m_removeButton->setObjectName(QStringLiteral("removeBreakpoint"));
    m_removeButton->setText(tr("Remove"));
    m_removeButton->setToolTip(tr("Remove the selected breakpoints (Delete)"));
    m_enableAllButton->setObjectName(QStringLiteral("enableAllBreakpoints"));
    m_enableAllButton->setText(tr("Enable all"));
    m_disableAllButton->setObjectName(QStringLiteral("disableAllBreakpoints"));
    m_disableAllButton->setText(tr("Disable all"));
    m_backButton->setObjectName(QStringLiteral("runBackward"));
    m_backButton->setToolTip(tr("Run back to the previous step that hits an enabled breakpoint"));
    m_forwardButton->setObjectName(QStringLiteral("runForward"));
    m_forwardButton->setToolTip(tr("Run on to the next step that hits an enabled breakpoint"));
    m_status->setObjectName(QStringLiteral("breakpointStatus"));
    m_status->setForegroundRole(QPalette::PlaceholderText);

    auto *tools = new QHBoxLayout;
    tools->setSpacing(2);
    tools->addWidget(m_addButton);
    tools->addWidget(m_editButton);
    tools->addWidget(m_removeButton);
    tools->addSpacing(8);
    tools->addWidget(m_enableAllButton);
    tools->addWidget(m_disableAllButton);
    tools->addStretch(1);

    auto *run = new QHBoxLayout;
    run->addWidget(m_status, 1);
    run->addWidget(m_backButton);
    run->addWidget(m_forwardButton);

    m_editor->setAutoFillBackground(true);
    m_editor->setBackgroundRole(QPalette::AlternateBase);
    m_editor->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    layout->addLayout(tools);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_editor);
    layout->addLayout(run);

    connect(m_editButton, &QToolButton::clicked, this, [this] {
        const QList<int> rows = selectedRows();
        if (!rows.isEmpty())
            editRow(rows.first());
    });
    connect(m_removeButton, &QToolButton::clicked, this, &BreakpointsPanel::removeSelected);
    connect(m_enableAllButton, &QToolButton::clicked, this, &BreakpointsPanel::enableAll);
    connect(m_disableAllButton, &QToolButton::clicked, this, &BreakpointsPanel::disableAll);
    connect(m_backButton, &QPushButton::clicked, this, &BreakpointsPanel::runBackward);
    connect(m_forwardButton, &QPushButton::clicked, this, &BreakpointsPanel::runForward);
    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != BreakpointModel::EnabledColumn)
            editRow(index.row());
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &BreakpointsPanel::updateButtons);
    connect(m_editor, &BreakpointEditor::accepted, this, &BreakpointsPanel::onEditorAccepted);
    connect(m_editor, &BreakpointEditor::cancelled, this, &BreakpointsPanel::closeEditor);
    connect(m_model, &BreakpointModel::breakpointsChanged, this, [this] {
        updateButtons();
        updateStatus();
        emit breakpointsChanged(m_model->breakpoints());
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, &BreakpointsPanel::updateStatus);
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // The row being edited may be gone.
        if (m_editingRow >= 0)
            closeEditor();
    });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, [this](const QModelIndex &, int first, int last) {
        if (m_editingRow >= first && m_editingRow <= last)
            closeEditor();
        else if (m_editingRow > last)
            m_editingRow -= last - first + 1;
    });
    updateButtons();
    updateStatus();
}

BreakpointsPanel::~BreakpointsPanel() = default;

QAbstractButton *BreakpointsPanel::removeButton() const { return m_removeButton; }
QAbstractButton *BreakpointsPanel::runForwardButton() const { return m_forwardButton; }
QAbstractButton *BreakpointsPanel::runBackwardButton() const { return m_backButton; }

int BreakpointsPanel::addBreakpoint(const Breakpoint &breakpoint, QString *error)
{
    auto check = BreakpointCheck::create(breakpoint);
    if (!check) {
        if (error)
            *error = check.error().message;
        return -1;
    }
    const int row = m_model->addBreakpoint(breakpoint);
    m_view->selectRow(row);
    return row;
}

bool BreakpointsPanel::isEditorOpen() const { return !m_editor->isHidden(); }

QList<int> BreakpointsPanel::selectedRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    return rows;
}

void BreakpointsPanel::setAggregateNames(const QStringList &names) { m_editor->setAggregateNames(names); }
void BreakpointsPanel::setKeySuggestions(const QStringList &keys) { m_editor->setKeySuggestions(keys); }
void BreakpointsPanel::setCurrentWatermark(std::int64_t epochMs) { m_editor->setDefaultTimeMs(epochMs); }
void BreakpointsPanel::addSampleEvents(const QList<Event> &events) { m_editor->addSampleEvents(events); }

void BreakpointsPanel::beginAdd(Breakpoint::Kind kind)
{
    Breakpoint b;
    b.kind = kind;
    if (!BreakpointModel::kindHasFields(kind)) {
        closeEditor();
        addBreakpoint(b);
        return;
    }
    m_editingRow = -1;
    m_editor->setBreakpoint(b, false);
    m_editor->show();
    m_editor->setFocus();
    if (kind == Breakpoint::Kind::FilterMatch)
        m_editor->filterBar()->setFocus();
    else if (kind == Breakpoint::Kind::StateCondition)
        m_editor->aggregateCombo()->setFocus();
    else if (kind == Breakpoint::Kind::WatermarkPasses)
        m_editor->timeEdit()->setFocus();
    else
        m_editor->keyEdit()->setFocus();
}

void BreakpointsPanel::editRow(int row)
{
    if (row < 0 || row >= m_model->rowCount() || !BreakpointModel::kindHasFields(m_model->breakpoint(row).kind))
        return;
    m_editingRow = row;
    m_editor->setBreakpoint(m_model->breakpoint(row), true);
    m_editor->show();
}

void BreakpointsPanel::removeSelected()
{
    const QList<int> rows = selectedRows();
    // From the bottom, so that the rows above keep their numbers.
    for (auto it = rows.rbegin(); it != rows.rend(); ++it)
        m_model->removeBreakpoint(*it);
    if (!rows.isEmpty() && m_model->rowCount() > 0)
        m_view->selectRow(std::min(rows.first(), m_model->rowCount() - 1));
}

void BreakpointsPanel::noteStop(qint64 seq, const QList<int> &hitRows)
{
    m_model->noteStop(seq, hitRows);
    for (int row : hitRows) {
        if (row >= 0 && row < m_model->rowCount()) {
            m_view->scrollTo(m_model->index(row, BreakpointModel::KindColumn));
            break;
        }
    }
}

void BreakpointsPanel::onEditorAccepted(const Breakpoint &breakpoint)
{
    if (m_editingRow >= 0) {
        m_model->replaceBreakpoint(m_editingRow, breakpoint);
        m_view->selectRow(m_editingRow);
    } else {
        addBreakpoint(breakpoint);
    }
    closeEditor();
}

void BreakpointsPanel::closeEditor()
{
    const bool hadFocus = m_editor->isAncestorOf(QApplication::focusWidget());
    m_editingRow = -1;
    m_editor->hide();
    if (hadFocus)
        m_view->setFocus();
}

void BreakpointsPanel::updateButtons()
{
    const bool selection = m_view->selectionModel()->hasSelection();
    m_removeButton->setEnabled(selection);
    const QList<int> rows = selectedRows();
    m_editButton->setEnabled(rows.size() == 1 && BreakpointModel::kindHasFields(m_model->breakpoint(rows.first()).kind));
    const bool any = m_model->rowCount() > 0;
    m_enableAllButton->setEnabled(any);
    m_disableAllButton->setEnabled(any);
    const bool enabled = m_model->anyEnabled();
    m_backButton->setEnabled(enabled);
    m_forwardButton->setEnabled(enabled);
}

void BreakpointsPanel::updateStatus()
{
    const int total = m_model->rowCount();
    int enabled = 0;
    for (int row = 0; row < total; ++row)
        enabled += m_model->breakpoint(row).enabled ? 1 : 0;
    QString text = total == 0 ? tr("No breakpoints") : tr("%1 of %n enabled", nullptr, total).arg(enabled);
    if (m_model->stopSeq() >= 0)
        text += QStringLiteral(" · ") + tr("stopped at seq %1").arg(format::count(m_model->stopSeq()));
    m_status->setText(text);
}

bool BreakpointsPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Delete || key->key() == Qt::Key_Backspace) {
            removeSelected();
            return true;
        }
        if (key->key() == Qt::Key_Space) {
            // Space toggles the selected rows: all on if any is off.
            const QList<int> rows = selectedRows();
            const bool anyOff = std::any_of(rows.begin(), rows.end(), [this](int row) { return !m_model->breakpoint(row).enabled; });
            for (int row : rows)
                m_model->setEnabled(row, anyOff);
            return !rows.isEmpty();
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            const QList<int> rows = selectedRows();
            if (rows.size() == 1) {
                editRow(rows.first());
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace streamscope
