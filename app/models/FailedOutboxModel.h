#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>

namespace taskstream {
namespace console {

/// The outbox records the daemon's relay could never deliver, as GET /api/v1/outbox/failed lists
/// them (newest first): sequence number, topic, key, event type, when it failed, attempts, reason.
class FailedOutboxModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        SeqColumn,
        TopicColumn,
        KeyColumn,
        EventTypeColumn,
        FailedAtColumn,
        AttemptsColumn,
        ReasonColumn,
        ColumnCount
    };
    Q_ENUM(Column)

    enum Role {
        SeqRole = Qt::UserRole + 1, ///< qint64 outbox sequence number
        SortRole,                   ///< raw value for sorting
    };

    struct Item
    {
        qint64 seq = 0;
        QString eventId;
        QString topic;
        QString key;
        QString eventType;
        QDateTime createdAt;
        QDateTime failedAt; ///< invalid when the daemon does not say
        int attempts = 0;
        int payloadBytes = 0;
        QString reason;
    };

    explicit FailedOutboxModel(QObject *parent = nullptr);

    /// Replaces the rows with the "items" array of the API's answer.
    void setItems(const QJsonArray &items);
    void clear();

    const Item &item(int row) const { return m_items.at(row); }
    /// The row of outbox record \a seq, or -1.
    int rowOf(qint64 seq) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Item> m_items;
};

} // namespace console
} // namespace taskstream
