#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace taskstream {
class Clock;
}

namespace taskstream::services {

struct NotificationWebhookOptions
{
    QUrl url;
    /// HMAC-SHA256 key of the X-Taskstream-Signature header; empty: requests are not signed.
    QByteArray secret;
    int maxAttempts = 5;         ///< attempts per notification, the first included
    int initialBackoffMs = 1000; ///< doubles after each failed attempt
    int maxBackoffMs = 60000;
    int timeoutMs = 10000; ///< per attempt
    /// The signature's timestamp; null: the system clock.
    Clock *clock = nullptr;
};

/// Posts notifications as JSON to a webhook URL: bounded attempts with exponential backoff on
/// network errors, 5xx and 429; other 4xx answers are final. Redirects are never followed: a 3xx
/// answer is a final failure that names its Location (a receiver that moved is configured anew,
/// a signed body is never handed to a host nobody configured). Delivery is best effort (a pending
/// retry is lost when the process stops); the stored notification is the record of truth.
///
/// With a secret, each attempt carries X-Taskstream-Signature: t=<unix seconds>,v1=<hex of
/// HMAC-SHA256(secret, "<t>.<body>")> (docs/notifications.md): receivers recompute it over the raw
/// body and refuse a stale t, so a captured request cannot be replayed later.
class NotificationWebhook : public QObject
{
    Q_OBJECT
public:
    explicit NotificationWebhook(NotificationWebhookOptions options, QObject *parent = nullptr);
    ~NotificationWebhook() override;

    void send(const QJsonObject &notification);
    int inFlight() const { return m_inFlight; }

    /// The X-Taskstream-Signature value for \a body sent at \a unixSeconds.
    static QByteArray signature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body);
    static constexpr const char SignatureHeader[] = "X-Taskstream-Signature";

signals:
    /// Final outcome for one notification: \a ok after a 2xx, else after the last attempt, with
    /// \a reason saying why it failed (empty when delivered).
    void finished(const QString &notificationId, bool ok, int attempts, const QString &reason);

private:
    void attempt(const QJsonObject &notification, int number);

    NotificationWebhookOptions m_options;
    QNetworkAccessManager *m_nam;
    Clock *m_clock;
    int m_inFlight = 0;
};

} // namespace taskstream::services
