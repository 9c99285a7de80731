#include "kafka/bootstrapforwarder.h"

#include <QByteArray>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace streamscope {

namespace {

// Stop reading from a side while this much waits for the other side: a slow
// reader must not make us buffer without bound.
constexpr qsizetype kMaxBuffered = 1 << 20;
constexpr std::size_t kChunk = 64 * 1024;

struct Relay {
    int client = -1;
    int broker = -1;
    QByteArray toBroker;
    QByteArray toClient;
    // One side hung up: deliver what is buffered, then close both. Kafka
    // does not half-close, so neither does the relay.
    bool closing = false;
};

sockaddr_in loopback(int port)
{
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons(std::uint16_t(port));
    return sin;
}

void setNoDelay(int fd)
{
    int on = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on); // requests are small; don't hold them back
}

// The broker is on loopback and listening: a blocking connect returns at once.
int connectToBroker(int port)
{
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const sockaddr_in sin = loopback(port);
    if (connect(fd, reinterpret_cast<const sockaddr *>(&sin), sizeof sin) != 0
        || fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
        close(fd);
        return -1;
    }
    setNoDelay(fd);
    return fd;
}

// Moves bytes for one socket of a relay: writes `outbox` to it, reads from
// it into `inbox`. Returns false when the connection is broken.
bool pump(const pollfd &pfd, QByteArray &inbox, QByteArray &outbox, bool &closing, std::vector<char> &chunk)
{
    if (pfd.revents & POLLNVAL)
        return false;
    if ((pfd.revents & POLLOUT) && !outbox.isEmpty()) {
        const ssize_t sent = send(pfd.fd, outbox.constData(), std::size_t(outbox.size()), MSG_NOSIGNAL);
        if (sent < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false;
        if (sent > 0)
            outbox.remove(0, sent);
    }
    if ((pfd.events & POLLIN) && (pfd.revents & (POLLIN | POLLHUP | POLLERR))) {
        const ssize_t got = recv(pfd.fd, chunk.data(), chunk.size(), 0);
        if (got == 0)
            closing = true;
        else if (got > 0)
            inbox.append(chunk.data(), got);
        else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
            return false;
    } else if (pfd.revents & (POLLHUP | POLLERR)) {
        // Gone while we were not reading it: nothing more can reach it, but
        // what it sent still goes to the other side.
        closing = true;
        outbox.clear();
    }
    return true;
}

} // namespace

Result<std::unique_ptr<BootstrapForwarder>> BootstrapForwarder::start(int listenPort, int targetPort)
{
    if (listenPort < 0 || listenPort > 65535)
        return Error::badInput(QStringLiteral("invalid port %1: expected 1 to 65535").arg(listenPort));
    if (targetPort < 1 || targetPort > 65535)
        return Error::runtime(QStringLiteral("invalid broker port %1").arg(targetPort));

    std::unique_ptr<BootstrapForwarder> forwarder(new BootstrapForwarder);
    forwarder->m_targetPort = targetPort;
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return Error::runtime(QStringLiteral("cannot create a socket: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    forwarder->m_listenFd = fd;
    // Lets a restarted demo take its port back while old connections linger
    // in TIME_WAIT; it does not let two listeners share a port.
    int on = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in sin = loopback(listenPort);
    if (bind(fd, reinterpret_cast<const sockaddr *>(&sin), sizeof sin) != 0) {
        const int err = errno;
        if (err == EADDRINUSE)
            return Error::badInput(QStringLiteral("port %1 is already in use on 127.0.0.1").arg(listenPort));
        if (err == EACCES)
            return Error::badInput(QStringLiteral("not allowed to listen on port %1 (ports below 1024 need privileges)")
                                       .arg(listenPort));
        return Error::runtime(QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                                  .arg(listenPort)
                                  .arg(QString::fromLocal8Bit(strerror(err))));
    }
    socklen_t len = sizeof sin;
    if (listen(fd, 64) != 0 || getsockname(fd, reinterpret_cast<sockaddr *>(&sin), &len) != 0)
        return Error::runtime(QStringLiteral("cannot listen on 127.0.0.1:%1: %2")
                                  .arg(listenPort)
                                  .arg(QString::fromLocal8Bit(strerror(errno))));
    forwarder->m_port = ntohs(sin.sin_port);
    if (pipe2(forwarder->m_wakeFds, O_CLOEXEC | O_NONBLOCK) != 0)
        return Error::runtime(QStringLiteral("cannot create a pipe: %1").arg(QString::fromLocal8Bit(strerror(errno))));
    forwarder->m_thread = std::thread([f = forwarder.get()] { f->run(); });
    return forwarder;
}

BootstrapForwarder::~BootstrapForwarder()
{
    if (m_thread.joinable()) {
        const char stop = 'x';
        [[maybe_unused]] const ssize_t n = write(m_wakeFds[1], &stop, 1);
        m_thread.join();
    }
    for (int fd : {m_listenFd, m_wakeFds[0], m_wakeFds[1]})
        if (fd >= 0)
            close(fd);
}

void BootstrapForwarder::run()
{
    std::vector<Relay> relays;
    std::vector<pollfd> fds;
    std::vector<char> chunk(kChunk);
    for (;;) {
        fds.clear();
        fds.push_back({m_wakeFds[0], POLLIN, 0});
        fds.push_back({m_listenFd, POLLIN, 0});
        for (const Relay &r : relays) {
            const bool readClient = !r.closing && r.toBroker.size() < kMaxBuffered;
            const bool readBroker = !r.closing && r.toClient.size() < kMaxBuffered;
            fds.push_back({r.client, short((readClient ? POLLIN : 0) | (r.toClient.isEmpty() ? 0 : POLLOUT)), 0});
            fds.push_back({r.broker, short((readBroker ? POLLIN : 0) | (r.toBroker.isEmpty() ? 0 : POLLOUT)), 0});
        }
        if (::poll(fds.data(), fds.size(), -1) < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        if (fds[0].revents)
            break;

        // Relays first: accepting appends to `relays`, and fds matches the old list.
        std::vector<Relay> alive;
        alive.reserve(relays.size());
        for (std::size_t i = 0; i < relays.size(); ++i) {
            Relay &r = relays[i];
            const bool ok = pump(fds[2 + 2 * i], r.toBroker, r.toClient, r.closing, chunk)
                && pump(fds[3 + 2 * i], r.toClient, r.toBroker, r.closing, chunk);
            if (ok && !(r.closing && r.toBroker.isEmpty() && r.toClient.isEmpty())) {
                alive.push_back(std::move(r));
            } else {
                close(r.client);
                close(r.broker);
            }
        }
        relays = std::move(alive);

        if (fds[1].revents & POLLIN) {
            for (;;) {
                const int client = accept4(m_listenFd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
                if (client < 0)
                    break; // EAGAIN: all accepted; anything else: the client gave up
                const int broker = connectToBroker(m_targetPort);
                if (broker < 0) {
                    close(client); // the client sees a disconnect and retries, as with a broker down
                    continue;
                }
                setNoDelay(client);
                relays.push_back(Relay{client, broker, {}, {}, false});
                m_connections.fetch_add(1);
            }
        }
    }
    for (const Relay &r : relays) {
        close(r.client);
        close(r.broker);
    }
}

} // namespace streamscope
