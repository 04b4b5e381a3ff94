#include "RecordAgeReader.h"

#include "kafka/KafkaConfig.h"
#include "kafka/KafkaConsumer.h"

#include <QLoggingCategory>
#include <QTimer>
#include <QUuid>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcRecordAge, "taskstream.console.recordage")

namespace {
QString keyOf(const QString &topic, int partition)
{
    return topic + QLatin1Char('/') + QString::number(partition);
}
} // namespace

RecordAgeReader::RecordAgeReader(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    qRegisterMetaType<QList<Result>>();
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, [this] { endRound(true); });
}

RecordAgeReader::~RecordAgeReader()
{
    close();
}

void RecordAgeReader::setClientConfig(const kafka::KafkaConfig &config)
{
    if (config.properties() == m_config.properties())
        return;
    close();
    m_config = config;
}

void RecordAgeReader::close()
{
    m_timer->stop();
    m_busy = false;
    m_results.clear();
    m_waiting.clear();
    m_round.clear();
    if (m_consumer) {
        m_consumer->disconnect(this);
        m_consumer->close(); // assign-only: no group to leave
        m_consumer->deleteLater();
    }
}

bool RecordAgeReader::read(const kafka::TopicPartitionList &positions, int timeoutMs)
{
    if (m_busy)
        return false;
    m_busy = true;
    m_timeoutMs = timeoutMs;
    m_results.clear();
    m_waiting.clear();
    m_lastError.clear();
    for (const kafka::TopicPartition &tp : positions) {
        Result r;
        r.topic = tp.topic;
        r.partition = tp.partition;
        r.offset = tp.offset;
        if (tp.offset < 0)
            r.error = tr("no offset to read from");
        else
            m_waiting << int(m_results.size());
        m_results << r;
    }
    if (m_waiting.isEmpty()) {
        QMetaObject::invokeMethod(this, &RecordAgeReader::finish, Qt::QueuedConnection);
        return true;
    }
    if (!m_consumer) {
        m_consumer = new kafka::KafkaConsumer(this);
        kafka::KafkaConfig cfg = m_config;
        // Assign-only: the group id is never used to join or commit.
        cfg.set(QStringLiteral("group.id"),
                QStringLiteral("taskstream-console-lagtime-") + QUuid::createUuid().toString(QUuid::Id128).left(12));
        cfg.set(QStringLiteral("client.id"), QStringLiteral("taskstream-console-lagtime"));
        cfg.set(QStringLiteral("fetch.wait.max.ms"), QStringLiteral("50"));
        // One record per partition is wanted: keep each fetch small.
        cfg.set(QStringLiteral("fetch.message.max.bytes"), QStringLiteral("65536"));
        cfg.set(QStringLiteral("auto.offset.reset"), QStringLiteral("earliest"));
        kafka::KafkaError e;
        if (!m_consumer->open(cfg, &e)) {
            qCWarning(lcRecordAge) << "cannot open the reader of record times:" << e.toString();
            delete m_consumer;
            m_lastError = e.toString();
            for (int i : std::as_const(m_waiting))
                m_results[i].error = tr("the reader could not be opened (%1)").arg(m_lastError);
            m_waiting.clear();
            QMetaObject::invokeMethod(this, &RecordAgeReader::finish, Qt::QueuedConnection);
            return true;
        }
        connect(m_consumer, &kafka::KafkaConsumer::messagesReceived, this, &RecordAgeReader::onMessages);
        connect(m_consumer, &kafka::KafkaConsumer::errorOccurred, this,
                [this](const kafka::KafkaError &e) { m_lastError = e.toString(); });
    }
    startRound();
    return true;
}

void RecordAgeReader::startRound()
{
    m_round.clear();
    kafka::TopicPartitionList assignment;
    for (int i : std::as_const(m_waiting)) {
        const Result &r = m_results.at(i);
        const QString key = keyOf(r.topic, r.partition);
        if (m_round.contains(key))
            continue; // same partition at another offset: next round
        m_round.insert(key, i);
        assignment.append({r.topic, r.partition, r.offset});
    }
    const kafka::KafkaError e = m_consumer->assign(assignment);
    if (e.isError()) {
        m_lastError = e.toString();
        endRound(false);
        return;
    }
    m_timer->start(m_timeoutMs);
}

void RecordAgeReader::onMessages(const QList<kafka::KafkaMessage> &messages)
{
    if (!m_busy || m_round.isEmpty())
        return;
    for (const kafka::KafkaMessage &m : messages) {
        const auto it = m_round.find(keyOf(m.topic, m.partition));
        if (it == m_round.end())
            continue;
        Result &r = m_results[it.value()];
        if (m.offset < r.offset)
            continue; // fetched before this round's assignment
        r.recordOffset = m.offset;
        r.timestampMs = m.timestampMs;
        if (m.timestampMs < 0)
            r.error = tr("the record at offset %1 has no time").arg(m.offset);
        m_waiting.removeOne(it.value());
        m_round.erase(it);
    }
    if (m_round.isEmpty())
        endRound(false);
}

void RecordAgeReader::endRound(bool timedOut)
{
    m_timer->stop();
    if (!m_round.isEmpty()) {
        const QString why =
            timedOut ? tr("no record arrived within %1 ms").arg(m_timeoutMs) : tr("the partition could not be read");
        for (int i : std::as_const(m_round)) {
            m_results[i].error = m_lastError.isEmpty() ? why : tr("%1 (last error: %2)").arg(why, m_lastError);
            m_waiting.removeOne(i);
        }
        m_round.clear();
    }
    if (m_consumer)
        m_consumer->unassign();
    if (!m_waiting.isEmpty() && m_consumer) {
        startRound();
        return;
    }
    finish();
}

void RecordAgeReader::finish()
{
    if (!m_busy)
        return;
    m_busy = false;
    const QList<Result> results = m_results;
    m_results.clear();
    emit finished(results);
}

} // namespace console
} // namespace taskstream
