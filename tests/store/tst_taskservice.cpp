#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "services/TaskService.h"
#include "store/OutboxStore.h"
#include "store/TaskStore.h"
#include "support/TestDatabase.h"

#include <atomic>
#include <thread>

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace taskstream;
using namespace taskstream::services;
using store::Task;

/// TaskService on SQLite, or on PostgreSQL with TASKSTREAM_TEST_DB=postgresql.
class TestTaskService : public QObject
{
    Q_OBJECT
    testsupport::TestDatabase fixture;
    std::unique_ptr<store::Database> db;
    events::EventSerializer serializer;
    std::unique_ptr<TaskService> service;
    const QUuid alice = QUuid::createUuid();
    const QUuid bob = QUuid::createUuid();

    static QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

    QList<store::OutboxRecord> outbox()
    {
        store::OutboxStore o(db.get());
        QString why;
        return o.pending(0, 100000).valueOr({});
    }

    events::Event lastEvent()
    {
        const auto rows = outbox();
        if (rows.isEmpty())
            return {};
        events::Headers headers;
        for (const auto &h : rows.last().headers)
            headers.append({h.first, h.second});
        const events::DecodeResult r = serializer.decode(rows.last().payload, headers);
        return r.decoded.event;
    }

private slots:
    void init()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QCOMPARE(db->kind(), fixture.isPostgres() ? store::Database::Kind::PostgreSQL : store::Database::Kind::SQLite);
        service = std::make_unique<TaskService>(db.get(), &serializer);
    }
    void cleanup()
    {
        service.reset();
        db.reset();
    }

    void createWritesTaskAndEventTogether()
    {
        QSignalSpy appended(service.get(), &TaskService::outboxAppended);
        const auto r = service->create(alice, json(R"({"title": " Write report ", "description": "Q3",
            "due_date": "2026-12-01T09:30:00+01:00", "priority": "High", "tags": ["work", "q3", "work"],
            "recurrence_pattern": "weekly", "remind_before_minutes": [60, 15]})"));
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        const Task &t = r.value();
        QCOMPARE(t.title, QStringLiteral("Write report"));
        QCOMPARE(t.userId, alice);
        QCOMPARE(t.dueDate->toString(Qt::ISODate), QStringLiteral("2026-12-01T08:30:00Z"));
        QCOMPARE(t.tags, (QStringList{QStringLiteral("work"), QStringLiteral("q3")}));
        QCOMPARE(*t.recurrencePattern, QStringLiteral("FREQ=WEEKLY"));
        QCOMPARE(t.remindBeforeMinutes, (QList<int>{15, 60}));
        QCOMPARE(appended.size(), 1);

        const auto stored = service->get(alice, t.id);
        QVERIFY(stored.ok());
        QCOMPARE(stored.value().toJson(), t.toJson());

        const auto rows = outbox();
        QCOMPARE(rows.size(), 1);
        QCOMPARE(rows.first().topic, QStringLiteral("todo.tasks.events"));
        QCOMPARE(rows.first().key, t.id.toString(QUuid::WithoutBraces).toUtf8());
        QCOMPARE(rows.first().eventType, QStringLiteral("com.todo.events.TaskCreated"));
        const auto created = lastEvent().as<events::TaskCreated>();
        QVERIFY(created);
        QCOMPARE(created->task.id, t.id);
        QCOMPARE(created->task.title, t.title);
        QCOMPARE(created->task.dueDate, t.dueDate);
        QCOMPARE(created->task.priority, events::Priority::High);
        QVERIFY(created->task.isRecurringTemplate);
        QCOMPARE(rows.first().eventId, created->header.eventId);
    }

    void validation_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("missing title") << QByteArray("{}") << "title"
                                       << "is required";
        QTest::newRow("title wrong type") << QByteArray(R"({"title": 5})") << "title"
                                          << "must be a string";
        QTest::newRow("blank title") << QByteArray(R"({"title": "   "})") << "title"
                                     << "must not be empty";
        QTest::newRow("long title") << QByteArray("{\"title\": \"" + QByteArray(600, 'x') + "\"}") << "title"
                                    << "longer than 500";
        QTest::newRow("bad priority") << QByteArray(R"({"title": "t", "priority": "Urgent"})") << "priority"
                                      << "'Urgent'";
        QTest::newRow("bad due date") << QByteArray(R"({"title": "t", "due_date": "tomorrow"})") << "due_date"
                                      << "'tomorrow'";
        QTest::newRow("due date without zone")
            << QByteArray(R"({"title": "t", "due_date": "2026-12-01T09:00:00"})") << "due_date"
            << "no time zone";
        QTest::newRow("tags not array") << QByteArray(R"({"title": "t", "tags": "work"})") << "tags"
                                        << "array of strings";
        QTest::newRow("tag not string") << QByteArray(R"({"title": "t", "tags": [1]})") << "tags"
                                        << "non-empty strings";
        QTest::newRow("bad rrule")
            << QByteArray(
                   R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "recurrence_pattern": "every tuesday"})")
            << "recurrence_pattern"
            << "not a valid RRULE";
        QTest::newRow("too frequent")
            << QByteArray(
                   R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "recurrence_pattern": "FREQ=MINUTELY"})")
            << "recurrence_pattern"
            << "hourly";
        QTest::newRow("rule that never occurs")
            << QByteArray(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z",)"
                          R"( "recurrence_pattern": "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30"})")
            << "recurrence_pattern"
            << "'FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30' has no occurrence";
        QTest::newRow("hourly rule firing every second")
            << QByteArray(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z",)"
                          R"( "recurrence_pattern": "FREQ=HOURLY;BYSECOND=0,1,2"})")
            << "recurrence_pattern"
            << "more often than hourly";
        QTest::newRow("recurrence without due date")
            << QByteArray(R"({"title": "t", "recurrence_pattern": "daily"})") << "recurrence_pattern"
            << "needs a due_date";
        QTest::newRow("negative reminder")
            << QByteArray(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "remind_before_minutes": [-5]})")
            << "remind_before_minutes"
            << "whole minutes";
        QTest::newRow("fractional reminder")
            << QByteArray(R"({"title": "t", "due_date": "2026-12-01T09:00:00Z", "remind_before_minutes": [1.5]})")
            << "remind_before_minutes"
            << "whole minutes";
        QTest::newRow("reminder without due date")
            << QByteArray(R"({"title": "t", "remind_before_minutes": [5]})") << "remind_before_minutes"
            << "needs a due_date";
        QTest::newRow("unknown field") << QByteArray(R"({"title": "t", "colour": "red"})") << "colour"
                                       << "not a task field";
        QTest::newRow("read-only field") << QByteArray(R"({"title": "t", "status": "completed"})") << "status"
                                         << "set by the server";
    }
    void validation()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        QFETCH(QString, mentions);
        const auto r = service->create(alice, QJsonDocument::fromJson(body).object());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        QVERIFY(!r.error().fields.isEmpty());
        QCOMPARE(r.error().fields.first().name, field);
        QVERIFY2(r.error().fields.first().message.contains(mentions), qPrintable(r.error().fields.first().message));
        QVERIFY2(outbox().isEmpty(), "a refused command writes no event");
    }

    void recurrencePresetsAndRrules()
    {
        const QList<QPair<QString, QString>> cases = {
            {QStringLiteral("daily"), QStringLiteral("FREQ=DAILY")},
            {QStringLiteral("Monthly"), QStringLiteral("FREQ=MONTHLY")},
            {QStringLiteral("RRULE:FREQ=WEEKLY;BYDAY=MO,WE"), QStringLiteral("FREQ=WEEKLY;BYDAY=MO,WE")},
            {QStringLiteral("FREQ=MONTHLY;COUNT=3"), QStringLiteral("FREQ=MONTHLY;COUNT=3")}};
        for (const auto &c : cases) {
            QJsonObject body = json(R"({"title": "r", "due_date": "2026-01-31T10:00:00Z"})");
            body.insert(QStringLiteral("recurrence_pattern"), c.first);
            const auto r = service->create(alice, body);
            QVERIFY2(r.ok(), qPrintable(r.error().message));
            QCOMPARE(*r.value().recurrencePattern, c.second);
        }
    }

    void updateEmitsOnlyRealChanges()
    {
        const Task t = service->create(alice, json(R"({"title": "a", "priority": "Low"})")).value();
        auto r = service->update(alice, t.id,
                                 json(R"({"title": "b", "priority": "Low", "due_date": "2026-12-24T18:00:00Z"})"));
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QCOMPARE(r.value().title, QStringLiteral("b"));
        QCOMPARE(r.value().version, 2);
        const auto updated = lastEvent().as<events::TaskUpdated>();
        QVERIFY(updated);
        QCOMPARE(updated->changedFields, (QStringList{QStringLiteral("title"), QStringLiteral("due_date")}));
        QCOMPARE(*updated->title, QStringLiteral("b"));
        QVERIFY(!updated->priority);
        const int events = int(outbox().size());
        r = service->update(alice, t.id, json(R"({"title": "b"})"));
        QVERIFY(r.ok());
        QCOMPARE(int(outbox().size()), events); // nothing changed, no event
        r = service->update(alice, t.id, json(R"({"priority": 3})"));
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        r = service->update(alice, t.id, QJsonObject());
        QCOMPARE(r.error().kind, Error::Kind::Invalid);
        r = service->update(alice, t.id, json(R"({"description": null, "due_date": null})"));
        QVERIFY(r.ok());
        QVERIFY(!r.value().dueDate);
    }

    void completeTwiceIsConflict()
    {
        const Task t = service->create(alice, json(R"({"title": "c"})")).value();
        const auto first = service->complete(alice, t.id);
        QVERIFY(first.ok());
        QCOMPARE(first.value().status, QStringLiteral("completed"));
        QVERIFY(first.value().completedAt);
        const auto completed = lastEvent().as<events::TaskCompleted>();
        QVERIFY(completed);
        QCOMPARE(completed->completedAt, *first.value().completedAt);
        const int events = int(outbox().size());
        const auto second = service->complete(alice, t.id);
        QCOMPARE(second.error().kind, Error::Kind::Conflict);
        QVERIFY(second.error().message.contains(QLatin1String("already completed")));
        QCOMPARE(int(outbox().size()), events);
    }

    void deleteThenNotFound()
    {
        const Task t = service->create(alice, json(R"({"title": "d"})")).value();
        QVERIFY(service->remove(alice, t.id).ok());
        QVERIFY(lastEvent().as<events::TaskDeleted>());
        QCOMPARE(service->remove(alice, t.id).error().kind, Error::Kind::NotFound);
        QCOMPARE(service->get(alice, t.id).error().kind, Error::Kind::NotFound);
        QCOMPARE(service->complete(alice, t.id).error().kind, Error::Kind::NotFound);
    }

    void usersSeeOnlyTheirOwnTasks()
    {
        const Task t = service->create(alice, json(R"({"title": "private"})")).value();
        QCOMPARE(service->get(bob, t.id).error().kind, Error::Kind::NotFound);
        QCOMPARE(service->update(bob, t.id, json(R"({"title": "mine now"})")).error().kind, Error::Kind::NotFound);
        QCOMPARE(service->complete(bob, t.id).error().kind, Error::Kind::NotFound);
        QCOMPARE(service->remove(bob, t.id).error().kind, Error::Kind::NotFound);
        store::TaskQuery q;
        q.userId = bob;
        QCOMPARE(service->list(q).value().total, 0);
        QCOMPARE(service->get(alice, t.id).value().title, QStringLiteral("private"));
    }

    void listFiltersAndPages()
    {
        for (int i = 0; i < 25; ++i) {
            QJsonObject body{
                {QStringLiteral("title"), QStringLiteral("t%1").arg(i)},
                {QStringLiteral("priority"), i % 3 == 0 ? QStringLiteral("High") : QStringLiteral("Low")},
                {QStringLiteral("tags"), QJsonArray{i % 2 ? QStringLiteral("odd") : QStringLiteral("even_")}},
                {QStringLiteral("due_date"),
                 QStringLiteral("2026-12-%1T10:00:00Z").arg(i + 1, 2, 10, QLatin1Char('0'))}};
            QVERIFY(service->create(alice, body).ok());
        }
        QVERIFY(service->create(bob, json(R"({"title": "bobs task"})")).ok());
        store::TaskQuery q;
        q.userId = alice;
        q.limit = 10;
        auto page = service->list(q).value();
        QCOMPARE(page.total, 25);
        QCOMPARE(page.tasks.size(), 10);
        q.offset = 20;
        QCOMPARE(service->list(q).value().tasks.size(), 5);
        q.offset = 0;
        q.limit = 100;
        q.priority = QStringLiteral("High");
        QCOMPARE(service->list(q).value().total, 9);
        q.priority.clear();
        q.tag = QStringLiteral("even_");
        QCOMPARE(service->list(q).value().total, 13);
        q.tag = QStringLiteral("even"); // a tag is matched whole, not as a prefix
        QCOMPARE(service->list(q).value().total, 0);
        q.tag.clear();
        q.dueFrom = QDateTime::fromString(QStringLiteral("2026-12-05T00:00:00Z"), Qt::ISODate);
        q.dueTo = QDateTime::fromString(QStringLiteral("2026-12-10T00:00:00Z"), Qt::ISODate);
        QCOMPARE(service->list(q).value().total, 5);
        q.dueFrom.reset();
        q.dueTo.reset();
        QVERIFY(service->complete(alice, page.tasks.first().id).ok());
        q.status = QStringLiteral("completed");
        QCOMPARE(service->list(q).value().total, 1);
    }

    void groupCommitAnswersEachCommandAfterTheCommit()
    {
        QList<Result<Task>> answers;
        for (int i = 0; i < 50; ++i)
            service->createAsync(alice, QJsonObject{{QStringLiteral("title"), QStringLiteral("g%1").arg(i)}},
                                 [&answers](const Result<Task> &r) { answers.append(r); });
        // An invalid command is answered at once, without waiting for the group.
        service->createAsync(alice, QJsonObject{}, [&answers](const Result<Task> &r) { answers.append(r); });
        QCOMPARE(answers.size(), 1);
        QCOMPARE(answers.first().error().kind, Error::Kind::Invalid);
        QVERIFY2(outbox().isEmpty(), "nothing is written before the group commits");
        QVERIFY(QTest::qWaitFor([&] { return answers.size() == 51; }, 5000));
        for (int i = 1; i < answers.size(); ++i) {
            QVERIFY(answers[i].ok());
            QCOMPARE(service->get(alice, answers[i].value().id).value().title, QStringLiteral("g%1").arg(i - 1));
        }
        const auto rows = outbox();
        QCOMPARE(rows.size(), 50);
        // Commit order is command order, and ids sort in creation order (UUIDv7).
        for (int i = 1; i < rows.size(); ++i) {
            QVERIFY(rows[i].seq > rows[i - 1].seq);
            QVERIFY(rows[i].key > rows[i - 1].key);
        }
        // A synchronous command after queued ones is applied after them.
        service->createAsync(alice, QJsonObject{{QStringLiteral("title"), QStringLiteral("queued")}},
                             [](const auto &) {});
        QVERIFY(service->create(alice, QJsonObject{{QStringLiteral("title"), QStringLiteral("direct")}}).ok());
        const auto after = outbox();
        QCOMPARE(after.size(), 52);
        QVERIFY(lastEvent().as<events::TaskCreated>()->task.title == QStringLiteral("direct"));
    }

    void commitThreadCommitsGroupsInOrderBesideOtherWrites()
    {
        const Result<void> started = service->startCommitThread();
        QVERIFY2(started.ok(), qPrintable(started.error().message));
        service->setMaxGroupCommit(40);
        const Task existing = service->create(alice, json(R"({"title": "edited while creates commit"})")).value();
        QList<Result<Task>> answers;
        QList<QString> titles;
        int updates = 0;
        for (int round = 0; round < 10; ++round) {
            for (int i = 0; i < 30; ++i) {
                titles << QStringLiteral("t%1-%2").arg(round).arg(i);
                service->createAsync(alice, QJsonObject{{QStringLiteral("title"), titles.last()}},
                                     [&answers](const Result<Task> &r) { answers.append(r); });
            }
            // A command on this thread's connection while a group commits on the other one: it
            // waits for the write lock instead of failing with "database is locked".
            const auto u = service->update(
                alice, existing.id, QJsonObject{{QStringLiteral("title"), QStringLiteral("edit %1").arg(round)}});
            QVERIFY2(u.ok(), qPrintable(u.error().message));
            ++updates;
            QCoreApplication::processEvents();
        }
        QVERIFY(QTest::qWaitFor([&] { return answers.size() == titles.size(); }, 20000));
        for (int i = 0; i < answers.size(); ++i) {
            QVERIFY2(answers[i].ok(), qPrintable(answers[i].error().message));
            QCOMPARE(answers[i].value().title, titles[i]); // answered in command order
            QCOMPARE(service->get(alice, answers[i].value().id).value().title, titles[i]);
        }
        QCOMPARE(service->get(alice, existing.id).value().title, QStringLiteral("edit 9"));
        // Creates commit in command order: their outbox rows follow it.
        QList<QByteArray> createdKeys;
        for (const store::OutboxRecord &r : outbox())
            if (r.eventType.endsWith(QLatin1String("TaskCreated")) &&
                r.key != existing.id.toString(QUuid::WithoutBraces).toUtf8())
                createdKeys << r.key;
        QCOMPARE(createdKeys.size(), titles.size());
        for (int i = 0; i < answers.size(); ++i)
            QCOMPARE(createdKeys[i], answers[i].value().id.toString(QUuid::WithoutBraces).toUtf8());
        QCOMPARE(updates, 10);
    }

    void commitThreadCommitsWaitingCreatesWhenTheServiceGoes()
    {
        const Result<void> started = service->startCommitThread();
        QVERIFY2(started.ok(), qPrintable(started.error().message));
        int answered = 0;
        for (int i = 0; i < 25; ++i)
            service->createAsync(alice, QJsonObject{{QStringLiteral("title"), QStringLiteral("late %1").arg(i)}},
                                 [&answered](const auto &) { ++answered; });
        service.reset(); // accepted, not yet committed: committed before the connection closes
        service = std::make_unique<TaskService>(db.get(), &serializer);
        store::TaskQuery q;
        q.userId = alice;
        q.limit = 100;
        QCOMPARE(service->list(q).value().total, 25);
        QCOMPARE(outbox().size(), 25);
        QCOMPARE(answered, 0); // nobody is left to answer
    }

    void commandsWaitForAWriterOnAnotherThread()
    {
        // A worker's thread holds a write transaction on its own connection; a command here waits
        // for it to commit instead of failing with "database is locked".
        const QString url = db->url();
        std::atomic<int> stage{0};
        QString otherError;
        QThread *other = QThread::create([&] {
            QString why;
            auto conn = store::Database::open(url, &why);
            if (!conn) {
                otherError = why;
                stage = 2;
                return;
            }
            if (const Result<void> begun = conn->begin(); !begun) {
                otherError = begun.error().message;
                stage = 2;
                return;
            }
            stage = 1;
            QThread::msleep(300); // hold the write lock while the command on the main thread waits for it
            if (const Result<void> committed = conn->commit(); !committed)
                otherError = committed.error().message;
            stage = 2;
        });
        other->start();
        QVERIFY(QTest::qWaitFor([&] { return stage.load() > 0; }, 10000));
        const auto r = service->create(alice, json(R"({"title": "after the other writer"})"));
        QVERIFY2(r.ok(), qPrintable(r.error().message));
        QVERIFY(other->wait(10000));
        delete other;
        QVERIFY2(otherError.isEmpty(), qPrintable(otherError));
        QCOMPARE(service->get(alice, r.value().id).value().title, QStringLiteral("after the other writer"));
    }

    void concurrentInstancesMigrateOnce()
    {
        // Several instances starting at once on a fresh database: each opens it, one migrates.
        QString why;
        const QString url = fixture.freshUrl(&why);
        QVERIFY2(!url.isEmpty(), qPrintable(why));
        constexpr int kInstances = 4;
        QStringList errors[kInstances];
        bool opened[kInstances] = {};
        std::vector<std::thread> threads;
        for (int i = 0; i < kInstances; ++i)
            threads.emplace_back([&, i] {
                QString e;
                opened[i] = store::Database::open(url, &e) != nullptr;
                errors[i] << e;
            });
        for (auto &t : threads)
            t.join();
        for (int i = 0; i < kInstances; ++i)
            QVERIFY2(opened[i], qPrintable(errors[i].join(QString())));
        auto check = store::Database::open(url, &why);
        QVERIFY2(check, qPrintable(why));
        QSqlQuery q(check->db());
        // Each version recorded once (versions need not be contiguous), up to the latest.
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM schema_version")) &&
                q.next());
        QCOMPARE(q.value(0).toInt(), q.value(1).toInt());
        QCOMPARE(q.value(2).toInt(), store::Database::latestSchemaVersion());
    }

    void sqliteOpenWaitsForAnotherConnectionsWriteOnAFreshFile()
    {
        if (db->kind() != store::Database::Kind::SQLite)
            QSKIP("the journal mode is SQLite's");
        // Another instance is writing to a file still in rollback mode (as when two start at once on a
        // fresh file). Switching to WAL needs the file to itself, and SQLite refuses at once rather
        // than wait; the open must wait for the other writer instead of failing.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("fresh.db"));
        {
            QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
            other.setDatabaseName(path);
            QVERIFY(other.open());
            QSqlQuery q(other);
            QVERIFY(q.exec(QStringLiteral("BEGIN IMMEDIATE")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE other_instance (x INTEGER)")));
            QString why;
            std::atomic<bool> done{false};
            bool opened = false;
            std::thread opener([&] {
                opened = store::Database::open(QStringLiteral("sqlite:") + path, &why) != nullptr;
                done = true;
            });
            // The other writer commits once the open has had time to meet its lock.
            QThread::msleep(300);
            const bool waited = !done;
            QVERIFY(q.exec(QStringLiteral("COMMIT")));
            opener.join();
            QVERIFY2(opened, qPrintable(why));
            QVERIFY(waited);
            QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM other_instance")) && q.next()); // kept
            q.finish();
            // WAL is a property of the file: a connection opened now is in it.
            QSqlDatabase check = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
            check.setDatabaseName(path);
            QVERIFY(check.open());
            QSqlQuery mode(check);
            QVERIFY(mode.exec(QStringLiteral("PRAGMA journal_mode")) && mode.next());
            QCOMPARE(mode.value(0).toString(), QStringLiteral("wal"));
            mode.finish();
            check.close();
            other.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        QSqlDatabase::removeDatabase(QStringLiteral("check"));
    }

    void sqliteOutboxFromBeforeTheCursorKeepsWhatWasSentAndPending()
    {
        if (db->kind() != store::Database::Kind::SQLite)
            QSKIP("the sent cursor is SQLite's (PostgreSQL marks each row)");
        // Ten events, then the outbox as schema version 7 left it: 1-4 sent, 5 failed, 6 sent
        // (acknowledged before 5's neighbours), 7-10 pending.
        for (int i = 0; i < 10; ++i)
            QVERIFY(service->create(alice, QJsonObject{{QStringLiteral("title"), QStringLiteral("t%1").arg(i)}}).ok());
        const QString url = db->displayUrl();
        {
            QSqlQuery q(db->db());
            // Later versions go too (and their indexes), so version 8 and what follows run again.
            for (const char *sql :
                 {"DROP TABLE outbox_cursor", "DROP TABLE idempotency_keys",
                  "DELETE FROM schema_version WHERE version >= 8", "DROP INDEX reminders_closed",
                  "DROP INDEX notifications_read", "DROP INDEX tasks_deleted", "DROP INDEX notifications_unread",
                  "ALTER TABLE notifications DROP COLUMN read_at", "DROP TABLE notification_preferences",
                  "DROP TABLE audit_fts_state", "DROP TRIGGER audit_events_fts_delete",
                  "CREATE TRIGGER audit_events_fts_insert AFTER INSERT ON audit_events BEGIN"
                  " INSERT INTO audit_events_fts (rowid, event_type, payload)"
                  " VALUES (new.id, new.event_type, new.payload); END",
                  "CREATE TRIGGER audit_events_fts_delete AFTER DELETE ON audit_events BEGIN"
                  " INSERT INTO audit_events_fts (audit_events_fts, rowid, event_type, payload)"
                  " VALUES ('delete', old.id, old.event_type, old.payload); END",
                  "CREATE INDEX outbox_pending ON outbox(seq) WHERE status = 'pending'",
                  "UPDATE outbox SET status = 'sent', sent_at = 1 WHERE seq IN (1, 2, 3, 4, 6)",
                  "UPDATE outbox SET status = 'failed', last_error = 'too large' WHERE seq = 5"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
            // Versions 13, 15 and 16 (14's are undone above; 17 is PostgreSQL's only).
            for (const char *sql :
                 {"ALTER TABLE tasks DROP COLUMN recurrence_anchor", "ALTER TABLE tasks DROP COLUMN series_values",
                  "DROP TABLE user_settings", "DROP INDEX audit_events_actor",
                  "ALTER TABLE audit_events DROP COLUMN actor", "ALTER TABLE audit_events DROP COLUMN actor_source",
                  "ALTER TABLE outbox DROP COLUMN dead_lettered_at", "DROP TABLE consumer_offsets"})
                QVERIFY2(q.exec(QString::fromLatin1(sql)), sql);
        }
        service.reset();
        db.reset();
        QString why;
        db = store::Database::open(url, &why);
        QVERIFY2(db, qPrintable(why));
        QCOMPARE(db->schemaVersion(), store::Database::latestSchemaVersion());
        store::OutboxStore outbox(db.get());
        QList<qint64> pending;
        for (const auto &r : outbox.pending(0, 100).valueOr({}))
            pending << r.seq;
        QCOMPARE(pending, (QList<qint64>{7, 8, 9, 10}));
        QCOMPARE(outbox.stats().valueOr({}).pending, 4);
        QCOMPARE(outbox.failed(10).valueOr({}).size(), 1);
        // The relay's read agrees, and a cursor moved past 8 leaves 9 and 10.
        QVERIFY(outbox.markSent({7, 8}, 8).ok());
        pending.clear();
        QCOMPARE(outbox
                     .forEachPending(0, 100,
                                     [&pending](const store::PendingView &v) {
                                         pending << v.seq;
                                         return true;
                                     })
                     .valueOr(-1),
                 2);
        QCOMPARE(pending, (QList<qint64>{9, 10}));
        // Sent rows are pruned by age; the failed one stays.
        QCOMPARE(outbox.pruneSent(QDateTime::currentDateTimeUtc().addSecs(60)).valueOr(-1), 7);
        QCOMPARE(outbox.failed(10).valueOr({}).size(), 1);
        QCOMPARE(outbox.stats().valueOr({}).pending, 2);
    }

    // The hot-path statement handlers write with: values bound by position on either store, rows
    // changed counted, errors named, and bound values that were temporaries still read right.
    void statementBindsRunsAndNamesErrors()
    {
        QSqlQuery q(db->db());
        QVERIFY2(
            q.exec(QStringLiteral("CREATE TABLE effects_probe (k TEXT PRIMARY KEY, n BIGINT, note TEXT, key TEXT)")),
            qPrintable(q.lastError().text()));
        const char *insert =
            "INSERT INTO effects_probe (k, n, note, key) VALUES (?, ?, ?, ?) ON CONFLICT (k) DO NOTHING";
        for (int i = 0; i < 3; ++i) {
            const Result<int> rows = db->statement(insert)
                                         .bind(QStringLiteral("k%1 \u00e9").arg(i)) // a temporary QString
                                         .bind(qint64(1) << (40 + i))
                                         .bindNull()
                                         .bindUtf8(QByteArray("key-") + QByteArray::number(i)) // a temporary QByteArray
                                         .exec();
            QVERIFY2(rows.ok(), qPrintable(rows.error().message));
            QCOMPARE(*rows, 1);
        }
        QCOMPARE(db->statement(insert)
                     .bind(QStringLiteral("k1 \u00e9"))
                     .bind(7)
                     .bind(QStringLiteral("x"))
                     .bindNull()
                     .exec()
                     .valueOr(-1),
                 0); // the conflict does nothing
        QVERIFY(q.exec(QStringLiteral("SELECT k, n, note, key FROM effects_probe ORDER BY k")));
        for (int i = 0; i < 3; ++i) {
            QVERIFY(q.next());
            QCOMPARE(q.value(0).toString(), QStringLiteral("k%1 \u00e9").arg(i));
            QCOMPARE(q.value(1).toLongLong(), qint64(1) << (40 + i));
            QVERIFY(q.value(2).isNull());
            QCOMPARE(q.value(3).toString(), QStringLiteral("key-%1").arg(i));
        }
        QVERIFY(!q.next());
        q.finish();

        // A unique-constraint violation is a Conflict, not worth retrying.
        const Result<int> duplicate = db->statement("INSERT INTO effects_probe (k, n) VALUES (?, ?)")
                                          .bind(QStringLiteral("k0 \u00e9"))
                                          .bind(1)
                                          .exec();
        QVERIFY(!duplicate);
        QVERIFY2(duplicate.error().message.contains(QLatin1String("unique"), Qt::CaseInsensitive) ||
                     duplicate.error().message.contains(QLatin1String("duplicate"), Qt::CaseInsensitive),
                 qPrintable(duplicate.error().message));
        QCOMPARE(duplicate.error().kind, Error::Kind::Conflict);
        QVERIFY(!duplicate.error().retriable);
        const Result<int> noTable =
            db->statement("INSERT INTO no_such_table (k) VALUES (?)").bind(QStringLiteral("k")).exec();
        QVERIFY(!noTable);
        QVERIFY2(noTable.error().message.contains(QLatin1String("no_such_table")), qPrintable(noTable.error().message));
        QCOMPARE(noTable.error().kind, Error::Kind::Internal);
        // A statement that failed leaves the next one working.
        QCOMPARE(db->statement(insert).bind(QStringLiteral("k9")).bind(9).bindNull().bindNull().exec().valueOr(-1), 1);
        // Rows read back through the same path, columns typed.
        store::Database::Statement read = db->statement("SELECT k, n, note FROM effects_probe WHERE k = ?");
        QVERIFY(read.bind(QStringLiteral("k9")).exec().ok());
        QVERIFY(read.next());
        QCOMPARE(read.value(0).toString(), QStringLiteral("k9"));
        QCOMPARE(read.int64(1), qint64(9));
        QVERIFY(read.value(2).isNull());
        QVERIFY(!read.next());
        QVERIFY(read.status().ok());
    }

    // Database errors are classified in one place: a lost or busy connection is Unavailable and
    // worth retrying, a constraint violation is a Conflict, a bad statement is Internal.
    void errorsAreClassified()
    {
        using Kind = Error::Kind;
        QCOMPARE(store::Database::errorFromSqlite(5 /* SQLITE_BUSY */, QStringLiteral("database is locked")).kind,
                 Kind::Unavailable);
        QVERIFY(store::Database::errorFromSqlite(5, QStringLiteral("database is locked")).retriable);
        QCOMPARE(store::Database::errorFromSqlite(2067 /* SQLITE_CONSTRAINT_UNIQUE */, QStringLiteral("UNIQUE")).kind,
                 Kind::Conflict);
        QCOMPARE(store::Database::errorFromSqlite(1 /* SQLITE_ERROR */, QStringLiteral("no such table")).kind,
                 Kind::Internal);
        QCOMPARE(store::Database::errorFromSqlState(QStringLiteral("08006"), QStringLiteral("connection failure")).kind,
                 Kind::Unavailable);
        QCOMPARE(
            store::Database::errorFromSqlState(QStringLiteral("57P01"), QStringLiteral("terminating connection")).kind,
            Kind::Unavailable);
        QCOMPARE(
            store::Database::errorFromSqlState(QString(), QStringLiteral("server closed the connection unexpectedly"))
                .kind,
            Kind::Unavailable);
        QCOMPARE(store::Database::errorFromSqlState(QStringLiteral("23505"), QStringLiteral("duplicate key")).kind,
                 Kind::Conflict);
        QCOMPARE(store::Database::errorFromSqlState(QStringLiteral("22P02"), QStringLiteral("invalid input")).kind,
                 Kind::Invalid);
        QCOMPARE(store::Database::errorFromSqlState(QStringLiteral("42P01"), QStringLiteral("no such table")).kind,
                 Kind::Internal);

        // The same through a live connection: a duplicate key ...
        store::TaskStore tasks(db.get());
        Task t;
        t.id = QUuid::createUuid();
        t.userId = alice;
        t.title = QStringLiteral("once");
        t.status = QStringLiteral("pending");
        t.priority = QStringLiteral("Medium");
        t.createdAt = t.updatedAt = QDateTime::currentDateTimeUtc();
        QVERIFY(tasks.insert(t).ok());
        const Result<void> again = tasks.insert(t);
        QVERIFY(!again);
        QCOMPARE(again.error().kind, Kind::Conflict);
        QVERIFY(!again.error().retriable);

        // ... and a connection that cannot serve: locked by another writer (SQLite), or closed by
        // the server (PostgreSQL).
        QString why;
        auto conn = store::Database::open(db->url(), &why);
        QVERIFY2(conn, qPrintable(why));
        if (db->kind() == store::Database::Kind::SQLite) {
            QSqlDatabase other =
                QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tst-other-writer"));
            other.setDatabaseName(db->db().databaseName());
            QVERIFY(other.open());
            {
                QSqlQuery lock(other);
                QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
                QVERIFY(conn->statement(QStringLiteral("PRAGMA busy_timeout = 0"), store::Database::Reuse::Once)
                            .exec()
                            .ok());
                t.id = QUuid::createUuid();
                const Result<void> busy = store::TaskStore(conn.get()).insert(t);
                QVERIFY(!busy);
                QCOMPARE(busy.error().kind, Kind::Unavailable);
                QVERIFY(busy.error().retriable);
                QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            }
            other.close();
            other = QSqlDatabase();
            QSqlDatabase::removeDatabase(QStringLiteral("tst-other-writer"));
        } else {
            // The server may answer this one before it acts on the termination.
            const Result<int> killed = conn->statement(QStringLiteral("SELECT pg_terminate_backend(pg_backend_pid())"),
                                                       store::Database::Reuse::Once)
                                           .exec();
            if (!killed)
                QCOMPARE(killed.error().kind, Kind::Unavailable);
            const Result<bool> gone = store::TaskStore(conn.get()).exists(t.id);
            QVERIFY(!gone);
            QCOMPARE(gone.error().kind, Kind::Unavailable);
            QVERIFY(gone.error().retriable);
        }
    }

    void newerSchemaIsRefused()
    {
        QSqlQuery q(db->db());
        QVERIFY(q.exec(
            QStringLiteral("INSERT INTO schema_version (version, description, applied_at) VALUES (999, 'future', 0)")));
        const QString url = db->kind() == store::Database::Kind::SQLite
                                ? db->displayUrl()
                                : QString(); // PostgreSQL: reopen through the same URL below
        QString why;
        if (db->kind() == store::Database::Kind::SQLite) {
            service.reset();
            db.reset();
            QVERIFY(!store::Database::open(url, &why));
            QVERIFY2(why.contains(QLatin1String("newer than this build")), qPrintable(why));
        } else {
            QCOMPARE(db->schemaVersion(), 999);
        }
    }
};

QTEST_GUILESS_MAIN(TestTaskService)
#include "tst_taskservice.moc"
