#include "metrics/MetricsRegistry.h"

#include <cmath>

namespace taskstream::metrics {

namespace {
QString escapeLabel(QString v)
{
    return v.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
        .replace(QLatin1Char('"'), QLatin1String("\\\""))
        .replace(QLatin1Char('\n'), QLatin1String("\\n"));
}

QString number(double v)
{
    if (std::isinf(v))
        return v > 0 ? QStringLiteral("+Inf") : QStringLiteral("-Inf");
    if (std::isnan(v))
        return QStringLiteral("NaN");
    if (v == std::floor(v) && std::fabs(v) < 1e15)
        return QString::number(qint64(v));
    return QString::number(v, 'g', 12);
}

QString withLabel(const QString &rendered, const QString &extra)
{
    if (rendered.isEmpty())
        return QLatin1Char('{') + extra + QLatin1Char('}');
    return rendered.left(rendered.size() - 1) + QLatin1Char(',') + extra + QLatin1Char('}');
}
} // namespace

const QList<double> &MetricsRegistry::defaultLatencyBuckets()
{
    static const QList<double> b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    return b;
}

QString MetricsRegistry::renderLabels(const Labels &labels)
{
    if (labels.isEmpty())
        return {};
    QStringList parts;
    for (const auto &l : labels)
        parts << QStringLiteral("%1=\"%2\"").arg(l.first, escapeLabel(l.second));
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

void MetricsRegistry::describe(const QString &name, const QString &type, const QString &help)
{
    Family &f = m_families[name];
    f.type = type;
    f.help = help;
}

void MetricsRegistry::counterAdd(const QString &name, const Labels &labels, double value)
{
    Family &f = m_families[name];
    if (f.type.isEmpty())
        f.type = QStringLiteral("counter");
    f.values[renderLabels(labels)] += value;
}

void MetricsRegistry::describe(const QList<MetricFamily> &families)
{
    for (const MetricFamily &f : families)
        describe(QString::fromLatin1(f.name), QString::fromLatin1(f.type), QString::fromLatin1(f.help));
}

void MetricsRegistry::clear(const QString &name)
{
    const auto it = m_families.find(name);
    if (it == m_families.end())
        return;
    it->values.clear();
    it->histograms.clear();
}

void MetricsRegistry::gaugeSet(const QString &name, const Labels &labels, double value)
{
    Family &f = m_families[name];
    if (f.type.isEmpty())
        f.type = QStringLiteral("gauge");
    f.values[renderLabels(labels)] = value;
}

void MetricsRegistry::histogramSet(const QString &name, const Labels &labels, const QList<double> &bounds,
                                   const QList<quint64> &cumulative, double sum, quint64 count)
{
    Family &f = m_families[name];
    if (f.type.isEmpty())
        f.type = QStringLiteral("histogram");
    Histogram &h = f.histograms[renderLabels(labels)];
    h.buckets = bounds;
    h.counts = cumulative;
    h.counts.resize(bounds.size());
    h.sum = sum;
    h.count = count;
}

void MetricsRegistry::observe(const QString &name, const Labels &labels, double value, const QList<double> &buckets)
{
    Family &f = m_families[name];
    if (f.type.isEmpty())
        f.type = QStringLiteral("histogram");
    Histogram &h = f.histograms[renderLabels(labels)];
    if (h.buckets.isEmpty()) {
        h.buckets = buckets;
        h.counts = QList<quint64>(buckets.size(), 0);
    }
    for (qsizetype i = 0; i < h.buckets.size(); ++i)
        if (value <= h.buckets[i])
            ++h.counts[i];
    h.sum += value;
    ++h.count;
}

void MetricsRegistry::addCollector(std::function<void(MetricsRegistry &)> collector)
{
    m_collectors.append(std::move(collector));
}

QByteArray MetricsRegistry::exposition()
{
    for (const auto &c : m_collectors)
        c(*this);
    QString out;
    for (auto it = m_families.cbegin(); it != m_families.cend(); ++it) {
        const Family &f = it.value();
        if (f.values.isEmpty() && f.histograms.isEmpty())
            continue;
        if (!f.help.isEmpty())
            out += QStringLiteral("# HELP %1 %2\n").arg(it.key(), f.help);
        out += QStringLiteral("# TYPE %1 %2\n").arg(it.key(), f.type);
        for (auto v = f.values.cbegin(); v != f.values.cend(); ++v)
            out += it.key() + v.key() + QLatin1Char(' ') + number(v.value()) + QLatin1Char('\n');
        for (auto h = f.histograms.cbegin(); h != f.histograms.cend(); ++h) {
            for (qsizetype i = 0; i < h->buckets.size(); ++i)
                out += it.key() + QStringLiteral("_bucket") +
                       withLabel(h.key(), QStringLiteral("le=\"%1\"").arg(number(h->buckets[i]))) + QLatin1Char(' ') +
                       number(double(h->counts[i])) + QLatin1Char('\n');
            out += it.key() + QStringLiteral("_bucket") + withLabel(h.key(), QStringLiteral("le=\"+Inf\"")) +
                   QLatin1Char(' ') + number(double(h->count)) + QLatin1Char('\n');
            out += it.key() + QStringLiteral("_sum") + h.key() + QLatin1Char(' ') + number(h->sum) + QLatin1Char('\n');
            out += it.key() + QStringLiteral("_count") + h.key() + QLatin1Char(' ') + number(double(h->count)) +
                   QLatin1Char('\n');
        }
    }
    return out.toUtf8();
}

} // namespace taskstream::metrics
