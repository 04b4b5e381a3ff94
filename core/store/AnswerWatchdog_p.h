#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include <QByteArray>
#include <QDeadlineTimer>
#include <QString>

namespace taskstream::store::detail {

/// One PostgreSQL connection's wait for the server, as the watchdog sees it.
struct AnswerSlot
{
    std::mutex mutex;
    qint64 waitingSinceMs = -1; ///< QDeadlineTimer::current()'s ms; -1 while the connection is not waiting
    int socket = -1;            ///< the connection's socket while it waits
    QString server;             ///< the key of the server (its URL without the password)
};

/// Cuts the connections that wait for a PostgreSQL server that has stopped answering.
///
/// A server that hangs without closing anything (stuck on its disk, a frozen VM, a stopped
/// process) leaves every blocking libpq call waiting for good: the kernel still acknowledges what
/// is sent, so neither TCP keepalives nor tcp_user_timeout fire, and libpq has no deadline of its
/// own. A statement that merely runs long must not be cut, though. So when a connection has waited
/// NoAnswerMs, the watchdog asks the server itself, on a connection of its own and without
/// blocking (libpq's asynchronous API): a server that answers SELECT 1 within CheckMs is alive and
/// the statement goes on; one that does not is presumed gone, and every connection that has waited
/// NoAnswerMs for it has its socket shut down. The blocked call then fails as a lost connection,
/// and Database reconnects with backoff as after any loss. Written here because neither libpq nor
/// Qt Sql offers a deadline for a server that does not answer.
class AnswerWatchdog
{
public:
    static constexpr qint64 NoAnswerMs = 5000;
    static constexpr qint64 CheckMs = 3000;

    static AnswerWatchdog &instance();

    /// A slot for a connection to \a server; \a conninfo is libpq's for the watchdog's own check.
    std::shared_ptr<AnswerSlot> add(const QString &server, const QByteArray &conninfo);
    void remove(const std::shared_ptr<AnswerSlot> &slot);

private:
    AnswerWatchdog() = default;
    void run();
    struct Server;
    void checkServer(Server &server, const std::vector<std::shared_ptr<AnswerSlot>> &waiting, qint64 nowMs);
    /// Shuts down the socket of each of \a waiting that still waits NoAnswerMs or longer.
    static void cut(const std::vector<std::shared_ptr<AnswerSlot>> &waiting, const QString &server, const QString &why);

    std::mutex m_mutex;
    std::vector<std::shared_ptr<AnswerSlot>> m_slots;
    std::map<QString, QByteArray> m_conninfo;
    bool m_started = false;
};

/// Marks a connection as waiting for its server for the lifetime of the guard.
class AnswerWait
{
public:
    AnswerWait(AnswerSlot *slot, int socket) : m_slot(slot)
    {
        if (!m_slot || socket < 0) {
            m_slot = nullptr;
            return;
        }
        std::lock_guard<std::mutex> lock(m_slot->mutex);
        m_slot->waitingSinceMs = QDeadlineTimer::current().deadline(); // the watchdog's clock
        m_slot->socket = socket;
    }
    ~AnswerWait()
    {
        if (!m_slot)
            return;
        std::lock_guard<std::mutex> lock(m_slot->mutex);
        m_slot->waitingSinceMs = -1;
        m_slot->socket = -1;
    }
    AnswerWait(const AnswerWait &) = delete;
    AnswerWait &operator=(const AnswerWait &) = delete;

private:
    AnswerSlot *m_slot;
};

} // namespace taskstream::store::detail
