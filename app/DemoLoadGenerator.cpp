#include "DemoLoadGenerator.h"

#include "DaemonClient.h"

#include <QDateTime>
#include <QJsonArray>

namespace taskstream {
namespace console {

const QList<DemoUsers::User> &DemoUsers::all()
{
    static const QList<User> users{
        {QUuid(QStringLiteral("{6f1c2d3e-4b5a-4c6d-8e7f-00000000a0a1}")), QStringLiteral("ada")},
        {QUuid(QStringLiteral("{6f1c2d3e-4b5a-4c6d-8e7f-00000000b0b2}")), QStringLiteral("grace")},
        {QUuid(QStringLiteral("{6f1c2d3e-4b5a-4c6d-8e7f-00000000c0c3}")), QStringLiteral("linus")},
    };
    return users;
}

DemoLoadGenerator::DemoLoadGenerator(DaemonClient *client, QObject *parent)
    : QObject(parent), m_client(client), m_random(quint32(QDateTime::currentMSecsSinceEpoch()))
{
    m_timer.setInterval(800);
    connect(&m_timer, &QTimer::timeout, this, &DemoLoadGenerator::step);
}

void DemoLoadGenerator::start()
{
    if (m_timer.isActive())
        return;
    m_failuresInRow = 0;
    m_timer.start();
    emit runningChanged(true);
    step();
}

void DemoLoadGenerator::stop()
{
    if (!m_timer.isActive())
        return;
    m_timer.stop();
    emit runningChanged(false);
}

void DemoLoadGenerator::step()
{
    if (m_busy || !m_client->isConfigured())
        return;
    static const QStringList titles{QStringLiteral("Water the plants"),         QStringLiteral("Review pull request"),
                                    QStringLiteral("Book train tickets"),       QStringLiteral("Call the dentist"),
                                    QStringLiteral("Write release notes"),      QStringLiteral("Plan the sprint"),
                                    QStringLiteral("Pay the electricity bill"), QStringLiteral("Back up the laptop")};
    static const QStringList priorities{QStringLiteral("Low"), QStringLiteral("Medium"), QStringLiteral("High")};
    const auto &users = DemoUsers::all();
    const DemoUsers::User &user = users.at(int(m_random.bounded(users.size())));
    QStringList &open = m_open[user.id];
    const quint32 dice = m_random.bounded(10u);
    m_busy = true;
    ++m_sent;
    auto finish = [this](const DaemonReply &r) {
        m_busy = false;
        if (r.ok()) {
            m_failuresInRow = 0;
            return;
        }
        // One message, not one per request, while the daemon stays unreachable.
        if (++m_failuresInRow == 1)
            emit problem(tr("The demo load generator's request failed: %1").arg(r.error));
    };

    if (open.size() < 3 || dice < 4) {
        QJsonObject task{{QStringLiteral("title"), titles.at(int(m_random.bounded(titles.size())))},
                         {QStringLiteral("priority"), priorities.at(int(m_random.bounded(priorities.size())))},
                         {QStringLiteral("tags"), QJsonArray{QStringLiteral("demo")}}};
        const quint32 due = m_random.bounded(4u);
        if (due == 0) {
            // Due in a few minutes with a reminder a minute before: reminders fire while one watches.
            task.insert(
                QStringLiteral("due_date"),
                QDateTime::currentDateTimeUtc().addSecs(120 + qint64(m_random.bounded(180u))).toString(Qt::ISODate));
            task.insert(QStringLiteral("remind_before_minutes"), QJsonArray{1});
        } else if (due == 1) {
            task.insert(
                QStringLiteral("due_date"),
                QDateTime::currentDateTimeUtc().addSecs(qint64(m_random.bounded(3600u * 48))).toString(Qt::ISODate));
        }
        m_client->createTask(user.id, task, this, [this, user, finish](const DaemonReply &r) {
            if (r.ok())
                m_open[user.id].append(r.body.object().value(QStringLiteral("id")).toString());
            finish(r);
        });
        return;
    }
    const int index = int(m_random.bounded(open.size()));
    const QString id = open.at(index);
    if (dice < 7) {
        const QJsonObject changes{
            {QStringLiteral("priority"), priorities.at(int(m_random.bounded(priorities.size())))},
            {QStringLiteral("description"), QStringLiteral("Updated by the demo load generator at %1")
                                                .arg(QDateTime::currentDateTimeUtc().toString(Qt::ISODate))}};
        m_client->updateTask(user.id, id, changes, this, finish);
        return;
    }
    open.removeAt(index);
    m_client->completeTask(user.id, id, this, finish);
}

} // namespace console
} // namespace taskstream
