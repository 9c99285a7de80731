#pragma once
// The JSON paths one payload has, written as the language writes them, for
// completion in the filter bar: {"a":{"b":1},"items":[{"id":2}]} gives
// value.a, value.a.b, value.items, value.items[0].id.

#include <QByteArray>
#include <QByteArrayView>
#include <QStringList>

namespace streamscope::expr {

// Every member path up to maxDepth steps deep, in document order, without
// repeats. An array contributes its first element's members as [0]. Empty
// when json is not a JSON object or array.
QStringList jsonFieldPaths(const QByteArray &json, int maxDepth);

// One member name as a path step: .name, or ."odd key" when it needs quotes.
QString pathStep(QByteArrayView key);

} // namespace streamscope::expr
