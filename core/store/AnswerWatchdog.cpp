#include "store/AnswerWatchdog_p.h"

#include <algorithm>
#include <chrono>

#include <QDeadlineTimer>
#include <QLoggingCategory>

#include <libpq-fe.h>
#include <sys/socket.h>

Q_DECLARE_LOGGING_CATEGORY(lcStore)

namespace taskstream::store::detail {

namespace {
qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}
} // namespace

/// The watchdog's own connection to one server, and what its last check found.
struct AnswerWatchdog::Server
{
    PGconn *conn = nullptr;
    qint64 sentMs = -1;     ///< SELECT 1 sent, its answer pending
    qint64 answeredMs = -1; ///< the last answer
    void reset()
    {
        if (conn)
            PQfinish(conn);
        conn = nullptr;
        sentMs = -1;
    }
};

AnswerWatchdog &AnswerWatchdog::instance()
{
    // Never destroyed: connections may be closed during static destruction.
    static AnswerWatchdog *watchdog = new AnswerWatchdog;
    return *watchdog;
}

std::shared_ptr<AnswerSlot> AnswerWatchdog::add(const QString &server, const QByteArray &conninfo)
{
    auto slot = std::make_shared<AnswerSlot>();
    slot->server = server;
    std::lock_guard<std::mutex> lock(m_mutex);
    m_slots.push_back(slot);
    m_conninfo[server] = conninfo;
    if (!m_started) {
        m_started = true;
        std::thread([this] { run(); }).detach(); // lives as long as the process (see instance())
    }
    return slot;
}

void AnswerWatchdog::remove(const std::shared_ptr<AnswerSlot> &slot)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_slots.erase(std::remove(m_slots.begin(), m_slots.end(), slot), m_slots.end());
}

void AnswerWatchdog::run()
{
    std::map<QString, Server> servers;
    // Runs for the life of the process (see instance()).
    for (;;) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        std::vector<std::shared_ptr<AnswerSlot>> registered;
        std::map<QString, QByteArray> conninfo;
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            registered = m_slots;
            conninfo = m_conninfo;
        }

        const qint64 now = nowMs();
        std::map<QString, std::vector<std::shared_ptr<AnswerSlot>>> waiting;
        for (const auto &s : registered) {
            std::lock_guard<std::mutex> slotLock(s->mutex);
            if (s->waitingSinceMs >= 0 && now - s->waitingSinceMs >= NoAnswerMs)
                waiting[s->server].push_back(s);
        }
        for (auto it = servers.begin(); it != servers.end();) {
            if (waiting.count(it->first)) {
                ++it;
            } else {
                it->second.reset(); // nothing waits for this server: its check connection goes
                it = servers.erase(it);
            }
        }
        for (const auto &[server, list] : waiting) {
            Server &s = servers[server];
            const auto info = conninfo.find(server);
            if (info == conninfo.end())
                continue;
            if (!s.conn) {
                // Blocks this thread for at most the conninfo's connect_timeout.
                s.conn = PQconnectdb(info->second.constData());
                if (PQstatus(s.conn) != CONNECTION_OK) {
                    const QString why = QString::fromUtf8(PQerrorMessage(s.conn)).trimmed();
                    s.reset();
                    cut(list, server, QStringLiteral("a new connection failed too (%1)").arg(why));
                    continue;
                }
            }
            checkServer(s, list, nowMs());
        }
    }
}

void AnswerWatchdog::checkServer(Server &s, const std::vector<std::shared_ptr<AnswerSlot>> &waiting, qint64 now)
{
    const QString server = waiting.front()->server;
    if (s.sentMs < 0) {
        // It answered lately: the statements waiting are long ones, not lost ones.
        if (s.answeredMs >= 0 && now - s.answeredMs < NoAnswerMs)
            return;
        if (!PQsendQuery(s.conn, "SELECT 1")) {
            const QString why = QString::fromUtf8(PQerrorMessage(s.conn)).trimmed();
            s.reset();
            cut(waiting, server, QStringLiteral("the check could not be sent (%1)").arg(why));
            return;
        }
        s.sentMs = now;
        return;
    }
    if (!PQconsumeInput(s.conn)) {
        const QString why = QString::fromUtf8(PQerrorMessage(s.conn)).trimmed();
        s.reset();
        cut(waiting, server, QStringLiteral("the check's connection failed (%1)").arg(why));
        return;
    }
    if (!PQisBusy(s.conn)) {
        while (PGresult *r = PQgetResult(s.conn))
            PQclear(r);
        s.sentMs = -1;
        s.answeredMs = now;
        return;
    }
    if (now - s.sentMs >= CheckMs) {
        s.reset();
        cut(waiting, server, QStringLiteral("SELECT 1 got no answer in %1 s").arg(CheckMs / 1000));
    }
}

void AnswerWatchdog::cut(const std::vector<std::shared_ptr<AnswerSlot>> &waiting, const QString &server,
                         const QString &why)
{
    const qint64 now = nowMs();
    for (const auto &slot : waiting) {
        std::lock_guard<std::mutex> lock(slot->mutex);
        // Still the same wait (the guard clears it under this lock, before the socket can close).
        if (slot->waitingSinceMs < 0 || now - slot->waitingSinceMs < NoAnswerMs || slot->socket < 0)
            continue;
        qCWarning(lcStore,
                  "database %s: a statement has waited %lld s and the server does not answer (%s); "
                  "closing its connection",
                  qPrintable(server), (now - slot->waitingSinceMs) / 1000, qPrintable(why));
        ::shutdown(slot->socket, SHUT_RDWR);
        slot->socket = -1;
    }
}

} // namespace taskstream::store::detail
