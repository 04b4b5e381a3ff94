#include "DaemonClient.h"

#include <memory>

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSaveFile>
#include <QUrlQuery>

namespace taskstream {
namespace console {

DaemonClient::DaemonClient(QObject *parent) : QObject(parent), m_network(new QNetworkAccessManager(this)) {}

void DaemonClient::setEndpoint(const QUrl &baseUrl, const QString &token)
{
    m_baseUrl = baseUrl;
    m_token = token.trimmed();
}

void DaemonClient::setTokenProvider(TokenProvider provider)
{
    m_tokenProvider = std::move(provider);
}

void DaemonClient::setAdminTokenProvider(AdminTokenProvider provider)
{
    m_adminTokenProvider = std::move(provider);
}

bool DaemonClient::isAdminConfigured() const
{
    return m_baseUrl.isValid() && !m_baseUrl.host().isEmpty() && (m_adminTokenProvider || !m_token.isEmpty());
}

bool DaemonClient::isConfigured() const
{
    return m_baseUrl.isValid() && !m_baseUrl.host().isEmpty() && (m_tokenProvider || !m_token.isEmpty());
}

QString DaemonClient::tokenFor(const QUuid &user) const
{
    return m_tokenProvider ? m_tokenProvider(user) : m_token;
}

QUrl DaemonClient::feedUrl() const
{
    QUrl url = m_baseUrl;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss") : QStringLiteral("ws"));
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QStringLiteral("/ws/v1/tasks"));
    return url;
}

void DaemonClient::listTasks(const QUuid &user, const QObject *context, Callback done)
{
    // With one token per user (the sandbox) the token says whose tasks; a fixed token may be an
    // admin's, which lists any user's tasks with user_id.
    QString path = QStringLiteral("/api/v1/tasks?limit=500");
    if (!m_tokenProvider && !user.isNull())
        path += QStringLiteral("&user_id=") + user.toString(QUuid::WithoutBraces);
    send("GET", user, path, {}, context, std::move(done));
}

void DaemonClient::createTask(const QUuid &user, const QJsonObject &task, const QObject *context, Callback done)
{
    send("POST", user, QStringLiteral("/api/v1/tasks"), QJsonDocument(task).toJson(QJsonDocument::Compact), context,
         std::move(done));
}

void DaemonClient::updateTask(const QUuid &user, const QString &taskId, const QJsonObject &changes,
                              const QObject *context, Callback done)
{
    send("PATCH", user, QStringLiteral("/api/v1/tasks/") + taskId,
         QJsonDocument(changes).toJson(QJsonDocument::Compact), context, std::move(done));
}

void DaemonClient::completeTask(const QUuid &user, const QString &taskId, const QObject *context, Callback done)
{
    send("POST", user, QStringLiteral("/api/v1/tasks/%1/complete").arg(taskId), {}, context, std::move(done));
}

void DaemonClient::deleteTask(const QUuid &user, const QString &taskId, const QObject *context, Callback done)
{
    send("DELETE", user, QStringLiteral("/api/v1/tasks/") + taskId, {}, context, std::move(done));
}

void DaemonClient::searchAudit(const AuditSearch &search, const QObject *context, Callback done)
{
    const QString token = m_adminTokenProvider ? m_adminTokenProvider() : tokenFor(search.user);
    sendWithToken("GET", token, QStringLiteral("/api/v1/audit?") + search.toQueryString(), {}, context,
                  std::move(done));
}

void AuditSearch::addFilters(QUrlQuery &query, const QString &fromKey, const QString &toKey) const
{
    if (!user.isNull())
        query.addQueryItem(QStringLiteral("user"), user.toString(QUuid::WithoutBraces));
    if (!task.isNull())
        query.addQueryItem(QStringLiteral("task"), task.toString(QUuid::WithoutBraces));
    if (!type.isEmpty())
        query.addQueryItem(QStringLiteral("type"), type);
    if (from.isValid())
        query.addQueryItem(fromKey, from.toUTC().toString(Qt::ISODateWithMs));
    if (to.isValid())
        query.addQueryItem(toKey, to.toUTC().toString(Qt::ISODateWithMs));
    if (!actor.isEmpty())
        query.addQueryItem(QStringLiteral("actor"), actor);
    if (!source.isEmpty())
        query.addQueryItem(QStringLiteral("source"), source);
}

QString AuditSearch::toQueryString() const
{
    QUrlQuery query;
    addFilters(query, QStringLiteral("from"), QStringLiteral("to"));
    if (!text.isEmpty())
        query.addQueryItem(QStringLiteral("q"), text);
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!cursor.isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), cursor);
    // Encoded here, so a '+' or '&' in the words reaches the daemon as typed.
    return query.toString(QUrl::FullyEncoded);
}

QString AuditSearch::toExportQueryString(const QString &format) const
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("format"), format);
    addFilters(query, QStringLiteral("since"), QStringLiteral("until"));
    return query.toString(QUrl::FullyEncoded);
}

void DaemonClient::exportAudit(const AuditSearch &search, const QString &format, const QString &path,
                               const QObject *context, Callback done)
{
    const QString token = m_adminTokenProvider ? m_adminTokenProvider() : tokenFor(search.user);
    auto fail = [context, done](const QString &error) {
        DaemonReply r;
        r.error = error;
        QMetaObject::invokeMethod(
            const_cast<QObject *>(context), [done, r] { done(r); }, Qt::QueuedConnection);
    };
    if (!m_baseUrl.isValid() || m_baseUrl.host().isEmpty() || token.isEmpty()) {
        fail(tr("No daemon API is set: enter its URL and a token, or start the embedded sandbox."));
        return;
    }
    auto file = std::make_shared<QSaveFile>(path);
    if (!file->open(QIODevice::WriteOnly)) {
        fail(tr("Cannot write %1: %2. Choose another file.").arg(path, file->errorString()));
        return;
    }
    QUrl url = m_baseUrl;
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + QStringLiteral("/api/v1/audit/export"));
    url.setQuery(search.toExportQueryString(format));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("X-Taskstream-Client", "console");
    // A pause of this long without data fails the export; its length does not.
    request.setTransferTimeout(m_timeoutMs);
    QNetworkReply *reply = m_network->get(request);
    auto problemBody = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::readyRead, this, [reply, file, problemBody] {
        // The body goes to the file as it comes; an error's problem+json is small and kept.
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() == 200)
            file->write(reply->readAll());
        else
            *problemBody += reply->readAll().left(64 * 1024 - problemBody->size());
    });
    QPointer<const QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, file, problemBody, guard, done = std::move(done)] {
        reply->deleteLater();
        DaemonReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (r.status == 200 && reply->error() == QNetworkReply::NoError) {
            file->write(reply->readAll());
            if (!file->commit())
                r.error = tr("Cannot write %1: %2. Choose another file.").arg(file->fileName(), file->errorString());
        } else {
            file->cancelWriting();
            *problemBody += reply->readAll();
            r.body = QJsonDocument::fromJson(*problemBody);
            const QString detail = r.body.object().value(QStringLiteral("detail")).toString();
            if (r.status == 0)
                r.error =
                    tr("The daemon did not answer (%1). Check its URL and that it runs.").arg(reply->errorString());
            else if (r.status == 200)
                r.error =
                    tr("The export broke off (%1); the file was not written. Export again.").arg(reply->errorString());
            else
                r.error = tr("The daemon answered %1: %2")
                              .arg(r.status)
                              .arg(detail.isEmpty() ? reply->errorString() : detail);
            if (r.status == 200)
                r.status = 0;
        }
        if (guard)
            done(r);
    });
}

void DaemonClient::info(const QObject *context, Callback done)
{
    sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token, QStringLiteral("/api/v1/info"), {},
                  context, std::move(done));
}

QString VerifyRequest::toQueryString() const
{
    QUrlQuery query;
    if (!since.trimmed().isEmpty())
        query.addQueryItem(QStringLiteral("since"), since.trimmed());
    if (!until.trimmed().isEmpty())
        query.addQueryItem(QStringLiteral("until"), until.trimmed());
    if (!group.isEmpty())
        query.addQueryItem(QStringLiteral("group"), group);
    if (settleSeconds >= 0)
        query.addQueryItem(QStringLiteral("settle_seconds"), QString::number(settleSeconds));
    // Encoded here, so the '+' of a time's offset reaches the daemon as typed.
    return query.toString(QUrl::FullyEncoded);
}

QNetworkReply *DaemonClient::verifyDelivery(const VerifyRequest &request, const QObject *context, Callback done)
{
    const QString query = request.toQueryString();
    return sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                         QStringLiteral("/api/v1/verify") + (query.isEmpty() ? QString() : QLatin1Char('?') + query),
                         {}, context, std::move(done), 120000);
}

void DaemonClient::listFailedOutbox(int limit, const QObject *context, Callback done)
{
    sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                  QStringLiteral("/api/v1/outbox/failed?limit=%1").arg(limit), {}, context, std::move(done));
}

void DaemonClient::listAllReminders(const QString &status, int limit, const QObject *context, Callback done)
{
    QString path = QStringLiteral("/api/v1/admin/reminders?limit=%1").arg(limit);
    if (!status.isEmpty())
        path += QStringLiteral("&status=") + QString::fromLatin1(QUrl::toPercentEncoding(status));
    sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token, path, {}, context, std::move(done));
}

void DaemonClient::listUserNotifications(const QUuid &userId, bool unreadOnly, int limit, const QObject *context,
                                         Callback done)
{
    const QString path = QStringLiteral("/api/v1/admin/notifications?user=%1&limit=%2&unread=%3")
                             .arg(userId.toString(QUuid::WithoutBraces))
                             .arg(limit)
                             .arg(unreadOnly ? QStringLiteral("true") : QStringLiteral("false"));
    sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token, path, {}, context, std::move(done));
}

void DaemonClient::retryOutbox(qint64 seq, const QObject *context, Callback done)
{
    sendWithToken("POST", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                  QStringLiteral("/api/v1/outbox/%1/retry").arg(seq), {}, context, std::move(done));
}

namespace {
QByteArray marksBody(const QString &topic, const QList<QPair<int, qint64>> &records, const QString &note,
                     const QString &by)
{
    QJsonArray list;
    for (const auto &r : records)
        list.append(QJsonObject{{QStringLiteral("partition"), r.first}, {QStringLiteral("offset"), r.second}});
    QJsonObject body{{QStringLiteral("topic"), topic}, {QStringLiteral("records"), list}};
    if (!note.isEmpty())
        body.insert(QStringLiteral("note"), note);
    if (!by.isEmpty())
        body.insert(QStringLiteral("by"), by);
    return QJsonDocument(body).toJson(QJsonDocument::Compact);
}
} // namespace

void DaemonClient::listDlqMarks(const QString &topic, const QObject *context, Callback done)
{
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("topic"), topic);
    sendWithToken("GET", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                  QStringLiteral("/api/v1/dlq/marks?") + query.toString(QUrl::FullyEncoded), {}, context,
                  std::move(done));
}

void DaemonClient::discardDlqRecords(const QString &topic, const QList<QPair<int, qint64>> &records,
                                     const QString &note, const QString &by, const QObject *context, Callback done)
{
    sendWithToken("POST", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                  QStringLiteral("/api/v1/dlq/marks/discard"), marksBody(topic, records, note, by), context,
                  std::move(done));
}

void DaemonClient::undoDlqDiscard(const QString &topic, const QList<QPair<int, qint64>> &records,
                                  const QObject *context, Callback done)
{
    sendWithToken("POST", m_adminTokenProvider ? m_adminTokenProvider() : m_token,
                  QStringLiteral("/api/v1/dlq/marks/undo"), marksBody(topic, records, {}, {}), context,
                  std::move(done));
}

void DaemonClient::acknowledgeGap(const QString &group, const QString &topic, int partition, const QObject *context,
                                  Callback done)
{
    const QString path = QStringLiteral("/api/v1/groups/%1/partitions/%2/%3/acknowledge-gap")
                             .arg(QString::fromLatin1(QUrl::toPercentEncoding(group)),
                                  QString::fromLatin1(QUrl::toPercentEncoding(topic)))
                             .arg(partition);
    sendWithToken("POST", m_adminTokenProvider ? m_adminTokenProvider() : m_token, path, {}, context, std::move(done));
}

void DaemonClient::send(const QByteArray &verb, const QUuid &user, const QString &path, const QByteArray &body,
                        const QObject *context, Callback done)
{
    sendWithToken(verb, tokenFor(user), path, body, context, std::move(done));
}

QNetworkReply *DaemonClient::sendWithToken(const QByteArray &verb, const QString &token, const QString &path,
                                           const QByteArray &body, const QObject *context, Callback done, int timeoutMs)
{
    if (!m_baseUrl.isValid() || m_baseUrl.host().isEmpty() || token.isEmpty()) {
        DaemonReply r;
        r.error = tr("No daemon API is set: enter its URL and a token, or start the embedded sandbox.");
        QMetaObject::invokeMethod(
            const_cast<QObject *>(context), [done, r] { done(r); }, Qt::QueuedConnection);
        return nullptr;
    }
    QUrl url = m_baseUrl;
    const int q = path.indexOf(QLatin1Char('?'));
    QString basePath = url.path();
    while (basePath.endsWith(QLatin1Char('/')))
        basePath.chop(1);
    url.setPath(basePath + (q < 0 ? path : path.left(q)));
    if (q >= 0)
        url.setQuery(path.mid(q + 1));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("X-Taskstream-Client", "console");
    if (!body.isEmpty())
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setTransferTimeout(timeoutMs > 0 ? timeoutMs : m_timeoutMs);
    QNetworkReply *reply = m_network->sendCustomRequest(request, verb, body);
    QPointer<const QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [reply, guard, done = std::move(done)] {
        reply->deleteLater();
        if (!guard)
            return;
        DaemonReply r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QByteArray data = reply->isOpen() ? reply->readAll() : QByteArray(); // closed once aborted
        if (!data.isEmpty())
            r.body = QJsonDocument::fromJson(data);
        bool retryOk = false;
        const int retryAfter = reply->rawHeader("Retry-After").trimmed().toInt(&retryOk);
        if (retryOk && retryAfter >= 0)
            r.retryAfterSeconds = retryAfter;
        if (!r.ok()) {
            const QString detail = r.body.object().value(QStringLiteral("detail")).toString();
            if (r.status == 0)
                r.error =
                    tr("The daemon did not answer (%1). Check its URL and that it runs.").arg(reply->errorString());
            else if (r.status == 401)
                r.error = tr("The daemon refused the token (%1). Enter a valid token.").arg(detail);
            else
                r.error = tr("The daemon answered %1: %2")
                              .arg(r.status)
                              .arg(detail.isEmpty() ? reply->errorString() : detail);
        }
        done(r);
    });
    return reply;
}

} // namespace console
} // namespace taskstream
