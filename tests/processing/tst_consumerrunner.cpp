#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "kafka/KafkaProducer.h"
#include "processing/ConsumerRunner.h"
#include "processing/DlqTools.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {
const QString TaskCreatedType = QString::fromLatin1(events::TaskCreated::TypeName);

} // namespace

/// The consumer runtime against the embedded broker over TCP, on SQLite or PostgreSQL.
class TestConsumerRunner : public QObject
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
        o.retry.initialDelayMs = 100;
        o.retry.maxDelayMs = 1000;
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

    QList<DlqRecord> browse(const QString &dlqTopic, int expected)
    {
        QList<DlqRecord> out;
        // A DLQ write is acknowledged before the browse; still, allow the broker a moment.
        (void)QTest::qWaitFor(
            [&] { // the callers compare the records found with what they expect
                DlqBrowser b(KafkaConfig(broker.bootstrapServers()));
                QSignalSpy spy(&b, &DlqBrowser::finished);
                b.browse(dlqTopic, 1000, 20000);
                if (!spy.wait(30000))
                    return false;
                out = spy.first().first().value<QList<DlqRecord>>();
                return out.size() >= expected;
            },
            60000);
        return out;
    }

    ReplayReport replay(DlqReplayer &r, const ReplayRequest &req)
    {
        QSignalSpy spy(&r, &DlqReplayer::finished);
        r.replay(req);
        if (!spy.wait(30000))
            return {};
        return spy.first().at(1).value<ReplayReport>();
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

    void retriesWithoutReorderingWhileOtherKeysPass()
    {
        const QString topic = makeTopic(QStringLiteral("retry"), 3);
        const QString group = makeGroup(QStringLiteral("retry-cg"));
        const QUuid slowKey = QUuid::createUuid();
        // Key A on partition 0 (its second event fails three times), other keys on partitions 1 and 2.
        QList<events::EncodedRecord> recs;
        QList<int> parts;
        for (int i = 0; i < 5; ++i) {
            recs << taskCreatedRecord(slowKey, QStringLiteral("a%1").arg(i));
            parts << 0;
        }
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs, parts));
        // Produced once the failing record is waiting for its retry: they must not wait with it.
        QList<events::EncodedRecord> others;
        QList<int> otherParts;
        for (int i = 0; i < 20; ++i) {
            others << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("b%1").arg(i));
            otherParts << 1 + i % 2;
        }
        const QString failingId = QString::fromUtf8(headerValue(recs[1].headers, events::cloudevents::Id));

        // The backoff runs on a manual clock: the test moves time to each retry.
        ManualClock clock(QDateTime::currentMSecsSinceEpoch());
        RunnerOptions o = options(group, topic);
        o.retry.jitter = false;
        o.retry.initialDelayMs = 300;
        o.clock = &clock;
        ConsumerRunner runner(db.get(), o);
        QStringList order;       // titles in the order their effects were made
        QList<int> attemptsSeen; // attempt numbers the failing record was handed
        int othersDuringRetry = 0;
        bool retrying = false;
        runner.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            const QString title = ctx.event.data().value(QStringLiteral("title")).toString();
            if (ctx.eventId == failingId) {
                attemptsSeen << ctx.attempt;
                if (ctx.attempt <= 3) {
                    retrying = true;
                    return HandlerResult::retriable(QStringLiteral("flaky"),
                                                    QStringLiteral("attempt %1").arg(ctx.attempt));
                }
                retrying = false;
            } else if (retrying && ctx.message.partition != 0) {
                ++othersDuringRetry;
            }
            order << title;
            return writeEffect(ctx);
        });
        KafkaError e;
        QVERIFY2(runner.start(&e), qPrintable(e.toString()));
        QVERIFY(QTest::qWaitFor([&] { return !attemptsSeen.isEmpty(); }, 60000));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, others, otherParts));
        // All of them pass while the failing record waits for its first retry.
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed == 21; }, 60000));
        QCOMPARE(othersDuringRetry, 20);
        for (int attempt = 1; attempt <= 3; ++attempt) {
            // The next attempt comes exactly the backoff's delay after the failure, not sooner.
            const int delay = o.retry.delayMs(attempt);
            QTRY_COMPARE_WITH_TIMEOUT(clock.nextDeadlineMs() - clock.nowMs(), qint64(delay), 10000);
            clock.advance(delay - 1);
            QCOMPARE(attemptsSeen.size(), attempt);
            clock.advance(1);
            QVERIFY(QTest::qWaitFor([&] { return attemptsSeen.size() == attempt + 1; }, 60000));
        }
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed == 25 && !runner.hasUncommittedOffsets(); },
                                60000));

        QCOMPARE(attemptsSeen, (QList<int>{1, 2, 3, 4}));
        QCOMPARE(runner.metrics().retries, quint64(3));
        QCOMPARE(runner.metrics().deadLettered, quint64(0));
        QStringList keyA;
        for (const QString &t : order)
            if (t.startsWith(QLatin1Char('a')))
                keyA << t;
        QCOMPARE(keyA, (QStringList{QStringLiteral("a0"), QStringLiteral("a1"), QStringLiteral("a2"),
                                    QStringLiteral("a3"), QStringLiteral("a4")}));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), 25);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = '%1'").arg(group)),
                 25);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE event_id = '%1'").arg(failingId)), 1);
        runner.stop();
    }

    void alwaysFailingRecordGoesToTheDlqOnceAndReplays()
    {
        const QString topic = makeTopic(QStringLiteral("dlq"), 1);
        const QString group = makeGroup(QStringLiteral("dlq-cg"));
        const QString dlqTopic = TopicCatalog::dlqTopicForGroup(group);
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < 10; ++i)
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("t%1").arg(i));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        const QString badId = QString::fromUtf8(headerValue(recs[3].headers, events::cloudevents::Id));

        RunnerOptions o = options(group, topic);
        o.retry.maxAttempts = 3;
        ConsumerRunner runner(db.get(), o);
        bool broken = true;
        int badCalls = 0;
        runner.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            if (ctx.eventId == badId) {
                ++badCalls;
                if (broken)
                    return HandlerResult::retriable(QStringLiteral("downstream.unavailable"),
                                                    QStringLiteral("service down"));
            }
            return writeEffect(ctx);
        });
        QSignalSpy dead(&runner, &ConsumerRunner::deadLettered);
        KafkaError e;
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(runner.start(&e), qPrintable(e.toString()));
        QVERIFY(
            QTest::qWaitFor([&] { return runner.metrics().processed == 9 && !runner.hasUncommittedOffsets(); }, 60000));
        QCOMPARE(dead.count(), 1);
        QCOMPARE(badCalls, 3);
        QCOMPARE(runner.metrics().deadLettered, quint64(1));
        // The partition moved on: the records after the bad one were handled.
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE kafka_offset > 3")), 6);
        const TopicPartitionList committed = runner.committedOffsets();
        QCOMPARE(committed.size(), 1);
        QCOMPARE(committed.first().offset, qint64(10));

        QList<DlqRecord> dlq = browse(dlqTopic, 1);
        QCOMPARE(dlq.size(), 1);
        const DlqRecord &r = dlq.first();
        QCOMPARE(r.key, recs[3].key);
        QCOMPARE(r.value, recs[3].value);
        for (const events::Header &h : recs[3].headers)
            QCOMPARE(headerValue(r.headers, h.key), h.value);
        for (const QString &h :
             {dlqheaders::OriginalTopic, dlqheaders::OriginalPartition, dlqheaders::OriginalOffset,
              dlqheaders::OriginalTimestamp, dlqheaders::ConsumerGroup, dlqheaders::Attempts, dlqheaders::FirstFailure,
              dlqheaders::LastFailure, dlqheaders::ErrorClass, dlqheaders::ErrorMessage})
            QVERIFY2(!headerValue(r.headers, h).isEmpty(), qPrintable(h));
        QCOMPARE(r.info.originalTopic, topic);
        QCOMPARE(r.info.originalPartition, 0);
        QCOMPARE(r.info.originalOffset, qint64(3));
        QVERIFY(r.info.originalTimestampMs > 0);
        QCOMPARE(r.info.consumerGroup, group);
        QCOMPARE(r.info.failure.attempts, 3);
        QVERIFY(r.info.failure.firstFailureMs >= before);
        QVERIFY(r.info.failure.lastFailureMs >= r.info.failure.firstFailureMs);
        QCOMPARE(r.info.failure.errorClass, QStringLiteral("downstream.unavailable"));
        QCOMPARE(r.info.failure.message, QStringLiteral("service down"));
        QCOMPARE(r.payload.value(QStringLiteral("type")).toString(), TaskCreatedType);
        const QJsonDocument exported = QJsonDocument::fromJson(exportDlqJson(dlq));
        QCOMPARE(exported.array().size(), 1);
        QCOMPARE(exported.array()
                     .first()
                     .toObject()
                     .value(QStringLiteral("diagnostics"))
                     .toObject()
                     .value(QStringLiteral("error_class"))
                     .toString(),
                 QStringLiteral("downstream.unavailable"));

        DlqReplayer replayer(db.get(), KafkaConfig(broker.bootstrapServers()));
        // Dry run: reports, publishes nothing.
        ReplayRequest dry{QStringLiteral("dry-1"), dlq, true, 3};
        ReplayReport rep = replay(replayer, dry);
        QCOMPARE(rep.items.size(), 1);
        QCOMPARE(rep.items.first().status, ReplayItem::WouldReplay);
        QCOMPARE(rep.items.first().target, topic + QStringLiteral("/0"));

        // Replayed while still broken: fails again and lands in the DLQ again with its history.
        ReplayRequest first{QStringLiteral("replay-1"), dlq, false, 3};
        rep = replay(replayer, first);
        QCOMPARE(rep.count(ReplayItem::Replayed), 1);
        QVERIFY(QTest::qWaitFor([&] { return dead.count() == 2; }, 60000));
        QCOMPARE(badCalls, 6); // a fresh attempt count
        // The same request again publishes nothing.
        rep = replay(replayer, first);
        QCOMPARE(rep.items.first().status, ReplayItem::AlreadyReplayed);

        dlq = browse(dlqTopic, 2);
        QCOMPARE(dlq.size(), 2);
        const DlqRecord again = dlq.last();
        QCOMPARE(again.info.replayCount, 1);
        QCOMPARE(again.info.replayedFrom, dlq.first().coordinates());
        QVERIFY2(again.info.history.contains(QStringLiteral("downstream.unavailable")), qPrintable(again.info.history));
        QCOMPARE(again.info.failure.attempts, 3);
        QCOMPARE(headerValue(again.headers, events::cloudevents::Id), badId.toUtf8());

        // Loop guard: past the limit a record is refused with the reason.
        ReplayRequest guarded{QStringLiteral("replay-2"), {again}, false, 1};
        rep = replay(replayer, guarded);
        QCOMPARE(rep.items.first().status, ReplayItem::Refused);
        QVERIFY(rep.items.first().reason.contains(QStringLiteral("limit")));

        // Fixed: the replay is processed once.
        broken = false;
        ReplayRequest fixedReq{QStringLiteral("replay-3"), {again}, false, 3};
        rep = replay(replayer, fixedReq);
        QCOMPARE(rep.count(ReplayItem::Replayed), 1);
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed == 10; }, 60000));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE event_id = '%1'").arg(badId)), 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM dlq_replays WHERE status = 'delivered'")), 2);
        // Replaying the first DLQ record under a new request: the ledger has it, no second effect.
        ReplayRequest late{QStringLiteral("replay-4"), {dlq.first()}, false, 3};
        rep = replay(replayer, late);
        QCOMPARE(rep.count(ReplayItem::Replayed), 1);
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().duplicates == 1; }, 60000));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE event_id = '%1'").arg(badId)), 1);
        runner.stop();
    }

    void poisonRecordFromKcatGoesStraightToTheDlq()
    {
        const QString kcat = QStandardPaths::findExecutable(QStringLiteral("kcat"));
        QVERIFY2(!kcat.isEmpty(), "kcat is required (Debian package kcat)");
        const QString topic = makeTopic(QStringLiteral("poison"), 1);
        const QString group = makeGroup(QStringLiteral("poison-cg"));
        QVERIFY(produceAll(broker.bootstrapServers(), topic,
                           {taskCreatedRecord(QUuid::createUuid(), QStringLiteral("ok"))}));
        QProcess p;
        p.start(kcat, {QStringLiteral("-P"), QStringLiteral("-b"), broker.bootstrapServers(), QStringLiteral("-t"),
                       topic, QStringLiteral("-k"), QStringLiteral("poison-key")});
        QVERIFY(p.waitForStarted());
        p.write(QByteArray("\x13\x37garbage\xff\xfe bytes", 17));
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(produceAll(broker.bootstrapServers(), topic,
                           {taskCreatedRecord(QUuid::createUuid(), QStringLiteral("ok2"))}));

        ConsumerRunner runner(db.get(), options(group, topic));
        int calls = 0;
        runner.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            ++calls;
            return writeEffect(ctx);
        });
        QSignalSpy dead(&runner, &ConsumerRunner::deadLettered);
        QVERIFY(runner.start());
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed == 2 && dead.count() == 1; }, 60000));
        QCOMPARE(calls, 2);
        QCOMPARE(runner.metrics().retries, quint64(0));
        QCOMPARE(runner.metrics().decodeErrors, quint64(1));
        const QList<DlqRecord> dlq = browse(TopicCatalog::dlqTopicForGroup(group), 1);
        QCOMPARE(dlq.size(), 1);
        QCOMPARE(dlq.first().key, QByteArray("poison-key"));
        QCOMPARE(dlq.first().info.failure.attempts, 1);
        QVERIFY2(dlq.first().info.failure.errorClass.startsWith(QStringLiteral("decode.")),
                 qPrintable(dlq.first().info.failure.errorClass));
        QVERIFY(!dlq.first().info.failure.message.isEmpty());
        QVERIFY(!dlq.first().decodeError.isEmpty());
        QCOMPARE(dlq.first().info.originalOffset, qint64(1));
        runner.stop();
    }

    void duplicatesAndUnknownTypes()
    {
        const QString topic = makeTopic(QStringLiteral("dup"), 1);
        const QString group = makeGroup(QStringLiteral("dup-cg"));
        const events::EncodedRecord rec = taskCreatedRecord(QUuid::createUuid(), QStringLiteral("once"));
        events::EncodedRecord other = taskCreatedRecord(QUuid::createUuid(), QStringLiteral("typed"));
        setHeader(other.headers, events::cloudevents::Type, "com.todo.events.SomethingNew");
        QVERIFY(produceAll(broker.bootstrapServers(), topic, {rec, rec, other, rec}));
        ConsumerRunner runner(db.get(), options(group, topic));
        runner.addHandler(TaskCreatedType, [](const HandlerContext &c) { return writeEffect(c); });
        QVERIFY(runner.start());
        const bool settled = QTest::qWaitFor(
            [&] {
                return runner.metrics().processed + runner.metrics().duplicates + runner.metrics().skipped == 4 &&
                       !runner.hasUncommittedOffsets();
            },
            60000);
        QVERIFY2(settled,
                 qPrintable(QStringLiteral("processed %1, duplicates %2, skipped %3, store failures %4, "
                                           "offset commits %5 (%6 failed), uncommitted offsets: %7")
                                .arg(runner.metrics().processed)
                                .arg(runner.metrics().duplicates)
                                .arg(runner.metrics().skipped)
                                .arg(runner.metrics().storeFailures)
                                .arg(runner.metrics().offsetCommits)
                                .arg(runner.metrics().commitFailures)
                                .arg(runner.hasUncommittedOffsets() ? QStringLiteral("yes") : QStringLiteral("no"))));
        QCOMPARE(runner.metrics().processed, quint64(1));
        QCOMPARE(runner.metrics().duplicates, quint64(2));
        QCOMPARE(runner.metrics().skipped, quint64(1));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), 1);
        runner.stop();

        // The same topic under a group that dead-letters unknown types.
        const QString group2 = makeGroup(QStringLiteral("strict-cg"));
        RunnerOptions o = options(group2, topic);
        o.unknownTypes = UnknownTypePolicy::DeadLetter;
        ConsumerRunner strict(db.get(), o);
        strict.addHandler(TaskCreatedType, [](const HandlerContext &c) { return writeEffect(c); });
        QSignalSpy dead(&strict, &ConsumerRunner::deadLettered);
        QVERIFY(strict.start());
        QVERIFY(QTest::qWaitFor(
            [&] {
                return dead.count() == 1 && !strict.hasUncommittedOffsets() &&
                       strict.metrics().processed + strict.metrics().duplicates == 3;
            },
            60000));
        QCOMPARE(dead.first().at(1).value<FailureInfo>().errorClass, QStringLiteral("unknown_type"));
        strict.stop();
    }

    void rebalanceDuringRetriesCommitsNothingUnhandled()
    {
        const QString topic = makeTopic(QStringLiteral("rebal"), 4);
        const QString group = makeGroup(QStringLiteral("rebal-cg"));
        QList<events::EncodedRecord> recs;
        QList<int> parts;
        for (int i = 0; i < 200; ++i) {
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("r%1").arg(i));
            parts << i % 4;
        }
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs, parts));
        // Partition 0, offset 10: fails until it has been handed out 8 times, in whichever member.
        const QString failingId = QString::fromUtf8(headerValue(recs[40].headers, events::cloudevents::Id));
        int failingCalls = 0;
        bool failingDone = false;
        QStringList violations;
        auto handler = [&](const HandlerContext &ctx) {
            if (ctx.eventId == failingId) {
                if (++failingCalls < 8)
                    return HandlerResult::retriable(QStringLiteral("flaky"), QStringLiteral("not yet"));
                failingDone = true;
            }
            return writeEffect(ctx);
        };
        auto watch = [&](ConsumerRunner *r) {
            connect(r, &ConsumerRunner::offsetsCommitted, r, [&](const TopicPartitionList &offsets) {
                for (const TopicPartition &tp : offsets)
                    if (tp.topic == topic && tp.partition == 0 && tp.offset > 10 && !failingDone)
                        violations << QStringLiteral("committed %1 before offset 10 was handled").arg(tp.offset);
            });
        };
        // The backoff runs on a manual clock, so the record is still being retried when the
        // second member arrives, however long the rebalance takes.
        ManualClock clock(QDateTime::currentMSecsSinceEpoch());
        RunnerOptions o = options(group, topic);
        o.retry.maxAttempts = 20;
        o.retry.jitter = false;
        o.retry.initialDelayMs = 400;
        o.retry.maxDelayMs = 400;
        o.clock = &clock;
        o.consumer.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
        o.consumer.set(QStringLiteral("heartbeat.interval.ms"), QStringLiteral("500"));
        ConsumerRunner a(db.get(), o);
        a.addHandler(TaskCreatedType, handler);
        watch(&a);
        QVERIFY(a.start());
        QVERIFY(QTest::qWaitFor([&] { return failingCalls == 1; }, 60000));
        clock.advance(400);
        QVERIFY(QTest::qWaitFor([&] { return failingCalls == 2; }, 60000));
        // A second member joins while the record is being retried: partitions move.
        ConsumerRunner b(db.get(), o);
        b.addHandler(TaskCreatedType, handler);
        watch(&b);
        QSignalSpy bAssigned(&b, &ConsumerRunner::partitionsAssigned);
        QSignalSpy aRevoked(&a, &ConsumerRunner::partitionsRevoked);
        QVERIFY(b.start());
        QVERIFY(QTest::qWaitFor(
            [&] { return bAssigned.count() > 0 && a.assignment().size() + b.assignment().size() == 4; }, 60000));
        QVERIFY(!failingDone);
        // Time moves on in 400 ms steps (one retry each) until the record has been handled.
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (!failingDone)
                    clock.advance(400);
                return failingDone;
            },
            120000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return count(QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = '%1'")
                                 .arg(group)) == 200 &&
                       !a.hasUncommittedOffsets() && !b.hasUncommittedOffsets();
            },
            60000));
        QVERIFY(aRevoked.count() + bAssigned.count() > 0);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), 200);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM effects")), 200);
        QCOMPARE(a.metrics().deadLettered + b.metrics().deadLettered, quint64(0));
        a.stop();
        b.stop();
    }

    void injectedBrokerErrorsNeverReachTheApplication()
    {
        const QString topic = makeTopic(QStringLiteral("faults"), 2);
        const QString group = makeGroup(QStringLiteral("faults-cg"));
        RunnerOptions o = options(group, topic);
        o.commitRetryMs = 200;
        ConsumerRunner runner(db.get(), o);
        runner.addHandler(TaskCreatedType, [](const HandlerContext &c) { return writeEffect(c); });
        QSignalSpy fatal(&runner, &ConsumerRunner::fatalError);
        broker.pushRequestErrors(10, {14, 14, 14}); // FindCoordinator: COORDINATOR_LOAD_IN_PROGRESS
        QVERIFY(runner.start());
        int produced = 0;
        auto produce = [&](int n) {
            QList<events::EncodedRecord> recs;
            for (int i = 0; i < n; ++i)
                recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("f%1").arg(produced + i));
            produced += n;
            return produceAll(broker.bootstrapServers(), topic, recs);
        };
        QVERIFY(produce(300));
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed >= 100; }, 60000));
        // OffsetCommit: REBALANCE_IN_PROGRESS, REQUEST_TIMED_OUT.
        broker.pushRequestErrors(8, {27, 7, 27, 7});
        QVERIFY(produce(300));
        QVERIFY(QTest::qWaitFor([&] { return runner.metrics().processed >= 500; }, 60000));
        // The coordinator moves to another broker mid-run.
        QVERIFY(!broker.setCoordinator(QStringLiteral("group"), group, 2).isError());
        broker.pushRequestErrors(8, {27, 7});
        QVERIFY(produce(300));
        QVERIFY(!broker.setCoordinator(QStringLiteral("group"), group, 3).isError());
        QVERIFY(produce(100));
        QVERIFY(QTest::qWaitFor(
            [&] { return runner.metrics().processed == quint64(produced) && !runner.hasUncommittedOffsets(); },
            120000));
        QCOMPARE(fatal.count(), 0);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects")), qint64(produced));

        // What the coordinator has: for each partition the last processed offset + 1.
        const qint64 maxOffsets[2] = {
            count(QStringLiteral("SELECT MAX(kafka_offset) FROM processed_events WHERE kafka_partition = 0")),
            count(QStringLiteral("SELECT MAX(kafka_offset) FROM processed_events WHERE kafka_partition = 1"))};
        KafkaConsumer probe;
        QVERIFY(probe.open(consumerConfig(broker.bootstrapServers(), group)));
        KafkaError e;
        TopicPartitionList committed;
        QVERIFY(QTest::qWaitFor(
            [&] {
                committed = probe.committed({{topic, 0, OffsetInvalid}, {topic, 1, OffsetInvalid}}, 5000, &e);
                return !e.isError() && committed.size() == 2 && committed[0].offset == maxOffsets[0] + 1 &&
                       committed[1].offset == maxOffsets[1] + 1;
            },
            30000));
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        QCOMPARE(committed[0].offset, maxOffsets[0] + 1);
        QCOMPARE(committed[1].offset, maxOffsets[1] + 1);
        probe.close();
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(TestConsumerRunner)
#include "tst_consumerrunner.moc"
