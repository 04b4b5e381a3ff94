#include "kafka/KafkaConsumer.h"

#include "kafka/RdKafkaHelper_p.h"

#include <cstring>

#include <QElapsedTimer>

namespace taskstream::kafka {

using namespace detail;

struct KafkaConsumer::Private
{
    KafkaConsumer *q = nullptr;
    HandlePtr rk;
    QueuePtr consumerQueue;
    QueueNotifier *notifier = nullptr;
    QString groupId;
    QList<KafkaMessage> batch; ///< collected during one serve, emitted before any rebalance
    bool subscribed = false;
    AssignmentOffsets assignmentOffsets;

    void flushBatch()
    {
        if (batch.isEmpty())
            return;
        const QList<KafkaMessage> out = std::move(batch);
        batch.clear();
        emit q->messagesReceived(out);
    }

    static void rebalanceCb(rd_kafka_t *rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *parts,
                            void *opaque)
    {
        auto *self = static_cast<Private *>(opaque);
        const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
        TopicPartitionList list = fromRdList(parts);
        // Records received before the rebalance are handed out first, so the application sees
        // them before it is told the partitions are going.
        self->flushBatch();
        if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
            if (self->assignmentOffsets) {
                self->assignmentOffsets(list);
                for (int i = 0; i < parts->cnt && i < list.size(); ++i)
                    if (list.at(i).offset >= 0)
                        parts->elems[i].offset = list.at(i).offset;
            }
            KafkaError e;
            if (cooperative)
                e = takeError(rd_kafka_incremental_assign(rk, parts), QStringLiteral("incremental assign"));
            else
                e = KafkaError::fromRdKafka(rd_kafka_assign(rk, parts), QStringLiteral("assign"));
            if (e.isError()) {
                qCWarning(lcKafka, "consumer group %s: %s", qPrintable(self->groupId), qPrintable(e.toString()));
                emit self->q->errorOccurred(e);
            }
            emit self->q->partitionsAssigned(list);
        } else {
            // Revoke (or lost): let the application commit what it has made durable first.
            emit self->q->partitionsRevoked(list);
            if (cooperative)
                takeError(rd_kafka_incremental_unassign(rk, parts));
            else
                rd_kafka_assign(rk, nullptr);
        }
    }

    static void commitCb(rd_kafka_t *, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t *offsets, void *opaque)
    {
        auto *self = static_cast<Private *>(opaque);
        // _NO_OFFSET: nothing to commit, not a failure.
        const KafkaError e = err == RD_KAFKA_RESP_ERR__NO_OFFSET
                                 ? KafkaError()
                                 : KafkaError::fromRdKafka(err, QStringLiteral("offset commit"));
        emit self->q->offsetsCommitted(fromRdList(offsets), e);
    }

    static void errorCb(rd_kafka_t *rk, int err, const char *reason, void *opaque)
    {
        auto *self = static_cast<Private *>(opaque);
        bool fatal = err == RD_KAFKA_RESP_ERR__FATAL;
        QString msg = QString::fromUtf8(reason);
        int code = err;
        if (fatal) {
            char buf[512];
            const rd_kafka_resp_err_t orig = rd_kafka_fatal_error(rk, buf, sizeof buf);
            msg = QStringLiteral("fatal consumer error %1: %2; the consumer must be re-created")
                      .arg(QString::fromUtf8(rd_kafka_err2name(orig)), QString::fromUtf8(buf));
            // The underlying code (e.g. FENCED_INSTANCE_ID), so the application can say what to do.
            if (orig != RD_KAFKA_RESP_ERR_NO_ERROR)
                code = orig;
        }
        const KafkaError base = KafkaError::fromRdKafka(err);
        emit self->q->errorOccurred(KafkaError(code, msg, fatal, base.isRetriable()));
    }

    static void logCb(const rd_kafka_t *, int level, const char *fac, const char *buf)
    {
        if (level <= 4)
            qCWarning(lcKafka, "librdkafka %s: %s", fac, buf);
        else if (level <= 6)
            qCInfo(lcKafka, "librdkafka %s: %s", fac, buf);
        else
            qCDebug(lcKafka, "librdkafka %s: %s", fac, buf);
    }
};

KafkaConsumer::KafkaConsumer(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    qRegisterMetaType<KafkaMessage>();
    qRegisterMetaType<KafkaError>();
}

KafkaConsumer::~KafkaConsumer()
{
    close();
}

bool KafkaConsumer::open(const KafkaConfig &config, KafkaError *error)
{
    auto fail = [error](const KafkaError &e) {
        if (error)
            *error = e;
        return false;
    };
    if (isOpen())
        return fail(KafkaError(KafkaError::InvalidArgument, QStringLiteral("consumer is already open")));
    if (config.value(QStringLiteral("group.id")).isEmpty())
        return fail(KafkaError(KafkaError::InvalidConfig, QStringLiteral("Kafka property 'group.id' is required")));

    KafkaConfig cfg = config;
    cfg.setDefault(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
    cfg.setDefault(QStringLiteral("enable.auto.offset.store"), QStringLiteral("false"));
    cfg.setDefault(QStringLiteral("auto.offset.reset"), QStringLiteral("earliest"));
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-consumer"));
    // Prefetch is bounded by bytes, not by a record count. librdkafka (2.0.2) compares
    // queued.min.messages with the length of the consumer queue that every assigned partition
    // forwards to, not of one partition's; once it is reached it stops fetching every partition
    // and looks again only at its broker thread's next wake-up, up to a second later. A consumer
    // that drains 100,000 records (the default) in less than that sat idle for the rest of the
    // second, each time (bench_kafka_throughput; bench/NOTES.md). The byte bound,
    // queued.max.messages.kbytes, stays librdkafka's default of 64 MB.
    cfg.setDefault(QStringLiteral("queued.min.messages"), QStringLiteral("10000000"));
    cfg.set(QStringLiteral("log.queue"), QStringLiteral("true"));

    KafkaError confError;
    ConfPtr conf = makeConf(cfg, &confError);
    if (!conf)
        return fail(confError);
    rd_kafka_conf_set_opaque(conf.get(), d.get());
    rd_kafka_conf_set_rebalance_cb(conf.get(), &Private::rebalanceCb);
    rd_kafka_conf_set_offset_commit_cb(conf.get(), &Private::commitCb);
    rd_kafka_conf_set_error_cb(conf.get(), &Private::errorCb);
    rd_kafka_conf_set_log_cb(conf.get(), &Private::logCb);

    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
    if (!rk)
        return fail(KafkaError(KafkaError::InvalidConfig,
                               QStringLiteral("cannot create consumer: ") + QString::fromUtf8(errstr)));
    conf.release();
    d->rk.reset(rk);
    d->groupId = cfg.value(QStringLiteral("group.id"));
    // One queue for everything: messages, rebalances, commit results, errors and logs.
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_set_log_queue(rk, nullptr);
    d->consumerQueue.reset(rd_kafka_queue_get_consumer(rk));
    d->notifier = new QueueNotifier(d->consumerQueue.get(), this);
    connect(d->notifier, &QueueNotifier::readyRead, this, &KafkaConsumer::drain);
    return true;
}

bool KafkaConsumer::isOpen() const
{
    return bool(d->rk);
}

QString KafkaConsumer::groupId() const
{
    return d->groupId;
}

QString KafkaConsumer::memberId() const
{
    if (!isOpen())
        return {};
    char *id = rd_kafka_memberid(d->rk.get());
    const QString s = id ? QString::fromUtf8(id) : QString();
    if (id)
        rd_kafka_mem_free(d->rk.get(), id);
    return s;
}

void KafkaConsumer::drain()
{
    // Bounded: at most one batch per wake-up, then back to the event loop. The list is sized
    // once for what is queued (not grown record by record).
    if (d->consumerQueue && d->batch.isEmpty())
        d->batch.reserve(
            qBound(qsizetype(1), qsizetype(rd_kafka_queue_length(d->consumerQueue.get())), qsizetype(m_maxBatch)));
    while (d->rk && d->batch.size() < m_maxBatch) {
        MessagePtr m(rd_kafka_consumer_poll(d->rk.get(), 0));
        if (!m)
            break;
        if (m->err) {
            if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF)
                continue;
            QString ctx = QStringLiteral("consumer");
            if (m->rkt)
                ctx = QStringLiteral("consumer %1 [%2]")
                          .arg(QString::fromUtf8(rd_kafka_topic_name(m->rkt)))
                          .arg(m->partition);
            const KafkaError base = KafkaError::fromRdKafka(m->err, ctx);
            QString msg = base.message();
            if (m->payload && m->len)
                msg += QStringLiteral(" (") + QString::fromUtf8(static_cast<const char *>(m->payload), int(m->len)) +
                       QLatin1Char(')');
            emit errorOccurred(KafkaError(m->err, msg, m->err == RD_KAFKA_RESP_ERR__FATAL, base.isRetriable()));
            continue;
        }
        d->batch.append(fromRdMessage(m.get()));
    }
    d->flushBatch();
    if (d->notifier && d->consumerQueue && rd_kafka_queue_length(d->consumerQueue.get()) > 0)
        d->notifier->rearm();
}

KafkaError KafkaConsumer::subscribe(const QStringList &topics)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    if (topics.isEmpty())
        return KafkaError(KafkaError::InvalidArgument, QStringLiteral("subscribe needs at least one topic"));
    PartitionListPtr list(rd_kafka_topic_partition_list_new(int(topics.size())));
    for (const QString &t : topics)
        rd_kafka_topic_partition_list_add(list.get(), t.toUtf8().constData(), RD_KAFKA_PARTITION_UA);
    const KafkaError e = KafkaError::fromRdKafka(rd_kafka_subscribe(d->rk.get(), list.get()),
                                                 QStringLiteral("subscribe to %1").arg(topics.join(QLatin1Char(','))));
    d->subscribed = d->subscribed || !e.isError();
    return e;
}

KafkaError KafkaConsumer::unsubscribe()
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    d->subscribed = false;
    return KafkaError::fromRdKafka(rd_kafka_unsubscribe(d->rk.get()), QStringLiteral("unsubscribe"));
}

TopicPartitionList KafkaConsumer::assignment() const
{
    if (!isOpen())
        return {};
    rd_kafka_topic_partition_list_t *raw = nullptr;
    if (rd_kafka_assignment(d->rk.get(), &raw) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return {};
    PartitionListPtr list(raw);
    return fromRdList(list.get());
}

KafkaError KafkaConsumer::assign(const TopicPartitionList &partitions)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    PartitionListPtr list = toRdList(partitions);
    return KafkaError::fromRdKafka(rd_kafka_assign(d->rk.get(), list.get()), QStringLiteral("assign"));
}

KafkaError KafkaConsumer::unassign()
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    return KafkaError::fromRdKafka(rd_kafka_assign(d->rk.get(), nullptr), QStringLiteral("unassign"));
}

bool KafkaConsumer::cachedWatermarks(const QString &topic, int partition, qint64 *low, qint64 *high) const
{
    if (!isOpen())
        return false;
    int64_t lo = -1, hi = -1;
    if (rd_kafka_get_watermark_offsets(d->rk.get(), topic.toUtf8().constData(), partition, &lo, &hi) !=
            RD_KAFKA_RESP_ERR_NO_ERROR ||
        hi < 0)
        return false;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    return true;
}

bool KafkaConsumer::queryWatermarks(const QString &topic, int partition, qint64 *low, qint64 *high, int timeoutMs,
                                    KafkaError *error) const
{
    if (!isOpen()) {
        if (error)
            *error = KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
        return false;
    }
    int64_t lo = -1, hi = -1;
    const KafkaError e = KafkaError::fromRdKafka(
        rd_kafka_query_watermark_offsets(d->rk.get(), topic.toUtf8().constData(), partition, &lo, &hi, timeoutMs),
        QStringLiteral("watermarks of %1 [%2]").arg(topic).arg(partition));
    if (error)
        *error = e;
    if (e.isError())
        return false;
    if (low)
        *low = lo;
    if (high)
        *high = hi;
    return true;
}

KafkaError KafkaConsumer::commit(const TopicPartitionList &offsets)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    if (offsets.isEmpty())
        return KafkaError(KafkaError::InvalidArgument, QStringLiteral("nothing to commit"));
    PartitionListPtr list = toRdList(offsets);
    return KafkaError::fromRdKafka(rd_kafka_commit(d->rk.get(), list.get(), 1), QStringLiteral("commit"));
}

KafkaError KafkaConsumer::pause(const TopicPartitionList &partitions)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    PartitionListPtr list = toRdList(partitions);
    return KafkaError::fromRdKafka(rd_kafka_pause_partitions(d->rk.get(), list.get()), QStringLiteral("pause"));
}

KafkaError KafkaConsumer::resume(const TopicPartitionList &partitions)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    PartitionListPtr list = toRdList(partitions);
    return KafkaError::fromRdKafka(rd_kafka_resume_partitions(d->rk.get(), list.get()), QStringLiteral("resume"));
}

void KafkaConsumer::setAssignmentOffsets(AssignmentOffsets decide)
{
    d->assignmentOffsets = std::move(decide);
}

KafkaError KafkaConsumer::seek(const TopicPartitionList &positions, int timeoutMs)
{
    if (!isOpen())
        return KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
    PartitionListPtr list = toRdList(positions);
    KafkaError e = takeError(rd_kafka_seek_partitions(d->rk.get(), list.get(), timeoutMs), QStringLiteral("seek"));
    if (e.isError())
        return e;
    for (int i = 0; i < list->cnt; ++i)
        if (list->elems[i].err)
            return KafkaError::fromRdKafka(list->elems[i].err, QStringLiteral("seek %1 [%2]")
                                                                   .arg(QString::fromUtf8(list->elems[i].topic))
                                                                   .arg(list->elems[i].partition));
    return {};
}

TopicPartitionList KafkaConsumer::committed(const TopicPartitionList &partitions, int timeoutMs, KafkaError *error)
{
    if (!isOpen()) {
        if (error)
            *error = KafkaError(KafkaError::NotOpen, QStringLiteral("consumer is not open"));
        return {};
    }
    PartitionListPtr list = toRdList(partitions);
    const KafkaError e = KafkaError::fromRdKafka(rd_kafka_committed(d->rk.get(), list.get(), timeoutMs),
                                                 QStringLiteral("committed offsets"));
    if (error)
        *error = e;
    return e.isError() ? TopicPartitionList() : fromRdList(list.get());
}

void KafkaConsumer::close()
{
    if (!isOpen())
        return;
    // Teardown order: consumer queue, consumer_close (revokes and leaves the group), destroy.
    d->notifier->detach();
    d->consumerQueue.reset();
    if (d->subscribed)
        leaveGroupBeforeClose();
    const rd_kafka_resp_err_t err = rd_kafka_consumer_close(d->rk.get());
    if (err)
        qCWarning(lcKafka, "consumer group %s: close: %s", qPrintable(d->groupId), rd_kafka_err2str(err));
    d->flushBatch();
    d->rk.reset();
    delete d->notifier;
    d->notifier = nullptr;
}

void KafkaConsumer::leaveGroupBeforeClose()
{
    // librdkafka 2.0.2 can block forever in rd_kafka_assign() when a rebalance hands this member
    // partitions while rd_kafka_consumer_close() runs (librdkafka issues 4527 and 4884; seen here
    // in rolling restarts, where some member is always joining). So the subscription ends first
    // and the rebalances it causes are answered here, outside close, until the assignment has
    // been empty and quiet for a while (bounded): close then has nothing left to assign.
    // Records that still arrive are not handed out: never processed, never committed, they go
    // to the next member.
    d->subscribed = false;
    if (rd_kafka_unsubscribe(d->rk.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
        return;
    constexpr int kBoundMs = 3000;
    constexpr int kQuietMs = 500;
    QElapsedTimer total, quiet;
    total.start();
    quiet.start();
    while (total.elapsed() < kBoundMs && quiet.elapsed() < kQuietMs) {
        if (rd_kafka_message_t *m = rd_kafka_consumer_poll(d->rk.get(), 50)) {
            rd_kafka_message_destroy(m);
            quiet.restart();
            continue;
        }
        rd_kafka_topic_partition_list_t *assigned = nullptr;
        if (rd_kafka_assignment(d->rk.get(), &assigned) == RD_KAFKA_RESP_ERR_NO_ERROR && assigned) {
            if (assigned->cnt > 0)
                quiet.restart();
            rd_kafka_topic_partition_list_destroy(assigned);
        }
    }
    d->batch.clear(); // a rebalance callback may have collected some: not handed out either
}

quint64 KafkaConsumer::wakeups() const
{
    return d->notifier ? d->notifier->wakeups() : 0;
}

} // namespace taskstream::kafka
