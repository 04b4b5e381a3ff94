#include "AuditPanel.h"
#include "ConsoleOptions.h"
#include "DlqPanel.h"
#include "GroupsPanel.h"
#include "MainWindow.h"
#include "VerifyPanel.h"
#include "models/BrokersModel.h"
#include "models/ConsumerGroupsModel.h"
#include "models/DlqRecordsModel.h"
#include "models/LiveEventsModel.h"
#include "models/TopicsModel.h"
#include "models/VerifyReportModel.h"
#include "widgets/ButtonTexts.h"

#include <QCommandLineParser>
#include <QFile>
#include <QHeaderView>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>
#include <QTranslator>
#include <QXmlStreamReader>

using namespace taskstream::console;

/// The compiled-in translations load and cover the window, the models and the command line.
class TestTranslations : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void germanCoversEveryContext()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("taskstream"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));

        MainWindow window;
        QCOMPARE(window.windowTitle(), QStringLiteral("Taskstream-Konsole"));
        QCOMPARE(window.topicsModel()->headerData(TopicsModel::MessagesColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Nachrichten"));
        QCOMPARE(window.brokersModel()->headerData(BrokersModel::LeaderForColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Führt"));

        QCOMPARE(window.groupsPanel()->model()->headerData(ConsumerGroupsModel::LagColumn, Qt::Horizontal).toString(),
                 QStringLiteral("Rückstand"));
        QCOMPARE(
            window.dlqPanel()->recordsModel()->headerData(DlqRecordsModel::ErrorClassColumn, Qt::Horizontal).toString(),
            QStringLiteral("Fehlerklasse"));
        QCOMPARE(window.tabs()->tabText(2), QStringLiteral("Dead-Letter-Queues"));
        QCOMPARE(window.tabs()->tabText(5), QStringLiteral("Aufgaben"));
        QCOMPARE(window.tabs()->tabText(9), QStringLiteral("Zustellung"));
        QCOMPARE(window.verifyPanel()->model()->headerData(VerifyReportModel::NotProcessedColumn, Qt::Horizontal),
                 QStringLiteral("Nicht verarbeitet"));

        QVERIFY(!window.monitor()->connectToCluster(QStringLiteral("localhost")));
        // The message bar's text comes from ClusterMonitor's context.
        QCOMPARE(translator.translate("taskstream::console::ClusterMonitor", "connection refused or broken"),
                 QStringLiteral("Verbindung abgelehnt oder abgebrochen"));

        QCommandLineParser parser;
        QString error;
        QCOMPARE(ConsoleOptions::parse(
                     parser,
                     {QStringLiteral("x"), QStringLiteral("--sandbox"), QStringLiteral("-b"), QStringLiteral("a:1")},
                     nullptr, &error),
                 ConsoleOptions::Outcome::Error);
        QVERIFY2(error.contains(QStringLiteral("schließen einander aus")), qPrintable(error));

        // Plural forms.
        QCOMPARE(MainWindow::tr("%n topic(s)", nullptr, 1), QStringLiteral("1 Topic"));
        QCOMPARE(MainWindow::tr("%n topic(s)", nullptr, 11), QStringLiteral("11 Topics"));
        QCOMPARE(AuditPanel::tr("%n entry(ies) shown; no more match.", nullptr, 1),
                 QStringLiteral("1 Eintrag angezeigt; keine weiteren passen."));
        QCOMPARE(AuditPanel::tr("%n entry(ies) shown; no more match.", nullptr, 50),
                 QStringLiteral("50 Einträge angezeigt; keine weiteren passen."));
        QCoreApplication::removeTranslator(&translator);
    }

    void germanHeadersAreNotCutAt1400Pixels()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::German, QLocale::Germany), QStringLiteral("taskstream"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        MainWindow window;
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // Standard buttons in the console's language too.
        QCOMPARE(ButtonTexts::tr("Cancel"), QStringLiteral("Abbrechen"));
        QCOMPARE(ButtonTexts::tr("Close"), QStringLiteral("Schließen"));
        QCOMPARE(ConsumerGroupsModel::stateText(QStringLiteral("Unknown")), QStringLiteral("unbekannt"));
        QCOMPARE(LiveEventsModel::changeText(QStringLiteral("Created")), QStringLiteral("Angelegt"));
        for (int tab = 0; tab < window.tabs()->count(); ++tab) {
            window.tabs()->setCurrentIndex(tab);
            QCoreApplication::processEvents();
            const QList<QHeaderView *> headers = window.tabs()->widget(tab)->findChildren<QHeaderView *>();
            for (const QHeaderView *header : headers) {
                if (header->orientation() != Qt::Horizontal || !header->isVisible() || !header->model())
                    continue;
                for (int section = 0; section < header->count(); ++section) {
                    const QHeaderView::ResizeMode mode = header->sectionResizeMode(section);
                    if (header->isSectionHidden(section) || mode == QHeaderView::Stretch ||
                        (header->stretchLastSection() && section == header->count() - 1))
                        continue;
                    const QString text = header->model()->headerData(section, Qt::Horizontal).toString();
                    const int needed = header->fontMetrics().horizontalAdvance(text);
                    QVERIFY2(header->sectionSize(section) >= needed,
                             qPrintable(QStringLiteral("tab %1: \"%2\" needs %3 px, has %4")
                                            .arg(window.tabs()->tabText(tab), text)
                                            .arg(needed)
                                            .arg(header->sectionSize(section))));
                }
            }
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void germanFileIsComplete()
    {
        QFile ts(QStringLiteral(TASKSTREAM_SOURCE_DIR "/translations/taskstream_de.ts"));
        QVERIFY2(ts.open(QIODevice::ReadOnly), qPrintable(ts.fileName()));
        QXmlStreamReader xml(&ts);
        int messages = 0;
        QString source;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            if (xml.name() == QLatin1String("source")) {
                source = xml.readElementText();
            } else if (xml.name() == QLatin1String("translation")) {
                ++messages;
                const QString type = xml.attributes().value(QLatin1String("type")).toString();
                QVERIFY2(type.isEmpty(), qPrintable(QStringLiteral("%1 translation of \"%2\"").arg(type, source)));
                const QString text = xml.readElementText(QXmlStreamReader::IncludeChildElements);
                QVERIFY2(!text.trimmed().isEmpty(), qPrintable(QStringLiteral("no translation of \"%1\"").arg(source)));
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(messages > 50);
    }

    void englishPlurals()
    {
        QTranslator translator;
        QVERIFY(translator.load(QLocale(QLocale::English, QLocale::UnitedStates), QStringLiteral("taskstream"),
                                QStringLiteral("_"), QStringLiteral(":/i18n")));
        QVERIFY(QCoreApplication::installTranslator(&translator));
        QCOMPARE(MainWindow::tr("%n broker(s)", nullptr, 1), QStringLiteral("1 broker"));
        QCOMPARE(MainWindow::tr("%n broker(s)", nullptr, 3), QStringLiteral("3 brokers"));
        // The audit tab's count label reads "50 entries shown", not "50 entry(ies) shown".
        QCOMPARE(AuditPanel::tr("%n entry(ies) shown; more match (Load more).", nullptr, 1),
                 QStringLiteral("1 entry shown; more match (Load more)."));
        QCOMPARE(AuditPanel::tr("%n entry(ies) shown; more match (Load more).", nullptr, 50),
                 QStringLiteral("50 entries shown; more match (Load more)."));
        QCoreApplication::removeTranslator(&translator);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
