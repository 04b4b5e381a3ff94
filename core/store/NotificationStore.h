#pragma once

#include "common/Result.h"
#include "store/ReminderStore.h"

#include <optional>

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUuid>

namespace taskstream::store {

class Database;

/// How a user wants to be notified. Without a stored row every channel is on and there are no
/// quiet hours.
struct NotificationPreferences
{
    bool inApp = true;   ///< stored in the in-app list and sent over the live feed
    bool webhook = true; ///< posted to the operator's webhook (when one is configured)
    bool email = true;   ///< mailed to emailAddress (when one is set and a relay is configured)
    QString emailAddress;
    /// Quiet hours as minutes of the day (0..1439) in the user's time zone; start == end or
    /// unset: none. The range may wrap midnight (22:00-07:00).
    std::optional<int> quietStartMinute;
    std::optional<int> quietEndMinute;
    std::optional<QDateTime> updatedAt; ///< unset: the defaults, never saved

    bool hasQuietHours() const { return quietStartMinute && quietEndMinute && *quietStartMinute != *quietEndMinute; }
    /// Whether \a minuteOfDay (in the user's zone) falls in the quiet hours: [start, end).
    bool isQuietAt(int minuteOfDay) const;
    /// The API's view: {"channels": {"in_app", "webhook", "email"}, "email_address",
    /// "quiet_hours": {"start": "HH:MM", "end": "HH:MM"} or null, "updated_at"}.
    QJsonObject toJson() const;
};

/// Where a listing continues: the (created_at, id) of the last notification of the previous page.
struct NotificationCursor
{
    qint64 createdAtMs = 0;
    QUuid id;

    QString toString() const;
    /// False for text this store did not issue.
    static bool parse(const QString &text, NotificationCursor *cursor);
};

/// One page of a user's notifications, newest first.
struct NotificationPage
{
    QList<Notification> items;
    std::optional<NotificationCursor> next; ///< unset: this was the last page
};

/// SQL for a user's notification list and preferences. No call opens a transaction of its own.
/// Marking read is conditional (WHERE read = 0), so a repeat changes nothing and keeps read_at.
class NotificationStore
{
public:
    explicit NotificationStore(Database *db) : m_db(db) {}

    /// Inserts unless a notification with this id exists; true when it was inserted.
    Result<bool> insert(const Notification &notification);
    /// \a userId's notifications, newest first, after \a after when given; unread ones only when asked.
    Result<NotificationPage> list(const QUuid &userId, bool unreadOnly, const std::optional<NotificationCursor> &after,
                                  int limit);
    /// The notification \a id when it is \a userId's.
    Result<std::optional<Notification>> find(const QUuid &userId, const QUuid &id);
    /// Marks one of \a userId's notifications read; rows changed (0: unknown, another user's, or read already).
    Result<int> markRead(const QUuid &userId, const QUuid &id, const QDateTime &at);
    /// Marks every unread notification of \a userId read; rows changed.
    Result<int> markAllRead(const QUuid &userId, const QDateTime &at);
    Result<qint64> unreadCount(const QUuid &userId);

    Result<NotificationPreferences> preferences(const QUuid &userId);
    Result<void> savePreferences(const QUuid &userId, const NotificationPreferences &preferences);

private:
    Database *m_db;
};

} // namespace taskstream::store
