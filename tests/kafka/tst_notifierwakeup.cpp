#include "support/KafkaTestSupport.h"

#include <QCoreApplication>
#include <QTimer>

using namespace taskstream::kafka;
using namespace testsupport;

/// Counts timer events delivered to the Kafka objects (or anything they own).
class TimerEventCounter : public QObject
{
public:
    QList<QObject *> watched;
    int timerEvents = 0;
    bool eventFilter(QObject *receiver, QEvent *event) override
    {
        if (event->type() == QEvent::Timer) {
            for (QObject *o = receiver; o; o = o->parent())
                if (watched.contains(o))
                    ++timerEvents;
        }
        return false;
    }
};

class TestNotifierWakeup : public QObject
{
    Q_OBJECT
private slots:
    void tenThousandMessagesThroughTheSocketNotifier()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        const QString topic = uniqueName(QStringLiteral("wakeup"));
        QVERIFY(!broker.createTopic(topic, 3, 1).isError());

        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        KafkaConsumer consumer;
        consumer.setMaxBatchSize(100);
        QVERIFY(consumer.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g")))));

        TimerEventCounter counter;
        counter.watched = {&producer, &consumer};
        QCoreApplication::instance()->installEventFilter(&counter);

        int delivered = 0;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) {
            QVERIFY(!r.error.isError());
            ++delivered;
        });
        int batches = 0;
        int largestBatch = 0;
        connect(&consumer, &KafkaConsumer::messagesReceived, this, [&](const QList<KafkaMessage> &b) {
            ++batches;
            largestBatch = qMax(largestBatch, int(b.size()));
        });
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());

        const int n = 10000;
        for (int i = 0; i < n; ++i) {
            KafkaError e;
            QVERIFY2(producer.produce(topic, QByteArray::number(i % 97), QByteArray::number(i), {}, -1, &e) > 0,
                     qPrintable(e.toString()));
        }
        QVERIFY(got.waitFor(n, 60000));
        QVERIFY(QTest::qWaitFor([&] { return delivered == n; }, 30000));
        QCoreApplication::instance()->removeEventFilter(&counter);

        QCOMPARE(got.messages.size(), n);
        // Every wake-up came through librdkafka's queue -> eventfd -> QSocketNotifier.
        QVERIFY(consumer.wakeups() > 0);
        QVERIFY(producer.wakeups() > 0);
        QCOMPARE(counter.timerEvents, 0);
        QCOMPARE(consumer.findChildren<QTimer *>().size(), 0);
        QCOMPARE(producer.findChildren<QTimer *>().size(), 0);
        // Batches are bounded, so the event loop gets its turn between them.
        QVERIFY(largestBatch <= 100);
        QVERIFY(batches >= n / 100);
        qInfo("10000 messages: %llu consumer wake-ups, %d batches, %llu producer wake-ups", consumer.wakeups(), batches,
              producer.wakeups());
    }

    void eventsQueuedBeforeTheNotifierStillWakeIt()
    {
        // A consumer property given to a producer makes rd_kafka_new queue a CONFWARN log before
        // the notifier exists (taskstreamd passes every --kafka-property to every client). The
        // queue was then non-empty when wake-ups were enabled, librdkafka signals only the
        // empty -> non-empty edge, and no delivery report ever came: the relay stalled.
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        const QString topic = uniqueName(QStringLiteral("early"));
        QVERIFY(!broker.createTopic(topic, 1, 1).isError());

        KafkaConfig config(broker.bootstrapServers());
        config.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("10"));
        config.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
        KafkaProducer producer;
        QVERIFY(producer.open(config));
        int delivered = 0;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) {
            QVERIFY(!r.error.isError());
            ++delivered;
        });
        for (int i = 0; i < 10; ++i)
            QVERIFY(producer.produce(topic, QByteArray::number(i), QByteArray::number(i)) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(delivered, 10, 30000);

        // The same for a consumer given a producer property.
        KafkaConfig cc = consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g")));
        cc.set(QStringLiteral("linger.ms"), QStringLiteral("1"));
        KafkaConsumer consumer;
        QVERIFY(consumer.open(cc));
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());
        QVERIFY(got.waitFor(10, 60000));
    }
};

QTEST_GUILESS_MAIN(TestNotifierWakeup)
#include "tst_notifierwakeup.moc"
