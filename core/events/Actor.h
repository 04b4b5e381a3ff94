#pragma once

#include <QString>

namespace taskstream::events {

/// Who made an event happen, carried with it as two CloudEvents extension attributes (headers
/// `ce_actor` and `ce_actorsource` in binary mode, attributes `actor` and `actorsource` in JSON):
/// the subject of the token behind it and where it came from. An event written before actors
/// existed, or by a producer that does not set them, has an empty actor (docs/audit.md).
struct Actor
{
    /// The verified token's subject (a user id) of the request behind the event; for a worker's
    /// event, the subject of the event it reacted to; empty when no token is behind it.
    QString subject;
    /// "api" (a request to the API), "console" (a request the console made, or a record it wrote
    /// itself), or "worker:<consumer group>" (an event a worker produced, e.g.
    /// "worker:recurring-task-cg"); empty when unknown.
    QString source;

    bool isEmpty() const { return subject.isEmpty() && source.isEmpty(); }
    friend bool operator==(const Actor &a, const Actor &b) { return a.subject == b.subject && a.source == b.source; }
    friend bool operator!=(const Actor &a, const Actor &b) { return !(a == b); }

    static constexpr const char SourceApi[] = "api";
    static constexpr const char SourceConsole[] = "console";
    /// The source of events that the worker of consumer group \a group produces.
    static QString workerSource(const QString &group) { return QStringLiteral("worker:") + group; }
    /// Longest subject and source accepted when decoding (bytes of UTF-8).
    static constexpr int MaxLength = 256;

    /// The actor of the innermost ActorScope on this thread, or an empty one.
    static Actor current();
};

/// Makes \a actor the current one on this thread for the scope's lifetime: events made into
/// records meanwhile (services::makeOutboxRecord) carry it unless they name their own. The API
/// sets one around each authenticated handler, the consumer runner around each handler call.
class ActorScope
{
public:
    explicit ActorScope(const Actor &actor);
    ~ActorScope();
    ActorScope(const ActorScope &) = delete;
    ActorScope &operator=(const ActorScope &) = delete;

private:
    Actor m_previous;
    bool m_hadPrevious;
};

} // namespace taskstream::events
