#pragma once

#include "kafka/KafkaAdmin.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QStringList>

namespace taskstream {
namespace console {

class ClusterMonitor;
class ConsumerGroupsModel;

/// Feeds a ConsumerGroupsModel on the cluster monitor's cadence: after every cluster refresh it
/// lists the groups, describes them and reads the lag of each, all as asynchronous KafkaAdmin
/// requests on the monitor's connection (never two cycles at once).
class GroupMonitor : public QObject
{
    Q_OBJECT
public:
    GroupMonitor(ClusterMonitor *monitor, ConsumerGroupsModel *model, QObject *parent = nullptr);

    bool isRefreshing() const;
    /// Bound of each request.
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }

public slots:
    /// Starts a cycle unless one is under way or there is no connection.
    void refresh();

signals:
    /// A cycle completed: every group's lag reading arrived (possibly with errors).
    void refreshed();
    /// A problem for the user: one translated line saying what went wrong and what to do.
    void problem(const QString &message);

private:
    void attach(kafka::KafkaAdmin *admin);
    void reset();
    void onListed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error);
    void onDescribed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error);
    void onLag(quint64 id, const kafka::GroupLag &lag, const kafka::KafkaError &error);
    void finishIfDone();

    ClusterMonitor *m_monitor;
    ConsumerGroupsModel *m_model;
    QPointer<kafka::KafkaAdmin> m_admin;
    QStringList m_topics; ///< the cluster's topics, for groups outside the catalog
    quint64 m_listRequest = 0;
    quint64 m_describeRequest = 0;
    QHash<quint64, QString> m_lagRequests;
    int m_failedReadings = 0;
    int m_readings = 0;
    int m_timeoutMs = 5000;
};

} // namespace console
} // namespace taskstream
