#include "common/Clock.h"
#include "services/Retention.h"
#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimeZone>

using namespace taskstream;
using namespace taskstream::services;

/// Retention purges and the erasure of one user's data, on SQLite and PostgreSQL, with a
/// ManualClock for the ages.
class TestRetention : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    static constexpr qint64 kDay = 24LL * 3600 * 1000;
    const qint64 now = QDateTime(QDate(2027, 3, 1), QTime(12, 0), QTimeZone::utc()).toMSecsSinceEpoch();

    void exec(const char *sql, const QVariantList &values)
    {
        store::Database::Statement s = db->statement(QString::fromLatin1(sql), store::Database::Reuse::Once);
        for (const QVariant &v : values)
            s.bind(v);
        const Result<int> r = s.exec();
        QVERIFY2(r.ok(), r.ok() ? "" : qPrintable(r.error().message));
    }
    qint64 count(const QString &sql)
    {
        store::Database::Statement s = db->statement(sql, store::Database::Reuse::Once);
        if (!s.exec() || !s.next())
            return -1;
        return s.int64(0);
    }
    static QString uid(int n) { return QStringLiteral("00000000-0000-4000-8000-%1").arg(n, 12, 10, QLatin1Char('0')); }

    void task(const QString &id, const QString &user, const QVariant &deletedAt)
    {
        exec("INSERT INTO tasks (id, user_id, title, created_at, updated_at, deleted_at) VALUES (?, ?, 'a title', ?, "
             "?, ?)",
             {id, user, now - 90 * kDay, now - 90 * kDay, deletedAt});
    }
    void reminder(const QString &id, const QString &user, const QString &status, const QVariant &firedAt,
                  const QVariant &dismissedAt)
    {
        exec("INSERT INTO reminders (id, task_id, user_id, remind_at, status, fired_at, dismissed_at, created_at)"
             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
             {id, uid(999), user, now - 90 * kDay, status, firedAt, dismissedAt, now - 90 * kDay});
    }
    void notification(const QString &id, const QString &user, bool read, qint64 createdAt)
    {
        exec("INSERT INTO notifications (id, user_id, kind, body, created_at, read) VALUES (?, ?, 'reminder', '{}', ?, "
             "?)",
             {id, user, createdAt, read ? 1 : 0});
    }
    void ledger(const QString &eventId, qint64 processedAt)
    {
        exec("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition, kafka_offset,"
             " processed_at) VALUES ('g', ?, 't', 0, 0, ?)",
             {eventId, processedAt});
    }
    void audit(const QString &eventId, const QString &user)
    {
        exec("INSERT INTO audit_events (event_id, event_type, topic, user_id, occurred_at, recorded_at, payload)"
             " VALUES (?, 'com.todo.events.TaskCreated', 'todo.tasks.events', ?, ?, ?, '{\"title\":\"secret\"}')",
             {eventId, user, now, now});
    }

    void clearTables()
    {
        for (const char *t :
             {"tasks", "reminders", "notifications", "notification_preferences", "processed_events", "audit_events"})
            exec(qPrintable(QStringLiteral("DELETE FROM %1").arg(QLatin1String(t))), {});
    }

    /// Rows past every retention below, and rows that must stay.
    void fill()
    {
        clearTables();
        const QVariant null;
        for (int i = 0; i < 5; ++i) {
            ledger(QStringLiteral("old-%1").arg(i), now - 9 * kDay);
            task(uid(100 + i), uid(1), now - 40 * kDay);                                    // deleted long ago: goes
            reminder(uid(200 + i), uid(1), QStringLiteral("fired"), now - 40 * kDay, null); // goes
            notification(uid(300 + i), uid(1), true, now - 40 * kDay);                      // read, old: goes
        }
        ledger(QStringLiteral("recent"), now - 7 * kDay);                               // within 7 d + 24 h
        task(uid(110), uid(1), now - 10 * kDay);                                        // deleted recently
        task(uid(111), uid(1), null);                                                   // not deleted
        reminder(uid(210), uid(1), QStringLiteral("dismissed"), null, now - 40 * kDay); // goes
        reminder(uid(211), uid(1), QStringLiteral("pending"), null, null);              // pending: stays
        reminder(uid(212), uid(1), QStringLiteral("fired"), now - 10 * kDay, null);     // recent: stays
        notification(uid(310), uid(1), false, now - 40 * kDay);                         // unread: stays
        notification(uid(311), uid(1), true, now - 10 * kDay);                          // recent: stays
    }

    RetentionOptions options(ManualClock *clock)
    {
        RetentionOptions o;
        o.ledgerRetentionMs = Retention::ledgerRetentionMs(24);
        o.reminderRetentionDays = 30;
        o.notificationRetentionDays = 30;
        o.deletedTaskRetentionDays = 30;
        o.batchSize = 2; // several batches per table
        o.clock = clock;
        return o;
    }

    void checkPurged()
    {
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM processed_events")), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders")), 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications")), 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE id = '%1'").arg(uid(111))), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE status = 'pending'")), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE read = 0")), 1);
    }

private slots:
    void initTestCase()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
    }
    void cleanupTestCase() { db.reset(); }

    void ledgerOutlivesTheTopicsItGuards()
    {
        // todo.tasks.events keeps 7 days, the longest of the topics consumer groups read.
        QCOMPARE(Retention::ledgerRetentionMs(24), 8 * kDay);
    }

    void purgeAllRemovesWhatIsPastItsAgeInBatches()
    {
        fill();
        ManualClock clock(now);
        Retention retention(db.get(), options(&clock));
        const Result<QHash<QString, qint64>> removed = retention.purgeAll();
        QVERIFY2(removed.ok(), removed.ok() ? "" : qPrintable(removed.error().message));
        QCOMPARE(removed->value(QStringLiteral("processed_events")), 5);
        QCOMPARE(removed->value(QStringLiteral("tasks")), 5);
        QCOMPARE(removed->value(QStringLiteral("reminders")), 6);
        QCOMPARE(removed->value(QStringLiteral("notifications")), 5);
        checkPurged();
        // Nothing more to do, and the counters say what went.
        QCOMPARE(retention.purgeAll()->value(QStringLiteral("tasks")), 0);
        QCOMPARE(retention.purged().value(QStringLiteral("reminders")), quint64(6));
        bool found = false;
        for (const metrics::Sample &s : retention.metricSamples()) {
            if (s.name == QLatin1String("taskstream_retention_purged_total") &&
                s.labels == metrics::Labels{{QStringLiteral("table"), QStringLiteral("notifications")}}) {
                QCOMPARE(s.value, 5.0);
                found = true;
            }
        }
        QVERIFY(found);
    }

    void timedPassRunsBatchByBatchOnTheEventLoop()
    {
        fill();
        ManualClock clock(now);
        Retention retention(db.get(), options(&clock));
        QSignalSpy passed(&retention, &Retention::passFinished);
        retention.start();
        QVERIFY(passed.wait(30000));
        checkPurged();
        retention.stop();
    }

    void zeroKeepsForever()
    {
        fill();
        ManualClock clock(now);
        RetentionOptions o = options(&clock);
        o.ledgerRetentionMs = 0;
        o.reminderRetentionDays = 0;
        o.notificationRetentionDays = 0;
        o.deletedTaskRetentionDays = 0;
        Retention retention(db.get(), o);
        QVERIFY(retention.purgeAll().ok());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM processed_events")), 6);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks")), 7);
    }

    void erasingAUserRemovesTheirDataOnlyAndIsRecorded()
    {
        clearTables();
        const QVariant null;
        task(uid(1), uid(50), null);
        task(uid(2), uid(50), now);
        task(uid(3), uid(60), null);
        reminder(uid(4), uid(50), QStringLiteral("pending"), null, null);
        reminder(uid(5), uid(60), QStringLiteral("pending"), null, null);
        notification(uid(6), uid(50), false, now);
        notification(uid(7), uid(60), false, now);
        for (const QString &u : {uid(50), uid(60)}) // an email address is the user's data too
            exec("INSERT INTO notification_preferences (user_id, email_address, updated_at) VALUES (?, ?, ?)",
                 {u, QStringLiteral("someone@example.com"), now});
        audit(QStringLiteral("e1"), uid(50));
        audit(QStringLiteral("e2"), uid(60));
        const QUuid admin = QUuid::createUuid();
        const Result<ErasedUserData> erased = eraseUserData(db.get(), QUuid::fromString(uid(50)), admin);
        QVERIFY2(erased.ok(), erased.ok() ? "" : qPrintable(erased.error().message));
        QCOMPARE(erased->tasks, 2);
        QCOMPARE(erased->reminders, 1);
        QCOMPARE(erased->notifications, 1);
        QCOMPARE(erased->auditEntries, 1);
        for (const char *table : {"tasks", "reminders", "notifications", "notification_preferences"})
            QCOMPARE(
                count(
                    QStringLiteral("SELECT COUNT(*) FROM %1 WHERE user_id = '%2'").arg(QLatin1String(table), uid(50))),
                0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM tasks WHERE user_id = '%1'").arg(uid(60))), 1);
        QCOMPARE(
            count(QStringLiteral("SELECT COUNT(*) FROM notification_preferences WHERE user_id = '%1'").arg(uid(60))),
            1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE user_id = '%1'").arg(uid(60))), 1);
        // What stays of the user: the record of the erasure, without content.
        store::Database::Statement s = db->statement(
            QStringLiteral("SELECT event_type, payload FROM audit_events WHERE user_id = '%1'").arg(uid(50)),
            store::Database::Reuse::Once);
        QVERIFY(s.exec().ok());
        QVERIFY(s.next());
        QCOMPARE(s.value(0).toString(), QStringLiteral("com.todo.admin.UserDataErased"));
        const QJsonObject payload = QJsonDocument::fromJson(s.value(1).toString().toUtf8()).object();
        QCOMPARE(payload.value(QLatin1String("requested_by")).toString(), admin.toString(QUuid::WithoutBraces));
        QCOMPARE(payload.value(QLatin1String("tasks")).toInt(), 2);
        QVERIFY(!s.value(1).toString().contains(QLatin1String("secret")));
        QVERIFY(!s.next());
    }
};

QTEST_GUILESS_MAIN(TestRetention)
#include "tst_retention.moc"
