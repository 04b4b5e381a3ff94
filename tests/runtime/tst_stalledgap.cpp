// A Node whose consumer group's committed offset lies below the log start (the records are gone
// from the broker): the partition shows as stalled in /metrics and /api/v1/info with the missing
// range, a user token cannot acknowledge the gap, an admin token can, the acknowledgement is in
// the audit log and the partition goes on from the log start. The broker is hosted by the test
// and keeps at most 5 MB per partition, so writing more drops the oldest records.
#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaConsumer.h"
#include "runtime/Node.h"
#include "support/ProcessingTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::kafka;
using taskstream::runtime::Node;
using taskstream::runtime::NodeConfig;

namespace {
constexpr int kTimeoutMs = 60000;
const QString kTopic = QStringLiteral("todo.tasks.events");
const QString kGroup = QStringLiteral("audit-log-cg");
} // namespace

class TestStalledGap : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    QNetworkAccessManager network;

    struct Reply
    {
        int status = 0;
        QByteArray body;
    };

    Reply send(Node &node, const QByteArray &verb, const QString &path, const QByteArray &token)
    {
        QNetworkRequest request(QUrl(node.httpUrl() + path));
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token);
        QNetworkReply *reply = network.sendCustomRequest(request, verb);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        Reply r;
        if (!finished.wait(kTimeoutMs))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        reply->deleteLater();
        return r;
    }

    QJsonArray stalled(Node &node, const QByteArray &token)
    {
        return QJsonDocument::fromJson(send(node, "GET", QStringLiteral("/api/v1/info"), token).body)
            .object()
            .value(QStringLiteral("stalled_partitions"))
            .toArray();
    }

private slots:
    void stalledPartitionIsShownAndAcknowledgedByAnAdmin()
    {
        EmbeddedBroker broker;
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());

        // 6 MB on partition 0: the broker drops the oldest records.
        QList<events::EncodedRecord> big;
        for (int i = 0; i < 30; ++i)
            big << testsupport::taskCreatedRecord(QUuid::createUuid(), QString(200 * 1024, QLatin1Char('x')));
        QVERIFY(testsupport::produceAll(broker.bootstrapServers(), kTopic, big, QList<int>(big.size(), 0)));
        qint64 low = -1, high = -1;
        {
            KafkaConsumer c;
            KafkaConfig cfg(broker.bootstrapServers());
            cfg.set(QStringLiteral("group.id"), kGroup);
            QVERIFY(c.open(cfg));
            QVERIFY(c.queryWatermarks(kTopic, 0, &low, &high, 10000));
            QVERIFY2(low > 0, qPrintable(QString::number(low)));
            // The group read up to offset 0 before: that record is gone now.
            QSignalSpy committed(&c, &KafkaConsumer::offsetsCommitted);
            QVERIFY(!c.commit({{kTopic, 0, 0}}).isError());
            QVERIFY(committed.wait(kTimeoutMs));
            QVERIFY(!committed.first().at(1).value<KafkaError>().isError());
            c.close();
        }

        NodeConfig config;
        config.dataDir = dir.path();
        config.brokers = broker.bootstrapServers();
        config.httpPort = 0;
        config.roles = {QStringLiteral("api"), QStringLiteral("audit")};
        config.instanceId = QStringLiteral("node-1");
        config.kafka.set(QStringLiteral("session.timeout.ms"), QStringLiteral("6000"));
        config.kafka.set(QStringLiteral("heartbeat.interval.ms"), QStringLiteral("500"));
        config.kafka.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("10"));
        Node node(config);
        QSignalSpy started(&node, &Node::started);
        QSignalSpy failed(&node, &Node::failed);
        node.start();
        QVERIFY(started.wait(kTimeoutMs));
        const QByteArray admin = node.issueToken(QUuid::createUuid(), QStringLiteral("admin"), 600).toUtf8();
        const QByteArray user = node.issueToken(QUuid::createUuid(), QStringLiteral("user"), 600).toUtf8();

        QJsonArray st;
        QVERIFY(QTest::qWaitFor([&] { return !(st = stalled(node, admin)).isEmpty(); }, kTimeoutMs));
        QCOMPARE(st.size(), 1);
        const QJsonObject s = st.first().toObject();
        QCOMPARE(s.value(QStringLiteral("group")).toString(), kGroup);
        QCOMPARE(s.value(QStringLiteral("topic")).toString(), kTopic);
        QCOMPARE(s.value(QStringLiteral("partition")).toInt(-1), 0);
        QCOMPARE(s.value(QStringLiteral("missing_from")).toInteger(-1), 0);
        QCOMPARE(s.value(QStringLiteral("missing_to")).toInteger(-1), low);
        const QJsonObject info =
            QJsonDocument::fromJson(send(node, "GET", QStringLiteral("/api/v1/info"), admin).body).object();
        QCOMPARE(info.value(QStringLiteral("instance_id")).toString(), QStringLiteral("node-1"));
        QCOMPARE(info.value(QStringLiteral("group_membership")).toString(), QStringLiteral("static"));

        const QByteArray gauge =
            "\ntaskstream_partition_stalled{group=\"audit-log-cg\",topic=\"todo.tasks.events\",partition=\"0\"} 1\n";
        QByteArray metrics = send(node, "GET", QStringLiteral("/metrics"), {}).body;
        QVERIFY2(metrics.contains(gauge), metrics.constData());

        const QString ack =
            QStringLiteral("/api/v1/groups/audit-log-cg/partitions/todo.tasks.events/%1/acknowledge-gap");
        QCOMPARE(send(node, "POST", ack.arg(0), {}).status, 401);
        QCOMPARE(send(node, "POST", ack.arg(0), user).status, 403);
        QCOMPARE(stalled(node, admin).size(), 1);                    // refused: still stalled
        QCOMPARE(send(node, "POST", ack.arg(1), admin).status, 409); // not stalled
        QCOMPARE(send(node, "POST",
                      QStringLiteral("/api/v1/groups/nope-cg/partitions/todo.tasks.events/0/acknowledge-gap"), admin)
                     .status,
                 404);

        const Reply done = send(node, "POST", ack.arg(0), admin);
        QCOMPARE(done.status, 200);
        const QJsonObject answer = QJsonDocument::fromJson(done.body).object();
        QCOMPARE(answer.value(QStringLiteral("skipped_from")).toInteger(-1), 0);
        QCOMPARE(answer.value(QStringLiteral("resumed_at")).toInteger(-1), low);
        QCOMPARE(answer.value(QStringLiteral("audited")).toBool(), true);
        QVERIFY(QTest::qWaitFor([&] { return stalled(node, admin).isEmpty(); }, kTimeoutMs));
        metrics = send(node, "GET", QStringLiteral("/metrics"), {}).body;
        QVERIFY2(!metrics.contains("\ntaskstream_partition_stalled{"), metrics.constData());
        // A second acknowledgement finds nothing to acknowledge.
        QCOMPARE(send(node, "POST", ack.arg(0), admin).status, 409);

        // The records from the log start on are handled: the audit log gets them.
        const auto auditCount = [&](const QString &query) {
            return QJsonDocument::fromJson(
                       send(node, "GET", QStringLiteral("/api/v1/audit?limit=100&") + query, admin).body)
                .object()
                .value(QStringLiteral("items"))
                .toArray()
                .size();
        };
        QVERIFY(
            QTest::qWaitFor([&] { return auditCount(QStringLiteral("type=TaskCreated")) == high - low; }, kTimeoutMs));
        // And the acknowledgement itself, with who made it.
        QCOMPARE(auditCount(QStringLiteral("q=PartitionGapAcknowledged")), 1);

        QSignalSpy stopped(&node, &Node::stopped);
        node.stop();
        QVERIFY(stopped.wait(kTimeoutMs));
        QCOMPARE(failed.count(), 0);
    }
};

QTEST_GUILESS_MAIN(TestStalledGap)
#include "tst_stalledgap.moc"
