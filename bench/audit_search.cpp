// Audit log search latency: GET /api/v1/audit's queries (AuditStore::search) over a filled
// audit_events table, on SQLite (default) or PostgreSQL.
//
//   bench_audit_search [rows=1000000] [database-url]
//
// A database URL that already holds at least `rows` entries is searched as it is (no fill).
// The table is filled first (rows/100 users, so about 100 entries each; titles of three to five
// words drawn from a 5,000-word vocabulary with Zipf frequencies, so some words are everywhere and
// most are rare), in transactions of 10,000. Then each query kind runs 300 times with a random
// user and word, and its latency p50/p99/max is printed.

#include "store/AuditStore.h"
#include "store/Database.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QSqlQuery>
#include <QTemporaryDir>

using namespace taskstream;

namespace {
constexpr int Vocabulary = 5000;

QString word(int rank)
{
    // Pronounceable, distinct tokens: syllables from the rank's digits in base 20.
    static const char *syllables[] = {"ba", "ko", "ri", "tu", "me", "sa", "lo", "ni", "pe", "da",
                                      "gu", "fi", "ho", "ja", "ve", "zo", "ce", "mu", "te", "xa"};
    QString w;
    int n = rank + 20;
    while (n > 0) {
        w += QLatin1String(syllables[n % 20]);
        n /= 20;
    }
    return w;
}

class Zipf
{
public:
    explicit Zipf(int n)
    {
        double sum = 0;
        for (int i = 1; i <= n; ++i)
            m_cdf.push_back(sum += 1.0 / i);
        for (double &c : m_cdf)
            c /= sum;
    }
    int draw(QRandomGenerator &rng) const
    {
        return int(std::lower_bound(m_cdf.begin(), m_cdf.end(), rng.generateDouble()) - m_cdf.begin());
    }

private:
    std::vector<double> m_cdf;
};

void report(const char *name, std::vector<double> ms, double rowsPerQuery)
{
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * ms.size()))]; };
    std::printf("%-42s p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%.1f rows/answer, %zu runs)\n", name, at(0.5),
                at(0.99), ms.back(), rowsPerQuery, ms.size());
    std::fflush(stdout);
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.*.info=false"));
    const int rows = argc > 1 ? QByteArray(argv[1]).toInt() : 1000000;
    QTemporaryDir dir;
    const QString url = argc > 2 ? QString::fromLocal8Bit(argv[2]) : dir.filePath(QStringLiteral("audit.db"));
    QString why;
    auto db = store::Database::open(url, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    store::AuditStore audit(db.get());
    const int users = std::max(1, rows / 100);
    std::vector<QUuid> userIds;
    for (int i = 0; i < users; ++i)
        userIds.push_back(QUuid::createUuid());
    QRandomGenerator rng(42);
    const Zipf zipf(Vocabulary);

    QElapsedTimer fill;
    fill.start();
    qint64 start = QDateTime::currentMSecsSinceEpoch() - qint64(rows) * 1000;
    const bool reuse = audit.count().valueOr(-1) >= rows;
    if (reuse) {
        userIds.clear();
        QSqlQuery q(db->db());
        q.exec(QStringLiteral("SELECT MIN(occurred_at) FROM audit_events"));
        if (q.next())
            start = q.value(0).toLongLong();
        q.exec(QStringLiteral("SELECT DISTINCT user_id FROM audit_events LIMIT %1").arg(users));
        while (q.next())
            userIds.push_back(QUuid::fromString(q.value(0).toString()));
    }
    for (int i = reuse ? rows : 0; i < rows; ++i) {
        if (i % 10000 == 0) {
            if (const Result<void> begun = db->begin(); !begun)
                qFatal("%s", qPrintable(begun.error().message));
        }
        store::AuditEntry e;
        e.eventId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        e.eventType = QStringLiteral("com.todo.events.TaskCreated");
        e.topic = QStringLiteral("todo.tasks.events");
        e.partition = i % 6;
        e.offset = i / 6;
        e.userId = userIds[rng.bounded(users)];
        e.taskId = QUuid::createUuid();
        e.occurredAt = QDateTime::fromMSecsSinceEpoch(start + qint64(i) * 1000, Qt::UTC);
        e.recordedAt = e.occurredAt;
        QStringList title;
        for (int w = 0, n = 3 + rng.bounded(3); w < n; ++w)
            title << word(zipf.draw(rng));
        e.payload = QJsonObject{{QStringLiteral("event_id"), e.eventId},
                                {QStringLiteral("occurred_at"), e.occurredAt.toString(Qt::ISODateWithMs)},
                                {QStringLiteral("id"), e.taskId.toString(QUuid::WithoutBraces)},
                                {QStringLiteral("user_id"), e.userId.toString(QUuid::WithoutBraces)},
                                {QStringLiteral("title"), title.join(QLatin1Char(' '))},
                                {QStringLiteral("description"), QJsonValue()},
                                {QStringLiteral("created_at"), e.occurredAt.toString(Qt::ISODateWithMs)},
                                {QStringLiteral("tags"), QJsonArray{word(zipf.draw(rng))}},
                                {QStringLiteral("is_recurring_template"), false}};
        if (const Result<bool> inserted = audit.insert(e); !inserted)
            qFatal("%s", qPrintable(inserted.error().message));
        if ((i + 1) % 10000 == 0 || i + 1 == rows) {
            if (const Result<void> committed = db->commit(); !committed)
                qFatal("%s", qPrintable(committed.error().message));
        }
    }
    if (db->kind() == store::Database::Kind::PostgreSQL) {
        QSqlQuery q(db->db());
        q.exec(QStringLiteral("ANALYZE audit_events"));
    }
    const double fillSecs = fill.nsecsElapsed() / 1e9;
    if (reuse)
        std::printf("%s: searching the %d audit entries already there (%zu users)\n", qPrintable(db->kindName()), rows,
                    userIds.size());
    else
        std::printf("%s: %d audit entries (%d users) written in %.1f s (%.0f rows/s)\n", qPrintable(db->kindName()),
                    rows, users, fillSecs, rows / fillSecs);

    auto measure = [&](const char *name, const std::function<store::AuditQuery()> &make, int runs = 300) {
        std::vector<double> ms;
        qint64 total = 0;
        for (int i = 0; i < runs; ++i) {
            const store::AuditQuery q = make();
            bool more = false;
            QElapsedTimer t;
            t.start();
            const Result<QList<store::AuditEntry>> page = audit.search(q, &more);
            ms.push_back(t.nsecsElapsed() / 1e6);
            if (!page)
                qFatal("%s: %s", name, qPrintable(page.error().message));
            total += page->size();
        }
        report(name, ms, double(total) / runs);
    };
    auto userQuery = [&] {
        store::AuditQuery q;
        q.userId = userIds[rng.bounded(users)];
        return q;
    };
    measure("user, first page of 50", userQuery);
    measure("user + word (Zipf-drawn)", [&] {
        store::AuditQuery q = userQuery();
        q.text = word(zipf.draw(rng));
        return q;
    });
    measure("user + one of the 5 commonest words", [&] {
        store::AuditQuery q = userQuery();
        q.text = word(rng.bounded(5));
        return q;
    });
    measure("user + two words", [&] {
        store::AuditQuery q = userQuery();
        q.text = word(zipf.draw(rng)) + QLatin1Char(' ') + word(zipf.draw(rng));
        return q;
    });
    measure("admin: rare word (rank > 1000)", [&] {
        store::AuditQuery q;
        q.text = word(1000 + rng.bounded(Vocabulary - 1000));
        return q;
    });
    measure(
        "admin: commonest word, first page",
        [&] {
            store::AuditQuery q;
            q.text = word(0);
            return q;
        },
        10);
    measure("admin: no filter, page at a random cursor", [&] {
        store::AuditQuery q;
        q.after = qMakePair(start + qint64(rng.bounded(rows)) * 1000, qint64(rows));
        return q;
    });
    return 0;
}
