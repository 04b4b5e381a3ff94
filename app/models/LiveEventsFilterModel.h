#pragma once

#include <QSortFilterProxyModel>

namespace taskstream {
namespace console {

/// Filters LiveEventsModel rows by user (a substring of the user id) and event type (exact; empty
/// for all types).
class LiveEventsFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LiveEventsFilterModel(QObject *parent = nullptr);

    void setUserFilter(const QString &text);
    void setTypeFilter(const QString &type);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_user;
    QString m_type;
};

} // namespace console
} // namespace taskstream
