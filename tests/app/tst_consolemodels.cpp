// The models of the messages, live and tasks views, each under QAbstractItemModelTester: bounded
// rows (the oldest leave first), filters, and records decoded into JSON.
#include "ClusterMonitor.h"
#include "DaemonClient.h"
#include "LivePanel.h"
#include "TaskDialog.h"
#include "events/AsyncEventCodec.h"
#include "models/LiveEventsFilterModel.h"
#include "models/LiveEventsModel.h"
#include "models/MessageFilterProxyModel.h"
#include "models/MessagesModel.h"
#include "models/RecordDecoding.h"
#include "models/TasksModel.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

namespace {
DecodedRecord record(int partition, qint64 offset, const QString &key, const QString &type, const QString &text)
{
    DecodedRecord r;
    r.topic = QStringLiteral("t");
    r.partition = partition;
    r.offset = offset;
    r.timestampMs = 1700000000000 + offset;
    r.key = key.toUtf8();
    r.type = type;
    r.event = QJsonObject{{QStringLiteral("type"), type},
                          {QStringLiteral("data"), QJsonObject{{QStringLiteral("text"), text}}}};
    return r;
}

LiveEvent liveEvent(const QString &type, const QString &user, const QString &task)
{
    LiveEvent e;
    e.type = type;
    e.userId = user;
    e.taskId = task;
    e.change = QStringLiteral("Created");
    e.timeMs = 1700000000000;
    return e;
}
} // namespace

class TestConsoleModels : public QObject
{
    Q_OBJECT

private slots:
    void messagesModelKeepsTheNewestRows()
    {
        MessagesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setMaxRows(3);
        model.appendRecords({record(0, 0, QStringLiteral("a"), QStringLiteral("TaskCreated"), QStringLiteral("x")),
                             record(0, 1, QStringLiteral("b"), QStringLiteral("TaskUpdated"), QStringLiteral("y"))});
        QCOMPARE(model.rowCount(), 2);
        model.appendRecords({record(1, 5, QStringLiteral("c"), QStringLiteral("TaskCompleted"), QStringLiteral("z")),
                             record(1, 6, QStringLiteral("d"), QStringLiteral("TaskDeleted"), QStringLiteral("w"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.record(0).offset, 1); // offset 0 left first
        QCOMPARE(model.index(2, MessagesModel::KeyColumn).data().toString(), QStringLiteral("d"));
        QCOMPARE(model.index(2, MessagesModel::PartitionColumn).data().toInt(), 1);
        model.setMaxRows(1);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.record(0).offset, 6);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void messageFilterByKeyTypeAndText()
    {
        MessagesModel model;
        MessageFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendRecords(
            {record(0, 0, QStringLiteral("alpha"), QStringLiteral("TaskCreated"), QStringLiteral("buy milk")),
             record(0, 1, QStringLiteral("beta"), QStringLiteral("TaskUpdated"), QStringLiteral("buy bread")),
             record(1, 0, QStringLiteral("alpha"), QStringLiteral("TaskCompleted"), QStringLiteral("walk"))});
        proxy.setKeyFilter(QStringLiteral("ALPHA"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setTypeFilter(QStringLiteral("completed"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setKeyFilter({});
        proxy.setTypeFilter({});
        proxy.setTextFilter(QStringLiteral("buy"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setTextFilter({});
        QCOMPARE(proxy.rowCount(), 3);
    }

    void decodesJsonAndReportsUndecodable()
    {
        events::AsyncEventCodec codec(events::CodecConfig{});
        kafka::KafkaMessage m;
        m.topic = QStringLiteral("orders");
        m.partition = 2;
        m.offset = 41;
        m.key = "k1";
        m.value = R"({"type":"OrderPlaced","amount":3})";
        m.headers = {{QStringLiteral("trace"), "abc"}};
        m.timestampMs = 1700000000123;
        const DecodedRecord json = decodeRecord(m, codec);
        QVERIFY(json.decodeError.isEmpty());
        QCOMPARE(json.type, QStringLiteral("OrderPlaced"));
        const QJsonObject o = json.toJson();
        QCOMPARE(o.value(QStringLiteral("partition")).toInt(), 2);
        QCOMPARE(o.value(QStringLiteral("offset")).toInteger(), 41);
        QCOMPARE(o.value(QStringLiteral("key")).toString(), QStringLiteral("k1"));
        QCOMPARE(o.value(QStringLiteral("timestamp")).toString(), QStringLiteral("2023-11-14T22:13:20.123Z"));
        QCOMPARE(
            o.value(QStringLiteral("headers")).toArray().first().toObject().value(QStringLiteral("value")).toString(),
            QStringLiteral("abc"));
        QCOMPARE(o.value(QStringLiteral("value")).toObject().value(QStringLiteral("amount")).toInt(), 3);

        m.value = QByteArray("\xc3\x01garbage", 9);
        const DecodedRecord bad = decodeRecord(m, codec);
        QVERIFY(!bad.decodeError.isEmpty());
        QCOMPARE(bad.toJson().value(QStringLiteral("value_base64")).toString(),
                 QString::fromLatin1(m.value.toBase64()));
        // Not only base64: the bytes as text too.
        QVERIFY(bad.toJson().value(QStringLiteral("value_text")).toString().contains(QLatin1String("garbage")));
    }

    void liveEventsModelIsARing()
    {
        LiveEventsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setCapacity(5);
        QList<LiveEvent> events;
        for (int i = 0; i < 4; ++i)
            events << liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("u1"), QString::number(i));
        model.append(events);
        QCOMPARE(model.rowCount(), 4);
        model.append(events); // 8 in all: the oldest 3 leave
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.event(0).taskId, QStringLiteral("3"));
        QList<LiveEvent> many;
        for (int i = 0; i < 12; ++i)
            many << liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("u2"), QStringLiteral("m%1").arg(i));
        model.append(many);
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.event(4).taskId, QStringLiteral("m11"));
        QCOMPARE(model.event(0).taskId, QStringLiteral("m7"));
    }

    void liveEventsFromCloudEvents()
    {
        const QJsonObject changed{
            {QStringLiteral("type"), QStringLiteral("com.todo.events.TaskChanged")},
            {QStringLiteral("time"), QStringLiteral("2026-01-01T10:00:00.000Z")},
            {QStringLiteral("data"),
             QJsonObject{{QStringLiteral("user_id"), QStringLiteral("u")},
                         {QStringLiteral("task_id"), QStringLiteral("t")},
                         {QStringLiteral("change_type"), QStringLiteral("Completed")},
                         {QStringLiteral("task"), QJsonObject{{QStringLiteral("title"), QStringLiteral("T")}}}}}};
        LiveEvent e;
        QVERIFY(LiveEvent::fromCloudEvent(changed, -1, &e));
        QCOMPARE(e.type, QStringLiteral("TaskChanged"));
        QCOMPARE(e.change, QStringLiteral("Completed"));
        QCOMPARE(e.title, QStringLiteral("T"));
        QCOMPARE(
            e.timeMs,
            QDateTime::fromString(QStringLiteral("2026-01-01T10:00:00.000Z"), Qt::ISODateWithMs).toMSecsSinceEpoch());
        QVERIFY(!LiveEvent::fromCloudEvent(
            {{QStringLiteral("type"), QStringLiteral("com.todo.events.ReminderScheduled")}}, -1, &e));
    }

    void liveFilterByUserAndType()
    {
        LiveEventsModel model;
        LiveEventsFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.append({liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("aaaa-1"), QStringLiteral("1")),
                      liveEvent(QStringLiteral("ReminderTriggered"), QStringLiteral("aaaa-1"), QStringLiteral("2")),
                      liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("bbbb-2"), QStringLiteral("3"))});
        proxy.setUserFilter(QStringLiteral("aaaa"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setTypeFilter(QStringLiteral("ReminderTriggered"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setUserFilter({});
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setTypeFilter({});
        QCOMPARE(proxy.rowCount(), 3);
    }

    void reminderRowsCarryTheTasksTitle()
    {
        LiveEventsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        const QJsonObject reminder{
            {QStringLiteral("type"), QStringLiteral("com.todo.events.ReminderTriggered")},
            {QStringLiteral("data"), QJsonObject{{QStringLiteral("user_id"), QStringLiteral("u")},
                                                 {QStringLiteral("task_id"), QStringLiteral("t1")},
                                                 {QStringLiteral("remind_at"), QStringLiteral("2026-01-01T10:00:00Z")},
                                                 {QStringLiteral("late"), false}}}};
        LiveEvent early;
        QVERIFY(LiveEvent::fromCloudEvent(reminder, 1, &early));
        model.append({early});
        // Before any TaskChanged of the task: says so, never an empty cell.
        const QString unknown = model.index(0, LiveEventsModel::TitleColumn).data().toString();
        QVERIFY2(unknown.contains(QLatin1String("reminder")), qPrintable(unknown));
        LiveEvent changed = liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("u"), QStringLiteral("t1"));
        changed.title = QStringLiteral("Pay rent");
        LiveEvent later;
        QVERIFY(LiveEvent::fromCloudEvent(reminder, 2, &later));
        model.append({changed, later});
        QCOMPARE(model.index(2, LiveEventsModel::TitleColumn).data().toString(), QStringLiteral("Pay rent"));
        QCOMPARE(model.knownTitle(QStringLiteral("t1")), QStringLiteral("Pay rent"));
    }

    void liveStatusCountsTheFilteredRowsAndUuidsFit()
    {
        ClusterMonitor monitor;
        DaemonClient client;
        LivePanel panel(&monitor, &client);
        panel.resize(1400, 600);
        panel.show();
        const QString user = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
        panel.model()->append({liveEvent(QStringLiteral("TaskChanged"), user, user),
                               liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("bbbb"), QStringLiteral("2")),
                               liveEvent(QStringLiteral("TaskChanged"), QStringLiteral("cccc"), QStringLiteral("3"))});
        QVERIFY2(panel.statusText().contains(QLatin1String("3 event")), qPrintable(panel.statusText()));
        panel.proxy()->setUserFilter(QStringLiteral("0f8f"));
        QVERIFY2(panel.statusText().contains(QLatin1String("1 of 3")), qPrintable(panel.statusText()));
        panel.proxy()->setUserFilter({});
        QVERIFY2(!panel.statusText().contains(QLatin1String(" of ")), qPrintable(panel.statusText()));
        // A whole UUID fits its cell.
        const QFontMetrics fm = panel.view()->fontMetrics();
        for (int column : {int(LiveEventsModel::UserColumn), int(LiveEventsModel::TaskColumn)})
            QVERIFY2(panel.view()->columnWidth(column) >= fm.horizontalAdvance(user) + 8,
                     qPrintable(QString::number(panel.view()->columnWidth(column))));
    }

    void tasksModel()
    {
        TasksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTasks(
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("1")},
                                   {QStringLiteral("title"), QStringLiteral("one")},
                                   {QStringLiteral("status"), QStringLiteral("pending")},
                                   {QStringLiteral("priority"), QStringLiteral("High")},
                                   {QStringLiteral("tags"), QJsonArray{QStringLiteral("a"), QStringLiteral("b")}}},
                       QJsonObject{{QStringLiteral("id"), QStringLiteral("2")},
                                   {QStringLiteral("title"), QStringLiteral("two")},
                                   {QStringLiteral("status"), QStringLiteral("completed")}}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, TasksModel::TagsColumn).data().toString(), QStringLiteral("a, b"));
        QCOMPARE(model.index(0, TasksModel::PriorityColumn).data().toString(), TasksModel::tr("High"));
        QCOMPARE(model.index(1, TasksModel::StatusColumn).data().toString(), TasksModel::tr("completed"));
        QCOMPARE(model.index(1, 0).data(TasksModel::TaskIdRole).toString(), QStringLiteral("2"));
        model.upsertTask({{QStringLiteral("id"), QStringLiteral("1")},
                          {QStringLiteral("title"), QStringLiteral("one")},
                          {QStringLiteral("status"), QStringLiteral("completed")}});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0, TasksModel::StatusColumn).data().toString(), TasksModel::tr("completed"));
        model.upsertTask(
            {{QStringLiteral("id"), QStringLiteral("3")}, {QStringLiteral("title"), QStringLiteral("three")}});
        QCOMPARE(model.rowCount(), 3);
        model.removeTask(QStringLiteral("2"));
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.rowOf(QStringLiteral("3")), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
    }

    void tasksShowTimesAndSortByThem()
    {
        TasksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setTasks(
            QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("b")},
                                   {QStringLiteral("title"), QStringLiteral("Later")},
                                   {QStringLiteral("priority"), QStringLiteral("Low")},
                                   {QStringLiteral("due_date"), QStringLiteral("2026-12-02T09:30:00.000Z")},
                                   {QStringLiteral("updated_at"), QStringLiteral("2026-11-01T08:00:00.000Z")}},
                       QJsonObject{{QStringLiteral("id"), QStringLiteral("a")},
                                   {QStringLiteral("title"), QStringLiteral("earlier")},
                                   {QStringLiteral("priority"), QStringLiteral("High")},
                                   {QStringLiteral("due_date"), QStringLiteral("2026-12-01T17:45:00.000Z")}},
                       QJsonObject{{QStringLiteral("id"), QStringLiteral("c")},
                                   {QStringLiteral("title"), QStringLiteral("none")}}});
        // The time is part of the text, to the minute.
        const QDateTime due = QDateTime::fromString(QStringLiteral("2026-12-02T09:30:00.000Z"), Qt::ISODateWithMs);
        QCOMPARE(model.index(0, TasksModel::DueColumn).data().toString(),
                 due.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        QVERIFY(!model.index(0, TasksModel::UpdatedColumn).data().toString().isEmpty());
        QCOMPARE(model.index(0, TasksModel::IdColumn).data().toString(), QStringLiteral("b"));
        QCOMPARE(model.headerData(TasksModel::IdColumn, Qt::Horizontal).toString(), TasksModel::tr("Id"));

        QSortFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        proxy.setSortRole(TasksModel::SortRole);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto order = [&] {
            QStringList ids;
            for (int r = 0; r < proxy.rowCount(); ++r)
                ids << proxy.index(r, 0).data(TasksModel::TaskIdRole).toString();
            return ids.join(QLatin1Char(','));
        };
        proxy.sort(TasksModel::DueColumn, Qt::AscendingOrder);
        QCOMPARE(order(), QStringLiteral("a,b,c")); // without a due date last
        proxy.sort(TasksModel::PriorityColumn, Qt::DescendingOrder);
        QCOMPARE(order(), QStringLiteral("a,c,b")); // High, Medium (default), Low
        proxy.sort(TasksModel::TitleColumn, Qt::AscendingOrder);
        QCOMPARE(order(), QStringLiteral("a,b,c")); // case-insensitive: earlier, Later, none
    }

    void taskDialogEditsTagsRecurrenceAndReminders()
    {
        const QJsonObject task{{QStringLiteral("id"), QStringLiteral("t1")},
                               {QStringLiteral("title"), QStringLiteral("report")},
                               {QStringLiteral("priority"), QStringLiteral("Medium")},
                               {QStringLiteral("due_date"), QStringLiteral("2026-12-02T09:30:00.000Z")},
                               {QStringLiteral("tags"), QJsonArray{QStringLiteral("work")}},
                               {QStringLiteral("recurrence_pattern"), QStringLiteral("FREQ=WEEKLY;BYDAY=MO")},
                               {QStringLiteral("remind_before_minutes"), QJsonArray{10}}};
        TaskDialog dialog(task);
        QCOMPARE(dialog.tagsEdit()->text(), QStringLiteral("work"));
        QCOMPARE(dialog.recurrenceBox()->currentText(), QStringLiteral("FREQ=WEEKLY;BYDAY=MO"));
        QCOMPARE(dialog.remindersEdit()->text(), QStringLiteral("10"));
        QVERIFY(dialog.changes().isEmpty()); // nothing touched, nothing sent

        dialog.tagsEdit()->setText(QStringLiteral("work, urgent, work"));
        dialog.recurrenceBox()->setCurrentIndex(dialog.recurrenceBox()->findData(QStringLiteral("daily")));
        dialog.remindersEdit()->setText(QStringLiteral("10, 60"));
        const QJsonObject changes = dialog.changes();
        QCOMPARE(changes.value(QStringLiteral("tags")).toArray(),
                 (QJsonArray{QStringLiteral("work"), QStringLiteral("urgent")}));
        QCOMPARE(changes.value(QStringLiteral("recurrence_pattern")).toString(), QStringLiteral("daily"));
        QCOMPARE(changes.value(QStringLiteral("remind_before_minutes")).toArray(), (QJsonArray{10, 60}));
        QVERIFY(!changes.contains(QStringLiteral("title")));
        QVERIFY(!changes.contains(QStringLiteral("recurrence_anchor"))); // unchanged (the due date)

        // Counted from completion ("every!").
        QVERIFY(dialog.anchorBox()->isEnabled());
        dialog.anchorBox()->setCurrentIndex(dialog.anchorBox()->findData(QStringLiteral("completion")));
        QCOMPARE(dialog.changes().value(QStringLiteral("recurrence_anchor")).toString(), QStringLiteral("completion"));

        // No repetition: sent as null.
        dialog.recurrenceBox()->setCurrentIndex(0);
        QVERIFY(dialog.changes().value(QStringLiteral("recurrence_pattern")).isNull());
        QVERIFY(dialog.changes().contains(QStringLiteral("recurrence_pattern")));

        // Bad input is said and cannot be sent.
        dialog.remindersEdit()->setText(QStringLiteral("ten"));
        QVERIFY(dialog.validationError().contains(QLatin1String("ten")));
        dialog.remindersEdit()->setText(QStringLiteral("5"));
        dialog.hasDueBox()->setChecked(false);
        QVERIFY(dialog.validationError().contains(QLatin1String("due date")));
        dialog.hasDueBox()->setChecked(true);
        QVERIFY(dialog.validationError().isEmpty());

        // A new task sends only what was filled in.
        TaskDialog fresh({});
        fresh.titleEdit()->setText(QStringLiteral("new"));
        const QJsonObject created = fresh.changes();
        QVERIFY(!created.contains(QStringLiteral("tags")));
        QVERIFY(!created.contains(QStringLiteral("recurrence_pattern")));
        QVERIFY(!created.contains(QStringLiteral("remind_before_minutes")));
        QVERIFY(!created.contains(QStringLiteral("recurrence_anchor")));
        QVERIFY(!fresh.anchorBox()->isEnabled());
    }
};

QTEST_MAIN(TestConsoleModels)
#include "tst_consolemodels.moc"
