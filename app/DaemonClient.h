#pragma once

#include <functional>

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

class QNetworkAccessManager;
class QNetworkReply;

namespace taskstream {
namespace console {

/// The answer to one request to the daemon's task API.
struct DaemonReply
{
    int status = 0;             ///< HTTP status; 0 when no answer came (network error, timeout)
    QJsonDocument body;         ///< the JSON body, when there was one
    QString error;              ///< empty on 2xx; else the problem's detail or the network error, for people
    int retryAfterSeconds = -1; ///< the answer's Retry-After in seconds; -1 when it had none

    bool ok() const { return status >= 200 && status < 300; }
};

/// One search of the daemon's audit log (`GET /api/v1/audit`, docs/audit.md). Empty fields are
/// left out of the request; \a cursor is the `next_cursor` of the previous page.
struct AuditSearch
{
    QUuid user;
    QUuid task;
    QString type; ///< full or short event type name
    QDateTime from;
    QDateTime to;
    QString text;   ///< the words of `q`
    QString actor;  ///< who did it: a token subject (user id)
    QString source; ///< api, console, worker or worker:<group>
    int limit = 50;
    QString cursor;

    /// The request's query string.
    QString toQueryString() const;
    /// The query string of the export (`GET /api/v1/audit/export`) of the same filters in \a format
    /// ("csv" or "jsonl"): from and to become since and until; words, page size and cursor do not
    /// apply.
    QString toExportQueryString(const QString &format) const;

private:
    /// The filters both queries share; the time range under \a fromKey and \a toKey.
    void addFilters(QUrlQuery &query, const QString &fromKey, const QString &toKey) const;
};

/// One delivery verification asked of the daemon (`GET /api/v1/verify`, docs/verify.md). Empty
/// fields are left out: the daemon then takes the last hour, every group, a 30 s settle time.
struct VerifyRequest
{
    QString since; ///< an ISO 8601 time with its offset, or an age ("90m", "2h", "1d")
    QString until;
    QString group;
    int settleSeconds = -1;

    QString toQueryString() const;
};

/// A small asynchronous client of the daemon's task API (docs/api.md). Every call takes the user it
/// acts for; the token comes from the token provider (the sandbox issues one per user) or is the
/// fixed token given. Each callback runs exactly once, on this object's thread, within the timeout.
/// Requests say they come from the console (X-Taskstream-Client), so the audit log shows the
/// changes made here with the source "console".
class DaemonClient : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(const DaemonReply &)>;
    using TokenProvider = std::function<QString(const QUuid &user)>;
    using AdminTokenProvider = std::function<QString()>;

    explicit DaemonClient(QObject *parent = nullptr);

    /// \a baseUrl: http://HOST:PORT of the daemon; \a token: a bearer token (used when no
    /// provider is set).
    void setEndpoint(const QUrl &baseUrl, const QString &token);
    void setTokenProvider(TokenProvider provider);
    /// An admin token (role "admin") for reads across users, such as the audit search; the sandbox
    /// signs one. Without it those reads use the user's or the fixed token.
    void setAdminTokenProvider(AdminTokenProvider provider);
    bool hasAdminToken() const { return bool(m_adminTokenProvider); }
    QUrl baseUrl() const { return m_baseUrl; }
    bool isConfigured() const;
    /// The token to act as \a user (from the provider, else the fixed token).
    QString tokenFor(const QUuid &user) const;
    /// True when admin requests have a URL and a token to go with (the token may still be refused).
    bool isAdminConfigured() const;
    /// ws://HOST:PORT/ws/v1/tasks of the daemon's live feed (docs/feed.md).
    QUrl feedUrl() const;
    void setTimeout(int ms) { m_timeoutMs = ms; }

    void listTasks(const QUuid &user, const QObject *context, Callback done);
    void createTask(const QUuid &user, const QJsonObject &task, const QObject *context, Callback done);
    void updateTask(const QUuid &user, const QString &taskId, const QJsonObject &changes, const QObject *context,
                    Callback done);
    void completeTask(const QUuid &user, const QString &taskId, const QObject *context, Callback done);
    void deleteTask(const QUuid &user, const QString &taskId, const QObject *context, Callback done);
    /// Searches the audit log with the admin token when there is one (every user's entries), else
    /// with the token for \a search.user (a user token sees only its own entries).
    void searchAudit(const AuditSearch &search, const QObject *context, Callback done);

    /// Writes the audit log's export (`GET /api/v1/audit/export`) of \a search's filters and time
    /// range in \a format ("csv" or "jsonl") to the file \a path as it arrives, so any size takes
    /// little memory; the file is replaced only once the export is complete (on an error it stays as
    /// it was). The reply's body is empty on success. Same token choice as searchAudit().
    void exportAudit(const AuditSearch &search, const QString &format, const QString &path, const QObject *context,
                     Callback done);

    /// The daemon's version, roles and outbox figures (GET /api/v1/info), with the admin token when
    /// there is one.
    void info(const QObject *context, Callback done);

    /// Admin: the delivery verifier's report over a window (GET /api/v1/verify). A verification may
    /// take a while: it waits up to two minutes. Returns the request, so that it can be aborted;
    /// null when no request went out (the callback still runs).
    QNetworkReply *verifyDelivery(const VerifyRequest &request, const QObject *context, Callback done);
    /// Admin: the outbox records the relay could never deliver (GET /api/v1/outbox/failed).
    void listFailedOutbox(int limit, const QObject *context, Callback done);
    /// Admin: every user's reminders with partition, lateness, task state and what the daemon's
    /// reminder trigger holds (GET /api/v1/admin/reminders); \a status empty for all.
    void listAllReminders(const QString &status, int limit, const QObject *context, Callback done);
    /// Admin: one user's notifications, newest first (GET /api/v1/admin/notifications).
    void listUserNotifications(const QUuid &userId, bool unreadOnly, int limit, const QObject *context, Callback done);
    /// Admin: puts failed outbox record \a seq back in line (POST /api/v1/outbox/{seq}/retry).
    void retryOutbox(qint64 seq, const QObject *context, Callback done);
    /// Admin: a stalled partition goes on from its log start, skipping the records that are gone
    /// (POST /api/v1/groups/{group}/partitions/{topic}/{partition}/acknowledge-gap).
    void acknowledgeGap(const QString &group, const QString &topic, int partition, const QObject *context,
                        Callback done);

    /// Admin: the discard marks of DLQ topic \a topic the daemon keeps for everyone
    /// (GET /api/v1/dlq/marks?topic=...).
    void listDlqMarks(const QString &topic, const QObject *context, Callback done);
    /// Admin: marks records of \a topic (partition, offset) discarded by \a by with \a note
    /// (POST /api/v1/dlq/marks/discard).
    void discardDlqRecords(const QString &topic, const QList<QPair<int, qint64>> &records, const QString &note,
                           const QString &by, const QObject *context, Callback done);
    /// Admin: removes the discard marks of records of \a topic (POST /api/v1/dlq/marks/undo).
    void undoDlqDiscard(const QString &topic, const QList<QPair<int, qint64>> &records, const QObject *context,
                        Callback done);

private:
    void send(const QByteArray &verb, const QUuid &user, const QString &path, const QByteArray &body,
              const QObject *context, Callback done);
    QNetworkReply *sendWithToken(const QByteArray &verb, const QString &token, const QString &path,
                                 const QByteArray &body, const QObject *context, Callback done, int timeoutMs = -1);

    QNetworkAccessManager *m_network;
    QUrl m_baseUrl;
    QString m_token;
    TokenProvider m_tokenProvider;
    AdminTokenProvider m_adminTokenProvider;
    int m_timeoutMs = 10000;
};

} // namespace console
} // namespace taskstream
