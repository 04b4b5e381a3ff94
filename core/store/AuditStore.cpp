#include "store/AuditStore.h"

#include "store/Database.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace taskstream::store {

namespace {
const char kColumns[] = "id, event_id, event_type, topic, kafka_partition, kafka_offset, user_id, task_id, "
                        "occurred_at, recorded_at, payload";

QVariant uuidOrNull(const QUuid &u)
{
    return u.isNull() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(u.toString(QUuid::WithoutBraces));
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

// Database::prepared() hands back an empty query (and sets the error) when preparing failed.
bool isPrepared(const QSqlQuery &q)
{
    return !q.lastQuery().isEmpty();
}

AuditEntry fromRow(const QSqlQuery &q)
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
        {QStringLiteral("occurred_at"), isoTime(occurredAt)},
        {QStringLiteral("recorded_at"), isoTime(recordedAt)},
        {QStringLiteral("payload"), payload},
    };
}

bool AuditStore::insert(const AuditEntry &entry, bool *inserted, QString *error)
{
    // The runner's ledger already stops a group from handling an event twice; the unique event
    // id keeps a second writer (another group, a replay under a new id scheme) from duplicating it.
    QSqlQuery &q = m_db->prepared(
        QStringLiteral("INSERT INTO audit_events (event_id, event_type, topic, kafka_partition,"
                       " kafka_offset, user_id, task_id, occurred_at, recorded_at, payload)"
                       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING"),
        error);
    if (!isPrepared(q))
        return false;
    q.addBindValue(entry.eventId);
    q.addBindValue(entry.eventType);
    q.addBindValue(entry.topic);
    q.addBindValue(entry.partition < 0 ? QVariant(QMetaType(QMetaType::Int)) : QVariant(entry.partition));
    q.addBindValue(entry.offset < 0 ? QVariant(QMetaType(QMetaType::LongLong)) : QVariant(entry.offset));
    q.addBindValue(uuidOrNull(entry.userId));
    q.addBindValue(uuidOrNull(entry.taskId));
    q.addBindValue(entry.occurredAt.toMSecsSinceEpoch());
    q.addBindValue(entry.recordedAt.toMSecsSinceEpoch());
    q.addBindValue(QString::fromUtf8(QJsonDocument(entry.payload).toJson(QJsonDocument::Compact)));
    if (!q.exec()) {
        *error = q.lastError().text();
        return false;
    }
    if (inserted)
        *inserted = q.numRowsAffected() > 0;
    return true;
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

QList<AuditEntry> AuditStore::search(const AuditQuery &query, bool *more, QString *error)
{
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
            if (!query.userId && !query.taskId && !matchesAtLeast(match, CommonMatchCount, &common, error))
                return {};
            // Two plans, each fast where the other is slow. Walking the entries newest first and
            // probing the index per entry stops after a page when matches are dense: a user's or a
            // task's entries, or a common word. Collecting the word's matches first wins when they
            // are few (a rare word over the whole log).
            if (query.userId || query.taskId || common)
                where << QStringLiteral(
                    "EXISTS (SELECT 1 FROM audit_events_fts WHERE audit_events_fts MATCH ?"
                    " AND rowid = audit_events.id)");
            else
                where << QStringLiteral(
                    "id IN (SELECT rowid FROM audit_events_fts WHERE audit_events_fts MATCH ?)");
            binds << match;
        } else {
            where << QStringLiteral("search @@ plainto_tsquery('simple', ?)");
            binds << query.text;
        }
    }
    if (query.after) {
        where << QStringLiteral("(occurred_at, id) < (?, ?)");
        binds << query.after->first << query.after->second;
    }
    QString sql = QStringLiteral("SELECT %1 FROM audit_events").arg(QLatin1String(kColumns));
    if (!where.isEmpty())
        sql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    sql += QStringLiteral(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
    binds << query.limit + 1;

    QList<AuditEntry> out;
    // PostgreSQL plans a statement prepared once and run often for any parameter ("generic plan"
    // after five runs); with a tsquery it cannot then tell a rare word from a common one and read
    // whole posting lists (p99 above 100 ms over 1M entries). A statement of its own per search
    // is planned for its words. SQLite's plan does not depend on the values: reuse it.
    QSqlQuery own(m_db->db());
    const bool postgres = m_db->kind() == Database::Kind::PostgreSQL;
    if (postgres && !own.prepare(sql)) {
        *error = own.lastError().text();
        return out;
    }
    QSqlQuery &q = postgres ? own : m_db->prepared(sql, error);
    if (!isPrepared(q))
        return out;
    for (const QVariant &v : std::as_const(binds))
        q.addBindValue(v);
    if (!q.exec()) {
        *error = q.lastError().text();
        return out;
    }
    while (q.next())
        out.append(fromRow(q));
    q.finish();
    *more = out.size() > query.limit;
    if (*more)
        out.removeLast();
    return out;
}

int AuditStore::purgeBatch(const QDateTime &before, int batch, QString *error)
{
    const bool own = !m_db->inTransaction();
    if (own && !m_db->begin(error))
        return -1;
    QSqlQuery &q =
        m_db->prepared(QStringLiteral("DELETE FROM audit_events WHERE id IN (SELECT id FROM audit_events"
                                      " WHERE occurred_at < ? ORDER BY occurred_at LIMIT ?)"),
                       error);
    if (!isPrepared(q)) {
        if (own)
            m_db->rollback();
        return -1;
    }
    q.addBindValue(before.toMSecsSinceEpoch());
    q.addBindValue(batch);
    if (!q.exec()) {
        *error = q.lastError().text();
        if (own)
            m_db->rollback();
        return -1;
    }
    const int deleted = q.numRowsAffected();
    if (own && !m_db->commit(error))
        return -1;
    return deleted;
}

bool AuditStore::matchesAtLeast(const QString &match, int n, bool *atLeast, QString *error)
{
    // FTS5 yields matches lazily, so counting stops after n however common the words are.
    QSqlQuery &q = m_db->prepared(QStringLiteral("SELECT COUNT(*) FROM (SELECT rowid FROM audit_events_fts"
                                                 " WHERE audit_events_fts MATCH ? LIMIT ?)"),
                                  error);
    if (!isPrepared(q))
        return false;
    q.addBindValue(match);
    q.addBindValue(n);
    if (!q.exec() || !q.next()) {
        *error = q.lastError().text();
        return false;
    }
    *atLeast = q.value(0).toInt() >= n;
    q.finish();
    return true;
}

qint64 AuditStore::count(QString *error)
{
    QSqlQuery q(m_db->db());
    if (!q.exec(QStringLiteral("SELECT COUNT(*) FROM audit_events")) || !q.next()) {
        *error = q.lastError().text();
        return -1;
    }
    return q.value(0).toLongLong();
}

qint64 AuditStore::approximateCount(QString *error)
{
    if (m_db->kind() == Database::Kind::SQLite)
        return count(error);
    QSqlQuery q(m_db->db());
    if (!q.exec(
            QStringLiteral("SELECT reltuples::BIGINT FROM pg_class WHERE oid = 'audit_events'::regclass")) ||
        !q.next()) {
        *error = q.lastError().text();
        return -1;
    }
    const qint64 estimate = q.value(0).toLongLong();
    return estimate >= 0 ? estimate : count(error);
}

} // namespace taskstream::store
