#include "support/KafkaTestSupport.h"

#include <QSet>

using namespace taskstream::kafka;
using namespace testsupport;

class TestBrokerDown : public QObject
{
    Q_OBJECT
private slots:
    void producerRecoversAndDeliversEverything()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(3));
        const QString topic = uniqueName(QStringLiteral("down"));
        QVERIFY(!broker.createTopic(topic, 3, 3).isError());

        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        QList<DeliveryReport> reports;
        QList<KafkaError> errors;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) { reports.append(r); });
        connect(&producer, &KafkaProducer::errorOccurred, this, [&](const KafkaError &e) { errors.append(e); });

        // Connected and delivering first.
        for (int i = 0; i < 10; ++i)
            QVERIFY(producer.produce(topic, QByteArray::number(i), "before-" + QByteArray::number(i)) > 0);
        QVERIFY(QTest::qWaitFor([&] { return reports.size() == 10; }, 20000));

        QVERIFY(!broker.setBrokerDown(-1).isError());
        for (int i = 0; i < 100; ++i)
            QVERIFY(producer.produce(topic, QByteArray::number(i), "during-" + QByteArray::number(i)) > 0);
        QVERIFY2(QTest::qWaitFor([&] { return !errors.isEmpty(); }, 30000),
                 "losing every broker is signalled to the application");
        QVERIFY(!errors.first().isFatal());
        QVERIFY2(errors.first().isRetriable(), qPrintable(errors.first().toString()));
        QCOMPARE(reports.size(), 10); // nothing failed, nothing delivered while down
        QVERIFY(producer.outstanding() >= 100);

        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY(QTest::qWaitFor([&] { return reports.size() == 110; }, 60000));
        for (const DeliveryReport &r : reports)
            QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));

        // Exactly once on the topic: the idempotent producer does not duplicate its retries.
        KafkaConsumer consumer;
        QVERIFY(consumer.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g")))));
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());
        QVERIFY(got.waitFor(110));
        QVERIFY(got.waitForLogEnd(broker.bootstrapServers(), topic, 3)); // a duplicate would be before the end
        QCOMPARE(got.messages.size(), 110);
        QSet<QByteArray> values;
        for (const KafkaMessage &m : got.messages)
            values.insert(m.value);
        QCOMPARE(values.size(), 110);
    }

    void closeReportsWhatStayedUndelivered()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        const QString topic = uniqueName(QStringLiteral("closing"));
        QVERIFY(!broker.createTopic(topic, 1, 1).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        QList<DeliveryReport> reports;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) { reports.append(r); });
        QVERIFY(!broker.setBrokerDown(-1).isError());
        for (int i = 0; i < 5; ++i)
            QVERIFY(producer.produce(topic, "k", QByteArray::number(i)) > 0);
        producer.close(500);
        // Every produce() got exactly one report, and those that did not make it say so.
        QCOMPARE(reports.size(), 5);
        for (const DeliveryReport &r : reports)
            QVERIFY(r.error.isError());
    }
};

QTEST_GUILESS_MAIN(TestBrokerDown)
#include "tst_brokerdown.moc"
