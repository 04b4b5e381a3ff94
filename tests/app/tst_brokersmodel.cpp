#include "models/BrokersModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream::console;
using namespace taskstream::kafka;

namespace {

ClusterMetadata cluster(const QList<int> &brokerIds, int originating)
{
    ClusterMetadata md;
    for (int id : brokerIds)
        md.brokers.append({id, QStringLiteral("127.0.0.1"), 9090 + id});
    md.originatingBroker = originating;
    TopicInfo t;
    t.name = QStringLiteral("t");
    // Partition i led by the i-th broker, replicated on all of them.
    for (int i = 0; i < brokerIds.size(); ++i) {
        PartitionInfo p;
        p.id = i;
        p.leader = brokerIds[i];
        p.replicas = brokerIds;
        p.isrs = brokerIds;
        t.partitions.append(p);
    }
    md.topics = {t};
    return md;
}

} // namespace

class TestBrokersModel : public QObject
{
    Q_OBJECT

private slots:
    void listsBrokersByIdWithLeadership()
    {
        BrokersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setMetadata(cluster({3, 1, 2}, 2));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.columnCount(), int(BrokersModel::ColumnCount));
        for (int row = 0; row < 3; ++row) {
            QCOMPARE(model.index(row, BrokersModel::IdColumn).data().toInt(), row + 1);
            QCOMPARE(model.index(row, BrokersModel::PortColumn).data().toInt(), 9091 + row);
            QCOMPARE(model.index(row, BrokersModel::LeaderForColumn).data().toInt(), 1);
            QCOMPARE(model.index(row, BrokersModel::ReplicaForColumn).data().toInt(), 3);
        }
        QCOMPARE(model.index(0, BrokersModel::HostColumn).data().toString(), QStringLiteral("127.0.0.1"));
        QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("answered")));
        QVERIFY(!model.index(0, 0).data(Qt::ToolTipRole).toString().contains(QLatin1String("answered")));
        for (int c = 0; c < BrokersModel::ColumnCount; ++c)
            QVERIFY(!model.headerData(c, Qt::Horizontal).toString().isEmpty());
    }

    void refreshUpdatesInPlace()
    {
        BrokersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({1, 2, 3}, 1));
        const QPersistentModelIndex selected = model.index(2, BrokersModel::IdColumn);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removes(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setMetadata(cluster({1, 2, 3}, 1));
        QCOMPARE(changes.count(), 0);
        model.setMetadata(cluster({1, 2, 3}, 3));
        QCOMPARE(resets.count(), 0);
        QCOMPARE(inserts.count(), 0);
        QCOMPARE(removes.count(), 0);
        QCOMPARE(changes.count(), 2); // the old and the new answering broker
        QVERIFY(selected.isValid());
        QCOMPARE(selected.data().toInt(), 3);
    }

    void brokersComeAndGo()
    {
        BrokersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMetadata(cluster({1, 2, 3}, 1));
        const QPersistentModelIndex three = model.index(2, 0);
        model.setMetadata(cluster({0, 3, 4}, 3));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data().toInt(), 0);
        QCOMPARE(model.index(1, 0).data().toInt(), 3);
        QCOMPARE(model.index(2, 0).data().toInt(), 4);
        QVERIFY(three.isValid());
        QCOMPARE(three.row(), 1);
        model.setMetadata(cluster({}, -1));
        QCOMPARE(model.rowCount(), 0);
        model.setMetadata(cluster({7}, 7));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }
};

QTEST_MAIN(TestBrokersModel)
#include "tst_brokersmodel.moc"
