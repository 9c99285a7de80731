#pragma once
// Where to start reading a topic: beginning, end, an offset, a time, or the
// last N events (the -o forms of streamscope-cli record).

#include "kafka/startposition.h"

#include <QDialog>

class QButtonGroup;
class QDateTimeEdit;
class QSpinBox;
class QLineEdit;

namespace streamscope {

class AttachDialog : public QDialog
{
    Q_OBJECT

public:
    AttachDialog(const QString &topic, qint64 eventsInTopic, QWidget *parent = nullptr);
    StartPosition startPosition() const;
    void setStartPosition(const StartPosition &position);

private:
    QButtonGroup *m_choice = nullptr;
    QLineEdit *m_offset = nullptr;
    QDateTimeEdit *m_time = nullptr;
    QSpinBox *m_lastN = nullptr;
};

} // namespace streamscope
