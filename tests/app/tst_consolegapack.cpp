// The Groups tab against a daemon that reports a stalled partition (a loopback HTTP server with
// the daemon's answers): the partition reads STALLED with its missing range, "Acknowledge gap…"
// is enabled only on it, asks for confirmation, sends nothing on Cancel, and on confirmation
// calls the daemon's admin action once; a refusal (a user token) is shown as a problem.
#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "GroupsPanel.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "http/HttpServer.h"
#include "models/ConsumerGroupsModel.h"

#include <QAction>
#include <QApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>
#include <QTreeView>

using namespace taskstream;
using namespace taskstream::console;

namespace {
const QString kGroup = QStringLiteral("audit-log-cg");
const QString kTopic = QStringLiteral("todo.tasks.events");

kafka::PartitionLag partitionLag(int partition, qint64 committed, qint64 high)
{
    kafka::PartitionLag l;
    l.topic = kTopic;
    l.partition = partition;
    l.committed = committed;
    l.low = 0;
    l.high = high;
    l.lag = high - committed;
    return l;
}
} // namespace

class TestConsoleGapAck : public QObject
{
    Q_OBJECT
    http::HttpServer server;
    bool stalled = true;
    int acknowledgements = 0;
    int refuseWith = 0; ///< 0: accept; else the status the action answers

    QModelIndex viewIndexOf(GroupsPanel &panel, int partition)
    {
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(panel.view()->model());
        const QModelIndex group = panel.model()->groupIndex(kGroup);
        return proxy->mapFromSource(panel.model()->index(partition, ConsumerGroupsModel::NameColumn, group));
    }

private slots:
    void initTestCase()
    {
        server.route("GET", QStringLiteral("/api/v1/info"), [this](const http::HttpRequest &) {
            QJsonArray list;
            if (stalled)
                list.append(QJsonObject{{QStringLiteral("group"), kGroup},
                                        {QStringLiteral("topic"), kTopic},
                                        {QStringLiteral("partition"), 0},
                                        {QStringLiteral("missing_from"), 3},
                                        {QStringLiteral("missing_to"), 9}});
            return http::HttpResponse::json(200, QJsonObject{{QStringLiteral("stalled_partitions"), list}});
        });
        server.route("POST",
                     QStringLiteral("/api/v1/groups/audit-log-cg/partitions/todo.tasks.events/0/acknowledge-gap"),
                     [this](const http::HttpRequest &) {
                         if (refuseWith)
                             return http::HttpResponse::problem(refuseWith, QStringLiteral("Forbidden"),
                                                                QStringLiteral("needs an admin token"));
                         ++acknowledgements;
                         stalled = false;
                         return http::HttpResponse::json(
                             200, QJsonObject{{QStringLiteral("skipped_from"), 3}, {QStringLiteral("resumed_at"), 9}});
                     });
        QString why;
        QVERIFY2(server.listen(QHostAddress::LocalHost, 0, &why), qPrintable(why));
    }

    void stalledPartitionIsAcknowledgedAfterConfirmation()
    {
        ClusterMonitor monitor;
        GroupsPanel panel(&monitor);
        panel.model()->updateLag({kGroup, {partitionLag(0, 3, 20), partitionLag(1, 5, 5)}}, {}, 1000);
        DaemonClient client;
        client.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())),
                           QStringLiteral("admin-token"));
        QSignalSpy problems(&panel, &GroupsPanel::problem);
        QSignalSpy information(&panel, &GroupsPanel::information);
        panel.setDaemonClient(&client);

        const QModelIndex group = panel.model()->groupIndex(kGroup);
        const QModelIndex status0 = panel.model()->index(0, ConsumerGroupsModel::StatusColumn, group);
        QVERIFY(QTest::qWaitFor([&] { return status0.data().toString() == QLatin1String("STALLED"); }, 10000));
        const QString reason = panel.model()->index(0, ConsumerGroupsModel::ReasonColumn, group).data().toString();
        QVERIFY2(reason.contains(QLatin1String("3 to 8")), qPrintable(reason));

        // Only a stalled partition can be acknowledged.
        panel.view()->setCurrentIndex(viewIndexOf(panel, 1));
        QVERIFY(!panel.acknowledgeGapAction()->isEnabled());
        panel.view()->setCurrentIndex(viewIndexOf(panel, 0));
        QVERIFY(panel.acknowledgeGapAction()->isEnabled());

        // Cancel sends nothing.
        panel.acknowledgeGapAction()->trigger();
        QMessageBox *box = panel.acknowledgeConfirmation();
        QVERIFY(box);
        QVERIFY2(box->text().contains(QLatin1String("offsets 3 to 8")), qPrintable(box->text()));
        box->button(QMessageBox::Cancel)->click();
        QTRY_VERIFY(!panel.acknowledgeConfirmation());
        QCOMPARE(acknowledgements, 0);

        // Confirmed: one call, the daemon's answer is told, and the next info clears the stall.
        panel.acknowledgeGapAction()->trigger();
        box = panel.acknowledgeConfirmation();
        QVERIFY(box);
        box->findChild<QPushButton *>(QStringLiteral("confirmAcknowledgeGap"))->click();
        QVERIFY(information.wait(10000) || !information.isEmpty());
        QCOMPARE(acknowledgements, 1);
        QVERIFY2(information.last().first().toString().contains(QLatin1String("offset 9")),
                 qPrintable(information.last().first().toString()));
        QVERIFY(QTest::qWaitFor([&] { return status0.data().toString() != QLatin1String("STALLED"); }, 10000));
        QVERIFY(!panel.acknowledgeGapAction()->isEnabled());
        QCOMPARE(problems.count(), 0);
    }

    void refusalIsShownAsAProblem()
    {
        stalled = true;
        refuseWith = 403;
        ClusterMonitor monitor;
        GroupsPanel panel(&monitor);
        panel.model()->updateLag({kGroup, {partitionLag(0, 3, 20)}}, {}, 1000);
        DaemonClient client;
        client.setEndpoint(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.port())),
                           QStringLiteral("user-token"));
        QSignalSpy problems(&panel, &GroupsPanel::problem);
        panel.setDaemonClient(&client);
        const QModelIndex status0 =
            panel.model()->index(0, ConsumerGroupsModel::StatusColumn, panel.model()->groupIndex(kGroup));
        QVERIFY(QTest::qWaitFor([&] { return status0.data().toString() == QLatin1String("STALLED"); }, 10000));
        panel.view()->setCurrentIndex(viewIndexOf(panel, 0));
        panel.acknowledgeGapAction()->trigger();
        QVERIFY(panel.acknowledgeConfirmation());
        panel.acknowledgeConfirmation()->findChild<QPushButton *>(QStringLiteral("confirmAcknowledgeGap"))->click();
        QVERIFY(problems.wait(10000));
        QVERIFY2(problems.first().first().toString().contains(QLatin1String("needs an admin token")),
                 qPrintable(problems.first().first().toString()));
        QCOMPARE(status0.data().toString(), QStringLiteral("STALLED"));
    }
};

QTEST_MAIN(TestConsoleGapAck)
#include "tst_consolegapack.moc"
