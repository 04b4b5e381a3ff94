#pragma once

#include <QJsonObject>
#include <QObject>
#include <QUrl>

class QNetworkAccessManager;

namespace taskstream::services {

struct NotificationWebhookOptions
{
    QUrl url;
    int maxAttempts = 5;         ///< attempts per notification, the first included
    int initialBackoffMs = 1000; ///< doubles after each failed attempt
    int maxBackoffMs = 60000;
    int timeoutMs = 10000; ///< per attempt
};

/// Posts notifications as JSON to a webhook URL: bounded attempts with exponential backoff on
/// network errors, 5xx and 429; other 4xx answers are final. Delivery is best effort (a pending
/// retry is lost when the process stops); the stored notification is the record of truth.
class NotificationWebhook : public QObject
{
    Q_OBJECT
public:
    explicit NotificationWebhook(NotificationWebhookOptions options, QObject *parent = nullptr);
    ~NotificationWebhook() override;

    void send(const QJsonObject &notification);
    int inFlight() const { return m_inFlight; }

signals:
    /// Final outcome for one notification: \a ok after a 2xx, else after the last attempt.
    void finished(const QString &notificationId, bool ok, int attempts);

private:
    void attempt(const QJsonObject &notification, int number);

    NotificationWebhookOptions m_options;
    QNetworkAccessManager *m_nam;
    int m_inFlight = 0;
};

} // namespace taskstream::services
