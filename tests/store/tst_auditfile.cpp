#include "services/Retention.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::store;

/// The audit log's own SQLite file: where it is for a node database, and the move of the entries
/// and the audit group's ledger rows that an older version kept in the main file.
class TestAuditFile : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;

    static qint64 count(Database *db, const QString &sql)
    {
        Database::Statement q = db->statement(sql, Database::Reuse::Once);
        return q.exec() && q.next() ? q.int64(0) : -1;
    }

    static AuditEntry entry(int i)
    {
        AuditEntry e;
        e.eventId = QStringLiteral("00000000-0000-7000-8000-%1").arg(i, 12, 10, QLatin1Char('0'));
        e.eventType = QStringLiteral("com.todo.events.TaskCreated");
        e.topic = QStringLiteral("todo.tasks.events");
        e.partition = 0;
        e.offset = i;
        e.userId = QUuid::fromString(QStringLiteral("11111111-1111-4111-8111-111111111111"));
        e.occurredAt = e.recordedAt = QDateTime::fromMSecsSinceEpoch(1'800'000'000'000 + i, Qt::UTC);
        e.payload = QJsonObject{{QStringLiteral("title"), QStringLiteral("turnip %1").arg(i)}};
        return e;
    }

    /// A main file as an older version left it: audit entries 0..n-1, the audit group's ledger
    /// rows for them and one ledger row of another group.
    static void fillOldMainFile(Database *db, int n)
    {
        for (int i = 0; i < n; ++i) {
            QVERIFY(AuditStore(db).insert(entry(i)).valueOr(false));
            QVERIFY(db->statement("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition,"
                                  " kafka_offset, processed_at) VALUES ('audit-log-cg', ?, 'todo.tasks.events', 0,"
                                  " ?, 1)")
                        .bind(entry(i).eventId)
                        .bind(qint64(i))
                        .exec());
        }
        QVERIFY(db->statement("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition,"
                              " kafka_offset, processed_at) VALUES ('task-broadcaster-cg', 'x', 't', 0, 0, 1)"
                              " ON CONFLICT (consumer_group, event_id) DO NOTHING")
                    .exec());
    }

private slots:
    void urlBesideTheMainFile()
    {
        QCOMPARE(AuditStore::databaseUrlFor(QStringLiteral("/var/lib/taskstream/taskstream.db")),
                 QStringLiteral("sqlite:/var/lib/taskstream/taskstream-audit.db"));
        QCOMPARE(AuditStore::databaseUrlFor(QStringLiteral("sqlite:/data/x.sqlite3")),
                 QStringLiteral("sqlite:/data/x-audit.sqlite3"));
        QCOMPARE(AuditStore::databaseUrlFor(QStringLiteral("/data/state")), QStringLiteral("sqlite:/data/state-audit"));
        // One database where the audit log cannot have a file of its own.
        const QString pg = QStringLiteral("postgresql://u:p@localhost:5432/taskstream");
        QCOMPARE(AuditStore::databaseUrlFor(pg), pg);
        QCOMPARE(AuditStore::databaseUrlFor(QStringLiteral(":memory:")), QStringLiteral(":memory:"));
    }

    void olderEntriesMoveIntoTheAuditFile()
    {
        const QString mainPath = dir.filePath(QStringLiteral("moved.db"));
        QString why;
        std::unique_ptr<Database> main = Database::open(mainPath, &why);
        QVERIFY2(main, qPrintable(why));
        fillOldMainFile(main.get(), 30);

        std::unique_ptr<Database> audit = AuditStore::openDatabase(mainPath, &why);
        QVERIFY2(audit, qPrintable(why));
        QCOMPARE(audit->displayUrl(), QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("moved-audit.db")));
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 30);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group ="
                                                   " 'audit-log-cg'")),
                 30);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group <>"
                                                   " 'audit-log-cg'")),
                 0);
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 0);
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group ="
                                                  " 'audit-log-cg'")),
                 0);
        // Other groups' ledger rows stay with their effects in the main file.
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events")), 1);

        // The moved entries are searchable (the full-text index followed them) and keep their ids.
        AuditQuery q;
        q.text = QStringLiteral("turnip 7");
        bool more = false;
        const Result<QList<AuditEntry>> found = AuditStore(audit.get()).search(q, &more);
        QVERIFY2(found, qPrintable(found ? QString() : found.error().message));
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().eventId, entry(7).eventId);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT MIN(id) FROM audit_events")), 1);

        // New entries come after the moved ones.
        QVERIFY(AuditStore(audit.get()).insert(entry(100)).valueOr(false));
        QCOMPARE(count(audit.get(),
                       QStringLiteral("SELECT id FROM audit_events WHERE event_id = '%1'").arg(entry(100).eventId)),
                 31);
    }

    void aMoveInterruptedBeforeTheDeleteIsNotDuplicated()
    {
        // A crash after the copy committed and before the main file's delete leaves the rows in
        // both files: the next start copies nothing twice and deletes them from the main file.
        const QString mainPath = dir.filePath(QStringLiteral("interrupted.db"));
        QString why;
        std::unique_ptr<Database> main = Database::open(mainPath, &why);
        QVERIFY2(main, qPrintable(why));
        fillOldMainFile(main.get(), 10);
        {
            std::unique_ptr<Database> audit = AuditStore::openDatabase(mainPath, &why);
            QVERIFY2(audit, qPrintable(why));
            QVERIFY(AuditStore(audit.get()).insert(entry(50)).valueOr(false)); // written since
        }
        fillOldMainFile(main.get(), 10); // as if the delete had not happened

        std::unique_ptr<Database> audit = AuditStore::openDatabase(mainPath, &why);
        QVERIFY2(audit, qPrintable(why));
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 11);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(DISTINCT event_id) FROM audit_events")), 11);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events")), 10);
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 0);
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM processed_events WHERE consumer_group ="
                                                  " 'audit-log-cg'")),
                 0);
    }

    void erasureReachesTheAuditFile()
    {
        const QString mainPath = dir.filePath(QStringLiteral("erase.db"));
        QString why;
        std::unique_ptr<Database> main = Database::open(mainPath, &why);
        QVERIFY2(main, qPrintable(why));
        std::unique_ptr<Database> audit = AuditStore::openDatabase(mainPath, &why);
        QVERIFY2(audit, qPrintable(why));
        for (int i = 0; i < 3; ++i)
            QVERIFY(AuditStore(audit.get()).insert(entry(i)).valueOr(false));
        const QUuid user = entry(0).userId;
        const QUuid admin = QUuid::createUuid();

        const Result<services::ErasedUserData> erased = services::eraseUserData(main.get(), user, admin, audit.get());
        QVERIFY2(erased, qPrintable(erased ? QString() : erased.error().message));
        QCOMPARE(erased->auditEntries, 3);
        QVERIFY(!main->inTransaction());
        QVERIFY(!audit->inTransaction());
        // Only the record of the erasure is left, in the audit file.
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 1);
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events WHERE event_type ="
                                                   " 'com.todo.admin.UserDataErased'")),
                 1);
        QCOMPARE(count(main.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 0);
    }

    void fullTextIndexIsBuiltAfterTheWritesAndStaysConsistent()
    {
        QString why;
        std::unique_ptr<Database> db = Database::open(dir.filePath(QStringLiteral("fts.db")), &why);
        QVERIFY2(db, qPrintable(why));
        AuditStore audit(db.get());
        auto indexed = [&] {
            return count(db.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events_fts WHERE audit_events_fts"
                                                  " MATCH '\"turnip\"'"));
        };
        for (int i = 0; i < 5; ++i)
            QVERIFY(audit.insert(entry(i)).valueOr(false));
        QCOMPARE(indexed(), 0); // written, not indexed yet
        QCOMPARE(audit.indexPending().valueOr(-1), 5);
        QCOMPARE(indexed(), 5);
        QCOMPARE(audit.indexPending().valueOr(-1), 0); // nothing twice

        // Rows deleted before and after indexing (retention, erasure) leave a consistent index.
        for (int i = 5; i < 8; ++i)
            QVERIFY(audit.insert(entry(i)).valueOr(false));
        QVERIFY(db->statement(QStringLiteral("DELETE FROM audit_events WHERE event_id IN (?, ?)"),
                              Database::Reuse::Once)
                    .bind(entry(1).eventId) // indexed
                    .bind(entry(6).eventId) // not yet
                    .exec());
        QCOMPARE(audit.indexPending().valueOr(-1), 2);
        QCOMPARE(indexed(), 6);
        QVERIFY(db->statement(QStringLiteral("INSERT INTO audit_events_fts (audit_events_fts) VALUES"
                                             " ('integrity-check')"),
                              Database::Reuse::Once)
                    .exec());

        // A text search indexes what is pending first: it sees every entry.
        QVERIFY(audit.insert(entry(9)).valueOr(false));
        AuditQuery q;
        q.text = QStringLiteral("turnip 9");
        bool more = false;
        const Result<QList<AuditEntry>> found = audit.search(q, &more);
        QVERIFY2(found, qPrintable(found ? QString() : found.error().message));
        QCOMPARE(found->size(), 1);
        QCOMPARE(found->first().eventId, entry(9).eventId);
    }

    void aFreshMainFileMovesNothing()
    {
        const QString mainPath = dir.filePath(QStringLiteral("fresh.db"));
        QString why;
        std::unique_ptr<Database> main = Database::open(mainPath, &why);
        QVERIFY2(main, qPrintable(why));
        std::unique_ptr<Database> audit = AuditStore::openDatabase(mainPath, &why);
        QVERIFY2(audit, qPrintable(why));
        QCOMPARE(count(audit.get(), QStringLiteral("SELECT COUNT(*) FROM audit_events")), 0);
        // The main file is not left attached: a later ATTACH of the same name works.
        QVERIFY(audit->statement(QStringLiteral("ATTACH DATABASE ? AS previous"), Database::Reuse::Once)
                    .bind(mainPath)
                    .exec());
    }
};

QTEST_GUILESS_MAIN(TestAuditFile)
#include "tst_auditfile.moc"
