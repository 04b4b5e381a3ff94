#include "processing/DlqMarks.h"

#include "processing/DlqTools.h"
#include "store/Database.h"

#include <functional>

#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
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

bool execFor(QSqlQuery &q, const QList<DlqRecordId> &records,
             const std::function<void(const DlqRecordId &)> &bind, QString *error)
{
    for (const DlqRecordId &r : records) {
        bind(r);
        if (!q.exec()) {
            if (error)
                *error = q.lastError().text();
            return false;
        }
    }
    return true;
}

} // namespace

bool DlqMarks::discard(const QList<DlqRecordId> &records, const QString &by, const QString &note,
                       QString *error)
{
    if (!m_db->begin(error))
        return false;
    QSqlQuery q(m_db->db());
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool ok = q.prepare(
        QStringLiteral("INSERT INTO dlq_marks (dlq_topic, dlq_partition, dlq_offset, discarded_by,"
                       " discarded_at, note) VALUES (?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO UPDATE SET"
                       " discarded_by = excluded.discarded_by, discarded_at = excluded.discarded_at,"
                       " note = excluded.note"));
    if (!ok && error)
        *error = q.lastError().text();
    ok = ok &&
         execFor(
             q, records,
             [&](const DlqRecordId &r) {
                 q.addBindValue(r.topic);
                 q.addBindValue(r.partition);
                 q.addBindValue(r.offset);
                 q.addBindValue(by);
                 q.addBindValue(now);
                 q.addBindValue(note.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(note));
             },
             error);
    if (!ok || !m_db->commit(error)) {
        m_db->rollback();
        return false;
    }
    return true;
}

bool DlqMarks::undoDiscard(const QList<DlqRecordId> &records, QString *error)
{
    if (!m_db->begin(error))
        return false;
    QSqlQuery q(m_db->db());
    bool ok = q.prepare(
        QStringLiteral("DELETE FROM dlq_marks WHERE dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?"));
    if (!ok && error)
        *error = q.lastError().text();
    ok = ok && execFor(
                   q, records,
                   [&](const DlqRecordId &r) {
                       q.addBindValue(r.topic);
                       q.addBindValue(r.partition);
                       q.addBindValue(r.offset);
                   },
                   error);
    if (!ok || !m_db->commit(error)) {
        m_db->rollback();
        return false;
    }
    return true;
}

QHash<QString, DlqMark> DlqMarks::marks(const QList<DlqRecordId> &records, QString *error)
{
    QHash<QString, DlqMark> out;
    QSet<QString> wanted;
    QSet<QString> topics;
    for (const DlqRecordId &r : records) {
        wanted.insert(r.coordinates());
        topics.insert(r.topic);
    }
    // One query per DLQ topic and table: a browse shows one topic with up to thousands of records.
    QSqlQuery discarded(m_db->db());
    QSqlQuery replayed(m_db->db());
    if (!discarded.prepare(QStringLiteral("SELECT dlq_partition, dlq_offset, discarded_by, discarded_at, note"
                                          " FROM dlq_marks WHERE dlq_topic = ?")) ||
        !replayed.prepare(QStringLiteral("SELECT dlq_partition, dlq_offset, COUNT(*), MAX(delivered_at)"
                                         " FROM dlq_replays WHERE dlq_topic = ? AND status = 'delivered'"
                                         " GROUP BY dlq_partition, dlq_offset"))) {
        if (error)
            *error = (discarded.lastError().isValid() ? discarded : replayed).lastError().text();
        return {};
    }
    for (const QString &topic : std::as_const(topics)) {
        discarded.addBindValue(topic);
        if (!discarded.exec()) {
            if (error)
                *error = discarded.lastError().text();
            return {};
        }
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
        discarded.finish();
        replayed.addBindValue(topic);
        if (!replayed.exec()) {
            if (error)
                *error = replayed.lastError().text();
            return {};
        }
        while (replayed.next()) {
            const QString key =
                DlqRecordId{topic, replayed.value(0).toInt(), replayed.value(1).toLongLong()}.coordinates();
            if (!wanted.contains(key))
                continue;
            DlqMark &m = out[key];
            m.replays = replayed.value(2).toInt();
            if (!replayed.value(3).isNull())
                m.lastReplayAt =
                    QDateTime::fromMSecsSinceEpoch(replayed.value(3).toLongLong(), QTimeZone::utc());
        }
        replayed.finish();
    }
    return out;
}

} // namespace taskstream::processing
