#pragma once

#include <deque>

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>

namespace taskstream {
namespace console {

/// One live event: a TaskChanged broadcast, a ReminderTriggered or a NotificationCreated.
struct LiveEvent
{
    qint64 timeMs = -1;
    QString type;   ///< TaskChanged, ReminderTriggered, NotificationCreated
    QString change; ///< Created, Updated, Completed, Deleted; "late"/"on time" for reminders
    QString userId;
    QString userName; ///< a display name when the user is known (the sandbox's demo users)
    QString taskId;
    QString title;          ///< the task's title: carried by TaskChanged, remembered from one for reminders
    qint64 remindAtMs = -1; ///< ReminderTriggered: when it was due
    QJsonObject event;

    /// The live event in a decoded record's CloudEvents JSON, or false when it is not one.
    static bool fromCloudEvent(const QJsonObject &event, qint64 recordTimeMs, LiveEvent *out);
};

/// The newest live events, at most capacity() of them: a ring, so memory stays bounded however
/// long the view runs. New events are appended at the bottom; the oldest leave from the top.
class LiveEventsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, TypeColumn, ChangeColumn, UserColumn, TaskColumn, TitleColumn, ColumnCount };
    enum Role {
        UserIdRole = Qt::UserRole, ///< full user id, for filtering
        TypeRole,                  ///< event type, for filtering
        EventRole,                 ///< the event's JSON
    };

    explicit LiveEventsModel(QObject *parent = nullptr);

    void setCapacity(int rows);
    int capacity() const { return m_capacity; }
    void append(const QList<LiveEvent> &events);
    /// A change type (Created, Updated, ...; "late"/"on time" for reminders) as shown, translated.
    static QString changeText(const QString &change);
    void clear();
    const LiveEvent &event(int row) const { return m_events.at(std::size_t(row)); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The title last seen for \a taskId in a TaskChanged event ("" when none was seen).
    QString knownTitle(const QString &taskId) const { return m_titles.value(taskId); }

private:
    void dropOldest(int count);

    std::deque<LiveEvent> m_events;
    /// Task id -> title from TaskChanged events: a ReminderTriggered carries no title. Bounded.
    QHash<QString, QString> m_titles;
    int m_capacity = 5000;
};

} // namespace console
} // namespace taskstream
