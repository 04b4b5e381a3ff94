// The Notifications tab's model: rows from the admin listing's JSON, the cells an administrator
// reads (when, kind, title, read or not, what it says), unread rows in bold, sortable values.
#include "models/NotificationsModel.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QJsonArray>
#include <QTest>

using namespace taskstream::console;

namespace {
QJsonObject reminderJson()
{
    return {
        {QStringLiteral("id"), QStringLiteral("n-1")},
        {QStringLiteral("kind"), QStringLiteral("reminder")},
        {QStringLiteral("title"), QStringLiteral("Water the plants")},
        {QStringLiteral("task_id"), QStringLiteral("t-1")},
        {QStringLiteral("created_at"), QStringLiteral("2026-03-01T12:00:00.000Z")},
        {QStringLiteral("read"), false},
        {QStringLiteral("read_at"), QJsonValue()},
        {QStringLiteral("body"), QJsonObject{{QStringLiteral("remind_at"), QStringLiteral("2026-03-01T11:58:00.000Z")},
                                             {QStringLiteral("late"), true}}}};
}
QJsonObject changeJson()
{
    return {{QStringLiteral("id"), QStringLiteral("n-2")},
            {QStringLiteral("kind"), QStringLiteral("task_changed")},
            {QStringLiteral("title"), QStringLiteral("Quarterly report")},
            {QStringLiteral("created_at"), QStringLiteral("2026-03-01T13:00:00.000Z")},
            {QStringLiteral("read"), true},
            {QStringLiteral("read_at"), QStringLiteral("2026-03-01T14:00:00.000Z")},
            {QStringLiteral("body"), QJsonObject{{QStringLiteral("change"), QStringLiteral("updated")},
                                                 {QStringLiteral("changed_by"), QStringLiteral("admin-1")},
                                                 {QStringLiteral("changed_fields"),
                                                  QJsonArray{QStringLiteral("title"), QStringLiteral("due_date")}}}}};
}
} // namespace

class TestNotificationsModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsFromTheAdminListing()
    {
        NotificationsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);
        model.setNotifications({NotificationRow::fromJson(changeJson()), NotificationRow::fromJson(reminderJson())});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(NotificationsModel::ColumnCount));
        QCOMPARE(model.unreadCount(), 1);

        QCOMPARE(model.index(0, NotificationsModel::KindColumn).data().toString(),
                 QStringLiteral("Changed by someone else"));
        QCOMPARE(model.index(0, NotificationsModel::TitleColumn).data().toString(), QStringLiteral("Quarterly report"));
        QVERIFY(model.index(0, NotificationsModel::ReadColumn).data().toString().startsWith(QStringLiteral("read ")));
        QCOMPARE(model.index(0, NotificationsModel::DetailsColumn).data().toString(),
                 QStringLiteral("changed by admin-1 (title, due_date)"));
        QCOMPARE(model.index(0, 0).data(NotificationsModel::IdRole).toString(), QStringLiteral("n-2"));

        QCOMPARE(model.index(1, NotificationsModel::KindColumn).data().toString(), QStringLiteral("Reminder"));
        QCOMPARE(model.index(1, NotificationsModel::ReadColumn).data().toString(), QStringLiteral("unread"));
        QVERIFY(
            model.index(1, NotificationsModel::DetailsColumn).data().toString().endsWith(QStringLiteral("fired late")));
        QCOMPARE(model.index(1, NotificationsModel::TitleColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("Task t-1"));
        // Unread rows stand out; read ones do not.
        QCOMPARE(model.index(1, NotificationsModel::TitleColumn).data(Qt::FontRole).value<QFont>().bold(), true);
        QVERIFY(!model.index(0, NotificationsModel::TitleColumn).data(Qt::FontRole).isValid());
        // Sorting by time uses the time, not its text.
        QVERIFY(model.index(0, NotificationsModel::CreatedColumn).data(NotificationsModel::SortRole).toLongLong() >
                model.index(1, NotificationsModel::CreatedColumn).data(NotificationsModel::SortRole).toLongLong());
        QCOMPARE(model.headerData(NotificationsModel::TitleColumn, Qt::Horizontal).toString(), QStringLiteral("Title"));

        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.unreadCount(), 0);
    }
};

QTEST_MAIN(TestNotificationsModel)
#include "tst_notificationsmodel.moc"
