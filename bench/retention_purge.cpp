// How long one retention batch holds the database's writer: fills the idempotency ledger of a
// SQLite file (or a PostgreSQL URL) with expired rows, then times each batch of the purge.
// Prints figures; asserts nothing.
//
//   bench_retention_purge [rows=200000] [batch=500] [database-url]

#include "services/Retention.h"
#include "store/Database.h"

#include <algorithm>
#include <cstdio>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

using namespace taskstream;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int rows = args.size() > 1 ? args.at(1).toInt() : 200000;
    const int batch = args.size() > 2 ? args.at(2).toInt() : 500;
    QTemporaryDir dir;
    const QString url = args.size() > 3 ? args.at(3) : dir.filePath(QStringLiteral("retention.db"));
    QString why;
    std::unique_ptr<store::Database> db = store::Database::open(url, &why);
    if (!db) {
        std::fprintf(stderr, "bench_retention_purge: %s\n", qPrintable(why));
        return 1;
    }
    const qint64 old = QDateTime::currentMSecsSinceEpoch() - 60LL * 24 * 3600 * 1000;
    for (int done = 0; done < rows;) {
        if (!db->begin())
            return 1;
        for (int i = 0; i < 10000 && done < rows; ++i, ++done) {
            if (!db->statement("INSERT INTO processed_events (consumer_group, event_id, topic, kafka_partition,"
                               " kafka_offset, processed_at) VALUES ('bench', ?, 't', 0, ?, ?)")
                     .bind(QStringLiteral("e%1").arg(done))
                     .bind(qint64(done))
                     .bind(old)
                     .exec())
                return 1;
        }
        if (!db->commit())
            return 1;
    }
    services::RetentionOptions o;
    o.ledgerRetentionMs = services::Retention::ledgerRetentionMs(24);
    o.reminderRetentionDays = o.notificationRetentionDays = o.deletedTaskRetentionDays = 0;
    o.batchSize = batch;

    services::Retention retention(db.get(), o);
    // One batch at a time, timed: what a writer waiting behind the purge waits at most.
    QList<double> ms;
    for (;;) {
        QElapsedTimer t;
        t.start();
        const Result<int> n = retention.purgeBatch(QStringLiteral("processed_events"));
        ms << t.nsecsElapsed() / 1e6;
        if (!n) {
            std::fprintf(stderr, "bench_retention_purge: %s\n", qPrintable(n.error().message));
            return 1;
        }
        if (*n < batch)
            break;
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s: %d expired ledger rows, batches of %d: %lld batches, p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
                qPrintable(db->kindName()), rows, batch, qint64(ms.size()), ms.at(ms.size() / 2),
                ms.at(qMin<qsizetype>(ms.size() - 1, qsizetype(ms.size() * 0.99))), ms.last());
    return 0;
}
