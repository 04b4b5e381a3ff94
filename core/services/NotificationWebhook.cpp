#include "services/NotificationWebhook.h"

#include "common/Clock.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

Q_LOGGING_CATEGORY(lcWebhook, "taskstream.notify", QtInfoMsg)

namespace taskstream::services {

NotificationWebhook::NotificationWebhook(NotificationWebhookOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_nam(new QNetworkAccessManager(this)),
      m_clock(m_options.clock ? m_options.clock : Clock::system())
{
    // Qt 6 follows redirects by default; each request says otherwise too, this is the default.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

NotificationWebhook::~NotificationWebhook() = default;

QByteArray NotificationWebhook::signature(const QByteArray &secret, qint64 unixSeconds, const QByteArray &body)
{
    const QByteArray t = QByteArray::number(unixSeconds);
    const QByteArray mac = QMessageAuthenticationCode::hash(t + '.' + body, secret, QCryptographicHash::Sha256).toHex();
    return "t=" + t + ",v1=" + mac;
}

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
    req.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    const QByteArray body = QJsonDocument(notification).toJson(QJsonDocument::Compact);
    // Signed per attempt: a retry carries its own time, so receivers can keep a tight window.
    if (!m_options.secret.isEmpty())
        req.setRawHeader(SignatureHeader, signature(m_options.secret, m_clock->nowMs() / 1000, body));
    QNetworkReply *reply = m_nam->post(req, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply, notification, number] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QString id = notification.value(QStringLiteral("id")).toString();
        const bool redirect = status >= 300 && status < 400;
        if (reply->error() == QNetworkReply::NoError && status >= 200 && status < 300) {
            --m_inFlight;
            emit finished(id, true, number, QString());
            return;
        }
        const bool retriable = !redirect && (status == 0 || status >= 500 || status == 429);
        QString why = status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString();
        if (redirect) {
            const QString location = QString::fromUtf8(reply->rawHeader("Location"));
            why = QStringLiteral("HTTP %1 redirect to '%2' refused: webhooks never follow redirects; configure the "
                                 "final URL")
                      .arg(status)
                      .arg(location.isEmpty() ? QStringLiteral("(no Location)") : location);
        }
        if (!retriable || number >= m_options.maxAttempts) {
            qCWarning(lcWebhook,
                      "webhook %s: notification %s not delivered after %d attempt(s): %s; check the receiver",
                      qPrintable(m_options.url.toDisplayString()), qPrintable(id), number, qPrintable(why));
            --m_inFlight;
            emit finished(id, false, number, why);
            return;
        }
        const int delay = int(qMin<qint64>(m_options.maxBackoffMs, qint64(m_options.initialBackoffMs) << (number - 1)));
        qCInfo(lcWebhook, "webhook attempt %d for notification %s failed (%s); next in %d ms", number, qPrintable(id),
               qPrintable(why), delay);
        QTimer::singleShot(delay, this, [this, notification, number] { attempt(notification, number + 1); });
    });
}

} // namespace taskstream::services
