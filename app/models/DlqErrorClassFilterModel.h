#pragma once

#include <QSortFilterProxyModel>

namespace taskstream {
namespace console {

/// Keeps the DLQ records of one error class (all when none is set), without the handled ones
/// (discarded or replayed) unless asked, and sorts by raw values.
class DlqErrorClassFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DlqErrorClassFilterModel(QObject *parent = nullptr);

    QString errorClass() const { return m_errorClass; }
    /// An empty class shows every record.
    void setErrorClass(const QString &errorClass);
    bool showsHandled() const { return m_showHandled; }
    /// Off (the default): discarded and replayed records are hidden.
    void setShowHandled(bool show);

    /// With a DlqRecordsModel as source the filter is the model's own (setFilter(): it applies
    /// to every record, not only to the page shown); this proxy then only sorts the page.
    void setSourceModel(QAbstractItemModel *sourceModel) override;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_errorClass;
    bool m_showHandled = false;
};

} // namespace console
} // namespace taskstream
