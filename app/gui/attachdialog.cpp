#include "attachdialog.h"

#include "common/format.h"

#include <QButtonGroup>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace streamscope {

namespace {
enum Choice { Beginning, End, Offset, Time, LastN };
}

AttachDialog::AttachDialog(const QString &topic, qint64 eventsInTopic, QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("Record %1").arg(topic));
    auto *intro = new QLabel(eventsInTopic >= 0 ? tr("%1 holds %2 events. Start reading at:").arg(topic, format::count(eventsInTopic))
                                                : tr("Start reading %1 at:").arg(topic),
                             this);
    m_choice = new QButtonGroup(this);
    auto *grid = new QGridLayout;
    auto addChoice = [&](int id, const QString &text, QWidget *field) {
        auto *button = new QRadioButton(text, this);
        m_choice->addButton(button, id);
        const int row = grid->rowCount();
        grid->addWidget(button, row, 0);
        if (field) {
            grid->addWidget(field, row, 1);
            field->setEnabled(false);
            connect(button, &QRadioButton::toggled, field, &QWidget::setEnabled);
        }
    };
    m_offset = new QLineEdit(this);
    m_offset->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("\\d{1,18}")), m_offset));
    m_offset->setPlaceholderText(tr("offset, in every partition"));
    m_time = new QDateTimeEdit(QDateTime::currentDateTime().addSecs(-3600), this);
    m_time->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    m_time->setCalendarPopup(true);
    m_lastN = new QSpinBox(this);
    m_lastN->setRange(1, 100000000);
    m_lastN->setValue(1000);
    m_lastN->setSuffix(tr(" events per partition"));
    addChoice(Beginning, tr("The beginning (everything the broker still has)"), nullptr);
    addChoice(End, tr("The end (only what arrives from now on)"), nullptr);
    addChoice(Offset, tr("An offset:"), m_offset);
    addChoice(Time, tr("A time:"), m_time);
    addChoice(LastN, tr("The last:"), m_lastN);
    m_choice->button(LastN)->setChecked(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Record"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(grid);
    layout->addWidget(buttons);
}

StartPosition AttachDialog::startPosition() const
{
    switch (m_choice->checkedId()) {
    case Beginning: return StartPosition::beginning();
    case End: return StartPosition::end();
    case Offset: return StartPosition::offset(m_offset->text().toLongLong());
    case Time: return StartPosition::timestamp(m_time->dateTime().toMSecsSinceEpoch());
    case LastN: return StartPosition::lastN(m_lastN->value());
    }
    return StartPosition::beginning();
}

void AttachDialog::setStartPosition(const StartPosition &p)
{
    switch (p.kind) {
    case StartPosition::Kind::Beginning: m_choice->button(Beginning)->setChecked(true); break;
    case StartPosition::Kind::End: m_choice->button(End)->setChecked(true); break;
    case StartPosition::Kind::Offset:
        m_choice->button(Offset)->setChecked(true);
        m_offset->setText(QString::number(p.value));
        break;
    case StartPosition::Kind::Timestamp:
        m_choice->button(Time)->setChecked(true);
        m_time->setDateTime(QDateTime::fromMSecsSinceEpoch(p.value));
        break;
    case StartPosition::Kind::LastN:
        m_choice->button(LastN)->setChecked(true);
        m_lastN->setValue(int(std::min<qint64>(p.value, m_lastN->maximum())));
        break;
    }
}

} // namespace streamscope
