// Connection profiles: the store on a QSettings file of its own (round trip, rename, delete, last
// used, secrets only with consent), the mapping of each security protocol to librdkafka properties,
// validation, and the profiles model under QAbstractItemModelTester.

#include "ConnectionProfile.h"
#include "models/ConnectionProfilesModel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream::console;
using Protocol = ConnectionProfile::SecurityProtocol;
using Mechanism = ConnectionProfile::SaslMechanism;

Q_DECLARE_METATYPE(ConnectionProfile)

namespace {

ConnectionProfile saslProfile(const QString &name)
{
    ConnectionProfile p;
    p.name = name;
    p.bootstrapServers = QStringLiteral("kafka-0:9093,kafka-1:9093");
    p.securityProtocol = Protocol::SaslSsl;
    p.saslMechanism = Mechanism::ScramSha512;
    p.username = QStringLiteral("console");
    p.password = QStringLiteral("s3cret-pass");
    p.caFile = QStringLiteral("/etc/kafka/ca.pem");
    p.verifyHostname = false;
    p.schemaRegistryUrl = QStringLiteral("http://registry:8081");
    p.apiUrl = QStringLiteral("http://taskstreamd:8080");
    p.apiToken = QStringLiteral("token-abc");
    return p;
}

QByteArray fileText(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class TestConnectionProfiles : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    int m_fileNo = 0;
    /// A fresh settings file for each test.
    std::unique_ptr<QSettings> newSettings()
    {
        return std::make_unique<QSettings>(m_dir.filePath(QStringLiteral("profiles-%1.ini").arg(++m_fileNo)),
                                           QSettings::IniFormat);
    }

private slots:
    void roundTripWithoutSecrets()
    {
        auto settings = newSettings();
        ConnectionProfileStore store(settings.get());
        const ConnectionProfile p = saslProfile(QStringLiteral("prod/eu west"));
        store.save(p);

        QCOMPARE(store.names(), QStringList{QStringLiteral("prod/eu west")});
        // Another store on the same file sees what was written, without the secrets.
        QSettings reread(settings->fileName(), QSettings::IniFormat);
        ConnectionProfileStore other(&reread);
        const std::optional<ConnectionProfile> loaded = other.profile(QStringLiteral("prod/eu west"));
        QVERIFY(loaded);
        ConnectionProfile expected = p;
        expected.password.clear();
        expected.apiToken.clear();
        QCOMPARE(*loaded, expected);
        QVERIFY(loaded->needsPassword());

        const QByteArray text = fileText(settings->fileName());
        QVERIFY(text.contains("console"));
        QVERIFY2(!text.contains("s3cret-pass"), text.constData());
        QVERIFY2(!text.contains("token-abc"), text.constData());
    }

    void rememberedSecretsAreKeptAndForgottenOnRequest()
    {
        auto settings = newSettings();
        ConnectionProfileStore store(settings.get());
        ConnectionProfile p = saslProfile(QStringLiteral("staging"));
        p.rememberSecrets = true;
        store.save(p);
        QCOMPARE(*store.profile(QStringLiteral("staging")), p);
        QVERIFY(fileText(settings->fileName()).contains("s3cret-pass"));

        // Turning "Remember" off removes what was stored before.
        p.rememberSecrets = false;
        store.save(p);
        QVERIFY(!fileText(settings->fileName()).contains("s3cret-pass"));
        QVERIFY(!fileText(settings->fileName()).contains("token-abc"));
        QVERIFY(store.profile(QStringLiteral("staging"))->password.isEmpty());
    }

    void readOnlyIsKept()
    {
        auto settings = newSettings();
        ConnectionProfileStore store(settings.get());
        ConnectionProfile p = saslProfile(QStringLiteral("production"));
        QVERIFY(!p.readOnly);
        p.readOnly = true;
        store.save(p);
        ConnectionProfileStore reread(settings.get());
        QVERIFY(reread.profile(QStringLiteral("production"))->readOnly);
        // Part of what makes two profiles differ.
        ConnectionProfile writable = p;
        writable.readOnly = false;
        QVERIFY(writable != p);
    }

    void renameDeleteAndLastUsed()
    {
        auto settings = newSettings();
        ConnectionProfileStore store(settings.get());
        store.save(saslProfile(QStringLiteral("b")));
        store.save(saslProfile(QStringLiteral("A")));
        store.save(saslProfile(QStringLiteral("c")));
        QCOMPARE(store.names(), (QStringList{QStringLiteral("A"), QStringLiteral("b"), QStringLiteral("c")}));
        store.setLastUsed(QStringLiteral("b"));
        QCOMPARE(store.lastUsed(), QStringLiteral("b"));

        QString why;
        QVERIFY(!store.rename(QStringLiteral("b"), QStringLiteral("c"), &why));
        QVERIFY(why.contains(QLatin1String("exists")));
        QVERIFY(!store.rename(QStringLiteral("missing"), QStringLiteral("x"), &why));
        QVERIFY(store.rename(QStringLiteral("b"), QStringLiteral("bravo"), &why));
        QCOMPARE(store.names(), (QStringList{QStringLiteral("A"), QStringLiteral("bravo"), QStringLiteral("c")}));
        QCOMPARE(store.profile(QStringLiteral("bravo"))->username, QStringLiteral("console"));
        QVERIFY(!store.contains(QStringLiteral("b")));
        QCOMPARE(store.lastUsed(), QStringLiteral("bravo")); // the last used one follows its rename

        QVERIFY(store.remove(QStringLiteral("bravo")));
        QVERIFY(!store.remove(QStringLiteral("bravo")));
        QCOMPARE(store.names(), (QStringList{QStringLiteral("A"), QStringLiteral("c")}));
        QVERIFY(store.lastUsed().isEmpty());
    }

    void kafkaConfigMapping_data()
    {
        QTest::addColumn<int>("protocol");
        QTest::addColumn<QString>("expectedProtocol");
        QTest::addColumn<bool>("sasl");
        QTest::addColumn<bool>("tls");
        QTest::newRow("PLAINTEXT") << int(Protocol::Plaintext) << "plaintext" << false << false;
        QTest::newRow("SSL") << int(Protocol::Ssl) << "ssl" << false << true;
        QTest::newRow("SASL_PLAINTEXT") << int(Protocol::SaslPlaintext) << "sasl_plaintext" << true << false;
        QTest::newRow("SASL_SSL") << int(Protocol::SaslSsl) << "sasl_ssl" << true << true;
    }

    void kafkaConfigMapping()
    {
        QFETCH(int, protocol);
        QFETCH(QString, expectedProtocol);
        QFETCH(bool, sasl);
        QFETCH(bool, tls);
        ConnectionProfile p = saslProfile(QStringLiteral("x"));
        p.securityProtocol = Protocol(protocol);
        p.certificateFile = QStringLiteral("/etc/kafka/client.pem");
        p.keyFile = QStringLiteral("/etc/kafka/client.key");
        const taskstream::kafka::KafkaConfig c = p.toKafkaConfig();
        QCOMPARE(c.bootstrapServers(), QStringLiteral("kafka-0:9093,kafka-1:9093"));
        QCOMPARE(c.value(QStringLiteral("security.protocol")), expectedProtocol);
        QCOMPARE(c.value(QStringLiteral("sasl.mechanisms")), sasl ? QStringLiteral("SCRAM-SHA-512") : QString());
        QCOMPARE(c.value(QStringLiteral("sasl.username")), sasl ? QStringLiteral("console") : QString());
        QCOMPARE(c.value(QStringLiteral("sasl.password")), sasl ? QStringLiteral("s3cret-pass") : QString());
        QCOMPARE(c.value(QStringLiteral("ssl.ca.location")), tls ? QStringLiteral("/etc/kafka/ca.pem") : QString());
        QCOMPARE(c.value(QStringLiteral("ssl.certificate.location")),
                 tls ? QStringLiteral("/etc/kafka/client.pem") : QString());
        QCOMPARE(c.value(QStringLiteral("ssl.key.location")),
                 tls ? QStringLiteral("/etc/kafka/client.key") : QString());
        QCOMPARE(c.value(QStringLiteral("ssl.endpoint.identification.algorithm")),
                 tls ? QStringLiteral("none") : QString());
        // Nothing else than what the profile says: the security keys plus bootstrap.servers.
        for (const QString &key : c.properties().keys())
            QVERIFY2(key == QLatin1String("bootstrap.servers") || key == QLatin1String("security.protocol") ||
                         key.startsWith(QLatin1String("sasl.")) || key.startsWith(QLatin1String("ssl.")),
                     qPrintable(key));
    }

    void hostnameVerificationOnByDefault()
    {
        ConnectionProfile p;
        p.bootstrapServers = QStringLiteral("kafka:9093");
        p.securityProtocol = Protocol::Ssl;
        QCOMPARE(p.toKafkaConfig().value(QStringLiteral("ssl.endpoint.identification.algorithm")),
                 QStringLiteral("https"));
        QVERIFY(!p.toKafkaConfig().contains(QStringLiteral("ssl.ca.location"))); // the system's CAs
    }

    void validation_data()
    {
        QTest::addColumn<ConnectionProfile>("profile");
        QTest::addColumn<QString>("problem"); // a word of the expected problem; empty: valid
        ConnectionProfile ok;
        ok.name = QStringLiteral("local");
        ok.bootstrapServers = QStringLiteral("localhost:9092");
        QTest::newRow("plaintext ok") << ok << QString();
        ConnectionProfile p = ok;
        p.bootstrapServers = QStringLiteral("localhost");
        QTest::newRow("bootstrap without port") << p << QStringLiteral("HOST:PORT");
        p = ok;
        p.name.clear();
        QTest::newRow("no name") << p << QStringLiteral("name");
        p = ok;
        p.securityProtocol = Protocol::SaslPlaintext;
        QTest::newRow("SASL without user") << p << QStringLiteral("user name");
        p.username = QStringLiteral("u");
        QTest::newRow("SASL without password is fine") << p << QString();
        p = ok;
        p.securityProtocol = Protocol::Ssl;
        p.caFile = QStringLiteral("/nonexistent/ca.pem");
        QTest::newRow("missing CA file") << p << QStringLiteral("/nonexistent/ca.pem");
        p = ok;
        p.securityProtocol = Protocol::Ssl;
        p.certificateFile = QCoreApplication::applicationFilePath(); // a file that exists
        QTest::newRow("certificate without key") << p << QStringLiteral("key");
        p = ok;
        p.apiUrl = QStringLiteral("taskstreamd:8080");
        QTest::newRow("API URL without scheme") << p << QStringLiteral("API URL");
    }

    void validation()
    {
        QFETCH(ConnectionProfile, profile);
        QFETCH(QString, problem);
        const QStringList problems = profile.validate();
        if (problem.isEmpty()) {
            QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        } else {
            QCOMPARE(problems.size(), 1);
            QVERIFY2(problems.constFirst().contains(problem), qPrintable(problems.constFirst()));
        }
    }

    void modelUnderTester()
    {
        auto settings = newSettings();
        ConnectionProfileStore store(settings.get());
        ConnectionProfilesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QCOMPARE(model.rowCount(), 0);

        ConnectionProfile plain;
        plain.name = QStringLiteral("local");
        plain.bootstrapServers = QStringLiteral("localhost:9092");
        store.save(plain);
        store.save(saslProfile(QStringLiteral("prod")));
        store.setLastUsed(QStringLiteral("prod"));
        model.reload(store);

        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.columnCount(), int(ConnectionProfilesModel::ColumnCount));
        QCOMPARE(model.index(0, ConnectionProfilesModel::NameColumn).data().toString(), QStringLiteral("local"));
        QCOMPARE(model.index(1, ConnectionProfilesModel::SecurityColumn).data().toString(),
                 QStringLiteral("SASL_SSL (SCRAM-SHA-512)"));
        QCOMPARE(model.index(1, 0).data(ConnectionProfilesModel::LastUsedRole).toBool(), true);
        QCOMPARE(model.index(0, 0).data(ConnectionProfilesModel::LastUsedRole).toBool(), false);
        QCOMPARE(model.rowOf(QStringLiteral("prod")), 1);
        // The model never holds the secrets, remembered or not.
        QVERIFY(model.profile(1).password.isEmpty());

        store.remove(QStringLiteral("local"));
        model.reload(store);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOf(QStringLiteral("local")), -1);
    }
};

QTEST_MAIN(TestConnectionProfiles)
#include "tst_connectionprofiles.moc"
