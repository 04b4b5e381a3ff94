#include "GroupMonitor.h"

#include "ClusterMonitor.h"
#include "RecordAgeReader.h"
#include "models/ConsumerGroupsModel.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace taskstream {
namespace console {

Q_LOGGING_CATEGORY(lcGroups, "taskstream.console.groups")

GroupMonitor::GroupMonitor(ClusterMonitor *monitor, ConsumerGroupsModel *model, QObject *parent)
    : QObject(parent), m_monitor(monitor), m_model(model), m_ageReader(new RecordAgeReader(this))
{
    connect(m_ageReader, &RecordAgeReader::finished, this, [this](const QList<RecordAgeReader::Result> &results) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QHash<QString, QList<ConsumerGroupsModel::RecordAge>> byGroup;
        for (int i = 0; i < results.size() && i < m_ageGroups.size(); ++i) {
            const RecordAgeReader::Result &r = results.at(i);
            byGroup[m_ageGroups.at(i)].append({r.topic, r.partition, r.offset, r.timestampMs, r.error});
        }
        m_ageGroups.clear();
        for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it)
            m_model->updateRecordAges(it.key(), it.value(), now);
        emit agesRead();
    });
    m_model->setCatalogGroups(TopicCatalog::builtin().consumerGroups());
    connect(m_monitor, &ClusterMonitor::refreshed, this, &GroupMonitor::refresh);
    connect(m_monitor, &ClusterMonitor::metadataUpdated, this, [this](const kafka::ClusterMetadata &metadata) {
        m_topics.clear();
        for (const kafka::TopicInfo &t : metadata.topics) {
            const TopicSpec *spec = TopicCatalog::builtin().topic(t.name);
            if (!t.name.startsWith(QLatin1String("__")) && !(spec && spec->isDlq()))
                m_topics << t.name;
        }
    });
    connect(m_monitor, &ClusterMonitor::stateChanged, this, [this](ClusterMonitor::State state) {
        if (state == ClusterMonitor::State::Disconnected || state == ClusterMonitor::State::Connecting) {
            reset();
            m_ageReader->close();
            m_ageGroups.clear();
            m_model->clear();
            m_model->setCatalogGroups(TopicCatalog::builtin().consumerGroups());
        }
    });
}

bool GroupMonitor::isRefreshing() const
{
    return m_listRequest || m_describeRequest || !m_lagRequests.isEmpty();
}

bool GroupMonitor::isReadingAges() const
{
    return m_ageReader->isBusy();
}

void GroupMonitor::attach(kafka::KafkaAdmin *admin)
{
    if (admin == m_admin)
        return;
    if (m_admin)
        m_admin->disconnect(this);
    reset();
    m_admin = admin;
    if (!admin)
        return;
    connect(admin, &kafka::KafkaAdmin::groupsListed, this, &GroupMonitor::onListed);
    connect(admin, &kafka::KafkaAdmin::groupsDescribed, this, &GroupMonitor::onDescribed);
    connect(admin, &kafka::KafkaAdmin::groupLagReady, this, &GroupMonitor::onLag);
}

void GroupMonitor::reset()
{
    m_refreshAgain = false;
    m_listRequest = 0;
    m_describeRequest = 0;
    m_lagRequests.clear();
}

void GroupMonitor::refresh()
{
    attach(m_monitor->admin());
    if (!m_admin || isRefreshing())
        return;
    m_failedReadings = 0;
    m_readings = 0;
    m_listRequest = m_admin->listGroups(m_timeoutMs);
}

void GroupMonitor::refreshNow()
{
    attach(m_monitor->admin());
    if (isRefreshing())
        m_refreshAgain = true;
    else
        refresh();
}

void GroupMonitor::onListed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error)
{
    if (id != m_listRequest)
        return;
    m_listRequest = 0;
    if (error.isError() && error.code() != kafka::KafkaError::Unsupported) {
        qCWarning(lcGroups) << "listing consumer groups failed:" << error.toString();
        emit problem(tr("Consumer groups could not be listed (%1); showing the catalog's groups. They are "
                        "listed again on the next refresh.")
                         .arg(error.toString()));
    } else {
        m_model->updateGroups(groups);
    }

    const QStringList ids = m_model->groupIds();
    if (ids.isEmpty()) {
        emit refreshed();
        return;
    }
    m_describeRequest = m_admin->describeGroups(ids, m_timeoutMs);
    for (const QString &group : ids) {
        QStringList topics = m_model->topicsOf(group);
        if (topics.isEmpty())
            topics = m_topics; // filtered to committed partitions when the reading arrives
        if (topics.isEmpty())
            continue;
        m_lagRequests.insert(m_admin->fetchGroupLag(group, topics, m_timeoutMs), group);
    }
}

void GroupMonitor::onDescribed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error)
{
    if (id != m_describeRequest)
        return;
    m_describeRequest = 0;
    if (error.isError() && error.code() != kafka::KafkaError::Unsupported)
        qCWarning(lcGroups) << "describing consumer groups failed:" << error.toString();
    m_model->updateGroups(groups);
    finishIfDone();
}

void GroupMonitor::onLag(quint64 id, const kafka::GroupLag &lag, const kafka::KafkaError &error)
{
    const auto it = m_lagRequests.constFind(id);
    if (it == m_lagRequests.cend())
        return;
    const QString group = it.value();
    m_lagRequests.erase(it);
    ++m_readings;
    kafka::GroupLag reading = lag;
    reading.groupId = group;
    if (error.isError()) {
        ++m_failedReadings;
        qCWarning(lcGroups) << "lag of" << group << "could not be read:" << error.toString();
    } else if (!m_model->isCatalogGroup(group) && m_model->topicsOf(group).isEmpty()) {
        // Read over every topic: only where the group has committed is it a consumer.
        reading.partitions.clear();
        for (const kafka::PartitionLag &p : lag.partitions) {
            if (p.committed >= 0)
                reading.partitions << p;
        }
    }
    m_model->updateLag(reading, error, QDateTime::currentMSecsSinceEpoch());
    finishIfDone();
}

void GroupMonitor::finishIfDone()
{
    if (isRefreshing())
        return;
    if (m_readings > 0 && m_failedReadings == m_readings) {
        emit problem(tr("The lag of the consumer groups could not be read; their status shows ERR with "
                        "the reason. It is read again on the next refresh."));
    }
    emit refreshed();
    readAges();
    if (m_refreshAgain) {
        m_refreshAgain = false;
        refresh();
    }
}

void GroupMonitor::readAges()
{
    if (m_ageReader->isBusy() || m_monitor->bootstrapServers().isEmpty())
        return;
    kafka::TopicPartitionList all;
    QList<QString> groups;
    for (const QString &group : m_model->groupIds()) {
        for (const kafka::TopicPartition &tp : m_model->oldestUnconsumed(group)) {
            all << tp;
            groups << group;
        }
    }
    if (all.isEmpty())
        return;
    // Bounded cost: at most m_maxAgeReads per cycle, taking turns when there are more.
    kafka::TopicPartitionList positions;
    m_ageGroups.clear();
    if (m_ageCursor >= all.size())
        m_ageCursor = 0;
    for (int n = 0; n < all.size() && n < m_maxAgeReads; ++n) {
        const int i = (m_ageCursor + n) % int(all.size());
        positions << all.at(i);
        m_ageGroups << groups.at(i);
    }
    m_ageCursor = all.size() > m_maxAgeReads ? (m_ageCursor + m_maxAgeReads) % int(all.size()) : 0;
    m_ageReader->setClientConfig(m_monitor->clientConfig()); // with the profile's security settings
    m_ageReader->read(positions, m_timeoutMs);
}

} // namespace console
} // namespace taskstream
