#include "kafka/KafkaAdmin.h"

#include "kafka/RdKafkaHelper_p.h"

#include <functional>

#include <QFutureWatcher>
#include <QHash>
#include <QtConcurrent/QtConcurrentRun>

namespace taskstream::kafka {

using namespace detail;

namespace {
using SharedHandle = std::shared_ptr<rd_kafka_t>;

ClusterMetadata toMetadata(const rd_kafka_metadata_t *md)
{
    ClusterMetadata out;
    out.originatingBroker = md->orig_broker_id;
    for (int i = 0; i < md->broker_cnt; ++i)
        out.brokers.append({md->brokers[i].id, QString::fromUtf8(md->brokers[i].host), md->brokers[i].port});
    for (int i = 0; i < md->topic_cnt; ++i) {
        const rd_kafka_metadata_topic_t &t = md->topics[i];
        TopicInfo ti;
        ti.name = QString::fromUtf8(t.topic);
        ti.error = KafkaError::fromRdKafka(t.err, ti.name);
        for (int p = 0; p < t.partition_cnt; ++p) {
            const rd_kafka_metadata_partition_t &mp = t.partitions[p];
            PartitionInfo pi;
            pi.id = mp.id;
            pi.leader = mp.leader;
            pi.error = KafkaError::fromRdKafka(mp.err);
            for (int r = 0; r < mp.replica_cnt; ++r)
                pi.replicas.append(mp.replicas[r]);
            for (int r = 0; r < mp.isr_cnt; ++r)
                pi.isrs.append(mp.isrs[r]);
            ti.partitions.append(pi);
        }
        std::sort(ti.partitions.begin(), ti.partitions.end(),
                  [](const PartitionInfo &a, const PartitionInfo &b) { return a.id < b.id; });
        out.topics.append(ti);
    }
    std::sort(out.brokers.begin(), out.brokers.end(),
              [](const BrokerInfo &a, const BrokerInfo &b) { return a.id < b.id; });
    std::sort(out.topics.begin(), out.topics.end(),
              [](const TopicInfo &a, const TopicInfo &b) { return a.name < b.name; });
    return out;
}

/// Blocking, bounded: metadata of all topics (or of \a topics). Runs on a worker thread.
ClusterMetadata blockingMetadata(const SharedHandle &rk, int timeoutMs, KafkaError *error)
{
    const rd_kafka_metadata_t *raw = nullptr;
    const rd_kafka_resp_err_t err = rd_kafka_metadata(rk.get(), 1, nullptr, &raw, timeoutMs);
    if (err) {
        *error = KafkaError::fromRdKafka(
            err, err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__TIMED_OUT
                     ? QStringLiteral("no answer from the brokers within %1 ms; check bootstrap.servers and that "
                                      "the brokers are running")
                           .arg(timeoutMs)
                     : QStringLiteral("metadata"));
        return {};
    }
    MetadataPtr md(raw);
    return toMetadata(md.get());
}

/// Blocking, bounded: low and high watermarks, two batched ListOffsets rounds (earliest, latest).
QList<PartitionWatermarks> blockingWatermarks(const SharedHandle &rk, const TopicPartitionList &parts, int timeoutMs,
                                              KafkaError *error)
{
    QList<PartitionWatermarks> out;
    for (const TopicPartition &tp : parts)
        out.append({tp.topic, tp.partition, OffsetInvalid, OffsetInvalid, {}});
    if (parts.isEmpty())
        return out;
    // rd_kafka_offsets_for_times() sends the "timestamp" to ListOffsets as-is, where -2 and -1 mean
    // earliest and latest: one request per leader instead of one per partition.
    for (const qint64 which : {qint64(OffsetBeginning), qint64(OffsetEnd)}) {
        TopicPartitionList q = parts;
        for (TopicPartition &tp : q)
            tp.offset = which;
        PartitionListPtr list = toRdList(q);
        const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk.get(), list.get(), timeoutMs);
        if (err) {
            *error = KafkaError::fromRdKafka(err, QStringLiteral("watermarks"));
            return out;
        }
        for (int i = 0; i < list->cnt; ++i) {
            PartitionWatermarks &w = out[i];
            if (list->elems[i].err) {
                w.error = KafkaError::fromRdKafka(list->elems[i].err,
                                                  QStringLiteral("%1 [%2]").arg(w.topic).arg(w.partition));
                continue;
            }
            (which == OffsetBeginning ? w.low : w.high) = list->elems[i].offset;
        }
    }
    return out;
}

/// Lag per partition: \a watermarks joined with the \a committed offsets (by topic and partition).
GroupLag joinLag(const QString &group, const QList<PartitionWatermarks> &watermarks,
                 const TopicPartitionList &committed)
{
    QHash<std::pair<QString, int>, qint64> committedAt;
    committedAt.reserve(committed.size());
    for (const TopicPartition &c : committed) {
        if (c.offset >= 0)
            committedAt.insert({c.topic, c.partition}, c.offset);
    }
    GroupLag lag{group, {}};
    lag.partitions.reserve(watermarks.size());
    for (const PartitionWatermarks &w : watermarks) {
        PartitionLag pl;
        pl.topic = w.topic;
        pl.partition = w.partition;
        pl.low = w.low;
        pl.high = w.high;
        pl.error = w.error;
        pl.committed = committedAt.value({w.topic, w.partition}, pl.committed);
        if (w.high >= 0)
            pl.lag = pl.committed >= 0 ? qMax<qint64>(0, w.high - pl.committed)
                                       : qMax<qint64>(0, w.high - qMax<qint64>(0, w.low));
        lag.partitions.append(pl);
    }
    return lag;
}

/// The broker's ways of saying a group's offsets cannot be set from outside while it has members.
bool isActiveGroupRefusal(rd_kafka_resp_err_t e)
{
    return e == RD_KAFKA_RESP_ERR_UNKNOWN_MEMBER_ID || e == RD_KAFKA_RESP_ERR_NON_EMPTY_GROUP ||
           e == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS || e == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION ||
           e == RD_KAFKA_RESP_ERR_FENCED_INSTANCE_ID;
}

KafkaError offsetCommitError(rd_kafka_resp_err_t e, const QString &group, const QString &what)
{
    if (isActiveGroupRefusal(e))
        return KafkaError(KafkaError::GroupNotEmpty,
                          QStringLiteral("group %1 has active members (the broker answered %2); stop its "
                                         "consumers, then reset")
                              .arg(group, QString::fromUtf8(rd_kafka_err2name(e))));
    return KafkaError::fromRdKafka(e, what);
}

bool isUnsupported(rd_kafka_resp_err_t e)
{
    return e == RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE || e == RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION ||
           e == RD_KAFKA_RESP_ERR_INVALID_REQUEST;
}
} // namespace

const TopicInfo *ClusterMetadata::topic(const QString &name) const
{
    for (const TopicInfo &t : topics)
        if (t.name == name)
            return &t;
    return nullptr;
}

qint64 GroupLag::totalLag() const
{
    qint64 sum = 0;
    for (const PartitionLag &p : partitions)
        if (p.lag > 0)
            sum += p.lag;
    return sum;
}

struct KafkaAdmin::Private
{
    KafkaAdmin *q = nullptr;
    SharedHandle rk;
    QueuePtr mainQueue;
    QueuePtr resultQueue;
    QueueNotifier *mainNotifier = nullptr;
    QueueNotifier *resultNotifier = nullptr;
    TopicCatalog catalog = TopicCatalog::builtin();
    quint64 nextId = 1;
    quint64 nextToken = 1;
    /// Admin API requests in flight: their continuation, run when the result event arrives.
    QHash<quint64, std::function<void(rd_kafka_event_t *)>> pending;
    /// Whether the cluster has the consumer-group APIs (ListGroups/DescribeGroups): -1 unknown.
    /// librdkafka 2.0.2's DescribeConsumerGroups never completes against a broker without
    /// DescribeGroups (the embedded one), and the stuck request then blocks rd_kafka_destroy, so
    /// it is only sent once ListConsumerGroups has shown the APIs exist.
    int groupApis = -1;
    void probeGroupApis(int timeoutMs, std::function<void()> then);
    /// The configuration the admin client was opened with (the group readers below use it).
    KafkaConfig config;
    /// One consumer handle per group whose committed offsets are read: rd_kafka_committed() on a
    /// handle that never subscribes. Not the Admin API's ListConsumerGroupOffsets: in librdkafka
    /// 2.0.2 a coordinator request whose connection drops frees its state twice and aborts the
    /// process (rd_kafka_enq_once_del_source_return: eonce->refcnt > 0, librdkafka PR #5397).
    QHash<QString, SharedHandle> groupReaders;
    SharedHandle groupReader(const QString &group, KafkaError *error);

    /// Runs a blocking, bounded librdkafka call on a worker thread and continues on this thread.
    template <typename R> void offload(std::function<R()> work, std::function<void(R)> then)
    {
        auto *watcher = new QFutureWatcher<R>(q);
        QObject::connect(watcher, &QFutureWatcher<R>::finished, q, [watcher, then] {
            then(watcher->result());
            watcher->deleteLater();
        });
        watcher->setFuture(QtConcurrent::run(std::move(work)));
    }

    /// Cluster metadata from a worker thread, then \a then on this thread.
    void metadataThen(int timeoutMs, std::function<void(const ClusterMetadata &, const KafkaError &)> then)
    {
        using Result = std::pair<ClusterMetadata, KafkaError>;
        SharedHandle handle = rk;
        offload<Result>(
            [handle, timeoutMs] {
                KafkaError e;
                ClusterMetadata md = blockingMetadata(handle, timeoutMs, &e);
                return Result{md, e};
            },
            [then](Result r) { then(r.first, r.second); });
    }

    AdminOptionsPtr options(rd_kafka_admin_op_t op, int timeoutMs, quint64 token)
    {
        AdminOptionsPtr o(rd_kafka_AdminOptions_new(rk.get(), op));
        char errstr[256];
        rd_kafka_AdminOptions_set_request_timeout(o.get(), timeoutMs, errstr, sizeof errstr);
        if (op == RD_KAFKA_ADMIN_OP_CREATETOPICS)
            rd_kafka_AdminOptions_set_operation_timeout(o.get(), timeoutMs, errstr, sizeof errstr);
        rd_kafka_AdminOptions_set_opaque(o.get(), reinterpret_cast<void *>(quintptr(token)));
        return o;
    }

    quint64 expect(std::function<void(rd_kafka_event_t *)> then)
    {
        const quint64 token = nextToken++;
        pending.insert(token, std::move(then));
        return token;
    }

    void serveResults()
    {
        for (int i = 0; i < 64; ++i) {
            EventPtr ev(rd_kafka_queue_poll(resultQueue.get(), 0));
            if (!ev)
                return;
            const quint64 token = quint64(reinterpret_cast<quintptr>(rd_kafka_event_opaque(ev.get())));
            auto then = pending.take(token);
            if (then)
                then(ev.get());
        }
        resultNotifier->rearm();
    }

    void serveMain()
    {
        for (int i = 0; i < 64; ++i) {
            EventPtr ev(rd_kafka_queue_poll(mainQueue.get(), 0));
            if (!ev)
                return;
            if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_LOG)
                logEvent(ev.get());
            else if (rd_kafka_event_type(ev.get()) == RD_KAFKA_EVENT_ERROR) {
                qCWarning(lcKafka, "admin client: %s", rd_kafka_event_error_string(ev.get()));
                const rd_kafka_resp_err_t err = rd_kafka_event_error(ev.get());
                const KafkaError base = KafkaError::fromRdKafka(err);
                emit q->errorOccurred(KafkaError(err, QString::fromUtf8(rd_kafka_event_error_string(ev.get())),
                                                 rd_kafka_event_error_is_fatal(ev.get()) != 0, base.isRetriable()));
            }
        }
        mainNotifier->rearm();
    }

    void committedOffsets(const QString &group, const TopicPartitionList &parts, int timeoutMs,
                          std::function<void(TopicPartitionList, KafkaError)> then);
    void describeConfigs(const QStringList &topics, int timeoutMs,
                         std::function<void(QHash<QString, QHash<QString, QString>>, KafkaError)> then);
};

KafkaAdmin::KafkaAdmin(QObject *parent) : QObject(parent), d(std::make_unique<Private>())
{
    d->q = this;
    qRegisterMetaType<ClusterMetadata>();
    qRegisterMetaType<GroupLag>();
    qRegisterMetaType<QList<OffsetResetResult>>();
    qRegisterMetaType<KafkaError>();
}

KafkaAdmin::~KafkaAdmin()
{
    if (d->mainNotifier)
        d->mainNotifier->detach();
    if (d->resultNotifier)
        d->resultNotifier->detach();
    d->resultQueue.reset();
    d->mainQueue.reset();
    // Worker jobs in flight keep their own reference to the handle; the last one destroys it.
    d->rk.reset();
    d->groupReaders.clear();
}

bool KafkaAdmin::open(const KafkaConfig &config, KafkaError *error)
{
    d->config = config;
    KafkaConfig cfg = config;
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-admin"));
    cfg.set(QStringLiteral("log.queue"), QStringLiteral("true"));
    KafkaError confError;
    ConfPtr conf = makeConf(cfg, &confError);
    if (!conf) {
        if (error)
            *error = confError;
        return false;
    }
    rd_kafka_conf_set_events(conf.get(), RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG);
    char errstr[512];
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr);
    if (!rk) {
        if (error)
            *error = KafkaError(KafkaError::InvalidConfig,
                                QStringLiteral("cannot create admin client: ") + QString::fromUtf8(errstr));
        return false;
    }
    conf.release();
    d->rk = SharedHandle(rk, [](rd_kafka_t *h) { rd_kafka_destroy(h); });
    d->mainQueue.reset(rd_kafka_queue_get_main(rk));
    rd_kafka_set_log_queue(rk, nullptr);
    d->resultQueue.reset(rd_kafka_queue_new(rk));
    d->mainNotifier = new QueueNotifier(d->mainQueue.get(), this);
    d->resultNotifier = new QueueNotifier(d->resultQueue.get(), this);
    connect(d->mainNotifier, &QueueNotifier::readyRead, this, [this] { d->serveMain(); });
    connect(d->resultNotifier, &QueueNotifier::readyRead, this, [this] { d->serveResults(); });
    return true;
}

bool KafkaAdmin::isOpen() const
{
    return bool(d->rk);
}

void KafkaAdmin::setCatalog(const TopicCatalog &catalog)
{
    d->catalog = catalog;
}

static KafkaError notOpen()
{
    return KafkaError(KafkaError::NotOpen, QStringLiteral("admin client is not connected"));
}

quint64 KafkaAdmin::fetchMetadata(int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this, [this, id] { emit metadataReady(id, {}, notOpen()); }, Qt::QueuedConnection);
        return id;
    }
    d->metadataThen(timeoutMs,
                    [this, id](const ClusterMetadata &md, const KafkaError &e) { emit metadataReady(id, md, e); });
    return id;
}

quint64 KafkaAdmin::fetchWatermarks(const TopicPartitionList &partitions, int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this, [this, id] { emit watermarksReady(id, {}, notOpen()); }, Qt::QueuedConnection);
        return id;
    }
    using Result = std::pair<QList<PartitionWatermarks>, KafkaError>;
    SharedHandle rk = d->rk;
    d->offload<Result>(
        [rk, partitions, timeoutMs] {
            KafkaError e;
            auto w = blockingWatermarks(rk, partitions, timeoutMs, &e);
            return Result{w, e};
        },
        [this, id](Result r) { emit watermarksReady(id, r.first, r.second); });
    return id;
}

quint64 KafkaAdmin::fetchOffsetsForTimes(const TopicPartitionList &partitionsWithTimes, int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this, [this, id] { emit offsetsForTimesReady(id, {}, notOpen()); }, Qt::QueuedConnection);
        return id;
    }
    using Result = std::pair<TopicPartitionList, KafkaError>;
    SharedHandle rk = d->rk;
    d->offload<Result>(
        [rk, partitionsWithTimes, timeoutMs] {
            TopicPartitionList out = partitionsWithTimes;
            if (out.isEmpty())
                return Result{out, {}};
            PartitionListPtr list = toRdList(partitionsWithTimes);
            const rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk.get(), list.get(), timeoutMs);
            if (err)
                return Result{{}, KafkaError::fromRdKafka(err, QStringLiteral("offsets for times"))};
            for (int i = 0; i < list->cnt && i < out.size(); ++i)
                out[i].offset = list->elems[i].err ? qint64(OffsetInvalid) : qint64(list->elems[i].offset);
            return Result{out, {}};
        },
        [this, id](Result r) { emit offsetsForTimesReady(id, r.first, r.second); });
    return id;
}

SharedHandle KafkaAdmin::Private::groupReader(const QString &group, KafkaError *error)
{
    if (const auto it = groupReaders.constFind(group); it != groupReaders.constEnd())
        return *it;
    KafkaConfig cfg = config;
    cfg.set(QStringLiteral("group.id"), group);
    cfg.set(QStringLiteral("client.id"), QStringLiteral("taskstream-admin-offsets"));
    cfg.set(QStringLiteral("enable.auto.commit"), QStringLiteral("false"));
    cfg.set(QStringLiteral("enable.auto.offset.store"), QStringLiteral("false"));
    cfg.set(QStringLiteral("log.queue"), QStringLiteral("true"));
    KafkaError confError;
    ConfPtr conf = makeConf(cfg, &confError);
    if (!conf) {
        *error = confError;
        return {};
    }
    // Logs and errors wait on the handle's main queue; each read drains it (below).
    rd_kafka_conf_set_events(conf.get(), RD_KAFKA_EVENT_ERROR | RD_KAFKA_EVENT_LOG);
    char errstr[512];
    rd_kafka_t *h = rd_kafka_new(RD_KAFKA_CONSUMER, conf.get(), errstr, sizeof errstr);
    if (!h) {
        *error = KafkaError(
            KafkaError::InvalidConfig,
            QStringLiteral("cannot create the offsets reader of %1: %2").arg(group, QString::fromUtf8(errstr)));
        return {};
    }
    conf.release();
    rd_kafka_set_log_queue(h, nullptr);
    // It never joins the group: nothing to leave, and a close must not wait for a coordinator.
    SharedHandle handle(h, [](rd_kafka_t *k) { rd_kafka_destroy_flags(k, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE); });
    groupReaders.insert(group, handle);
    return handle;
}

void KafkaAdmin::Private::committedOffsets(const QString &group, const TopicPartitionList &parts, int timeoutMs,
                                           std::function<void(TopicPartitionList, KafkaError)> then)
{
    using Result = std::pair<TopicPartitionList, KafkaError>;
    KafkaError error;
    SharedHandle reader = groupReader(group, &error);
    if (!reader) {
        QMetaObject::invokeMethod(
            q, [then, error] { then({}, error); }, Qt::QueuedConnection);
        return;
    }
    offload<Result>(
        [reader, group, parts, timeoutMs] {
            PartitionListPtr list = toRdList(parts);
            const rd_kafka_resp_err_t err = rd_kafka_committed(reader.get(), list.get(), timeoutMs);
            // What the handle queued meanwhile (connection errors, logs) is dropped: the read's
            // own error says what went wrong, and the admin client logs the cluster's state.
            rd_kafka_queue_t *mainQueue = rd_kafka_queue_get_main(reader.get());
            for (int i = 0; i < 1000; ++i) {
                rd_kafka_event_t *ev = rd_kafka_queue_poll(mainQueue, 0);
                if (!ev)
                    break;
                rd_kafka_event_destroy(ev);
            }
            rd_kafka_queue_destroy(mainQueue);
            if (err)
                return Result{{}, KafkaError::fromRdKafka(err, QStringLiteral("committed offsets of %1").arg(group))};
            return Result{fromRdList(list.get()), {}};
        },
        [then](Result r) { then(r.first, r.second); });
}

quint64 KafkaAdmin::fetchGroupLag(const QString &group, const QStringList &topics, int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this,
            [this, id, group] {
                emit groupLagReady(id, {group, {}}, notOpen());
            },
            Qt::QueuedConnection);
        return id;
    }
    // Three bounded steps: partitions (metadata) -> committed offsets (admin API) -> watermarks.
    SharedHandle rk = d->rk;
    d->metadataThen(timeoutMs, [this, id, group, topics, timeoutMs, rk](const ClusterMetadata &metadata,
                                                                        const KafkaError &mdError) {
        if (mdError.isError()) {
            emit groupLagReady(id, {group, {}}, mdError);
            return;
        }
        TopicPartitionList parts;
        for (const QString &t : topics) {
            const TopicInfo *ti = metadata.topic(t);
            if (!ti || ti->partitions.isEmpty()) {
                emit groupLagReady(
                    id, {group, {}},
                    KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, QStringLiteral("unknown topic '%1'").arg(t)));
                return;
            }
            for (const PartitionInfo &p : ti->partitions)
                parts.append({t, p.id, OffsetInvalid});
        }
        d->committedOffsets(group, parts, timeoutMs,
                            [this, id, group, parts, timeoutMs, rk](TopicPartitionList committed, KafkaError ce) {
                                if (ce.isError()) {
                                    emit groupLagReady(id, {group, {}}, ce);
                                    return;
                                }
                                // The join runs with the watermarks on the worker: a group may span thousands of
                                // partitions.
                                using LagResult = std::pair<GroupLag, KafkaError>;
                                d->offload<LagResult>(
                                    [rk, group, parts, committed, timeoutMs] {
                                        KafkaError e;
                                        const QList<PartitionWatermarks> w =
                                            blockingWatermarks(rk, parts, timeoutMs, &e);
                                        return LagResult{joinLag(group, w, committed), e};
                                    },
                                    [this, id](const LagResult &r) { emit groupLagReady(id, r.first, r.second); });
                            });
    });
    return id;
}

quint64 KafkaAdmin::resetGroupOffsets(const QString &group, const TopicPartitionList &offsets, int timeoutMs)
{
    const quint64 id = d->nextId++;
    QList<OffsetResetResult> results;
    for (const TopicPartition &tp : offsets)
        results.append({tp.topic, tp.partition, tp.offset, {}});
    KafkaError early;
    if (!isOpen())
        early = notOpen();
    else if (group.isEmpty() || offsets.isEmpty())
        early = KafkaError(KafkaError::InvalidArgument, QStringLiteral("no group or no partition to reset"));
    else if (std::any_of(offsets.cbegin(), offsets.cend(), [](const TopicPartition &tp) { return tp.offset < 0; }))
        early = KafkaError(KafkaError::InvalidArgument, QStringLiteral("offsets to commit must be absolute"));
    if (early.isError()) {
        for (OffsetResetResult &r : results)
            r.error = early;
        QMetaObject::invokeMethod(
            this, [this, id, results, early] { emit groupOffsetsReset(id, results, early); }, Qt::QueuedConnection);
        return id;
    }
    const quint64 token = d->expect([this, id, group, results](rd_kafka_event_t *ev) mutable {
        KafkaError first;
        auto failAll = [&](const KafkaError &e) {
            for (OffsetResetResult &r : results)
                r.error = e;
            first = e;
        };
        const rd_kafka_resp_err_t top = rd_kafka_event_error(ev);
        const rd_kafka_AlterConsumerGroupOffsets_result_t *res = rd_kafka_event_AlterConsumerGroupOffsets_result(ev);
        size_t cnt = 0;
        const rd_kafka_group_result_t **groups =
            res && !top ? rd_kafka_AlterConsumerGroupOffsets_result_groups(res, &cnt) : nullptr;
        if (top) {
            failAll(offsetCommitError(top, group, QStringLiteral("reset offsets of %1").arg(group)));
        } else if (cnt < 1) {
            failAll(KafkaError(KafkaError::Unsupported, QStringLiteral("no result for group %1").arg(group)));
        } else if (const rd_kafka_error_t *ge = rd_kafka_group_result_error(groups[0])) {
            failAll(offsetCommitError(rd_kafka_error_code(ge), group, QString::fromUtf8(rd_kafka_error_string(ge))));
        } else if (const rd_kafka_topic_partition_list_t *parts = rd_kafka_group_result_partitions(groups[0])) {
            for (int i = 0; i < parts->cnt; ++i) {
                const rd_kafka_topic_partition_t &p = parts->elems[i];
                for (OffsetResetResult &r : results) {
                    if (r.partition != p.partition || r.topic != QString::fromUtf8(p.topic) || !p.err)
                        continue;
                    r.error = offsetCommitError(p.err, group, QStringLiteral("%1 [%2]").arg(r.topic).arg(r.partition));
                    if (!first.isError())
                        first = r.error;
                }
            }
        }
        emit groupOffsetsReset(id, results, first);
    });
    PartitionListPtr list = toRdList(offsets);
    rd_kafka_AlterConsumerGroupOffsets_t *req =
        rd_kafka_AlterConsumerGroupOffsets_new(group.toUtf8().constData(), list.get());
    AdminOptionsPtr opts = d->options(RD_KAFKA_ADMIN_OP_ALTERCONSUMERGROUPOFFSETS, timeoutMs, token);
    rd_kafka_AlterConsumerGroupOffsets(d->rk.get(), &req, 1, opts.get(), d->resultQueue.get());
    rd_kafka_AlterConsumerGroupOffsets_destroy(req);
    return id;
}

quint64 KafkaAdmin::listGroups(int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this, [this, id] { emit groupsListed(id, {}, notOpen()); }, Qt::QueuedConnection);
        return id;
    }
    const quint64 token = d->expect([this, id](rd_kafka_event_t *ev) {
        auto catalogGroups = [this](const QString &why) {
            QList<GroupInfo> out;
            for (const ConsumerGroupSpec &g : d->catalog.consumerGroups()) {
                GroupInfo gi;
                gi.groupId = g.name;
                gi.state = QStringLiteral("Unknown");
                gi.source = QStringLiteral("catalog");
                gi.error = KafkaError(KafkaError::Unsupported, why);
                out.append(gi);
            }
            return out;
        };
        const rd_kafka_resp_err_t top = rd_kafka_event_error(ev);
        const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(ev);
        size_t errCnt = 0;
        const rd_kafka_error_t **errs = res ? rd_kafka_ListConsumerGroups_result_errors(res, &errCnt) : nullptr;
        size_t cnt = 0;
        const rd_kafka_ConsumerGroupListing_t **groups =
            res ? rd_kafka_ListConsumerGroups_result_valid(res, &cnt) : nullptr;
        bool unsupported = isUnsupported(top);
        for (size_t i = 0; i < errCnt; ++i)
            unsupported = unsupported || isUnsupported(rd_kafka_error_code(errs[i]));
        if (unsupported)
            d->groupApis = 0;
        else if (!top && errCnt == 0)
            d->groupApis = 1;
        if (cnt == 0 && (unsupported || errCnt > 0 || top)) {
            const QString why = QStringLiteral("the broker does not list consumer groups (%1); showing the "
                                               "catalog's groups")
                                    .arg(top      ? QString::fromUtf8(rd_kafka_err2name(top))
                                         : errCnt ? QString::fromUtf8(rd_kafka_err2name(rd_kafka_error_code(errs[0])))
                                                  : QStringLiteral("no answer"));
            emit groupsListed(id, catalogGroups(why), {});
            return;
        }
        QList<GroupInfo> out;
        for (size_t i = 0; i < cnt; ++i) {
            GroupInfo gi;
            gi.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupListing_group_id(groups[i]));
            gi.isSimple = rd_kafka_ConsumerGroupListing_is_simple_consumer_group(groups[i]);
            gi.state =
                QString::fromUtf8(rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupListing_state(groups[i])));
            gi.source = QStringLiteral("broker");
            out.append(gi);
        }
        // Catalog groups that have not started yet are still ours to show.
        for (const ConsumerGroupSpec &g : d->catalog.consumerGroups()) {
            const bool known =
                std::any_of(out.cbegin(), out.cend(), [&g](const GroupInfo &gi) { return gi.groupId == g.name; });
            if (!known) {
                GroupInfo gi;
                gi.groupId = g.name;
                gi.state = QStringLiteral("Empty");
                gi.source = QStringLiteral("catalog");
                out.append(gi);
            }
        }
        std::sort(out.begin(), out.end(), [](const GroupInfo &a, const GroupInfo &b) { return a.groupId < b.groupId; });
        emit groupsListed(id, out, {});
    });
    AdminOptionsPtr opts = d->options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeoutMs, token);
    rd_kafka_ListConsumerGroups(d->rk.get(), opts.get(), d->resultQueue.get());
    return id;
}

void KafkaAdmin::Private::probeGroupApis(int timeoutMs, std::function<void()> then)
{
    if (groupApis >= 0) {
        // Results are never emitted before the request call returns.
        QMetaObject::invokeMethod(q, then, Qt::QueuedConnection);
        return;
    }
    const quint64 token = expect([this, then](rd_kafka_event_t *ev) {
        const rd_kafka_resp_err_t top = rd_kafka_event_error(ev);
        const rd_kafka_ListConsumerGroups_result_t *res = rd_kafka_event_ListConsumerGroups_result(ev);
        size_t errCnt = 0;
        const rd_kafka_error_t **errs = res ? rd_kafka_ListConsumerGroups_result_errors(res, &errCnt) : nullptr;
        bool unsupported = isUnsupported(top);
        for (size_t i = 0; i < errCnt; ++i)
            unsupported = unsupported || isUnsupported(rd_kafka_error_code(errs[i]));
        if (unsupported)
            groupApis = 0;
        else if (!top)
            groupApis = 1;
        then();
    });
    AdminOptionsPtr opts = options(RD_KAFKA_ADMIN_OP_LISTCONSUMERGROUPS, timeoutMs, token);
    rd_kafka_ListConsumerGroups(rk.get(), opts.get(), resultQueue.get());
}

quint64 KafkaAdmin::describeGroups(const QStringList &groups, int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen() || groups.isEmpty()) {
        const KafkaError e =
            isOpen() ? KafkaError(KafkaError::InvalidArgument, QStringLiteral("no group to describe")) : notOpen();
        QMetaObject::invokeMethod(
            this, [this, id, e] { emit groupsDescribed(id, {}, e); }, Qt::QueuedConnection);
        return id;
    }
    d->probeGroupApis(timeoutMs, [this, id, groups, timeoutMs] {
        if (d->groupApis != 1) {
            const KafkaError e(KafkaError::Unsupported,
                               d->groupApis == 0 ? QStringLiteral("the broker does not describe consumer groups")
                                                 : QStringLiteral("the broker did not answer about consumer groups"));
            QList<GroupInfo> out;
            for (const QString &g : groups) {
                GroupInfo gi;
                gi.groupId = g;
                gi.state = QStringLiteral("Unknown");
                gi.error = e;
                out.append(gi);
            }
            emit groupsDescribed(id, out, e);
            return;
        }
        describeGroupsNow(id, groups, timeoutMs);
    });
    return id;
}

void KafkaAdmin::describeGroupsNow(quint64 id, const QStringList &groups, int timeoutMs)
{
    const quint64 token = d->expect([this, id, groups](rd_kafka_event_t *ev) {
        QList<GroupInfo> out;
        const rd_kafka_resp_err_t top = rd_kafka_event_error(ev);
        const rd_kafka_DescribeConsumerGroups_result_t *res = rd_kafka_event_DescribeConsumerGroups_result(ev);
        size_t cnt = 0;
        const rd_kafka_ConsumerGroupDescription_t **descs =
            res && !top ? rd_kafka_DescribeConsumerGroups_result_groups(res, &cnt) : nullptr;
        for (size_t i = 0; i < cnt; ++i) {
            GroupInfo gi;
            gi.groupId = QString::fromUtf8(rd_kafka_ConsumerGroupDescription_group_id(descs[i]));
            gi.source = QStringLiteral("broker");
            if (const rd_kafka_error_t *ge = rd_kafka_ConsumerGroupDescription_error(descs[i])) {
                const rd_kafka_resp_err_t code = rd_kafka_error_code(ge);
                gi.state = QStringLiteral("Unknown");
                gi.error = isUnsupported(code)
                               ? KafkaError(KafkaError::Unsupported,
                                            QStringLiteral("the broker does not describe consumer groups (%1)")
                                                .arg(QString::fromUtf8(rd_kafka_err2name(code))))
                               : KafkaError(code, QString::fromUtf8(rd_kafka_error_string(ge)));
                out.append(gi);
                continue;
            }
            gi.state = QString::fromUtf8(
                rd_kafka_consumer_group_state_name(rd_kafka_ConsumerGroupDescription_state(descs[i])));
            gi.isSimple = rd_kafka_ConsumerGroupDescription_is_simple_consumer_group(descs[i]);
            for (size_t m = 0; m < rd_kafka_ConsumerGroupDescription_member_count(descs[i]); ++m) {
                const rd_kafka_MemberDescription_t *md = rd_kafka_ConsumerGroupDescription_member(descs[i], m);
                GroupMemberInfo mi;
                mi.memberId = QString::fromUtf8(rd_kafka_MemberDescription_consumer_id(md));
                mi.clientId = QString::fromUtf8(rd_kafka_MemberDescription_client_id(md));
                mi.host = QString::fromUtf8(rd_kafka_MemberDescription_host(md));
                if (const rd_kafka_MemberAssignment_t *a = rd_kafka_MemberDescription_assignment(md))
                    mi.assignment = fromRdList(rd_kafka_MemberAssignment_partitions(a));
                gi.members.append(mi);
            }
            out.append(gi);
        }
        KafkaError e;
        if (top) {
            const bool unsupported = isUnsupported(top);
            e = unsupported ? KafkaError(KafkaError::Unsupported,
                                         QStringLiteral("the broker does not describe consumer groups (%1)")
                                             .arg(QString::fromUtf8(rd_kafka_err2name(top))))
                            : KafkaError::fromRdKafka(top, QStringLiteral("describe consumer groups"));
            for (const QString &g : groups) {
                GroupInfo gi;
                gi.groupId = g;
                gi.state = QStringLiteral("Unknown");
                gi.error = e;
                out.append(gi);
            }
        }
        emit groupsDescribed(id, out, e);
    });
    std::vector<QByteArray> names;
    std::vector<const char *> ptrs;
    for (const QString &g : groups)
        names.push_back(g.toUtf8());
    for (const QByteArray &n : names)
        ptrs.push_back(n.constData());
    AdminOptionsPtr opts = d->options(RD_KAFKA_ADMIN_OP_DESCRIBECONSUMERGROUPS, timeoutMs, token);
    rd_kafka_DescribeConsumerGroups(d->rk.get(), ptrs.data(), ptrs.size(), opts.get(), d->resultQueue.get());
}

void KafkaAdmin::Private::describeConfigs(const QStringList &topics, int timeoutMs,
                                          std::function<void(QHash<QString, QHash<QString, QString>>, KafkaError)> then)
{
    const quint64 token = expect([then](rd_kafka_event_t *ev) {
        QHash<QString, QHash<QString, QString>> out;
        if (rd_kafka_event_error(ev)) {
            then(out, KafkaError::fromRdKafka(rd_kafka_event_error(ev), QStringLiteral("describe configs")));
            return;
        }
        const rd_kafka_DescribeConfigs_result_t *res = rd_kafka_event_DescribeConfigs_result(ev);
        size_t cnt = 0;
        const rd_kafka_ConfigResource_t **rs = rd_kafka_DescribeConfigs_result_resources(res, &cnt);
        for (size_t i = 0; i < cnt; ++i) {
            if (rd_kafka_ConfigResource_error(rs[i]))
                continue;
            size_t n = 0;
            const rd_kafka_ConfigEntry_t **entries = rd_kafka_ConfigResource_configs(rs[i], &n);
            auto &map = out[QString::fromUtf8(rd_kafka_ConfigResource_name(rs[i]))];
            for (size_t j = 0; j < n; ++j) {
                const char *v = rd_kafka_ConfigEntry_value(entries[j]);
                map.insert(QString::fromUtf8(rd_kafka_ConfigEntry_name(entries[j])),
                           v ? QString::fromUtf8(v) : QString());
            }
        }
        then(out, {});
    });
    std::vector<rd_kafka_ConfigResource_t *> resources;
    for (const QString &t : topics)
        resources.push_back(rd_kafka_ConfigResource_new(RD_KAFKA_RESOURCE_TOPIC, t.toUtf8().constData()));
    AdminOptionsPtr opts = options(RD_KAFKA_ADMIN_OP_DESCRIBECONFIGS, timeoutMs, token);
    rd_kafka_DescribeConfigs(rk.get(), resources.data(), resources.size(), opts.get(), resultQueue.get());
    for (auto *r : resources)
        rd_kafka_ConfigResource_destroy(r);
}

quint64 KafkaAdmin::createTopics(const QList<TopicSpec> &topics, int timeoutMs)
{
    const quint64 id = d->nextId++;
    if (!isOpen()) {
        QMetaObject::invokeMethod(
            this, [this, id] { emit topicsCreated(id, {}, notOpen()); }, Qt::QueuedConnection);
        return id;
    }
    // metadata -> CreateTopics for the missing ones, DescribeConfigs for the existing ones -> one result.
    d->metadataThen(timeoutMs, [this, id, topics, timeoutMs](const ClusterMetadata &metadata,
                                                             const KafkaError &mdError) {
        if (mdError.isError()) {
            emit topicsCreated(id, {}, mdError);
            return;
        }
        struct State
        {
            QList<TopicCreateResult> results;
            int waiting = 0;
            KafkaError error;
        };
        auto st = std::make_shared<State>();
        QList<TopicSpec> missing;
        QStringList existing;
        for (const TopicSpec &t : topics) {
            TopicCreateResult r;
            r.topic = t.name;
            const TopicInfo *ti = metadata.topic(t.name);
            if (ti && !ti->error.isError()) {
                if (ti->partitions.size() != t.partitions)
                    r.differences << QStringLiteral("partitions: cluster has %1, catalog says %2")
                                         .arg(ti->partitions.size())
                                         .arg(t.partitions);
                existing << t.name;
            } else {
                missing << t;
            }
            st->results.append(r);
        }
        auto finishOne = [this, id, st] {
            if (--st->waiting == 0)
                emit topicsCreated(id, st->results, st->error);
        };
        st->waiting = 1 + (missing.isEmpty() ? 0 : 1) + (existing.isEmpty() ? 0 : 1);
        if (!missing.isEmpty()) {
            const quint64 token = d->expect([st, finishOne](rd_kafka_event_t *ev) {
                if (rd_kafka_event_error(ev))
                    st->error = KafkaError::fromRdKafka(rd_kafka_event_error(ev), QStringLiteral("create topics"));
                const rd_kafka_CreateTopics_result_t *res = rd_kafka_event_CreateTopics_result(ev);
                size_t cnt = 0;
                const rd_kafka_topic_result_t **trs = res ? rd_kafka_CreateTopics_result_topics(res, &cnt) : nullptr;
                for (size_t i = 0; i < cnt; ++i) {
                    const QString name = QString::fromUtf8(rd_kafka_topic_result_name(trs[i]));
                    for (TopicCreateResult &r : st->results) {
                        if (r.topic != name)
                            continue;
                        const rd_kafka_resp_err_t e = rd_kafka_topic_result_error(trs[i]);
                        if (e == RD_KAFKA_RESP_ERR_NO_ERROR)
                            r.created = true;
                        else if (e != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
                            r.error = KafkaError::fromRdKafka(
                                e, QStringLiteral("create %1: %2")
                                       .arg(name, QString::fromUtf8(rd_kafka_topic_result_error_string(trs[i]))));
                    }
                }
                finishOne();
            });
            std::vector<rd_kafka_NewTopic_t *> nts;
            char errstr[256];
            for (const TopicSpec &t : missing) {
                rd_kafka_NewTopic_t *nt = rd_kafka_NewTopic_new(t.name.toUtf8().constData(), t.partitions,
                                                                t.replicationFactor, errstr, sizeof errstr);
                if (t.retentionMs > 0)
                    rd_kafka_NewTopic_set_config(nt, "retention.ms", QByteArray::number(t.retentionMs).constData());
                nts.push_back(nt);
            }
            AdminOptionsPtr opts = d->options(RD_KAFKA_ADMIN_OP_CREATETOPICS, timeoutMs, token);
            rd_kafka_CreateTopics(d->rk.get(), nts.data(), nts.size(), opts.get(), d->resultQueue.get());
            rd_kafka_NewTopic_destroy_array(nts.data(), nts.size());
        }
        if (!existing.isEmpty()) {
            d->describeConfigs(existing, timeoutMs, [st, topics, finishOne](auto configs, KafkaError e) {
                for (TopicCreateResult &r : st->results) {
                    if (!configs.contains(r.topic)) {
                        if (e.isError())
                            r.differences << QStringLiteral("retention not checked: %1").arg(e.message());
                        continue;
                    }
                    const qint64 have = configs.value(r.topic).value(QStringLiteral("retention.ms")).toLongLong();
                    for (const TopicSpec &t : topics)
                        if (t.name == r.topic && t.retentionMs > 0 && have != t.retentionMs)
                            r.differences << QStringLiteral("retention.ms: cluster has %1, catalog says %2")
                                                 .arg(have)
                                                 .arg(t.retentionMs);
                }
                finishOne();
            });
        }
        finishOne();
    });
    return id;
}

} // namespace taskstream::kafka
