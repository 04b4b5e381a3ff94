#include "config/TopicCatalog.h"
#include "processing/ConsumerRunner.h"
#include "processing/DlqTools.h"
#include "processing/ReplayTarget.h"
#include "support/ProcessingTestSupport.h"
#include "support/TestDatabase.h"

using namespace taskstream;
using namespace taskstream::kafka;
using namespace taskstream::processing;
using namespace testsupport;

namespace {
const QString TaskCreatedType = QString::fromLatin1(events::TaskCreated::TypeName);
} // namespace

/// A replay of a group's DLQ record reaches that group only: the replayed record carries
/// replay.group and every other group on the topic skips it. Against the embedded broker over TCP.
class TestGroupReplay : public QObject
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
        o.retry.maxAttempts = 1;
        return o;
    }

    qint64 count(const QString &sql) { return scalar(db.get(), sql); }

private slots:
    void initTestCase() { qRegisterMetaType<QList<DlqRecord>>(); }
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

    void headerSelectsTheGroup()
    {
        QVERIFY(!isReplayForAnotherGroup({}, "a-cg"));
        QVERIFY(!isReplayForAnotherGroup({{QStringLiteral("ce_id"), "x"}}, "a-cg"));
        QVERIFY(!isReplayForAnotherGroup({{dlqheaders::ReplayGroup, "a-cg"}}, "a-cg"));
        QVERIFY(isReplayForAnotherGroup({{dlqheaders::ReplayGroup, "a-cg"}}, "b-cg"));
        // The last header of a name counts.
        QVERIFY(
            !isReplayForAnotherGroup({{dlqheaders::ReplayGroup, "a-cg"}, {dlqheaders::ReplayGroup, "b-cg"}}, "b-cg"));
    }

    void replayedHeadersNameTheDeadLetteringGroup()
    {
        KafkaMessage original;
        original.topic = QStringLiteral("t");
        original.partition = 0;
        original.offset = 7;
        original.headers = {{QStringLiteral("ce_id"), "e1"}, {dlqheaders::ReplayGroup, "old-cg"}};
        FailureInfo failure;
        failure.attempts = 1;
        failure.errorClass = QStringLiteral("handler");
        const Headers dead = deadLetterHeaders(original, QStringLiteral("a-cg"), failure);
        const Headers replayed = replayHeaders(dead, QStringLiteral("t.dlq/0/0"), QStringLiteral("r1"));
        QCOMPARE(headerValue(replayed, dlqheaders::ReplayGroup), QByteArray("a-cg"));
        int n = 0;
        for (const Header &h : replayed)
            n += h.key == dlqheaders::ReplayGroup;
        QCOMPARE(n, 1);
    }

    void otherGroupsSkipAReplayAndTheTargetGroupProcessesItOnce()
    {
        const QString topic = uniqueName(QStringLiteral("shared"));
        QVERIFY(!broker.createTopic(topic, 1, 1).isError());
        const QString groupA = uniqueName(QStringLiteral("a-cg"));
        const QString groupB = uniqueName(QStringLiteral("b-cg"));
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(groupA), 1, 1).isError());
        QVERIFY(!broker.createTopic(TopicCatalog::dlqTopicForGroup(groupB), 1, 1).isError());
        QList<events::EncodedRecord> recs;
        for (int i = 0; i < 3; ++i)
            recs << taskCreatedRecord(QUuid::createUuid(), QStringLiteral("t%1").arg(i));
        QVERIFY(produceAll(broker.bootstrapServers(), topic, recs));
        const QString badId = QString::fromUtf8(headerValue(recs[1].headers, events::cloudevents::Id));

        // Group A fails the middle record for good until it is fixed; group B handles everything.
        bool broken = true;
        int badCallsA = 0;
        int callsB = 0;
        ConsumerRunner a(db.get(), options(groupA, topic));
        a.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            if (ctx.eventId == badId) {
                ++badCallsA;
                if (broken)
                    return HandlerResult::permanent(QStringLiteral("downstream.rejected"), QStringLiteral("bad"));
            }
            return writeEffect(ctx, groupA);
        });
        ConsumerRunner b(db.get(), options(groupB, topic));
        b.addHandler(TaskCreatedType, [&](const HandlerContext &ctx) {
            ++callsB;
            return writeEffect(ctx, groupB);
        });
        QSignalSpy deadA(&a, &ConsumerRunner::deadLettered);
        QVERIFY(a.start());
        QVERIFY(b.start());
        QVERIFY(QTest::qWaitFor([&] { return a.metrics().processed == 2 && deadA.count() == 1; }, 60000));
        QVERIFY(QTest::qWaitFor([&] { return b.metrics().processed == 3; }, 60000));

        QList<DlqRecord> dlq;
        QVERIFY(QTest::qWaitFor(
            [&] {
                DlqBrowser browser(KafkaConfig(broker.bootstrapServers()));
                QSignalSpy spy(&browser, &DlqBrowser::finished);
                browser.browse(TopicCatalog::dlqTopicForGroup(groupA), 100, 20000);
                if (!spy.wait(30000))
                    return false;
                dlq = spy.first().first().value<QList<DlqRecord>>();
                return dlq.size() == 1;
            },
            60000));

        broken = false;
        DlqReplayer replayer(db.get(), KafkaConfig(broker.bootstrapServers()));
        QSignalSpy done(&replayer, &DlqReplayer::finished);
        replayer.replay(ReplayRequest{QStringLiteral("group-replay-1"), dlq, false, 3});
        QVERIFY(done.wait(30000));
        const ReplayReport report = done.first().at(1).value<ReplayReport>();
        QCOMPARE(report.count(ReplayItem::Replayed), 1);
        QCOMPARE(report.items.first().group, groupA);

        // The sentinel: group B has read past the replayed record (skipped, no handler call).
        QVERIFY(QTest::qWaitFor([&] { return b.metrics().skipped == 1 && !b.hasUncommittedOffsets(); }, 60000));
        QVERIFY(QTest::qWaitFor([&] { return a.metrics().processed == 3 && !a.hasUncommittedOffsets(); }, 60000));
        QCOMPARE(callsB, 3);
        QCOMPARE(b.metrics().processed, quint64(3));
        QCOMPARE(b.metrics().deadLettered, quint64(0));
        QCOMPARE(badCallsA, 2);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE event_id = '%1' AND worker = '%2'")
                           .arg(badId, groupA)),
                 1);
        QCOMPARE(count(QStringLiteral("SELECT COUNT(*) FROM effects WHERE event_id = '%1' AND worker = '%2'")
                           .arg(badId, groupB)),
                 1);
        QCOMPARE(a.committedOffsets().first().offset, qint64(4));
        QCOMPARE(b.committedOffsets().first().offset, qint64(4));
        a.stop();
        b.stop();
    }
};

QTEST_GUILESS_MAIN(TestGroupReplay)
#include "tst_groupreplay.moc"
