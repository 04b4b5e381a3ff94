#include "services/Notifier.h"

#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "processing/ConsumerRunner.h"
#include "services/TaskService.h"
#include "store/Database.h"
#include "store/OutboxStore.h"
#include "store/ReminderStore.h"
#include "store/Task.h"
#include "store/TaskStore.h"
#include "store/UserSettingsStore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcNotifier, "taskstream.notify", QtInfoMsg)

namespace taskstream::services {

using processing::HandlerContext;
using processing::HandlerResult;

namespace {
// Reminder notifications keep the namespace they had when the reminder trigger made them, so a
// reminder fired before and after an upgrade still has one notification (never change it).
const QUuid kReminderNamespace(QStringLiteral("2b8e4f6a-1c3d-4e5f-8a7b-9c0d1e2f3a4b"));
// Task-change notifications derive from their source event; NotificationCreated from the notification.
const QUuid kTaskChangeNamespace(QStringLiteral("7c1d9e24-3b5a-4f86-a0c2-d4e6f8a1b3c5"));
const QUuid kCreatedEventNamespace(QStringLiteral("e4a7c3b1-9d2f-4e68-b5a0-1c3e5f7a9b2d"));

QString idText(const QUuid &id)
{
    return id.toString(QUuid::WithoutBraces);
}

/// The acting subject of a task event (ce_actor: a user id, possibly after a "source:" prefix);
/// null when the event names none or no user (a worker).
QUuid actorOf(const HandlerContext &ctx)
{
    QString actor = QString::fromUtf8(headerValue(ctx.message.headers, QString::fromLatin1(Notifier::ActorHeader)));
    if (const qsizetype colon = actor.lastIndexOf(QLatin1Char(':')); colon >= 0)
        actor = actor.mid(colon + 1);
    return QUuid::fromString(actor.trimmed());
}
} // namespace

QTimeZone notificationZoneFor(store::Database *db, const QUuid &userId, const QTimeZone &fallback)
{
    return store::UserSettingsStore(db).zoneFor(userId, fallback).valueOr(fallback);
}

Notifier::Notifier(const events::EventSerializer *serializer, NotifierOptions options, QObject *parent)
    : QObject(parent), m_serializer(serializer), m_clock(options.clock ? options.clock : Clock::system()),
      m_zone(options.zone)
{
}

Notifier::~Notifier() = default;

void Notifier::install(processing::ConsumerRunner &runner)
{
    runner.addHandler(QString::fromLatin1(events::ReminderTriggered::TypeName),
                      [this](const HandlerContext &ctx) { return onReminderTriggered(ctx); });
    const auto task = [this](const HandlerContext &ctx) { return onTaskEvent(ctx); };
    for (const char *type : {events::TaskCreated::TypeName, events::TaskUpdated::TypeName,
                             events::TaskCompleted::TypeName, events::TaskDeleted::TypeName})
        runner.addHandler(QString::fromLatin1(type), task);
    connect(&runner, &processing::ConsumerRunner::batchCommitted, this, &Notifier::onBatchCommitted);
}

HandlerResult Notifier::onReminderTriggered(const HandlerContext &ctx)
{
    const auto ev = ctx.event.as<events::ReminderTriggered>();
    if (!ev)
        return HandlerResult::permanent(QStringLiteral("decode"), QStringLiteral("not a ReminderTriggered"));
    const events::ReminderFields &r = ev->reminder;
    // The title is the reminder's, else its task's (when this database has the rows).
    QString title;
    const Result<std::optional<store::Reminder>> row = store::ReminderStore(ctx.db).find(r.reminderId);
    if (!row)
        return HandlerResult::retriable(QStringLiteral("storage"), row.error().message);
    if (*row)
        title = (*row)->title;
    if (title.isEmpty()) {
        const Result<std::optional<store::Task>> t = store::TaskStore(ctx.db).findIncludingDeleted(r.taskId);
        if (!t)
            return HandlerResult::retriable(QStringLiteral("storage"), t.error().message);
        if (*t)
            title = (*t)->title;
    }
    store::Notification n;
    n.id = QUuid::createUuidV5(kReminderNamespace, idText(r.reminderId));
    n.userId = r.userId;
    n.kind = QStringLiteral("reminder");
    n.reminderId = r.reminderId;
    n.taskId = r.taskId;
    n.title = title;
    n.createdAt = ev->triggeredAt;
    n.body = QJsonObject{{QStringLiteral("reminder_id"), idText(r.reminderId)},
                         {QStringLiteral("task_id"), idText(r.taskId)},
                         {QStringLiteral("title"), title},
                         {QStringLiteral("remind_at"), store::toIsoUtc(r.remindAt)},
                         {QStringLiteral("fired_at"), store::toIsoUtc(ev->triggeredAt)},
                         {QStringLiteral("late"), ev->late}};
    return deliver(ctx, std::move(n));
}

HandlerResult Notifier::onTaskEvent(const HandlerContext &ctx)
{
    const QUuid actor = actorOf(ctx);
    if (actor.isNull())
        return HandlerResult::ok(); // the owner's own change, or a worker's
    QUuid owner;
    QUuid taskId;
    QString change;
    QStringList fields;
    QString title;
    if (const auto e = ctx.event.as<events::TaskCreated>()) {
        owner = e->task.userId;
        taskId = e->task.id;
        change = QStringLiteral("created");
        title = e->task.title;
    } else if (const auto e = ctx.event.as<events::TaskUpdated>()) {
        owner = e->userId;
        taskId = e->id;
        change = QStringLiteral("updated");
        fields = e->changedFields;
        title = e->title.value_or(QString());
    } else if (const auto e = ctx.event.as<events::TaskCompleted>()) {
        owner = e->userId;
        taskId = e->id;
        change = QStringLiteral("completed");
    } else if (const auto e = ctx.event.as<events::TaskDeleted>()) {
        owner = e->userId;
        taskId = e->id;
        change = QStringLiteral("deleted");
    } else {
        return HandlerResult::permanent(QStringLiteral("contract"),
                                        QStringLiteral("not a task event: %1").arg(ctx.event.type()));
    }
    if (owner.isNull() || actor == owner)
        return HandlerResult::ok();
    if (title.isEmpty()) {
        const Result<std::optional<store::Task>> t = store::TaskStore(ctx.db).findIncludingDeleted(taskId);
        if (!t)
            return HandlerResult::retriable(QStringLiteral("storage"), t.error().message);
        if (*t)
            title = (*t)->title;
    }
    store::Notification n;
    n.id = QUuid::createUuidV5(kTaskChangeNamespace, idText(ctx.event.eventId()));
    n.userId = owner;
    n.kind = QStringLiteral("task_changed");
    n.taskId = taskId;
    n.title = title;
    n.createdAt = ctx.event.occurredAt();
    n.body = QJsonObject{{QStringLiteral("task_id"), idText(taskId)},
                         {QStringLiteral("title"), title},
                         {QStringLiteral("change"), change},
                         {QStringLiteral("changed_fields"), QJsonArray::fromStringList(fields)},
                         {QStringLiteral("changed_by"), idText(actor)},
                         {QStringLiteral("event_id"), idText(ctx.event.eventId())}};
    return deliver(ctx, std::move(n));
}

HandlerResult Notifier::deliver(const HandlerContext &ctx, store::Notification n)
{
    store::NotificationStore store(ctx.db);
    const Result<store::NotificationPreferences> prefs = store.preferences(n.userId);
    if (!prefs)
        return HandlerResult::retriable(QStringLiteral("storage"), prefs.error().message);

    if (prefs->inApp) {
        const Result<bool> inserted = store.insert(n);
        if (!inserted)
            return HandlerResult::retriable(QStringLiteral("storage"), inserted.error().message);
        if (!*inserted)
            return HandlerResult::ok(); // made before (e.g. its event was replayed): pushed then
        events::NotificationCreated created;
        created.header = {QUuid::createUuidV5(kCreatedEventNamespace, idText(n.id)), n.createdAt};
        created.notificationId = n.id;
        created.userId = n.userId;
        created.kind = n.kind;
        created.taskId = n.taskId;
        created.reminderId = n.reminderId;
        created.title = n.title;
        created.body = QString::fromUtf8(QJsonDocument(n.body).toJson(QJsonDocument::Compact));
        const Result<store::OutboxRecord> rec = makeOutboxRecord(*m_serializer, events::Event::from(created));
        if (!rec)
            return HandlerResult::permanent(QStringLiteral("encode"), rec.error().message);
        if (const Result<void> appended = store::OutboxStore(ctx.db).append(*rec); !appended)
            return HandlerResult::retriable(QStringLiteral("storage"), appended.error().message);
    }

    Push push;
    push.json = n.toJson();
    push.json.insert(QStringLiteral("user_id"), idText(n.userId));
    push.webhook = prefs->webhook;
    if (prefs->email && !prefs->emailAddress.isEmpty())
        push.emailTo = prefs->emailAddress;
    if (push.webhook || !push.emailTo.isEmpty()) {
        const QDateTime now = QDateTime::fromMSecsSinceEpoch(m_clock->nowMs(), Qt::UTC)
                                  .toTimeZone(notificationZoneFor(ctx.db, n.userId, m_zone));
        const int minute = now.time().hour() * 60 + now.time().minute();
        if (prefs->isQuietAt(minute)) {
            push.webhook = false;
            push.emailTo.clear();
            push.json.insert(QStringLiteral("quiet"), true);
        }
    }
    // Keyed by id: a batch run again after a failed commit stages the same notification once.
    m_staged.insert(n.id, push);
    return HandlerResult::ok();
}

void Notifier::onBatchCommitted()
{
    for (auto it = m_staged.cbegin(); it != m_staged.cend(); ++it) {
        const Push &p = it.value();
        ++m_created;
        if (p.json.value(QStringLiteral("quiet")).toBool()) {
            ++m_quiet;
            continue;
        }
        // The structured notification line: the log pipeline turns it into a JSON record.
        qCInfo(lcNotifier, "notification %s", QJsonDocument(p.json).toJson(QJsonDocument::Compact).constData());
        if (p.webhook)
            emit webhookWanted(p.json);
        if (!p.emailTo.isEmpty())
            emit emailWanted(p.emailTo, p.json);
    }
    m_staged.clear();
}

QList<metrics::Sample> Notifier::metricSamples() const
{
    return {{QStringLiteral("taskstream_notifications_created_total"), {}, double(m_created)},
            {QStringLiteral("taskstream_notifications_quiet_total"), {}, double(m_quiet)}};
}

} // namespace taskstream::services
