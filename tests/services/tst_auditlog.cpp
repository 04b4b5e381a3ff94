#include "config/TopicCatalog.h"
#include "processing/ConsumerRunner.h"
#include "services/AuditLog.h"
#include "store/AuditStore.h"
#include "support/ProcessingTestSupport.h"
#include "support/SampleEvents.h"
#include "support/TestDatabase.h"

#include <QJsonDocument>
#include <QSqlQuery>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

/// The audit-log-cg worker on the embedded broker over TCP, on SQLite or PostgreSQL.
class TestAuditLog : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    std::unique_ptr<EmbeddedBroker> broker;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;

    std::unique_ptr<processing::ConsumerRunner> runnerFor(services::AuditLog &worker, const QString &group)
    {
        const ConsumerGroupSpec *spec = TopicCatalog::builtin().consumerGroup(worker.group());
        processing::RunnerOptions o;
        o.group = group;
        o.topics = spec->topics;
        o.dlqTopic = TopicCatalog::dlqTopicForGroup(worker.group());
        o.kafka = KafkaConfig(broker->bootstrapServers());
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        auto runner = std::make_unique<processing::ConsumerRunner>(db.get(), o);
        worker.install(*runner);
        return runner;
    }

    /// Every sample event type under a fresh event id (the samples share some ids between variants).
    QList<events::Event> freshSamples()
    {
        QList<events::Event> out;
        for (const auto &row : samples::all()) {
            QVariantMap data = row.second.data();
            data.insert(QStringLiteral("event_id"), QUuid::createUuid().toString(QUuid::WithoutBraces));
            out << events::Event(row.second.type(), data);
            // Every other one says who made it (the rest were written before actors existed).
            if (out.size() % 2 == 1)
                out.last().setActor(
                    {samples::uuid(2).toString(QUuid::WithoutBraces),
                     out.size() % 4 == 1 ? QStringLiteral("api") : QStringLiteral("worker:recurring-task-cg")});
        }
        return out;
    }

    qint64 scalar(const QString &sql)
    {
        QSqlQuery q(db->db());
        if (!q.exec(sql) || !q.next()) {
            qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return -1;
        }
        return q.value(0).toLongLong();
    }

    /// Produces each event to its topic, \a copies times, in Avro and (every third) CloudEvents JSON.
    bool produce(const QList<events::Event> &evs, int copies)
    {
        QHash<QString, QList<events::EncodedRecord>> byTopic;
        int i = 0;
        for (const events::Event &ev : evs) {
            const auto format =
                (i++ % 3 == 2) ? events::WireFormat::CloudEventsJson : events::WireFormat::AvroSingleObject;
            const events::EncodeResult r = serializer.encode(ev, format);
            if (!r.ok()) {
                qWarning("%s", qPrintable(r.error.message));
                return false;
            }
            for (int c = 0; c < copies; ++c)
                byTopic[ev.topic()] << r.record;
        }
        for (auto it = byTopic.cbegin(); it != byTopic.cend(); ++it)
            if (!produceAll(broker->bootstrapServers(), it.key(), it.value()))
                return false;
        return true;
    }

private slots:
    void init()
    {
        broker = std::make_unique<EmbeddedBroker>();
        QVERIFY(broker->start(1));
        QVERIFY(!broker->createTopics(TopicCatalog::builtin()).isError());
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
    }
    void cleanup()
    {
        db.reset();
        broker.reset();
    }

    // Every event of the three topics is stored once, with user and task, also when every record
    // arrives twice; a second group writing the same table adds nothing (the unique event id).
    void everyEventStoredOnce()
    {
        const QList<events::Event> evs = freshSamples();
        QVERIFY(produce(evs, 2));

        services::AuditLog worker(db.get());
        auto runner = runnerFor(worker, worker.group());
        QVERIFY(runner->start());
        const auto &m = runner->metrics();
        QVERIFY2(QTest::qWaitFor([&] { return m.processed + m.duplicates >= quint64(2 * evs.size()); }, 60000),
                 qPrintable(QStringLiteral("processed %1 duplicates %2").arg(m.processed).arg(m.duplicates)));
        QCOMPARE(m.processed, quint64(evs.size()));
        QCOMPARE(m.duplicates, quint64(evs.size()));
        QCOMPARE(m.deadLettered, quint64(0));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_events")), qint64(evs.size()));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(DISTINCT topic) FROM audit_events")), qint64(3));

        const QString user = samples::uuid(2).toString(QUuid::WithoutBraces);
        const QString task = samples::uuid(1).toString(QUuid::WithoutBraces);
        for (const events::Event &ev : evs) {
            QSqlQuery q(db->db());
            QVERIFY(q.prepare(
                QStringLiteral("SELECT event_type, topic, user_id, task_id, occurred_at, payload, kafka_offset,"
                               " actor, actor_source FROM audit_events WHERE event_id = ?")));
            q.addBindValue(ev.eventId().toString(QUuid::WithoutBraces));
            QVERIFY2(q.exec() && q.next(), qPrintable(ev.type()));
            QCOMPARE(q.value(0).toString(), ev.type());
            QCOMPARE(q.value(1).toString(), ev.topic());
            QCOMPARE(q.value(2).toString(), user);
            QCOMPARE(q.value(3).toString(), task);
            QCOMPARE(q.value(4).toLongLong(), ev.occurredAt().toMSecsSinceEpoch());
            QVERIFY(q.value(6).toLongLong() >= 0);
            // Who made it travelled with the record (headers in Avro, attributes in JSON).
            QCOMPARE(q.value(7).isNull(), ev.actor().subject.isEmpty());
            QCOMPARE(q.value(7).toString(), ev.actor().subject);
            QCOMPARE(q.value(8).toString(), ev.actor().source);
            const QJsonObject payload = QJsonDocument::fromJson(q.value(5).toString().toUtf8()).object();
            QCOMPARE(payload.value(QLatin1String("event_id")).toString(), ev.eventId().toString(QUuid::WithoutBraces));
            QCOMPARE(payload.value(QLatin1String("occurred_at")).toString(),
                     ev.occurredAt().toString(Qt::ISODateWithMs));
        }
        runner->stop();

        services::AuditLog second(db.get());
        auto other = runnerFor(second, uniqueName(QStringLiteral("audit-replay")));
        QVERIFY(other->start());
        QVERIFY(QTest::qWaitFor(
            [&] { return other->metrics().processed + other->metrics().duplicates >= quint64(2 * evs.size()); },
            60000));
        QCOMPARE(other->metrics().processed, quint64(evs.size())); // its own ledger knew none of them
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_events")), qint64(evs.size()));
        other->stop();
    }

    // The nested task snapshot names user and task when the top level does not.
    void entryFromNestedTask()
    {
        services::AuditLog worker(db.get());
        const QUuid user = QUuid::createUuid(), task = QUuid::createUuid();
        QVariantMap data{
            {QStringLiteral("event_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("occurred_at"), qint64(1795000000000)},
            {QStringLiteral("task"), QVariantMap{{QStringLiteral("id"), task.toString(QUuid::WithoutBraces)},
                                                 {QStringLiteral("user_id"), user.toString(QUuid::WithoutBraces)}}}};
        KafkaMessage msg;
        msg.topic = QStringLiteral("todo.task_updates.broadcast");
        const store::AuditEntry e =
            worker.entryFor(events::Event(QStringLiteral("com.example.Unregistered"), data), msg, QStringLiteral("x"));
        QCOMPARE(e.userId, user);
        QCOMPARE(e.taskId, task);
        QCOMPARE(e.occurredAt.toMSecsSinceEpoch(), qint64(1795000000000));
        QCOMPARE(e.payload.value(QLatin1String("task")).toObject().value(QLatin1String("id")).toString(),
                 task.toString(QUuid::WithoutBraces));
    }

    // Over the whole log, a word with thousands of matches and a rare one are searched by different
    // plans on SQLite (see AuditStore::search); paging through either returns each match once, in order.
    void searchPagesThroughCommonAndRareWords()
    {
        store::AuditStore audit(db.get());
        const qint64 base = QDateTime::currentMSecsSinceEpoch();
        QString why;
        QVERIFY2(db->begin().ok(), qPrintable(why));
        const int n = 5200;
        for (int i = 0; i < n; ++i) {
            store::AuditEntry e;
            e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            e.eventType = QStringLiteral("com.todo.events.TaskCreated");
            e.topic = QStringLiteral("todo.tasks.events");
            e.userId = QUuid::createUuid();
            e.occurredAt = QDateTime::fromMSecsSinceEpoch(base - (i / 3) * 1000, Qt::UTC); // three per second
            e.recordedAt = e.occurredAt;
            e.payload = QJsonObject{{QStringLiteral("title"), i % 500 == 0 ? QStringLiteral("everywhere seldom")
                                                                           : QStringLiteral("everywhere")}};
            bool inserted = false;
            QVERIFY2((inserted = audit.insert(e).valueOr(false)), qPrintable(why));
        }
        QVERIFY2(db->commit().ok(), qPrintable(why));

        for (const auto &[word, expected] :
             {qMakePair(QStringLiteral("everywhere"), n), qMakePair(QStringLiteral("seldom"), 11)}) {
            store::AuditQuery q;
            q.text = word;
            q.limit = 500;
            QSet<qint64> seen;
            std::optional<QPair<qint64, qint64>> last;
            for (bool more = true; more;) {
                const QList<store::AuditEntry> page = audit.search(q, &more).valueOr({});
                QVERIFY2(why.isEmpty(), qPrintable(why));
                for (const store::AuditEntry &e : page) {
                    const auto key = qMakePair(e.occurredAt.toMSecsSinceEpoch(), e.id);
                    QVERIFY(!last || key < *last); // strictly newest first
                    last = key;
                    seen.insert(e.id);
                }
                q.after = last;
            }
            QCOMPARE(seen.size(), expected);
        }
    }

    // purge(before) removes exactly the older entries, across several batches, and the full-text
    // index forgets them too.
    void purgeRemovesOnlyOlderEntries()
    {
        services::AuditLogOptions opts;
        opts.purgeBatchSize = 3;
        services::AuditLog worker(db.get(), opts);
        store::AuditStore audit(db.get());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QDateTime cut = now.addDays(-90);
        QString why;
        auto add = [&](const QDateTime &at, const QString &word) {
            store::AuditEntry e;
            e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            e.eventType = QStringLiteral("com.todo.events.TaskCreated");
            e.topic = QStringLiteral("todo.tasks.events");
            e.userId = QUuid::createUuid();
            e.occurredAt = at;
            e.recordedAt = now;
            e.payload = QJsonObject{{QStringLiteral("title"), word}};
            bool inserted = false;
            return (inserted = audit.insert(e).valueOr(false)) && inserted;
        };
        for (int i = 0; i < 10; ++i)
            QVERIFY2(add(cut.addSecs(-3600 * (i + 1)), QStringLiteral("ancient")), qPrintable(why));
        QVERIFY(add(cut.addMSecs(-1), QStringLiteral("ancient")));
        QVERIFY(add(cut, QStringLiteral("recent"))); // exactly at the cut: kept
        for (int i = 0; i < 4; ++i)
            QVERIFY(add(now.addSecs(-60 * i), QStringLiteral("recent")));

        QCOMPARE(worker.purge(cut).valueOr(-1), qint64(11));
        QCOMPARE(scalar(QStringLiteral("SELECT COUNT(*) FROM audit_events")), qint64(5));
        QCOMPARE(scalar(QStringLiteral("SELECT MIN(occurred_at) FROM audit_events")), cut.toMSecsSinceEpoch());
        bool more = false;
        store::AuditQuery q;
        q.text = QStringLiteral("ancient");
        QVERIFY(audit.search(q, &more).valueOr({}).isEmpty());
        QVERIFY2(why.isEmpty(), qPrintable(why));
        q.text = QStringLiteral("recent");
        QCOMPARE(audit.search(q, &more).valueOr({}).size(), 5);
        QCOMPARE(worker.purge(cut).valueOr(-1), qint64(0));
    }

    // The retention timer purges in bounded batches on the event loop, by the configured days.
    void retentionTimerPurges()
    {
        services::AuditLogOptions opts;
        opts.retentionDays = 30;
        opts.purgeBatchSize = 2;
        services::AuditLog worker(db.get(), opts);
        store::AuditStore audit(db.get());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        QString why;
        for (int days : {45, 40, 35, 31, 29, 1, 0}) {
            store::AuditEntry e;
            e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
            e.eventType = QStringLiteral("com.todo.events.TaskDeleted");
            e.topic = QStringLiteral("todo.tasks.events");
            e.occurredAt = now.addDays(-days);
            e.recordedAt = now;
            bool inserted = false;
            QVERIFY2((inserted = audit.insert(e).valueOr(false)), qPrintable(why));
        }
        QSignalSpy purged(&worker, &services::AuditLog::purged);
        worker.startRetention();
        QVERIFY(purged.wait(10000));
        QCOMPARE(purged.first().first().toLongLong(), qint64(4));
        QCOMPARE(audit.count().valueOr(-1), qint64(3));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "tst_auditlog.moc"
