#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"

#include <QTest>

using namespace taskstream::kafka;

class TestKafkaConfig : public QObject
{
    Q_OBJECT
private slots:
    void bootstrapValidation_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("one host") << "kafka:9092" << true << "";
        QTest::newRow("several, spaces") << "a:9092, b:9093,c.example.com:9094" << true << "";
        QTest::newRow("ipv6 in brackets") << "[::1]:9092" << true << "";
        QTest::newRow("protocol prefix") << "SASL_SSL://kafka:9093" << true << "";
        QTest::newRow("empty") << "" << false << "empty";
        QTest::newRow("no port") << "kafka" << false << "'kafka' is not HOST:PORT";
        QTest::newRow("port zero") << "kafka:0" << false << "outside 1-65535";
        QTest::newRow("port too large") << "kafka:70000" << false << "outside 1-65535";
        QTest::newRow("trailing comma") << "kafka:9092," << false << "empty entry";
        QTest::newRow("garbage") << "kafka:90x2" << false << "not HOST:PORT";
    }
    void bootstrapValidation()
    {
        QFETCH(QString, servers);
        QFETCH(bool, valid);
        QFETCH(QString, mentions);
        QString error;
        QCOMPARE(KafkaConfig::validateBootstrapServers(servers, &error), valid);
        if (!valid)
            QVERIFY2(error.contains(mentions), qPrintable(error));
    }

    void unknownPropertyIsNamed_data()
    {
        QTest::addColumn<QString>("client");
        QTest::newRow("producer") << "producer";
        QTest::newRow("consumer") << "consumer";
        QTest::newRow("admin") << "admin";
    }
    void unknownPropertyIsNamed()
    {
        QFETCH(QString, client);
        KafkaConfig cfg(QStringLiteral("127.0.0.1:9"));
        cfg.set(QStringLiteral("group.id"), QStringLiteral("g"));
        cfg.set(QStringLiteral("no.such.property"), QStringLiteral("1"));
        KafkaError error;
        bool opened = true;
        if (client == QLatin1String("producer")) {
            KafkaProducer p;
            opened = p.open(cfg, &error);
            QVERIFY(!p.isOpen());
        } else if (client == QLatin1String("consumer")) {
            KafkaConsumer c;
            opened = c.open(cfg, &error);
            QVERIFY(!c.isOpen());
        } else {
            KafkaAdmin a;
            opened = a.open(cfg, &error);
            QVERIFY(!a.isOpen());
        }
        QVERIFY(!opened);
        QCOMPARE(error.code(), int(KafkaError::InvalidConfig));
        QVERIFY2(error.message().contains(QLatin1String("'no.such.property'")), qPrintable(error.message()));
    }

    void invalidValueIsNamed()
    {
        KafkaConfig cfg(QStringLiteral("127.0.0.1:9"));
        cfg.set(QStringLiteral("acks"), QStringLiteral("sometimes"));
        KafkaProducer p;
        KafkaError error;
        QVERIFY(!p.open(cfg, &error));
        QVERIFY2(error.message().contains(QLatin1String("'acks'")), qPrintable(error.message()));
    }

    void inconsistentConfigIsReported()
    {
        // Accepted key by key, refused as a whole by librdkafka when the client is created.
        KafkaConfig cfg(QStringLiteral("127.0.0.1:9"));
        cfg.set(QStringLiteral("enable.idempotence"), QStringLiteral("true"));
        cfg.set(QStringLiteral("acks"), QStringLiteral("1"));
        KafkaProducer p;
        KafkaError error;
        QVERIFY(!p.open(cfg, &error));
        QVERIFY2(error.message().contains(QLatin1String("acks")), qPrintable(error.message()));
    }

    void instanceIdentity_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("pod name") << QStringLiteral("taskstream-workers-0") << true;
        QTest::newRow("dots and underscores") << QStringLiteral("host_1.example") << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("slash") << QStringLiteral("pod/0") << false;
        QTest::newRow("space") << QStringLiteral("pod 0") << false;
        QTest::newRow("too long") << QString(201, QLatin1Char('a')) << false;
    }
    void instanceIdentity()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QString why;
        QCOMPARE(KafkaConfig::validateInstanceId(id, &why), valid);
        QCOMPARE(why.isEmpty(), valid);
        if (valid)
            QCOMPARE(KafkaConfig::groupInstanceId(id, QStringLiteral("audit-log-cg")),
                     id + QStringLiteral("-audit-log-cg"));
        else
            QVERIFY(why.contains(QLatin1String("1 to 200 characters")));
        QVERIFY(KafkaConfig::groupInstanceId(QString(), QStringLiteral("audit-log-cg")).isEmpty());
    }

    void consumerNeedsGroup()
    {
        KafkaConsumer c;
        KafkaError error;
        QVERIFY(!c.open(KafkaConfig(QStringLiteral("127.0.0.1:9")), &error));
        QVERIFY2(error.message().contains(QLatin1String("group.id")), qPrintable(error.message()));
    }

    void producerDefaultsAreIdempotent()
    {
        // Passing an explicit user value wins over the defaults; defaults apply otherwise.
        KafkaConfig cfg(QStringLiteral("127.0.0.1:9"));
        cfg.setDefault(QStringLiteral("acks"), QStringLiteral("all"));
        cfg.setDefault(QStringLiteral("acks"), QStringLiteral("1"));
        QCOMPARE(cfg.value(QStringLiteral("acks")), QStringLiteral("all"));
    }

    void produceOnClosedProducerFails()
    {
        KafkaProducer p;
        KafkaError error;
        QCOMPARE(p.produce(QStringLiteral("t"), "k", "v", {}, -1, &error), quint64(0));
        QCOMPARE(error.code(), int(KafkaError::NotOpen));
    }

    void propertyParsing()
    {
        QString k, v, e;
        QVERIFY(KafkaConfig::parseProperty(QStringLiteral("sasl.mechanism = SCRAM-SHA-512"), &k, &v, &e));
        QCOMPARE(k, QStringLiteral("sasl.mechanism"));
        QCOMPARE(v, QStringLiteral("SCRAM-SHA-512"));
        QVERIFY(KafkaConfig::parseProperty(QStringLiteral("sasl.password=a=b"), &k, &v, &e));
        QCOMPARE(v, QStringLiteral("a=b"));
        QVERIFY(!KafkaConfig::parseProperty(QStringLiteral("novalue"), &k, &v, &e));
        QVERIFY(e.contains(QLatin1String("KEY=VALUE")));
    }
};

QTEST_GUILESS_MAIN(TestKafkaConfig)
#include "tst_kafkaconfig.moc"
