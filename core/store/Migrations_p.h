#pragma once
// Private to core/store: the versioned schema, one entry per version, SQL per database kind.

#include <QStringList>

namespace taskstream::store::detail {

struct Migration
{
    int version;
    const char *description;
    QStringList sqlite;
    QStringList postgres;
};

const QList<Migration> &migrations();

} // namespace taskstream::store::detail
