#pragma once
// taskstreamd as a child process, as operators run it: started with command-line options, ready
// once it printed its `bootstrap.servers=` and `http=` lines, stopped with SIGTERM (or killed).
// With an API client for its HTTP endpoints.

#include <memory>

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace testsupport {

/// One taskstreamd process.
class DaemonProcess
{
public:
    /// The daemon built with the tests.
    static QString binary();
    /// Options that make consumer groups quick on the embedded broker: it holds a rebalance's
    /// JoinGroups for the session timeout less a second, and notices a killed member only when its
    /// session expires, so the default 45 s would stall every group that long after each start
    /// and each kill.
    static QStringList fastGroupOptions();

    DaemonProcess();
    ~DaemonProcess();

    /// From the next start on, the daemon's standard error is appended to \a path (a log that
    /// stays for a look after the test) instead of being kept for process().
    void setLogFile(const QString &path) { m_logFile = path; }

    /// Starts `taskstreamd ARGS` and waits for its ready lines; false (with the daemon's standard
    /// error, or its log file, in the warning) when it exits or does not get ready in time.
    bool start(const QStringList &args, int timeoutMs = 60000);
    /// SIGTERM, then waits for the exit; true for a clean exit 0 within \a timeoutMs.
    bool stop(int timeoutMs = 30000);
    /// SIGTERM without waiting: the caller's event loop goes on while the daemon shuts down.
    void terminate();
    /// Runs the event loop until the daemon exited; false when it still runs after \a timeoutMs.
    bool waitForExit(int timeoutMs);
    /// SIGKILL: no graceful shutdown, nothing flushed.
    bool kill();

    QProcess *process() const { return m_process.get(); }
    bool isRunning() const;
    QString httpUrl() const { return m_http; }
    QString bootstrapServers() const { return m_bootstrap; }
    /// What the daemon printed on standard output up to and including its ready lines.
    QByteArray readyOutput() const { return m_readyOutput; }

private:
    std::unique_ptr<QProcess> m_process;
    QString m_http;
    QString m_bootstrap;
    QByteArray m_readyOutput;
    QString m_logFile;
};

/// A token for \a userId signed with the secret in \a dataDir (`taskstreamd token`); empty on failure.
QByteArray issueToken(const QString &userId, const QString &dataDir);

/// Calls a daemon's HTTP API with a bearer token, waiting for each answer.
class ApiClient
{
public:
    explicit ApiClient(QString baseUrl = QString(), QByteArray token = QByteArray());
    void setBaseUrl(const QString &url) { m_base = url; }
    void setToken(const QByteArray &token) { m_token = token; }

    struct Reply
    {
        int status = 0; ///< 0 when no answer came
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        QJsonObject json() const;
        /// A response header's value (case-insensitive name); empty when absent.
        QByteArray header(const QByteArray &name) const;
    };
    Reply get(const QString &path);
    Reply post(const QString &path, const QJsonObject &body);
    Reply patch(const QString &path, const QJsonObject &body);
    /// A gauge or counter without labels from /metrics; -1 when absent.
    double metric(const QByteArray &name);

private:
    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body);

    QNetworkAccessManager m_nam;
    QString m_base;
    QByteArray m_token;
};

} // namespace testsupport
