#include "models/ConnectionProfilesModel.h"

#include <QFont>

namespace taskstream {
namespace console {

ConnectionProfilesModel::ConnectionProfilesModel(QObject *parent) : QAbstractTableModel(parent) {}

void ConnectionProfilesModel::reload(const ConnectionProfileStore &store)
{
    QList<ConnectionProfile> profiles;
    for (const QString &name : store.names()) {
        if (std::optional<ConnectionProfile> p = store.profile(name)) {
            p->password.clear();
            p->apiToken.clear();
            profiles << *p;
        }
    }
    setProfiles(profiles, store.lastUsed());
}

void ConnectionProfilesModel::setProfiles(const QList<ConnectionProfile> &profiles, const QString &lastUsed)
{
    beginResetModel();
    m_profiles = profiles;
    m_lastUsed = lastUsed;
    endResetModel();
}

ConnectionProfile ConnectionProfilesModel::profile(int row) const
{
    return row >= 0 && row < m_profiles.size() ? m_profiles.at(row) : ConnectionProfile{};
}

int ConnectionProfilesModel::rowOf(const QString &name) const
{
    for (int i = 0; i < m_profiles.size(); ++i)
        if (m_profiles.at(i).name == name)
            return i;
    return -1;
}

int ConnectionProfilesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_profiles.size());
}

int ConnectionProfilesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConnectionProfilesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConnectionProfile &p = m_profiles.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case NameColumn:
            return p.name;
        case BootstrapColumn:
            return p.bootstrapServers;
        case SecurityColumn:
            return p.usesSasl() ? QStringLiteral("%1 (%2)").arg(ConnectionProfile::protocolName(p.securityProtocol),
                                                                ConnectionProfile::mechanismName(p.saslMechanism))
                                : ConnectionProfile::protocolName(p.securityProtocol);
        case ColumnCount:
            break;
        }
        return {};
    case Qt::ToolTipRole:
        if (p.name == m_lastUsed)
            return tr("%1 (connected to last)").arg(p.bootstrapServers);
        return p.bootstrapServers;
    case Qt::FontRole:
        if (index.column() == NameColumn && p.name == m_lastUsed) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case NameRole:
        return p.name;
    case LastUsedRole:
        return p.name == m_lastUsed;
    default:
        return {};
    }
}

QVariant ConnectionProfilesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case NameColumn:
        return tr("Name");
    case BootstrapColumn:
        return tr("Bootstrap servers");
    case SecurityColumn:
        return tr("Security");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace console
} // namespace taskstream
