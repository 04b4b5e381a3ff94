#include "services/Recurrence.h"

#include <libical/ical.h>

namespace taskstream::services {

std::optional<QString> Recurrence::normalize(const QString &pattern, QString *error)
{
    QString rule = pattern.trimmed();
    const QString lower = rule.toLower();
    if (lower == QLatin1String("daily"))
        rule = QStringLiteral("FREQ=DAILY");
    else if (lower == QLatin1String("weekly"))
        rule = QStringLiteral("FREQ=WEEKLY");
    else if (lower == QLatin1String("monthly"))
        rule = QStringLiteral("FREQ=MONTHLY");
    if (rule.startsWith(QLatin1String("RRULE:"), Qt::CaseInsensitive))
        rule = rule.mid(6);
    if (rule.isEmpty() || rule.size() > 500) {
        if (error)
            *error = QStringLiteral("recurrence_pattern must be daily, weekly, monthly or an RRULE of at most 500 characters");
        return std::nullopt;
    }
    icalerror_clear_errno();
    const QByteArray utf8 = rule.toUtf8();
    const icalrecurrencetype r = icalrecurrencetype_from_string(utf8.constData());
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        if (error)
            *error = QStringLiteral("recurrence_pattern '%1' is not a valid RRULE (e.g. FREQ=WEEKLY;BYDAY=MO,WE)").arg(pattern);
        icalerror_clear_errno();
        return std::nullopt;
    }
    if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE) {
        if (error)
            *error = QStringLiteral("recurrence_pattern '%1' repeats more often than hourly; tasks recur at most hourly").arg(pattern);
        return std::nullopt;
    }
    char *s = icalrecurrencetype_as_string_r(const_cast<icalrecurrencetype *>(&r));
    const QString normalized = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return normalized;
}

} // namespace taskstream::services
