// Connection profiles against real brokers: "Test connection" on the embedded broker (its three
// brokers), on a closed port (an error within its bound), with SASL on the plaintext broker (a
// clear error, not a hang); and the window connecting with a profile: every client gets the
// profile's settings, the Tasks tab its daemon URL and token.

#include "ClusterMonitor.h"
#include "ConnectionProfile.h"
#include "ConnectionTester.h"
#include "ConnectionsDialog.h"
#include "MainWindow.h"
#include "MessageBar.h"
#include "kafka/EmbeddedBroker.h"
#include "models/ConnectionProfilesModel.h"

#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream;
using namespace taskstream::console;

class TestConnections : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_settingsDir;
    kafka::EmbeddedBroker m_broker;

    /// A loopback port nothing listens on.
    static quint16 closedPort()
    {
        QTcpServer server;
        if (!server.listen(QHostAddress::LocalHost))
            return 0;
        const quint16 port = server.serverPort();
        server.close();
        return port;
    }

    ConnectionProfile plainProfile() const
    {
        ConnectionProfile p;
        p.name = QStringLiteral("embedded");
        p.bootstrapServers = m_broker.bootstrapServers();
        return p;
    }

private slots:
    void initTestCase()
    {
        // The window's settings, profiles included, go to a file of this test.
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
        QCoreApplication::setOrganizationName(QStringLiteral("Taskstream"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_connections"));
        kafka::KafkaError error;
        QVERIFY2(m_broker.start(3, &error), qPrintable(error.toString()));
    }

    void cleanupTestCase() { m_broker.stop(); }

    void testConnectionFindsTheThreeBrokers()
    {
        ConnectionTester tester;
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        tester.start(plainProfile().toKafkaConfig(), 10000);
        QVERIFY(tester.isRunning());
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), true);
        QCOMPARE(finished.at(0).at(1).toInt(), 3);
        QVERIFY2(finished.at(0).at(2).toString().contains(QLatin1String("3 broker")),
                 qPrintable(finished.at(0).at(2).toString()));
        QVERIFY(!tester.isRunning());
    }

    void testConnectionToAClosedPortFails()
    {
        const quint16 port = closedPort();
        QVERIFY(port != 0);
        ConnectionProfile p = plainProfile();
        p.bootstrapServers = QStringLiteral("127.0.0.1:%1").arg(port);
        ConnectionTester tester;
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        tester.start(p.toKafkaConfig(), 2000);
        // The result comes by the test's bound (2 s) plus the worker's hand-over.
        QVERIFY(finished.wait(15000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const QString message = finished.at(0).at(2).toString();
        QVERIFY2(message.contains(QLatin1String("Check the bootstrap servers")), qPrintable(message));
    }

    void saslAgainstThePlaintextBrokerFailsClearly()
    {
        ConnectionProfile p = plainProfile();
        p.securityProtocol = ConnectionProfile::SecurityProtocol::SaslPlaintext;
        p.saslMechanism = ConnectionProfile::SaslMechanism::ScramSha256;
        p.username = QStringLiteral("console");
        p.password = QStringLiteral("wrong");
        ConnectionTester tester;
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        tester.start(p.toKafkaConfig(), 5000);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished.at(0).at(0).toBool(), false);
        const QString message = finished.at(0).at(2).toString();
        // librdkafka reports that the broker has no SASL handshake (_AUTHENTICATION), which ends the
        // test at once; should that report not come, the bound ends it with the handshake advice.
        // Either way the message points at the profile's SASL settings.
        QVERIFY2(message.contains(QLatin1String("SASL mechanism")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("Authentication failed")) ||
                     message.contains(QLatin1String("SASL_PLAINTEXT handshake")),
                 qPrintable(message));
    }

    void windowConnectsWithAProfile()
    {
        MainWindow window;
        ConnectionProfile p = plainProfile();
        p.name = QStringLiteral("local embedded");
        p.apiUrl = QStringLiteral("http://127.0.0.1:18080");
        p.apiToken = QStringLiteral("token-of-the-profile");
        p.rememberSecrets = true; // else the token is asked for in the Tasks tab
        window.profileStore()->save(p);

        QSignalSpy refreshed(window.monitor(), &ClusterMonitor::refreshed);
        QVERIFY(window.connectToProfile(p.name));
        QVERIFY(refreshed.wait(20000));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Connected);
        QCOMPARE(window.currentProfile(), p.name);
        QVERIFY2(window.windowTitle().contains(p.name), qPrintable(window.windowTitle()));
        QCOMPARE(window.profileStore()->lastUsed(), p.name);
        // Every view's Kafka clients start from the profile's settings.
        QCOMPARE(window.monitor()->clientConfig().value(QStringLiteral("security.protocol")),
                 QStringLiteral("plaintext"));
        QCOMPARE(window.monitor()->clientConfig().bootstrapServers(), m_broker.bootstrapServers());
        // The Tasks tab talks to the profile's daemon with its token.
        auto *url = window.findChild<QLineEdit *>(QStringLiteral("apiUrlEdit"));
        auto *token = window.findChild<QLineEdit *>(QStringLiteral("apiTokenEdit"));
        QVERIFY(url && token);
        QCOMPARE(url->text(), p.apiUrl);
        QCOMPARE(token->text(), p.apiToken);

        // A plain bootstrap list (Ctrl+L) leaves the profile's security settings behind; the views
        // see another connection even though the brokers are the same, and open new clients.
        const QString profileKey = window.monitor()->connectionKey();
        QVERIFY(window.connectToCluster(m_broker.bootstrapServers()));
        QVERIFY(window.monitor()->connectionKey() != profileKey);
        QVERIFY(window.currentProfile().isEmpty());
        QVERIFY(!window.monitor()->clientConfig().contains(QStringLiteral("sasl.mechanisms")));
    }

    void dialogValidatesTestsAndSaves()
    {
        QSettings settings(m_settingsDir.filePath(QStringLiteral("dialog.ini")), QSettings::IniFormat);
        ConnectionProfileStore store(&settings);
        ConnectionsDialog dialog(&store);
        auto *status = dialog.findChild<QLabel *>(QStringLiteral("connectionStatus"));
        QVERIFY(status);

        // SASL without a user name is refused before anything is saved or opened.
        ConnectionProfile p = plainProfile();
        p.securityProtocol = ConnectionProfile::SecurityProtocol::SaslSsl;
        dialog.setFormProfile(p);
        QVERIFY(!dialog.saveProfile());
        QVERIFY(!dialog.testConnection());
        QVERIFY2(status->text().contains(QLatin1String("user name")), qPrintable(status->text()));
        QVERIFY(store.names().isEmpty());

        // The embedded broker's profile tests fine; the result shows under the form.
        dialog.setFormProfile(plainProfile());
        QSignalSpy finished(dialog.tester(), &ConnectionTester::finished);
        QVERIFY(dialog.testConnection());
        QVERIFY(finished.wait(20000));
        QVERIFY2(status->text().contains(QLatin1String("3 broker")), qPrintable(status->text()));

        QVERIFY(dialog.saveProfile());
        QCOMPARE(store.names(), QStringList{plainProfile().name});
        QCOMPARE(dialog.model()->rowCount(), 1);
        // Saving under another name renames.
        ConnectionProfile renamed = dialog.formProfile();
        renamed.name = QStringLiteral("renamed");
        dialog.setFormProfile(renamed);
        QVERIFY(dialog.saveProfile());
        QCOMPARE(store.names(), QStringList{QStringLiteral("renamed")});
    }

    void windowReportsAnUnknownProfile()
    {
        MainWindow window;
        QVERIFY(!window.connectToProfile(QStringLiteral("no such profile")));
        QVERIFY2(window.messageBar()->text().contains(QLatin1String("no such profile")),
                 qPrintable(window.messageBar()->text()));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Disconnected);
    }

    void windowSaysWhenTheBrokersRefuseTheProfile()
    {
        MainWindow window;
        window.monitor()->setRequestTimeout(3000);
        ConnectionProfile p = plainProfile();
        p.name = QStringLiteral("sasl on plaintext");
        p.securityProtocol = ConnectionProfile::SecurityProtocol::SaslPlaintext;
        p.username = QStringLiteral("console");
        p.password = QStringLiteral("wrong");
        QSignalSpy problem(window.monitor(), &ClusterMonitor::problem);
        window.connectWithProfile(p);
        QVERIFY(problem.wait(20000));
        QCOMPARE(window.monitor()->state(), ClusterMonitor::State::Unreachable);
        const QString text = window.messageBar()->text();
        QVERIFY2(text.contains(QLatin1String("SASL mechanism")), qPrintable(text));
    }

    void aPortAnsweringHttpIsNamed()
    {
        // A web server where the brokers should be: it answers the client's first request in HTTP.
        QTcpServer web;
        QVERIFY(web.listen(QHostAddress::LocalHost, 0));
        connect(&web, &QTcpServer::newConnection, &web, [&web] {
            while (QTcpSocket *s = web.nextPendingConnection()) {
                connect(s, &QTcpSocket::readyRead, s, [s] {
                    s->readAll();
                    s->write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                    s->disconnectFromHost();
                });
            }
        });
        const QString servers = QStringLiteral("127.0.0.1:%1").arg(web.serverPort());
        MainWindow window;
        window.monitor()->setRequestTimeout(3000);
        QSignalSpy problem(window.monitor(), &ClusterMonitor::problem);
        QVERIFY(window.connectToCluster(servers));
        QVERIFY(problem.wait(20000));
        const QString text = window.messageBar()->text();
        QVERIFY2(text.contains(QLatin1String("answers HTTP")), qPrintable(text));
        QVERIFY2(!text.contains(QLatin1String("refused or broken")), qPrintable(text));

        // The connection test says the same.
        ConnectionTester tester;
        QSignalSpy finished(&tester, &ConnectionTester::finished);
        kafka::KafkaConfig config;
        config.set(QStringLiteral("bootstrap.servers"), servers);
        tester.start(config, 5000);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.first().at(0).toBool(), false);
        QVERIFY2(finished.first().at(2).toString().contains(QLatin1String("answers HTTP")),
                 qPrintable(finished.first().at(2).toString()));
    }
};

QTEST_MAIN(TestConnections)
#include "tst_connections.moc"
