#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "processing/EventRecords.h"
#include "services/OutboxRelay.h"
#include "services/ReminderScheduler.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QSqlQuery>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;

namespace {
const QString ScheduledType = QString::fromLatin1(events::ReminderScheduled::TypeName);
const QString DismissedType = QString::fromLatin1(events::ReminderDismissed::TypeName);
} // namespace

/// The reminder scheduler end to end: TaskService -> outbox relay -> todo.tasks.events -> scheduler
/// (its consumer runner) -> reminder rows + outbox -> todo.reminders.events, on the embedded broker
/// over TCP, on SQLite or PostgreSQL (TASKSTREAM_TEST_DB).
class TestReminderScheduler : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<TaskService> tasks;
    std::unique_ptr<OutboxRelay> relay;
    std::unique_ptr<processing::ConsumerRunner> runner;
    std::unique_ptr<ReminderScheduler> scheduler;
    const QUuid user = QUuid::createUuid();

    qint64 count(const QString &sql)
    {
        QSqlQuery q(db->db());
        if (!q.exec(sql) || !q.next())
            return -1;
        return q.value(0).toLongLong();
    }
    qint64 reminders(const QUuid &task, const QString &status)
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE task_id = '%1' AND status = '%2'")
                         .arg(task.toString(QUuid::WithoutBraces), status));
    }
    qint64 outboxEvents(const QString &type)
    {
        return count(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'").arg(type));
    }
    static QString iso(const QDateTime &t) { return t.toUTC().toString(Qt::ISODateWithMs); }
    /// The reasons of the task's ReminderDismissed events in the outbox, in order, and who made each.
    QList<QPair<QString, events::Actor>> dismissals(const QUuid &task)
    {
        QList<QPair<QString, events::Actor>> out;
        QSqlQuery q(db->db());
        if (!q.exec(QStringLiteral("SELECT payload, headers FROM outbox WHERE event_type = '%1' ORDER BY seq")
                        .arg(DismissedType)))
            return out;
        while (q.next()) {
            events::Headers headers;
            store::OutboxStore::forEachHeader(q.value(1).toByteArray(), [&headers](QByteArrayView k, QByteArrayView v) {
                headers.append({QString::fromUtf8(k), v.toByteArray()});
            });
            const events::DecodeResult d = serializer.decode(q.value(0).toByteArray(), headers);
            const auto ev = d.decoded.event.as<events::ReminderDismissed>();
            if (ev && ev->reminder.taskId == task)
                out.append({ev->reason, d.decoded.event.actor()});
        }
        return out;
    }

    QList<KafkaMessage> readReminderTopic(int expected)
    {
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("reader"))));
        Collector got(&c);
        readFromBeginning(c, QStringLiteral("todo.reminders.events"),
                          TopicCatalog::builtin().topic(QStringLiteral("todo.reminders.events"))->partitions);
        got.waitFor(expected, 60000);
        // Once the outbox is empty everything published is acknowledged: read up to the log end,
        // where anything beyond what was expected would be.
        const QString topic = QStringLiteral("todo.reminders.events");
        QString why;
        if (!testsupport::waitForOutboxDrained(db.get(), 60000, &why) ||
            !got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions))
            qWarning("could not read %s to its end: %s", qPrintable(topic), qPrintable(why));
        c.close();
        return got.messages;
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
        tasks = std::make_unique<TaskService>(db.get(), &serializer);
        relay = std::make_unique<OutboxRelay>(db.get(), KafkaConfig(broker.bootstrapServers()));
        connect(tasks.get(), &TaskService::outboxAppended, relay.get(), &OutboxRelay::wake);
        KafkaError e;
        QVERIFY2(relay->start(&e), qPrintable(e.toString()));

        ReminderSchedulerOptions so;
        so.defaultOffsetMinutes = 15;
        scheduler = std::make_unique<ReminderScheduler>(&serializer, so);
        processing::RunnerOptions ro;
        ro.group = scheduler->group();
        ro.topics = {QStringLiteral("todo.tasks.events")};
        ro.kafka = KafkaConfig(broker.bootstrapServers());
        ro.consumer = KafkaConfig::embeddedConsumerTuning();
        runner = std::make_unique<processing::ConsumerRunner>(db.get(), ro);
        scheduler->install(*runner);
        connect(runner.get(), &processing::ConsumerRunner::batchCommitted, relay.get(), &OutboxRelay::wake);
        QVERIFY2(runner->start(&e), qPrintable(e.toString()));
    }
    void cleanup()
    {
        runner->stop();
        runner.reset();
        scheduler.reset();
        relay->stop(5000);
        relay.reset();
        tasks.reset();
        db.reset();
        broker.stop();
    }

    void reminderIdsAreDeterministic()
    {
        const QUuid task = QUuid::createUuid();
        const QDateTime at = QDateTime::fromMSecsSinceEpoch(1800000000000, Qt::UTC);
        QCOMPARE(ReminderScheduler::reminderId(task, at, 15), ReminderScheduler::reminderId(task, at, 15));
        QVERIFY(ReminderScheduler::reminderId(task, at, 15) != ReminderScheduler::reminderId(task, at, 10));
        QVERIFY(ReminderScheduler::reminderId(task, at, 15) != ReminderScheduler::reminderId(task, at.addMSecs(1), 15));
    }

    void createdTaskGetsRemindersPublishedOnTheRemindersTopic()
    {
        const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(2 * 3600);
        const auto withOffsets = tasks->create(user, {{QStringLiteral("title"), QStringLiteral("pay rent")},
                                                      {QStringLiteral("due_date"), iso(due)},
                                                      {QStringLiteral("remind_before_minutes"), QJsonArray{10, 60}}});
        QVERIFY(withOffsets.ok());
        const auto withDefault = tasks->create(
            user, {{QStringLiteral("title"), QStringLiteral("call mum")}, {QStringLiteral("due_date"), iso(due)}});
        QVERIFY(withDefault.ok());
        const auto noDueDate = tasks->create(user, {{QStringLiteral("title"), QStringLiteral("someday")}});
        QVERIFY(noDueDate.ok());

        QTRY_COMPARE_WITH_TIMEOUT(runner->metrics().processed, quint64(3), 60000);
        QCOMPARE(reminders(withOffsets.value().id, QStringLiteral("pending")), 2);
        QCOMPARE(reminders(withDefault.value().id, QStringLiteral("pending")), 1);
        QCOMPARE(reminders(noDueDate.value().id, QStringLiteral("pending")), 0);

        QString why;
        store::ReminderStore store(db.get());
        const QList<store::Reminder> rows = store.forTask(withOffsets.value().id).valueOr({});
        QCOMPARE(rows.size(), 2);
        const qint64 dueMs = withOffsets.value().dueDate->toMSecsSinceEpoch();
        QCOMPARE(rows[0].remindAt.toMSecsSinceEpoch(), dueMs - 60 * 60000);
        QCOMPARE(rows[0].offsetMinutes, std::optional<int>(60));
        QCOMPARE(rows[1].remindAt.toMSecsSinceEpoch(), dueMs - 10 * 60000);
        QCOMPARE(rows[0].title, QStringLiteral("pay rent"));
        QCOMPARE(rows[0].userId, user);
        QCOMPARE(rows[0].id, ReminderScheduler::reminderId(withOffsets.value().id, rows[0].remindAt, 60));

        // Each reminder is announced once on todo.reminders.events, keyed by its id.
        const QList<KafkaMessage> published = readReminderTopic(3);
        QCOMPARE(published.size(), 3);
        QSet<QByteArray> keys;
        for (const KafkaMessage &m : published) {
            const events::DecodeResult d = processing::decode(serializer, m);
            QVERIFY(d.ok());
            QCOMPARE(d.decoded.event.type(), ScheduledType);
            const auto ev = d.decoded.event.as<events::ReminderScheduled>();
            QCOMPARE(m.key, ev->reminder.reminderId.toString(QUuid::WithoutBraces).toUtf8());
            keys.insert(m.key);
        }
        QCOMPARE(keys.size(), 3);
    }

    void duplicateAndReplayedEventsScheduleNothingTwice()
    {
        const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(3600);
        const auto t = tasks->create(user, {{QStringLiteral("title"), QStringLiteral("dentist")},
                                            {QStringLiteral("due_date"), iso(due)},
                                            {QStringLiteral("remind_before_minutes"), QJsonArray{5, 30}}});
        QVERIFY(t.ok());
        QTRY_COMPARE_WITH_TIMEOUT(reminders(t.value().id, QStringLiteral("pending")), 2, 60000);
        QCOMPARE(outboxEvents(ScheduledType), 2);

        // The same record again (a redelivery: same ce_id) and the same task under a new event id
        // (a replay from another source).
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT payload FROM outbox WHERE event_type = '%1'")
                           .arg(QString::fromLatin1(events::TaskCreated::TypeName))));
        QVERIFY(q.next());
        const QByteArray payload = q.value(0).toByteArray();
        q.finish();
        const events::DecodeResult original = serializer.decode(payload, {});
        QVERIFY2(original.ok(), qPrintable(original.error.message));
        auto created = original.decoded.event.as<events::TaskCreated>();
        QVERIFY(created);
        const events::EncodeResult same =
            serializer.encode(original.decoded.event, events::WireFormat::AvroSingleObject);
        created->header.eventId = QUuid::createUuid();
        const events::EncodeResult replayed =
            serializer.encode(events::Event::from(*created), events::WireFormat::AvroSingleObject);
        KafkaProducer p;
        QVERIFY(p.open(KafkaConfig(broker.bootstrapServers())));
        QSignalSpy acked(&p, &KafkaProducer::delivered);
        QVERIFY(
            p.produce(QStringLiteral("todo.tasks.events"), same.record.key, same.record.value, same.record.headers));
        QVERIFY(p.produce(QStringLiteral("todo.tasks.events"), replayed.record.key, replayed.record.value,
                          replayed.record.headers));
        QTRY_COMPARE_WITH_TIMEOUT(acked.size(), 2, 30000);

        // The replay is processed (new event id), the redelivery is a ledger duplicate.
        QTRY_VERIFY_WITH_TIMEOUT(runner->metrics().processed == 2 && runner->metrics().duplicates == 1, 60000);
        QCOMPARE(reminders(t.value().id, QStringLiteral("pending")), 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders")), 2);
        QCOMPARE(outboxEvents(ScheduledType), 2);
    }

    void changedDueDateReschedulesAndCompletionDismisses()
    {
        // The commands come from a user through the API; the dismissals are the scheduler's, for her.
        const events::ActorScope byUser(events::Actor{user.toString(QUuid::WithoutBraces), QStringLiteral("api")});
        const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(3600);
        const auto t = tasks->create(user, {{QStringLiteral("title"), QStringLiteral("report")},
                                            {QStringLiteral("due_date"), iso(due)},
                                            {QStringLiteral("remind_before_minutes"), QJsonArray{10}}});
        QVERIFY(t.ok());
        QTRY_COMPARE_WITH_TIMEOUT(reminders(t.value().id, QStringLiteral("pending")), 1, 60000);
        QString why;
        store::ReminderStore store(db.get());
        const QUuid first = store.forTask(t.value().id).valueOr({}).first().id;

        // A title change alone leaves the reminders alone.
        QVERIFY(
            tasks->update(user, t.value().id, {{QStringLiteral("title"), QStringLiteral("quarterly report")}}).ok());
        const QDateTime later = due.addSecs(24 * 3600);
        QVERIFY(tasks->update(user, t.value().id, {{QStringLiteral("due_date"), iso(later)}}).ok());
        QTRY_COMPARE_WITH_TIMEOUT(runner->metrics().processed, quint64(3), 60000);
        QCOMPARE(reminders(t.value().id, QStringLiteral("pending")), 1);
        QCOMPARE(reminders(t.value().id, QStringLiteral("dismissed")), 1);
        QCOMPARE(store.find(first).valueOr(std::nullopt)->status, QStringLiteral("dismissed"));
        const store::Reminder moved = store.forTask(t.value().id).valueOr({}).last();
        QVERIFY(moved.isPending());
        QCOMPARE(moved.remindAt.toMSecsSinceEpoch(),
                 QDateTime::fromString(iso(later), Qt::ISODateWithMs).toMSecsSinceEpoch() - 10 * 60000);
        QCOMPARE(moved.title, QStringLiteral("quarterly report"));

        // New offsets: the 10-minute reminder goes, 30 and 120 minutes come.
        QVERIFY(
            tasks->update(user, t.value().id, {{QStringLiteral("remind_before_minutes"), QJsonArray{30, 120}}}).ok());
        QTRY_COMPARE_WITH_TIMEOUT(runner->metrics().processed, quint64(4), 60000);
        QCOMPARE(reminders(t.value().id, QStringLiteral("pending")), 2);
        QCOMPARE(reminders(t.value().id, QStringLiteral("dismissed")), 2);

        QVERIFY(tasks->complete(user, t.value().id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(runner->metrics().processed, quint64(5), 60000);
        QCOMPARE(reminders(t.value().id, QStringLiteral("pending")), 0);
        QCOMPARE(reminders(t.value().id, QStringLiteral("dismissed")), 4);
        QCOMPARE(outboxEvents(ScheduledType), 4);
        QCOMPARE(outboxEvents(DismissedType), 4);
        // Each dismissal says why, and that the scheduler did it on the user's behalf.
        const auto reasons = dismissals(t.value().id);
        QCOMPARE(reasons.size(), 4);
        QCOMPARE(reasons[0].first, QStringLiteral("due_date_changed"));
        QCOMPARE(reasons[1].first, QStringLiteral("reminder_offsets_changed"));
        QCOMPARE(reasons[2].first, QStringLiteral("task_completed"));
        QCOMPARE(reasons[3].first, QStringLiteral("task_completed"));
        for (const auto &w : reasons)
            QCOMPARE(w.second, (events::Actor{user.toString(QUuid::WithoutBraces),
                                              QStringLiteral("worker:reminder-scheduler-cg")}));

        // Deleting another task dismisses its reminders too.
        const auto d = tasks->create(
            user, {{QStringLiteral("title"), QStringLiteral("to delete")}, {QStringLiteral("due_date"), iso(due)}});
        QVERIFY(d.ok());
        QTRY_COMPARE_WITH_TIMEOUT(reminders(d.value().id, QStringLiteral("pending")), 1, 60000);
        QVERIFY(tasks->remove(user, d.value().id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(reminders(d.value().id, QStringLiteral("dismissed")), 1, 60000);
        QCOMPARE(reminders(d.value().id, QStringLiteral("pending")), 0);
        QCOMPARE(dismissals(d.value().id).size(), 1);
        QCOMPARE(dismissals(d.value().id).first().first, QStringLiteral("task_deleted"));
    }

    void dueTaskGetsNoRemindersButAPassedOffsetStillFires()
    {
        // Due in 5 minutes with a 15-minute offset: the reminder's time has passed but the task is
        // still ahead, so it is scheduled (the trigger fires it at once, late).
        const auto soon =
            tasks->create(user, {{QStringLiteral("title"), QStringLiteral("soon")},
                                 {QStringLiteral("due_date"), iso(QDateTime::currentDateTimeUtc().addSecs(300))}});
        const auto past =
            tasks->create(user, {{QStringLiteral("title"), QStringLiteral("overdue")},
                                 {QStringLiteral("due_date"), iso(QDateTime::currentDateTimeUtc().addSecs(-3600))}});
        QVERIFY(soon.ok() && past.ok());
        QTRY_COMPARE_WITH_TIMEOUT(runner->metrics().processed, quint64(2), 60000);
        QCOMPARE(reminders(soon.value().id, QStringLiteral("pending")), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM reminders WHERE task_id = '%1'")
                           .arg(past.value().id.toString(QUuid::WithoutBraces))),
                 0);
    }
};

QTEST_GUILESS_MAIN(TestReminderScheduler)
#include "tst_reminderscheduler.moc"
