#include "support/KafkaTestSupport.h"

#include <QHash>

using namespace taskstream::kafka;
using namespace testsupport;

class TestRoundTrip : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;

private slots:
    void initTestCase()
    {
        KafkaError e;
        QVERIFY2(broker.start(3, &e), qPrintable(e.toString()));
        QVERIFY(broker.bootstrapServers().startsWith(QLatin1String("127.0.0.1:")));
        QCOMPARE(broker.bootstrapServers().split(QLatin1Char(',')).size(), 3);
    }

    void keysHeadersAndPayloadsSurvive()
    {
        const QString topic = uniqueName(QStringLiteral("roundtrip"));
        QVERIFY(!broker.createTopic(topic, 3, 3).isError());

        KafkaProducer producer;
        KafkaError e;
        QVERIFY2(producer.open(KafkaConfig(broker.bootstrapServers()), &e), qPrintable(e.toString()));
        QList<DeliveryReport> reports;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) { reports.append(r); });

        const int n = 200;
        QHash<quint64, int> idToIndex;
        for (int i = 0; i < n; ++i) {
            Headers h{{QStringLiteral("ce_id"), QByteArray::number(i)},
                      {QStringLiteral("binary"), QByteArray("\x00\x01\xff", 3)},
                      {QStringLiteral("repeated"), "first"},
                      {QStringLiteral("repeated"), "second"}};
            const QByteArray key = "task-" + QByteArray::number(i % 7);
            const QByteArray value = i == 5 ? QByteArray() : QByteArray(100 + i, char('a' + i % 26));
            const quint64 id = producer.produce(topic, key, value, h, -1, &e);
            QVERIFY2(id > 0, qPrintable(e.toString()));
            idToIndex.insert(id, i);
        }
        QVERIFY(QTest::qWaitFor([&] { return reports.size() == n; }, 30000));
        QHash<QByteArray, int> partitionOfKey;
        for (const DeliveryReport &r : reports) {
            QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
            QVERIFY(idToIndex.contains(r.id));
            QCOMPARE(r.topic, topic);
            QVERIFY(r.offset >= 0);
        }
        QCOMPARE(producer.outstanding(), 0);

        KafkaConsumer consumer;
        QVERIFY2(consumer.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g"))), &e),
                 qPrintable(e.toString()));
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());
        QVERIFY(got.waitFor(n));
        QCOMPARE(got.messages.size(), n);

        QList<int> seen;
        for (const KafkaMessage &m : got.messages) {
            const int i = headerValue(m.headers, QStringLiteral("ce_id")).toInt();
            seen.append(i);
            QCOMPARE(m.topic, topic);
            QCOMPARE(m.key, "task-" + QByteArray::number(i % 7));
            if (i == 5)
                QVERIFY2(m.value.isNull(), "a null value stays null (tombstone)");
            else
                QCOMPARE(m.value, QByteArray(100 + i, char('a' + i % 26)));
            QCOMPARE(m.headers.size(), 4);
            QCOMPARE(headerValue(m.headers, QStringLiteral("binary")), QByteArray("\x00\x01\xff", 3));
            QCOMPARE(m.headers.at(2).value, QByteArray("first"));
            QCOMPARE(m.headers.at(3).value, QByteArray("second"));
            QVERIFY(m.timestampMs > 0);
            // Same key, same partition: per-key order depends on it.
            const int p = partitionOfKey.value(m.key, -1);
            QVERIFY(p == -1 || p == m.partition);
            partitionOfKey.insert(m.key, m.partition);
        }
        std::sort(seen.begin(), seen.end());
        for (int i = 0; i < n; ++i)
            QCOMPARE(seen.at(i), i);
        consumer.close();
    }

    void manyHeaderNamesKeepTheirNames()
    {
        // The consumer shares the QString of a header name between records: names that differ
        // (hundreds of them, non-ASCII ones, names that are prefixes of others) must each
        // arrive as sent, in order.
        const QString topic = uniqueName(QStringLiteral("header-names"));
        QVERIFY(!broker.createTopic(topic, 1, 1).isError());
        KafkaProducer producer;
        KafkaError e;
        QVERIFY2(producer.open(KafkaConfig(broker.bootstrapServers()), &e), qPrintable(e.toString()));
        int delivered = 0;
        connect(&producer, &KafkaProducer::delivered, this, [&](const DeliveryReport &r) {
            QVERIFY2(!r.error.isError(), qPrintable(r.error.toString()));
            ++delivered;
        });
        auto namesOf = [](int i) {
            return QStringList{QStringLiteral("n%1").arg(i), QStringLiteral("n%1x").arg(i),
                               QStringLiteral("ключ-%1").arg(i % 3), QStringLiteral("n")};
        };
        const int n = 300;
        for (int i = 0; i < n; ++i) {
            Headers h;
            for (const QString &name : namesOf(i))
                h.append({name, name.toUtf8() + "=" + QByteArray::number(i)});
            QVERIFY2(producer.produce(topic, QByteArray::number(i), "v", h, -1, &e) > 0, qPrintable(e.toString()));
        }
        QVERIFY(QTest::qWaitFor([&] { return delivered == n; }, 30000));

        KafkaConsumer consumer;
        QVERIFY2(consumer.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g"))), &e),
                 qPrintable(e.toString()));
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());
        QVERIFY(got.waitFor(n));
        for (int k = 0; k < n; ++k) {
            const KafkaMessage &m = got.messages.at(k);
            const int i = m.key.toInt();
            QCOMPARE(i, k); // one partition: produce order
            const QStringList names = namesOf(i);
            QCOMPARE(m.headers.size(), names.size());
            for (int j = 0; j < names.size(); ++j) {
                QCOMPARE(m.headers.at(j).key, names.at(j));
                QCOMPARE(m.headers.at(j).value, names.at(j).toUtf8() + "=" + QByteArray::number(i));
            }
        }
        consumer.close();
    }

    void orderPerKeyIsKept()
    {
        const QString topic = uniqueName(QStringLiteral("order"));
        QVERIFY(!broker.createTopic(topic, 6, 3).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 600; ++i)
            QVERIFY(producer.produce(topic, "key-" + QByteArray::number(i % 10), QByteArray::number(i)) > 0);
        QCOMPARE(producer.flush(10000), 0);

        KafkaConsumer consumer;
        QVERIFY(consumer.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g")))));
        Collector got(&consumer);
        QVERIFY(!consumer.subscribe({topic}).isError());
        QVERIFY(got.waitFor(600));
        QHash<QByteArray, int> last;
        for (const KafkaMessage &m : got.messages) {
            const int v = m.value.toInt();
            QVERIFY2(v > last.value(m.key, -1), "records of one key arrive in the order produced");
            last.insert(m.key, v);
        }
    }

    void oversizedRecordIsRefusedAtOnce()
    {
        // A record over message.max.bytes can never be delivered: refused at produce() with the
        // reason, so the caller can mark it failed instead of waiting for a report.
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        KafkaError e;
        QCOMPARE(
            producer.produce(QStringLiteral("todo.tasks.events"), "k", QByteArray(2 * 1024 * 1024, 'x'), {}, -1, &e),
            quint64(0));
        QVERIFY(e.isError());
        QCOMPARE(e.codeName(), QStringLiteral("MSG_SIZE_TOO_LARGE"));
        QVERIFY2(e.message().contains(QLatin1String("todo.tasks.events")), qPrintable(e.message()));
        QVERIFY(!e.isRetriable());
    }
};

QTEST_GUILESS_MAIN(TestRoundTrip)
#include "tst_roundtrip.moc"
