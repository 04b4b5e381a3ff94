#pragma once

#include "common/Result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

namespace taskstream::store {
class Database;
}

namespace taskstream::processing {

struct DlqRecord;

/// Where a record lives in its DLQ topic: the identity of a dead-lettered record.
struct DlqRecordId
{
    QString topic; ///< the DLQ topic
    int partition = -1;
    qint64 offset = -1;

    static DlqRecordId of(const DlqRecord &record);
    /// "topic/partition/offset", as DlqRecord::coordinates().
    QString coordinates() const;
    bool operator==(const DlqRecordId &other) const
    {
        return topic == other.topic && partition == other.partition && offset == other.offset;
    }
};

/// What has been done about one DLQ record: discarded by someone (with a note), replayed (from
/// the replay ledger), both, or nothing yet.
struct DlqMark
{
    enum class State { New, Replayed, Discarded };

    bool discarded = false;
    QString discardedBy; ///< the OS user who discarded it
    QDateTime discardedAt;
    QString note;    ///< why, as given; may be empty
    int replays = 0; ///< deliveries recorded in the replay ledger
    QDateTime lastReplayAt;

    /// Discarded wins over replayed: discarding is the explicit decision.
    State state() const { return discarded ? State::Discarded : replays > 0 ? State::Replayed : State::New; }
    /// Handled records (discarded or replayed) need nobody's attention any more.
    bool isHandled() const { return state() != State::New; }
};

/// Marks of DLQ records kept next to the replay ledger (the same database as DlqReplayer's).
/// Kafka cannot delete single records, so "discarded" is a note that a person looked at the record
/// and decided it needs no replay; DlqReplayer refuses discarded records until the mark is undone.
class DlqMarks
{
public:
    explicit DlqMarks(store::Database *db) : m_db(db) {}

    /// Marks \a records discarded by \a by with \a note, now; discarding again replaces who, when
    /// and note. One transaction: all or none.
    Result<void> discard(const QList<DlqRecordId> &records, const QString &by, const QString &note);
    /// Removes the discard marks of \a records (records without one are left as they are).
    Result<void> undoDiscard(const QList<DlqRecordId> &records);
    /// The marks of \a records by coordinates; records with nothing recorded are left out.
    Result<QHash<QString, DlqMark>> marks(const QList<DlqRecordId> &records);

    /// A discarded record with its mark.
    struct Discard
    {
        DlqRecordId record;
        DlqMark mark;
    };
    /// Every discard mark of DLQ topic \a topic, by partition and offset.
    Result<QList<Discard>> discardedIn(const QString &topic);

    /// The name of the user running this process (USER, USERNAME), "unknown" if none is set.
    static QString osUserName();

private:
    store::Database *m_db;
};

} // namespace taskstream::processing
