#include "detail/eventdetailview.h"

#include "common/format.h"
#include "detail/hexmodel.h"
#include "detail/jsontreemodel.h"
#include "detail/payloadtextmodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QThread>
#include <QTreeView>
#include <QVBoxLayout>

namespace streamscope {

struct EventDetailView::Loaded {
    QByteArray bytes;
    TextLayout layout;
    std::shared_ptr<const JsonTreeModel::Document> json;
    QString jsonError;
};

namespace {

QTableView *makeRowView(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setShowGrid(false);
    view->setWordWrap(false);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->verticalHeader()->hide();
    // Fixed row heights: a million rows cost nothing until they are seen.
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->verticalHeader()->setDefaultSectionSize(view->fontMetrics().height() + 2);
    view->horizontalHeader()->setStretchLastSection(true);
    view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    view->setTextElideMode(Qt::ElideNone);
    view->setContextMenuPolicy(Qt::ActionsContextMenu);
    return view;
}

// Consecutive selected rows as [first, last] ranges, in order.
QList<std::pair<int, int>> selectedRanges(const QTableView *view)
{
    QList<int> rows;
    for (const QModelIndex &index : view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QList<std::pair<int, int>> ranges;
    for (const int row : rows) {
        if (!ranges.isEmpty() && ranges.last().second + 1 == row)
            ranges.last().second = row;
        else
            ranges.append({row, row});
    }
    return ranges;
}

QString sizeText(qsizetype n)
{
    return n < 1024 ? format::bytes(n)
                    : QStringLiteral("%1 (%2 B)").arg(format::bytes(n), format::count(n));
}

QTableWidgetItem *item(const QString &text, const QString &toolTip = {})
{
    auto *it = new QTableWidgetItem(text);
    it->setToolTip(toolTip.isEmpty() ? text : toolTip);
    return it;
}

// "(null)" set apart from a value that happens to read "(null)".
QTableWidgetItem *nullItem(const QWidget *widget)
{
    auto *it = item(QObject::tr("(null)"), QObject::tr("null"));
    QFont font = it->font();
    font.setItalic(true);
    it->setFont(font);
    it->setForeground(widget->palette().color(QPalette::PlaceholderText));
    return it;
}

QTableWidget *makeTable(const QStringList &labels, QWidget *parent)
{
    auto *table = new QTableWidget(0, int(labels.size()), parent);
    table->setHorizontalHeaderLabels(labels);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 6);
    table->horizontalHeader()->setStretchLastSection(true);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    return table;
}

} // namespace

EventDetailView::EventDetailView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(4);

    m_title = new QLabel(this);
    m_title->setObjectName(QStringLiteral("title"));
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(m_title);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("payloadStatus"));
    m_statusLabel->setWordWrap(true);
    m_statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_statusLabel->setContentsMargins(4, 0, 4, 0);
    layout->addWidget(m_statusLabel);

    m_banner = new QFrame(this);
    m_banner->setObjectName(QStringLiteral("truncatedBanner"));
    m_banner->setFrameShape(QFrame::StyledPanel);
    auto *bannerLayout = new QHBoxLayout(m_banner);
    bannerLayout->setContentsMargins(6, 3, 6, 3);
    m_bannerLabel = new QLabel(m_banner);
    m_bannerLabel->setWordWrap(true);
    m_showAll = new QPushButton(tr("Show all"), m_banner);
    m_showAll->setObjectName(QStringLiteral("showAllButton"));
    bannerLayout->addWidget(m_bannerLabel, 1);
    bannerLayout->addWidget(m_showAll);
    m_banner->hide();
    layout->addWidget(m_banner);
    connect(m_showAll, &QPushButton::clicked, this, &EventDetailView::showAll);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    layout->addWidget(m_tabs, 1);
    buildJsonTab();
    buildTextTab();
    buildHexTab();
    m_headers = makeTable({tr("Name"), tr("Value")}, this);
    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_tabs->addTab(m_headers, tr("Headers"));
    m_metadata = makeTable({tr("Field"), tr("Value")}, this);
    m_metadata->setObjectName(QStringLiteral("metadataTable"));
    m_metadata->horizontalHeader()->hide();
    m_tabs->addTab(m_metadata, tr("Metadata"));
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (!m_choosingTab)
            m_preferredTab = index; // the user's choice; chooseTab() only deviates for payloads without JSON
    });

    clear();
}

EventDetailView::~EventDetailView()
{
    cancelLoading();
    if (m_thread) {
        m_thread->quit();
        m_thread->wait();
        delete m_worker;
    }
}

void EventDetailView::buildJsonTab()
{
    m_jsonStack = new QStackedWidget(this);
    m_jsonModel = new JsonTreeModel(this);
    m_jsonView = new QTreeView(m_jsonStack);
    m_jsonView->setObjectName(QStringLiteral("jsonTree"));
    m_jsonView->setModel(m_jsonModel);
    m_jsonView->setUniformRowHeights(true);
    m_jsonView->setAlternatingRowColors(true);
    m_jsonView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_jsonView->header()->setStretchLastSection(false);
    m_jsonView->header()->setSectionResizeMode(JsonTreeModel::NameColumn, QHeaderView::Interactive);
    m_jsonView->header()->setSectionResizeMode(JsonTreeModel::ValueColumn, QHeaderView::Stretch);
    m_jsonView->header()->setSectionResizeMode(JsonTreeModel::TypeColumn, QHeaderView::ResizeToContents);
    m_jsonView->setColumnWidth(JsonTreeModel::NameColumn, 180);
    m_jsonView->setContextMenuPolicy(Qt::ActionsContextMenu);

    m_copyValue = new QAction(tr("Copy value"), m_jsonView);
    m_copyValue->setObjectName(QStringLiteral("copyValueAction"));
    m_copyValue->setShortcut(QKeySequence::Copy);
    m_copyValue->setShortcutContext(Qt::WidgetShortcut);
    m_copyPath = new QAction(tr("Copy path"), m_jsonView);
    m_copyPath->setObjectName(QStringLiteral("copyPathAction"));
    auto *separator = new QAction(m_jsonView);
    separator->setSeparator(true);
    m_plotField = new QAction(tr("Plot this field over time"), m_jsonView);
    m_plotField->setObjectName(QStringLiteral("plotFieldAction"));
    m_jsonView->addActions({m_copyValue, m_copyPath, separator, m_plotField});

    const auto current = [this] { return m_jsonView->currentIndex(); };
    connect(m_copyValue, &QAction::triggered, this, [this, current] {
        if (current().isValid())
            QApplication::clipboard()->setText(current().data(JsonTreeModel::CopyValueRole).toString());
    });
    connect(m_copyPath, &QAction::triggered, this, [this, current] {
        if (current().isValid())
            QApplication::clipboard()->setText(current().data(JsonTreeModel::PathRole).toString());
    });
    connect(m_plotField, &QAction::triggered, this, [this, current] {
        if (current().isValid() && !current().data(JsonTreeModel::IsContainerRole).toBool())
            emit plotFieldRequested(current().data(JsonTreeModel::PathRole).toString());
    });
    connect(m_jsonView->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &EventDetailView::updateJsonActions);
    connect(m_jsonModel, &QAbstractItemModel::modelReset, this, &EventDetailView::updateJsonActions);

    m_jsonMessage = new QLabel(m_jsonStack);
    m_jsonMessage->setObjectName(QStringLiteral("jsonMessage"));
    m_jsonMessage->setAlignment(Qt::AlignCenter);
    m_jsonMessage->setWordWrap(true);
    m_jsonMessage->setMargin(12);
    m_jsonMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_jsonStack->addWidget(m_jsonView);
    m_jsonStack->addWidget(m_jsonMessage);
    m_tabs->addTab(m_jsonStack, tr("JSON"));
}

void EventDetailView::buildTextTab()
{
    m_textModel = new PayloadTextModel(this);
    m_textView = makeRowView(m_textModel, this);
    m_textView->setObjectName(QStringLiteral("textView"));
    m_textView->horizontalHeader()->hide();
    m_textView->setColumnWidth(PayloadTextModel::LineColumn, m_textView->fontMetrics().horizontalAdvance(QStringLiteral("000000")));
    // Rows are cut at kRowBytes already: the text column is as wide as the
    // rows (scrolling sideways when the view is narrower), never elided.
    m_textView->horizontalHeader()->setStretchLastSection(false);
    connect(m_textModel, &QAbstractItemModel::modelReset, this, [this] {
        // The widest of the first rows: measuring all of a huge payload would cost more than it tells.
        const QFontMetrics metrics(m_textView->font());
        int width = 0;
        for (int row = 0; row < std::min(m_textModel->rowCount(), 2000); ++row)
            width = std::max(width, metrics.horizontalAdvance(
                                        m_textModel->index(row, PayloadTextModel::TextColumn).data().toString()));
        m_textView->setColumnWidth(PayloadTextModel::TextColumn, width + 16);
    });
    auto *copy = new QAction(tr("Copy"), m_textView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    auto *copyAll = new QAction(tr("Copy all"), m_textView);
    m_textView->addActions({copy, copyAll});
    connect(copy, &QAction::triggered, this, [this] {
        QStringList parts;
        for (const auto &[first, last] : selectedRanges(m_textView))
            parts << m_textModel->textOfRows(first, last);
        QApplication::clipboard()->setText(parts.join(QLatin1Char('\n')));
    });
    connect(copyAll, &QAction::triggered, this, [this] {
        QApplication::clipboard()->setText(m_textModel->textOfRows(0, m_textModel->rowCount() - 1));
    });
    m_tabs->addTab(m_textView, tr("Text"));
}

void EventDetailView::buildHexTab()
{
    m_hexModel = new HexModel(this);
    m_hexView = makeRowView(m_hexModel, this);
    m_hexView->setObjectName(QStringLiteral("hexView"));
    const QFontMetrics metrics(m_hexView->font());
    m_hexView->setColumnWidth(HexModel::OffsetColumn, metrics.horizontalAdvance(QStringLiteral("00000000")) + 16);
    m_hexView->setColumnWidth(HexModel::HexColumn, metrics.horizontalAdvance(QString(HexModel::kBytesPerRow * 3 + 1, QLatin1Char('0'))) + 16);
    auto *copy = new QAction(tr("Copy as hex"), m_hexView);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    m_hexView->addAction(copy);
    connect(copy, &QAction::triggered, this, [this] {
        QString text;
        for (const auto &[first, last] : selectedRanges(m_hexView))
            text += m_hexModel->hexOfRows(first, last);
        QApplication::clipboard()->setText(text);
    });
    m_tabs->addTab(m_hexView, tr("Hex"));
}

void EventDetailView::clear()
{
    cancelLoading();
    ++m_generation;
    m_event = Event{};
    m_hasEvent = false;
    m_truncated = false;
    m_isJson = false;
    m_utf8 = true;
    m_status.clear();
    m_title->setText(tr("No event selected"));
    m_statusLabel->clear();
    m_banner->hide();
    m_jsonModel->clear();
    setJsonMessage(tr("Select an event to see its payload."));
    m_textModel->clear();
    m_hexModel->clear();
    m_headers->setRowCount(0);
    m_metadata->setRowCount(0);
    m_tabs->setTabText(HeadersTab, tr("Headers"));
}

void EventDetailView::showEvent(const Event &event)
{
    cancelLoading();
    ++m_generation;
    m_event = event;
    m_hasEvent = true;
    m_title->setText(tr("%1 · partition %2 · offset %3 · seq %4")
                         .arg(event.topic.isEmpty() ? tr("(unknown topic)") : event.topic)
                         .arg(event.partition)
                         .arg(event.offset)
                         .arg(event.seq));
    showPayload();
    showHeaders();
    showMetadata();
    chooseTab();
}

void EventDetailView::setJsonMessage(const QString &message)
{
    m_jsonMessage->setText(message);
    m_jsonStack->setCurrentWidget(m_jsonMessage);
}

void EventDetailView::showPayload()
{
    const std::optional<QByteArray> &value = m_event.value;
    m_banner->hide();
    m_isJson = false;
    if (!value) {
        m_truncated = false;
        m_utf8 = true;
        m_textModel->clear();
        m_hexModel->clear();
        m_jsonModel->clear();
        m_status = tr("null value (a tombstone)");
        setJsonMessage(tr("not JSON: a null value (a tombstone)"));
        m_statusLabel->setText(m_status);
        return;
    }
    const QByteArray &bytes = *value;
    m_truncated = bytes.size() > kPreviewBytes;
    if (m_truncated) {
        // Open at once with a preview; the rest waits for "Show all".
        TextLayout layout = PayloadTextModel::layout(bytes, kPreviewBytes);
        m_utf8 = layout.utf8;
        m_textModel->setText(bytes, std::move(layout));
        m_hexModel->setBytes(bytes, kPreviewBytes);
        m_jsonModel->clear();
        setJsonMessage(tr("The JSON tree of this %1 payload is built by Show all.").arg(format::bytes(bytes.size())));
        m_status = tr("%1 · showing the first %2").arg(format::bytes(bytes.size()), format::bytes(kPreviewBytes));
        m_bannerLabel->setText(tr("This payload is %1: showing its first %2 as text and hex.")
                                   .arg(format::bytes(bytes.size()), format::bytes(kPreviewBytes)));
        m_showAll->setText(tr("Show all"));
        m_showAll->setEnabled(true);
        m_banner->show();
        m_statusLabel->setText(m_status);
        return;
    }
    TextLayout layout = PayloadTextModel::layout(bytes);
    m_utf8 = layout.utf8;
    m_textModel->setText(bytes, std::move(layout));
    m_hexModel->setBytes(bytes);
    auto parsed = JsonTreeModel::parse(value);
    const QString size = format::bytes(bytes.size());
    if (parsed) {
        m_isJson = true;
        m_jsonModel->setDocument(*parsed);
        m_jsonStack->setCurrentWidget(m_jsonView);
        m_status = tr("JSON · %1").arg(size);
    } else {
        m_jsonModel->clear();
        const QString shownAs = m_utf8 ? tr("shown as text and hex") : tr("not UTF-8: shown escaped and as hex");
        setJsonMessage(parsed.error().message + QLatin1Char('\n') + shownAs);
        m_status = QStringLiteral("%1 · %2 · %3").arg(parsed.error().message, size, shownAs);
    }
    m_statusLabel->setText(m_status);
}

void EventDetailView::showHeaders()
{
    m_headers->setRowCount(int(m_event.headers.size()));
    int row = 0;
    for (const Header &h : m_event.headers) {
        m_headers->setItem(row, 0, item(format::preview(std::optional<QByteArray>(h.name), 200)));
        if (h.value)
            m_headers->setItem(row, 1, item(format::preview(h.value, 1000)));
        else
            m_headers->setItem(row, 1, nullItem(this));
        ++row;
    }
    m_tabs->setTabText(HeadersTab, tr("Headers (%1)").arg(m_event.headers.size()));
}

void EventDetailView::showMetadata()
{
    const Event &e = m_event;
    QList<std::pair<QString, QTableWidgetItem *>> rows;
    rows.append({tr("Topic"), item(e.topic)});
    rows.append({tr("Partition"), item(QString::number(e.partition))});
    rows.append({tr("Offset"), item(QString::number(e.offset))});
    rows.append({tr("Seq"), item(QString::number(e.seq))});
    rows.append({tr("Timestamp"), item(tr("%1 (%2)").arg(format::localTimeMs(e.timestampMs), timestampTypeName(e.timestampType)),
                                       format::isoUtcMs(e.timestampMs))});
    rows.append({tr("Arrival"), item(format::localTimeUs(e.arrivalUs), format::isoUtcUs(e.arrivalUs))});
    rows.append({tr("Arrival − timestamp"),
                 item(e.timestampMs >= 0 ? format::duration(e.arrivalUs / 1000 - e.timestampMs) : QStringLiteral("–"))});
    rows.append({tr("Key"), e.key ? item(format::preview(e.key, 1000)) : nullItem(this)});
    rows.append({tr("Key size"), e.key ? item(sizeText(e.key->size())) : nullItem(this)});
    rows.append({tr("Value size"), e.value ? item(sizeText(e.value->size())) : nullItem(this)});
    rows.append({tr("Headers"), item(QString::number(e.headers.size()))});
    m_metadata->setRowCount(int(rows.size()));
    for (int row = 0; row < rows.size(); ++row) {
        m_metadata->setItem(row, 0, item(rows[row].first));
        m_metadata->setItem(row, 1, rows[row].second);
    }
}

void EventDetailView::chooseTab()
{
    int tab = m_preferredTab;
    // A payload without a JSON tree opens where it can be read.
    if (tab == JsonTab && m_event.value && !m_isJson)
        tab = m_utf8 ? TextTab : HexTab;
    m_choosingTab = true;
    m_tabs->setCurrentIndex(tab);
    m_choosingTab = false;
}

void EventDetailView::updateJsonActions()
{
    const QModelIndex current = m_jsonView->currentIndex();
    m_copyValue->setEnabled(current.isValid());
    m_copyPath->setEnabled(current.isValid());
    m_plotField->setEnabled(current.isValid() && !current.data(JsonTreeModel::IsContainerRole).toBool());
}

QString EventDetailView::payloadStatus() const { return m_status; }

void EventDetailView::cancelLoading()
{
    if (m_cancel)
        *m_cancel = true;
    m_cancel.reset();
    m_loading = false;
}

void EventDetailView::showAll()
{
    if (!m_truncated || m_loading || !m_event.value)
        return;
    if (!m_thread) {
        m_thread = new QThread(this);
        m_thread->setObjectName(QStringLiteral("EventDetailView loader"));
        m_worker = new QObject;
        m_worker->moveToThread(m_thread);
        m_thread->start();
    }
    m_loading = true;
    m_showAll->setEnabled(false);
    m_showAll->setText(tr("Loading…"));
    const quint64 generation = m_generation;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    const QByteArray bytes = *m_event.value; // shared, not copied
    // `this` outlives the job: the destructor cancels and waits for the thread.
    QMetaObject::invokeMethod(m_worker, [this, generation, cancel, bytes] {
        auto loaded = std::make_shared<Loaded>();
        loaded->bytes = bytes;
        loaded->layout = PayloadTextModel::layout(bytes, -1, cancel.get());
        if (*cancel)
            return;
        auto parsed = JsonTreeModel::parse(bytes);
        if (parsed)
            loaded->json = *parsed;
        else
            loaded->jsonError = parsed.error().message;
        if (*cancel)
            return;
        QMetaObject::invokeMethod(this, [this, generation, loaded] { applyLoaded(generation, loaded); },
                                  Qt::QueuedConnection);
    }, Qt::QueuedConnection);
}

void EventDetailView::applyLoaded(quint64 generation, const std::shared_ptr<Loaded> &loaded)
{
    if (generation != m_generation)
        return; // another event is shown by now
    m_loading = false;
    m_cancel.reset();
    m_truncated = false;
    m_utf8 = loaded->layout.utf8;
    m_textModel->setText(loaded->bytes, std::move(loaded->layout));
    m_hexModel->setBytes(loaded->bytes);
    const QString size = format::bytes(loaded->bytes.size());
    if (loaded->json) {
        m_isJson = true;
        m_jsonModel->setDocument(loaded->json);
        m_jsonStack->setCurrentWidget(m_jsonView);
        m_status = tr("JSON · %1").arg(size);
    } else {
        const QString shownAs = m_utf8 ? tr("shown as text and hex") : tr("not UTF-8: shown escaped and as hex");
        setJsonMessage(loaded->jsonError + QLatin1Char('\n') + shownAs);
        m_status = QStringLiteral("%1 · %2 · %3").arg(loaded->jsonError, size, shownAs);
    }
    m_statusLabel->setText(m_status);
    m_banner->hide();
    chooseTab(); // the tree, if that is where the user was before the preview
    emit allShown();
}

} // namespace streamscope
