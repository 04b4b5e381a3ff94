// The Notifications tab against the sandbox (embedded broker and taskstreamd in process, over TCP
// and HTTP): a task due soon gets a reminder that fires; the notifier makes a notification of it,
// and the tab lists it for the task's owner through the admin API, unread, then read once the user
// marked it read.
#include "MainWindow.h"
#include "NotificationsPanel.h"
#include "SandboxWindowSupport.h"
#include "models/NotificationsModel.h"
#include "runtime/Node.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

namespace {
constexpr int kTimeoutMs = 60000;

/// One request as \a user; the answer's status and JSON.
QPair<int, QJsonObject> call(runtime::Node *daemon, const QUuid &user, const QByteArray &method, const QString &path,
                             const QJsonObject &body = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(daemon->httpUrl() + path));
    request.setRawHeader("Authorization", "Bearer " + daemon->issueToken(user, QStringLiteral("user"), 600).toUtf8());
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply =
        network.sendCustomRequest(request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !finished.wait(kTimeoutMs))
        return {0, {}};
    reply->deleteLater();
    return {reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
            QJsonDocument::fromJson(reply->readAll()).object()};
}
} // namespace

class TestConsoleNotifications : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { testsupport::initConsoleTest("tst_consolenotifications"); }

    void listsAFiredRemindersNotificationForItsOwner()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy ready(window.monitor(), &ClusterMonitor::sandboxReady);
        QVERIFY(window.startSandbox());
        QVERIFY(ready.wait(kTimeoutMs));
        runtime::Node *daemon = window.monitor()->sandboxDaemon();
        QVERIFY(daemon);
        NotificationsPanel *panel = window.notificationsPanel();
        QAbstractItemModelTester tester(panel->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);

        const QUuid user = QUuid::createUuid();
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const QJsonObject task{{QStringLiteral("title"), QStringLiteral("soon")},
                               {QStringLiteral("due_date"), now.addSecs(15 * 60 + 2).toString(Qt::ISODateWithMs)},
                               {QStringLiteral("remind_before_minutes"), QJsonArray{15}}};
        QCOMPARE(call(daemon, user, "POST", QStringLiteral("/api/v1/tasks"), task).first, 201);

        panel->setUser(user.toString(QUuid::WithoutBraces));
        QSignalSpy loaded(panel, &NotificationsPanel::loaded);
        QVERIFY(window.showTab(QStringLiteral("notifications")));
        QVERIFY(loaded.count() > 0 || loaded.wait(kTimeoutMs));
        // Read again until the reminder's notification is there (the sentinel).
        QVERIFY(QTest::qWaitFor(
            [&] {
                if (panel->model()->rowCount() == 1)
                    return true;
                if (!panel->isLoading()) {
                    loaded.clear();
                    panel->reload();
                    loaded.wait(kTimeoutMs);
                }
                return false;
            },
            kTimeoutMs));
        const NotificationRow &n = panel->model()->notification(0);
        QCOMPARE(n.kind, QStringLiteral("reminder"));
        QCOMPARE(n.title, QStringLiteral("soon"));
        QCOMPARE(n.read, false);
        QVERIFY2(panel->statusText().contains(QStringLiteral("1 unread")), qPrintable(panel->statusText()));

        // The user marks it read through the API; the tab shows it read, and "unread only" hides it.
        QCOMPARE(call(daemon, user, "POST", QStringLiteral("/api/v1/notifications/%1/read").arg(n.id)).first, 200);
        loaded.clear();
        panel->reload();
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(panel->model()->notification(0).read, true);
        loaded.clear();
        panel->setUnreadOnly(true);
        panel->reload();
        QVERIFY(loaded.wait(kTimeoutMs));
        QCOMPARE(panel->model()->rowCount(), 0);
    }

    void refusesSomethingThatIsNotAUserId()
    {
        MainWindow window;
        QSignalSpy loaded(window.notificationsPanel(), &NotificationsPanel::loaded);
        window.notificationsPanel()->setUser(QStringLiteral("alice"));
        window.notificationsPanel()->reload();
        QCOMPARE(loaded.count(), 1);
        QVERIFY(window.notificationsPanel()->statusText().contains(QStringLiteral("not a user's id")));
    }
};

QTEST_MAIN(TestConsoleNotifications)
#include "tst_consolenotifications.moc"
