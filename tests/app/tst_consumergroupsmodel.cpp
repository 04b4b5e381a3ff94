#include "models/ConsumerGroupsModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

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
        QCOMPARE(model.topicsOf(QStringLiteral("a-cg")),
                 (QStringList{QStringLiteral("t1"), QStringLiteral("t2")}));
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
        QCOMPARE(cell(model, QStringLiteral("other"), ConsumerGroupsModel::StateColumn),
                 QStringLiteral("Stable"));
        QCOMPARE(cell(model, QStringLiteral("other"), ConsumerGroupsModel::MembersColumn),
                 QStringLiteral("1"));
        QCOMPARE(model.topicsOf(QStringLiteral("other")),
                 (QStringList{QStringLiteral("x"), QStringLiteral("y")}));
    }

    void lagReadingsBuildPartitionsStatusAndHistory()
    {
        ConsumerGroupsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEvaluator(GroupStatusEvaluator(60000));
        const QString g = QStringLiteral("g");
        model.updateLag(
            {g, {partitionLag(QStringLiteral("t"), 1, 5, 9), partitionLag(QStringLiteral("t"), 0, 2, 2)}}, {},
            1000);
        const QModelIndex group = model.groupIndex(g);
        QCOMPARE(model.rowCount(group), 2);
        // Partitions in order, with committed, end and lag.
        QCOMPARE(model.index(0, ConsumerGroupsModel::NameColumn, group).data().toString(),
                 QStringLiteral("t [0]"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::CommittedColumn, group).data().toString(),
                 QStringLiteral("5"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::EndOffsetColumn, group).data().toString(),
                 QStringLiteral("9"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::LagColumn, group).data().toString(),
                 QStringLiteral("4"));
        QCOMPARE(model.totalLag(g), qint64(4));

        // Offsets standing with lag: STALL with the partition in the reason.
        model.updateLag(
            {g, {partitionLag(QStringLiteral("t"), 0, 2, 2), partitionLag(QStringLiteral("t"), 1, 5, 9)}}, {},
            11000);
        QCOMPARE(model.status(g).status, GroupStatus::Stall);
        QCOMPARE(cell(model, g, ConsumerGroupsModel::StatusColumn), QStringLiteral("STALL"));
        QVERIFY(cell(model, g, ConsumerGroupsModel::ReasonColumn).contains(QLatin1String("t [1]")));
        // Each partition shows its own judgement.
        QCOMPARE(model.index(0, ConsumerGroupsModel::StatusColumn, group).data().toString(),
                 QStringLiteral("OK"));
        QCOMPARE(model.index(1, ConsumerGroupsModel::StatusColumn, group).data().toString(),
                 QStringLiteral("STALL"));
        QVERIFY(model.index(1, ConsumerGroupsModel::ReasonColumn, group)
                    .data()
                    .toString()
                    .contains(QLatin1String("stays at 5")));

        // A new partition changes the shape; the reading still lands, lag caught up -> OK.
        model.updateLag(
            {g,
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
        model.updateLag({g, {}}, kafka::KafkaError(kafka::KafkaError::TimedOut, QStringLiteral("no answer")),
                        31000);
        QCOMPARE(model.status(g).status, GroupStatus::Err);
        QVERIFY(cell(model, g, ConsumerGroupsModel::ReasonColumn).contains(QLatin1String("no answer")));
        QCOMPARE(model.rowCount(group), 3);

        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void historyIsBounded()
    {
        ConsumerGroupsModel model;
        model.setHistorySize(5);
        for (int i = 0; i < 12; ++i)
            model.updateLag({QStringLiteral("g"), {partitionLag(QStringLiteral("t"), 0, i, 20)}}, {},
                            i * 1000);
        QCOMPARE(model.lagHistory(QStringLiteral("g")).size(), 5);
        QCOMPARE(model.lagHistory(QStringLiteral("g")).last().totalLag, qint64(9));
    }
};

QTEST_GUILESS_MAIN(TestConsumerGroupsModel)
#include "tst_consumergroupsmodel.moc"
