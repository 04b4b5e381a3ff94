#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "processing/EventRecords.h"
#include "services/ReminderTrigger.h"
#include "store/ReminderStore.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonObject>
#include <QSet>
#include <QSqlQuery>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;

namespace {
const QString RemindersTopic = QStringLiteral("todo.reminders.events");
const QString TriggeredType = QString::fromLatin1(events::ReminderTriggered::TypeName);
} // namespace

/// Durable reminder timers on the embedded broker over TCP, on SQLite or PostgreSQL
/// (TASKSTREAM_TEST_DB): firing at (never before) the time, once, late after downtime, and once
/// across two instances of the group. The triggers run on a manual clock: the tests move time to
/// a deadline instead of waiting for it.
class TestReminderTrigger : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    QString url;
    std::unique_ptr<store::Database> db;
    const QUuid user = QUuid::createUuid();
    std::unique_ptr<ManualClock> clock;

    QDateTime nowMs() const { return QDateTime::fromMSecsSinceEpoch(clock->nowMs(), Qt::UTC); }

    /// One trigger instance: its own database connection, runner and worker.
    struct Instance
    {
        std::unique_ptr<store::Database> db;
        std::unique_ptr<processing::ConsumerRunner> runner;
        std::unique_ptr<ReminderTrigger> trigger;
        std::unique_ptr<QSignalSpy> fired;
        ~Instance()
        {
            if (runner)
                runner->stop();
            if (trigger)
                trigger->stopped();
        }
    };

    std::unique_ptr<Instance> startInstance()
    {
        auto in = std::make_unique<Instance>();
        QString why;
        in->db = store::Database::open(url, &why);
        if (!in->db) {
            qWarning("%s", qPrintable(why));
            return nullptr;
        }
        ReminderTriggerOptions options;
        options.clock = clock.get();
        in->trigger = std::make_unique<ReminderTrigger>(in->db.get(), &serializer, options);
        processing::RunnerOptions ro;
        ro.group = in->trigger->group();
        ro.topics = {RemindersTopic};
        ro.kafka = KafkaConfig(broker.bootstrapServers());
        ro.consumer = KafkaConfig::embeddedConsumerTuning();
        in->runner = std::make_unique<processing::ConsumerRunner>(in->db.get(), ro);
        in->trigger->install(*in->runner);
        in->fired = std::make_unique<QSignalSpy>(in->trigger.get(), &ReminderTrigger::fired);
        KafkaError e;
        if (!in->runner->start(&e)) {
            qWarning("%s", qPrintable(e.toString()));
            return nullptr;
        }
        return in;
    }

    events::ReminderScheduled scheduled(const QDateTime &remindAt, const QString &title)
    {
        events::ReminderScheduled ev;
        ev.header = {QUuid::createUuid(), nowMs()};
        ev.reminder = {QUuid::createUuid(), QUuid::createUuid(), user, remindAt};
        ev.title = title;
        return ev;
    }

    bool publish(const QList<events::Event> &evs)
    {
        QList<events::EncodedRecord> recs;
        for (const events::Event &e : evs) {
            const events::EncodeResult r = serializer.encode(e, events::WireFormat::AvroSingleObject);
            if (!r.ok())
                return false;
            recs << r.record;
        }
        KafkaProducer p;
        if (!p.open(KafkaConfig(broker.bootstrapServers())))
            return false;
        int acked = 0, failed = 0;
        connect(&p, &KafkaProducer::delivered, &p,
                [&](const DeliveryReport &r) { r.error.isError() ? ++failed : ++acked; });
        for (const events::EncodedRecord &r : recs)
            if (!p.produce(RemindersTopic, r.key, r.value, r.headers))
                return false;
        return QTest::qWaitFor([&] { return acked + failed == recs.size(); }, 30000) && failed == 0;
    }

    qint64 count(const QString &sql)
    {
        QSqlQuery q(db->db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    std::optional<store::Reminder> row(const QUuid &id)
    {
        QString why;
        return store::ReminderStore(db.get()).find(id).valueOr(std::nullopt);
    }

private slots:
    void init()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        clock = std::make_unique<ManualClock>(QDateTime::currentMSecsSinceEpoch());
    }
    void cleanup()
    {
        db.reset();
        clock.reset();
        broker.stop();
    }

    void firesOnceAtItsTimeNeverBefore()
    {
        auto in = startInstance();
        QVERIFY(in);
        const events::ReminderScheduled ev = scheduled(nowMs().addSecs(3), QStringLiteral("stand-up"));
        QVERIFY(publish({events::Event::from(ev)}));
        const QUuid id = ev.reminder.reminderId;
        QTRY_VERIFY_WITH_TIMEOUT(row(id).has_value() && in->trigger->armedCount() == 1, 30000);
        QCOMPARE(row(id)->kafkaPartition.has_value(), true);

        clock->advance(2999); // a millisecond before its time
        QCOMPARE(in->fired->size(), 0);
        QCOMPARE(row(id)->status, QStringLiteral("pending"));
        clock->advance(1);
        QCOMPARE(in->fired->size(), 1);
        const store::Reminder r = *row(id);
        QCOMPARE(r.status, QStringLiteral("fired"));
        QVERIFY(r.firedAt);
        QVERIFY2(*r.firedAt >= ev.reminder.remindAt,
                 qPrintable(QStringLiteral("fired at %1, due %2")
                                .arg(r.firedAt->toString(Qt::ISODateWithMs),
                                     ev.reminder.remindAt.toString(Qt::ISODateWithMs))));
        QCOMPARE(*r.firedAt, ev.reminder.remindAt);
        QCOMPARE(r.late, false);
        const QJsonObject n = in->fired->first().first().toJsonObject();
        QCOMPARE(n.value(QStringLiteral("reminder_id")).toString(), id.toString(QUuid::WithoutBraces));
        QCOMPARE(n.value(QStringLiteral("title")).toString(), QStringLiteral("stand-up"));

        // ReminderTriggered in the outbox; the notification is the notifier's, made from that event.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(TriggeredType)), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications")), 0);

        // And never again, however much time passes.
        clock->advance(24 * 3600 * 1000);
        QCOMPARE(in->fired->size(), 1);
        QCOMPARE(in->trigger->armedCount(), 0);
    }

    void dismissedReminderNeverFires()
    {
        auto in = startInstance();
        QVERIFY(in);
        const events::ReminderScheduled ev = scheduled(nowMs().addSecs(3), QStringLiteral("cancelled"));
        events::ReminderDismissed dis;
        dis.header = {QUuid::createUuid(), nowMs()};
        dis.reminder = ev.reminder;
        dis.dismissedAt = dis.header.occurredAt;
        const events::ReminderScheduled other = scheduled(nowMs().addSecs(4), QStringLiteral("kept"));
        QVERIFY(publish({events::Event::from(ev), events::Event::from(dis), events::Event::from(other)}));
        QTRY_VERIFY_WITH_TIMEOUT(row(other.reminder.reminderId).has_value() && row(ev.reminder.reminderId) &&
                                     row(ev.reminder.reminderId)->status == QLatin1String("dismissed") &&
                                     in->trigger->armedCount() == 1,
                                 30000);
        // The kept one fires after the dismissed one's time: by then the dismissed one had its chance.
        clock->advance(4000);
        QCOMPARE(in->fired->size(), 1);
        QCOMPARE(in->fired->first().first().toJsonObject().value(QStringLiteral("reminder_id")).toString(),
                 other.reminder.reminderId.toString(QUuid::WithoutBraces));
        QCOMPARE(row(ev.reminder.reminderId)->status, QStringLiteral("dismissed"));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(TriggeredType)), 1);
    }

    void overdueRemindersFireAtStartMarkedLate()
    {
        // Pending reminders left by an instance that stopped long ago, on every partition.
        QString why;
        store::ReminderStore store(db.get());
        QList<QUuid> ids;
        for (int p = 0; p < 3; ++p) {
            store::Reminder r;
            r.id = QUuid::createUuid();
            r.taskId = QUuid::createUuid();
            r.userId = user;
            r.remindAt = nowMs().addSecs(-600);
            r.title = QStringLiteral("missed %1").arg(p);
            r.kafkaPartition = p;
            r.createdAt = nowMs().addSecs(-3600);
            QVERIFY2(store.insert(r).ok(), qPrintable(why));
            ids << r.id;
        }
        // One just due, within the lateness tolerance.
        store::Reminder onTime;
        onTime.id = QUuid::createUuid();
        onTime.taskId = QUuid::createUuid();
        onTime.userId = user;
        onTime.remindAt = nowMs().addSecs(-5);
        onTime.kafkaPartition = 1;
        onTime.createdAt = nowMs();
        QVERIFY(store.insert(onTime).ok());

        auto in = startInstance();
        QVERIFY(in);
        QTRY_COMPARE_WITH_TIMEOUT(in->fired->size(), 4, 30000);
        for (const QUuid &id : ids) {
            QCOMPARE(row(id)->status, QStringLiteral("fired"));
            QCOMPARE(row(id)->late, true);
        }
        QCOMPARE(row(onTime.id)->late, false);
        QCOMPARE(in->trigger->firedCount(), quint64(4));
        QCOMPARE(in->trigger->lateCount(), quint64(3));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(TriggeredType)), 4);
    }

    void twoInstancesFireEachReminderExactlyOnce()
    {
        auto a = startInstance();
        auto b = startInstance();
        QVERIFY(a && b);
        // Both members joined before the reminders arrive, so the partitions are spread.
        QTRY_VERIFY_WITH_TIMEOUT(!a->runner->assignment().isEmpty() && !b->runner->assignment().isEmpty() &&
                                     a->runner->assignment().size() + b->runner->assignment().size() == 3,
                                 60000);
        QList<events::Event> evs;
        QList<QDateTime> due;
        for (int i = 0; i < 30; ++i) {
            const events::ReminderScheduled ev =
                scheduled(nowMs().addMSecs(2000 + 100 * i), QStringLiteral("r%1").arg(i));
            evs << events::Event::from(ev);
        }
        QVERIFY(publish(evs));
        QTRY_COMPARE_WITH_TIMEOUT(a->trigger->armedCount() + b->trigger->armedCount(), 30, 60000);
        QCOMPARE(a->fired->size() + b->fired->size(), 0);
        clock->advance(2000 + 100 * 29);
        QCOMPARE(a->fired->size() + b->fired->size(), 30);
        clock->advance(3600 * 1000); // a second firing would have its time now
        QCOMPARE(a->fired->size() + b->fired->size(), 30);
        QVERIFY2(a->fired->size() > 0 && b->fired->size() > 0,
                 "both instances own partitions and fire their reminders");
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE status = 'fired'")), 30);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(TriggeredType)), 30);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE fired_at < remind_at")), 0);

        // Instance a goes away: b takes its partitions and fires what falls due there.
        a.reset();
        QList<events::Event> more;
        for (int i = 0; i < 9; ++i)
            more << events::Event::from(scheduled(nowMs().addSecs(2), QStringLiteral("after %1").arg(i)));
        QVERIFY(publish(more));
        QTRY_VERIFY_WITH_TIMEOUT(b->runner->assignment().size() == 3 && b->trigger->armedCount() == 9, 90000);
        clock->advance(2000);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE status = 'fired'")), 39);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(TriggeredType)), 39);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE fired_at < remind_at")), 0);
    }

    void sameReminderRacedByTwoWritersFiresOnce()
    {
        // Both instances arm the same overdue reminder (as during a rebalance): the conditional
        // update lets exactly one of them fire it.
        QString why;
        store::Reminder r;
        r.id = QUuid::createUuid();
        r.taskId = QUuid::createUuid();
        r.userId = user;
        r.remindAt = nowMs().addSecs(-1);
        r.kafkaPartition = 0;
        r.createdAt = nowMs();
        QVERIFY(store::ReminderStore(db.get()).insert(r).ok());
        auto second = store::Database::open(url, &why);
        QVERIFY(second);
        store::ReminderStore s1(db.get()), s2(second.get());
        QVERIFY(db->begin().ok());
        QCOMPARE(s1.fireAll({r.id}, nowMs(), nowMs()).valueOr({}).size(), 1);
        QVERIFY(db->commit().ok());
        QVERIFY(second->begin().ok());
        QVERIFY(s2.fireAll({r.id}, nowMs(), nowMs()).valueOr({}).isEmpty());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(second->commit().ok());
    }

    void batchFiringReturnsExactlyTheRemindersItFired()
    {
        // More than one statement's worth of ids (the store fires in chunks of 500): every pending one
        // fires once, a dismissed one is left alone, and lateness is judged per row.
        QString why;
        store::ReminderStore store(db.get());
        const QDateTime now = nowMs();
        QList<QUuid> ids;
        QSet<QUuid> overdue;
        QVERIFY(db->begin().ok());
        for (int i = 0; i < 1203; ++i) {
            store::Reminder r;
            r.id = QUuid::createUuid();
            r.taskId = QUuid::createUuid();
            r.userId = user;
            r.remindAt = now.addSecs(i % 3 == 0 ? -600 : -1); // every third missed by ten minutes
            r.title = QStringLiteral("batch %1").arg(i);
            r.kafkaPartition = i % 3;
            r.createdAt = now.addSecs(-3600);
            QVERIFY2(store.insert(r).ok(), qPrintable(why));
            ids << r.id;
            if (i % 3 == 0)
                overdue.insert(r.id);
        }
        QVERIFY(db->commit().ok());
        QVERIFY(db->begin().ok());
        QCOMPARE(store.markDismissed(ids[7], now).valueOr(-1), 1);
        QVERIFY(db->commit().ok());

        QVERIFY(db->begin().ok());
        const QList<store::Reminder> fired = store.fireAll(ids, now, now.addSecs(-60)).valueOr({});
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(db->commit().ok());
        QCOMPARE(fired.size(), ids.size() - 1);
        QSet<QUuid> seen;
        for (const store::Reminder &r : fired) {
            QVERIFY(r.id != ids[7]);
            QVERIFY(!seen.contains(r.id));
            seen.insert(r.id);
            QCOMPARE(r.status, QStringLiteral("fired"));
            QCOMPARE(r.firedAt, std::optional<QDateTime>(now));
            QCOMPARE(r.late, overdue.contains(r.id));
            QVERIFY(r.title.startsWith(QStringLiteral("batch ")));
        }
        QCOMPARE(row(ids[7])->status, QStringLiteral("dismissed"));

        // The notifications of the batch go in with multi-row inserts; a repeat changes nothing.
        QList<store::Notification> notes;
        for (const store::Reminder &r : fired) {
            store::Notification n;
            n.id = QUuid::createUuidV5(r.id, QStringLiteral("n"));
            n.userId = r.userId;
            n.kind = QStringLiteral("reminder");
            n.reminderId = r.id;
            n.title = r.title;
            n.createdAt = now;
            n.body = QJsonObject{{QStringLiteral("late"), r.late}};
            notes << n;
        }
        QVERIFY(db->begin().ok());
        QVERIFY2(store.insertNotifications(notes).ok(), qPrintable(why));
        QVERIFY2(store.insertNotifications(notes.mid(0, 10)).ok(), qPrintable(why));
        QVERIFY(db->commit().ok());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications")), qint64(fired.size()));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM notifications WHERE task_id IS NULL")),
                 qint64(fired.size()));

        // Firing the same ids again finds nothing pending.
        QVERIFY(db->begin().ok());
        QVERIFY(store.fireAll(ids, now, now).valueOr({}).isEmpty());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        QVERIFY(db->commit().ok());
    }
};

QTEST_GUILESS_MAIN(TestReminderTrigger)
#include "tst_remindertrigger.moc"
