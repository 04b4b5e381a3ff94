#include "services/OutboxDeadLetters.h"

#include "common/Clock.h"
#include "config/TopicCatalog.h"
#include "kafka/KafkaProducer.h"
#include "processing/DeadLetter.h"
#include "store/Database.h"
#include "store/OutboxStore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcOutboxDlq, "taskstream.outbox", QtInfoMsg)

namespace taskstream::services {

using kafka::KafkaError;

namespace {
bool isTooLarge(const KafkaError &e)
{
    static const QStringList tooLarge = {QStringLiteral("MSG_SIZE_TOO_LARGE"), QStringLiteral("INVALID_MSG_SIZE"),
                                         QStringLiteral("RECORD_LIST_TOO_LARGE")};
    return tooLarge.contains(e.codeName());
}
} // namespace

OutboxDeadLetters::OutboxDeadLetters(store::Database *db, const kafka::KafkaConfig &producerConfig,
                                     const TopicCatalog &catalog, Clock *clock, QObject *parent)
    : QObject(parent), m_db(db), m_config(producerConfig), m_clock(clock ? clock : Clock::system())
{
    for (const TopicSpec &t : catalog.topics())
        if (t.isDlq() && !t.dlqOfTopic.isEmpty())
            m_dlqOf.insert(t.dlqOfTopic, t.name);
}

OutboxDeadLetters::~OutboxDeadLetters()
{
    if (m_producer)
        stop(0);
}

bool OutboxDeadLetters::start(KafkaError *error)
{
    kafka::KafkaConfig cfg = m_config;
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-outbox-dlq"));
    // Bounded: a write that cannot be delivered is reported and tried again later, from the row.
    cfg.setDefault(QStringLiteral("message.timeout.ms"), QStringLiteral("30000"));
    m_producer = std::make_unique<kafka::KafkaProducer>();
    if (!m_producer->open(cfg, error)) {
        m_producer.reset();
        return false;
    }
    m_producer->prepareTopics(m_dlqOf.values());
    connect(m_producer.get(), &kafka::KafkaProducer::delivered, this, &OutboxDeadLetters::onDelivered);
    return true;
}

void OutboxDeadLetters::stop(int timeoutMs)
{
    if (!m_producer)
        return;
    // Reports of the writes in flight arrive during close (delivered or purged), then their marks.
    m_producer->close(timeoutMs);
    m_producer.reset();
    m_inFlight.clear();
    if (const Result<void> marked = recordDone(); !marked)
        qCWarning(lcOutboxDlq, "cannot record outbox dead letters: %s; they are written again at the next start",
                  qPrintable(marked.error().message));
}

Result<void> OutboxDeadLetters::recordDone()
{
    if (m_done.isEmpty())
        return {};
    QList<qint64> seqs;
    for (const auto &d : std::as_const(m_done))
        seqs.append(d.first);
    const QList<QPair<qint64, QString>> done = std::exchange(m_done, {});
    // Not recorded: written again next time (at least once).
    if (const Result<void> marked = store::OutboxStore(m_db).markDeadLettered(seqs); !marked)
        return marked;
    for (const auto &d : done)
        emit deadLettered(d.first, d.second);
    return {};
}

void OutboxDeadLetters::wake()
{
    if (!m_producer || m_retryScheduled)
        return;
    if (!m_inFlight.isEmpty()) {
        m_again = true;
        return;
    }
    m_again = false;
    if (m_db->inTransaction()) {
        m_again = true; // never inside someone else's transaction on a shared connection
        retryLater(QStringLiteral("the database connection is in a transaction"));
        return;
    }
    const Result<QList<store::OutboxRecord>> rows =
        store::OutboxStore(m_db).failedNotDeadLettered(m_dlqOf.keys(), BatchSize);
    if (!rows) {
        retryLater(rows.error().message);
        return;
    }
    m_batchFull = rows->size() == BatchSize;
    for (const store::OutboxRecord &r : *rows) {
        InFlight f;
        f.seq = r.seq;
        f.dlqTopic = m_dlqOf.value(r.topic);
        f.key = r.key;
        for (const auto &h : r.headers)
            f.headers.append({h.first, h.second});
        const QByteArray failedMs = QByteArray::number(r.failedAt ? r.failedAt->toMSecsSinceEpoch() : 0);
        f.headers.append({processing::dlqheaders::OriginalTopic, r.topic.toUtf8()});
        f.headers.append(
            {processing::dlqheaders::OriginalTimestamp, QByteArray::number(r.createdAt.toMSecsSinceEpoch())});
        f.headers.append({processing::dlqheaders::Attempts, QByteArray::number(r.attempts)});
        f.headers.append({processing::dlqheaders::FirstFailure, failedMs});
        f.headers.append({processing::dlqheaders::LastFailure, failedMs});
        f.headers.append({processing::dlqheaders::ErrorClass, OutboxErrorClass.toUtf8()});
        f.headers.append({processing::dlqheaders::ErrorMessage, r.lastError.left(2000).toUtf8()});
        f.headers.append({processing::dlqheaders::OutboxSeq, QByteArray::number(r.seq)});
        KafkaError e;
        const quint64 id = m_producer->produce(f.dlqTopic, f.key, r.payload, f.headers, -1, &e);
        if (id == 0 && isTooLarge(e)) {
            f.valueOmitted = true;
            f.headers.append({processing::dlqheaders::ValueOmitted, e.toString().toUtf8()});
            const quint64 again = m_producer->produce(f.dlqTopic, f.key, QByteArray(), f.headers, -1, &e);
            if (again != 0) {
                m_inFlight.insert(again, f);
                continue;
            }
        }
        if (id == 0) {
            retryLater(QStringLiteral("%1: %2").arg(f.dlqTopic, e.toString()));
            break;
        }
        m_inFlight.insert(id, f);
    }
    if (m_inFlight.isEmpty())
        finishBatch();
}

void OutboxDeadLetters::onDelivered(const kafka::DeliveryReport &report)
{
    const auto it = m_inFlight.find(report.id);
    if (it == m_inFlight.end())
        return;
    InFlight f = *it;
    m_inFlight.erase(it);
    if (!report.error.isError()) {
        m_done.append({f.seq, f.dlqTopic});
        ++m_written;
        qCInfo(lcOutboxDlq, "outbox record %lld that could not be published is in %s (partition %d, offset %lld)%s",
               f.seq, qPrintable(f.dlqTopic), report.partition, report.offset,
               f.valueOmitted ? " without its value, which is too large; the outbox row keeps it" : "");
    } else if (isTooLarge(report.error) && !f.valueOmitted && m_producer) {
        // Too large for the DLQ too: the headers say what failed, the row keeps the value.
        f.valueOmitted = true;
        f.headers.append({processing::dlqheaders::ValueOmitted, report.error.toString().toUtf8()});
        KafkaError e;
        if (const quint64 id = m_producer->produce(f.dlqTopic, f.key, QByteArray(), f.headers, -1, &e)) {
            m_inFlight.insert(id, f);
            return;
        }
        retryLater(QStringLiteral("%1: %2").arg(f.dlqTopic, e.toString()));
    } else {
        m_again = true;
        retryLater(QStringLiteral("%1: %2").arg(f.dlqTopic, report.error.toString()));
    }
    if (m_inFlight.isEmpty())
        finishBatch();
}

void OutboxDeadLetters::finishBatch()
{
    if (const Result<void> marked = recordDone(); !marked) {
        m_again = true;
        retryLater(marked.error().message);
        return;
    }
    if (m_retryScheduled)
        return;
    m_backoffMs = 0;
    if (m_again || m_batchFull)
        QMetaObject::invokeMethod(this, &OutboxDeadLetters::wake, Qt::QueuedConnection);
}

void OutboxDeadLetters::retryLater(const QString &why)
{
    if (m_retryScheduled)
        return;
    m_retryScheduled = true;
    m_backoffMs = qBound(500, m_backoffMs * 2, 30000);
    qCWarning(lcOutboxDlq, "cannot write failed outbox records to their dead-letter queue (%s); trying again in %d ms",
              qPrintable(why), m_backoffMs);
    m_clock->singleShot(m_backoffMs, this, [this] {
        m_retryScheduled = false;
        wake();
    });
}

} // namespace taskstream::services
