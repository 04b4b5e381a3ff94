#include "store/Database.h"

#include <atomic>
#include <memory>

#include <QMutex>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace taskstream;
using namespace taskstream::store;

/// The order in which the writers of one SQLite file in this process get its write gate: first
/// come first served, except that a priority writer (the API's group commits) goes before the
/// queue, but never twice in a row while another writer waits.
class TestWriteGate : public QObject
{
    Q_OBJECT
    QTemporaryDir dir;
    QMutex mutex;
    QStringList order; ///< who began a transaction, in order
    std::atomic<int> opened{0};

    struct Writer
    {
        QThread *thread = nullptr;
        std::shared_ptr<std::atomic<bool>> go = std::make_shared<std::atomic<bool>>(false);
    };

    /// A writer on a thread of its own: opens its connection there (before anyone holds the
    /// file), waits for its go, begins \a rounds transactions one after the other (each noted in
    /// order, then committed), and ends.
    Writer writer(const QString &path, const QString &name, bool priority, int rounds = 1)
    {
        Writer w;
        w.thread = QThread::create([this, path, name, priority, rounds, go = w.go] {
            QString why;
            std::unique_ptr<Database> db = Database::open(path, &why);
            if (!db)
                qFatal("%s", qPrintable(why));
            db->setWritePriority(priority);
            ++opened;
            while (!go->load())
                QThread::yieldCurrentThread();
            for (int i = 0; i < rounds; ++i) {
                if (!db->begin())
                    qFatal("begin failed");
                {
                    QMutexLocker lock(&mutex);
                    order << name;
                }
                if (!db->statement("INSERT INTO t (who) VALUES (?)").bind(name).exec() || !db->commit())
                    qFatal("write failed");
            }
        });
        w.thread->start();
        return w;
    }

    std::unique_ptr<Database> openFile(const QString &name, QString *path)
    {
        *path = dir.filePath(name);
        QString why;
        std::unique_ptr<Database> db = Database::open(*path, &why);
        if (db)
            db->statement(QStringLiteral("CREATE TABLE t (who TEXT)"), Database::Reuse::Once).exec();
        return db;
    }

private slots:
    void init()
    {
        order.clear();
        opened = 0;
    }

    void priorityWriterGoesBeforeTheQueue()
    {
        QString path;
        std::unique_ptr<Database> holder = openFile(QStringLiteral("first.db"), &path);
        QVERIFY(holder);
        const Writer a = writer(path, QStringLiteral("a"), false);
        const Writer b = writer(path, QStringLiteral("b"), false);
        const Writer api = writer(path, QStringLiteral("api"), true);
        QVERIFY(QTest::qWaitFor([&] { return opened == 3; }));
        QVERIFY(holder->begin());
        *a.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 1; }));
        *b.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 2; }));
        *api.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 3; }));
        QVERIFY(holder->commit());
        for (const Writer &w : {a, b, api}) {
            QVERIFY(w.thread->wait(30000));
            delete w.thread;
        }
        QCOMPARE(order, (QStringList{QStringLiteral("api"), QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(holder->writersWaiting(), 0);
    }

    void priorityWriterNeverGoesTwiceInARowWhileOthersWait()
    {
        QString path;
        std::unique_ptr<Database> holder = openFile(QStringLiteral("alternate.db"), &path);
        QVERIFY(holder);
        const Writer a = writer(path, QStringLiteral("a"), false);
        const Writer b = writer(path, QStringLiteral("b"), false);
        // Three commits in a row, each asked for again as soon as the last one ends.
        const Writer api = writer(path, QStringLiteral("api"), true, 3);
        QVERIFY(QTest::qWaitFor([&] { return opened == 3; }));
        QVERIFY(holder->begin());
        *a.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 1; }));
        *b.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 2; }));
        *api.go = true;
        QVERIFY(QTest::qWaitFor([&] { return holder->writersWaiting() == 3; }));
        QVERIFY(holder->commit());
        for (const Writer &w : {a, b, api}) {
            QVERIFY(w.thread->wait(30000));
            delete w.thread;
        }
        // The api's second and third turns come only after a waiting writer had one each; once
        // nobody else waits it may go again at once.
        QCOMPARE(order.size(), 5);
        QCOMPARE(order.first(), QStringLiteral("api"));
        for (qsizetype i = 1; i < order.size(); ++i)
            QVERIFY2(!(order.at(i) == QLatin1String("api") && order.at(i - 1) == QLatin1String("api") &&
                       (order.mid(i).contains(QStringLiteral("a")) || order.mid(i).contains(QStringLiteral("b")))),
                     qPrintable(order.join(QLatin1Char(' '))));
        QCOMPARE(order.indexOf(QStringLiteral("a")) < order.indexOf(QStringLiteral("b")), true);
    }
};

QTEST_GUILESS_MAIN(TestWriteGate)
#include "tst_writegate.moc"
