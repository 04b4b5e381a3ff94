#include "MessageFilterProxyModel.h"

#include "MessagesModel.h"

namespace taskstream {
namespace console {

MessageFilterProxyModel::MessageFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(MessagesModel::SortRole);
}

void MessageFilterProxyModel::setKeyFilter(const QString &text)
{
    m_key = text.trimmed();
    invalidateFilter();
}

void MessageFilterProxyModel::setTypeFilter(const QString &text)
{
    m_type = text.trimmed();
    invalidateFilter();
}

void MessageFilterProxyModel::setTextFilter(const QString &text)
{
    m_text = text.trimmed();
    invalidateFilter();
}

bool MessageFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex i = sourceModel()->index(sourceRow, 0, sourceParent);
    auto matches = [&i](const QString &filter, int role) {
        return filter.isEmpty() || i.data(role).toString().contains(filter, Qt::CaseInsensitive);
    };
    return matches(m_key, MessagesModel::KeyRole) && matches(m_type, MessagesModel::TypeRole) &&
           matches(m_text, MessagesModel::FullTextRole);
}

} // namespace console
} // namespace taskstream
