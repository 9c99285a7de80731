#pragma once
// A TCP relay from a fixed loopback port to one broker of the embedded
// cluster. The mock cluster of librdkafka 2.0.2 always binds random ports,
// but a demo should be reachable at a port the user chose (scripts, kcat
// aliases). A client bootstraps through the relay; the metadata it gets back
// names the brokers' real loopback ports, which it then uses directly —
// so the relay only carries bootstrap traffic and any local client works.
//
// Plain sockets and one poll() thread: no Qt event loop is needed, and the
// relay runs beside a producer that blocks.

#include "util/result.h"

#include <QString>
#include <atomic>
#include <memory>
#include <thread>

namespace streamscope {

class BootstrapForwarder
{
public:
    // Listens on 127.0.0.1:listenPort (0: any free port) and relays every
    // connection to 127.0.0.1:targetPort. A port in use or not allowed is a
    // BadInput error (the user chose it).
    static Result<std::unique_ptr<BootstrapForwarder>> start(int listenPort, int targetPort);
    ~BootstrapForwarder(); // stops relaying and closes every connection

    BootstrapForwarder(const BootstrapForwarder &) = delete;
    BootstrapForwarder &operator=(const BootstrapForwarder &) = delete;

    int port() const { return m_port; }
    QString address() const { return QStringLiteral("127.0.0.1:%1").arg(m_port); }
    // Connections relayed so far (accepted and connected to the broker).
    std::int64_t connections() const { return m_connections.load(); }

private:
    BootstrapForwarder() = default;
    void run();

    int m_listenFd = -1;
    int m_wakeFds[2] = {-1, -1}; // a pipe: writing to it ends run()
    int m_port = 0;
    int m_targetPort = 0;
    std::atomic<std::int64_t> m_connections{0};
    std::thread m_thread;
};

} // namespace streamscope
