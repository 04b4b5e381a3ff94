// How long Recurrence takes to answer for rules that occur often, rarely and never: the bounded
// search is what keeps the last group from searching libical's calendar until the year 2582.
// Prints figures; asserts nothing.
#include "services/Recurrence.h"

#include <algorithm>
#include <cstdio>
#include <vector>

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

    // Completing an overdue instance: the search steps over every occurrence missed while it was
    // overdue (anchor "due"), so its cost grows with how late the completion is; counted from the
    // completion it does not. Europe/Berlin, median of 21 runs.
    const QTimeZone berlin("Europe/Berlin");
    const QDateTime overdueDue = QDateTime(QDate(2025, 11, 22), QTime(8, 0), QTimeZone::utc());
    struct Late
    {
        const char *label;
        qint64 days;
    };
    const Late lateness[] = {{"1 day", 1}, {"30 days", 30}, {"365 days", 365}};
    std::printf("\n%-24s %-10s %-10s %12s  %s\n", "rule", "late by", "anchor", "following ms", "next due");
    for (const char *rule : {"FREQ=DAILY", "FREQ=HOURLY;BYMINUTE=15", "FREQ=WEEKLY;BYDAY=MO,WE,FR"}) {
        for (const Late &late : lateness) {
            for (const auto anchor : {Recurrence::Anchor::Due, Recurrence::Anchor::Completion}) {
                const QDateTime closed = overdueDue.addDays(late.days).addSecs(3 * 3600);
                std::vector<double> ms;
                std::optional<Recurrence::Next> next;
                for (int run = 0; run < 21; ++run) {
                    QString why;
                    QElapsedTimer t;
                    t.start();
                    next = Recurrence::following(QString::fromLatin1(rule), overdueDue, closed, anchor, berlin, &why);
                    ms.push_back(t.nsecsElapsed() / 1e6);
                }
                std::sort(ms.begin(), ms.end());
                std::printf("%-24s %-10s %-10s %12.3f  %s\n", rule, late.label,
                            qPrintable(Recurrence::anchorName(anchor)), ms[ms.size() / 2],
                            next ? qPrintable(next->due.toString(Qt::ISODate)) : "none");
            }
        }
    }
    return 0;
}
