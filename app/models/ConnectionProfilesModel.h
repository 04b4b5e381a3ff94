#pragma once

#include "ConnectionProfile.h"

#include <QAbstractTableModel>
#include <QList>

namespace taskstream {
namespace console {

/// The saved connection profiles, one row each: name, bootstrap servers and security protocol.
class ConnectionProfilesModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { NameColumn, BootstrapColumn, SecurityColumn, ColumnCount };
    enum Role {
        NameRole = Qt::UserRole, ///< the profile's name
        LastUsedRole,            ///< bool: the profile connected to last
    };

    explicit ConnectionProfilesModel(QObject *parent = nullptr);

    /// Shows the profiles of \a store (reads them again; the secrets stay out of the model).
    void reload(const ConnectionProfileStore &store);
    void setProfiles(const QList<ConnectionProfile> &profiles, const QString &lastUsed = {});

    ConnectionProfile profile(int row) const;
    /// The row of the profile named \a name, -1 when there is none.
    int rowOf(const QString &name) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<ConnectionProfile> m_profiles;
    QString m_lastUsed;
};

} // namespace console
} // namespace taskstream
