#pragma once
// A recording that runs on its own thread while a window shows it: the GUI
// starts it, gets told when it attached, what it committed, what went wrong,
// and stops it without ever waiting on Kafka or SQLite (DESIGN.md,
// principles 1 and 5).

#include "record/recorder.h"

#include <QObject>
#include <QThread>
#include <atomic>
#include <memory>
#include <mutex>

namespace streamscope {

class LiveRecording : public QObject
{
    Q_OBJECT

public:
    explicit LiveRecording(QObject *parent = nullptr);
    ~LiveRecording() override; // stops, and waits for the file to be closed

    // Attaches and records on a worker thread; returns at once. Then either
    // started() or failed() is emitted.
    void start(const RecordOptions &options);
    // Asks the recording to stop; stopped() follows when the file is closed.
    void stop();
    bool isRunning() const;
    // Waits until the worker has finished (for closing the application).
    void wait();

    QString sessionPath() const { return m_options.path; }
    const RecordOptions &options() const { return m_options; }
    // The latest progress (any thread).
    RecordProgress progress() const;

signals:
    void started();
    // The number of events durable in the session grew (at most every 100 ms).
    void committed(qint64 events);
    void warning(const QString &message);
    // Attaching failed, or recording stopped on an error. What was recorded
    // before stays in the session.
    void failed(const QString &message);
    void stopped();

private:
    void run();

    RecordOptions m_options;
    std::unique_ptr<QThread> m_thread;
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    Recorder *m_recorder = nullptr; // lives on the worker thread, during run()
    RecordProgress m_lastProgress;
};

} // namespace streamscope
