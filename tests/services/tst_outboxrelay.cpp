#include "common/Clock.h"
#include "events/AsyncEventCodec.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/DlqTools.h"
#include "processing/EventRecords.h"
#include "services/OutboxAdmin.h"
#include "services/OutboxRelay.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "support/FakeSchemaRegistry.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QSqlError>
#include <QTimer>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;
using testsupport::FakeRegistry;

namespace {
/// Counts the warnings of the outbox relay that contain a text, and passes every message on.
class WarningCounter
{
public:
    explicit WarningCounter(QString text) : m_text(std::move(text))
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&WarningCounter::handle);
    }
    ~WarningCounter()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    int count() const
    {
        QMutexLocker lock(&m_mutex);
        return m_count;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext &context, const QString &msg)
    {
        if (WarningCounter *self = s_current) {
            if (type == QtWarningMsg && qstrcmp(context.category, "taskstream.outbox") == 0 &&
                msg.contains(self->m_text)) {
                QMutexLocker lock(&self->m_mutex);
                ++self->m_count;
            }
            self->m_previous(type, context, msg);
        }
    }
    static inline WarningCounter *s_current = nullptr;
    QString m_text;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    int m_count = 0;
};
/// An outbox row of \a key whose type and payload name \a step.
store::OutboxRecord record(const QByteArray &key, const QString &step)
{
    store::OutboxRecord r;
    r.eventId = QUuid::createUuid();
    r.eventType = QStringLiteral("com.todo.events.") + step;
    r.topic = QStringLiteral("todo.tasks.events");
    r.key = key;
    r.payload = step.toUtf8();
    r.headers = {{QStringLiteral("ce_id"), r.eventId.toString(QUuid::WithoutBraces).toUtf8()},
                 {QStringLiteral("ce_type"), r.eventType.toUtf8()}};
    r.createdAt = QDateTime::currentDateTimeUtc();
    return r;
}
} // namespace

/// The outbox relay against the embedded broker over TCP, on SQLite or PostgreSQL.
class TestOutboxRelay : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<TaskService> tasks;
    const QUuid user = QUuid::createUuid();

    /// Everything on todo.tasks.events once the outbox has nothing pending (every row published
    /// was acknowledged): read up to the log end from then on, so a record published twice is
    /// among what this returns.
    QList<KafkaMessage> readAll(int expected)
    {
        const QString topic = QStringLiteral("todo.tasks.events");
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("reader"))));
        Collector got(&c);
        readFromBeginning(c, topic, TopicCatalog::builtin().topic(topic)->partitions);
        got.waitFor(expected, 60000);
        QString why;
        if (!testsupport::waitForOutboxDrained(db.get(), 60000, &why)) {
            qWarning("rows still pending in the outbox: %s", qPrintable(why));
            return {};
        }
        if (!got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions)) {
            qWarning("could not read %s to its end", qPrintable(topic));
            return {};
        }
        c.close();
        return got.messages;
    }

    /// Everything on \a topic up to its log end, once \a expected records arrived.
    QList<KafkaMessage> readTopic(const QString &topic, int expected)
    {
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("reader"))));
        Collector got(&c);
        readFromBeginning(c, topic, TopicCatalog::builtin().topic(topic)->partitions);
        got.waitFor(expected, 60000);
        if (!got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions))
            qWarning("could not read %s to its end", qPrintable(topic));
        c.close();
        return got.messages;
    }

    qint64 deadLetteredAt(qint64 seq)
    {
        QSqlQuery q(db->db());
        if (!q.exec(QStringLiteral("SELECT dead_lettered_at FROM outbox WHERE seq = %1").arg(seq)) || !q.next())
            return -2;
        return q.value(0).isNull() ? -1 : q.value(0).toLongLong();
    }

    /// The distinct event ids (ce_id) of \a msgs.
    static QSet<QByteArray> eventIds(const QList<KafkaMessage> &msgs)
    {
        QSet<QByteArray> ids;
        for (const KafkaMessage &m : msgs)
            ids.insert(headerValue(m.headers, QStringLiteral("ce_id")));
        return ids;
    }

    /// Each task's event types (TaskCreated, ...) in the order they arrived.
    static QHash<QByteArray, QStringList> typesPerTask(const QList<KafkaMessage> &msgs)
    {
        QHash<QByteArray, QStringList> perTask;
        for (const KafkaMessage &m : msgs)
            perTask[m.key].append(
                QString::fromUtf8(headerValue(m.headers, QStringLiteral("ce_type"))).section(QLatin1Char('.'), -1));
        return perTask;
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
    }
    void cleanup()
    {
        tasks.reset();
        db.reset();
        broker.stop();
    }

    void publishesEveryCommittedEventOnceWithCloudEventsHeaders()
    {
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        KafkaError e;
        QVERIFY2(relay.start(&e), qPrintable(e.toString()));
        QSet<QString> ids;
        for (int i = 0; i < 200; ++i) {
            const auto r =
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("task %1").arg(i)}});
            QVERIFY(r.ok());
            ids.insert(r->id.toString(QUuid::WithoutBraces));
        }
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 200; }, 30000));
        QString why;
        store::OutboxStore outbox(db.get());
        QCOMPARE(outbox.stats().valueOr({}).pending, 0);
        // Recorded as sent: past the cursor on SQLite, marked row by row on PostgreSQL.
        QSqlQuery sent(db->db());
        QVERIFY(sent.exec(
            db->kind() == store::Database::Kind::SQLite
                ? QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status = 'pending' AND "
                                 "seq <= (SELECT sent_through FROM outbox_cursor)")
                : QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status = 'sent' AND sent_at IS NOT NULL")));
        QVERIFY(sent.next());
        QCOMPARE(sent.value(0).toInt(), 200);

        const QList<KafkaMessage> msgs = readAll(200);
        QCOMPARE(msgs.size(), 200);
        for (const KafkaMessage &m : msgs) {
            QVERIFY(ids.contains(QString::fromUtf8(m.key)));
            QCOMPARE(headerValue(m.headers, QStringLiteral("ce_type")), QByteArray("com.todo.events.TaskCreated"));
            QCOMPARE(headerValue(m.headers, QStringLiteral("ce_specversion")), QByteArray("1.0"));
            QVERIFY(!headerValue(m.headers, QStringLiteral("ce_id")).isEmpty());
            QVERIFY(!headerValue(m.headers, QStringLiteral("ce_time")).isEmpty());
            QVERIFY(!headerValue(m.headers, QStringLiteral("content-type")).isEmpty());
            const events::DecodeResult d = processing::decode(serializer, m);
            QVERIFY2(d.ok(), qPrintable(d.error.message));
            const auto created = d.decoded.event.as<events::TaskCreated>();
            QVERIFY(created);
            QCOMPARE(created->task.id.toString(QUuid::WithoutBraces).toUtf8(), m.key);
            QCOMPARE(created->header.eventId.toString(QUuid::WithoutBraces).toUtf8(),
                     headerValue(m.headers, QStringLiteral("ce_id")));
        }
        relay.stop(5000);
    }

    void kafkaDownCommandsSucceedAndEventsArriveInOrderLater()
    {
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QVERIFY(relay.start(nullptr));
        QVERIFY(!broker.setBrokerDown(-1).isError());

        // Every command commits while Kafka is away; none waits for it.
        QList<QUuid> ids;
        for (int i = 0; i < 300; ++i) {
            const auto r =
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("offline %1").arg(i)}});
            QVERIFY2(r.ok(), qPrintable(r.error().message));
            ids.append(r->id);
        }
        for (int i = 0; i < 300; ++i) {
            QVERIFY(
                tasks->update(user, ids[i], QJsonObject{{QStringLiteral("title"), QStringLiteral("renamed %1").arg(i)}})
                    .ok());
            if (i % 2 == 0)
                QVERIFY(tasks->complete(user, ids[i]).ok());
        }
        // The relay hands records to the producer; none can be acknowledged.
        QVERIFY(QTest::qWaitFor([&] { return relay.inFlightCount() > 0; }, 30000));
        QCOMPARE(relay.publishedCount(), 0);

        QVERIFY(!broker.setBrokerUp(-1).isError());
        const int expected = 300 + 300 + 150;
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == expected; }, 60000));
        const QList<KafkaMessage> msgs = readAll(expected);
        QCOMPARE(msgs.size(), expected);
        // Per task: created, updated, (completed) in that order; nothing twice.
        const QHash<QByteArray, QStringList> perTask = typesPerTask(msgs);
        QCOMPARE(eventIds(msgs).size(), expected);
        for (int i = 0; i < 300; ++i) {
            QStringList want{QStringLiteral("TaskCreated"), QStringLiteral("TaskUpdated")};
            if (i % 2 == 0)
                want << QStringLiteral("TaskCompleted");
            QCOMPARE(perTask.value(ids[i].toString(QUuid::WithoutBraces).toUtf8()), want);
        }
        relay.stop(5000);
    }

    void undeliverableRecordIsMarkedFailedAndOthersFlow()
    {
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("message.max.bytes"), QStringLiteral("3000"));
        OutboxRelay relay(db.get(), cfg);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QSignalSpy failed(&relay, &OutboxRelay::recordFailed);
        QVERIFY(relay.start(nullptr));
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("small before")}}).ok());
        QVERIFY(tasks
                    ->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("huge")},
                                               {QStringLiteral("description"), QString(9000, QLatin1Char('d'))}})
                    .ok());
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("small after")}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 2 && failed.size() == 1; }, 30000));
        QVERIFY2(failed.first().at(1).toString().contains(QLatin1String("MSG_SIZE_TOO_LARGE")),
                 qPrintable(failed.first().at(1).toString()));
        QString why;
        store::OutboxStore outbox(db.get());
        const auto rows = outbox.failed(10).valueOr({});
        QCOMPARE(rows.size(), 1);
        QVERIFY(rows.first().lastError.contains(QLatin1String("MSG_SIZE_TOO_LARGE")));
        QVERIFY(rows.first().failedAt.has_value());
        QCOMPARE(relay.failedCount(), qint64(1));
        QCOMPARE(outbox.stats().valueOr({}).pending, 0);
        QCOMPARE(outbox.stats().valueOr({}).failed, 1);
        relay.stop(5000);

        // With the cause fixed, the retried record goes out once; the others are not sent again.
        const QList<qint64> retried = outbox.retryFailed({rows.first().seq}).valueOr({});
        QCOMPARE(retried.size(), 1);
        QVERIFY2(retried.first() > 0, qPrintable(why));
        QCOMPARE(outbox.stats().valueOr({}).pending, 1);
        OutboxRelay fixed(db.get(), KafkaConfig(broker.bootstrapServers()));
        QVERIFY(fixed.start(nullptr));
        QVERIFY(QTest::qWaitFor([&] { return fixed.publishedCount() == 1; }, 30000));
        const QList<KafkaMessage> msgs = readAll(3);
        QCOMPARE(msgs.size(), 3);
        QVERIFY(eventIds(msgs).contains(rows.first().eventId.toString(QUuid::WithoutBraces).toUtf8()));
        QCOMPARE(outbox.stats().valueOr({}).pending, 0);
        QCOMPARE(outbox.stats().valueOr({}).failed, 0);
        fixed.stop(5000);
        relay.stop(5000);
    }

    void registryDownEventsWaitThenGoOutConfluentFramed()
    {
        FakeRegistry registry;
        QVERIFY(registry.listen());
        registry.mode = FakeRegistry::Backend500; // the registry is unavailable at first
        events::CodecConfig cc;
        cc.schemaRegistryUrl = registry.url();
        cc.registryTimeoutMs = 2000;
        events::AsyncEventCodec codec(cc);
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        relay.setCodec(&codec);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QVERIFY(relay.start(nullptr));
        for (int i = 0; i < 20; ++i)
            QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("reg %1").arg(i)}}).ok());
        // A second request to the registry means the relay has had the first failure and backs off.
        QVERIFY(QTest::qWaitFor([&] { return registry.requests.size() >= 2; }, 30000));
        QCOMPARE(relay.publishedCount(), qint64(0));
        QCOMPARE(relay.failedCount(), qint64(0));
        QString why;
        store::OutboxStore outbox(db.get());
        QCOMPARE(outbox.stats().valueOr({}).pending, 20);

        registry.mode = FakeRegistry::Normal;
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 20; }, 60000));
        const QList<KafkaMessage> msgs = readAll(20);
        QCOMPARE(msgs.size(), 20);
        events::AsyncEventCodec reader(cc);
        for (const KafkaMessage &m : msgs) {
            QCOMPARE(m.value.at(0), char(0)); // Confluent magic byte
            QCOMPARE(headerValue(m.headers, QStringLiteral("content-type")),
                     events::cloudevents::AvroConfluentContentType);
            QSignalSpy decoded(&reader, &events::AsyncEventCodec::decoded);
            reader.decode(m.value, m.headers);
            QVERIFY(decoded.wait(10000));
            const auto r = decoded.first().at(1).value<events::DecodeResult>();
            QVERIFY2(r.ok(), qPrintable(r.error.message));
            QVERIFY(r.decoded.event.as<events::TaskCreated>()->task.title.startsWith(QLatin1String("reg ")));
        }
        relay.stop(5000);
    }

    void jsonWireFormat()
    {
        events::CodecConfig cc;
        cc.format = events::WireFormat::CloudEventsJson;
        events::AsyncEventCodec codec(cc);
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        relay.setCodec(&codec);
        QVERIFY(relay.start(nullptr));
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("as json")}}).ok());
        relay.wake();
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 1; }, 30000));
        const QList<KafkaMessage> msgs = readAll(1);
        QCOMPARE(msgs.size(), 1);
        const QJsonObject ce = QJsonDocument::fromJson(msgs.first().value).object();
        QCOMPARE(ce.value(QLatin1String("type")).toString(), QStringLiteral("com.todo.events.TaskCreated"));
        QCOMPARE(ce.value(QLatin1String("specversion")).toString(), QStringLiteral("1.0"));
        QCOMPARE(ce.value(QLatin1String("data")).toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("as json"));
        relay.stop(5000);
    }

    void pendingRowsFromAnEarlierRunArePublishedAtStart()
    {
        // Rows committed while no relay ran (e.g. the process died before publishing).
        for (int i = 0; i < 50; ++i)
            QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("left %1").arg(i)}}).ok());
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        QVERIFY(relay.start(nullptr));
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 50; }, 30000));
        QCOMPARE(readAll(50).size(), 50);
        relay.stop(5000);
    }

    void theNextRelayPublishesOnlyWhatIsNew()
    {
        for (int i = 0; i < 100; ++i)
            QVERIFY(
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("first %1").arg(i)}}).ok());
        {
            OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
            QVERIFY(relay.start(nullptr));
            QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 100; }, 30000));
            relay.stop(5000);
        }
        for (int i = 0; i < 20; ++i)
            QVERIFY(
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("second %1").arg(i)}}).ok());
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        QVERIFY(relay.start(nullptr));
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 20; }, 30000));
        QCOMPARE(readAll(120).size(), 120);
        QCOMPARE(relay.publishedCount(), qint64(20));
        QString why;
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).pending, 0);
        relay.stop(5000);
    }

    void rowsBehindAWaitingRowAreMarkedSoTheQueueStaysBounded()
    {
        // One broker down with the producer's default (retry until delivered): records for its
        // partitions wait, the others are acknowledged. The relay's queue stays bounded, and what
        // was acknowledged is recorded, so the next relay publishes only the waiting ones.
        OutboxRelayOptions options;
        options.maxInFlight = 40;
        options.batchSize = 20;
        auto relay = std::make_unique<OutboxRelay>(db.get(), KafkaConfig(broker.bootstrapServers()), options);
        connect(tasks.get(), &TaskService::outboxAppended, relay.get(), &OutboxRelay::wake);
        QVERIFY(relay->start(nullptr));
        // Broker 2 leads one partition of six: a sixth of the records wait.
        for (int p = 0; p < 6; ++p)
            QVERIFY(!broker.setPartitionLeader(QStringLiteral("todo.tasks.events"), p, p == 0 ? 2 : 1).isError());
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("warm")}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay->publishedCount() == 1; }, 20000));
        QVERIFY(!broker.setBrokerDown(2).isError());
        for (int i = 0; i < 300; ++i)
            QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("held %1").arg(i)}}).ok());
        // The other partitions' records go out past the waiting ones, until the in-flight limit is
        // all waiting records.
        const bool held = QTest::qWaitFor(
            [&] {
                return relay->publishedCount() > 1 + 2 * options.maxInFlight &&
                       relay->inFlightCount() == options.maxInFlight;
            },
            30000);
        QVERIFY2(
            held,
            qPrintable(
                QStringLiteral("published %1, in flight %2").arg(relay->publishedCount()).arg(relay->inFlightCount())));
        // Past twice maxInFlight behind the waiting row, the acknowledged rows are marked one by one.
        const auto markedRows = [&] {
            QSqlQuery q(db->db());
            return q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")) && q.next()
                       ? q.value(0).toInt()
                       : -1;
        };
        QVERIFY(QTest::qWaitFor([&] { return markedRows() > 0; }, 10000));
        relay->stop(200); // the waiting records stay pending
        const qint64 before = relay->publishedCount();
        QVERIFY2(before < 301, "every record was delivered: no partition lost its leader");
        relay.reset();

        QVERIFY(!broker.setBrokerUp(2).isError());
        OutboxRelay next(db.get(), KafkaConfig(broker.bootstrapServers()), options);
        QVERIFY(next.start(nullptr));
        QVERIFY(QTest::qWaitFor([&] { return next.publishedCount() >= 301 - before; }, 60000));
        const QList<KafkaMessage> msgs = readAll(301);
        QCOMPARE(eventIds(msgs).size(), 301);
        // Only the waiting ones were published again (a record in flight when the first relay
        // stopped may have been delivered without its report: at most maxInFlight of those).
        QVERIFY2(msgs.size() - 301 <= options.maxInFlight, qPrintable(QString::number(msgs.size())));
        QString why;
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).pending, 0);
        next.stop(5000);
    }

    void timedOutRecordsArePublishedAgainOnceEachInOrder()
    {
        // Under a user-set message.timeout.ms, records for partitions whose leader is down time
        // out while the others are delivered. The relay publishes the timed-out ones again, in
        // order, and not the ones delivered after them.
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("message.timeout.ms"), QStringLiteral("1500"));
        OutboxRelay relay(db.get(), cfg);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QVERIFY(relay.start(nullptr));
        // Broker 2 leads one partition of six (the embedded broker's own choice may give it none).
        for (int p = 0; p < 6; ++p)
            QVERIFY(!broker.setPartitionLeader(QStringLiteral("todo.tasks.events"), p, p == 0 ? 2 : 1).isError());
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("warm")}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 1; }, 20000));
        QVERIFY(!broker.setBrokerDown(2).isError());
        QList<QUuid> ids;
        for (int i = 0; i < 200; ++i) {
            const auto r =
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("timed %1").arg(i)}});
            QVERIFY(r.ok());
            ids.append(r->id);
            QVERIFY(
                tasks->update(user, r->id, QJsonObject{{QStringLiteral("title"), QStringLiteral("again %1").arg(i)}})
                    .ok());
        }
        // Some are delivered, and the rest time out at least once.
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() > 1; }, 20000));
        QTest::qWait(2500); // librdkafka times records out on its own clock: outlast message.timeout.ms once
        QVERIFY2(relay.publishedCount() < 401, "every record was delivered: no partition lost its leader");
        QVERIFY(!broker.setBrokerUp(2).isError());
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 401; }, 60000));

        const QList<KafkaMessage> msgs = readAll(401);
        const QHash<QByteArray, QStringList> perTask = typesPerTask(msgs);
        QCOMPARE(eventIds(msgs).size(), 401);
        QCOMPARE(msgs.size(), 401);
        for (const QUuid &id : std::as_const(ids))
            QCOMPARE(perTask.value(id.toString(QUuid::WithoutBraces).toUtf8()),
                     (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskUpdated")}));
        QString why;
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).pending, 0);
        relay.stop(5000);
    }
    void aFailureThatCannotBeRecordedHoldsTheCursor()
    {
        // The database refuses to mark a row failed: the row stays pending, the sent cursor does
        // not pass it and pruning does not delete it; once the database takes the mark, it is
        // recorded and reported, and the cursor moves on.
        QSqlQuery ddl(db->db());
        const bool sqlite = db->kind() == store::Database::Kind::SQLite;
        if (sqlite) {
            QVERIFY2(
                ddl.exec(QStringLiteral("CREATE TRIGGER refuse_failed BEFORE UPDATE OF status ON outbox WHEN "
                                        "NEW.status = 'failed' BEGIN SELECT RAISE(ABORT, 'refused by test'); END")),
                qPrintable(ddl.lastError().text()));
        } else {
            QVERIFY2(ddl.exec(QStringLiteral("CREATE FUNCTION refuse_failed() RETURNS trigger LANGUAGE plpgsql AS $$ "
                                             "BEGIN IF NEW.status = 'failed' THEN RAISE EXCEPTION 'refused by test'; "
                                             "END IF; RETURN NEW; END $$")),
                     qPrintable(ddl.lastError().text()));
            QVERIFY2(ddl.exec(QStringLiteral("CREATE TRIGGER refuse_failed BEFORE UPDATE ON outbox FOR EACH ROW "
                                             "EXECUTE FUNCTION refuse_failed()")),
                     qPrintable(ddl.lastError().text()));
        }
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("message.max.bytes"), QStringLiteral("3000"));
        OutboxRelay relay(db.get(), cfg);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QSignalSpy failed(&relay, &OutboxRelay::recordFailed);
        QVERIFY(relay.start(nullptr));
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("small before")}}).ok());
        QVERIFY(tasks
                    ->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("huge")},
                                               {QStringLiteral("description"), QString(9000, QLatin1Char('d'))}})
                    .ok());
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("small after")}}).ok());
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT MIN(seq), MAX(seq) FROM outbox")) && q.next());
        const qint64 hugeSeq = q.value(0).toLongLong() + 1;
        const qint64 lastSeq = q.value(1).toLongLong();
        q.finish(); // no read snapshot left open on this connection
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 2; }, 30000));

        QCOMPARE(relay.failedCount(), qint64(0));
        QCOMPARE(failed.size(), 0);
        const auto statusOf = [&](qint64 seq) {
            QSqlQuery s(db->db());
            return s.exec(QStringLiteral("SELECT status FROM outbox WHERE seq = %1").arg(seq)) && s.next()
                       ? s.value(0).toString()
                       : QStringLiteral("(gone)");
        };
        const auto cursor = [&] {
            QSqlQuery c(db->db());
            return c.exec(QStringLiteral("SELECT sent_through FROM outbox_cursor")) && c.next()
                       ? c.value(0).toLongLong()
                       : -1;
        };
        QCOMPARE(statusOf(hugeSeq), QStringLiteral("pending"));
        if (sqlite)
            QVERIFY2(cursor() < hugeSeq, qPrintable(QString::number(cursor())));
        // Pruning everything old enough deletes no row that is still pending.
        store::OutboxStore outbox(db.get());
        const Result<int> pruned = outbox.pruneSent(QDateTime::currentDateTimeUtc().addDays(1));
        QVERIFY2(pruned.ok(), pruned.ok() ? "" : qPrintable(pruned.error().message));
        QCOMPARE(statusOf(hugeSeq), QStringLiteral("pending"));
        QCOMPARE(outbox.stats().valueOr({}).pending, 1 + (sqlite ? 1 : 0)); // SQLite: behind the cursor too

        QVERIFY2(ddl.exec(QStringLiteral("DROP TRIGGER refuse_failed") +
                          (sqlite ? QString() : QStringLiteral(" ON outbox"))),
                 qPrintable(ddl.lastError().text()));
        QVERIFY(QTest::qWaitFor([&] { return failed.size() == 1; }, 30000));
        QCOMPARE(failed.first().at(0).toLongLong(), hugeSeq);
        QCOMPARE(relay.failedCount(), qint64(1));
        QCOMPARE(statusOf(hugeSeq), QStringLiteral("failed"));
        if (sqlite)
            QVERIFY(QTest::qWaitFor([&] { return cursor() == lastSeq; }, 30000));
        QVERIFY(QTest::qWaitFor([&] { return outbox.stats().valueOr({}).pending == 0; }, 30000));
        relay.stop(5000);
    }

    void acknowledgementsAreKeptUntilTheirMarkCommits()
    {
        // The database refuses the write that records deliveries (SQLite: another process holds
        // the write lock, so the transaction cannot begin; PostgreSQL: the UPDATE fails). Nothing
        // counts as published meanwhile, and once the database takes writes again every
        // acknowledged record is recorded, none forgotten.
        for (int i = 0; i < 20; ++i)
            QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("mark %1").arg(i)}}).ok());
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers())); // opens its connection now
        QVERIFY(relay.hasOwnConnection());
        const bool sqlite = db->kind() == store::Database::Kind::SQLite;
        const QString other = uniqueName(QStringLiteral("writer"));
        std::optional<QSqlQuery> ddl;
        {
            QSqlDatabase o = QSqlDatabase::cloneDatabase(db->db(), other);
            QVERIFY2(o.open(), qPrintable(o.lastError().text()));
            ddl.emplace(o);
        }
        if (sqlite) {
            QVERIFY2(ddl->exec(QStringLiteral("BEGIN IMMEDIATE")), qPrintable(ddl->lastError().text()));
        } else {
            QVERIFY2(ddl->exec(QStringLiteral("CREATE FUNCTION refuse_sent() RETURNS trigger LANGUAGE plpgsql AS $$ "
                                              "BEGIN IF NEW.status = 'sent' THEN RAISE EXCEPTION 'refused by test'; "
                                              "END IF; RETURN NEW; END $$")),
                     qPrintable(ddl->lastError().text()));
            QVERIFY2(ddl->exec(QStringLiteral("CREATE TRIGGER refuse_sent BEFORE UPDATE ON outbox FOR EACH ROW "
                                              "EXECUTE FUNCTION refuse_sent()")),
                     qPrintable(ddl->lastError().text()));
        }
        WarningCounter refused(QStringLiteral("records sent"));
        QVERIFY(relay.start(nullptr));
        QVERIFY(QTest::qWaitFor([&] { return refused.count() > 0; }, 60000));
        QCOMPARE(relay.publishedCount(), qint64(0));
        if (sqlite)
            QVERIFY2(ddl->exec(QStringLiteral("ROLLBACK")), qPrintable(ddl->lastError().text()));
        else
            QVERIFY2(ddl->exec(QStringLiteral("DROP TRIGGER refuse_sent ON outbox")),
                     qPrintable(ddl->lastError().text()));
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 20; }, 60000));
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).pending, 0);
        QCOMPARE(readAll(20).size(), 20);
        relay.stop(5000);
        ddl.reset();
        QSqlDatabase::removeDatabase(other);
    }

    void refusalsAnOperatorFixesAreRetriedInOrder()
    {
        // Produce requests refused with TOPIC_AUTHORIZATION_FAILED (an ACL being reconciled): no
        // record is marked failed; they wait with a backoff, are counted and logged once, and go
        // out in order per task once the broker accepts them.
        ManualClock clock(QDateTime::currentMSecsSinceEpoch());
        OutboxRelayOptions options;
        options.clock = &clock;
        options.retryBackoffMs = 1000;
        options.retryLogIntervalMs = 3600 * 1000;
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()), options);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        WarningCounter logged(QStringLiteral("refused by Kafka (TOPIC_AUTHORIZATION_FAILED"));
        QVERIFY(relay.start(nullptr));
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("warm")}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 1; }, 20000));

        constexpr int kTopicAuthorizationFailed = 29;
        broker.pushRequestErrors(0 /* Produce */,
                                 {kTopicAuthorizationFailed, kTopicAuthorizationFailed, kTopicAuthorizationFailed});
        QList<QUuid> ids;
        for (int i = 0; i < 10; ++i) {
            const auto r = tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("acl %1").arg(i)}});
            QVERIFY(r.ok());
            ids.append(r->id);
        }
        for (int round = 0; round < 3; ++round)
            for (const QUuid &id : std::as_const(ids))
                QVERIFY(tasks
                            ->update(user, id,
                                     QJsonObject{{QStringLiteral("title"), QStringLiteral("round %1").arg(round)}})
                            .ok());
        const auto retries = [&] { return relay.publishRetries().value(QStringLiteral("TOPIC_AUTHORIZATION_FAILED")); };
        // Held: refused at least once, nothing in flight, the clock not moved.
        QVERIFY(QTest::qWaitFor([&] { return retries() > 0 && relay.inFlightCount() == 0; }, 30000));
        QCOMPARE(relay.failedCount(), qint64(0));
        QCOMPARE(logged.count(), 1);
        QVERIFY(store::OutboxStore(db.get()).stats().valueOr({}).pending > 0);

        // The backoff passes (on the relay's clock) until every refusal is used up.
        QVERIFY(QTest::qWaitFor(
            [&] {
                clock.advance(options.retryBackoffMs);
                return relay.publishedCount() == 41;
            },
            60000));
        QCOMPARE(relay.failedCount(), qint64(0));
        QVERIFY2(retries() >= 3, qPrintable(QString::number(retries()))); // each refused request held records
        QCOMPARE(logged.count(), 1);                                      // one line per interval, not per record
        const QList<KafkaMessage> msgs = readAll(41);
        QCOMPARE(eventIds(msgs).size(), 41);
        const QHash<QByteArray, QStringList> perTask = typesPerTask(msgs);
        for (const QUuid &id : std::as_const(ids))
            QCOMPARE(perTask.value(id.toString(QUuid::WithoutBraces).toUtf8()),
                     (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskUpdated"),
                                  QStringLiteral("TaskUpdated"), QStringLiteral("TaskUpdated")}));
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).failed, 0);
        relay.stop(5000);
    }

    void aDeliveryFailureIsPublishedAgainBeforeLaterRowsOfItsKey()
    {
        // A produce request refused with an error that is neither about the record nor fixed by
        // an operator (POLICY_VIOLATION here): the rows in it stay pending and go out again. Rows
        // committed after them for the same task, in requests of their own (linger.ms=0), must
        // not reach Kafka first: per task, each event's first appearance is in commit order.
        KafkaConfig config(broker.bootstrapServers());
        config.set(QStringLiteral("linger.ms"), QStringLiteral("0"));
        OutboxRelay relay(db.get(), config);
        connect(tasks.get(), &TaskService::outboxAppended, &relay, &OutboxRelay::wake);
        QVERIFY(relay.start(nullptr));
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("warm")}}).ok());
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() == 1; }, 20000));

        constexpr int kPolicyViolation = 44;
        constexpr int kTasks = 6;
        constexpr int kSteps = 8;
        broker.pushRequestErrors(0 /* Produce */, {kPolicyViolation});
        QList<QUuid> ids;
        for (int i = 0; i < kTasks; ++i) {
            const auto r = tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("0")}});
            QVERIFY(r.ok());
            ids.append(r->id);
        }
        for (int step = 1; step < kSteps; ++step) {
            for (const QUuid &id : std::as_const(ids))
                QVERIFY(tasks->update(user, id, QJsonObject{{QStringLiteral("title"), QString::number(step)}}).ok());
            // Each round in requests of its own, while earlier ones may still be in flight.
            QCoreApplication::processEvents();
        }
        const int expected = 1 + kTasks * kSteps;
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() >= expected; }, 30000));
        const QList<KafkaMessage> msgs = readAll(expected);
        QCOMPARE(eventIds(msgs).size(), expected);
        QHash<QByteArray, QList<int>> steps;
        QSet<QByteArray> seen;
        for (const KafkaMessage &m : msgs) {
            const QByteArray ceId = headerValue(m.headers, QStringLiteral("ce_id"));
            if (seen.contains(ceId))
                continue;
            seen.insert(ceId);
            const events::DecodeResult d = processing::decode(serializer, m);
            QVERIFY2(d.ok(), qPrintable(d.error.message));
            if (const auto c = d.decoded.event.as<events::TaskCreated>())
                steps[m.key].append(c->task.title.toInt());
            else if (const auto u = d.decoded.event.as<events::TaskUpdated>())
                steps[m.key].append(u->title.value_or(QString()).toInt());
        }
        QList<int> inOrder;
        for (int step = 0; step < kSteps; ++step)
            inOrder.append(step);
        for (const QUuid &id : std::as_const(ids))
            QCOMPARE(steps.value(id.toString(QUuid::WithoutBraces).toUtf8()), inOrder);
        relay.stop(5000);
    }

    void postgresPublishesALateCommitBeforeLaterRowsOfItsKey()
    {
        if (db->kind() != store::Database::Kind::PostgreSQL)
            QSKIP("SQLite has one writer at a time: seq order is commit order");
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        QVERIFY(relay.start(nullptr));
        store::OutboxStore outbox(db.get());
        // Steady load on other keys, committed one by one, for the whole test.
        int fillers = 0;
        QTimer load;
        load.setInterval(2);
        connect(&load, &QTimer::timeout, this, [&] {
            if (outbox.append(record("filler-" + QByteArray::number(fillers % 7), QStringLiteral("Filler"))).ok())
                ++fillers;
            relay.wake();
        });
        load.start();
        QVERIFY(QTest::qWaitFor([&] { return relay.publishedCount() >= 20; }, 30000));

        // A slow writer: its row draws a seq, then it takes its time to commit.
        QString why;
        auto slow = store::Database::open(db->url(), &why);
        QVERIFY2(slow, qPrintable(why));
        QVERIFY(slow->begin().ok());
        QVERIFY(store::OutboxStore(slow.get()).append(record("the-key", QStringLiteral("First"))).ok());
        QSqlQuery q(slow->db());
        QVERIFY(q.exec(QStringLiteral("SELECT currval('outbox_seq_seq')")) && q.next());
        const qint64 firstSeq = q.value(0).toLongLong();
        QVERIFY(outbox.append(record("the-key", QStringLiteral("Second"))).ok());
        QVERIFY(outbox.append(record("the-key", QStringLiteral("Third"))).ok());
        QSqlQuery last(db->db());
        QVERIFY(last.exec(QStringLiteral("SELECT MAX(seq) FROM outbox")) && last.next());
        const qint64 thirdSeq = last.value(0).toLongLong();
        const auto statusOfStep = [&](const QString &step) {
            QSqlQuery s(db->db());
            return s.exec(
                       QStringLiteral("SELECT status FROM outbox WHERE event_type = 'com.todo.events.%1'").arg(step)) &&
                           s.next()
                       ? s.value(0).toString()
                       : QString();
        };
        // The relay has seen 50 more rows drawn after them, committed under load.
        QVERIFY(QTest::qWaitFor([&] { return relay.seenDrawnThrough() >= thirdSeq + 50; }, 30000));
        QCOMPARE(statusOfStep(QStringLiteral("Second")), QStringLiteral("pending"));
        QCOMPARE(statusOfStep(QStringLiteral("Third")), QStringLiteral("pending"));
        QVERIFY(relay.commitWatermark() < firstSeq);

        QVERIFY(slow->commit().ok());
        // Published while the load goes on, not only once the relay is idle.
        QVERIFY(QTest::qWaitFor([&] { return statusOfStep(QStringLiteral("Third")) == QLatin1String("sent"); }, 30000));
        QVERIFY(load.isActive());
        load.stop();
        const int expected = 3 + fillers;
        const QList<KafkaMessage> msgs = readAll(expected);
        QCOMPARE(eventIds(msgs).size(), expected);
        QCOMPARE(typesPerTask(msgs).value("the-key"),
                 (QStringList{QStringLiteral("First"), QStringLiteral("Second"), QStringLiteral("Third")}));
        relay.stop(5000);
    }

    void postgresWaitsForAWriterNewerThanEveryCommittedTransaction()
    {
        if (db->kind() != store::Database::Kind::PostgreSQL)
            QSKIP("SQLite has one writer at a time: seq order is commit order");
        // Two writers draw seqs and stay open while no other transaction ends: both transaction
        // ids are newer than the last one that completed, so a snapshot lists neither as running.
        // The second commits first. Its row must wait for the first one's, and so must every later
        // row of the first one's key.
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        QVERIFY(relay.start(nullptr));
        QString why;
        auto first = store::Database::open(db->url(), &why);
        QVERIFY2(first, qPrintable(why));
        auto second = store::Database::open(db->url(), &why);
        QVERIFY2(second, qPrintable(why));
        QVERIFY(first->begin().ok());
        QVERIFY(store::OutboxStore(first.get()).append(record("the-key", QStringLiteral("First"))).ok());
        QVERIFY(second->begin().ok());
        QVERIFY(store::OutboxStore(second.get()).append(record("other-key", QStringLiteral("Other"))).ok());
        relay.wake(); // the horizon is taken while both are open
        QVERIFY(second->commit().ok());
        relay.wake();
        QVERIFY(first->commit().ok());
        QVERIFY(store::OutboxStore(db.get()).append(record("the-key", QStringLiteral("Second"))).ok());
        relay.wake();
        const QList<KafkaMessage> msgs = readAll(3);
        QCOMPARE(eventIds(msgs).size(), 3);
        QCOMPARE(typesPerTask(msgs).value("the-key"), (QStringList{QStringLiteral("First"), QStringLiteral("Second")}));
        relay.stop(5000);
    }

    void postgresCommitsOfAnotherProcessWakeTheRelay()
    {
        if (db->kind() != store::Database::Kind::PostgreSQL)
            QSKIP("SQLite has one process per file, whose commits wake its relay directly");
        OutboxRelayOptions options;
        options.scanIntervalMs = 3600 * 1000; // no scan comes within the test: only a notification can wake it
        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()), options);
        QVERIFY(relay.start(nullptr));
        QVERIFY(relay.isLeader());
        QVERIFY(readAll(0).isEmpty()); // the relay's first look, at start, is over
        // Another process's commits: a connection of its own, and nothing here calls wake().
        QString why;
        auto other = store::Database::open(db->url(), &why);
        QVERIFY2(other, qPrintable(why));
        QVERIFY(store::OutboxStore(other.get()).append(record("the-key", QStringLiteral("First"))).ok());
        QCOMPARE(eventIds(readAll(1)).size(), 1);
        QVERIFY(other->begin().ok());
        QVERIFY(store::OutboxStore(other.get()).append(record("the-key", QStringLiteral("Second"))).ok());
        QVERIFY(store::OutboxStore(other.get()).append(record("the-key", QStringLiteral("Third"))).ok());
        QVERIFY(other->commit().ok());
        const QList<KafkaMessage> msgs = readAll(3);
        QCOMPARE(typesPerTask(msgs).value("the-key"),
                 (QStringList{QStringLiteral("First"), QStringLiteral("Second"), QStringLiteral("Third")}));
        relay.stop(5000);
    }

    void retryFindsAFailedRecordBySeqAmongMany()
    {
        // More failed records than any listing returns: the oldest is still found and retried.
        QSqlQuery q(db->db());
        const bool sqlite = db->kind() == store::Database::Kind::SQLite;
        const QString fill =
            sqlite
                ? QStringLiteral(
                      "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100001) INSERT "
                      "INTO outbox (event_id, event_type, topic, record_key, payload, headers, created_at, status, "
                      "last_error, failed_at) SELECT 'e' || i, 't', 'todo.tasks.events', x'00', x'00', x'', 0, "
                      "'failed', 'x', 0 FROM n")
                : QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload, headers, "
                                 "created_at, status, last_error, failed_at) SELECT 'e' || i, 't', "
                                 "'todo.tasks.events', '\\x00'::bytea, '\\x00'::bytea, ''::bytea, 0, 'failed', 'x', 0 "
                                 "FROM generate_series(1, 100001) AS i");
        QVERIFY2(q.exec(fill), qPrintable(q.lastError().text()));
        QVERIFY(q.exec(QStringLiteral("SELECT MIN(seq), MAX(seq) FROM outbox")) && q.next());
        const qint64 oldest = q.value(0).toLongLong();
        const qint64 newest = q.value(1).toLongLong();
        OutboxAdmin admin(db.get());
        QSignalSpy retried(&admin, &OutboxAdmin::retried);
        const Result<qint64> again = admin.retry(oldest);
        QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
        QVERIFY(*again > newest); // at the end of the outbox
        QCOMPARE(retried.size(), 1);
        QCOMPARE(store::OutboxStore(db.get()).stats().valueOr({}).pending, 1);
        QCOMPARE(admin.retry(oldest).error().kind, Error::Kind::NotFound);
        QCOMPARE(admin.retry(newest + 1000).error().kind, Error::Kind::NotFound);
        QCOMPARE(retried.size(), 1);
    }

    // A record Kafka refuses for good is marked failed and also written to its topic's DLQ
    // (todo.tasks.events.dlq), once, with what failed; too large for the DLQ as well, without its
    // value, which the outbox row keeps. A relay started later does not write it again.
    void undeliverableRecordGoesToItsTopicsDeadLetterQueue()
    {
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("message.max.bytes"), QStringLiteral("3000"));
        auto relay = std::make_unique<OutboxRelay>(db.get(), cfg);
        connect(tasks.get(), &TaskService::outboxAppended, relay.get(), &OutboxRelay::wake);
        QSignalSpy deadLettered(relay.get(), &OutboxRelay::recordDeadLettered);
        QVERIFY(relay->start(nullptr));
        // The user acted through the API: the dead letter says so too.
        const events::ActorScope byUser(events::Actor{user.toString(QUuid::WithoutBraces), QStringLiteral("api")});
        QVERIFY(tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("small")}}).ok());
        const auto huge =
            tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("huge")},
                                            {QStringLiteral("description"), QString(9000, QLatin1Char('d'))}});
        QVERIFY(huge.ok());
        QVERIFY(deadLettered.wait(30000) || deadLettered.size() == 1);
        QCOMPARE(deadLettered.size(), 1);
        QCOMPARE(deadLettered.first().at(1).toString(), QStringLiteral("todo.tasks.events.dlq"));
        const qint64 seq = deadLettered.first().at(0).toLongLong();
        QVERIFY(deadLetteredAt(seq) > 0);
        QCOMPARE(relay->deadLetteredCount(), qint64(1));

        const QList<KafkaMessage> dlq = readTopic(QStringLiteral("todo.tasks.events.dlq"), 1);
        QCOMPARE(dlq.size(), 1);
        const KafkaMessage &m = dlq.first();
        QCOMPARE(m.key, huge.value().id.toString(QUuid::WithoutBraces).toUtf8());
        QVERIFY(m.value.isEmpty());
        QVERIFY(headerValue(m.headers, QStringLiteral("dlq.value.omitted")).contains("MSG_SIZE_TOO_LARGE"));
        QCOMPARE(headerValue(m.headers, QStringLiteral("dlq.original.topic")), QByteArray("todo.tasks.events"));
        QCOMPARE(headerValue(m.headers, QStringLiteral("dlq.outbox.seq")), QByteArray::number(seq));
        QCOMPARE(headerValue(m.headers, QStringLiteral("dlq.error.class")), QByteArray("outbox.undeliverable"));
        QVERIFY(headerValue(m.headers, QStringLiteral("dlq.error.message")).contains("MSG_SIZE_TOO_LARGE"));
        QCOMPARE(headerValue(m.headers, QStringLiteral("ce_type")), QByteArray("com.todo.events.TaskCreated"));
        QCOMPARE(headerValue(m.headers, QStringLiteral("ce_actor")), user.toString(QUuid::WithoutBraces).toUtf8());
        QCOMPARE(headerValue(m.headers, QStringLiteral("ce_actorsource")), QByteArray("api"));
        relay.reset();

        // A new relay writes only what is not in the DLQ yet: the next failure, not the first again.
        relay = std::make_unique<OutboxRelay>(db.get(), cfg);
        connect(tasks.get(), &TaskService::outboxAppended, relay.get(), &OutboxRelay::wake);
        QSignalSpy again(relay.get(), &OutboxRelay::recordDeadLettered);
        QVERIFY(relay->start(nullptr));
        QVERIFY(tasks
                    ->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("huge too")},
                                               {QStringLiteral("description"), QString(9000, QLatin1Char('e'))}})
                    .ok());
        QVERIFY(again.wait(30000) || again.size() == 1);
        QCOMPARE(again.size(), 1);
        QVERIFY(again.first().at(0).toLongLong() != seq);
        QCOMPARE(readTopic(QStringLiteral("todo.tasks.events.dlq"), 2).size(), 2);
        relay.reset();
    }

    // A row marked failed that is not in its DLQ yet (a crash between the two, or a row failed
    // before this version) is written when the relay starts, with its value, and decodes.
    void failedRowIsDeadLetteredAtStart()
    {
        events::ReminderDismissed ev;
        ev.header = {QUuid::createUuid(), QDateTime::fromMSecsSinceEpoch(1795000700000, Qt::UTC)};
        ev.reminder = {QUuid::createUuid(), QUuid::createUuid(), user,
                       QDateTime::fromMSecsSinceEpoch(1795000600000, Qt::UTC)};
        ev.dismissedAt = ev.header.occurredAt;
        ev.reason = QStringLiteral("user");
        const Result<store::OutboxRecord> rec = makeOutboxRecord(serializer, events::Event::from(ev));
        QVERIFY(rec.ok());
        store::OutboxStore outbox(db.get());
        QVERIFY(outbox.append(*rec).ok());
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("SELECT MAX(seq) FROM outbox")) && q.next());
        const qint64 seq = q.value(0).toLongLong();
        q.finish();
        QVERIFY(outbox.markFailed(seq, QStringLiteral("schema registry: incompatible schema")).ok());
        QCOMPARE(deadLetteredAt(seq), qint64(-1));

        OutboxRelay relay(db.get(), KafkaConfig(broker.bootstrapServers()));
        QSignalSpy deadLettered(&relay, &OutboxRelay::recordDeadLettered);
        QVERIFY(relay.start(nullptr));
        QVERIFY(deadLettered.wait(30000) || deadLettered.size() == 1);
        QCOMPARE(deadLettered.first().at(0).toLongLong(), seq);
        QCOMPARE(deadLettered.first().at(1).toString(), QStringLiteral("todo.reminders.events.dlq"));
        QVERIFY(deadLetteredAt(seq) > 0);
        const QList<KafkaMessage> dlq = readTopic(QStringLiteral("todo.reminders.events.dlq"), 1);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq.first().key, ev.reminder.reminderId.toString(QUuid::WithoutBraces).toUtf8());
        QVERIFY(headerValue(dlq.first().headers, QStringLiteral("dlq.value.omitted")).isNull());
        const events::DecodeResult d = processing::decode(serializer, dlq.first());
        QVERIFY2(d.ok(), qPrintable(d.error.message));
        QCOMPARE(*d.decoded.event.as<events::ReminderDismissed>(), ev);
        QCOMPARE(headerValue(dlq.first().headers, QStringLiteral("dlq.error.message")),
                 QByteArray("schema registry: incompatible schema"));
        // The record is still in the outbox's failed list, where it is retried from; a replay
        // from the DLQ (it was never published: no offset to go back to) says so.
        QCOMPARE(outbox.failed(10).valueOr({}).size(), 1);
        processing::DlqRecord record;
        record.topic = dlq.first().topic;
        record.partition = dlq.first().partition;
        record.offset = dlq.first().offset;
        record.key = dlq.first().key;
        record.value = dlq.first().value;
        record.headers = dlq.first().headers;
        record.info = processing::parseDeadLetterHeaders(record.headers);
        processing::DlqReplayer replayer(db.get(), KafkaConfig(broker.bootstrapServers()));
        QSignalSpy replayed(&replayer, &processing::DlqReplayer::finished);
        replayer.replay(processing::ReplayRequest{QStringLiteral("replay-outbox"), {record}, false, 3});
        QVERIFY(replayed.wait(30000) || replayed.size() == 1);
        const auto report = replayed.first().at(1).value<processing::ReplayReport>();
        QCOMPARE(report.items.size(), 1);
        QCOMPARE(report.items.first().status, processing::ReplayItem::Refused);
        QVERIFY2(report.items.first().reason.contains(QStringLiteral("outbox record %1").arg(seq)),
                 qPrintable(report.items.first().reason));
        relay.stop(5000);
    }
};

QTEST_GUILESS_MAIN(TestOutboxRelay)
#include "tst_outboxrelay.moc"
