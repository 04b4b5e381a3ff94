#include "services/NotificationMailer.h"

#include <QDir>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace taskstream::services;

namespace {
quint16 freePort()
{
    QTcpServer s;
    s.listen(QHostAddress::LocalHost, 0);
    return s.serverPort();
}

/// Debian's python3, which has aiosmtpd (the first python3 on PATH may be another).
const QString Python = QStringLiteral("/usr/bin/python3");
} // namespace

/// Notification mail through a local SMTP server from Debian (python3-aiosmtpd, writing what it
/// receives to a Maildir): what arrives is read back with Python's own mail parser.
class TestNotificationMailer : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    QProcess smtp;
    quint16 port = 0;

    NotificationMailerOptions options(quint16 toPort) const
    {
        NotificationMailerOptions o;
        o.relay = QUrl(QStringLiteral("smtp://127.0.0.1:%1").arg(toPort));
        o.from = QStringLiteral("taskstream@example.com");
        o.timeoutMs = 15000;
        return o;
    }
    QStringList received() const { return QDir(dir.filePath(QStringLiteral("mail/new"))).entryList(QDir::Files); }
    /// Python's email parser on a received message: one "name: value" line per asked-for field.
    QString parsed(const QString &file)
    {
        QProcess p;
        p.start(Python, {QStringLiteral("-c"), QStringLiteral(R"(import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], 'rb'), policy=email.policy.default)
print('subject:', m['subject']); print('to:', m['to']); print('from:', m['from'])
print('rcpt:', m['X-RcptTo']); print('body:', m.get_content().strip()))"),
                         dir.filePath(QStringLiteral("mail/new/")) + file});
        p.waitForFinished(30000);
        return QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        QProcess probe;
        probe.start(Python, {QStringLiteral("-c"), QStringLiteral("import aiosmtpd")});
        QVERIFY(probe.waitForFinished(30000));
        if (probe.exitCode() != 0)
            QSKIP("python3-aiosmtpd is not installed (scripts/install-deps.sh installs it)");
        port = freePort();
        smtp.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        smtp.start(Python, {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"),
                            QStringLiteral("-l"), QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-c"),
                            QStringLiteral("aiosmtpd.handlers.Mailbox"), dir.filePath(QStringLiteral("mail"))});
        QVERIFY(smtp.waitForStarted(30000));
        // Ready once it accepts a connection.
        QVERIFY(QTest::qWaitFor(
            [&] {
                QTcpSocket s;
                s.connectToHost(QHostAddress::LocalHost, port);
                return s.waitForConnected(200);
            },
            30000));
    }
    void cleanupTestCase()
    {
        smtp.terminate();
        smtp.waitForFinished(10000);
    }

    void mailsAReadableMessage()
    {
        NotificationMailer mailer(options(port));
        QSignalSpy done(&mailer, &NotificationMailer::finished);
        const QJsonObject n{{QStringLiteral("id"), QStringLiteral("0b6a2c1e-7d2f-4c41-8f0e-5b7f6e2d1c3a")},
                            {QStringLiteral("kind"), QStringLiteral("reminder")},
                            {QStringLiteral("title"), QStringLiteral("Blumen gießen ✓")},
                            {QStringLiteral("body"),
                             QJsonObject{{QStringLiteral("remind_at"), QStringLiteral("2026-03-02T08:00:00.000Z")}}}};
        mailer.send(QStringLiteral("alice@example.com"), n); // blocks for the session: a direct call here
        QCOMPARE(done.size(), 1);
        QVERIFY2(done.first().at(1).toBool(), qPrintable(done.first().at(2).toString()));
        const QStringList files = received();
        QCOMPARE(files.size(), 1);
        const QString p = parsed(files.first());
        QVERIFY2(p.contains(QStringLiteral("subject: Reminder: Blumen gießen ✓")), qPrintable(p));
        QVERIFY2(p.contains(QStringLiteral("to: alice@example.com")), qPrintable(p));
        QVERIFY2(p.contains(QStringLiteral("from: taskstream@example.com")), qPrintable(p));
        QVERIFY2(p.contains(QStringLiteral("rcpt: alice@example.com")), qPrintable(p));
        QVERIFY2(p.contains(QStringLiteral("body: Reminder: Blumen gießen ✓")) &&
                     p.contains(QStringLiteral("2026-03-02T08:00:00.000Z")),
                 qPrintable(p));
    }

    void aTitleCannotAddHeaders()
    {
        const QByteArray m = NotificationMailer::message(
            QStringLiteral("taskstream@example.com"), QStringLiteral("bob@example.com"),
            QJsonObject{{QStringLiteral("id"), QStringLiteral("x")},
                        {QStringLiteral("kind"), QStringLiteral("task_changed")},
                        {QStringLiteral("title"), QStringLiteral("hi\r\nBcc: eve@example.com")}},
            QDateTime(QDate(2026, 3, 2), QTime(8, 0), Qt::UTC));
        QVERIFY(!m.contains("\r\nBcc:"));
        QVERIFY(m.contains("Date: Mon, 02 Mar 2026 08:00:00 +0000\r\n"));
    }

    void aBadAddressIsRefusedWithoutASession()
    {
        NotificationMailer mailer(options(port));
        QSignalSpy done(&mailer, &NotificationMailer::finished);
        const int before = int(received().size());
        mailer.send(QStringLiteral("bob@example.com>\r\nRCPT TO:<eve@example.com"),
                    QJsonObject{{QStringLiteral("id"), QStringLiteral("n2")}});
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().at(1).toBool(), false);
        QVERIFY(done.first().at(2).toString().contains(QLatin1String("not a plain address")));
        QCOMPARE(int(received().size()), before);
    }

    void anUnreachableRelayIsReportedWithItsReason()
    {
        NotificationMailer mailer(options(freePort())); // nothing listens there
        QSignalSpy done(&mailer, &NotificationMailer::finished);
        mailer.send(QStringLiteral("alice@example.com"), QJsonObject{{QStringLiteral("id"), QStringLiteral("n3")}});
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().at(1).toBool(), false);
        const QString why = done.first().at(2).toString();
        QVERIFY2(why.contains(QLatin1String("onnect")), qPrintable(why));
    }

    void credentialsNeedTls()
    {
        // The local server offers no STARTTLS: a relay with credentials is refused rather than
        // sending the password in clear text.
        NotificationMailerOptions o = options(port);
        o.user = QStringLiteral("taskstream");
        o.password = QStringLiteral("secret");
        NotificationMailer mailer(o);
        QSignalSpy done(&mailer, &NotificationMailer::finished);
        const int before = int(received().size());
        mailer.send(QStringLiteral("alice@example.com"), QJsonObject{{QStringLiteral("id"), QStringLiteral("n4")}});
        QCOMPARE(done.size(), 1);
        QCOMPARE(done.first().at(1).toBool(), false);
        QCOMPARE(int(received().size()), before);
    }
};

QTEST_GUILESS_MAIN(TestNotificationMailer)
#include "tst_notificationmailer.moc"
