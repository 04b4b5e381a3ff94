#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/DeliveryVerifier.h"
#include "services/OutboxRelay.h"
#include "services/TaskBroadcaster.h"
#include "services/TaskService.h"
#include "support/KafkaTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QSignalSpy>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::services;
using namespace testsupport;

namespace {
const QString kGroup = QStringLiteral("task-broadcaster-cg");
const QString kTopic = QStringLiteral("todo.tasks.events");
} // namespace

/// The delivery verifier against a real pipeline: TaskService commits tasks and outbox rows, the
/// relay publishes them to the embedded broker over TCP, the task broadcaster's runner records them
/// in its ledger. Each fault is then written into the database or the topic by hand, and the
/// report must name it. SQLite or PostgreSQL.
class TestDeliveryVerifier : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    events::EventSerializer serializer;
    std::unique_ptr<store::Database> db;
    std::unique_ptr<TaskService> tasks;
    std::unique_ptr<OutboxRelay> relay;
    std::unique_ptr<TaskBroadcaster> broadcaster;
    std::unique_ptr<processing::ConsumerRunner> runner;
    std::unique_ptr<KafkaProducer> producer;
    const QUuid user = QUuid::createUuid();

    qint64 count(const QString &sql, const QVariantList &values)
    {
        store::Database::Statement q = db->statement(sql, store::Database::Reuse::Once);
        for (const QVariant &v : values)
            q.bind(v);
        if (!q.exec() || !q.next())
            return -1;
        return q.int64(0);
    }

    /// Waits until the broadcaster's ledger holds every task event committed since \a sinceMs:
    /// the pipeline is at rest.
    bool waitProcessed(qint64 sinceMs)
    {
        const auto done = [&] {
            const qint64 committed = count(
                QStringLiteral("SELECT COUNT(*) FROM outbox WHERE created_at >= ? AND topic = ?"), {sinceMs, kTopic});
            const qint64 processed = count(QStringLiteral("SELECT COUNT(*) FROM processed_events p JOIN outbox o"
                                                          " ON o.event_id = p.event_id WHERE o.created_at >= ?"
                                                          " AND p.consumer_group = ?"),
                                           {sinceMs, kGroup});
            return committed > 0 && committed == processed;
        };
        return QTest::qWaitFor(done, 30000);
    }

    QList<QUuid> createTasks(int n, int updatesEach)
    {
        QList<QUuid> ids;
        for (int i = 0; i < n; ++i) {
            const Result<store::Task> t =
                tasks->create(user, QJsonObject{{QStringLiteral("title"), QStringLiteral("task %1").arg(i)}});
            if (!t)
                return {};
            ids.append(t->id);
            for (int u = 0; u < updatesEach; ++u)
                if (!tasks->update(user, t->id,
                                   QJsonObject{{QStringLiteral("title"), QStringLiteral("task %1.%2").arg(i).arg(u)}}))
                    return {};
        }
        return ids;
    }

    Result<VerifyReport> verify(qint64 sinceMs)
    {
        VerifyOptions o;
        o.since = QDateTime::fromMSecsSinceEpoch(sinceMs, Qt::UTC);
        o.until = QDateTime::currentDateTimeUtc().addMSecs(1);
        o.groups = {kGroup};
        o.settleMs = 0;
        o.kafka = KafkaConfig(broker.bootstrapServers());
        DeliveryVerifier verifier(db.get(), TopicCatalog::builtin(), o);
        std::optional<Result<VerifyReport>> out;
        connect(&verifier, &DeliveryVerifier::finished, this, [&](const Result<VerifyReport> &r) { out.emplace(r); });
        verifier.start();
        if (!QTest::qWaitFor([&] { return out.has_value(); }, 60000))
            return Error::internal(QStringLiteral("the verifier did not finish"));
        return *out;
    }

    /// Outbox rows for \a key that claim to be sent but were never produced (a relay that marked
    /// a row it had not had acknowledged): inserted and marked in one transaction, so the relay
    /// never sees them pending. Returns their event ids in seq order.
    QList<QUuid> insertSentRows(const QByteArray &key, int n, const QString &eventType)
    {
        QList<QUuid> ids;
        if (!db->begin())
            return {};
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < n; ++i) {
            const QUuid id = QUuid::createUuid();
            const Result<int> r =
                db->statement(
                      QStringLiteral("INSERT INTO outbox (event_id, event_type, topic, record_key, payload,"
                                     " headers, created_at, status, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                      store::Database::Reuse::Once)
                    .bind(id.toString(QUuid::WithoutBraces))
                    .bind(eventType)
                    .bind(kTopic)
                    .bind(key)
                    .bind(QByteArray("x"))
                    .bind(QByteArray(2, '\0')) // an empty header list, not null
                    .bind(now)
                    .bind(QStringLiteral("sent"))
                    .bind(now)
                    .exec();
            if (!r) {
                qWarning("insert: %s", qPrintable(r.error().message));
                db->rollback();
                return {};
            }
            ids.append(id);
        }
        if (db->kind() == store::Database::Kind::SQLite) {
            const Result<int> r =
                db->statement(QStringLiteral("UPDATE outbox_cursor SET sent_through = (SELECT MAX(seq) FROM outbox)"),
                              store::Database::Reuse::Once)
                    .exec();
            if (!r) {
                db->rollback();
                return {};
            }
        }
        if (!db->commit())
            return {};
        return ids;
    }

    /// Produces a record for \a eventId by hand, as a relay would (key, ce_id, ce_type).
    bool produce(const QByteArray &key, const QUuid &eventId, const QString &eventType)
    {
        QSignalSpy delivered(producer.get(), &KafkaProducer::delivered);
        Headers headers;
        setHeader(headers, events::cloudevents::Id, eventId.toString(QUuid::WithoutBraces).toUtf8());
        setHeader(headers, events::cloudevents::Type, eventType.toUtf8());
        producer->produce(kTopic, key, QByteArray("x"), headers);
        return delivered.wait(15000) && delivered.size() == 1;
    }

    static const GroupVerification *group(const VerifyReport &r)
    {
        for (const GroupVerification &g : r.groups)
            if (g.group == kGroup)
                return &g;
        return nullptr;
    }

private slots:
    void initTestCase()
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
        broadcaster = std::make_unique<TaskBroadcaster>(&serializer);
        processing::RunnerOptions o;
        o.group = kGroup;
        o.topics = TopicCatalog::builtin().consumerGroup(kGroup)->topics;
        o.kafka = KafkaConfig(broker.bootstrapServers());
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        runner = std::make_unique<processing::ConsumerRunner>(db.get(), o);
        broadcaster->install(*runner);
        QVERIFY2(runner->start(&e), qPrintable(e.toString()));
        producer = std::make_unique<KafkaProducer>();
        QVERIFY2(producer->open(KafkaConfig(broker.bootstrapServers()), &e), qPrintable(e.toString()));
    }
    void cleanupTestCase()
    {
        producer.reset();
        runner->stop();
        runner.reset();
        relay->stop(5000);
        relay.reset();
        tasks.reset();
        db.reset();
        broker.stop();
    }

    void cleanPipelineReportsNothing()
    {
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(createTasks(4, 2).size(), 4);
        QVERIFY(waitProcessed(since));

        const Result<VerifyReport> r = verify(since);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r->committed, 12);
        QCOMPARE(r->published, 12);
        QCOMPARE(r->orderViolations, 0);
        QCOMPARE(r->markedSentMissing, 0);
        QCOMPARE(r->pendingTooLong, 0);
        const GroupVerification *g = group(*r);
        QVERIFY(g);
        QCOMPARE(g->expected, 12);
        QCOMPARE(g->processed, 12);
        QCOMPARE(g->lost(), 0);
        QCOMPARE(g->duplicateEffects, 0);
        QCOMPARE(g->inFlight, 0);
        QCOMPARE(g->commitToProcessed.count, 12);
        QVERIFY(g->commitToProcessed.max >= g->commitToProcessed.p99);
        QVERIFY(g->commitToProcessed.p99 >= g->commitToProcessed.p50);
        QVERIFY(r->clean());
        QVERIFY(r->toText().contains(QStringLiteral("lost 0")));
        const QJsonObject json = r->toJson();
        QCOMPARE(json.value(QStringLiteral("groups")).toArray().size(), 1);
        QCOMPARE(json.value(QStringLiteral("clean")).toBool(), true);
    }

    void ledgerRowDeletedIsNotProcessed()
    {
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        const QList<QUuid> ids = createTasks(3, 0);
        QCOMPARE(ids.size(), 3);
        QVERIFY(waitProcessed(since));
        // The effect happened but its ledger row is gone: as if the group never recorded it.
        store::Database::Statement pick =
            db->statement(QStringLiteral("SELECT event_id FROM outbox WHERE created_at >= ? ORDER BY seq LIMIT 1"),
                          store::Database::Reuse::Once);
        pick.bind(since);
        QVERIFY(pick.exec());
        QVERIFY(pick.next());
        const QString eventId = pick.value(0).toString();
        const Result<int> deleted =
            db->statement(QStringLiteral("DELETE FROM processed_events WHERE consumer_group = ? AND event_id = ?"),
                          store::Database::Reuse::Once)
                .bind(kGroup)
                .bind(eventId)
                .exec();
        QVERIFY(deleted);
        QCOMPARE(*deleted, 1);

        const Result<VerifyReport> r = verify(since);
        QVERIFY2(r, qPrintable(r.error().message));
        const GroupVerification *g = group(*r);
        QVERIFY(g);
        QCOMPARE(g->expected, 3);
        QCOMPARE(g->processed, 2);
        QCOMPARE(g->notProcessed, 1);
        QCOMPARE(g->notPublished, 0);
        QCOMPARE(g->notProcessedExamples, QStringList{eventId});
        QVERIFY(!r->clean());
        QVERIFY(r->toText().contains(eventId));
    }

    void sentRowNeverProducedIsLost()
    {
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(createTasks(2, 0).size(), 2);
        QVERIFY(waitProcessed(since));
        const QList<QUuid> ghost = insertSentRows(QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8(), 1,
                                                  QString::fromLatin1(events::TaskCreated::TypeName));
        QCOMPARE(ghost.size(), 1);

        const Result<VerifyReport> r = verify(since);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r->committed, 3);
        QCOMPARE(r->published, 2);
        QCOMPARE(r->markedSentMissing, 1);
        const GroupVerification *g = group(*r);
        QVERIFY(g);
        QCOMPARE(g->notPublished, 1);
        QCOMPARE(g->notProcessed, 0);
        QCOMPARE(g->notPublishedExamples, QStringList{ghost.first().toString(QUuid::WithoutBraces)});
        QVERIFY(!r->clean());
    }

    void recordOutOfOrderForAKeyIsAViolation()
    {
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        // Two events of one key, committed first then second, produced second then first, then
        // the first once more. The ledger-free type keeps the broadcaster out of it.
        const QByteArray key = QUuid::createUuid().toString(QUuid::WithoutBraces).toUtf8();
        const QString type = QStringLiteral("com.todo.events.VerifierProbe");
        const QList<QUuid> ids = insertSentRows(key, 2, type);
        QCOMPARE(ids.size(), 2);
        QVERIFY(produce(key, ids.at(1), type));
        QVERIFY(produce(key, ids.at(0), type));
        QVERIFY(produce(key, ids.at(0), type));

        const Result<VerifyReport> r = verify(since);
        QVERIFY2(r, qPrintable(r.error().message));
        QCOMPARE(r->committed, 2);
        QCOMPARE(r->published, 2);
        QCOMPARE(r->orderViolations, 1);
        QCOMPARE(r->orderViolationExamples.size(), 1);
        QVERIFY(r->orderViolationExamples.first().contains(ids.at(0).toString(QUuid::WithoutBraces)));
        QCOMPARE(r->duplicatePublications, 1);
        const GroupVerification *g = group(*r);
        QVERIFY(g);
        QCOMPARE(g->expected, 0); // the broadcaster has no handler for the type: no ledger row is due
        QCOMPARE(g->orderViolations, 1);
        QVERIFY(!r->clean());
    }

    void ledgerCannotHoldADuplicateEffect()
    {
        const qint64 since = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(createTasks(1, 0).size(), 1);
        QVERIFY(waitProcessed(since));
        // The schema forbids a second row for (group, event id): a duplicate effect can never be
        // recorded, and the report says so instead of showing a 0 it could not have measured.
        const Result<int> dup =
            db->statement(QStringLiteral("INSERT INTO processed_events (consumer_group, event_id, topic,"
                                         " kafka_partition, kafka_offset, processed_at) SELECT consumer_group,"
                                         " event_id, topic, kafka_partition, kafka_offset + 1, processed_at FROM"
                                         " processed_events WHERE consumer_group = ? AND processed_at >= ?"),
                          store::Database::Reuse::Once)
                .bind(kGroup)
                .bind(since)
                .exec();
        QVERIFY(!dup);
        QCOMPARE(dup.error().kind, Error::Kind::Conflict);

        const Result<VerifyReport> r = verify(since);
        QVERIFY2(r, qPrintable(r.error().message));
        QVERIFY(r->duplicatesNote.contains(QStringLiteral("primary key")));
        QVERIFY(r->toText().contains(r->duplicatesNote));
    }

    void badInputIsRefused_data()
    {
        QTest::addColumn<qint64>("lengthMs");
        QTest::addColumn<QString>("group");
        QTest::newRow("window ends before it starts") << qint64(-1000) << QString();
        QTest::newRow("group not in the catalog") << qint64(1000) << QStringLiteral("no-such-cg");
    }
    void badInputIsRefused()
    {
        QFETCH(qint64, lengthMs);
        QFETCH(QString, group);
        VerifyOptions o;
        o.since = QDateTime::currentDateTimeUtc();
        o.until = o.since.addMSecs(lengthMs);
        if (!group.isEmpty())
            o.groups = {group};
        o.kafka = KafkaConfig(broker.bootstrapServers());
        DeliveryVerifier verifier(db.get(), TopicCatalog::builtin(), o);
        std::optional<Result<VerifyReport>> out;
        connect(&verifier, &DeliveryVerifier::finished, this, [&](const Result<VerifyReport> &r) { out.emplace(r); });
        verifier.start();
        QVERIFY(!out.has_value()); // finished() follows start(), never inside it
        QVERIFY(QTest::qWaitFor([&] { return out.has_value(); }, 5000));
        QVERIFY(!*out);
        QCOMPARE(out->error().kind, Error::Kind::Invalid);
    }
};

QTEST_MAIN(TestDeliveryVerifier)
#include "tst_deliveryverifier.moc"
