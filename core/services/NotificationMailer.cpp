#include "services/NotificationMailer.h"

#include <mutex>

#include <QLocale>
#include <QLoggingCategory>
#include <QUuid>

#include <curl/curl.h>

Q_LOGGING_CATEGORY(lcMailer, "taskstream.notify", QtInfoMsg)

namespace taskstream::services {

namespace {
struct Upload
{
    QByteArray data;
    qsizetype sent = 0;
};

size_t readBody(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *u = static_cast<Upload *>(userdata);
    const size_t n = qMin<size_t>(size * count, size_t(u->data.size() - u->sent));
    memcpy(buffer, u->data.constData() + u->sent, n);
    u->sent += qsizetype(n);
    return n;
}

int progress(void *clientp, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    return static_cast<std::atomic<bool> *>(clientp)->load() ? 1 : 0; // non-zero aborts the transfer
}

/// A header's text as an RFC 2047 encoded word when it is not plain ASCII (and never with a line break).
QByteArray headerText(const QString &text)
{
    QString oneLine = text;
    oneLine.replace(QLatin1Char('\r'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    bool ascii = true;
    for (QChar c : std::as_const(oneLine))
        ascii = ascii && c.unicode() >= 0x20 && c.unicode() < 0x7f;
    if (ascii)
        return oneLine.toLatin1();
    return "=?UTF-8?B?" + oneLine.toUtf8().toBase64() + "?=";
}

QString bodyText(const QJsonObject &n)
{
    const QJsonObject body = n.value(QStringLiteral("body")).toObject();
    const QString title = n.value(QStringLiteral("title")).toString();
    if (n.value(QStringLiteral("kind")).toString() == QLatin1String("reminder"))
        return QStringLiteral("Reminder: %1\n\nDue at %2 (UTC).%3\n")
            .arg(title, body.value(QStringLiteral("remind_at")).toString(),
                 body.value(QStringLiteral("late")).toBool() ? QStringLiteral(" It fired late.") : QString());
    return QStringLiteral("Your task \"%1\" was %2 by %3.\n")
        .arg(title, body.value(QStringLiteral("change")).toString(),
             body.value(QStringLiteral("changed_by")).toString());
}
} // namespace

NotificationMailer::NotificationMailer(NotificationMailerOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options))
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

NotificationMailer::~NotificationMailer() = default;

QByteArray NotificationMailer::message(const QString &from, const QString &to, const QJsonObject &n,
                                       const QDateTime &date)
{
    const QString kind = n.value(QStringLiteral("kind")).toString();
    const QString subject =
        (kind == QLatin1String("reminder") ? QStringLiteral("Reminder: %1") : QStringLiteral("Task changed: %1"))
            .arg(n.value(QStringLiteral("title")).toString());
    QByteArray m;
    m += "Date: " + QLocale::c().toString(date.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() +
         " +0000\r\n";
    m += "From: <" + headerText(from) + ">\r\n";
    m += "To: <" + headerText(to) + ">\r\n";
    m += "Subject: " + headerText(subject) + "\r\n";
    m += "Message-ID: <" + n.value(QStringLiteral("id")).toString().toLatin1() + "@taskstream>\r\n";
    m += "Auto-Submitted: auto-generated\r\n";
    m += "MIME-Version: 1.0\r\n";
    m += "Content-Type: text/plain; charset=UTF-8\r\n";
    m += "Content-Transfer-Encoding: base64\r\n\r\n";
    const QByteArray body = bodyText(n).toUtf8().toBase64();
    for (qsizetype i = 0; i < body.size(); i += 76)
        m += body.mid(i, 76) + "\r\n";
    return m;
}

void NotificationMailer::send(const QString &address, const QJsonObject &notification)
{
    const QString id = notification.value(QStringLiteral("id")).toString();
    auto fail = [&](const QString &why) {
        qCWarning(lcMailer, "mail of notification %s not sent: %s", qPrintable(id), qPrintable(why));
        emit finished(id, false, why);
    };
    if (address.contains(QLatin1Char('\r')) || address.contains(QLatin1Char('\n')) ||
        address.contains(QLatin1Char('<')) || address.contains(QLatin1Char('>')))
        return fail(QStringLiteral("'%1' is not a plain address").arg(address.simplified()));
    if (m_aborted.load())
        return fail(QStringLiteral("stopping"));

    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), &curl_easy_cleanup);
    if (!curl)
        return fail(QStringLiteral("libcurl could not make a handle"));
    Upload upload{message(m_options.from, address, notification, QDateTime::currentDateTimeUtc()), 0};
    const QByteArray url = m_options.relay.toString(QUrl::FullyEncoded).toUtf8();
    const QByteArray from = "<" + m_options.from.toUtf8() + ">";
    const QByteArray to = "<" + address.toUtf8() + ">";
    const QByteArray user = m_options.user.toUtf8();
    const QByteArray password = m_options.password.toUtf8();
    const QByteArray caFile = m_options.caFile.toUtf8();
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt(curl_slist_append(nullptr, to.constData()),
                                                                     &curl_slist_free_all);
    char errorText[CURL_ERROR_SIZE] = {};
    CURL *h = curl.get();
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorText);
    curl_easy_setopt(h, CURLOPT_URL, url.constData());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, long(m_options.timeoutMs));
    curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(h, CURLOPT_READFUNCTION, &readBody);
    curl_easy_setopt(h, CURLOPT_READDATA, &upload);
    curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &progress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &m_aborted);
    // Credentials never cross the network in clear text: with them, STARTTLS is required.
    curl_easy_setopt(h, CURLOPT_USE_SSL, user.isEmpty() ? long(CURLUSESSL_TRY) : long(CURLUSESSL_ALL));
    if (!user.isEmpty()) {
        curl_easy_setopt(h, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(h, CURLOPT_PASSWORD, password.constData());
    }
    if (!caFile.isEmpty())
        curl_easy_setopt(h, CURLOPT_CAINFO, caFile.constData());
    const CURLcode rc = curl_easy_perform(h);
    if (rc != CURLE_OK) {
        long smtpCode = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &smtpCode);
        QString why = QString::fromUtf8(errorText[0] ? errorText : curl_easy_strerror(rc));
        if (smtpCode)
            why += QStringLiteral(" (SMTP %1)").arg(smtpCode);
        return fail(QStringLiteral("%1 (to %2; check the SMTP relay, --smtp-url)").arg(why, address));
    }
    emit finished(id, true, QString());
}

} // namespace taskstream::services
