#pragma once
// The event table: one row per event of a session — every event, millions
// of them, live or recorded — or, with a filter, one row per matching event.
//
// The model holds no event data per row. Without a filter row n is seq n;
// with one, a sorted vector maps rows to the seqs the FilterScanner found.
// data() is placeholder-first (GammaRay's RemoteModel): a row whose strings
// are not cached returns a placeholder and asks the ChunkLoader for its page;
// dataChanged() follows when the page arrives. Display strings are cached
// for a few thousand rows (Wireshark's PacketListRecord) and dropped with the
// session's generation.
//
// A live session grows: a timer polls this thread's SessionReader (refresh()
// costs tens of microseconds) at 25 Hz and appends the new rows with one
// beginInsertRows/endInsertRows per tick, never one per event (GammaRay's
// EventModel). Pausing the display freezes the rows at the events recorded
// so far while the recording and the eventCount go on.

#include "common/format.h"
#include "event/event.h"
#include "events/eventrow.h"
#include "expr/expression.h"
#include "util/result.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>
#include <QTimer>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

namespace streamscope {

class ChunkLoader;
class FilterScanner;
class SessionReader;

class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SeqColumn,
        ArrivalColumn,
        TimestampColumn,
        TopicColumn,
        PartitionColumn,
        OffsetColumn,
        KeyColumn,
        ValueColumn,
        SizeColumn,
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1, // qint64, known without loading the row
        LoadedRole,                 // bool: the row's strings are here (not placeholders)
        LineageRole,                // bool: one of the highlighted events (setLineage)
    };

    // Rows whose strings are asked for together, and how many rows' strings
    // are kept (between kCacheRows and twice that).
    static constexpr int kPageRows = 64;
    static constexpr int kCacheRows = 4096;
    // Live growth and filter results reach the view at most this often.
    static constexpr int kTickMs = 40;

    explicit EventTableModel(QObject *parent = nullptr);
    ~EventTableModel() override;

    // Checks the file's header at once (errors here are the usual ones: no
    // such file, not a session) and opens it on the loader's thread, since
    // verifying a large file takes a while; sessionOpened() or sessionError()
    // follows.
    Status openSession(const QString &path);
    void closeSession();
    QString sessionPath() const { return m_path; }
    bool isSessionOpen() const { return m_opened; }

    // Follows a session that is being recorded.
    void setLive(bool live);
    bool isLive() const { return m_live; }
    // Freezes the rows at the events recorded so far; the recording (and
    // eventCount()) go on, and resuming shows what arrived meanwhile.
    void setDisplayPaused(bool paused);
    bool isDisplayPaused() const { return m_paused; }

    // Shows only the events the filter matches; the session is scanned in the
    // background (filterProgress, filterFinished) and rows arrive as found.
    // A null expression clears the filter.
    void setFilter(const expr::Expression &filter);
    // Back to every event. A scan still running is stopped (and
    // filterFinished emitted, so that progress displays close).
    void clearFilter();
    bool isFiltered() const { return m_filtered; }
    const expr::Expression &filter() const { return m_filter; }
    bool isFilterRunning() const { return m_filterRunning; }

    // Lineage: the events that produced a selected window result, drawn with
    // a highlighted background (Qt::BackgroundRole) wherever they are shown.
    // Empty clears it.
    void setLineage(std::vector<std::int64_t> seqs);
    const std::vector<std::int64_t> &lineage() const { return m_lineage; }
    bool isInLineage(std::int64_t seq) const;

    // -1 for a row that is not there.
    std::int64_t seqAt(int row) const;
    // -1 when the event is not shown (filtered out, or not yet shown).
    int rowOfSeq(std::int64_t seq) const;
    // Events in the session (not rows: see rowCount()).
    std::int64_t eventCount() const { return m_eventCount; }
    // Every event below this seq is decided: shown if it matches the filter
    // (each one without a filter). Whether a seq that is not shown may still
    // appear: it may when seq >= shownUpTo().
    std::int64_t shownUpTo() const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    void sessionOpened();
    void sessionError(const QString &message);
    void filterProgress(qint64 scanned, qint64 total);
    void filterFinished();
    void eventCountChanged(qint64 count);
    // A few whole events now and then, from the rows loaded (to learn field
    // names for completion: FilterBar::addSampleEvents).
    void sampleEventsLoaded(const QList<streamscope::Event> &events);

private:
    void onOpened(quint64 generation, qint64 eventCount);
    void onFailed(quint64 generation, const QString &message);
    void onRowsLoaded(quint64 generation, const QList<EventRow> &rows, const QList<Event> &samples);
    void onRequestsDropped(quint64 generation, const std::vector<std::int64_t> &seqs);
    void onGuiReaderOpened(quint64 generation, std::shared_ptr<SessionReader> reader);
    void onMatched(const std::vector<std::int64_t> &seqs, qint64 scannedUpTo);
    void onCaughtUp(qint64 scannedUpTo);
    void onScanFailed(const QString &message);

    void tick();
    void updateTick();
    bool hasWork() const;
    void setEventCount(std::int64_t count);
    // Moves what may be shown (new events, filter matches) into rows: one
    // insertion for all of it.
    void flush();
    std::int64_t displayLimit() const;
    void startScan();
    void ensureGuiReader();
    void resetRows();

    const EventRow *cachedRow(std::int64_t seq) const;
    void requestPage(int row) const;
    void emitRowsChanged(std::vector<int> rows);
    QString shownDayNote() const; // for the time columns' header tooltips

    ChunkLoader *m_loader;
    FilterScanner *m_scanner;
    std::shared_ptr<SessionReader> m_reader; // this thread's, for refresh() of a live session
    QTimer m_tick;

    QString m_path;
    quint64 m_generation = 0;
    bool m_opened = false;
    bool m_live = false;
    bool m_guiReaderRequested = false;
    bool m_paused = false;
    std::vector<std::int64_t> m_lineage; // sorted
    std::int64_t m_pausedAt = 0; // events shown while paused
    // The local day of the first events shown: times on it show without
    // their date, which would repeat on every row (others keep it).
    std::optional<format::LocalDay> m_shownDay;
    std::int64_t m_eventCount = 0;
    int m_rowCount = 0;

    bool m_filtered = false;
    bool m_filterRunning = false; // the first scan up to the session's end has not finished
    expr::Expression m_filter;
    std::vector<std::int64_t> m_rowSeqs;        // row → seq, with a filter
    std::vector<std::int64_t> m_pendingMatches; // found, not yet shown
    std::int64_t m_scannedUpTo = 0;
    std::int64_t m_progressReported = -1;

    // Display strings of recently shown rows: two generations, so that the
    // rows in use survive when the older half is dropped.
    mutable QHash<std::int64_t, EventRow> m_cache;
    mutable QHash<std::int64_t, EventRow> m_oldCache;
    mutable QSet<std::int64_t> m_requested; // seqs asked for, not yet answered
    std::vector<int> m_droppedRows;         // to repaint, so that their data() asks again
};

} // namespace streamscope
