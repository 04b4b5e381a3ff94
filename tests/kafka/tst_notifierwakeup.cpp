#include "../common/KafkaTestSupport.h"

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
        qInfo("10000 messages: %llu consumer wake-ups, %d batches, %llu producer wake-ups",
              consumer.wakeups(), batches, producer.wakeups());
    }
};

QTEST_GUILESS_MAIN(TestNotifierWakeup)
#include "tst_notifierwakeup.moc"
