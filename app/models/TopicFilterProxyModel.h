#pragma once

#include <QSortFilterProxyModel>

namespace taskstream {
namespace console {

/// Filters a TopicsModel by topic name (a case-insensitive substring) and optionally hides internal
/// topics (names starting with "__"); a topic that passes keeps all its partitions. Sorts numbers
/// as numbers through TopicsModel::SortRole.
class TopicFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit TopicFilterProxyModel(QObject *parent = nullptr);

    QString nameFilter() const { return m_nameFilter; }
    void setNameFilter(const QString &text);

    bool hidesInternalTopics() const { return m_hideInternal; }
    void setHideInternalTopics(bool hide);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_nameFilter;
    bool m_hideInternal = false;
};

} // namespace console
} // namespace taskstream
