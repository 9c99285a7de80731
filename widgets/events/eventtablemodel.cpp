#include "events/eventtablemodel.h"

#include "common/format.h"
#include "events/chunkloader.h"
#include "events/filterscanner.h"
#include "session/sessionreader.h"
#include "session/sessionschema.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <climits>

namespace streamscope {

namespace {

int clampRows(std::int64_t n)
{
    // Qt's models count rows in int.
    return int(std::clamp<std::int64_t>(n, 0, INT_MAX));
}

QString placeholder() { return QStringLiteral("…"); }

} // namespace

EventTableModel::EventTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_loader(new ChunkLoader(this)), m_scanner(new FilterScanner(this))
{
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &EventTableModel::tick);
    connect(m_loader, &ChunkLoader::opened, this,
            [this](quint64 generation, qint64 count, const QStringList &) { onOpened(generation, count); });
    connect(m_loader, &ChunkLoader::failed, this, &EventTableModel::onFailed);
    connect(m_loader, &ChunkLoader::rowsLoaded, this, &EventTableModel::onRowsLoaded);
    connect(m_loader, &ChunkLoader::requestsDropped, this, &EventTableModel::onRequestsDropped);
    connect(m_loader, &ChunkLoader::guiReaderOpened, this, &EventTableModel::onGuiReaderOpened);
    connect(m_scanner, &FilterScanner::matched, this, &EventTableModel::onMatched);
    connect(m_scanner, &FilterScanner::caughtUp, this, &EventTableModel::onCaughtUp);
    connect(m_scanner, &FilterScanner::failed, this, &EventTableModel::onScanFailed);
}

EventTableModel::~EventTableModel() = default;

Status EventTableModel::openSession(const QString &path)
{
    closeSession();
    if (Status st = schema::checkFileHeader(path); !st)
        return st;
    m_path = path;
    m_generation = m_loader->open(path);
    return {};
}

void EventTableModel::closeSession()
{
    m_loader->close();
    m_lineage.clear();
    m_generation = m_loader->generation();
    m_scanner->cancel();
    m_reader.reset();
    m_guiReaderRequested = false;
    m_opened = false;
    m_path.clear();
    const bool hadEvents = m_eventCount > 0;
    beginResetModel();
    m_eventCount = 0;
    m_pausedAt = 0;
    m_rowCount = 0;
    m_rowSeqs = {};
    m_pendingMatches = {};
    m_scannedUpTo = 0;
    m_progressReported = -1;
    m_cache.clear();
    m_oldCache.clear();
    m_shownDay.reset();
    m_requested.clear();
    m_droppedRows.clear();
    endResetModel();
    if (hadEvents)
        emit eventCountChanged(0);
    if (m_filterRunning) {
        m_filterRunning = false;
        emit filterFinished();
    }
    updateTick();
}

void EventTableModel::setLive(bool live)
{
    m_live = live;
    if (live)
        ensureGuiReader();
    updateTick();
}

void EventTableModel::setDisplayPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    m_pausedAt = m_eventCount;
    // Paused: what was recorded up to now is shown at once. Resumed: the
    // rows recorded meanwhile arrive in one insertion.
    flush();
    updateTick();
}

void EventTableModel::setFilter(const expr::Expression &filter)
{
    if (filter.isNull()) {
        clearFilter();
        return;
    }
    m_scanner->cancel();
    beginResetModel();
    m_filtered = true;
    m_filter = filter;
    m_rowSeqs.clear();
    m_pendingMatches.clear();
    m_scannedUpTo = 0;
    m_progressReported = -1;
    m_rowCount = 0;
    endResetModel();
    // Without a session yet, the scan starts when one opens.
    if (m_opened)
        startScan();
    updateTick();
}

void EventTableModel::clearFilter()
{
    if (!m_filtered)
        return;
    m_scanner->cancel();
    const bool wasRunning = m_filterRunning;
    beginResetModel();
    m_filtered = false;
    m_filterRunning = false;
    m_filter = {};
    m_rowSeqs = {}; // give the memory back: millions of matches are megabytes
    m_pendingMatches = {};
    m_scannedUpTo = 0;
    m_rowCount = clampRows(displayLimit());
    endResetModel();
    if (wasRunning)
        emit filterFinished();
    updateTick();
}

std::int64_t EventTableModel::seqAt(int row) const
{
    if (row < 0 || row >= m_rowCount)
        return -1;
    return m_filtered ? m_rowSeqs[std::size_t(row)] : std::int64_t(row);
}

int EventTableModel::rowOfSeq(std::int64_t seq) const
{
    if (seq < 0)
        return -1;
    if (!m_filtered)
        return seq < m_rowCount ? int(seq) : -1;
    const auto found = std::lower_bound(m_rowSeqs.begin(), m_rowSeqs.end(), seq);
    return found != m_rowSeqs.end() && *found == seq ? int(found - m_rowSeqs.begin()) : -1;
}

std::int64_t EventTableModel::shownUpTo() const
{
    if (!m_filtered)
        return m_rowCount;
    // Matches waiting to be shown (while paused) are not decided for the view.
    const std::int64_t scanned = m_pendingMatches.empty() ? m_scannedUpTo
                                                          : std::min(m_scannedUpTo, m_pendingMatches.front());
    return std::min(scanned, displayLimit());
}

int EventTableModel::rowCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : m_rowCount; }

int EventTableModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rowCount || index.column() >= ColumnCount)
        return {};
    // Asked for every row by views that size rows to contents: never load for it.
    if (role == Qt::SizeHintRole)
        return {};
    const int column = index.column();
    const std::int64_t seq = seqAt(index.row());
    switch (role) {
    case SeqRole:
        return qint64(seq);
    case LineageRole:
        return isInLineage(seq);
    case Qt::BackgroundRole:
        if (isInLineage(seq)) {
            QColor lineage(0xFF, 0xB3, 0x00); // amber, readable under light and dark text
            lineage.setAlpha(90);
            return QBrush(lineage);
        }
        return {};
    case Qt::TextAlignmentRole:
        // Times too, so that those with a day ("+1d …") line up with the rest.
        if (column == SeqColumn || column == PartitionColumn || column == OffsetColumn || column == SizeColumn
            || column == ArrivalColumn || column == TimestampColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return int(Qt::AlignLeft | Qt::AlignVCenter);
    default:
        break;
    }
    if (column == SeqColumn && role == Qt::DisplayRole)
        return QString::number(seq);

    const EventRow *row = cachedRow(seq);
    if (role == LoadedRole)
        return row != nullptr;
    if (!row) {
        if (role == Qt::DisplayRole) {
            requestPage(index.row());
            return placeholder();
        }
        if (role == Qt::ForegroundRole)
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    }

    const bool nullKey = row->error.isEmpty() && row->keySize < 0;
    const bool nullValue = row->error.isEmpty() && row->valueSize < 0;
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(column)) {
        case ArrivalColumn:
            return m_shownDay ? format::localTimeOnDay(row->arrival, row->arrivalUs / 1000, *m_shownDay) : row->arrival;
        case TimestampColumn:
            return m_shownDay ? format::localTimeOnDay(row->timestamp, row->timestampMs, *m_shownDay) : row->timestamp;
        case TopicColumn: return row->topic;
        case PartitionColumn: return row->error.isEmpty() ? QString::number(row->partition) : row->topic;
        case OffsetColumn: return row->error.isEmpty() ? QString::number(row->offset) : row->topic;
        case KeyColumn: return row->key;
        case ValueColumn: return row->value;
        case SizeColumn: return row->size;
        case SeqColumn:
        case ColumnCount: break;
        }
        return {};
    case Qt::ToolTipRole:
        if (!row->error.isEmpty())
            return row->error;
        switch (Column(column)) {
        case ArrivalColumn:
            return tr("Arrival (when Streamscope received it): %1").arg(format::isoUtcUs(row->arrivalUs));
        case TimestampColumn:
            if (row->timestampMs < 0)
                return tr("The record has no Kafka timestamp");
            return tr("Kafka timestamp (%1): %2").arg(timestampTypeName(row->timestampType), format::isoUtcMs(row->timestampMs));
        case KeyColumn:
            if (nullKey)
                return tr("Null key");
            return tr("%1\n%2 key%3").arg(row->key, format::bytes(row->keySize),
                                          row->keyIsText ? QString() : tr(", not UTF-8 text: bytes shown as \\xHH"));
        case ValueColumn:
            if (nullValue)
                return tr("Null value (a tombstone)");
            return tr("%1\n%2 value%3").arg(row->value, format::bytes(row->valueSize),
                                            row->valueIsText ? QString() : tr(", not UTF-8 text: bytes shown as \\xHH"));
        case SizeColumn:
            return tr("Key %1, value %2, %3 %4")
                .arg(nullKey ? tr("null") : format::bytes(row->keySize),
                     nullValue ? tr("null") : format::bytes(row->valueSize),
                     row->headerCount == 1 ? tr("1 header") : tr("%1 headers").arg(row->headerCount),
                     format::bytes(row->headersSize));
        default:
            return {};
        }
    case Qt::ForegroundRole:
        if (!row->error.isEmpty())
            return QBrush(Qt::red);
        if ((column == KeyColumn && nullKey) || (column == ValueColumn && nullValue))
            return QGuiApplication::palette().brush(QPalette::PlaceholderText);
        return {};
    case Qt::FontRole:
        if ((column == KeyColumn && nullKey) || (column == ValueColumn && nullValue)) {
            QFont italic;
            italic.setItalic(true);
            return italic;
        }
        return {};
    default:
        return {};
    }
}

void EventTableModel::setLineage(std::vector<std::int64_t> seqs)
{
    std::sort(seqs.begin(), seqs.end());
    seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
    if (seqs == m_lineage)
        return;
    m_lineage = std::move(seqs);
    if (m_rowCount > 0)
        emit dataChanged(index(0, 0), index(m_rowCount - 1, ColumnCount - 1), {Qt::BackgroundRole, LineageRole});
}

bool EventTableModel::isInLineage(std::int64_t seq) const
{
    return !m_lineage.empty() && std::binary_search(m_lineage.begin(), m_lineage.end(), seq);
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::DisplayRole) {
        switch (Column(section)) {
        case SeqColumn: return tr("Seq");
        case ArrivalColumn: return tr("Arrival");
        case TimestampColumn: return tr("Timestamp");
        case TopicColumn: return tr("Topic");
        case PartitionColumn: return tr("Partition");
        case OffsetColumn: return tr("Offset");
        case KeyColumn: return tr("Key");
        case ValueColumn: return tr("Value");
        case SizeColumn: return tr("Size");
        case ColumnCount: break;
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (Column(section)) {
        case SeqColumn: return tr("The event's position in the session, in arrival order");
        case ArrivalColumn:
            return tr("When Streamscope received the event (local time%1)").arg(shownDayNote());
        case TimestampColumn: return tr("The record's Kafka timestamp (local time%1)").arg(shownDayNote());
        case SizeColumn: return tr("Key, value and headers");
        default: break;
        }
    }
    return {};
}

QString EventTableModel::shownDayNote() const
{
    if (!m_shownDay)
        return {};
    return tr("; times on %1 are shown without the date, others with the days from it (+1d)").arg(format::localTimeMs(m_shownDay->startMs).left(10));
}

Qt::ItemFlags EventTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void EventTableModel::onOpened(quint64 generation, qint64 eventCount)
{
    if (generation != m_generation)
        return;
    m_opened = true;
    beginResetModel();
    m_eventCount = eventCount;
    m_pausedAt = eventCount;
    m_rowCount = m_filtered ? 0 : clampRows(displayLimit());
    endResetModel();
    emit eventCountChanged(eventCount);
    emit sessionOpened();
    if (m_filtered)
        startScan();
    if (m_live)
        ensureGuiReader();
    updateTick();
}

void EventTableModel::onFailed(quint64 generation, const QString &message)
{
    if (generation != m_generation)
        return;
    // A file found damaged after its rows showed (the check of the whole
    // file runs beside them): its rows go, as they would never have shown.
    if (m_opened)
        closeSession();
    emit sessionError(message);
}

void EventTableModel::onRowsLoaded(quint64 generation, const QList<EventRow> &rows, const QList<Event> &samples)
{
    if (generation != m_generation)
        return;
    std::vector<int> shown;
    shown.reserve(std::size_t(rows.size()));
    for (const EventRow &row : rows) {
        if (!m_shownDay && row.error.isEmpty())
            m_shownDay = format::localDayOf(row.arrivalUs / 1000);
        m_requested.remove(row.seq);
        if (m_cache.size() >= kCacheRows)
            m_oldCache = std::exchange(m_cache, {});
        m_cache.insert(row.seq, row);
        if (const int r = rowOfSeq(row.seq); r >= 0)
            shown.push_back(r);
    }
    emitRowsChanged(std::move(shown));
    if (!samples.isEmpty())
        emit sampleEventsLoaded(samples);
}

void EventTableModel::onRequestsDropped(quint64 generation, const std::vector<std::int64_t> &seqs)
{
    if (generation != m_generation)
        return;
    const bool first = m_droppedRows.empty();
    for (const std::int64_t seq : seqs) {
        m_requested.remove(seq);
        if (const int r = rowOfSeq(seq); r >= 0)
            m_droppedRows.push_back(r);
    }
    // Dropped while a view painted (inside data()): tell views later, and a
    // view still showing those rows asks for them again.
    if (first && !m_droppedRows.empty())
        QMetaObject::invokeMethod(
            this, [this] { emitRowsChanged(std::exchange(m_droppedRows, {})); }, Qt::QueuedConnection);
}

void EventTableModel::onGuiReaderOpened(quint64 generation, std::shared_ptr<SessionReader> reader)
{
    if (generation != m_generation)
        return;
    m_reader = std::move(reader);
    updateTick();
}

void EventTableModel::onMatched(const std::vector<std::int64_t> &seqs, qint64 scannedUpTo)
{
    m_pendingMatches.insert(m_pendingMatches.end(), seqs.begin(), seqs.end());
    m_scannedUpTo = scannedUpTo;
    updateTick();
}

void EventTableModel::onCaughtUp(qint64 scannedUpTo)
{
    m_scannedUpTo = scannedUpTo;
    if (m_filterRunning) {
        flush();
        m_filterRunning = false;
        m_progressReported = scannedUpTo;
        emit filterProgress(scannedUpTo, std::max<std::int64_t>(m_eventCount, scannedUpTo));
        emit filterFinished();
    }
    updateTick();
}

void EventTableModel::onScanFailed(const QString &message)
{
    emit sessionError(message);
    if (m_filterRunning) {
        flush();
        m_filterRunning = false;
        emit filterFinished();
    }
    updateTick();
}

void EventTableModel::tick()
{
    if (m_live && m_reader) {
        if (Status st = m_reader->refresh(); !st) {
            m_live = false;
            emit sessionError(st.error().message);
        } else {
            setEventCount(m_reader->eventCount());
        }
    }
    flush();
    if (m_filterRunning && m_scannedUpTo != m_progressReported) {
        m_progressReported = m_scannedUpTo;
        emit filterProgress(m_scannedUpTo, std::max<std::int64_t>(m_eventCount, m_scannedUpTo));
    }
    updateTick();
}

bool EventTableModel::hasWork() const
{
    if (m_live && m_reader)
        return true;
    if (!m_filtered)
        return false;
    return m_filterRunning || (!m_pendingMatches.empty() && m_pendingMatches.front() < displayLimit());
}

void EventTableModel::updateTick()
{
    if (hasWork()) {
        if (!m_tick.isActive())
            m_tick.start();
    } else {
        m_tick.stop();
    }
}

void EventTableModel::setEventCount(std::int64_t count)
{
    if (count <= m_eventCount)
        return;
    m_eventCount = count;
    emit eventCountChanged(count);
    if (m_filtered)
        m_scanner->extend(count);
}

std::int64_t EventTableModel::displayLimit() const { return m_paused ? m_pausedAt : m_eventCount; }

void EventTableModel::flush()
{
    const std::int64_t limit = displayLimit();
    if (!m_filtered) {
        const int target = clampRows(limit);
        if (target > m_rowCount) {
            beginInsertRows({}, m_rowCount, target - 1);
            m_rowCount = target;
            endInsertRows();
        }
        return;
    }
    const auto end = std::lower_bound(m_pendingMatches.begin(), m_pendingMatches.end(), limit);
    const std::int64_t room = INT_MAX - std::int64_t(m_rowSeqs.size());
    const std::int64_t count = std::min<std::int64_t>(end - m_pendingMatches.begin(), room);
    if (count <= 0)
        return;
    beginInsertRows({}, m_rowCount, m_rowCount + int(count) - 1);
    m_rowSeqs.insert(m_rowSeqs.end(), m_pendingMatches.begin(), m_pendingMatches.begin() + count);
    m_pendingMatches.erase(m_pendingMatches.begin(), m_pendingMatches.begin() + count);
    m_rowCount = int(m_rowSeqs.size());
    endInsertRows();
}

void EventTableModel::startScan()
{
    m_filterRunning = true;
    m_progressReported = 0;
    emit filterProgress(0, m_eventCount);
    m_scanner->start(m_path, m_filter, m_eventCount);
}

void EventTableModel::ensureGuiReader()
{
    if (m_opened && !m_reader && !m_guiReaderRequested) {
        m_guiReaderRequested = true;
        m_loader->openGuiReader();
    }
}

const EventRow *EventTableModel::cachedRow(std::int64_t seq) const
{
    if (const auto found = m_cache.constFind(seq); found != m_cache.constEnd())
        return &found.value();
    const auto old = m_oldCache.find(seq);
    if (old == m_oldCache.end())
        return nullptr;
    // Still in use: keep it through the next rotation.
    EventRow row = std::move(old.value());
    m_oldCache.erase(old);
    if (m_cache.size() >= kCacheRows)
        m_oldCache = std::exchange(m_cache, {});
    return &m_cache.insert(seq, std::move(row)).value();
}

void EventTableModel::requestPage(int row) const
{
    const int first = row / kPageRows * kPageRows;
    const int last = std::min(m_rowCount, first + kPageRows);
    std::vector<std::int64_t> seqs;
    seqs.reserve(std::size_t(last - first));
    for (int r = first; r < last; ++r) {
        const std::int64_t seq = seqAt(r);
        if (m_requested.contains(seq) || m_cache.contains(seq) || m_oldCache.contains(seq))
            continue;
        m_requested.insert(seq);
        seqs.push_back(seq);
    }
    m_loader->request(std::move(seqs));
}

void EventTableModel::emitRowsChanged(std::vector<int> rows)
{
    if (rows.empty())
        return;
    std::sort(rows.begin(), rows.end());
    std::size_t i = 0;
    while (i < rows.size()) {
        std::size_t j = i;
        while (j + 1 < rows.size() && rows[j + 1] <= rows[j] + 1)
            ++j;
        if (rows[i] < m_rowCount)
            emit dataChanged(index(rows[i], 0), index(std::min(rows[j], m_rowCount - 1), ColumnCount - 1));
        i = j + 1;
    }
}

} // namespace streamscope
