#include "services/OutboxRelay.h"

#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "events/AsyncEventCodec.h"
#include "kafka/KafkaProducer.h"
#include "processing/EventRecords.h"
#include "services/OutboxDeadLetters.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <algorithm>
#include <utility>

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlDriver>
#include <QSqlError>
#include <QTimer>
#include <QVarLengthArray>

Q_LOGGING_CATEGORY(lcOutbox, "taskstream.outbox", QtInfoMsg)

namespace taskstream::services {

using namespace taskstream::kafka;

namespace {
// Advisory lock id of the relay on PostgreSQL ("TSOUTBOX" in spirit; any fixed number works).
constexpr qint64 kRelayLockId = 7303427001;
// PostgreSQL: the channel every transaction that appends to the outbox notifies at its commit
// (a statement trigger, migration "outbox commits wake the relay").
const QString kOutboxChannel = QStringLiteral("taskstream_outbox");

bool isPermanent(const KafkaError &e)
{
    // Errors about the record itself: retrying cannot help.
    static const QStringList permanent = {
        QStringLiteral("MSG_SIZE_TOO_LARGE"),      QStringLiteral("INVALID_MSG"),
        QStringLiteral("INVALID_MSG_SIZE"),        QStringLiteral("INVALID_RECORD"),
        QStringLiteral("CORRUPT_MESSAGE"),         QStringLiteral("_INVALID_ARG"),
        QStringLiteral("INVALID_TOPIC_EXCEPTION"), QStringLiteral("RECORD_LIST_TOO_LARGE")};
    return permanent.contains(e.codeName());
}

bool isFixedByOperator(const KafkaError &e)
{
    // Errors about the topic or the producer's rights, which an operator fixes by creating the
    // topic or reconciling ACLs: every record to the topic fails alike until then, so the outbox
    // waits and publishes them again in order rather than failing each for good.
    static const QStringList reconcilable = {
        QStringLiteral("_UNKNOWN_TOPIC"), QStringLiteral("UNKNOWN_TOPIC_OR_PART"), QStringLiteral("_UNKNOWN_PARTITION"),
        QStringLiteral("TOPIC_AUTHORIZATION_FAILED"), QStringLiteral("CLUSTER_AUTHORIZATION_FAILED")};
    return reconcilable.contains(e.codeName());
}
} // namespace

OutboxRelay::OutboxRelay(store::Database *db, const KafkaConfig &producerConfig, OutboxRelayOptions options,
                         QObject *parent)
    : QObject(parent), m_db(db), m_config(producerConfig), m_options(options),
      m_clock(options.clock ? options.clock : Clock::system())
{
    QString why;
    m_ownDb = store::Database::openRelaxed(db->url(), &why);
    if (m_ownDb)
        m_db = m_ownDb.get();
    else
        qCWarning(lcOutbox, "outbox relay shares the API's database connection: %s", qPrintable(why));
    m_outbox = std::make_unique<store::OutboxStore>(m_db);
}

OutboxRelay::~OutboxRelay()
{
    stop(2000);
}

bool OutboxRelay::start(KafkaError *error)
{
    KafkaConfig cfg = m_config;
    // Retried until delivered: an outbox record never expires in the producer while Kafka is down.
    cfg.setDefault(QStringLiteral("message.timeout.ms"), QStringLiteral("0"));
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-outbox-relay"));
    // Records go out in several requests per partition at once. Were one refused while later
    // ones of the same key are written, the refused row would be published again after them.
    // Under the gap-less guarantee such a refusal stops the producer instead (a fatal error):
    // it is re-created and everything unacknowledged goes out again, in seq order.
    cfg.setDefault(QStringLiteral("enable.gapless.guarantee"), QStringLiteral("true"));
    cfg.setDefault(QStringLiteral("queue.buffering.max.messages"), QString::number(m_options.maxInFlight * 2));
    m_producer = std::make_unique<KafkaProducer>();
    if (!m_producer->open(cfg, error)) {
        m_producer.reset();
        return false;
    }
    m_producer->prepareTopics(m_options.topics);
    connect(m_producer.get(), &KafkaProducer::delivered, this, &OutboxRelay::onDelivered);
    connect(m_producer.get(), &KafkaProducer::errorOccurred, this, [this](const KafkaError &e) {
        if (e.isFatal())
            qCWarning(lcOutbox,
                      "outbox relay: %s; the producer is re-created and unacknowledged events are published "
                      "again, in order",
                      qPrintable(e.toString()));
        else if (m_lastProducerError != e.toString())
            qCWarning(lcOutbox, "outbox relay: %s; events wait in the outbox and are published when Kafka is back",
                      qPrintable(e.toString()));
        m_lastProducerError = e.toString();
        if (e.isFatal())
            QMetaObject::invokeMethod(this, &OutboxRelay::restartProducer, Qt::QueuedConnection);
    });
    if (m_options.deadLetterFailed && !m_deadLetters) { // kept when the producer is re-created
        m_deadLetters = std::make_unique<OutboxDeadLetters>(m_db, m_config, TopicCatalog::builtin(), m_clock);
        KafkaError dlqError;
        if (!m_deadLetters->start(&dlqError)) {
            qCWarning(lcOutbox, "failed outbox records are not written to dead-letter queues: %s",
                      qPrintable(dlqError.toString()));
            m_deadLetters.reset();
        } else {
            connect(m_deadLetters.get(), &OutboxDeadLetters::deadLettered, this,
                    [this](qint64 seq, const QString &topic) {
                        ++m_deadLettered;
                        emit recordDeadLettered(seq, topic);
                    });
        }
    }
    m_scanTimer = new QTimer(this);
    m_scanTimer->setInterval(m_options.scanIntervalMs);
    connect(m_scanTimer, &QTimer::timeout, this, [this] {
        // Rows committed by other processes, and leadership changes on PostgreSQL. An idle relay
        // looks again from the oldest pending row rather than from where it stopped (a row whose
        // sent mark was lost is published again).
        if (!acquireLeadership())
            return;
        if (m_inFlight.isEmpty() && m_sent.isEmpty() && m_queue.empty() && !m_needRescan)
            m_lastQueuedSeq = 0;
        fill();
    });
    m_scanTimer->start();
    m_pruneTimer = new QTimer(this);
    m_pruneTimer->setInterval(m_options.pruneIntervalMs);
    connect(m_pruneTimer, &QTimer::timeout, this, &OutboxRelay::prune);
    m_pruneTimer->start();
    m_stopping = false;
    if (acquireLeadership()) {
        QMetaObject::invokeMethod(this, &OutboxRelay::fill, Qt::QueuedConnection);
        // Rows that failed before a crash or an upgrade, not yet in their DLQ.
        if (m_deadLetters)
            QMetaObject::invokeMethod(m_deadLetters.get(), &OutboxDeadLetters::wake, Qt::QueuedConnection);
    }
    return true;
}

bool OutboxRelay::acquireLeadership()
{
    // The lock is the session's: a connection reopened after a loss no longer holds it, and
    // another instance may have taken it meanwhile.
    if (m_isLeader && m_db->kind() == store::Database::Kind::PostgreSQL &&
        m_leaderGeneration != m_db->connectionGeneration()) {
        qCWarning(lcOutbox, "the database connection was reopened and the relay lock went with it; taking it again");
        m_isLeader = false;
    }
    if (m_isLeader || m_db->kind() != store::Database::Kind::PostgreSQL) {
        m_isLeader = true;
        return true;
    }
    store::Database::Statement q = m_db->statement("SELECT pg_try_advisory_lock(?)");
    if (q.bind(kRelayLockId).exec() && q.next() && q.value(0).toBool()) {
        qCInfo(lcOutbox, "this instance now publishes the outbox");
        m_isLeader = true;
        m_leaderGeneration = m_db->connectionGeneration();
        listenForCommits();
    }
    return m_isLeader;
}

void OutboxRelay::listenForCommits()
{
    // Only on a connection of the relay's own: the driver's socket notifier belongs to the thread
    // that subscribes. A reopened connection has lost its subscription, like the lock.
    if (!m_ownDb || m_db->kind() != store::Database::Kind::PostgreSQL)
        return;
    QSqlDriver *driver = m_db->db().driver();
    if (!driver)
        return;
    if (driver->subscribedToNotifications().contains(kOutboxChannel))
        driver->unsubscribeFromNotification(kOutboxChannel);
    if (!driver->subscribeToNotification(kOutboxChannel)) {
        qCWarning(lcOutbox,
                  "cannot listen for outbox commits (%s); rows other processes commit are found by the "
                  "scan every %d ms",
                  qPrintable(driver->lastError().text()), m_options.scanIntervalMs);
        return;
    }
    if (m_notifications)
        disconnect(m_notifications);
    m_notifications = connect(driver, &QSqlDriver::notification, this, [this](const QString &channel) {
        if (channel == kOutboxChannel)
            wakeSoon();
    });
}

void OutboxRelay::wakeSoon()
{
    // A burst of commits wakes one fill: each reads every row committed so far.
    if (m_wakePosted)
        return;
    m_wakePosted = true;
    QMetaObject::invokeMethod(
        this,
        [this] {
            m_wakePosted = false;
            wake();
        },
        Qt::QueuedConnection);
}

void OutboxRelay::wake()
{
    if (m_producer && !m_stopping && m_isLeader)
        fill();
}

void OutboxRelay::fill()
{
    // Nothing new is produced while a refusal an operator fixes is backing off, or while the
    // database refuses to record what was delivered.
    if (!m_producer || m_stopping || m_filling || !m_isLeader || m_retryHeld || m_flushRetryScheduled)
        return;
    if (m_db->kind() == store::Database::Kind::PostgreSQL && m_leaderGeneration != m_db->connectionGeneration() &&
        !acquireLeadership())
        return;
    // A retriable failure came back while later rows are still in flight: producing more now
    // would put new rows ahead of the failed one. Wait for the reports of those in flight (each
    // ends in flushSent(), which fills again); the rescan below then publishes again from the
    // failed row, in order.
    if (m_needRescan && !m_inFlight.isEmpty())
        return;
    m_filling = true;
    if (m_needRescan && m_inFlight.isEmpty()) {
        // A retriable failure came back: publish again from the oldest undelivered row, in order,
        // skipping the rows after it that were delivered meanwhile. Rows before it whose failure
        // is not recorded yet stay in the queue, holding the cursor.
        advanceSentThrough();
        m_deliveredAhead.clear();
        qint64 from = -1;
        std::deque<Queued> kept;
        for (const Queued &q : m_queue) {
            if (q.state == Queued::Undelivered && from < 0)
                from = q.seq - 1;
            else if (q.state == Queued::Delivered && from >= 0)
                m_deliveredAhead.insert(q.seq);
            if (q.state == Queued::Failing && from < 0)
                kept.push_back(q);
            else if (q.state == Queued::Failing)
                m_failing.remove(q.seq); // read and published again, and reported again
        }
        if (from < 0) { // not known where: everything pending is read again, and failures found again
            kept.clear();
            m_failing.clear();
        }
        m_queue = std::move(kept);
        m_lastQueuedSeq = qMax<qint64>(0, from);
        m_needRescan = false;
    }
    const qint64 through = m_inFlight.size() < m_options.maxInFlight ? readThrough() : 0;
    bool full = false;
    while (!full && m_inFlight.size() < m_options.maxInFlight) {
        const int room = int(qMin<qsizetype>(m_options.batchSize, m_options.maxInFlight - m_inFlight.size()));
        int seen = 0;
        const Result<int> accepted =
            m_outbox->forEachPending(m_lastQueuedSeq, through, room, [&](const store::PendingView &r) {
                ++seen;
                if (!m_deliveredAhead.isEmpty() && m_deliveredAhead.remove(r.seq)) {
                    m_queue.push_back(Queued{r.seq, Queued::Delivered});
                    m_lastQueuedSeq = r.seq;
                    return true;
                }
                if (!m_failing.isEmpty() && m_failing.contains(r.seq)) {
                    // Refused for good before the producer was re-created; recorded by flushSent().
                    m_queue.push_back(Queued{r.seq, Queued::Failing});
                    m_lastQueuedSeq = r.seq;
                    return true;
                }
                QString reason;
                const Outcome o = publish(r, &reason);
                if (o == Outcome::Wait) {
                    full = true;
                    return false;
                }
                if (o == Outcome::Failed) {
                    // Recorded (and reported) by flushSent(); the cursor waits for it.
                    m_queue.push_back(Queued{r.seq, Queued::Failing});
                    m_failing.insert(r.seq, reason);
                }
                m_lastQueuedSeq = r.seq;
                return true;
            });
        if (!accepted) {
            qCWarning(lcOutbox, "cannot read the outbox: %s; retrying", qPrintable(accepted.error().message));
            break;
        }
        if (seen == 0)
            break;
    }
    m_inFlightCount = int(m_inFlight.size());
    if (!m_failing.isEmpty() && !m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(0, this, &OutboxRelay::flushSent);
    }
    advanceSentThrough();
    m_filling = false;
}

qint64 OutboxRelay::readThrough()
{
    if (m_db->kind() != store::Database::Kind::PostgreSQL)
        return std::numeric_limits<qint64>::max();
    // Writers commit out of seq order: a row with a lower seq may still be uncommitted while a
    // higher one is visible, and reading past it would publish the later one first (for one key
    // as well: the next command of a task draws its seq after the previous one committed, but
    // the cursor would already be past a row of another task that commits late). So the relay
    // reads only up to the last seq drawn before a transaction id it assigned itself, once every
    // older transaction has ended. The delay is the longest writer transaction, not the load.
    const qint64 watermark = m_watermark;
    const qint64 known = m_horizons.empty() ? watermark : qMax(watermark, m_horizons.back().drawnThrough);
    const Result<store::CommitHorizon> h = m_outbox->commitHorizon(known);
    if (!h) {
        qCWarning(lcOutbox, "cannot read the outbox's commit horizon: %s; retrying", qPrintable(h.error().message));
        return m_watermark;
    }
    m_seenDrawn = qMax<qint64>(m_seenDrawn, h->drawnThrough);
    if (h->drawnThrough > known && h->bound > 0) {
        // Bounded: a later horizon stands in for the newest one (it only waits a little longer).
        if (m_horizons.size() >= 64)
            m_horizons.back() = *h;
        else
            m_horizons.push_back(*h);
    }
    while (!m_horizons.empty() && m_horizons.front().bound <= h->xmin) {
        m_watermark = qMax<qint64>(m_watermark, m_horizons.front().drawnThrough);
        m_horizons.pop_front();
    }
    if (!m_horizons.empty() && !m_watermarkPollScheduled) {
        m_watermarkPollScheduled = true;
        m_clock->singleShot(m_options.watermarkPollMs, this, [this] {
            m_watermarkPollScheduled = false;
            fill();
        });
    }
    return m_watermark;
}

OutboxRelay::Outcome OutboxRelay::publish(const store::PendingView &r, QString *reason)
{
    KafkaError e;
    quint64 id = 0;
    if (m_codec) {
        QByteArray value;
        Headers headers;
        bool permanent = false;
        if (!transcode(r, &value, &headers, reason, &permanent)) {
            if (permanent) {
                qCWarning(lcOutbox, "outbox record %lld cannot be encoded: %s; marked failed", r.seq,
                          qPrintable(*reason));
                return Outcome::Failed;
            }
            // The registry is not answering: this row and everything after it wait. The backoff
            // grows per scheduled retry, not per wake-up while one is scheduled.
            if (!m_registryRetryScheduled) {
                m_registryBackoffMs = qBound(500, m_registryBackoffMs * 2, 30000);
                m_registryRetryScheduled = true;
                qCWarning(lcOutbox, "schema registry: %s; outbox waits, next try in %d ms", qPrintable(*reason),
                          m_registryBackoffMs);
                QTimer::singleShot(m_registryBackoffMs, this, [this] {
                    m_registryRetryScheduled = false;
                    fill();
                });
            }
            return Outcome::Wait;
        }
        m_registryBackoffMs = 0;
        id = m_producer->produce(QString::fromUtf8(r.topic), r.key.toByteArray(), value, headers, -1, &e);
    } else {
        QVarLengthArray<HeaderView, 12> headers;
        store::OutboxStore::forEachHeader(r.headers, [&headers](QByteArrayView k, QByteArrayView v) {
            headers.append(HeaderView{k, v});
        });
        id = m_producer->produce(r.topic, r.key, r.payload, headers.constData(), headers.size(), -1, &e);
    }
    if (id != 0) {
        m_inFlight.insert(id, r.seq);
        m_queue.push_back(Queued{r.seq, Queued::InFlight});
        return Outcome::Queued;
    }
    if (e.codeName() == QLatin1String("_QUEUE_FULL"))
        return Outcome::Wait;
    if (isFixedByOperator(e)) {
        // This row and everything after it wait, in order.
        holdForRetry(QString::fromUtf8(r.topic), e);
        return Outcome::Wait;
    }
    if (isPermanent(e)) {
        *reason = e.toString();
        qCWarning(lcOutbox, "outbox record %lld (topic %s) can never be delivered: %s; marked failed", r.seq,
                  qPrintable(QString::fromUtf8(r.topic)), qPrintable(*reason));
        return Outcome::Failed;
    }
    return Outcome::Wait; // transient refusal: try again on the next wake-up
}

bool OutboxRelay::transcode(const store::PendingView &row, QByteArray *value, Headers *headers, QString *why,
                            bool *permanent)
{
    events::Headers stored;
    store::OutboxStore::forEachHeader(row.headers, [&stored](QByteArrayView k, QByteArrayView v) {
        stored.append({QString::fromUtf8(k), v.toByteArray()});
    });
    // The stored payload is single-object Avro, which the codec always decodes without a registry.
    const events::DecodeResult d = m_codec->serializer().decode(row.payload.toByteArray(), stored);
    if (!d.ok()) {
        *permanent = true;
        *why = QStringLiteral("stored event does not decode: %1").arg(d.error.message);
        return false;
    }
    const events::EncodeResult e = m_codec->tryEncode(d.decoded.event);
    if (!e.ok()) {
        *permanent = !e.error.isRetriable();
        *why = e.error.message;
        return false;
    }
    *value = e.record.value;
    *headers = e.record.headers;
    return true;
}

void OutboxRelay::onDelivered(const DeliveryReport &report)
{
    const auto it = m_inFlight.constFind(report.id);
    if (it == m_inFlight.cend())
        return;
    const qint64 seq = it.value();
    m_inFlight.erase(it);
    m_inFlightCount = int(m_inFlight.size());
    // The queue is in seq order and mostly acknowledged from its front.
    const auto q =
        std::lower_bound(m_queue.begin(), m_queue.end(), seq, [](const Queued &e, qint64 s) { return e.seq < s; });
    const bool queued = q != m_queue.end() && q->seq == seq;
    if (!report.error.isError()) {
        m_sent.append(seq);
        if (queued)
            q->state = Queued::Delivered;
        m_lastProducerError.clear();
        if (!m_refusedTopics.isEmpty() && m_refusedTopics.remove(report.topic) && m_refusedTopics.isEmpty())
            m_retryBackoffMs = 0; // the refusal is fixed: the next one starts from the shortest backoff
    } else if (isPermanent(report.error) && !m_stopping) {
        // Reported once it is recorded (flushSent()); until then the cursor stays before it.
        if (queued)
            q->state = Queued::Failing;
        else
            m_queue.insert(q, Queued{seq, Queued::Failing});
        m_failing.insert(seq, report.error.toString());
        qCWarning(lcOutbox, "outbox record %lld refused by Kafka: %s; it can never be delivered and is marked failed",
                  seq, qPrintable(report.error.toString()));
    } else {
        // Purged at shutdown, timed out under a user-set message.timeout.ms, a producer that
        // must be re-created, or a refusal an operator fixes (held with a backoff): the row
        // stays pending and is published again, in order.
        if (queued)
            q->state = Queued::Undelivered;
        m_needRescan = true;
        if (isFixedByOperator(report.error) && !m_stopping) {
            holdForRetry(report.topic, report.error);
        } else if (!m_stopping) {
            const qint64 now = m_clock->nowMs();
            if (m_undeliveredLoggedAtMs < 0 || now - m_undeliveredLoggedAtMs >= m_options.retryLogIntervalMs) {
                qCWarning(lcOutbox,
                          "outbox record %lld not delivered (%s); it stays pending and is published again, "
                          "in order",
                          seq, qPrintable(report.error.toString()));
                m_undeliveredLoggedAtMs = now;
            }
        }
    }
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(m_options.markSentDelayMs, this, &OutboxRelay::flushSent);
    }
}

void OutboxRelay::holdForRetry(const QString &topic, const KafkaError &error)
{
    {
        QMutexLocker lock(&m_retriesMutex);
        ++m_retries[error.codeName()];
    }
    ++m_retriesSinceLog;
    m_refusedTopics.insert(topic);
    if (!m_retryHeld) {
        m_retryBackoffMs = qBound(m_options.retryBackoffMs, m_retryBackoffMs * 2, m_options.retryBackoffMaxMs);
        m_retryHeld = true;
        m_clock->singleShot(m_retryBackoffMs, this, [this] {
            m_retryHeld = false;
            fill();
        });
    }
    // Every record to the topic fails alike: one line per interval, not one per record.
    const qint64 now = m_clock->nowMs();
    if (m_retryLoggedAtMs < 0 || now - m_retryLoggedAtMs >= m_options.retryLogIntervalMs) {
        qCWarning(lcOutbox,
                  "outbox: %lld records to %s refused by Kafka (%s); they stay pending, in order, and are tried again "
                  "in %d ms. Create the topic or grant the producer's ACLs",
                  m_retriesSinceLog, qPrintable(topic), qPrintable(error.toString()), m_retryBackoffMs);
        m_retryLoggedAtMs = now;
        m_retriesSinceLog = 0;
    }
}

QHash<QString, qint64> OutboxRelay::publishRetries() const
{
    QMutexLocker lock(&m_retriesMutex);
    return m_retries;
}

void OutboxRelay::advanceSentThrough()
{
    while (!m_queue.empty() &&
           (m_queue.front().state == Queued::Delivered || m_queue.front().state == Queued::Failed)) {
        m_sentThrough = qMax(m_sentThrough, m_queue.front().seq);
        m_queue.pop_front();
    }
    // Rows the read skipped (sent or failed already) are behind m_lastQueuedSeq; with nothing in
    // the queue every one of them is done. (Undeliverable rows are queued until recorded.)
    if (m_queue.empty() && m_deliveredAhead.isEmpty() && !m_needRescan)
        m_sentThrough = qMax(m_sentThrough, m_lastQueuedSeq);
}

bool OutboxRelay::recordFailures()
{
    QList<qint64> seqs = m_failing.keys();
    std::sort(seqs.begin(), seqs.end());
    // Never inside someone else's transaction on a shared connection.
    Result<void> done = m_db->inTransaction()
                            ? Result<void>(Error::unavailable(QStringLiteral("the connection is in a transaction")))
                            : m_db->begin();
    if (!done) {
        qCWarning(lcOutbox, "cannot record %lld undeliverable outbox records: %s; the sent cursor waits for them",
                  qint64(seqs.size()), qPrintable(done.error().message));
        return false;
    }
    for (qint64 seq : std::as_const(seqs)) {
        done = m_outbox->markFailed(seq, m_failing.value(seq));
        if (!done)
            break;
    }
    if (done)
        done = m_db->commit();
    else
        m_db->rollback();
    if (!done) {
        qCWarning(lcOutbox, "cannot mark %lld outbox records failed: %s; the sent cursor waits for them",
                  qint64(seqs.size()), qPrintable(done.error().message));
        return false;
    }
    for (qint64 seq : std::as_const(seqs)) {
        const auto q =
            std::lower_bound(m_queue.begin(), m_queue.end(), seq, [](const Queued &e, qint64 s) { return e.seq < s; });
        if (q != m_queue.end() && q->seq == seq && q->state == Queued::Failing)
            q->state = Queued::Failed;
        ++m_failed;
        emit recordFailed(seq, m_failing.value(seq));
    }
    m_failing.clear();
    if (m_deadLetters)
        QMetaObject::invokeMethod(m_deadLetters.get(), &OutboxDeadLetters::wake, Qt::QueuedConnection);
    return true;
}

void OutboxRelay::retryFlushLater()
{
    if (m_flushRetryScheduled)
        return;
    m_flushRetryScheduled = true;
    m_flushBackoffMs = qBound(100, m_flushBackoffMs * 2, 5000);
    m_clock->singleShot(m_flushBackoffMs, this, [this] {
        m_flushRetryScheduled = false;
        flushSent();
    });
}

void OutboxRelay::flushSent()
{
    m_flushScheduled = false;
    // A failure is recorded before the cursor may pass it (same connection, earlier commit).
    bool ok = m_failing.isEmpty() || recordFailures();
    advanceSentThrough();
    // A row that waits long (its partition has no leader) holds the cursor while the rows after
    // it are acknowledged. Past a bound those are marked sent in their rows, as on PostgreSQL, so
    // that the queue stays bounded and a restart does not publish them again; when stopping, all
    // of them.
    QList<qint64> marked;
    if (m_db->kind() == store::Database::Kind::SQLite &&
        (m_stopping || qsizetype(m_queue.size()) > 2 * qsizetype(m_options.maxInFlight))) {
        for (const Queued &q : m_queue)
            if (q.state == Queued::Delivered)
                marked.append(q.seq);
    }
    if (!m_sent.isEmpty() || m_sentThrough > m_markedThrough || !marked.isEmpty()) {
        // Nothing counts as sent unless its mark committed: on any failure the acknowledgements
        // are kept and written again after a backoff.
        Result<void> done = m_db->inTransaction()
                                ? Result<void>(Error::unavailable(QStringLiteral("the connection is in a transaction")))
                                : m_db->begin();
        if (done) {
            done = m_outbox->markSent(m_sent, m_sentThrough);
            if (done)
                done = m_outbox->markEachSent(marked);
            if (done)
                done = m_db->commit();
            else
                m_db->rollback();
        }
        if (!done) {
            ok = false;
            qCWarning(lcOutbox, "cannot mark %lld outbox records sent: %s; trying again", qint64(m_sent.size()),
                      qPrintable(done.error().message));
        } else {
            m_published += m_sent.size();
            m_markedThrough = m_sentThrough;
            if (!marked.isEmpty()) // done with: the cursor skips them when it gets there
                m_queue.erase(std::remove_if(m_queue.begin(), m_queue.end(),
                                             [](const Queued &q) { return q.state == Queued::Delivered; }),
                              m_queue.end());
            if (!m_sent.isEmpty())
                emit published(m_sent.size());
            m_sent.clear();
        }
    }
    if (!ok) {
        if (!m_stopping)
            retryFlushLater();
        return;
    }
    m_flushBackoffMs = 0;
    fill();
}

void OutboxRelay::restartProducer()
{
    if (!m_producer || m_stopping)
        return;
    qCWarning(lcOutbox, "re-creating the outbox producer after a fatal error; unacknowledged rows are published again");
    m_stopping = true;
    // Requests in flight are answered first (bounded): rows Kafka took are not published again.
    m_producer->close(m_options.restartDrainMs);
    m_producer.reset();
    // What is known is kept: refusals are recorded and delivered rows marked sent now, so the
    // rescan neither publishes a delivered row again nor retries one refused for good (which would
    // stop the new producer again). What the database cannot take now is remembered instead.
    flushSent();
    // Rows delivered after an undelivered one, known from a rescan before this restart, are not
    // marked in their rows on SQLite (the cursor stops before the undelivered one): the next
    // rescan must skip them as well, or Kafka gets them twice.
    QSet<qint64> delivered = std::exchange(m_deliveredAhead, {});
    delivered.unite(QSet<qint64>(m_sent.cbegin(), m_sent.cend()));
    for (const Queued &q : m_queue)
        if (q.state == Queued::Delivered)
            delivered.insert(q.seq);
    m_inFlight.clear();
    m_inFlightCount = 0;
    m_queue.clear();
    m_deliveredAhead = delivered;
    m_lastQueuedSeq = 0;
    m_needRescan = false;
    m_stopping = false;
    m_scanTimer->deleteLater();
    m_pruneTimer->deleteLater();
    m_scanTimer = m_pruneTimer = nullptr;
    KafkaError e;
    if (!start(&e))
        qCCritical(lcOutbox, "cannot re-create the outbox producer: %s", qPrintable(e.toString()));
}

void OutboxRelay::prune()
{
    const Result<int> n = m_outbox->pruneSent(QDateTime::currentDateTimeUtc().addMSecs(-m_options.pruneSentAfterMs));
    if (!n)
        qCWarning(lcOutbox, "cannot prune the outbox: %s", qPrintable(n.error().message));
    else if (*n > 0)
        qCInfo(lcOutbox, "pruned %d sent outbox records", *n);
}

void OutboxRelay::stop(int timeoutMs)
{
    if (!m_producer)
        return;
    m_stopping = true;
    if (m_scanTimer)
        m_scanTimer->stop();
    if (m_pruneTimer)
        m_pruneTimer->stop();
    const int left = m_producer->flush(timeoutMs);
    flushSent();
    if (left > 0)
        qCInfo(lcOutbox, "%d outbox records not yet acknowledged stay pending for the next start", left);
    m_producer->close(0);
    flushSent();
    m_producer.reset();
    m_inFlight.clear();
    m_inFlightCount = 0;
    m_queue.clear();
    m_failing.clear();
    m_deliveredAhead.clear();
    m_needRescan = false;
    m_lastQueuedSeq = 0;
    if (m_deadLetters) {
        m_deadLetters->stop(qMin(timeoutMs, 2000));
        m_deadLetters.reset();
    }
    if (m_isLeader && m_db->kind() == store::Database::Kind::PostgreSQL) {
        if (const Result<int> unlocked = m_db->statement("SELECT pg_advisory_unlock(?)").bind(kRelayLockId).exec();
            !unlocked)
            qCWarning(lcOutbox, "cannot release the outbox relay lock: %s", qPrintable(unlocked.error().message));
    }
    if (m_notifications) {
        disconnect(m_notifications);
        m_notifications = {};
        if (QSqlDriver *driver = m_db->db().driver();
            driver && driver->subscribedToNotifications().contains(kOutboxChannel))
            driver->unsubscribeFromNotification(kOutboxChannel);
    }
    m_isLeader = false;
}

} // namespace taskstream::services
