#pragma once

#include <functional>

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPair>
#include <QString>

namespace taskstream::metrics {

using Labels = QList<QPair<QString, QString>>;

/// A metric family as described in the exposition's HELP and TYPE lines.
struct MetricFamily
{
    const char *name;
    const char *type; ///< "counter", "gauge" or "histogram"
    const char *help;
};

/// One value of a gauge or counter read elsewhere (e.g. on another thread) and set on scrape.
struct Sample
{
    QString name;
    Labels labels;
    double value = 0;
};

/// Counters, gauges and histograms with labels, exposed in the Prometheus text format 0.0.4.
/// Not thread-safe: used on the event loop thread. Names follow Prometheus conventions
/// (taskstream_<what>_<unit>, counters end in _total).
class MetricsRegistry
{
public:
    void describe(const QString &name, const QString &type, const QString &help);
    void describe(const QList<MetricFamily> &families);
    void counterAdd(const QString &name, const Labels &labels = {}, double value = 1);
    void gaugeSet(const QString &name, const Labels &labels, double value);
    void set(const Sample &sample) { gaugeSet(sample.name, sample.labels, sample.value); }
    /// Drops every value of \a name: a value that cannot be read is absent, never a stale or made-up one.
    void clear(const QString &name);
    /// Observes \a value in a histogram with \a buckets (upper bounds, ascending; +Inf is implied).
    void observe(const QString &name, const Labels &labels, double value, const QList<double> &buckets);
    /// Replaces a histogram with a snapshot kept elsewhere: \a cumulative[i] counts the values
    /// <= bounds[i] (one entry per bound; +Inf is \a count).
    void histogramSet(const QString &name, const Labels &labels, const QList<double> &bounds,
                      const QList<quint64> &cumulative, double sum, quint64 count);
    /// Runs before each exposition, to set gauges that are read on scrape (e.g. queue depths).
    void addCollector(std::function<void(MetricsRegistry &)> collector);

    QByteArray exposition();

    static const QList<double> &defaultLatencyBuckets();

private:
    struct Histogram
    {
        QList<double> buckets;
        QList<quint64> counts;
        double sum = 0;
        quint64 count = 0;
    };
    struct Family
    {
        QString type;
        QString help;
        QMap<QString, double> values;        ///< rendered label set -> value
        QMap<QString, Histogram> histograms; ///< rendered label set -> histogram
    };
    static QString renderLabels(const Labels &labels);
    QMap<QString, Family> m_families;
    QList<std::function<void(MetricsRegistry &)>> m_collectors;
};

} // namespace taskstream::metrics
