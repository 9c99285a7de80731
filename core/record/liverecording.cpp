#include "record/liverecording.h"

namespace streamscope {

LiveRecording::LiveRecording(QObject *parent) : QObject(parent) {}

LiveRecording::~LiveRecording()
{
    stop();
    wait();
}

void LiveRecording::start(const RecordOptions &options)
{
    if (isRunning())
        return;
    m_options = options;
    m_stop = false;
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("recorder"));
    m_thread->start();
}

void LiveRecording::stop() { m_stop = true; }

bool LiveRecording::isRunning() const { return m_thread && m_thread->isRunning(); }

void LiveRecording::wait()
{
    if (m_thread)
        m_thread->wait();
}

RecordProgress LiveRecording::progress() const
{
    std::lock_guard lock(m_mutex);
    return m_recorder ? m_recorder->progress() : m_lastProgress;
}

void LiveRecording::run()
{
    Recorder recorder(m_options);
    recorder.setWarningHandler([this](const QString &message) { emit warning(message); });
    if (Status st = recorder.open(); !st) {
        emit failed(st.error().message);
        emit stopped();
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_recorder = &recorder;
    }
    emit started();
    std::int64_t lastCommitted = -1;
    // Progress every 100 ms: the table follows the session itself, this only
    // tells it that there is something new.
    auto result = recorder.run(
        m_stop,
        [&](const RecordProgress &p) {
            if (p.committedEvents != lastCommitted) {
                lastCommitted = p.committedEvents;
                emit committed(p.committedEvents);
            }
        },
        100);
    const Status closed = recorder.close();
    {
        std::lock_guard lock(m_mutex);
        m_lastProgress = recorder.progress();
        m_recorder = nullptr;
    }
    emit committed(m_lastProgress.committedEvents);
    if (!result)
        emit failed(result.error().message);
    else if (!closed)
        emit failed(closed.error().message);
    emit stopped();
}

} // namespace streamscope
