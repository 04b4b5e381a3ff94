#pragma once

#include "common/Result.h"
#include "services/Worker.h"

#include <memory>

#include <QDateTime>
#include <QObject>
#include <QTimer>

namespace taskstream::events {
class Event;
class EventSerializer;
} // namespace taskstream::events
namespace taskstream::kafka {
struct KafkaMessage;
}
namespace taskstream::store {
class Database;
struct AuditEntry;
} // namespace taskstream::store

namespace taskstream::services {

struct AuditLogOptions
{
    /// Entries whose event occurred longer ago than this are purged; 0 keeps them forever.
    int retentionDays = 90;
    int purgeIntervalMs = 3600 * 1000; ///< how often the purge runs
    int purgeBatchSize = 1000;         ///< rows per purge transaction, so no lock is held long
};

/// The audit-log-cg worker: stores every event of the task, reminder and broadcast topics once in
/// the audit_events table (searchable through AuditApi) and purges entries past the retention.
class AuditLog : public QObject, public Worker
{
    Q_OBJECT
public:
    static constexpr const char Group[] = "audit-log-cg";

    /// \a db is the runner's database (the handler writes inside its batch transaction).
    explicit AuditLog(store::Database *db, AuditLogOptions options = {}, QObject *parent = nullptr);
    ~AuditLog() override;

    QString group() const override { return QString::fromLatin1(Group); }
    void install(processing::ConsumerRunner &runner) override;
    void stopped() override;

    /// The audit entry for one consumed record: user and task from the event data, the payload as
    /// JSON with ISO 8601 timestamps.
    store::AuditEntry entryFor(const events::Event &event, const kafka::KafkaMessage &message,
                               const QString &eventId) const;

    /// Deletes every entry that occurred before \a before, in batches of purgeBatchSize, each its
    /// own transaction. Returns how many went.
    Result<qint64> purge(const QDateTime &before);
    /// Starts the retention timer (install() does so too). No-op when retentionDays is 0.
    void startRetention();

signals:
    /// A retention pass finished having removed \a removed entries.
    void purged(qint64 removed);

private:
    void purgeExpired();

    store::Database *m_db;
    AuditLogOptions m_options;
    std::unique_ptr<events::EventSerializer> m_serializer;
    QTimer m_retentionTimer;
    qint64 m_purgedInPass = 0;
};

} // namespace taskstream::services
