// A partition whose next records are gone from the broker stalls (never a silent skip): the other
// partitions go on, the stall shows in the runner's metrics with the missing offset range, and
// only acknowledgeGap() moves it on, from the log start. Against the embedded broker over TCP,
// whose partitions keep at most 5 MB: writing more drops the oldest records.
#include "config/TopicCatalog.h"
#include "kafka/KafkaProducer.h"
#include "processing/ConsumerRunner.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {
constexpr int kTimeoutMs = 60000;

qint64 committedOf(const ConsumerRunner &runner, const QString &topic, int partition)
{
    for (const TopicPartition &tp : runner.committedOffsets())
        if (tp.topic == topic && tp.partition == partition)
            return tp.offset;
    return -1;
}
} // namespace

class TestStalledPartition : public QObject
{
    Q_OBJECT
    TestDatabase fixture;
    EmbeddedBroker broker;
    std::unique_ptr<store::Database> db;

    RunnerOptions options(const QString &group, const QString &topic)
    {
        RunnerOptions o;
        o.group = group;
        o.topics = {topic};
        o.kafka = KafkaConfig(broker.bootstrapServers());
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        return o;
    }

    qint64 effects(const QString &where)
    {
        return scalar(db.get(), QStringLiteral("SELECT COUNT(*) FROM effects WHERE ") + where);
    }

    bool watermarks(const QString &topic, int partition, qint64 *low, qint64 *high)
    {
        KafkaConsumer c;
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("group.id"), uniqueName(QStringLiteral("probe")));
        return c.open(cfg) && c.queryWatermarks(topic, partition, low, high, 10000);
    }

private slots:
    void init()
    {
        QVERIFY(broker.start(1));
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QVERIFY2(createEffectTable(db.get(), &why), qPrintable(why));
    }
    void cleanup()
    {
        db.reset();
        broker.stop();
    }

    void goneRecordsStallUntilAcknowledged()
    {
        const QString topic = uniqueName(QStringLiteral("stall"));
        QVERIFY(!broker.createTopic(topic, 2, 1).isError());
        const QString group = uniqueName(QStringLiteral("stall-cg"));
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(group), 1, 1).isError());

        // 1. A member of a new group (no committed offsets: it starts at the log start) handles
        //    three records per partition and commits them.
        QList<events::EncodedRecord> first;
        QList<int> firstParts;
        for (int i = 0; i < 6; ++i) {
            first << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("first %1").arg(i));
            firstParts << i % 2;
        }
        QVERIFY(produceAll(broker.bootstrapServers(), topic, first, firstParts));
        {
            ConsumerRunner runner(db.get(), options(group, topic));
            runner.setDefaultHandler([](const HandlerContext &ctx) { return writeEffect(ctx); });
            QVERIFY(runner.start());
            QVERIFY(QTest::qWaitFor(
                [&] { return committedOf(runner, topic, 0) == 3 && committedOf(runner, topic, 1) == 3; }, kTimeoutMs));
            runner.stop();
        }
        QCOMPARE(effects(QStringLiteral("1=1")), 6);

        // 2. While no member runs, 6 MB more arrive on partition 0: the broker drops its oldest
        //    records, offset 3 (the group's next) among them. Partition 1 gets two small ones.
        QList<events::EncodedRecord> big;
        for (int i = 0; i < 30; ++i)
            big << taskCreatedRecord(QUuid::createUuid(), QString(200 * 1024, QLatin1Char('x')));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, big, QList<int>(big.size(), 0)));
        QList<events::EncodedRecord> small{taskCreatedRecord(QUuid::createUuid(), QStringLiteral("later 1")),
                                           taskCreatedRecord(QUuid::createUuid(), QStringLiteral("later 2"))};
        QVERIFY(produceAll(broker.bootstrapServers(), topic, small, {1, 1}));
        qint64 low = -1, high = -1;
        QVERIFY(watermarks(topic, 0, &low, &high));
        QVERIFY2(low > 3, qPrintable(QStringLiteral("log start %1").arg(low)));
        QCOMPARE(high, 33);

        // 3. The next member: partition 0 stalls at offset 3, partition 1 goes on.
        ConsumerRunner runner(db.get(), options(group, topic));
        runner.setDefaultHandler([](const HandlerContext &ctx) { return writeEffect(ctx); });
        QVERIFY(runner.start());
        const QString key = topic + QStringLiteral("/0");
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().stalled.contains(key); }, kTimeoutMs));
        const StalledPartition stall = runner.metrics().stalled.value(key);
        QCOMPARE(stall.from, 3);
        QCOMPARE(stall.to, low);
        QVERIFY(QTest::qWaitFor([&] { return committedOf(runner, topic, 1) == 5; }, kTimeoutMs));
        QCOMPARE(effects(QStringLiteral("kafka_partition = 1")), 5);
        // Still stalled, nothing of partition 0 handled or committed past the gap.
        QVERIFY(runner.metrics().stalled.contains(key));
        QCOMPARE(effects(QStringLiteral("kafka_partition = 0")), 3);
        QVERIFY(committedOf(runner, topic, 0) <= 3);
        QCOMPARE(runner.metrics().pausedPartitions, 0); // a stall is its own state, not a retry

        // A partition that is not stalled, or not assigned here, cannot be acknowledged.
        const Result<ConsumerRunner::GapAcknowledged> notStalled = runner.acknowledgeGap(topic, 1);
        QVERIFY(!notStalled);
        QCOMPARE(notStalled.error().kind, Error::Kind::Conflict);
        const Result<ConsumerRunner::GapAcknowledged> notHere = runner.acknowledgeGap(topic, 7);
        QVERIFY(!notHere);
        QCOMPARE(notHere.error().kind, Error::Kind::NotFound);

        // 4. Acknowledged: it goes on from the log start, commits it at once, handles the rest.
        const Result<ConsumerRunner::GapAcknowledged> ack = runner.acknowledgeGap(topic, 0);
        QVERIFY2(ack, qPrintable(ack ? QString() : ack.error().message));
        QCOMPARE(ack->from, 3);
        QCOMPARE(ack->to, low);
        QVERIFY(!runner.metrics().stalled.contains(key));
        QVERIFY(QTest::qWaitFor([&] { return committedOf(runner, topic, 0) == high; }, kTimeoutMs));
        QCOMPARE(effects(QStringLiteral("kafka_partition = 0")), 3 + (high - low));
        QCOMPARE(effects(QStringLiteral("kafka_partition = 0 AND kafka_offset >= 3 AND kafka_offset < ") +
                         QString::number(low)),
                 0);
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(TestStalledPartition)
#include "tst_stalledpartition.moc"
