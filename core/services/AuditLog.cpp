#include "services/AuditLog.h"

#include "events/EventCodec.h"
#include "processing/ConsumerRunner.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAudit, "taskstream.audit", QtInfoMsg)

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

namespace {
QUuid uuidField(const QVariantMap &data, const char *name)
{
    return QUuid::fromString(data.value(QLatin1String(name)).toString());
}
} // namespace

AuditLog::AuditLog(store::Database *db, AuditLogOptions options, QObject *parent)
    : QObject(parent), m_db(db), m_options(options), m_serializer(std::make_unique<events::EventSerializer>())
{
    m_retentionTimer.setInterval(m_options.purgeIntervalMs);
    connect(&m_retentionTimer, &QTimer::timeout, this, &AuditLog::purgeExpired);
}

AuditLog::~AuditLog() = default;

void AuditLog::install(processing::ConsumerRunner &runner)
{
    runner.setDefaultHandler([this](const HandlerContext &ctx) {
        store::AuditStore audit(ctx.db);
        const Result<bool> inserted = audit.insert(entryFor(ctx.event, ctx.message, ctx.eventId));
        if (!inserted)
            return HandlerResult::retriable(QStringLiteral("audit.store"), inserted.error().message);
        if (!*inserted)
            qCDebug(lcAudit, "event %s is already in the audit log", qPrintable(ctx.eventId));
        return HandlerResult::ok();
    });
    // The full-text index is built once per batch, after it commits, outside the runner's
    // per-record savepoints (at each of which FTS5 would write its pending terms out).
    connect(&runner, &processing::ConsumerRunner::batchCommitted, this, [this] {
        if (const Result<int> indexed = store::AuditStore(m_db).indexPending(); !indexed)
            qCWarning(lcAudit, "audit full-text index not updated (done with the next batch or search): %s",
                      qPrintable(indexed.error().message));
    });
    startRetention();
}

void AuditLog::stopped()
{
    m_retentionTimer.stop();
}

store::AuditEntry AuditLog::entryFor(const events::Event &event, const kafka::KafkaMessage &message,
                                     const QString &eventId) const
{
    const QVariantMap data = event.data();
    const QVariantMap task = data.value(QStringLiteral("task")).toMap(); // TaskChanged's snapshot
    store::AuditEntry e;
    e.eventId = eventId;
    e.eventType = event.type();
    e.topic = message.topic;
    e.partition = message.partition;
    e.offset = message.offset;
    e.userId = uuidField(data, "user_id");
    if (e.userId.isNull())
        e.userId = uuidField(task, "user_id");
    // Reminder and broadcast events name the task task_id; the task events name it id.
    e.taskId = uuidField(data, "task_id");
    if (e.taskId.isNull())
        e.taskId = uuidField(data, "id");
    if (e.taskId.isNull())
        e.taskId = uuidField(task, "id");
    e.actor = event.actor().subject;
    e.actorSource = event.actor().source;
    if (data.contains(QStringLiteral("occurred_at")))
        e.occurredAt = event.occurredAt();
    else if (message.timestampMs >= 0)
        e.occurredAt = QDateTime::fromMSecsSinceEpoch(message.timestampMs, Qt::UTC);
    else
        e.occurredAt = QDateTime::currentDateTimeUtc();
    e.recordedAt = QDateTime::currentDateTimeUtc();
    // The schema-driven rendering gives timestamps as ISO 8601; a type without a schema here
    // (registered elsewhere) is kept as its plain data.
    e.payload = m_serializer->toCloudEventJson(event).value(QStringLiteral("data")).toObject();
    if (e.payload.isEmpty())
        e.payload = QJsonObject::fromVariantMap(data);
    return e;
}

Result<qint64> AuditLog::purge(const QDateTime &before)
{
    store::AuditStore audit(m_db);
    qint64 total = 0;
    for (;;) {
        const Result<int> n = audit.purgeBatch(before, m_options.purgeBatchSize);
        if (!n)
            return n.error();
        total += *n;
        if (*n < m_options.purgeBatchSize)
            return total;
    }
}

void AuditLog::startRetention()
{
    if (m_options.retentionDays <= 0 || m_retentionTimer.isActive())
        return;
    m_retentionTimer.start();
    QTimer::singleShot(0, this, &AuditLog::purgeExpired); // catch up once at start
}

void AuditLog::purgeExpired()
{
    if (m_options.retentionDays <= 0)
        return;
    // One batch per event-loop turn: the runner's batches and API reads get the database between them.
    const QDateTime before = QDateTime::currentDateTimeUtc().addDays(-m_options.retentionDays);
    store::AuditStore audit(m_db);
    const Result<int> batch =
        m_db->inTransaction() ? Result<int>(0) : audit.purgeBatch(before, m_options.purgeBatchSize);
    if (!batch) {
        qCWarning(lcAudit, "audit retention purge failed (tried again in %d s): %s", m_options.purgeIntervalMs / 1000,
                  qPrintable(batch.error().message));
        m_purgedInPass = 0;
        return;
    }
    const int n = *batch;
    m_purgedInPass += n;
    if (n == m_options.purgeBatchSize) {
        QTimer::singleShot(0, this, &AuditLog::purgeExpired);
        return;
    }
    if (m_purgedInPass > 0)
        qCInfo(lcAudit, "audit retention: removed %lld entries older than %d days", m_purgedInPass,
               m_options.retentionDays);
    emit purged(m_purgedInPass);
    m_purgedInPass = 0;
}

} // namespace taskstream::services
