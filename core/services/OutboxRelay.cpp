#include "services/OutboxRelay.h"

#include "events/AsyncEventCodec.h"
#include "kafka/KafkaProducer.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimer>

Q_LOGGING_CATEGORY(lcOutbox, "taskstream.outbox", QtInfoMsg)

namespace taskstream::services {

using namespace taskstream::kafka;

namespace {
// Advisory lock id of the relay on PostgreSQL ("TSOUTBOX" in spirit; any fixed number works).
constexpr qint64 kRelayLockId = 7303427001;

bool isPermanent(const KafkaError &e)
{
    // Errors about the record itself: retrying cannot help.
    static const QStringList permanent = {QStringLiteral("MSG_SIZE_TOO_LARGE"), QStringLiteral("INVALID_MSG"),
                                          QStringLiteral("INVALID_MSG_SIZE"), QStringLiteral("INVALID_RECORD"),
                                          QStringLiteral("CORRUPT_MESSAGE"), QStringLiteral("_INVALID_ARG"),
                                          QStringLiteral("TOPIC_AUTHORIZATION_FAILED"), QStringLiteral("INVALID_TOPIC_EXCEPTION"),
                                          QStringLiteral("_UNKNOWN_TOPIC"), QStringLiteral("RECORD_LIST_TOO_LARGE")};
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
    if (m_isLeader || m_db->kind() != store::Database::Kind::PostgreSQL) {
        m_isLeader = true;
        return true;
    }
    QSqlQuery q(m_db->db());
    if (q.exec(QStringLiteral("SELECT pg_try_advisory_lock(%1)").arg(kRelayLockId)) && q.next() && q.value(0).toBool()) {
        qCInfo(lcOutbox, "this instance now publishes the outbox");
        m_isLeader = true;
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
    m_filling = true;
    if (m_needRescan && m_inFlight.isEmpty()) {
        // A retriable failure came back: start again from the oldest pending row, in order.
        m_lastQueuedSeq = 0;
        m_needRescan = false;
    }
    while (m_inFlight.size() < m_options.maxInFlight) {
        QString why;
        const int room = int(qMin<qsizetype>(m_options.batchSize, m_options.maxInFlight - m_inFlight.size()));
        const QList<store::OutboxRecord> rows = m_outbox->pending(m_lastQueuedSeq, room, &why);
        if (!why.isEmpty()) {
            qCWarning(lcOutbox, "cannot read the outbox: %s; retrying", qPrintable(why));
            break;
        }
        if (rows.isEmpty())
            break;
        bool full = false;
        for (const store::OutboxRecord &r : rows) {
            Headers headers;
            QByteArray value = r.payload;
            if (m_codec) {
                bool permanent = false;
                if (!transcode(r, &value, &headers, &why, &permanent)) {
                    if (permanent) {
                        ++m_failed;
                        QString dbWhy;
                        m_outbox->markFailed(r.seq, why, &dbWhy);
                        qCWarning(lcOutbox, "outbox record %lld cannot be encoded: %s; marked failed", r.seq, qPrintable(why));
                        emit recordFailed(r.seq, why);
                        m_lastQueuedSeq = r.seq;
                        continue;
                    }
                    // The registry is not answering: this row and everything after it wait.
                    m_registryBackoffMs = qBound(500, m_registryBackoffMs * 2, 30000);
                    if (!m_registryRetryScheduled) {
                        m_registryRetryScheduled = true;
                        qCWarning(lcOutbox, "schema registry: %s; outbox waits, next try in %d ms", qPrintable(why),
                                  m_registryBackoffMs);
                        QTimer::singleShot(m_registryBackoffMs, this, [this] {
                            m_registryRetryScheduled = false;
                            fill();
                        });
                    }
                    full = true;
                    break;
                }
                m_registryBackoffMs = 0;
            } else {
                for (const auto &h : r.headers)
                    headers.append({h.first, h.second});
            }
            KafkaError e;
            const quint64 id = m_producer->produce(r.topic, r.key, value, headers, -1, &e);
            if (id == 0) {
                if (e.codeName() == QLatin1String("_QUEUE_FULL")) {
                    full = true;
                    break;
                }
                if (isPermanent(e)) {
                    ++m_failed;
                    m_outbox->markFailed(r.seq, e.toString(), &why);
                    qCWarning(lcOutbox, "outbox record %lld (%s %s) can never be delivered: %s; marked failed",
                              r.seq, qPrintable(r.eventType), qPrintable(r.eventId.toString(QUuid::WithoutBraces)),
                              qPrintable(e.toString()));
                    emit recordFailed(r.seq, e.toString());
                    m_lastQueuedSeq = r.seq;
                    continue;
                }
                full = true; // transient refusal: try again on the next wake-up
                break;
            }
            m_inFlight.insert(id, r.seq);
            m_inFlightCount = int(m_inFlight.size());
            m_lastQueuedSeq = r.seq;
        }
        if (full)
            break;
    }
    m_filling = false;
}

bool OutboxRelay::transcode(const store::OutboxRecord &row, QByteArray *value, Headers *headers, QString *why,
                            bool *permanent)
{
    Headers stored;
    for (const auto &h : row.headers)
        stored.append({h.first, h.second});
    // The stored payload is single-object Avro, which the codec always decodes without a registry.
    const events::DecodeResult d = m_codec->serializer().decode(row.payload, stored);
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
    if (!report.error.isError()) {
        m_sent.append(seq);
        m_lastProducerError.clear();
    } else if (isPermanent(report.error) && !m_stopping) {
        QString why;
        ++m_failed;
        m_outbox->markFailed(seq, report.error.toString(), &why);
        qCWarning(lcOutbox, "outbox record %lld refused by Kafka: %s; marked failed", seq,
                  qPrintable(report.error.toString()));
        emit recordFailed(seq, report.error.toString());
    } else {
        // Purged at shutdown, timed out under a user-set message.timeout.ms, or a producer that
        // must be re-created: the row stays pending and is published again, in order.
        m_needRescan = true;
    }
    if (!m_flushScheduled) {
        m_flushScheduled = true;
        QTimer::singleShot(m_options.markSentDelayMs, this, &OutboxRelay::flushSent);
    }
}

void OutboxRelay::flushSent()
{
    m_flushScheduled = false;
    if (!m_sent.isEmpty()) {
        QString why;
        m_db->begin(&why);
        if (!m_outbox->markSent(m_sent, &why)) {
            // Delivered but not marked: republished after a restart, deduplicated by ce_id downstream.
            qCWarning(lcOutbox, "cannot mark %lld outbox records sent: %s", qint64(m_sent.size()), qPrintable(why));
        } else {
            m_published += m_sent.size();
            for (qint64 s : std::as_const(m_sent))
                emit published(s);
        }
        m_db->commit(&why);
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
    QString why;
    const int n = m_outbox->pruneSent(QDateTime::currentDateTimeUtc().addMSecs(-m_options.pruneSentAfterMs), &why);
    if (n < 0)
        qCWarning(lcOutbox, "cannot prune the outbox: %s", qPrintable(why));
    else if (n > 0)
        qCInfo(lcOutbox, "pruned %d sent outbox records", n);
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
    if (m_isLeader && m_db->kind() == store::Database::Kind::PostgreSQL) {
        QSqlQuery q(m_db->db());
        q.exec(QStringLiteral("SELECT pg_advisory_unlock(%1)").arg(kRelayLockId));
    }
    m_isLeader = false;
}

} // namespace taskstream::services
