#include "observability/metricsserver.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace streamscope {

Result<std::unique_ptr<MetricsServer>> MetricsServer::start(int port, std::function<QByteArray()> render, const QString &address)
{
    if (port < 0 || port > 65535)
        return Error::badInput(QStringLiteral("invalid metrics port %1: expected 0 to 65535").arg(port));
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(quint16(port));
    if (inet_pton(AF_INET, address.toLatin1().constData(), &addr.sin_addr) != 1)
        return Error::badInput(QStringLiteral("invalid metrics address \"%1\": expected an IPv4 address").arg(address));
    std::unique_ptr<MetricsServer> server(new MetricsServer);
    server->m_render = std::move(render);
    server->m_address = address;
    server->m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int on = 1;
    ::setsockopt(server->m_listen, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    if (::bind(server->m_listen, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0 || ::listen(server->m_listen, 16) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        ::close(server->m_listen);
        server->m_listen = -1;
        return Error::badInput(QStringLiteral("cannot serve metrics on %1:%2: %3").arg(address).arg(port).arg(why));
    }
    socklen_t len = sizeof addr;
    ::getsockname(server->m_listen, reinterpret_cast<sockaddr *>(&addr), &len);
    server->m_port = ntohs(addr.sin_port);
    if (::pipe2(server->m_wake, O_CLOEXEC) != 0)
        return Error::runtime(QStringLiteral("cannot serve metrics: %1").arg(QString::fromLocal8Bit(std::strerror(errno))));
    MetricsServer *self = server.get();
    server->m_thread = std::thread([self] { self->run(); });
    return server;
}

MetricsServer::~MetricsServer()
{
    if (m_thread.joinable()) {
        const char byte = 0;
        (void)::write(m_wake[1], &byte, 1);
        m_thread.join();
    }
    for (int fd : {m_listen, m_wake[0], m_wake[1]})
        if (fd >= 0)
            ::close(fd);
}

void MetricsServer::run()
{
    for (;;) {
        pollfd fds[2] = {{m_listen, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[1].revents)
            return;
        if (fds[0].revents & POLLIN) {
            const int client = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (client >= 0) {
                serve(client);
                ::close(client);
            }
        }
    }
}

void MetricsServer::serve(int client)
{
    // One request per connection, read with a deadline: a client that says
    // nothing must not stall the next scrape.
    QByteArray request;
    char buffer[2048];
    while (!request.contains("\r\n\r\n") && request.size() < 16384) {
        pollfd fd{client, POLLIN, 0};
        if (::poll(&fd, 1, 2000) <= 0)
            return;
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0)
            return;
        request.append(buffer, n);
    }
    const QByteArray line = request.left(request.indexOf("\r\n"));
    QByteArray status = "200 OK", type = "text/plain; version=0.0.4; charset=utf-8", body;
    if (!line.startsWith("GET ")) {
        status = "405 Method Not Allowed";
        body = "only GET\n";
    } else if (line.startsWith("GET /metrics ") || line.startsWith("GET /metrics?")) {
        body = m_render();
    } else if (line.startsWith("GET / ")) {
        type = "text/html; charset=utf-8";
        body = "<html><body><a href=\"/metrics\">Streamscope metrics</a></body></html>\n";
    } else {
        status = "404 Not Found";
        body = "not found: try /metrics\n";
    }
    const QByteArray response = "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
    qsizetype sent = 0;
    while (sent < response.size()) {
        const ssize_t n = ::send(client, response.constData() + sent, std::size_t(response.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return;
        sent += n;
    }
}

} // namespace streamscope
