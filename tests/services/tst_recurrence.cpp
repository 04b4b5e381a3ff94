#include "services/Recurrence.h"

#include <QTest>

using taskstream::services::Recurrence;

/// Next occurrences of recurring tasks, evaluated with libical.
class TestRecurrence : public QObject
{
    Q_OBJECT

    static QDateTime utc(const char *iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
    }

    static Recurrence::Next next(const QString &rule, const QDateTime &due, const QTimeZone &zone = QTimeZone::utc())
    {
        QString why;
        const auto n = Recurrence::next(rule, due, zone, &why);
        if (!n)
            return {{}, why};
        return *n;
    }

private slots:
    void presets()
    {
        QCOMPARE(next(QStringLiteral("FREQ=DAILY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-11-23T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=WEEKLY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-11-29T09:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=MONTHLY"), utc("2026-11-22T09:00:00Z")).due, utc("2026-12-22T09:00:00Z"));
    }

    void monthEndsClampAndKeepTheirAnchor()
    {
        Recurrence::Next n = next(QStringLiteral("FREQ=MONTHLY"), utc("2027-01-31T10:00:00Z"));
        QCOMPARE(n.due, utc("2027-02-28T10:00:00Z"));
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2027-03-31T10:00:00Z")); // not the 28th: the series is anchored on the 31st
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2027-04-30T10:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=MONTHLY"), utc("2028-01-30T10:00:00Z")).due, utc("2028-02-29T10:00:00Z"));
    }

    void countAndUntilEndTheSeries()
    {
        Recurrence::Next n = next(QStringLiteral("FREQ=DAILY;COUNT=3"), utc("2026-11-22T09:00:00Z"));
        QCOMPARE(n.due, utc("2026-11-23T09:00:00Z"));
        QVERIFY2(n.rule.contains(QLatin1String("COUNT=2")), qPrintable(n.rule));
        n = next(n.rule, n.due);
        QCOMPARE(n.due, utc("2026-11-24T09:00:00Z"));
        QString why;
        QVERIFY(!Recurrence::next(n.rule, n.due, QTimeZone::utc(), &why)); // the third was the last
        QVERIFY(why.isEmpty());
        QVERIFY(!Recurrence::next(QStringLiteral("FREQ=WEEKLY;UNTIL=20261125T000000Z"), utc("2026-11-22T09:00:00Z"),
                                  QTimeZone::utc(), &why));
    }

    void wallClockTimeSurvivesDaylightSavingChanges()
    {
        const QTimeZone berlin("Europe/Berlin");
        QVERIFY(berlin.isValid());
        // 09:00 in Berlin is 07:00Z in summer time and 08:00Z after the change on 2026-10-25.
        QCOMPARE(next(QStringLiteral("FREQ=DAILY"), utc("2026-10-24T07:00:00Z"), berlin).due,
                 utc("2026-10-25T08:00:00Z"));
        QCOMPARE(next(QStringLiteral("FREQ=WEEKLY"), utc("2027-03-22T08:00:00Z"), berlin).due,
                 utc("2027-03-29T07:00:00Z"));
    }

    void badRuleIsAnError()
    {
        QString why;
        QVERIFY(
            !Recurrence::next(QStringLiteral("FREQ=SOMETIMES"), utc("2026-11-22T09:00:00Z"), QTimeZone::utc(), &why));
        QVERIFY(!why.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecurrence)
#include "tst_recurrence.moc"
