#include "auth/JwtAuth.h"

#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace taskstream::auth;

namespace {
QByteArray b64(const QByteArray &s)
{
    return s.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

class TestJwtAuth : public QObject
{
    Q_OBJECT
    const QByteArray secret = QByteArray(40, 's');
    const QUuid user = QUuid::fromString(QStringLiteral("6f1c2d3e-4b5a-4c6d-8e7f-001122334455"));

private slots:
    void issuedTokenVerifies()
    {
        JwtAuth auth(secret);
        QString why;
        const QString token = auth.issue(user, QStringLiteral("admin"), 3600, &why);
        QVERIFY2(!token.isEmpty(), qPrintable(why));
        const auto p = auth.verifyBearer("Bearer " + token.toUtf8(), &why);
        QVERIFY2(p, qPrintable(why));
        QCOMPARE(p->userId, user);
        QVERIFY(p->isAdmin());
        const auto plain = auth.verify(auth.issue(user, QStringLiteral("user"), 60, &why).toUtf8(), &why);
        QVERIFY(plain && !plain->isAdmin());
    }

    void refusals_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("mentions");
        JwtAuth other(QByteArray(40, 'o'));
        QString why;
        const QByteArray foreign = other.issue(user, QStringLiteral("admin"), 3600, &why).toUtf8();
        const QByteArray payload = b64(QStringLiteral(R"({"sub":"%1","exp":%2})")
                                           .arg(user.toString(QUuid::WithoutBraces))
                                           .arg(QDateTime::currentSecsSinceEpoch() + 3600)
                                           .toUtf8());
        QTest::newRow("alg none, no signature") << b64(R"({"alg":"none","typ":"JWT"})") + "." + payload + "."
                                                << "not a signed JWT";
        QTest::newRow("alg none, junk signature") << b64(R"({"alg":"none","typ":"JWT"})") + "." + payload + ".x"
                                                  << "'none'";
        QTest::newRow("HS512") << b64(R"({"alg":"HS512","typ":"JWT"})") + "." + payload + ".abc"
                               << "'HS512'";
        QTest::newRow("RS256") << b64(R"({"alg":"RS256"})") + "." + payload + ".abc"
                               << "'RS256'";
        QTest::newRow("other secret") << foreign << "signature";
        QTest::newRow("garbage") << QByteArray("not-a-token") << "not a signed JWT";
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("huge") << QByteArray(20000, 'a') << "longer than";
    }
    void refusals()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, mentions);
        JwtAuth auth(secret);
        QString why;
        QVERIFY(!auth.verify(token, &why));
        QVERIFY2(why.contains(mentions), qPrintable(why));
    }

    void expiredTokenIsRefused()
    {
        JwtAuth auth(secret);
        QString why;
        const QString token = auth.issue(user, QStringLiteral("user"), -10, &why);
        QVERIFY(!auth.verify(token.toUtf8(), &why));
        QVERIFY2(why.contains(QLatin1String("expired")), qPrintable(why));
    }

    void tamperedPayloadIsRefused()
    {
        JwtAuth auth(secret);
        QString why;
        const QByteArray genuine = auth.issue(user, QStringLiteral("user"), 3600, &why).toUtf8();
        QVERIFY(auth.verify(genuine, &why)); // remembered as verified: its forgeries must not be
        QList<QByteArray> parts = genuine.split('.');
        parts[1] = b64(QStringLiteral(R"({"sub":"%1","role":"admin","exp":%2})")
                           .arg(user.toString(QUuid::WithoutBraces))
                           .arg(QDateTime::currentSecsSinceEpoch() + 3600)
                           .toUtf8());
        QVERIFY(!auth.verify(parts.join('.'), &why));
        QVERIFY2(why.contains(QLatin1String("signature")), qPrintable(why));
    }

    void rememberedTokenStillExpires()
    {
        // A verified token is remembered, but the clock is read on every request.
        JwtAuth auth(secret);
        QString why;
        const QByteArray token = auth.issue(user, QStringLiteral("admin"), 2, &why).toUtf8();
        const qint64 issuedAt = QDateTime::currentSecsSinceEpoch(); // exp <= issuedAt + 2
        QVERIFY2(auth.verify(token, &why), qPrintable(why));
        const auto again = auth.verify(token, &why);
        QVERIFY2(again, qPrintable(why));
        QCOMPARE(again->userId, user);
        QVERIFY(again->isAdmin());
        QVERIFY(QTest::qWaitFor([&] { return QDateTime::currentSecsSinceEpoch() >= issuedAt + 2; }, 5000));
        QVERIFY(!auth.verify(token, &why));
        QVERIFY2(why.contains(QLatin1String("expired")), qPrintable(why));
        QVERIFY(!auth.verifyBearer("Bearer " + token, &why));
    }

    void bearerHeaderFormat()
    {
        JwtAuth auth(secret);
        QString why;
        QVERIFY(!auth.verifyBearer("", &why));
        QVERIFY(why.contains(QLatin1String("missing Authorization")));
        QVERIFY(!auth.verifyBearer("Basic dXNlcjpwYXNz", &why));
        QVERIFY(why.contains(QLatin1String("Bearer")));
    }

    void secretIsCreatedOnceAndPrivate()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("secrets/jwt-secret"));
        QString why;
        const QByteArray a = JwtAuth::loadOrCreateSecret(path, &why);
        QVERIFY2(a.size() >= 32, qPrintable(why));
        QCOMPARE(JwtAuth::loadOrCreateSecret(path, &why), a);
        QCOMPARE(QFile::permissions(path) & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        QFile shortSecret(dir.filePath(QStringLiteral("short")));
        QVERIFY(shortSecret.open(QIODevice::WriteOnly));
        shortSecret.write("tooshort");
        shortSecret.close();
        QVERIFY(shortSecret.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(JwtAuth::loadSecret(shortSecret.fileName(), &why).isEmpty());
        QVERIFY(why.contains(QLatin1String("shorter than 32")));
    }

    void secretReadableByOthersIsRefused_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("0644") << 0644 << QStringLiteral("other users");
        QTest::newRow("0604") << 0604 << QStringLiteral("other users");
        QTest::newRow("0640, the daemon's own file") << 0640 << QStringLiteral("its group");
        QTest::newRow("0600") << 0600 << QString();
        QTest::newRow("0400") << 0400 << QString();
    }
    void secretReadableByOthersIsRefused()
    {
        QFETCH(int, mode);
        QFETCH(QString, mentions);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("jwt-secret"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(48, 'k'));
        f.close();
        QCOMPARE(::chmod(QFile::encodeName(path).constData(), mode_t(mode)), 0);
        QString why;
        const QByteArray secret = JwtAuth::loadSecret(path, &why);
        if (mentions.isEmpty()) {
            QVERIFY2(!secret.isEmpty(), qPrintable(why));
            return;
        }
        QVERIFY(secret.isEmpty());
        QVERIFY2(why.contains(mentions) && why.contains(QLatin1String("chmod 600")), qPrintable(why));
        QVERIFY2(why.contains(QString::number(mode, 8)), qPrintable(why));
    }

    /// A token with \a payload, signed with HS256 and \a key the way any JWT library would.
    static QByteArray signedToken(const QByteArray &payload, const QByteArray &key)
    {
        const QByteArray input = b64(R"({"alg":"HS256","typ":"JWT"})") + '.' + b64(payload);
        return input + '.' + b64(QMessageAuthenticationCode::hash(input, key, QCryptographicHash::Sha256));
    }
    QByteArray claims(const QString &extra, qint64 lifetime = 3600) const
    {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        return QStringLiteral(R"({"sub":"%1","iat":%2,"exp":%3%4})")
            .arg(user.toString(QUuid::WithoutBraces))
            .arg(now)
            .arg(now + lifetime)
            .arg(extra)
            .toUtf8();
    }

    void claimsAreChecked_data()
    {
        QTest::addColumn<QByteArray>("payload");
        QTest::addColumn<QString>("audience");
        QTest::addColumn<QString>("mentions"); // empty: accepted
        QTest::newRow("our issuer") << claims(R"(,"iss":"taskstream")") << QString() << QString();
        QTest::newRow("no issuer") << claims(QString()) << QString() << QStringLiteral("issuer (iss) is missing");
        QTest::newRow("other issuer") << claims(R"(,"iss":"someone-else")") << QString()
                                      << QStringLiteral("'someone-else'");
        QTest::newRow("audience named") << claims(R"(,"iss":"taskstream","aud":"tasks-api")")
                                        << QStringLiteral("tasks-api") << QString();
        QTest::newRow("audience in a list")
            << claims(R"(,"iss":"taskstream","aud":["other","tasks-api"])") << QStringLiteral("tasks-api") << QString();
        QTest::newRow("audience missing")
            << claims(R"(,"iss":"taskstream")") << QStringLiteral("tasks-api") << QStringLiteral("audience");
        QTest::newRow("audience other") << claims(R"(,"iss":"taskstream","aud":"billing")")
                                        << QStringLiteral("tasks-api") << QStringLiteral("audience");
        QTest::newRow("a role given twice") << claims(R"(,"iss":"taskstream","role":"user","role":"admin")")
                                            << QString() << QStringLiteral("'role' twice");
        QTest::newRow("a subject given twice")
            << claims(R"(,"iss":"taskstream","sub":"00000000-0000-4000-8000-000000000001")") << QString()
            << QStringLiteral("'sub' twice");
        QTest::newRow("lives a year") << claims(R"(,"iss":"taskstream")", 365 * 24 * 3600) << QString()
                                      << QStringLiteral("longer than");
    }
    void claimsAreChecked()
    {
        QFETCH(QByteArray, payload);
        QFETCH(QString, audience);
        QFETCH(QString, mentions);
        JwtOptions options;
        options.audience = audience;
        JwtAuth auth(secret, options);
        QString why;
        const auto p = auth.verify(signedToken(payload, secret), &why);
        if (mentions.isEmpty()) {
            QVERIFY2(p, qPrintable(why));
            QCOMPARE(p->userId, user);
        } else {
            QVERIFY(!p);
            QVERIFY2(why.contains(mentions), qPrintable(why));
        }
    }

    void issuedTokensCarryIssuerAndAudienceAndAMaximumLifetime()
    {
        JwtOptions options;
        options.issuer = QStringLiteral("https://id.example");
        options.audience = QStringLiteral("tasks-api");
        options.maxLifetimeSeconds = 3600;
        JwtAuth auth(secret, options);
        QString why;
        const QString token = auth.issue(user, QStringLiteral("user"), 600, &why);
        QVERIFY2(auth.verify(token.toUtf8(), &why), qPrintable(why));
        // The default options (issuer "taskstream", no audience) refuse it: another issuer.
        QVERIFY(!JwtAuth(secret).verify(token.toUtf8(), &why));
        QVERIFY(auth.issue(user, QStringLiteral("user"), 7200, &why).isEmpty());
        QVERIFY2(why.contains(QLatin1String("at most 3600")), qPrintable(why));
    }
};

QTEST_GUILESS_MAIN(TestJwtAuth)
#include "tst_jwtauth.moc"
