#include "filter/fieldcatalog.h"

#include "expr/jsonfieldpaths.h"

#include <algorithm>

namespace streamscope {

namespace {

// A header name the language takes after "headers." unquoted.
bool isPlainHeaderName(const QByteArray &name)
{
    if (name.isEmpty())
        return false;
    for (const char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
            || c == '-' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

bool looksLikeJson(const QByteArray &value)
{
    for (const char c : value) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
            continue;
        return c == '{' || c == '[';
    }
    return false;
}

} // namespace

FieldCatalog::FieldCatalog()
{
    for (const QString &field : languageFields())
        m_fields.insert(field);
}

const QStringList &FieldCatalog::languageFields()
{
    static const QStringList fields = {
        QStringLiteral("key"),       QStringLiteral("value"),          QStringLiteral("topic"),
        QStringLiteral("partition"), QStringLiteral("offset"),         QStringLiteral("timestamp"),
        QStringLiteral("timestamp_type"), QStringLiteral("headers."), QStringLiteral("seq"),
        QStringLiteral("arrival"),   QStringLiteral("arrival_us"),
    };
    return fields;
}

bool FieldCatalog::add(const QString &field)
{
    if (m_fields.size() >= kMaxFields || m_fields.contains(field))
        return false;
    m_fields.insert(field);
    return true;
}

bool FieldCatalog::addEvent(const Event &event)
{
    bool changed = false;
    for (const Header &header : event.headers) {
        if (isPlainHeaderName(header.name)) {
            changed |= add(QStringLiteral("headers.") + QString::fromUtf8(header.name));
        } else {
            // headers["x y"]: the same quoting as a JSON member name.
            const QString step = expr::pathStep(header.name);
            changed |= add(QStringLiteral("headers") + step);
        }
    }
    if (event.value && looksLikeJson(*event.value)) {
        for (const QString &path : expr::jsonFieldPaths(*event.value, kMaxPathDepth))
            changed |= add(path); // already value.…
    }
    return changed;
}

QStringList FieldCatalog::fields() const
{
    QStringList sorted(m_fields.begin(), m_fields.end());
    std::sort(sorted.begin(), sorted.end());
    return sorted;
}

QStringList FieldCatalog::completions(const QString &prefix) const
{
    QStringList out;
    for (const QString &field : m_fields)
        if (field.startsWith(prefix))
            out << field;
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace streamscope
