#include "support/KafkaTestSupport.h"

#include <QSet>

using namespace taskstream::kafka;
using namespace testsupport;

namespace {
QSet<int> partitionsOf(const TopicPartitionList &l)
{
    QSet<int> s;
    for (const TopicPartition &tp : l)
        s.insert(tp.partition);
    return s;
}
} // namespace

class TestConsumerGroup : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;

private slots:
    void initTestCase() { QVERIFY(broker.start(3)); }

    void membersSplitPartitionsAndTakeOverOnLeave()
    {
        const QString topic = uniqueName(QStringLiteral("split"));
        const QString group = uniqueName(QStringLiteral("grp"));
        QVERIFY(!broker.createTopic(topic, 6, 3).isError());

        KafkaConsumer a, b;
        QVERIFY(a.open(consumerConfig(broker.bootstrapServers(), group)));
        QVERIFY(b.open(consumerConfig(broker.bootstrapServers(), group)));
        QSignalSpy aAssigned(&a, &KafkaConsumer::partitionsAssigned);
        QVERIFY(!a.subscribe({topic}).isError());
        QVERIFY(aAssigned.wait(20000));
        QCOMPARE(partitionsOf(a.assignment()).size(), 6);

        QVERIFY(!b.subscribe({topic}).isError());
        // After the rebalance the two members hold disjoint halves that cover the topic.
        QVERIFY(QTest::qWaitFor(
            [&] {
                const QSet<int> pa = partitionsOf(a.assignment()), pb = partitionsOf(b.assignment());
                return !pa.isEmpty() && !pb.isEmpty() && !pa.intersects(pb) && (pa + pb).size() == 6;
            },
            30000));
        QVERIFY(a.memberId() != b.memberId());

        b.close();
        QVERIFY(QTest::qWaitFor([&] { return partitionsOf(a.assignment()).size() == 6; }, 30000));
    }

    void restartResumesFromCommittedOffset()
    {
        const QString topic = uniqueName(QStringLiteral("resume"));
        const QString group = uniqueName(QStringLiteral("grp"));
        QVERIFY(!broker.createTopic(topic, 3, 3).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 60; ++i)
            QVERIFY(producer.produce(topic, QByteArray::number(i), "first-" + QByteArray::number(i)) > 0);
        QCOMPARE(producer.flush(10000), 0);

        {
            KafkaConsumer c;
            QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), group)));
            Collector got(&c);
            QVERIFY(!c.subscribe({topic}).isError());
            QVERIFY(got.waitFor(60));
            // Commit the next offset to read of every partition seen.
            QHash<int, qint64> next;
            for (const KafkaMessage &m : got.messages)
                next[m.partition] = qMax(next.value(m.partition), m.offset + 1);
            TopicPartitionList offsets;
            for (auto it = next.cbegin(); it != next.cend(); ++it)
                offsets.append({topic, it.key(), it.value()});
            QSignalSpy committed(&c, &KafkaConsumer::offsetsCommitted);
            QVERIFY(!c.commit(offsets).isError());
            QVERIFY(committed.wait(10000));
            QVERIFY2(!committed.first().at(1).value<KafkaError>().isError(),
                     qPrintable(committed.first().at(1).value<KafkaError>().toString()));
            KafkaError e;
            TopicPartitionList asked;
            for (int p = 0; p < 3; ++p)
                asked.append({topic, p, OffsetInvalid});
            const TopicPartitionList stored = c.committed(asked, 5000, &e);
            QVERIFY2(!e.isError(), qPrintable(e.toString()));
            for (const TopicPartition &tp : stored)
                QCOMPARE(tp.offset, next.value(tp.partition, OffsetInvalid));
            c.close();
        }

        for (int i = 0; i < 40; ++i)
            QVERIFY(producer.produce(topic, QByteArray::number(i), "second-" + QByteArray::number(i)) > 0);
        QCOMPARE(producer.flush(10000), 0);

        KafkaConsumer c2;
        QVERIFY(c2.open(consumerConfig(broker.bootstrapServers(), group)));
        Collector got2(&c2);
        QVERIFY(!c2.subscribe({topic}).isError());
        QVERIFY(got2.waitFor(40));
        // Read on to the log end: a re-read of committed records would come before it.
        QVERIFY(got2.waitForLogEnd(broker.bootstrapServers(), topic, 3));
        QCOMPARE(got2.messages.size(), 40);
        for (const KafkaMessage &m : got2.messages)
            QVERIFY2(m.value.startsWith("second-"), "nothing committed is read again");
    }

    void pauseStopsAndResumeContinues()
    {
        // Partition 1 carries a sentinel; both partitions have the same leader, so one fetch
        // serves both and a record of partition 0 produced before the sentinel would come with it.
        const QString topic = uniqueName(QStringLiteral("pause"));
        QVERIFY(!broker.createTopic(topic, 2, 1).isError());
        QVERIFY(!broker.setPartitionLeader(topic, 0, 1).isError());
        QVERIFY(!broker.setPartitionLeader(topic, 1, 1).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        KafkaConsumer c;
        QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("grp")))));
        Collector got(&c);
        QSignalSpy assigned(&c, &KafkaConsumer::partitionsAssigned);
        QVERIFY(!c.subscribe({topic}).isError());
        QVERIFY(assigned.wait(20000));
        // A first record of partition 0 is read before the pause, so the consumer has its fetch
        // position. Paused straight after the assignment, before its start offset was known, the
        // partition was once not fetched again after the resume (a loaded run, librdkafka 2.0.2);
        // the runtime pauses only partitions it is reading (retry backoff, DLQ writes).
        producer.produce(topic, "k", "first", {}, 0);
        QCOMPARE(producer.flush(10000), 0);
        QVERIFY(got.waitFor(1));
        QVERIFY(!c.pause({{topic, 0, OffsetInvalid}}).isError());
        for (int i = 0; i < 10; ++i)
            producer.produce(topic, "k", QByteArray::number(i), {}, 0);
        QCOMPARE(producer.flush(10000), 0);
        producer.produce(topic, "k", "sentinel", {}, 1);
        QCOMPARE(producer.flush(10000), 0);
        QVERIFY(got.waitFor(2));
        QCOMPARE(got.messages.size(), 2);
        QCOMPARE(got.messages.at(1).value, QByteArray("sentinel"));
        QVERIFY(!c.resume({{topic, 0, OffsetInvalid}}).isError());
        QVERIFY(got.waitFor(12));
        QCOMPARE(got.messages.at(2).value, QByteArray("0"));
        QCOMPARE(got.messages.at(11).value, QByteArray("9"));
        // Seek back to the start re-delivers from offset 0.
        QVERIFY(!c.seek({{topic, 0, OffsetBeginning}}).isError());
        QVERIFY(got.waitFor(23));
        QCOMPARE(got.messages.at(12).partition, 0);
        QCOMPARE(got.messages.at(12).offset, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestConsumerGroup)
#include "tst_consumergroup.moc"
