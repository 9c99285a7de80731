#pragma once
// Loads single events for the detail pane on a thread of its own (a 16 MB
// event is a 16 MB read), keeping only the latest request: selecting rows
// quickly never queues up reads.

#include "event/event.h"

#include <QObject>
#include <QString>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace streamscope {

class EventFetcher : public QObject
{
    Q_OBJECT

public:
    explicit EventFetcher(QObject *parent = nullptr);
    ~EventFetcher() override;

    void setSession(const QString &path); // empty: none
    void fetch(qint64 seq);

signals:
    void fetched(const streamscope::Event &event);
    void failed(qint64 seq, const QString &message);

private:
    void run();

    std::mutex m_mutex;
    std::condition_variable m_wake;
    QString m_path;
    int m_pathVersion = 0;
    std::optional<qint64> m_request;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace streamscope

Q_DECLARE_METATYPE(streamscope::Event)
