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
class RecordAgeReader;

/// Feeds a ConsumerGroupsModel on the cluster monitor's cadence: after every cluster refresh it
/// lists the groups, describes them and reads the lag of each, all as asynchronous KafkaAdmin
/// requests on the monitor's connection (never two cycles at once). After each cycle it reads the
/// time of the oldest unconsumed record of the lagging partitions (lag in time) with a
/// RecordAgeReader: assign-only, at most maxAgeReads() partitions per cycle, bounded in time.
class GroupMonitor : public QObject
{
    Q_OBJECT
public:
    GroupMonitor(ClusterMonitor *monitor, ConsumerGroupsModel *model, QObject *parent = nullptr);

    bool isRefreshing() const;
    /// Bound of each request.
    void setRequestTimeout(int ms) { m_timeoutMs = ms; }
    /// Most lagging partitions whose record time is read per cycle (the rest on later cycles).
    void setMaxAgeReads(int n) { m_maxAgeReads = qMax(1, n); }
    int maxAgeReads() const { return m_maxAgeReads; }
    bool isReadingAges() const;

public slots:
    /// Starts a cycle unless one is under way or there is no connection.
    void refresh();
    /// Like refresh(), but when a cycle is under way another follows it (its readings may be older
    /// than a change just made, e.g. an offset reset).
    void refreshNow();

signals:
    /// A cycle completed: every group's lag reading arrived (possibly with errors).
    void refreshed();
    /// The lag in time of a cycle's lagging partitions was read (possibly with errors per partition).
    void agesRead();
    /// A problem for the user: one translated line saying what went wrong and what to do.
    void problem(const QString &message);

private:
    void attach(kafka::KafkaAdmin *admin);
    void reset();
    void onListed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error);
    void onDescribed(quint64 id, const QList<kafka::GroupInfo> &groups, const kafka::KafkaError &error);
    void onLag(quint64 id, const kafka::GroupLag &lag, const kafka::KafkaError &error);
    void finishIfDone();
    void readAges();

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
    RecordAgeReader *m_ageReader;
    QList<QString> m_ageGroups; ///< the group of each position of the reading under way
    int m_ageCursor = 0;        ///< where the next cycle's capped reading starts
    int m_maxAgeReads = 64;
    bool m_refreshAgain = false;
};

} // namespace console
} // namespace taskstream
