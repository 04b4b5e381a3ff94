#pragma once

#include "models/RecordDecoding.h"

#include <QAbstractTableModel>

namespace taskstream {
namespace console {

/// Records of a topic as read by the messages view, decoded, at most maxRows() of them (the
/// oldest are dropped first, so memory stays bounded whatever the topic holds).
class MessagesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { PartitionColumn, OffsetColumn, TimeColumn, KeyColumn, TypeColumn, ValueColumn, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole, ///< numbers for partition/offset/time
        KeyRole,                 ///< key text
        TypeRole,                ///< short event type
        FullTextRole,            ///< the record as compact JSON, for text filtering
        JsonRole,                ///< the record as a QJsonObject
    };

    explicit MessagesModel(QObject *parent = nullptr);

    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    void appendRecords(const QList<DecodedRecord> &records);
    void clear();
    const DecodedRecord &record(int row) const { return m_records.at(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<DecodedRecord> m_records;
    QStringList m_fullText; ///< each record as compact JSON, for the text filter
    int m_maxRows = 10000;
};

} // namespace console
} // namespace taskstream
