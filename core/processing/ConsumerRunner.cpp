#include "processing/ConsumerRunner.h"

#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"
#include "processing/EventRecords.h"
#include "processing/ReplayTarget.h"
#include "store/Database.h"

#include <exception>
#include <map>

#include <QDateTime>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

#include <librdkafka/rdkafka.h>

Q_LOGGING_CATEGORY(lcProcessing, "taskstream.processing")

namespace taskstream::processing {

using kafka::KafkaMessage;
using kafka::TopicPartition;
using kafka::TopicPartitionList;

/// Where one assigned partition stands. Replaced (not reused) when a partition is assigned again,
/// so timers and DLQ deliveries of an earlier assignment find a stale pointer and do nothing.
struct ConsumerRunner::PartitionState
{
    enum Mode { Flowing, RetryWait, Stalled };
    /// A record on its way to the DLQ.
    struct DeadLetter
    {
        KafkaMessage message;
        FailureInfo failure;
        quint64 producerId = 0; ///< of the write in flight; 0 while none is
        int failures = 0;       ///< failed writes so far
        bool refused = false;   ///< a write failed and none has succeeded since: the partition is stopped
    };
    Mode mode = Flowing;
    qint64 expectOffset = -1;  ///< after a seek (or progress): the next offset accepted; -1 any
    qint64 processedNext = -1; ///< last handled offset + 1
    qint64 committed = -1;     ///< last offset the broker acknowledged for us
    qint64 stored = -1;        ///< next offset in consumer_offsets, as far as this runner knows
    bool hasFailure = false;
    KafkaMessage failing; ///< the record being retried
    FailureInfo failure;
    /// The cursor of the DLQ writes not yet acknowledged, by original offset: the committed offset
    /// never passes the first of them.
    std::map<qint64, DeadLetter> deadLetters;
    int refusedDeadLetters = 0; ///< entries of deadLetters with refused set

    /// What may be committed: the handled prefix, up to the first unacknowledged DLQ write.
    qint64 committable() const
    {
        if (processedNext < 0 || deadLetters.empty())
            return processedNext;
        return qMin(processedNext, deadLetters.begin()->first);
    }
    /// False while the partition waits for a retry, a DLQ write that failed, or a gap to be acknowledged.
    bool isReading() const { return mode == Flowing && refusedDeadLetters == 0; }
};

struct ConsumerRunner::Outcome
{
    enum Kind { Processed, Duplicate, Skipped, Failed, StoreError };
    Kind kind = Processed;
    HandlerResult::Status status = HandlerResult::Ok;
    QString errorClass;
    QString message;
    QString type; ///< the event type, once known
};

namespace {
/// The longest pause of a partition between attempts while the database fails.
constexpr int kStoreRetryCapMs = 3000;
QString keyName(const QString &topic, int partition)
{
    return topic + QLatin1Char('/') + QString::number(partition);
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// Seeks without waiting for the fetcher (it runs on librdkafka's thread, in order with pause and
// resume); "in progress" is what an asynchronous seek answers.
kafka::KafkaError seekAsync(kafka::KafkaConsumer *consumer, const QPair<QString, int> &key, qint64 offset)
{
    const kafka::KafkaError e = consumer->seek({{key.first, key.second, offset}}, 0);
    return e.codeName() == QLatin1String("_IN_PROGRESS") ? kafka::KafkaError() : e;
}

Clock *clockOf(const RunnerOptions &options)
{
    return options.clock ? options.clock : Clock::system();
}

// Properties librdkafka would ignore with a warning on the other kind of client.
kafka::KafkaConfig withoutConsumerProps(kafka::KafkaConfig cfg)
{
    for (const char *k :
         {"group.id", "group.instance.id", "partition.assignment.strategy", "session.timeout.ms",
          "heartbeat.interval.ms", "max.poll.interval.ms", "enable.auto.commit", "enable.auto.offset.store",
          "auto.offset.reset", "fetch.wait.max.ms", "fetch.min.bytes", "fetch.max.bytes", "fetch.error.backoff.ms",
          "isolation.level", "queued.min.messages", "enable.partition.eof", "check.crcs"})
        cfg.unset(QString::fromLatin1(k));
    return cfg;
}
} // namespace

ConsumerRunner::ConsumerRunner(store::Database *db, RunnerOptions options, QObject *parent)
    : QObject(parent), m_db(db), m_options(std::move(options)), m_groupUtf8(m_options.group.toUtf8()),
      m_workerSource(events::Actor::workerSource(m_options.group))
{
    m_dlqTopic = m_options.dlqTopic.isEmpty() ? TopicCatalog::dlqTopicForGroup(m_options.group) : m_options.dlqTopic;
    events::CodecConfig codec = m_options.codec;
    codec.decodeToJson = false; // handlers get the event; the JSON view is for the DLQ tools
    m_codec = new events::AsyncEventCodec(codec, this);
    m_deadLetterLog =
        new DeadLetterLog(m_options.group, m_dlqTopic, m_options.clock, m_options.deadLetterLogIntervalMs, this);
}

ConsumerRunner::~ConsumerRunner()
{
    stop();
}

void ConsumerRunner::addHandler(const QString &eventType, Handler handler)
{
    m_handlers.insert(eventType, std::move(handler));
}

void ConsumerRunner::addPreparer(const QString &eventType, Preparer preparer)
{
    m_preparers.insert(eventType, std::move(preparer));
}

void ConsumerRunner::prepare(const QList<KafkaMessage> &batch)
{
    if (m_preparers.isEmpty())
        return;
    for (const KafkaMessage &m : batch) {
        const QString ceType = QString::fromUtf8(kafka::headerValue(m.headers, events::cloudevents::Type));
        if (!ceType.isEmpty() && !m_preparers.contains(ceType))
            continue;
        const events::DecodeResult decoded = m_codec->tryDecode(m.value, m.headers);
        if (!decoded.ok())
            continue; // processOne names the problem
        const auto it = m_preparers.constFind(decoded.decoded.event.type());
        if (it != m_preparers.cend())
            it.value()(decoded.decoded.event, m_db);
    }
}

void ConsumerRunner::setDefaultHandler(Handler handler)
{
    m_defaultHandler = std::move(handler);
}

bool ConsumerRunner::start(kafka::KafkaError *error)
{
    auto fail = [error](const kafka::KafkaError &e) {
        if (error)
            *error = e;
        return false;
    };
    if (m_running)
        return true;
    if (m_options.group.isEmpty() || m_options.topics.isEmpty())
        return fail(kafka::KafkaError(kafka::KafkaError::InvalidConfig,
                                      QStringLiteral("a consumer runner needs a group and at least one topic")));
    kafka::KafkaConfig ccfg = m_options.kafka;
    ccfg.merge(m_options.consumer);
    ccfg.set(QStringLiteral("group.id"), m_options.group);
    ccfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
    ccfg.set(QStringLiteral("enable.auto.offset.store"), QStringLiteral("false"));
    ccfg.setDefault(QStringLiteral("partition.assignment.strategy"),
                    m_options.assignmentStrategy.isEmpty() ? kafka::KafkaConfig::defaultAssignmentStrategy()
                                                           : m_options.assignmentStrategy);
    const QString strategy = ccfg.value(QStringLiteral("partition.assignment.strategy"));
    if (kafka::KafkaConfig::stickyAssignorUnsafe(strategy))
        qCWarning(lcProcessing,
                  "group %s: partition.assignment.strategy=%s with librdkafka %s can abort the process "
                  "when a member leaves during a rebalance (fixed in librdkafka 2.3.0)",
                  qPrintable(m_options.group), qPrintable(strategy), rd_kafka_version_str());
    ccfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-") + m_options.group);

    kafka::KafkaConfig pcfg = withoutConsumerProps(m_options.kafka);
    pcfg.merge(m_options.producer);
    pcfg.setDefault(QStringLiteral("enable.idempotence"), QStringLiteral("true"));
    pcfg.setDefault(QStringLiteral("acks"), QStringLiteral("all"));
    pcfg.setDefault(QStringLiteral("linger.ms"), QStringLiteral("5"));
    pcfg.setDefault(QStringLiteral("client.id"),
                    QStringLiteral("taskstream-") + m_options.group + QStringLiteral("-dlq"));

    auto *consumer = new kafka::KafkaConsumer(this);
    consumer->setMaxBatchSize(m_options.maxBatchSize);
    kafka::KafkaError e;
    if (!consumer->open(ccfg, &e)) {
        delete consumer;
        return fail(e);
    }
    auto *producer = new kafka::KafkaProducer(this);
    if (!producer->open(pcfg, &e)) {
        delete consumer;
        delete producer;
        return fail(e);
    }
    // Its topic's metadata now, so the first dead-lettered record does not wait for the producer's
    // topic scan (up to a second, with every commit of its partition behind it).
    producer->prepareTopics({m_dlqTopic});
    m_consumer = consumer;
    m_producer = producer;
    m_consumer->setAssignmentOffsets([this](TopicPartitionList &partitions) { chooseStartOffsets(partitions); });
    connect(m_consumer, &kafka::KafkaConsumer::messagesReceived, this, &ConsumerRunner::onMessages);
    connect(m_consumer, &kafka::KafkaConsumer::partitionsAssigned, this, &ConsumerRunner::onAssigned);
    connect(m_consumer, &kafka::KafkaConsumer::partitionsRevoked, this, &ConsumerRunner::onRevoked);
    connect(m_consumer, &kafka::KafkaConsumer::offsetsCommitted, this, &ConsumerRunner::onCommitted);
    connect(m_consumer, &kafka::KafkaConsumer::errorOccurred, this, &ConsumerRunner::onConsumerError);
    connect(m_producer, &kafka::KafkaProducer::delivered, this, &ConsumerRunner::onDelivered);
    e = m_consumer->subscribe(m_options.topics);
    if (e.isError()) {
        stop();
        return fail(e);
    }
    m_running = true;
    return true;
}

void ConsumerRunner::stop()
{
    if (!m_consumer)
        return;
    m_running = false;
    // DLQ writes in flight hold their partitions' commits back: let them land first.
    drainDeadLetters(m_options.stopDrainMs);
    commitDirty(true);
    // close() revokes (onRevoked commits what is durable) and leaves the group.
    m_consumer->close();
    m_producer->close(1000);
    delete m_consumer;
    delete m_producer;
    m_consumer = nullptr;
    m_producer = nullptr;
    m_parts.clear();
    m_metrics.assigned.clear();
    m_dlqInFlight.clear();
    m_deadLetterLog->flush();
    updatePausedGauges();
}

void ConsumerRunner::drainDeadLetters(int timeoutMs)
{
    if (!m_producer || m_dlqInFlight.isEmpty() || timeoutMs <= 0)
        return;
    // Delivery reports are handled inside flush(): acknowledged writes release their offsets.
    const int left = m_producer->flush(timeoutMs);
    if (left > 0)
        qCInfo(lcProcessing,
               "group %s: %d DLQ write(s) unacknowledged after %d ms; their records are not committed and "
               "will be dead-lettered again by the partition's next owner",
               qPrintable(m_options.group), left, timeoutMs);
}

int ConsumerRunner::deadLettersInFlight() const
{
    int n = 0;
    for (const auto &st : m_parts)
        n += int(st->deadLetters.size());
    return n;
}

TopicPartitionList ConsumerRunner::assignment() const
{
    TopicPartitionList out;
    for (auto it = m_parts.cbegin(); it != m_parts.cend(); ++it)
        out.append({it.key().first, it.key().second, kafka::OffsetInvalid});
    return out;
}

TopicPartitionList ConsumerRunner::committedOffsets() const
{
    TopicPartitionList out;
    for (auto it = m_parts.cbegin(); it != m_parts.cend(); ++it)
        out.append({it.key().first, it.key().second, it.value()->committed});
    return out;
}

bool ConsumerRunner::hasUncommittedOffsets() const
{
    for (const auto &st : m_parts)
        if (st->processedNext > st->committed || !st->deadLetters.empty())
            return true;
    return false;
}

Result<void> ConsumerRunner::exec(const char *sql)
{
    // Per record: a prepared statement on SQLite, where Qt Sql's statement lookup and result
    // object cost more than the savepoint. PostgreSQL cannot PREPARE a SAVEPOINT statement.
    const Result<int> rows = m_db->kind() == store::Database::Kind::SQLite
                                 ? m_db->statement(sql).exec()
                                 : m_db->statement(QString::fromLatin1(sql), store::Database::Reuse::Once).exec();
    if (!rows)
        return rows.error();
    return {};
}

Result<int> ConsumerRunner::insertLedgerRow(const QString &eventId, const KafkaMessage &message)
{
    return m_db
        ->statement("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition, kafka_offset, "
                    "processed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_group, event_id) DO NOTHING")
        .bindUtf8(m_groupUtf8)
        .bind(eventId)
        .bind(message.topic)
        .bind(message.partition)
        .bind(message.offset)
        .bind(nowMs())
        .exec();
}

Result<int> ConsumerRunner::storeOffset(const Key &key, qint64 next, qint64 kafkaCommitted)
{
    return m_db
        ->statement("INSERT INTO consumer_offsets (consumer_group, topic, kafka_partition, next_offset,"
                    " kafka_committed, updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_group, topic,"
                    " kafka_partition) DO UPDATE SET next_offset = excluded.next_offset, kafka_committed ="
                    " excluded.kafka_committed, updated_at = excluded.updated_at")
        .bindUtf8(m_groupUtf8)
        .bind(key.first)
        .bind(key.second)
        .bind(next)
        .bind(kafkaCommitted)
        .bind(nowMs())
        .exec();
}

ConsumerRunner::Outcome ConsumerRunner::processOne(const KafkaMessage &message, int attempt)
{
    Outcome out;
    auto failed = [&out](HandlerResult::Status s, const QString &cls, const QString &msg) {
        out.kind = Outcome::Failed;
        out.status = s;
        out.errorClass = cls;
        out.message = msg;
        return out;
    };
    auto unknownType = [&](const QString &type) {
        if (m_options.unknownTypes == UnknownTypePolicy::Skip) {
            out.kind = Outcome::Skipped;
            return out;
        }
        return failed(HandlerResult::Permanent, QStringLiteral("unknown_type"),
                      QStringLiteral("no handler for event type '%1' in group %2").arg(type, m_options.group));
    };

    if (isReplayForAnotherGroup(message.headers, m_groupUtf8)) { // docs/processing.md, "replay.group"
        out.kind = Outcome::Skipped;
        return out;
    }
    const Handler *handler = nullptr;
    const QString ceType = QString::fromUtf8(kafka::headerValue(message.headers, events::cloudevents::Type));
    out.type = ceType;
    if (!ceType.isEmpty()) {
        auto it = m_handlers.constFind(ceType);
        if (it != m_handlers.cend())
            handler = &it.value();
        else if (m_defaultHandler)
            handler = &m_defaultHandler;
        else
            return unknownType(ceType);
    }

    const events::DecodeResult decoded = m_codec->tryDecode(message.value, message.headers);
    if (!decoded.ok()) {
        if (decoded.error.code == events::DecodeError::UnknownType && !m_defaultHandler)
            return unknownType(ceType.isEmpty() ? decoded.error.message : ceType);
        ++m_metrics.decodeErrors;
        return failed(decoded.error.isRetriable() ? HandlerResult::Retriable : HandlerResult::Permanent,
                      QStringLiteral("decode.") + decoded.error.codeName(), decoded.error.message);
    }
    const events::Event &event = decoded.decoded.event;
    out.type = event.type();
    if (!handler) {
        auto it = m_handlers.constFind(event.type());
        if (it != m_handlers.cend())
            handler = &it.value();
        else if (m_defaultHandler)
            handler = &m_defaultHandler;
        else
            return unknownType(event.type());
    }

    const QString eventId = eventIdFor(message, &event);
    if (const Result<void> r = exec("SAVEPOINT ts_record"); !r) {
        out.kind = Outcome::StoreError;
        out.message = r.error().message;
        return out;
    }
    const Result<int> inserted = insertLedgerRow(eventId, message);
    if (!inserted) {
        out.kind = Outcome::StoreError;
        out.message = QStringLiteral("idempotency ledger: ") + inserted.error().message;
        return out;
    }
    if (*inserted == 0) {
        if (const Result<void> r = exec("RELEASE SAVEPOINT ts_record"); !r) {
            out.kind = Outcome::StoreError;
            out.message = r.error().message;
            return out;
        }
        out.kind = Outcome::Duplicate;
        return out;
    }

    const HandlerContext ctx{event, message, m_db, m_options.group, eventId, attempt};
    QElapsedTimer timer;
    timer.start();
    HandlerResult result = HandlerResult::ok();
    try {
        // The events the handler causes are the worker's, on behalf of whoever caused this one.
        const events::ActorScope actor(events::Actor{event.actor().subject, m_workerSource});
        result = (*handler)(ctx);
    } catch (const std::exception &ex) {
        result = HandlerResult::permanent(QStringLiteral("exception"), QString::fromLocal8Bit(ex.what()));
    } catch (...) {
        result = HandlerResult::permanent(QStringLiteral("exception"), QStringLiteral("unknown exception"));
    }
    m_metrics.handlerSeconds.observe(double(timer.nsecsElapsed()) / 1e9);

    if (result.isOk()) {
        if (const Result<void> r = exec("RELEASE SAVEPOINT ts_record"); !r) {
            out.kind = Outcome::StoreError;
            out.message = r.error().message;
        }
        return out;
    }
    // Undo the ledger row and whatever the handler wrote.
    Result<void> undone = exec("ROLLBACK TO SAVEPOINT ts_record");
    if (undone)
        undone = exec("RELEASE SAVEPOINT ts_record");
    if (!undone) {
        out.kind = Outcome::StoreError;
        out.message = undone.error().message;
        return out;
    }
    return failed(result.status(), result.errorClass().isEmpty() ? QStringLiteral("handler") : result.errorClass(),
                  result.message());
}

void ConsumerRunner::onMessages(const QList<KafkaMessage> &batch)
{
    if (!m_running || batch.isEmpty())
        return;

    struct Failure
    {
        Key key;
        KafkaMessage message;
        int attempt;
        Outcome outcome;
    };
    QSet<Key> stopped;
    QHash<Key, qint64> gaps; ///< partition -> the offset it jumped to
    QHash<Key, qint64> advanced;
    QList<Failure> failures;
    QList<QPair<KafkaMessage, FailureInfo>> toDeadLetter; ///< sent once the batch's transaction commits
    quint64 processed = 0, duplicates = 0, skipped = 0;
    QHash<QString, quint64> processedTypes;
    // Records of one type come in runs: counted per run, the hash looked up once per run.
    QString runType;
    quint64 runCount = 0;
    auto countRun = [&] {
        if (runCount)
            processedTypes[runType] += runCount;
        runCount = 0;
    };

    auto storeFailure = [&](const QString &why) {
        m_db->rollback();
        ++m_metrics.storeFailures;
        ++m_storeFailures;
        // The database's own reconnect backoff is capped at 2 s; waiting longer here would only
        // delay the group's recovery once it is back.
        const int delay = qMin(m_options.retry.delayMs(qMin(m_storeFailures, 10)), kStoreRetryCapMs);
        qCWarning(lcProcessing, "group %s: database failed, batch rolled back and retried in %d ms: %s",
                  qPrintable(m_options.group), delay, qPrintable(why));
        // Every partition of the batch goes back to its first unhandled record.
        QHash<Key, qint64> first;
        for (const KafkaMessage &m : batch) {
            const Key key(m.topic, m.partition);
            auto st = m_parts.value(key);
            if (!st || !st->isReading())
                continue;
            const qint64 from = st->expectOffset >= 0 ? st->expectOffset : m.offset;
            if (!first.contains(key) || from < first.value(key))
                first.insert(key, from);
        }
        for (auto it = first.cbegin(); it != first.cend(); ++it) {
            auto st = m_parts.value(it.key());
            holdPartition(it.key(), *st, it.value());
            st->mode = PartitionState::RetryWait;
            scheduleRetry(it.key(), *st, delay);
        }
        updatePausedGauges();
    };

    prepare(batch);
    if (const Result<void> begun = m_db->begin(); !begun) {
        storeFailure(begun.error().message);
        return;
    }
    for (const KafkaMessage &m : batch) {
        const Key key(m.topic, m.partition);
        const auto st = m_parts.value(key);
        if (!st || !st->isReading() || stopped.contains(key))
            continue;
        const qint64 expected = advanced.value(key, st->expectOffset);
        if (expected >= 0 && m.offset != expected) {
            if (m.offset < expected)
                continue; // fetched before a seek: handled already
            // The position moved past a record that was not handled: go back to it, or stall
            // when it is gone from the broker (decided after the batch).
            stopped.insert(key);
            gaps.insert(key, m.offset);
            continue;
        }
        const int attempt = st->hasFailure && st->failing.offset == m.offset ? st->failure.attempts + 1 : 1;
        const Outcome o = processOne(m, attempt);
        switch (o.kind) {
        case Outcome::StoreError:
            storeFailure(o.message);
            return;
        case Outcome::Failed:
            if (o.status == HandlerResult::Retriable && m_options.retry.allowsAnotherAttempt(attempt)) {
                // Retried in key order: the partition waits for it.
                stopped.insert(key);
                failures.append({key, m, attempt, o});
                continue;
            }
            {
                // Failed for good: to the DLQ, and the partition goes on.
                const qint64 now = nowMs();
                const bool retried = st->hasFailure && st->failing.offset == m.offset;
                toDeadLetter.append({m, FailureInfo{attempt, retried ? st->failure.firstFailureMs : now, now,
                                                    o.errorClass, o.message}});
            }
            break;
        case Outcome::Processed:
            ++processed;
            if (runCount == 0 || o.type != runType) {
                countRun();
                runType = o.type;
            }
            ++runCount;
            break;
        case Outcome::Duplicate:
            ++duplicates;
            break;
        case Outcome::Skipped:
            ++skipped;
            break;
        }
        advanced.insert(key, m.offset + 1);
    }
    // Each partition's next offset goes with the effects before it: what a restart or the next
    // owner starts from. It never passes a record on its way to the DLQ (as the Kafka commit).
    QHash<Key, qint64> firstDeadLetter;
    for (const auto &d : toDeadLetter)
        if (!firstDeadLetter.contains(Key(d.first.topic, d.first.partition)))
            firstDeadLetter.insert(Key(d.first.topic, d.first.partition), d.first.offset);
    QHash<Key, qint64> storedNow;
    for (auto it = m_parts.cbegin(); it != m_parts.cend(); ++it) {
        const PartitionState &st = *it.value();
        qint64 next = advanced.value(it.key(), st.processedNext);
        if (next < 0)
            continue;
        if (!st.deadLetters.empty())
            next = qMin(next, st.deadLetters.begin()->first);
        if (const auto f = firstDeadLetter.constFind(it.key()); f != firstDeadLetter.cend())
            next = qMin(next, f.value());
        if (next <= st.stored)
            continue;
        if (const Result<int> r = storeOffset(it.key(), next, st.committed); !r) {
            storeFailure(QStringLiteral("consumer offsets: ") + r.error().message);
            return;
        }
        storedNow.insert(it.key(), next);
    }
    if (const Result<void> committed = m_db->commit(); !committed) {
        storeFailure(committed.error().message);
        return;
    }
    countRun();
    m_storeFailures = 0;
    for (auto it = storedNow.cbegin(); it != storedNow.cend(); ++it)
        m_parts.value(it.key())->stored = it.value();
    m_metrics.processed += processed;
    m_metrics.duplicates += duplicates;
    m_metrics.skipped += skipped;
    for (auto it = processedTypes.cbegin(); it != processedTypes.cend(); ++it)
        m_metrics.processedByType[it.key()] += it.value();
    if (processed)
        emit batchCommitted(int(processed));

    for (const auto &d : toDeadLetter) {
        const Key key(d.first.topic, d.first.partition);
        deadLetter(key, *m_parts.value(key), d.first, d.second);
    }
    for (auto it = advanced.cbegin(); it != advanced.cend(); ++it) {
        PartitionState &st = *m_parts.value(it.key());
        st.processedNext = it.value();
        st.expectOffset = it.value();
        if (st.hasFailure && st.failing.offset < it.value())
            st.hasFailure = false;
    }
    for (auto it = gaps.cbegin(); it != gaps.cend(); ++it) {
        const Key &key = it.key();
        PartitionState &st = *m_parts.value(key);
        if (stallIfGone(key, st, it.value()))
            continue;
        qCWarning(lcProcessing, "group %s: %s jumped from offset %lld to %lld; seeking back",
                  qPrintable(m_options.group), qPrintable(keyName(key.first, key.second)), st.expectOffset, it.value());
        holdPartition(key, st, st.expectOffset);
        st.mode = PartitionState::RetryWait;
        scheduleRetry(key, st, 0);
    }
    const qint64 now = nowMs();
    for (const Failure &f : failures) {
        PartitionState &st = *m_parts.value(f.key);
        if (!st.hasFailure || st.failing.offset != f.message.offset) {
            st.hasFailure = true;
            st.failing = f.message;
            st.failure = FailureInfo{0, now, now, {}, {}};
        }
        st.failure.attempts = f.attempt;
        st.failure.lastFailureMs = now;
        st.failure.errorClass = f.outcome.errorClass;
        st.failure.message = f.outcome.message;
        ++m_metrics.retries;
        const int delay = m_options.retry.delayMs(f.attempt);
        qCDebug(lcProcessing, "group %s: %s offset %lld failed (attempt %d, %s: %s); retry in %d ms",
                qPrintable(m_options.group), qPrintable(keyName(f.key.first, f.key.second)), f.message.offset,
                f.attempt, qPrintable(f.outcome.errorClass), qPrintable(f.outcome.message), delay);
        holdPartition(f.key, st, f.message.offset);
        st.mode = PartitionState::RetryWait;
        scheduleRetry(f.key, st, delay);
    }
    commitDirty();
    updatePausedGauges();
}

void ConsumerRunner::holdPartition(const Key &key, PartitionState &st, qint64 offset)
{
    const TopicPartitionList tp{{key.first, key.second, kafka::OffsetInvalid}};
    kafka::KafkaError e = m_consumer->pause(tp);
    if (!e.isError())
        e = seekAsync(m_consumer, key, offset);
    if (e.isError())
        qCWarning(lcProcessing, "group %s: cannot hold %s at offset %lld: %s", qPrintable(m_options.group),
                  qPrintable(keyName(key.first, key.second)), offset, qPrintable(e.toString()));
    st.expectOffset = offset;
}

void ConsumerRunner::scheduleRetry(const Key &key, PartitionState &st, int delayMs)
{
    std::weak_ptr<PartitionState> weak = m_parts.value(key);
    Q_UNUSED(st);
    clockOf(m_options)->singleShot(delayMs, this, [this, key, weak] {
        const auto s = weak.lock();
        if (!s || !m_consumer || m_parts.value(key) != s || s->mode != PartitionState::RetryWait)
            return;
        s->mode = PartitionState::Flowing;
        if (s->isReading()) // else a failed DLQ write holds it until a later attempt succeeds
            m_consumer->resume({{key.first, key.second, kafka::OffsetInvalid}});
        updatePausedGauges();
    });
}

void ConsumerRunner::deadLetter(const Key &key, PartitionState &st, const KafkaMessage &message,
                                const FailureInfo &failure)
{
    PartitionState::DeadLetter &d = st.deadLetters[message.offset];
    d.message = message;
    d.failure = failure;
    produceDeadLetter(key, st, message.offset);
}

void ConsumerRunner::produceDeadLetter(const Key &key, PartitionState &st, qint64 offset)
{
    PartitionState::DeadLetter &d = st.deadLetters[offset];
    kafka::KafkaError e;
    const quint64 id = m_producer->produce(m_dlqTopic, d.message.key, d.message.value,
                                           deadLetterHeaders(d.message, m_options.group, d.failure), -1, &e);
    if (id) {
        d.producerId = id;
        m_dlqInFlight.insert(id, {key, offset});
        return;
    }
    // Refused at once (queue full, record too large, unknown topic): handled like a failed
    // delivery, same alert, after this batch.
    QMetaObject::invokeMethod(
        this,
        [this, key, offset, e, weak = std::weak_ptr<PartitionState>(m_parts.value(key))] {
            const auto s = weak.lock();
            if (!s || m_parts.value(key) != s || !s->deadLetters.count(offset))
                return;
            deadLetterWriteFailed(key, *s, offset, e);
        },
        Qt::QueuedConnection);
}

void ConsumerRunner::deadLetterWriteFailed(const Key &key, PartitionState &st, qint64 offset,
                                           const kafka::KafkaError &error)
{
    PartitionState::DeadLetter &d = st.deadLetters[offset];
    d.producerId = 0;
    ++d.failures;
    ++m_metrics.dlqWriteFailures;
    const bool first = !d.refused && st.refusedDeadLetters == 0;
    if (!d.refused) {
        d.refused = true;
        // The partition stops where it is: nothing further is read until the write succeeds.
        if (st.refusedDeadLetters++ == 0 && st.mode == PartitionState::Flowing)
            holdPartition(key, st, st.expectOffset);
    }
    updatePausedGauges();
    const int delay = qMin(30000, m_options.dlqRetryMs * (1 << qMin(d.failures - 1, 4)));
    // One alert line per stopped partition and attempt, not one per record behind it.
    if (first || offset == st.deadLetters.begin()->first)
        qCCritical(lcProcessing,
                   "group %s: cannot write %s offset %lld to %s (%s); the partition stays stopped at that "
                   "record (%d DLQ write(s) refused), next attempt in %d ms. Check that the DLQ topic exists and "
                   "accepts writes.",
                   qPrintable(m_options.group), qPrintable(keyName(key.first, key.second)), offset,
                   qPrintable(m_dlqTopic), qPrintable(error.toString()), st.refusedDeadLetters, delay);
    emit deadLetterFailed(d.message, error);
    std::weak_ptr<PartitionState> weak = m_parts.value(key);
    clockOf(m_options)->singleShot(delay, this, [this, key, offset, weak] {
        const auto s = weak.lock();
        if (!s || !m_producer || m_parts.value(key) != s)
            return;
        const auto it = s->deadLetters.find(offset);
        if (it == s->deadLetters.end() || !it->second.refused || it->second.producerId)
            return;
        produceDeadLetter(key, *s, offset);
    });
}

void ConsumerRunner::onDelivered(const kafka::DeliveryReport &report)
{
    const auto found = m_dlqInFlight.find(report.id);
    if (found == m_dlqInFlight.end())
        return;
    const Key key = found.value().first;
    const qint64 offset = found.value().second;
    m_dlqInFlight.erase(found);
    const auto st = m_parts.value(key);
    if (!st)
        return; // revoked meanwhile: not committed, the next owner handles the record again
    const auto it = st->deadLetters.find(offset);
    if (it == st->deadLetters.end() || it->second.producerId != report.id)
        return; // of an earlier assignment of the partition
    if (report.error.isError()) {
        deadLetterWriteFailed(key, *st, offset, report.error);
        return;
    }
    const KafkaMessage original = it->second.message;
    const FailureInfo failure = it->second.failure;
    const bool wasRefused = it->second.refused;
    st->deadLetters.erase(it);
    ++m_metrics.deadLettered;
    if (wasRefused && --st->refusedDeadLetters == 0) {
        qCWarning(lcProcessing, "group %s: the DLQ accepts writes again; %s goes on", qPrintable(m_options.group),
                  qPrintable(keyName(key.first, key.second)));
        if (st->mode == PartitionState::Flowing && m_consumer) {
            // Held (paused and sought) at its next record when it stopped.
            const kafka::KafkaError e = m_consumer->resume({{key.first, key.second, kafka::OffsetInvalid}});
            if (e.isError())
                qCWarning(lcProcessing, "group %s: cannot resume %s: %s", qPrintable(m_options.group),
                          qPrintable(keyName(key.first, key.second)), qPrintable(e.toString()));
        }
    }
    updatePausedGauges();
    m_deadLetterLog->record(original, failure, report.offset);
    emit deadLettered(original, failure, report.offset);
    commitDirty();
}

void ConsumerRunner::chooseStartOffsets(TopicPartitionList &partitions)
{
    m_startOffsets.clear();
    if (!m_consumer || partitions.isEmpty())
        return;
    // The group's committed offsets in Kafka. Bounded; on failure each partition starts where
    // librdkafka decides (see onAssigned()).
    kafka::KafkaError e;
    const TopicPartitionList got = m_consumer->committed(partitions, 5000, &e);
    if (e.isError())
        qCWarning(lcProcessing, "group %s: committed offsets unknown (%s); a gap at the start goes unnoticed",
                  qPrintable(m_options.group), qPrintable(e.toString()));
    for (const TopicPartition &tp : got)
        m_startOffsets[Key(tp.topic, tp.partition)].kafka = tp.offset >= 0 ? tp.offset : -1;

    // The offsets stored with the effects. A database that cannot be read leaves Kafka's: the
    // ledger keeps what is handed out again from having a second effect.
    store::Database::Statement q = m_db->statement(
        "SELECT topic, kafka_partition, next_offset, kafka_committed FROM consumer_offsets WHERE consumer_group = ?");
    const Result<int> ran = q.bindUtf8(m_groupUtf8).exec();
    QHash<Key, QPair<qint64, qint64>> stored; ///< next offset, Kafka's committed offset then
    while (ran && q.next())
        stored.insert(Key(q.value(0).toString(), q.value(1).toInt()), {q.int64(2), q.int64(3)});
    if (!ran || !q.status().ok())
        qCWarning(lcProcessing, "group %s: stored offsets unreadable (%s); starting from Kafka's committed offsets",
                  qPrintable(m_options.group), qPrintable(!ran ? ran.error().message : q.status().error().message));

    for (TopicPartition &tp : partitions) {
        const Key key(tp.topic, tp.partition);
        StartOffsets &o = m_startOffsets[key];
        o.start = o.kafka;
        const auto row = stored.constFind(key);
        if (row == stored.cend())
            continue;
        const qint64 s = row.value().first;
        const qint64 kafkaThen = row.value().second;
        if (s <= o.kafka) {
            o.stored = s;
            continue;
        }
        // Kafka has no offset for the partition: the broker may have lost its log with the group's
        // offsets (an embedded broker starts empty, a topic was re-created, the offsets expired),
        // and a stored offset of the old log would skip records of the new one. The partition
        // starts as it would without the row; the ledger keeps what comes again from having a
        // second effect.
        if (o.kafka < 0) {
            qCInfo(lcProcessing,
                   "group %s: %s: no committed offset in Kafka; the stored offset %lld is not used (the broker "
                   "may have lost the log)",
                   qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)), s);
            continue;
        }
        // Kafka's offset is behind what it was when the row was written: it was reset (a console
        // reset to an earlier offset) or lost with the log. Kafka's wins, as without the row.
        if (o.kafka < kafkaThen) {
            qCWarning(lcProcessing,
                      "group %s: %s: Kafka's committed offset %lld is behind the %lld it had when the stored "
                      "offset %lld was written (reset, or the broker lost the log); starting from Kafka's",
                      qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)), o.kafka, kafkaThen, s);
            continue;
        }
        // Ahead of Kafka: a crash (or a revoke whose commit failed) came between a batch's
        // transaction and its Kafka commit. A stored offset past the partition's end names records
        // that no longer exist: the partition starts as it would without it.
        qint64 high = -1;
        kafka::KafkaError we;
        if (!m_consumer->queryWatermarks(tp.topic, tp.partition, nullptr, &high, 2000, &we)) {
            qCWarning(lcProcessing,
                      "group %s: %s: the end of the partition is unknown (%s); starting from Kafka's committed "
                      "offset, not the stored %lld",
                      qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)),
                      qPrintable(we.toString()), s);
            continue;
        }
        if (high < s) {
            qCWarning(lcProcessing,
                      "group %s: %s: the stored offset %lld is past the partition's end %lld (the broker lost "
                      "its log or the topic was re-created); it is ignored",
                      qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)), s, high);
            continue;
        }
        o.stored = s;
        o.start = s;
        tp.offset = s;
        qCInfo(lcProcessing, "group %s: %s starts at its stored offset %lld (Kafka's committed offset: %lld)",
               qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)), s, o.kafka);
    }
}

void ConsumerRunner::onAssigned(const TopicPartitionList &partitions)
{
    // Where each partition must go on (chooseStartOffsets()): a first record past it means the
    // records in between are gone (see stallIfGone()). Unknown (-1): any offset is accepted, as
    // for a partition without a commit.
    bool storeAhead = false;
    TopicPartitionList assigned;
    for (const TopicPartition &tp : partitions) {
        const Key key(tp.topic, tp.partition);
        const StartOffsets o = m_startOffsets.value(key);
        auto st = std::make_shared<PartitionState>();
        st->expectOffset = o.start;
        st->committed = o.kafka;
        st->stored = o.stored;
        if (o.start > o.kafka) {
            st->processedNext = o.start; // Kafka's commit catches up with the stored offset
            storeAhead = true;
        }
        m_parts.insert(key, st);
        m_metrics.stalled.remove(keyName(tp.topic, tp.partition));
        m_metrics.assigned.insert(keyName(tp.topic, tp.partition));
        assigned.append({tp.topic, tp.partition, kafka::OffsetInvalid});
    }
    m_startOffsets.clear();
    // A partition paused under an earlier assignment must not stay paused.
    if (m_consumer && !assigned.isEmpty())
        m_consumer->resume(assigned);
    qCInfo(lcProcessing, "group %s: %d partition(s) assigned", qPrintable(m_options.group), int(assigned.size()));
    updatePausedGauges();
    if (storeAhead)
        commitDirty(true);
    emit partitionsAssigned(assigned);
}

void ConsumerRunner::onRevoked(const TopicPartitionList &partitions)
{
    // Everything handled is durable already (batches are synchronous): commit it before the
    // partitions go. DLQ writes in flight get a bounded moment to be acknowledged; records waiting
    // for a retry or an unacknowledged DLQ write are not committed, and the next owner gets them
    // again (a record whose DLQ write lands late is dead-lettered twice: at-least-once to the DLQ).
    bool inFlight = false;
    for (const TopicPartition &tp : partitions)
        if (const auto st = m_parts.value(Key(tp.topic, tp.partition)); st && !st->deadLetters.empty())
            inFlight = true;
    if (inFlight && m_running)
        drainDeadLetters(m_options.revokeDrainMs);
    TopicPartitionList out;
    TopicPartitionList paused;
    for (const TopicPartition &tp : partitions) {
        const auto st = m_parts.value(Key(tp.topic, tp.partition));
        if (!st)
            continue;
        if (st->committable() > st->committed)
            out.append({tp.topic, tp.partition, st->committable()});
        if (!st->deadLetters.empty())
            qCInfo(lcProcessing, "group %s: %s revoked with %d DLQ write(s) unacknowledged; its offset stays at %lld",
                   qPrintable(m_options.group), qPrintable(keyName(tp.topic, tp.partition)),
                   int(st->deadLetters.size()), st->deadLetters.begin()->first);
        if (!st->isReading())
            paused.append({tp.topic, tp.partition, kafka::OffsetInvalid});
    }
    if (!out.isEmpty() && m_consumer)
        m_consumer->commit(out);
    if (!paused.isEmpty() && m_consumer)
        m_consumer->resume(paused);
    for (const TopicPartition &tp : partitions) {
        m_parts.remove(Key(tp.topic, tp.partition));
        m_metrics.stalled.remove(keyName(tp.topic, tp.partition));
        m_metrics.assigned.remove(keyName(tp.topic, tp.partition));
    }
    qCInfo(lcProcessing, "group %s: %d partition(s) revoked", qPrintable(m_options.group), int(partitions.size()));
    updatePausedGauges();
    emit partitionsRevoked(partitions);
}

void ConsumerRunner::commitDirty(bool force)
{
    if (m_commitInFlight || !m_consumer)
        return;
    if (!force && m_options.commitIntervalMs > 0) {
        const qint64 wait = m_lastCommitMs + m_options.commitIntervalMs - nowMs();
        if (wait > 0) {
            if (!m_commitTimerScheduled) {
                m_commitTimerScheduled = true;
                QTimer::singleShot(int(wait), this, [this] {
                    m_commitTimerScheduled = false;
                    commitDirty();
                });
            }
            return;
        }
    }
    TopicPartitionList out;
    for (auto it = m_parts.cbegin(); it != m_parts.cend(); ++it)
        if (it.value()->committable() > it.value()->committed)
            out.append({it.key().first, it.key().second, it.value()->committable()});
    if (out.isEmpty())
        return;
    const kafka::KafkaError e = m_consumer->commit(out);
    if (e.isError()) {
        ++m_metrics.commitFailures;
        qCInfo(lcProcessing, "group %s: offset commit refused (%s); trying again", qPrintable(m_options.group),
               qPrintable(e.toString()));
        scheduleCommitRetry();
        return;
    }
    m_commitInFlight = true;
    m_lastCommitMs = nowMs();
}

void ConsumerRunner::scheduleCommitRetry()
{
    if (m_commitRetryScheduled)
        return;
    m_commitRetryScheduled = true;
    QTimer::singleShot(m_options.commitRetryMs, this, [this] {
        m_commitRetryScheduled = false;
        commitDirty();
    });
}

void ConsumerRunner::onCommitted(const TopicPartitionList &offsets, const kafka::KafkaError &error)
{
    m_commitInFlight = false;
    if (error.isError()) {
        ++m_metrics.commitFailures;
        if (error.isFatal()) {
            emit fatalError(error);
            return;
        }
        // Rebalance in progress, timeouts, coordinator moves: the same offsets go with the next commit.
        qCInfo(lcProcessing, "group %s: offset commit failed (%s); it is sent again", qPrintable(m_options.group),
               qPrintable(error.toString()));
        scheduleCommitRetry();
        return;
    }
    ++m_metrics.offsetCommits;
    for (const TopicPartition &tp : offsets) {
        const auto st = m_parts.value(Key(tp.topic, tp.partition));
        if (st && tp.offset > st->committed)
            st->committed = tp.offset;
        qint64 high = -1;
        if (m_consumer && tp.offset >= 0 && m_consumer->cachedWatermarks(tp.topic, tp.partition, nullptr, &high))
            m_metrics.lag.insert(keyName(tp.topic, tp.partition), qMax<qint64>(0, high - tp.offset));
    }
    emit offsetsCommitted(offsets);
    if (m_running)
        commitDirty();
}

void ConsumerRunner::onConsumerError(const kafka::KafkaError &error)
{
    if (error.isFatal()) {
        qCCritical(lcProcessing, "group %s: %s", qPrintable(m_options.group), qPrintable(error.toString()));
        m_running = false;
        emit fatalError(error);
        return;
    }
    qCInfo(lcProcessing, "group %s: %s", qPrintable(m_options.group), qPrintable(error.toString()));
}

bool ConsumerRunner::stallIfGone(const Key &key, PartitionState &st, qint64 seen)
{
    // librdkafka jumped to the log start (auto.offset.reset) because the next record is gone.
    qint64 low = -1;
    if (!m_consumer->cachedWatermarks(key.first, key.second, &low, nullptr) || low <= st.expectOffset) {
        kafka::KafkaError e;
        if (!m_consumer->queryWatermarks(key.first, key.second, &low, nullptr, 2000, &e))
            low = -1;
    }
    if (low <= st.expectOffset)
        return false;
    const TopicPartitionList tp{{key.first, key.second, kafka::OffsetInvalid}};
    m_consumer->pause(tp);
    st.mode = PartitionState::Stalled;
    const QString reason = QStringLiteral("offsets %1 to %2 are below the log start %3 (deleted by retention or the "
                                          "broker's size limit); the consumer was handed offset %4")
                               .arg(st.expectOffset)
                               .arg(low - 1)
                               .arg(low)
                               .arg(seen);
    m_metrics.stalled.insert(keyName(key.first, key.second), StalledPartition{st.expectOffset, low, nowMs(), reason});
    qCCritical(lcProcessing,
               "group %s: %s is stalled: %s. It stays stopped until an admin acknowledges the gap (POST "
               "/api/v1/groups/%s/partitions/%s/%d/acknowledge-gap, or the console's Groups tab).",
               qPrintable(m_options.group), qPrintable(keyName(key.first, key.second)), qPrintable(reason),
               qPrintable(m_options.group), qPrintable(key.first), key.second);
    return true;
}

Result<ConsumerRunner::GapAcknowledged> ConsumerRunner::acknowledgeGap(const QString &topic, int partition)
{
    const Key key(topic, partition);
    const auto st = m_parts.value(key);
    if (!st || !m_consumer)
        return Error::notFound(QStringLiteral("partition %1 of group %2 is not assigned to this instance")
                                   .arg(keyName(topic, partition), m_options.group));
    if (st->mode != PartitionState::Stalled)
        return Error::conflict(
            QStringLiteral("partition %1 of group %2 is not stalled").arg(keyName(topic, partition), m_options.group));
    qint64 low = -1;
    kafka::KafkaError e;
    if (!m_consumer->queryWatermarks(topic, partition, &low, nullptr, 5000, &e) || low < 0)
        return Error::unavailable(
            QStringLiteral("cannot read the log start of %1: %2")
                .arg(keyName(topic, partition), e.isError() ? e.message() : QStringLiteral("none")));
    const GapAcknowledged ack{st->expectOffset, low};
    e = seekAsync(m_consumer, key, low);
    if (e.isError())
        return Error::unavailable(
            QStringLiteral("cannot move %1 to offset %2: %3").arg(keyName(topic, partition)).arg(low).arg(e.message()));
    st->mode = PartitionState::Flowing;
    if (st->isReading())
        m_consumer->resume({{topic, partition, kafka::OffsetInvalid}});
    st->expectOffset = low;
    if (st->hasFailure && st->failing.offset < low)
        st->hasFailure = false;
    // Committed at once, so a restart does not stop at the same gap again.
    st->processedNext = qMax(st->processedNext, low);
    m_metrics.stalled.remove(keyName(topic, partition));
    qCWarning(lcProcessing, "group %s: gap of %s acknowledged: offsets %lld to %lld skipped, reading from %lld",
              qPrintable(m_options.group), qPrintable(keyName(topic, partition)), ack.from, low - 1, low);
    updatePausedGauges();
    commitDirty(true);
    return ack;
}

void ConsumerRunner::updatePausedGauges()
{
    int paused = 0, blocked = 0;
    for (const auto &st : m_parts) {
        if (st->mode == PartitionState::RetryWait || st->refusedDeadLetters > 0)
            ++paused;
        if (st->refusedDeadLetters > 0)
            ++blocked;
    }
    m_metrics.pausedPartitions = paused;
    m_metrics.dlqBlockedPartitions = blocked;
}

} // namespace taskstream::processing
