#pragma once

#include "common/Result.h"

#include <optional>

#include <QDateTime>
#include <QString>
#include <QTimeZone>
#include <QUuid>

namespace taskstream::store {

class Database;

/// A user's settings as stored (table user_settings). Unset fields take the daemon's defaults.
struct UserSettings
{
    std::optional<QString> timeZone; ///< an IANA name QTimeZone knows, e.g. "Europe/Berlin"
    std::optional<QDateTime> updatedAt;
};

/// SQL for user_settings. Opens no transaction of its own.
class UserSettingsStore
{
public:
    explicit UserSettingsStore(Database *db) : m_db(db) {}

    /// The user's settings; every field unset when the user never stored any.
    Result<UserSettings> find(const QUuid &userId);
    /// Stores \a settings for the user (inserts or replaces the row).
    Result<void> put(const QUuid &userId, const UserSettings &settings, const QDateTime &at);

    /// The zone recurrence and reminders use for \a userId: the stored one, else \a fallback
    /// (also when the stored name is no longer known to this system's time zone database).
    Result<QTimeZone> zoneFor(const QUuid &userId, const QTimeZone &fallback);

private:
    Database *m_db;
};

} // namespace taskstream::store
