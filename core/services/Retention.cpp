#include "services/Retention.h"

#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "events/Actor.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <QJsonObject>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcRetention, "taskstream.retention", QtInfoMsg)

namespace taskstream::services {

namespace {
constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QString uuidText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}
} // namespace

const metrics::MetricFamily Retention::PurgedFamily{
    "taskstream_retention_purged_total", "counter",
    "Rows the retention purge removed since start, by table (processed_events, reminders, notifications, tasks)."};

qint64 Retention::ledgerRetentionMs(int marginHours)
{
    const TopicCatalog &catalog = TopicCatalog::builtin();
    qint64 longest = 0;
    for (const ConsumerGroupSpec &g : catalog.consumerGroups()) {
        for (const QString &name : g.topics) {
            const TopicSpec *t = catalog.topic(name);
            if (t && t->retentionMs > longest)
                longest = t->retentionMs;
        }
    }
    return longest + qint64(marginHours) * 3600 * 1000;
}

Retention::Retention(store::Database *db, RetentionOptions options, QObject *parent)
    : QObject(parent), m_db(db), m_options(options)
{
    if (!m_options.clock)
        m_options.clock = Clock::system();
    // Each statement deletes at most ? rows older than ?, found through an index of its own.
    m_tables = {
        {QStringLiteral("processed_events"),
         "DELETE FROM processed_events WHERE (consumer_group, event_id) IN (SELECT consumer_group, event_id"
         " FROM processed_events WHERE processed_at < ? ORDER BY processed_at LIMIT ?)",
         m_options.ledgerRetentionMs},
        {QStringLiteral("reminders"),
         "DELETE FROM reminders WHERE id IN (SELECT id FROM reminders WHERE status <> 'pending'"
         " AND COALESCE(dismissed_at, fired_at) < ? LIMIT ?)",
         m_options.reminderRetentionDays * kDayMs},
        {QStringLiteral("notifications"),
         "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications WHERE read = 1"
         " AND created_at < ? LIMIT ?)",
         m_options.notificationRetentionDays * kDayMs},
        {QStringLiteral("tasks"),
         "DELETE FROM tasks WHERE id IN (SELECT id FROM tasks WHERE deleted_at IS NOT NULL"
         " AND deleted_at < ? LIMIT ?)",
         m_options.deletedTaskRetentionDays * kDayMs},
    };
    for (const Table &t : std::as_const(m_tables))
        m_purged.insert(t.name, 0);
    m_timer.setInterval(m_options.intervalMs);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_tableIndex < 0) {
            m_tableIndex = 0;
            step();
        }
    });
}

void Retention::start()
{
    m_timer.start();
    if (m_tableIndex < 0) {
        m_tableIndex = 0;
        QTimer::singleShot(0, this, &Retention::step); // catch up once at start
    }
}

void Retention::stop()
{
    m_timer.stop();
    m_tableIndex = -1;
}

Result<int> Retention::purgeBatch(const Table &table)
{
    if (table.ageMs <= 0)
        return 0;
    const qint64 before = m_options.clock->nowMs() - table.ageMs;
    // Autocommit: one short transaction per batch.
    return m_db->statement(table.sql).bind(before).bind(m_options.batchSize).exec();
}

void Retention::step()
{
    if (m_tableIndex < 0 || m_tableIndex >= m_tables.size())
        return;
    if (m_db->inTransaction()) {
        QTimer::singleShot(0, this, &Retention::step); // never inside someone else's transaction
        return;
    }
    const Table &table = m_tables.at(m_tableIndex);
    const Result<int> n = purgeBatch(table);
    if (!n) {
        qCWarning(lcRetention, "retention: purging %s failed (tried again in %d s): %s", qPrintable(table.name),
                  m_options.intervalMs / 1000, qPrintable(n.error().message));
        m_tableIndex = -1;
        emit passFinished();
        return;
    }
    m_purged[table.name] += quint64(*n);
    if (*n > 0)
        qCDebug(lcRetention, "retention: removed %d rows of %s", *n, qPrintable(table.name));
    if (*n < m_options.batchSize)
        ++m_tableIndex; // this table is done
    if (m_tableIndex >= m_tables.size()) {
        m_tableIndex = -1;
        emit passFinished();
        return;
    }
    // One batch per event-loop turn: the consumer runner's batches and API requests get the
    // database between them.
    QTimer::singleShot(0, this, &Retention::step);
}

Result<int> Retention::purgeBatch(const QString &table)
{
    for (const Table &t : std::as_const(m_tables)) {
        if (t.name != table)
            continue;
        const Result<int> n = purgeBatch(t);
        if (n)
            m_purged[t.name] += quint64(*n);
        return n;
    }
    return Error::invalid(QStringLiteral("no retention for table '%1'").arg(table));
}

Result<QHash<QString, qint64>> Retention::purgeAll()
{
    QHash<QString, qint64> out;
    for (const Table &t : std::as_const(m_tables)) {
        qint64 total = 0;
        for (;;) {
            const Result<int> n = purgeBatch(t);
            if (!n)
                return n.error();
            total += *n;
            m_purged[t.name] += quint64(*n);
            if (*n < m_options.batchSize)
                break;
        }
        out.insert(t.name, total);
    }
    return out;
}

QList<metrics::Sample> Retention::metricSamples() const
{
    QList<metrics::Sample> out;
    for (const Table &t : m_tables)
        out.append({QString::fromLatin1(PurgedFamily.name),
                    {{QStringLiteral("table"), t.name}},
                    double(m_purged.value(t.name))});
    return out;
}

Result<ErasedUserData> eraseUserData(store::Database *db, const QUuid &user, const QUuid &requestedBy,
                                     store::Database *auditDb)
{
    const QString id = uuidText(user);
    if (!auditDb)
        auditDb = db;
    const bool separate = auditDb != db;
    if (const Result<void> begun = db->begin(); !begun)
        return begun.error();
    ErasedUserData erased;
    auto runOn = [&](store::Database *on, const char *sql, qint64 *count) -> Result<void> {
        const Result<int> n = on->statement(sql).bind(id).exec();
        if (!n)
            return n.error();
        *count = *n;
        return {};
    };
    auto run = [&](const char *sql, qint64 *count) { return runOn(db, sql, count); };
    Result<void> r = run("DELETE FROM reminders WHERE user_id = ?", &erased.reminders);
    if (r)
        r = run("DELETE FROM notifications WHERE user_id = ?", &erased.notifications);
    qint64 preferences = 0; // at most one row, holding an email address
    if (r)
        r = run("DELETE FROM notification_preferences WHERE user_id = ?", &preferences);
    if (r)
        r = run("DELETE FROM tasks WHERE user_id = ?", &erased.tasks);
    qint64 settings = 0; // the user's time zone
    if (r)
        r = run("DELETE FROM user_settings WHERE user_id = ?", &settings);
    // The audit entries about the user hold the user's text (titles, descriptions): they go too.
    if (r && separate) {
        if (const Result<void> begun = auditDb->begin(); !begun)
            r = begun.error();
    }
    if (r)
        r = runOn(auditDb, "DELETE FROM audit_events WHERE user_id = ?", &erased.auditEntries);
    if (r) {
        // The erasure itself stays on record: who asked, when, how much went; no content.
        store::AuditEntry e;
        e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        e.eventType = QStringLiteral("com.todo.admin.UserDataErased");
        e.topic = QStringLiteral("admin");
        e.userId = user;
        e.actor = uuidText(requestedBy);
        e.actorSource = events::Actor::current().source; // the API request's, when it came through one
        e.occurredAt = e.recordedAt = QDateTime::currentDateTimeUtc();
        e.payload = QJsonObject{{QStringLiteral("user_id"), id},
                                {QStringLiteral("requested_by"), uuidText(requestedBy)},
                                {QStringLiteral("tasks"), erased.tasks},
                                {QStringLiteral("reminders"), erased.reminders},
                                {QStringLiteral("notifications"), erased.notifications},
                                {QStringLiteral("audit_entries"), erased.auditEntries}};
        const Result<bool> recorded = store::AuditStore(auditDb).insert(e);
        if (!recorded)
            r = recorded.error();
    }
    if (r && separate)
        r = auditDb->commit();
    if (!r) {
        if (separate && auditDb->inTransaction())
            auditDb->rollback();
        db->rollback();
        return r.error();
    }
    if (const Result<void> committed = db->commit(); !committed)
        return committed.error();
    qCInfo(lcRetention,
           "erased the data of user %s at the request of %s: %lld tasks, %lld reminders, "
           "%lld notifications, %lld audit entries",
           qPrintable(id), qPrintable(uuidText(requestedBy)), erased.tasks, erased.reminders, erased.notifications,
           erased.auditEntries);
    return erased;
}

} // namespace taskstream::services
