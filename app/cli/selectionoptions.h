#pragma once
// --filter, --range and --seqs: which events export and republish take
// (EventSelection), parsed the same way for both.

#include "export/eventselection.h"

#include <QCommandLineParser>

namespace streamscope::cli {

class SelectionOptions
{
public:
    SelectionOptions();
    void addTo(QCommandLineParser &parser) const;
    // The selection, or a usage error.
    Result<EventSelection> read(const QCommandLineParser &parser) const;
    bool anySet(const QCommandLineParser &parser) const;

private:
    QCommandLineOption m_filter, m_range, m_seqs;
};

} // namespace streamscope::cli
