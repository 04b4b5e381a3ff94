#pragma once

#include <optional>

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonDocument>
#include <QList>
#include <QStringList>

namespace taskstream {
namespace console {

/// p50, p99 and max of one latency of a group, in milliseconds, over count events.
struct VerifyLatency
{
    qint64 count = 0;
    qint64 p50 = 0;
    qint64 p99 = 0;
    qint64 max = 0;
};

/// One consumer group of the delivery verifier's report (docs/verify.md).
struct VerifyGroupRow
{
    QString group;
    QStringList topics;
    qint64 expected = 0;
    qint64 processed = 0;
    qint64 lost = 0;
    qint64 notPublished = 0;
    qint64 notProcessed = 0;
    qint64 inFlight = 0;
    qint64 duplicateEffects = 0;
    qint64 orderViolations = 0;
    QStringList notPublishedExamples;
    QStringList notProcessedExamples;
    VerifyLatency commitToPublished;
    VerifyLatency publishedToProcessed;
    VerifyLatency commitToProcessed;

    /// Nothing lost, no duplicate effect, no key out of order.
    bool clean() const { return lost == 0 && duplicateEffects == 0 && orderViolations == 0; }
};

/// The report GET /api/v1/verify answers, as the console reads it.
struct VerifyReportData
{
    QDateTime since;
    QDateTime until;
    QString database;
    bool clean = false;
    qint64 committed = 0;
    qint64 published = 0;
    qint64 markedSentNotOnTopic = 0;
    qint64 unpublishedPastSettle = 0;
    qint64 failed = 0;
    qint64 recordsRead = 0;
    qint64 duplicatePublications = 0;
    qint64 orderViolations = 0;
    QStringList orderViolationExamples;
    QString duplicatesNote;
    QList<VerifyGroupRow> groups;

    /// The report in \a json, or nothing with the reason in \a error when it is not one (not an
    /// object, no `clean` flag, no `groups` list, a group without a name or with a count that is
    /// not a number).
    static std::optional<VerifyReportData> fromJson(const QJsonDocument &json, QString *error);
};

/// The delivery verifier's report, one row per consumer group: its verdict, what it was expected
/// to process and did, the events lost (not published, not processed), in flight, duplicate
/// effects, per-key order violations and the three latencies (p50 / p99 / max). Read only.
class VerifyReportModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        GroupColumn,
        VerdictColumn,
        ExpectedColumn,
        ProcessedColumn,
        NotPublishedColumn,
        NotProcessedColumn,
        InFlightColumn,
        DuplicatesColumn,
        OrderColumn,
        CommitToPublishedColumn,
        PublishedToProcessedColumn,
        CommitToProcessedColumn,
        ColumnCount
    };
    enum Role {
        SortRole = Qt::UserRole + 1, ///< a sortable value per column
        CleanRole,                   ///< bool: the group's verdict
    };

    explicit VerifyReportModel(QObject *parent = nullptr);

    void setReport(const VerifyReportData &report);
    void clear();
    bool hasReport() const { return m_report.has_value(); }
    const VerifyReportData &report() const { return *m_report; }
    const VerifyGroupRow &groupRow(int row) const { return m_report->groups.at(row); }

    /// The report's verdict in one line ("Clean: …" or "NOT CLEAN: …").
    QString verdictText() const;
    /// The window and the outbox and topic figures, in words.
    QString summaryText() const;
    /// One group in words, with the first event ids of each finding the report lists.
    static QString detailsText(const VerifyGroupRow &row);
    /// "p50 7 · p99 89 · max 89 ms", or "no events".
    static QString latencyText(const VerifyLatency &latency);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::optional<VerifyReportData> m_report;
};

} // namespace console
} // namespace taskstream
