// taskstream-fault-broker: the embedded Kafka-protocol cluster in a process of its own, so that
// taskstreamd processes (`--brokers=...`) can be killed and restarted while the cluster, its
// topics and its records live on, and so that a test can inject the cluster's faults from outside.
//
//   taskstream-fault-broker [--brokers N] [--no-topics]
//
// Prints `bootstrap.servers=HOST:PORT,...` and then `ready` on standard output, then reads one
// command a line on standard input and answers each with one line, `ok ...` or `error: ...`:
//
//   down ID|all            disconnect a broker (1..N) or every broker; new connections are refused
//   up ID|all              let it (them) serve again
//   rtt ID|all MS          add MS milliseconds of round-trip time to a broker's answers (0: none)
//   errors APIKEY CODE...  the next requests of APIKEY (Kafka protocol ApiKey, e.g. 0 = Produce)
//                          fail with these Kafka error codes in turn
//   clear APIKEY           forget the errors queued for APIKEY
//   leader TOPIC PARTITION ID
//   quit                   stop the cluster and exit 0 (end of input does the same)

#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"

#include <cstdio>
#include <functional>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QTextStream>

#include <unistd.h>

using taskstream::TopicCatalog;
using taskstream::kafka::EmbeddedBroker;
using taskstream::kafka::KafkaError;

namespace {

void say(const QString &line)
{
    std::fputs(qPrintable(line + QLatin1Char('\n')), stdout);
    std::fflush(stdout);
}

/// "all" is -1; otherwise a broker id from 1 to \a count.
bool brokerId(const QString &text, int count, int *id)
{
    if (text == QLatin1String("all")) {
        *id = -1;
        return true;
    }
    bool ok = false;
    *id = text.toInt(&ok);
    return ok && *id >= 1 && *id <= count;
}

/// Carries out one command line; the answer line.
QString execute(EmbeddedBroker &broker, const QString &line, bool *quit)
{
    const QStringList w = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (w.isEmpty())
        return QStringLiteral("error: empty command");
    const QString &cmd = w.first();
    const int n = broker.brokerCount();
    int id = 0;
    auto outcome = [&](const KafkaError &e) {
        return e.isError() ? QStringLiteral("error: ") + e.toString() : QStringLiteral("ok ") + line;
    };
    // Applies f to one broker or, for "all", to each: the mock cluster's "all" for down/up only
    // affects brokers one by one anyway, and RTT has no "all" of its own.
    auto eachBroker = [&](const std::function<KafkaError(int)> &f) {
        for (int b = (id == -1 ? 1 : id); b <= (id == -1 ? n : id); ++b) {
            const KafkaError e = f(b);
            if (e.isError())
                return e;
        }
        return KafkaError();
    };
    if ((cmd == QLatin1String("down") || cmd == QLatin1String("up")) && w.size() == 2) {
        if (!brokerId(w.at(1), n, &id))
            return QStringLiteral("error: broker '%1' is neither 'all' nor 1..%2").arg(w.at(1)).arg(n);
        const bool down = cmd == QLatin1String("down");
        return outcome(eachBroker([&](int b) { return down ? broker.setBrokerDown(b) : broker.setBrokerUp(b); }));
    }
    if (cmd == QLatin1String("rtt") && w.size() == 3) {
        bool ok = false;
        const int ms = w.at(2).toInt(&ok);
        if (!brokerId(w.at(1), n, &id) || !ok || ms < 0)
            return QStringLiteral("error: usage: rtt ID|all MS (ID 1..%1, MS >= 0)").arg(n);
        return outcome(eachBroker([&](int b) { return broker.setBrokerRtt(b, ms); }));
    }
    if (cmd == QLatin1String("errors") && w.size() >= 3) {
        bool ok = false;
        const int apiKey = w.at(1).toInt(&ok);
        if (!ok || apiKey < 0)
            return QStringLiteral("error: usage: errors APIKEY CODE...");
        QList<int> codes;
        for (int i = 2; i < w.size(); ++i) {
            const int code = w.at(i).toInt(&ok);
            if (!ok)
                return QStringLiteral("error: '%1' is not a Kafka error code").arg(w.at(i));
            codes << code;
        }
        broker.pushRequestErrors(apiKey, codes);
        return QStringLiteral("ok ") + line;
    }
    if (cmd == QLatin1String("clear") && w.size() == 2) {
        bool ok = false;
        const int apiKey = w.at(1).toInt(&ok);
        if (!ok || apiKey < 0)
            return QStringLiteral("error: usage: clear APIKEY");
        broker.clearRequestErrors(apiKey);
        return QStringLiteral("ok ") + line;
    }
    if (cmd == QLatin1String("leader") && w.size() == 4) {
        bool ok1 = false;
        const int partition = w.at(2).toInt(&ok1);
        if (!ok1 || !brokerId(w.at(3), n, &id) || id == -1)
            return QStringLiteral("error: usage: leader TOPIC PARTITION ID");
        return outcome(broker.setPartitionLeader(w.at(1), partition, id));
    }
    if (cmd == QLatin1String("quit") && w.size() == 1) {
        *quit = true;
        return QStringLiteral("ok quit");
    }
    return QStringLiteral("error: unknown command '%1' (down, up, rtt, errors, clear, leader, quit)").arg(line);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("The embedded Kafka-protocol cluster as a process, with fault controls on standard input."));
    parser.addHelpOption();
    parser.addOption({QStringLiteral("brokers"), QStringLiteral("Number of brokers (default 3)."), QStringLiteral("n"),
                      QStringLiteral("3")});
    parser.addOption({QStringLiteral("no-topics"), QStringLiteral("Do not create the catalog's topics.")});
    parser.process(app);
    bool ok = false;
    const int count = parser.value(QStringLiteral("brokers")).toInt(&ok);
    if (!ok || count < 1 || count > 16) {
        std::fprintf(stderr, "--brokers: '%s' is not a number from 1 to 16\n",
                     qPrintable(parser.value(QStringLiteral("brokers"))));
        return 2;
    }

    EmbeddedBroker broker;
    KafkaError error;
    if (!broker.start(count, &error)) {
        std::fprintf(stderr, "cannot start the embedded broker: %s\n", qPrintable(error.toString()));
        return 1;
    }
    if (!parser.isSet(QStringLiteral("no-topics"))) {
        error = broker.createTopics(TopicCatalog::builtin());
        if (error.isError()) {
            std::fprintf(stderr, "cannot create the catalog's topics: %s\n", qPrintable(error.toString()));
            return 1;
        }
    }
    say(QStringLiteral("bootstrap.servers=") + broker.bootstrapServers());
    say(QStringLiteral("ready"));

    QByteArray pending;
    QSocketNotifier input(STDIN_FILENO, QSocketNotifier::Read);
    QObject::connect(&input, &QSocketNotifier::activated, &app, [&] {
        char buf[4096];
        const ssize_t got = ::read(STDIN_FILENO, buf, sizeof buf);
        if (got <= 0) { // the controlling process went away: so does the cluster
            input.setEnabled(false);
            app.quit();
            return;
        }
        pending.append(buf, int(got));
        int eol = 0;
        while ((eol = pending.indexOf('\n')) >= 0) {
            const QString line = QString::fromUtf8(pending.left(eol)).trimmed();
            pending.remove(0, eol + 1);
            if (line.isEmpty())
                continue;
            bool quit = false;
            say(execute(broker, line, &quit));
            if (quit) {
                input.setEnabled(false);
                app.quit();
                return;
            }
        }
    });
    const int rc = app.exec();
    broker.stop();
    return rc;
}
