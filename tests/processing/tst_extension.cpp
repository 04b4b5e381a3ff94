#include "config/TopicCatalog.h"
#include "events/Event.h"
#include "events/EventCodec.h"
#include "kafka/EmbeddedBroker.h"
#include "processing/ConsumerRunner.h"
#include "processing/DlqTools.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {
const QString CommentedType = QStringLiteral("com.todo.events.TaskCommented");

/// The schema of docs/extending.md's example, written where a plugin would keep its own.
const char CommentedSchema[] = R"({
  "type": "record", "name": "TaskCommented", "namespace": "com.todo.events",
  "doc": "A comment was added to a task. Topic todo.tasks.events, key task_id.",
  "fields": [
    {"name": "event_id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "occurred_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "task_id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "user_id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "text", "type": "string"},
    {"name": "mentions", "type": {"type": "array", "items": "string"}, "default": []}
  ]
})";

events::Event comment(const QUuid &task, const QString &text, const QStringList &mentions = {})
{
    return events::Event(CommentedType,
                         QVariantMap{{QStringLiteral("event_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("occurred_at"), QDateTime::currentMSecsSinceEpoch()},
                                     {QStringLiteral("task_id"), task.toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("user_id"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
                                     {QStringLiteral("text"), text},
                                     {QStringLiteral("mentions"), QVariant(mentions)}});
}
} // namespace

/// A new event type and its handler added at run time (docs/extending.md): one schema, one
/// registration, one handler on a consumer runner, against the embedded broker over TCP.
class TestExtension : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    std::unique_ptr<store::Database> db;
    QTemporaryDir dir;

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QFile f(dir.filePath(QStringLiteral("TaskCommented.avsc")));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(CommentedSchema);
        f.close();
        // Before registration the type is unknown to every codec.
        QVERIFY(!events::EventTypes::find(CommentedType));
        QVERIFY(!events::EventSerializer().encode(comment(QUuid::createUuid(), QStringLiteral("x"))).ok());
        events::EventTypes::registerType(
            {CommentedType, f.fileName(), QStringLiteral("todo.tasks.events"), QStringLiteral("task_id")});
    }

    void init()
    {
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QSqlQuery q(db->db());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE task_comments (event_id TEXT PRIMARY KEY, task_id TEXT NOT NULL, "
                                      "body TEXT NOT NULL, mentions INTEGER NOT NULL)")));
    }
    void cleanup()
    {
        db.reset();
        broker.stop();
    }

    void aRegisteredTypeIsEncodedRoutedAndDecodedInEveryFormat()
    {
        events::EventSerializer serializer;
        const QUuid task = QUuid::createUuid();
        const events::Event ev = comment(task, QStringLiteral("Ready for review @ana"), {QStringLiteral("ana")});
        QCOMPARE(ev.topic(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(ev.key(), task.toString(QUuid::WithoutBraces).toUtf8());
        for (const events::WireFormat format :
             {events::WireFormat::CloudEventsJson, events::WireFormat::AvroSingleObject}) {
            const events::EncodeResult enc = serializer.encode(ev, format);
            QVERIFY2(enc.ok(), qPrintable(enc.error.message));
            QCOMPARE(enc.record.topic, QStringLiteral("todo.tasks.events"));
            const events::DecodeResult dec = serializer.decode(enc.record.value, enc.record.headers);
            QVERIFY2(dec.ok(), qPrintable(dec.error.message));
            QCOMPARE(dec.decoded.event.type(), CommentedType);
            QCOMPARE(dec.decoded.event.data().value(QStringLiteral("text")).toString(),
                     QStringLiteral("Ready for review @ana"));
        }
        // The schema is enforced like a built-in one: a missing required field is refused.
        QVariantMap broken = ev.data();
        broken.remove(QStringLiteral("text"));
        const events::EncodeResult bad =
            serializer.encode(events::Event(CommentedType, broken), events::WireFormat::AvroSingleObject);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error.message.contains(QLatin1String("text")), qPrintable(bad.error.message));
    }

    void aHandlerForTheNewTypeHasItsEffectOnceAndOthersAreUntouched()
    {
        events::EventSerializer serializer;
        const QUuid task = QUuid::createUuid();
        QList<events::EncodedRecord> records;
        for (int i = 0; i < 5; ++i) {
            const events::EncodeResult enc = serializer.encode(comment(task, QStringLiteral("comment %1").arg(i)),
                                                               events::WireFormat::AvroSingleObject);
            QVERIFY2(enc.ok(), qPrintable(enc.error.message));
            records << enc.record;
        }
        // A built-in event between them, which this group has no handler for (skipped, not an error).
        records.insert(2, taskCreatedRecord(task, QStringLiteral("a task")));
        // The same comment twice: the ledger lets it have its effect once.
        records << records.first();
        QVERIFY(produceAll(broker.bootstrapServers(), QStringLiteral("todo.tasks.events"), records));

        RunnerOptions o;
        o.group = uniqueName(QStringLiteral("comments-cg"));
        o.topics = {QStringLiteral("todo.tasks.events")};
        o.kafka = KafkaConfig(broker.bootstrapServers());
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(o.group), 1, 1).isError());
        ConsumerRunner runner(db.get(), o);
        runner.addHandler(CommentedType, [](const HandlerContext &ctx) {
            const QVariantMap d = ctx.event.data();
            const Result<int> rows =
                ctx.db->statement("INSERT INTO task_comments (event_id, task_id, body, mentions) VALUES (?, ?, ?, ?)")
                    .bind(ctx.eventId)
                    .bind(d.value(QStringLiteral("task_id")).toString())
                    .bind(d.value(QStringLiteral("text")).toString())
                    .bind(int(d.value(QStringLiteral("mentions")).toList().size()))
                    .exec();
            return rows ? HandlerResult::ok() : HandlerResult::retriable(QStringLiteral("store"), rows.error().message);
        });
        QVERIFY(runner.start());
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto &m = runner.metrics();
                return m.processed + m.skipped + m.duplicates >= 7;
            },
            60000));
        QVERIFY(QTest::qWaitFor([&] { return !runner.hasUncommittedOffsets(); }, 30000));
        QCOMPARE(scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM task_comments")), qint64(5));
        QCOMPARE(scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM task_comments WHERE task_id = '%1'")
                                      .arg(task.toString(QUuid::WithoutBraces))),
                 qint64(5));
        QCOMPARE(runner.metrics().duplicates, quint64(1));
        QCOMPARE(runner.metrics().deadLettered, quint64(0));
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(TestExtension)
#include "tst_extension.moc"
