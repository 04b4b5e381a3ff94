#include "DlqErrorClassFilterModel.h"

#include "DlqRecordsModel.h"

namespace taskstream {
namespace console {

DlqErrorClassFilterModel::DlqErrorClassFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(DlqRecordsModel::SortRole);
}

void DlqErrorClassFilterModel::setErrorClass(const QString &errorClass)
{
    if (errorClass == m_errorClass)
        return;
    m_errorClass = errorClass;
    invalidateRowsFilter();
}

bool DlqErrorClassFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_errorClass.isEmpty())
        return true;
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    return idx.data(DlqRecordsModel::ErrorClassRole).toString() == m_errorClass;
}

} // namespace console
} // namespace taskstream
