#include "VerifyCommand.h"

#include "DaemonOptions.h"
#include "config/TopicCatalog.h"
#include "services/AuditLog.h"
#include "services/DeliveryVerifier.h"
#include "store/AuditStore.h"
#include "store/Database.h"

#include <cstdio>
#include <optional>

#include <QCoreApplication>
#include <QJsonDocument>

using namespace taskstream;

int runVerifyCommand(const DaemonOptions &options)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    services::VerifyOptions vo;
    vo.since =
        services::parseVerifyTime(options.verifySince.isEmpty() ? QStringLiteral("1h") : options.verifySince, now);
    // The window ends after now: an event committed in this very millisecond is in it.
    vo.until = options.verifyUntil.isEmpty() ? now.addMSecs(1) : services::parseVerifyTime(options.verifyUntil, now);
    if (!vo.since.isValid() || !vo.until.isValid()) {
        std::fprintf(stderr, "taskstreamd verify: --since/--until: expected an ISO 8601 time with its offset "
                             "(2026-12-06T10:00:00Z) or an age (90m, 2h, 1d)\n");
        return 2;
    }
    vo.groups = options.verifyGroups;
    vo.settleMs = qint64(options.verifySettleSeconds) * 1000;
    vo.kafka = options.kafka;
    vo.kafka.set(QStringLiteral("bootstrap.servers"), options.brokers);

    QString why;
    bool unreachable = false;
    const std::unique_ptr<store::Database> db =
        store::Database::open(options.effectiveDatabaseUrl(), &why, &unreachable);
    if (!db) {
        std::fprintf(stderr, "taskstreamd verify: cannot open the database: %s\n", qPrintable(why));
        return 1;
    }
    // On SQLite the audit group's ledger is in the audit file (docs/audit.md).
    std::unique_ptr<store::Database> auditDb;
    if (store::AuditStore::databaseUrlFor(db->url()) != db->url()) {
        auditDb = store::AuditStore::openDatabase(db->url(), &why);
        if (!auditDb) {
            std::fprintf(stderr, "taskstreamd verify: cannot open the audit database: %s\n", qPrintable(why));
            return 1;
        }
        vo.ledgerDatabases.insert(QString::fromLatin1(services::AuditLog::Group), auditDb.get());
    }
    services::DeliveryVerifier verifier(db.get(), TopicCatalog::builtin(), vo);
    std::optional<Result<services::VerifyReport>> result;
    QObject::connect(&verifier, &services::DeliveryVerifier::finished, &verifier,
                     [&result](const Result<services::VerifyReport> &r) {
                         result.emplace(r);
                         QCoreApplication::quit();
                     });
    verifier.start();
    QCoreApplication::exec();
    if (!result || !*result) {
        const Error e = result ? result->error() : Error::internal(QStringLiteral("interrupted"));
        std::fprintf(stderr, "taskstreamd verify: %s\n", qPrintable(e.message));
        return e.kind == Error::Kind::Invalid ? 2 : 1;
    }
    const services::VerifyReport &report = **result;
    if (options.verifyJson)
        std::fputs(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented).constData(), stdout);
    else
        std::fputs(qPrintable(report.toText()), stdout);
    return report.clean() ? 0 : 3;
}
