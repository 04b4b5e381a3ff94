#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "processing/ConsumerRunner.h"
#include "processing/DlqTools.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

#include <QSet>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {
const QString TaskCreatedType = QString::fromLatin1(events::TaskCreated::TypeName);
// Kafka protocol: ApiKey Produce, and an error it answers that no retry of the client cures.
constexpr int ApiProduce = 0;
constexpr int MessageTooLarge = 10;

/// An undecodable record (no CloudEvents headers, no Avro magic) for key \a key.
events::EncodedRecord poisonRecord(const QByteArray &key, int n)
{
    events::EncodedRecord r;
    r.key = key;
    r.value = QByteArray("\x13\x37not an event #") + QByteArray::number(n);
    return r;
}

QString titleOf(const HandlerContext &ctx)
{
    return ctx.event.data().value(QStringLiteral("title")).toString();
}

/// The runner's log lines about dead-lettered records, while one exists.
class DeadLetterLines
{
public:
    DeadLetterLines()
    {
        s_current = this;
        m_previous = qInstallMessageHandler(&DeadLetterLines::handle);
    }
    ~DeadLetterLines()
    {
        qInstallMessageHandler(m_previous);
        s_current = nullptr;
    }
    QStringList lines;

private:
    static void handle(QtMsgType type, const QMessageLogContext &ctx, const QString &msg)
    {
        if (!s_current)
            return;
        if (qstrcmp(ctx.category, "taskstream.processing") == 0 &&
            (msg.contains(QLatin1String(" went to ")) || msg.contains(QLatin1String(" dead-lettered "))))
            s_current->lines << msg;
        if (s_current->m_previous)
            s_current->m_previous(type, ctx, msg);
    }
    static inline DeadLetterLines *s_current = nullptr;
    QtMessageHandler m_previous = nullptr;
};
} // namespace

/// Records that fail for good go to the DLQ while their partition keeps flowing; offsets are never
/// committed past a record whose DLQ write is not acknowledged. Embedded broker over TCP.
class TestPoisonStorm : public QObject
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
        o.retry.initialDelayMs = 50;
        o.retry.maxDelayMs = 200;
        return o;
    }

    QString makeTopic(const QString &prefix, int partitions)
    {
        const QString t = uniqueName(prefix);
        const KafkaError e = broker.createTopic(t, partitions, 1);
        if (e.isError())
            qWarning("%s", qPrintable(e.toString()));
        return t;
    }

    QString makeGroup(const QString &prefix)
    {
        const QString g = uniqueName(prefix);
        broker.createTopic(TopicCatalog::dlqTopicForGroup(g), 1, 1);
        return g;
    }

    QList<DlqRecord> browse(const QString &dlqTopic)
    {
        DlqBrowser b(KafkaConfig(broker.bootstrapServers()));
        QSignalSpy spy(&b, &DlqBrowser::finished);
        b.browse(dlqTopic, 100000, 20000);
        if (!spy.wait(30000))
            return {};
        return spy.first().first().value<QList<DlqRecord>>();
    }

    /// The group's committed offsets on the broker, per partition of \a topic (-1: none).
    QList<qint64> brokerCommitted(const QString &group, const QString &topic, int partitions)
    {
        KafkaConsumer probe;
        if (!probe.open(consumerConfig(broker.bootstrapServers(), group)))
            return {};
        TopicPartitionList want;
        for (int p = 0; p < partitions; ++p)
            want.append({topic, p, OffsetInvalid});
        KafkaError e;
        const TopicPartitionList got = probe.committed(want, 5000, &e);
        probe.close();
        QList<qint64> out(partitions, -2);
        if (e.isError())
            return out;
        for (const TopicPartition &tp : got)
            out[tp.partition] = tp.offset;
        return out;
    }

    qint64 count(const QString &sql) { return scalar(db.get(), sql); }

private slots:
    void initTestCase() { qRegisterMetaType<QList<DlqRecord>>(); }
    void init()
    {
        QVERIFY(broker.start(3));
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

    // A storm of undecodable records and records their handler rejects, mixed with good ones:
    // each good effect once and in key order, each poison record in the DLQ once, offsets at the end.
    void mixedStormEndsWithEveryRecordAccountedFor()
    {
        constexpr int Partitions = 3, Keys = 30, Records = 1500;
        const QString topic = makeTopic(QStringLiteral("storm"), Partitions);
        const QString group = makeGroup(QStringLiteral("storm-cg"));
        QList<QUuid> keys;
        for (int k = 0; k < Keys; ++k)
            keys << QUuid::createUuid();
        QList<events::EncodedRecord> recs;
        QList<int> parts;
        QHash<QString, QStringList> producedOrder; // key -> good titles in produced order
        QSet<QPair<int, int>> poisonAt;            // (partition, index in that partition)
        QList<int> perPartition(Partitions, 0);
        int good = 0, rejected = 0, undecodable = 0;
        for (int i = 0; i < Records; ++i) {
            const QUuid &key = keys[i % Keys];
            const int partition = (i % Keys) % Partitions;
            const QByteArray keyText = key.toString(QUuid::WithoutBraces).toUtf8();
            // Long runs of poison (a producer gone wrong) and single ones in between.
            const bool storm = (i >= 300 && i < 900) || i % 7 == 3;
            if (storm && i % 2 == 0) {
                recs << poisonRecord(keyText, i);
                poisonAt.insert({partition, perPartition[partition]});
                ++undecodable;
            } else if (storm) {
                recs << taskCreatedRecord(key, QStringLiteral("reject-%1").arg(i));
                poisonAt.insert({partition, perPartition[partition]});
                ++rejected;
            } else {
                const QString title = QStringLiteral("good-%1").arg(i);
                recs << taskCreatedRecord(key, title);
                producedOrder[QString::fromUtf8(keyText)] << title;
                ++good;
            }
            parts << partition;
            ++perPartition[partition];
        }
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs, parts));

        // The log's intervals run on a manual clock: within one, a line per error class.
        DeadLetterLines log;
        ManualClock clock(QDateTime::currentMSecsSinceEpoch());
        RunnerOptions o = options(group, topic);
        o.clock = &clock;
        ConsumerRunner runner(db.get(), o);
        QHash<QString, QStringList> handledOrder;
        runner.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            const QString title = titleOf(ctx);
            if (title.startsWith(QLatin1String("reject-")))
                return HandlerResult::permanent(QStringLiteral("rejected"), QStringLiteral("not wanted: ") + title);
            const HandlerResult r = writeEffect(ctx);
            if (r.isOk())
                handledOrder[QString::fromUtf8(ctx.message.key)] << title;
            return r;
        });
        QList<qint64> committedSeen(Partitions, -1);
        connect(&runner, &ConsumerRunner::offsetsCommitted, this, [&](const TopicPartitionList &offsets) {
            for (const TopicPartition &tp : offsets)
                if (tp.topic == topic)
                    committedSeen[tp.partition] = qMax(committedSeen[tp.partition], tp.offset);
        });
        QVERIFY(runner.start());
        const bool settled = QTest::qWaitFor(
            [&] {
                return runner.metrics().deadLettered == quint64(undecodable + rejected) &&
                       count(QStringLiteral("SELECT COUNT(*) FROM effects")) == good && !runner.hasUncommittedOffsets();
            },
            120000);
        QVERIFY2(settled, qPrintable(QStringLiteral("dead-lettered %1 of %2, effects %3 of %4, DLQ write failures %5")
                                         .arg(runner.metrics().deadLettered)
                                         .arg(undecodable + rejected)
                                         .arg(count(QStringLiteral("SELECT COUNT(*) FROM effects")))
                                         .arg(good)
                                         .arg(runner.metrics().dlqWriteFailures)));

        QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), qint64(good));
        QCOMPARE(runner.metrics().decodeErrors, quint64(undecodable));
        for (auto it = producedOrder.cbegin(); it != producedOrder.cend(); ++it)
            QCOMPARE(handledOrder.value(it.key()), it.value());

        const QList<DlqRecord> dlq = browse(TopicCatalog::dlqTopicForGroup(group));
        QCOMPARE(dlq.size(), undecodable + rejected);
        QSet<QPair<int, int>> inDlq;
        int decodeClass = 0, rejectedClass = 0;
        for (const DlqRecord &r : dlq) {
            QCOMPARE(r.info.originalTopic, topic);
            inDlq.insert({r.info.originalPartition, int(r.info.originalOffset)});
            if (r.info.failure.errorClass.startsWith(QLatin1String("decode.")))
                ++decodeClass;
            else if (r.info.failure.errorClass == QLatin1String("rejected"))
                ++rejectedClass;
        }
        QCOMPARE(inDlq.size(), dlq.size()); // none twice
        QCOMPARE(inDlq, poisonAt);
        QCOMPARE(decodeClass, undecodable);
        QCOMPARE(rejectedClass, rejected);

        // Committed offsets end at the log end, on the broker as in the runner.
        QList<qint64> logEnd;
        for (int p = 0; p < Partitions; ++p)
            logEnd << perPartition[p];
        QCOMPARE(committedSeen, logEnd);
        QCOMPARE(brokerCommitted(group, topic, Partitions), logEnd);

        // The log: the first of each class in full, then one summary per class.
        QCOMPARE(log.lines.size(), 2);
        clock.advance(o.deadLetterLogIntervalMs);
        QCOMPARE(log.lines.size(), 4);
        QVERIFY2(log.lines.filter(QStringLiteral("%1 records of class decode.").arg(undecodable - 1)).size() == 1,
                 qPrintable(log.lines.join(u'\n')));
        QVERIFY2(log.lines.filter(QStringLiteral("%1 records of class rejected").arg(rejected - 1)).size() == 1,
                 qPrintable(log.lines.join(u'\n')));
        runner.stop();
    }

    // The DLQ's leader is unreachable: the records behind the poison record have their effects at
    // once, while the committed offset waits at the poison record until its DLQ write is acknowledged.
    void goodRecordsPassWhileTheirDlqWriteIsInFlight()
    {
        const QString topic = makeTopic(QStringLiteral("inflight"), 1);
        const QString group = makeGroup(QStringLiteral("inflight-cg"));
        const QString dlqTopic = TopicCatalog::dlqTopicForGroup(group);
        QVERIFY(!broker.setPartitionLeader(topic, 0, 1).isError());
        QVERIFY(!broker.setPartitionLeader(dlqTopic, 0, 3).isError());
        QVERIFY(!broker.setCoordinator(QStringLiteral("group"), group, 2).isError());
        const QUuid key = QUuid::createUuid();
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < 10; ++i)
            recs << (i == 2 ? poisonRecord(key.toString(QUuid::WithoutBraces).toUtf8(), i)
                            : taskCreatedRecord(key, QStringLiteral("t%1").arg(i)));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        QVERIFY(!broker.setBrokerDown(3).isError());

        ConsumerRunner runner(db.get(), options(group, topic));
        QStringList order;
        runner.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            order << titleOf(ctx);
            return writeEffect(ctx);
        });
        qint64 highestCommit = -1;
        connect(&runner, &ConsumerRunner::offsetsCommitted, this, [&](const TopicPartitionList &offsets) {
            for (const TopicPartition &tp : offsets)
                highestCommit = qMax(highestCommit, tp.offset);
        });
        QVERIFY(runner.start());
        QVERIFY2(QTest::qWaitFor([&] { return order.size() == 9; }, 60000),
                 qPrintable(QStringLiteral("handled while the DLQ write waits: %1").arg(order.join(u','))));
        QCOMPARE(order, (QStringList{QStringLiteral("t0"), QStringLiteral("t1"), QStringLiteral("t3"),
                                     QStringLiteral("t4"), QStringLiteral("t5"), QStringLiteral("t6"),
                                     QStringLiteral("t7"), QStringLiteral("t8"), QStringLiteral("t9")}));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), 9);
        QCOMPARE(runner.metrics().deadLettered, quint64(0));
        QVERIFY(runner.hasUncommittedOffsets());
        QVERIFY2(highestCommit <= 2, qPrintable(QString::number(highestCommit)));
        QVERIFY(runner.committedOffsets().first().offset <= 2);
        QVERIFY(brokerCommitted(group, topic, 1).first() <= 2);

        QVERIFY(!broker.setBrokerUp(3).isError());
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().deadLettered == 1 && !runner.hasUncommittedOffsets(); },
                                60000));
        QCOMPARE(highestCommit, qint64(10));
        const QList<DlqRecord> dlq = browse(dlqTopic);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq.first().info.originalOffset, qint64(2));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), 9);
        runner.stop();
    }

    // Partitions move to a second member while their DLQ writes cannot be acknowledged: no offset
    // is committed past a poison record by either member; once the DLQ is back every record is
    // accounted for (a poison record may be in the DLQ twice: at-least-once to the DLQ).
    void rebalanceWithDlqWritesInFlightCommitsNothingPastThem()
    {
        constexpr int Partitions = 4, PerPartition = 20, PoisonAt = 5;
        const QString topic = makeTopic(QStringLiteral("rebal"), Partitions);
        const QString group = makeGroup(QStringLiteral("rebal-cg"));
        const QString dlqTopic = TopicCatalog::dlqTopicForGroup(group);
        for (int p = 0; p < Partitions; ++p)
            QVERIFY(!broker.setPartitionLeader(topic, p, 1).isError());
        QVERIFY(!broker.setPartitionLeader(dlqTopic, 0, 3).isError());
        QVERIFY(!broker.setCoordinator(QStringLiteral("group"), group, 2).isError());
        QList<events::EncodedRecord> recs;
        QList<int> parts;
        for (int p = 0; p < Partitions; ++p) {
            const QUuid key = QUuid::createUuid();
            for (int i = 0; i < PerPartition; ++i) {
                recs << (i == PoisonAt ? poisonRecord(key.toString(QUuid::WithoutBraces).toUtf8(), i)
                                       : taskCreatedRecord(key, QStringLiteral("p%1-%2").arg(p).arg(i)));
                parts << p;
            }
        }
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs, parts));
        QVERIFY(!broker.setBrokerDown(3).isError());

        RunnerOptions o = options(group, topic);
        o.consumer.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
        o.consumer.set(QStringLiteral("heartbeat.interval.ms"), QStringLiteral("500"));
        o.producer.set(QStringLiteral("reconnect.backoff.max.ms"), QStringLiteral("500"));
        o.revokeDrainMs = 200;
        o.stopDrainMs = 20000;
        QStringList violations;
        auto watch = [&](ConsumerRunner *r) {
            connect(r, &ConsumerRunner::offsetsCommitted, this, [&, r](const TopicPartitionList &offsets) {
                for (const TopicPartition &tp : offsets)
                    if (tp.topic == topic && tp.offset > PoisonAt && r->metrics().deadLettered == 0)
                        violations << QStringLiteral("%1/%2 committed at %3 before any DLQ write was acknowledged")
                                          .arg(tp.topic)
                                          .arg(tp.partition)
                                          .arg(tp.offset);
            });
        };
        const QString effects = QStringLiteral("SELECT COUNT(*) FROM effects");
        const int good = Partitions * (PerPartition - 1);
        ConsumerRunner a(db.get(), o);
        a.addHandler(TaskCreatedType, [](const HandlerContext &ctx) { return writeEffect(ctx, QStringLiteral("a")); });
        watch(&a);
        QVERIFY(a.start());
        QVERIFY(QTest::qWaitFor([&] { return count(effects) == good; }, 60000));
        QCOMPARE(a.deadLettersInFlight(), Partitions);

        ConsumerRunner b(db.get(), o);
        b.addHandler(TaskCreatedType, [](const HandlerContext &ctx) { return writeEffect(ctx, QStringLiteral("b")); });
        watch(&b);
        QSignalSpy bAssigned(&b, &ConsumerRunner::partitionsAssigned);
        QVERIFY(b.start());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return !b.assignment().isEmpty() && a.assignment().size() + b.assignment().size() == Partitions &&
                       a.deadLettersInFlight() + b.deadLettersInFlight() == Partitions;
            },
            60000));
        // What the broker has for the group: nothing past a poison record.
        for (qint64 c : brokerCommitted(group, topic, Partitions))
            QVERIFY2(c <= PoisonAt, qPrintable(QString::number(c)));

        QVERIFY(!broker.setBrokerUp(3).isError());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return a.deadLettersInFlight() + b.deadLettersInFlight() == 0 && !a.hasUncommittedOffsets() &&
                       !b.hasUncommittedOffsets();
            },
            60000));
        a.stop();
        b.stop();
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(u'\n')));
        QCOMPARE(brokerCommitted(group, topic, Partitions), QList<qint64>(Partitions, PerPartition));
        QCOMPARE(count(effects), qint64(good));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), qint64(good));
        const QList<DlqRecord> dlq = browse(dlqTopic);
        QSet<int> dead;
        for (const DlqRecord &r : dlq) {
            QCOMPARE(r.info.originalOffset, qint64(PoisonAt));
            dead.insert(r.info.originalPartition);
        }
        // Every poison record is in the DLQ. Writes in flight across the rebalance may land more
        // than once (at-least-once to the DLQ, docs/processing.md): how often depends on the
        // producer's retries while the DLQ's leader was down, so no count is promised.
        QCOMPARE(dead.size(), Partitions);
    }

    // stop() while a DLQ write is in flight: it waits for the acknowledgement (bounded) and then
    // commits past the record, so the next owner neither handles nor dead-letters it again.
    void stopDrainsDeadLetterWritesInFlight()
    {
        const QString topic = makeTopic(QStringLiteral("drain"), 1);
        const QString group = makeGroup(QStringLiteral("drain-cg"));
        const QString dlqTopic = TopicCatalog::dlqTopicForGroup(group);
        QVERIFY(!broker.setPartitionLeader(topic, 0, 1).isError());
        QVERIFY(!broker.setPartitionLeader(dlqTopic, 0, 3).isError());
        QVERIFY(!broker.setCoordinator(QStringLiteral("group"), group, 2).isError());
        const QUuid key = QUuid::createUuid();
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < 6; ++i)
            recs << (i == 3 ? poisonRecord(key.toString(QUuid::WithoutBraces).toUtf8(), i)
                            : taskCreatedRecord(key, QStringLiteral("t%1").arg(i)));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        QVERIFY(!broker.setBrokerDown(3).isError());

        RunnerOptions o = options(group, topic);
        o.producer.set(QStringLiteral("reconnect.backoff.ms"), QStringLiteral("50"));
        o.producer.set(QStringLiteral("reconnect.backoff.max.ms"), QStringLiteral("200"));
        o.stopDrainMs = 20000;
        ConsumerRunner runner(db.get(), o);
        runner.addHandler(TaskCreatedType, [](const HandlerContext &ctx) { return writeEffect(ctx); });
        QSignalSpy dead(&runner, &ConsumerRunner::deadLettered);
        QVERIFY(runner.start());
        QVERIFY(QTest::qWaitFor([&] { return count(QStringLiteral("SELECT COUNT(*) FROM effects")) == 5; }, 60000));
        QCOMPARE(dead.count(), 0);
        // The DLQ comes back as the runner stops: its delivery report can only arrive inside stop().
        QVERIFY(!broker.setBrokerUp(3).isError());
        runner.stop();
        QCOMPARE(dead.count(), 1);
        QCOMPARE(brokerCommitted(group, topic, 1), QList<qint64>{6});
        const QList<DlqRecord> dlq = browse(dlqTopic);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq.first().info.originalOffset, qint64(3));
    }

    // A DLQ write the broker refuses stops the partition at that record: the alert is raised, no
    // offset is committed past it, and once a later attempt is accepted everything goes on.
    void failingDlqWriteStopsThePartitionAtThatRecord()
    {
        const QString topic = makeTopic(QStringLiteral("dlqfail"), 1);
        const QString group = makeGroup(QStringLiteral("dlqfail-cg"));
        const QString dlqTopic = TopicCatalog::dlqTopicForGroup(group);
        const QUuid key = QUuid::createUuid();
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < 10; ++i)
            recs << (i == 4 ? poisonRecord(key.toString(QUuid::WithoutBraces).toUtf8(), i)
                            : taskCreatedRecord(key, QStringLiteral("t%1").arg(i)));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        // Only the runner's DLQ producer produces from here on.
        broker.pushRequestErrors(ApiProduce, {MessageTooLarge, MessageTooLarge});

        ManualClock clock(QDateTime::currentMSecsSinceEpoch());
        RunnerOptions o = options(group, topic);
        o.clock = &clock;
        o.dlqRetryMs = 1000;
        ConsumerRunner runner(db.get(), o);
        runner.addHandler(TaskCreatedType, [](const HandlerContext &ctx) { return writeEffect(ctx); });
        qint64 highestCommit = -1;
        connect(&runner, &ConsumerRunner::offsetsCommitted, this, [&](const TopicPartitionList &offsets) {
            for (const TopicPartition &tp : offsets)
                highestCommit = qMax(highestCommit, tp.offset);
        });
        QSignalSpy failed(&runner, &ConsumerRunner::deadLetterFailed);
        QSignalSpy dead(&runner, &ConsumerRunner::deadLettered);
        QVERIFY(runner.start());
        QVERIFY(failed.wait(60000));
        QCOMPARE(failed.first().first().value<KafkaMessage>().offset, qint64(4));
        QCOMPARE(runner.metrics().dlqBlockedPartitions, 1);
        QCOMPARE(runner.metrics().dlqWriteFailures, quint64(1));
        QCOMPARE(dead.count(), 0);
        // What the runner commits while it is stopped stays at the record.
        QVERIFY2(highestCommit <= 4, qPrintable(QString::number(highestCommit)));
        QVERIFY(runner.committedOffsets().first().offset <= 4);
        QVERIFY(brokerCommitted(group, topic, 1).first() <= 4);

        // The second attempt is refused too; the third is accepted.
        QTRY_VERIFY_WITH_TIMEOUT(clock.nextDeadlineMs() >= 0, 10000);
        clock.advance(clock.nextDeadlineMs() - clock.nowMs());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 60000);
        QCOMPARE(runner.metrics().dlqBlockedPartitions, 1);
        QVERIFY2(highestCommit <= 4, qPrintable(QString::number(highestCommit)));
        QTRY_VERIFY_WITH_TIMEOUT(clock.nextDeadlineMs() >= 0, 10000);
        clock.advance(clock.nextDeadlineMs() - clock.nowMs());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return dead.count() == 1 && count(QStringLiteral("SELECT COUNT(*) FROM effects")) == 9 &&
                       !runner.hasUncommittedOffsets();
            },
            60000));
        QCOMPARE(runner.metrics().dlqBlockedPartitions, 0);
        QCOMPARE(highestCommit, qint64(10));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), 9);
        const QList<DlqRecord> dlq = browse(dlqTopic);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq.first().info.originalOffset, qint64(4));
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(TestPoisonStorm)
#include "tst_poisonstorm.moc"
