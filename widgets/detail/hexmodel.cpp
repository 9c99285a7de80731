#include "detail/hexmodel.h"

#include <QFontDatabase>

namespace streamscope {

HexModel::HexModel(QObject *parent) : QAbstractTableModel(parent) {}

void HexModel::setBytes(const QByteArray &data, qsizetype limit)
{
    beginResetModel();
    m_data = data;
    m_shown = limit < 0 ? data.size() : std::min(limit, data.size());
    endResetModel();
}

void HexModel::clear() { setBytes({}); }

int HexModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid())
        return 0;
    return int((m_shown + kBytesPerRow - 1) / kBytesPerRow);
}

int HexModel::columnCount(const QModelIndex &parent) const { return parent.isValid() ? 0 : NUM_COLUMNS; }

QString HexModel::hexOfRows(int first, int last) const
{
    QString out;
    for (int row = std::max(first, 0); row <= last && row < rowCount(); ++row) {
        const qsizetype begin = qsizetype(row) * kBytesPerRow;
        const QByteArray bytes = m_data.mid(begin, std::min<qsizetype>(kBytesPerRow, m_shown - begin));
        out += QString::fromLatin1(bytes.toHex(' '));
        out += QLatin1Char('\n');
    }
    return out;
}

QVariant HexModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    if (role == Qt::FontRole)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role != Qt::DisplayRole)
        return {};
    const qsizetype begin = qsizetype(index.row()) * kBytesPerRow;
    const qsizetype n = std::min<qsizetype>(kBytesPerRow, m_shown - begin);
    const auto *bytes = reinterpret_cast<const unsigned char *>(m_data.constData() + begin);
    switch (index.column()) {
    case OffsetColumn:
        return QStringLiteral("%1").arg(begin, 8, 16, QLatin1Char('0'));
    case HexColumn: {
        static const char digits[] = "0123456789abcdef";
        QString text;
        text.reserve(kBytesPerRow * 3 + 1);
        for (qsizetype i = 0; i < kBytesPerRow; ++i) {
            if (i == kBytesPerRow / 2)
                text += QLatin1Char(' '); // two groups of eight, as hexdump -C
            if (i < n) {
                text += QLatin1Char(digits[bytes[i] >> 4]);
                text += QLatin1Char(digits[bytes[i] & 15]);
            } else
                text += QStringLiteral("  ");
            if (i + 1 < kBytesPerRow)
                text += QLatin1Char(' ');
        }
        return text;
    }
    case AsciiColumn: {
        QString text;
        text.reserve(n);
        for (qsizetype i = 0; i < n; ++i)
            text += bytes[i] >= 0x20 && bytes[i] < 0x7f ? QLatin1Char(char(bytes[i])) : QLatin1Char('.');
        return text;
    }
    default:
        return {};
    }
}

QVariant HexModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OffsetColumn: return tr("Offset");
    case HexColumn: return tr("Hex");
    case AsciiColumn: return tr("ASCII");
    default: return {};
    }
}

} // namespace streamscope
