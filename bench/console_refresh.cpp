// Responsiveness of the console while it refreshes a large cluster: the real MainWindow, connected
// to the embedded broker with about 1,000 partitions, refreshed again and again (what F5 does),
// while every event the GUI thread dispatches is timed.
//
//   QT_QPA_PLATFORM=offscreen bench_console_refresh [--cycles N] [--interval MS]
//       [--topics N] [--partitions N] [--catalog-partitions N] [--records N] [--load N] [--no-expand]
//       [--sort-by-size]
//
// Topics: the catalog's (its event topics with --catalog-partitions each, so the catalog's
// consumer groups span many partitions) plus --topics extra topics of --partitions each. Records go
// to every partition of the catalog's event topics and to every other partition of the extra topics
// (an hour old, so the lag in time means something), a few to every DLQ; every catalog group has
// committed half of each of its partitions, so the groups tab has lag on all of them. During the
// cycles another thread produces --load records per second over the filled partitions, so every
// refresh brings new watermarks and lag. The first phase (connecting: the first fill of every
// model, then expanding all topics and groups) and the last (disconnecting) are reported apart
// from the refresh cycles.
//
// A stall is one event whose dispatch on the GUI thread took more than 16 ms (one frame at 60 Hz).
// Dispatch time is measured around QApplication::notify at nesting depth 1, so it includes
// everything the event caused: slots of queued and socket-notifier signals, model updates, layout
// and painting. A 1 ms heartbeat timer cross-checks it (its lateness is time the loop was busy).
// Beside the time on the clock, each long dispatch shows the CPU time the thread ran during it: on
// a shared machine the rest is time it waited for a core (or for Qt's GUI thread pool, which the
// raster engine hands tall fills to). Paint events, which come from inside the window's
// UpdateRequest, are added up by widget (time, CPU time, count, area painted).

#include "EventLoopWait.h"
#include "GroupMonitor.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaAdmin.h"
#include "kafka/KafkaProducer.h"
#include "models/ConsumerGroupsModel.h"
#include "models/TopicsModel.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <ctime>
#include <functional>
#include <vector>

#include <QApplication>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QEvent>
#include <QFile>
#include <QHash>
#include <QMetaEnum>
#include <QPaintEvent>
#include <QStandardPaths>
#include <QTabWidget>
#include <QThread>
#include <QTimer>
#include <QTreeView>

using namespace taskstream;
using namespace taskstream::console;

namespace {

constexpr qint64 kStallNs = 16'000'000;

struct Dispatch
{
    qint64 ns = 0;
    qint64 cpuNs = 0; ///< of it, time the window's thread ran (the rest it waited for a core)
    QString what;
};

/// CPU time the calling thread has run: on a shared machine a dispatch can take long on the clock
/// while the thread waits for a core, which this tells apart from work.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Times every event dispatched at nesting depth 1 (events sent from inside another event's
/// handling count towards the outer one).
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        // Only the GUI thread's events: other threads (the load, Qt's workers) have loops of their own.
        if (QThread::currentThread() != thread())
            return QApplication::notify(receiver, event);
        if (!m_measuring)
            return QApplication::notify(receiver, event);
        if (event->type() == QEvent::Paint)
            return timePaint(receiver, event);
        if (m_depth > 0) {
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            return r;
        }
        // Read before dispatch: the receiver (and the event) may be gone afterwards.
        const QEvent::Type type = event->type();
        const char *cls = receiver->metaObject()->className();
        const QString name = receiver->objectName();
        const QObject *parent = receiver->parent();
        const char *parentCls = parent ? parent->metaObject()->className() : nullptr;
        const QString parentName = parent ? parent->objectName() : QString();

        ++m_depth;
        const qint64 cpuBefore = threadCpuNs();
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        const qint64 cpuNs = threadCpuNs() - cpuBefore;
        --m_depth;

        m_times.push_back(ns);
        m_cpuTimes.push_back(cpuNs);
        if (cpuNs > kStallNs)
            ++m_cpuStallCount;
        TypeTotal &total = m_byType[type];
        total.ns += ns;
        total.maxNs = qMax(total.maxNs, ns);
        ++total.count;
        if (ns > kStallNs) {
            ++m_stallCount;
            m_stalledNs += ns;
        }
        if (m_worst.size() < kWorst || ns > m_worst.back().ns) {
            QString what = QStringLiteral("%1").arg(QString::fromLatin1(cls));
            if (!name.isEmpty())
                what += QStringLiteral(" \"%1\"").arg(name);
            if (parentCls) {
                what += QStringLiteral(" (in %1").arg(QString::fromLatin1(parentCls));
                if (!parentName.isEmpty())
                    what += QStringLiteral(" \"%1\"").arg(parentName);
                what += QLatin1Char(')');
            }
            const char *typeName = QMetaEnum::fromType<QEvent::Type>().valueToKey(type);
            what += QStringLiteral(", %1").arg(typeName ? QString::fromLatin1(typeName) : QString::number(type));
            if (m_context)
                what += QStringLiteral(" [%1]").arg(m_context());
            const Dispatch d{ns, cpuNs, what};
            m_worst.insert(std::upper_bound(m_worst.begin(), m_worst.end(), d,
                                            [](const Dispatch &a, const Dispatch &b) { return a.ns > b.ns; }),
                           d);
            if (m_worst.size() > kWorst)
                m_worst.pop_back();
        }
        return r;
    }

    /// Paint events come from inside the window's UpdateRequest, one per widget drawn (a parent's
    /// before its children's, not around them), so each is timed on its own and added up by widget.
    bool timePaint(QObject *receiver, QEvent *event)
    {
        QString who = QString::fromLatin1(receiver->metaObject()->className());
        if (!receiver->objectName().isEmpty())
            who += QStringLiteral(" \"%1\"").arg(receiver->objectName());
        else if (const QObject *parent = receiver->parent())
            who += QStringLiteral(" (in %1 \"%2\")")
                       .arg(QString::fromLatin1(parent->metaObject()->className()), parent->objectName());
        const QRect rect = static_cast<QPaintEvent *>(event)->rect();
        ++m_depth;
        const qint64 cpuBefore = threadCpuNs();
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        const qint64 cpuNs = threadCpuNs() - cpuBefore;
        --m_depth;
        PaintTotal &total = m_paints[who];
        total.ns += ns;
        total.cpuNs += cpuNs;
        total.maxNs = qMax(total.maxNs, ns);
        total.pixels += qint64(rect.width()) * rect.height();
        ++total.count;
        return r;
    }

    void setMeasuring(bool on) { m_measuring = on; }
    /// Says what the window showed, for the longest dispatches.
    void setContext(std::function<QString()> context) { m_context = std::move(context); }
    /// Prints what was measured since the last report, and starts afresh.
    void report(const char *phase);

private:
    int m_depth = 0;
    bool m_measuring = false;
    std::vector<qint64> m_times;
    std::vector<qint64> m_cpuTimes;
    int m_cpuStallCount = 0;
    static constexpr size_t kWorst = 10;
    std::vector<Dispatch> m_worst; ///< the longest dispatches, longest first
    int m_stallCount = 0;
    qint64 m_stalledNs = 0;
    std::function<QString()> m_context;
    struct TypeTotal
    {
        qint64 ns = 0;
        qint64 maxNs = 0;
        int count = 0;
    };
    QHash<int, TypeTotal> m_byType;
    struct PaintTotal
    {
        qint64 ns = 0;
        qint64 cpuNs = 0;
        qint64 maxNs = 0;
        qint64 pixels = 0;
        int count = 0;
    };
    QHash<QString, PaintTotal> m_paints; ///< by widget
};

double percentileMs(std::vector<qint64> v, double p);
double maxMs(const std::vector<qint64> &v);

void TimingApplication::report(const char *phase)
{
    std::printf("%s: %zu events dispatched; dispatch time p50 %.3f ms, p99 %.3f ms, max %.1f ms\n", phase,
                m_times.size(), percentileMs(m_times, 0.5), percentileMs(m_times, 0.99), maxMs(m_times));
    std::printf("  stalls > 16 ms: %d (%.0f ms in all); the longest dispatches (wall, of it CPU):\n", m_stallCount,
                double(m_stalledNs) / 1e6);
    for (const Dispatch &d : m_worst)
        std::printf("  %7.1f ms %6.1f ms  %s\n", double(d.ns) / 1e6, double(d.cpuNs) / 1e6, qPrintable(d.what));
    std::printf("  CPU time of the window's thread per dispatch: p99 %.3f ms, max %.1f ms, %d over 16 ms\n",
                percentileMs(m_cpuTimes, 0.99), maxMs(m_cpuTimes), m_cpuStallCount);
    std::vector<std::pair<int, TypeTotal>> types;
    for (auto it = m_byType.cbegin(); it != m_byType.cend(); ++it)
        types.push_back({it.key(), it.value()});
    std::sort(types.begin(), types.end(), [](const auto &a, const auto &b) { return a.second.ns > b.second.ns; });
    std::printf("  busiest event types (total, count, longest):\n");
    for (size_t i = 0; i < types.size() && i < 5; ++i) {
        const char *name = QMetaEnum::fromType<QEvent::Type>().valueToKey(types[i].first);
        std::printf("    %-16s %7.0f ms %7d %7.1f ms\n", name ? name : "?", double(types[i].second.ns) / 1e6,
                    types[i].second.count, double(types[i].second.maxNs) / 1e6);
    }
    std::vector<std::pair<QString, PaintTotal>> paints;
    for (auto it = m_paints.cbegin(); it != m_paints.cend(); ++it)
        paints.push_back({it.key(), it.value()});
    std::sort(paints.begin(), paints.end(), [](const auto &a, const auto &b) { return a.second.ns > b.second.ns; });
    std::printf("  widgets painted, most paint time first (total, of it CPU, paints, longest, mean area in "
                "pixels):\n");
    for (size_t i = 0; i < paints.size() && i < 8; ++i) {
        const PaintTotal &p = paints[i].second;
        std::printf("    %7.0f ms %7.0f ms %6d %7.1f ms %8lld  %s\n", double(p.ns) / 1e6, double(p.cpuNs) / 1e6,
                    p.count, double(p.maxNs) / 1e6, static_cast<long long>(p.pixels / qMax(1, p.count)),
                    qPrintable(paints[i].first));
    }
    m_paints.clear();
    m_cpuTimes.clear();
    m_cpuStallCount = 0;
    m_times.clear();
    m_worst.clear();
    m_stallCount = 0;
    m_stalledNs = 0;
    m_byType.clear();
}

double percentileMs(std::vector<qint64> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    const size_t i = std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5));
    return double(v[i]) / 1e6;
}

double maxMs(const std::vector<qint64> &v)
{
    return v.empty() ? 0 : double(*std::max_element(v.begin(), v.end())) / 1e6;
}

QString vmRss()
{
    QFile f(QStringLiteral("/proc/self/status"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return QString::fromLatin1(line.mid(6).trimmed());
    }
    return QStringLiteral("?");
}

/// Keeps records coming while the console refreshes, from its own thread (its own event loop), so
/// every refresh finds new watermarks and lag, as on a cluster in use.
class Load : public QObject
{
public:
    Load(const QString &bootstrap, QList<kafka::TopicPartition> partitions, int perSecond)
        : m_bootstrap(bootstrap), m_partitions(std::move(partitions)), m_perTick(qMax(1, perSecond / 20))
    {
    }

    void start()
    {
        m_producer = new kafka::KafkaProducer(this);
        if (!m_producer->open(kafka::KafkaConfig(m_bootstrap)))
            return;
        auto *timer = new QTimer(this);
        connect(timer, &QTimer::timeout, this, [this] {
            for (int i = 0; i < m_perTick && !m_partitions.isEmpty(); ++i) {
                const kafka::TopicPartition &tp = m_partitions.at(m_next++ % m_partitions.size());
                if (m_producer->produce(tp.topic, "k", R"({"bench":"load"})", {}, tp.partition) > 0)
                    ++m_sent;
            }
        });
        timer->start(50);
    }
    qint64 sent() const { return m_sent; }

private:
    QString m_bootstrap;
    QList<kafka::TopicPartition> m_partitions;
    int m_perTick;
    qsizetype m_next = 0;
    std::atomic<qint64> m_sent{0};
    kafka::KafkaProducer *m_producer = nullptr;
};

[[noreturn]] void fail(const QString &what)
{
    std::fprintf(stderr, "bench_console_refresh: %s\n", qPrintable(what));
    std::exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    TimingApplication app(argc, argv);
    std::setvbuf(stdout, nullptr, _IOLBF, 0); // figures stay readable when piped
    QStandardPaths::setTestModeEnabled(true); // the window's settings stay out of the user's
    QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_console_refresh"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption cyclesOpt(QStringLiteral("cycles"), QStringLiteral("Refresh cycles measured."),
                                       QStringLiteral("N"), QStringLiteral("30"));
    const QCommandLineOption intervalOpt(QStringLiteral("interval"),
                                         QStringLiteral("Pause after a cycle before the next refresh."),
                                         QStringLiteral("MS"), QStringLiteral("100"));
    const QCommandLineOption topicsOpt(QStringLiteral("topics"), QStringLiteral("Extra topics."), QStringLiteral("N"),
                                       QStringLiteral("9"));
    const QCommandLineOption partitionsOpt(QStringLiteral("partitions"),
                                           QStringLiteral("Partitions of each extra topic."), QStringLiteral("N"),
                                           QStringLiteral("100"));
    const QCommandLineOption catalogOpt(QStringLiteral("catalog-partitions"),
                                        QStringLiteral("Partitions of each of the catalog's event topics."),
                                        QStringLiteral("N"), QStringLiteral("32"));
    const QCommandLineOption recordsOpt(QStringLiteral("records"),
                                        QStringLiteral("Records per partition that gets records."), QStringLiteral("N"),
                                        QStringLiteral("10"));
    const QCommandLineOption noExpandOpt(QStringLiteral("no-expand"),
                                         QStringLiteral("Leave the topics collapsed (default: all expanded)."));
    const QCommandLineOption loadOpt(QStringLiteral("load"),
                                     QStringLiteral("Records per second produced during the cycles (0: none)."),
                                     QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption sortOpt(QStringLiteral("sort-by-size"),
                                     QStringLiteral("Sort topics by records and groups by lag (default: by name)."));
    parser.addOptions(
        {sortOpt, loadOpt, cyclesOpt, intervalOpt, topicsOpt, partitionsOpt, catalogOpt, recordsOpt, noExpandOpt});
    parser.process(app);
    const int cycles = qMax(1, parser.value(cyclesOpt).toInt());
    const int interval = qMax(0, parser.value(intervalOpt).toInt());
    const int extraTopics = qMax(0, parser.value(topicsOpt).toInt());
    const int extraPartitions = qMax(1, parser.value(partitionsOpt).toInt());
    const int catalogPartitions = qMax(1, parser.value(catalogOpt).toInt());
    const int records = qMax(1, parser.value(recordsOpt).toInt());
    const int loadRate = qMax(0, parser.value(loadOpt).toInt());

    // The cluster.
    kafka::EmbeddedBroker broker;
    kafka::KafkaError error;
    if (!broker.start(3, &error))
        fail(QStringLiteral("embedded broker: %1").arg(error.toString()));
    const TopicCatalog &catalog = TopicCatalog::builtin();
    QMap<QString, int> topics; // name -> partitions
    for (const TopicSpec &spec : catalog.topics())
        topics.insert(spec.name, spec.isDlq() ? spec.partitions : catalogPartitions);
    for (int t = 0; t < extraTopics; ++t)
        topics.insert(QStringLiteral("bench.extra.%1").arg(t, 2, 10, QLatin1Char('0')), extraPartitions);
    int totalPartitions = 0;
    for (auto it = topics.cbegin(); it != topics.cend(); ++it) {
        error = broker.createTopic(it.key(), it.value(), 3);
        if (error.isError())
            fail(QStringLiteral("topic %1: %2").arg(it.key(), error.toString()));
        totalPartitions += it.value();
    }
    const QString bootstrap = broker.bootstrapServers();

    // Records, an hour old.
    QMap<QString, qint64> high; // "topic/partition" -> records written
    {
        kafka::KafkaProducer producer;
        if (!producer.open(kafka::KafkaConfig(bootstrap), &error))
            fail(QStringLiteral("producer: %1").arg(error.toString()));
        int sent = 0;
        int delivered = 0;
        int failed = 0;
        QObject::connect(&producer, &kafka::KafkaProducer::delivered, [&](const kafka::DeliveryReport &r) {
            ++delivered;
            if (r.error.isError())
                ++failed;
        });
        const qint64 hourAgo = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
        for (auto it = topics.cbegin(); it != topics.cend(); ++it) {
            const TopicSpec *spec = catalog.topic(it.key());
            const bool dlq = spec && spec->isDlq();
            for (int p = 0; p < it.value(); ++p) {
                if (!spec && p % 2 == 1)
                    continue; // every other partition of the extra topics stays empty
                const int n = dlq ? 2 : records;
                for (int i = 0; i < n; ++i) {
                    const QByteArray value = QByteArray(R"({"bench":true,"i":)") + QByteArray::number(i) + '}';
                    if (producer.produce(it.key(), QByteArray::number(i), value, {}, p, &error, hourAgo + i) == 0)
                        fail(QStringLiteral("produce: %1").arg(error.toString()));
                    ++sent;
                }
                high.insert(QStringLiteral("%1/%2").arg(it.key()).arg(p), n);
            }
        }
        if (!bench::waitUntil([&] { return delivered >= sent; }, 120000) || failed > 0)
            fail(QStringLiteral("%1 of %2 records delivered, %3 failed").arg(delivered).arg(sent).arg(failed));
    }

    // Every catalog group has committed half of each partition of its topics (no members).
    int committedPartitions = 0;
    {
        kafka::KafkaAdmin admin;
        if (!admin.open(kafka::KafkaConfig(bootstrap), &error))
            fail(QStringLiteral("admin: %1").arg(error.toString()));
        int pending = 0;
        QObject::connect(&admin, &kafka::KafkaAdmin::groupOffsetsReset,
                         [&](quint64, const QList<kafka::OffsetResetResult> &, const kafka::KafkaError &e) {
                             --pending;
                             if (e.isError())
                                 fail(QStringLiteral("commit: %1").arg(e.toString()));
                         });
        for (const ConsumerGroupSpec &group : catalog.consumerGroups()) {
            kafka::TopicPartitionList offsets;
            for (const QString &topic : group.topics) {
                for (int p = 0; p < topics.value(topic); ++p)
                    offsets.append({topic, p, high.value(QStringLiteral("%1/%2").arg(topic).arg(p)) / 2});
            }
            committedPartitions += int(offsets.size());
            ++pending;
            admin.resetGroupOffsets(group.name, offsets, 30000);
        }
        if (!bench::waitUntil([&] { return pending == 0; }, 60000))
            fail(QStringLiteral("committing offsets timed out"));
    }

    std::printf("cluster: %d topics, %d partitions, %d records per filled partition, %d group partitions "
                "committed (%lld groups)\n",
                int(topics.size()), totalPartitions, records, committedPartitions,
                static_cast<long long>(catalog.consumerGroups().size()));
    std::printf("VmRSS before the window: %s\n", qPrintable(vmRss()));

    // The console.
    MainWindow window;
    window.monitor()->setAutoRefresh(false);
    window.resize(1400, 900);
    window.show();
    GroupMonitor *groups = window.groupsPanel()->groupMonitor();
    bench::waitUntil([] { return false; }, 300); // shown and painted once
    app.setContext(
        [&window] { return window.tabs()->tabText(window.tabs()->currentIndex()).remove(QLatin1Char('&')); });
    QElapsedTimer connectTimer;
    connectTimer.start();
    app.setMeasuring(true);
    // Through the event loop, as a click on Connect would be, so the call itself is measured too.
    QTimer::singleShot(0, &window, [&] {
        if (!window.connectToCluster(bootstrap))
            fail(QStringLiteral("the window refused %1").arg(bootstrap));
    });
    // The first refresh (connecting) fills the models; groups and lag in time follow it.
    const auto idle = [&] {
        return !window.monitor()->isRefreshing() && !groups->isRefreshing() && !groups->isReadingAges();
    };
    if (!bench::waitUntil([&] { return window.monitor()->lastRefresh().isValid(); }, 60000))
        fail(QStringLiteral("no first refresh"));
    if (!bench::waitUntil(idle, 60000))
        fail(QStringLiteral("the first group cycle did not finish"));
    if (!parser.isSet(noExpandOpt)) {
        if (auto *view = window.findChild<QTreeView *>(QStringLiteral("topicsView")))
            view->expandAll();
        if (auto *view = window.findChild<QTreeView *>(QStringLiteral("groupsView")))
            view->expandAll();
        bench::waitUntil([] { return false; }, 200); // the expanded tree laid out and painted
    }
    if (parser.isSet(sortOpt)) {
        if (auto *view = window.findChild<QTreeView *>(QStringLiteral("topicsView")))
            view->sortByColumn(TopicsModel::MessagesColumn, Qt::DescendingOrder);
        if (auto *view = window.findChild<QTreeView *>(QStringLiteral("groupsView")))
            view->sortByColumn(ConsumerGroupsModel::LagColumn, Qt::DescendingOrder);
        bench::waitUntil([] { return false; }, 200);
    }
    app.setMeasuring(false);
    std::printf("\nconnecting: first refresh, groups and lag in time, expanding all topics: %.0f ms\n",
                double(connectTimer.nsecsElapsed()) / 1e6);
    app.report("connecting");
    if (window.topicsModel()->rowCount() < int(topics.size()))
        fail(QStringLiteral("the window shows %1 topics of %2")
                 .arg(window.topicsModel()->rowCount())
                 .arg(topics.size()));

    // The cycles: refresh (F5), cluster refreshed, groups refreshed, lag in time read; a pause;
    // the next. The current tab turns: topics, consumer groups, dead-letter queues.
    std::vector<qint64> clusterNs, groupsNs, agesNs;
    int cycle = 0;
    bool done = false;
    QElapsedTimer cycleTimer;
    bool waitingCluster = false, waitingGroups = false, waitingAges = false;
    QTimer next;
    next.setSingleShot(true);
    next.setInterval(interval);

    const auto finishCycle = [&] {
        if (waitingCluster || waitingGroups || waitingAges)
            return;
        if (++cycle >= cycles) {
            done = true;
            return;
        }
        next.start();
    };
    QObject::connect(window.monitor(), &ClusterMonitor::refreshed, [&] {
        if (!waitingCluster)
            return;
        waitingCluster = false;
        clusterNs.push_back(cycleTimer.nsecsElapsed());
    });
    QObject::connect(groups, &GroupMonitor::refreshed, [&] {
        if (!waitingGroups)
            return;
        waitingGroups = false;
        groupsNs.push_back(cycleTimer.nsecsElapsed());
        // No lagging partition to read: no agesRead() follows.
        QTimer::singleShot(0, [&] {
            if (waitingAges && !groups->isReadingAges()) {
                waitingAges = false;
                finishCycle();
            }
        });
    });
    QObject::connect(groups, &GroupMonitor::agesRead, [&] {
        if (!waitingAges)
            return;
        waitingAges = false;
        agesNs.push_back(cycleTimer.nsecsElapsed());
        finishCycle();
    });
    QObject::connect(&next, &QTimer::timeout, [&] {
        window.tabs()->setCurrentIndex(cycle % 3);
        waitingCluster = waitingGroups = waitingAges = true;
        cycleTimer.start();
        window.monitor()->refresh();
        if (!window.monitor()->isRefreshing())
            fail(QStringLiteral("the refresh did not start"));
    });

    // The heartbeat: a 1 ms timer; its lateness is time the loop could not run it.
    std::vector<qint64> heartbeatLateNs;
    QElapsedTimer heartbeatClock;
    QTimer heartbeat;
    heartbeat.setTimerType(Qt::PreciseTimer);
    heartbeat.setInterval(1);
    QObject::connect(&heartbeat, &QTimer::timeout, [&] {
        const qint64 gap = heartbeatClock.nsecsElapsed();
        heartbeatClock.restart();
        heartbeatLateNs.push_back(qMax<qint64>(0, gap - 1'000'000));
    });

    // Records keep coming meanwhile, from another thread.
    QThread loadThread;
    Load *load = nullptr;
    if (loadRate > 0) {
        QList<kafka::TopicPartition> filled;
        for (auto it = high.cbegin(); it != high.cend(); ++it) {
            const qsizetype slash = it.key().lastIndexOf(QLatin1Char('/'));
            const QString topic = it.key().left(slash);
            const TopicSpec *spec = catalog.topic(topic);
            if (!spec || !spec->isDlq())
                filled.append({topic, it.key().mid(slash + 1).toInt()});
        }
        load = new Load(bootstrap, filled, loadRate);
        load->moveToThread(&loadThread);
        QObject::connect(&loadThread, &QThread::started, load, &Load::start);
        QObject::connect(&loadThread, &QThread::finished, load, &QObject::deleteLater);
        loadThread.start();
    }

    QElapsedTimer wall;
    wall.start();
    app.setMeasuring(true);
    heartbeatClock.start();
    heartbeat.start();
    next.start();
    if (!bench::waitUntil([&] { return done; }, cycles * 60000))
        fail(QStringLiteral("cycle %1 did not finish").arg(cycle));
    app.setMeasuring(false);
    heartbeat.stop();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const qint64 produced = load ? load->sent() : 0;
    loadThread.quit();
    loadThread.wait();

    std::printf("\n%d refresh cycles in %.1f s (pause %d ms between cycles), %lld records produced meanwhile\n", cycles,
                seconds, interval, static_cast<long long>(produced));

    // The figures.
    app.report("refresh cycles");
    const size_t lateStalls =
        size_t(std::count_if(heartbeatLateNs.begin(), heartbeatLateNs.end(), [](qint64 ns) { return ns > kStallNs; }));
    std::printf("heartbeat (1 ms timer): %zu beats, late p99 %.3f ms, max %.1f ms, %zu late > 16 ms\n",
                heartbeatLateNs.size(), percentileMs(heartbeatLateNs, 0.99), maxMs(heartbeatLateNs), lateStalls);
    std::printf("cycle time (refresh to models updated): cluster p50 %.0f ms, max %.0f ms; groups p50 %.0f ms, "
                "max %.0f ms; lag in time p50 %.0f ms, max %.0f ms (%zu cycles read ages)\n",
                percentileMs(clusterNs, 0.5), maxMs(clusterNs), percentileMs(groupsNs, 0.5), maxMs(groupsNs),
                percentileMs(agesNs, 0.5), maxMs(agesNs), agesNs.size());
    std::printf("VmRSS after the cycles: %s\n", qPrintable(vmRss()));

    // Disconnecting: every Kafka client of the window goes.
    QElapsedTimer disconnectTimer;
    disconnectTimer.start();
    app.setMeasuring(true);
    QTimer::singleShot(0, window.monitor(), &ClusterMonitor::disconnectFromCluster);
    bench::waitUntil([] { return false; }, 1000);
    app.setMeasuring(false);
    std::printf("\n");
    app.report("disconnecting (1 s)");
    std::fflush(stdout);

    window.close();
    return 0;
}
