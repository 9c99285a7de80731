#pragma once
// The JSON text of window results and late events, written directly: the
// same bytes as QJsonDocument(x.toJson()).toJson(QJsonDocument::Compact)
// (keys in Qt's order, Qt's escaping and number formatting), without
// building a QJsonObject per line. `streamscope-cli run --json` and the
// result exports write a line per result, often millions: through
// QJsonDocument that cost several times the whole engine run.

#include "engine/engine.h"

#include <QByteArray>
#include <QStringList>

#include <string>
#include <utility>
#include <vector>

namespace streamscope {

// One value as QJsonDocument writes it inside an array or object.
void appendJsonValue(QByteArray &out, const QJsonValue &value);

class ResultJsonWriter
{
public:
    // Appends the object (no newline).
    void append(QByteArray &out, const WindowResult &result);
    void append(QByteArray &out, const LateEvent &event, const QStringList &topicNames = {});
    // The result for people, as `streamscope-cli run` prints it: "seq 131:
    // window sensor-019 [start, end) fired (#1): avg=4.93, count=1" (a
    // collect aggregate as "[N events]").
    void appendText(QByteArray &out, const WindowResult &result);

private:
    void sortNames(const QStringList &names);
    // visit("name":, value index) for each aggregate in QJsonObject's order.
    template<typename Visit>
    void forEachAggregate(const WindowResult &result, Visit &&visit);

    // The aggregates' names as written: "name": in key order, each with the
    // index of its value (the last of equal names, as QJsonObject keeps).
    // Made once for the names of the results seen.
    QStringList m_names;
    std::vector<std::pair<std::string, std::size_t>> m_sortedNames;
    std::string m_line; // the line being written, reused
};

} // namespace streamscope
