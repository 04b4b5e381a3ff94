#include "http/HttpRouter.h"

#include <algorithm>

#include <QUrl>

namespace taskstream::http {

HttpRouter::Pattern HttpRouter::compile(const QString &pattern)
{
    Pattern p;
    p.text = pattern;
    p.segments = pattern.split(QLatin1Char('/'));
    return p;
}

QStringList HttpRouter::splitPath(const QByteArray &rawPath)
{
    // Split before decoding so that an encoded "/" (%2F) stays inside its segment.
    QStringList segments;
    const QByteArrayList raw = rawPath.split('/');
    segments.reserve(raw.size());
    for (const QByteArray &s : raw)
        segments.append(QUrl::fromPercentEncoding(s));
    return segments;
}

bool HttpRouter::matches(const Pattern &pattern, const QStringList &segments, QHash<QString, QString> *params)
{
    if (pattern.segments.size() != segments.size())
        return false;
    QHash<QString, QString> found;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &p = pattern.segments.at(i);
        if (p.size() > 2 && p.startsWith(QLatin1Char('{')) && p.endsWith(QLatin1Char('}'))) {
            if (segments.at(i).isEmpty())
                return false;
            found.insert(p.mid(1, p.size() - 2), segments.at(i));
        } else if (p != segments.at(i)) {
            return false;
        }
    }
    if (params)
        *params = std::move(found);
    return true;
}

void HttpRouter::add(const QByteArray &method, const QString &pattern, HttpServer::AsyncHandler handler)
{
    m_routes.append({method.toUpper(), compile(pattern), std::move(handler)});
}

void HttpRouter::addUpgrade(const QString &pattern, HttpServer::UpgradeHandler handler)
{
    m_upgrades.append({compile(pattern), std::move(handler)});
}

HttpRouter::Match HttpRouter::match(const QByteArray &method, const QByteArray &rawPath) const
{
    Match m;
    const QStringList segments = splitPath(rawPath);
    const Route *getRoute = nullptr;
    QHash<QString, QString> getParams;
    for (const Route &r : m_routes) {
        QHash<QString, QString> params;
        if (!matches(r.pattern, segments, &params))
            continue;
        m.pathKnown = true;
        if (!m.allowedMethods.contains(r.method))
            m.allowedMethods.append(r.method);
        if (!m.handler && r.method == method) {
            m.handler = &r.handler;
            m.pattern = r.pattern.text;
            m.params = std::move(params);
        } else if (!getRoute && r.method == "GET") {
            getRoute = &r;
            getParams = std::move(params);
        }
    }
    if (m.allowedMethods.contains("GET") && !m.allowedMethods.contains("HEAD"))
        m.allowedMethods.append("HEAD");
    if (!m.handler && method == "HEAD" && getRoute) {
        m.handler = &getRoute->handler;
        m.pattern = getRoute->pattern.text;
        m.params = std::move(getParams);
    }
    std::sort(m.allowedMethods.begin(), m.allowedMethods.end());
    return m;
}

const HttpServer::UpgradeHandler *HttpRouter::matchUpgrade(const QByteArray &rawPath, QString *pattern,
                                                           QHash<QString, QString> *params) const
{
    if (m_upgrades.isEmpty())
        return nullptr;
    const QStringList segments = splitPath(rawPath);
    for (const UpgradeRoute &r : m_upgrades) {
        if (matches(r.pattern, segments, params)) {
            if (pattern)
                *pattern = r.pattern.text;
            return &r.handler;
        }
    }
    return nullptr;
}

} // namespace taskstream::http
