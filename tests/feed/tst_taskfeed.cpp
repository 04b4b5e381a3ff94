#include "auth/JwtAuth.h"
#include "common/Clock.h"
#include "common/ObjectThread.h"
#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "feed/TaskFeed.h"
#include "http/HttpServer.h"
#include "processing/EventRecords.h"
#include "support/KafkaTestSupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTcpSocket>
#include <QTimer>
#include <QWebSocket>
#include <QWebSocketHandshakeOptions>

#include <sys/socket.h>

using namespace taskstream;
using namespace taskstream::kafka;
using namespace testsupport;

namespace {
/// A feed client that keeps every message it gets.
struct FeedClient
{
    QWebSocket socket;
    QList<QJsonObject> messages;
    int closeCode = -1;
    QString closeReason;
    bool disconnected = false;

    FeedClient()
    {
        QObject::connect(&socket, &QWebSocket::textMessageReceived, &socket,
                         [this](const QString &m) { messages << QJsonDocument::fromJson(m.toUtf8()).object(); });
        QObject::connect(&socket, &QWebSocket::disconnected, &socket, [this] {
            disconnected = true;
            closeCode = socket.closeCode();
            closeReason = socket.closeReason();
        });
    }
    bool open(const QNetworkRequest &request, const QWebSocketHandshakeOptions &options = {})
    {
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(request, options);
        return connected.wait(10000);
    }
    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &m : messages)
            if (m.value(QLatin1String("type")).toString() == type)
                out << m;
        return out;
    }
    bool waitFor(const QString &type, int n, int timeoutMs = 30000)
    {
        return QTest::qWaitFor([&] { return ofType(type).size() >= n; }, timeoutMs);
    }
    /// Titles of the task_changed messages, in arrival order.
    QStringList titles() const
    {
        QStringList out;
        for (const QJsonObject &m : ofType(QStringLiteral("task_changed")))
            out << m.value(QLatin1String("event"))
                       .toObject()
                       .value(QLatin1String("data"))
                       .toObject()
                       .value(QLatin1String("task"))
                       .toObject()
                       .value(QLatin1String("title"))
                       .toString();
        return out;
    }
};
} // namespace

/// The live feed on an HttpServer, reading the embedded broker over TCP; clients are Qt's
/// QWebSocket and raw TCP sockets.
class TestTaskFeed : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    ManualClock clock{QDateTime::currentMSecsSinceEpoch()}; ///< token expiry only
    events::EventSerializer serializer;
    std::unique_ptr<auth::JwtAuth> jwt;
    std::unique_ptr<http::HttpServer> server;
    std::unique_ptr<feed::TaskFeed> taskFeed;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();
    /// The server the helpers connect to; null: the shared one.
    http::HttpServer *target = nullptr;
    quint16 port() const { return (target ? target : server.get())->port(); }

    QString token(const QUuid &user, qint64 ttlSeconds = 3600)
    {
        QString why;
        return jwt->issue(user, QStringLiteral("user"), ttlSeconds, &why);
    }
    QUrl url(const QString &query = {}) const
    {
        QUrl u(QStringLiteral("ws://127.0.0.1:%1/ws/v1/tasks").arg(port()));
        if (!query.isEmpty())
            u.setQuery(query);
        return u;
    }
    QNetworkRequest withBearer(const QUuid &user, const QString &query = {})
    {
        QNetworkRequest r(url(query));
        r.setRawHeader("Authorization", "Bearer " + token(user).toUtf8());
        return r;
    }
    bool publish(const QUuid &user, const QStringList &titles, int titlePadding = 0)
    {
        QList<events::EncodedRecord> recs;
        for (const QString &title : titles) {
            events::TaskChanged c;
            c.header = {QUuid::createUuid(),
                        QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC)};
            c.userId = user;
            c.taskId = QUuid::createUuid();
            c.changeType = events::ChangeType::Created;
            events::TaskFields f;
            f.id = c.taskId;
            f.userId = user;
            f.title = title + QString(titlePadding, QLatin1Char('.'));
            f.createdAt = c.header.occurredAt;
            c.task = events::TaskChanged::Snapshot{f, std::nullopt};
            const events::EncodeResult r =
                serializer.encode(events::Event::from(c), events::WireFormat::AvroSingleObject);
            if (!r.ok())
                return false;
            recs << r.record;
        }
        KafkaProducer p;
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("linger.ms"), QStringLiteral("5"));
        if (!p.open(cfg))
            return false;
        int acked = 0;
        connect(&p, &KafkaProducer::delivered, &p,
                [&](const DeliveryReport &r) { acked += r.error.isError() ? 0 : 1; });
        for (const events::EncodedRecord &r : recs)
            if (!p.produce(QStringLiteral("todo.task_updates.broadcast"), r.key, r.value, r.headers))
                return false;
        return QTest::qWaitFor([&] { return acked == recs.size(); }, 30000);
    }
    /// Publishes \a evs (each to its type's topic) and waits for the acks.
    bool publishEvents(const QList<events::Event> &evs)
    {
        KafkaProducer p;
        if (!p.open(KafkaConfig(broker.bootstrapServers())))
            return false;
        int acked = 0;
        connect(&p, &KafkaProducer::delivered, &p,
                [&](const DeliveryReport &r) { acked += r.error.isError() ? 0 : 1; });
        for (const events::Event &e : evs) {
            const events::EncodeResult r = serializer.encode(e, events::WireFormat::AvroSingleObject);
            if (!r.ok() || !p.produce(r.record.topic, r.record.key, r.record.value, r.record.headers))
                return false;
        }
        return QTest::qWaitFor([&] { return acked == evs.size(); }, 30000);
    }
    /// A raw TCP client that sends a WebSocket handshake and answers nothing afterwards.
    std::unique_ptr<QTcpSocket> rawHandshake(const QByteArray &extraHeaders, const QByteArray &query = {},
                                             const QHostAddress &from = {})
    {
        auto s = std::make_unique<QTcpSocket>();
        if (!from.isNull() && !s->bind(from)) {
            qWarning() << "cannot bind to" << from << s->errorString();
            return nullptr;
        }
        s->connectToHost(QHostAddress::LocalHost, port());
        // The event loop runs meanwhile: the server accepts in this process too.
        if (!QTest::qWaitFor([&] { return s->state() == QAbstractSocket::ConnectedState; }, 10000)) {
            qWarning() << "cannot connect:" << s->errorString();
            return nullptr;
        }
        s->write("GET /ws/v1/tasks" + query +
                 " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                 "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
                 extraHeaders + "\r\n");
        return s;
    }
    /// Publishes (user, title) pairs in this order into one partition of the broadcast topic, so
    /// the feed reads them in that order.
    bool publishInOrder(const QList<QPair<QUuid, QString>> &items, int titlePadding)
    {
        KafkaProducer p;
        KafkaConfig cfg(broker.bootstrapServers());
        cfg.set(QStringLiteral("linger.ms"), QStringLiteral("50"));
        if (!p.open(cfg))
            return false;
        int acked = 0;
        connect(&p, &KafkaProducer::delivered, &p,
                [&](const DeliveryReport &r) { acked += r.error.isError() ? 0 : 1; });
        for (const auto &[user, title] : items) {
            events::TaskChanged c;
            c.header = {QUuid::createUuid(),
                        QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC)};
            c.userId = user;
            c.taskId = QUuid::createUuid();
            c.changeType = events::ChangeType::Created;
            events::TaskFields f;
            f.id = c.taskId;
            f.userId = user;
            f.title = title + QString(titlePadding, QLatin1Char('.'));
            f.createdAt = c.header.occurredAt;
            c.task = events::TaskChanged::Snapshot{f, std::nullopt};
            const events::EncodeResult r =
                serializer.encode(events::Event::from(c), events::WireFormat::AvroSingleObject);
            if (!r.ok() || !p.produce(QStringLiteral("todo.task_updates.broadcast"), r.record.key, r.record.value,
                                      r.record.headers, 0))
                return false;
        }
        return QTest::qWaitFor([&] { return acked == items.size(); }, 30000);
    }
    /// Drops a connection the way a vanished peer does: no close frame, a TCP reset.
    static void reset(QTcpSocket &s)
    {
        const linger now{1, 0};
        ::setsockopt(int(s.socketDescriptor()), SOL_SOCKET, SO_LINGER, &now, sizeof now);
        s.abort();
    }
    /// A raw feed connection of \a user that reads (and keeps) everything, until welcomed.
    std::unique_ptr<QTcpSocket> rawReader(const QUuid &user, QByteArray *received)
    {
        auto s = rawHandshake("Authorization: Bearer " + token(user).toUtf8() + "\r\n");
        if (!s)
            return nullptr;
        QTcpSocket *raw = s.get();
        connect(raw, &QTcpSocket::readyRead, raw, [raw, received] { *received += raw->readAll(); });
        if (!QTest::qWaitFor([&] { return received->contains("welcome"); }, 10000))
            return nullptr;
        return s;
    }
    static QByteArray readHead(QTcpSocket &s)
    {
        QByteArray buf;
        (void)QTest::qWaitFor(
            [&] { // the callers check the head they get
                buf += s.readAll();
                return buf.contains("\r\n\r\n");
            },
            10000);
        return buf;
    }

    /// Readers of one user vanish (TCP reset) while the feed writes a burst to them and to others,
    /// and one never reads: the feed survives and keeps serving everyone.
    void burstWithVanishingReaders()
    {
        const QUuid carol = QUuid::createUuid();
        const QUuid dave = QUuid::createUuid();
        FeedClient carolClient, bobClient, daveClient;
        QVERIFY(carolClient.open(withBearer(carol)));
        QVERIFY(bobClient.open(withBearer(bob)));
        QVERIFY(daveClient.open(withBearer(dave)));
        QVERIFY(carolClient.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(bobClient.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(daveClient.waitFor(QStringLiteral("welcome"), 1));
        // Bob's readers that will vanish in the middle of the burst.
        std::vector<std::unique_ptr<QTcpSocket>> vanishing;
        std::vector<QByteArray> received(8);
        for (QByteArray &r : received) {
            vanishing.push_back(rawReader(bob, &r));
            QVERIFY(vanishing.back());
        }
        // Never reads.
        auto stalled = rawHandshake("Authorization: Bearer " + token(bob).toUtf8() + "\r\n");
        QVERIFY(stalled);
        stalled->setReadBufferSize(1);
        // Each message carol gets makes one of bob's readers vanish: the feed is then still
        // writing the burst (it sends in slices and returns to the event loop between them).
        size_t next = 0;
        connect(&carolClient.socket, &QWebSocket::textMessageReceived, &carolClient.socket, [&] {
            if (next < vanishing.size())
                reset(*vanishing[next++]);
        });
        QList<QPair<QUuid, QString>> burst;
        for (int i = 0; i < 60; ++i) {
            burst << qMakePair(carol, QStringLiteral("c%1").arg(i)) << qMakePair(bob, QStringLiteral("b%1").arg(i))
                  << qMakePair(dave, QStringLiteral("d%1").arg(i));
        }
        QVERIFY(publishInOrder(burst, 12000));
        QVERIFY(carolClient.waitFor(QStringLiteral("task_changed"), 60, 60000));
        QVERIFY(bobClient.waitFor(QStringLiteral("task_changed"), 60, 60000));
        QVERIFY(daveClient.waitFor(QStringLiteral("task_changed"), 60, 60000));
        QCOMPARE(next, vanishing.size());
        // The feed is alive and still serves everyone.
        QVERIFY(publishInOrder({qMakePair(carol, QStringLiteral("after"))}, 0));
        QVERIFY(carolClient.waitFor(QStringLiteral("task_changed"), 61));
        QCOMPARE(carolClient.titles().last(), QStringLiteral("after"));
    }

private slots:
    void initTestCase()
    {
        QVERIFY(broker.start(1));
        QVERIFY(!broker.createTopics(TopicCatalog::builtin()).isError());
        jwt = std::make_unique<auth::JwtAuth>(QByteArray(32, 'k'));
        server = std::make_unique<http::HttpServer>();
        feed::FeedOptions o;
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        o.maxSendBufferBytes = 256 * 1024;
        o.heartbeatIntervalMs = 300;
        o.authTimeoutMs = 1000;
        o.allowedOrigins = {QStringLiteral("https://app.example.com")};
        o.maxConnectionsPerUser = 12;
        o.maxConnectionsPerAddress = 500;
        o.clock = &clock;
        taskFeed = std::make_unique<feed::TaskFeed>(jwt.get(), KafkaConfig(broker.bootstrapServers()), o);
        QSignalSpy ready(taskFeed.get(), &feed::TaskFeed::ready);
        KafkaError e;
        QVERIFY2(taskFeed->start(&e), qPrintable(e.toString()));
        taskFeed->registerRoutes(*server);
        QString why;
        QVERIFY2(server->listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
        QVERIFY(ready.wait(30000));
    }
    void cleanupTestCase()
    {
        taskFeed.reset();
        server.reset();
        broker.stop();
    }

    void eachUserGetsOnlyTheirOwnChanges()
    {
        FeedClient a, b;
        QVERIFY(a.open(withBearer(alice)));
        QVERIFY(b.open(withBearer(bob)));
        QVERIFY(a.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(b.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(publish(alice, {QStringLiteral("a1"), QStringLiteral("a2")}));
        QVERIFY(publish(bob, {QStringLiteral("b1")}));
        QVERIFY(a.waitFor(QStringLiteral("task_changed"), 2));
        QVERIFY(b.waitFor(QStringLiteral("task_changed"), 1));
        // Sentinels: each published once the feed has sent what came before, so whatever it sent
        // to the wrong user is on that socket ahead of them.
        QVERIFY(publish(alice, {QStringLiteral("a-end")}));
        QVERIFY(a.waitFor(QStringLiteral("task_changed"), 3));
        QVERIFY(publish(bob, {QStringLiteral("b-end")}));
        QVERIFY(b.waitFor(QStringLiteral("task_changed"), 2));
        QCOMPARE(a.titles(), (QStringList{QStringLiteral("a1"), QStringLiteral("a2"), QStringLiteral("a-end")}));
        QCOMPARE(b.titles(), (QStringList{QStringLiteral("b1"), QStringLiteral("b-end")}));
        const QJsonObject first = a.ofType(QStringLiteral("task_changed")).first();
        QVERIFY(first.value(QLatin1String("cursor")).toString().startsWith(QLatin1String("v1:")));
        QCOMPARE(first.value(QLatin1String("event")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("com.todo.events.TaskChanged"));
    }

    void notificationsReachTheirUserAsStored()
    {
        FeedClient a, b;
        QVERIFY(a.open(withBearer(alice)));
        QVERIFY(b.open(withBearer(bob)));
        QVERIFY(a.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(b.waitFor(QStringLiteral("welcome"), 1));
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        events::NotificationCreated n;
        n.header = {QUuid::createUuid(), now};
        n.notificationId = QUuid::createUuid();
        n.userId = alice;
        n.kind = QStringLiteral("task_changed");
        n.taskId = QUuid::createUuid();
        n.title = QStringLiteral("Quarterly report");
        n.body = QStringLiteral(R"({"change":"updated","changed_by":"x"})");
        // A fired reminder reaches front ends only as the notification made of it, never as itself.
        events::ReminderTriggered rt;
        rt.header = {QUuid::createUuid(), now};
        rt.reminder = {QUuid::createUuid(), QUuid::createUuid(), alice, now};
        rt.triggeredAt = now;
        QVERIFY(publishEvents({events::Event::from(rt), events::Event::from(n)}));
        QVERIFY(a.waitFor(QStringLiteral("notification"), 1));
        const QJsonObject m = a.ofType(QStringLiteral("notification")).first();
        QCOMPARE(m.value(QLatin1String("kind")).toString(), QStringLiteral("task_changed"));
        QVERIFY(m.value(QLatin1String("cursor")).toString().startsWith(QLatin1String("v1:")));
        const QJsonObject stored = m.value(QLatin1String("notification")).toObject();
        QCOMPARE(stored.value(QLatin1String("id")).toString(), n.notificationId.toString(QUuid::WithoutBraces));
        QCOMPARE(stored.value(QLatin1String("task_id")).toString(), n.taskId->toString(QUuid::WithoutBraces));
        QCOMPARE(stored.value(QLatin1String("title")).toString(), QStringLiteral("Quarterly report"));
        QCOMPARE(stored.value(QLatin1String("body")).toObject().value(QLatin1String("change")).toString(),
                 QStringLiteral("updated"));
        QCOMPARE(stored.value(QLatin1String("read")).toBool(true), false);
        QCOMPARE(m.value(QLatin1String("event")).toObject().value(QLatin1String("type")).toString(),
                 QStringLiteral("com.todo.events.NotificationCreated"));
        // Sentinels: whatever the feed sent before them is on the sockets by now.
        QVERIFY(publish(alice, {QStringLiteral("a-after")}));
        QVERIFY(publish(bob, {QStringLiteral("b-after")}));
        QVERIFY(a.waitFor(QStringLiteral("task_changed"), 1));
        QVERIFY(b.waitFor(QStringLiteral("task_changed"), 1));
        QCOMPARE(a.ofType(QStringLiteral("notification")).size(), 1);
        QCOMPARE(b.ofType(QStringLiteral("notification")).size(), 0);
    }

    void reconnectWithCursorMissesNothingAndRepeatsNothing()
    {
        FeedClient first;
        QVERIFY(first.open(withBearer(alice)));
        QVERIFY(first.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(publish(alice, {QStringLiteral("r1"), QStringLiteral("r2")}));
        QVERIFY(first.waitFor(QStringLiteral("task_changed"), 2));
        const QString cursor =
            first.ofType(QStringLiteral("task_changed")).last().value(QLatin1String("cursor")).toString();
        first.socket.close();
        QTRY_VERIFY(first.disconnected);

        // Missed while away, for alice and for others.
        QVERIFY(publish(alice, {QStringLiteral("r3"), QStringLiteral("r4")}));
        QVERIFY(publish(bob, {QStringLiteral("not for alice")}));
        FeedClient again;
        QVERIFY(again.open(
            withBearer(alice, QStringLiteral("cursor=") + QString::fromUtf8(QUrl::toPercentEncoding(cursor)))));
        QVERIFY(again.waitFor(QStringLiteral("live"), 1));
        QVERIFY(publish(alice, {QStringLiteral("r5")}));
        QVERIFY(again.waitFor(QStringLiteral("task_changed"), 3));
        // A sentinel after r5 on alice's partition: a repeat would arrive before it.
        QVERIFY(publish(alice, {QStringLiteral("r-end")}));
        QVERIFY(again.waitFor(QStringLiteral("task_changed"), 4));
        QCOMPARE(again.titles(), (QStringList{QStringLiteral("r3"), QStringLiteral("r4"), QStringLiteral("r5"),
                                              QStringLiteral("r-end")}));
        QVERIFY(again.ofType(QStringLiteral("resume_incomplete")).isEmpty());
    }

    void browsersAuthenticateWithAFirstMessage()
    {
        FeedClient c;
        QVERIFY(c.open(QNetworkRequest(url())));
        c.socket.sendTextMessage(QStringLiteral("{not json"));
        QVERIFY(c.waitFor(QStringLiteral("error"), 1));
        QCOMPARE(c.ofType(QStringLiteral("error")).first().value(QLatin1String("error")).toString(),
                 QStringLiteral("bad_message"));
        c.socket.sendTextMessage(
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("auth")},
                                                        {QStringLiteral("token"), token(alice)}})
                                  .toJson()));
        QVERIFY(c.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(publish(alice, {QStringLiteral("browser")}));
        QVERIFY(c.waitFor(QStringLiteral("task_changed"), 1));
    }

    void badTokensAndSilentClientsAreClosed()
    {
        FeedClient forged;
        QVERIFY(forged.open(QNetworkRequest(url())));
        forged.socket.sendTextMessage(QStringLiteral("{\"type\":\"auth\",\"token\":\"eyJhbGciOiJub25lIn0.e30.\"}"));
        QTRY_VERIFY(forged.disconnected);
        QCOMPARE(forged.closeCode, 4401);

        FeedClient silent;
        QVERIFY(silent.open(QNetworkRequest(url())));
        QTRY_VERIFY_WITH_TIMEOUT(silent.disconnected, 10000); // no auth message within the timeout
        QCOMPARE(silent.closeCode, 4401);

        // A bad or expired token in the handshake is answered over HTTP before any upgrade.
        auto raw = rawHandshake("Authorization: Bearer not-a-token\r\n");
        QVERIFY(raw);
        QVERIFY(readHead(*raw).startsWith("HTTP/1.1 401"));
        QString why;
        const QByteArray expired = jwt->issue(alice, QStringLiteral("user"), -60, &why).toUtf8();
        QVERIFY2(!expired.isEmpty(), qPrintable(why));
        auto late = rawHandshake("Authorization: Bearer " + expired + "\r\n");
        QVERIFY(late);
        const QByteArray answer = readHead(*late);
        QVERIFY2(answer.startsWith("HTTP/1.1 401"), answer.constData());
        FeedClient expiredByMessage;
        QVERIFY(expiredByMessage.open(QNetworkRequest(url())));
        expiredByMessage.socket.sendTextMessage(
            QStringLiteral("{\"type\":\"auth\",\"token\":\"%1\"}").arg(QString::fromUtf8(expired)));
        QTRY_VERIFY(expiredByMessage.disconnected);
        QCOMPARE(expiredByMessage.closeCode, 4401);
    }

    void foreignOriginsAreRefused()
    {
        auto raw =
            rawHandshake("Origin: https://evil.example.net\r\nAuthorization: Bearer " + token(alice).toUtf8() + "\r\n");
        QVERIFY(raw);
        QVERIFY(readHead(*raw).startsWith("HTTP/1.1 403"));
        FeedClient allowed;
        QNetworkRequest r = withBearer(alice);
        r.setRawHeader("Origin", "https://app.example.com");
        QVERIFY(allowed.open(r));
        QVERIFY(allowed.waitFor(QStringLiteral("welcome"), 1));
    }

    void oversizedFramesCloseTheConnection()
    {
        FeedClient c;
        QVERIFY(c.open(withBearer(alice)));
        c.socket.sendTextMessage(QString(64 * 1024, QLatin1Char('x')));
        QTRY_VERIFY_WITH_TIMEOUT(c.disconnected, 10000);
        QCOMPARE(c.closeCode, int(QWebSocketProtocol::CloseCodeTooMuchData));
    }

    void slowOrDeadClientsAreDroppedWithoutSlowingOthers()
    {
        const quint64 slowBefore = taskFeed->stats().slowClientsClosed;
        const quint64 deadBefore = taskFeed->stats().heartbeatTimeouts;
        // Never reads and never answers a ping.
        auto stalled = rawHandshake("Authorization: Bearer " + token(bob).toUtf8() + "\r\n");
        QVERIFY(stalled);
        stalled->setReadBufferSize(1);
        FeedClient fast;
        QVERIFY(fast.open(withBearer(bob)));
        QVERIFY(fast.waitFor(QStringLiteral("welcome"), 1));
        QStringList titles;
        for (int i = 0; i < 400; ++i)
            titles << QStringLiteral("bulk %1").arg(i);
        QVERIFY(publish(bob, titles, 20000)); // about 8 MB in all
        QVERIFY(fast.waitFor(QStringLiteral("task_changed"), 400, 60000));
        QTRY_VERIFY_WITH_TIMEOUT(taskFeed->stats().slowClientsClosed > slowBefore ||
                                     taskFeed->stats().heartbeatTimeouts > deadBefore,
                                 10000);
        QCOMPARE(fast.ofType(QStringLiteral("task_changed")).size(), 400);
        QVERIFY(!fast.disconnected);
    }

    /// Found in the field: readers vanishing without a close frame while the feed writes a burst
    /// to them, beside a client that stops reading, used to crash the process (a connection
    /// deleted in the middle of a send, then used).
    void vanishingReadersDuringABurstDoNotCrashTheFeed() { burstWithVanishingReaders(); }

    void socketsAreClosedWhenTheirTokenExpires()
    {
        // The feed's clock stands where the tokens' issuer (the system clock) stands.
        clock.advance(QDateTime::currentMSecsSinceEpoch() - clock.nowMs());
        const QUuid frank = QUuid::createUuid();
        FeedClient expiring, renewed;
        QVERIFY(expiring.open(withBearer(frank, {})));
        QVERIFY(expiring.waitFor(QStringLiteral("welcome"), 1));
        // A 10-minute token, renewed on the open socket before it runs out.
        QNetworkRequest shortLived(url());
        shortLived.setRawHeader("Authorization", "Bearer " + token(frank, 600).toUtf8());
        QVERIFY(renewed.open(shortLived));
        QVERIFY(renewed.waitFor(QStringLiteral("welcome"), 1));
        FeedClient shortOne;
        QVERIFY(shortOne.open(shortLived));
        QVERIFY(shortOne.waitFor(QStringLiteral("welcome"), 1));
        clock.advance(500 * 1000);
        QVERIFY(!shortOne.disconnected);
        renewed.socket.sendTextMessage(QStringLiteral("{\"type\":\"auth\",\"token\":\"%1\"}").arg(token(frank, 3600)));
        QVERIFY(renewed.waitFor(QStringLiteral("token_renewed"), 1));
        // Another user's token does not renew this connection.
        renewed.socket.sendTextMessage(QStringLiteral("{\"type\":\"auth\",\"token\":\"%1\"}").arg(token(alice)));
        QVERIFY(renewed.waitFor(QStringLiteral("error"), 1));

        clock.advance(200 * 1000); // past the 10-minute token's exp
        QTRY_VERIFY(shortOne.disconnected);
        QCOMPARE(shortOne.closeCode, 4401);
        QVERIFY2(shortOne.closeReason.contains(QLatin1String("expired")), qPrintable(shortOne.closeReason));
        // The renewed and the long-lived connection still receive.
        QVERIFY(publish(frank, {QStringLiteral("after expiry")}));
        QVERIFY(renewed.waitFor(QStringLiteral("task_changed"), 1));
        QVERIFY(expiring.waitFor(QStringLiteral("task_changed"), 1));
        QVERIFY(!renewed.disconnected);
        QCOMPARE(shortOne.ofType(QStringLiteral("task_changed")).size(), 0);
    }

    void tokensInTheUrlAreOffAndTheSubprotocolCarriesOne()
    {
        auto raw = rawHandshake({}, "?access_token=" + token(alice).toUtf8());
        QVERIFY(raw);
        const QByteArray head = readHead(*raw);
        QVERIFY2(head.startsWith("HTTP/1.1 400"), head.constData());
        QVERIFY(head.contains("access_token"));

        FeedClient browser;
        QWebSocketHandshakeOptions options;
        options.setSubprotocols({QStringLiteral("taskstream.v1"), QStringLiteral("bearer.") + token(alice)});
        QVERIFY(browser.open(QNetworkRequest(url()), options));
        QVERIFY(browser.waitFor(QStringLiteral("welcome"), 1));
        QCOMPARE(browser.socket.subprotocol(), QStringLiteral("taskstream.v1"));
    }

    void connectionsPerUserAndPerAddressAreCapped()
    {
        const QUuid grace = QUuid::createUuid();
        std::vector<std::unique_ptr<FeedClient>> clients;
        for (int i = 0; i < 12; ++i) {
            clients.push_back(std::make_unique<FeedClient>());
            QVERIFY(clients.back()->open(withBearer(grace)));
            QVERIFY(clients.back()->waitFor(QStringLiteral("welcome"), 1));
        }
        FeedClient oneTooMany;
        QVERIFY(oneTooMany.open(withBearer(grace)));
        QTRY_VERIFY(oneTooMany.disconnected);
        QCOMPARE(oneTooMany.closeCode, int(QWebSocketProtocol::CloseCodePolicyViolated));
        QVERIFY2(oneTooMany.closeReason.contains(QLatin1String("maximum of 12")), qPrintable(oneTooMany.closeReason));
        clients.pop_back();
        FeedClient inItsPlace;
        QVERIFY(inItsPlace.open(withBearer(grace)));
        QVERIFY(inItsPlace.waitFor(QStringLiteral("welcome"), 1));

        // One address (127.0.0.3) holds at most maxConnectionsPerAddress connections.
        const int cap = 500;
        const int before = taskFeed->connectionCount();
        std::vector<std::unique_ptr<QTcpSocket>> fromOne;
        for (int i = 0; i < cap; ++i) {
            fromOne.push_back(rawHandshake("Authorization: Bearer " + token(QUuid::createUuid()).toUtf8() + "\r\n", {},
                                           QHostAddress(QStringLiteral("127.0.0.3"))));
            QVERIFY(fromOne.back());
        }
        QTRY_COMPARE_WITH_TIMEOUT(taskFeed->connectionCount(), before + cap, 30000);
        auto refused = rawHandshake("Authorization: Bearer " + token(grace).toUtf8() + "\r\n", {},
                                    QHostAddress(QStringLiteral("127.0.0.3")));
        QVERIFY(refused);
        const QByteArray head = readHead(*refused);
        QVERIFY2(head.startsWith("HTTP/1.1 429"), head.constData());
        QVERIFY(head.contains("Retry-After:"));
        // Another address is not affected.
        FeedClient other;
        QVERIFY(other.open(withBearer(QUuid::createUuid())));
        QVERIFY(other.waitFor(QStringLiteral("welcome"), 1));
    }

    void resumesShareAFewReaders()
    {
        const QUuid henry = QUuid::createUuid();
        FeedClient first;
        QVERIFY(first.open(withBearer(henry)));
        QVERIFY(first.waitFor(QStringLiteral("welcome"), 1));
        const QString cursor =
            first.ofType(QStringLiteral("welcome")).first().value(QLatin1String("cursor")).toString();
        first.socket.close();
        QTRY_VERIFY(first.disconnected);
        QVERIFY(publish(henry, {QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3")}));
        QVERIFY(publish(alice, {QStringLiteral("not for henry")}));

        const quint64 readsBefore = taskFeed->stats().resumeReads;
        const quint64 resumesBefore = taskFeed->stats().resumes;
        int mostReaders = 0;
        QTimer probe;
        connect(&probe, &QTimer::timeout, &probe,
                [&] { mostReaders = qMax(mostReaders, taskFeed->resumeReadersOpen()); });
        probe.start(1);
        // Connected first, then all authenticated with the cursor in one go (as browsers do it):
        // the resumes arrive while the first readers are still reading.
        std::vector<std::unique_ptr<FeedClient>> resuming;
        for (int i = 0; i < 12; ++i) {
            resuming.push_back(std::make_unique<FeedClient>());
            QVERIFY(resuming.back()->open(QNetworkRequest(url())));
        }
        const QString auth =
            QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("type"), QStringLiteral("auth")},
                                                        {QStringLiteral("token"), token(henry)},
                                                        {QStringLiteral("cursor"), cursor}})
                                  .toJson(QJsonDocument::Compact));
        for (auto &c : resuming) {
            c->socket.sendTextMessage(auth);
            c->socket.flush();
        }
        for (auto &c : resuming) {
            QVERIFY(c->waitFor(QStringLiteral("live"), 1));
            QCOMPARE(c->titles(), (QStringList{QStringLiteral("h1"), QStringLiteral("h2"), QStringLiteral("h3")}));
        }
        QCOMPARE(taskFeed->stats().resumes - resumesBefore, quint64(12));
        // Fewer reader passes than resumes, never more readers at once than configured.
        QVERIFY2(taskFeed->stats().resumeReads - readsBefore < 12,
                 qPrintable(QString::number(taskFeed->stats().resumeReads - readsBefore)));
        QVERIFY(mostReaders <= 2);
        QTRY_COMPARE(taskFeed->resumesInProgress(), 0);
    }

    void allConnectionsTogetherHoldBoundedUnsentData()
    {
        // A feed of its own: a generous limit per connection, a small one for all together.
        http::HttpServer ownServer;
        feed::FeedOptions o;
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        o.maxSendBufferBytes = 64 * 1024 * 1024;
        o.maxTotalSendBufferBytes = 1024 * 1024;
        feed::TaskFeed ownFeed(jwt.get(), KafkaConfig(broker.bootstrapServers()), o);
        QSignalSpy ready(&ownFeed, &feed::TaskFeed::ready);
        KafkaError e;
        QVERIFY2(ownFeed.start(&e), qPrintable(e.toString()));
        ownFeed.registerRoutes(ownServer);
        QString why;
        QVERIFY2(ownServer.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
        QVERIFY(ready.wait(30000));

        const QUuid ivan = QUuid::createUuid();
        auto handshake = [&](const QUuid &user) {
            auto s = std::make_unique<QTcpSocket>();
            s->connectToHost(QHostAddress::LocalHost, ownServer.port());
            s->write("GET /ws/v1/tasks HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: "
                     "websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                     "Authorization: Bearer " +
                     token(user).toUtf8() + "\r\n\r\n");
            s->setReadBufferSize(1); // and never reads
            return s;
        };
        std::vector<std::unique_ptr<QTcpSocket>> stalled;
        for (int i = 0; i < 3; ++i)
            stalled.push_back(handshake(ivan));
        FeedClient fast;
        QNetworkRequest r(QUrl(QStringLiteral("ws://127.0.0.1:%1/ws/v1/tasks").arg(ownServer.port())));
        r.setRawHeader("Authorization", "Bearer " + token(ivan).toUtf8());
        QVERIFY(fast.open(r));
        QVERIFY(fast.waitFor(QStringLiteral("welcome"), 1));
        QTRY_COMPARE(ownFeed.connectionCount(), 4);

        QTest::ignoreMessage(QtInfoMsg, QRegularExpression(QStringLiteral("send buffers are full")));
        // About 8 MB to each connection (the kernel's socket buffers take several MB of it), in
        // four batches: the next batch goes out once the fast reader has the last one, so the
        // feed's reader never falls more than 2 MB behind and the embedded broker, which keeps
        // 5 MB of one partition, has dropped nothing it still has to read.
        for (int batch = 0; batch < 4; ++batch) {
            QStringList titles;
            for (int i = 0; i < 100; ++i)
                titles << QStringLiteral("bulk %1").arg(batch * 100 + i);
            QVERIFY(publish(ivan, titles, 20000));
            const int want = (batch + 1) * 100;
            QVERIFY2(fast.waitFor(QStringLiteral("task_changed"), want, 60000),
                     qPrintable(QStringLiteral("%1 of %2 received, closed %3 (%4)")
                                    .arg(fast.ofType(QStringLiteral("task_changed")).size())
                                    .arg(want)
                                    .arg(fast.closeCode)
                                    .arg(fast.closeReason)));
        }
        QTRY_VERIFY_WITH_TIMEOUT(ownFeed.stats().slowClientsClosed >= 1, 10000);
        QVERIFY(!fast.disconnected);
        QCOMPARE(fast.ofType(QStringLiteral("task_changed")).size(), 400);
    }
    void aFeedOnItsOwnThreadTakesOverUpgradedSockets()
    {
        // As the daemon runs it: the feed on a thread of its own, the HTTP server on this one.
        // Every upgrade is handed over to the feed's thread with its handshake still unread.
        // An object used from the wrong thread is a failure, not a warning.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("another thread|different thread")));
        http::HttpServer ownServer;
        feed::FeedOptions o;
        o.consumer = KafkaConfig::embeddedConsumerTuning();
        o.maxSendBufferBytes = 256 * 1024;
        o.heartbeatIntervalMs = 300;
        const KafkaConfig kafka(broker.bootstrapServers());
        const auth::JwtAuth *auth = jwt.get();
        auto host = std::make_unique<ObjectThread>(QStringLiteral("feed"));
        QSignalSpy started(host.get(), &ObjectThread::started);
        host->start([auth, kafka, o](QString *error) -> QObject * {
            auto f = std::make_unique<feed::TaskFeed>(auth, kafka, o);
            KafkaError e;
            if (!f->start(&e)) {
                *error = e.toString();
                return nullptr;
            }
            return f.release();
        });
        QVERIFY(started.wait(30000));
        feed::TaskFeed *threaded = host->objectAs<feed::TaskFeed>();
        QVERIFY(threaded->thread() != QThread::currentThread());
        threaded->registerRoutes(ownServer);
        QString why;
        QVERIFY2(ownServer.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
        QTRY_VERIFY_WITH_TIMEOUT(threaded->isReady(), 30000);
        target = &ownServer;
        const auto restore = qScopeGuard([this] { target = nullptr; });

        // A forged token is refused with an HTTP 401, answered from the feed's thread.
        auto forged = rawHandshake("Authorization: Bearer eyJhbGciOiJub25lIn0.e30.\r\n");
        QVERIFY(forged);
        const QByteArray head = readHead(*forged);
        QVERIFY2(head.startsWith("HTTP/1.1 401"), head.constData());

        // Readers vanishing in the middle of a burst, the thread's sockets being written meanwhile.
        const quint64 sentBefore = threaded->stats().messagesSent;
        burstWithVanishingReaders();
        if (QTest::currentTestFailed())
            return;
        QVERIFY(threaded->stats().messagesSent - sentBefore >= 180);
        QTRY_COMPARE_WITH_TIMEOUT(threaded->connectionCount(), 0, 20000);

        // Graceful shutdown from this thread: every connection gets 1001 going away.
        FeedClient x, y;
        QVERIFY(x.open(withBearer(alice)));
        QVERIFY(y.open(withBearer(bob)));
        QVERIFY(x.waitFor(QStringLiteral("welcome"), 1));
        QVERIFY(y.waitFor(QStringLiteral("welcome"), 1));
        QCOMPARE(threaded->connectionCount(), 2);
        threaded->closeAll(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
        QTRY_VERIFY(x.disconnected && y.disconnected);
        QCOMPARE(x.closeCode, int(QWebSocketProtocol::CloseCodeGoingAway));
        QCOMPARE(y.closeCode, int(QWebSocketProtocol::CloseCodeGoingAway));
        QTRY_COMPARE(threaded->connectionCount(), 0);

        // The thread ends with a client still connected (the HTTP server closed first, so no
        // upgrade is handed over any more): the feed is destroyed on its thread and the client
        // is disconnected.
        FeedClient z;
        QVERIFY(z.open(withBearer(alice)));
        QVERIFY(z.waitFor(QStringLiteral("welcome"), 1));
        ownServer.close();
        host.reset();
        QTRY_VERIFY(z.disconnected);
    }
};

QTEST_GUILESS_MAIN(TestTaskFeed)
#include "tst_taskfeed.moc"
