// A consumer-group member as its own process, for the crash tests: one ConsumerRunner whose
// handler writes one row per TaskCreated into the "effects" table, tagged with the worker name.
//
//   effect_worker --bootstrap HOST:PORT --group G --topic T --database URL --name N
//                 [--commit-interval-ms MS]
//
// A line "die" on its standard input arms it (it answers {"armed":true}): the next batch with
// effects sends it SIGKILL right after the batch's database commit, before the batch's offsets
// are committed to Kafka.
// It prints JSON lines on stdout: {"assigned":N} on each rebalance and the runner's counters
// every 100 ms while they change. Closing its standard input stops it cleanly (final counters,
// exit 0); SIGKILL is what the crash test sends.
#include "processing/ConsumerRunner.h"
#include "support/ProcessingTestSupport.h"

#include <csignal>
#include <cstdio>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>
#include <QTimer>

#include <unistd.h>

using namespace taskstream;
using namespace taskstream::processing;

namespace {
void say(const QJsonObject &o)
{
    std::fputs(QJsonDocument(o).toJson(QJsonDocument::Compact).constData(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QJsonObject counters(const ConsumerRunner &r)
{
    const ProcessingMetrics &m = r.metrics();
    return {{QStringLiteral("processed"), qint64(m.processed)},
            {QStringLiteral("duplicates"), qint64(m.duplicates)},
            {QStringLiteral("deadLettered"), qint64(m.deadLettered)},
            {QStringLiteral("commits"), qint64(m.offsetCommits)},
            {QStringLiteral("assigned"), int(r.assignment().size())}};
}
} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser p;
    const QCommandLineOption bootstrap(QStringLiteral("bootstrap"), QStringLiteral("bootstrap servers"),
                                       QStringLiteral("servers"));
    const QCommandLineOption group(QStringLiteral("group"), QStringLiteral("consumer group"), QStringLiteral("group"));
    const QCommandLineOption topic(QStringLiteral("topic"), QStringLiteral("topic"), QStringLiteral("topic"));
    const QCommandLineOption database(QStringLiteral("database"), QStringLiteral("database URL"),
                                      QStringLiteral("url"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("worker name"), QStringLiteral("name"));
    const QCommandLineOption interval(QStringLiteral("commit-interval-ms"), QStringLiteral("offset commit interval"),
                                      QStringLiteral("ms"), QStringLiteral("0"));
    p.addOptions({bootstrap, group, topic, database, name, interval});
    p.process(app);
    for (const auto &o : {bootstrap, group, topic, database, name})
        if (!p.isSet(o)) {
            std::fprintf(stderr, "effect_worker: --%s is required\n", qPrintable(o.names().first()));
            return 2;
        }

    QString why;
    auto db = store::Database::open(p.value(database), &why);
    if (!db) {
        std::fprintf(stderr, "effect_worker: %s\n", qPrintable(why));
        return 1;
    }
    RunnerOptions o;
    o.group = p.value(group);
    o.topics = {p.value(topic)};
    o.kafka = kafka::KafkaConfig(p.value(bootstrap));
    o.consumer = kafka::KafkaConfig::embeddedConsumerTuning();
    o.commitIntervalMs = p.value(interval).toInt();
    ConsumerRunner runner(db.get(), o);
    const QString worker = p.value(name);
    runner.addHandler(QString::fromLatin1(events::TaskCreated::TypeName),
                      [worker](const HandlerContext &ctx) { return testsupport::writeEffect(ctx, worker); });
    QObject::connect(&runner, &ConsumerRunner::partitionsAssigned, &runner, [&runner] {
        say({{QStringLiteral("assigned"), int(runner.assignment().size())}});
    });
    bool armed = false;
    // batchCommitted is emitted after the transaction commits and before the offsets go to Kafka.
    QObject::connect(&runner, &ConsumerRunner::batchCommitted, &runner, [&armed](int processed) {
        if (!armed)
            return;
        say({{QStringLiteral("dying"), processed}});
        ::kill(::getpid(), SIGKILL);
    });
    QObject::connect(&runner, &ConsumerRunner::fatalError, &app, [](const kafka::KafkaError &e) {
        std::fprintf(stderr, "effect_worker: fatal: %s\n", qPrintable(e.toString()));
        QCoreApplication::exit(1);
    });
    kafka::KafkaError e;
    if (!runner.start(&e)) {
        std::fprintf(stderr, "effect_worker: %s\n", qPrintable(e.toString()));
        return 1;
    }

    QJsonObject last;
    QTimer report;
    QObject::connect(&report, &QTimer::timeout, &runner, [&] {
        const QJsonObject now = counters(runner);
        if (now != last)
            say(now);
        last = now;
    });
    report.start(100);

    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buf[256];
        const ssize_t n = ::read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) {
            input.setEnabled(false);
            QCoreApplication::quit();
        } else if (QByteArray(buf, int(n)).contains("die")) {
            armed = true;
            say({{QStringLiteral("armed"), true}});
        }
    });
    const int rc = app.exec();
    runner.stop();
    QJsonObject final = counters(runner);
    final.insert(QStringLiteral("final"), true);
    say(final);
    return rc;
}
