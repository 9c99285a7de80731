#include "eventfetcher.h"

#include "session/sessionreader.h"

namespace streamscope {

EventFetcher::EventFetcher(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<streamscope::Event>();
    m_thread = std::thread([this] { run(); });
}

EventFetcher::~EventFetcher()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void EventFetcher::setSession(const QString &path)
{
    {
        std::lock_guard lock(m_mutex);
        m_path = path;
        ++m_pathVersion;
        m_request.reset();
    }
    m_wake.notify_all();
}

void EventFetcher::fetch(qint64 seq)
{
    {
        std::lock_guard lock(m_mutex);
        m_request = seq; // replaces one not started yet
    }
    m_wake.notify_all();
}

void EventFetcher::run()
{
    std::unique_ptr<SessionReader> reader;
    int openedVersion = -1;
    for (;;) {
        qint64 seq = -1;
        QString path;
        int version = 0;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [&] { return m_stop || m_request.has_value(); });
            if (m_stop)
                return;
            seq = *m_request;
            m_request.reset();
            path = m_path;
            version = m_pathVersion;
        }
        if (path.isEmpty())
            continue;
        if (version != openedVersion) {
            auto opened = SessionReader::open(path);
            openedVersion = version;
            reader.reset();
            if (!opened) {
                emit failed(seq, opened.error().message);
                continue;
            }
            reader = std::move(opened.value());
        }
        if (seq >= reader->eventCount())
            (void)reader->refresh(); // recorded since this reader looked
        auto event = reader->event(seq);
        if (event)
            emit fetched(*event);
        else
            emit failed(seq, event.error().message);
    }
}

} // namespace streamscope
