#include "models/TopicsModel.h"

#include <algorithm>
#include <limits>

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QHash>
#include <QLocale>

namespace taskstream {
namespace console {

using kafka::ClusterMetadata;
using kafka::PartitionWatermarks;
using kafka::TopicInfo;

namespace {

QString joinIds(const QList<int> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (int id : ids)
        parts.append(QString::number(id));
    return parts.join(QLatin1String(", "));
}

bool isNumericColumn(int column)
{
    return column != TopicsModel::NameColumn && column != TopicsModel::ReplicasColumn &&
           column != TopicsModel::IsrColumn;
}

QColor problemColor()
{
    return QColor(0xc0, 0x39, 0x2b);
}

} // namespace

bool TopicsModel::Partition::operator==(const Partition &o) const
{
    return id == o.id && leader == o.leader && replicas == o.replicas && isrs == o.isrs && low == o.low &&
           high == o.high && metadataError == o.metadataError && watermarkError == o.watermarkError;
}

TopicsModel::TopicsModel(QObject *parent) : QAbstractItemModel(parent) {}

TopicsModel::~TopicsModel() = default;

void TopicsModel::setMetadata(const ClusterMetadata &metadata)
{
    QList<TopicInfo> incoming = metadata.topics;
    std::sort(incoming.begin(), incoming.end(), [](const TopicInfo &a, const TopicInfo &b) { return a.name < b.name; });

    // Merge two name-sorted lists: remove what vanished, insert what is new, update the rest in place.
    size_t i = 0;
    qsizetype j = 0;
    while (i < m_topics.size() || j < incoming.size()) {
        const bool haveOld = i < m_topics.size();
        const bool haveNew = j < incoming.size();
        if (haveOld && (!haveNew || m_topics[i]->name < incoming[j].name)) {
            const int row = int(i);
            beginRemoveRows({}, row, row);
            m_topics.erase(m_topics.begin() + row);
            endRemoveRows();
        } else if (haveNew && (!haveOld || incoming[j].name < m_topics[i]->name)) {
            const int row = int(i);
            auto topic = std::make_unique<Topic>();
            topic->name = incoming[j].name;
            beginInsertRows({}, row, row);
            m_topics.insert(m_topics.begin() + row, std::move(topic));
            endInsertRows();
            updateTopic(row, incoming[j]);
            ++i;
            ++j;
        } else {
            updateTopic(int(i), incoming[j]);
            ++i;
            ++j;
        }
    }
}

void TopicsModel::updateTopic(int row, const TopicInfo &info)
{
    Topic &topic = *m_topics[size_t(row)];
    const QModelIndex topicIdx = index(row, 0);
    bool topicChanged = false;

    const QString topicError = info.error.isError() ? info.error.toString() : QString();
    if (topic.error != topicError) {
        topic.error = topicError;
        topicChanged = true;
    }

    QList<kafka::PartitionInfo> incoming = info.partitions;
    std::sort(incoming.begin(), incoming.end(),
              [](const kafka::PartitionInfo &a, const kafka::PartitionInfo &b) { return a.id < b.id; });

    int firstChanged = -1;
    int lastChanged = -1;
    auto flushChanged = [&] {
        if (firstChanged >= 0)
            emit dataChanged(index(firstChanged, 0, topicIdx), index(lastChanged, ColumnCount - 1, topicIdx));
        firstChanged = lastChanged = -1;
    };

    size_t i = 0;
    qsizetype j = 0;
    while (i < topic.partitions.size() || j < incoming.size()) {
        const bool haveOld = i < topic.partitions.size();
        const bool haveNew = j < incoming.size();
        if (haveOld && (!haveNew || topic.partitions[i].id < incoming[j].id)) {
            flushChanged();
            beginRemoveRows(topicIdx, int(i), int(i));
            topic.partitions.erase(topic.partitions.begin() + qsizetype(i));
            endRemoveRows();
            topicChanged = true;
            continue;
        }
        Partition p;
        if (haveOld && haveNew && topic.partitions[i].id == incoming[j].id)
            p = topic.partitions[i]; // keeps the watermarks until the next watermark update
        const kafka::PartitionInfo &in = incoming[j];
        p.id = in.id;
        p.leader = in.leader;
        p.replicas = in.replicas;
        p.isrs = in.isrs;
        p.metadataError = in.error.isError() ? in.error.toString() : QString();
        if (haveOld && topic.partitions[i].id == in.id) {
            if (!(topic.partitions[i] == p)) {
                topic.partitions[i] = p;
                if (firstChanged < 0)
                    firstChanged = int(i);
                lastChanged = int(i);
                topicChanged = true;
            }
        } else {
            flushChanged();
            beginInsertRows(topicIdx, int(i), int(i));
            topic.partitions.insert(topic.partitions.begin() + qsizetype(i), p);
            endInsertRows();
            topicChanged = true;
        }
        ++i;
        ++j;
    }
    flushChanged();
    if (topicChanged)
        emit dataChanged(topicIdx, index(row, ColumnCount - 1));
}

void TopicsModel::setWatermarks(const QList<PartitionWatermarks> &watermarks)
{
    setWatermarksAt(watermarks, QDateTime::currentMSecsSinceEpoch());
}

void TopicsModel::setCatalog(const TopicCatalog &catalog)
{
    m_retentionMs.clear();
    for (const TopicSpec &spec : catalog.topics())
        m_retentionMs.insert(spec.name, spec.retentionMs);
    if (!m_topics.empty())
        emit dataChanged(index(0, RetentionColumn), index(int(m_topics.size()) - 1, RetentionColumn));
}

double TopicsModel::produceRate(const QString &topic) const
{
    const QModelIndex idx = topicIndex(topic);
    if (!idx.isValid())
        return -1;
    double sum = 0;
    bool known = false;
    for (const Partition &p : m_topics[size_t(idx.row())]->partitions) {
        if (p.produceRate >= 0) {
            sum += p.produceRate;
            known = true;
        }
    }
    return known ? sum : -1;
}

QString TopicsModel::formatRetention(qint64 ms)
{
    if (ms < 0)
        return tr("forever");
    constexpr qint64 second = 1000;
    constexpr qint64 minute = 60 * second;
    constexpr qint64 hour = 60 * minute;
    constexpr qint64 day = 24 * hour;
    if (ms >= day && ms % day == 0)
        return tr("%1 d").arg(ms / day);
    if (ms >= hour && ms % hour == 0)
        return tr("%1 h").arg(ms / hour);
    if (ms >= minute && ms % minute == 0)
        return tr("%1 min").arg(ms / minute);
    if (ms >= second && ms % second == 0)
        return tr("%1 s").arg(ms / second);
    return tr("%1 ms").arg(ms);
}

QString TopicsModel::formatRate(double perSecond)
{
    return tr("%1/s").arg(QLocale().toString(perSecond, 'f', 1));
}

void TopicsModel::setWatermarksAt(const QList<PartitionWatermarks> &watermarks, qint64 readAtMs)
{
    QHash<QString, QHash<int, const PartitionWatermarks *>> byTopic;
    for (const PartitionWatermarks &w : watermarks)
        byTopic[w.topic].insert(w.partition, &w);

    for (size_t row = 0; row < m_topics.size(); ++row) {
        Topic &topic = *m_topics[row];
        const auto found = byTopic.constFind(topic.name);
        if (found == byTopic.cend())
            continue;
        const QModelIndex topicIdx = index(int(row), 0);
        // New figures change the watermark columns only; a new or cleared error changes the whole row
        // (colour, tooltip). Naming no other column keeps a proxy sorted by name from sorting again.
        int firstChanged = -1;
        int lastChanged = -1;
        int firstProblem = -1;
        int lastProblem = -1;
        for (size_t i = 0; i < topic.partitions.size(); ++i) {
            Partition &p = topic.partitions[i];
            const PartitionWatermarks *w = found->value(p.id);
            if (!w)
                continue;
            const QString error = w->error.isError() ? w->error.toString() : QString();
            // A failed query keeps the last known figures and says why they may be stale.
            const qint64 low = error.isEmpty() ? w->low : p.low;
            const qint64 high = error.isEmpty() ? w->high : p.high;
            // The rate needs two good readings; a failed one keeps the previous reading as the base.
            double rate = p.produceRate;
            qint64 readAt = p.readAtMs;
            if (error.isEmpty() && w->high >= 0) {
                if (p.hasWatermarks() && p.readAtMs >= 0 && readAtMs > p.readAtMs)
                    rate = double(qMax<qint64>(0, w->high - p.high)) * 1000.0 / double(readAtMs - p.readAtMs);
                if (readAtMs > p.readAtMs)
                    readAt = readAtMs;
            }
            p.readAtMs = readAt;
            if (p.low == low && p.high == high && p.watermarkError == error && p.produceRate == rate)
                continue;
            p.produceRate = rate;
            if (p.watermarkError != error) {
                if (firstProblem < 0)
                    firstProblem = int(i);
                lastProblem = int(i);
            }
            p.low = low;
            p.high = high;
            p.watermarkError = error;
            if (firstChanged < 0)
                firstChanged = int(i);
            lastChanged = int(i);
        }
        if (firstProblem >= 0) {
            emit dataChanged(index(firstProblem, 0, topicIdx), index(lastProblem, ColumnCount - 1, topicIdx));
            emit dataChanged(topicIdx, index(int(row), ColumnCount - 1));
        }
        if (firstChanged >= 0) {
            emit dataChanged(index(firstChanged, LowWatermarkColumn, topicIdx),
                             index(lastChanged, ProduceRateColumn, topicIdx));
            emit dataChanged(index(int(row), MessagesColumn), index(int(row), ProduceRateColumn));
        }
    }
}

void TopicsModel::clear()
{
    if (m_topics.empty())
        return;
    beginResetModel();
    m_topics.clear();
    endResetModel();
}

kafka::TopicPartitionList TopicsModel::partitions() const
{
    kafka::TopicPartitionList out;
    for (const auto &topic : m_topics) {
        for (const Partition &p : topic->partitions)
            out.append({topic->name, p.id, kafka::OffsetInvalid});
    }
    return out;
}

int TopicsModel::topicCount() const
{
    return int(m_topics.size());
}

QModelIndex TopicsModel::topicIndex(const QString &topic, int column) const
{
    const auto it =
        std::lower_bound(m_topics.cbegin(), m_topics.cend(), topic,
                         [](const std::unique_ptr<Topic> &t, const QString &name) { return t->name < name; });
    if (it == m_topics.cend() || (*it)->name != topic)
        return {};
    return index(int(it - m_topics.cbegin()), column);
}

int TopicsModel::rowOfTopic(const Topic *topic) const
{
    const auto it =
        std::lower_bound(m_topics.cbegin(), m_topics.cend(), topic->name,
                         [](const std::unique_ptr<Topic> &t, const QString &name) { return t->name < name; });
    return (it != m_topics.cend() && it->get() == topic) ? int(it - m_topics.cbegin()) : -1;
}

TopicsModel::Topic *TopicsModel::topicAt(const QModelIndex &index) const
{
    return static_cast<Topic *>(index.internalPointer());
}

QModelIndex TopicsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < int(m_topics.size()) ? createIndex(row, column, nullptr) : QModelIndex();
    if (topicAt(parent) || parent.row() >= int(m_topics.size()))
        return {}; // partitions have no children
    Topic *topic = m_topics[size_t(parent.row())].get();
    return row < int(topic->partitions.size()) ? createIndex(row, column, topic) : QModelIndex();
}

QModelIndex TopicsModel::parent(const QModelIndex &child) const
{
    const Topic *topic = child.isValid() ? topicAt(child) : nullptr;
    if (!topic)
        return {};
    const int row = rowOfTopic(topic);
    return row >= 0 ? createIndex(row, 0, nullptr) : QModelIndex();
}

int TopicsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_topics.size());
    if (parent.column() != 0 || topicAt(parent) || parent.row() >= int(m_topics.size()))
        return 0;
    return int(m_topics[size_t(parent.row())]->partitions.size());
}

int TopicsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant TopicsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (const Topic *topic = topicAt(index))
        return partitionData(*topic, topic->partitions[size_t(index.row())], index.column(), role);
    return topicData(*m_topics[size_t(index.row())], index.column(), role);
}

QVariant TopicsModel::topicData(const Topic &topic, int column, int role) const
{
    qint64 messages = 0;
    bool haveWatermarks = false;
    int replicationFactor = 0;
    int problems = 0;
    double rate = 0;
    bool haveRate = false;
    for (const Partition &p : topic.partitions) {
        if (p.produceRate >= 0) {
            rate += p.produceRate;
            haveRate = true;
        }
        if (p.hasWatermarks()) {
            messages += p.high - p.low;
            haveWatermarks = true;
        }
        replicationFactor = std::max(replicationFactor, int(p.replicas.size()));
        if (!p.metadataError.isEmpty() || !p.watermarkError.isEmpty() || p.leader < 0 ||
            p.isrs.size() < p.replicas.size())
            ++problems;
    }
    QString problem = topic.error;
    if (problem.isEmpty() && problems > 0)
        problem = tr("%n partition(s) need attention; expand the topic for details", nullptr, problems);

    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        switch (column) {
        case NameColumn:
            return topic.name;
        case PartitionsColumn:
            return int(topic.partitions.size());
        case ReplicasColumn:
            return role == SortRole ? QVariant(replicationFactor) : QVariant(QString::number(replicationFactor));
        case MessagesColumn:
            return haveWatermarks ? QVariant(messages) : QVariant();
        case RetentionColumn: {
            const auto found = m_retentionMs.constFind(topic.name);
            // 0: the catalog leaves it to the broker, whose setting is not read either.
            if (found == m_retentionMs.cend() || *found == 0)
                return role == SortRole ? QVariant(qint64(-2)) : QVariant(tr("—"));
            if (role == SortRole)
                return *found < 0 ? std::numeric_limits<qint64>::max() : *found;
            return formatRetention(*found);
        }
        case ProduceRateColumn:
            if (role == SortRole)
                return haveRate ? rate : -1.0;
            return haveRate ? formatRate(rate) : tr("—");
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == ReplicasColumn)
            return tr("Replication factor");
        if (column == RetentionColumn && problem.isEmpty() && m_retentionMs.value(topic.name) == 0)
            return tr("Not in the topic catalog: the broker's retention setting is not read");
        if (column == RetentionColumn && problem.isEmpty())
            return tr("The topic catalog's retention (schemas/topics.json); the broker's own setting is not "
                      "read and may differ");
        if (column == ProduceRateColumn && problem.isEmpty() && !haveRate)
            return tr("Known from the second refresh on");
        return problem.isEmpty() ? QVariant() : QVariant(problem);
    case Qt::ForegroundRole:
        return problem.isEmpty() ? QVariant() : QVariant(QBrush(problemColor()));
    case Qt::TextAlignmentRole:
        return isNumericColumn(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case TopicNameRole:
        return topic.name;
    case PartitionRole:
        return -1;
    case IsTopicRole:
        return true;
    case ProblemRole:
        return problem;
    default:
        return {};
    }
}

QVariant TopicsModel::partitionData(const Topic &topic, const Partition &p, int column, int role) const
{
    QStringList problems;
    if (!p.metadataError.isEmpty())
        problems.append(tr("Metadata error: %1").arg(p.metadataError));
    if (p.leader < 0)
        problems.append(tr("No leader: the partition is offline until a replica takes over"));
    if (p.isrs.size() < p.replicas.size())
        problems.append(tr("Under-replicated: %1 of %2 replicas in sync").arg(p.isrs.size()).arg(p.replicas.size()));
    if (!p.watermarkError.isEmpty())
        problems.append(tr("Watermarks could not be read: %1").arg(p.watermarkError));

    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return QString::number(p.id);
        case LeaderColumn:
            return p.leader >= 0 ? QString::number(p.leader) : tr("none");
        case ReplicasColumn:
            return joinIds(p.replicas);
        case IsrColumn:
            return joinIds(p.isrs);
        case LowWatermarkColumn:
            return p.hasWatermarks() ? QVariant(p.low) : QVariant();
        case HighWatermarkColumn:
            return p.hasWatermarks() ? QVariant(p.high) : QVariant();
        case MessagesColumn:
            return p.hasWatermarks() ? QVariant(p.high - p.low) : QVariant();
        case ProduceRateColumn:
            return p.produceRate >= 0 ? formatRate(p.produceRate) : tr("—");
        default:
            return {};
        }
    case SortRole:
        switch (column) {
        case NameColumn:
            return p.id;
        case LeaderColumn:
            return p.leader;
        case ReplicasColumn:
            return int(p.replicas.size());
        case IsrColumn:
            return int(p.isrs.size());
        case LowWatermarkColumn:
            return p.low;
        case HighWatermarkColumn:
            return p.high;
        case MessagesColumn:
            return p.hasWatermarks() ? p.high - p.low : qint64(-1);
        case ProduceRateColumn:
            return p.produceRate;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (!problems.isEmpty())
            return problems.join(QLatin1Char('\n'));
        if (column == NameColumn)
            return tr("Partition %1 of %2").arg(p.id).arg(topic.name);
        return {};
    case Qt::ForegroundRole:
        return problems.isEmpty() ? QVariant() : QVariant(QBrush(problemColor()));
    case Qt::TextAlignmentRole:
        return isNumericColumn(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case TopicNameRole:
        return topic.name;
    case PartitionRole:
        return p.id;
    case IsTopicRole:
        return false;
    case ProblemRole:
        return problems.join(QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant TopicsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return {};
    if (role == Qt::TextAlignmentRole)
        return isNumericColumn(section) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case IsrColumn:
            return tr("In-sync replicas: brokers whose copy of the partition is up to date");
        case LowWatermarkColumn:
            return tr("Offset of the oldest record still kept");
        case HighWatermarkColumn:
            return tr("Offset the next record will get");
        case MessagesColumn:
            return tr("Records kept: high watermark minus low watermark");
        case RetentionColumn:
            return tr("How long records are kept, as the topic catalog sets it");
        case ProduceRateColumn:
            return tr("Records produced per second: the change of the high watermark between the last "
                      "two refreshes");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Topic / partition");
    case PartitionsColumn:
        return tr("Partitions");
    case LeaderColumn:
        return tr("Leader");
    case ReplicasColumn:
        return tr("Replicas");
    case IsrColumn:
        return tr("In sync");
    case LowWatermarkColumn:
        return tr("Low watermark");
    case HighWatermarkColumn:
        return tr("High watermark");
    case MessagesColumn:
        return tr("Messages");
    case RetentionColumn:
        return tr("Retention (catalog)");
    case ProduceRateColumn:
        return tr("Produce rate");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream
