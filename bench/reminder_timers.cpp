// Durable reminder timers (reminder-trigger-cg): reload of many pending reminders after a restart,
// resident memory, and firing lateness, on SQLite (default) or PostgreSQL.
//
//   bench_reminder_timers [reminders=1000000] [database-url]
//       [--burst=10000] [--burst-window-ms=0] [--lead-s=20] [--sample=2000] [--sample-s=30]
//       [--sample-gap-s=5]
//
// The reminders table is filled first (one multi-row INSERT per 50 rows, 50,000 rows per
// transaction, spread round-robin over the 3 partitions of todo.reminders.events, 10,000 users):
//   - reminders - burst - sample "far" reminders spread evenly over 30 days starting in one hour;
//   - then, once the fill is done and their times can be set from the clock: `burst` reminders all
//     due at the same instant `lead-s` seconds from now (spread over burst-window-ms if given), and
//     `sample` reminders spread evenly over the sample-s seconds starting sample-gap-s (5) seconds after the
//     burst.
// Then, as at a restart, a fresh process (this program with --trigger, so that its resident memory
// is its own) runs a ReminderTrigger as the daemon runs it: installed on a ConsumerRunner (group
// reminder-trigger-cg) on the embedded broker; the group assigns it the topic's partitions and it
// loads and arms their pending reminders. Printed: the time of that load (inside the trigger's
// partitionsAssigned slot), VmRSS before and after, then for the burst and the sample the lateness
// p50/p99/max, both as recorded in the row (fired_at, taken when the firing transaction starts)
// and as observed when the `fired` signal arrives (after the commit), the number fired early, and
// the burst's first-to-last firing time.
// The database must hold no pending reminders at start (give a scratch PostgreSQL database).

#include "config/TopicCatalog.h"
#include "events/EventCodec.h"
#include "kafka/EmbeddedBroker.h"
#include "processing/ConsumerRunner.h"
#include "services/ReminderTrigger.h"
#include "store/Database.h"
#include "store/ReminderStore.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QProcess>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>
#include <QUuid>

using namespace taskstream;

namespace {
constexpr int Partitions = 3;        // todo.reminders.events in the builtin topic catalog
constexpr int RowsPerStatement = 50; // SQLite looks bind names up linearly: keep statements short
constexpr int RowsPerTransaction = 50000;
constexpr int Users = 10000;

qint64 rssKb()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : f.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

double wallMs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count() / 1000.0;
}

double percentile(const std::vector<double> &sorted, double q)
{
    return sorted[std::min(sorted.size() - 1, size_t(q * double(sorted.size())))];
}

struct Row
{
    qint64 remindAt;
    QString title;
};

/// Inserts rows through one prepared multi-row INSERT per RowsPerStatement rows.
class Filler
{
public:
    explicit Filler(store::Database *db) : m_db(db) {}

    void add(qint64 remindAtMs, const QString &title)
    {
        if (m_inTx == 0) {
            if (const Result<void> begun = m_db->begin(); !begun)
                qFatal("begin: %s", qPrintable(begun.error().message));
        }
        m_rows.push_back({remindAtMs, title});
        if (int(m_rows.size()) == RowsPerStatement)
            flush();
        if (++m_inTx == RowsPerTransaction)
            commit();
    }
    void finish()
    {
        if (!m_rows.empty())
            flush();
        if (m_inTx > 0)
            commit();
    }

private:
    void flush()
    {
        QSqlQuery q(m_db->db());
        QStringList marks;
        for (size_t i = 0; i < m_rows.size(); ++i)
            marks << QStringLiteral("(?, ?, ?, ?, 'pending', 0, ?, ?, ?)");
        if (!q.prepare(QStringLiteral("INSERT INTO reminders (id, task_id, user_id, remind_at, status, late, title,"
                                      " kafka_partition, created_at) VALUES ") +
                       marks.join(QLatin1Char(','))))
            qFatal("prepare: %s", qPrintable(q.lastError().text()));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (const Row &r : m_rows) {
            q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            q.addBindValue(QUuid::createUuid().toString(QUuid::WithoutBraces));
            q.addBindValue(m_users[m_rng.bounded(Users)]);
            q.addBindValue(r.remindAt);
            q.addBindValue(r.title);
            q.addBindValue(int(m_count++ % Partitions));
            q.addBindValue(now);
        }
        if (!q.exec())
            qFatal("insert: %s", qPrintable(q.lastError().text()));
        m_rows.clear();
    }
    void commit()
    {
        if (const Result<void> committed = m_db->commit(); !committed)
            qFatal("commit: %s", qPrintable(committed.error().message));
        m_inTx = 0;
    }

    store::Database *m_db;
    std::vector<Row> m_rows;
    int m_inTx = 0;
    qint64 m_count = 0;
    QRandomGenerator m_rng{7};
    const QStringList m_users = [] {
        QStringList u;
        for (int i = 0; i < Users; ++i)
            u << QUuid::createUuid().toString(QUuid::WithoutBraces);
        return u;
    }();
};

struct Plan
{
    int burst = 0;
    int sample = 0;
    int sampleS = 0;
    qint64 burstAt = 0;    ///< ms since the epoch
    qint64 sampleFrom = 0; ///< ms since the epoch
};

struct Firing
{
    qint64 remindAt;
    qint64 firedAt;  ///< as recorded in the row
    double observed; ///< wall clock (ms, fractional) when the fired signal arrived
};

void reportLateness(const char *name, const std::vector<Firing> &fs, int expected)
{
    if (fs.empty()) {
        std::printf("%-7s none fired of %d\n", name, expected);
        return;
    }
    std::vector<double> rec, obs;
    int early = 0;
    for (const Firing &f : fs) {
        rec.push_back(double(f.firedAt - f.remindAt));
        obs.push_back(f.observed - double(f.remindAt));
        if (f.firedAt < f.remindAt || f.observed < double(f.remindAt))
            ++early;
    }
    std::sort(rec.begin(), rec.end());
    std::sort(obs.begin(), obs.end());
    std::printf("%-7s %zu of %d fired, %d early\n", name, fs.size(), expected, early);
    std::printf("        lateness, fired_at in the row:   p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n",
                percentile(rec, 0.5), percentile(rec, 0.99), rec.back());
    std::printf("        lateness, observed after commit: p50 %8.1f ms  p99 %8.1f ms  max %8.1f ms\n",
                percentile(obs, 0.5), percentile(obs, 0.99), obs.back());
}

/// The restart: a fresh process runs the trigger on the filled database as the daemon does.
int runTrigger(const QString &url, const Plan &plan)
{
    QString why;
    const int burst = plan.burst, sample = plan.sample;
    const qint64 burstAt = plan.burstAt, sampleFrom = plan.sampleFrom;
    const int sampleS = plan.sampleS;
    kafka::EmbeddedBroker broker;
    if (!broker.start(1))
        qFatal("embedded broker did not start");
    if (broker.createTopics(TopicCatalog::builtin()).isError())
        qFatal("topics not created");
    auto db = store::Database::open(url, &why);
    if (!db)
        qFatal("%s", qPrintable(why));
    events::EventSerializer serializer;
    services::ReminderTrigger trigger(db.get(), &serializer);
    processing::RunnerOptions ro;
    ro.group = trigger.group();
    ro.topics = {QStringLiteral("todo.reminders.events")};
    ro.kafka = kafka::KafkaConfig(broker.bootstrapServers());
    ro.consumer = kafka::KafkaConfig::embeddedConsumerTuning();
    processing::ConsumerRunner runner(db.get(), ro);

    // Slots run in connection order: these two bracket the trigger's own load-and-arm slot.
    QEventLoop loop;
    QElapsedTimer sinceStart;
    qint64 assignedNs = -1, loadNs = -1, rssAfter = -1, armedAt = 0;
    int assigned = 0;
    QObject::connect(&runner, &processing::ConsumerRunner::partitionsAssigned, &runner,
                     [&](const kafka::TopicPartitionList &tps) {
                         assigned += int(tps.size());
                         if (assignedNs < 0)
                             assignedNs = sinceStart.nsecsElapsed();
                     });
    trigger.install(runner);
    QObject::connect(&runner, &processing::ConsumerRunner::partitionsAssigned, &runner,
                     [&](const kafka::TopicPartitionList &) {
                         if (loadNs < 0 && trigger.armedCount() > 0) {
                             loadNs = sinceStart.nsecsElapsed() - assignedNs;
                             rssAfter = rssKb();
                             armedAt = QDateTime::currentMSecsSinceEpoch();
                             loop.quit();
                         }
                     });

    const int expected = burst + sample;
    std::vector<Firing> burstFired, sampleFired;
    burstFired.reserve(burst);
    sampleFired.reserve(sample);
    int otherFired = 0;
    QObject::connect(&trigger, &services::ReminderTrigger::fired, &runner, [&](const QJsonObject &n) {
        const double observed = wallMs();
        const QJsonObject &body = n; // the firing: remind_at, fired_at, title, late
        const QString title = n.value(QStringLiteral("title")).toString();
        const Firing f{QDateTime::fromString(body.value(QStringLiteral("remind_at")).toString(), Qt::ISODateWithMs)
                           .toMSecsSinceEpoch(),
                       QDateTime::fromString(body.value(QStringLiteral("fired_at")).toString(), Qt::ISODateWithMs)
                           .toMSecsSinceEpoch(),
                       observed};
        if (title.startsWith(QLatin1String("burst")))
            burstFired.push_back(f);
        else if (title.startsWith(QLatin1String("sample")))
            sampleFired.push_back(f);
        else
            ++otherFired;
        if (int(burstFired.size() + sampleFired.size()) == expected)
            loop.quit();
    });

    const qint64 rssBefore = rssKb();
    sinceStart.start();
    kafka::KafkaError e;
    if (!runner.start(&e))
        qFatal("%s", qPrintable(e.toString()));
    const qint64 deadline = sampleFrom + qint64(sampleS) * 1000 + 30000;
    QTimer giveUp;
    giveUp.setSingleShot(true);
    QObject::connect(&giveUp, &QTimer::timeout, &loop, &QEventLoop::quit);
    giveUp.start(int(deadline - QDateTime::currentMSecsSinceEpoch()));
    loop.exec();
    if (loadNs < 0)
        qFatal("the trigger armed nothing (%d partitions assigned)", assigned);
    std::printf("reload: %d partitions assigned %.2f s after the runner started; the trigger loaded and armed %d "
                "pending reminders in %.2f s\n",
                assigned, assignedNs / 1e9, trigger.armedCount(), loadNs / 1e9);
    std::printf("VmRSS: %.1f MB before, %.1f MB after the load (+%.1f MB)\n", rssBefore / 1024.0, rssAfter / 1024.0,
                (rssAfter - rssBefore) / 1024.0);
    if (armedAt > burstAt)
        std::printf("warning: the burst fell due before the trigger was armed: raise --lead-s\n");
    std::fflush(stdout);

    if (int(burstFired.size() + sampleFired.size()) < expected && giveUp.isActive())
        loop.exec();
    runner.stop();
    trigger.stopped();

    std::printf("\nfiring:\n");
    reportLateness("burst", burstFired, burst);
    if (!burstFired.empty()) {
        auto [first, last] =
            std::minmax_element(burstFired.begin(), burstFired.end(),
                                [](const Firing &a, const Firing &b) { return a.observed < b.observed; });
        std::printf("        burst of %zu: first to last firing %.1f ms (%.0f firings/s)\n", burstFired.size(),
                    last->observed - first->observed,
                    burstFired.size() / std::max(0.001, (last->observed - first->observed) / 1000.0));
    }
    reportLateness("sample", sampleFired, sample);
    if (otherFired > 0)
        std::printf("warning: %d far reminders fired\n", otherFired);
    std::printf("VmRSS at the end: %.1f MB\n", rssKb() / 1024.0);
    return 0;
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    // As the daemon would in production minus the per-firing notification log line.
    QLoggingCategory::setFilterRules(QStringLiteral("taskstream.*.info=false"));
    QCommandLineParser p;
    const QCommandLineOption burstOpt(QStringLiteral("burst"), QStringLiteral("reminders due together (10000)"),
                                      QStringLiteral("n"), QStringLiteral("10000"));
    const QCommandLineOption windowOpt(QStringLiteral("burst-window-ms"),
                                       QStringLiteral("spread the burst over this many ms (0)"), QStringLiteral("ms"),
                                       QStringLiteral("0"));
    const QCommandLineOption leadOpt(QStringLiteral("lead-s"),
                                     QStringLiteral("the burst is due this long after the fill (20)"),
                                     QStringLiteral("s"), QStringLiteral("20"));
    const QCommandLineOption sampleOpt(QStringLiteral("sample"),
                                       QStringLiteral("spread reminders due during the run (2000)"),
                                       QStringLiteral("n"), QStringLiteral("2000"));
    const QCommandLineOption sampleSecsOpt(QStringLiteral("sample-s"),
                                           QStringLiteral("the sample is spread over this long (30)"),
                                           QStringLiteral("s"), QStringLiteral("30"));
    const QCommandLineOption sampleGapOpt(QStringLiteral("sample-gap-s"),
                                          QStringLiteral("the sample starts this long after the burst (5)"),
                                          QStringLiteral("s"), QStringLiteral("5"));
    QCommandLineOption triggerOpt(QStringLiteral("trigger")); // the child process
    QCommandLineOption databaseOpt(QStringLiteral("database"), {}, QStringLiteral("url"));
    QCommandLineOption burstAtOpt(QStringLiteral("burst-at"), {}, QStringLiteral("ms"));
    QCommandLineOption sampleFromOpt(QStringLiteral("sample-from"), {}, QStringLiteral("ms"));
    triggerOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    databaseOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    burstAtOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    sampleFromOpt.setFlags(QCommandLineOption::HiddenFromHelp);
    p.addOptions({burstOpt, windowOpt, leadOpt, sampleOpt, sampleSecsOpt, sampleGapOpt, triggerOpt, databaseOpt,
                  burstAtOpt, sampleFromOpt});
    p.addHelpOption();
    p.addPositionalArgument(QStringLiteral("reminders"), QStringLiteral("pending reminders in all (1000000)"));
    p.addPositionalArgument(QStringLiteral("database-url"), QStringLiteral("PostgreSQL URL (default: SQLite file)"));
    p.process(app);
    const QStringList pos = p.positionalArguments();
    const int total = pos.value(0, QStringLiteral("1000000")).toInt();
    const int burst = p.value(burstOpt).toInt();
    const int burstWindowMs = p.value(windowOpt).toInt();
    const int leadS = p.value(leadOpt).toInt();
    const int sample = p.value(sampleOpt).toInt();
    const int sampleS = p.value(sampleSecsOpt).toInt();
    const int sampleGapS = p.value(sampleGapOpt).toInt();
    if (p.isSet(triggerOpt))
        return runTrigger(p.value(databaseOpt), Plan{burst, sample, sampleS, p.value(burstAtOpt).toLongLong(),
                                                     p.value(sampleFromOpt).toLongLong()});
    const int far = total - burst - sample;
    if (far < 0)
        qFatal("burst + sample exceed the reminders in all");

    QTemporaryDir dir;
    const QString url = pos.size() > 1 ? pos.at(1) : dir.filePath(QStringLiteral("reminders.db"));
    QString why;
    qint64 burstAt = 0, sampleFrom = 0;
    QString kindName;
    {
        auto db = store::Database::open(url, &why);
        if (!db)
            qFatal("%s", qPrintable(why));
        kindName = db->kindName();
        if (const qint64 n = store::ReminderStore(db.get()).pendingCount().valueOr(0); n > 0)
            qFatal("the database already holds %lld pending reminders: give an empty one", n);
        QElapsedTimer fill;
        fill.start();
        Filler filler(db.get());
        const qint64 farFrom = QDateTime::currentMSecsSinceEpoch() + 3600 * 1000;
        const qint64 farSpan = qint64(30) * 24 * 3600 * 1000;
        for (int i = 0; i < far; ++i)
            filler.add(farFrom + farSpan * i / std::max(1, far), QStringLiteral("far %1").arg(i));
        burstAt = QDateTime::currentMSecsSinceEpoch() + qint64(leadS) * 1000;
        burstAt -= burstAt % 1000; // a whole second
        for (int i = 0; i < burst; ++i)
            filler.add(burstAt + (burstWindowMs > 0 ? qint64(burstWindowMs) * i / burst : 0),
                       QStringLiteral("burst %1").arg(i));
        sampleFrom = burstAt + std::max(burstWindowMs, 0) + qint64(sampleGapS) * 1000; // after the burst
        for (int i = 0; i < sample; ++i)
            filler.add(sampleFrom + qint64(sampleS) * 1000 * i / std::max(1, sample),
                       QStringLiteral("sample %1").arg(i));
        filler.finish();
        if (db->kind() == store::Database::Kind::PostgreSQL)
            QSqlQuery(db->db()).exec(QStringLiteral("ANALYZE reminders"));
        const double secs = fill.nsecsElapsed() / 1e9;
        std::printf("%s: %d pending reminders written in %.1f s (%.0f rows/s) on %d partitions: %d far (next 30 "
                    "days), %d due together in %.1f s, %d spread over %d s after them\n",
                    qPrintable(kindName), total, secs, total / secs, Partitions, far, burst,
                    (burstAt - QDateTime::currentMSecsSinceEpoch()) / 1000.0, sample, sampleS);
        std::fflush(stdout);
    } // the filling connection closes
    // The trigger runs in a fresh process, as after a restart: its memory is its own.
    QStringList args{QStringLiteral("--trigger"),  QStringLiteral("--database"), url,
                     QStringLiteral("--burst-at"), QString::number(burstAt),     QStringLiteral("--sample-from"),
                     QString::number(sampleFrom),  QStringLiteral("--burst"),    QString::number(burst),
                     QStringLiteral("--sample"),   QString::number(sample),      QStringLiteral("--sample-s"),
                     QString::number(sampleS)};
    QProcess child;
    child.setProcessChannelMode(QProcess::ForwardedChannels);
    child.start(QCoreApplication::applicationFilePath(), args);
    if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit)
        qFatal("the trigger process failed");
    return child.exitCode();
}
