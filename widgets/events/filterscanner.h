#pragma once
// Filters a session on a thread of its own: the seqs of the events an
// expression matches, delivered in batches with progress, so that a filter
// over millions of recorded events never blocks the GUI thread.
//
// The scanner owns a SessionReader and an EventContext on its thread (both
// are per thread; the Expression is shared, its evaluate() is const). A job
// scans [0, until); extend() moves `until` as a live session grows and the
// job continues from where it stopped. start() or cancel() stops the job
// within a few thousand events (an atomic flag, as hotspot's perf parser
// does); batches of a job that was replaced are dropped by its id.

#include "expr/expression.h"

#include <QObject>
#include <QString>
#include <QThread>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace streamscope {

class FilterScanner : public QObject
{
    Q_OBJECT

public:
    explicit FilterScanner(QObject *parent = nullptr);
    ~FilterScanner() override;

    // Scans the session at path for events matching filter, seqs [0, until).
    void start(const QString &path, const expr::Expression &filter, std::int64_t until);
    // A live session grew: scan on up to until.
    void extend(std::int64_t until);
    void cancel();

    bool isActive() const { return m_job != nullptr; }
    // Seqs below this have been scanned (and their matches delivered).
    std::int64_t scannedUpTo() const { return m_scanned; }
    std::int64_t until() const;

signals:
    // Matching seqs in ascending order, and how far the scan got: every
    // match below scannedUpTo has been delivered.
    void matched(const std::vector<std::int64_t> &seqs, qint64 scannedUpTo);
    // The scan reached `until` (it goes on after extend()).
    void caughtUp(qint64 scannedUpTo);
    void failed(const QString &message);

private:
    struct Job;
    class Worker;
    void run();
    void onBatch(quint64 jobId, std::vector<std::int64_t> seqs, std::int64_t scannedUpTo, bool done);
    void onFailed(quint64 jobId, const QString &message);

    QThread m_thread;
    Worker *m_worker = nullptr; // lives on m_thread
    std::shared_ptr<Job> m_job;
    quint64 m_nextJobId = 0;
    bool m_running = false; // a slice of the current job is queued or running
    std::int64_t m_scanned = 0;
};

} // namespace streamscope
