#include "store/Migrations_p.h"

namespace taskstream::store::detail {

namespace {
// One SQL text for both databases; the few types that differ are placeholders:
// {pk} an auto-increment integer primary key, {blob} a byte string.
QStringList forBoth(const QStringList &statements, bool postgres)
{
    QStringList out;
    for (QString sql : statements)
        out << sql.replace(QLatin1String("{pk}"), postgres ? QLatin1String("BIGSERIAL PRIMARY KEY")
                                                           : QLatin1String("INTEGER PRIMARY KEY AUTOINCREMENT"))
                   .replace(QLatin1String("{blob}"), postgres ? QLatin1String("BYTEA") : QLatin1String("BLOB"));
    return out;
}

Migration migration(int version, const char *description, const QStringList &statements)
{
    return {version, description, forBoth(statements, false), forBoth(statements, true)};
}

// A version whose statements partly differ: \a common on both, then each database's own.
Migration migration(int version, const char *description, const QStringList &common, const QStringList &sqliteOnly,
                    const QStringList &postgresOnly)
{
    return {version, description, forBoth(common + sqliteOnly, false), forBoth(common + postgresOnly, true)};
}
} // namespace

// Times are milliseconds since the epoch (UTC) in BIGINT columns on both databases, so the same
// queries serve both. Never edit a released migration: add a new version.
const QList<Migration> &migrations()
{
    static const QList<Migration> all = {
        migration(1, "tasks and the transactional outbox",
                  {
                      QStringLiteral("CREATE TABLE tasks ("
                                     " id TEXT PRIMARY KEY,"
                                     " user_id TEXT NOT NULL,"
                                     " title TEXT NOT NULL,"
                                     " description TEXT,"
                                     " due_date BIGINT,"
                                     " priority TEXT,"
                                     " tags TEXT NOT NULL DEFAULT '[]',"
                                     " status TEXT NOT NULL DEFAULT 'pending',"
                                     " recurrence_pattern TEXT,"
                                     " remind_before_minutes TEXT NOT NULL DEFAULT '[]',"
                                     " parent_task_id TEXT,"
                                     " created_at BIGINT NOT NULL,"
                                     " updated_at BIGINT NOT NULL,"
                                     " completed_at BIGINT,"
                                     " deleted_at BIGINT,"
                                     " version INTEGER NOT NULL DEFAULT 1)"),
                      QStringLiteral("CREATE INDEX tasks_user ON tasks(user_id, created_at)"),
                      QStringLiteral("CREATE TABLE outbox ("
                                     " seq {pk},"
                                     " event_id TEXT NOT NULL,"
                                     " event_type TEXT NOT NULL,"
                                     " topic TEXT NOT NULL,"
                                     " record_key {blob},"
                                     " payload {blob} NOT NULL,"
                                     " headers {blob} NOT NULL,"
                                     " created_at BIGINT NOT NULL,"
                                     " status TEXT NOT NULL DEFAULT 'pending',"
                                     " attempts INTEGER NOT NULL DEFAULT 0,"
                                     " last_error TEXT,"
                                     " sent_at BIGINT,"
                                     " kafka_partition INTEGER,"
                                     " kafka_offset BIGINT)"),
                      QStringLiteral("CREATE INDEX outbox_status ON outbox(status, seq)"),
                  }),
        // Consumer runtime: the idempotency ledger (a row per effect a consumer group made durable,
        // written in the effect's transaction) and the record of DLQ replays, so one replay request
        // republishes each dead-lettered record at most once.
        migration(2, "idempotency ledger and DLQ replays",
                  {
                      QStringLiteral("CREATE TABLE processed_events ("
                                     " consumer_group TEXT NOT NULL,"
                                     " event_id TEXT NOT NULL,"
                                     " topic TEXT NOT NULL,"
                                     " kafka_partition INTEGER NOT NULL,"
                                     " kafka_offset BIGINT NOT NULL,"
                                     " processed_at BIGINT NOT NULL,"
                                     " PRIMARY KEY (consumer_group, event_id))"),
                      QStringLiteral("CREATE INDEX processed_events_age ON processed_events(processed_at)"),
                      QStringLiteral("CREATE TABLE dlq_replays ("
                                     " request_id TEXT NOT NULL,"
                                     " dlq_topic TEXT NOT NULL,"
                                     " dlq_partition INTEGER NOT NULL,"
                                     " dlq_offset BIGINT NOT NULL,"
                                     " target_topic TEXT NOT NULL,"
                                     " target_partition INTEGER NOT NULL,"
                                     " event_id TEXT,"
                                     " status TEXT NOT NULL DEFAULT 'pending',"
                                     " error TEXT,"
                                     " requested_at BIGINT NOT NULL,"
                                     " delivered_at BIGINT,"
                                     " target_offset BIGINT,"
                                     " PRIMARY KEY (request_id, dlq_topic, dlq_partition, dlq_offset))"),
                  }),
        // The audit log: every event the audit-log-cg group consumed, once (event_id is unique),
        // with its decoded payload as JSON. Full-text search is FTS5 on SQLite (an external-content
        // index kept in step by triggers) and a generated tsvector with a GIN index on PostgreSQL.
        migration(3, "audit log",
                  {
                      QStringLiteral("CREATE TABLE audit_events ("
                                     " id {pk},"
                                     " event_id TEXT NOT NULL UNIQUE,"
                                     " event_type TEXT NOT NULL,"
                                     " topic TEXT NOT NULL,"
                                     " kafka_partition INTEGER,"
                                     " kafka_offset BIGINT,"
                                     " user_id TEXT,"
                                     " task_id TEXT,"
                                     " occurred_at BIGINT NOT NULL,"
                                     " recorded_at BIGINT NOT NULL,"
                                     " payload TEXT NOT NULL)"),
                      QStringLiteral("CREATE INDEX audit_events_user ON audit_events(user_id, occurred_at)"),
                      QStringLiteral("CREATE INDEX audit_events_task ON audit_events(task_id)"),
                      QStringLiteral("CREATE INDEX audit_events_type ON audit_events(event_type, occurred_at)"),
                      // Newest-first pages without filters, and the retention purge.
                      QStringLiteral("CREATE INDEX audit_events_time ON audit_events(occurred_at, id)"),
                  },
                  {
                      QStringLiteral("CREATE VIRTUAL TABLE audit_events_fts USING fts5(event_type, payload,"
                                     " content='audit_events', content_rowid='id')"),
                      QStringLiteral("CREATE TRIGGER audit_events_fts_insert AFTER INSERT ON audit_events BEGIN"
                                     " INSERT INTO audit_events_fts (rowid, event_type, payload)"
                                     " VALUES (new.id, new.event_type, new.payload); END"),
                      QStringLiteral("CREATE TRIGGER audit_events_fts_delete AFTER DELETE ON audit_events BEGIN"
                                     " INSERT INTO audit_events_fts (audit_events_fts, rowid, event_type, payload)"
                                     " VALUES ('delete', old.id, old.event_type, old.payload); END"),
                  },
                  {
                      QStringLiteral("ALTER TABLE audit_events ADD COLUMN search tsvector GENERATED ALWAYS AS"
                                     " (to_tsvector('simple', event_type || ' ' || payload)) STORED"),
                      QStringLiteral("CREATE INDEX audit_events_search ON audit_events USING GIN (search)"),
                  }),
        // Reminders: one row per (task, remind_at,
        // offset), deterministic id, kafka_partition = the partition of todo.reminders.events that
        // carries its ReminderScheduled (the trigger instance owning that partition arms its timer).
        // Booleans are INTEGER 0/1 on both databases. Notifications are written when a reminder fires.
        migration(4, "reminders and notifications",
                  {
                      QStringLiteral("CREATE TABLE reminders ("
                                     " id TEXT PRIMARY KEY,"
                                     " task_id TEXT NOT NULL,"
                                     " user_id TEXT NOT NULL,"
                                     " remind_at BIGINT NOT NULL,"
                                     " offset_minutes INTEGER,"
                                     " status TEXT NOT NULL DEFAULT 'pending',"
                                     " late INTEGER NOT NULL DEFAULT 0,"
                                     " fired_at BIGINT,"
                                     " dismissed_at BIGINT,"
                                     " title TEXT,"
                                     " kafka_partition INTEGER,"
                                     " created_at BIGINT NOT NULL)"),
                      QStringLiteral("CREATE INDEX reminders_due ON reminders(status, remind_at)"),
                      QStringLiteral("CREATE INDEX reminders_task ON reminders(task_id)"),
                      QStringLiteral("CREATE INDEX reminders_user ON reminders(user_id, remind_at)"),
                      QStringLiteral("CREATE TABLE notifications ("
                                     " id TEXT PRIMARY KEY,"
                                     " user_id TEXT NOT NULL,"
                                     " kind TEXT NOT NULL,"
                                     " reminder_id TEXT,"
                                     " task_id TEXT,"
                                     " title TEXT,"
                                     " body TEXT NOT NULL,"
                                     " created_at BIGINT NOT NULL,"
                                     " read INTEGER NOT NULL DEFAULT 0)"),
                      QStringLiteral("CREATE INDEX notifications_user ON notifications(user_id, created_at)"),
                  }),
        // Marks of DLQ records next to the replay ledger: Kafka cannot delete one record, so a record
        // someone decided needs no replay is marked discarded (by whom, when, why). The index finds a
        // record's replays, whatever the request.
        migration(5, "DLQ record marks",
                  {
                      QStringLiteral("CREATE TABLE dlq_marks ("
                                     " dlq_topic TEXT NOT NULL,"
                                     " dlq_partition INTEGER NOT NULL,"
                                     " dlq_offset BIGINT NOT NULL,"
                                     " discarded_by TEXT NOT NULL,"
                                     " discarded_at BIGINT NOT NULL,"
                                     " note TEXT,"
                                     " PRIMARY KEY (dlq_topic, dlq_partition, dlq_offset))"),
                      QStringLiteral("CREATE INDEX dlq_replays_record ON dlq_replays(dlq_topic, dlq_partition,"
                                     " dlq_offset)"),
                  }),
        // When an outbox record was marked failed (NULL for records failed before this version).
        migration(6, "failure time of outbox records",
                  {
                      QStringLiteral("ALTER TABLE outbox ADD COLUMN failed_at BIGINT"),
                  }),
        // Partial indexes over the rows the relay and the console look for. With (status, seq)
        // marking a row sent moved its entry within the index; now it only leaves the small
        // pending index, and sent rows (kept for a day) are in no status index at all.
        migration(7, "outbox indexes over pending and failed rows only",
                  {
                      QStringLiteral("DROP INDEX outbox_status"),
                      QStringLiteral("CREATE INDEX outbox_pending ON outbox(seq) WHERE status = 'pending'"),
                      QStringLiteral("CREATE INDEX outbox_failed ON outbox(seq) WHERE status = 'failed'"),
                  }),
        // SQLite: one writer at a time, so seq order is commit order and "published" is a cursor
        // (every row up to sent_through is sent, or failed) instead of an UPDATE of each row, which
        // cost more than publishing it. The pending index is then of no use on SQLite. PostgreSQL's
        // writers commit out of seq order, so there rows are still marked one by one.
        migration(8, "outbox cursor of published rows on SQLite", {},
                  {
                      QStringLiteral("CREATE TABLE outbox_cursor ("
                                     " id INTEGER PRIMARY KEY CHECK (id = 1),"
                                     " sent_through BIGINT NOT NULL,"
                                     " updated_at BIGINT)"),
                      QStringLiteral("INSERT INTO outbox_cursor (id, sent_through) VALUES (1, COALESCE("
                                     "(SELECT MIN(seq) - 1 FROM outbox WHERE status = 'pending'),"
                                     " (SELECT MAX(seq) FROM outbox), 0))"),
                      QStringLiteral("DROP INDEX outbox_pending"),
                  },
                  {}),
        // Idempotency-Key of POST requests, per user: the first request's fingerprint and, once its
        // effect committed (in the same transaction), its answer to replay. status is NULL while
        // the first request is in flight; owner is the attempt holding the key until lease_until.
        migration(9, "idempotency keys of API requests",
                  {
                      QStringLiteral("CREATE TABLE idempotency_keys ("
                                     " user_id TEXT NOT NULL,"
                                     " idem_key TEXT NOT NULL,"
                                     " fingerprint TEXT NOT NULL,"
                                     " owner TEXT NOT NULL,"
                                     " status INTEGER,"
                                     " response_headers TEXT,"
                                     " response_body {blob},"
                                     " lease_until BIGINT NOT NULL,"
                                     " expires_at BIGINT NOT NULL,"
                                     " PRIMARY KEY (user_id, idem_key))"),
                      QStringLiteral("CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_at)"),
                  }),
        // The retention purges find their rows through these (partial: only rows that can go),
        // in batches, so no purge scans a table while it holds the writer.
        migration(10, "indexes of the retention purges",
                  {
                      QStringLiteral("CREATE INDEX reminders_closed ON reminders(COALESCE(dismissed_at, fired_at))"
                                     " WHERE status <> 'pending'"),
                      QStringLiteral("CREATE INDEX notifications_read ON notifications(created_at) WHERE read = 1"),
                      QStringLiteral("CREATE INDEX tasks_deleted ON tasks(deleted_at) WHERE deleted_at IS NOT NULL"),
                  }),
        // PostgreSQL: a writer's transaction id is assigned before it draws an outbox seq (CASE
        // evaluates its condition first). The relay publishes up to the last seq drawn before a
        // snapshot once every transaction older than that snapshot has ended; a writer that drew a
        // seq before it had an id would not be among them. SQLite: nothing to do.
        migration(11, "outbox seq drawn after the writer's transaction id", {}, {},
                  {
                      QStringLiteral("ALTER TABLE outbox ALTER COLUMN seq SET DEFAULT CASE WHEN "
                                     "pg_current_xact_id() IS NOT NULL THEN nextval('outbox_seq_seq') END"),
                  }),
        // SQLite: the audit log's full-text index is built after each batch of the audit role
        // (AuditStore::indexPending) instead of by a trigger per row. The consumer runner's
        // per-record savepoints made FTS5 write its pending terms out at every record. Entries up
        // to indexed_upto are in the index; those before this version all were. PostgreSQL's
        // generated column is unchanged.
        migration(12, "audit full-text index built per batch", {},
                  {
                      QStringLiteral("DROP TRIGGER audit_events_fts_insert"),
                      QStringLiteral("DROP TRIGGER audit_events_fts_delete"),
                      QStringLiteral("CREATE TABLE audit_fts_state (id INTEGER PRIMARY KEY CHECK (id = 1),"
                                     " indexed_upto BIGINT NOT NULL)"),
                      QStringLiteral("INSERT INTO audit_fts_state (id, indexed_upto)"
                                     " SELECT 1, COALESCE(MAX(id), 0) FROM audit_events"),
                      QStringLiteral("CREATE TRIGGER audit_events_fts_delete AFTER DELETE ON audit_events"
                                     " WHEN old.id <= (SELECT indexed_upto FROM audit_fts_state WHERE id = 1) BEGIN"
                                     " INSERT INTO audit_events_fts (audit_events_fts, rowid, event_type, payload)"
                                     " VALUES ('delete', old.id, old.event_type, old.payload); END"),
                  },
                  {}),
        // Recurring series: what the next occurrence counts from (the due date or the completion),
        // the series' values of fields edited for one occurrence only (JSON, NULL for none), and
        // each user's time zone (recurrence and reminders), with the daemon's zone when unset.
        migration(13, "recurrence anchor, per-occurrence edits, user settings",
                  {
                      QStringLiteral("ALTER TABLE tasks ADD COLUMN recurrence_anchor TEXT NOT NULL DEFAULT 'due'"),
                      QStringLiteral("ALTER TABLE tasks ADD COLUMN series_values TEXT"),
                      QStringLiteral("CREATE TABLE user_settings ("
                                     " user_id TEXT PRIMARY KEY,"
                                     " time_zone TEXT,"
                                     " updated_at BIGINT NOT NULL)"),
                  }),
        // The in-app notification list: when a notification was read, an index over each user's
        // unread ones (the list's filter and badge), and each user's notification preferences:
        // channels (in-app, webhook, email), the address mail goes to, and quiet hours as minutes
        // of the day in the user's time zone (start == end, or NULL: none).
        migration(14, "notification list and preferences",
                  {
                      QStringLiteral("ALTER TABLE notifications ADD COLUMN read_at BIGINT"),
                      QStringLiteral("CREATE INDEX notifications_unread ON notifications(user_id, created_at)"
                                     " WHERE read = 0"),
                      QStringLiteral("CREATE TABLE notification_preferences ("
                                     " user_id TEXT PRIMARY KEY,"
                                     " in_app INTEGER NOT NULL DEFAULT 1,"
                                     " webhook INTEGER NOT NULL DEFAULT 1,"
                                     " email INTEGER NOT NULL DEFAULT 1,"
                                     " email_address TEXT,"
                                     " quiet_start_minute INTEGER,"
                                     " quiet_end_minute INTEGER,"
                                     " updated_at BIGINT NOT NULL)"),
                  }),
        // Who made each audited event happen (the ce_actor / ce_actorsource extensions): the token's
        // subject and the source (api, console, worker:<group>); NULL for events that carried none.
        // And which failed outbox records are in their topic's dead-letter queue.
        migration(15, "actor of audit entries; dead-lettering of failed outbox records",
                  {
                      QStringLiteral("ALTER TABLE audit_events ADD COLUMN actor TEXT"),
                      QStringLiteral("ALTER TABLE audit_events ADD COLUMN actor_source TEXT"),
                      QStringLiteral("CREATE INDEX audit_events_actor ON audit_events(actor, occurred_at)"),
                      // When the relay wrote a failed outbox record to its topic's dead-letter queue
                      // (todo.tasks.events.dlq ...); NULL until then.
                      QStringLiteral("ALTER TABLE outbox ADD COLUMN dead_lettered_at BIGINT"),
                  }),
        // Consumer runtime: each group's next offset per partition, written in the same transaction
        // as the effects and ledger rows of the records before it, with Kafka's committed offset as
        // the runner knew it then (-1: none). On assignment the runner starts from next_offset where
        // it is ahead of Kafka's committed offset, so a crash between a batch's commit and its
        // asynchronous Kafka commit does not hand the batch out again; Kafka's offset below
        // kafka_committed means it was reset or lost, and Kafka's wins (docs/processing.md).
        migration(16, "consumer offsets stored with the effects",
                  {
                      QStringLiteral("CREATE TABLE consumer_offsets ("
                                     " consumer_group TEXT NOT NULL,"
                                     " topic TEXT NOT NULL,"
                                     " kafka_partition INTEGER NOT NULL,"
                                     " next_offset BIGINT NOT NULL,"
                                     " kafka_committed BIGINT NOT NULL,"
                                     " updated_at BIGINT NOT NULL,"
                                     " PRIMARY KEY (consumer_group, topic, kafka_partition))"),
                  }),
        // PostgreSQL: every transaction that appends to the outbox notifies the channel the
        // leading relay listens on, at its commit (one notification per transaction, however many
        // rows). Rows committed by other processes are then published at once, not at the relay's
        // next scan. SQLite has one process per file: its relay is woken directly.
        migration(17, "outbox commits wake the relay", {}, {},
                  {
                      QStringLiteral("CREATE FUNCTION taskstream_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS"
                                     " $$ BEGIN PERFORM pg_notify('taskstream_outbox', ''); RETURN NULL; END $$"),
                      QStringLiteral("CREATE TRIGGER outbox_notify AFTER INSERT ON outbox"
                                     " FOR EACH STATEMENT EXECUTE FUNCTION taskstream_outbox_notify()"),
                  }),
    };
    return all;
}

} // namespace taskstream::store::detail
