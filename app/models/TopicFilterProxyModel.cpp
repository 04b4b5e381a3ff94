#include "models/TopicFilterProxyModel.h"

#include "models/TopicsModel.h"

namespace taskstream {
namespace console {

TopicFilterProxyModel::TopicFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TopicsModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void TopicFilterProxyModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_nameFilter)
        return;
    m_nameFilter = trimmed;
    invalidateRowsFilter();
}

void TopicFilterProxyModel::setHideInternalTopics(bool hide)
{
    if (hide == m_hideInternal)
        return;
    m_hideInternal = hide;
    invalidateRowsFilter();
}

bool TopicFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return true; // partitions follow their topic
    const QString name = sourceModel()
                             ->index(sourceRow, TopicsModel::NameColumn, sourceParent)
                             .data(TopicsModel::TopicNameRole)
                             .toString();
    if (m_hideInternal && name.startsWith(QLatin1String("__")))
        return false;
    return m_nameFilter.isEmpty() || name.contains(m_nameFilter, Qt::CaseInsensitive);
}

} // namespace console
} // namespace taskstream
