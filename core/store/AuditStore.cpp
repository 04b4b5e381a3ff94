#include "store/AuditStore.h"

#include "store/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] = "id, event_id, event_type, topic, kafka_partition, kafka_offset, user_id, task_id, "
                        "occurred_at, recorded_at, payload, actor, actor_source";

QVariant textOrNull(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(s);
}

QVariant uuidOrNull(const QUuid &u)
{
    return u.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(u.toString(QUuid::WithoutBraces));
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

AuditEntry fromRow(const Database::Statement &q)
{
    AuditEntry e;
    e.id = q.value(0).toLongLong();
    e.eventId = q.value(1).toString();
    e.eventType = q.value(2).toString();
    e.topic = q.value(3).toString();
    e.partition = q.value(4).isNull() ? -1 : q.value(4).toInt();
    e.offset = q.value(5).isNull() ? -1 : q.value(5).toLongLong();
    e.userId = QUuid::fromString(q.value(6).toString());
    e.taskId = QUuid::fromString(q.value(7).toString());
    e.occurredAt = QDateTime::fromMSecsSinceEpoch(q.value(8).toLongLong(), Qt::UTC);
    e.recordedAt = QDateTime::fromMSecsSinceEpoch(q.value(9).toLongLong(), Qt::UTC);
    e.payload = QJsonDocument::fromJson(q.value(10).toString().toUtf8()).object();
    e.actor = q.value(11).toString();
    e.actorSource = q.value(12).toString();
    return e;
}
} // namespace

QJsonObject AuditEntry::toJson() const
{
    auto orNull = [](const QUuid &u) {
        return u.isNull() ? QJsonValue() : QJsonValue(u.toString(QUuid::WithoutBraces));
    };
    return QJsonObject{
        {QStringLiteral("id"), id},
        {QStringLiteral("event_id"), eventId},
        {QStringLiteral("type"), eventType},
        {QStringLiteral("topic"), topic},
        {QStringLiteral("partition"), partition < 0 ? QJsonValue() : QJsonValue(partition)},
        {QStringLiteral("offset"), offset < 0 ? QJsonValue() : QJsonValue(offset)},
        {QStringLiteral("user_id"), orNull(userId)},
        {QStringLiteral("task_id"), orNull(taskId)},
        {QStringLiteral("actor"), actor.isEmpty() ? QJsonValue() : QJsonValue(actor)},
        {QStringLiteral("actor_source"), actorSource.isEmpty() ? QJsonValue() : QJsonValue(actorSource)},
        {QStringLiteral("occurred_at"), isoTime(occurredAt)},
        {QStringLiteral("recorded_at"), isoTime(recordedAt)},
        {QStringLiteral("payload"), payload},
    };
}

Result<bool> AuditStore::insert(const AuditEntry &entry)
{
    // The runner's ledger already stops a group from handling an event twice; the unique event
    // id keeps a second writer (another group, a replay under a new id scheme) from duplicating it.
    const Result<int> rows =
        m_db->statement("INSERT INTO audit_events (event_id, event_type, topic, kafka_partition,"
                        " kafka_offset, user_id, task_id, occurred_at, recorded_at, payload, actor, actor_source)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING")
            .bind(entry.eventId)
            .bind(entry.eventType)
            .bind(entry.topic)
            .bind(entry.partition < 0 ? QVariant(QMetaType(QMetaType::Int)) : QVariant(entry.partition))
            .bind(entry.offset < 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(entry.offset))
            .bind(uuidOrNull(entry.userId))
            .bind(uuidOrNull(entry.taskId))
            .bind(entry.occurredAt.toMSecsSinceEpoch())
            .bind(entry.recordedAt.toMSecsSinceEpoch())
            .bind(QString::fromUtf8(QJsonDocument(entry.payload).toJson(QJsonDocument::Compact)))
            .bind(textOrNull(entry.actor))
            .bind(textOrNull(entry.actorSource))
            .exec();
    if (!rows)
        return rows.error();
    return *rows > 0;
}

QString AuditStore::ftsQuery(const QString &text)
{
    // Each word becomes an FTS5 string ("..." with quotes doubled), so operators, column filters
    // and stray quotes in the user's text are searched for, never parsed. Words without a letter
    // or digit index to nothing and are left out.
    static const QRegularExpression wordChar(QStringLiteral("[\\p{L}\\p{N}]"));
    QStringList terms;
    for (const QString &word : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        if (word.contains(wordChar))
            terms << QLatin1Char('"') + QString(word).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
                         QLatin1Char('"');
    return terms.join(QLatin1Char(' '));
}

Result<QList<AuditEntry>> AuditStore::search(const AuditQuery &query, bool *more)
{
    // The entries of the audit role's last batches may not be in the full-text index yet.
    if (!query.text.isEmpty() && !m_db->inTransaction()) {
        if (const Result<int> indexed = indexPending(); !indexed)
            return indexed.error().context(QStringLiteral("audit full-text index"));
    }
    QStringList where;
    QVariantList binds;
    if (query.userId) {
        where << QStringLiteral("user_id = ?");
        binds << query.userId->toString(QUuid::WithoutBraces);
    }
    if (query.taskId) {
        where << QStringLiteral("task_id = ?");
        binds << query.taskId->toString(QUuid::WithoutBraces);
    }
    if (!query.eventType.isEmpty()) {
        where << QStringLiteral("event_type = ?");
        binds << query.eventType;
    }
    if (!query.actor.isEmpty()) {
        where << QStringLiteral("actor = ?");
        binds << query.actor;
    }
    if (query.actorSource == QLatin1String("worker")) {
        // Every worker: "worker:<group>" (a range, so an index on the column could serve it).
        where << QStringLiteral("actor_source >= 'worker:' AND actor_source < 'worker;'");
    } else if (!query.actorSource.isEmpty()) {
        where << QStringLiteral("actor_source = ?");
        binds << query.actorSource;
    }
    if (query.from) {
        where << QStringLiteral("occurred_at >= ?");
        binds << query.from->toMSecsSinceEpoch();
    }
    if (query.to) {
        where << QStringLiteral("occurred_at < ?");
        binds << query.to->toMSecsSinceEpoch();
    }
    if (!query.text.trimmed().isEmpty()) {
        if (m_db->kind() == Database::Kind::SQLite) {
            const QString match = ftsQuery(query.text);
            bool common = false;
            if (!query.userId && !query.taskId) {
                const Result<bool> many = matchesAtLeast(match, CommonMatchCount);
                if (!many)
                    return many.error();
                common = *many;
            }
            // Two plans, each fast where the other is slow. Walking the entries newest first and
            // probing the index per entry stops after a page when matches are dense: a user's or a
            // task's entries, or a common word. Collecting the word's matches first wins when they
            // are few (a rare word over the whole log).
            if (query.userId || query.taskId || common)
                where << QStringLiteral("EXISTS (SELECT 1 FROM audit_events_fts WHERE audit_events_fts MATCH ?"
                                        " AND rowid = audit_events.id)");
            else
                where << QStringLiteral("id IN (SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH ?)");
            binds << match;
        } else {
            where << QStringLiteral("search @@ plainto_tsquery('simple', ?)");
            binds << query.text;
        }
    }
    if (query.after) {
        where << (query.oldestFirst ? QStringLiteral("(occurred_at, id) > (?, ?)")
                                    : QStringLiteral("(occurred_at, id) < (?, ?)"));
        binds << query.after->first << query.after->second;
    }
    QString sql = QStringLiteral("SELECT %1 FROM audit_events").arg(QLatin1String(kColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += query.oldestFirst ? QStringLiteral(" ORDER BY occurred_at, id LIMIT ?")
                             : QStringLiteral(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
    binds << query.limit + 1;

    // PostgreSQL plans a statement prepared once and run often for any parameter ("generic plan"
    // after five runs); with a tsquery it cannot then tell a rare word from a common one and read
    // whole posting lists (p99 above 100 ms over 1M entries). A statement of its own per search
    // is planned for its words. SQLite's plan does not depend on the values: reuse it.
    Database::Statement q = m_db->statement(sql, m_db->kind() == Database::Kind::PostgreSQL ? Database::Reuse::Once
                                                                                            : Database::Reuse::Cached);
    for (const QVariant &v : std::as_const(binds))
        q.bind(v);
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    QList<AuditEntry> out;
    while (q.next())
        out.append(fromRow(q));
    if (const Result<void> read = q.status(); !read)
        return read.error();
    *more = out.size() > query.limit;
    if (*more)
        out.removeLast();
    return out;
}

Result<int> AuditStore::purgeBatch(const QDateTime &before, int batch)
{
    const bool own = !m_db->inTransaction();
    if (own) {
        if (const Result<void> begun = m_db->begin(); !begun)
            return begun.error();
    }
    const Result<int> deleted = m_db->statement("DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events"
                                                " WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?)")
                                    .bind(before.toMSecsSinceEpoch())
                                    .bind(batch)
                                    .exec();
    if (!deleted) {
        if (own)
            m_db->rollback();
        return deleted;
    }
    if (own) {
        if (const Result<void> committed = m_db->commit(); !committed)
            return committed.error();
    }
    return deleted;
}

Result<bool> AuditStore::matchesAtLeast(const QString &match, int n)
{
    // FTS5 yields matches lazily, so counting stops after n however common the words are.
    Database::Statement q = m_db->statement("SELECT COUNT(*) FROM (SELECT rowid FROM audit_events_fts"
                                            " WHERE audit_events_fts MATCH ? LIMIT ?)");
    if (const Result<int> ran = q.bind(match).bind(n).exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? Error::internal(QStringLiteral("COUNT(*) gave no row")) : q.status().error();
    return q.int64(0) >= n;
}

Result<qint64> AuditStore::count()
{
    Database::Statement q = m_db->statement("SELECT COUNT(*) FROM audit_events");
    if (const Result<int> ran = q.exec(); !ran)
        return ran.error();
    if (!q.next())
        return q.status().ok() ? Error::internal(QStringLiteral("COUNT(*) gave no row")) : q.status().error();
    return q.int64(0);
}

Result<qint64> AuditStore::approximateCount()
{
    if (m_db->kind() == Database::Kind::SQLite)
        return count();
    qint64 estimate = -1;
    {
        Database::Statement q =
            m_db->statement("SELECT reltuples::BIGINT FROM pg_class WHERE oid = 'audit_events'::regclass");
        if (const Result<int> ran = q.exec(); !ran)
            return ran.error();
        if (!q.next())
            return q.status().ok() ? Error::internal(QStringLiteral("no row for audit_events in pg_class"))
                                   : q.status().error();
        estimate = q.int64(0);
    }
    return estimate >= 0 ? Result<qint64>(estimate) : count();
}

namespace {
/// The audit consumer group, whose ledger rows live with the audit entries.
const char kAuditGroup[] = "audit-log-cg";

bool isSqliteFileUrl(const QString &url, QString *path)
{
    if (url.startsWith(QLatin1String("postgres://")) || url.startsWith(QLatin1String("postgresql://")))
        return false;
    *path = url.startsWith(QLatin1String("sqlite:")) ? url.mid(7) : url;
    return !path->isEmpty() && !path->contains(QLatin1String(":memory:")) && !path->startsWith(QLatin1String("file:"));
}
} // namespace

Result<int> AuditStore::indexPending()
{
    if (m_db->kind() != Database::Kind::SQLite)
        return 0;
    {
        // Read first: a search with nothing to index takes no write lock.
        Database::Statement q = m_db->statement(
            "SELECT (SELECT COALESCE(MAX(id), 0) FROM audit_events) > indexed_upto FROM audit_fts_state WHERE id = 1");
        if (const Result<int> ran = q.exec(); !ran)
            return ran.error();
        if (!q.next() || q.int64(0) == 0)
            return q.status() ? Result<int>(0) : Result<int>(q.status().error());
    }
    const bool own = !m_db->inTransaction();
    if (own) {
        if (const Result<void> begun = m_db->begin(); !begun)
            return begun.error();
    }
    const Result<int> added =
        m_db->statement("INSERT INTO audit_events_fts (rowid, event_type, payload) SELECT id, event_type, payload"
                        " FROM audit_events WHERE id > (SELECT indexed_upto FROM audit_fts_state WHERE id = 1)"
                        " ORDER BY id")
            .exec();
    Result<int> moved = added;
    if (added)
        moved = m_db->statement("UPDATE audit_fts_state SET indexed_upto = MAX(indexed_upto, (SELECT COALESCE(MAX(id),"
                                " 0) FROM audit_events)) WHERE id = 1")
                    .exec();
    if (!moved) {
        if (own)
            m_db->rollback();
        return moved.error();
    }
    if (own) {
        if (const Result<void> committed = m_db->commit(); !committed)
            return committed.error();
    }
    return *added;
}

QString AuditStore::databaseUrlFor(const QString &mainUrl)
{
    QString path;
    if (!isSqliteFileUrl(mainUrl, &path))
        return mainUrl;
    const QFileInfo info(path);
    const QString suffix = info.suffix();
    const QString base = suffix.isEmpty() ? info.fileName() : info.completeBaseName();
    const QString name = base + QStringLiteral("-audit") + (suffix.isEmpty() ? QString() : QLatin1Char('.') + suffix);
    return QStringLiteral("sqlite:") + info.dir().filePath(name);
}

std::unique_ptr<Database> AuditStore::openDatabase(const QString &mainUrl, QString *error)
{
    const QString url = databaseUrlFor(mainUrl);
    std::unique_ptr<Database> db = Database::open(url, error);
    if (!db || url == mainUrl)
        return db;
    QString mainPath;
    isSqliteFileUrl(mainUrl, &mainPath);
    auto fail = [&](const Error &e) {
        if (error)
            *error = QStringLiteral("cannot move the audit log into %1: %2").arg(db->displayUrl(), e.message);
        return std::unique_ptr<Database>();
    };
    // The main file is attached to this connection only for the move. Copy first, in one
    // transaction of the audit file, then delete from the main file: every entry is in one of the
    // two files at any time, and a copy made again after a crash ignores the rows it has.
    if (const Result<int> attached =
            db->statement(QStringLiteral("ATTACH DATABASE ? AS previous"), Database::Reuse::Once).bind(mainPath).exec();
        !attached)
        return fail(attached.error());
    auto detach = [&] {
        (void)db->statement(QStringLiteral("DETACH DATABASE previous"), Database::Reuse::Once).exec();
    };
    qint64 rows = 0;
    {
        Database::Statement pending =
            db->statement(QStringLiteral("SELECT (SELECT COUNT(*) FROM previous.audit_events) + (SELECT COUNT(*) FROM"
                                         " previous.processed_events WHERE consumer_group = ?)"),
                          Database::Reuse::Once);
        const Result<int> counted = pending.bindUtf8(kAuditGroup).exec();
        if (!counted || !pending.next()) {
            const Error e = counted ? Error::internal(QStringLiteral("the count gave no row")) : counted.error();
            detach();
            return fail(e);
        }
        rows = pending.int64(0);
    }
    if (rows == 0) {
        detach();
        return db;
    }
    const QList<QString> steps{
        QStringLiteral("BEGIN IMMEDIATE"),
        QStringLiteral("INSERT OR IGNORE INTO main.audit_events (id, event_id, event_type, topic, kafka_partition,"
                       " kafka_offset, user_id, task_id, occurred_at, recorded_at, payload, actor, actor_source)"
                       " SELECT id, event_id, event_type, topic, kafka_partition, kafka_offset, user_id, task_id,"
                       " occurred_at, recorded_at, payload, actor, actor_source FROM previous.audit_events"
                       " ORDER BY id"),
        QStringLiteral("INSERT OR IGNORE INTO main.processed_events SELECT * FROM previous.processed_events"
                       " WHERE consumer_group = 'audit-log-cg'"),
        QStringLiteral("COMMIT"),
        QStringLiteral("BEGIN IMMEDIATE"),
        QStringLiteral("DELETE FROM previous.audit_events"),
        QStringLiteral("DELETE FROM previous.processed_events WHERE consumer_group = 'audit-log-cg'"),
        QStringLiteral("COMMIT"),
    };
    for (const QString &sql : steps) {
        if (const Result<int> ran = db->statement(sql, Database::Reuse::Once).exec(); !ran) {
            (void)db->statement(QStringLiteral("ROLLBACK"), Database::Reuse::Once).exec();
            detach();
            return fail(ran.error());
        }
    }
    detach();
    return db;
}

} // namespace taskstream::store
