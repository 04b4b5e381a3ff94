#pragma once

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QStringList>
#include <QTimer>
#include <QUuid>

namespace taskstream {
namespace console {

class DaemonClient;

/// A few demo users and their display names: the sandbox's load generator and the tasks view use them.
struct DemoUsers
{
    struct User
    {
        QUuid id;
        QString name;
    };
    static const QList<User> &all();
};

/// Creates, updates and completes tasks of the demo users through the daemon's API at a modest
/// rate, so the sandbox's topics, groups and live view have something to show. One request at a
/// time: a slow daemon slows the generator down instead of piling requests up.
class DemoLoadGenerator : public QObject
{
    Q_OBJECT
public:
    explicit DemoLoadGenerator(DaemonClient *client, QObject *parent = nullptr);

    void setInterval(int ms) { m_timer.setInterval(ms); }
    bool isRunning() const { return m_timer.isActive(); }
    quint64 requestsSent() const { return m_sent; }

public slots:
    void start();
    void stop();

signals:
    void runningChanged(bool running);
    /// A request failed: one line for the message bar. The generator keeps going.
    void problem(const QString &message);

private:
    void step();

    DaemonClient *m_client;
    QTimer m_timer;
    QRandomGenerator m_random;
    QHash<QUuid, QStringList> m_open; ///< user -> ids of their open tasks created here
    bool m_busy = false;
    quint64 m_sent = 0;
    int m_failuresInRow = 0;
};

} // namespace console
} // namespace taskstream
