#pragma once

#include "http/HttpServer.h"

#include <QByteArrayList>
#include <QList>
#include <QStringList>

namespace taskstream::http {

// Matches request paths against registered patterns ("/a/{id}/b"). Internal to HttpServer.
class HttpRouter
{
public:
    struct Match
    {
        bool pathKnown = false;        // some route has this path (for 405 vs 404)
        QByteArrayList allowedMethods; // methods registered for this path, sorted
        const HttpServer::AsyncHandler *handler = nullptr;
        QString pattern;
        QHash<QString, QString> params;
    };

    void add(const QByteArray &method, const QString &pattern, HttpServer::AsyncHandler handler);
    void addUpgrade(const QString &pattern, HttpServer::UpgradeHandler handler);

    // rawPath is the still percent-encoded path of the request target.
    Match match(const QByteArray &method, const QByteArray &rawPath) const;
    const HttpServer::UpgradeHandler *matchUpgrade(const QByteArray &rawPath, QString *pattern,
                                                   QHash<QString, QString> *params) const;

private:
    struct Pattern
    {
        QString text;
        QStringList segments; // literal, or "{name}"
    };
    struct Route
    {
        QByteArray method;
        Pattern pattern;
        HttpServer::AsyncHandler handler;
    };
    struct UpgradeRoute
    {
        Pattern pattern;
        HttpServer::UpgradeHandler handler;
    };

    static Pattern compile(const QString &pattern);
    static bool matches(const Pattern &pattern, const QStringList &segments, QHash<QString, QString> *params);
    static QStringList splitPath(const QByteArray &rawPath);

    QList<Route> m_routes;
    QList<UpgradeRoute> m_upgrades;
};

} // namespace taskstream::http
