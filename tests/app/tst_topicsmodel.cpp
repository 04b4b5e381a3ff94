#include "ModelTestSupport.h"
#include "models/TopicFilterProxyModel.h"
#include "models/TopicsModel.h"

#include <QAbstractItemModelTester>
#include <QLocale>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using testsupport::announced;
using namespace taskstream::kafka;

namespace {

PartitionInfo partition(int id, int leader, QList<int> replicas = {1, 2, 3}, QList<int> isrs = {1, 2, 3})
{
    PartitionInfo p;
    p.id = id;
    p.leader = leader;
    p.replicas = replicas;
    p.isrs = isrs;
    return p;
}

TopicInfo topic(const QString &name, int partitions)
{
    TopicInfo t;
    t.name = name;
    for (int i = 0; i < partitions; ++i)
        t.partitions.append(partition(i, 1 + i % 3));
    return t;
}

ClusterMetadata cluster(const QList<TopicInfo> &topics)
{
    ClusterMetadata md;
    md.brokers = {{1, QStringLiteral("localhost"), 9092}, {2, QStringLiteral("localhost"), 9093}};
    md.topics = topics;
    md.originatingBroker = 1;
    return md;
}

QStringList topicNames(const QAbstractItemModel &model)
{
    QStringList names;
    for (int row = 0; row < model.rowCount(); ++row)
        names.append(model.index(row, TopicsModel::NameColumn).data().toString());
    return names;
}

} // namespace

class TestTopicsModel : public QObject
{
    Q_OBJECT

private slots:
    void emptyModel()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(TopicsModel::ColumnCount));
        QVERIFY(model.partitions().isEmpty());
        for (int c = 0; c < TopicsModel::ColumnCount; ++c)
            QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    }

    void listsTopicsSortedWithPartitions()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster(
            {topic(QStringLiteral("todo.tasks.events"), 6), topic(QStringLiteral("todo.reminders.events"), 3)}));
        QCOMPARE(topicNames(model),
                 QStringList({QStringLiteral("todo.reminders.events"), QStringLiteral("todo.tasks.events")}));
        const QModelIndex tasks = model.topicIndex(QStringLiteral("todo.tasks.events"));
        QVERIFY(tasks.isValid());
        QCOMPARE(model.rowCount(tasks), 6);
        QCOMPARE(model.index(tasks.row(), TopicsModel::PartitionsColumn).data().toInt(), 6);
        QCOMPARE(model.index(tasks.row(), TopicsModel::ReplicasColumn).data().toString(), QStringLiteral("3"));
        QCOMPARE(model.partitions().size(), 9);

        const QModelIndex p4 = model.index(4, TopicsModel::NameColumn, tasks);
        QCOMPARE(p4.data().toString(), QStringLiteral("4"));
        QCOMPARE(p4.parent(), tasks);
        QCOMPARE(p4.data(TopicsModel::PartitionRole).toInt(), 4);
        QCOMPARE(p4.data(TopicsModel::TopicNameRole).toString(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(model.index(4, TopicsModel::LeaderColumn, tasks).data().toString(), QStringLiteral("2"));
        QCOMPARE(model.index(4, TopicsModel::ReplicasColumn, tasks).data().toString(), QStringLiteral("1, 2, 3"));
        QCOMPARE(model.index(4, TopicsModel::IsrColumn, tasks).data().toString(), QStringLiteral("1, 2, 3"));
        // No watermarks read yet: nothing shown rather than a made-up zero.
        QVERIFY(!model.index(4, TopicsModel::MessagesColumn, tasks).data().isValid());
        QVERIFY(model.index(4, TopicsModel::NameColumn, tasks).data(TopicsModel::ProblemRole).toString().isEmpty());
        QVERIFY(!model.topicIndex(QStringLiteral("no.such.topic")).isValid());
    }

    void refreshWithSameShapeKeepsIdentity()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({topic(QStringLiteral("a"), 3), topic(QStringLiteral("b"), 3)}));
        const QPersistentModelIndex selected =
            model.index(2, TopicsModel::LeaderColumn, model.topicIndex(QStringLiteral("b")));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        model.setMetadata(cluster({topic(QStringLiteral("a"), 3), topic(QStringLiteral("b"), 3)}));
        QCOMPARE(changes.count(), 0); // nothing changed, nothing announced

        TopicInfo b = topic(QStringLiteral("b"), 3);
        b.partitions[2].leader = 2;
        b.partitions[2].isrs = {2, 3};
        model.setMetadata(cluster({topic(QStringLiteral("a"), 3), b}));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserts.count(), 0);
        QCOMPARE(removes.count(), 0);
        QVERIFY(changes.count() >= 1);
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data().toString(), QStringLiteral("2"));
        QCOMPARE(selected.data(TopicsModel::PartitionRole).toInt(), 2);
        // Under-replicated partitions say so, and so does their topic.
        QVERIFY(selected.data(TopicsModel::ProblemRole).toString().contains(QLatin1String("2 of 3")));
        QVERIFY(!model.topicIndex(QStringLiteral("b")).data(TopicsModel::ProblemRole).toString().isEmpty());
        QVERIFY(model.topicIndex(QStringLiteral("a")).data(TopicsModel::ProblemRole).toString().isEmpty());
    }

    void topicsAndPartitionsComeAndGo()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({topic(QStringLiteral("b"), 2), topic(QStringLiteral("d"), 2)}));
        const QPersistentModelIndex dPartition = model.index(1, 0, model.topicIndex(QStringLiteral("d")));
        const QPersistentModelIndex bPartition = model.index(0, 0, model.topicIndex(QStringLiteral("b")));

        // A topic appears in the middle, one vanishes, one grows partitions.
        model.setMetadata(
            cluster({topic(QStringLiteral("a"), 1), topic(QStringLiteral("c"), 4), topic(QStringLiteral("d"), 5)}));
        QCOMPARE(topicNames(model), QStringList({QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")}));
        QCOMPARE(model.rowCount(model.topicIndex(QStringLiteral("c"))), 4);
        QCOMPARE(model.rowCount(model.topicIndex(QStringLiteral("d"))), 5);
        QVERIFY(!bPartition.isValid());
        QVERIFY(dPartition.isValid());
        QCOMPARE(dPartition.parent(), model.topicIndex(QStringLiteral("d")));
        QCOMPARE(dPartition.data(TopicsModel::PartitionRole).toInt(), 1);

        // And shrinks (a topic deleted and re-created with fewer partitions).
        model.setMetadata(cluster({topic(QStringLiteral("d"), 1)}));
        QCOMPARE(topicNames(model), QStringList({QStringLiteral("d")}));
        QCOMPARE(model.rowCount(model.topicIndex(QStringLiteral("d"))), 1);
        QVERIFY(!dPartition.isValid());

        model.setMetadata(cluster({}));
        QCOMPARE(model.rowCount(), 0);
        model.setMetadata(cluster({topic(QStringLiteral("x"), 2)}));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void watermarksGiveMessageCounts()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({topic(QStringLiteral("t"), 3)}));
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setWatermarksAt({{QStringLiteral("t"), 0, 0, 10, {}},
                               {QStringLiteral("t"), 1, 5, 7, {}},
                               {QStringLiteral("t"), 2, 0, 0, {}},
                               {QStringLiteral("unknown"), 0, 0, 99, {}}},
                              1000);
        QVERIFY(changes.count() >= 1);
        const QModelIndex t = model.topicIndex(QStringLiteral("t"));
        QCOMPARE(model.index(1, TopicsModel::LowWatermarkColumn, t).data().toLongLong(), 5);
        QCOMPARE(model.index(1, TopicsModel::HighWatermarkColumn, t).data().toLongLong(), 7);
        QCOMPARE(model.index(1, TopicsModel::MessagesColumn, t).data().toLongLong(), 2);
        QCOMPARE(model.index(0, TopicsModel::MessagesColumn, t).data().toLongLong(), 10);
        QCOMPARE(model.index(t.row(), TopicsModel::MessagesColumn).data().toLongLong(), 12);

        // The same figures again: the rate becomes known (0/s); after that, no change is announced.
        model.setWatermarksAt({{QStringLiteral("t"), 0, 0, 10, {}}}, 2000);
        changes.clear();
        model.setWatermarksAt({{QStringLiteral("t"), 0, 0, 10, {}}}, 3000);
        QCOMPARE(changes.count(), 0);

        // A failed query keeps the last figures and says why they may be stale.
        model.setWatermarks({{QStringLiteral("t"), 0, OffsetInvalid, OffsetInvalid,
                              KafkaError(KafkaError::TimedOut, QStringLiteral("timed out"))}});
        QCOMPARE(model.index(0, TopicsModel::MessagesColumn, t).data().toLongLong(), 10);
        QVERIFY(model.index(0, TopicsModel::NameColumn, t)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("timed out")));

        // Watermarks survive a metadata refresh of the same partition.
        model.setMetadata(cluster({topic(QStringLiteral("t"), 3)}));
        QCOMPARE(model.index(1, TopicsModel::MessagesColumn, t).data().toLongLong(), 2);
    }

    void produceRateFromTwoWatermarkReadings()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString t = QStringLiteral("t");
        model.setMetadata(cluster({topic(t, 2)}));
        const QModelIndex ti = model.topicIndex(t);
        const QModelIndex rate0 = model.index(0, TopicsModel::ProduceRateColumn, ti);
        const QModelIndex rate1 = model.index(1, TopicsModel::ProduceRateColumn, ti);
        const QModelIndex topicRate = model.index(ti.row(), TopicsModel::ProduceRateColumn);

        // First reading: no rate yet.
        model.setWatermarksAt({{t, 0, 0, 100, {}}, {t, 1, 0, 50, {}}}, 10'000);
        QCOMPARE(rate0.data().toString(), QStringLiteral("—"));
        QCOMPARE(topicRate.data().toString(), QStringLiteral("—"));
        QCOMPARE(model.produceRate(t), -1.0);

        // 4 s later: partition 0 grew by 50 (12.5/s), partition 1 by 2 (0.5/s).
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setWatermarksAt({{t, 0, 0, 150, {}}, {t, 1, 0, 52, {}}}, 14'000);
        QVERIFY(announced(changes, rate0));
        QVERIFY(announced(changes, topicRate));
        QCOMPARE(rate0.data(TopicsModel::SortRole).toDouble(), 12.5);
        QCOMPARE(rate1.data(TopicsModel::SortRole).toDouble(), 0.5);
        QCOMPARE(rate0.data().toString(), TopicsModel::formatRate(12.5));
        QCOMPARE(model.produceRate(t), 13.0);
        QCOMPARE(topicRate.data().toString(), TopicsModel::formatRate(13.0));

        // A failed reading keeps the rate; the next good one measures from the last good reading.
        model.setWatermarksAt(
            {{t, 0, OffsetInvalid, OffsetInvalid, KafkaError(KafkaError::TimedOut, QStringLiteral("timed out"))}},
            15'000);
        QCOMPARE(rate0.data(TopicsModel::SortRole).toDouble(), 12.5);
        model.setWatermarksAt({{t, 0, 0, 160, {}}}, 16'000);
        QCOMPARE(rate0.data(TopicsModel::SortRole).toDouble(), 5.0); // 10 records in 2 s

        // Nothing new: 0/s.
        model.setWatermarksAt({{t, 0, 0, 160, {}}, {t, 1, 0, 52, {}}}, 18'000);
        QCOMPARE(model.produceRate(t), 0.0);
        QCOMPARE(TopicsModel::formatRate(12.34), QLocale().toString(12.3, 'f', 1) + QStringLiteral("/s"));
    }

    void retentionFromTheCatalog()
    {
        QString error;
        const TopicCatalog catalog = TopicCatalog::fromJson(R"({"topics": [
            {"name": "events", "partitions": 3, "replication_factor": 1, "retention_ms": 604800000},
            {"name": "audit", "partitions": 1, "replication_factor": 1, "retention_ms": 7776000000},
            {"name": "ledger", "partitions": 1, "replication_factor": 1, "retention_ms": -1},
            {"name": "short", "partitions": 1, "replication_factor": 1, "retention_ms": 43200000}]})",
                                                            &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({topic(QStringLiteral("events"), 3), topic(QStringLiteral("audit"), 1),
                                   topic(QStringLiteral("ledger"), 1), topic(QStringLiteral("short"), 1),
                                   topic(QStringLiteral("other"), 1)}));
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setCatalog(catalog);
        const auto retention = [&](const char *name) {
            return model.topicIndex(QString::fromLatin1(name), TopicsModel::RetentionColumn);
        };
        QVERIFY(announced(changes, retention("events")));
        QCOMPARE(retention("events").data().toString(), TopicsModel::tr("%1 d").arg(7));
        QCOMPARE(retention("audit").data().toString(), TopicsModel::tr("%1 d").arg(90));
        QCOMPARE(retention("ledger").data().toString(), TopicsModel::tr("forever"));
        QCOMPARE(retention("short").data().toString(), TopicsModel::tr("%1 h").arg(12));
        QCOMPARE(retention("other").data().toString(), QStringLiteral("—"));
        QVERIFY(retention("other").data(Qt::ToolTipRole).toString().contains(QLatin1String("not read")));
        // The catalog's value, and said to be: the header and the tooltip name it.
        QVERIFY(retention("events").data(Qt::ToolTipRole).toString().contains(QLatin1String("catalog")));
        QVERIFY(model.headerData(TopicsModel::RetentionColumn, Qt::Horizontal)
                    .toString()
                    .contains(QLatin1String("catalog")));
        // Sorted by retention: longer is larger, forever the largest.
        QVERIFY(retention("audit").data(TopicsModel::SortRole).toLongLong() >
                retention("events").data(TopicsModel::SortRole).toLongLong());
        QVERIFY(retention("ledger").data(TopicsModel::SortRole).toLongLong() >
                retention("audit").data(TopicsModel::SortRole).toLongLong());
    }

    void watermarkRefreshAnnouncesWhatChangedAndKeepsTheOrder()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString a = QStringLiteral("a");
        const QString b = QStringLiteral("b");
        model.setMetadata(cluster({topic(a, 3), topic(b, 2)}));
        model.setWatermarks({{a, 0, 0, 5, {}}, {a, 1, 0, 5, {}}, {a, 2, 0, 5, {}}, {b, 0, 0, 1, {}}, {b, 1, 0, 1, {}}});
        const QModelIndex ta = model.topicIndex(a);
        TopicFilterProxyModel proxy; // as the topics view: sorted by name
        proxy.setSourceModel(&model);
        proxy.sort(TopicsModel::NameColumn);
        QSignalSpy layoutChanged(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);

        // New figures: the partition's watermark cells and the topic's count, nothing else.
        model.setWatermarks({{a, 1, 0, 9, {}}});
        QVERIFY(announced(changes, model.index(1, TopicsModel::HighWatermarkColumn, ta)));
        QVERIFY(announced(changes, model.index(1, TopicsModel::MessagesColumn, ta)));
        QVERIFY(announced(changes, model.index(ta.row(), TopicsModel::MessagesColumn)));
        QVERIFY(!announced(changes, model.index(1, TopicsModel::NameColumn, ta)));
        QCOMPARE(model.index(ta.row(), TopicsModel::MessagesColumn).data().toLongLong(), 19);
        QCOMPARE(layoutChanged.count(), 0); // rows sorted by name stay where they are

        // A failed reading changes the whole row (red, with the reason) and the topic's.
        changes.clear();
        model.setWatermarks(
            {{a, 2, OffsetInvalid, OffsetInvalid, KafkaError(KafkaError::TimedOut, QStringLiteral("timed out"))}});
        QVERIFY(announced(changes, model.index(2, TopicsModel::NameColumn, ta)));
        QVERIFY(announced(changes, model.index(ta.row(), TopicsModel::NameColumn)));
        QVERIFY(model.index(2, TopicsModel::NameColumn, ta).data(Qt::ForegroundRole).isValid());

        // Sorted by record count, new figures still move the topic to its place.
        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        QCOMPARE(topicNames(proxy), QStringList({a, b}));
        model.setWatermarks({{b, 0, 0, 100, {}}});
        QCOMPARE(topicNames(proxy), QStringList({b, a}));
    }

    void offlinePartitionIsAProblem()
    {
        TopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        TopicInfo t = topic(QStringLiteral("t"), 2);
        t.partitions[1].leader = -1;
        model.setMetadata(cluster({t}));
        const QModelIndex ti = model.topicIndex(QStringLiteral("t"));
        QCOMPARE(model.index(1, TopicsModel::LeaderColumn, ti).data().toString(), QStringLiteral("none"));
        QVERIFY(!model.index(1, 0, ti).data(TopicsModel::ProblemRole).toString().isEmpty());
        QVERIFY(model.index(1, TopicsModel::LeaderColumn, ti).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(0, 0, ti).data(TopicsModel::ProblemRole).toString().isEmpty());
    }

    void proxyFiltersByNameAndHidesInternal()
    {
        TopicsModel model;
        TopicFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster(
            {topic(QStringLiteral("__consumer_offsets"), 2), topic(QStringLiteral("todo.tasks.events"), 6),
             topic(QStringLiteral("todo.tasks.events.dlq"), 3), topic(QStringLiteral("todo.reminders.events"), 3)}));
        QCOMPARE(proxy.rowCount(), 4);

        proxy.setNameFilter(QStringLiteral("DLQ"));
        QCOMPARE(topicNames(proxy), QStringList({QStringLiteral("todo.tasks.events.dlq")}));
        QCOMPARE(proxy.rowCount(proxy.index(0, 0)), 3); // partitions follow their topic

        proxy.setNameFilter(QString());
        proxy.setHideInternalTopics(true);
        QCOMPARE(proxy.rowCount(), 3);
        QVERIFY(!topicNames(proxy).contains(QStringLiteral("__consumer_offsets")));

        // Numbers sort as numbers: partition 10 after partition 9.
        model.setMetadata(cluster({topic(QStringLiteral("big"), 12)}));
        proxy.sort(TopicsModel::NameColumn, Qt::AscendingOrder);
        const QModelIndex big = proxy.index(0, 0);
        QCOMPARE(proxy.index(11, 0, big).data().toString(), QStringLiteral("11"));
        QCOMPARE(proxy.index(2, 0, big).data().toString(), QStringLiteral("2"));

        // Updates under a sorted, filtered proxy.
        model.setWatermarks({{QStringLiteral("big"), 3, 0, 4, {}}});
        proxy.sort(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        QCOMPARE(proxy.index(0, 0, proxy.index(0, 0)).data().toString(), QStringLiteral("3"));
    }
};

QTEST_MAIN(TestTopicsModel)
#include "tst_topicsmodel.moc"
