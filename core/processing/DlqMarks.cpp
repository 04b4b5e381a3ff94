#include "processing/DlqMarks.h"

#include "processing/DlqTools.h"
#include "store/Database.h"

#include <functional>

#include <QSet>
#include <QTimeZone>

namespace taskstream::processing {

DlqRecordId DlqRecordId::of(const DlqRecord &record)
{
    return {record.topic, record.partition, record.offset};
}

QString DlqRecordId::coordinates() const
{
    return QStringLiteral("%1/%2/%3").arg(topic).arg(partition).arg(offset);
}

QString DlqMarks::osUserName()
{
    for (const char *name : {"USER", "USERNAME", "LOGNAME"}) {
        const QString user = qEnvironmentVariable(name).trimmed();
        if (!user.isEmpty())
            return user;
    }
    return QStringLiteral("unknown");
}

namespace {

/// Runs \a sql once per record, values bound by \a bind, inside one transaction.
Result<void> forEachRecord(store::Database *db, const char *sql, const QList<DlqRecordId> &records,
                           const std::function<void(store::Database::Statement &, const DlqRecordId &)> &bind)
{
    if (const Result<void> begun = db->begin(); !begun)
        return begun;
    for (const DlqRecordId &r : records) {
        store::Database::Statement q = db->statement(sql);
        bind(q, r);
        if (const Result<int> rows = q.exec(); !rows) {
            db->rollback();
            return rows.error();
        }
    }
    return db->commit();
}

} // namespace

Result<void> DlqMarks::discard(const QList<DlqRecordId> &records, const QString &by, const QString &note)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    return forEachRecord(m_db,
                         "INSERT INTO dlq_marks (dlq_topic, dlq_partition, dlq_offset, discarded_by,"
                         " discarded_at, note) VALUES (?, ?, ?, ?, ?, ?)"
                         " ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO UPDATE SET"
                         " discarded_by = excluded.discarded_by, discarded_at = excluded.discarded_at,"
                         " note = excluded.note",
                         records, [&](store::Database::Statement &q, const DlqRecordId &r) {
                             q.bind(r.topic).bind(r.partition).bind(r.offset).bind(by).bind(now);
                             q.bind(note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note));
                         });
}

Result<void> DlqMarks::undoDiscard(const QList<DlqRecordId> &records)
{
    return forEachRecord(
        m_db, "DELETE FROM dlq_marks WHERE dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?", records,
        [](store::Database::Statement &q, const DlqRecordId &r) { q.bind(r.topic).bind(r.partition).bind(r.offset); });
}

Result<QList<DlqMarks::Discard>> DlqMarks::discardedIn(const QString &topic)
{
    store::Database::Statement q =
        m_db->statement("SELECT dlq_partition, dlq_offset, discarded_by, discarded_at, note FROM dlq_marks "
                        "WHERE dlq_topic = ? ORDER BY dlq_partition, dlq_offset");
    if (const Result<int> ran = q.bind(topic).exec(); !ran)
        return ran.error();
    QList<Discard> out;
    while (q.next()) {
        Discard d;
        d.record = {topic, q.value(0).toInt(), q.value(1).toLongLong()};
        d.mark.discarded = true;
        d.mark.discardedBy = q.value(2).toString();
        d.mark.discardedAt = QDateTime::fromMSecsSinceEpoch(q.value(3).toLongLong(), QTimeZone::utc());
        d.mark.note = q.value(4).toString();
        out.append(d);
    }
    return out;
}

Result<QHash<QString, DlqMark>> DlqMarks::marks(const QList<DlqRecordId> &records)
{
    QHash<QString, DlqMark> out;
    QSet<QString> wanted;
    QSet<QString> topics;
    for (const DlqRecordId &r : records) {
        wanted.insert(r.coordinates());
        topics.insert(r.topic);
    }
    // One query per DLQ topic and table: a browse shows one topic with up to thousands of records.
    for (const QString &topic : std::as_const(topics)) {
        {
            store::Database::Statement discarded =
                m_db->statement("SELECT dlq_partition, dlq_offset, discarded_by, discarded_at, note FROM dlq_marks "
                                "WHERE dlq_topic = ?");
            if (const Result<int> ran = discarded.bind(topic).exec(); !ran)
                return ran.error();
            while (discarded.next()) {
                const QString key =
                    DlqRecordId{topic, discarded.value(0).toInt(), discarded.value(1).toLongLong()}.coordinates();
                if (!wanted.contains(key))
                    continue;
                DlqMark &m = out[key];
                m.discarded = true;
                m.discardedBy = discarded.value(2).toString();
                m.discardedAt = QDateTime::fromMSecsSinceEpoch(discarded.value(3).toLongLong(), QTimeZone::utc());
                m.note = discarded.value(4).toString();
            }
        }
        store::Database::Statement replayed = m_db->statement(
            "SELECT dlq_partition, dlq_offset, COUNT(*), MAX(delivered_at) FROM dlq_replays WHERE dlq_topic = ? AND "
            "status = 'delivered' GROUP BY dlq_partition, dlq_offset");
        if (const Result<int> ran = replayed.bind(topic).exec(); !ran)
            return ran.error();
        while (replayed.next()) {
            const QString key =
                DlqRecordId{topic, replayed.value(0).toInt(), replayed.value(1).toLongLong()}.coordinates();
            if (!wanted.contains(key))
                continue;
            DlqMark &m = out[key];
            m.replays = replayed.value(2).toInt();
            if (!replayed.value(3).isNull())
                m.lastReplayAt = QDateTime::fromMSecsSinceEpoch(replayed.value(3).toLongLong(), QTimeZone::utc());
        }
    }
    return out;
}

} // namespace taskstream::processing
