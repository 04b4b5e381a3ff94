// How long Recurrence takes to answer for rules that occur often, rarely and never: the bounded
// search is what keeps the last group from searching libical's calendar until the year 2582.
// Prints figures; asserts nothing.
#include "services/Recurrence.h"

#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>

using taskstream::services::Recurrence;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QDateTime due = QDateTime(QDate(2026, 11, 22), QTime(9, 0), QTimeZone::utc());
    const char *rules[] = {
        "FREQ=DAILY",
        "FREQ=HOURLY;BYMINUTE=15",
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        "FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
        // Not caught by the month/day check: libical's search within the window answers.
        "FREQ=DAILY;BYMONTH=1;BYYEARDAY=366",
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO",
    };
    std::printf("%-46s %14s %14s  %s\n", "rule", "normalize ms", "next ms", "answer");
    for (const char *rule : rules) {
        QString why;
        QElapsedTimer t;
        t.start();
        const bool accepted = Recurrence::normalize(QString::fromLatin1(rule), &why).has_value();
        const double normalizeMs = t.nsecsElapsed() / 1e6;
        t.restart();
        QString nextWhy;
        const auto next = Recurrence::next(QString::fromLatin1(rule), due, QTimeZone::utc(), &nextWhy);
        const double nextMs = t.nsecsElapsed() / 1e6;
        std::printf("%-46s %14.2f %14.2f  %s\n", rule, normalizeMs, nextMs,
                    accepted && next ? qPrintable(next->due.toString(Qt::ISODate)) : "refused (no occurrence)");
    }
    return 0;
}
