#include "events/Actor.h"

#include <optional>

namespace taskstream::events {

namespace {
thread_local std::optional<Actor> t_current;
} // namespace

Actor Actor::current()
{
    return t_current.value_or(Actor());
}

ActorScope::ActorScope(const Actor &actor)
    : m_previous(t_current.value_or(Actor())), m_hadPrevious(t_current.has_value())
{
    t_current = actor;
}

ActorScope::~ActorScope()
{
    if (m_hadPrevious)
        t_current = m_previous;
    else
        t_current.reset();
}

} // namespace taskstream::events
