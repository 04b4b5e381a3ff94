#include "events/SchemaCompatibility.h"

#include <map>

#include <QDirIterator>
#include <QRegularExpression>
#include <QSet>

namespace taskstream::events {

namespace {

class Checker
{
public:
    QStringList problems;

    void check(const SchemaNode *reader, const SchemaNode *writer, const QString &path)
    {
        const auto pair = qMakePair(quintptr(reader), quintptr(writer));
        if (m_visiting.contains(pair)) // recursive types: already being checked
            return;
        m_visiting.insert(pair);
        checkInner(reader, writer, path);
        m_visiting.remove(pair);
    }

private:
    void problem(const QString &path, const QString &message)
    {
        problems << QStringLiteral("%1: %2").arg(path, message);
    }

    static bool promotable(SchemaNode::Kind r, SchemaNode::Kind w)
    {
        using K = SchemaNode;
        if (r == w)
            return true;
        switch (w) {
        case K::Int:
            return r == K::Long || r == K::Float || r == K::Double;
        case K::Long:
            return r == K::Float || r == K::Double;
        case K::Float:
            return r == K::Double;
        case K::String:
            return r == K::Bytes;
        case K::Bytes:
            return r == K::String;
        default:
            return false;
        }
    }

    static bool namesMatch(const SchemaNode *r, const SchemaNode *w)
    {
        auto unqualified = [](const QString &n) { return n.mid(n.lastIndexOf(u'.') + 1); };
        return r->fullName == w->fullName || r->aliases.contains(w->fullName) ||
               unqualified(r->fullName) == unqualified(w->fullName);
    }

    // Whether the two match at the top level (for choosing a union branch), without recursing.
    static bool shallowMatch(const SchemaNode *r, const SchemaNode *w)
    {
        if (r->isNamed() || w->isNamed())
            return r->kind == w->kind && namesMatch(r, w);
        return promotable(r->kind, w->kind);
    }

    void checkInner(const SchemaNode *r, const SchemaNode *w, const QString &path)
    {
        if (w->kind == SchemaNode::Union) {
            for (const SchemaNode *b : w->branches)
                check(r, b, path);
            return;
        }
        if (r->kind == SchemaNode::Union) {
            for (const SchemaNode *b : r->branches) {
                if (shallowMatch(b, w)) {
                    check(b, w, path);
                    return;
                }
            }
            problem(path,
                    QStringLiteral("writer's %1 matches no branch of reader's %2").arg(w->describe(), r->describe()));
            return;
        }
        if (!shallowMatch(r, w)) {
            problem(path, QStringLiteral("writer's %1 cannot be read as %2").arg(w->describe(), r->describe()));
            return;
        }
        switch (r->kind) {
        case SchemaNode::Array:
        case SchemaNode::Map:
            check(r->items, w->items, path + QStringLiteral("[]"));
            return;
        case SchemaNode::Enum:
            for (const QString &s : w->symbols) {
                if (!r->symbols.contains(s))
                    problem(path,
                            QStringLiteral("writer's symbol %1 is missing from reader's enum %2").arg(s, r->fullName));
            }
            return;
        case SchemaNode::Fixed:
            if (r->size != w->size)
                problem(
                    path,
                    QStringLiteral("fixed %1 changed size from %2 to %3").arg(r->fullName).arg(w->size).arg(r->size));
            return;
        case SchemaNode::Record:
            for (const SchemaNode::Field &rf : r->fields) {
                const QString fp = path + u'.' + rf.name;
                const int wi = w->fieldIndex(rf.name);
                if (wi >= 0)
                    check(rf.type, w->fields.at(wi).type, fp);
                else if (!rf.hasDefault)
                    problem(fp, QStringLiteral("reader field without a default is missing from the writer schema"));
            }
            return;
        default:
            return;
        }
    }

    QSet<QPair<quintptr, quintptr>> m_visiting;
};

} // namespace

QStringList SchemaCompatibility::canRead(const AvroSchema &reader, const AvroSchema &writer)
{
    if (!reader.isValid() || !writer.isValid())
        return {QStringLiteral("invalid schema")};
    Checker c;
    c.check(reader.root(), writer.root(), reader.fullName().mid(reader.fullName().lastIndexOf(u'.') + 1));
    return c.problems;
}

QStringList SchemaCompatibility::full(const AvroSchema &newer, const AvroSchema &older)
{
    QStringList problems;
    for (const QString &p : canRead(newer, older))
        problems << QStringLiteral("new readers cannot read old data: %1").arg(p);
    for (const QString &p : canRead(older, newer))
        problems << QStringLiteral("old readers cannot read new data: %1").arg(p);
    return problems;
}

QStringList SchemaCompatibility::checkDirectory(const QString &directory)
{
    static const QRegularExpression versioned(QStringLiteral(R"(\.v(\d+)\.avsc$)"));
    QStringList problems;
    std::map<QString, std::map<int, QPair<QString, AvroSchema>>> history;
    QDirIterator it(directory, {QStringLiteral("*.avsc")}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        const QString rel = QDir(directory).relativeFilePath(path);
        QString error;
        const AvroSchema s = AvroSchema::load(path, &error);
        if (!s.isValid()) {
            problems << QStringLiteral("%1: %2").arg(rel, error);
            continue;
        }
        const QRegularExpressionMatch m = versioned.match(path);
        const int version = m.hasMatch() ? m.captured(1).toInt() : 1;
        auto &versions = history[s.fullName()];
        if (versions.count(version)) {
            problems << QStringLiteral("%1 and %2 both claim version %3 of %4")
                            .arg(versions[version].first, rel)
                            .arg(version)
                            .arg(s.fullName());
            continue;
        }
        versions[version] = qMakePair(rel, s);
    }
    for (const auto &[name, versions] : history) {
        const QPair<QString, AvroSchema> *previous = nullptr;
        for (const auto &[version, entry] : versions) {
            if (previous) {
                for (const QString &p : full(entry.second, previous->second))
                    problems << QStringLiteral("%1 -> %2: %3").arg(previous->first, entry.first, p);
            }
            previous = &entry;
        }
    }
    return problems;
}

} // namespace taskstream::events
