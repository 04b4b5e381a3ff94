// The Reminders tab's model and its "why didn't this fire?" text: rows from the admin listing's
// JSON, the cells an operator reads (status, lateness, partition, owner, task), and the explanation
// for each case: fired late, dismissed with its task completed, not due yet, and pending past its
// time with no partition, a stalled partition, the connected daemon owning it, nobody owning it.
#include "models/RemindersModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream::console;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

QJsonObject reminder(const QString &status, qint64 minutesFromNow, const QJsonValue &partition,
                     const QJsonValue &lateness, const QString &taskStatus)
{
    const QDateTime at = kNow.addSecs(minutesFromNow * 60);
    QJsonObject r{{QStringLiteral("id"), QStringLiteral("r-%1-%2").arg(status).arg(minutesFromNow)},
                  {QStringLiteral("task_id"), QStringLiteral("t1")},
                  {QStringLiteral("user_id"), QStringLiteral("u1")},
                  {QStringLiteral("title"), QStringLiteral("Water the plants")},
                  {QStringLiteral("status"), status},
                  {QStringLiteral("remind_at"), at.toString(Qt::ISODateWithMs)},
                  {QStringLiteral("late"), status == QLatin1String("fired") && lateness.toDouble() > 60},
                  {QStringLiteral("partition"), partition},
                  {QStringLiteral("lateness_seconds"), lateness},
                  {QStringLiteral("overdue"), status == QLatin1String("pending") && minutesFromNow < 0},
                  {QStringLiteral("task"), QJsonObject{{QStringLiteral("status"), taskStatus}}}};
    if (status == QLatin1String("fired"))
        r.insert(QStringLiteral("fired_at"),
                 at.addMSecs(qint64(lateness.toDouble() * 1000)).toString(Qt::ISODateWithMs));
    if (status == QLatin1String("dismissed"))
        r.insert(QStringLiteral("dismissed_at"), at.addSecs(-60).toString(Qt::ISODateWithMs));
    return r;
}

TriggerState daemonOwning(const QList<int> &partitions, const QJsonArray &stalled = {})
{
    QJsonArray owned;
    for (int p : partitions)
        owned.append(p);
    return TriggerState::fromJson(QJsonObject{{QStringLiteral("runs_here"), true},
                                              {QStringLiteral("topic"), QStringLiteral("todo.reminders.events")},
                                              {QStringLiteral("owned_partitions"), owned},
                                              {QStringLiteral("stalled_partitions"), stalled}});
}

} // namespace

class TestRemindersModel : public QObject
{
    Q_OBJECT

private slots:
    void showsTheListing()
    {
        RemindersModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QList<ReminderRow> rows{
            ReminderRow::fromJson(reminder(QStringLiteral("fired"), -30, 1, 95.0, QStringLiteral("pending"))),
            ReminderRow::fromJson(reminder(QStringLiteral("pending"), -10, 2, 600.0, QStringLiteral("pending"))),
            ReminderRow::fromJson(
                reminder(QStringLiteral("pending"), 20, QJsonValue(), QJsonValue(), QStringLiteral("completed"))),
        };
        model.setReminders(rows, daemonOwning({1}), kNow);
        QCOMPARE(model.rowCount(), 3);
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(0, RemindersModel::StatusColumn), QStringLiteral("fired (late)"));
        QCOMPARE(cell(0, RemindersModel::LatenessColumn), QStringLiteral("1 min 35 s late"));
        QCOMPARE(cell(0, RemindersModel::PartitionColumn), QStringLiteral("1"));
        QCOMPARE(cell(0, RemindersModel::OwnerColumn), QStringLiteral("the connected daemon"));
        QCOMPARE(cell(1, RemindersModel::StatusColumn), QStringLiteral("pending (overdue)"));
        QCOMPARE(cell(1, RemindersModel::LatenessColumn), QStringLiteral("waiting 10 min 0 s"));
        QCOMPARE(cell(1, RemindersModel::OwnerColumn), QStringLiteral("unknown"));
        QCOMPARE(cell(2, RemindersModel::StatusColumn), QStringLiteral("pending"));
        QCOMPARE(cell(2, RemindersModel::PartitionColumn), QStringLiteral("none yet"));
        QCOMPARE(cell(2, RemindersModel::TaskColumn), QStringLiteral("completed"));
        // Sorting by due time and lateness goes by value, not text.
        QVERIFY(model.index(0, RemindersModel::DueColumn).data(RemindersModel::SortRole).toLongLong() <
                model.index(2, RemindersModel::DueColumn).data(RemindersModel::SortRole).toLongLong());
        QVERIFY(model.index(1, RemindersModel::LatenessColumn).data(RemindersModel::SortRole).toDouble() >
                model.index(0, RemindersModel::LatenessColumn).data(RemindersModel::SortRole).toDouble());

        // The broker's description of the group takes over who owns what.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setBrokerOwners(QHash<int, QString>{{2, QStringLiteral("taskstreamd-1@10.0.0.7")}});
        QVERIFY(!changed.isEmpty());
        QCOMPARE(cell(1, RemindersModel::OwnerColumn), QStringLiteral("taskstreamd-1@10.0.0.7"));
        QCOMPARE(cell(0, RemindersModel::OwnerColumn), QStringLiteral("no member"));
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void explains_data()
    {
        QTest::addColumn<QJsonObject>("json");
        QTest::addColumn<QJsonArray>("stalled");
        QTest::addColumn<QList<int>>("owned");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("fired late") << reminder(QStringLiteral("fired"), -30, 0, 125.0, QStringLiteral("pending"))
                                    << QJsonArray{} << QList<int>{0}
                                    << QStringList{QStringLiteral("Fired at"), QStringLiteral("2 min 5 s after"),
                                                   QStringLiteral("late")};
        QTest::newRow("dismissed, task completed")
            << reminder(QStringLiteral("dismissed"), 10, 0, QJsonValue(), QStringLiteral("completed")) << QJsonArray{}
            << QList<int>{0} << QStringList{QStringLiteral("never fires"), QStringLiteral("task is completed")};
        QTest::newRow("not due yet") << reminder(QStringLiteral("pending"), 20, 1, QJsonValue(),
                                                 QStringLiteral("pending"))
                                     << QJsonArray{} << QList<int>{1}
                                     << QStringList{QStringLiteral("due in 20 min"),
                                                    QStringLiteral("owner of partition 1: the connected daemon")};
        QTest::newRow("overdue, no partition")
            << reminder(QStringLiteral("pending"), -5, QJsonValue(), 300.0, QStringLiteral("pending")) << QJsonArray{}
            << QList<int>{0, 1, 2}
            << QStringList{QStringLiteral("Overdue by 5 min"), QStringLiteral("No partition is recorded")};
        QTest::newRow("overdue, stalled partition")
            << reminder(QStringLiteral("pending"), -5, 2, 300.0, QStringLiteral("pending"))
            << QJsonArray{QJsonObject{{QStringLiteral("topic"), QStringLiteral("todo.reminders.events")},
                                      {QStringLiteral("partition"), 2},
                                      {QStringLiteral("since"), kNow.addSecs(-600).toString(Qt::ISODateWithMs)},
                                      {QStringLiteral("reason"), QStringLiteral("records gone")}}}
            << QList<int>{2}
            << QStringList{QStringLiteral("Partition 2 of todo.reminders.events is stalled"),
                           QStringLiteral("records gone"), QStringLiteral("acknowledge the gap")};
        QTest::newRow("overdue, owned here")
            << reminder(QStringLiteral("pending"), -5, 1, 300.0, QStringLiteral("pending")) << QJsonArray{}
            << QList<int>{1} << QStringList{QStringLiteral("owns partition 1 and should have fired")};
        QTest::newRow("overdue, owned elsewhere")
            << reminder(QStringLiteral("pending"), -5, 1, 300.0, QStringLiteral("pending")) << QJsonArray{}
            << QList<int>{0} << QStringList{QStringLiteral("does not own partition 1")};
        QTest::newRow("overdue, task deleted")
            << reminder(QStringLiteral("pending"), -5, 1, 300.0, QStringLiteral("deleted")) << QJsonArray{}
            << QList<int>{1}
            << QStringList{QStringLiteral("task was deleted"), QStringLiteral("reminder-scheduler-cg")};
    }

    void explains()
    {
        QFETCH(QJsonObject, json);
        QFETCH(QJsonArray, stalled);
        QFETCH(QList<int>, owned);
        QFETCH(QStringList, expected);
        const QString text = explainReminder(ReminderRow::fromJson(json), daemonOwning(owned, stalled), kNow);
        for (const QString &part : expected)
            QVERIFY2(text.contains(part), qPrintable(QStringLiteral("'%1' not in: %2").arg(part, text)));
    }

    void explainsWithoutATriggerAnywhere()
    {
        const ReminderRow row =
            ReminderRow::fromJson(reminder(QStringLiteral("pending"), -5, 1, 300.0, QStringLiteral("pending")));
        const TriggerState none = TriggerState::fromJson(QJsonObject{{QStringLiteral("runs_here"), false}});
        QVERIFY(explainReminder(row, none, kNow).contains(QStringLiteral("runs no reminder trigger")));
        TriggerState broker = none;
        broker.brokerOwners = QHash<int, QString>{};
        QVERIFY(explainReminder(row, broker, kNow).contains(QStringLiteral("No member of reminder-trigger-cg owns")));
    }
};

QTEST_MAIN(TestRemindersModel)
#include "tst_remindersmodel.moc"
