// The Messages tab's search over a large topic: how long it takes, how many records a second it
// reads, and what the window's thread does meanwhile (every event dispatched on it is timed around
// QApplication::notify; a 1 ms heartbeat timer's lateness), then how soon Cancel takes effect.
//
//   bench_console_search [--records N] [--partitions P] [--match-every K]
//
// Prints figures; asserts nothing.
#include "ClusterMonitor.h"
#include "MessageSearchBar.h"
#include "MessagesPanel.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaProducer.h"

#include <algorithm>
#include <cstdio>
#include <tuple>
#include <vector>

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProgressBar>
#include <QThread>
#include <QTimer>

using namespace taskstream;
using namespace taskstream::console;

namespace {

class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    bool measuring = false;
    std::vector<qint64> times;
    /// The slowest dispatches: time, receiver class, event type.
    std::vector<std::tuple<qint64, QByteArray, int>> worst;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (!measuring || QThread::currentThread() != thread() || m_depth > 0) {
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            return r;
        }
        const QByteArray cls = receiver->metaObject()->className();
        const int type = int(event->type());
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        times.push_back(ns);
        --m_depth;
        if (ns > 16000000)
            worst.emplace_back(ns, cls, type);
        return r;
    }

private:
    int m_depth = 0;
};

/// Runs an event loop until \a done or \a timeoutMs; false on the timeout.
template <class F> bool waitFor(F done, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer check;
    QObject::connect(&check, &QTimer::timeout, &loop, [&] {
        if (done() || t.elapsed() > timeoutMs)
            loop.quit();
    });
    check.start(5);
    if (!done())
        loop.exec();
    return done();
}

double ms(qint64 ns)
{
    return ns / 1e6;
}

} // namespace

int main(int argc, char **argv)
{
    TimingApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption recordsOption(QStringLiteral("records"), QStringLiteral("records in the topic"),
                                     QStringLiteral("N"), QStringLiteral("100000"));
    QCommandLineOption partitionsOption(QStringLiteral("partitions"), QStringLiteral("partitions of the topic"),
                                        QStringLiteral("P"), QStringLiteral("6"));
    QCommandLineOption everyOption(QStringLiteral("match-every"), QStringLiteral("every Kth record matches"),
                                   QStringLiteral("K"), QStringLiteral("100"));
    parser.addOptions({recordsOption, partitionsOption, everyOption});
    parser.process(app);
    const int records = parser.value(recordsOption).toInt();
    const int partitions = parser.value(partitionsOption).toInt();
    const int every = qMax(1, parser.value(everyOption).toInt());

    kafka::EmbeddedBroker broker;
    if (!broker.start(1)) {
        std::fprintf(stderr, "the embedded broker did not start\n");
        return 1;
    }
    const QString topic = QStringLiteral("bench.search");
    broker.createTopic(topic, partitions, 1);
    {
        kafka::KafkaProducer producer;
        producer.open(kafka::KafkaConfig(broker.bootstrapServers()));
        int delivered = 0;
        QObject::connect(&producer, &kafka::KafkaProducer::delivered, &producer,
                         [&](const kafka::DeliveryReport &) { ++delivered; });
        for (int i = 0; i < records; ++i) {
            const QByteArray value = QByteArray(R"({"type":"bench","i":)") + QByteArray::number(i) +
                                     (i % every == 0 ? R"(,"note":"needle"})" : R"(,"note":"hay"})");
            while (producer.produce(topic, "key-" + QByteArray::number(i), value, {}, i % partitions) == 0)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
        }
        if (!waitFor([&] { return delivered >= records; }, 300000)) {
            std::fprintf(stderr, "only %d of %d records were delivered\n", delivered, records);
            return 1;
        }
    }

    ClusterMonitor monitor;
    monitor.connectToCluster(broker.bootstrapServers());
    MessagesPanel panel(&monitor);
    panel.resize(1400, 800);
    panel.show();
    auto *topics = panel.findChild<QComboBox *>(QStringLiteral("messagesTopicBox"));
    if (!waitFor([&] { return topics->findText(topic) >= 0; }, 60000)) {
        std::fprintf(stderr, "the topic did not show\n");
        return 1;
    }
    panel.selectTopic(topic);
    MessageSearchBar *bar = panel.searchBar();

    qint64 heartbeatLateMax = 0;
    QElapsedTimer beat;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, &heartbeat, [&] {
        if (beat.isValid())
            heartbeatLateMax = qMax(heartbeatLateMax, beat.nsecsElapsed() - 1000000);
        beat.restart();
    });

    // 1. A search that reads everything.
    bar->setValueText(QStringLiteral("needle"));
    bool finished = false;
    qint64 scanned = 0, matches = 0;
    QObject::connect(bar, &MessageSearchBar::searchFinished, bar, [&](qint64 s, qint64 m, bool, const QString &) {
        scanned = s;
        matches = m;
        finished = true;
    });
    app.times.clear();
    app.measuring = true;
    heartbeat.start();
    QElapsedTimer clock;
    clock.start();
    bar->search();
    waitFor([&] { return finished; }, 600000);
    const qint64 searchNs = clock.nsecsElapsed();
    heartbeat.stop();
    app.measuring = false;
    std::vector<qint64> t = app.times;
    std::sort(t.begin(), t.end());
    const auto pct = [&](double p) { return t.empty() ? 0 : t[size_t(p * double(t.size() - 1))]; };
    const long over16 = long(std::count_if(t.begin(), t.end(), [](qint64 ns) { return ns > 16000000; }));
    std::printf("search: %lld records read, %lld matches in %.0f ms (%.0f records/s)\n", scanned, matches, ms(searchNs),
                scanned / (searchNs / 1e9));
    std::printf("GUI thread meanwhile: %zu events, dispatch p50 %.2f ms, p99 %.2f ms, max %.2f ms, %ld over 16 ms; "
                "1 ms heartbeat late by at most %.1f ms\n",
                t.size(), ms(pct(0.5)), ms(pct(0.99)), ms(t.empty() ? 0 : t.back()), over16, ms(heartbeatLateMax));

    std::sort(app.worst.begin(), app.worst.end(), [](const auto &a, const auto &b) { return a > b; });
    for (size_t i = 0; i < std::min<size_t>(5, app.worst.size()); ++i)
        std::printf("  slow dispatch: %.1f ms, %s, event type %d\n", ms(std::get<0>(app.worst[i])),
                    std::get<1>(app.worst[i]).constData(), std::get<2>(app.worst[i]));

    // 2. Cancel at the first progress report.
    finished = false;
    bool cancelled = false;
    qint64 cancelAt = 0;
    QObject::connect(bar, &MessageSearchBar::searchFinished, bar,
                     [&](qint64, qint64, bool c, const QString &) { cancelled = c; });
    clock.restart();
    bar->search();
    waitFor([&] { return bar->progressBar()->value() > 0 || finished; }, 600000);
    cancelAt = clock.nsecsElapsed();
    bar->cancel();
    waitFor([&] { return finished; }, 600000);
    std::printf("cancel: asked %.0f ms after the start, with %lld records read; finished %.1f ms later (%s)\n",
                ms(cancelAt), scanned, ms(clock.nsecsElapsed() - cancelAt), cancelled ? "cancelled" : "had ended");
    return 0;
}
