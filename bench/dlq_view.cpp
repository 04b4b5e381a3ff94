// Responsiveness of the console's DLQ view with a DLQ of 100,000 records (a poison storm's): the
// real MainWindow, connected to the embedded broker, reads the whole DLQ topic and shows it a page
// at a time, with the records counted by error class, while every event the GUI thread dispatches
// is timed.
//
//   QT_QPA_PLATFORM=offscreen bench_dlq_view [--records N] [--partitions N] [--classes N] [--pages N] [--trace]
//
// Phases, each reported apart: reading the DLQ (the browse, decoding, the model's first fill and
// the marks), then paging through --pages pages, filtering by each error class and back, showing
// the handled records, sorting the page by a column, and reading the DLQ again (the records shown
// go away and come back).
//
// A stall is one event whose dispatch on the GUI thread took more than 16 ms (one frame at 60 Hz),
// measured around QApplication::notify at nesting depth 1 (everything the event caused: slots,
// model updates, layout and painting). The most CPU time the GUI thread spent in one dispatch is
// reported too: on a busy machine a dispatch may wait for a core far longer than it works. With --trace each stall is
// printed with the widgets it painted and laid out, the slowest first (what made a slow paint), and the CPU time the
// GUI thread spent in it (far less than the stall: the thread waited, e.g. for a core).

#include "DlqPanel.h"
#include "EventLoopWait.h"
#include "MainWindow.h"
#include "config/TopicCatalog.h"
#include "kafka/EmbeddedBroker.h"
#include "kafka/KafkaProducer.h"
#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "processing/DeadLetter.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include <QApplication>
#include <QCheckBox>
#include <QCommandLineParser>
#include <QDateTime>
#include <QElapsedTimer>
#include <QPaintEvent>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QThread>

#include <time.h>

using namespace taskstream;
using namespace taskstream::console;

namespace {

constexpr qint64 kStallNs = 16'000'000;

/// CPU time of the calling thread: a stall with little of it was the thread waiting (for a core
/// on a busy machine, or for a lock), not working.
qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

/// Times every event the GUI thread dispatches at nesting depth 1.
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (QThread::currentThread() != thread() || !m_measuring || m_depth > 0) {
            if (m_trace && m_depth > 0 && QThread::currentThread() == thread() &&
                (event->type() == QEvent::Paint || event->type() == QEvent::LayoutRequest))
                return tracedPaint(receiver, event);
            ++m_depth;
            const bool r = QApplication::notify(receiver, event);
            --m_depth;
            return r;
        }
        const char *cls = receiver->metaObject()->className();
        const int type = event->type();
        m_paints.clear();
        ++m_depth;
        QElapsedTimer t;
        const qint64 cpuStart = threadCpuNs();
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        const qint64 cpu = threadCpuNs() - cpuStart;
        --m_depth;
        m_times.push_back(ns);
        m_maxCpuNs = std::max(m_maxCpuNs, cpu);
        if (ns > kStallNs) {
            ++m_stalls;
            if (m_trace)
                printStall(cls, type, ns, cpu);
        }
        if (ns > m_maxNs) {
            m_maxNs = ns;
            m_worst = QStringLiteral("%1, event %2").arg(QString::fromLatin1(cls)).arg(type);
        }
        return r;
    }

    void setTrace(bool on) { m_trace = on; }
    void setMeasuring(bool on) { m_measuring = on; }

    void report(const char *phase, qint64 wallMs)
    {
        std::vector<qint64> v = m_times;
        std::sort(v.begin(), v.end());
        auto pct = [&](double p) {
            return v.empty() ? 0.0 : double(v[std::min(v.size() - 1, size_t(p * double(v.size() - 1) + 0.5))]) / 1e6;
        };
        std::printf("%-28s %7zu events in %6lld ms; dispatch p50 %.3f ms, p99 %.3f ms, max %.1f ms (%s); "
                    "stalls > 16 ms: %d; most CPU in one dispatch %.1f ms\n",
                    phase, v.size(), static_cast<long long>(wallMs), pct(0.5), pct(0.99), double(m_maxNs) / 1e6,
                    qPrintable(m_worst), m_stalls, double(m_maxCpuNs) / 1e6);
        m_overallMaxCpuNs = std::max(m_overallMaxCpuNs, m_maxCpuNs);
        m_maxCpuNs = 0;
        std::fflush(stdout);
        m_totalStalls += m_stalls;
        m_overallMaxNs = qMax(m_overallMaxNs, m_maxNs);
        m_times.clear();
        m_stalls = 0;
        m_maxNs = 0;
        m_worst.clear();
    }
    int totalStalls() const { return m_totalStalls; }
    double overallMaxMs() const { return double(m_overallMaxNs) / 1e6; }
    double overallMaxCpuMs() const { return double(m_overallMaxCpuNs) / 1e6; }

private:
    struct Paint
    {
        QString widget;
        QRect rect;
        qint64 ns;
    };

    bool tracedPaint(QObject *receiver, QEvent *event)
    {
        const bool layout = event->type() == QEvent::LayoutRequest;
        const QRect rect = layout ? QRect() : static_cast<QPaintEvent *>(event)->rect();
        ++m_depth;
        QElapsedTimer t;
        t.start();
        const bool r = QApplication::notify(receiver, event);
        const qint64 ns = t.nsecsElapsed();
        --m_depth;
        m_paints.push_back({QStringLiteral("%1%2 %3").arg(layout ? QStringLiteral("layout of ") : QString(),
                                                          QString::fromLatin1(receiver->metaObject()->className()),
                                                          receiver->objectName()),
                            rect, ns});
        return r;
    }

    void printStall(const char *cls, int type, qint64 ns, qint64 cpuNs)
    {
        std::sort(m_paints.begin(), m_paints.end(), [](const Paint &a, const Paint &b) { return a.ns > b.ns; });
        std::printf("  stall %.1f ms (%.1f ms of CPU): %s, event %d; %zu paints\n", double(ns) / 1e6,
                    double(cpuNs) / 1e6, cls, type, m_paints.size());
        for (size_t i = 0; i < m_paints.size() && i < 8; ++i) {
            const Paint &p = m_paints[i];
            std::printf("    %6.2f ms %s %dx%d+%d+%d\n", double(p.ns) / 1e6, qPrintable(p.widget), p.rect.width(),
                        p.rect.height(), p.rect.x(), p.rect.y());
        }
    }

    bool m_trace = false;
    std::vector<Paint> m_paints;
    int m_depth = 0;
    bool m_measuring = false;
    std::vector<qint64> m_times;
    int m_stalls = 0;
    int m_totalStalls = 0;
    qint64 m_maxNs = 0;
    qint64 m_overallMaxNs = 0;
    qint64 m_maxCpuNs = 0; ///< the most CPU time the GUI thread spent in one dispatch
    qint64 m_overallMaxCpuNs = 0;
    QString m_worst;
};

[[noreturn]] void fail(const QString &why)
{
    std::fprintf(stderr, "bench_dlq_view: %s\n", qPrintable(why));
    std::exit(1);
}

} // namespace

int main(int argc, char **argv)
{
    TimingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
    QCoreApplication::setApplicationName(QStringLiteral("bench_dlq_view"));

    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption recordsOpt(QStringLiteral("records"), QStringLiteral("DLQ records (100000)."),
                                        QStringLiteral("n"), QStringLiteral("100000"));
    const QCommandLineOption partitionsOpt(QStringLiteral("partitions"),
                                           QStringLiteral("Partitions of the DLQ topic (16; the embedded broker keeps "
                                                          "5 MB per partition)."),
                                           QStringLiteral("n"), QStringLiteral("16"));
    const QCommandLineOption classesOpt(QStringLiteral("classes"), QStringLiteral("Error classes (5)."),
                                        QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption pagesOpt(QStringLiteral("pages"), QStringLiteral("Pages to step through (20)."),
                                      QStringLiteral("n"), QStringLiteral("20"));
    const QCommandLineOption traceOpt(QStringLiteral("trace"),
                                      QStringLiteral("Print each stall with the widgets it painted, slowest first."));
    parser.addOptions({recordsOpt, partitionsOpt, classesOpt, pagesOpt, traceOpt});
    parser.process(app);
    app.setTrace(parser.isSet(traceOpt));
    const int records = qMax(1, parser.value(recordsOpt).toInt());
    const int partitions = qMax(1, parser.value(partitionsOpt).toInt());
    const int classes = qMax(1, parser.value(classesOpt).toInt());
    const int pages = qMax(1, parser.value(pagesOpt).toInt());

    kafka::EmbeddedBroker broker;
    kafka::KafkaError error;
    if (!broker.start(1, &error))
        fail(QStringLiteral("embedded broker: %1").arg(error.toString()));
    const QString group = QStringLiteral("audit-log-cg");
    const QString dlq = TopicCatalog::dlqTopicForGroup(group);
    for (const TopicSpec &spec : TopicCatalog::builtin().topics()) {
        error = broker.createTopic(spec.name, spec.name == dlq ? partitions : spec.partitions, 1);
        if (error.isError())
            fail(QStringLiteral("topic %1: %2").arg(spec.name, error.toString()));
    }
    const QString bootstrap = broker.bootstrapServers();

    // The storm's DLQ: undecodable values with the runner's diagnostic headers.
    {
        kafka::KafkaProducer producer;
        if (!producer.open(kafka::KafkaConfig(bootstrap), &error))
            fail(QStringLiteral("producer: %1").arg(error.toString()));
        int delivered = 0;
        int failed = 0;
        QObject::connect(&producer, &kafka::KafkaProducer::delivered, &app,
                         [&](const kafka::DeliveryReport &r) { ++(r.error.isError() ? failed : delivered); });
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < records; ++i) {
            kafka::KafkaMessage original;
            original.topic = QStringLiteral("todo.tasks.events");
            original.partition = i % 6;
            original.offset = i / 6;
            original.key = QByteArray::number(i);
            original.timestampMs = now - 60000;
            const processing::FailureInfo failure{1, now - 50000, now - 50000,
                                                  QStringLiteral("decode.class-%1").arg(i % classes),
                                                  QStringLiteral("not an event")};
            const QByteArray value = QByteArray("\x13\x37poison-") + QByteArray::number(i);
            while (!producer.produce(dlq, original.key, value, processing::deadLetterHeaders(original, group, failure),
                                     i % partitions)) {
                // The producer's queue is full: let deliveries drain it.
                taskstream::bench::waitUntil([] { return false; }, 10);
            }
            if (i % 5000 == 4999)
                QCoreApplication::processEvents();
        }
        if (!taskstream::bench::waitUntil([&] { return delivered + failed >= records; }, 300000))
            fail(QStringLiteral("only %1 of %2 records delivered").arg(delivered).arg(records));
        if (failed)
            fail(QStringLiteral("%1 records failed").arg(failed));
    }
    std::printf("DLQ %s: %d records over %d partitions, %d error classes\n", qPrintable(dlq), records, partitions,
                classes);

    QTemporaryDir dir;
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.monitor()->setAutoRefresh(false);
    DlqPanel *panel = window.dlqPanel();
    panel->setLedgerUrl(dir.filePath(QStringLiteral("replays.sqlite")));
    if (!window.connectToCluster(bootstrap))
        fail(QStringLiteral("cannot connect"));
    if (!taskstream::bench::waitUntil([&] { return window.monitor()->state() == ClusterMonitor::State::Connected; },
                                      60000))
        fail(QStringLiteral("not connected"));
    window.tabs()->setCurrentWidget(panel);
    if (!taskstream::bench::waitUntil([&] { return panel->topicsModel()->rowOf(dlq) >= 0; }, 60000))
        fail(QStringLiteral("the DLQ is not listed"));

    // Reading the DLQ.
    int loaded = 0;
    QObject::connect(panel, &DlqPanel::recordsLoaded, &app, [&] { ++loaded; });
    QElapsedTimer wall;
    wall.start();
    app.setMeasuring(true);
    panel->selectTopic(dlq);
    if (!taskstream::bench::waitUntil([&] { return loaded > 0; }, 300000))
        fail(QStringLiteral("the records were not read"));
    taskstream::bench::waitUntil([] { return false; }, 200); // what the load left queued (painting)
    app.report("read and show the DLQ", wall.elapsed());
    DlqRecordsModel *model = panel->recordsModel();
    std::printf("  %d records read, %d error classes, page of %d rows, %d pages\n", model->totalCount(),
                int(model->errorClassCounts().size()), model->pageSize(), model->pageCount());
    if (model->totalCount() != records)
        fail(QStringLiteral("%1 records shown, %2 written").arg(model->totalCount()).arg(records));

    // Paging, filtering, sorting: each step from the event loop, as a click would be.
    auto step = [&](const std::function<void()> &action) {
        QMetaObject::invokeMethod(&app, action, Qt::QueuedConnection);
        taskstream::bench::waitUntil([] { return false; }, 30); // the step and its painting
    };
    wall.restart();
    for (int p = 0; p < pages; ++p)
        step([&] { panel->showPage(model->page() + 1); });
    app.report("page forward", wall.elapsed());
    wall.restart();
    const QStringList classNames = model->errorClasses();
    for (const QString &c : classNames)
        step([&, c] { panel->recordsProxy()->setErrorClass(c); });
    step([&] { panel->recordsProxy()->setErrorClass(QString()); });
    app.report("filter by each class", wall.elapsed());
    wall.restart();
    step([&] { panel->showHandledBox()->setChecked(true); });
    step([&] { panel->showHandledBox()->setChecked(false); });
    step([&] { panel->recordsView()->sortByColumn(DlqRecordsModel::ErrorClassColumn, Qt::DescendingOrder); });
    step([&] { panel->recordsView()->sortByColumn(DlqRecordsModel::OffsetColumn, Qt::AscendingOrder); });
    step([&] { panel->recordsView()->selectRow(0); });
    app.report("show handled, sort, select", wall.elapsed());
    wall.restart();
    loaded = 0;
    step([&] { panel->reload(); });
    if (!taskstream::bench::waitUntil([&] { return loaded > 0; }, 300000))
        fail(QStringLiteral("the records were not read again"));
    taskstream::bench::waitUntil([] { return false; }, 200);
    app.report("read the DLQ again", wall.elapsed());
    if (model->totalCount() != records)
        fail(QStringLiteral("%1 records shown again, %2 written").arg(model->totalCount()).arg(records));
    app.setMeasuring(false);
    std::printf("overall: longest dispatch %.1f ms, stalls > 16 ms: %d, most CPU in one dispatch %.1f ms\n",
                app.overallMaxMs(), app.totalStalls(), app.overallMaxCpuMs());
    window.close();
    return 0;
}
