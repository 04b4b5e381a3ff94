#include "support/DaemonProcess.h"

#include <csignal>

#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTest>

namespace testsupport {

QString DaemonProcess::binary()
{
    return QStringLiteral(TASKSTREAM_BINARY_DIR "/bin/taskstreamd");
}

QStringList DaemonProcess::fastGroupOptions()
{
    return {QStringLiteral("--kafka-property"), QStringLiteral("session.timeout.ms=6000"),
            QStringLiteral("--kafka-property"), QStringLiteral("heartbeat.interval.ms=500"),
            QStringLiteral("--kafka-property"), QStringLiteral("fetch.wait.max.ms=10")};
}

DaemonProcess::DaemonProcess() = default;

DaemonProcess::~DaemonProcess()
{
    if (isRunning()) {
        m_process->kill();
        m_process->waitForFinished(5000);
    }
}

bool DaemonProcess::start(const QStringList &args, int timeoutMs)
{
    m_http.clear();
    m_bootstrap.clear();
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    if (!m_logFile.isEmpty())
        m_process->setStandardErrorFile(m_logFile, QIODevice::Append);
    m_process->start(binary(), args);
    QByteArray &out = m_readyOutput;
    out.clear();
    const bool ready = QTest::qWaitFor(
        [&] {
            out += m_process->readAllStandardOutput();
            return (out.contains("http=") && out.endsWith('\n')) || m_process->state() == QProcess::NotRunning;
        },
        timeoutMs);
    for (const QByteArray &line : out.split('\n')) {
        if (line.startsWith("http="))
            m_http = QString::fromUtf8(line.mid(5));
        else if (line.startsWith("bootstrap.servers="))
            m_bootstrap = QString::fromUtf8(line.mid(18));
    }
    if (!ready || m_http.isEmpty()) {
        if (m_logFile.isEmpty())
            qWarning("taskstreamd did not get ready: %s", m_process->readAllStandardError().constData());
        else
            qWarning("taskstreamd did not get ready (log: %s)", qPrintable(m_logFile));
        return false;
    }
    return true;
}

bool DaemonProcess::stop(int timeoutMs)
{
    if (!isRunning())
        return false;
    m_process->terminate();
    return m_process->waitForFinished(timeoutMs) && m_process->exitStatus() == QProcess::NormalExit &&
           m_process->exitCode() == 0;
}

void DaemonProcess::terminate()
{
    if (isRunning())
        m_process->terminate();
}

bool DaemonProcess::waitForExit(int timeoutMs)
{
    return QTest::qWaitFor([this] { return !isRunning(); }, timeoutMs);
}

bool DaemonProcess::kill()
{
    if (!isRunning())
        return false;
    ::kill(pid_t(m_process->processId()), SIGKILL);
    return m_process->waitForFinished(10000) && m_process->exitStatus() == QProcess::CrashExit;
}

bool DaemonProcess::isRunning() const
{
    return m_process && m_process->state() != QProcess::NotRunning;
}

QByteArray issueToken(const QString &userId, const QString &dataDir)
{
    QProcess tok;
    tok.start(DaemonProcess::binary(),
              {QStringLiteral("token"), QStringLiteral("--user"), userId, QStringLiteral("--data-dir"), dataDir});
    if (!tok.waitForFinished(10000) || tok.exitCode() != 0)
        return {};
    return tok.readAllStandardOutput().trimmed();
}

ApiClient::ApiClient(QString baseUrl, QByteArray token) : m_base(std::move(baseUrl)), m_token(std::move(token)) {}

QJsonObject ApiClient::Reply::json() const
{
    return QJsonDocument::fromJson(body).object();
}

ApiClient::Reply ApiClient::send(const QByteArray &verb, const QString &path, const QByteArray &body)
{
    QNetworkRequest req(QUrl(m_base + path));
    if (!m_token.isEmpty())
        req.setRawHeader("Authorization", "Bearer " + m_token);
    if (!body.isNull())
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *r = m_nam.sendCustomRequest(req, verb, body);
    Reply out;
    if (QTest::qWaitFor([r] { return r->isFinished(); }, 15000)) {
        out.status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.body = r->readAll();
        out.headers = r->rawHeaderPairs();
    }
    r->deleteLater();
    return out;
}

QByteArray ApiClient::Reply::header(const QByteArray &name) const
{
    for (const auto &h : headers)
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    return {};
}

ApiClient::Reply ApiClient::get(const QString &path)
{
    return send("GET", path, QByteArray());
}

ApiClient::Reply ApiClient::post(const QString &path, const QJsonObject &body)
{
    return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

ApiClient::Reply ApiClient::patch(const QString &path, const QJsonObject &body)
{
    return send("PATCH", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

double ApiClient::metric(const QByteArray &name)
{
    const Reply r = get(QStringLiteral("/metrics"));
    for (const QByteArray &line : r.body.split('\n'))
        if (line.startsWith(name + ' '))
            return line.mid(name.size() + 1).toDouble();
    return -1;
}

} // namespace testsupport
