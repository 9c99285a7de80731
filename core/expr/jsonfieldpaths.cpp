#include "expr/jsonfieldpaths.h"

#include <simdjson.h>

#include <QSet>

namespace streamscope::expr {

namespace {

// Deep enough for any real payload; bounds the recursion below.
constexpr int kMaxPathDepth = 64;

void collect(const simdjson::dom::element &e, const QString &prefix, int depthLeft, QStringList &out, QSet<QString> &seen)
{
    if (depthLeft <= 0)
        return;
    simdjson::dom::object object;
    simdjson::dom::array array;
    if (!e.get_object().get(object)) {
        for (const simdjson::dom::key_value_pair field : object) {
            const QString path = prefix + pathStep(QByteArrayView(field.key.data(), qsizetype(field.key.size())));
            if (!seen.contains(path)) {
                seen.insert(path);
                out << path;
            }
            collect(field.value, path, depthLeft - 1, out, seen);
        }
    } else if (!e.get_array().get(array)) {
        for (const simdjson::dom::element first : array) {
            collect(first, prefix + QStringLiteral("[0]"), depthLeft - 1, out, seen);
            break;
        }
    }
}

} // namespace

QString pathStep(QByteArrayView key)
{
    const QString name = QString::fromUtf8(key);
    bool plain = !name.isEmpty();
    for (const QChar c : name)
        plain = plain && (c.isLetterOrNumber() || c == QLatin1Char('_'));
    if (plain)
        return QLatin1Char('.') + name;
    QString quoted = QStringLiteral(".\"");
    for (const QChar c : name) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            quoted += QLatin1Char('\\') + QString(c);
        else if (c.unicode() < 0x20)
            quoted += QStringLiteral("\\u%1").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        else
            quoted += c;
    }
    return quoted + QLatin1Char('"');
}

QStringList jsonFieldPaths(const QByteArray &json, int maxDepth)
{
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    if (parser.parse(json.constData(), std::size_t(json.size())).get(root))
        return {};
    QStringList out;
    QSet<QString> seen;
    collect(root, QStringLiteral("value"), std::min(maxDepth, kMaxPathDepth), out, seen);
    return out;
}

} // namespace streamscope::expr
