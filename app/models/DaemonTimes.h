#pragma once

#include <optional>

#include <QDateTime>
#include <QJsonValue>
#include <QLocale>
#include <QString>

namespace taskstream::console {

/// A time the daemon's API gives as ISO 8601 with milliseconds, in UTC; none when the value is
/// absent, null or not a time.
inline std::optional<QDateTime> daemonTime(const QJsonValue &v)
{
    if (!v.isString())
        return std::nullopt;
    const QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? std::optional<QDateTime>(t.toUTC()) : std::nullopt;
}

/// \a t in the viewer's local time, to the second; empty for an invalid time.
inline QString localTimeText(const QDateTime &t)
{
    return t.isValid() ? QLocale().toString(t.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace taskstream::console
