#include "support/KafkaTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>

using namespace taskstream::kafka;
using namespace testsupport;

/// Interop with kcat (Debian package), a Kafka client nobody here wrote.
class TestKcatInterop : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QString kcat;

    QByteArray runKcat(const QStringList &args, const QByteArray &input = {})
    {
        QProcess p;
        p.start(kcat, args);
        if (!p.waitForStarted(5000))
            return {};
        if (!input.isEmpty())
            p.write(input);
        p.closeWriteChannel();
        if (!p.waitForFinished(30000)) {
            p.kill();
            p.waitForFinished();
        }
        if (p.exitCode() != 0)
            qWarning("kcat %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
                     p.readAllStandardError().constData());
        return p.readAllStandardOutput();
    }

private slots:
    void initTestCase()
    {
        kcat = QStandardPaths::findExecutable(QStringLiteral("kcat"));
        QVERIFY2(!kcat.isEmpty(), "kcat is required (Debian package kcat)");
        QVERIFY(broker.start(3));
    }

    void kcatSeesTheCatalogTopics()
    {
        QVERIFY(!broker.createTopics(taskstream::TopicCatalog::builtin()).isError());
        const QByteArray out =
            runKcat({QStringLiteral("-b"), broker.bootstrapServers(), QStringLiteral("-L"), QStringLiteral("-J")});
        const QJsonObject md = QJsonDocument::fromJson(out).object();
        QCOMPARE(md.value(QLatin1String("brokers")).toArray().size(), 3);
        QHash<QString, int> partitions;
        for (const QJsonValue &t : md.value(QLatin1String("topics")).toArray())
            partitions.insert(t[QLatin1String("topic")].toString(), t[QLatin1String("partitions")].toArray().size());
        for (const taskstream::TopicSpec &t : taskstream::TopicCatalog::builtin().topics())
            QCOMPARE(partitions.value(t.name), t.partitions);
    }

    void coreReadsWhatKcatProduced()
    {
        const QString topic = uniqueName(QStringLiteral("from-kcat"));
        QVERIFY(!broker.createTopic(topic, 3, 3).isError());
        QByteArray input;
        for (int i = 0; i < 50; ++i)
            input += "task-" + QByteArray::number(i) + "|payload {\"n\": " + QByteArray::number(i) + "}\n";
        runKcat({QStringLiteral("-b"), broker.bootstrapServers(), QStringLiteral("-P"), QStringLiteral("-t"), topic,
                 QStringLiteral("-K|"), QStringLiteral("-H"), QStringLiteral("ce_type=com.todo.events.TaskCreated"),
                 QStringLiteral("-H"), QStringLiteral("origin=kcat")},
                input);

        KafkaConsumer c;
        QVERIFY(c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("g")))));
        Collector got(&c);
        QVERIFY(!c.subscribe({topic}).isError());
        QVERIFY(got.waitFor(50));
        QCOMPARE(got.messages.size(), 50);
        for (const KafkaMessage &m : got.messages) {
            QVERIFY(m.key.startsWith("task-"));
            const QByteArray n = m.key.mid(5);
            QCOMPARE(m.value, "payload {\"n\": " + n + "}");
            QCOMPARE(headerValue(m.headers, QStringLiteral("ce_type")), QByteArray("com.todo.events.TaskCreated"));
            QCOMPARE(headerValue(m.headers, QStringLiteral("origin")), QByteArray("kcat"));
        }
    }

    void pythonKafkaClientReadsWhatCoreProduced()
    {
        // kafka-python (Debian python3-kafka), a pure-Python client, against the embedded broker.
        const QString topic = uniqueName(QStringLiteral("to-python"));
        QVERIFY(!broker.createTopic(topic, 1, 3).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 5; ++i)
            QVERIFY(producer.produce(topic, "k" + QByteArray::number(i), "v" + QByteArray::number(i),
                                     {{QStringLiteral("ce_type"), "com.todo.events.TaskCreated"}}) > 0);
        QCOMPARE(producer.flush(10000), 0);
        const QString script = QStringLiteral(
            "import json, sys, kafka\n"
            "c = kafka.KafkaConsumer(sys.argv[2], bootstrap_servers=sys.argv[1].split(','), "
            "auto_offset_reset='earliest',\n"
            "                        consumer_timeout_ms=5000, api_version=(2, 5, 0))\n"
            "print(json.dumps(sorted(c.topics())))\n"
            "for m in c:\n"
            "    print(json.dumps([m.key.decode(), m.value.decode(), [[k, v.decode()] for k, v in m.headers]]))\n"
            "    sys.stdout.flush()\n");
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, broker.bootstrapServers(), topic});
        QVERIFY(py.waitForFinished(60000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const QList<QByteArray> lines = py.readAllStandardOutput().trimmed().split('\n');
        QVERIFY(lines.size() >= 6);
        const QJsonArray topics = QJsonDocument::fromJson(lines.first()).array();
        QVERIFY(topics.contains(QJsonValue(QStringLiteral("todo.tasks.events"))));
        for (int i = 1; i < lines.size(); ++i) {
            const QJsonArray rec = QJsonDocument::fromJson(lines[i]).array();
            const QString n = rec.at(0).toString().mid(1);
            QCOMPARE(rec.at(1).toString(), QStringLiteral("v") + n);
            QCOMPARE(rec.at(2).toArray().first().toArray().at(1).toString(),
                     QStringLiteral("com.todo.events.TaskCreated"));
        }
    }

    void kcatReadsWhatCoreProduced()
    {
        const QString topic = uniqueName(QStringLiteral("to-kcat"));
        QVERIFY(!broker.createTopic(topic, 3, 3).isError());
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        for (int i = 0; i < 30; ++i)
            QVERIFY(producer.produce(topic, "key-" + QByteArray::number(i), "value-" + QByteArray::number(i),
                                     {{QStringLiteral("ce_id"), "id-" + QByteArray::number(i)},
                                      {QStringLiteral("content-type"), "text/plain"}}) > 0);
        QCOMPARE(producer.flush(10000), 0);

        const QByteArray out = runKcat({QStringLiteral("-b"), broker.bootstrapServers(), QStringLiteral("-C"),
                                        QStringLiteral("-t"), topic, QStringLiteral("-o"), QStringLiteral("beginning"),
                                        QStringLiteral("-e"), QStringLiteral("-J"), QStringLiteral("-q")});
        int count = 0;
        for (const QByteArray &line : out.split('\n')) {
            if (line.trimmed().isEmpty())
                continue;
            const QJsonObject m = QJsonDocument::fromJson(line).object();
            const QString key = m.value(QLatin1String("key")).toString();
            QVERIFY2(key.startsWith(QLatin1String("key-")), line.constData());
            const QString n = key.mid(4);
            QCOMPARE(m.value(QLatin1String("payload")).toString(), QStringLiteral("value-") + n);
            const QJsonArray h = m.value(QLatin1String("headers")).toArray();
            QCOMPARE(h.size(), 4); // name, value, name, value
            QCOMPARE(h.at(0).toString(), QStringLiteral("ce_id"));
            QCOMPARE(h.at(1).toString(), QStringLiteral("id-") + n);
            QCOMPARE(h.at(2).toString(), QStringLiteral("content-type"));
            QCOMPARE(h.at(3).toString(), QStringLiteral("text/plain"));
            ++count;
        }
        QCOMPARE(count, 30);
    }
};

QTEST_GUILESS_MAIN(TestKcatInterop)
#include "tst_kcatinterop.moc"
