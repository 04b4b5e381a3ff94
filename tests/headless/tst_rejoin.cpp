// taskstreamd with a stable instance id (static group membership) killed with SIGKILL while a
// reminder it owns is due, then restarted with the same id against the same cluster: the reminder
// fires exactly once, after the restart, never before its time. The cluster is an embedded broker
// hosted by this test (librdkafka's mock cluster), so the daemon's death is a real member's death.
//
// What the mock cluster does with static membership: librdkafka 2.0.2's mock reads
// group.instance.id from JoinGroup and ignores it (src/rdkafka_mock_cgrp.c keys members by member
// id only). A restarted static member is a new member to it: the group waits for the dead
// member's session to expire and then for its own rebalance delay (session timeout less 1 s). A
// Kafka broker (2.3 and later) instead hands the restarted member its partitions at once. So the
// step "before the session timeout could have expired" is an expected failure here, kept to show
// the difference and to notice if the embedded broker ever learns static membership.

#include "auth/JwtAuth.h"
#include "config/TopicCatalog.h"
#include "support/DaemonProcess.h"
#include "support/KafkaTestSupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

namespace {
// Long enough that "assigned before the dead member's session expired" and "after" cannot be
// confused; the mock's rebalance after the restart takes this less 1 s.
constexpr int kSessionMs = 20000;
} // namespace

class TestRejoin : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QTemporaryDir dir{QDir::tempPath() + QStringLiteral("/rejoin-XXXXXX")};
    QString secretFile;
    QByteArray token;
    const QUuid user = QUuid::createUuid();
    DaemonProcess daemon;

    bool start()
    {
        // The notifier makes the notification of the reminder that fires.
        const QString roles = QStringLiteral("api,relay,reminder-scheduler,reminder-trigger,notifier");
        daemon.setLogFile(dir.filePath(QStringLiteral("daemon.log")));
        return daemon.start(
            {QStringLiteral("--brokers"),         broker.bootstrapServers(),
             QStringLiteral("--data-dir"),        dir.filePath(QStringLiteral("data")),
             QStringLiteral("--jwt-secret-file"), secretFile,
             QStringLiteral("--http-port"),       QStringLiteral("0"),
             QStringLiteral("--roles"),           roles,
             QStringLiteral("--instance-id"),     QStringLiteral("node-a"),
             QStringLiteral("--kafka-property"),  QStringLiteral("fetch.wait.max.ms=10"),
             QStringLiteral("--kafka-property"),  QStringLiteral("session.timeout.ms=%1").arg(kSessionMs),
             QStringLiteral("--kafka-property"),  QStringLiteral("heartbeat.interval.ms=500"),
             QStringLiteral("--log-format"),      QStringLiteral("text")},
            60000);
    }

    static QDateTime parseTime(const QJsonValue &v) { return QDateTime::fromString(v.toString(), Qt::ISODateWithMs); }

private slots:
    void initTestCase()
    {
        dir.setAutoRemove(!qEnvironmentVariableIsSet("TASKSTREAM_KEEP_TEST_LOGS"));
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        secretFile = dir.filePath(QStringLiteral("jwt-secret"));
        QString why;
        const QByteArray secret = auth::JwtAuth::loadOrCreateSecret(secretFile, &why);
        QVERIFY2(!secret.isEmpty(), qPrintable(why));
        token = auth::JwtAuth(secret).issue(user, QStringLiteral("user"), 3600, &why).toUtf8();
        QVERIFY(!token.isEmpty());
    }
    void cleanupTestCase() { daemon.kill(); }

    void reminderDueWhileDownFiresOnceAfterRestart()
    {
        QVERIFY(start());
        ApiClient api(daemon.httpUrl(), token);
        QVERIFY(QTest::qWaitFor([&] { return api.get(QStringLiteral("/readyz")).status == 200; }, 60000));
        // /api/v1/info names the instance to admins only.
        QString why;
        const QByteArray adminToken = auth::JwtAuth(auth::JwtAuth::loadSecret(secretFile, &why))
                                          .issue(QUuid::createUuid(), QStringLiteral("admin"), 3600, &why)
                                          .toUtf8();
        QVERIFY2(!adminToken.isEmpty(), qPrintable(why));
        const QJsonObject info = ApiClient(daemon.httpUrl(), adminToken).get(QStringLiteral("/api/v1/info")).json();
        QCOMPARE(info.value(QStringLiteral("instance_id")).toString(), QStringLiteral("node-a"));
        QCOMPARE(info.value(QStringLiteral("group_membership")).toString(), QStringLiteral("static"));

        // A reminder 25 s from now (a task due in 85 s, reminded 1 minute before).
        const QDateTime due = QDateTime::currentDateTimeUtc().addSecs(85);
        const ApiClient::Reply created =
            api.post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("rejoin")},
                                                       {QStringLiteral("due_date"), due.toString(Qt::ISODateWithMs)},
                                                       {QStringLiteral("remind_before_minutes"), QJsonArray{1}}});
        QCOMPARE(created.status, 201);
        // Its owner holds its timer: the reminder is this instance's to fire.
        QVERIFY(QTest::qWaitFor([&] { return api.metric("taskstream_reminders_armed") == 1; }, 60000));
        const QJsonArray pending =
            api.get(QStringLiteral("/api/v1/reminders?status=pending")).json().value(QStringLiteral("items")).toArray();
        QCOMPARE(pending.size(), 1);
        const QDateTime remindAt = parseTime(pending.first().toObject().value(QStringLiteral("remind_at")));
        QVERIFY(remindAt.isValid());
        QVERIFY2(QDateTime::currentDateTimeUtc() < remindAt.addSecs(-3),
                 "the set-up took too long: the reminder is due");

        // Killed 3 s before it is due; restarted, with the same instance id, once it is due: well
        // within the dead member's session, so only static membership can hand the partitions back
        // before that session expires.
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() >= remindAt.addSecs(-3); }, 60000));
        QVERIFY(daemon.kill());
        const QDateTime killedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentDateTimeUtc() > remindAt.addMSecs(500); }, 60000));
        QVERIFY(start());
        const QDateTime restartedAt = QDateTime::currentDateTimeUtc();
        api.setBaseUrl(daemon.httpUrl());

        QJsonArray fired;
        QVERIFY(QTest::qWaitFor(
            [&] {
                fired = api.get(QStringLiteral("/api/v1/reminders?status=fired"))
                            .json()
                            .value(QStringLiteral("items"))
                            .toArray();
                return !fired.isEmpty();
            },
            4 * kSessionMs + 30000));
        const QJsonObject reminder = fired.first().toObject();
        const QDateTime firedAt = parseTime(reminder.value(QStringLiteral("fired_at")));
        qInfo("killed %lld ms before the reminder was due; restarted %lld ms after the kill; fired %lld ms after the "
              "restart (session timeout %d ms)",
              killedAt.msecsTo(remindAt), killedAt.msecsTo(restartedAt), restartedAt.msecsTo(firedAt), kSessionMs);
        // Never early, and by the restarted instance.
        QVERIFY(firedAt >= remindAt);
        QVERIFY(firedAt >= restartedAt.addMSecs(-1000)); // the daemon's clock, read in another process
        // Exactly once: one fired reminder, one notification.
        QCOMPARE(fired.size(), 1);
        QCOMPARE(api.get(QStringLiteral("/api/v1/reminders?status=pending"))
                     .json()
                     .value(QStringLiteral("items"))
                     .toArray()
                     .size(),
                 0);
        // The notifier makes it from the ReminderTriggered: wait for it, then there is exactly one.
        QTRY_COMPARE_WITH_TIMEOUT(
            api.get(QStringLiteral("/api/v1/notifications")).json().value(QStringLiteral("items")).toArray().size(), 1,
            60000);

        // Static membership: the restarted member has its partitions back before the dead
        // member's session could have expired.
        QEXPECT_FAIL("",
                     "librdkafka 2.0.2's mock cluster ignores group.instance.id: a restarted member waits for "
                     "the dead member's session and then session.timeout.ms - 1 s",
                     Continue);
        QVERIFY(firedAt < killedAt.addMSecs(kSessionMs));

        QVERIFY(daemon.stop());
    }
};

QTEST_GUILESS_MAIN(TestRejoin)
#include "tst_rejoin.moc"
