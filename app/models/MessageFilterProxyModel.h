#pragma once

#include <QSortFilterProxyModel>

namespace taskstream {
namespace console {

/// Filters MessagesModel rows by key, event type and free text (each a case-insensitive
/// substring; empty matches everything). Sorts by MessagesModel::SortRole.
class MessageFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit MessageFilterProxyModel(QObject *parent = nullptr);

    void setKeyFilter(const QString &text);
    void setTypeFilter(const QString &text);
    void setTextFilter(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_key;
    QString m_type;
    QString m_text;
};

} // namespace console
} // namespace taskstream
