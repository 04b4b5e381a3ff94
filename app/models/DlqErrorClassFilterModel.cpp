#include "DlqErrorClassFilterModel.h"

#include "DlqRecordsModel.h"

namespace taskstream {
namespace console {

DlqErrorClassFilterModel::DlqErrorClassFilterModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(DlqRecordsModel::SortRole);
}

void DlqErrorClassFilterModel::setSourceModel(QAbstractItemModel *sourceModel)
{
    QSortFilterProxyModel::setSourceModel(sourceModel);
    if (auto *records = qobject_cast<DlqRecordsModel *>(sourceModel))
        records->setFilter(m_errorClass, m_showHandled);
}

void DlqErrorClassFilterModel::setErrorClass(const QString &errorClass)
{
    if (errorClass == m_errorClass)
        return;
    m_errorClass = errorClass;
    if (auto *records = qobject_cast<DlqRecordsModel *>(sourceModel()))
        records->setFilter(m_errorClass, m_showHandled);
    else
        invalidateRowsFilter();
}

void DlqErrorClassFilterModel::setShowHandled(bool show)
{
    if (show == m_showHandled)
        return;
    m_showHandled = show;
    if (auto *records = qobject_cast<DlqRecordsModel *>(sourceModel()))
        records->setFilter(m_errorClass, m_showHandled);
    else
        invalidateRowsFilter();
}

bool DlqErrorClassFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (qobject_cast<const DlqRecordsModel *>(sourceModel()))
        return true; // filtered by the model, over every page
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (!m_showHandled && idx.data(DlqRecordsModel::HandledRole).toBool())
        return false;
    return m_errorClass.isEmpty() || idx.data(DlqRecordsModel::ErrorClassRole).toString() == m_errorClass;
}

} // namespace console
} // namespace taskstream
