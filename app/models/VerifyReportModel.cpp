#include "VerifyReportModel.h"

#include <QBrush>
#include <QColor>
#include <QJsonArray>
#include <QJsonObject>

namespace taskstream {
namespace console {

namespace {

/// Reads the count \a key of \a object: absent is 0, anything but a number is an error.
qint64 count(const QJsonObject &object, const char *key, bool required, QString *error)
{
    const QJsonValue v = object.value(QLatin1String(key));
    if (v.isUndefined() && !required)
        return 0;
    if (!v.isDouble()) {
        if (error->isEmpty())
            *error = VerifyReportModel::tr("'%1' is not a number").arg(QLatin1String(key));
        return 0;
    }
    return v.toInteger();
}

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &v : value.toArray())
        out << v.toString();
    return out;
}

VerifyLatency latency(const QJsonObject &object, const char *key, QString *error)
{
    const QJsonObject l = object.value(QLatin1String(key)).toObject();
    VerifyLatency out;
    out.count = count(l, "count", false, error);
    out.p50 = count(l, "p50_ms", false, error);
    out.p99 = count(l, "p99_ms", false, error);
    out.max = count(l, "max_ms", false, error);
    return out;
}

QDateTime time(const QJsonObject &object, const char *key)
{
    return QDateTime::fromString(object.value(QLatin1String(key)).toString(), Qt::ISODateWithMs);
}

QString timeText(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")) : QStringLiteral("?");
}

} // namespace

std::optional<VerifyReportData> VerifyReportData::fromJson(const QJsonDocument &json, QString *error)
{
    QString problem;
    auto fail = [&](const QString &why) {
        if (error)
            *error = VerifyReportModel::tr("The answer is not a verification report: %1.").arg(why);
        return std::nullopt;
    };
    if (!json.isObject())
        return fail(VerifyReportModel::tr("it is not a JSON object"));
    const QJsonObject o = json.object();
    if (!o.value(QStringLiteral("clean")).isBool())
        return fail(VerifyReportModel::tr("it has no verdict ('clean')"));
    if (!o.value(QStringLiteral("groups")).isArray())
        return fail(VerifyReportModel::tr("it has no list of groups ('groups')"));
    VerifyReportData r;
    r.since = time(o, "since");
    r.until = time(o, "until");
    r.database = o.value(QStringLiteral("database")).toString();
    r.clean = o.value(QStringLiteral("clean")).toBool();
    const QJsonObject outbox = o.value(QStringLiteral("outbox")).toObject();
    r.committed = count(outbox, "committed", false, &problem);
    r.published = count(outbox, "published", false, &problem);
    r.markedSentNotOnTopic = count(outbox, "marked_sent_not_on_topic", false, &problem);
    r.unpublishedPastSettle = count(outbox, "unpublished_past_settle", false, &problem);
    r.failed = count(outbox, "failed", false, &problem);
    const QJsonObject topics = o.value(QStringLiteral("topics")).toObject();
    r.recordsRead = count(topics, "records_read", false, &problem);
    r.duplicatePublications = count(topics, "duplicate_publications", false, &problem);
    r.orderViolations = count(topics, "order_violations", false, &problem);
    r.orderViolationExamples = strings(topics.value(QStringLiteral("order_violation_examples")));
    r.duplicatesNote = o.value(QStringLiteral("duplicates_note")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        VerifyGroupRow row;
        row.group = g.value(QStringLiteral("group")).toString();
        if (row.group.isEmpty())
            return fail(VerifyReportModel::tr("a group has no name"));
        row.topics = strings(g.value(QStringLiteral("topics")));
        row.expected = count(g, "expected", true, &problem);
        row.processed = count(g, "processed", true, &problem);
        row.lost = count(g, "lost", true, &problem);
        row.notPublished = count(g, "not_published", false, &problem);
        row.notProcessed = count(g, "not_processed", false, &problem);
        row.inFlight = count(g, "in_flight", false, &problem);
        row.duplicateEffects = count(g, "duplicate_effects", false, &problem);
        row.orderViolations = count(g, "order_violations", false, &problem);
        row.notPublishedExamples = strings(g.value(QStringLiteral("not_published_examples")));
        row.notProcessedExamples = strings(g.value(QStringLiteral("not_processed_examples")));
        const QJsonObject l = g.value(QStringLiteral("latency")).toObject();
        row.commitToPublished = latency(l, "commit_to_published", &problem);
        row.publishedToProcessed = latency(l, "published_to_processed", &problem);
        row.commitToProcessed = latency(l, "commit_to_processed", &problem);
        if (!problem.isEmpty())
            return fail(VerifyReportModel::tr("group %1: %2").arg(row.group, problem));
        r.groups << row;
    }
    if (!problem.isEmpty())
        return fail(problem);
    return r;
}

VerifyReportModel::VerifyReportModel(QObject *parent) : QAbstractTableModel(parent) {}

void VerifyReportModel::setReport(const VerifyReportData &report)
{
    beginResetModel();
    m_report = report;
    endResetModel();
}

void VerifyReportModel::clear()
{
    beginResetModel();
    m_report.reset();
    endResetModel();
}

QString VerifyReportModel::verdictText() const
{
    if (!m_report)
        return {};
    const VerifyReportData &r = *m_report;
    qint64 lost = 0;
    qint64 duplicates = 0;
    qint64 inFlight = 0;
    int affected = 0;
    for (const VerifyGroupRow &g : r.groups) {
        lost += g.lost;
        duplicates += g.duplicateEffects;
        inFlight += g.inFlight;
        affected += g.clean() ? 0 : 1;
    }
    QString text;
    if (r.clean)
        text = tr("Clean: no event lost, no duplicate effect and no key out of order in %n group(s).", nullptr,
                  int(r.groups.size()));
    else
        text = tr("NOT CLEAN: events lost %1, duplicate effects %2, per-key order violations %3; groups affected: %4 "
                  "of %5.")
                   .arg(lost)
                   .arg(duplicates)
                   .arg(r.orderViolations)
                   .arg(affected)
                   .arg(r.groups.size());
    if (inFlight > 0)
        text += tr(" %n event(s) still in flight.", nullptr, int(inFlight));
    return text;
}

QString VerifyReportModel::summaryText() const
{
    if (!m_report)
        return {};
    const VerifyReportData &r = *m_report;
    QStringList lines;
    lines << tr("Committed from %1 to %2 (%3).").arg(timeText(r.since), timeText(r.until), r.database);
    lines << tr("Outbox: %1 committed, %2 published, %3 marked sent but not on the topic, %4 unpublished past the "
                "settle time (%5 failed).")
                 .arg(r.committed)
                 .arg(r.published)
                 .arg(r.markedSentNotOnTopic)
                 .arg(r.unpublishedPastSettle)
                 .arg(r.failed);
    lines << tr("Topics: %1 records read, %2 published more than once, %3 per-key order violations.")
                 .arg(r.recordsRead)
                 .arg(r.duplicatePublications)
                 .arg(r.orderViolations);
    for (const QString &e : r.orderViolationExamples)
        lines << tr("Out of order: %1").arg(e);
    return lines.join(QLatin1Char('\n'));
}

QString VerifyReportModel::latencyText(const VerifyLatency &latency)
{
    if (latency.count == 0)
        return tr("no events");
    return tr("p50 %1 · p99 %2 · max %3 ms").arg(latency.p50).arg(latency.p99).arg(latency.max);
}

QString VerifyReportModel::detailsText(const VerifyGroupRow &row)
{
    QStringList lines;
    lines << tr("Group %1 (%2): %3")
                 .arg(row.group, row.topics.join(QStringLiteral(", ")), row.clean() ? tr("clean") : tr("NOT CLEAN"));
    lines << tr("Expected %1, processed %2, lost %3 (%4 not published, %5 not processed), in flight %6.")
                 .arg(row.expected)
                 .arg(row.processed)
                 .arg(row.lost)
                 .arg(row.notPublished)
                 .arg(row.notProcessed)
                 .arg(row.inFlight);
    lines
        << tr("Duplicate effects %1, per-key order violations %2.").arg(row.duplicateEffects).arg(row.orderViolations);
    const auto latencyLine = [](const QString &label, const VerifyLatency &l) {
        const QString figures =
            l.count == 0 ? latencyText(l) : tr("%1 (%n event(s))", nullptr, int(l.count)).arg(latencyText(l));
        return QStringLiteral("%1: %2").arg(label, figures);
    };
    lines << latencyLine(tr("Commit → published"), row.commitToPublished);
    lines << latencyLine(tr("Published → processed"), row.publishedToProcessed);
    lines << latencyLine(tr("Commit → processed"), row.commitToProcessed);
    if (!row.notPublishedExamples.isEmpty())
        lines << tr("Committed, never published (first %1 of %2):")
                     .arg(row.notPublishedExamples.size())
                     .arg(row.notPublished)
              << QStringLiteral("  ") + row.notPublishedExamples.join(QStringLiteral("\n  "));
    if (!row.notProcessedExamples.isEmpty())
        lines << tr("Published, never processed (first %1 of %2):")
                     .arg(row.notProcessedExamples.size())
                     .arg(row.notProcessed)
              << QStringLiteral("  ") + row.notProcessedExamples.join(QStringLiteral("\n  "));
    return lines.join(QLatin1Char('\n'));
}

int VerifyReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_report ? 0 : int(m_report->groups.size());
}

int VerifyReportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VerifyReportModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const VerifyGroupRow &g = m_report->groups.at(index.row());
    auto number = [&](qint64 value) -> QVariant {
        if (role == Qt::DisplayRole || role == SortRole)
            return value;
        return {};
    };
    if (role == CleanRole)
        return g.clean();
    if (role == Qt::TextAlignmentRole)
        return index.column() == GroupColumn || index.column() == VerdictColumn
                   ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                   : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole) {
        const bool bad = (index.column() == VerdictColumn && !g.clean()) ||
                         (index.column() == NotPublishedColumn && g.notPublished > 0) ||
                         (index.column() == NotProcessedColumn && g.notProcessed > 0) ||
                         (index.column() == DuplicatesColumn && g.duplicateEffects > 0) ||
                         (index.column() == OrderColumn && g.orderViolations > 0);
        return bad ? QVariant(QBrush(QColor(0xb0, 0x1c, 0x1c))) : QVariant();
    }
    if (role == Qt::ToolTipRole)
        return detailsText(g);
    switch (index.column()) {
    case GroupColumn:
        return role == Qt::DisplayRole || role == SortRole ? QVariant(g.group) : QVariant();
    case VerdictColumn:
        if (role == SortRole)
            return g.clean() ? 1 : 0;
        if (role == Qt::DisplayRole)
            return g.clean() ? (g.inFlight > 0 ? tr("clean, %1 in flight").arg(g.inFlight) : tr("clean"))
                             : tr("NOT CLEAN");
        return {};
    case ExpectedColumn:
        return number(g.expected);
    case ProcessedColumn:
        return number(g.processed);
    case NotPublishedColumn:
        return number(g.notPublished);
    case NotProcessedColumn:
        return number(g.notProcessed);
    case InFlightColumn:
        return number(g.inFlight);
    case DuplicatesColumn:
        return number(g.duplicateEffects);
    case OrderColumn:
        return number(g.orderViolations);
    case CommitToPublishedColumn:
    case PublishedToProcessedColumn:
    case CommitToProcessedColumn: {
        const VerifyLatency &l = index.column() == CommitToPublishedColumn      ? g.commitToPublished
                                 : index.column() == PublishedToProcessedColumn ? g.publishedToProcessed
                                                                                : g.commitToProcessed;
        if (role == SortRole)
            return l.p99;
        return role == Qt::DisplayRole ? QVariant(latencyText(l)) : QVariant();
    }
    default:
        return {};
    }
}

QVariant VerifyReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case NotPublishedColumn:
            return tr("Lost before the topic: committed in the outbox, never published");
        case NotProcessedColumn:
            return tr("Lost after the topic: published, never in the group's ledger");
        case InFlightColumn:
            return tr("Neither yet, but younger than the settle time: not counted as lost");
        case CommitToPublishedColumn:
        case PublishedToProcessedColumn:
        case CommitToProcessedColumn:
            return tr("Latency in milliseconds: median, 99th percentile and maximum");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case GroupColumn:
        return tr("Group");
    case VerdictColumn:
        return tr("Verdict");
    case ExpectedColumn:
        return tr("Expected");
    case ProcessedColumn:
        return tr("Processed");
    case NotPublishedColumn:
        return tr("Not published");
    case NotProcessedColumn:
        return tr("Not processed");
    case InFlightColumn:
        return tr("In flight");
    case DuplicatesColumn:
        return tr("Duplicate effects");
    case OrderColumn:
        return tr("Order violations");
    case CommitToPublishedColumn:
        return tr("Commit → published");
    case PublishedToProcessedColumn:
        return tr("Published → processed");
    case CommitToProcessedColumn:
        return tr("Commit → processed");
    default:
        return {};
    }
}

} // namespace console
} // namespace taskstream
