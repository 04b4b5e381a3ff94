#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/EventRecords.h"
#include "store/Database.h"
#include "support/DaemonProcess.h"
#include "support/KafkaTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSet>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QWebSocket>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

/// taskstreamd as a process against a broker that outlives it (run by this test), so the daemon
/// can be killed with SIGKILL between commit and publish.
class TestDaemonApi : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QTemporaryDir dataDir;
    QNetworkAccessManager nam;
    events::EventSerializer serializer;
    DaemonProcess daemon;
    ApiClient api;
    QString http;
    QByteArray token;
    const QUuid user = QUuid::createUuid();

    bool startDaemon()
    {
        if (!daemon.start(QStringList{QStringLiteral("--brokers"), broker.bootstrapServers(),
                                      QStringLiteral("--data-dir"), dataDir.path(), QStringLiteral("--http-port"),
                                      QStringLiteral("0"), QStringLiteral("--log-format"), QStringLiteral("text")} +
                          DaemonProcess::fastGroupOptions()))
            return false;
        http = daemon.httpUrl();
        api.setBaseUrl(http);
        return true;
    }

    int post(const QString &path, const QJsonObject &body, QJsonObject *reply = nullptr)
    {
        const ApiClient::Reply r = api.post(path, body);
        if (reply)
            *reply = r.json();
        return r.status;
    }

    int patch(const QString &path, const QJsonObject &body) { return api.patch(path, body).status; }

    QJsonObject getJson(const QString &path) { return api.get(path).json(); }

    /// Pending tasks titled \a title.
    QJsonArray pendingNamed(const QString &title)
    {
        QJsonArray out;
        for (const QJsonValue &v :
             getJson(QStringLiteral("/api/v1/tasks?status=pending&limit=500")).value(QLatin1String("items")).toArray())
            if (v.toObject().value(QLatin1String("title")) == title)
                out.append(v);
        return out;
    }

    /// Waits until \a group has committed, in every partition of \a topic, the log end as it is
    /// at that moment: all it has been handed so far is handled and its effects are stored.
    bool groupCaughtUp(const QString &group, const QString &topic, int timeoutMs = 60000)
    {
        const int partitions = TopicCatalog::builtin().topic(topic)->partitions;
        KafkaConsumer reader; // never subscribes: it only asks the coordinator for the group's offsets
        if (!reader.open(consumerConfig(broker.bootstrapServers(), group)))
            return false;
        TopicPartitionList all;
        for (int p = 0; p < partitions; ++p)
            all.append({topic, p, OffsetInvalid});
        return QTest::qWaitFor(
            [&] {
                const QHash<int, qint64> ends = logEndOffsets(broker.bootstrapServers(), topic, partitions);
                KafkaError e;
                const TopicPartitionList committed = reader.committed(all, 10000, &e);
                if (ends.isEmpty() || e.isError() || committed.size() != partitions)
                    return false;
                for (const TopicPartition &tp : committed)
                    if (tp.offset < ends.value(tp.partition) && ends.value(tp.partition) > 0)
                        return false;
                return true;
            },
            timeoutMs);
    }

    /// Everything on todo.tasks.events once the relay has nothing left to publish: read up to
    /// the log end from then on, so a duplicate publish would be among what this returns.
    QList<KafkaMessage> readTasksTopic(int expected)
    {
        const QString topic = QStringLiteral("todo.tasks.events");
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("counter"))));
        Collector got(&c);
        readFromBeginning(c, topic, TopicCatalog::builtin().topic(topic)->partitions);
        got.waitFor(expected, 60000);
        // Rows leave the outbox only once the broker acknowledged them.
        if (!QTest::qWaitFor(
                [&] {
                    return api.metric("taskstream_outbox_pending") == 0 &&
                           api.metric("taskstream_outbox_in_flight") == 0;
                },
                60000)) {
            qWarning("the outbox did not empty");
            return {};
        }
        if (!got.waitForLogEnd(broker.bootstrapServers(), topic, TopicCatalog::builtin().topic(topic)->partitions)) {
            qWarning("could not read %s to its end", qPrintable(topic));
            return {};
        }
        c.close();
        return got.messages;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        token = issueToken(user.toString(QUuid::WithoutBraces), dataDir.path());
        QCOMPARE(token.count('.'), 2);
        api.setToken(token);
        QVERIFY(startDaemon());
    }
    void cleanupTestCase()
    {
        if (daemon.isRunning())
            daemon.stop(15000);
    }

    void createdTaskArrivesAsDecodableCloudEvent()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("first")}}, &task),
                 201);
        const QByteArray id = task.value(QLatin1String("id")).toString().toUtf8();
        const QList<KafkaMessage> msgs = readTasksTopic(1);
        QCOMPARE(msgs.size(), 1);
        QCOMPARE(msgs.first().key, id);
        QCOMPARE(headerValue(msgs.first().headers, QStringLiteral("ce_type")),
                 QByteArray("com.todo.events.TaskCreated"));
        const events::DecodeResult d = processing::decode(serializer, msgs.first());
        QVERIFY2(d.ok(), qPrintable(d.error.message));
        QCOMPARE(d.decoded.event.as<events::TaskCreated>()->task.title, QStringLiteral("first"));
    }

    // The audit role consumes the TaskCreated the relay published and the TaskChanged the
    // broadcaster made of it; the API role serves both back, newest first.
    void createdTaskLandsInTheAuditLog()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("audited parsnip")}},
                      &task),
                 201);
        const QString id = task.value(QLatin1String("id")).toString();
        QJsonArray items;
        const bool found = QTest::qWaitFor(
            [&] {
                QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/audit?q=parsnip&task=") + id));
                req.setRawHeader("Authorization", "Bearer " + token);
                QNetworkReply *r = nam.get(req);
                (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
                items = QJsonDocument::fromJson(r->readAll()).object().value(QLatin1String("items")).toArray();
                r->deleteLater();
                return items.size() >= 2;
            },
            60000);
        QVERIFY2(found, qPrintable(QStringLiteral("%1 audit entries").arg(items.size())));
        QCOMPARE(items.size(), 2);
        QHash<QString, QJsonObject> byType;
        for (const QJsonValue &v : std::as_const(items))
            byType.insert(v.toObject().value(QLatin1String("type")).toString(), v.toObject());
        const QJsonObject created = byType.value(QStringLiteral("com.todo.events.TaskCreated"));
        const QJsonObject changed = byType.value(QStringLiteral("com.todo.events.TaskChanged"));
        QCOMPARE(created.value(QLatin1String("topic")).toString(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(changed.value(QLatin1String("topic")).toString(), QStringLiteral("todo.task_updates.broadcast"));
        for (const QJsonObject &entry : {created, changed}) {
            QCOMPARE(entry.value(QLatin1String("user_id")).toString(), user.toString(QUuid::WithoutBraces));
            QCOMPARE(entry.value(QLatin1String("task_id")).toString(), id);
        }
        QCOMPARE(created.value(QLatin1String("payload")).toObject().value(QLatin1String("title")).toString(),
                 QStringLiteral("audited parsnip"));

        // On SQLite the audit log and its group's ledger are in a file of their own, so the audit
        // role's transactions never take the main file's writer; the main file holds none of it.
        auto count = [](const QString &path, const QString &sql) -> qint64 {
            QString why;
            std::unique_ptr<store::Database> db = store::Database::open(path, &why);
            if (!db)
                return -1;
            store::Database::Statement q = db->statement(sql, store::Database::Reuse::Once);
            return q.exec() && q.next() ? q.int64(0) : -1;
        };
        const QString mainFile = dataDir.filePath(QStringLiteral("taskstream.db"));
        const QString auditFile = dataDir.filePath(QStringLiteral("taskstream-audit.db"));
        const QString entries = QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE task_id = '%1'").arg(id);
        const QString ledger =
            QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group = 'audit-log-cg'");
        QCOMPARE(count(auditFile, entries), 2);
        QVERIFY(count(auditFile, ledger) >= 2);
        QCOMPARE(count(mainFile, entries), 0);
        QCOMPARE(count(mainFile, ledger), 0);
    }

    void reminderFiresAndCompletedTasksReminderNeverDoes()
    {
        // Due in a few seconds, reminded at the due time (offset 0).
        const QString due = QDateTime::currentDateTimeUtc().addSecs(6).toString(Qt::ISODateWithMs);
        QJsonObject fires, completed;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"),
                      {{QStringLiteral("title"), QStringLiteral("reminded")},
                       {QStringLiteral("due_date"), due},
                       {QStringLiteral("remind_before_minutes"), QJsonArray{0}}},
                      &fires),
                 201);
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"),
                      {{QStringLiteral("title"), QStringLiteral("done early")},
                       {QStringLiteral("due_date"), due},
                       {QStringLiteral("remind_before_minutes"), QJsonArray{0}}},
                      &completed),
                 201);
        auto reminderOf = [this](const QJsonObject &task) {
            for (const QJsonValue &v :
                 getJson(QStringLiteral("/api/v1/reminders")).value(QLatin1String("items")).toArray())
                if (v.toObject().value(QLatin1String("task_id")) == task.value(QLatin1String("id")))
                    return v.toObject();
            return QJsonObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!reminderOf(completed).isEmpty(), 90000);
        QCOMPARE(
            post(QStringLiteral("/api/v1/tasks/%1/complete").arg(completed.value(QLatin1String("id")).toString()), {}),
            200);

        QTRY_COMPARE_WITH_TIMEOUT(reminderOf(fires).value(QLatin1String("status")).toString(), QStringLiteral("fired"),
                                  90000);
        const QJsonObject r = reminderOf(fires);
        QVERIFY(QDateTime::fromString(r.value(QLatin1String("fired_at")).toString(), Qt::ISODateWithMs) >=
                QDateTime::fromString(r.value(QLatin1String("remind_at")).toString(), Qt::ISODateWithMs));
        QCOMPARE(r.value(QLatin1String("late")).toBool(), false);
        // Dismissed and fired are both final (firing is conditional on pending), so once the
        // other reminder left pending no further notification can come.
        QTRY_VERIFY_WITH_TIMEOUT(
            reminderOf(completed).value(QLatin1String("status")).toString() != QLatin1String("pending"), 30000);
        QCOMPARE(reminderOf(completed).value(QLatin1String("status")).toString(), QStringLiteral("dismissed"));
        // The notifier makes the notification from the ReminderTriggered (notification-cg).
        QTRY_COMPARE_WITH_TIMEOUT(
            getJson(QStringLiteral("/api/v1/notifications")).value(QLatin1String("items")).toArray().size(), 1, 30000);
        const QJsonArray notes =
            getJson(QStringLiteral("/api/v1/notifications")).value(QLatin1String("items")).toArray();
        QCOMPARE(notes.size(), 1);
        QCOMPARE(notes.first().toObject().value(QLatin1String("reminder_id")), r.value(QLatin1String("id")));
    }

    // Readiness of an API node does not follow Kafka: the outbox absorbs the outage, so the pod
    // stays in its Service; the outage shows in /readyz's checks and in the metrics.
    void probesReportTheBrokersAndMetricsPassPromtool()
    {
        auto get = [this](const QString &path, QByteArray *body) {
            QNetworkReply *r = nam.get(QNetworkRequest(QUrl(http + path)));
            (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
            const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            *body = r->readAll();
            r->deleteLater();
            return status;
        };
        QByteArray body;
        QCOMPARE(get(QStringLiteral("/healthz"), &body), 200);
        QCOMPARE(get(QStringLiteral("/readyz"), &body), 200);

        QVERIFY(!broker.setBrokerDown(-1).isError());
        int status = 0;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         status = get(QStringLiteral("/readyz"), &body);
                         return !body.contains("\"kafka\":\"ok\"");
                     },
                     30000),
                 body.constData());
        QVERIFY2(status == 200, body.constData());
        QCOMPARE(get(QStringLiteral("/metrics"), &body), 200);
        QVERIFY2(body.contains("taskstream_kafka_brokers_reachable 0"), body.constData());
        QCOMPARE(get(QStringLiteral("/healthz"), &body), 200);
        QJsonObject created;
        QCOMPARE(
            post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("while down")}}, &created),
            201);
        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY(QTest::qWaitFor(
            [&] { return get(QStringLiteral("/readyz"), &body) == 200 && body.contains("\"kafka\":\"ok\""); }, 30000));

        QCOMPARE(get(QStringLiteral("/metrics"), &body), 200);
        QVERIFY(
            body.contains("taskstream_http_requests_total{method=\"POST\",route=\"/api/v1/tasks\",status=\"201\"}"));
        QVERIFY(body.contains("taskstream_outbox_pending"));
        QVERIFY(body.contains("taskstream_audit_events "));
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool is required (Debian package prometheus)");
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted());
        check.write(body);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30000));
        QVERIFY2(check.exitCode() == 0, (check.readAllStandardOutput() + check.readAllStandardError()).constData());
    }

    void killedBetweenCommitAndPublishLosesNothing()
    {
        // Kafka away: every command still commits (201) and waits in the outbox.
        QVERIFY(!broker.setBrokerDown(-1).isError());
        QList<QString> ids;
        for (int i = 0; i < 600; ++i) {
            QJsonObject task;
            QCOMPARE(post(QStringLiteral("/api/v1/tasks"),
                          {{QStringLiteral("title"), QStringLiteral("offline %1").arg(i)}}, &task),
                     201);
            ids.append(task.value(QLatin1String("id")).toString());
        }
        for (int i = 0; i < 200; ++i)
            QCOMPARE(patch(QStringLiteral("/api/v1/tasks/") + ids[i],
                           {{QStringLiteral("title"), QStringLiteral("renamed %1").arg(i)}}),
                     200);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(post(QStringLiteral("/api/v1/tasks/%1/complete").arg(ids[i]), {}), 200);

        // Crash: no graceful shutdown, no flush.
        QVERIFY(daemon.kill());
        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY(startDaemon());

        // + the events of the tests before: 1 + 1 (audit) + 3 (reminders) + 1 (probes)
        const int expected = 6 + 600 + 200 + 200;
        const QList<KafkaMessage> msgs = readTasksTopic(expected);
        QCOMPARE(msgs.size(), expected);
        QSet<QByteArray> ceIds;
        QHash<QByteArray, QStringList> perTask;
        for (const KafkaMessage &m : msgs) {
            ceIds.insert(headerValue(m.headers, QStringLiteral("ce_id")));
            perTask[m.key].append(
                QString::fromUtf8(headerValue(m.headers, QStringLiteral("ce_type"))).section(QLatin1Char('.'), -1));
        }
        QCOMPARE(ceIds.size(), expected);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(perTask.value(ids[i].toUtf8()),
                     (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskUpdated"),
                                  QStringLiteral("TaskCompleted")}));
    }

    void completedRecurringTaskGetsItsNextInstanceAndChangesAreBroadcast()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"),
                      {{QStringLiteral("title"), QStringLiteral("standup")},
                       {QStringLiteral("due_date"), QStringLiteral("2027-01-31T09:00:00Z")},
                       {QStringLiteral("recurrence_pattern"), QStringLiteral("monthly")}},
                      &task),
                 201);
        const QString id = task.value(QLatin1String("id")).toString();
        QCOMPARE(patch(QStringLiteral("/api/v1/tasks/") + id, {{QStringLiteral("title"), QStringLiteral("standup!")}}),
                 200);
        QCOMPARE(post(QStringLiteral("/api/v1/tasks/%1/complete").arg(id), {}), 200);

        // The next instance appears through the API: Feb 28, with the same title.
        QJsonArray pending;
        QVERIFY(QTest::qWaitFor(
            [&] {
                pending = pendingNamed(QStringLiteral("standup!"));
                return !pending.isEmpty();
            },
            60000));
        // Once the recurring worker's group has committed up to the end of the tasks topic, every
        // instance it will create for this completion exists.
        QVERIFY(groupCaughtUp(QStringLiteral("recurring-task-cg"), QStringLiteral("todo.tasks.events")));
        pending = pendingNamed(QStringLiteral("standup!"));
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().toObject().value(QLatin1String("due_date")).toString(),
                 QStringLiteral("2027-02-28T09:00:00.000Z"));

        // Each change is broadcast to the user's key: created, updated, completed, and the next
        // instance's creation. Order holds per task (its events share a partition of
        // todo.tasks.events); the next instance's events are on another partition, which the
        // broadcaster may read sooner.
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("feed"))));
        Collector got(&c);
        readFromBeginning(c, QStringLiteral("todo.task_updates.broadcast"),
                          TopicCatalog::builtin().topic(QStringLiteral("todo.task_updates.broadcast"))->partitions);
        QStringList kinds, nextKinds;
        const QByteArray userKey = user.toString(QUuid::WithoutBraces).toUtf8();
        const QUuid original = QUuid::fromString(id);
        QVERIFY(QTest::qWaitFor(
            [&] {
                kinds.clear();
                nextKinds.clear();
                for (const KafkaMessage &m : std::as_const(got.messages)) {
                    const events::DecodeResult d = processing::decode(serializer, m);
                    if (m.key != userKey || !d.ok())
                        continue;
                    const auto tc = d.decoded.event.as<events::TaskChanged>();
                    if (!tc || !tc->task || !tc->task->task.title.startsWith(QLatin1String("standup")))
                        continue;
                    (tc->task->task.id == original ? kinds : nextKinds) << QString::number(int(tc->changeType));
                }
                return kinds.size() + nextKinds.size() >= 4;
            },
            60000));
        c.close();
        QCOMPARE(kinds, (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2")}));
        QCOMPARE(nextKinds, QStringList{QStringLiteral("0")});

        QNetworkReply *r = nam.get(QNetworkRequest(QUrl(http + QStringLiteral("/metrics"))));
        (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
        const QByteArray metrics = r->readAll();
        r->deleteLater();
        QVERIFY2(metrics.contains("taskstream_events_processed_total{group=\"recurring-task-cg\",type=\"com.todo."
                                  "events.TaskCompleted\"}"),
                 metrics.constData());
        QVERIFY(metrics.contains("taskstream_handler_duration_seconds_bucket{group=\"task-broadcaster-cg\""));
    }

    void pendingRemindersFireOnceAfterAKill()
    {
        // Far enough ahead to be still pending when the daemon is killed below, and soon enough
        // that, after the restart, the groups are back (a dead member is noticed when its 6 s
        // session expires) well before it is due.
        const QDateTime dueAt = QDateTime::currentDateTimeUtc().addSecs(25);
        QStringList taskIds;
        for (int i = 0; i < 3; ++i) {
            QJsonObject task;
            QCOMPARE(post(QStringLiteral("/api/v1/tasks"),
                          {{QStringLiteral("title"), QStringLiteral("survives %1").arg(i)},
                           {QStringLiteral("due_date"), dueAt.toString(Qt::ISODateWithMs)},
                           {QStringLiteral("remind_before_minutes"), QJsonArray{0}}},
                          &task),
                     201);
            taskIds << task.value(QLatin1String("id")).toString();
        }
        auto ours = [&] {
            QList<QJsonObject> out;
            for (const QJsonValue &v :
                 getJson(QStringLiteral("/api/v1/reminders")).value(QLatin1String("items")).toArray())
                if (taskIds.contains(v.toObject().value(QLatin1String("task_id")).toString()))
                    out << v.toObject();
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(ours().size(), 3, 180000);
        for (const QJsonObject &r : ours())
            QCOMPARE(r.value(QLatin1String("status")).toString(), QStringLiteral("pending"));

        // Crash with the reminders pending (or some just fired); restart at once.
        QVERIFY(daemon.kill());
        QVERIFY(startDaemon());

        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const QList<QJsonObject> rs = ours();
                return rs.size() == 3 && std::all_of(rs.cbegin(), rs.cend(), [](const QJsonObject &r) {
                           return r.value(QLatin1String("status")).toString() == QLatin1String("fired");
                       });
            }(),
            180000);
        for (const QJsonObject &r : ours()) {
            const QDateTime firedAt =
                QDateTime::fromString(r.value(QLatin1String("fired_at")).toString(), Qt::ISODateWithMs);
            const QDateTime remindAt =
                QDateTime::fromString(r.value(QLatin1String("remind_at")).toString(), Qt::ISODateWithMs);
            QVERIFY2(firedAt >= remindAt, "fired early");
            QCOMPARE(r.value(QLatin1String("late")).toBool(), remindAt.msecsTo(firedAt) > 60000);
        }
        // One notification per reminder, none twice (all three are fired, a final state: nothing
        // more can fire them). The notifier makes them from the ReminderTriggered events.
        bool twice = false;
        const auto notifiedOfOurs = [&] {
            QSet<QString> seen;
            int forOurs = 0;
            for (const QJsonValue &v :
                 getJson(QStringLiteral("/api/v1/notifications?limit=1000")).value(QLatin1String("items")).toArray()) {
                const QJsonObject n = v.toObject();
                twice = twice || seen.contains(n.value(QLatin1String("reminder_id")).toString());
                seen.insert(n.value(QLatin1String("reminder_id")).toString());
                if (taskIds.contains(n.value(QLatin1String("task_id")).toString()))
                    ++forOurs;
            }
            return forOurs;
        };
        QTRY_COMPARE_WITH_TIMEOUT(notifiedOfOurs(), 3, 60000);
        QVERIFY2(!twice, "a reminder notified twice");
    }

    void feedShowsOwnChangesAndSigtermClosesItGracefully()
    {
        QNetworkReply *page = nam.get(QNetworkRequest(QUrl(http + QStringLiteral("/feed"))));
        QVERIFY(QTest::qWaitFor([page] { return page->isFinished(); }, 15000));
        QCOMPARE(page->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QVERIFY(page->readAll().contains("/ws/v1/tasks"));
        page->deleteLater();

        QWebSocket ws;
        QList<QJsonObject> got;
        connect(&ws, &QWebSocket::textMessageReceived, &ws,
                [&got](const QString &m) { got << QJsonDocument::fromJson(m.toUtf8()).object(); });
        QUrl url(http + QStringLiteral("/ws/v1/tasks"));
        url.setScheme(QStringLiteral("ws"));
        QNetworkRequest req(url);
        req.setRawHeader("Authorization", "Bearer " + token);
        QSignalSpy connected(&ws, &QWebSocket::connected);
        ws.open(req);
        QVERIFY(connected.wait(15000));
        QVERIFY(QTest::qWaitFor([&] { return !got.isEmpty(); }, 15000));
        QCOMPARE(got.first().value(QLatin1String("type")).toString(), QStringLiteral("welcome"));

        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("seen live")}}, &task),
                 201);
        QVERIFY(QTest::qWaitFor(
            [&] {
                for (const QJsonObject &m : std::as_const(got))
                    if (m.value(QLatin1String("type")) == QLatin1String("task_changed") &&
                        m.value(QLatin1String("event"))
                                .toObject()
                                .value(QLatin1String("data"))
                                .toObject()
                                .value(QLatin1String("task_id")) == task.value(QLatin1String("id")))
                        return true;
                return false;
            },
            60000));

        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        daemon.terminate();
        QVERIFY(closed.wait(20000));
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QVERIFY(daemon.waitForExit(30000));
        QCOMPARE(daemon.process()->exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon.process()->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDaemonApi)
#include "tst_daemonapi.moc"
