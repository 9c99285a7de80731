#pragma once
// A payload as text, one row per line, built for payloads of any size: long
// lines are cut into rows of at most kRowBytes (at a character boundary), and
// rows are decoded only when the view asks for them. Valid UTF-8 is shown as
// text; anything else is shown with \xHH escapes for every byte that is not
// printable ASCII (DESIGN.md principle 6). Control characters but tab are
// escaped either way.
//
// The layout (where rows start) is computed apart, so that for a huge
// payload it can be computed off the GUI thread.

#include <QAbstractTableModel>
#include <QByteArray>

#include <atomic>
#include <cstdint>
#include <vector>

namespace streamscope {

struct TextLayout {
    bool utf8 = true;
    qsizetype end = 0;                     // bytes [0, end) are laid out
    std::vector<qsizetype> rowStarts;      // byte where each row starts
    std::vector<std::int32_t> lineNumbers; // the 1-based line of each row; a cut line repeats it
};

class PayloadTextModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { LineColumn = 0, TextColumn, NUM_COLUMNS };
    enum Roles { CopyTextRole = Qt::UserRole + 1 };
    static constexpr qsizetype kRowBytes = 128;       // UTF-8 text
    static constexpr qsizetype kEscapedRowBytes = 48; // escaped bytes: up to four characters each

    explicit PayloadTextModel(QObject *parent = nullptr);

    // Lays out bytes [0, limit) of data (all when limit < 0; a limit inside
    // a UTF-8 sequence moves back to its start). Returns an empty layout when
    // cancelled.
    static TextLayout layout(const QByteArray &data, qsizetype limit = -1, const std::atomic<bool> *cancel = nullptr);

    void setText(const QByteArray &data, TextLayout layout);
    void clear();
    const TextLayout &textLayout() const { return m_layout; }
    qsizetype shownBytes() const { return m_layout.end; }

    // Rows [first, last] as the text they hold: a cut line is joined again.
    QString textOfRows(int first, int last) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QByteArrayView rowBytes(int row) const;
    bool startsLine(int row) const;
    QString rowText(int row, bool forCopy) const;

    QByteArray m_data;
    TextLayout m_layout;
};

} // namespace streamscope
