#include "models/OffsetResetPlanModel.h"

#include <QAbstractItemModelTester>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using Row = OffsetResetPlanModel::Row;

namespace {

kafka::PartitionLag partitionLag(const QString &topic, int partition, qint64 committed, qint64 low, qint64 high)
{
    kafka::PartitionLag l;
    l.topic = topic;
    l.partition = partition;
    l.committed = committed;
    l.low = low;
    l.high = high;
    l.lag = high - (committed >= 0 ? committed : low);
    return l;
}

const QList<kafka::PartitionLag> kLags{partitionLag(QStringLiteral("a"), 0, 10, 0, 30),
                                       partitionLag(QStringLiteral("a"), 1, -1001, 4, 12),
                                       partitionLag(QStringLiteral("b"), 0, 7, 2, 7)};

} // namespace

class TestOffsetResetPlanModel : public QObject
{
    Q_OBJECT

private slots:
    void earliestAndLatestUseTheWatermarks()
    {
        OffsetResetPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRows(OffsetResetPlanModel::plan(kLags, {}, ResetTarget::Earliest));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.offsetsToCommit(),
                 (kafka::TopicPartitionList{
                     {QStringLiteral("a"), 0, 0}, {QStringLiteral("a"), 1, 4}, {QStringLiteral("b"), 0, 2}}));
        // Partition, committed, new offset and how the lag changes.
        QCOMPARE(model.index(0, OffsetResetPlanModel::PartitionColumn).data().toString(), QStringLiteral("a [0]"));
        QCOMPARE(model.index(0, OffsetResetPlanModel::CommittedColumn).data().toString(), QStringLiteral("10"));
        QCOMPARE(model.index(1, OffsetResetPlanModel::CommittedColumn).data().toString(), QStringLiteral("none"));
        QCOMPARE(model.index(0, OffsetResetPlanModel::NewOffsetColumn).data().toString(), QStringLiteral("0"));
        QCOMPARE(model.index(0, OffsetResetPlanModel::LagChangeColumn).data().toString(), QStringLiteral("20 → 30"));
        QCOMPARE(
            model.index(0, OffsetResetPlanModel::LagChangeColumn).data(OffsetResetPlanModel::SortRole).toLongLong(),
            qint64(10));

        model.setRows(OffsetResetPlanModel::plan(kLags, QStringLiteral("a"), ResetTarget::Latest));
        QCOMPARE(model.offsetsToCommit(),
                 (kafka::TopicPartitionList{{QStringLiteral("a"), 0, 30}, {QStringLiteral("a"), 1, 12}}));
        QCOMPARE(model.index(1, OffsetResetPlanModel::LagChangeColumn).data().toString(), QStringLiteral("8 → 0"));
    }

    void anOffsetAppliesToOnePartitionAndIsClamped()
    {
        QList<Row> rows = OffsetResetPlanModel::plan(kLags, QStringLiteral("a"), ResetTarget::Offset, 15, 1);
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().partition, 1);
        QCOMPARE(rows.first().newOffset, qint64(12));
        QVERIFY(!rows.first().note.isEmpty());
        rows = OffsetResetPlanModel::plan(kLags, QStringLiteral("a"), ResetTarget::Offset, 5, 0);
        QCOMPARE(rows.first().newOffset, qint64(5));
        QVERIFY(rows.first().note.isEmpty());
    }

    void aTimeIsResolvedByTheBrokersAnswer()
    {
        OffsetResetPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QList<Row> rows = OffsetResetPlanModel::plan(kLags, QStringLiteral("a"), ResetTarget::Timestamp, 1000);
        model.setRows(rows);
        QVERIFY(model.offsetsToCommit().isEmpty()); // nothing to commit before the answer
        // An offset, and "the end" (no record at or after that time: what the embedded broker
        // answers to every lookup by time).
        OffsetResetPlanModel::applyOffsetsForTimes(
            rows, {{QStringLiteral("a"), 0, 17}, {QStringLiteral("a"), 1, kafka::OffsetEnd}}, {});
        model.setRows(rows);
        QCOMPARE(model.offsetsToCommit(),
                 (kafka::TopicPartitionList{{QStringLiteral("a"), 0, 17}, {QStringLiteral("a"), 1, 12}}));
        QVERIFY(!model.index(1, OffsetResetPlanModel::NoteColumn).data().toString().isEmpty());

        // A failed lookup commits nothing and says why.
        OffsetResetPlanModel::applyOffsetsForTimes(
            rows, {}, kafka::KafkaError(kafka::KafkaError::TimedOut, QStringLiteral("no answer")));
        model.setRows(rows);
        QVERIFY(model.offsetsToCommit().isEmpty());
        QVERIFY(
            model.index(0, OffsetResetPlanModel::NoteColumn).data().toString().contains(QLatin1String("no answer")));
    }

    void skippedUnreadRecordsAreCounted()
    {
        OffsetResetPlanModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Back to the earliest: nothing skipped.
        model.setRows(OffsetResetPlanModel::plan(kLags, {}, ResetTarget::Earliest));
        int partitions = -1;
        QCOMPARE(model.skippedUnread(&partitions), qint64(0));
        QCOMPARE(partitions, 0);
        QVERIFY(!model.index(0, OffsetResetPlanModel::LagChangeColumn).data(Qt::ForegroundRole).isValid());
        // To the latest: a/0 skips 30 - 10, a/1 (nothing committed) 12 - 4, b/0 nothing.
        model.setRows(OffsetResetPlanModel::plan(kLags, {}, ResetTarget::Latest));
        QCOMPARE(model.skippedUnread(&partitions), qint64(28));
        QCOMPARE(partitions, 2);
        QCOMPARE(OffsetResetPlanModel::skippedUnread(model.rows().at(2)), qint64(0));
        QVERIFY(model.index(0, OffsetResetPlanModel::LagChangeColumn).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(0, OffsetResetPlanModel::LagChangeColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("20")));
        // A time answered with "the end" skips the same.
        QList<Row> rows = OffsetResetPlanModel::plan(kLags, QStringLiteral("a"), ResetTarget::Timestamp, 1);
        OffsetResetPlanModel::applyOffsetsForTimes(
            rows, {{QStringLiteral("a"), 0, kafka::OffsetEnd}, {QStringLiteral("a"), 1, kafka::OffsetEnd}}, {});
        model.setRows(rows);
        QCOMPARE(model.skippedUnread(), qint64(28));
        // Committed below the log start: the records gone are not counted as skipped.
        Row gone;
        gone.committed = 2;
        gone.low = 5;
        gone.high = 9;
        gone.newOffset = 9;
        QCOMPARE(OffsetResetPlanModel::skippedUnread(gone), qint64(4));
    }
};

QTEST_GUILESS_MAIN(TestOffsetResetPlanModel)
#include "tst_offsetresetplanmodel.moc"
