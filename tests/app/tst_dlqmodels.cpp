#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "models/RecordDecoding.h"
#include "processing/DeadLetter.h"
#include "widgets/LagChart.h"
#include "widgets/StableLabel.h"

#include <algorithm>

#include <QAbstractItemModelTester>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;
using namespace taskstream::processing;

namespace {

DlqRecord record(int offset, const QString &errorClass, const QByteArray &key)
{
    kafka::KafkaMessage original;
    original.topic = QStringLiteral("todo.tasks.events");
    original.partition = 2;
    original.offset = 40 + offset;
    original.key = key;
    original.value = "v";
    original.timestampMs = 1700000000000;
    const FailureInfo failure{3, 1700000001000, 1700000009000, errorClass, QStringLiteral("boom\nstack")};
    DlqRecord r;
    r.topic = QStringLiteral("todo.audit-log-cg.dlq");
    r.partition = 0;
    r.offset = offset;
    r.key = key;
    r.value = original.value;
    r.headers = deadLetterHeaders(original, QStringLiteral("audit-log-cg"), failure);
    r.info = parseDeadLetterHeaders(r.headers);
    return r;
}

DlqRow row(int partition, qint64 offset, const QString &errorClass)
{
    DlqRecord r = record(int(offset), errorClass, QByteArray::number(partition * 1000 + offset));
    r.partition = partition;
    return DlqRowMaker().make(r);
}

using Coordinates = QPair<int, qint64>;

/// Counts the layout requests \a watched gets.
class LayoutRequests : public QObject
{
public:
    explicit LayoutRequests(QWidget *watched) { watched->installEventFilter(this); }
    int count = 0;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        count += event->type() == QEvent::LayoutRequest ? 1 : 0;
        return false;
    }
};

/// The partition and offset of every row of the page \a model shows, in order.
QList<Coordinates> pageOf(const DlqRecordsModel &model)
{
    QList<Coordinates> page;
    for (int i = 0; i < model.rowCount(); ++i)
        page.append({model.row(i).partition, model.row(i).offset});
    return page;
}

/// What a view knows of the page: kept up to date from the model's signals only (rows inserted are
/// read when announced, never read again), so a signal that does not say what changed shows.
class PageMirror : public QObject
{
public:
    explicit PageMirror(DlqRecordsModel *model) : m_model(model)
    {
        connect(model, &QAbstractItemModel::modelReset, this, [this] { rows = pageOf(*m_model); });
        connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
            for (int i = first; i <= last; ++i)
                rows.insert(i, {m_model->row(i).partition, m_model->row(i).offset});
        });
        connect(model, &QAbstractItemModel::rowsRemoved, this,
                [this](const QModelIndex &, int first, int last) { rows.remove(first, last - first + 1); });
        rows = pageOf(*model);
    }
    QList<Coordinates> rows;

private:
    DlqRecordsModel *m_model;
};

} // namespace

/// The DLQ models and the lag chart without a broker.
class TestDlqModels : public QObject
{
    Q_OBJECT

private slots:
    void topicsOfTheCatalogWithCounts()
    {
        DlqTopicsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        int dlqs = 0;
        for (const TopicSpec &t : TopicCatalog::builtin().topics())
            dlqs += t.isDlq() ? 1 : 0;
        QCOMPARE(model.rowCount(), dlqs);
        const QString dlq = QStringLiteral("todo.audit-log-cg.dlq");
        QVERIFY(model.rowOf(dlq) >= 0);
        QCOMPARE(model.count(dlq), qint64(-1));
        QCOMPARE(model.index(model.rowOf(dlq), DlqTopicsModel::SourceColumn).data().toString(),
                 QStringLiteral("group audit-log-cg"));

        QList<kafka::PartitionWatermarks> marks;
        marks.append({dlq, 0, 5, 9, {}});
        marks.append({dlq, 1, 0, 3, {}});
        marks.append({QStringLiteral("todo.tasks.events"), 0, 0, 100, {}});
        model.setWatermarks(marks);
        QCOMPARE(model.count(dlq), qint64(7));
        QCOMPARE(model.index(model.rowOf(dlq), DlqTopicsModel::RecordsColumn).data().toString(), QStringLiteral("7"));
        model.clearCounts();
        QCOMPARE(model.count(dlq), qint64(-1));
    }

    void recordsWithDiagnosticsAndFilter()
    {
        DlqRecordsModel model;
        DlqErrorClassFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecords(QStringLiteral("todo.audit-log-cg.dlq"),
                         {record(0, QStringLiteral("validation"), "k0"), record(1, QStringLiteral("timeout"), "k1"),
                          record(2, QStringLiteral("validation"), QByteArray("\x01\x02", 2))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.errorClasses(), (QStringList{QStringLiteral("timeout"), QStringLiteral("validation")}));
        auto cell = [&](int row, int column) { return model.index(row, column).data().toString(); };
        QCOMPARE(cell(1, DlqRecordsModel::OriginalTopicColumn), QStringLiteral("todo.tasks.events"));
        QCOMPARE(cell(1, DlqRecordsModel::OriginalPartitionColumn), QStringLiteral("2"));
        QCOMPARE(cell(1, DlqRecordsModel::OriginalOffsetColumn), QStringLiteral("41"));
        QCOMPARE(cell(1, DlqRecordsModel::GroupColumn), QStringLiteral("audit-log-cg"));
        QCOMPARE(cell(1, DlqRecordsModel::AttemptsColumn), QStringLiteral("3"));
        QCOMPARE(cell(1, DlqRecordsModel::ErrorMessageColumn), QStringLiteral("boom")); // first line
        QCOMPARE(model.index(1, DlqRecordsModel::ErrorMessageColumn).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("boom\nstack"));
        QCOMPARE(cell(1, DlqRecordsModel::KeyColumn), QStringLiteral("k1"));
        QCOMPARE(cell(2, DlqRecordsModel::KeyColumn), QStringLiteral("0x0102"));
        QCOMPARE(model.index(1, 0).data(DlqRecordsModel::CoordinatesRole).toString(),
                 QStringLiteral("todo.audit-log-cg.dlq/0/1"));
        const QString details = model.index(1, 0).data(DlqRecordsModel::DetailsRole).toString();
        QVERIFY(details.contains(QLatin1String("\"error_class\"")));
        // Failure times in ISO 8601, not milliseconds.
        QVERIFY2(details.contains(QLatin1String("\"first_failure\": \"2023-11-14T22:13:21.000Z\"")),
                 qPrintable(details));
        QVERIFY2(details.contains(QLatin1String("\"last_failure\": \"2023-11-14T22:13:29.000Z\"")),
                 qPrintable(details));
        QVERIFY(!details.contains(QLatin1String("\"first_failure\": 1700000001000")));

        proxy.setErrorClass(QStringLiteral("validation"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setErrorClass(QStringLiteral("timeout"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, DlqRecordsModel::OffsetColumn).data().toString(), QStringLiteral("1"));
        proxy.setErrorClass(QString());
        QCOMPARE(proxy.rowCount(), 3);
        model.clear();
        QCOMPARE(proxy.rowCount(), 0);
    }

    void undecodableValueShowsAsTextAndHex()
    {
        DlqRecord r = record(0, QStringLiteral("decode.bad-magic"), "k0");
        r.value = QByteArray("\x13\x37garbage\xff", 10);
        r.decodeError = QStringLiteral("bad-magic: not an event");
        DlqRecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setRecords(QStringLiteral("todo.audit-log-cg.dlq"), {r});
        const QString details = model.index(0, 0).data(DlqRecordsModel::DetailsRole).toString();
        QVERIFY2(details.contains(QLatin1String("garbage")), qPrintable(details));
        QVERIFY2(details.contains(QLatin1String("00000000  13 37 67 61 72 62 61 67  65 ff")), qPrintable(details));
        QVERIFY2(details.contains(QLatin1String("|.7garbage.|")), qPrintable(details));
        QVERIFY(!details.contains(QLatin1String("value_base64")));
        // The export keeps the bytes exactly (base64).
        QVERIFY(r.toJson().contains(QStringLiteral("value_base64")));
    }

    void batchesLandInOrderOnThePageShown()
    {
        // A browse's batches: partitions interleaved, each partition in offset order, a page of 7.
        DlqRecordsModel model;
        DlqErrorClassFilterModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        proxy.setShowHandled(true);
        model.setPageSize(7);
        model.startTopic(QStringLiteral("todo.audit-log-cg.dlq"));
        const QStringList classes{QStringLiteral("decode.a"), QStringLiteral("decode.b"), QStringLiteral("timeout")};
        PageMirror view(&model);
        QRandomGenerator random(25);
        QList<qint64> next(5, 0);
        QList<Coordinates> all;
        QHash<QString, int> counts;
        QSignalSpy countsChanged(&model, &DlqRecordsModel::countsChanged);
        for (int batch = 0; batch < 40; ++batch) {
            QList<DlqRow> rows;
            const int partitions = 1 + random.bounded(3);
            for (int p = 0; p < partitions; ++p) {
                const int partition = random.bounded(5);
                const int n = 1 + random.bounded(9);
                for (int i = 0; i < n; ++i) {
                    const qint64 offset = next[partition]++;
                    const QString c = classes.at(int((partition + offset) % classes.size()));
                    rows.append(row(partition, offset, c));
                    all.append({partition, offset});
                    ++counts[c];
                }
            }
            std::reverse(rows.begin(), rows.end()); // any order within a batch
            if (batch == 10)
                model.setPage(2); // rows now also land before the page shown
            if (batch == 25)
                model.setPage(model.pageCount() - 1); // the last page fills up
            model.addRows(rows);

            std::sort(all.begin(), all.end());
            QCOMPARE(model.totalCount(), int(all.size()));
            QCOMPARE(model.filteredCount(), int(all.size()));
            QCOMPARE(model.errorClassCounts(), counts);
            QCOMPARE(model.pageCount(), int((all.size() + 6) / 7));
            QCOMPARE(pageOf(model), all.mid(model.pageStart(), 7));
            QCOMPARE(view.rows, pageOf(model));
            QCOMPARE(proxy.rowCount(), model.rowCount());
        }
        QCOMPARE(countsChanged.size(), 40 + 2);
        QCOMPARE(model.errorClasses(), classes);
    }

    void filterAndPagesCoverEveryRecord()
    {
        DlqRecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(10);
        model.startTopic(QStringLiteral("todo.audit-log-cg.dlq"));
        model.setFilter(QStringLiteral("decode.b"), true);
        // Two batches; a third of the records are of class decode.b.
        for (int b = 0; b < 2; ++b) {
            QList<DlqRow> rows;
            for (int partition = 0; partition < 3; ++partition)
                for (qint64 i = 0; i < 20; ++i) {
                    const qint64 offset = b * 20 + i;
                    rows.append(row(partition, offset,
                                    offset % 3 == 1 ? QStringLiteral("decode.b") : QStringLiteral("decode.a")));
                }
            model.addRows(rows);
        }
        QCOMPARE(model.totalCount(), 120);
        QCOMPARE(model.errorClassCounts().value(QStringLiteral("decode.b")), 39);
        QCOMPARE(model.errorClassCounts().value(QStringLiteral("decode.a")), 81);
        QCOMPARE(model.filteredCount(), 39);
        QCOMPARE(model.pageCount(), 4);
        QList<Coordinates> seen;
        for (int page = 0; page < model.pageCount(); ++page) {
            model.setPage(page);
            for (int i = 0; i < model.rowCount(); ++i) {
                QCOMPARE(model.index(i, DlqRecordsModel::ErrorClassColumn).data().toString(),
                         QStringLiteral("decode.b"));
                seen.append({model.row(i).partition, model.row(i).offset});
            }
        }
        QCOMPARE(seen.size(), 39);
        QVERIFY(std::is_sorted(seen.cbegin(), seen.cend()));
        QCOMPARE(model.filteredRecords().size(), 39);
        model.setFilter(QString(), true);
        QCOMPARE(model.filteredCount(), 120);
        QCOMPARE(model.page(), 0);
    }

    void aRecordReadAgainIsPlacedInOrder()
    {
        DlqRecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.startTopic(QStringLiteral("todo.audit-log-cg.dlq"));
        model.addRows({row(0, 5, QStringLiteral("c")), row(0, 6, QStringLiteral("c"))});
        model.addRows({row(0, 2, QStringLiteral("c")), row(0, 9, QStringLiteral("c"))});
        QCOMPARE(pageOf(model), (QList<Coordinates>{{0, 2}, {0, 5}, {0, 6}, {0, 9}}));
        QCOMPARE(model.totalCount(), 4);
        // In one batch with rows in order of other partitions, new and known.
        model.addRows({row(1, 0, QStringLiteral("d")), row(0, 1, QStringLiteral("c")), row(0, 10, QStringLiteral("d")),
                       row(2, 3, QStringLiteral("c"))});
        QCOMPARE(pageOf(model), (QList<Coordinates>{{0, 1}, {0, 2}, {0, 5}, {0, 6}, {0, 9}, {0, 10}, {1, 0}, {2, 3}}));
        QCOMPARE(model.totalCount(), 8);
        QCOMPARE(model.errorClassCounts().value(QStringLiteral("d")), 2);
        model.setFilter(QStringLiteral("d"), true);
        QCOMPARE(pageOf(model), (QList<Coordinates>{{0, 10}, {1, 0}}));
    }

    void theFullRecordIsMadeAgainFromItsRow()
    {
        DlqRecord r = record(7, QStringLiteral("decode.bad-magic"), QByteArray("k\x00z", 3));
        r.partition = 3;
        r.timestampMs = 1700000000123;
        r.value = QByteArray("\x13\x37garbage\xff", 10);
        r.headers.append({QStringLiteral("repeated"), QByteArray()});
        r.headers.append({QStringLiteral("repeated"), QByteArray("")});
        r.decodeError = QStringLiteral("bad-magic: not an event");
        DlqRecord good = record(8, QStringLiteral("validation"), "k8");
        good.payload = QJsonObject{{QStringLiteral("type"), QStringLiteral("TaskCreated")},
                                   {QStringLiteral("data"), QJsonObject{{QStringLiteral("id"), 8}}}};

        DlqRecordsModel model;
        model.setRecords(QStringLiteral("todo.audit-log-cg.dlq"), {good, r});
        QCOMPARE(model.rowCount(), 2);
        const DlqRecord back = model.record(1); // partition 3 after partition 0
        QCOMPARE(back.topic, QStringLiteral("todo.audit-log-cg.dlq"));
        QCOMPARE(back.partition, 3);
        QCOMPARE(back.offset, qint64(7));
        QCOMPARE(back.timestampMs, r.timestampMs);
        QCOMPARE(back.key, r.key);
        QCOMPARE(back.value, r.value);
        QCOMPARE(back.headers, r.headers);
        QVERIFY(back.headers.at(back.headers.size() - 2).value.isNull());
        QVERIFY(!back.headers.last().value.isNull());
        QCOMPARE(back.info.failure.errorClass, QStringLiteral("decode.bad-magic"));
        QCOMPARE(back.info.failure.message, QStringLiteral("boom\nstack"));
        QCOMPARE(back.info.originalOffset, qint64(47));
        QCOMPARE(back.decodeError, r.decodeError);
        QVERIFY(back.payload.isEmpty());
        QCOMPARE(back.coordinates(), QStringLiteral("todo.audit-log-cg.dlq/3/7"));
        QCOMPARE(model.record(0).payload, good.payload);
        QCOMPARE(model.recordIds().size(), 2);
        QCOMPARE(model.recordIds().at(1).coordinates(), back.coordinates());
    }

    void aCellShowsTheStartOfAHugeText()
    {
        DlqRecord r = record(0, QStringLiteral("decode.huge"), QByteArray(5000, 'k'));
        r.info.failure.message = QString(100000, QLatin1Char('x')); // the header keeps 2,000 of them
        r.headers = deadLetterHeaders({}, QStringLiteral("audit-log-cg"), r.info.failure);
        r.info = parseDeadLetterHeaders(r.headers);
        DlqRecordsModel model;
        model.setRecords(QStringLiteral("todo.audit-log-cg.dlq"), {r});
        const QString message = model.index(0, DlqRecordsModel::ErrorMessageColumn).data().toString();
        QCOMPARE(message.size(), DlqRow::SummaryLength);
        QVERIFY(message.endsWith(QChar(0x2026)));
        QCOMPARE(model.index(0, DlqRecordsModel::ErrorMessageColumn).data(Qt::ToolTipRole).toString(),
                 r.info.failure.message);
        QVERIFY(r.info.failure.message.size() > 5 * DlqRow::SummaryLength);
        QVERIFY(model.index(0, DlqRecordsModel::KeyColumn).data().toString().size() <= DlqRow::SummaryLength + 1);
        QCOMPARE(model.record(0).key.size(), 5000);
    }

    void hexDumpLinesAndBound()
    {
        QByteArray bytes;
        for (int i = 0; i < 40; ++i)
            bytes.append(char(0x41 + i % 26));
        const QString dump = hexDump(bytes, 32);
        const QStringList lines = dump.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines.at(0).startsWith(QLatin1String("00000000  41 42 43 44 45 46 47 48  49 4a")));
        QVERIFY(lines.at(0).endsWith(QLatin1String("|ABCDEFGHIJKLMNOP|")));
        QVERIFY(lines.at(1).startsWith(QLatin1String("00000010  ")));
        QVERIFY2(lines.at(2).contains(QLatin1String("8 more")), qPrintable(lines.at(2)));
        QCOMPARE(lossyText(QByteArray("a\x01"
                                      "b\xff"
                                      "c",
                                      5)),
                 QStringLiteral("a.b\uFFFDc"));
    }

    void handledRecordsAreHiddenOnEveryPage()
    {
        DlqRecordsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPageSize(3);
        QList<DlqRecord> records;
        for (int partition = 0; partition < 2; ++partition)
            for (int offset = 0; offset < 4; ++offset) {
                DlqRecord r = record(offset, offset % 2 ? QStringLiteral("odd") : QStringLiteral("even"), "k");
                r.partition = partition;
                records.append(r);
            }
        const QString topic = QStringLiteral("todo.audit-log-cg.dlq");
        model.setRecords(topic, records);
        DlqMark discarded;
        discarded.discarded = true;
        DlqMark replayed;
        replayed.replays = 1;
        model.setMarks({{topic + QStringLiteral("/0/1"), discarded},
                        {topic + QStringLiteral("/1/2"), replayed},
                        {topic + QStringLiteral("/1/9"), discarded}}); // a record not read
        QCOMPARE(model.openCount(), 6);
        model.setFilter(QString(), false);
        QCOMPARE(model.filteredCount(), 6);
        QList<Coordinates> shown;
        for (int page = 0; page < model.pageCount(); ++page) {
            model.setPage(page);
            shown += pageOf(model);
        }
        QCOMPARE(shown, (QList<Coordinates>{{0, 0}, {0, 2}, {0, 3}, {1, 0}, {1, 1}, {1, 3}}));
        model.setFilter(QStringLiteral("odd"), false);
        QCOMPARE(pageOf(model), (QList<Coordinates>{{0, 3}, {1, 1}, {1, 3}}));
        model.setFilter(QStringLiteral("no such class"), true);
        QCOMPARE(model.filteredCount(), 0);
        QCOMPARE(model.rowCount(), 0);
    }

    void aStableLabelChangesTextWithoutLayingOutItsParent()
    {
        // The page label changes on every page: with a QLabel each change laid out and repainted
        // the whole DLQ tab.
        QWidget window;
        auto *row = new QWidget(&window);
        auto *layout = new QHBoxLayout(row);
        auto *label = new StableLabel(row);
        layout->addWidget(label, 1);
        window.resize(400, 60);
        row->resize(400, 30);
        window.show();
        QCoreApplication::processEvents();
        const int height = label->sizeHint().height();
        LayoutRequests requests(row);
        for (int page = 1; page <= 5; ++page) {
            label->setText(QStringLiteral("Records %1–%2 of 100,000 shown, page %3 of 100")
                               .arg((page - 1) * 1000 + 1)
                               .arg(page * 1000)
                               .arg(page));
            QCoreApplication::processEvents();
        }
        QCOMPARE(requests.count, 0);
        QCOMPARE(label->text(), QStringLiteral("Records 4001–5000 of 100,000 shown, page 5 of 100"));
        QCOMPARE(label->label()->text(), label->text());
        QCOMPARE(label->sizeHint().height(), height);
        QCOMPARE(label->label()->geometry(), label->rect());
    }

    void lagChartDrawsTheSeries()
    {
        LagChart chart;
        chart.resize(300, 150);
        QImage empty(chart.size(), QImage::Format_ARGB32);
        chart.render(&empty);
        chart.setSeries(QStringLiteral("g"), {{0, 0}, {5000, 40}, {10000, 10}});
        QCOMPARE(chart.points().size(), 3);
        QImage drawn(chart.size(), QImage::Format_ARGB32);
        chart.render(&drawn);
        QVERIFY(drawn != empty); // the line and its labels were painted
        chart.clear();
        QVERIFY(chart.points().isEmpty());
    }
};

QTEST_MAIN(TestDlqModels)
#include "tst_dlqmodels.moc"
