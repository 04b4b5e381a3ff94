#include "processing/DlqTools.h"

#include "events/AsyncEventCodec.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"
#include "kafka/KafkaProducer.h"
#include "processing/DlqMarks.h"
#include "processing/EventRecords.h"
#include "processing/Handler.h"
#include "store/Database.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

Q_DECLARE_LOGGING_CATEGORY(lcProcessing)

namespace taskstream::processing {

QString DlqRecord::coordinates() const
{
    return QStringLiteral("%1/%2/%3").arg(topic).arg(partition).arg(offset);
}

QJsonObject DlqRecord::toJson() const
{
    QJsonArray hs;
    for (const kafka::Header &h : headers)
        hs.append(QJsonObject{{QStringLiteral("key"), h.key}, {QStringLiteral("value"), QString::fromUtf8(h.value)}});
    QJsonObject o{
        {QStringLiteral("topic"), topic},
        {QStringLiteral("partition"), partition},
        {QStringLiteral("offset"), offset},
        {QStringLiteral("timestamp"), timestampMs},
        {QStringLiteral("coordinates"), coordinates()},
        {QStringLiteral("key"), QString::fromUtf8(key)},
        {QStringLiteral("key_base64"), QString::fromLatin1(key.toBase64())},
        {QStringLiteral("value_base64"), QString::fromLatin1(value.toBase64())},
        {QStringLiteral("headers"), hs},
        {QStringLiteral("diagnostics"), info.toJson()},
    };
    if (!payload.isEmpty())
        o.insert(QStringLiteral("payload"), payload);
    if (!decodeError.isEmpty())
        o.insert(QStringLiteral("decode_error"), decodeError);
    return o;
}

QByteArray exportDlqJson(const QList<DlqRecord> &records)
{
    QJsonArray a;
    for (const DlqRecord &r : records)
        a.append(r.toJson());
    return QJsonDocument(a).toJson(QJsonDocument::Indented);
}

QList<DlqRecord> selectDlqRecords(const QList<DlqRecord> &records, const QStringList &selection)
{
    if (selection.isEmpty())
        return records;
    const QSet<QString> wanted(selection.cbegin(), selection.cend());
    QList<DlqRecord> out;
    for (const DlqRecord &r : records)
        if (wanted.contains(r.coordinates()))
            out.append(r);
    return out;
}

// ---------------------------------------------------------------------------------------------

DlqBrowser::DlqBrowser(const kafka::KafkaConfig &config, const events::CodecConfig &codec, QObject *parent)
    : QObject(parent), m_config(config), m_codecConfig(codec)
{
    qRegisterMetaType<QList<DlqRecord>>();
    m_timeout = new QTimer(this);
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        finish(kafka::KafkaError(kafka::KafkaError::TimedOut,
                                 QStringLiteral("browsing %1 timed out; %2 record(s) read").arg(m_topic).arg(m_read)));
    });
}

DlqBrowser::~DlqBrowser() = default;

void DlqBrowser::browse(const QString &dlqTopic, int maxRecords, int timeoutMs)
{
    if (m_busy) {
        QMetaObject::invokeMethod(
            this,
            [this] {
                emit finished({}, kafka::KafkaError(kafka::KafkaError::InvalidArgument,
                                                    QStringLiteral("a browse is already running")));
            },
            Qt::QueuedConnection);
        return;
    }
    m_busy = true;
    m_topic = dlqTopic;
    m_max = qMax(1, maxRecords);
    m_records.clear();
    m_read = 0;
    m_end.clear();
    ++m_request;
    m_timeout->start(timeoutMs);
    m_admin = new kafka::KafkaAdmin(this);
    kafka::KafkaError e;
    if (!m_admin->open(m_config, &e)) {
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    connect(m_admin, &kafka::KafkaAdmin::metadataReady, this, &DlqBrowser::onMetadata);
    connect(m_admin, &kafka::KafkaAdmin::watermarksReady, this, &DlqBrowser::onWatermarks);
    m_admin->fetchMetadata(qMax(1000, timeoutMs / 2));
}

void DlqBrowser::onMetadata(quint64, const kafka::ClusterMetadata &metadata, const kafka::KafkaError &error)
{
    if (!m_busy)
        return;
    if (error.isError())
        return finish(error);
    const kafka::TopicInfo *t = metadata.topic(m_topic);
    if (!t || t->error.isError() || t->partitions.isEmpty())
        return finish(t && t->error.isError()
                          ? t->error
                          : kafka::KafkaError(kafka::KafkaError::InvalidArgument,
                                              QStringLiteral("topic %1 does not exist").arg(m_topic)));
    kafka::TopicPartitionList parts;
    for (const kafka::PartitionInfo &p : t->partitions)
        parts.append({m_topic, p.id, kafka::OffsetInvalid});
    m_admin->fetchWatermarks(parts, 5000);
}

void DlqBrowser::onWatermarks(quint64, const QList<kafka::PartitionWatermarks> &marks, const kafka::KafkaError &error)
{
    if (!m_busy)
        return;
    if (error.isError())
        return finish(error);
    kafka::TopicPartitionList assign;
    for (const kafka::PartitionWatermarks &w : marks) {
        if (w.error.isError())
            return finish(w.error);
        if (w.high > w.low) {
            m_end.insert(w.partition, w.high);
            assign.append({w.topic, w.partition, w.low});
        }
    }
    if (assign.isEmpty())
        return finish({});
    m_consumer = new kafka::KafkaConsumer(this);
    kafka::KafkaConfig cfg = m_config;
    // Assign-only: the group id is never used to commit or join.
    cfg.set(QStringLiteral("group.id"),
            QStringLiteral("taskstream-dlq-browser-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-dlq-browser"));
    kafka::KafkaError e;
    if (!m_consumer->open(cfg, &e))
        return finish(e);
    connect(m_consumer, &kafka::KafkaConsumer::messagesReceived, this, &DlqBrowser::onMessages);
    e = m_consumer->assign(assign);
    if (e.isError())
        return finish(e);
}

void DlqBrowser::onMessages(const QList<kafka::KafkaMessage> &messages)
{
    if (!m_busy)
        return;
    if (!m_codec)
        m_codec = std::make_unique<events::AsyncEventCodec>(m_codecConfig);
    events::AsyncEventCodec &codec = *m_codec;
    QList<DlqRecord> batch;
    batch.reserve(messages.size());
    bool done = false;
    for (const kafka::KafkaMessage &m : messages) {
        const auto end = m_end.find(m.partition);
        if (m.topic != m_topic || end == m_end.end() || m.offset >= end.value())
            continue;
        DlqRecord r;
        r.topic = m.topic;
        r.partition = m.partition;
        r.offset = m.offset;
        r.timestampMs = m.timestampMs;
        r.key = m.key;
        r.value = m.value;
        r.headers = m.headers;
        r.info = parseDeadLetterHeaders(m.headers);
        const events::DecodeResult d = tryDecode(codec, m);
        if (d.ok())
            r.payload = d.decoded.json;
        else
            r.decodeError = d.error.codeName() + QStringLiteral(": ") + d.error.message;
        batch.append(std::move(r));
        ++m_read;
        if (m.offset + 1 >= end.value())
            m_end.erase(end);
        if (m_read >= m_max) {
            done = true;
            break;
        }
    }
    if (!batch.isEmpty()) {
        if (m_keepRecords)
            m_records += batch;
        emit recordsRead(batch);
    }
    if (done || m_end.isEmpty())
        finish({});
}

void DlqBrowser::finish(const kafka::KafkaError &error)
{
    if (!m_busy)
        return;
    m_busy = false;
    m_timeout->stop();
    if (m_consumer) {
        m_consumer->disconnect(this);
        m_consumer->close();
        m_consumer->deleteLater();
        m_consumer = nullptr;
    }
    if (m_admin) {
        m_admin->disconnect(this);
        m_admin->deleteLater();
        m_admin = nullptr;
    }
    std::sort(m_records.begin(), m_records.end(), [](const DlqRecord &a, const DlqRecord &b) {
        return a.partition != b.partition ? a.partition < b.partition : a.offset < b.offset;
    });
    const QList<DlqRecord> out = std::move(m_records);
    m_records.clear();
    emit finished(out, error);
}

// ---------------------------------------------------------------------------------------------

QString ReplayItem::statusName(Status s)
{
    switch (s) {
    case WouldReplay:
        return QStringLiteral("would_replay");
    case Replayed:
        return QStringLiteral("replayed");
    case Refused:
        return QStringLiteral("refused");
    case AlreadyReplayed:
        return QStringLiteral("already_replayed");
    case Failed:
        return QStringLiteral("failed");
    }
    return {};
}

int ReplayReport::count(ReplayItem::Status s) const
{
    return int(std::count_if(items.cbegin(), items.cend(), [s](const ReplayItem &i) { return i.status == s; }));
}

QJsonObject ReplayReport::toJson() const
{
    QJsonArray a;
    for (const ReplayItem &i : items) {
        QJsonObject o{{QStringLiteral("record"), i.coordinates},
                      {QStringLiteral("target"), i.target},
                      {QStringLiteral("status"), ReplayItem::statusName(i.status)}};
        if (!i.reason.isEmpty())
            o.insert(QStringLiteral("reason"), i.reason);
        if (i.targetOffset >= 0)
            o.insert(QStringLiteral("target_offset"), i.targetOffset);
        if (!i.group.isEmpty())
            o.insert(QStringLiteral("group"), i.group);
        a.append(o);
    }
    return QJsonObject{
        {QStringLiteral("request_id"), requestId}, {QStringLiteral("dry_run"), dryRun}, {QStringLiteral("items"), a}};
}

struct DlqReplayer::Job
{
    ReplayReport report;
    QList<DlqRecord> records; ///< parallel to report.items
    int pending = 0;
};

DlqReplayer::DlqReplayer(store::Database *db, const kafka::KafkaConfig &config, QObject *parent)
    : QObject(parent), m_db(db), m_config(config)
{
    qRegisterMetaType<ReplayReport>();
}

DlqReplayer::~DlqReplayer()
{
    if (m_producer)
        m_producer->close(5000);
}

quint64 DlqReplayer::replay(ReplayRequest request)
{
    const quint64 ticket = m_nextTicket++;
    auto job = std::make_shared<Job>();
    job->report.requestId =
        request.requestId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : request.requestId;
    job->report.dryRun = request.dryRun;
    m_jobs.insert(ticket, job);
    auto done = [this, ticket] {
        QMetaObject::invokeMethod(
            this, [this, ticket] { complete(ticket); }, Qt::QueuedConnection);
    };

    // Decide per record: refused by the loop guard or a discard mark, already done by this request,
    // or to publish.
    QString err;
    QList<DlqRecordId> ids;
    for (const DlqRecord &r : request.records)
        ids.append(DlqRecordId::of(r));
    const Result<QHash<QString, DlqMark>> marked = DlqMarks(m_db).marks(ids);
    const QString marksErr = marked ? QString() : marked.error().message;
    const QHash<QString, DlqMark> marks = marked.valueOr({});
    for (const DlqRecord &r : request.records) {
        ReplayItem item;
        item.coordinates = r.coordinates();
        if (r.info.isValid())
            item.target = QStringLiteral("%1/%2").arg(r.info.originalTopic).arg(r.info.originalPartition);
        item.group = r.info.consumerGroup;
        if (const QByteArray seq = kafka::headerValue(r.headers, dlqheaders::OutboxSeq); !seq.isNull()) {
            // Never published, so there is no original offset to go back to; the outbox has it.
            item.status = ReplayItem::Refused;
            item.reason = QStringLiteral("a record the outbox relay could not publish: put outbox record %1 back in "
                                         "line instead (POST /api/v1/outbox/%1/retry, or the console's failed "
                                         "outbox records)")
                              .arg(QString::fromLatin1(seq.left(20)));
        } else if (!r.info.isValid()) {
            item.status = ReplayItem::Refused;
            item.reason = QStringLiteral("not a dead-lettered record: the dlq.original.* headers are missing");
        } else if (!marksErr.isEmpty()) {
            item.status = ReplayItem::Failed;
            item.reason = QStringLiteral("database: ") + marksErr;
        } else if (const DlqMark mark = marks.value(r.coordinates()); mark.discarded) {
            item.status = ReplayItem::Refused;
            item.reason = QStringLiteral("discarded by %1 on %2%3; undo the discard to replay it")
                              .arg(mark.discardedBy, mark.discardedAt.toString(Qt::ISODate),
                                   mark.note.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(mark.note));
        } else if (r.info.replayCount >= request.maxReplays) {
            item.status = ReplayItem::Refused;
            item.reason = QStringLiteral("replayed %1 time(s) already; the limit is %2")
                              .arg(r.info.replayCount)
                              .arg(request.maxReplays);
        } else {
            store::Database::Statement seen =
                m_db->statement("SELECT status FROM dlq_replays WHERE request_id = ? "
                                "AND dlq_topic = ? AND dlq_partition = ? AND dlq_offset = ?");
            const Result<int> ran =
                seen.bind(job->report.requestId).bind(r.topic).bind(r.partition).bind(r.offset).exec();
            if (!ran) {
                item.status = ReplayItem::Failed;
                item.reason = QStringLiteral("database: ") + ran.error().message;
            } else if (seen.next()) {
                item.status = ReplayItem::AlreadyReplayed;
                item.reason = QStringLiteral("this request replayed it already (%1)").arg(seen.value(0).toString());
            } else {
                item.status = request.dryRun ? ReplayItem::WouldReplay : ReplayItem::Replayed;
            }
        }
        job->report.items.append(item);
        job->records.append(r);
    }
    if (request.dryRun) {
        done();
        return ticket;
    }

    // Record the request before publishing anything: at most once per request.
    if (const Result<void> begun = m_db->begin(); !begun) {
        for (ReplayItem &i : job->report.items)
            if (i.status == ReplayItem::Replayed) {
                i.status = ReplayItem::Failed;
                i.reason = QStringLiteral("database: ") + begun.error().message;
            }
        done();
        return ticket;
    }
    bool ok = true;
    QList<int> toPublish;
    for (int i = 0; i < job->records.size() && ok; ++i) {
        if (job->report.items[i].status != ReplayItem::Replayed)
            continue;
        const DlqRecord &r = job->records[i];
        const Result<int> rows =
            m_db->statement(
                    "INSERT INTO dlq_replays (request_id, dlq_topic, dlq_partition, dlq_offset, target_topic,"
                    " target_partition, event_id, status, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?)"
                    " ON CONFLICT DO NOTHING")
                .bind(job->report.requestId)
                .bind(r.topic)
                .bind(r.partition)
                .bind(r.offset)
                .bind(r.info.originalTopic)
                .bind(r.info.originalPartition)
                .bind(QString::fromUtf8(kafka::headerValue(r.headers, events::cloudevents::Id)))
                .bind(QDateTime::currentMSecsSinceEpoch())
                .exec();
        ok = rows.ok();
        if (!ok)
            err = rows.error().message;
        else if (*rows == 0) {
            // A concurrent run of the same request got there first.
            job->report.items[i].status = ReplayItem::AlreadyReplayed;
            job->report.items[i].reason = QStringLiteral("this request replayed it already");
        } else {
            toPublish.append(i);
        }
    }
    if (ok) {
        const Result<void> committed = m_db->commit();
        ok = committed.ok();
        if (!ok)
            err = committed.error().message;
    }
    if (!ok) {
        m_db->rollback();
        for (int i : toPublish) {
            job->report.items[i].status = ReplayItem::Failed;
            job->report.items[i].reason = QStringLiteral("database: ") + err;
        }
        done();
        return ticket;
    }

    if (!m_producer && !toPublish.isEmpty()) {
        m_producer = new kafka::KafkaProducer(this);
        kafka::KafkaConfig cfg = m_config;
        cfg.setDefault(QStringLiteral("enable.idempotence"), QStringLiteral("true"));
        cfg.setDefault(QStringLiteral("acks"), QStringLiteral("all"));
        cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-dlq-replay"));
        kafka::KafkaError e;
        if (!m_producer->open(cfg, &e)) {
            delete m_producer;
            m_producer = nullptr;
            for (int i : toPublish) {
                job->report.items[i].status = ReplayItem::Failed;
                job->report.items[i].reason = e.toString();
            }
            done();
            return ticket;
        }
        connect(m_producer, &kafka::KafkaProducer::delivered, this, &DlqReplayer::onDelivered);
    }
    for (int i : toPublish) {
        const DlqRecord &r = job->records[i];
        kafka::KafkaError e;
        const quint64 id = m_producer->produce(r.info.originalTopic, r.key, r.value,
                                               replayHeaders(r.headers, r.coordinates(), job->report.requestId),
                                               r.info.originalPartition, &e);
        if (!id) {
            job->report.items[i].status = ReplayItem::Failed;
            job->report.items[i].reason = e.toString();
            continue;
        }
        ++job->pending;
        m_inFlight.insert(id, {ticket, i});
    }
    if (job->pending == 0)
        done();
    return ticket;
}

void DlqReplayer::onDelivered(const kafka::DeliveryReport &report)
{
    const auto it = m_inFlight.find(report.id);
    if (it == m_inFlight.end())
        return;
    const auto [ticket, index] = it.value();
    m_inFlight.erase(it);
    const auto job = m_jobs.value(ticket);
    if (!job)
        return;
    ReplayItem &item = job->report.items[index];
    const DlqRecord &r = job->records[index];
    if (report.error.isError()) {
        item.status = ReplayItem::Failed;
        item.reason = report.error.toString();
    } else {
        item.targetOffset = report.offset;
    }
    const Result<int> rows = m_db->statement("UPDATE dlq_replays SET status = ?, error = ?, delivered_at = ?,"
                                             " target_offset = ? WHERE request_id = ? AND dlq_topic = ?"
                                             " AND dlq_partition = ? AND dlq_offset = ?")
                                 .bind(report.error.isError() ? QStringLiteral("failed") : QStringLiteral("delivered"))
                                 .bind(report.error.isError() ? report.error.toString() : QString())
                                 .bind(QDateTime::currentMSecsSinceEpoch())
                                 .bind(report.offset)
                                 .bind(job->report.requestId)
                                 .bind(r.topic)
                                 .bind(r.partition)
                                 .bind(r.offset)
                                 .exec();
    if (!rows)
        qCWarning(lcProcessing, "replay %s: cannot record the delivery of %s: %s", qPrintable(job->report.requestId),
                  qPrintable(r.coordinates()), qPrintable(rows.error().message));
    if (--job->pending == 0)
        complete(ticket);
}

void DlqReplayer::complete(quint64 ticket)
{
    const auto job = m_jobs.take(ticket);
    if (job)
        emit finished(ticket, job->report);
}

} // namespace taskstream::processing
