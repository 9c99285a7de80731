#include "detail/payloadtextmodel.h"

#include "common/format.h"

#include <QFontDatabase>

#include <cstring>

namespace streamscope {

namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The largest end ≤ limit that does not split a UTF-8 sequence.
qsizetype utf8Boundary(const QByteArray &data, qsizetype limit)
{
    if (limit >= data.size())
        return data.size();
    qsizetype end = limit;
    for (int back = 0; back < 3 && end > 0 && isContinuation(data[end]); ++back)
        --end;
    return end;
}

QString escapeByte(unsigned char b) { return QStringLiteral("\\x%1").arg(b, 2, 16, QLatin1Char('0')); }

} // namespace

PayloadTextModel::PayloadTextModel(QObject *parent) : QAbstractTableModel(parent) {}

TextLayout PayloadTextModel::layout(const QByteArray &data, qsizetype limit, const std::atomic<bool> *cancel)
{
    TextLayout out;
    out.end = limit < 0 ? data.size() : utf8Boundary(data, limit);
    out.utf8 = format::isUtf8(QByteArrayView(data.constData(), out.end));
    const char *bytes = data.constData();
    const qsizetype rowBytes = out.utf8 ? kRowBytes : kEscapedRowBytes;
    qsizetype pos = 0;
    std::int32_t line = 1;
    while (pos < out.end) {
        if (cancel && (out.rowStarts.size() & 0xFFF) == 0 && cancel->load())
            return {};
        out.rowStarts.push_back(pos);
        out.lineNumbers.push_back(line);
        const qsizetype window = std::min(rowBytes, out.end - pos);
        const void *newline = std::memchr(bytes + pos, '\n', std::size_t(window));
        if (newline) {
            pos = static_cast<const char *>(newline) - bytes + 1;
            ++line;
            continue;
        }
        qsizetype next = pos + window;
        if (out.utf8 && next < out.end) {
            // Cut before a continuation byte, never inside a character.
            qsizetype back = next;
            while (back > pos + 1 && isContinuation(bytes[back]))
                --back;
            next = back;
        }
        pos = next;
    }
    return out;
}

void PayloadTextModel::setText(const QByteArray &data, TextLayout layout)
{
    beginResetModel();
    m_data = data;
    m_layout = std::move(layout);
    endResetModel();
}

void PayloadTextModel::clear() { setText({}, {}); }

int PayloadTextModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_layout.rowStarts.size());
}

int PayloadTextModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : NUM_COLUMNS; }

bool PayloadTextModel::startsLine(int row) const
{
    return row == 0 || m_layout.lineNumbers[std::size_t(row)] != m_layout.lineNumbers[std::size_t(row) - 1];
}

QByteArrayView PayloadTextModel::rowBytes(int row) const
{
    const qsizetype start = m_layout.rowStarts[std::size_t(row)];
    qsizetype end = std::size_t(row) + 1 < m_layout.rowStarts.size() ? m_layout.rowStarts[std::size_t(row) + 1]
                                                                    : m_layout.end;
    if (end > start && m_data[end - 1] == '\n')
        --end; // the newline ends the line; it is not shown
    return QByteArrayView(m_data.constData() + start, end - start);
}

QString PayloadTextModel::rowText(int row, bool forCopy) const
{
    const QByteArrayView bytes = rowBytes(row);
    QString out;
    if (m_layout.utf8) {
        const QString text = QString::fromUtf8(bytes);
        if (forCopy)
            return text;
        out.reserve(text.size());
        for (const QChar c : text) {
            if ((c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7f)
                out += escapeByte(static_cast<unsigned char>(c.unicode()));
            else
                out += c;
        }
        return out;
    }
    out.reserve(bytes.size());
    for (const char ch : bytes) {
        const auto b = static_cast<unsigned char>(ch);
        if ((b >= 0x20 && b < 0x7f) || b == '\t')
            out += QLatin1Char(ch);
        else
            out += escapeByte(b);
    }
    return out;
}

QString PayloadTextModel::textOfRows(int first, int last) const
{
    QString out;
    for (int row = std::max(first, 0); row <= last && row < rowCount(); ++row) {
        if (row > first && startsLine(row))
            out += QLatin1Char('\n');
        out += rowText(row, true);
    }
    return out;
}

QVariant PayloadTextModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    switch (role) {
    case Qt::DisplayRole:
        if (index.column() == LineColumn)
            return startsLine(index.row()) ? QVariant(m_layout.lineNumbers[std::size_t(index.row())]) : QVariant();
        return rowText(index.row(), false);
    case CopyTextRole:
        return index.column() == TextColumn ? QVariant(rowText(index.row(), true)) : QVariant();
    case Qt::FontRole:
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    case Qt::TextAlignmentRole:
        return index.column() == LineColumn ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ToolTipRole:
        if (index.column() == LineColumn && !startsLine(index.row()))
            return tr("continues line %1").arg(m_layout.lineNumbers[std::size_t(index.row())]);
        return {};
    default:
        return {};
    }
}

QVariant PayloadTextModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == LineColumn ? tr("Line") : section == TextColumn ? tr("Text") : QVariant();
}

} // namespace streamscope
