#include "CachedTextDelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QStyle>

namespace taskstream {
namespace console {

namespace {

// Enough for the visible cells of the trees of one window several times over; a text that is no
// longer shown falls out.
constexpr int kCachedTexts = 4000;

} // namespace

CachedTextDelegate::CachedTextDelegate(QObject *parent) : QStyledItemDelegate(parent)
{
    m_cache.setMaxCost(kCachedTexts);
}

bool CachedTextDelegate::paintsFromCache(const QStyleOptionViewItem &option)
{
    constexpr auto others =
        QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDecoration | QStyleOptionViewItem::WrapText;
    return !(option.features & others) && !(option.state & QStyle::State_Editing) &&
           option.direction == Qt::LeftToRight && !option.text.contains(QLatin1Char('\n')) &&
           !option.text.contains(QChar::LineSeparator);
}

const QStaticText *CachedTextDelegate::shaped(const Key &key, const QString &shown) const
{
    if (const QStaticText *hit = m_cache.object(key))
        return hit;
    auto *text = new QStaticText(shown);
    text->setTextFormat(Qt::PlainText);
    text->setPerformanceHint(QStaticText::AggressiveCaching);
    text->prepare(QTransform(), key.font);
    ++m_shaped;
    m_cache.insert(key, text);
    return m_cache.object(key);
}

const QStaticText *CachedTextDelegate::text(const QString &text, const QFont &font, int width,
                                            Qt::TextElideMode mode) const
{
    const QStaticText *whole = shaped({text, font, -1, Qt::ElideNone}, text);
    if (mode == Qt::ElideNone || whole->size().width() <= width)
        return whole;
    const Key key{text, font, width, mode};
    if (const QStaticText *hit = m_cache.object(key))
        return hit;
    return shaped(key, QFontMetrics(font).elidedText(text, mode, width));
}

void CachedTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    if (!paintsFromCache(opt)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();

    // What QCommonStyle does for CE_ItemViewItem without a check box or an icon: the background
    // (alternating rows are the view's), the text in the item's colour, the focus frame.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    if (!opt.text.isEmpty()) {
        QPalette::ColorGroup cg = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
        if (cg == QPalette::Normal && !(opt.state & QStyle::State_Active))
            cg = QPalette::Inactive;
        const QPen pen(
            opt.palette.color(cg, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
        const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
        const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
        const QStaticText *shown = text(opt.text, opt.font, textRect.width(), opt.textElideMode);
        const QSizeF exact = shown->size();
        const QSize size = exact.toSize();
        const Qt::Alignment align = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
        // Vertically on whole pixels, horizontally to the fraction, as QTextLayout places a line.
        QPointF at(textRect.left(), QStyle::alignedRect(opt.direction, align, size, textRect).top());
        if (align & Qt::AlignRight)
            at.rx() += textRect.width() - exact.width();
        else if (align & Qt::AlignHCenter)
            at.rx() += (textRect.width() - exact.width()) / 2;
        painter->save();
        painter->setPen(pen);
        painter->setFont(opt.font);
        if (size.width() > textRect.width() || size.height() > opt.rect.height())
            painter->setClipRect(opt.rect); // not elided (ElideNone) or taller than the row
        painter->drawStaticText(at, *shown);
        painter->restore();
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.rect = style->subElementRect(QStyle::SE_ItemViewItemFocusRect, &opt, widget);
        focus.state |= QStyle::State_KeyboardFocusChange | QStyle::State_Item;
        const QPalette::ColorGroup cg = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
        focus.backgroundColor =
            opt.palette.color(cg, (opt.state & QStyle::State_Selected) ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
}

} // namespace console
} // namespace taskstream
