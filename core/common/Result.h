#pragma once

#include <optional>
#include <utility>

#include <QList>
#include <QString>

namespace taskstream {

/// What went wrong, typed so that callers decide without parsing text: retry (Unavailable), tell
/// the client it raced or duplicated (Conflict), reject the input (Invalid), report absence
/// (NotFound), or log and give up (Internal). \a message is for logs; it may hold raw database
/// text and is never shown to API clients for Internal errors.
struct Error
{
    enum class Kind { Unavailable, Conflict, Invalid, NotFound, Internal };

    /// One invalid input field (Invalid errors of a command).
    struct Field
    {
        QString name;
        QString message;
    };

    Kind kind = Kind::Internal;
    QString message;
    /// Whether the same call may succeed later unchanged (a lost connection, a busy database).
    bool retriable = false;
    /// Invalid: every field that is wrong, when the input had fields.
    QList<Field> fields;
    /// The message is the database's own text (set where database errors are classified): it goes
    /// to the log, never to an API client, whatever the kind.
    bool databaseText = false;

    static Error unavailable(const QString &message) { return {Kind::Unavailable, message, true, {}}; }
    static Error conflict(const QString &message) { return {Kind::Conflict, message, false, {}}; }
    static Error invalid(const QString &message) { return {Kind::Invalid, message, false, {}}; }
    /// Invalid, naming each wrong field; the message lists them.
    static Error invalid(QList<Field> fields)
    {
        QString text;
        for (const Field &f : fields)
            text += (text.isEmpty() ? QString() : QStringLiteral("; ")) + f.name + QStringLiteral(": ") + f.message;
        return {Kind::Invalid, text, false, std::move(fields)};
    }
    static Error notFound(const QString &message) { return {Kind::NotFound, message, false, {}}; }
    static Error internal(const QString &message) { return {Kind::Internal, message, false, {}}; }

    /// The same error with \a context in front of its message ("cannot store task: ...").
    Error context(const QString &context) const
    {
        return {kind, context + QLatin1String(": ") + message, retriable, fields, databaseText};
    }
    /// The same error, its message marked as the database's own text.
    Error fromDatabase() const
    {
        Error e = *this;
        e.databaseText = true;
        return e;
    }
    /// "unavailable", "conflict", ...: for logs and metrics labels.
    static const char *kindName(Kind kind)
    {
        switch (kind) {
        case Kind::Unavailable:
            return "unavailable";
        case Kind::Conflict:
            return "conflict";
        case Kind::Invalid:
            return "invalid";
        case Kind::NotFound:
            return "not_found";
        case Kind::Internal:
            break;
        }
        return "internal";
    }
};

/// A value or the Error that prevented it. Checked before use: value() on an error is a bug.
///     Result<Task> r = store.find(id);
///     if (!r)
///         return r.error();
template <class T> class [[nodiscard]] Result
{
public:
    Result(const T &value) : m_value(value) {}
    Result(T &&value) : m_value(std::move(value)) {}
    Result(const Error &error) : m_error(error) {}
    Result(Error &&error) : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }

    T &value() & { return *m_value; }
    const T &value() const & { return *m_value; }
    T &&value() && { return std::move(*m_value); }
    T &operator*() & { return *m_value; }
    const T &operator*() const & { return *m_value; }
    T *operator->() { return &*m_value; }
    const T *operator->() const { return &*m_value; }
    /// The value, or \a fallback on error.
    T valueOr(T fallback) const & { return ok() ? *m_value : std::move(fallback); }

    const Error &error() const { return m_error; }

private:
    std::optional<T> m_value;
    Error m_error;
};

/// The result of a command: success, or the Error.
template <> class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(const Error &error) : m_failed(true), m_error(error) {}
    Result(Error &&error) : m_failed(true), m_error(std::move(error)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return m_error; }

private:
    bool m_failed = false;
    Error m_error;
};

} // namespace taskstream
