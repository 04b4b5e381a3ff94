#include "models/DlqErrorClassFilterModel.h"
#include "models/DlqRecordsModel.h"
#include "models/DlqTopicsModel.h"
#include "models/RecordDecoding.h"
#include "processing/DeadLetter.h"
#include "widgets/LagChart.h"

#include <QAbstractItemModelTester>
#include <QImage>
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
