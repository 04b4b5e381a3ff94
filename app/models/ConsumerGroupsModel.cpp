#include "ConsumerGroupsModel.h"

#include <algorithm>

#include <QColor>
#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

namespace taskstream {
namespace console {

namespace {

QString partitionKey(const QString &topic, int partition)
{
    return topic + QLatin1Char('/') + QString::number(partition);
}

QColor statusColor(GroupStatus status)
{
    switch (status) {
    case GroupStatus::Ok:
        return {};
    case GroupStatus::Warn:
        return QColor(0xc0, 0x70, 0x00);
    case GroupStatus::Stall:
    case GroupStatus::Stop:
    case GroupStatus::Err:
        return QColor(0xc0, 0x20, 0x20);
    }
    return {};
}

} // namespace

ConsumerGroupsModel::ConsumerGroupsModel(QObject *parent) : QAbstractItemModel(parent) {}

ConsumerGroupsModel::~ConsumerGroupsModel() = default;

ConsumerGroupsModel::Group *ConsumerGroupsModel::ensureGroup(const QString &id)
{
    auto it = std::lower_bound(m_groups.begin(), m_groups.end(), id,
                               [](const std::unique_ptr<Group> &g, const QString &key) { return g->id < key; });
    if (it != m_groups.end() && (*it)->id == id)
        return it->get();
    const int row = int(it - m_groups.begin());
    beginInsertRows({}, row, row);
    auto group = std::make_unique<Group>();
    group->id = id;
    Group *raw = group.get();
    m_groups.insert(it, std::move(group));
    endInsertRows();
    return raw;
}

int ConsumerGroupsModel::rowOf(const Group *group) const
{
    for (size_t i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i].get() == group)
            return int(i);
    }
    return -1;
}

void ConsumerGroupsModel::setCatalogGroups(const QList<ConsumerGroupSpec> &groups)
{
    for (const ConsumerGroupSpec &spec : groups) {
        Group *g = ensureGroup(spec.name);
        g->inCatalog = true;
        g->catalogTopics = spec.topics;
    }
}

void ConsumerGroupsModel::updateGroups(const QList<kafka::GroupInfo> &groups)
{
    for (const kafka::GroupInfo &info : groups) {
        if (info.groupId.isEmpty())
            continue;
        Group *g = ensureGroup(info.groupId);
        const QString stateBefore = g->state;
        const int membersBefore = g->members;
        if (!info.state.isEmpty())
            g->state = info.state;
        // A broker without DescribeConsumerGroups says "Unknown" and nothing about members.
        if (!info.members.isEmpty() || (!info.error.isError() && info.state != QLatin1String("Unknown")))
            g->members = int(info.members.size());
        QStringList topics;
        for (const kafka::GroupMemberInfo &m : info.members) {
            for (const kafka::TopicPartition &tp : m.assignment) {
                if (!topics.contains(tp.topic))
                    topics << tp.topic;
            }
        }
        if (!topics.isEmpty())
            g->assignedTopics = topics;
        // The groups are listed and described on every refresh, mostly unchanged. Only the state and
        // member cells show what this sets; naming the name column too would have a proxy sorted by
        // name sort again and its view lay out every row.
        if (g->state != stateBefore || g->members != membersBefore) {
            const int row = rowOf(g);
            emit dataChanged(index(row, StateColumn), index(row, MembersColumn));
        }
    }
}

void ConsumerGroupsModel::updateLag(const kafka::GroupLag &lag, const kafka::KafkaError &error, qint64 nowMs)
{
    Group *g = ensureGroup(lag.groupId);
    const int row = rowOf(g);
    const QModelIndex parentIndex = index(row, 0);

    if (error.isError()) {
        g->fetchError = error.toString();
        g->status = m_evaluator.evaluate({}, nowMs, g->fetchError);
        g->hasStatus = true;
        refreshAggregates(*g);
        emit dataChanged(parentIndex, index(row, ColumnCount - 1));
        return;
    }
    g->fetchError.clear();

    std::vector<kafka::PartitionLag> incoming(lag.partitions.cbegin(), lag.partitions.cend());
    std::sort(incoming.begin(), incoming.end(), [](const kafka::PartitionLag &a, const kafka::PartitionLag &b) {
        return a.topic != b.topic ? a.topic < b.topic : a.partition < b.partition;
    });

    bool sameShape = incoming.size() == g->partitions.size();
    for (size_t i = 0; sameShape && i < incoming.size(); ++i) {
        sameShape =
            incoming[i].topic == g->partitions[i].lag.topic && incoming[i].partition == g->partitions[i].lag.partition;
    }

    // The same partitions as before (the usual case) pair up by position; only a new shape needs a lookup.
    QHash<QString, const Partition *> previous;
    if (!sameShape) {
        for (const Partition &p : g->partitions)
            previous.insert(partitionKey(p.lag.topic, p.lag.partition), &p);
    }

    std::vector<Partition> next;
    next.reserve(incoming.size());
    bool errorsChanged = false; ///< a partition's error came or went: its whole row looks different
    for (size_t i = 0; i < incoming.size(); ++i) {
        const kafka::PartitionLag &pl = incoming[i];
        Partition p;
        p.lag = pl;
        const Partition *before = sameShape ? &g->partitions[i] : previous.value(partitionKey(pl.topic, pl.partition));
        if (before && before->lag.error.isError() != pl.error.isError())
            errorsChanged = true;
        if (before) {
            p.samples = before->samples;
            p.ageMs = before->ageMs;
            p.ageOffset = before->ageOffset;
            p.ageTimestampMs = before->ageTimestampMs;
            p.ageError = before->ageError;
        }
        if (!pl.error.isError() && pl.lag >= 0) {
            p.samples.append({nowMs, pl.committed, pl.high, pl.lag});
            while (p.samples.size() > m_windowSize)
                p.samples.removeFirst();
        }
        next.push_back(std::move(p));
    }

    if (sameShape) {
        g->partitions = std::move(next);
    } else {
        if (!g->partitions.empty()) {
            beginRemoveRows(parentIndex, 0, int(g->partitions.size()) - 1);
            g->partitions.clear();
            endRemoveRows();
        }
        if (!next.empty()) {
            beginInsertRows(parentIndex, 0, int(next.size()) - 1);
            g->partitions = std::move(next);
            endInsertRows();
        }
    }

    const bool groupEmpty = g->state == QLatin1String("Empty") || g->state == QLatin1String("Dead");
    QList<PartitionWindow> windows;
    QStringList partitionErrors;
    qint64 total = 0;
    for (Partition &p : g->partitions) {
        if (p.lag.error.isError()) {
            partitionErrors
                << QStringLiteral("%1 [%2]: %3").arg(p.lag.topic).arg(p.lag.partition).arg(p.lag.error.toString());
            continue;
        }
        total += qMax<qint64>(0, p.lag.lag);
        windows.append({p.lag.topic, p.lag.partition, p.samples});
        p.status = m_evaluator.evaluatePartition(windows.last(), nowMs, groupEmpty);
    }
    if (sameShape && !g->partitions.empty()) {
        // Figures and status only, unless an error came or went (the name turns red): naming no
        // other column keeps a proxy sorted by name from sorting every partition again.
        emit dataChanged(index(0, errorsChanged ? 0 : CommittedColumn, parentIndex),
                         index(int(g->partitions.size()) - 1, ColumnCount - 1, parentIndex));
    }
    g->lagKnown = true;
    refreshAggregates(*g);
    const QString fetchError =
        windows.isEmpty() && !partitionErrors.isEmpty() ? partitionErrors.join(QStringLiteral("; ")) : QString();
    g->status = m_evaluator.evaluate(windows, nowMs, fetchError, groupEmpty);
    g->hasStatus = true;
    g->history.append({nowMs, total});
    while (g->history.size() > m_historySize)
        g->history.removeFirst();
    emit dataChanged(index(row, LagColumn), index(row, ColumnCount - 1));
    emit lagRecorded(g->id);
}

void ConsumerGroupsModel::updateRecordAges(const QString &groupId, const QList<RecordAge> &ages, qint64 nowMs)
{
    const QModelIndex groupIdx = groupIndex(groupId);
    if (!groupIdx.isValid())
        return;
    Group *g = m_groups[size_t(groupIdx.row())].get();
    QHash<std::pair<QString, int>, const RecordAge *> byPartition; // the last reading of a partition counts
    byPartition.reserve(ages.size());
    for (const RecordAge &a : ages)
        byPartition.insert({a.topic, a.partition}, &a);
    int firstChanged = -1;
    int lastChanged = -1;
    for (size_t i = 0; i < g->partitions.size(); ++i) {
        Partition &p = g->partitions[i];
        const RecordAge *a = byPartition.value({p.lag.topic, p.lag.partition});
        if (!a)
            continue;
        p.ageOffset = a->offset;
        p.ageTimestampMs = a->timestampMs;
        p.ageError = a->error;
        // A record stamped after "now" (clock skew) is taken as just written.
        p.ageMs = a->timestampMs >= 0 && a->error.isEmpty() ? qMax<qint64>(0, nowMs - a->timestampMs) : -1;
        if (firstChanged < 0)
            firstChanged = int(i);
        lastChanged = int(i);
    }
    refreshAggregates(*g);
    if (firstChanged >= 0)
        emit dataChanged(index(firstChanged, LagTimeColumn, groupIdx), index(lastChanged, LagTimeColumn, groupIdx));
    const QModelIndex cell = groupIndex(groupId, LagTimeColumn);
    emit dataChanged(cell, cell);
}

kafka::TopicPartitionList ConsumerGroupsModel::oldestUnconsumed(const QString &groupId) const
{
    kafka::TopicPartitionList out;
    const QModelIndex idx = groupIndex(groupId);
    if (!idx.isValid())
        return out;
    for (const Partition &p : m_groups[size_t(idx.row())]->partitions) {
        const kafka::PartitionLag &l = p.lag;
        if (l.error.isError() || l.lag <= 0)
            continue;
        const qint64 low = qMax<qint64>(0, l.low);
        out.append({l.topic, l.partition, l.committed >= low ? l.committed : low});
    }
    return out;
}

qint64 ConsumerGroupsModel::partitionAge(const Partition &p)
{
    if (p.lag.error.isError() || p.lag.lag < 0)
        return -1;
    if (p.lag.lag == 0)
        return 0;
    return p.ageMs;
}

void ConsumerGroupsModel::refreshAggregates(Group &g)
{
    g.age = computeGroupAge(g);
    g.rate = computeGroupRate(g);
}

qint64 ConsumerGroupsModel::computeGroupAge(const Group &g)
{
    if (!g.lagKnown || !g.fetchError.isEmpty())
        return -1;
    qint64 age = 0;
    for (const Partition &p : g.partitions) {
        const qint64 a = partitionAge(p);
        if (a < 0 && p.lag.lag > 0)
            return -1; // a lagging partition of unknown age: the group's largest is unknown
        age = qMax(age, a);
    }
    return age;
}

QString ConsumerGroupsModel::ageErrors(const Group &g)
{
    QStringList errors;
    for (const Partition &p : g.partitions) {
        if (p.lag.lag > 0 && !p.ageError.isEmpty())
            errors << QStringLiteral("%1 [%2]: %3").arg(p.lag.topic).arg(p.lag.partition).arg(p.ageError);
    }
    return errors.join(QLatin1Char('\n'));
}

qint64 ConsumerGroupsModel::lagAge(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? groupAge(*m_groups[size_t(idx.row())]) : -1;
}

QList<kafka::PartitionLag> ConsumerGroupsModel::partitionLags(const QString &groupId) const
{
    QList<kafka::PartitionLag> out;
    const QModelIndex idx = groupIndex(groupId);
    if (idx.isValid()) {
        for (const Partition &p : m_groups[size_t(idx.row())]->partitions)
            out << p.lag;
    }
    return out;
}

QString ConsumerGroupsModel::formatAge(qint64 ms)
{
    if (ms < 0)
        return {};
    const qint64 s = ms / 1000;
    if (s < 1)
        return tr("< 1 s");
    if (s < 60)
        return tr("%1 s").arg(s);
    if (s < 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 86400) {
        const qint64 minutes = (s % 3600) / 60;
        return minutes ? tr("%1 h %2 min").arg(s / 3600).arg(minutes) : tr("%1 h").arg(s / 3600);
    }
    const qint64 hours = (s % 86400) / 3600;
    return hours ? tr("%1 d %2 h").arg(s / 86400).arg(hours) : tr("%1 d").arg(s / 86400);
}

void ConsumerGroupsModel::clear()
{
    beginResetModel();
    m_groups.clear();
    endResetModel();
}

QStringList ConsumerGroupsModel::groupIds() const
{
    QStringList ids;
    for (const auto &g : m_groups)
        ids << g->id;
    return ids;
}

QStringList ConsumerGroupsModel::topicsOf(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    if (!idx.isValid())
        return {};
    const Group *g = m_groups[size_t(idx.row())].get();
    return g->inCatalog ? g->catalogTopics : g->assignedTopics;
}

bool ConsumerGroupsModel::isCatalogGroup(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() && m_groups[size_t(idx.row())]->inCatalog;
}

int ConsumerGroupsModel::memberCount(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? m_groups[size_t(idx.row())]->members : -1;
}

QString ConsumerGroupsModel::stateText(const QString &state)
{
    // Kafka's names for people, in the console's language; a name Kafka adds later shows as it is.
    if (state.isEmpty() || state == QLatin1String("Unknown"))
        return tr("unknown");
    if (state == QLatin1String("Stable"))
        return tr("Stable");
    if (state == QLatin1String("Empty"))
        return tr("Empty");
    if (state == QLatin1String("Dead"))
        return tr("Dead");
    if (state == QLatin1String("PreparingRebalance") || state == QLatin1String("CompletingRebalance"))
        return tr("Rebalancing");
    return state;
}

QString ConsumerGroupsModel::state(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? m_groups[size_t(idx.row())]->state : QString();
}

QModelIndex ConsumerGroupsModel::groupIndex(const QString &groupId, int column) const
{
    for (size_t i = 0; i < m_groups.size(); ++i) {
        if (m_groups[i]->id == groupId)
            return index(int(i), column);
    }
    return {};
}

GroupStatusResult ConsumerGroupsModel::status(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? m_groups[size_t(idx.row())]->status : GroupStatusResult{};
}

qint64 ConsumerGroupsModel::totalLag(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    if (!idx.isValid())
        return -1;
    const Group *g = m_groups[size_t(idx.row())].get();
    return g->lagKnown && !g->history.isEmpty() ? g->history.last().totalLag : -1;
}

QList<ConsumerGroupsModel::LagPoint> ConsumerGroupsModel::lagHistory(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? m_groups[size_t(idx.row())]->history : QList<LagPoint>{};
}

ConsumerGroupsModel::Group *ConsumerGroupsModel::groupAt(const QModelIndex &index) const
{
    // A partition row carries its group; a group row carries nothing.
    if (!index.isValid())
        return nullptr;
    if (index.internalPointer())
        return static_cast<Group *>(index.internalPointer());
    return index.row() < int(m_groups.size()) ? m_groups[size_t(index.row())].get() : nullptr;
}

QModelIndex ConsumerGroupsModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, nullptr);
    if (parent.internalPointer())
        return {};
    return createIndex(row, column, m_groups[size_t(parent.row())].get());
}

QModelIndex ConsumerGroupsModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || !child.internalPointer())
        return {};
    const int row = rowOf(static_cast<const Group *>(child.internalPointer()));
    return row < 0 ? QModelIndex() : createIndex(row, 0, nullptr);
}

int ConsumerGroupsModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_groups.size());
    if (parent.column() != 0 || parent.internalPointer())
        return 0;
    return int(m_groups[size_t(parent.row())]->partitions.size());
}

int ConsumerGroupsModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QVariant ConsumerGroupsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Group *g = groupAt(index);
    if (!g)
        return {};
    if (role == GroupIdRole)
        return g->id;
    if (role == IsGroupRole)
        return !index.internalPointer();
    const bool groupRow = !index.internalPointer();
    if (!groupRow && index.row() >= int(g->partitions.size()))
        return {};
    const kafka::PartitionLag *lag = groupRow ? nullptr : &g->partitions[size_t(index.row())].lag;
    if (role == TopicRole)
        return lag ? lag->topic : QString();
    if (role == PartitionRole)
        return lag ? lag->partition : -1;
    // A stall, as the daemon reports it, wins over what the lag readings say.
    QList<StalledPartition> stalls;
    for (const StalledPartition &sp : m_stalled)
        if (sp.group == g->id && (!lag || (sp.topic == lag->topic && sp.partition == lag->partition)))
            stalls << sp;
    if (role == StalledRole)
        return !stalls.isEmpty();
    if (!stalls.isEmpty() && (index.column() == StatusColumn || index.column() == ReasonColumn)) {
        const QString reason =
            lag ? (stalls.first().to >= 0
                       ? tr("records %1 to %2 are gone from the broker; acknowledge the gap to go on from %3")
                             .arg(stalls.first().from)
                             .arg(stalls.first().to - 1)
                             .arg(stalls.first().to)
                       : tr("records from %1 on are gone from the broker; acknowledge the gap to go on from the "
                            "log start")
                             .arg(stalls.first().from))
                : tr("%n partition(s) stalled: records gone from the broker", nullptr, int(stalls.size()));
        if (role == Qt::DisplayRole || role == Qt::ToolTipRole)
            return index.column() == StatusColumn && role == Qt::DisplayRole ? tr("STALLED") : reason;
        if (role == Qt::ForegroundRole && index.column() == StatusColumn)
            return QColor(0xc0, 0x20, 0x20);
    }
    if (groupRow)
        return groupData(*g, index.column(), role);
    return partitionData(g->partitions[size_t(index.row())], index.column(), role);
}

QList<ConsumerGroupsModel::StalledPartition> ConsumerGroupsModel::stalledFromInfo(const QJsonObject &info)
{
    QList<StalledPartition> out;
    const QJsonArray list = info.value(QStringLiteral("stalled_partitions")).toArray();
    for (const QJsonValue &v : list) {
        const QJsonObject o = v.toObject();
        StalledPartition sp;
        sp.group = o.value(QStringLiteral("group")).toString();
        sp.topic = o.value(QStringLiteral("topic")).toString();
        sp.partition = o.value(QStringLiteral("partition")).toInt(-1);
        sp.from = o.value(QStringLiteral("missing_from")).toInteger(-1);
        sp.to = o.value(QStringLiteral("missing_to")).toInteger(-1);
        if (!sp.group.isEmpty() && !sp.topic.isEmpty() && sp.partition >= 0)
            out << sp;
    }
    return out;
}

void ConsumerGroupsModel::setStalledPartitions(const QList<StalledPartition> &stalled)
{
    m_stalled = stalled;
    for (const auto &g : m_groups) {
        const QModelIndex row = groupIndex(g->id);
        emit dataChanged(index(row.row(), StatusColumn), index(row.row(), ReasonColumn));
        if (!g->partitions.empty())
            emit dataChanged(index(0, StatusColumn, row), index(int(g->partitions.size()) - 1, ReasonColumn, row));
    }
}

std::optional<ConsumerGroupsModel::StalledPartition>
ConsumerGroupsModel::stalled(const QString &groupId, const QString &topic, int partition) const
{
    for (const StalledPartition &sp : m_stalled)
        if (sp.group == groupId && sp.topic == topic && sp.partition == partition)
            return sp;
    return std::nullopt;
}

namespace {

QString formatRate(double perSecond)
{
    return ConsumerGroupsModel::tr("%1/s").arg(QLocale().toString(perSecond, 'f', 1));
}

} // namespace

double ConsumerGroupsModel::partitionRate(const Partition &p)
{
    const qsizetype n = p.samples.size();
    if (n < 2)
        return -1;
    const LagSample &before = p.samples.at(n - 2);
    const LagSample &last = p.samples.at(n - 1);
    if (before.committed < 0 || last.committed < 0 || last.timeMs <= before.timeMs)
        return -1;
    // An offset reset backwards is not consumption: count it as nothing.
    return double(qMax<qint64>(0, last.committed - before.committed)) * 1000.0 / double(last.timeMs - before.timeMs);
}

double ConsumerGroupsModel::computeGroupRate(const Group &g)
{
    double sum = 0;
    bool known = false;
    for (const Partition &p : g.partitions) {
        const double rate = partitionRate(p);
        if (rate >= 0) {
            sum += rate;
            known = true;
        }
    }
    return known ? sum : -1;
}

double ConsumerGroupsModel::consumeRate(const QString &groupId) const
{
    const QModelIndex idx = groupIndex(groupId);
    return idx.isValid() ? groupRate(*m_groups[size_t(idx.row())]) : -1;
}

QVariant ConsumerGroupsModel::groupData(const Group &g, int column, int role) const
{
    if (role == StatusRole)
        return g.hasStatus ? int(g.status.status) : -1;
    const qint64 total = g.lagKnown && !g.history.isEmpty() ? g.history.last().totalLag : -1;
    if (role == LagAgeRole)
        return groupAge(g);
    if (role == SortRole) {
        switch (column) {
        case MembersColumn:
            return g.members;
        case LagColumn:
            return total;
        case LagTimeColumn:
            return groupAge(g);
        case RateColumn:
            return groupRate(g);
        case StatusColumn:
            return g.hasStatus ? int(g.status.status) : -1;
        default:
            break;
        }
        role = Qt::DisplayRole;
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn:
            return g.id;
        case StateColumn:
            return stateText(g.state);
        case MembersColumn:
            return g.members >= 0 ? QVariant(g.members) : QVariant();
        case LagColumn:
            return total >= 0 ? QVariant(QLocale().toString(total)) : QVariant();
        case LagTimeColumn: {
            const qint64 age = groupAge(g);
            return age == 0 ? QStringLiteral("—") : formatAge(age);
        }
        case RateColumn: {
            const double rate = groupRate(g);
            return rate >= 0 ? formatRate(rate) : QStringLiteral("—");
        }
        case StatusColumn:
            return g.hasStatus ? GroupStatusEvaluator::statusName(g.status.status) : QString();
        case ReasonColumn:
            return g.hasStatus ? g.status.reason : QString();
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && column == StatusColumn && g.hasStatus) {
        const QColor c = statusColor(g.status.status);
        return c.isValid() ? QVariant(c) : QVariant();
    }
    if (role == Qt::ToolTipRole) {
        if (column == NameColumn)
            return g.inCatalog ? tr("A consumer group of the catalog") : tr("A consumer group the broker lists");
        if (column == RateColumn)
            return tr("Records consumed per second: the change of the committed offsets between the last "
                      "two lag readings");
        if (column == LagTimeColumn) {
            const QString errors = ageErrors(g);
            return errors.isEmpty() ? tr("Age of the group's oldest unconsumed record")
                                    : tr("Lag in time not read:\n%1").arg(errors);
        }
        if (g.hasStatus)
            return g.status.reason;
    }
    if (role == Qt::TextAlignmentRole &&
        (column == MembersColumn || column == LagColumn || column == LagTimeColumn || column == RateColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ConsumerGroupsModel::partitionData(const Partition &p, int column, int role) const
{
    const kafka::PartitionLag &l = p.lag;
    if (role == LagAgeRole)
        return partitionAge(p);
    if (role == SortRole) {
        switch (column) {
        case NameColumn:
            return partitionKey(l.topic, l.partition);
        case CommittedColumn:
            return l.committed;
        case EndOffsetColumn:
            return l.high;
        case LagColumn:
            return l.lag;
        case LagTimeColumn:
            return partitionAge(p);
        case RateColumn:
            return partitionRate(p);
        default:
            return {};
        }
    }
    if (role == Qt::DisplayRole) {
        switch (column) {
        case NameColumn:
            return QStringLiteral("%1 [%2]").arg(l.topic).arg(l.partition);
        case CommittedColumn:
            return l.committed >= 0 ? QVariant(QLocale().toString(l.committed)) : QVariant(tr("none"));
        case EndOffsetColumn:
            return l.high >= 0 ? QVariant(QLocale().toString(l.high)) : QVariant();
        case LagColumn:
            return l.lag >= 0 ? QVariant(QLocale().toString(l.lag)) : QVariant();
        case LagTimeColumn: {
            const qint64 age = partitionAge(p);
            if (age == 0)
                return QStringLiteral("—");
            return age > 0 ? formatAge(age) : (l.lag > 0 && !p.ageError.isEmpty() ? tr("?") : QString());
        }
        case RateColumn: {
            const double rate = partitionRate(p);
            return rate >= 0 ? formatRate(rate) : QStringLiteral("—");
        }
        case StatusColumn:
            return l.error.isError() ? GroupStatusEvaluator::statusName(GroupStatus::Err)
                                     : GroupStatusEvaluator::statusName(p.status.status);
        case ReasonColumn:
            return l.error.isError() ? l.error.toString() : p.status.reason;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && column == LagTimeColumn && !l.error.isError()) {
        if (l.lag == 0)
            return tr("Nothing to consume");
        if (!p.ageError.isEmpty())
            return tr("Lag in time not read: %1").arg(p.ageError);
        if (p.ageTimestampMs >= 0)
            return tr("Oldest unconsumed record: offset %1, written %2")
                .arg(p.ageOffset)
                .arg(QLocale().toString(QDateTime::fromMSecsSinceEpoch(p.ageTimestampMs), QLocale::ShortFormat));
        return tr("Not read yet");
    }
    if (role == Qt::ToolTipRole)
        return l.error.isError() ? l.error.toString() : p.status.reason;
    if (role == Qt::ForegroundRole) {
        if (l.error.isError())
            return QColor(0xc0, 0x20, 0x20);
        if (column == StatusColumn) {
            const QColor c = statusColor(p.status.status);
            return c.isValid() ? QVariant(c) : QVariant();
        }
    }
    if (role == Qt::TextAlignmentRole && (column == CommittedColumn || column == EndOffsetColumn ||
                                          column == LagColumn || column == LagTimeColumn || column == RateColumn))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant ConsumerGroupsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Group / partition");
    case StateColumn:
        return tr("State");
    case MembersColumn:
        return tr("Members");
    case CommittedColumn:
        return tr("Committed");
    case EndOffsetColumn:
        return tr("End offset");
    case LagColumn:
        return tr("Lag");
    case LagTimeColumn:
        return tr("Lag (time)");
    case RateColumn:
        return tr("Rate");
    case StatusColumn:
        return tr("Status");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream
