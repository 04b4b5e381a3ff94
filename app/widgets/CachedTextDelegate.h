#pragma once

#include <QCache>
#include <QFont>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace taskstream {
namespace console {

/// An item delegate for the big trees (topics, consumer groups) that keeps the laid-out text of
/// its cells. QStyledItemDelegate lays out and shapes a cell's text two or three times each time
/// the cell is painted (its size, its elision, its drawing); a view of a thousand partitions
/// repaints its visible cells on every refresh, mostly with the same texts, and that shaping was
/// most of the window thread's time. Here a text is shaped once (QStaticText) and drawn from the
/// cache while it stays the same, elided to the column's width the way the style does.
///
/// Cells with a check box, an icon, wrapped or multi-line text, or a right-to-left layout are
/// painted by QStyledItemDelegate as before.
class CachedTextDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit CachedTextDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    /// Whether \a option (as initStyleOption() filled it) is painted from the cache.
    static bool paintsFromCache(const QStyleOptionViewItem &option);
    /// Texts shaped so far (each a cache miss); for tests.
    qint64 textsShaped() const { return m_shaped; }

private:
    struct Key
    {
        QString text;
        QFont font;
        int width = -1; ///< the width elided to; -1 for the whole text
        Qt::TextElideMode mode = Qt::ElideNone;
        friend bool operator==(const Key &a, const Key &b)
        {
            return a.width == b.width && a.mode == b.mode && a.text == b.text && a.font == b.font;
        }
        friend size_t qHash(const Key &k, size_t seed = 0) noexcept
        {
            return qHashMulti(seed, k.text, k.font, k.width, int(k.mode));
        }
    };

    /// The text laid out in \a font; elided to \a width with \a mode when it is wider.
    const QStaticText *text(const QString &text, const QFont &font, int width, Qt::TextElideMode mode) const;
    const QStaticText *shaped(const Key &key, const QString &shown) const;

    mutable QCache<Key, QStaticText> m_cache;
    mutable qint64 m_shaped = 0;
};

} // namespace console
} // namespace taskstream
