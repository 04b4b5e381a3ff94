#include "kafka/KafkaProducer.h"

#include "kafka/RdKafkaHelper_p.h"

#include <functional>

#include <QDeadlineTimer>
#include <QVarLengthArray>

namespace taskstream::kafka {

using namespace detail;

namespace {
// Events served per wake-up before yielding to the rest of the event loop.
constexpr int kEventsPerWakeup = 64;
} // namespace

struct KafkaProducer::Private
{
    HandlePtr rk;
    QueuePtr mainQueue;
    QueueNotifier *notifier = nullptr;
    quint64 nextId = 1;
    std::function<void()> serve; ///< serves one bounded batch of the main queue
    /// Topic handles by name, held until close(): librdkafka keeps their metadata, and producing
    /// through a handle skips the lookup by name that every record would otherwise make.
    QList<QPair<QByteArray, rd_kafka_topic_t *>> topics;

    rd_kafka_topic_t *topic(QByteArrayView name)
    {
        for (const auto &t : std::as_const(topics))
            if (t.first == name)
                return t.second;
        // A topic handle created by the application is queried at once; one created inside
        // produce() waits for the periodic scan. A producer writes to a handful of topics.
        rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk.get(), name.toByteArray().constData(), nullptr);
        if (rkt)
            topics.append({name.toByteArray(), rkt});
        return rkt;
    }
};

KafkaProducer::KafkaProducer(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    qRegisterMetaType<DeliveryReport>();
    qRegisterMetaType<KafkaError>();
}

KafkaProducer::~KafkaProducer()
{
    if (isOpen())
        close(m_shutdownTimeoutMs);
}

bool KafkaProducer::open(const KafkaConfig &config, KafkaError *error)
{
    if (isOpen()) {
        if (error)
            *error = KafkaError(KafkaError::InvalidArgument, QStringLiteral("producer is already open"));
        return false;
    }
    KafkaConfig cfg = config;
    cfg.setDefault(QStringLiteral("enable.idempotence"), QStringLiteral("true"));
    cfg.setDefault(QStringLiteral("acks"), QStringLiteral("all"));
    cfg.setDefault(QStringLiteral("linger.ms"), QStringLiteral("5"));
    // Task events are small and alike: a batch compresses to 15-22 % of its size
    // (bench_compression). lz4 costs the least CPU and every maintained client reads it.
    cfg.setDefault(QStringLiteral("compression.type"), QStringLiteral("lz4"));
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-producer"));
    cfg.set(QStringLiteral("log.queue"), QStringLiteral("true"));

    KafkaError confError;
    ConfPtr conf = makeConf(cfg, &confError);
    if (!conf) {
        if (error)
            *error = confError;
        return false;
    }
    rd_kafka_conf_set_events(conf.get(), RD_KAFKA_EVENT_DR | RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG);
    char errstr[512];
    // rd_kafka_new takes ownership of conf on success only.
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        if (error)
            *error = KafkaError(KafkaError::InvalidConfig,
                                QStringLiteral("cannot create producer: ") + QString::fromUtf8(errstr));
        return false;
    }
    conf.release();
    d->rk.reset(rk);
    d->mainQueue.reset(rd_kafka_queue_get_main(rk));
    rd_kafka_set_log_queue(rk, nullptr); // logs go to the main queue, served below

    d->notifier = new QueueNotifier(d->mainQueue.get(), this);
    d->serve = [this] {
        int served = 0;
        while (served < kEventsPerWakeup) {
            EventPtr ev(rd_kafka_queue_poll(d->mainQueue.get(), 0));
            if (!ev)
                break;
            ++served;
            switch (rd_kafka_event_type(ev.get())) {
            case RD_KAFKA_EVENT_DR: {
                const rd_kafka_message_t *m;
                const rd_kafka_topic_t *lastRkt = nullptr; // the records of one event share few topics
                QString lastTopic;
                while ((m = rd_kafka_event_message_next(ev.get()))) {
                    DeliveryReport r;
                    r.id = quint64(reinterpret_cast<quintptr>(m->_private));
                    if (m->rkt != lastRkt) {
                        lastRkt = m->rkt;
                        lastTopic = QString::fromUtf8(rd_kafka_topic_name(m->rkt));
                    }
                    r.topic = lastTopic;
                    r.partition = m->partition;
                    r.offset = m->offset;
                    r.error = KafkaError::fromRdKafka(m->err);
                    emit delivered(r);
                }
                break;
            }
            case RD_KAFKA_EVENT_ERROR: {
                const rd_kafka_resp_err_t code = rd_kafka_event_error(ev.get());
                const bool fatal = rd_kafka_event_error_is_fatal(ev.get());
                QString msg = QString::fromUtf8(rd_kafka_event_error_string(ev.get()));
                if (fatal) {
                    char buf[512];
                    const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(d->rk.get(), buf, sizeof buf);
                    msg = QStringLiteral("fatal producer error %1: %2; the producer must be re-created")
                              .arg(QString::fromUtf8(rd_kafka_err2name(orig)), QString::fromUtf8(buf));
                }
                KafkaError e = KafkaError::fromRdKafka(code, {});
                emit errorOccurred(KafkaError(code, msg, fatal, e.isRetriable()));
                break;
            }
            case RD_KAFKA_EVENT_LOG:
                logEvent(ev.get());
                break;
            default:
                break;
            }
        }
        if (d->notifier && rd_kafka_queue_length(d->mainQueue.get()) > 0)
            d->notifier->rearm();
    };
    connect(d->notifier, &QueueNotifier::readyRead, this, [this] { d->serve(); });
    return true;
}

bool KafkaProducer::isOpen() const
{
    return bool(d->rk);
}

quint64 KafkaProducer::produce(const QString &topic, const QByteArray &key, const QByteArray &value,
                               const Headers &headers, int partition, KafkaError *error, qint64 timestampMs)
{
    QVarLengthArray<QByteArray, 12> names;
    QVarLengthArray<HeaderView, 12> views;
    for (const Header &h : headers) {
        names.append(h.key.toUtf8());
        views.append(HeaderView{names.last(), h.value});
    }
    const QByteArray topicName = topic.toUtf8();
    return produce(topicName, key, value, views.constData(), views.size(), partition, error, timestampMs);
}

quint64 KafkaProducer::produce(QByteArrayView topic, QByteArrayView key, QByteArrayView value,
                               const HeaderView *headers, qsizetype headerCount, int partition, KafkaError *error,
                               qint64 timestampMs)
{
    if (!isOpen()) {
        if (error)
            *error = KafkaError(KafkaError::NotOpen, QStringLiteral("producer is not open"));
        return 0;
    }
    rd_kafka_topic_t *rkt = d->topic(topic);
    if (!rkt) {
        if (error)
            *error = KafkaError::fromRdKafka(rd_kafka_last_error(),
                                             QStringLiteral("cannot produce to %1").arg(QString::fromUtf8(topic)));
        return 0;
    }
    rd_kafka_headers_t *hdrs = nullptr;
    if (headerCount > 0) {
        hdrs = rd_kafka_headers_new(size_t(headerCount));
        for (qsizetype i = 0; i < headerCount; ++i) {
            const HeaderView &h = headers[i];
            rd_kafka_header_add(hdrs, h.key.data(), h.key.size(), h.value.isNull() ? nullptr : h.value.data(),
                                h.value.size());
        }
    }
    const quint64 id = d->nextId++;
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        d->rk.get(), RD_KAFKA_V_RKT(rkt), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_KEY(key.isNull() ? nullptr : key.data(), size_t(key.size())),
        RD_KAFKA_V_VALUE(value.isNull() ? nullptr : const_cast<char *>(value.data()), size_t(value.size())),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_TIMESTAMP(timestampMs),
        RD_KAFKA_V_OPAQUE(reinterpret_cast<void *>(quintptr(id))), RD_KAFKA_V_END);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
        if (hdrs) // owned by the message only on success
            rd_kafka_headers_destroy(hdrs);
        if (error)
            *error = KafkaError::fromRdKafka(err, QStringLiteral("cannot produce to %1").arg(QString::fromUtf8(topic)));
        return 0;
    }
    return id;
}

void KafkaProducer::prepareTopics(const QStringList &topics)
{
    if (!isOpen())
        return;
    for (const QString &topic : topics)
        d->topic(topic.toUtf8());
}

int KafkaProducer::outstanding() const
{
    return isOpen() ? rd_kafka_outq_len(d->rk.get()) : 0;
}

int KafkaProducer::flush(int timeoutMs)
{
    if (!isOpen())
        return 0;
    // Delivery reports are events on our queue, and librdkafka counts a record as outstanding
    // until its report event is served: rd_kafka_flush() alone would wait out the whole timeout
    // whenever a report arrives. So wait in short steps and serve the reports in between.
    const QDeadlineTimer deadline(qMax(0, timeoutMs));
    for (;;) {
        for (int i = 0; i < 1000 && rd_kafka_queue_length(d->mainQueue.get()) > 0; ++i)
            d->serve();
        if (rd_kafka_outq_len(d->rk.get()) == 0 || deadline.hasExpired())
            break;
        rd_kafka_flush(d->rk.get(), int(qBound(qint64(0), deadline.remainingTime(), qint64(10))));
    }
    return rd_kafka_outq_len(d->rk.get());
}

void KafkaProducer::close(int timeoutMs)
{
    if (!isOpen())
        return;
    const int left = flush(timeoutMs);
    if (left > 0) {
        qCWarning(lcKafka,
                  "producer closing with %d record(s) undelivered after %d ms; they are reported as "
                  "purged — check broker connectivity",
                  left, timeoutMs);
        rd_kafka_purge(d->rk.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
        // Purged records get their reports on the next serve; bounded wait for them to be queued.
        rd_kafka_flush(d->rk.get(), 100);
        for (int i = 0; i < 1000 && rd_kafka_queue_length(d->mainQueue.get()) > 0; ++i)
            d->serve();
    }
    d->notifier->detach();
    delete d->notifier;
    d->notifier = nullptr;
    for (const auto &t : std::as_const(d->topics))
        rd_kafka_topic_destroy(t.second);
    d->topics.clear();
    d->mainQueue.reset();
    d->rk.reset();
}

quint64 KafkaProducer::wakeups() const
{
    return d->notifier ? d->notifier->wakeups() : 0;
}

} // namespace taskstream::kafka
