#pragma once
// Serves GET /metrics over HTTP for a Prometheus server to scrape, from a
// thread of its own (the recorder's loop has no event loop to lend).
// Listens on 127.0.0.1 unless told otherwise: metrics are not for the world.

#include "util/result.h"

#include <QByteArray>
#include <QString>
#include <atomic>
#include <functional>
#include <memory>
#include <thread>

namespace streamscope {

class MetricsServer
{
public:
    // render() runs on the server's thread for every scrape.
    static Result<std::unique_ptr<MetricsServer>> start(int port, std::function<QByteArray()> render,
                                                        const QString &address = QStringLiteral("127.0.0.1"));
    ~MetricsServer();

    int port() const { return m_port; }
    QString address() const { return m_address; }

private:
    MetricsServer() = default;
    void run();
    void serve(int client);

    int m_listen = -1;
    int m_wake[2] = {-1, -1}; // a pipe that ends the poll() on shutdown
    int m_port = 0;
    QString m_address;
    std::function<QByteArray()> m_render;
    std::thread m_thread;
};

} // namespace streamscope
