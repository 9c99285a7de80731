#include "replay/pipelineeditor.h"

#include "expr/expression.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QToolButton>
#include <QVBoxLayout>
#include <array>

namespace streamscope {

namespace {

const std::array kUnits = {EventTimeUnit::Milliseconds, EventTimeUnit::Seconds, EventTimeUnit::Microseconds,
                           EventTimeUnit::Nanoseconds};
const std::array kWindowKinds = {WindowKind::Tumbling, WindowKind::Sliding, WindowKind::Session};
const std::array kAggregateKinds = {AggregateKind::Count,  AggregateKind::Sum,           AggregateKind::Min,
                                    AggregateKind::Max,    AggregateKind::Avg,           AggregateKind::First,
                                    AggregateKind::Last,   AggregateKind::CountDistinct, AggregateKind::Percentile,
                                    AggregateKind::Collect};

enum AggregateColumns { FunctionColumn = 0, ArgumentColumn, PercentileColumn, NameColumn, NUM_AGGREGATE_COLUMNS };

// A field marked as wrong: tinted, with the reason as its tooltip.
void markField(QWidget *field, const QString &error)
{
    if (error.isEmpty()) {
        field->setPalette(QPalette());
        field->setToolTip(field->property("normalToolTip").toString());
        return;
    }
    if (!field->property("normalToolTip").isValid())
        field->setProperty("normalToolTip", field->toolTip());
    QPalette palette = field->palette();
    palette.setColor(QPalette::Base, QColor(0xff, 0xee, 0xee));
    field->setPalette(palette);
    field->setToolTip(error);
}

bool isFieldChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('-')
        || c == QLatin1Char('[') || c == QLatin1Char(']');
}

int tokenStart(const QLineEdit *edit)
{
    const QString text = edit->text();
    const int cursor = edit->cursorPosition();
    int start = cursor;
    while (start > 0 && isFieldChar(text[start - 1]))
        --start;
    while (start < cursor && !text[start].isLetter())
        ++start;
    return start == cursor ? -1 : start;
}

// An expression field: field names complete at the word being typed (not
// the whole line, so that "value.a > 3 && value.b" completes value.b).
QLineEdit *expressionEdit(QWidget *parent, QStringListModel *fields, const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    auto *completer = new QCompleter(fields, edit);
    completer->setObjectName(objectName + QStringLiteral("Completer"));
    completer->setCaseSensitivity(Qt::CaseSensitive);
    completer->setCompletionMode(QCompleter::PopupCompletion);
    completer->setWidget(edit);
    QObject::connect(edit, &QLineEdit::textEdited, completer, [edit, completer] {
        const int start = tokenStart(edit);
        if (start < 0) {
            completer->popup()->hide();
            return;
        }
        const QString prefix = edit->text().mid(start, edit->cursorPosition() - start);
        completer->setCompletionPrefix(prefix);
        if (completer->completionCount() == 0 || (completer->completionCount() == 1 && completer->currentCompletion() == prefix))
            completer->popup()->hide();
        else
            completer->complete();
    });
    QObject::connect(completer, qOverload<const QString &>(&QCompleter::activated), edit, [edit](const QString &completion) {
        const int start = tokenStart(edit);
        if (start < 0)
            return;
        edit->setSelection(start, edit->cursorPosition() - start);
        edit->insert(completion);
    });
    return edit;
}

QLineEdit *durationEdit(QWidget *parent, const QString &objectName, const QString &placeholder)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setToolTip(QObject::tr("A duration: 250ms, 5s, 1m, 2h, 1d or combined as 1h30m"));
    edit->setMaximumWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("M")) * 10);
    return edit;
}

QString expressionError(const QString &text)
{
    const auto compiled = expr::Expression::compile(text);
    if (const auto *e = std::get_if<expr::CompileError>(&compiled))
        return QObject::tr("column %1: %2").arg(e->column).arg(e->message);
    return {};
}

} // namespace

struct PipelineEditor::Form {
    QLineEdit *name = nullptr;
    QListWidget *topics = nullptr;
    QComboBox *eventTimeSource = nullptr;
    QLineEdit *eventTimeField = nullptr;
    QComboBox *eventTimeUnit = nullptr;
    QLineEdit *watermarkBound = nullptr;
    QCheckBox *idleCheck = nullptr;
    QLineEdit *idleTimeout = nullptr;
    QLineEdit *filter = nullptr;
    QCheckBox *keyCheck = nullptr;
    QLineEdit *keyField = nullptr;
    QComboBox *windowType = nullptr;
    QFormLayout *windowLayout = nullptr;
    QLineEdit *windowSize = nullptr;
    QLineEdit *windowSlide = nullptr;
    QLineEdit *windowOffset = nullptr;
    QLineEdit *sessionGap = nullptr;
    QLineEdit *allowedLateness = nullptr;
    QSpinBox *earlyFiring = nullptr;
    QCheckBox *dedupeCheck = nullptr;
    QLineEdit *dedupeField = nullptr;
    QLineEdit *dedupeHorizon = nullptr;
    QTableWidget *aggregates = nullptr;
    QToolButton *addAggregate = nullptr;
    QToolButton *removeAggregate = nullptr;
};

PipelineEditor::PipelineEditor(QWidget *parent)
    : QDialog(parent),
      m_form(std::make_unique<Form>()),
      m_tabs(new QTabWidget(this)),
      m_formPage(new QWidget),
      m_formBanner(new QLabel(this)),
      m_formErrorLabel(new QLabel(this)),
      m_text(new QPlainTextEdit(this)),
      m_textErrorLabel(new QLabel(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)),
      m_openButton(new QPushButton(tr("Open…"), this)),
      m_saveButton(new QPushButton(tr("Save As…"), this)),
      m_fields(new QStringListModel(this))
{
    setWindowTitle(tr("Pipeline"));
    QPalette errorPalette = palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xc0, 0x10, 0x10));

    buildForm();
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("formScroll"));
    scroll->setWidget(m_formPage);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_formBanner->setObjectName(QStringLiteral("formBanner"));
    m_formBanner->setWordWrap(true);
    m_formBanner->setAutoFillBackground(true);
    m_formBanner->setMargin(4);
    QPalette bannerPalette = m_formBanner->palette();
    bannerPalette.setColor(QPalette::Window, QColor(0xff, 0xf4, 0xc8));
    bannerPalette.setColor(QPalette::WindowText, QColor(0x40, 0x30, 0x00));
    m_formBanner->setPalette(bannerPalette);
    m_formBanner->hide();
    m_formErrorLabel->setObjectName(QStringLiteral("formError"));
    m_formErrorLabel->setTextFormat(Qt::PlainText);
    m_formErrorLabel->setWordWrap(true);
    m_formErrorLabel->setPalette(errorPalette);
    auto *formTab = new QWidget;
    auto *formTabLayout = new QVBoxLayout(formTab);
    formTabLayout->setContentsMargins(0, 0, 0, 0);
    formTabLayout->addWidget(m_formBanner);
    formTabLayout->addWidget(scroll, 1);
    formTabLayout->addWidget(m_formErrorLabel);

    m_text->setObjectName(QStringLiteral("pipelineText"));
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setTabChangesFocus(true);
    m_text->setPlaceholderText(QStringLiteral("window: tumbling 10s\naggregate: count"));
    m_textErrorLabel->setObjectName(QStringLiteral("textError"));
    m_textErrorLabel->setWordWrap(true);
    m_textErrorLabel->setTextFormat(Qt::RichText);
    m_textErrorLabel->setPalette(errorPalette);
    m_textErrorLabel->setToolTip(tr("Click the place to move the cursor there"));
    auto *textTab = new QWidget;
    auto *textLayout = new QVBoxLayout(textTab);
    textLayout->setContentsMargins(0, 0, 0, 0);
    textLayout->addWidget(m_text, 1);
    auto *help = new QLabel(tr("One <tt>setting: value</tt> per line, <tt>#</tt> starts a comment — see docs/pipelines.md."), textTab);
    help->setForegroundRole(QPalette::PlaceholderText);
    textLayout->addWidget(help);
    textLayout->addWidget(m_textErrorLabel);

    m_tabs->setObjectName(QStringLiteral("pipelineTabs"));
    m_tabs->addTab(formTab, tr("Form"));
    m_tabs->addTab(textTab, tr("Text"));

    m_openButton->setObjectName(QStringLiteral("openPipeline"));
    m_saveButton->setObjectName(QStringLiteral("savePipeline"));
    // File buttons on the left, away from OK and Cancel.
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_openButton);
    bottom->addWidget(m_saveButton);
    bottom->addStretch(1);
    bottom->addWidget(m_buttons);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);

    connect(m_buttons, &QDialogButtonBox::accepted, this, &PipelineEditor::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &PipelineEditor::reject);
    connect(m_openButton, &QPushButton::clicked, this, &PipelineEditor::openFileDialog);
    connect(m_saveButton, &QPushButton::clicked, this, &PipelineEditor::saveAsDialog);
    connect(m_text, &QPlainTextEdit::textChanged, this, &PipelineEditor::onTextEdited);
    connect(m_textErrorLabel, &QLabel::linkActivated, this, &PipelineEditor::showTextError);

    PipelineSpec initial;
    initial.window.sizeMs = 10000;
    initial.aggregates << AggregateSpec{};
    setPipeline(initial);
    resize(760, 640);
}

PipelineEditor::~PipelineEditor() = default;

QPushButton *PipelineEditor::okButton() const { return m_buttons->button(QDialogButtonBox::Ok); }

void PipelineEditor::buildForm()
{
    Form &f = *m_form;
    QWidget *page = m_formPage;

    // Events: where they come from and what time they are about.
    auto *events = new QGroupBox(tr("Events"), page);
    auto *eventsLayout = new QFormLayout(events);
    eventsLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    f.name = new QLineEdit(events);
    f.name->setObjectName(QStringLiteral("pipelineName"));
    f.name->setPlaceholderText(tr("optional"));
    eventsLayout->addRow(tr("Name:"), f.name);
    f.topics = new QListWidget(events);
    f.topics->setObjectName(QStringLiteral("topicList"));
    f.topics->setToolTip(tr("The input topics; none checked: every topic of the session"));
    f.topics->setMaximumHeight(f.topics->fontMetrics().height() * 5 + 8);
    eventsLayout->addRow(tr("Topics:"), f.topics);
    f.eventTimeSource = new QComboBox(events);
    f.eventTimeSource->setObjectName(QStringLiteral("eventTimeSource"));
    f.eventTimeSource->addItems({tr("Kafka timestamp"), tr("Payload field")});
    eventsLayout->addRow(tr("Event time:"), f.eventTimeSource);
    f.eventTimeField = expressionEdit(events, m_fields, QStringLiteral("eventTimeField"), tr("e.g. value.ts"));
    f.eventTimeUnit = new QComboBox(events);
    f.eventTimeUnit->setObjectName(QStringLiteral("eventTimeUnit"));
    f.eventTimeUnit->addItems({QStringLiteral("ms"), QStringLiteral("s"), QStringLiteral("us"), QStringLiteral("ns")});
    f.eventTimeUnit->setToolTip(tr("The unit of a numeric field; ISO-8601 text is read as a time whatever the unit"));
    auto *fieldRow = new QHBoxLayout;
    fieldRow->addWidget(f.eventTimeField, 1);
    fieldRow->addWidget(f.eventTimeUnit);
    eventsLayout->addRow(tr("Field:"), fieldRow);
    f.watermarkBound = durationEdit(events, QStringLiteral("watermarkBound"), QStringLiteral("0"));
    f.watermarkBound->setToolTip(tr("Bounded out-of-orderness: watermark = highest event time − bound − 1 ms"));
    eventsLayout->addRow(tr("Watermark bound:"), f.watermarkBound);
    f.idleCheck = new QCheckBox(tr("Idle after"), events);
    f.idleCheck->setObjectName(QStringLiteral("idleCheck"));
    f.idleTimeout = durationEdit(events, QStringLiteral("idleTimeout"), QStringLiteral("30s"));
    auto *idleRow = new QHBoxLayout;
    idleRow->addWidget(f.idleCheck);
    idleRow->addWidget(f.idleTimeout);
    idleRow->addStretch(1);
    eventsLayout->addRow(tr("Idle partitions:"), idleRow);
    f.filter = expressionEdit(events, m_fields, QStringLiteral("filterEdit"), tr("optional, e.g. value.temperature_c > -40"));
    eventsLayout->addRow(tr("Filter:"), f.filter);
    f.dedupeCheck = new QCheckBox(events);
    f.dedupeCheck->setObjectName(QStringLiteral("dedupeCheck"));
    f.dedupeField = expressionEdit(events, m_fields, QStringLiteral("dedupeField"), tr("e.g. value.id"));
    f.dedupeHorizon = durationEdit(events, QStringLiteral("dedupeHorizon"), QStringLiteral("1m"));
    auto *dedupeRow = new QHBoxLayout;
    dedupeRow->addWidget(f.dedupeCheck);
    dedupeRow->addWidget(f.dedupeField, 1);
    dedupeRow->addWidget(new QLabel(tr("within"), events));
    dedupeRow->addWidget(f.dedupeHorizon);
    eventsLayout->addRow(tr("Dedupe:"), dedupeRow);

    // Windows: keying, shape, lateness, firing.
    auto *windows = new QGroupBox(tr("Windows"), page);
    auto *windowLayout = new QFormLayout(windows);
    windowLayout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    f.windowLayout = windowLayout;
    f.keyCheck = new QCheckBox(windows);
    f.keyCheck->setObjectName(QStringLiteral("keyCheck"));
    f.keyField = expressionEdit(windows, m_fields, QStringLiteral("keyField"), tr("none: one key for all events"));
    auto *keyRow = new QHBoxLayout;
    keyRow->addWidget(f.keyCheck);
    keyRow->addWidget(f.keyField, 1);
    windowLayout->addRow(tr("Key by:"), keyRow);
    f.windowType = new QComboBox(windows);
    f.windowType->setObjectName(QStringLiteral("windowType"));
    f.windowType->addItems({tr("Tumbling"), tr("Sliding"), tr("Session")});
    windowLayout->addRow(tr("Window:"), f.windowType);
    f.windowSize = durationEdit(windows, QStringLiteral("windowSize"), QStringLiteral("10s"));
    windowLayout->addRow(tr("Size:"), f.windowSize);
    f.windowSlide = durationEdit(windows, QStringLiteral("windowSlide"), QStringLiteral("5s"));
    windowLayout->addRow(tr("Slide:"), f.windowSlide);
    f.windowOffset = durationEdit(windows, QStringLiteral("windowOffset"), QStringLiteral("0"));
    f.windowOffset->setToolTip(tr("Shifts the windows' alignment to the epoch, as Flink's window offset; may be negative (-1h)"));
    windowLayout->addRow(tr("Offset:"), f.windowOffset);
    f.sessionGap = durationEdit(windows, QStringLiteral("sessionGap"), QStringLiteral("30s"));
    windowLayout->addRow(tr("Gap:"), f.sessionGap);
    f.allowedLateness = durationEdit(windows, QStringLiteral("allowedLateness"), QStringLiteral("0"));
    windowLayout->addRow(tr("Allowed lateness:"), f.allowedLateness);
    f.earlyFiring = new QSpinBox(windows);
    f.earlyFiring->setObjectName(QStringLiteral("earlyFiring"));
    f.earlyFiring->setRange(0, 1000000);
    f.earlyFiring->setSpecialValueText(tr("never"));
    f.earlyFiring->setPrefix(tr("every "));
    f.earlyFiring->setSuffix(tr(" events"));
    windowLayout->addRow(tr("Early firing:"), f.earlyFiring);

    // Aggregates: one row each.
    auto *aggregates = new QGroupBox(tr("Aggregates"), page);
    auto *aggregatesLayout = new QVBoxLayout(aggregates);
    f.aggregates = new QTableWidget(0, NUM_AGGREGATE_COLUMNS, aggregates);
    f.aggregates->setObjectName(QStringLiteral("aggregateTable"));
    f.aggregates->setHorizontalHeaderLabels({tr("Function"), tr("Field"), tr("Percentile"), tr("Name (optional)")});
    f.aggregates->verticalHeader()->hide();
    f.aggregates->setSelectionBehavior(QAbstractItemView::SelectRows);
    f.aggregates->horizontalHeader()->setSectionResizeMode(FunctionColumn, QHeaderView::ResizeToContents);
    f.aggregates->horizontalHeader()->setSectionResizeMode(ArgumentColumn, QHeaderView::Stretch);
    f.aggregates->horizontalHeader()->setSectionResizeMode(PercentileColumn, QHeaderView::ResizeToContents);
    f.aggregates->horizontalHeader()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    f.aggregates->setMinimumHeight(f.aggregates->fontMetrics().height() * 7);
    f.addAggregate = new QToolButton(aggregates);
    f.addAggregate->setObjectName(QStringLiteral("addAggregate"));
    f.addAggregate->setText(tr("Add"));
    f.removeAggregate = new QToolButton(aggregates);
    f.removeAggregate->setObjectName(QStringLiteral("removeAggregate"));
    f.removeAggregate->setText(tr("Remove"));
    auto *aggregateButtons = new QHBoxLayout;
    aggregateButtons->addWidget(f.addAggregate);
    aggregateButtons->addWidget(f.removeAggregate);
    aggregateButtons->addStretch(1);
    aggregatesLayout->addWidget(f.aggregates, 1);
    aggregatesLayout->addLayout(aggregateButtons);

    auto *grid = new QGridLayout(page);
    grid->addWidget(events, 0, 0);
    grid->addWidget(windows, 0, 1);
    grid->addWidget(aggregates, 1, 0, 1, 2);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 2);
    grid->setRowStretch(1, 1);

    // Every edit rewrites the text.
    for (QLineEdit *edit : {f.name, f.eventTimeField, f.watermarkBound, f.idleTimeout, f.filter, f.keyField, f.windowSize,
                            f.windowSlide, f.windowOffset, f.sessionGap, f.allowedLateness, f.dedupeField, f.dedupeHorizon})
        connect(edit, &QLineEdit::textChanged, this, &PipelineEditor::onFormEdited);
    for (QComboBox *combo : {f.eventTimeSource, f.eventTimeUnit, f.windowType})
        connect(combo, &QComboBox::currentIndexChanged, this, &PipelineEditor::onFormEdited);
    for (QCheckBox *check : {f.idleCheck, f.keyCheck, f.dedupeCheck})
        connect(check, &QCheckBox::toggled, this, &PipelineEditor::onFormEdited);
    connect(f.earlyFiring, &QSpinBox::valueChanged, this, &PipelineEditor::onFormEdited);
    connect(f.topics, &QListWidget::itemChanged, this, &PipelineEditor::onFormEdited);
    // Typing a key, an idle timeout or a dedupe field means wanting it.
    connect(f.keyField, &QLineEdit::textEdited, f.keyCheck, [this] { m_form->keyCheck->setChecked(!m_form->keyField->text().isEmpty()); });
    connect(f.idleTimeout, &QLineEdit::textEdited, f.idleCheck, [this] { m_form->idleCheck->setChecked(true); });
    connect(f.dedupeField, &QLineEdit::textEdited, f.dedupeCheck, [this] { m_form->dedupeCheck->setChecked(true); });
    connect(f.addAggregate, &QToolButton::clicked, this, [this] {
        AggregateSpec spec;
        spec.kind = AggregateKind::Avg;
        addAggregateRow(spec);
        onFormEdited();
    });
    connect(f.removeAggregate, &QToolButton::clicked, this, [this] {
        QTableWidget *table = m_form->aggregates;
        const int row = table->currentRow() >= 0 ? table->currentRow() : table->rowCount() - 1;
        if (row >= 0) {
            table->removeRow(row);
            onFormEdited();
        }
    });
}

void PipelineEditor::addAggregateRow(const AggregateSpec &spec)
{
    QTableWidget *table = m_form->aggregates;
    const int row = table->rowCount();
    table->insertRow(row);
    auto *function = new QComboBox(table);
    function->setObjectName(QStringLiteral("aggregateFunction"));
    for (AggregateKind kind : kAggregateKinds)
        function->addItem(aggregateKindName(kind), int(kind));
    function->setCurrentIndex(function->findData(int(spec.kind)));
    auto *argument = expressionEdit(table, m_fields, QStringLiteral("aggregateField"), tr("field"));
    argument->setText(spec.argument);
    argument->setFrame(false);
    auto *percentile = new QDoubleSpinBox(table);
    percentile->setObjectName(QStringLiteral("aggregatePercentile"));
    percentile->setRange(0.001, 100);
    percentile->setDecimals(3);
    percentile->setValue(spec.kind == AggregateKind::Percentile ? spec.percentile : 95);
    percentile->setFrame(false);
    auto *name = new QLineEdit(table);
    name->setObjectName(QStringLiteral("aggregateName"));
    name->setText(spec.name);
    name->setFrame(false);
    auto syncEnabled = [function, argument, percentile] {
        const auto kind = AggregateKind(function->currentData().toInt());
        argument->setEnabled(kind != AggregateKind::Collect);
        argument->setPlaceholderText(kind == AggregateKind::Count ? QObject::tr("optional: counts where present")
                                     : kind == AggregateKind::Collect ? QString()
                                                                        : QObject::tr("field"));
        percentile->setEnabled(kind == AggregateKind::Percentile);
    };
    syncEnabled();
    connect(function, &QComboBox::currentIndexChanged, this, syncEnabled);
    connect(function, &QComboBox::currentIndexChanged, this, &PipelineEditor::onFormEdited);
    connect(argument, &QLineEdit::textChanged, this, &PipelineEditor::onFormEdited);
    connect(percentile, &QDoubleSpinBox::valueChanged, this, &PipelineEditor::onFormEdited);
    connect(name, &QLineEdit::textChanged, this, &PipelineEditor::onFormEdited);
    table->setCellWidget(row, FunctionColumn, function);
    table->setCellWidget(row, ArgumentColumn, argument);
    table->setCellWidget(row, PercentileColumn, percentile);
    table->setCellWidget(row, NameColumn, name);
}

void PipelineEditor::setTopics(const QStringList &topics)
{
    const bool updating = std::exchange(m_updating, true);
    QStringList checked;
    for (int i = 0; i < m_form->topics->count(); ++i)
        if (m_form->topics->item(i)->checkState() == Qt::Checked)
            checked << m_form->topics->item(i)->text();
    m_form->topics->clear();
    for (const QString &topic : topics + checked) {
        if (!m_form->topics->findItems(topic, Qt::MatchExactly).isEmpty())
            continue;
        auto *item = new QListWidgetItem(topic, m_form->topics);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren);
        item->setCheckState(checked.contains(topic) ? Qt::Checked : Qt::Unchecked);
    }
    m_updating = updating;
}

void PipelineEditor::setFieldSuggestions(const QStringList &fields)
{
    QStringList sorted = fields;
    sorted.removeDuplicates();
    std::sort(sorted.begin(), sorted.end());
    m_fields->setStringList(sorted);
}

QStringList PipelineEditor::fieldSuggestions() const { return m_fields->stringList(); }

void PipelineEditor::setPipeline(const PipelineSpec &spec)
{
    // Through the text, so that pipeline() is what the file form means.
    setPipelineText(toPipelineText(spec));
}

QString PipelineEditor::pipelineText() const { return m_text->toPlainText(); }

bool PipelineEditor::setPipelineText(const QString &text)
{
    setText(text);
    onTextEdited();
    if (m_textError)
        showTextError();
    return isValid();
}

void PipelineEditor::setText(const QString &text)
{
    const bool updating = std::exchange(m_updating, true);
    // As an edit, so that Undo brings back what was there before.
    QTextCursor cursor(m_text->document());
    cursor.select(QTextCursor::Document);
    cursor.insertText(text);
    m_updating = updating;
}

void PipelineEditor::onTextEdited()
{
    if (m_updating)
        return;
    auto parsed = parsePipeline(m_text->toPlainText());
    if (auto *error = std::get_if<PipelineError>(&parsed)) {
        m_textError = *error;
    } else {
        m_textError.reset();
        m_formError.clear();
        const PipelineSpec &spec = std::get<PipelineSpec>(parsed);
        fillForm(spec);
        setValidSpec(spec);
    }
    markTextError();
    updateState();
}

void PipelineEditor::onFormEdited()
{
    if (m_updating)
        return;
    updateWindowRows();
    QString error;
    const auto spec = readForm(&error);
    if (spec) {
        const QString text = toPipelineText(*spec);
        auto parsed = parsePipeline(text);
        if (auto *e = std::get_if<PipelineError>(&parsed)) {
            // A mistake only the whole pipeline shows (two aggregates named alike…).
            error = e->message;
        } else {
            setText(text);
            m_textError.reset();
            markTextError();
            setValidSpec(std::get<PipelineSpec>(parsed));
        }
    }
    m_formError = error;
    updateState();
}

void PipelineEditor::setValidSpec(const PipelineSpec &spec)
{
    const bool changed = !(spec == m_spec);
    m_spec = spec;
    if (changed)
        emit pipelineChanged(m_spec);
}

void PipelineEditor::fillForm(const PipelineSpec &spec)
{
    const bool updating = std::exchange(m_updating, true);
    Form &f = *m_form;
    f.name->setText(spec.name);
    QStringList topics;
    for (int i = 0; i < f.topics->count(); ++i)
        topics << f.topics->item(i)->text();
    for (const QString &t : spec.topics)
        if (!topics.contains(t)) {
            auto *item = new QListWidgetItem(t, f.topics);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren);
            item->setToolTip(tr("Not a topic of the session"));
        }
    for (int i = 0; i < f.topics->count(); ++i)
        f.topics->item(i)->setCheckState(spec.topics.contains(f.topics->item(i)->text()) ? Qt::Checked : Qt::Unchecked);
    f.eventTimeSource->setCurrentIndex(spec.eventTime.isEmpty() ? 0 : 1);
    f.eventTimeField->setText(spec.eventTime);
    f.eventTimeUnit->setCurrentIndex(int(std::find(kUnits.begin(), kUnits.end(), spec.eventTimeUnit) - kUnits.begin()));
    f.watermarkBound->setText(formatDurationMs(spec.outOfOrdernessMs));
    f.idleCheck->setChecked(spec.idleTimeoutMs >= 0);
    f.idleTimeout->setText(spec.idleTimeoutMs >= 0 ? formatDurationMs(spec.idleTimeoutMs) : QString());
    f.filter->setText(spec.filter);
    f.keyCheck->setChecked(!spec.key.isEmpty());
    f.keyField->setText(spec.key);
    f.windowType->setCurrentIndex(int(std::find(kWindowKinds.begin(), kWindowKinds.end(), spec.window.kind) - kWindowKinds.begin()));
    const bool session = spec.window.kind == WindowKind::Session;
    f.windowSize->setText(session ? QString() : formatDurationMs(spec.window.sizeMs));
    f.windowSlide->setText(spec.window.kind == WindowKind::Sliding ? formatDurationMs(spec.window.slideMs) : QString());
    f.windowOffset->setText(spec.window.offsetMs == 0 ? QString()
                            : spec.window.offsetMs < 0 ? QStringLiteral("-") + formatDurationMs(-spec.window.offsetMs)
                                                       : formatDurationMs(spec.window.offsetMs));
    f.sessionGap->setText(session ? formatDurationMs(spec.window.gapMs) : QString());
    f.allowedLateness->setText(formatDurationMs(spec.allowedLatenessMs));
    f.earlyFiring->setValue(spec.earlyFiringEvery);
    f.dedupeCheck->setChecked(!spec.dedupeField.isEmpty());
    f.dedupeField->setText(spec.dedupeField);
    f.dedupeHorizon->setText(spec.dedupeField.isEmpty() ? QString() : formatDurationMs(spec.dedupeHorizonMs));
    f.aggregates->setRowCount(0);
    for (const AggregateSpec &a : spec.aggregates)
        addAggregateRow(a);
    for (QWidget *w : m_formPage->findChildren<QWidget *>())
        if (w->property("normalToolTip").isValid())
            markField(w, {});
    m_updating = updating;
    updateWindowRows();
}

void PipelineEditor::updateWindowRows()
{
    Form &f = *m_form;
    const auto kind = kWindowKinds[std::size_t(std::max(0, f.windowType->currentIndex()))];
    f.windowLayout->setRowVisible(f.windowSize, kind != WindowKind::Session);
    f.windowLayout->setRowVisible(f.windowSlide, kind == WindowKind::Sliding);
    f.windowLayout->setRowVisible(f.windowOffset, kind != WindowKind::Session);
    f.windowLayout->setRowVisible(f.sessionGap, kind == WindowKind::Session);
    const bool payload = f.eventTimeSource->currentIndex() == 1;
    f.eventTimeField->setEnabled(payload);
    f.eventTimeUnit->setEnabled(payload);
    f.idleTimeout->setEnabled(f.idleCheck->isChecked());
    f.keyField->setEnabled(true); // typing a key checks the box
    f.dedupeHorizon->setEnabled(f.dedupeCheck->isChecked());
}

std::optional<PipelineSpec> PipelineEditor::readForm(QString *error)
{
    Form &f = *m_form;
    PipelineSpec spec;
    QString first;
    auto check = [&](QWidget *field, const QString &label, const QString &problem) {
        markField(field, problem.isEmpty() ? QString() : label + QStringLiteral(": ") + problem);
        if (!problem.isEmpty() && first.isEmpty())
            first = label + QStringLiteral(": ") + problem;
        return problem.isEmpty();
    };
    // required: not empty; positive: a window's size, slide or gap.
    auto duration = [&](QLineEdit *edit, const QString &label, bool required, bool allowNegative = false,
                        bool positive = false) -> std::int64_t {
        QString text = edit->text().trimmed();
        const bool negative = allowNegative && text.startsWith(QLatin1Char('-'));
        if (negative)
            text = text.mid(1).trimmed();
        if (text.isEmpty()) {
            check(edit, label, required ? tr("enter a duration such as 5s") : QString());
            return 0;
        }
        const auto ms = parseDurationMs(text);
        if (!check(edit, label, ms ? QString() : tr("\"%1\" is not a duration (use 250ms, 5s, 1m, 2h, 1d)").arg(edit->text().trimmed())))
            return 0;
        if (positive && *ms <= 0) {
            check(edit, label, tr("must be longer than 0"));
            return 0;
        }
        return negative ? -*ms : *ms;
    };
    auto expression = [&](QLineEdit *edit, const QString &label, bool required) -> QString {
        const QString text = edit->text().trimmed();
        if (text.isEmpty()) {
            check(edit, label, required ? tr("enter an expression, e.g. a field such as value.id") : QString());
            return {};
        }
        check(edit, label, expressionError(text));
        return text;
    };

    spec.name = f.name->text().trimmed();
    if (spec.name.contains(QLatin1Char('#')))
        check(f.name, tr("Name"), tr("may not contain # (it starts a comment in the file)"));
    else
        check(f.name, tr("Name"), {});
    for (int i = 0; i < f.topics->count(); ++i)
        if (f.topics->item(i)->checkState() == Qt::Checked)
            spec.topics << f.topics->item(i)->text();
    const bool payload = f.eventTimeSource->currentIndex() == 1;
    if (payload) {
        spec.eventTime = expression(f.eventTimeField, tr("Event time field"), true);
        spec.eventTimeUnit = kUnits[std::size_t(std::max(0, f.eventTimeUnit->currentIndex()))];
    } else {
        check(f.eventTimeField, {}, {});
    }
    spec.outOfOrdernessMs = duration(f.watermarkBound, tr("Watermark bound"), false);
    if (f.idleCheck->isChecked())
        spec.idleTimeoutMs = duration(f.idleTimeout, tr("Idle timeout"), true);
    else
        check(f.idleTimeout, {}, {});
    spec.filter = expression(f.filter, tr("Filter"), false);
    if (f.keyCheck->isChecked())
        spec.key = expression(f.keyField, tr("Key"), true);
    else
        check(f.keyField, {}, {});
    spec.window.kind = kWindowKinds[std::size_t(std::max(0, f.windowType->currentIndex()))];
    for (QLineEdit *e : {f.windowSize, f.windowSlide, f.windowOffset, f.sessionGap})
        check(e, {}, {});
    switch (spec.window.kind) {
    case WindowKind::Tumbling:
        spec.window.sizeMs = duration(f.windowSize, tr("Window size"), true, false, true);
        spec.window.offsetMs = duration(f.windowOffset, tr("Window offset"), false, true);
        break;
    case WindowKind::Sliding:
        spec.window.sizeMs = duration(f.windowSize, tr("Window size"), true, false, true);
        spec.window.slideMs = duration(f.windowSlide, tr("Slide"), true, false, true);
        spec.window.offsetMs = duration(f.windowOffset, tr("Window offset"), false, true);
        break;
    case WindowKind::Session: spec.window.gapMs = duration(f.sessionGap, tr("Session gap"), true, false, true); break;
    }
    spec.allowedLatenessMs = duration(f.allowedLateness, tr("Allowed lateness"), false);
    spec.earlyFiringEvery = f.earlyFiring->value();
    if (f.dedupeCheck->isChecked()) {
        spec.dedupeField = expression(f.dedupeField, tr("Dedupe field"), true);
        spec.dedupeHorizonMs = duration(f.dedupeHorizon, tr("Dedupe horizon"), true);
    } else {
        check(f.dedupeField, {}, {});
        check(f.dedupeHorizon, {}, {});
    }
    for (int row = 0; row < f.aggregates->rowCount(); ++row) {
        auto *function = qobject_cast<QComboBox *>(f.aggregates->cellWidget(row, FunctionColumn));
        auto *argument = qobject_cast<QLineEdit *>(f.aggregates->cellWidget(row, ArgumentColumn));
        auto *percentile = qobject_cast<QDoubleSpinBox *>(f.aggregates->cellWidget(row, PercentileColumn));
        auto *name = qobject_cast<QLineEdit *>(f.aggregates->cellWidget(row, NameColumn));
        AggregateSpec a;
        a.kind = AggregateKind(function->currentData().toInt());
        const QString label = tr("Aggregate %1").arg(row + 1);
        if (a.kind == AggregateKind::Collect)
            check(argument, {}, {});
        else
            a.argument = expression(argument, label, a.kind != AggregateKind::Count);
        if (a.kind == AggregateKind::Percentile)
            a.percentile = percentile->value();
        a.name = name->text().trimmed();
        static const QRegularExpression validName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_.-]*$"));
        check(name, label, a.name.isEmpty() || validName.match(a.name).hasMatch()
                               ? QString()
                               : tr("a name is letters, digits, _ . - and starts with a letter"));
        spec.aggregates << a;
    }
    if (!first.isEmpty()) {
        *error = first;
        return std::nullopt;
    }
    error->clear();
    return spec;
}

void PipelineEditor::markTextError()
{
    QList<QTextEdit::ExtraSelection> selections;
    if (m_textError) {
        const QTextBlock block = m_text->document()->findBlockByNumber(m_textError->line - 1);
        QTextEdit::ExtraSelection line;
        line.format.setBackground(QColor(0xff, 0xee, 0xee));
        line.format.setProperty(QTextFormat::FullWidthSelection, true);
        line.cursor = QTextCursor(block);
        selections << line;
        // The mistake itself: the word at the column (the line's end when there is none).
        QTextEdit::ExtraSelection mark;
        mark.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        mark.format.setUnderlineColor(QColor(0xe0, 0x00, 0x00));
        mark.format.setBackground(QColor(0xff, 0xb0, 0xb0));
        const QString text = block.text();
        int start = std::clamp(m_textError->column - 1, 0, int(std::max<qsizetype>(text.size() - 1, 0)));
        int end = start;
        while (end < text.size() && !text[end].isSpace())
            ++end;
        mark.cursor = QTextCursor(block);
        mark.cursor.setPosition(block.position() + start);
        mark.cursor.setPosition(block.position() + std::max(end, start + 1), QTextCursor::KeepAnchor);
        selections << mark;
        m_textErrorLabel->setText(tr("<a href=\"#error\">Line %1, column %2</a>: %3")
                                      .arg(m_textError->line)
                                      .arg(m_textError->column)
                                      .arg(m_textError->message.toHtmlEscaped()));
    } else {
        m_textErrorLabel->clear();
    }
    m_text->setExtraSelections(selections);
}

void PipelineEditor::showTextError()
{
    if (!m_textError)
        return;
    m_tabs->setCurrentIndex(1);
    const QTextBlock block = m_text->document()->findBlockByNumber(m_textError->line - 1);
    QTextCursor cursor(block);
    cursor.setPosition(block.position() + std::clamp(m_textError->column - 1, 0, int(block.text().size())));
    m_text->setTextCursor(cursor);
    m_text->ensureCursorVisible();
    m_text->setFocus();
}

void PipelineEditor::updateState()
{
    const bool valid = isValid();
    okButton()->setEnabled(valid);
    m_saveButton->setEnabled(valid);
    m_formErrorLabel->setText(m_formError);
    m_formErrorLabel->setVisible(!m_formError.isEmpty());
    if (m_textError) {
        m_formBanner->setText(tr("The text has a mistake (line %1, column %2: %3). Fix it in the Text tab; "
                                 "the form shows the last valid pipeline.")
                                  .arg(m_textError->line)
                                  .arg(m_textError->column)
                                  .arg(m_textError->message));
        m_formBanner->show();
    } else {
        m_formBanner->hide();
    }
    m_formPage->setEnabled(!m_textError);
    m_tabs->setTabText(0, m_formError.isEmpty() ? tr("Form") : tr("Form ⚠"));
    m_tabs->setTabText(1, m_textError ? tr("Text ⚠") : tr("Text"));
    if (valid != m_lastValid) {
        m_lastValid = valid;
        emit validityChanged(valid);
    }
}

Status PipelineEditor::openFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error::badInput(tr("%1: cannot read: %2").arg(path, file.errorString()));
    if (file.size() > 1024 * 1024)
        return Error::badInput(tr("%1: too large for a pipeline (over 1 MiB)").arg(path));
    const QByteArray bytes = file.readAll();
    const QString text = QString::fromUtf8(bytes);
    if (text.toUtf8() != bytes)
        return Error::badInput(tr("%1: not UTF-8 text").arg(path));
    m_filePath = path;
    setWindowTitle(tr("Pipeline — %1").arg(QFileInfo(path).fileName()));
    setPipelineText(text);
    return {};
}

Status PipelineEditor::saveFile(const QString &path)
{
    if (!isValid())
        return Error::badInput(tr("the pipeline has a mistake: %1")
                                   .arg(m_textError ? m_textError->toString() : m_formError));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::runtime(tr("%1: cannot write: %2").arg(path, file.errorString()));
    file.write(pipelineText().toUtf8());
    if (!file.commit())
        return Error::runtime(tr("%1: cannot write: %2").arg(path, file.errorString()));
    m_filePath = path;
    setWindowTitle(tr("Pipeline — %1").arg(QFileInfo(path).fileName()));
    return {};
}

void PipelineEditor::openFileDialog()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open pipeline"), QFileInfo(m_filePath).path(),
                                                      tr("Pipelines (*.pipeline);;All files (*)"));
    if (path.isEmpty())
        return;
    if (Status status = openFile(path); !status) {
        m_tabs->setCurrentIndex(1);
        m_textErrorLabel->setText(status.error().message.toHtmlEscaped());
    }
}

void PipelineEditor::saveAsDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save pipeline"), m_filePath, tr("Pipelines (*.pipeline);;All files (*)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pipeline");
    if (Status status = saveFile(path); !status) {
        m_formErrorLabel->setText(status.error().message);
        m_formErrorLabel->show();
    }
}

void PipelineEditor::accept()
{
    if (!isValid()) {
        showTextError();
        return;
    }
    QDialog::accept();
}

} // namespace streamscope
