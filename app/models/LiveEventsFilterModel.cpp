#include "LiveEventsFilterModel.h"

#include "LiveEventsModel.h"

namespace taskstream {
namespace console {

LiveEventsFilterModel::LiveEventsFilterModel(QObject *parent) : QSortFilterProxyModel(parent) {}

void LiveEventsFilterModel::setUserFilter(const QString &text)
{
    m_user = text.trimmed();
    invalidateFilter();
}

void LiveEventsFilterModel::setTypeFilter(const QString &type)
{
    m_type = type;
    invalidateFilter();
}

bool LiveEventsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_type.isEmpty() && i.data(LiveEventsModel::TypeRole).toString() != m_type)
        return false;
    return m_user.isEmpty() || i.data(LiveEventsModel::UserIdRole).toString().contains(m_user, Qt::CaseInsensitive);
}

} // namespace console
} // namespace taskstream
