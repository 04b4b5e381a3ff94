#pragma once

#include "common/Result.h"
#include "kafka/KafkaConfig.h"
#include "kafka/KafkaTypes.h"

#include <memory>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

namespace taskstream {
class TopicCatalog;
namespace store {
class Database;
}
} // namespace taskstream

namespace taskstream::services {

/// What the verifier looks at: outbox rows committed in [since, until), the records of their
/// topics from a little before \a since up to the end offsets seen when it starts, and the
/// groups' ledgers.
struct VerifyOptions
{
    QDateTime since;
    QDateTime until;
    /// Consumer groups to report on; empty: every catalog group that reads an outbox topic.
    QStringList groups;
    /// An event committed (or published) less than this before \a until and not yet published
    /// (or processed) is in flight, not lost.
    qint64 settleMs = 30000;
    /// Records are read from this long before \a since (a record's time is its produce time,
    /// after the commit; this covers clock differences between writers and the relay).
    qint64 readMarginMs = 60000;
    kafka::KafkaConfig kafka;
    int kafkaTimeoutMs = 10000;
    /// Event ids listed per finding (the counts are always complete).
    int examples = 10;
    /// Groups whose ledger is in another database than the outbox's, and that database (on
    /// SQLite the audit group's ledger is in the audit file, docs/audit.md). Used on the
    /// verifier's thread.
    QHash<QString, store::Database *> ledgerDatabases;
};

/// p50, p99 and max of one latency, in milliseconds, over \a count events.
struct LatencySummary
{
    qint64 count = 0;
    qint64 p50 = 0;
    qint64 p99 = 0;
    qint64 max = 0;
};

/// What one consumer group did with the events it should have processed.
struct GroupVerification
{
    QString group;
    QStringList topics;
    qint64 expected = 0;     ///< committed events of its topics and of the types it handles
    qint64 processed = 0;    ///< of those, recorded in its ledger
    qint64 notPublished = 0; ///< lost before the topic: committed, never on the topic
    qint64 notProcessed = 0; ///< lost after the topic: on the topic, not in the ledger
    qint64 inFlight = 0;     ///< neither yet, but younger than the settle time
    qint64 duplicateEffects = 0;
    qint64 orderViolations = 0; ///< of its topics
    QStringList notPublishedExamples;
    QStringList notProcessedExamples;
    LatencySummary commitToPublished;
    LatencySummary publishedToProcessed;
    LatencySummary commitToProcessed;
    qint64 lost() const { return notPublished + notProcessed; }
};

/// One reconciliation of outbox, topics and ledgers (see docs/verify.md).
struct VerifyReport
{
    QDateTime since;
    QDateTime until;
    QString database;                 ///< "sqlite" or "postgresql"
    qint64 committed = 0;             ///< outbox rows in the window
    qint64 published = 0;             ///< of those, found on their topic
    qint64 markedSentMissing = 0;     ///< marked sent in the outbox, yet not on the topic
    qint64 pendingTooLong = 0;        ///< still pending (or failed) past the settle time
    qint64 failed = 0;                ///< marked failed by the relay
    qint64 duplicatePublications = 0; ///< records beyond the first of an event id (absorbed by ledgers)
    qint64 orderViolations = 0;
    QStringList orderViolationExamples;
    qint64 recordsRead = 0;
    /// Why a ledger cannot show an event processed twice (empty if it could).
    QString duplicatesNote;
    QList<GroupVerification> groups;

    /// True when no group lost an event, none shows a duplicate effect and no key is out of order.
    bool clean() const;
    QJsonObject toJson() const;
    /// The human-readable report.
    QString toText() const;
};

/// The consumer groups' event types, as the workers install their handlers: a ledger row is
/// written only for an event a group has a handler for. Empty list: every type.
QStringList handledEventTypes(const QString &group);

/// A window bound as operators write it: an ISO 8601 time with its offset, or an age before \a now
/// ("45s", "90m", "2h", "1d"). An invalid QDateTime when it is neither.
QDateTime parseVerifyTime(const QString &text, const QDateTime &now);

/// Reconciles the outbox, the topics and each consumer group's idempotency ledger over a window
/// of commit times, and reports per group events lost, duplicate effects, per-key order
/// violations and latency. Memory grows with the events in the window, not with the tables or
/// topics: rows and records outside it are streamed past. start() reads the outbox at once (on
/// this thread's \a db), then the topics through a consumer on the Qt event loop; finished()
/// follows exactly once.
class DeliveryVerifier : public QObject
{
    Q_OBJECT
public:
    DeliveryVerifier(store::Database *db, const TopicCatalog &catalog, VerifyOptions options,
                     QObject *parent = nullptr);
    ~DeliveryVerifier() override;

    void start();

signals:
    void finished(const taskstream::Result<taskstream::services::VerifyReport> &report);

private:
    void readOutbox();
    void startKafka();
    void readTopics(const kafka::TopicPartitionList &from);
    void onRecords(const QList<kafka::KafkaMessage> &records);
    void readLedgers();
    void finish(const Result<VerifyReport> &result);
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace taskstream::services
