// Database when its storage fails: a full or read-only SQLite file fails writes as "unavailable"
// (a 503 at the API) without harm and works again once fixed; a PostgreSQL connection killed by
// the server is reopened by itself, at once for a BEGIN, with backoff otherwise.

#include "store/Database.h"
#include "support/TestDatabase.h"

#include <QScopeGuard>
#include <QTest>

using namespace taskstream;
using namespace taskstream::store;
using namespace testsupport;

class TestDatabaseFaults : public QObject
{
    Q_OBJECT
    TestDatabase fixture;

    std::unique_ptr<Database> open()
    {
        QString why;
        const QString url = fixture.freshUrl(&why);
        if (url.isEmpty()) {
            qWarning("%s", qPrintable(why));
            return nullptr;
        }
        std::unique_ptr<Database> db = Database::open(url, &why);
        if (!db)
            qWarning("%s", qPrintable(why));
        return db;
    }

    static Result<int> run(Database &db, const QString &sql) { return db.statement(sql, Database::Reuse::Once).exec(); }

    static Result<int> insertRow(Database &db, const QString &value)
    {
        return db.statement("INSERT INTO probe (value) VALUES (?)").bind(value).exec();
    }

    /// The server's process id of \a db's connection (PostgreSQL).
    static qint64 backendPid(Database &db)
    {
        Database::Statement q = db.statement(QStringLiteral("SELECT pg_backend_pid()"), Database::Reuse::Once);
        return q.exec() && q.next() ? q.int64(0) : -1;
    }

    /// Ends \a pid's session from another connection, as a server restart or an administrator would.
    static bool terminate(Database &other, qint64 pid)
    {
        Database::Statement q = other.statement(QStringLiteral("SELECT pg_terminate_backend(?)"));
        return q.bind(pid).exec() && q.next() && q.value(0).toBool();
    }

private slots:
    void sqliteFullFailsWritesAsUnavailableUntilThereIsRoom()
    {
        if (fixture.isPostgres())
            QSKIP("SQLite's page limit");
        std::unique_ptr<Database> db = open();
        QVERIFY(db);
        QVERIFY(run(*db, QStringLiteral("CREATE TABLE probe (value TEXT NOT NULL)")).ok());
        QVERIFY(insertRow(*db, QStringLiteral("before")).ok());
        // The file may not grow: as a full disk looks to SQLite.
        Database::Statement pages = db->statement(QStringLiteral("PRAGMA page_count"), Database::Reuse::Once);
        QVERIFY(pages.exec().ok() && pages.next());
        const qint64 count = pages.int64(0);
        QVERIFY(run(*db, QStringLiteral("PRAGMA max_page_count = %1").arg(count)).ok());

        Error failure;
        QVERIFY(db->begin().ok());
        for (int i = 0; i < 10000; ++i) {
            const Result<int> r = insertRow(*db, QString(2000, QLatin1Char('x')));
            if (!r) {
                failure = r.error();
                break;
            }
        }
        db->rollback();
        QCOMPARE(failure.kind, Error::Kind::Unavailable);
        QVERIFY(failure.retriable);
        QVERIFY2(failure.message.contains(QLatin1String("full")), qPrintable(failure.message));

        QVERIFY(run(*db, QStringLiteral("PRAGMA max_page_count = 1073741823")).ok());
        QVERIFY(insertRow(*db, QStringLiteral("after")).ok());
        Database::Statement check = db->statement(QStringLiteral("PRAGMA integrity_check"), Database::Reuse::Once);
        QVERIFY(check.exec().ok() && check.next());
        QCOMPARE(check.value(0).toString(), QStringLiteral("ok"));
        Database::Statement rows = db->statement(QStringLiteral("SELECT COUNT(*) FROM probe"), Database::Reuse::Once);
        QVERIFY(rows.exec().ok() && rows.next());
        QCOMPARE(rows.int64(0), qint64(2)); // the failed transaction left nothing behind
    }

    void sqliteReadOnlyFailsWritesAsUnavailable()
    {
        if (fixture.isPostgres())
            QSKIP("SQLite's read-only mode");
        std::unique_ptr<Database> db = open();
        QVERIFY(db);
        QVERIFY(run(*db, QStringLiteral("CREATE TABLE probe (value TEXT NOT NULL)")).ok());
        QVERIFY(run(*db, QStringLiteral("PRAGMA query_only = ON")).ok());
        const Result<int> refused = insertRow(*db, QStringLiteral("refused"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Unavailable);
        QVERIFY2(refused.error().message.contains(QLatin1String("cannot be written")),
                 qPrintable(refused.error().message));
        QVERIFY(!db->isConnectionLost()); // nothing to reconnect on SQLite
        QVERIFY(run(*db, QStringLiteral("PRAGMA query_only = OFF")).ok());
        QVERIFY(insertRow(*db, QStringLiteral("accepted")).ok());
    }

    // The server restarted while the connection was idle: the next transaction begins on a new
    // connection without failing, and session state (the generation) shows it is a new one.
    void postgresBeginOnADeadConnectionReconnectsAtOnce()
    {
        if (!fixture.isPostgres())
            QSKIP("a server-side session to end: run with TASKSTREAM_TEST_DB=postgresql");
        std::unique_ptr<Database> db = open();
        std::unique_ptr<Database> admin = open();
        QVERIFY(db && admin);
        const qint64 pid = backendPid(*db);
        QVERIFY(pid > 0);
        const quint64 generation = db->connectionGeneration();
        const quint64 reconnects = Database::reconnectCount();
        QVERIFY(terminate(*admin, pid));
        // The session is gone once the server says so (the sentinel: it no longer lists it).
        QVERIFY(QTest::qWaitFor(
            [&] {
                Database::Statement q =
                    admin->statement(QStringLiteral("SELECT COUNT(*) FROM pg_stat_activity WHERE pid = ?"));
                return q.bind(pid).exec() && q.next() && q.int64(0) == 0;
            },
            10000));

        const Result<void> begun = db->begin();
        QVERIFY2(begun.ok(), begun.ok() ? "" : qPrintable(begun.error().message));
        QVERIFY(run(*db, QStringLiteral("SELECT 1")).ok());
        QVERIFY(db->commit().ok());
        QCOMPARE(db->connectionGeneration(), generation + 1);
        QVERIFY(Database::reconnectCount() > reconnects);
        QVERIFY(backendPid(*db) != pid);
    }

    // A connection lost in the middle of a transaction: its work fails as unavailable (never
    // reported done), the connection is marked lost, and a later transaction succeeds on a new
    // connection without anyone reopening it.
    void postgresLossInATransactionIsUnavailableThenRecovers()
    {
        if (!fixture.isPostgres())
            QSKIP("a server-side session to end: run with TASKSTREAM_TEST_DB=postgresql");
        std::unique_ptr<Database> db = open();
        QVERIFY(db);
        QString why;
        std::unique_ptr<Database> admin = Database::open(db->url(), &why); // the same database
        QVERIFY2(admin, qPrintable(why));
        QVERIFY(run(*db, QStringLiteral("CREATE TABLE probe (value TEXT NOT NULL)")).ok());
        const qint64 pid = backendPid(*db);
        QVERIFY(pid > 0);
        QVERIFY(db->begin().ok());
        QVERIFY(insertRow(*db, QStringLiteral("in the lost transaction")).ok());
        QVERIFY(terminate(*admin, pid));
        Result<int> failed = insertRow(*db, QStringLiteral("after the loss"));
        Result<void> committed;
        if (failed)
            committed = db->commit();
        QVERIFY(!failed || !committed);
        const Error e = failed ? committed.error() : failed.error();
        QCOMPARE(e.kind, Error::Kind::Unavailable);
        if (db->inTransaction())
            db->rollback();
        QVERIFY(db->isConnectionLost());

        QVERIFY(QTest::qWaitFor([&] { return db->begin().ok(); }, 10000));
        QVERIFY(insertRow(*db, QStringLiteral("on the new connection")).ok());
        QVERIFY(db->commit().ok());
        QVERIFY(!db->isConnectionLost());
        Database::Statement rows = admin->statement(QStringLiteral("SELECT value FROM probe"), Database::Reuse::Once);
        QVERIFY(rows.exec().ok());
        QStringList values;
        while (rows.next())
            values << rows.value(0).toString();
        QCOMPARE(values, QStringList{QStringLiteral("on the new connection")});
    }
    // A statement that runs long on a server that answers is not a lost one: it is left alone.
    void postgresLongStatementOnAnAnsweringServerIsNotCut()
    {
        if (!fixture.isPostgres())
            QSKIP("the answer watchdog is PostgreSQL's: run with TASKSTREAM_TEST_DB=postgresql");
        std::unique_ptr<Database> db = open();
        QVERIFY(db);
        // Longer than the watchdog's wait before it asks the server (5 s).
        Database::Statement q = db->statement(QStringLiteral("SELECT pg_sleep(7), 42"), Database::Reuse::Once);
        const Result<int> ran = q.exec();
        QVERIFY2(ran.ok(), ran.ok() ? "" : qPrintable(ran.error().message));
        QVERIFY(q.next());
        QCOMPARE(q.int64(1), qint64(42));
        QVERIFY(!db->isConnectionLost());
    }

    // The server stops answering without closing anything (every process of it stopped): no TCP
    // timeout fires, and libpq would wait for good. The statement fails as unavailable instead, the
    // connection counts as lost, and once the server answers again the next use reconnects.
    void postgresServerThatStopsAnsweringFailsTheStatementAsUnavailable()
    {
        if (!fixture.isPostgres())
            QSKIP("the answer watchdog is PostgreSQL's: run with TASKSTREAM_TEST_DB=postgresql");
        std::unique_ptr<Database> db = open();
        QVERIFY(db);
        QVERIFY(run(*db, QStringLiteral("CREATE TABLE probe (value TEXT NOT NULL)")).ok());
        QString why;
        if (!fixture.freezeServer(&why))
            QSKIP(qPrintable(QStringLiteral("the server cannot be frozen here: ") + why));
        auto thaw = qScopeGuard([&] {
            QString ignored;
            fixture.thawServer(&ignored);
        });
        const Result<int> failed = insertRow(*db, QStringLiteral("to a server that does not answer"));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error().kind, Error::Kind::Unavailable);
        QVERIFY(db->isConnectionLost());

        QVERIFY2(fixture.thawServer(&why), qPrintable(why));
        thaw.dismiss();
        QVERIFY(QTest::qWaitFor([&] { return insertRow(*db, QStringLiteral("after")).ok(); }, 20000));
        QVERIFY(!db->isConnectionLost());
    }
};

QTEST_GUILESS_MAIN(TestDatabaseFaults)
#include "tst_database.moc"
