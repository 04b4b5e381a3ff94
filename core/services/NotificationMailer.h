#pragma once

#include <atomic>

#include <QDateTime>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

namespace taskstream::services {

struct NotificationMailerOptions
{
    /// The SMTP relay: smtp://host[:port] (STARTTLS when offered; required when credentials are
    /// set) or smtps://host[:port] (TLS from the start).
    QUrl relay;
    QString from; ///< the sender address, e.g. taskstream@example.com
    QString user; ///< SMTP AUTH; empty: none
    QString password;
    int timeoutMs = 30000; ///< per message, connection included
    QString caFile;        ///< PEM bundle for the relay's certificate; empty: the system's
};

/// Mails notifications through an SMTP relay with libcurl. It lives on a thread of its own:
/// send() runs one SMTP session per message there, bounded by the timeout, so no event loop of
/// the notifier or the node ever waits on a relay. Delivery is best effort, like the webhook's:
/// one attempt, a failure is logged with its reason; the stored notification is the record.
class NotificationMailer : public QObject
{
    Q_OBJECT
public:
    explicit NotificationMailer(NotificationMailerOptions options, QObject *parent = nullptr);
    ~NotificationMailer() override;

    /// Sends \a notification (its JSON: id, kind, title, body, created_at) to \a address. Call it
    /// through a queued connection or invokeMethod: it blocks its thread for the session.
    void send(const QString &address, const QJsonObject &notification);
    /// Makes a session in progress (and every later one) give up at once; thread-safe.
    void abort() { m_aborted.store(true); }

    /// The RFC 5322 message for \a notification (headers with CRLF, UTF-8 text body in base64).
    static QByteArray message(const QString &from, const QString &to, const QJsonObject &notification,
                              const QDateTime &date);

signals:
    /// One message's outcome: \a reason says why it was not accepted (empty when it was).
    void finished(const QString &notificationId, bool ok, const QString &reason);

private:
    NotificationMailerOptions m_options;
    std::atomic<bool> m_aborted{false};
};

} // namespace taskstream::services
