#include "../common/KafkaTestSupport.h"

#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"

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

#include <csignal>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

/// taskstreamd as a process against a broker that outlives it (run by this test), so the daemon
/// can be killed with SIGKILL between commit and publish.
class TestDaemonApi : public QObject
{
    Q_OBJECT
    const QString binary = QStringLiteral(TASKSTREAM_BINARY_DIR "/bin/taskstreamd");
    EmbeddedBroker broker;
    QTemporaryDir dataDir;
    QNetworkAccessManager nam;
    events::EventSerializer serializer;
    std::unique_ptr<QProcess> daemon;
    QString http;
    QByteArray token;
    const QUuid user = QUuid::createUuid();

    bool startDaemon()
    {
        daemon = std::make_unique<QProcess>();
        daemon->setProcessChannelMode(QProcess::SeparateChannels);
        daemon->start(binary, {QStringLiteral("--brokers"), broker.bootstrapServers(), QStringLiteral("--data-dir"),
                               dataDir.path(), QStringLiteral("--http-port"), QStringLiteral("0"),
                               QStringLiteral("--log-format"), QStringLiteral("text")});
        QByteArray out;
        const bool ok = QTest::qWaitFor([&] {
            out += daemon->readAllStandardOutput();
            return out.contains("http=") && out.endsWith('\n');
        }, 30000);
        if (!ok) {
            qWarning("daemon did not start: %s", daemon->readAllStandardError().constData());
            return false;
        }
        for (const QByteArray &line : out.split('\n'))
            if (line.startsWith("http="))
                http = QString::fromUtf8(line.mid(5));
        return !http.isEmpty();
    }

    int post(const QString &path, const QJsonObject &body, QJsonObject *reply = nullptr)
    {
        QNetworkRequest req(QUrl(http + path));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *r = nam.post(req, QJsonDocument(body).toJson(QJsonDocument::Compact));
        (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply)
            *reply = QJsonDocument::fromJson(r->readAll()).object();
        r->deleteLater();
        return status;
    }

    int patch(const QString &path, const QJsonObject &body)
    {
        QNetworkRequest req(QUrl(http + path));
        req.setRawHeader("Authorization", "Bearer " + token);
        req.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
        QNetworkReply *r = nam.sendCustomRequest(req, "PATCH", QJsonDocument(body).toJson(QJsonDocument::Compact));
        (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
        const int status = r->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r->deleteLater();
        return status;
    }

    QList<KafkaMessage> readTasksTopic(int expected)
    {
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("counter"))));
        Collector got(&c);
        c.subscribe({QStringLiteral("todo.tasks.events")});
        got.waitFor(expected, 60000);
        QTest::qWait(1500); // duplicates, if any, would arrive now
        c.close();
        return got.messages;
    }

private slots:
    void initTestCase()
    {
        QVERIFY(broker.start(3));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        QProcess tok;
        tok.start(binary, {QStringLiteral("token"), QStringLiteral("--user"), user.toString(QUuid::WithoutBraces),
                           QStringLiteral("--data-dir"), dataDir.path()});
        QVERIFY(tok.waitForFinished(10000));
        QCOMPARE(tok.exitCode(), 0);
        token = tok.readAllStandardOutput().trimmed();
        QCOMPARE(token.count('.'), 2);
        QVERIFY(startDaemon());
    }
    void cleanupTestCase()
    {
        if (daemon && daemon->state() != QProcess::NotRunning) {
            daemon->terminate();
            daemon->waitForFinished(15000);
        }
    }

    void createdTaskArrivesAsDecodableCloudEvent()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("first")}}, &task), 201);
        const QByteArray id = task.value(QLatin1String("id")).toString().toUtf8();
        const QList<KafkaMessage> msgs = readTasksTopic(1);
        QCOMPARE(msgs.size(), 1);
        QCOMPARE(msgs.first().key, id);
        QCOMPARE(headerValue(msgs.first().headers, QStringLiteral("ce_type")), QByteArray("com.todo.events.TaskCreated"));
        const events::DecodeResult d = serializer.decode(msgs.first());
        QVERIFY2(d.ok(), qPrintable(d.error.message));
        QCOMPARE(d.decoded.event.as<events::TaskCreated>()->task.title, QStringLiteral("first"));
    }

    // The audit role consumes the TaskCreated the relay published and the TaskChanged the
    // broadcaster made of it; the API role serves both back, newest first.
    void createdTaskLandsInTheAuditLog()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("audited parsnip")}}, &task), 201);
        const QString id = task.value(QLatin1String("id")).toString();
        QJsonArray items;
        const bool found = QTest::qWaitFor([&] {
            QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/audit?q=parsnip&task=") + id));
            req.setRawHeader("Authorization", "Bearer " + token);
            QNetworkReply *r = nam.get(req);
            (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
            items = QJsonDocument::fromJson(r->readAll()).object().value(QLatin1String("items")).toArray();
            r->deleteLater();
            return items.size() >= 2;
        }, 60000);
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
    }

    void probesFollowTheBrokersAndMetricsPassPromtool()
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
        QVERIFY2(QTest::qWaitFor([&] { return get(QStringLiteral("/readyz"), &body) == 503; }, 30000), body.constData());
        QVERIFY2(body.contains("Kafka unreachable"), body.constData());
        QCOMPARE(get(QStringLiteral("/healthz"), &body), 200);
        QJsonObject created;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("while down")}}, &created), 201);
        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY(QTest::qWaitFor([&] { return get(QStringLiteral("/readyz"), &body) == 200; }, 30000));

        QCOMPARE(get(QStringLiteral("/metrics"), &body), 200);
        QVERIFY(body.contains("taskstream_http_requests_total{method=\"POST\",route=\"/api/v1/tasks\",status=\"201\"}"));
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
            QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("offline %1").arg(i)}}, &task), 201);
            ids.append(task.value(QLatin1String("id")).toString());
        }
        for (int i = 0; i < 200; ++i)
            QCOMPARE(patch(QStringLiteral("/api/v1/tasks/") + ids[i], {{QStringLiteral("title"), QStringLiteral("renamed %1").arg(i)}}), 200);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(post(QStringLiteral("/api/v1/tasks/%1/complete").arg(ids[i]), {}), 200);

        // Crash: no graceful shutdown, no flush.
        ::kill(pid_t(daemon->processId()), SIGKILL);
        QVERIFY(daemon->waitForFinished(10000));
        QVERIFY(!broker.setBrokerUp(-1).isError());
        QVERIFY(startDaemon());

        const int expected = 3 + 600 + 200 + 200; // + the three tasks of the tests before
        const QList<KafkaMessage> msgs = readTasksTopic(expected);
        QCOMPARE(msgs.size(), expected);
        QSet<QByteArray> ceIds;
        QHash<QByteArray, QStringList> perTask;
        for (const KafkaMessage &m : msgs) {
            ceIds.insert(headerValue(m.headers, QStringLiteral("ce_id")));
            perTask[m.key].append(QString::fromUtf8(headerValue(m.headers, QStringLiteral("ce_type"))).section(QLatin1Char('.'), -1));
        }
        QCOMPARE(ceIds.size(), expected);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(perTask.value(ids[i].toUtf8()),
                     (QStringList{QStringLiteral("TaskCreated"), QStringLiteral("TaskUpdated"), QStringLiteral("TaskCompleted")}));
    }

    void completedRecurringTaskGetsItsNextInstanceAndChangesAreBroadcast()
    {
        QJsonObject task;
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("standup")},
                                                        {QStringLiteral("due_date"), QStringLiteral("2027-01-31T09:00:00Z")},
                                                        {QStringLiteral("recurrence_pattern"), QStringLiteral("monthly")}},
                      &task),
                 201);
        const QString id = task.value(QLatin1String("id")).toString();
        QCOMPARE(patch(QStringLiteral("/api/v1/tasks/") + id, {{QStringLiteral("title"), QStringLiteral("standup!")}}), 200);
        QCOMPARE(post(QStringLiteral("/api/v1/tasks/%1/complete").arg(id), {}), 200);

        // The next instance appears through the API: Feb 28, with the same title.
        QJsonArray pending;
        QVERIFY(QTest::qWaitFor([&] {
            QNetworkRequest req(QUrl(http + QStringLiteral("/api/v1/tasks?status=pending&limit=500")));
            req.setRawHeader("Authorization", "Bearer " + token);
            QNetworkReply *r = nam.get(req);
            (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
            const QJsonObject page = QJsonDocument::fromJson(r->readAll()).object();
            r->deleteLater();
            pending = QJsonArray();
            for (const QJsonValue &v : page.value(QLatin1String("items")).toArray())
                if (v.toObject().value(QLatin1String("title")) == QLatin1String("standup!"))
                    pending.append(v);
            return !pending.isEmpty();
        }, 60000));
        QTest::qWait(1000); // a second instance would show up now
        QCOMPARE(pending.size(), 1);
        QCOMPARE(pending.first().toObject().value(QLatin1String("due_date")).toString(), QStringLiteral("2027-02-28T09:00:00.000Z"));

        // Each change is broadcast to the user's key: created, updated, completed, and the next instance's creation.
        KafkaConsumer c;
        c.open(consumerConfig(broker.bootstrapServers(), uniqueName(QStringLiteral("feed"))));
        Collector got(&c);
        c.subscribe({QStringLiteral("todo.task_updates.broadcast")});
        QStringList kinds;
        const QByteArray userKey = user.toString(QUuid::WithoutBraces).toUtf8();
        QVERIFY(QTest::qWaitFor([&] {
            kinds.clear();
            for (const KafkaMessage &m : std::as_const(got.messages)) {
                const events::DecodeResult d = serializer.decode(m);
                if (m.key != userKey || !d.ok())
                    continue;
                const auto tc = d.decoded.event.as<events::TaskChanged>();
                if (tc && tc->task && tc->task->task.title.startsWith(QLatin1String("standup")))
                    kinds << QString::number(int(tc->changeType));
            }
            return kinds.size() >= 4;
        }, 60000));
        c.close();
        QCOMPARE(kinds, (QStringList{QStringLiteral("0"), QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("0")}));

        QNetworkReply *r = nam.get(QNetworkRequest(QUrl(http + QStringLiteral("/metrics"))));
        (void)QTest::qWaitFor([r] { return r->isFinished(); }, 15000);
        const QByteArray metrics = r->readAll();
        r->deleteLater();
        QVERIFY2(metrics.contains("taskstream_events_processed_total{group=\"recurring-task-cg\",type=\"com.todo.events.TaskCompleted\"}"),
                 metrics.constData());
        QVERIFY(metrics.contains("taskstream_handler_duration_seconds_bucket{group=\"task-broadcaster-cg\""));
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
        QCOMPARE(post(QStringLiteral("/api/v1/tasks"), {{QStringLiteral("title"), QStringLiteral("seen live")}}, &task), 201);
        QVERIFY(QTest::qWaitFor([&] {
            for (const QJsonObject &m : std::as_const(got))
                if (m.value(QLatin1String("type")) == QLatin1String("task_changed") &&
                    m.value(QLatin1String("event")).toObject().value(QLatin1String("data")).toObject().value(QLatin1String("task_id")) ==
                        task.value(QLatin1String("id")))
                    return true;
            return false;
        }, 60000));

        QSignalSpy closed(&ws, &QWebSocket::disconnected);
        daemon->terminate();
        QVERIFY(closed.wait(20000));
        QCOMPARE(ws.closeCode(), QWebSocketProtocol::CloseCodeGoingAway);
        QVERIFY(daemon->waitForFinished(30000));
        QCOMPARE(daemon->exitStatus(), QProcess::NormalExit);
        QCOMPARE(daemon->exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(TestDaemonApi)
#include "tst_daemonapi.moc"
