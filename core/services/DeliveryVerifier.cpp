#include "services/DeliveryVerifier.h"

#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "events/TaskEvents.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "store/Database.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>
#include <QUuid>

namespace taskstream::services {

using kafka::KafkaMessage;
using kafka::TopicPartition;
using kafka::TopicPartitionList;

namespace {

const char kDuplicatesNote[] =
    "the ledger's primary key is (consumer_group, event_id) and the runner inserts a row with ON CONFLICT DO "
    "NOTHING in the effect's transaction: a second effect of one event can neither commit nor be recorded, so a "
    "ledger cannot show one; records published more than once are counted above, and the ledger absorbed them";

enum class OutboxState : quint8 { Pending, Sent, Failed };

/// One outbox row of the window: what the reconciliation needs of it, no payload.
struct Entry
{
    qint64 seq = 0;
    qint64 createdAt = 0;
    qint64 publishedAt = -1; ///< the first record's time
    int publications = 0;
    quint16 topic = 0; ///< index into Private::topics
    quint16 type = 0;  ///< index into Private::types
    OutboxState state = OutboxState::Pending;
};

LatencySummary summarize(std::vector<qint64> &values)
{
    LatencySummary s;
    s.count = qint64(values.size());
    if (values.empty())
        return s;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the values at or below it.
    const auto rank = [&](double p) {
        const auto i = qint64(std::ceil(p * double(values.size()))) - 1;
        return values[size_t(std::clamp<qint64>(i, 0, qint64(values.size()) - 1))];
    };
    s.p50 = rank(0.50);
    s.p99 = rank(0.99);
    s.max = values.back();
    return s;
}

QJsonObject latencyJson(const LatencySummary &s)
{
    return {{QStringLiteral("count"), s.count},
            {QStringLiteral("p50_ms"), s.p50},
            {QStringLiteral("p99_ms"), s.p99},
            {QStringLiteral("max_ms"), s.max}};
}

QString iso(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace

QDateTime parseVerifyTime(const QString &text, const QDateTime &now)
{
    static const QRegularExpression age(QStringLiteral("^(\\d+)([smhd])$"));
    const QRegularExpressionMatch m = age.match(text.trimmed());
    if (m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QChar unit = m.captured(2).at(0);
        const qint64 seconds = unit == QLatin1Char('s')   ? n
                               : unit == QLatin1Char('m') ? n * 60
                               : unit == QLatin1Char('h') ? n * 3600
                                                          : n * 86400;
        return now.addSecs(-seconds);
    }
    const QDateTime t = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
    return t.isValid() && t.timeSpec() != Qt::LocalTime ? t.toUTC() : QDateTime();
}

QStringList handledEventTypes(const QString &group)
{
    // As each worker's install() registers its handlers (services/*.cpp); a group with a default
    // handler (the audit log) records every event.
    const auto types = [](std::initializer_list<const char *> names) {
        QStringList out;
        for (const char *n : names)
            out << QString::fromLatin1(n);
        return out;
    };
    if (group == QLatin1String("recurring-task-cg"))
        return types({events::TaskCompleted::TypeName});
    if (group == QLatin1String("reminder-scheduler-cg") || group == QLatin1String("task-broadcaster-cg"))
        return types({events::TaskCreated::TypeName, events::TaskUpdated::TypeName, events::TaskCompleted::TypeName,
                      events::TaskDeleted::TypeName});
    if (group == QLatin1String("reminder-trigger-cg"))
        return types({events::ReminderScheduled::TypeName, events::ReminderDismissed::TypeName});
    if (group == QLatin1String("notification-cg"))
        return types({events::ReminderTriggered::TypeName, events::TaskCreated::TypeName, events::TaskUpdated::TypeName,
                      events::TaskCompleted::TypeName, events::TaskDeleted::TypeName});
    return {};
}

bool VerifyReport::clean() const
{
    if (orderViolations > 0 || markedSentMissing > 0 || pendingTooLong > 0)
        return false;
    for (const GroupVerification &g : groups)
        if (g.lost() > 0 || g.duplicateEffects > 0)
            return false;
    return true;
}

QJsonObject VerifyReport::toJson() const
{
    QJsonArray gs;
    for (const GroupVerification &g : groups) {
        gs.append(QJsonObject{
            {QStringLiteral("group"), g.group},
            {QStringLiteral("topics"), QJsonArray::fromStringList(g.topics)},
            {QStringLiteral("expected"), g.expected},
            {QStringLiteral("processed"), g.processed},
            {QStringLiteral("lost"), g.lost()},
            {QStringLiteral("not_published"), g.notPublished},
            {QStringLiteral("not_processed"), g.notProcessed},
            {QStringLiteral("in_flight"), g.inFlight},
            {QStringLiteral("duplicate_effects"), g.duplicateEffects},
            {QStringLiteral("order_violations"), g.orderViolations},
            {QStringLiteral("not_published_examples"), QJsonArray::fromStringList(g.notPublishedExamples)},
            {QStringLiteral("not_processed_examples"), QJsonArray::fromStringList(g.notProcessedExamples)},
            {QStringLiteral("latency"),
             QJsonObject{{QStringLiteral("commit_to_published"), latencyJson(g.commitToPublished)},
                         {QStringLiteral("published_to_processed"), latencyJson(g.publishedToProcessed)},
                         {QStringLiteral("commit_to_processed"), latencyJson(g.commitToProcessed)}}},
        });
    }
    return {
        {QStringLiteral("since"), iso(since)},
        {QStringLiteral("until"), iso(until)},
        {QStringLiteral("database"), database},
        {QStringLiteral("clean"), clean()},
        {QStringLiteral("outbox"), QJsonObject{{QStringLiteral("committed"), committed},
                                               {QStringLiteral("published"), published},
                                               {QStringLiteral("marked_sent_not_on_topic"), markedSentMissing},
                                               {QStringLiteral("unpublished_past_settle"), pendingTooLong},
                                               {QStringLiteral("failed"), failed}}},
        {QStringLiteral("topics"),
         QJsonObject{{QStringLiteral("records_read"), recordsRead},
                     {QStringLiteral("duplicate_publications"), duplicatePublications},
                     {QStringLiteral("order_violations"), orderViolations},
                     {QStringLiteral("order_violation_examples"), QJsonArray::fromStringList(orderViolationExamples)}}},
        {QStringLiteral("duplicates_note"), duplicatesNote},
        {QStringLiteral("groups"), gs},
    };
}

QString VerifyReport::toText() const
{
    QStringList out;
    out << QStringLiteral("delivery verification %1 .. %2 (%3)").arg(iso(since), iso(until), database);
    out << QStringLiteral("outbox: %1 committed, %2 published, %3 marked sent but not on the topic, %4 unpublished "
                          "past the settle time (%5 failed)")
               .arg(committed)
               .arg(published)
               .arg(markedSentMissing)
               .arg(pendingTooLong)
               .arg(failed);
    out << QStringLiteral("topics: %1 records read, %2 published more than once, %3 per-key order violations")
               .arg(recordsRead)
               .arg(duplicatePublications)
               .arg(orderViolations);
    for (const QString &e : orderViolationExamples)
        out << QStringLiteral("  order: ") + e;
    if (!duplicatesNote.isEmpty())
        out << QStringLiteral("duplicate effects: ") + duplicatesNote;
    for (const GroupVerification &g : groups) {
        out << QString();
        out << QStringLiteral("group %1 (%2)").arg(g.group, g.topics.join(QStringLiteral(", ")));
        out << QStringLiteral("  expected %1, processed %2, lost %3 (%4 not published, %5 not processed), in flight "
                              "%6, duplicate effects %7, order violations %8")
                   .arg(g.expected)
                   .arg(g.processed)
                   .arg(g.lost())
                   .arg(g.notPublished)
                   .arg(g.notProcessed)
                   .arg(g.inFlight)
                   .arg(g.duplicateEffects)
                   .arg(g.orderViolations);
        const auto line = [&](const char *name, const LatencySummary &s) {
            out << QStringLiteral("  %1 ms: p50 %2, p99 %3, max %4 (%5 events)")
                       .arg(QLatin1String(name), -24)
                       .arg(s.p50)
                       .arg(s.p99)
                       .arg(s.max)
                       .arg(s.count);
        };
        line("commit -> published", g.commitToPublished);
        line("published -> processed", g.publishedToProcessed);
        line("commit -> processed", g.commitToProcessed);
        if (!g.notPublishedExamples.isEmpty())
            out << QStringLiteral("  not published: ") + g.notPublishedExamples.join(QStringLiteral(", "));
        if (!g.notProcessedExamples.isEmpty())
            out << QStringLiteral("  not processed: ") + g.notProcessedExamples.join(QStringLiteral(", "));
    }
    out << QString();
    out << (clean() ? QStringLiteral("verdict: clean") : QStringLiteral("verdict: NOT CLEAN"));
    return out.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

struct DeliveryVerifier::Private
{
    store::Database *db = nullptr;
    TopicCatalog catalog;
    VerifyOptions options;
    qint64 sinceMs = 0;
    qint64 untilMs = 0;
    QList<ConsumerGroupSpec> groups;
    QStringList topics; ///< the groups' topics
    QStringList types;  ///< event types met in the window
    QHash<QUuid, Entry> events;
    /// Per topic and key, the highest seq whose event was first seen so far (for the window only).
    QHash<QByteArray, qint64> lastSeqOfKey;
    QHash<QString, qint64> violationsOfTopic;
    QHash<QPair<QString, int>, qint64> endOffsets; ///< high watermark per partition at start
    QSet<QPair<QString, int>> reading;             ///< partitions not yet read to their end offset
    kafka::KafkaAdmin *admin = nullptr;
    kafka::KafkaConsumer *consumer = nullptr;
    QTimer *stall = nullptr;
    quint64 request = 0;
    TopicPartitionList lows;
    VerifyReport report;
    bool done = false;

    int indexOf(QStringList &list, const QString &s)
    {
        int i = int(list.indexOf(s));
        if (i < 0) {
            list.append(s);
            i = int(list.size()) - 1;
        }
        return i;
    }
};

DeliveryVerifier::DeliveryVerifier(store::Database *db, const TopicCatalog &catalog, VerifyOptions options,
                                   QObject *parent)
    : QObject(parent), d(std::make_unique<Private>())
{
    d->db = db;
    d->catalog = catalog;
    d->options = std::move(options);
}

DeliveryVerifier::~DeliveryVerifier() = default;

void DeliveryVerifier::start()
{
    QMetaObject::invokeMethod(this, &DeliveryVerifier::readOutbox, Qt::QueuedConnection);
}

void DeliveryVerifier::finish(const Result<VerifyReport> &result)
{
    if (d->done)
        return;
    d->done = true;
    if (d->stall)
        d->stall->stop();
    if (d->consumer) {
        d->consumer->close();
        d->consumer->deleteLater();
        d->consumer = nullptr;
    }
    if (d->admin) {
        d->admin->deleteLater();
        d->admin = nullptr;
    }
    emit finished(result);
}

void DeliveryVerifier::readOutbox()
{
    const VerifyOptions &o = d->options;
    if (!o.since.isValid() || !o.until.isValid() || o.since >= o.until)
        return finish(Error::invalid(QStringLiteral("the window needs a start before its end")));
    d->sinceMs = o.since.toMSecsSinceEpoch();
    d->untilMs = o.until.toMSecsSinceEpoch();
    if (o.groups.isEmpty()) {
        for (const ConsumerGroupSpec &g : d->catalog.consumerGroups())
            d->groups.append(g);
    } else {
        for (const QString &name : o.groups) {
            const ConsumerGroupSpec *g = d->catalog.consumerGroup(name);
            if (!g)
                return finish(Error::invalid(QStringLiteral("no consumer group '%1' in the topic catalog").arg(name)));
            d->groups.append(*g);
        }
    }
    for (const ConsumerGroupSpec &g : std::as_const(d->groups))
        for (const QString &t : g.topics)
            if (!d->topics.contains(t))
                d->topics.append(t);

    VerifyReport &r = d->report;
    r.since = o.since.toUTC();
    r.until = o.until.toUTC();
    r.database = d->db->kindName();
    r.duplicatesNote = QString::fromLatin1(kDuplicatesNote);

    // SQLite keeps "sent" as a cursor (every row up to it is sent or failed), PostgreSQL per row.
    qint64 sentThrough = -1;
    if (d->db->kind() == store::Database::Kind::SQLite) {
        store::Database::Statement q = d->db->statement("SELECT sent_through FROM outbox_cursor WHERE id = 1");
        if (const Result<int> ran = q.exec(); !ran)
            return finish(ran.error().context(QStringLiteral("cannot read the outbox cursor")));
        if (q.next())
            sentThrough = q.int64(0);
        if (!q.status())
            return finish(q.status().error());
    }
    // Rows of the window in commit order; the outbox is pruned of sent rows after a day, so the
    // scan is over at most that much.
    store::Database::Statement q =
        d->db->statement("SELECT seq, event_id, event_type, topic, status, created_at FROM outbox"
                         " WHERE created_at >= ? AND created_at < ? ORDER BY seq");
    q.bind(d->sinceMs).bind(d->untilMs);
    if (const Result<int> ran = q.exec(); !ran)
        return finish(ran.error().context(QStringLiteral("cannot read the outbox")));
    while (q.next()) {
        const QString topic = q.value(3).toString();
        if (!d->topics.contains(topic))
            continue;
        Entry e;
        e.seq = q.int64(0);
        e.createdAt = q.int64(5);
        e.topic = quint16(d->topics.indexOf(topic));
        e.type = quint16(d->indexOf(d->types, q.value(2).toString()));
        const QString status = q.value(4).toString();
        if (status == QLatin1String("failed"))
            e.state = OutboxState::Failed;
        else if (status == QLatin1String("sent") || (sentThrough >= 0 && e.seq <= sentThrough))
            e.state = OutboxState::Sent;
        const QUuid id = QUuid::fromString(q.value(1).toString());
        d->events.insert(id, e);
        ++r.committed;
        if (e.state == OutboxState::Failed)
            ++r.failed;
    }
    if (!q.status())
        return finish(q.status().error().context(QStringLiteral("cannot read the outbox")));
    if (d->events.isEmpty())
        return readLedgers();
    startKafka();
}

void DeliveryVerifier::startKafka()
{
    d->admin = new kafka::KafkaAdmin(this);
    kafka::KafkaError error;
    if (!d->admin->open(d->options.kafka, &error))
        return finish(Error::unavailable(QStringLiteral("cannot reach Kafka: ") + error.toString()));
    d->stall = new QTimer(this);
    d->stall->setSingleShot(true);
    d->stall->setInterval(d->options.kafkaTimeoutMs + 5000);
    connect(d->stall, &QTimer::timeout, this, [this] {
        finish(Error::unavailable(QStringLiteral("the topics could not be read to their end within %1 ms "
                                                 "(%2 partitions left)")
                                      .arg(d->options.kafkaTimeoutMs)
                                      .arg(d->reading.size())));
    });
    d->stall->start();
    TopicPartitionList partitions;
    for (const QString &t : std::as_const(d->topics)) {
        const TopicSpec *spec = d->catalog.topic(t);
        for (int p = 0; p < (spec ? spec->partitions : 1); ++p)
            partitions.append({t, p, kafka::OffsetInvalid});
    }
    connect(d->admin, &kafka::KafkaAdmin::watermarksReady, this,
            [this](quint64 id, const QList<kafka::PartitionWatermarks> &marks, const kafka::KafkaError &error) {
                if (id != d->request)
                    return;
                if (error.isError())
                    return finish(
                        Error::unavailable(QStringLiteral("cannot read the topics' end offsets: ") + error.toString()));
                TopicPartitionList times;
                for (const kafka::PartitionWatermarks &w : marks) {
                    if (w.error.isError())
                        return finish(Error::unavailable(QStringLiteral("cannot read the end offset of %1/%2: %3")
                                                             .arg(w.topic)
                                                             .arg(w.partition)
                                                             .arg(w.error.toString())));
                    if (w.high <= w.low)
                        continue;
                    d->endOffsets.insert({w.topic, w.partition}, w.high);
                    d->lows.append({w.topic, w.partition, w.low});
                    times.append({w.topic, w.partition, d->sinceMs - d->options.readMarginMs});
                }
                if (times.isEmpty())
                    return readLedgers();
                d->stall->start();
                d->request = d->admin->fetchOffsetsForTimes(times, d->options.kafkaTimeoutMs);
            });
    connect(d->admin, &kafka::KafkaAdmin::offsetsForTimesReady, this,
            [this](quint64 id, const TopicPartitionList &offsets, const kafka::KafkaError &) {
                if (id != d->request)
                    return;
                // Where the lookup by time gives no offset (failed, or a broker that answers "the
                // end" to every such lookup, as the embedded one does), read from the log start and
                // skip the older records instead.
                TopicPartitionList from = d->lows;
                for (TopicPartition &tp : from)
                    for (const TopicPartition &o : offsets)
                        if (o.topic == tp.topic && o.partition == tp.partition && o.offset >= 0)
                            tp.offset = std::max(tp.offset, o.offset);
                readTopics(from);
            });
    d->request = d->admin->fetchWatermarks(partitions, d->options.kafkaTimeoutMs);
}

void DeliveryVerifier::readTopics(const TopicPartitionList &from)
{
    TopicPartitionList assign;
    for (const TopicPartition &tp : from) {
        if (tp.offset >= d->endOffsets.value({tp.topic, tp.partition}))
            continue;
        assign.append(tp);
        d->reading.insert({tp.topic, tp.partition});
    }
    if (assign.isEmpty())
        return readLedgers();
    kafka::KafkaConfig config = d->options.kafka;
    config.set(QStringLiteral("group.id"),
               QStringLiteral("taskstream-verify-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    config.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
    d->consumer = new kafka::KafkaConsumer(this);
    kafka::KafkaError error;
    if (!d->consumer->open(config, &error))
        return finish(Error::unavailable(QStringLiteral("cannot open a Kafka reader: ") + error.toString()));
    connect(d->consumer, &kafka::KafkaConsumer::messagesReceived, this, &DeliveryVerifier::onRecords);
    d->stall->start();
    if (const kafka::KafkaError e = d->consumer->assign(assign); e.isError())
        return finish(Error::unavailable(QStringLiteral("cannot read the topics: ") + e.toString()));
}

void DeliveryVerifier::onRecords(const QList<KafkaMessage> &records)
{
    if (d->done)
        return;
    d->stall->start();
    VerifyReport &r = d->report;
    const qint64 fromMs = d->sinceMs - d->options.readMarginMs;
    for (const KafkaMessage &m : records) {
        const QPair<QString, int> part{m.topic, m.partition};
        const qint64 end = d->endOffsets.value(part);
        if (m.offset >= end)
            continue; // written after the start: outside this run
        if (m.offset + 1 >= end)
            d->reading.remove(part);
        if (m.timestampMs >= 0 && m.timestampMs < fromMs)
            continue;
        ++r.recordsRead;
        const QByteArray ceId = kafka::headerValue(m.headers, events::cloudevents::Id);
        if (ceId.isEmpty())
            continue;
        auto it = d->events.find(QUuid::fromString(QLatin1String(ceId)));
        if (it == d->events.end() || d->topics.value(it->topic) != m.topic)
            continue;
        Entry &e = *it;
        if (++e.publications > 1) {
            ++r.duplicatePublications;
            continue;
        }
        e.publishedAt = m.timestampMs;
        ++r.published;
        // Per key, first publications must follow commit order.
        QByteArray keyId = m.topic.toUtf8();
        keyId += '\0';
        keyId += m.key;
        auto last = d->lastSeqOfKey.find(keyId);
        if (last == d->lastSeqOfKey.end()) {
            d->lastSeqOfKey.insert(keyId, e.seq);
        } else if (e.seq < *last) {
            ++r.orderViolations;
            ++d->violationsOfTopic[m.topic];
            if (r.orderViolationExamples.size() < d->options.examples)
                r.orderViolationExamples.append(
                    QStringLiteral("%1 key %2: event %3 (seq %4) first published at %5/%6, after seq %7")
                        .arg(m.topic, QString::fromUtf8(m.key), it.key().toString(QUuid::WithoutBraces))
                        .arg(e.seq)
                        .arg(m.partition)
                        .arg(m.offset)
                        .arg(*last));
        } else {
            *last = e.seq;
        }
    }
    // Not from inside the consumer's own signal: reading the ledgers closes it.
    if (d->reading.isEmpty())
        QMetaObject::invokeMethod(this, &DeliveryVerifier::readLedgers, Qt::QueuedConnection);
}

void DeliveryVerifier::readLedgers()
{
    if (d->done)
        return;
    if (d->stall)
        d->stall->stop();
    if (d->consumer) {
        disconnect(d->consumer, nullptr, this, nullptr);
        d->consumer->close();
        d->consumer->deleteLater();
        d->consumer = nullptr;
    }
    VerifyReport &r = d->report;
    const qint64 settledBefore = d->untilMs - d->options.settleMs;
    for (auto it = d->events.cbegin(); it != d->events.cend(); ++it) {
        const Entry &e = it.value();
        if (e.publications > 0)
            continue;
        if (e.state == OutboxState::Sent)
            ++r.markedSentMissing;
        else if (e.createdAt < settledBefore)
            ++r.pendingTooLong;
    }
    for (const ConsumerGroupSpec &spec : std::as_const(d->groups)) {
        GroupVerification g;
        g.group = spec.name;
        g.topics = spec.topics;
        g.duplicateEffects = 0; // see kDuplicatesNote
        for (const QString &t : spec.topics)
            g.orderViolations += d->violationsOfTopic.value(t);
        // The group's ledger rows of the window's events: processed at or after the window's start.
        QHash<QUuid, qint64> processedAt;
        store::Database *ledgerDb = d->options.ledgerDatabases.value(spec.name, d->db);
        store::Database::Statement q = ledgerDb->statement(
            "SELECT event_id, processed_at FROM processed_events WHERE consumer_group = ? AND processed_at >= ?");
        q.bind(spec.name).bind(d->sinceMs);
        if (const Result<int> ran = q.exec(); !ran)
            return finish(ran.error().context(QStringLiteral("cannot read the ledger of %1").arg(spec.name)));
        while (q.next()) {
            const QByteArrayView text = q.bytes(0);
            const QUuid id = QUuid::fromString(QLatin1String(text.data(), text.size()));
            if (d->events.contains(id))
                processedAt.insert(id, q.int64(1));
        }
        if (!q.status())
            return finish(q.status().error().context(QStringLiteral("cannot read the ledger of %1").arg(spec.name)));

        QSet<int> typeIndexes;
        const QStringList handled = handledEventTypes(spec.name);
        for (const QString &t : handled)
            if (d->types.contains(t))
                typeIndexes.insert(int(d->types.indexOf(t)));
        QSet<int> topicIndexes;
        for (const QString &t : spec.topics)
            if (d->topics.contains(t))
                topicIndexes.insert(int(d->topics.indexOf(t)));
        std::vector<qint64> toPublished, toProcessed, endToEnd;
        for (auto it = d->events.cbegin(); it != d->events.cend(); ++it) {
            const Entry &e = it.value();
            if (!topicIndexes.contains(e.topic) || (!handled.isEmpty() && !typeIndexes.contains(e.type)))
                continue;
            ++g.expected;
            const QString id = it.key().toString(QUuid::WithoutBraces);
            if (e.publishedAt >= 0)
                toPublished.push_back(e.publishedAt - e.createdAt);
            const auto done = processedAt.constFind(it.key());
            if (done != processedAt.cend()) {
                ++g.processed;
                endToEnd.push_back(*done - e.createdAt);
                if (e.publishedAt >= 0)
                    toProcessed.push_back(*done - e.publishedAt);
            } else if (e.publications == 0) {
                if (e.state == OutboxState::Pending && e.createdAt >= settledBefore) {
                    ++g.inFlight;
                } else {
                    ++g.notPublished;
                    if (g.notPublishedExamples.size() < d->options.examples)
                        g.notPublishedExamples.append(id);
                }
            } else if (e.publishedAt >= settledBefore) {
                ++g.inFlight;
            } else {
                ++g.notProcessed;
                if (g.notProcessedExamples.size() < d->options.examples)
                    g.notProcessedExamples.append(id);
            }
        }
        std::sort(g.notPublishedExamples.begin(), g.notPublishedExamples.end());
        std::sort(g.notProcessedExamples.begin(), g.notProcessedExamples.end());
        g.commitToPublished = summarize(toPublished);
        g.publishedToProcessed = summarize(toProcessed);
        g.commitToProcessed = summarize(endToEnd);
        r.groups.append(g);
    }
    finish(r);
}

} // namespace taskstream::services
