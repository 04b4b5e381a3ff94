#include "runtime/DatabaseProbe.h"

#include "runtime/Node_p.h"
#include "store/Database.h"

#include <QDeadlineTimer>
#include <QMutexLocker>
#include <QTimer>

namespace taskstream::runtime {

DatabaseHealth::Reading DatabaseHealth::last() const
{
    QMutexLocker lock(&m_mutex);
    return m_last;
}

qint64 DatabaseHealth::waitingMs(qint64 nowMs) const
{
    const qint64 began = m_beganMs.load(std::memory_order_relaxed);
    return began < 0 ? -1 : qMax<qint64>(0, nowMs - began);
}

void DatabaseHealth::ended(const Reading &reading)
{
    QMutexLocker lock(&m_mutex);
    m_last = reading;
    m_beganMs.store(-1, std::memory_order_relaxed);
}

DatabaseProbe::DatabaseProbe(QString url, std::shared_ptr<DatabaseHealth> health, int intervalMs)
    : m_url(std::move(url)), m_health(std::move(health)), m_timer(new QTimer(this))
{
    m_timer->setInterval(intervalMs);
    connect(m_timer, &QTimer::timeout, this, &DatabaseProbe::check);
    m_timer->start();
    QTimer::singleShot(0, this, &DatabaseProbe::check);
}

DatabaseProbe::~DatabaseProbe() = default;

void DatabaseProbe::check()
{
    m_health->began(QDeadlineTimer::current().deadline());
    DatabaseHealth::Reading r;
    r.checked = true;
    QString why;
    if (!m_db) {
        // Opened here rather than at start: a database away at that moment is a failed check.
        m_db = store::Database::openRelaxed(m_url, &why);
        if (!m_db) {
            r.errorKind = QLatin1String(Error::kindName(Error::Kind::Unavailable));
            why = QStringLiteral("cannot open a connection: ") + why;
        }
    }
    if (m_db) {
        const Result<void> pinged = m_db->ping();
        r.ok = pinged.ok();
        if (!pinged.ok()) {
            r.errorKind = QLatin1String(Error::kindName(pinged.error().kind));
            why = pinged.error().message;
        } else if (const Result<store::OutboxStats> st = store::OutboxStore(m_db.get()).stats(); st) {
            r.outbox = st.value();
        }
    }
    // The probe is unauthenticated and says only the kind of failure; the database's words go to
    // the log, once per change.
    if (!r.ok && m_lastOk)
        qCWarning(lcNode, "/readyz: the database does not answer: %s", qPrintable(why));
    else if (r.ok && !m_lastOk)
        qCInfo(lcNode, "/readyz: the database answers again");
    m_lastOk = r.ok;
    m_health->ended(r);
}

} // namespace taskstream::runtime
