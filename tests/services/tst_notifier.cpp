#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/Notifier.h"
#include "store/Database.h"
#include "store/NotificationStore.h"
#include "store/ReminderStore.h"
#include "store/UserSettingsStore.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSqlQuery>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;

namespace {
const QString CreatedType = QString::fromLatin1(events::NotificationCreated::TypeName);
QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}
} // namespace

/// The notification-cg worker on the embedded broker over TCP, on SQLite or PostgreSQL: a
/// notification per fired reminder and per change of a user's task by someone else, once; the
/// user's channels and quiet hours decide what is stored and what is pushed.
class TestNotifier : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<ManualClock> clock;
    std::unique_ptr<processing::ConsumerRunner> runner;
    std::unique_ptr<Notifier> notifier;
    std::unique_ptr<QSignalSpy> webhook;
    std::unique_ptr<QSignalSpy> email;
    const QUuid owner = QUuid::createUuid();
    const QUuid admin = QUuid::createUuid();

    bool publish(const QList<events::Event> &evs, const QByteArray &actor = {})
    {
        KafkaProducer p;
        if (!p.open(KafkaConfig(broker.bootstrapServers())))
            return false;
        int acked = 0, failed = 0;
        connect(&p, &KafkaProducer::delivered, &p,
                [&](const DeliveryReport &r) { r.error.isError() ? ++failed : ++acked; });
        for (const events::Event &e : evs) {
            events::EncodeResult r = serializer.encode(e, events::WireFormat::AvroSingleObject);
            if (!r.ok())
                return false;
            if (!actor.isNull())
                setHeader(r.record.headers, QString::fromLatin1(Notifier::ActorHeader), actor);
            if (!p.produce(r.record.topic, r.record.key, r.record.value, r.record.headers))
                return false;
        }
        return QTest::qWaitFor([&] { return acked + failed == evs.size(); }, 30000) && failed == 0;
    }
    qint64 count(const QString &sql)
    {
        QSqlQuery q(db->db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    /// Waits until the group's ledger holds \a n events: every one published so far was handled.
    bool handled(int n)
    {
        return QTest::qWaitFor(
            [&] {
                return count(QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = "
                                            "'notification-cg'")) >= n;
            },
            60000);
    }
    QList<store::Notification> notificationsOf(const QUuid &user)
    {
        return store::NotificationStore(db.get()).list(user, false, std::nullopt, 100).valueOr({}).items;
    }
    events::ReminderTriggered triggered(const QUuid &reminderId, const QUuid &taskId)
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(clock->nowMs(), Qt::UTC);
        events::ReminderTriggered ev;
        ev.header = {QUuid::createUuid(), now};
        ev.reminder = {reminderId, taskId, owner, now.addSecs(-120)};
        ev.triggeredAt = now;
        ev.late = true;
        return ev;
    }
    events::TaskUpdated updated(const QUuid &taskId, const QString &title)
    {
        events::TaskUpdated u;
        u.header = {QUuid::createUuid(), QDateTime::fromMSecsSinceEpoch(clock->nowMs(), Qt::UTC)};
        u.id = taskId;
        u.userId = owner;
        u.changedFields = {QStringLiteral("title")};
        u.title = title;
        return u;
    }
    void setPreferences(const store::NotificationPreferences &p)
    {
        QVERIFY(store::NotificationStore(db.get()).savePreferences(owner, p).ok());
    }

private slots:
    void init()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        // 23:30 UTC: inside quiet hours 22:00-07:00 for a user without a zone of their own (the
        // notifier's fallback zone is UTC here).
        clock = std::make_unique<ManualClock>(QDateTime(QDate(2026, 3, 2), QTime(23, 30), Qt::UTC).toMSecsSinceEpoch());
        NotifierOptions o;
        o.clock = clock.get();
        notifier = std::make_unique<Notifier>(&serializer, o);
        processing::RunnerOptions ro;
        ro.group = notifier->group();
        ro.topics = TopicCatalog::builtin().consumerGroup(ro.group)->topics;
        ro.kafka = KafkaConfig(broker.bootstrapServers());
        ro.consumer = KafkaConfig::embeddedConsumerTuning();
        runner = std::make_unique<processing::ConsumerRunner>(db.get(), ro);
        notifier->install(*runner);
        webhook = std::make_unique<QSignalSpy>(notifier.get(), &Notifier::webhookWanted);
        email = std::make_unique<QSignalSpy>(notifier.get(), &Notifier::emailWanted);
        KafkaError e;
        QVERIFY2(runner->start(&e), qPrintable(e.toString()));
    }
    void cleanup()
    {
        if (runner)
            runner->stop();
        runner.reset();
        notifier.reset();
        db.reset();
        broker.stop();
    }

    void aFiredReminderNotifiesOnceWhoeverFiresIt()
    {
        // The reminder's row gives the title.
        store::Reminder r;
        r.id = QUuid::createUuid();
        r.taskId = QUuid::createUuid();
        r.userId = owner;
        r.remindAt = QDateTime::fromMSecsSinceEpoch(clock->nowMs(), Qt::UTC);
        r.title = QStringLiteral("water the plants");
        r.status = QStringLiteral("fired");
        r.createdAt = r.remindAt;
        QVERIFY(store::ReminderStore(db.get()).insert(r).ok());
        // Fired twice (e.g. two events for one reminder after a replay): one notification.
        QVERIFY(
            publish({events::Event::from(triggered(r.id, r.taskId)), events::Event::from(triggered(r.id, r.taskId))}));
        QVERIFY(handled(2));
        const QList<store::Notification> ns = notificationsOf(owner);
        QCOMPARE(ns.size(), 1);
        const store::Notification &n = ns.first();
        QCOMPARE(n.kind, QStringLiteral("reminder"));
        QCOMPARE(n.reminderId, std::optional<QUuid>(r.id));
        QCOMPARE(n.taskId, std::optional<QUuid>(r.taskId));
        QCOMPARE(n.title, QStringLiteral("water the plants"));
        QCOMPARE(n.body.value(QStringLiteral("late")).toBool(), true);
        QCOMPARE(n.read, false);
        // Its NotificationCreated is in the outbox, on the broadcast topic (keyed by user), for the live feed.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(CreatedType)), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1' AND topic = "
                                      "'todo.task_updates.broadcast'")
                           .arg(CreatedType)),
                 1);
        // Pushed once (no preferences: every channel; quiet hours none).
        QTRY_COMPARE_WITH_TIMEOUT(webhook->size(), 1, 10000);
        QCOMPARE(webhook->first().first().toJsonObject().value(QStringLiteral("id")).toString(), idText(n.id));
        QCOMPARE(webhook->first().first().toJsonObject().value(QStringLiteral("user_id")).toString(), idText(owner));
        QCOMPARE(email->size(), 0); // no address
        QCOMPARE(notifier->createdCount(), quint64(1));
    }

    void changesBySomeoneElseNotifyTheOwnerOnly()
    {
        const QUuid task = QUuid::createUuid();
        QVERIFY(publish({events::Event::from(updated(task, QStringLiteral("renamed by admin")))},
                        "api:" + idText(admin).toUtf8()));
        QVERIFY(
            publish({events::Event::from(updated(task, QStringLiteral("renamed by owner")))}, idText(owner).toUtf8()));
        QVERIFY(publish({events::Event::from(updated(task, QStringLiteral("no actor")))}));
        QVERIFY(handled(3));
        const QList<store::Notification> ns = notificationsOf(owner);
        QCOMPARE(ns.size(), 1);
        QCOMPARE(ns.first().kind, QStringLiteral("task_changed"));
        QCOMPARE(ns.first().title, QStringLiteral("renamed by admin"));
        QCOMPARE(ns.first().body.value(QStringLiteral("changed_by")).toString(), idText(admin));
        QCOMPARE(ns.first().body.value(QStringLiteral("change")).toString(), QStringLiteral("updated"));
        QCOMPARE(ns.first().body.value(QStringLiteral("changed_fields")).toArray(),
                 QJsonArray{QStringLiteral("title")});
        QVERIFY(notificationsOf(admin).isEmpty());
    }

    void inAppOffStoresNothingButStillPushes()
    {
        store::NotificationPreferences p;
        p.inApp = false;
        p.emailAddress = QStringLiteral("owner@example.com");
        setPreferences(p);
        QVERIFY(
            publish({events::Event::from(updated(QUuid::createUuid(), QStringLiteral("t")))}, idText(admin).toUtf8()));
        QVERIFY(handled(1));
        QTRY_COMPARE_WITH_TIMEOUT(webhook->size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(email->size(), 1, 10000);
        QCOMPARE(email->first().at(0).toString(), QStringLiteral("owner@example.com"));
        QVERIFY(notificationsOf(owner).isEmpty());
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(CreatedType)), 0);
    }

    void quietHoursHoldPushesButNotTheList()
    {
        store::NotificationPreferences p;
        p.emailAddress = QStringLiteral("owner@example.com");
        p.quietStartMinute = 22 * 60;
        p.quietEndMinute = 7 * 60; // wraps midnight; the clock says 23:30
        setPreferences(p);
        QVERIFY(publish({events::Event::from(updated(QUuid::createUuid(), QStringLiteral("at night")))},
                        idText(admin).toUtf8()));
        QVERIFY(handled(1));
        QTRY_COMPARE_WITH_TIMEOUT(notifier->createdCount(), quint64(1), 10000);
        QCOMPARE(notifier->quietCount(), quint64(1));
        QCOMPARE(notificationsOf(owner).size(), 1);
        QCOMPARE(webhook->size(), 0);
        QCOMPARE(email->size(), 0);

        // 07:00 is outside: pushed again on both channels.
        clock->advance(7 * 3600 * 1000 + 30 * 60 * 1000);
        QVERIFY(publish({events::Event::from(updated(QUuid::createUuid(), QStringLiteral("morning")))},
                        idText(admin).toUtf8()));
        QVERIFY(handled(2));
        QTRY_COMPARE_WITH_TIMEOUT(webhook->size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(email->size(), 1, 10000);
        QCOMPARE(webhook->first().first().toJsonObject().value(QStringLiteral("title")).toString(),
                 QStringLiteral("morning"));
        QCOMPARE(notifier->quietCount(), quint64(1));
    }

    void quietHoursAreTheUsersOwnHours()
    {
        // 23:30 UTC is 08:30 in Tokyo: outside the user's 22:00-07:00, pushed. Once the user is
        // in New York (18:30), 09:00-19:00 holds the push.
        store::UserSettings tokyo;
        tokyo.timeZone = QStringLiteral("Asia/Tokyo");
        QVERIFY(store::UserSettingsStore(db.get()).put(owner, tokyo, QDateTime::currentDateTimeUtc()).ok());
        store::NotificationPreferences p;
        p.quietStartMinute = 22 * 60;
        p.quietEndMinute = 7 * 60;
        setPreferences(p);
        QVERIFY(publish({events::Event::from(updated(QUuid::createUuid(), QStringLiteral("Tokyo morning")))},
                        idText(admin).toUtf8()));
        QVERIFY(handled(1));
        QTRY_COMPARE_WITH_TIMEOUT(webhook->size(), 1, 10000);
        QCOMPARE(notifier->quietCount(), quint64(0));

        store::UserSettings newYork;
        newYork.timeZone = QStringLiteral("America/New_York");
        QVERIFY(store::UserSettingsStore(db.get()).put(owner, newYork, QDateTime::currentDateTimeUtc()).ok());
        p.quietStartMinute = 9 * 60;
        p.quietEndMinute = 19 * 60;
        setPreferences(p);
        QVERIFY(publish({events::Event::from(updated(QUuid::createUuid(), QStringLiteral("New York evening")))},
                        idText(admin).toUtf8()));
        QVERIFY(handled(2));
        QTRY_COMPARE_WITH_TIMEOUT(notifier->createdCount(), quint64(2), 10000);
        QCOMPARE(notifier->quietCount(), quint64(1));
        QCOMPARE(webhook->size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "tst_notifier.moc"
