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
            *error = QStringLiteral(
                "recurrence_pattern must be daily, weekly, monthly or an RRULE of at most 500 characters");
        return std::nullopt;
    }
    icalerror_clear_errno();
    const QByteArray utf8 = rule.toUtf8();
    const icalrecurrencetype r = icalrecurrencetype_from_string(utf8.constData());
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        if (error)
            *error = QStringLiteral("recurrence_pattern '%1' is not a valid RRULE (e.g. FREQ=WEEKLY;BYDAY=MO,WE)")
                         .arg(pattern);
        icalerror_clear_errno();
        return std::nullopt;
    }
    if (r.freq == ICAL_SECONDLY_RECURRENCE || r.freq == ICAL_MINUTELY_RECURRENCE) {
        if (error)
            *error =
                QStringLiteral("recurrence_pattern '%1' repeats more often than hourly; tasks recur at most hourly")
                    .arg(pattern);
        return std::nullopt;
    }
    char *s = icalrecurrencetype_as_string_r(const_cast<icalrecurrencetype *>(&r));
    const QString normalized = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return normalized;
}

std::optional<Recurrence::Next> Recurrence::next(const QString &rule, const QDateTime &due, const QTimeZone &zone,
                                                 QString *error)
{
    icalerror_clear_errno();
    const QByteArray utf8 = rule.toUtf8();
    icalrecurrencetype r = icalrecurrencetype_from_string(utf8.constData());
    if (r.freq == ICAL_NO_RECURRENCE || icalerrno != ICAL_NO_ERROR) {
        icalerror_clear_errno();
        if (error)
            *error = QStringLiteral("'%1' is not a valid RRULE").arg(rule);
        return std::nullopt;
    }
    // Series times are wall-clock times in the zone ("every day at 09:00" stays 09:00 local).
    const QDateTime local = due.toTimeZone(zone);
    const QDate d = local.date();
    const QTime t = local.time();
    const bool plainMonthly = r.freq == ICAL_MONTHLY_RECURRENCE && r.by_month_day[0] == ICAL_RECURRENCE_ARRAY_MAX &&
                              r.by_day[0] == ICAL_RECURRENCE_ARRAY_MAX && r.by_set_pos[0] == ICAL_RECURRENCE_ARRAY_MAX;
    if (plainMonthly && d.day() > 28) {
        // RFC 5545 skips months without that day; people expect the month's last day instead.
        r.by_month_day[0] = short(d.day());
        r.by_month_day[1] = -1;
        r.by_month_day[2] = ICAL_RECURRENCE_ARRAY_MAX;
        r.by_set_pos[0] = 1;
        r.by_set_pos[1] = ICAL_RECURRENCE_ARRAY_MAX;
    }
    icaltimetype start = icaltime_null_time();
    start.year = d.year();
    start.month = d.month();
    start.day = d.day();
    start.hour = t.hour();
    start.minute = t.minute();
    start.second = t.second();
    start.is_date = 0;
    icalrecur_iterator *it = icalrecur_iterator_new(r, start);
    if (!it) {
        if (error)
            *error = QStringLiteral("libical cannot expand '%1'").arg(rule);
        return std::nullopt;
    }
    icaltimetype occurrence = icalrecur_iterator_next(it);
    // The first occurrence is the start itself (or the first match at or after it).
    while (!icaltime_is_null_time(occurrence) && icaltime_compare(occurrence, start) <= 0)
        occurrence = icalrecur_iterator_next(it);
    icalrecur_iterator_free(it);
    if (icaltime_is_null_time(occurrence))
        return std::nullopt; // COUNT or UNTIL ended the series
    if (r.count > 0)
        r.count -= 1; // this instance used one occurrence of the series
    Next n;
    n.due = QDateTime(QDate(occurrence.year, occurrence.month, occurrence.day),
                      QTime(occurrence.hour, occurrence.minute, occurrence.second, t.msec()), zone)
                .toUTC();
    char *s = icalrecurrencetype_as_string_r(&r);
    n.rule = s ? QString::fromUtf8(s) : rule;
    if (s)
        icalmemory_free_buffer(s);
    return n;
}

} // namespace taskstream::services
