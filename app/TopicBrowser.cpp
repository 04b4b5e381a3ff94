#include "TopicBrowser.h"

#include "events/AsyncEventCodec.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaConsumer.h"

#include <QTimer>
#include <QUrl>
#include <QUuid>

namespace taskstream {
namespace console {

using kafka::KafkaError;

TopicBrowser::TopicBrowser(QObject *parent) : QObject(parent), m_timeout(new QTimer(this))
{
    qRegisterMetaType<QList<DecodedRecord>>();
    m_timeout->setSingleShot(true);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        finish(KafkaError(KafkaError::TimedOut,
                          tr("reading %1 timed out after %n record(s)", nullptr, m_count).arg(m_request.topic)));
    });
}

TopicBrowser::~TopicBrowser()
{
    cancel();
}

void TopicBrowser::browse(const kafka::KafkaConfig &config, const BrowseRequest &request)
{
    cancel();
    m_busy = true;
    m_request = request;
    m_config = config;
    m_count = 0;
    m_marks.clear();
    m_end.clear();
    m_probe.clear();
    events::CodecConfig codecConfig;
    if (!request.schemaRegistryUrl.isEmpty())
        codecConfig.schemaRegistryUrl = QUrl(request.schemaRegistryUrl);
    m_codec = std::make_unique<events::AsyncEventCodec>(codecConfig);
    m_timeout->start(request.timeoutMs);
    m_admin = new kafka::KafkaAdmin(this);
    KafkaError e;
    if (!m_admin->open(config, &e)) {
        QMetaObject::invokeMethod(
            this, [this, e] { finish(e); }, Qt::QueuedConnection);
        return;
    }
    connect(m_admin, &kafka::KafkaAdmin::metadataReady, this, &TopicBrowser::onMetadata);
    connect(m_admin, &kafka::KafkaAdmin::watermarksReady, this, &TopicBrowser::onWatermarks);
    connect(m_admin, &kafka::KafkaAdmin::offsetsForTimesReady, this, &TopicBrowser::onOffsetsForTimes);
    m_admin->fetchMetadata(qMin(10000, request.timeoutMs));
}

void TopicBrowser::cancel()
{
    if (!m_busy)
        return;
    m_busy = false;
    m_timeout->stop();
    if (m_consumer) {
        m_consumer->disconnect(this);
        m_consumer->close();
        m_consumer->deleteLater();
    }
    if (m_admin) {
        m_admin->disconnect(this);
        m_admin->deleteLater();
    }
}

void TopicBrowser::onMetadata(quint64, const kafka::ClusterMetadata &metadata, const KafkaError &error)
{
    if (!m_busy)
        return;
    if (error.isError())
        return finish(error);
    const kafka::TopicInfo *t = metadata.topic(m_request.topic);
    if (!t || t->error.isError() || t->partitions.isEmpty())
        return finish(t && t->error.isError()
                          ? t->error
                          : KafkaError(KafkaError::InvalidArgument,
                                       QStringLiteral("topic %1 does not exist").arg(m_request.topic)));
    kafka::TopicPartitionList parts;
    for (const kafka::PartitionInfo &p : t->partitions)
        if (m_request.partition < 0 || p.id == m_request.partition)
            parts.append({m_request.topic, p.id, kafka::OffsetInvalid});
    if (parts.isEmpty())
        return finish(
            KafkaError(KafkaError::InvalidArgument,
                       QStringLiteral("topic %1 has no partition %2").arg(m_request.topic).arg(m_request.partition)));
    m_admin->fetchWatermarks(parts, qMin(10000, m_request.timeoutMs));
}

void TopicBrowser::onWatermarks(quint64, const QList<kafka::PartitionWatermarks> &marks, const KafkaError &error)
{
    if (!m_busy)
        return;
    if (error.isError())
        return finish(error);
    kafka::TopicPartitionList start;
    for (const kafka::PartitionWatermarks &w : marks) {
        if (w.error.isError())
            return finish(w.error);
        m_marks.insert(w.partition, {w.low, w.high});
        if (w.high <= w.low)
            continue;
        m_end.insert(w.partition, w.high);
        qint64 from = w.low;
        switch (m_request.from) {
        case BrowseRequest::From::Beginning:
        case BrowseRequest::From::Timestamp:
            break;
        case BrowseRequest::From::Offset:
            from = qBound(w.low, m_request.offset, w.high);
            break;
        case BrowseRequest::From::Latest:
            from = qMax(w.low, w.high - qMax(1, m_request.latestCount));
            break;
        }
        if (from >= w.high) { // an offset at the end: nothing to read in this partition
            m_end.remove(w.partition);
            continue;
        }
        start.append({w.topic, w.partition, from});
    }
    if (m_request.from == BrowseRequest::From::Timestamp && !start.isEmpty()) {
        kafka::TopicPartitionList query = start;
        for (kafka::TopicPartition &tp : query)
            tp.offset = m_request.timestampMs;
        m_admin->fetchOffsetsForTimes(query, qMin(10000, m_request.timeoutMs));
        return;
    }
    startReading(start);
}

void TopicBrowser::onOffsetsForTimes(quint64, const kafka::TopicPartitionList &offsets, const KafkaError &error)
{
    if (!m_busy)
        return;
    kafka::TopicPartitionList start;
    for (const kafka::TopicPartition &tp : offsets) {
        const auto marks = m_marks.value(tp.partition);
        if (!m_end.contains(tp.partition))
            continue; // empty partition
        if (tp.offset == kafka::OffsetEnd || tp.offset >= marks.second) {
            // Nothing at or after that time, unless the broker cannot look offsets up by time and
            // answers "the end" to everything (the embedded broker does): the newest record tells.
            m_probe.insert(tp.partition);
            start.append({tp.topic, tp.partition, marks.second - 1});
            continue;
        }
        // A broker that cannot look offsets up by time: read from the start and skip older records.
        start.append({tp.topic, tp.partition, tp.offset < 0 ? marks.first : qMax(marks.first, tp.offset)});
    }
    if (error.isError()) {
        // No lookup by time at all: read from the start and skip older records.
        m_probe.clear();
        start.clear();
        for (auto it = m_end.cbegin(); it != m_end.cend(); ++it)
            start.append({m_request.topic, it.key(), m_marks.value(it.key()).first});
    }
    startReading(start);
}

void TopicBrowser::startReading(const kafka::TopicPartitionList &start)
{
    if (start.isEmpty())
        return finish({});
    m_consumer = new kafka::KafkaConsumer(this);
    kafka::KafkaConfig cfg = m_config;
    // Assign-only: the group id is never used to join or commit.
    cfg.set(QStringLiteral("group.id"),
            QStringLiteral("taskstream-console-browser-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
    cfg.setDefault(QStringLiteral("client.id"), QStringLiteral("taskstream-console-browser"));
    cfg.setDefault(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50"));
    KafkaError e;
    if (!m_consumer->open(cfg, &e))
        return finish(e);
    connect(m_consumer, &kafka::KafkaConsumer::messagesReceived, this, &TopicBrowser::onMessages);
    connect(m_consumer, &kafka::KafkaConsumer::errorOccurred, this, [this](const KafkaError &err) {
        if (err.isFatal())
            finish(err);
    });
    for (const kafka::TopicPartition &tp : start)
        if (!m_end.contains(tp.partition))
            m_end.insert(tp.partition, m_marks.value(tp.partition).second);
    QList<int> unused;
    for (auto it = m_end.cbegin(); it != m_end.cend(); ++it) {
        bool assigned = false;
        for (const kafka::TopicPartition &tp : start)
            assigned = assigned || tp.partition == it.key();
        if (!assigned)
            unused << it.key();
    }
    for (int p : unused)
        m_end.remove(p);
    qint64 range = 0;
    for (const kafka::TopicPartition &tp : start)
        range += qMax<qint64>(0, m_end.value(tp.partition, tp.offset) - tp.offset);
    emit rangeKnown(range);
    e = m_consumer->assign(start);
    if (e.isError())
        return finish(e);
}

void TopicBrowser::onMessages(const QList<kafka::KafkaMessage> &messages)
{
    if (!m_busy)
        return;
    QList<DecodedRecord> batch;
    bool full = false;
    for (const kafka::KafkaMessage &m : messages) {
        const auto end = m_end.find(m.partition);
        if (m.topic != m_request.topic || end == m_end.end() || m.offset >= end.value())
            continue;
        if (m_probe.contains(m.partition)) {
            m_probe.remove(m.partition);
            if (m.timestampMs >= 0 && m.timestampMs < m_request.timestampMs) {
                m_end.erase(end); // the newest record is older: nothing to read here
                continue;
            }
            // The lookup by time was ignored: read the partition from its start, skipping older records.
            const kafka::KafkaError e = m_consumer->seek({{m.topic, m.partition, m_marks.value(m.partition).first}}, 0);
            // An asynchronous seek answers "in progress"; that is success.
            if (e.isError() && e.codeName() != QLatin1String("_IN_PROGRESS"))
                return finish(e);
            continue;
        }
        if (m.offset + 1 >= end.value())
            m_end.erase(end);
        if (m_request.from == BrowseRequest::From::Timestamp && m.timestampMs >= 0 &&
            m.timestampMs < m_request.timestampMs)
            continue;
        batch.append(decodeRecord(m, *m_codec));
        if (m_count + batch.size() >= m_request.maxRecords) {
            full = true;
            break;
        }
    }
    m_count += int(batch.size());
    if (!batch.isEmpty())
        emit recordsRead(batch);
    if (full || m_end.isEmpty())
        finish({});
}

void TopicBrowser::finish(const KafkaError &error)
{
    if (!m_busy)
        return;
    cancel();
    emit finished(m_count, error);
}

} // namespace console
} // namespace taskstream
