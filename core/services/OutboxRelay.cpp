#include "services/OutboxRelay.h"

#include "events/AsyncEventCodec.h"
#include "kafka/KafkaProducer.h"
#include "processing/EventRecords.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <algorithm>

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTimer>
#include <QVarLengthArray>

Q_LOGGING_CATEGORY(lcOutbox, "taskstream.outbox", QtInfoMsg)

namespace taskstream::services {

using namespace taskstream::kafka;

namespace {
// Advisory lock id of the relay on PostgreSQL ("TSOUTBOX" in spirit; any fixed number works).
constexpr qint64 kRelayLockId = 7303427001;

bool isPermanent(const KafkaError &e)
{
    // Errors about the record itself: retrying cannot help.
    static const QStringList permanent = {QStringLiteral("MSG_SIZE_TOO_LARGE"),
                                          QStringLiteral("INVALID_MSG"),
                                          QStringLiteral("INVALID_MSG_SIZE"),
                                          QStringLiteral("INVALID_RECORD"),
                                          QStringLiteral("CORRUPT_MESSAGE"),
                                          QStringLiteral("_INVALID_ARG"),
                                          QStringLiteral("TOPIC_AUTHORIZATION_FAILED"),
                                          QStringLiteral("INVALID_TOPIC_EXCEPTION"),
                                          QStringLiteral("_UNKNOWN_TOPIC"),
                                          QStringLiteral("RECORD_LIST_TOO_LARGE")};
    return permanent.contains(e.codeName());
}
} // namespace

OutboxRelay::OutboxRelay(store::Database *db, const KafkaConfig &producerConfig, OutboxRelayOptions options,
                         QObject *parent)
    : QObject(parent), m_db(db), m_config(producerConfig), m_options(options)
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
    cfg.setDefault(QStringLiteral("queue.buffering.max.messages"), QString::number(m_options.maxInFlight * 2));
    m_producer = std::make_unique<KafkaProducer>();
    if (!m_producer->open(cfg, error)) {
        m_producer.reset();
        return false;
    }
    m_producer->prepareTopics(m_options.topics);
    connect(m_producer.get(), &KafkaProducer::delivered, this, &OutboxRelay::onDelivered);
    connect(m_producer.get(), &KafkaProducer::errorOccurred, this, [this](const KafkaError &e) {
        if (m_lastProducerError != e.toString())
            qCWarning(lcOutbox, "outbox relay: %s; events wait in the outbox and are published when Kafka is back",
                      qPrintable(e.toString()));
        m_lastProducerError = e.toString();
        if (e.isFatal())
            QMetaObject::invokeMethod(this, &OutboxRelay::restartProducer, Qt::QueuedConnection);
    });
    m_scanTimer = new QTimer(this);
    m_scanTimer->setInterval(m_options.scanIntervalMs);
    connect(m_scanTimer, &QTimer::timeout, this, [this] {
        // Rows committed by other processes, and leadership changes on PostgreSQL. With several
        // writers a row can commit after a row with a higher seq was published, so an idle relay
        // looks again from the oldest pending row rather than from where it stopped.
        if (!acquireLeadership())
            return;
        if (m_inFlight.isEmpty() && m_sent.isEmpty())
            m_lastQueuedSeq = 0;
        fill();
    });
    m_scanTimer->start();
    m_pruneTimer = new QTimer(this);
    m_pruneTimer->setInterval(m_options.pruneIntervalMs);
    connect(m_pruneTimer, &QTimer::timeout, this, &OutboxRelay::prune);
    m_pruneTimer->start();
    m_stopping = false;
    if (acquireLeadership())
        QMetaObject::invokeMethod(this, &OutboxRelay::fill, Qt::QueuedConnection);
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
    }
    return m_isLeader;
}

void OutboxRelay::wake()
{
    if (m_producer && !m_stopping && m_isLeader)
        fill();
}

void OutboxRelay::fill()
{
    if (!m_producer || m_stopping || m_filling || !m_isLeader)
        return;
    if (m_db->kind() == store::Database::Kind::PostgreSQL && m_leaderGeneration != m_db->connectionGeneration() &&
        !acquireLeadership())
        return;
    m_filling = true;
    if (m_needRescan && m_inFlight.isEmpty()) {
        // A retriable failure came back: publish again from the oldest undelivered row, in order,
        // skipping the rows after it that were delivered meanwhile.
        advanceSentThrough();
        m_deliveredAhead.clear();
        qint64 from = -1;
        for (const Queued &q : m_queue) {
            if (q.state == Queued::Undelivered && from < 0)
                from = q.seq - 1;
            else if (q.state == Queued::Delivered && from >= 0)
                m_deliveredAhead.insert(q.seq);
        }
        m_queue.clear();
        m_lastQueuedSeq = qMax<qint64>(0, from);
        m_needRescan = false;
    }
    QList<QPair<qint64, QString>> failures; // marked after the read, not inside it
    bool full = false;
    while (!full && m_inFlight.size() < m_options.maxInFlight) {
        const int room = int(qMin<qsizetype>(m_options.batchSize, m_options.maxInFlight - m_inFlight.size()));
        int seen = 0;
        const Result<int> accepted = m_outbox->forEachPending(m_lastQueuedSeq, room, [&](const store::PendingView &r) {
            ++seen;
            if (!m_deliveredAhead.isEmpty() && m_deliveredAhead.remove(r.seq)) {
                m_queue.push_back(Queued{r.seq, Queued::Delivered});
                m_lastQueuedSeq = r.seq;
                return true;
            }
            QString reason;
            const Outcome o = publish(r, &reason);
            if (o == Outcome::Wait) {
                full = true;
                return false;
            }
            if (o == Outcome::Failed)
                failures.append({r.seq, reason});
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
    for (const auto &f : std::as_const(failures)) {
        ++m_failed;
        if (const Result<void> marked = m_outbox->markFailed(f.first, f.second); !marked)
            qCWarning(lcOutbox, "cannot mark outbox record %lld failed: %s", f.first,
                      qPrintable(marked.error().message));
        emit recordFailed(f.first, f.second);
    }
    advanceSentThrough();
    m_filling = false;
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
    } else if (isPermanent(report.error) && !m_stopping) {
        ++m_failed;
        if (queued)
            q->state = Queued::Failed;
        if (const Result<void> marked = m_outbox->markFailed(seq, report.error.toString()); !marked)
            qCWarning(lcOutbox, "cannot mark outbox record %lld failed: %s", seq, qPrintable(marked.error().message));
        qCWarning(lcOutbox, "outbox record %lld refused by Kafka: %s; marked failed", seq,
                  qPrintable(report.error.toString()));
        emit recordFailed(seq, report.error.toString());
    } else {
        // Purged at shutdown, timed out under a user-set message.timeout.ms, or a producer that
        // must be re-created: the row stays pending and is published again, in order.
        if (queued)
            q->state = Queued::Undelivered;
        m_needRescan = true;
    }
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(m_options.markSentDelayMs, this, &OutboxRelay::flushSent);
    }
}

void OutboxRelay::advanceSentThrough()
{
    while (!m_queue.empty() &&
           (m_queue.front().state == Queued::Delivered || m_queue.front().state == Queued::Failed)) {
        m_sentThrough = qMax(m_sentThrough, m_queue.front().seq);
        m_queue.pop_front();
    }
    // Rows read but never queued (failed at once) and rows the read skipped are behind
    // m_lastQueuedSeq; with nothing in the queue every one of them is done.
    if (m_queue.empty() && m_deliveredAhead.isEmpty() && !m_needRescan)
        m_sentThrough = qMax(m_sentThrough, m_lastQueuedSeq);
}

void OutboxRelay::flushSent()
{
    m_flushScheduled = false;
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
        Result<void> done = m_db->begin();
        if (done)
            done = m_outbox->markSent(m_sent, m_sentThrough);
        if (done)
            done = m_outbox->markEachSent(marked);
        if (done)
            done = m_db->commit();
        else if (m_db->inTransaction())
            m_db->rollback();
        if (!done) {
            // Delivered but not marked: republished after a restart, deduplicated by ce_id downstream.
            qCWarning(lcOutbox, "cannot mark %lld outbox records sent: %s", qint64(m_sent.size()),
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
        }
        m_sent.clear();
    }
    fill();
}

void OutboxRelay::restartProducer()
{
    if (!m_producer || m_stopping)
        return;
    qCWarning(lcOutbox, "re-creating the outbox producer after a fatal error; unacknowledged rows are published again");
    m_stopping = true;
    m_producer->close(0);
    m_producer.reset();
    m_inFlight.clear();
    m_inFlightCount = 0;
    m_queue.clear();
    m_deliveredAhead.clear();
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
    m_deliveredAhead.clear();
    m_needRescan = false;
    m_lastQueuedSeq = 0;
    if (m_isLeader && m_db->kind() == store::Database::Kind::PostgreSQL) {
        if (const Result<int> unlocked = m_db->statement("SELECT pg_advisory_unlock(?)").bind(kRelayLockId).exec();
            !unlocked)
            qCWarning(lcOutbox, "cannot release the outbox relay lock: %s", qPrintable(unlocked.error().message));
    }
    m_isLeader = false;
}

} // namespace taskstream::services
