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

void DlqErrorClassFilterModel::setShowHandled(bool show)
{
    if (show == m_showHandled)
        return;
    m_showHandled = show;
    invalidateRowsFilter();
}

bool DlqErrorClassFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showHandled && idx.data(DlqRecordsModel::HandledRole).toBool())
        return false;
    return m_errorClass.isEmpty() || idx.data(DlqRecordsModel::ErrorClassRole).toString() == m_errorClass;
}

} // namespace console
} // namespace taskstream
