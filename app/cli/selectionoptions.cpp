#include "selectionoptions.h"

#include <QFile>

namespace streamscope::cli {

SelectionOptions::SelectionOptions()
    : m_filter(QStringLiteral("filter"), QStringLiteral("Only events matching this expression (docs/filter-language.md)."),
               QStringLiteral("EXPR")),
      m_range(QStringLiteral("range"), QStringLiteral("Only seqs FROM to TO, both included; either may be left out."),
              QStringLiteral("FROM:TO")),
      m_seqs(QStringLiteral("seqs"),
             QStringLiteral("Only these seqs: \"3,7,10-20\", or @FILE to read such a list from a file (- for "
                            "standard input)."),
             QStringLiteral("LIST"))
{
}

void SelectionOptions::addTo(QCommandLineParser &parser) const { parser.addOptions({m_filter, m_range, m_seqs}); }

bool SelectionOptions::anySet(const QCommandLineParser &parser) const
{
    return parser.isSet(m_filter) || parser.isSet(m_range) || parser.isSet(m_seqs);
}

Result<EventSelection> SelectionOptions::read(const QCommandLineParser &parser) const
{
    EventSelection selection;
    if (parser.isSet(m_filter))
        selection.filter = parser.value(m_filter);
    if (parser.isSet(m_range)) {
        auto range = SeqRange::parse(parser.value(m_range));
        if (!range)
            return range.error();
        selection.range = *range;
    }
    if (parser.isSet(m_seqs)) {
        QString list = parser.value(m_seqs);
        if (list.startsWith(QLatin1Char('@'))) {
            // Lists of marked rows can be longer than a command line.
            const QString path = list.mid(1);
            QFile file;
            const bool opened = path == QLatin1String("-") ? file.open(stdin, QIODevice::ReadOnly)
                                                           : (file.setFileName(path), file.open(QIODevice::ReadOnly));
            if (!opened)
                return Error::badInput(QStringLiteral("cannot read the seq list %1: %2").arg(path, file.errorString()));
            list = QString::fromUtf8(file.readAll());
        }
        auto seqs = EventSelection::parseSeqList(list);
        if (!seqs)
            return seqs.error();
        selection.seqs = std::move(*seqs);
    }
    return selection;
}

} // namespace streamscope::cli
