#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "processing/EventRecords.h"
#include "services/OutboxRelay.h"
#include "services/RecurringTaskWorker.h"
#include "services/TaskBroadcaster.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "store/UserSettingsStore.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;

/// The recurring-task worker and the task broadcaster as the daemon runs them: TaskService
/// writes tasks and outbox rows, the relay publishes to the embedded broker over TCP, each worker
/// consumes in its catalog group and publishes through the same outbox. SQLite or PostgreSQL.
class TestWorkers : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<TaskService> tasks;
    std::unique_ptr<OutboxRelay> relay;
    std::unique_ptr<RecurringTaskWorker> recurring;
    std::unique_ptr<TaskBroadcaster> broadcaster;
    std::vector<std::unique_ptr<processing::ConsumerRunner>> runners;
    const QTimeZone berlin{"Europe/Berlin"};
    // Tasks are completed on 2026-10-01 00:00Z unless a test says otherwise: before their due dates.
    ManualClock clock{QDateTime(QDate(2026, 10, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch()};

    static QDateTime utc(const char *iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toUTC();
    }

    void startRunner(Worker &w)
    {
        const ConsumerGroupSpec *spec = TopicCatalog::builtin().consumerGroup(w.group());
        QVERIFY(spec);
        processing::RunnerOptions o;
        o.group = spec->name;
        o.topics = spec->topics;
        o.kafka = KafkaConfig(broker.bootstrapServers());
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        auto r = std::make_unique<processing::ConsumerRunner>(db.get(), o);
        w.install(*r);
        connect(r.get(), &processing::ConsumerRunner::batchCommitted, relay.get(), &OutboxRelay::wake);
        KafkaError e;
        QVERIFY2(r->start(&e), qPrintable(e.toString()));
        runners.push_back(std::move(r));
    }

    store::Task createTask(const QUuid &user, const QJsonObject &in)
    {
        const Result<store::Task> r = tasks->create(user, in);
        if (!r.ok())
            qWarning("create: %s", qPrintable(r.error().message));
        return r.value();
    }

    /// Instances created from \a parent, by id.
    QList<store::Task> children(const QUuid &parent)
    {
        QList<store::Task> out;
        QSqlQuery q(db->db());
        q.prepare(QStringLiteral("SELECT id FROM tasks WHERE parent_task_id = ?"));
        q.addBindValue(parent.toString(QUuid::WithoutBraces));
        if (!q.exec())
            return out;
        store::TaskStore ts(db.get());
        while (q.next()) {
            if (auto t = ts.find(QUuid::fromString(q.value(0).toString())).valueOr(std::nullopt))
                out << *t;
        }
        return out;
    }

    /// Completes \a t and waits for its next instance (or until the worker handled the completion).
    std::optional<store::Task> completeAndGetNext(const store::Task &t)
    {
        const quint64 createdBefore = recurring->created(), endedBefore = recurring->seriesEnded();
        const Result<store::Task> done = tasks->complete(t.userId, t.id);
        if (!done.ok()) {
            qWarning("complete: %s", qPrintable(done.error().message));
            return std::nullopt;
        }
        if (!QTest::qWaitFor(
                [&] { return recurring->created() > createdBefore || recurring->seriesEnded() > endedBefore; }, 60000))
            return std::nullopt;
        const QList<store::Task> next = children(t.id);
        if (next.size() != 1)
            return std::nullopt;
        return next.first();
    }

    QList<events::TaskChanged> broadcastsFor(const QUuid &user, int expected)
    {
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("reader"))));
        Collector got(&c);
        readFromBeginning(c, QStringLiteral("todo.task_updates.broadcast"),
                          TopicCatalog::builtin().topic(QStringLiteral("todo.task_updates.broadcast"))->partitions);
        QList<events::TaskChanged> mine;
        const QByteArray key = user.toString(QUuid::WithoutBraces).toUtf8();
        auto collect = [&] {
            mine.clear();
            for (const KafkaMessage &m : std::as_const(got.messages)) {
                if (m.key != key)
                    continue;
                const events::DecodeResult d = processing::decode(serializer, m);
                if (d.ok())
                    if (auto tc = d.decoded.event.as<events::TaskChanged>())
                        mine << *tc;
            }
            return mine.size() >= expected;
        };
        (void)QTest::qWaitFor(collect, 60000); // the callers compare what arrived with what they expect
        // Once the outbox is empty every broadcast is acknowledged: read up to the log end, where a
        // duplicate would be.
        const QString topic = QStringLiteral("todo.task_updates.broadcast");
        QString why;
        if (!testsupport::waitForOutboxDrained(db.get(), 60000, &why) ||
            !got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions))
            qWarning("could not read %s to its end: %s", qPrintable(topic), qPrintable(why));
        collect();
        c.close();
        return mine;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(berlin.isValid());
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        tasks = std::make_unique<TaskService>(db.get(), &serializer);
        tasks->setClock(&clock);
        tasks->setDefaultZone(berlin);
        relay = std::make_unique<OutboxRelay>(db.get(), KafkaConfig(broker.bootstrapServers()));
        connect(tasks.get(), &TaskService::outboxAppended, relay.get(), &OutboxRelay::wake);
        KafkaError e;
        QVERIFY2(relay->start(&e), qPrintable(e.toString()));
        RecurringTaskOptions ro;
        ro.zone = berlin;
        recurring = std::make_unique<RecurringTaskWorker>(&serializer, ro);
        broadcaster = std::make_unique<TaskBroadcaster>(&serializer);
        startRunner(*recurring);
        startRunner(*broadcaster);
    }
    void cleanupTestCase()
    {
        for (auto &r : runners)
            r->stop();
        runners.clear();
        relay->stop(5000);
        relay.reset();
        tasks.reset();
        db.reset();
        broker.stop();
    }

    void presetsRecurOnceWithFieldsCarriedOver_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QDateTime>("due");
        QTest::addColumn<QDateTime>("nextDue");
        QTest::newRow("daily") << "daily" << utc("2026-11-02T08:00:00Z") << utc("2026-11-03T08:00:00Z");
        QTest::newRow("weekly") << "weekly" << utc("2026-11-02T08:00:00Z") << utc("2026-11-09T08:00:00Z");
        QTest::newRow("monthly") << "monthly" << utc("2026-11-02T08:00:00Z") << utc("2026-12-02T08:00:00Z");
        // Month ends clamp: Jan 31 -> Feb 28 (2027 is no leap year).
        QTest::newRow("monthly-31st") << "monthly" << utc("2027-01-31T09:00:00Z") << utc("2027-02-28T09:00:00Z");
        // 09:00 in Berlin stays 09:00 when summer time ends on 2026-10-25 (07:00Z -> 08:00Z).
        QTest::newRow("daily-across-dst") << "daily" << utc("2026-10-24T07:00:00Z") << utc("2026-10-25T08:00:00Z");
    }
    void presetsRecurOnceWithFieldsCarriedOver()
    {
        QFETCH(QString, pattern);
        QFETCH(QDateTime, due);
        QFETCH(QDateTime, nextDue);
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("water the plants")},
                                                {QStringLiteral("description"), QStringLiteral("the ferns too")},
                                                {QStringLiteral("priority"), QStringLiteral("High")},
                                                {QStringLiteral("tags"), QJsonArray{QStringLiteral("home")}},
                                                {QStringLiteral("remind_before_minutes"), QJsonArray{30}},
                                                {QStringLiteral("due_date"), due.toString(Qt::ISODate)},
                                                {QStringLiteral("recurrence_pattern"), pattern}});
        QVERIFY(!t.id.isNull());
        const std::optional<store::Task> next = completeAndGetNext(t);
        QVERIFY(next);
        QCOMPARE(next->dueDate, std::optional<QDateTime>(nextDue));
        QCOMPARE(next->userId, user);
        QCOMPARE(next->title, t.title);
        QCOMPARE(next->description, t.description);
        QCOMPARE(next->priority, QStringLiteral("High"));
        QCOMPARE(next->tags, QStringList{QStringLiteral("home")});
        QCOMPARE(next->remindBeforeMinutes, QList<int>{30});
        QCOMPARE(next->status, QStringLiteral("pending"));
        QVERIFY(next->isRecurring());
        QCOMPARE(next->parentTaskId, std::optional<QUuid>(t.id));
    }

    void countEndsTheSeriesAndInstancesChain()
    {
        const QUuid user = QUuid::createUuid();
        const store::Task first =
            createTask(user, {{QStringLiteral("title"), QStringLiteral("three standups")},
                              {QStringLiteral("due_date"), QStringLiteral("2026-12-01T08:00:00Z")},
                              {QStringLiteral("recurrence_pattern"), QStringLiteral("FREQ=DAILY;COUNT=3")}});
        const std::optional<store::Task> second = completeAndGetNext(first);
        QVERIFY(second);
        QCOMPARE(second->dueDate, std::optional<QDateTime>(utc("2026-12-02T08:00:00Z")));
        const std::optional<store::Task> third = completeAndGetNext(*second);
        QVERIFY(third);
        QCOMPARE(third->dueDate, std::optional<QDateTime>(utc("2026-12-03T08:00:00Z")));
        const quint64 ended = recurring->seriesEnded();
        QVERIFY(tasks->complete(user, third->id).ok());
        QTRY_COMPARE_WITH_TIMEOUT(recurring->seriesEnded(), ended + 1, 60000);
        QVERIFY(children(third->id).isEmpty());
    }

    void replayedCompletionCreatesNoSecondInstance()
    {
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("pay rent")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-12-01T08:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("monthly")}});
        QVERIFY(completeAndGetNext(t));
        const std::optional<store::Task> completed = store::TaskStore(db.get()).find(t.id).valueOr(std::nullopt);
        QVERIFY(completed && completed->completedAt);
        // The same completion again under a new event id (as a replay from another source would
        // bring it): the ledger does not know it, the derived instance id does.
        events::TaskCompleted again;
        again.header = {QUuid::createUuid(), QDateTime::currentDateTimeUtc()};
        again.id = t.id;
        again.userId = user;
        again.completedAt = *completed->completedAt;
        again.recurrencePattern = t.recurrencePattern;
        again.dueDate = t.dueDate;
        const Result<store::OutboxRecord> rec = makeOutboxRecord(serializer, events::Event::from(again));
        QVERIFY2(rec.ok(), qPrintable(rec.error().message));
        store::OutboxStore outbox(db.get());
        QVERIFY(outbox.append(*rec).ok());
        relay->wake();
        processing::ConsumerRunner *runner = runners.front().get();
        const quint64 processed = runner->metrics().processed;
        QTRY_VERIFY_WITH_TIMEOUT(runner->metrics().processed > processed, 60000);
        QCOMPARE(children(t.id).size(), 1);
    }

    void ruleThatNeverOccursGoesToTheDlqOutsideTheTransaction()
    {
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("impossible")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-12-01T08:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("daily")}});
        QVERIFY(!t.id.isNull());
        // A rule stored before the API refused rules that never occur (libical used to search
        // until the year 2582 for it, holding the batch's transaction meanwhile).
        const QString never = QStringLiteral("FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30");
        QSqlQuery q(db->db());
        QVERIFY(q.prepare(QStringLiteral("UPDATE tasks SET recurrence_pattern = ? WHERE id = ?")));
        q.addBindValue(never);
        q.addBindValue(t.id.toString(QUuid::WithoutBraces));
        QVERIFY2(q.exec(), qPrintable(q.lastError().text()));

        processing::ConsumerRunner *runner = runners.front().get();
        QCOMPARE(runner->options().group, recurring->group());
        QSignalSpy dead(runner, &processing::ConsumerRunner::deadLettered);
        QVERIFY(tasks->complete(user, t.id).ok());
        QVERIFY(dead.wait(60000) || !dead.isEmpty());
        const auto failure = dead.first().at(1).value<processing::FailureInfo>();
        QCOMPARE(failure.errorClass, QStringLiteral("recurrence"));
        QVERIFY2(failure.message.contains(never), qPrintable(failure.message));
        QVERIFY(children(t.id).isEmpty());
        QCOMPARE(recurring->searchesInTransaction(), quint64(0));

        // The group goes on with the next completion.
        const store::Task daily =
            createTask(user, {{QStringLiteral("title"), QStringLiteral("possible")},
                              {QStringLiteral("due_date"), QStringLiteral("2026-12-01T08:00:00Z")},
                              {QStringLiteral("recurrence_pattern"), QStringLiteral("daily")}});
        QVERIFY(completeAndGetNext(daily));
    }

    // Completed days late, a daily 09:00 (Berlin) recurs the next 09:00 after the completion,
    // not on the day after its due date (which lies in the past).
    void overdueCompletionRecursAfterTheCompletion()
    {
        ManualClock late(utc("2026-10-05T12:00:00Z").toMSecsSinceEpoch());
        tasks->setClock(&late);
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("feed the cat")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-10-02T07:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("daily")}});
        const std::optional<store::Task> next = completeAndGetNext(t);
        tasks->setClock(&clock);
        QVERIFY(next);
        QCOMPARE(next->dueDate, std::optional<QDateTime>(utc("2026-10-06T07:00:00Z")));
        QCOMPARE(next->recurrenceAnchor, QStringLiteral("due"));
    }

    // "every!": counted from the completion (a Tuesday), not from the due date (a Friday).
    void completionAnchorRecursFromTheCompletion()
    {
        ManualClock tuesday(utc("2026-10-06T10:00:00Z").toMSecsSinceEpoch());
        tasks->setClock(&tuesday);
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("clean the bike")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-10-09T07:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("weekly")},
                                                {QStringLiteral("recurrence_anchor"), QStringLiteral("completion")}});
        QCOMPARE(t.recurrenceAnchor, QStringLiteral("completion"));
        const std::optional<store::Task> next = completeAndGetNext(t);
        tasks->setClock(&clock);
        QVERIFY(next);
        QCOMPARE(next->dueDate, std::optional<QDateTime>(utc("2026-10-13T07:00:00Z"))); // Tuesday 09:00 Berlin
        QCOMPARE(next->recurrenceAnchor, QStringLiteral("completion"));
    }

    // The owner's zone, not the daemon's: 09:00 New York stays 09:00 there when its summer time
    // ends (2026-11-01), which Berlin's (a week earlier) would not give.
    void theOwnersTimeZoneGovernsTheSeries()
    {
        const QUuid user = QUuid::createUuid();
        store::UserSettings settings;
        settings.timeZone = QStringLiteral("America/New_York");
        QVERIFY(store::UserSettingsStore(db.get()).put(user, settings, QDateTime::currentDateTimeUtc()).ok());
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("call mum")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-10-31T13:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("daily")}});
        const std::optional<store::Task> next = completeAndGetNext(t);
        QVERIFY(next);
        QCOMPARE(next->dueDate, std::optional<QDateTime>(utc("2026-11-01T14:00:00Z")));
    }

    // Edited for this occurrence only (moved a day, retitled), the next instance still follows the
    // series: its title, and its day counted from the series' due date.
    void anOccurrenceEditStaysWithTheOccurrence()
    {
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("team meeting")},
                                                {QStringLiteral("due_date"), QStringLiteral("2026-10-05T07:00:00Z")},
                                                {QStringLiteral("recurrence_pattern"), QStringLiteral("weekly")}});
        const Result<store::Task> moved =
            tasks->updateOccurrence(user, t.id,
                                    {{QStringLiteral("title"), QStringLiteral("team meeting (room B)")},
                                     {QStringLiteral("due_date"), QStringLiteral("2026-10-06T07:00:00Z")}});
        QVERIFY2(moved.ok(), qPrintable(moved.error().message));
        const std::optional<store::Task> next = completeAndGetNext(*moved);
        QVERIFY(next);
        QCOMPARE(next->title, QStringLiteral("team meeting"));
        QCOMPARE(next->dueDate, std::optional<QDateTime>(utc("2026-10-12T07:00:00Z")));
        QVERIFY(next->seriesValues.isEmpty());

        // A series edit goes on to the instances after it.
        QVERIFY(tasks
                    ->update(user, next->id,
                             {{QStringLiteral("title"), QStringLiteral("jour fixe")},
                              {QStringLiteral("priority"), QStringLiteral("High")}})
                    .ok());
        const std::optional<store::Task> third = completeAndGetNext(*store::TaskStore(db.get()).find(next->id).value());
        QVERIFY(third);
        QCOMPARE(third->title, QStringLiteral("jour fixe"));
        QCOMPARE(third->priority, QStringLiteral("High"));
        QCOMPARE(third->dueDate, std::optional<QDateTime>(utc("2026-10-19T07:00:00Z")));
    }

    void everyTaskChangeIsBroadcastInOrderWithSnapshot()
    {
        const QUuid user = QUuid::createUuid();
        const store::Task t = createTask(user, {{QStringLiteral("title"), QStringLiteral("draft")},
                                                {QStringLiteral("tags"), QJsonArray{QStringLiteral("work")}}});
        QVERIFY(tasks->update(user, t.id, {{QStringLiteral("title"), QStringLiteral("final")}}).ok());
        QVERIFY(tasks->complete(user, t.id).ok());
        QVERIFY(tasks->remove(user, t.id).ok());

        const QList<events::TaskChanged> got = broadcastsFor(user, 4);
        QCOMPARE(got.size(), 4); // one per change, none twice
        QList<events::ChangeType> kinds;
        for (const events::TaskChanged &c : got) {
            kinds << c.changeType;
            QCOMPARE(c.userId, user);
            QCOMPARE(c.taskId, t.id);
            QVERIFY(c.sourceEventId);
        }
        QCOMPARE(kinds, (QList<events::ChangeType>{events::ChangeType::Created, events::ChangeType::Updated,
                                                   events::ChangeType::Completed, events::ChangeType::Deleted}));
        QVERIFY(got[0].task);
        QCOMPARE(got[0].task->task.title, QStringLiteral("draft"));
        QVERIFY(got[0].changedFields.contains(QStringLiteral("tags")));
        QCOMPARE(got[1].changedFields, QStringList{QStringLiteral("title")});
        QVERIFY(got[1].task);
        QCOMPARE(got[1].task->task.title, QStringLiteral("final"));
        QCOMPARE(got[1].task->task.tags, QStringList{QStringLiteral("work")});
        QCOMPARE(got[2].changedFields, QStringList{QStringLiteral("completed_at")});
        QVERIFY(got[2].task && got[2].task->completedAt);
        QVERIFY(!got[3].task);
    }
};

QTEST_GUILESS_MAIN(TestWorkers)
#include "tst_workers.moc"
