#include "LagChart.h"

#include <QEvent>
#include <QLocale>
#include <QPainter>
#include <QPainterPath>

namespace taskstream {
namespace console {

LagChart::LagChart(QWidget *parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("lagChart"));
    setAutoFillBackground(true);
    setBackgroundRole(QPalette::Base);
}

void LagChart::setSeries(const QString &title, const QList<Point> &points)
{
    m_title = title;
    m_points = points;
    m_picture = QPixmap();
    update();
}

void LagChart::clear()
{
    setSeries({}, {});
}

QSize LagChart::sizeHint() const
{
    return {400, 160};
}

QSize LagChart::minimumSizeHint() const
{
    return {160, 80};
}

void LagChart::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange ||
        event->type() == QEvent::LanguageChange)
        m_picture = QPixmap();
    QWidget::changeEvent(event);
}

void LagChart::paintEvent(QPaintEvent *)
{
    // Drawn once per series and size, then copied: the chart is painted again on every tab switch
    // and whenever something above it is. Qt's raster engine hands a fill or line of more than about
    // 96 rows to its GUI thread pool and waits for it (a wait for other threads to be scheduled, long
    // on a busy machine), so the picture is drawn in bands lower than that, each clipped to its band.
    const qreal dpr = devicePixelRatioF();
    if (m_picture.isNull() || m_picture.size() != size() * dpr) {
        m_picture = QPixmap(size() * dpr);
        m_picture.setDevicePixelRatio(dpr);
        m_picture.fill(palette().color(QPalette::Base));
        QPainter p(&m_picture);
        p.setFont(font());
        constexpr int kBand = 64;
        for (int top = 0; top < height(); top += kBand) {
            p.save();
            p.setClipRect(0, top, width(), kBand);
            draw(p);
            p.restore();
        }
    }
    QPainter(this).drawPixmap(0, 0, m_picture);
}

void LagChart::draw(QPainter &p) const
{
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm = fontMetrics();
    const int margin = fm.height() / 2 + 2;
    const QColor text = palette().color(QPalette::Text);
    QColor grid = text;
    grid.setAlpha(60);

    p.setPen(text);
    const QString heading = m_title.isEmpty() ? tr("Lag over time") : tr("Lag over time: %1").arg(m_title);
    p.drawText(QRect(margin, margin / 2, width() - 2 * margin, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, heading);

    if (m_points.size() < 2) {
        p.drawText(rect(), Qt::AlignCenter,
                   m_title.isEmpty() ? tr("Select a consumer group to see its lag over time.")
                                     : tr("Collecting samples: the chart appears after the second refresh."));
        return;
    }

    qint64 maxValue = 0;
    for (const Point &pt : m_points)
        maxValue = qMax(maxValue, pt.value);
    const QString maxLabel = QLocale().toString(maxValue);
    const int left = margin + fm.horizontalAdvance(maxLabel) + 4;
    const QRectF plot(left, margin + fm.height(), width() - left - margin, height() - 2 * margin - 2 * fm.height());
    if (plot.width() < 10 || plot.height() < 10)
        return;

    // Axes, top and bottom grid lines with their values.
    p.setPen(grid);
    p.drawLine(plot.topLeft(), plot.topRight());
    p.drawLine(plot.bottomLeft(), plot.bottomRight());
    p.drawLine(plot.topLeft(), plot.bottomLeft());
    p.setPen(text);
    p.drawText(QRectF(margin, plot.top() - fm.height() / 2.0, left - margin - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, maxLabel);
    p.drawText(QRectF(margin, plot.bottom() - fm.height() / 2.0, left - margin - 4, fm.height()),
               Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));

    const qint64 t0 = m_points.first().timeMs;
    const qint64 span = qMax<qint64>(1, m_points.last().timeMs - t0);
    const double top = qMax<qint64>(1, maxValue);
    QPainterPath line;
    for (int i = 0; i < m_points.size(); ++i) {
        const QPointF pt(plot.left() + plot.width() * double(m_points[i].timeMs - t0) / double(span),
                         plot.bottom() - plot.height() * double(m_points[i].value) / top);
        if (i == 0)
            line.moveTo(pt);
        else
            line.lineTo(pt);
    }
    p.setPen(QPen(palette().color(QPalette::Highlight), 2));
    p.drawPath(line);

    p.setPen(text);
    const QString spanText = tr("last %n second(s)", nullptr, int(span / 1000));
    p.drawText(QRectF(plot.left(), plot.bottom() + 2, plot.width(), fm.height()), Qt::AlignRight | Qt::AlignVCenter,
               tr("%1, now %2").arg(spanText, QLocale().toString(m_points.last().value)));
}

} // namespace console
} // namespace taskstream
