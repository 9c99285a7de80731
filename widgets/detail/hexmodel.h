#pragma once
// A payload as a hex dump: offset | 16 bytes in hex | the same bytes as
// ASCII. Rows are formatted when the view asks for them, so a 16 MB payload
// costs nothing until it is scrolled through.

#include <QAbstractTableModel>
#include <QByteArray>

namespace streamscope {

class HexModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { OffsetColumn = 0, HexColumn, AsciiColumn, NUM_COLUMNS };
    static constexpr int kBytesPerRow = 16;

    explicit HexModel(QObject *parent = nullptr);

    // Shows bytes [0, limit) of data (all of it when limit < 0).
    void setBytes(const QByteArray &data, qsizetype limit = -1);
    void clear();
    qsizetype shownBytes() const { return m_shown; }

    // The bytes of rows [first, last] as hex pairs, for copying.
    QString hexOfRows(int first, int last) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QByteArray m_data;
    qsizetype m_shown = 0;
};

} // namespace streamscope
