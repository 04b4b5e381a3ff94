#include "services/NotificationWebhook.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

Q_LOGGING_CATEGORY(lcWebhook, "taskstream.notify", QtInfoMsg)

namespace taskstream::services {

NotificationWebhook::NotificationWebhook(NotificationWebhookOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_nam(new QNetworkAccessManager(this))
{
}

NotificationWebhook::~NotificationWebhook() = default;

void NotificationWebhook::send(const QJsonObject &notification)
{
    if (!m_options.url.isValid() || m_options.url.isEmpty())
        return;
    ++m_inFlight;
    attempt(notification, 1);
}

void NotificationWebhook::attempt(const QJsonObject &notification, int number)
{
    QNetworkRequest req(m_options.url);
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(m_options.timeoutMs);
    QNetworkReply *reply = m_nam->post(req, QJsonDocument(notification).toJson(QJsonDocument::Compact));
    connect(reply, &QNetworkReply::finished, this, [this, reply, notification, number] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString id = notification.value(QStringLiteral("id")).toString();
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            --m_inFlight;
            emit finished(id, true, number);
            return;
        }
        const bool retriable = status == 0 || status >= 500 || status == 429;
        const QString why = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        if (!retriable || number >= m_options.maxAttempts) {
            qCWarning(lcWebhook,
                      "webhook %s: notification %s not delivered after %d attempt(s): %s; check the receiver",
                      qPrintable(m_options.url.toDisplayString()), qPrintable(id), number, qPrintable(why));
            --m_inFlight;
            emit finished(id, false, number);
            return;
        }
        const int delay = int(qMin<qint64>(m_options.maxBackoffMs, qint64(m_options.initialBackoffMs) << (number - 1)));
        qCInfo(lcWebhook, "webhook attempt %d for notification %s failed (%s); next in %d ms", number, qPrintable(id),
               qPrintable(why), delay);
        QTimer::singleShot(delay, this, [this, notification, number] { attempt(notification, number + 1); });
    });
}

} // namespace taskstream::services
