#include "replay/transportbar.h"

#include "common/format.h"
#include "common/statuslabel.h"
#include "replay/timelineslider.h"
#include "stats/sessionstats.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QRegularExpression>
#include <QSettings>
#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>

namespace streamscope {

namespace {

struct TargetChoice {
    StepTarget target;
    const char *name;
};

constexpr TargetChoice kTargets[] = {
    {StepTarget::LateEvent, QT_TRANSLATE_NOOP("TransportBar", "late event")},
    {StepTarget::WindowFiring, QT_TRANSLATE_NOOP("TransportBar", "window firing")},
    {StepTarget::WatermarkAdvance, QT_TRANSLATE_NOOP("TransportBar", "watermark advance")},
    {StepTarget::FilterMatch, QT_TRANSLATE_NOOP("TransportBar", "filter match")},
    {StepTarget::SessionMerge, QT_TRANSLATE_NOOP("TransportBar", "session merge")},
    {StepTarget::Duplicate, QT_TRANSLATE_NOOP("TransportBar", "duplicate")},
};

QString speedText(double speed)
{
    if (speed == 0)
        return TransportBar::tr("as fast as possible");
    return QStringLiteral("%1×").arg(speed, 0, 'g', 3);
}

// A time typed by a person: ISO 8601 (local time when it has no zone), or
// epoch milliseconds.
Result<qint64> parseTimeMs(const QString &text)
{
    bool isNumber = false;
    const qint64 ms = text.toLongLong(&isNumber);
    if (isNumber)
        return ms;
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(QString(text).replace(QLatin1Char(' '), QLatin1Char('T')), Qt::ISODateWithMs);
    if (!t.isValid())
        return Error::badInput(TransportBar::tr("\"%1\" is not a time: write 2026-01-01T10:42:00.250 (local time), "
                                                "add Z or +01:00 for another zone, or epoch milliseconds")
                                   .arg(text));
    return t.toMSecsSinceEpoch();
}

// The transport's icons, drawn in the palette's text colour so that they read
// in light and dark appearances alike (the style's media icons are dark grey).
enum class Glyph { Play, Pause, StepBack, StepForward, PreviousByKind, NextByKind, Home, End };

QIcon glyphIcon(Glyph glyph, const QColor &color)
{
    constexpr int kSize = 48; // drawn large, scaled down crisply
    QPixmap pixmap(kSize, kSize);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    const auto triangle = [&](double left, double right, bool pointsRight) {
        const double top = 10, bottom = 38, middle = 24;
        QPolygonF t;
        if (pointsRight)
            t << QPointF(left, top) << QPointF(right, middle) << QPointF(left, bottom);
        else
            t << QPointF(right, top) << QPointF(left, middle) << QPointF(right, bottom);
        p.drawPolygon(t);
    };
    const auto bar = [&](double left) { p.drawRect(QRectF(left, 10, 5, 28)); };
    switch (glyph) {
    case Glyph::Play: triangle(14, 38, true); break;
    case Glyph::Pause: bar(14); bar(29); break;
    case Glyph::StepForward: triangle(12, 32, true); bar(33); break;
    case Glyph::StepBack: bar(10); triangle(16, 36, false); break;
    case Glyph::NextByKind: triangle(6, 24, true); triangle(24, 42, true); break;
    case Glyph::PreviousByKind: triangle(6, 24, false); triangle(24, 42, false); break;
    case Glyph::Home: bar(5); triangle(11, 26, false); triangle(26, 41, false); break;
    case Glyph::End: triangle(7, 22, true); triangle(22, 37, true); bar(38); break;
    }
    return QIcon(pixmap);
}

} // namespace

Result<JumpTarget> JumpTarget::parse(Kind kind, const QString &rawText, const QStringList &topics)
{
    const QString text = rawText.trimmed();
    if (text.isEmpty())
        return Error::badInput(TransportBar::tr("Type where to go"));
    JumpTarget target;
    target.kind = kind;
    switch (kind) {
    case Kind::Seq: {
        bool ok = false;
        target.value = (text.startsWith(QLatin1Char('#')) ? text.mid(1) : text).toLongLong(&ok);
        if (!ok || target.value < 0)
            return Error::badInput(TransportBar::tr("\"%1\" is not a seq: write a number such as 1234").arg(text));
        return target;
    }
    case Kind::ArrivalTime:
    case Kind::EventTime: {
        auto ms = parseTimeMs(text);
        if (!ms)
            return ms.error();
        target.value = kind == Kind::ArrivalTime ? *ms * 1000 : *ms;
        return target;
    }
    case Kind::PartitionOffset: {
        // The topic may itself contain ':'? Kafka topic names cannot
        // ([a-zA-Z0-9._-]), so splitting from the right is unambiguous.
        const QStringList parts = text.split(QLatin1Char(':'));
        bool partitionOk = false, offsetOk = false;
        if (parts.size() == 2 || parts.size() == 3) {
            target.partition = parts[parts.size() - 2].trimmed().toInt(&partitionOk);
            target.value = parts.last().trimmed().toLongLong(&offsetOk);
        }
        if (!partitionOk || !offsetOk || target.partition < 0 || target.value < 0)
            return Error::badInput(TransportBar::tr("\"%1\" is not PARTITION:OFFSET (or TOPIC:PARTITION:OFFSET)").arg(text));
        if (parts.size() == 3) {
            target.topic = parts[0].trimmed();
            if (!topics.contains(target.topic))
                return Error::badInput(TransportBar::tr("The session has no topic \"%1\"").arg(target.topic));
        } else if (topics.size() == 1) {
            target.topic = topics.first();
        } else {
            return Error::badInput(TransportBar::tr("The session has %1 topics: write TOPIC:PARTITION:OFFSET")
                                       .arg(topics.size()));
        }
        return target;
    }
    }
    return Error::badInput(QStringLiteral("unknown jump"));
}

TransportBar::TransportBar(ReplayController *controller, QWidget *parent)
    : QWidget(parent)
    , m_controller(controller)
{
    createActions();
    createLayout();

    connect(m_controller, &ReplayController::frameChanged, this, &TransportBar::onFrame);
    connect(m_controller, &ReplayController::opened, this, [this](qint64, const QStringList &topics) {
        m_topics = topics;
        m_timeline->clearMarks();
        updateEnabled();
    });
    connect(m_controller, &ReplayController::marksAdded, m_timeline, &TimelineSlider::addMarks);
    connect(m_controller, &ReplayController::playingChanged, this, [this](bool playing) {
        m_play->setChecked(playing);
        m_play->setText(playing ? tr("Pause") : tr("Play"));
        m_play->setIcon(glyphIcon(playing ? Glyph::Pause : Glyph::Play,
                                  palette().color(QPalette::Active, QPalette::ButtonText)));
    });
    connect(m_controller, &ReplayController::busyChanged, this, [this](bool busy, const QString &what) {
        m_busy->setVisible(busy);
        m_cancel->setVisible(busy);
        m_busy->setFormat(what.isEmpty() ? QStringLiteral("%p%") : what + QStringLiteral(" %p%"));
        m_busy->setRange(0, 0);
    });
    connect(m_controller, &ReplayController::progress, this, [this](qint64 done, qint64 total) {
        m_busy->setRange(0, 1000);
        m_busy->setValue(total > 0 ? int(done * 1000 / total) : 0);
    });
    connect(m_controller, &ReplayController::stopped, this,
            [this](const QString &reason, const QList<int> &) { emit message(reason); });
    connect(m_controller, &ReplayController::failed, this, [this](const QString &why) { emit message(why); });
    connect(m_cancel, &QToolButton::clicked, m_controller, &ReplayController::cancel);
    connect(m_timeline, &TimelineSlider::seekRequested, m_controller, &ReplayController::seekArrival);
    updateEnabled();
}

TransportBar::~TransportBar() = default;

void TransportBar::createActions()
{
    const auto action = [this](const QString &text, const QKeySequence &key, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        addAction(a);
        return a;
    };
    m_home = action(tr("First Event"), Qt::Key_Home, tr("Back to before the first event"));
    m_previousByKind = action(tr("Previous by Kind"), Qt::SHIFT | Qt::Key_Left,
                              tr("Back to the previous event of the chosen kind"));
    m_stepBack = action(tr("Step Back"), Qt::Key_Left, tr("Step back one event"));
    m_play = action(tr("Play"), Qt::Key_Space, tr("Play or pause at the chosen speed"));
    m_play->setCheckable(true);
    m_stepForward = action(tr("Step Forward"), Qt::Key_Right, tr("Step forward one event"));
    m_nextByKind = action(tr("Next by Kind"), Qt::SHIFT | Qt::Key_Right,
                          tr("On to the next event of the chosen kind"));
    m_end = action(tr("Last Event"), Qt::Key_End, tr("On to the last event"));

    updateIcons();
    connect(m_home, &QAction::triggered, m_controller, &ReplayController::home);
    connect(m_end, &QAction::triggered, m_controller, &ReplayController::end);
    connect(m_stepBack, &QAction::triggered, m_controller, &ReplayController::stepBack);
    connect(m_stepForward, &QAction::triggered, m_controller, &ReplayController::stepForward);
    connect(m_play, &QAction::triggered, this, [this] {
        // The action's checked state follows playingChanged; a click asks.
        m_play->setChecked(m_controller->isPlaying());
        m_controller->setPlaying(!m_controller->isPlaying());
    });
    connect(m_nextByKind, &QAction::triggered, this,
            [this] { m_controller->stepTo(stepTarget(), true, m_targetFilter->text()); });
    connect(m_previousByKind, &QAction::triggered, this,
            [this] { m_controller->stepTo(stepTarget(), false, m_targetFilter->text()); });
}

QList<QAction *> TransportBar::transportActions() const
{
    return {m_play, m_stepBack, m_stepForward, m_previousByKind, m_nextByKind, m_home, m_end};
}

QList<double> TransportBar::speeds() { return {0.01, 0.1, 0.25, 0.5, 1, 2, 5, 10, 100, 0}; }

void TransportBar::createLayout()
{
    const auto button = [this](QAction *a) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setAutoRaise(true);
        return b;
    };

    m_targetCombo = new QComboBox(this);
    for (const TargetChoice &choice : kTargets)
        m_targetCombo->addItem(tr(choice.name), int(choice.target));
    m_targetCombo->setToolTip(tr("What Shift+← and Shift+→ step to"));
    m_targetFilter = new QLineEdit(this);
    m_targetFilter->setPlaceholderText(tr("filter, e.g. value.temperature_c > 30"));
    m_targetFilter->setClearButtonEnabled(true);
    m_targetFilter->setMinimumWidth(200);
    m_targetFilter->hide();
    connect(m_targetCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_targetFilter->setVisible(stepTarget() == StepTarget::FilterMatch);
        QSettings().setValue(QStringLiteral("replay/stepBy"), int(stepTarget()));
    });
    connect(m_targetFilter, &QLineEdit::editingFinished, this,
            [this] { QSettings().setValue(QStringLiteral("replay/stepByFilter"), m_targetFilter->text()); });

    m_speedCombo = new QComboBox(this);
    for (double s : speeds())
        m_speedCombo->addItem(speedText(s), s);
    m_speedCombo->setCurrentIndex(int(speeds().indexOf(1.0)));
    m_speedCombo->setToolTip(tr("Playback speed: × the recording's own pace, or as fast as possible"));
    connect(m_speedCombo, &QComboBox::currentIndexChanged, this, [this] {
        m_controller->setSpeed(m_speedCombo->currentData().toDouble());
        QSettings().setValue(QStringLiteral("replay/speed"), m_speedCombo->currentData().toDouble());
    });

    // As the user left them last time.
    const QSettings settings;
    if (const int target = m_targetCombo->findData(settings.value(QStringLiteral("replay/stepBy"), -1).toInt()); target >= 0)
        m_targetCombo->setCurrentIndex(target);
    m_targetFilter->setText(settings.value(QStringLiteral("replay/stepByFilter")).toString());
    if (const int speed = m_speedCombo->findData(settings.value(QStringLiteral("replay/speed"), 1.0).toDouble()); speed >= 0)
        m_speedCombo->setCurrentIndex(speed);

    m_jumpKind = new QComboBox(this);
    m_jumpKind->addItem(tr("seq"), int(JumpTarget::Kind::Seq));
    m_jumpKind->addItem(tr("arrival time"), int(JumpTarget::Kind::ArrivalTime));
    m_jumpKind->addItem(tr("event time"), int(JumpTarget::Kind::EventTime));
    m_jumpKind->addItem(tr("partition:offset"), int(JumpTarget::Kind::PartitionOffset));
    m_jumpEdit = new QLineEdit(this);
    m_jumpEdit->setClearButtonEnabled(true);
    m_jumpEdit->setMinimumWidth(180);
    const auto placeholder = [this] {
        static const char *const hints[] = {QT_TR_NOOP("1234"), QT_TR_NOOP("2026-01-01T10:42:00"),
                                            QT_TR_NOOP("2026-01-01T10:42:00"), QT_TR_NOOP("3:1200")};
        m_jumpEdit->setPlaceholderText(tr("Jump to %1, e.g. %2")
                                           .arg(m_jumpKind->currentText(), tr(hints[m_jumpKind->currentIndex()])));
    };
    placeholder();
    connect(m_jumpKind, &QComboBox::currentIndexChanged, this, placeholder);
    connect(m_jumpEdit, &QLineEdit::returnPressed, this, &TransportBar::onJump);
    connect(m_jumpEdit, &QLineEdit::textEdited, this, [this] { m_jumpError->clear(); });
    m_jumpError = new QLabel(this);
    QPalette errorPalette = m_jumpError->palette();
    errorPalette.setColor(QPalette::WindowText, QColor(0xD3, 0x2F, 0x2F));
    m_jumpError->setPalette(errorPalette);

    m_position = new StatusLabel(this); // changes at every step: no relayout
    m_position->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    m_busy = new QProgressBar(this);
    m_busy->setMaximumWidth(220);
    m_busy->hide();
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop looking (Esc); the cursor stays where it was"));
    m_cancel->setShortcut(Qt::Key_Escape);
    m_cancel->hide();

    m_timeline = new TimelineSlider(this);

    auto *controls = new QHBoxLayout;
    controls->setContentsMargins(0, 0, 0, 0);
    controls->setSpacing(2);
    controls->addWidget(button(m_home));
    controls->addWidget(button(m_previousByKind));
    controls->addWidget(button(m_stepBack));
    controls->addWidget(button(m_play));
    controls->addWidget(button(m_stepForward));
    controls->addWidget(button(m_nextByKind));
    controls->addWidget(button(m_end));
    controls->addSpacing(8);
    controls->addWidget(new QLabel(tr("Step by"), this));
    controls->addWidget(m_targetCombo);
    controls->addWidget(m_targetFilter);
    controls->addSpacing(8);
    controls->addWidget(new QLabel(tr("Speed"), this));
    controls->addWidget(m_speedCombo);
    controls->addSpacing(8);
    controls->addWidget(m_jumpKind);
    controls->addWidget(m_jumpEdit);
    controls->addWidget(m_jumpError);
    controls->addWidget(m_busy);
    controls->addWidget(m_cancel);
    controls->addWidget(m_position, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    layout->addLayout(controls);
    layout->addWidget(m_timeline);
}

void TransportBar::updateIcons()
{
    const QColor color = palette().color(QPalette::Active, QPalette::ButtonText);
    m_home->setIcon(glyphIcon(Glyph::Home, color));
    m_previousByKind->setIcon(glyphIcon(Glyph::PreviousByKind, color));
    m_stepBack->setIcon(glyphIcon(Glyph::StepBack, color));
    m_play->setIcon(glyphIcon(m_controller->isPlaying() ? Glyph::Pause : Glyph::Play, color));
    m_stepForward->setIcon(glyphIcon(Glyph::StepForward, color));
    m_nextByKind->setIcon(glyphIcon(Glyph::NextByKind, color));
    m_end->setIcon(glyphIcon(Glyph::End, color));
}

void TransportBar::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_play)
        updateIcons();
}

void TransportBar::setStepTarget(StepTarget target, const QString &filterExpression)
{
    m_targetCombo->setCurrentIndex(m_targetCombo->findData(int(target)));
    m_targetFilter->setText(filterExpression);
}

StepTarget TransportBar::stepTarget() const { return StepTarget(m_targetCombo->currentData().toInt()); }

void TransportBar::setSpeed(double speed)
{
    int index = m_speedCombo->findData(speed);
    if (index < 0) {
        m_speedCombo->addItem(speedText(speed), speed);
        index = m_speedCombo->count() - 1;
    }
    m_speedCombo->setCurrentIndex(index);
    m_controller->setSpeed(speed);
}

double TransportBar::speed() const { return m_speedCombo->currentData().toDouble(); }

bool TransportBar::jumpTo(JumpTarget::Kind kind, const QString &text)
{
    m_jumpKind->setCurrentIndex(m_jumpKind->findData(int(kind)));
    m_jumpEdit->setText(text);
    onJump();
    return m_jumpError->text().isEmpty();
}

QString TransportBar::jumpError() const { return m_jumpError->text(); }

void TransportBar::onJump()
{
    auto target = JumpTarget::parse(JumpTarget::Kind(m_jumpKind->currentData().toInt()), m_jumpEdit->text(), m_topics);
    if (!target) {
        m_jumpError->setText(target.error().message);
        return;
    }
    m_jumpError->clear();
    switch (target->kind) {
    case JumpTarget::Kind::Seq: m_controller->seek(target->value); break;
    case JumpTarget::Kind::ArrivalTime: m_controller->seekArrival(target->value); break;
    case JumpTarget::Kind::EventTime: m_controller->seekEventTime(target->value); break;
    case JumpTarget::Kind::PartitionOffset:
        m_controller->seekOffset(target->topic, target->partition, target->value);
        break;
    }
}

void TransportBar::setSessionStats(const SessionStatsSnapshot &stats)
{
    if (stats.firstArrivalUs < 0)
        return;
    m_timeline->setRange(stats.firstArrivalUs, stats.lastArrivalUs);
    m_timeline->setDensity(stats.total.events, stats.bucketOriginUs, stats.bucketWidthUs);
}

void TransportBar::onFrame(const std::shared_ptr<const ReplayFrame> &frame)
{
    if (!frame)
        return;
    m_timeline->setCursorArrival(frame->cursor >= 0 ? frame->arrivalUs : -1);
    QString text = frame->cursor < 0 ? tr("before the first of %1 events").arg(format::count(frame->eventCount))
                                     : tr("#%1 of %2").arg(format::count(frame->cursor), format::count(frame->eventCount));
    if (frame->cursor >= 0)
        text += tr(" · arrived %1").arg(format::localTimeUs(frame->arrivalUs));
    // The watermark without the arrival's date: the line has room for both
    // times only so (the whole line is the tooltip).
    if (frame->snapshot.watermark != kNoWatermark)
        text += tr(" · watermark %1")
                    .arg(frame->cursor >= 0 ? format::localTimeMsBeside(frame->snapshot.watermark, frame->arrivalUs / 1000)
                                            : format::localTimeMs(frame->snapshot.watermark));
    m_position->setText(text);
    updateEnabled();
}

void TransportBar::updateEnabled()
{
    const bool open = m_controller->isOpen();
    const std::int64_t cursor = m_controller->cursor();
    const bool atEnd = cursor + 1 >= m_controller->eventCount();
    for (QAction *a : transportActions())
        a->setEnabled(open);
    m_stepBack->setEnabled(open && cursor >= 0);
    m_home->setEnabled(open && cursor >= 0);
    m_previousByKind->setEnabled(open && cursor >= 0);
    m_stepForward->setEnabled(open && !atEnd);
    m_nextByKind->setEnabled(open && !atEnd);
    m_end->setEnabled(open && !atEnd);
    m_play->setEnabled(open && (!atEnd || m_controller->isPlaying() || m_controller->followsTail()));
    m_jumpEdit->setEnabled(open);
}

} // namespace streamscope
