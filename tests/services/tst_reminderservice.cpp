#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "services/ReminderService.h"
#include "store/Database.h"
#include "store/ReminderStore.h"
#include "support/TestDatabase.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTest>

using namespace taskstream;

/// ReminderService's dismissal and its failure kinds, on SQLite or PostgreSQL.
class TestReminderService : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    std::unique_ptr<services::ReminderService> service;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();

    store::Reminder make(const QUuid &user, const QString &status)
    {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(QDateTime::currentMSecsSinceEpoch(), Qt::UTC);
        store::Reminder r;
        r.id = QUuid::createUuid();
        r.taskId = QUuid::createUuid();
        r.userId = user;
        r.remindAt = now.addSecs(600);
        r.offsetMinutes = 15;
        r.status = status;
        if (status == QLatin1String("fired"))
            r.firedAt = now;
        r.title = QStringLiteral("water plants");
        r.kafkaPartition = 0;
        r.createdAt = now;
        if (!store::ReminderStore(db.get()).insert(r).valueOr(false))
            qWarning("cannot insert a reminder");
        return r;
    }

    QString statusOf(const store::Reminder &r)
    {
        const std::optional<store::Reminder> now = store::ReminderStore(db.get()).find(r.id).valueOr(std::nullopt);
        return now ? now->status : QString();
    }

    qint64 dismissedEvents()
    {
        QSqlQuery q(db->db());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE event_type = '%1'")
                   .arg(QString::fromLatin1(events::ReminderDismissed::TypeName)));
        return q.next() ? q.value(0).toLongLong() : -1;
    }

private slots:
    void init()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        service.reset();
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        service = std::make_unique<services::ReminderService>(db.get(), &serializer);
    }

    void dismissWritesTheRowAndOneEvent()
    {
        const store::Reminder r = make(alice, QStringLiteral("pending"));
        QSignalSpy appended(service.get(), &services::ReminderService::outboxAppended);
        const Result<store::Reminder> done = service->dismiss(alice, r.id);
        QVERIFY2(done.ok(), qPrintable(done.error().message));
        QCOMPARE(done->status, QStringLiteral("dismissed"));
        QVERIFY(done->dismissedAt.has_value());
        QCOMPARE(statusOf(r), QStringLiteral("dismissed"));
        QCOMPARE(dismissedEvents(), 1);
        QCOMPARE(appended.size(), 1);
        QVERIFY(!db->inTransaction());
    }

    void dismissingAgainIsOkWithoutASecondEvent()
    {
        const store::Reminder r = make(alice, QStringLiteral("pending"));
        QVERIFY(service->dismiss(alice, r.id).ok());
        QSignalSpy appended(service.get(), &services::ReminderService::outboxAppended);
        const Result<store::Reminder> again = service->dismiss(alice, r.id);
        QVERIFY2(again.ok(), qPrintable(again.error().message));
        QCOMPARE(again->status, QStringLiteral("dismissed"));
        QCOMPARE(dismissedEvents(), 1);
        QCOMPARE(appended.size(), 0);
        QVERIFY(!db->inTransaction());
    }

    void firedReminderIsConflict()
    {
        const store::Reminder r = make(alice, QStringLiteral("fired"));
        QSignalSpy appended(service.get(), &services::ReminderService::outboxAppended);
        const Result<store::Reminder> done = service->dismiss(alice, r.id);
        QVERIFY(!done.ok());
        QCOMPARE(done.error().kind, Error::Kind::Conflict);
        QVERIFY(!done.error().retriable);
        QCOMPARE(statusOf(r), QStringLiteral("fired"));
        QCOMPARE(dismissedEvents(), 0);
        QCOMPARE(appended.size(), 0);
        QVERIFY(!db->inTransaction());
    }

    void anotherUsersReminderIsNotFound()
    {
        const store::Reminder r = make(bob, QStringLiteral("pending"));
        const Result<store::Reminder> done = service->dismiss(alice, r.id);
        QVERIFY(!done.ok());
        QCOMPARE(done.error().kind, Error::Kind::NotFound);
        // Reported exactly like a reminder that does not exist.
        const QUuid unknown = QUuid::createUuid();
        const Result<store::Reminder> missing = service->dismiss(alice, unknown);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QString missingText = missing.error().message;
        QCOMPARE(done.error().message,
                 missingText.replace(unknown.toString(QUuid::WithoutBraces), r.id.toString(QUuid::WithoutBraces)));
        QCOMPARE(statusOf(r), QStringLiteral("pending"));
        QCOMPARE(dismissedEvents(), 0);
        QVERIFY(!db->inTransaction());
    }

    void listsOnlyTheUsersOwn()
    {
        const store::Reminder mine = make(alice, QStringLiteral("pending"));
        make(bob, QStringLiteral("pending"));
        const Result<QList<store::Reminder>> found = service->list(alice, QString(), 100);
        QVERIFY2(found.ok(), qPrintable(found.error().message));
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().id, mine.id);
        const Result<QList<store::Reminder>> fired = service->list(alice, QStringLiteral("fired"), 100);
        QVERIFY(fired.ok());
        QVERIFY(fired->isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReminderService)
#include "tst_reminderservice.moc"
