#pragma once
// The field names the filter bar completes: the language's own fields
// (docs/filter-language.md) and what the stream has shown so far — value.…
// paths of JSON payloads and headers.NAME of the headers seen.

#include "event/event.h"

#include <QSet>
#include <QStringList>

namespace streamscope {

class FieldCatalog
{
public:
    // Bounds on what one stream can add, however varied its payloads.
    static constexpr int kMaxFields = 4096;
    static constexpr int kMaxPathDepth = 6;

    FieldCatalog();

    // The fields of the language itself, e.g. key, partition, headers.
    static const QStringList &languageFields();

    // Learns the JSON paths and header names of an event; true when
    // anything was new.
    bool addEvent(const Event &event);

    // Every field known, sorted (code point order, for QCompleter's
    // binary search).
    QStringList fields() const;
    // The fields that start with prefix (case-sensitive, as the language is).
    QStringList completions(const QString &prefix) const;

private:
    bool add(const QString &field);

    QSet<QString> m_fields;
};

} // namespace streamscope
