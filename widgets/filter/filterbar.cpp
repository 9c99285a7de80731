#include "filter/filterbar.h"

#include <QAbstractItemView>
#include <QCompleter>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QInputMethodEvent>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QStringListModel>
#include <QStyle>
#include <QTextCharFormat>

namespace streamscope {

namespace {

bool isFieldChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('.') || c == QLatin1Char('-')
        || c == QLatin1Char('[') || c == QLatin1Char(']');
}

// Whether position is inside a string literal: an odd number of quotes
// (not escaped) before it.
bool insideString(const QString &text, int position)
{
    bool inside = false;
    for (int i = 0; i < position; ++i) {
        if (text[i] == QLatin1Char('\\') && inside)
            ++i;
        else if (text[i] == QLatin1Char('"'))
            inside = !inside;
    }
    return inside;
}

} // namespace

FilterBar::FilterBar(QWidget *parent)
    : QWidget(parent),
      m_edit(new QLineEdit(this)),
      m_message(new QLabel(this)),
      m_completer(new QCompleter(this)),
      m_completions(new QStringListModel(this))
{
    m_edit->setObjectName(QStringLiteral("filterEdit"));
    m_edit->setPlaceholderText(tr("Filter, e.g. value.temperature_c > 25 && key == \"sensor-001\" (Enter applies)"));
    m_message->setObjectName(QStringLiteral("filterMessage"));
    m_message->setTextFormat(Qt::PlainText);
    m_message->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    QPalette messagePalette = m_message->palette();
    messagePalette.setColor(QPalette::WindowText, QColor(0xc0, 0x10, 0x10));
    m_message->setPalette(messagePalette);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit, 3);
    layout->addWidget(m_message, 2);
    setFocusProxy(m_edit);

    m_completions->setStringList(m_catalog.fields());
    m_completer->setModel(m_completions);
    m_completer->setCaseSensitivity(Qt::CaseSensitive);
    m_completer->setModelSorting(QCompleter::CaseSensitivelySortedModel);
    m_completer->setCompletionMode(QCompleter::PopupCompletion);
    m_completer->setMaxVisibleItems(12);
    m_completer->setWidget(m_edit);
    connect(m_completer, qOverload<const QString &>(&QCompleter::activated), this, &FilterBar::insertCompletion);
    // Installed after QCompleter's own filter, so it sees the keys first.
    m_completer->popup()->installEventFilter(this);
    m_edit->installEventFilter(this);

    m_validateTimer.setSingleShot(true);
    m_validateTimer.setInterval(kValidateDelayMs);
    connect(&m_validateTimer, &QTimer::timeout, this, &FilterBar::validate);
    connect(m_edit, &QLineEdit::textEdited, this, &FilterBar::onTextEdited);
    connect(m_edit, &QLineEdit::returnPressed, this, &FilterBar::apply);
}

FilterBar::~FilterBar() = default;

QString FilterBar::text() const { return m_edit->text(); }

void FilterBar::setText(const QString &text)
{
    m_edit->setText(text);
    validate();
}

QString FilterBar::message() const { return m_message->text(); }

void FilterBar::addSampleEvents(const QList<Event> &events)
{
    bool changed = false;
    for (const Event &event : events)
        changed |= m_catalog.addEvent(event);
    if (!changed)
        return;
    const bool shown = m_completer->popup()->isVisible();
    m_completions->setStringList(m_catalog.fields());
    if (shown)
        updateCompletion();
}

void FilterBar::addSampleEvent(const Event &event) { addSampleEvents({event}); }

void FilterBar::apply()
{
    m_validateTimer.stop();
    m_completer->popup()->hide();
    const QString text = m_edit->text();
    if (text.trimmed().isEmpty()) {
        clearError();
        emit filterCleared();
        return;
    }
    auto compiled = expr::Expression::compile(text);
    if (const auto *error = std::get_if<expr::CompileError>(&compiled)) {
        showError(*error);
        return;
    }
    clearError();
    emit filterApplied(std::get<expr::Expression>(compiled));
}

void FilterBar::clear()
{
    m_validateTimer.stop();
    m_completer->popup()->hide();
    m_edit->clear();
    clearError();
    emit filterCleared();
}

void FilterBar::validate()
{
    m_validateTimer.stop();
    const QString text = m_edit->text();
    if (text.trimmed().isEmpty()) {
        clearError();
        return;
    }
    const auto compiled = expr::Expression::compile(text);
    if (const auto *error = std::get_if<expr::CompileError>(&compiled))
        showError(*error);
    else
        clearError();
}

bool FilterBar::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::KeyPress)
        return QWidget::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent *>(event)->key();
    QAbstractItemView *popup = m_completer->popup();
    if (watched == popup || (watched == m_edit && popup->isVisible())) {
        switch (key) {
        case Qt::Key_Tab:
        case Qt::Key_Return:
        case Qt::Key_Enter: {
            // Tab takes the first completion when none is chosen; Enter
            // without a choice applies the filter as typed.
            QModelIndex chosen = popup->currentIndex();
            if (!chosen.isValid() && key == Qt::Key_Tab)
                chosen = m_completer->completionModel()->index(0, 0);
            popup->hide();
            if (chosen.isValid())
                insertCompletion(chosen.data().toString());
            else if (key != Qt::Key_Tab)
                apply();
            return true;
        }
        case Qt::Key_Escape:
            popup->hide();
            return true;
        default:
            return false; // QCompleter passes typing on to the line
        }
    }
    if (watched == m_edit && key == Qt::Key_Escape) {
        clear();
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

void FilterBar::onTextEdited()
{
    // The marks sit on character positions that just moved: drop them
    // until the text is checked again (not from inside the edit itself).
    if (m_error)
        QMetaObject::invokeMethod(this, [this] { setHighlight(-1, 0); }, Qt::QueuedConnection);
    m_validateTimer.start();
    updateCompletion();
}

int FilterBar::tokenStart() const
{
    const QString text = m_edit->text();
    const int cursor = m_edit->cursorPosition();
    int start = cursor;
    while (start > 0 && isFieldChar(text[start - 1]))
        --start;
    while (start < cursor && !text[start].isLetter()) // a field starts with a letter
        ++start;
    if (start == cursor || insideString(text, start))
        return -1;
    return start;
}

void FilterBar::updateCompletion()
{
    QAbstractItemView *popup = m_completer->popup();
    const int start = tokenStart();
    if (start < 0) {
        popup->hide();
        return;
    }
    const QString prefix = m_edit->text().mid(start, m_edit->cursorPosition() - start);
    m_completer->setCompletionPrefix(prefix);
    const int count = m_completer->completionCount();
    if (count == 0 || (count == 1 && m_completer->currentCompletion() == prefix)) {
        popup->hide();
        return;
    }
    // The popup opens under the field being typed, as wide as its entries.
    QAbstractItemView *list = m_completer->popup();
    const QRect contents = m_edit->style()->subElementRect(QStyle::SE_LineEditContents, nullptr, m_edit);
    const int x = contents.left() + m_edit->textMargins().left()
        + m_edit->fontMetrics().horizontalAdvance(m_edit->text().left(start));
    const int width = list->sizeHintForColumn(0) + list->verticalScrollBar()->sizeHint().width() + 2 * list->frameWidth();
    QRect rect(std::clamp(x, 0, std::max(0, m_edit->width() - width)), 0, width, m_edit->height());
    m_completer->complete(rect);
}

void FilterBar::insertCompletion(const QString &completion)
{
    const int start = tokenStart();
    if (start < 0)
        return;
    m_edit->setSelection(start, m_edit->cursorPosition() - start);
    m_edit->insert(completion);
    m_validateTimer.start();
}

void FilterBar::showError(const expr::CompileError &error)
{
    m_error = error;
    m_message->setText(error.message);
    m_message->setToolTip(error.toString());
    m_edit->setToolTip(error.toString());
    QPalette palette = m_edit->palette();
    palette.setColor(QPalette::Base, QColor(0xff, 0xee, 0xee));
    m_edit->setPalette(palette);
    // An error at the end of the input has no character of its own: mark the last one.
    const int size = int(m_edit->text().size());
    int position = std::clamp(error.position, 0, std::max(size - 1, 0));
    int length = std::clamp(error.positionLength, 1, std::max(size - position, 1));
    setHighlight(position, length);
}

void FilterBar::clearError()
{
    const bool had = m_error.has_value();
    m_error.reset();
    m_message->clear();
    m_message->setToolTip({});
    m_edit->setToolTip({});
    if (had) {
        m_edit->setPalette(QPalette());
        setHighlight(-1, 0);
    }
}

void FilterBar::setHighlight(int position, int length)
{
    // QLineEdit draws extra formats only for input-method text; an input
    // method event without text sets them on the line as it is.
    m_highlightPosition = std::max(position, 0);
    m_highlightLength = position >= 0 ? std::max(length, 0) : 0;
    QList<QInputMethodEvent::Attribute> attributes;
    if (position >= 0 && length > 0) {
        QTextCharFormat format;
        format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        format.setUnderlineColor(QColor(0xe0, 0x00, 0x00));
        format.setBackground(QColor(0xff, 0xb0, 0xb0));
        attributes.append(QInputMethodEvent::Attribute(QInputMethodEvent::TextFormat,
                                                       position - m_edit->cursorPosition(), length, format));
    }
    QInputMethodEvent event(QString(), attributes);
    QCoreApplication::sendEvent(m_edit, &event);
}

} // namespace streamscope
