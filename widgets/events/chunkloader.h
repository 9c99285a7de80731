#pragma once
// Reads and formats rows of a session on a thread of its own, for the event
// table (DESIGN.md principle 5: the GUI thread never waits on SQLite or
// decoding).
//
// The loader owns a SessionReader on its thread (readers are per thread).
// Requests are lists of seqs, answered with formatted rows (EventRow). While
// the user scrolls, requests pile up faster than they are answered; the
// newest are served first and the oldest dropped beyond a few, since the
// rows they asked for have most likely scrolled away (requestsDropped tells
// the model so it may ask again). Every request and result carries the
// generation of the session it belongs to: a result for a session that was
// closed or replaced since is dropped.

#include "event/event.h"
#include "events/eventrow.h"

#include <QList>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QThreadPool>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

namespace streamscope {

class SessionReader;

class ChunkLoader : public QObject
{
    Q_OBJECT

public:
    explicit ChunkLoader(QObject *parent = nullptr);
    ~ChunkLoader() override;

    // Opens a session on the loader's thread (the file is verified there:
    // for a large file that takes a while); opened() or failed() follows.
    // Returns the new generation.
    quint64 open(const QString &path);
    void close();
    quint64 generation() const { return m_generation; }

    // Asks for the rows of these seqs (sorted); rowsLoaded() answers.
    void request(std::vector<std::int64_t> seqs);

    // Opens another reader of the session for the GUI thread (to poll
    // refresh() of a live session) without the GUI thread waiting for the
    // verification: guiReaderOpened() hands it over.
    void openGuiReader();

    static constexpr std::size_t kMaxWaitingRequests = 6;

signals:
    void opened(quint64 generation, qint64 eventCount, const QStringList &topics);
    void failed(quint64 generation, const QString &message);
    // Rows in the order requested, plus a few whole events as samples (for
    // completion in the filter bar).
    void rowsLoaded(quint64 generation, const QList<streamscope::EventRow> &rows,
                    const QList<streamscope::Event> &samples);
    void requestsDropped(quint64 generation, const std::vector<std::int64_t> &seqs);
    void guiReaderOpened(quint64 generation, std::shared_ptr<streamscope::SessionReader> reader);

private:
    class Worker;
    void dispatch();
    void finished(quint64 generation, const QList<EventRow> &rows, const QList<Event> &samples);

    QThread m_thread;
    // Checks of whole files, beside the loading (see Worker::open).
    QThreadPool m_checks;
    Worker *m_worker = nullptr; // lives on m_thread
    quint64 m_generation = 0;
    std::deque<std::vector<std::int64_t>> m_waiting;
    bool m_busy = false;
};

} // namespace streamscope
