#include "kafka/KafkaAdmin.h"
#include "support/KafkaTestSupport.h"

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

class TestKafkaAdmin : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    KafkaAdmin admin;

private slots:
    void initTestCase()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        KafkaError e;
        QVERIFY2(admin.open(KafkaConfig(broker.bootstrapServers()), &e), qPrintable(e.toString()));
    }

    void metadataListsBrokersTopicsAndLeaders()
    {
        QSignalSpy spy(&admin, &KafkaAdmin::metadataReady);
        const quint64 id = admin.fetchMetadata();
        QVERIFY(spy.wait(10000));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(spy.first().at(0).toULongLong(), id);
        QVERIFY(!spy.first().at(2).value<KafkaError>().isError());
        const auto md = spy.first().at(1).value<ClusterMetadata>();
        QCOMPARE(md.brokers.size(), 3);
        for (const TopicSpec &t : TopicCatalog::builtin().topics()) {
            const TopicInfo *ti = md.topic(t.name);
            QVERIFY2(ti, qPrintable(t.name));
            QCOMPARE(ti->partitions.size(), t.partitions);
            for (const PartitionInfo &p : ti->partitions) {
                QVERIFY(p.leader >= 1 && p.leader <= 3);
                QCOMPARE(p.replicas.size(), 3);
            }
        }
    }

    void watermarksAndGroupLag()
    {
        const QString topic = uniqueName(QStringLiteral("lag"));
        const QString group = uniqueName(QStringLiteral("grp"));
        QVERIFY(!broker.createTopic(topic, 2, 1).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 30; ++i)
            producer.produce(topic, {}, QByteArray::number(i), {}, 0);
        for (int i = 0; i < 12; ++i)
            producer.produce(topic, {}, QByteArray::number(i), {}, 1);
        QCOMPARE(producer.flush(10000), 0);

        QSignalSpy wm(&admin, &KafkaAdmin::watermarksReady);
        admin.fetchWatermarks({{topic, 0, OffsetInvalid}, {topic, 1, OffsetInvalid}});
        QVERIFY(wm.wait(10000));
        const auto marks = wm.first().at(1).value<QList<PartitionWatermarks>>();
        QCOMPARE(marks.size(), 2);
        QCOMPARE(marks.at(0).low, qint64(0));
        QCOMPARE(marks.at(0).high, qint64(30));
        QCOMPARE(marks.at(1).high, qint64(12));

        // A group that committed 10 on partition 0 and nothing on partition 1.
        KafkaConsumer c;
        QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), group)));
        QSignalSpy committed(&c, &KafkaConsumer::offsetsCommitted);
        QVERIFY(!c.commit({{topic, 0, 10}}).isError());
        QVERIFY(committed.wait(10000));

        QSignalSpy lagSpy(&admin, &KafkaAdmin::groupLagReady);
        admin.fetchGroupLag(group, {topic});
        QVERIFY(lagSpy.wait(15000));
        QVERIFY2(!lagSpy.first().at(2).value<KafkaError>().isError(),
                 qPrintable(lagSpy.first().at(2).value<KafkaError>().toString()));
        const auto lag = lagSpy.first().at(1).value<GroupLag>();
        QCOMPARE(lag.partitions.size(), 2);
        QCOMPARE(lag.partitions.at(0).committed, qint64(10));
        QCOMPARE(lag.partitions.at(0).lag, qint64(20));
        QCOMPARE(lag.partitions.at(1).committed, qint64(OffsetInvalid));
        QCOMPARE(lag.partitions.at(1).lag, qint64(12));
        QCOMPARE(lag.totalLag(), qint64(32));
    }

    /// Committed offsets of \a group on \a topic, read back through fetchGroupLag().
    QHash<int, qint64> committedOf(const QString &group, const QString &topic)
    {
        QSignalSpy lagSpy(&admin, &KafkaAdmin::groupLagReady);
        const quint64 id = admin.fetchGroupLag(group, {topic});
        QHash<int, qint64> out;
        if (!lagSpy.wait(15000) || lagSpy.first().at(0).toULongLong() != id)
            return out;
        for (const PartitionLag &p : lagSpy.first().at(1).value<GroupLag>().partitions)
            out.insert(p.partition, p.committed);
        return out;
    }

    QList<OffsetResetResult> reset(const QString &group, const TopicPartitionList &offsets, KafkaError *error)
    {
        QSignalSpy spy(&admin, &KafkaAdmin::groupOffsetsReset);
        const quint64 id = admin.resetGroupOffsets(group, offsets);
        if (!spy.wait(15000) || spy.first().at(0).toULongLong() != id) {
            *error = KafkaError(KafkaError::TimedOut, QStringLiteral("no result"));
            return {};
        }
        // Exactly once: nothing else arrives for the same request.
        QTest::qWait(50); // a second emission would be posted right behind the first; let it land
        if (spy.size() != 1)
            *error = KafkaError(KafkaError::InvalidArgument, QStringLiteral("result emitted more than once"));
        else
            *error = spy.first().at(2).value<KafkaError>();
        return spy.first().at(1).value<QList<OffsetResetResult>>();
    }

    void resetOffsetsOfGroupWithoutMembers()
    {
        const QString topic = uniqueName(QStringLiteral("reset"));
        const QString group = uniqueName(QStringLiteral("grp"));
        QVERIFY(!broker.createTopic(topic, 2, 1).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 30; ++i)
            producer.produce(topic, {}, QByteArray::number(i), {}, 0);
        for (int i = 0; i < 12; ++i)
            producer.produce(topic, {}, QByteArray::number(i), {}, 1);
        QCOMPARE(producer.flush(10000), 0);
        {
            // Committed 10 and 5, then gone: a group with offsets and no member.
            KafkaConsumer c;
            QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), group)));
            QSignalSpy committed(&c, &KafkaConsumer::offsetsCommitted);
            QVERIFY(!c.commit({{topic, 0, 10}, {topic, 1, 5}}).isError());
            QVERIFY(committed.wait(10000));
            c.close();
        }
        QHash<int, qint64> before = committedOf(group, topic);
        QCOMPARE(before.value(0), qint64(10));
        QCOMPARE(before.value(1), qint64(5));

        KafkaError e;
        auto results = reset(group, {{topic, 0, 0}, {topic, 1, 0}}, &e); // earliest
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        QCOMPARE(results.size(), 2);
        QHash<int, qint64> after = committedOf(group, topic);
        QCOMPARE(after.value(0), qint64(0));
        QCOMPARE(after.value(1), qint64(0));

        results = reset(group, {{topic, 0, 30}, {topic, 1, 12}}, &e); // latest
        QVERIFY2(!e.isError(), qPrintable(e.toString()));
        after = committedOf(group, topic);
        QCOMPARE(after.value(0), qint64(30));
        QCOMPARE(after.value(1), qint64(12));
    }

    void resetOffsetsOfGroupWithActiveMemberIsRefused()
    {
        const QString topic = uniqueName(QStringLiteral("reset"));
        const QString group = uniqueName(QStringLiteral("grp"));
        QVERIFY(!broker.createTopic(topic, 1, 1).isError());
        KafkaConsumer member;
        QVERIFY(member.open(consumerConfig(broker.bootstrapServers(), group)));
        QSignalSpy assigned(&member, &KafkaConsumer::partitionsAssigned);
        QVERIFY(!member.subscribe({topic}).isError());
        QVERIFY(assigned.wait(20000));

        KafkaError e;
        const auto results = reset(group, {{topic, 0, 0}}, &e);
        QCOMPARE(e.code(), int(KafkaError::GroupNotEmpty));
        QVERIFY2(e.message().contains(group) && e.message().contains(QLatin1String("active members")),
                 qPrintable(e.toString()));
        QCOMPARE(results.size(), 1);
        QCOMPARE(results.first().error.code(), int(KafkaError::GroupNotEmpty));
        QCOMPARE(committedOf(group, topic).value(0), qint64(OffsetInvalid));
        member.close();
    }

    void resetWithRelativeOffsetIsRejected()
    {
        KafkaError e;
        reset(QStringLiteral("any"), {{QStringLiteral("t"), 0, OffsetBeginning}}, &e);
        QCOMPARE(e.code(), int(KafkaError::InvalidArgument));
    }

    void groupLagOfUnknownTopicSaysSo()
    {
        QSignalSpy spy(&admin, &KafkaAdmin::groupLagReady);
        admin.fetchGroupLag(QStringLiteral("g"), {QStringLiteral("no.such.topic")});
        QVERIFY(spy.wait(15000));
        QVERIFY(spy.first().at(2).value<KafkaError>().message().contains(QLatin1String("no.such.topic")));
    }

    void listGroupsFallsBackToTheCatalog()
    {
        // The embedded broker has no ListGroups: the answer comes quickly, from the catalog, and says so.
        QSignalSpy spy(&admin, &KafkaAdmin::groupsListed);
        admin.listGroups(5000);
        QVERIFY(spy.wait(10000));
        const auto groups = spy.first().at(1).value<QList<GroupInfo>>();
        QCOMPARE(groups.size(), TopicCatalog::builtin().consumerGroups().size());
        for (const GroupInfo &g : groups) {
            QVERIFY(TopicCatalog::builtin().consumerGroup(g.groupId));
            QCOMPARE(g.source, QStringLiteral("catalog"));
            QVERIFY2(g.error.message().contains(QLatin1String("does not list consumer groups")),
                     qPrintable(g.error.message()));
        }
    }

    void describeGroupsAnswersWithoutHanging()
    {
        // The embedded broker has no DescribeGroups: each group is answered, marked unknown, with
        // the reason, within the timeout.
        QSignalSpy spy(&admin, &KafkaAdmin::groupsDescribed);
        admin.describeGroups({QStringLiteral("audit-log-cg"), QStringLiteral("recurring-task-cg")}, 5000);
        QVERIFY(spy.wait(15000));
        const auto groups = spy.first().at(1).value<QList<GroupInfo>>();
        QCOMPARE(groups.size(), 2);
        for (const GroupInfo &g : groups) {
            QVERIFY(g.groupId == QLatin1String("audit-log-cg") || g.groupId == QLatin1String("recurring-task-cg"));
            QCOMPARE(g.state, QStringLiteral("Unknown"));
            QCOMPARE(g.error.code(), int(KafkaError::Unsupported));
            QVERIFY2(g.error.message().contains(QLatin1String("does not describe")), qPrintable(g.error.message()));
        }
    }

    void createTopicsAnswersWithoutHanging()
    {
        // Existing topics are left alone; a missing one is refused by the embedded broker
        // (no CreateTopics) with a per-topic error rather than a hang.
        QList<TopicSpec> wanted = TopicCatalog::builtin().topics().mid(0, 2);
        TopicSpec extra;
        extra.name = uniqueName(QStringLiteral("created"));
        extra.partitions = 2;
        extra.replicationFactor = 1;
        wanted.append(extra);
        QSignalSpy spy(&admin, &KafkaAdmin::topicsCreated);
        admin.createTopics(wanted, 5000);
        QVERIFY(spy.wait(20000));
        const auto results = spy.first().at(1).value<QList<TopicCreateResult>>();
        const KafkaError top = spy.first().at(2).value<KafkaError>();
        QCOMPARE(results.size(), 3);
        QVERIFY(!results.at(0).created);
        QVERIFY(!results.at(0).error.isError());
        QVERIFY(results.at(2).created || results.at(2).error.isError() || top.isError());
    }

    void unreachableClusterAnswersWithinTheTimeout()
    {
        KafkaAdmin lonely;
        QVERIFY(lonely.open(KafkaConfig(QStringLiteral("127.0.0.1:1"))));
        QSignalSpy spy(&lonely, &KafkaAdmin::metadataReady);
        lonely.fetchMetadata(1500);
        QVERIFY(spy.wait(15000));
        const KafkaError e = spy.first().at(2).value<KafkaError>();
        QVERIFY(e.isError());
        QVERIFY2(e.message().contains(QLatin1String("bootstrap.servers")), qPrintable(e.message()));
    }
};

QTEST_GUILESS_MAIN(TestKafkaAdmin)
#include "tst_kafkaadmin.moc"
