#pragma once

#include <QList>
#include <QPixmap>
#include <QWidget>

namespace taskstream {
namespace console {

/// A small time-series chart painted with QPainter: one line of values over time (a consumer
/// group's total lag), with the largest value and the time span labelled. Colours come from the
/// widget's palette, so it follows light and dark themes.
class LagChart : public QWidget
{
    Q_OBJECT
public:
    struct Point
    {
        qint64 timeMs = 0;
        qint64 value = 0;
    };

    explicit LagChart(QWidget *parent = nullptr);

    /// Shows \a points (oldest first) under \a title; an empty list shows a hint instead.
    void setSeries(const QString &title, const QList<Point> &points);
    void clear();
    QString title() const { return m_title; }
    const QList<Point> &points() const { return m_points; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void draw(QPainter &painter) const;

    QPixmap m_picture; ///< the chart as last drawn; null when it must be drawn again
    QString m_title;
    QList<Point> m_points;
};

} // namespace console
} // namespace taskstream
