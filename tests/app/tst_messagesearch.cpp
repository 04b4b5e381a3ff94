// The Messages tab's search against the embedded broker over TCP: records across partitions with
// keys, values, headers and two ages; the search finds them by value, key and header, by time
// range, finds nothing when nothing matches, stops on Cancel, and exports the matches as JSON lines.
#include "ClusterMonitor.h"
#include "MessageSearchBar.h"
#include "MessagesPanel.h"
#include "models/MessagesModel.h"
#include "support/KafkaTestSupport.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::kafka;
using namespace testsupport;

namespace {
constexpr int kTimeoutMs = 60000;
constexpr int kRecords = 240;
} // namespace

class TestMessageSearch : public QObject
{
    Q_OBJECT
    EmbeddedBroker broker;
    QString topic;
    std::unique_ptr<ClusterMonitor> monitor;
    std::unique_ptr<MessagesPanel> panel;
    qint64 recentFromMs = 0;

    /// Runs the bar's search and waits for its end; the finished() arguments.
    QList<QVariant> runSearch()
    {
        QSignalSpy finished(panel->searchBar(), &MessageSearchBar::searchFinished);
        panel->searchBar()->search();
        if (!finished.wait(kTimeoutMs))
            return {};
        return finished.first();
    }

    QSet<QByteArray> matchedKeys() const
    {
        QSet<QByteArray> keys;
        for (const DecodedRecord &r : panel->searchBar()->matches())
            keys.insert(r.key);
        return keys;
    }

private slots:
    void initTestCase()
    {
        qRegisterMetaType<DeliveryReport>();
        qRegisterMetaType<KafkaError>();
        QVERIFY(broker.start(1));
        topic = uniqueName(QStringLiteral("search"));
        QVERIFY(!broker.createTopic(topic, 3, 1).isError());
        // Every 10th record mentions "needle"; every 8th has x-tenant: acme; the first half is an hour old.
        KafkaProducer producer;
        QVERIFY(producer.open(KafkaConfig(broker.bootstrapServers())));
        QSignalSpy delivered(&producer, &KafkaProducer::delivered);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        recentFromMs = now - 30 * 60 * 1000;
        for (int i = 0; i < kRecords; ++i) {
            const QByteArray value = i % 10 == 0
                                         ? QByteArray(R"({"note":"a Needle here","i":)") + QByteArray::number(i) + "}"
                                         : QByteArray(R"({"note":"hay","i":)") + QByteArray::number(i) + "}";
            Headers headers;
            if (i % 8 == 0)
                headers.append({QStringLiteral("x-tenant"), "acme"});
            const qint64 at = i < kRecords / 2 ? now - 60 * 60 * 1000 + i : now - 60 * 1000 + i;
            QVERIFY(producer.produce(topic, "user-" + QByteArray::number(i), value, headers, i % 3, nullptr, at) != 0);
        }
        QVERIFY(QTest::qWaitFor([&] { return delivered.count() == kRecords; }, kTimeoutMs));
        for (const auto &args : delivered)
            QVERIFY(!args.first().value<DeliveryReport>().error.isError());

        monitor = std::make_unique<ClusterMonitor>();
        monitor->setRefreshInterval(500);
        QSignalSpy metadata(monitor.get(), &ClusterMonitor::metadataUpdated);
        QVERIFY(monitor->connectToCluster(broker.bootstrapServers()));
        QVERIFY(metadata.wait(kTimeoutMs));
        panel = std::make_unique<MessagesPanel>(monitor.get());
        QTRY_VERIFY_WITH_TIMEOUT(
            panel->findChild<QComboBox *>(QStringLiteral("messagesTopicBox"))->findText(topic) >= 0, kTimeoutMs);
        panel->selectTopic(topic);
    }

    void findsByValueAcrossPartitions()
    {
        panel->searchBar()->setValueText(QStringLiteral("needle")); // case-insensitive
        const QList<QVariant> end = runSearch();
        QCOMPARE(end.size(), 4);
        QCOMPARE(end.at(0).toLongLong(), qint64(kRecords)); // every record read
        QCOMPARE(end.at(1).toLongLong(), qint64(kRecords / 10));
        QCOMPARE(end.at(2).toBool(), false);
        QVERIFY2(end.at(3).toString().isEmpty(), qPrintable(end.at(3).toString()));
        QSet<QByteArray> expected;
        for (int i = 0; i < kRecords; i += 10)
            expected.insert("user-" + QByteArray::number(i));
        QCOMPARE(matchedKeys(), expected);
        // The table shows the matches only.
        QCOMPARE(panel->model()->rowCount(), kRecords / 10);
        QVERIFY(panel->searchBar()->exportButton()->isEnabled());
    }

    void findsByKeyHeaderAndTime()
    {
        panel->searchBar()->setValueText({});
        panel->searchBar()->setHeaderText(QStringLiteral("x-tenant=ACME"));
        runSearch();
        QCOMPARE(matchedKeys().size(), kRecords / 8);
        // With a key, and only the last half hour.
        panel->searchBar()->setKeyText(QStringLiteral("user-2"));
        panel->searchBar()->setTimeRange(QDateTime::fromMSecsSinceEpoch(recentFromMs), QDateTime());
        runSearch();
        QSet<QByteArray> expected;
        for (int i = kRecords / 2; i < kRecords; ++i)
            if (i % 8 == 0 && QByteArray::number(i).startsWith('2'))
                expected.insert("user-" + QByteArray::number(i));
        QVERIFY(!expected.isEmpty());
        QCOMPARE(matchedKeys(), expected);
        // A range that ends before the records: nothing.
        panel->searchBar()->setKeyText({});
        panel->searchBar()->setHeaderText({});
        panel->searchBar()->setTimeRange(QDateTime::fromMSecsSinceEpoch(recentFromMs - 24 * 3600 * 1000),
                                         QDateTime::fromMSecsSinceEpoch(recentFromMs - 12 * 3600 * 1000));
        const QList<QVariant> end = runSearch();
        QCOMPARE(end.at(1).toLongLong(), qint64(0));
        panel->searchBar()->setTimeRange({}, {});
    }

    void noMatch()
    {
        panel->searchBar()->setValueText(QStringLiteral("no such words"));
        const QList<QVariant> end = runSearch();
        QCOMPARE(end.at(0).toLongLong(), qint64(kRecords));
        QCOMPARE(end.at(1).toLongLong(), qint64(0));
        QCOMPARE(end.at(2).toBool(), false);
        QCOMPARE(panel->model()->rowCount(), 0);
        QVERIFY(!panel->searchBar()->exportButton()->isEnabled());
        QVERIFY(panel->searchBar()->statusText().startsWith(QStringLiteral("0 match")));
    }

    void cancel()
    {
        panel->searchBar()->setValueText({});
        QSignalSpy finished(panel->searchBar(), &MessageSearchBar::searchFinished);
        panel->searchBar()->search();
        QVERIFY(panel->searchBar()->isSearching());
        QVERIFY(panel->searchBar()->cancelButton()->isEnabled());
        QVERIFY(!panel->searchBar()->searchButton()->isEnabled());
        panel->searchBar()->cancel();
        QVERIFY(finished.wait(kTimeoutMs));
        QCOMPARE(finished.count(), 1);
        QCOMPARE(finished.first().at(2).toBool(), true);
        QVERIFY(finished.first().at(0).toLongLong() < kRecords);
        QVERIFY(!panel->searchBar()->isSearching());
        QVERIFY(panel->searchBar()->statusText().contains(QStringLiteral("cancelled")));
        // A search after a cancel runs to the end.
        panel->searchBar()->setValueText(QStringLiteral("needle"));
        QCOMPARE(runSearch().at(1).toLongLong(), qint64(kRecords / 10));
    }

    void exportsJsonLines()
    {
        panel->searchBar()->setValueText(QStringLiteral("needle"));
        runSearch();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("matches.jsonl"));
        QSignalSpy exported(panel->searchBar(), &MessageSearchBar::exported);
        panel->searchBar()->exportTo(path);
        QVERIFY(exported.wait(kTimeoutMs));
        QCOMPARE(exported.first().at(1).toInt(), kRecords / 10);
        QVERIFY(exported.first().at(2).toString().isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = file.readAll().split('\n');
        QCOMPARE(lines.size(), kRecords / 10 + 1); // the last line ends with a newline too
        QVERIFY(lines.last().isEmpty());
        QSet<QString> keys;
        for (int i = 0; i < kRecords / 10; ++i) {
            QJsonParseError error;
            const QJsonObject record = QJsonDocument::fromJson(lines.at(i), &error).object();
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(record.value(QStringLiteral("topic")).toString(), topic);
            keys.insert(record.value(QStringLiteral("key")).toString());
        }
        QCOMPARE(keys.size(), kRecords / 10);
        QVERIFY(keys.contains(QStringLiteral("user-0")));

        // A path that cannot be written says so.
        QSignalSpy failed(panel->searchBar(), &MessageSearchBar::exported);
        panel->searchBar()->exportTo(dir.filePath(QStringLiteral("no/such/folder/x.jsonl")));
        QVERIFY(failed.wait(kTimeoutMs));
        QVERIFY(!failed.first().at(2).toString().isEmpty());
    }

    void cleanupTestCase()
    {
        panel.reset();
        monitor.reset();
    }
};

QTEST_MAIN(TestMessageSearch)
#include "tst_messagesearch.moc"
