#include "models/GroupStatusEvaluator.h"

#include <QTest>

using namespace taskstream::console;

Q_DECLARE_METATYPE(taskstream::console::GroupStatus)
Q_DECLARE_METATYPE(taskstream::console::PartitionWindow)

namespace {

/// A window of one partition from (committed, lag) pairs, one sample every 10 s ending at 100 s.
PartitionWindow window(const QList<QPair<qint64, qint64>> &committedAndLag, const QString &topic = QStringLiteral("t"))
{
    PartitionWindow w{topic, 0, {}};
    qint64 t = 100000 - 10000 * (committedAndLag.size() - 1);
    for (const auto &[committed, lag] : committedAndLag) {
        w.samples.append({t, committed, committed >= 0 ? committed + lag : lag, lag});
        t += 10000;
    }
    return w;
}

constexpr qint64 kNow = 100000;

} // namespace

class TestGroupStatusEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void statusFromWindow_data()
    {
        QTest::addColumn<QList<PartitionWindow>>("partitions");
        QTest::addColumn<bool>("groupEmpty");
        QTest::addColumn<QString>("fetchError");
        QTest::addColumn<GroupStatus>("expected");
        QTest::addColumn<QString>("reasonContains");

        QTest::newRow("ok: lag zero, offsets standing")
            << QList<PartitionWindow>{window({{5, 0}, {5, 0}, {5, 0}})} << false << QString() << GroupStatus::Ok
            << QStringLiteral("no lag");
        QTest::newRow("ok: advancing, lag shrinking")
            << QList<PartitionWindow>{window({{5, 10}, {9, 8}, {15, 3}})} << false << QString() << GroupStatus::Ok
            << QStringLiteral("committing");
        QTest::newRow("ok: advancing, lag up and down")
            << QList<PartitionWindow>{window({{5, 3}, {9, 6}, {15, 4}})} << false << QString() << GroupStatus::Ok
            << QStringLiteral("committing");
        QTest::newRow("warn: advancing, lag growing in every sample")
            << QList<PartitionWindow>{window({{5, 3}, {9, 6}, {15, 9}})} << false << QString() << GroupStatus::Warn
            << QStringLiteral("lag grew from 3 to 9");
        QTest::newRow("stall: offsets standing with lag")
            << QList<PartitionWindow>{window({{5, 2}, {5, 4}, {5, 4}})} << false << QString() << GroupStatus::Stall
            << QStringLiteral("stays at 5");
        QTest::newRow("stop: offsets standing for longer than the limit")
            << QList<PartitionWindow>{window({{5, 2}, {5, 2}, {5, 2}, {5, 2}, {5, 2}, {5, 2}, {5, 2}})} << false
            << QString() << GroupStatus::Stop << QStringLiteral("no commit for 60 s");
        QTest::newRow("stop: nothing committed") << QList<PartitionWindow>{window({{-1, 7}})} << false << QString()
                                                 << GroupStatus::Stop << QStringLiteral("nothing committed");
        QTest::newRow("stop: empty group with lag") << QList<PartitionWindow>{window({{5, 1}, {6, 1}})} << true
                                                    << QString() << GroupStatus::Stop << QStringLiteral("no members");
        QTest::newRow("ok: empty group without lag") << QList<PartitionWindow>{window({{5, 0}})} << true << QString()
                                                     << GroupStatus::Ok << QStringLiteral("no lag");
        QTest::newRow("err: fetch failed")
            << QList<PartitionWindow>{window({{5, 0}})} << false << QStringLiteral("Local: Timed out")
            << GroupStatus::Err << QStringLiteral("Timed out");
        QTest::newRow("worst partition wins, others counted")
            << QList<PartitionWindow>{window({{5, 0}, {5, 0}}, QStringLiteral("a")),
                                      window({{5, 2}, {5, 2}}, QStringLiteral("b")),
                                      window({{7, 2}, {7, 2}}, QStringLiteral("c"))}
            << false << QString() << GroupStatus::Stall
            << QStringLiteral("b [0]: lag 2 while the committed offset stays at 5 (and 1 more");
        QTest::newRow("one sample with lag: not judged yet")
            << QList<PartitionWindow>{window({{5, 2}})} << false << QString() << GroupStatus::Ok
            << QStringLiteral("waiting for more samples");
    }

    void statusFromWindow()
    {
        QFETCH(QList<PartitionWindow>, partitions);
        QFETCH(bool, groupEmpty);
        QFETCH(QString, fetchError);
        QFETCH(GroupStatus, expected);
        QFETCH(QString, reasonContains);

        const GroupStatusEvaluator evaluator(60000);
        const GroupStatusResult r = evaluator.evaluate(partitions, kNow, fetchError, groupEmpty);
        QVERIFY2(r.reason.contains(reasonContains), qPrintable(r.reason));
        QCOMPARE(GroupStatusEvaluator::statusName(r.status), GroupStatusEvaluator::statusName(expected));
    }

    void singlePartitionReasonNamesIt()
    {
        const GroupStatusEvaluator evaluator(60000);
        const GroupStatusResult r =
            evaluator.evaluatePartition(window({{-1, 7}}, QStringLiteral("todo.tasks.events")), kNow, false);
        QCOMPARE(r.status, GroupStatus::Stop);
        QVERIFY2(r.reason.startsWith(QLatin1String("todo.tasks.events [0]")), qPrintable(r.reason));
    }
};

QTEST_GUILESS_MAIN(TestGroupStatusEvaluator)
#include "tst_groupstatusevaluator.moc"
