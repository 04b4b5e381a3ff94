#include "MainWindow.h"
#include "MessageBar.h"
#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaProducer.h"
#include "models/TopicsModel.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTest>
#include <QTimer>
#include <QTreeView>

using namespace taskstream;
using namespace taskstream::console;

namespace {

constexpr int kClusterTimeoutMs = 30000;

/// Topic name -> partition count, as the topics view shows them.
QMap<QString, int> shownTopics(const QTreeView *view)
{
    QMap<QString, int> topics;
    const QAbstractItemModel *model = view->model();
    for (int row = 0; row < model->rowCount(); ++row) {
        const QModelIndex topic = model->index(row, TopicsModel::NameColumn);
        topics.insert(topic.data().toString(), model->rowCount(topic));
    }
    return topics;
}

QMap<QString, int> catalogTopics()
{
    QMap<QString, int> topics;
    for (const TopicSpec &spec : TopicCatalog::builtin().topics())
        topics.insert(spec.name, spec.partitions);
    return topics;
}

bool containsAll(const QMap<QString, int> &shown, const QMap<QString, int> &expected)
{
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        if (shown.value(it.key(), -1) != it.value())
            return false;
    }
    return true;
}

/// A loopback port nobody listens on.
quint16 closedPort()
{
    QTcpServer server;
    if (!server.listen(QHostAddress::LocalHost))
        return 1;
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
        QSettings().clear();
        QVERIFY(!TopicCatalog::builtin().isEmpty());
    }

    void cleanupTestCase() { QSettings().clear(); }

    void titleNamesTaskstream()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().contains(QLatin1String("Taskstream")));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Disconnected);
    }

    void malformedBootstrapListShowsError_data()
    {
        QTest::addColumn<QString>("servers");
        QTest::newRow("no port") << QStringLiteral("localhost");
        QTest::newRow("semicolon") << QStringLiteral("kafka-0:9092;kafka-1:9092");
        QTest::newRow("port out of range") << QStringLiteral("localhost:99999");
        QTest::newRow("empty") << QString();
    }

    void malformedBootstrapListShowsError()
    {
        QFETCH(QString, servers);
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *edit = window.findChild<QLineEdit *>(QStringLiteral("bootstrapEdit"));
        auto *connectButton = window.findChild<QPushButton *>(QStringLiteral("connectButton"));
        QVERIFY(edit && connectButton);
        edit->setText(servers);
        QTest::mouseClick(connectButton, Qt::LeftButton);

        QVERIFY(window.messageBar()->isVisible());
        QCOMPARE(window.messageBar()->level(), MessageBar::Level::Error);
        QVERIFY2(window.messageBar()->text().contains(QLatin1String("HOST:PORT")),
                 qPrintable(window.messageBar()->text()));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Disconnected);
        QVERIFY(window.monitor()->bootstrapServers().isEmpty());
        QCOMPARE(window.topicsModel()->rowCount(), 0);
    }

    void sandboxListsCatalogTopics()
    {
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *sandboxButton = window.findChild<QPushButton *>(QStringLiteral("sandboxButton"));
        auto *topicsView = window.findChild<QTreeView *>(QStringLiteral("topicsView"));
        auto *brokersView = window.findChild<QTableView *>(QStringLiteral("brokersView"));
        QVERIFY(sandboxButton && topicsView && brokersView);

        QSignalSpy refreshed(window.monitor(), &ClusterMonitor::refreshed);
        QTest::mouseClick(sandboxButton, Qt::LeftButton);
        QVERIFY(window.monitor()->isSandboxRunning());

        const QMap<QString, int> expected = catalogTopics();
        QTRY_VERIFY_WITH_TIMEOUT(containsAll(shownTopics(topicsView), expected), kClusterTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(brokersView->model()->rowCount(), 3, kClusterTimeoutMs);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, kClusterTimeoutMs);
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Connected);
        QVERIFY(!window.messageBar()->isVisible());
        QVERIFY(window.windowTitle().contains(QLatin1String("Taskstream")));

        // Watermarks arrived: every partition of a fresh topic is empty.
        const QModelIndex tasks = window.topicsModel()->topicIndex(QStringLiteral("todo.tasks.events"));
        QVERIFY(tasks.isValid());
        for (int p = 0; p < window.topicsModel()->rowCount(tasks); ++p) {
            const QModelIndex messages = window.topicsModel()->index(p, TopicsModel::MessagesColumn, tasks);
            QCOMPARE(messages.data().toLongLong(), 0);
            QVERIFY(window.topicsModel()->index(p, TopicsModel::LeaderColumn, tasks).data().toInt() >= 1);
        }
    }

    void refreshShowsProducedRecords()
    {
        MainWindow window;
        window.monitor()->setAutoRefresh(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy refreshed(window.monitor(), &ClusterMonitor::refreshed);
        QVERIFY(window.startSandbox());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, kClusterTimeoutMs);

        kafka::KafkaProducer producer;
        kafka::KafkaError error;
        QVERIFY2(producer.open(kafka::KafkaConfig(window.monitor()->bootstrapServers()), &error),
                 qPrintable(error.toString()));
        QSignalSpy delivered(&producer, &kafka::KafkaProducer::delivered);
        constexpr int records = 7;
        for (int i = 0; i < records; ++i)
            QVERIFY(producer.produce(QStringLiteral("todo.reminders.events"), "key", "value", {}, 1, &error) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(delivered.count(), records, kClusterTimeoutMs);
        for (const QList<QVariant> &args : delivered)
            QVERIFY(!args.at(0).value<kafka::DeliveryReport>().error.isError());

        // The refresh shortcut, not the timer, brings the new high watermark.
        const QModelIndex topic = window.topicsModel()->topicIndex(QStringLiteral("todo.reminders.events"));
        const QPersistentModelIndex messages = window.topicsModel()->index(1, TopicsModel::MessagesColumn, topic);

        // The user has that partition selected; the refresh must not take the selection away.
        auto *topicsView = window.findChild<QTreeView *>(QStringLiteral("topicsView"));
        QVERIFY(topicsView);
        auto *proxy = qobject_cast<QSortFilterProxyModel *>(topicsView->model());
        QVERIFY(proxy);
        const QModelIndex viewRow = proxy->mapFromSource(window.topicsModel()->index(1, 0, topic));
        QVERIFY(viewRow.isValid());
        topicsView->expand(viewRow.parent());
        topicsView->selectionModel()->setCurrentIndex(viewRow,
                                                      QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        QSignalSpy selectionChanged(topicsView->selectionModel(), &QItemSelectionModel::selectionChanged);

        const int before = int(refreshed.count());
        QTest::keyClick(&window, Qt::Key_F5);
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > before, kClusterTimeoutMs);
        QVERIFY(messages.isValid()); // the refresh kept the row
        QCOMPARE(messages.data().toLongLong(), qint64(records));
        QCOMPARE(window.topicsModel()->index(topic.row(), TopicsModel::MessagesColumn).data().toLongLong(),
                 qint64(records));

        QCOMPARE(selectionChanged.count(), 0);
        const QModelIndexList selected = topicsView->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(TopicsModel::TopicNameRole).toString(), QStringLiteral("todo.reminders.events"));
        QCOMPARE(selected.first().data(TopicsModel::PartitionRole).toInt(), 1);
        QVERIFY(topicsView->isExpanded(selected.first().parent()));
    }

    void badInputWhileConnectedKeepsClusterAndMessage()
    {
        MainWindow window;
        window.monitor()->setAutoRefresh(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy refreshed(window.monitor(), &ClusterMonitor::refreshed);
        QVERIFY(window.startSandbox());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, kClusterTimeoutMs);
        const QString sandboxServers = window.monitor()->bootstrapServers();

        auto *edit = window.findChild<QLineEdit *>(QStringLiteral("bootstrapEdit"));
        QVERIFY(edit);
        edit->clear();
        QTest::keyClicks(edit, QStringLiteral("kafka-0"));
        QTest::keyClick(edit, Qt::Key_Return);
        QVERIFY(window.messageBar()->isVisible());
        QVERIFY(window.messageBar()->text().contains(QLatin1String("kafka-0")));
        // Still connected to the sandbox; a good refresh does not hide what is wrong with the input.
        QCOMPARE(window.monitor()->bootstrapServers(), sandboxServers);
        const int before = int(refreshed.count());
        window.monitor()->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() > before, kClusterTimeoutMs);
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Connected);
        QVERIFY(window.messageBar()->isVisible());

        QVERIFY(window.connectToCluster(sandboxServers));
        QVERIFY(!window.messageBar()->isVisible());
    }

    void unreachableBrokerShowsErrorWithoutBlocking()
    {
        MainWindow window;
        window.monitor()->setRequestTimeout(2000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Counts event-loop turns while the console waits for the broker.
        int ticks = 0;
        QTimer ticker;
        ticker.setInterval(50);
        connect(&ticker, &QTimer::timeout, this, [&ticks] { ++ticks; });
        ticker.start();

        const QString servers = QStringLiteral("127.0.0.1:%1").arg(closedPort());
        QVERIFY(window.connectToCluster(servers));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Connecting);
        QTRY_COMPARE_WITH_TIMEOUT(window.monitor()->state(), ClusterMonitor::State::Unreachable, kClusterTimeoutMs);
        QVERIFY(window.messageBar()->isVisible());
        QVERIFY2(window.messageBar()->text().contains(servers), qPrintable(window.messageBar()->text()));
        QVERIFY2(window.messageBar()->text().contains(QLatin1String("sandbox")),
                 qPrintable(window.messageBar()->text()));
        // The request took about its 2 s timeout; a blocked UI thread would have let few ticks through.
        QVERIFY2(ticks >= 10, qPrintable(QString::number(ticks)));
        QCOMPARE(window.topicsModel()->rowCount(), 0);
    }

    void lostClusterSaysSoAndRecovers()
    {
        MainWindow window;
        window.monitor()->setAutoRefresh(false);
        window.monitor()->setRequestTimeout(2000);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QSignalSpy refreshed(window.monitor(), &ClusterMonitor::refreshed);
        QVERIFY(window.startSandbox());
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, kClusterTimeoutMs);
        const int topics = window.topicsModel()->rowCount();

        window.monitor()->sandbox()->setBrokerDown(-1);
        window.monitor()->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(window.monitor()->state(), ClusterMonitor::State::Unreachable, kClusterTimeoutMs);
        QVERIFY(window.messageBar()->isVisible());
        QVERIFY2(window.messageBar()->text().contains(QLatin1String("Lost")), qPrintable(window.messageBar()->text()));
        QCOMPARE(window.topicsModel()->rowCount(), topics); // last known data stays visible

        window.monitor()->sandbox()->setBrokerUp(-1);
        QTRY_VERIFY_WITH_TIMEOUT(
            (window.monitor()->refresh(), window.monitor()->state() == ClusterMonitor::State::Connected),
            kClusterTimeoutMs);
        QVERIFY(!window.messageBar()->isVisible());
    }

    void geometryIsRestored()
    {
        {
            MainWindow window;
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.resize(901, 613);
            QTRY_COMPARE(window.size(), QSize(901, 613));
            window.close();
        }
        MainWindow window;
        QCOMPARE(window.size(), QSize(901, 613));
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
