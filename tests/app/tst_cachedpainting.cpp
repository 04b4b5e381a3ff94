#include "widgets/CachedControlStyle.h"
#include "widgets/CachedTextDelegate.h"
#include "widgets/LagChart.h"

#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QScrollBar>
#include <QStandardItemModel>
#include <QStyledItemDelegate>
#include <QTest>
#include <QTreeView>

using namespace taskstream::console;

namespace {

/// A tree like the console's: figures right-aligned, a coloured status, a long reason in a narrow
/// column (elided), a child row.
void fill(QStandardItemModel &model)
{
    model.setColumnCount(4);
    for (int r = 0; r < 3; ++r) {
        QList<QStandardItem *> row;
        row << new QStandardItem(QStringLiteral("orders.events [%1]").arg(r));
        auto *figure = new QStandardItem(QStringLiteral("1,20%1").arg(r));
        figure->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        row << figure;
        auto *status = new QStandardItem(r == 1 ? QStringLiteral("WARN") : QStringLiteral("OK"));
        if (r == 1)
            status->setForeground(QColor(0xc0, 0x70, 0x00));
        row << status;
        row << new QStandardItem(
            QStringLiteral("orders.events [%1]: lag 412 while the committed offset stays at 96 for a long time")
                .arg(r));
        model.appendRow(row);
    }
    model.item(0)->appendRow({new QStandardItem(QStringLiteral("child")), new QStandardItem(QStringLiteral("7"))});
}

QImage render(QTreeView &view)
{
    view.viewport()->repaint();
    return view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

} // namespace

class TestCachedPainting : public QObject
{
    Q_OBJECT

private slots:
    void delegateDrawsWhatTheStyledDelegateDraws()
    {
        QStandardItemModel model;
        fill(model);
        QTreeView view;
        view.setModel(&model);
        view.setAlternatingRowColors(true);
        view.setUniformRowHeights(true);
        view.header()->resizeSection(0, 160);
        view.header()->resizeSection(3, 150); // the reason is elided
        view.expandAll();
        view.resize(600, 200);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setCurrentIndex(model.index(1, 0)); // a selected row and a focus frame

        const QImage styled = render(view);
        auto *delegate = new CachedTextDelegate(&view);
        view.setItemDelegate(delegate);
        const QImage cached = render(view);
        QCOMPARE(cached.size(), styled.size());
        // The same picture: backgrounds, selection, colours, alignment, elision.
        int differing = 0;
        for (int y = 0; y < styled.height(); ++y)
            for (int x = 0; x < styled.width(); ++x)
                differing += styled.pixel(x, y) != cached.pixel(x, y);
        QCOMPARE(differing, 0);

        // Painted again with the same texts: nothing is laid out again.
        const qint64 shaped = delegate->textsShaped();
        QVERIFY(shaped > 0);
        render(view);
        QCOMPARE(delegate->textsShaped(), shaped);
        // One text changed: that text (and nothing else) is laid out.
        model.item(2, 1)->setText(QStringLiteral("1,300"));
        render(view);
        QCOMPARE(delegate->textsShaped(), shaped + 1);
    }

    void cellsWithIconsOrCheckBoxesArePaintedByTheStyle()
    {
        QStyleOptionViewItem option;
        option.text = QStringLiteral("text");
        QVERIFY(CachedTextDelegate::paintsFromCache(option));
        option.features = QStyleOptionViewItem::HasDecoration;
        QVERIFY(!CachedTextDelegate::paintsFromCache(option));
        option.features = QStyleOptionViewItem::HasCheckIndicator;
        QVERIFY(!CachedTextDelegate::paintsFromCache(option));
        option.features = {};
        option.text = QStringLiteral("two\nlines");
        QVERIFY(!CachedTextDelegate::paintsFromCache(option));
        option.text = QStringLiteral("text");
        option.direction = Qt::RightToLeft;
        QVERIFY(!CachedTextDelegate::paintsFromCache(option));
    }

    void scrollBarIsDrawnOncePerState()
    {
        QScrollBar plain(Qt::Vertical);
        QScrollBar cached(Qt::Vertical);
        CachedControlStyle style;
        cached.setStyle(&style);
        for (QScrollBar *bar : {&plain, &cached}) {
            bar->setRange(0, 1000);
            bar->setPageStep(30);
            bar->setValue(200);
            bar->resize(14, 400);
        }
        const QImage expected = plain.grab().toImage().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(cached.grab().toImage().convertToFormat(QImage::Format_RGB32), expected);
        const qint64 drawn = style.drawnByBase();
        QVERIFY(drawn > 0);

        // The same state again: copied from the cache.
        cached.grab();
        QCOMPARE(style.drawnByBase(), drawn);
        // Moved: drawn anew, as the base style draws it.
        plain.setValue(600);
        cached.setValue(600);
        QCOMPARE(cached.grab().toImage().convertToFormat(QImage::Format_RGB32),
                 plain.grab().toImage().convertToFormat(QImage::Format_RGB32));
        QCOMPARE(style.drawnByBase(), drawn + 1);
    }

    void headerSectionsAreDrawnOncePerState()
    {
        QStandardItemModel model(2, 3);
        model.setHorizontalHeaderLabels({QStringLiteral("Name"), QStringLiteral("Lag"), QStringLiteral("Reason")});
        QTreeView plain;
        QTreeView cached;
        CachedControlStyle style;
        cached.header()->setStyle(&style);
        for (QTreeView *view : {&plain, &cached}) {
            view->setModel(&model);
            view->setSortingEnabled(true);
            view->sortByColumn(1, Qt::DescendingOrder);
            view->resize(500, 120);
        }
        const auto picture = [](QTreeView &view) {
            return view.header()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        };
        QCOMPARE(picture(cached), picture(plain));
        const qint64 drawn = style.drawnByBase();
        QVERIFY(drawn >= 3); // one per section
        picture(cached);
        QCOMPARE(style.drawnByBase(), drawn);
        // Another sort column: drawn anew where the state changed, still as the base style draws it.
        plain.sortByColumn(0, Qt::AscendingOrder);
        cached.sortByColumn(0, Qt::AscendingOrder);
        QCOMPARE(picture(cached), picture(plain));
    }

    void lagChartShowsANewSeries()
    {
        LagChart chart;
        chart.resize(400, 160);
        chart.setSeries(QStringLiteral("g"), {{0, 10}, {5000, 40}});
        const QImage first = chart.grab().toImage();
        QCOMPARE(chart.grab().toImage(), first); // painted again from the same picture
        chart.setSeries(QStringLiteral("g"), {{0, 10}, {5000, 40}, {10000, 5}});
        QVERIFY(chart.grab().toImage() != first);
        chart.resize(300, 160);
        QCOMPARE(chart.grab().size(), QSize(300, 160));
    }
};

QTEST_MAIN(TestCachedPainting)
#include "tst_cachedpainting.moc"
