#pragma once

#include "common/Result.h"
#include "store/NotificationStore.h"

#include <QJsonObject>
#include <QObject>

namespace taskstream::store {
class Database;
}

namespace taskstream::services {

/// A user's notification list and preferences: reading, marking read, changing preferences.
///
/// Failures are Errors: NotFound (no such notification of this user: another user's is reported
/// like a missing one), Invalid (preferences that make no sense, with the field named), and the
/// database's own (Unavailable: nothing was changed, try again).
class NotificationService : public QObject
{
    Q_OBJECT
public:
    explicit NotificationService(store::Database *db, QObject *parent = nullptr);

    struct Listing
    {
        store::NotificationPage page;
        qint64 unread = 0; ///< all unread notifications of the user, whatever the page
    };
    Result<Listing> list(const QUuid &userId, bool unreadOnly, const std::optional<store::NotificationCursor> &after,
                         int limit);
    /// Marks one read and returns it as it is now; marking a read one again changes nothing.
    Result<store::Notification> markRead(const QUuid &userId, const QUuid &id);
    /// Marks every unread notification of the user read; how many were changed.
    Result<int> markAllRead(const QUuid &userId);

    Result<store::NotificationPreferences> preferences(const QUuid &userId);
    /// Applies the fields \a patch names (see docs/notifications.md) and returns the result.
    Result<store::NotificationPreferences> updatePreferences(const QUuid &userId, const QJsonObject &patch);

private:
    store::Database *m_db;
};

} // namespace taskstream::services
