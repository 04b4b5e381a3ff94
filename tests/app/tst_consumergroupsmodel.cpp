#include "ModelTestSupport.h"
#include "models/ConsumerGroupsModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using testsupport::announced;

namespace {

kafka::PartitionLag partitionLag(const QString &topic, int partition, qint64 committed, qint64 high)
{
    kafka::PartitionLag l;
    l.topic = topic;
    l.partition = partition;
    l.committed = committed;
    l.low = 0;
    l.high = high;
    l.lag = committed >= 0 ? high - committed : high;
    return l;
}

QString cell(const ConsumerGroupsModel &model, const QString &group, int column)
{
    return model.groupIndex(group, column).data().toString();
}

} // namespace

class TestConsumerGroupsModel : public QObject
{
    Q_OBJECT

private slots:
    void catalogGroupsAreListedBeforeAnyReading()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCatalogGroups({{QStringLiteral("b-cg"), {QStringLiteral("t1")}, {}},
                                {QStringLiteral("a-cg"), {QStringLiteral("t1"), QStringLiteral("t2")}, {}}});
        QCOMPARE(model.groupIds(), (QStringList{QStringLiteral("a-cg"), QStringLiteral("b-cg")}));
        QCOMPARE(model.topicsOf(QStringLiteral("a-cg")), (QStringList{QStringLiteral("t1"), QStringLiteral("t2")}));
        QVERIFY(model.isCatalogGroup(QStringLiteral("a-cg")));
        QCOMPARE(model.totalLag(QStringLiteral("a-cg")), qint64(-1));
        QCOMPARE(cell(model, QStringLiteral("a-cg"), ConsumerGroupsModel::StatusColumn), QString());
    }

    void brokerGroupsAddStateMembersAndAssignedTopics()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCatalogGroups({{QStringLiteral("a-cg"), {QStringLiteral("t1")}, {}}});
        kafka::GroupInfo other;
        other.groupId = QStringLiteral("other");
        other.state = QStringLiteral("Stable");
        kafka::GroupMemberInfo member;
        member.memberId = QStringLiteral("m1");
        member.assignment = {{QStringLiteral("x"), 0, kafka::OffsetInvalid},
                             {QStringLiteral("y"), 1, kafka::OffsetInvalid}};
        other.members = {member};
        model.updateGroups({other});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.isCatalogGroup(QStringLiteral("other")));
        QCOMPARE(cell(model, QStringLiteral("other"), ConsumerGroupsModel::StateColumn), QStringLiteral("Stable"));
        QCOMPARE(cell(model, QStringLiteral("other"), ConsumerGroupsModel::MembersColumn), QStringLiteral("1"));
        QCOMPARE(model.topicsOf(QStringLiteral("other")), (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    }

    void groupListingsAnnounceOnlyAChangedStateOrMemberCount()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCatalogGroups({{QStringLiteral("a-cg"), {QStringLiteral("t1")}, {}},
                                {QStringLiteral("b-cg"), {QStringLiteral("t1")}, {}}});
        QSortFilterProxyModel proxy; // as the groups view: sorted by name
        proxy.setSourceModel(&model);
        proxy.setSortRole(ConsumerGroupsModel::SortRole);
        proxy.sort(ConsumerGroupsModel::NameColumn);
        kafka::GroupInfo a;
        a.groupId = QStringLiteral("a-cg");
        a.state = QStringLiteral("Empty");
        kafka::GroupInfo b = a;
        b.groupId = QStringLiteral("b-cg");
        model.updateGroups({a, b});
        QCOMPARE(cell(model, QStringLiteral("a-cg"), ConsumerGroupsModel::StateColumn),
                 ConsumerGroupsModel::tr("Empty"));

        // Listed and described again on every refresh, mostly the same: nothing to announce, and the
        // name-sorted view does not sort (and lay out its thousand rows) again.
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy layoutChanged(&proxy, &QAbstractItemModel::layoutChanged);
        model.updateGroups({a, b});
        QCOMPARE(changes.count(), 0);
        QCOMPARE(layoutChanged.count(), 0);

        // b-cg gets a member: its state and member count change, its name does not.
        kafka::GroupMemberInfo member;
        member.memberId = QStringLiteral("m1");
        b.state = QStringLiteral("Stable");
        b.members = {member};
        model.updateGroups({a, b});
        QVERIFY(announced(changes, model.groupIndex(QStringLiteral("b-cg"), ConsumerGroupsModel::StateColumn)));
        QVERIFY(announced(changes, model.groupIndex(QStringLiteral("b-cg"), ConsumerGroupsModel::MembersColumn)));
        QVERIFY(!announced(changes, model.groupIndex(QStringLiteral("b-cg"), ConsumerGroupsModel::NameColumn)));
        QVERIFY(!announced(changes, model.groupIndex(QStringLiteral("a-cg"), ConsumerGroupsModel::StateColumn)));
        QCOMPARE(layoutChanged.count(), 0);
        QCOMPARE(cell(model, QStringLiteral("b-cg"), ConsumerGroupsModel::MembersColumn), QStringLiteral("1"));
        QCOMPARE(model.memberCount(QStringLiteral("b-cg")), 1);
    }

    void lagReadingsBuildPartitionsStatusAndHistory()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEvaluator(GroupStatusEvaluator(60000));
        const QString g = QStringLiteral("g");
        model.updateLag({g, {partitionLag(QStringLiteral("t"), 1, 5, 9), partitionLag(QStringLiteral("t"), 0, 2, 2)}},
                        {}, 1000);
        const QModelIndex group = model.groupIndex(g);
        QCOMPARE(model.rowCount(group), 2);
        // Partitions in order, with committed, end and lag.
        QCOMPARE(model.index(0, ConsumerGroupsModel::NameColumn, group).data().toString(), QStringLiteral("t [0]"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::CommittedColumn, group).data().toString(), QStringLiteral("5"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::EndOffsetColumn, group).data().toString(), QStringLiteral("9"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagColumn, group).data().toString(), QStringLiteral("4"));
        QCOMPARE(model.totalLag(g), qint64(4));

        // Offsets standing with lag: STALL with the partition in the reason.
        model.updateLag({g, {partitionLag(QStringLiteral("t"), 0, 2, 2), partitionLag(QStringLiteral("t"), 1, 5, 9)}},
                        {}, 11000);
        QCOMPARE(model.status(g).status, GroupStatus::Stall);
        QCOMPARE(cell(model, g, ConsumerGroupsModel::StatusColumn), QStringLiteral("STALL"));
        QVERIFY(cell(model, g, ConsumerGroupsModel::ReasonColumn).contains(QLatin1String("t [1]")));
        // Each partition shows its own judgement.
        QCOMPARE(model.index(0, ConsumerGroupsModel::StatusColumn, group).data().toString(), QStringLiteral("OK"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::StatusColumn, group).data().toString(), QStringLiteral("STALL"));
        QVERIFY(model.index(1, ConsumerGroupsModel::ReasonColumn, group)
                    .data()
                    .toString()
                    .contains(QLatin1String("stays at 5")));

        // A new partition changes the shape; the reading still lands, lag caught up -> OK.
        model.updateLag({g,
                         {partitionLag(QStringLiteral("t"), 0, 2, 2), partitionLag(QStringLiteral("t"), 1, 9, 9),
                          partitionLag(QStringLiteral("u"), 0, 3, 3)}},
                        {}, 21000);
        QCOMPARE(model.rowCount(group), 3);
        QCOMPARE(model.status(g).status, GroupStatus::Ok);
        QCOMPARE(model.totalLag(g), qint64(0));
        const auto history = model.lagHistory(g);
        QCOMPARE(history.size(), 3);
        QCOMPARE(history.first().totalLag, qint64(4));
        QCOMPARE(history.last().timeMs, qint64(21000));

        // A failed reading: ERR with the reason, partitions stay.
        model.updateLag({g, {}}, kafka::KafkaError(kafka::KafkaError::TimedOut, QStringLiteral("no answer")), 31000);
        QCOMPARE(model.status(g).status, GroupStatus::Err);
        QVERIFY(cell(model, g, ConsumerGroupsModel::ReasonColumn).contains(QLatin1String("no answer")));
        QCOMPARE(model.rowCount(group), 3);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void stalledPartitionsReadStalledWithTheMissingRange()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString g = QStringLiteral("audit-log-cg");
        const QString t = QStringLiteral("todo.tasks.events");
        model.updateLag({g, {partitionLag(t, 0, 0, 33), partitionLag(t, 1, 4, 4)}}, {}, 1000);
        const QModelIndex group = model.groupIndex(g);
        const QModelIndex p0 = model.index(0, ConsumerGroupsModel::StatusColumn, group);
        QCOMPARE(p0.data(ConsumerGroupsModel::TopicRole).toString(), t);
        QCOMPARE(p0.data(ConsumerGroupsModel::PartitionRole).toInt(), 0);
        QVERIFY(!p0.data(ConsumerGroupsModel::StalledRole).toBool());

        // The daemon's info answer, as GET /api/v1/info gives it.
        const QJsonObject info{
            {QStringLiteral("stalled_partitions"), QJsonArray{QJsonObject{{QStringLiteral("group"), g},
                                                                          {QStringLiteral("topic"), t},
                                                                          {QStringLiteral("partition"), 0},
                                                                          {QStringLiteral("missing_from"), 0},
                                                                          {QStringLiteral("missing_to"), 6}}}}};
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setStalledPartitions(ConsumerGroupsModel::stalledFromInfo(info));
        QVERIFY(!changed.isEmpty());
        QCOMPARE(p0.data().toString(), QStringLiteral("STALLED"));
        QVERIFY(p0.data(ConsumerGroupsModel::StalledRole).toBool());
        const QString reason = model.index(0, ConsumerGroupsModel::ReasonColumn, group).data().toString();
        QVERIFY2(reason.contains(QLatin1String("0 to 5")) && reason.contains(QLatin1String("from 6")),
                 qPrintable(reason));
        // The other partition is not stalled; the group row says one is.
        QVERIFY(model.index(1, ConsumerGroupsModel::StatusColumn, group).data().toString() != QLatin1String("STALLED"));
        QCOMPARE(cell(model, g, ConsumerGroupsModel::StatusColumn), QStringLiteral("STALLED"));
        QVERIFY(model.groupIndex(g).data(ConsumerGroupsModel::StalledRole).toBool());
        QVERIFY(model.stalled(g, t, 0).has_value());
        QVERIFY(!model.stalled(g, t, 1).has_value());

        // Acknowledged: the next answer lists none.
        model.setStalledPartitions(
            ConsumerGroupsModel::stalledFromInfo(QJsonObject{{QStringLiteral("stalled_partitions"), QJsonArray{}}}));
        QVERIFY(p0.data().toString() != QLatin1String("STALLED"));
        QVERIFY(!model.stalled(g, t, 0).has_value());
    }

    void historyIsBounded()
    {
        ConsumerGroupsModel model;
        model.setHistorySize(5);
        for (int i = 0; i < 12; ++i)
            model.updateLag({QStringLiteral("g"), {partitionLag(QStringLiteral("t"), 0, i, 20)}}, {}, i * 1000);
        QCOMPARE(model.lagHistory(QStringLiteral("g")).size(), 5);
        QCOMPARE(model.lagHistory(QStringLiteral("g")).last().totalLag, qint64(9));
    }

    void ageIsFormattedForPeople_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("under a second") << qint64(400) << QStringLiteral("< 1 s");
        QTest::newRow("seconds") << qint64(3400) << QStringLiteral("3 s");
        QTest::newRow("minutes") << qint64(4 * 60000 + 59000) << QStringLiteral("4 min");
        QTest::newRow("whole hours") << qint64(2 * 3600000) << QStringLiteral("2 h");
        QTest::newRow("hours and minutes") << qint64(2 * 3600000 + 5 * 60000 + 10000) << QStringLiteral("2 h 5 min");
        QTest::newRow("days and hours") << qint64(3 * 86400000LL + 4 * 3600000) << QStringLiteral("3 d 4 h");
    }

    void ageIsFormattedForPeople()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(ConsumerGroupsModel::formatAge(ms), text);
    }

    void readingsAnnounceWhatChangedAndKeepTheOrder()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString g = QStringLiteral("g");
        const QString t = QStringLiteral("t");
        model.updateLag({g, {partitionLag(t, 0, 1, 5), partitionLag(t, 1, 2, 5)}}, {}, 1000);
        QSortFilterProxyModel proxy; // as the groups view: sorted by name
        proxy.setSourceModel(&model);
        proxy.setSortRole(ConsumerGroupsModel::SortRole);
        proxy.sort(ConsumerGroupsModel::NameColumn);
        QSignalSpy layoutChanged(&proxy, &QAbstractItemModel::layoutChanged);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        const QModelIndex group = model.groupIndex(g);

        // A new reading: the figures and status of every partition and the group's total.
        model.updateLag({g, {partitionLag(t, 0, 3, 8), partitionLag(t, 1, 2, 8)}}, {}, 2000);
        QVERIFY(announced(changes, model.index(0, ConsumerGroupsModel::CommittedColumn, group)));
        QVERIFY(announced(changes, model.index(1, ConsumerGroupsModel::LagColumn, group)));
        QVERIFY(announced(changes, model.index(1, ConsumerGroupsModel::StatusColumn, group)));
        QVERIFY(announced(changes, model.groupIndex(g, ConsumerGroupsModel::LagColumn)));
        QVERIFY(announced(changes, model.groupIndex(g, ConsumerGroupsModel::ReasonColumn)));
        QVERIFY(!announced(changes, model.index(0, ConsumerGroupsModel::NameColumn, group)));
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagColumn, group).data().toString(), QLocale().toString(6));
        QCOMPARE(layoutChanged.count(), 0); // partitions sorted by name stay where they are

        // A partition that could not be read turns red: its whole row changes.
        changes.clear();
        kafka::PartitionLag failed = partitionLag(t, 1, 2, 8);
        failed.lag = -1;
        failed.error = kafka::KafkaError(kafka::KafkaError::TimedOut, QStringLiteral("timed out"));
        model.updateLag({g, {partitionLag(t, 0, 3, 8), failed}}, {}, 3000);
        QVERIFY(announced(changes, model.index(1, ConsumerGroupsModel::NameColumn, group)));
        QVERIFY(model.index(1, ConsumerGroupsModel::NameColumn, group).data(Qt::ForegroundRole).isValid());

        // Record times: the lag-time cells of the partitions read and of the group.
        changes.clear();
        const qint64 now = 10'000'000;
        model.updateRecordAges(g, {{t, 0, 3, now - 65000, {}}}, now);
        QVERIFY(announced(changes, model.index(0, ConsumerGroupsModel::LagTimeColumn, group)));
        QVERIFY(announced(changes, model.groupIndex(g, ConsumerGroupsModel::LagTimeColumn)));
        QCOMPARE(model.index(0, ConsumerGroupsModel::LagTimeColumn, group).data().toString(), QStringLiteral("1 min"));
    }

    void consumeRateFromTwoLagReadings()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString g = QStringLiteral("g");
        const QString t = QStringLiteral("t");
        model.updateLag({g, {partitionLag(t, 0, 100, 200), partitionLag(t, 1, -1, 50)}}, {}, 10'000);
        const QModelIndex gi = model.groupIndex(g);
        QCOMPARE(cell(model, g, ConsumerGroupsModel::RateColumn), QStringLiteral("—"));
        QCOMPARE(model.consumeRate(g), -1.0);

        // 5 s later partition 0 committed 50 more (10/s); partition 1 still has no commit.
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.updateLag({g, {partitionLag(t, 0, 150, 260), partitionLag(t, 1, -1, 60)}}, {}, 15'000);
        QVERIFY(announced(changes, model.groupIndex(g, ConsumerGroupsModel::RateColumn)));
        QVERIFY(announced(changes, model.index(0, ConsumerGroupsModel::RateColumn, gi)));
        QCOMPARE(model.index(0, ConsumerGroupsModel::RateColumn, gi).data(ConsumerGroupsModel::SortRole).toDouble(),
                 10.0);
        QCOMPARE(model.index(1, ConsumerGroupsModel::RateColumn, gi).data().toString(), QStringLiteral("—"));
        QCOMPARE(model.consumeRate(g), 10.0);
        QCOMPARE(cell(model, g, ConsumerGroupsModel::RateColumn),
                 ConsumerGroupsModel::tr("%1/s").arg(QLocale().toString(10.0, 'f', 1)));

        // Partition 1 commits for the first time (nothing to measure from), partition 0 stands still.
        model.updateLag({g, {partitionLag(t, 0, 150, 260), partitionLag(t, 1, 8, 60)}}, {}, 17'000);
        QCOMPARE(model.consumeRate(g), 0.0);
        // Then 8 more on partition 1 in 2 s: 4/s in all.
        model.updateLag({g, {partitionLag(t, 0, 150, 260), partitionLag(t, 1, 16, 60)}}, {}, 19'000);
        QCOMPARE(model.consumeRate(g), 4.0);
    }

    void lagInTimePerPartitionAndTheGroupsLargest()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QString g = QStringLiteral("g");
        const QString t = QStringLiteral("t");
        kafka::PartitionLag trimmed = partitionLag(t, 2, 1, 10); // committed 1, the partition keeps 4..10
        trimmed.low = 4;
        trimmed.lag = 6;
        model.updateLag(
            {g, {partitionLag(t, 0, 5, 5), partitionLag(t, 1, 3, 9), trimmed, partitionLag(t, 3, -1001, 7)}}, {}, 1000);
        const QModelIndex group = model.groupIndex(g);
        // Only lagging partitions are read: at the commit, or at the low watermark when the commit is
        // older than what the partition keeps or there is none.
        const kafka::TopicPartitionList where = model.oldestUnconsumed(g);
        QCOMPARE(where.size(), 3);
        QCOMPARE(where.at(0).offset, qint64(3));
        QCOMPARE(where.at(1).offset, qint64(4));
        QCOMPARE(where.at(2).offset, qint64(0));

        // No lag: a dash, whatever was read.
        QCOMPARE(model.index(0, ConsumerGroupsModel::LagTimeColumn, group).data().toString(), QStringLiteral("\u2014"));
        // Lagging, not read yet: nothing, and the group's largest is unknown.
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagTimeColumn, group).data().toString(), QString());
        QCOMPARE(model.lagAge(g), qint64(-1));

        const qint64 now = 10'000'000;
        model.updateRecordAges(g,
                               {{t, 1, 3, now - 65000, {}},
                                {t, 2, 4, now - (2 * 3600000 + 5 * 60000), {}},
                                {t, 3, 0, -1, QStringLiteral("no record arrived within 5000 ms")}},
                               now);
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagTimeColumn, group).data().toString(), QStringLiteral("1 min"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagTimeColumn, group)
                     .data(ConsumerGroupsModel::LagAgeRole)
                     .toLongLong(),
                 qint64(65000));
        QCOMPARE(model.index(2, ConsumerGroupsModel::LagTimeColumn, group).data().toString(),
                 QStringLiteral("2 h 5 min"));
        // A failed reading says why in the tooltip.
        QVERIFY(model.index(3, ConsumerGroupsModel::LagTimeColumn, group)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("no record arrived")));
        QVERIFY(model.groupIndex(g, ConsumerGroupsModel::LagTimeColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("t [3]")));
        QCOMPARE(model.lagAge(g), qint64(-1)); // t [3] is lagging with an unknown age

        model.updateRecordAges(g, {{t, 3, 0, now - 1000, {}}}, now);
        QCOMPARE(model.lagAge(g), qint64(2 * 3600000 + 5 * 60000));
        QCOMPARE(model.groupIndex(g, ConsumerGroupsModel::LagTimeColumn).data().toString(),
                 QStringLiteral("2 h 5 min"));

        // The next lag reading keeps the ages; a caught-up group shows a dash.
        model.updateLag({g,
                         {partitionLag(t, 0, 5, 5), partitionLag(t, 1, 9, 9), partitionLag(t, 2, 10, 10),
                          partitionLag(t, 3, 7, 7)}},
                        {}, 2000);
        QCOMPARE(model.lagAge(g), qint64(0));
        QCOMPARE(model.groupIndex(g, ConsumerGroupsModel::LagTimeColumn).data().toString(), QStringLiteral("\u2014"));
        QVERIFY(model.oldestUnconsumed(g).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestConsumerGroupsModel)
#include "tst_consumergroupsmodel.moc"
