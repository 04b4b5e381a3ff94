#pragma once

// Helpers for the console's item-model tests.

#include <QModelIndex>
#include <QSignalSpy>

namespace testsupport {

/// Whether one of the dataChanged() signals \a spy recorded names \a cell: the models announce
/// the cells that changed, not whole rows, and the tests hold them to it.
inline bool announced(const QSignalSpy &spy, const QModelIndex &cell)
{
    for (const QList<QVariant> &args : spy) {
        const QModelIndex from = args.at(0).toModelIndex();
        const QModelIndex to = args.at(1).toModelIndex();
        if (from.parent() == cell.parent() && from.row() <= cell.row() && cell.row() <= to.row() &&
            from.column() <= cell.column() && cell.column() <= to.column())
            return true;
    }
    return false;
}

} // namespace testsupport
