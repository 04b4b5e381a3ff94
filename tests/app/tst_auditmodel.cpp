// The audit tab's model under QAbstractItemModelTester: entries as GET /api/v1/audit returns them,
// a first page replaced and further pages appended, with a one-line summary of each payload.
#include "models/AuditModel.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream::console;

namespace {
const QString kUser = QStringLiteral("7d0f6c1e-5b7a-4c57-9d0e-2f3a4b5c6d7e");
const QString kTask = QStringLiteral("3f1c9a52-8d0e-4b8e-9a61-0c2d7e4f5a6b");

QJsonObject entry(int id, const QString &type, const QJsonObject &payload, const QJsonValue &user = kUser)
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("event_id"), QStringLiteral("event-%1").arg(id)},
                       {QStringLiteral("type"), QStringLiteral("com.todo.events.") + type},
                       {QStringLiteral("topic"), QStringLiteral("todo.tasks.events")},
                       {QStringLiteral("partition"), 4},
                       {QStringLiteral("offset"), 1187 + id},
                       {QStringLiteral("user_id"), user},
                       {QStringLiteral("task_id"), kTask},
                       {QStringLiteral("occurred_at"), QStringLiteral("2026-11-18T11:06:45.000Z")},
                       {QStringLiteral("recorded_at"), QStringLiteral("2026-11-18T11:06:45.012Z")},
                       {QStringLiteral("payload"), payload}};
}
} // namespace

class TestAuditModel : public QObject
{
    Q_OBJECT

private slots:
    void pagesAreReplacedThenAppended()
    {
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.columnCount(), int(AuditModel::ColumnCount));

        model.setEntries(
            {entry(3, QStringLiteral("TaskCreated"), {{QStringLiteral("title"), QStringLiteral("Buy milk")}}),
             entry(2, QStringLiteral("TaskDeleted"), {})});
        QCOMPARE(model.rowCount(), 2);
        model.appendEntries({entry(1, QStringLiteral("TaskCompleted"),
                                   {{QStringLiteral("completed_at"), QStringLiteral("2026-11-18T11:06:45.000Z")}})});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(2, AuditModel::TypeColumn).data().toString(), QStringLiteral("TaskCompleted"));
        QCOMPARE(model.rowOfEventId(QStringLiteral("event-1")), 2);
        model.appendEntries({}); // an empty last page adds nothing
        QCOMPARE(model.rowCount(), 3);

        // A new search replaces every row.
        model.setEntries({entry(9, QStringLiteral("TaskUpdated"), {})});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOfEventId(QStringLiteral("event-1")), -1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void columnsShowWhereAndWho()
    {
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries(
            {entry(1, QStringLiteral("TaskCreated"), {{QStringLiteral("title"), QStringLiteral("Buy milk")}}),
             entry(2, QStringLiteral("TaskChanged"), {}, QJsonValue::Null)});
        QCOMPARE(model.index(0, AuditModel::TypeColumn).data().toString(), QStringLiteral("TaskCreated"));
        QCOMPARE(model.index(0, AuditModel::TypeColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("com.todo.events.TaskCreated"));
        QCOMPARE(model.index(0, AuditModel::UserColumn).data().toString(), kUser);
        QCOMPARE(model.index(0, AuditModel::TaskColumn).data().toString(), kTask);
        QCOMPARE(model.index(0, AuditModel::TopicColumn).data().toString(), QStringLiteral("todo.tasks.events"));
        QCOMPARE(model.index(0, AuditModel::PartitionColumn).data().toInt(), 4);
        QCOMPARE(model.index(0, AuditModel::OffsetColumn).data().toLongLong(), 1188);
        QVERIFY(!model.index(0, AuditModel::TimeColumn).data().toString().isEmpty());
        QCOMPARE(model.index(0, AuditModel::TimeColumn).data().toString(),
                 QDateTime::fromString(QStringLiteral("2026-11-18T11:06:45.000Z"), Qt::ISODateWithMs)
                     .toLocalTime()
                     .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(model.index(0, 0).data(AuditModel::EventIdRole).toString(), QStringLiteral("event-1"));
        QCOMPARE(model.index(0, 0).data(AuditModel::EntryRole).toJsonObject().value(QStringLiteral("id")).toInt(), 1);
        // An event that names no user (an admin sees those) shows an empty cell, not "null".
        QCOMPARE(model.index(1, AuditModel::UserColumn).data().toString(), QString());

        // The sandbox's demo users show by name.
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.setUserNames({{kUser, QStringLiteral("ada")}});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, AuditModel::UserColumn).data().toString(), QStringLiteral("ada"));
        QCOMPARE(model.index(0, AuditModel::UserColumn).data(Qt::ToolTipRole).toString(), kUser);
    }

    // Who did it: the subject (a demo user by name) and the source; empty when not recorded.
    void actorColumnShowsWhoAndFromWhere()
    {
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto withActor = [](int id, const QJsonValue &actor, const QJsonValue &source) {
            QJsonObject e = entry(id, QStringLiteral("TaskCreated"), {});
            e.insert(QStringLiteral("actor"), actor);
            e.insert(QStringLiteral("actor_source"), source);
            return e;
        };
        model.setEntries({withActor(1, kUser, QStringLiteral("api")), withActor(2, kUser, QStringLiteral("console")),
                          withActor(3, kUser, QStringLiteral("worker:recurring-task-cg")),
                          withActor(4, QJsonValue::Null, QStringLiteral("worker:reminder-trigger-cg")),
                          withActor(5, QJsonValue::Null, QJsonValue::Null),
                          entry(6, QStringLiteral("TaskCreated"), {})});
        model.setUserNames({{kUser, QStringLiteral("ada")}});
        auto shown = [&model](int row) { return model.index(row, AuditModel::ActorColumn).data().toString(); };
        QCOMPARE(shown(0), QStringLiteral("ada (API)"));
        QCOMPARE(shown(1), QStringLiteral("ada (console)"));
        QCOMPARE(shown(2), QStringLiteral("ada (worker recurring-task-cg)"));
        QCOMPARE(shown(3), QStringLiteral("worker reminder-trigger-cg"));
        QCOMPARE(shown(4), QString());
        QCOMPARE(shown(5), QString()); // an entry from a daemon that does not record actors
        QVERIFY(model.index(0, AuditModel::ActorColumn).data(Qt::ToolTipRole).toString().contains(kUser));
        QVERIFY(model.index(4, AuditModel::ActorColumn)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .startsWith(QStringLiteral("Not recorded")));
        QCOMPARE(model.headerData(AuditModel::ActorColumn, Qt::Horizontal).toString(), QStringLiteral("Who"));
    }

    void summary_data()
    {
        QTest::addColumn<QJsonObject>("entry");
        QTest::addColumn<QStringList>("parts");
        QTest::newRow("created: the title")
            << entry(1, QStringLiteral("TaskCreated"), {{QStringLiteral("title"), QStringLiteral("Buy milk")}})
            << QStringList{QStringLiteral("Buy milk")};
        QTest::newRow("updated: the title and what changed")
            << entry(1, QStringLiteral("TaskUpdated"),
                     {{QStringLiteral("title"), QStringLiteral("Buy oat milk")},
                      {QStringLiteral("changed_fields"),
                       QJsonArray{QStringLiteral("title"), QStringLiteral("priority")}}})
            << QStringList{QStringLiteral("Buy oat milk"), QStringLiteral("title, priority")};
        QTest::newRow("broadcast: the change and the snapshot's title")
            << entry(1, QStringLiteral("TaskChanged"),
                     {{QStringLiteral("change_type"), QStringLiteral("Completed")},
                      {QStringLiteral("task"), QJsonObject{{QStringLiteral("title"), QStringLiteral("Water plants")}}}})
            << QStringList{QStringLiteral("Completed"), QStringLiteral("Water plants")};
        QTest::newRow("completed") << entry(1, QStringLiteral("TaskCompleted"),
                                            {{QStringLiteral("completed_at"),
                                              QStringLiteral("2026-11-18T11:06:45.000Z")}})
                                   << QStringList{AuditModel::tr("completed")};
    }

    void summary()
    {
        QFETCH(QJsonObject, entry);
        QFETCH(QStringList, parts);
        AuditModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setEntries({entry});
        const QString shown = model.index(0, AuditModel::SummaryColumn).data().toString();
        for (const QString &part : std::as_const(parts))
            QVERIFY2(shown.contains(part), qPrintable(shown));
        QCOMPARE(shown, AuditModel::summary(entry));
    }
};

QTEST_MAIN(TestAuditModel)
#include "tst_auditmodel.moc"
