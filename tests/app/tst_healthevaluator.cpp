#include "HealthStrip.h"
#include "models/HealthEvaluator.h"

#include <QEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTranslator>

using namespace taskstream::console;

using Level = HealthBadge::Level;

namespace {

/// Counts the style changes (a new style sheet) a widget goes through.
class StyleChangeCounter : public QObject
{
public:
    explicit StyleChangeCounter(int *count) : m_count(count) {}
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::StyleChange)
            ++*m_count;
        return false;
    }

private:
    int *m_count;
};

} // namespace

class TestHealthEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void groupsBadge()
    {
        const HealthEvaluator evaluator;
        QCOMPARE(evaluator.groups({}).level, Level::Unknown);

        const HealthBadge ok =
            evaluator.groups({{QStringLiteral("a"), GroupStatus::Ok, {}}, {QStringLiteral("b"), GroupStatus::Ok, {}}});
        QCOMPARE(ok.text, QStringLiteral("Groups: OK"));
        QCOMPARE(ok.level, Level::Ok);

        const HealthBadge warn =
            evaluator.groups({{QStringLiteral("a"), GroupStatus::Warn, QStringLiteral("lag grows")},
                              {QStringLiteral("b"), GroupStatus::Ok, {}}});
        QCOMPARE(warn.text, QStringLiteral("Groups: 1 WARN"));
        QCOMPARE(warn.level, Level::Warning);
        QVERIFY(warn.toolTip.contains(QLatin1String("a: WARN")));
        QVERIFY(warn.toolTip.contains(QLatin1String("lag grows")));
        QVERIFY(!warn.toolTip.contains(QLatin1String("b:")));

        // Worst first; anything worse than WARN is red.
        const HealthBadge bad = evaluator.groups({{QStringLiteral("a"), GroupStatus::Warn, {}},
                                                  {QStringLiteral("b"), GroupStatus::Stop, {}},
                                                  {QStringLiteral("c"), GroupStatus::Warn, {}}});
        QCOMPARE(bad.text, QStringLiteral("Groups: 1 STOP, 2 WARN"));
        QCOMPARE(bad.level, Level::Error);
    }

    void dlqBadge()
    {
        const HealthEvaluator evaluator;
        QCOMPARE(evaluator.dlq({{QStringLiteral("x.dlq"), -1}}).level, Level::Unknown);

        const HealthBadge empty = evaluator.dlq({{QStringLiteral("x.dlq"), 0}, {QStringLiteral("y.dlq"), 0}});
        QCOMPARE(empty.text, QStringLiteral("DLQ: empty"));
        QCOMPARE(empty.level, Level::Ok);

        const HealthBadge full =
            evaluator.dlq({{QStringLiteral("x.dlq"), 10}, {QStringLiteral("y.dlq"), 0}, {QStringLiteral("z.dlq"), 4}});
        QCOMPARE(full.text, HealthEvaluator::tr("DLQ: %1 records in %n queue(s)", nullptr, 2).arg(14));
        // With the English translation, as the console runs, the plural reads properly.
        QTranslator english;
        QVERIFY(english.load(QStringLiteral("taskstream_en"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&english));
        QCOMPARE(evaluator.dlq({{QStringLiteral("x.dlq"), 10}, {QStringLiteral("z.dlq"), 4}}).text,
                 QStringLiteral("DLQ: 14 records in 2 queues"));
        QCOMPARE(evaluator.dlq({{QStringLiteral("x.dlq"), 3}}).text, QStringLiteral("DLQ: 3 records in 1 queue"));
        QCoreApplication::removeTranslator(&english);
        QCOMPARE(full.level, Level::Error);
        QVERIFY(full.toolTip.contains(QLatin1String("x.dlq")));
        QVERIFY(!full.toolTip.contains(QLatin1String("y.dlq")));
    }

    void outboxBadge()
    {
        const HealthEvaluator evaluator(60);
        OutboxHealth o;
        QCOMPARE(evaluator.outbox(o).text, QStringLiteral("Outbox: unknown (no daemon API set)"));
        QCOMPARE(evaluator.outbox(o).level, Level::Unknown);

        o.configured = true;
        o.error = QStringLiteral("connection refused");
        QCOMPARE(evaluator.outbox(o).level, Level::Unknown);
        QVERIFY(evaluator.outbox(o).toolTip.contains(o.error));

        o.known = true;
        o.error.clear();
        QCOMPARE(evaluator.outbox(o).text, QStringLiteral("Outbox: OK"));
        QCOMPARE(evaluator.outbox(o).level, Level::Ok);

        o.pending = 120;
        o.oldestPendingAgeSeconds = 45;
        QCOMPARE(evaluator.outbox(o).text, QStringLiteral("Outbox: 120 pending, oldest 45 s"));
        QCOMPARE(evaluator.outbox(o).level, Level::Warning);

        o.oldestPendingAgeSeconds = 60;
        QCOMPARE(evaluator.outbox(o).text, QStringLiteral("Outbox: stuck"));
        QCOMPARE(evaluator.outbox(o).level, Level::Error);

        // Failed records are named even when nothing is pending.
        o.pending = 0;
        o.oldestPendingAgeSeconds = 0;
        o.failed = 3;
        QCOMPARE(evaluator.outbox(o).text, QStringLiteral("Outbox: OK"));
        QCOMPARE(evaluator.outbox(o).level, Level::Warning);
        QVERIFY(evaluator.outbox(o).toolTip.contains(QLatin1String("3")));
    }

    void stripShowsBadgesAndReportsClicks()
    {
        HealthStrip strip;
        // Without sources the outbox badge says why it knows nothing.
        QCOMPARE(strip.button(HealthStrip::Badge::Outbox)->text(),
                 QStringLiteral("Outbox: unknown (no daemon API set)"));
        HealthBadge badge{QStringLiteral("DLQ: 3 records in 1 queue"), QStringLiteral("x.dlq: 3"), Level::Error};
        strip.setBadge(HealthStrip::Badge::Dlq, badge);
        QCOMPARE(strip.button(HealthStrip::Badge::Dlq)->text(), badge.text);
        QCOMPARE(strip.button(HealthStrip::Badge::Dlq)->toolTip(), badge.toolTip);
        QCOMPARE(strip.badge(HealthStrip::Badge::Dlq).level, Level::Error);

        // The same badge again (every refresh judges the groups and DLQs anew) leaves the button alone:
        // no new style sheet to polish, no new size for the window's layout.
        strip.show(); // a hidden button takes its style sheet later, when it is first polished
        QVERIFY(QTest::qWaitForWindowExposed(&strip));
        int restyled = 0;
        StyleChangeCounter counter(&restyled);
        strip.button(HealthStrip::Badge::Dlq)->installEventFilter(&counter);
        strip.setBadge(HealthStrip::Badge::Dlq, badge);
        QCOMPARE(restyled, 0);
        // Another level restyles it.
        strip.setBadge(HealthStrip::Badge::Dlq, {badge.text, badge.toolTip, Level::Warning});
        QVERIFY(restyled > 0);
        QCOMPARE(strip.badge(HealthStrip::Badge::Dlq).level, Level::Warning);

        QSignalSpy clicked(&strip, &HealthStrip::badgeClicked);
        strip.button(HealthStrip::Badge::Groups)->click();
        QCOMPARE(clicked.count(), 1);
        QCOMPARE(clicked.at(0).at(0).value<HealthStrip::Badge>(), HealthStrip::Badge::Groups);
    }
};

QTEST_MAIN(TestHealthEvaluator)
#include "tst_healthevaluator.moc"
