#include "replay/stateinspector.h"

#include "replay/statemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QMenu>
#include <QStyle>
#include <QTreeView>
#include <QVBoxLayout>

#include <algorithm>

namespace streamscope {

StateInspector::StateInspector(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_model = new StateModel(this);
    m_view = new QTreeView(this);
    m_view->setObjectName(QStringLiteral("stateTree"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->header()->setStretchLastSection(true);
    m_view->header()->setSectionResizeMode(StateModel::NameColumn, QHeaderView::Interactive);
    // Wide enough for a window's bounds two levels down, and a partition's
    // watermark with "holds the watermark back".
    const QFontMetrics fm = m_view->fontMetrics();
    m_preferredNameWidth = fm.horizontalAdvance(QStringLiteral("[00:00:00.000 – 00:00:00.000)")) + 4 * m_view->indentation()
        + m_view->style()->pixelMetric(QStyle::PM_SmallIconSize) + 32;
    m_minimalValueWidth = fm.horizontalAdvance(QStringLiteral("2026-01-01 00:00:00.000")) + 16; // a watermark
    m_view->setColumnWidth(StateModel::NameColumn, m_preferredNameWidth);
    m_view->setColumnWidth(StateModel::ValueColumn,
                           fm.horizontalAdvance(QStringLiteral("fires at 00:00:00.000 · purges at 00:00:00.000")) + 16);
    connect(m_view->header(), &QHeaderView::sectionResized, this, [this](int section) {
        if (section == StateModel::NameColumn && !m_fittingNameColumn)
            m_nameWidthChosen = true;
    });
    m_view->viewport()->installEventFilter(this);
    layout->addWidget(m_view);

    connect(m_view, &QTreeView::customContextMenuRequested, this, &StateInspector::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (m_updating || !current.isValid())
            return;
        const QVariant start = current.data(StateModel::WindowStartRole);
        if (start.isValid())
            emit windowSelected(current.data(StateModel::KeyRole).toByteArray(), start.toLongLong(),
                                current.data(StateModel::WindowEndRole).toLongLong());
    });
}

StateInspector::~StateInspector() = default;

bool StateInspector::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view->viewport() && event->type() == QEvent::Resize)
        fitNameColumn();
    return QWidget::eventFilter(watched, event);
}

void StateInspector::fitNameColumn()
{
    if (m_nameWidthChosen)
        return;
    const int room = m_view->viewport()->width() - m_minimalValueWidth;
    const int width = std::clamp(room, std::min(120, m_preferredNameWidth), m_preferredNameWidth);
    m_fittingNameColumn = true;
    m_view->setColumnWidth(StateModel::NameColumn, width);
    m_fittingNameColumn = false;
}

void StateInspector::setTopics(const QStringList &topics) { m_model->setTopics(topics); }

void StateInspector::setPipeline(const PipelineSpec &spec) { m_model->setPipeline(spec); }

void StateInspector::showStep(const EngineSnapshot &snapshot, const StepReport &report, const EngineSnapshot *previous)
{
    m_updating = true;
    m_model->setStep(snapshot, report, previous);
    m_updating = false;
    if (!m_shownOnce) {
        // The first time: the watermarks and the list of keys open.
        m_shownOnce = true;
        m_view->expand(m_model->sectionIndex(QStringLiteral("watermark")));
        m_view->expand(m_model->sectionIndex(QStringLiteral("keys")));
    }
}

void StateInspector::clear()
{
    m_updating = true;
    m_model->clear();
    m_updating = false;
    m_shownOnce = false;
}

bool StateInspector::selectWindow(const QByteArray &key, const TimeWindow &window)
{
    const QModelIndex index = m_model->windowIndex(key, window);
    if (!index.isValid())
        return false;
    m_view->expand(index.parent());
    m_view->setCurrentIndex(index);
    m_view->scrollTo(index);
    return true;
}

QMenu *StateInspector::createContextMenu(const QModelIndex &index, QWidget *parent)
{
    const QVariant key = index.data(StateModel::KeyRole);
    if (!key.isValid())
        return nullptr;
    auto *menu = new QMenu(parent);
    QAction *history = menu->addAction(tr("Show this key's state over time"));
    history->setObjectName(QStringLiteral("keyHistoryAction"));
    connect(history, &QAction::triggered, this, [this, bytes = key.toByteArray()] { emit keyHistoryRequested(bytes); });
    return menu;
}

void StateInspector::showContextMenu(const QPoint &pos)
{
    std::unique_ptr<QMenu> menu(createContextMenu(m_view->indexAt(pos), this));
    if (menu)
        menu->exec(m_view->viewport()->mapToGlobal(pos));
}

} // namespace streamscope
