#pragma once
// The replay debugger's transport: play/pause, step one event, step to the
// next/previous thing of a kind (late event, firing, watermark advance,
// filter match, merge, duplicate), speed, "jump to" (seq, arrival time, event
// time, partition:offset), where the cursor is, and the timeline below.
//
// Its actions carry the keyboard shortcuts (Space, ←/→, Shift+←/→ by kind,
// Home/End) and are what the main window puts in its Replay menu. They act on
// a ReplayController; the bar follows the controller's frames.

#include "replay/replaycontroller.h"
#include "util/result.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;

namespace streamscope {

class TimelineSlider;
struct SessionStatsSnapshot;

// Where "jump to" goes.
struct JumpTarget {
    enum class Kind { Seq, ArrivalTime, EventTime, PartitionOffset };
    Kind kind = Kind::Seq;
    qint64 value = 0;   // seq, arrival µs, event time ms, or offset
    QString topic;      // PartitionOffset
    int partition = -1; // PartitionOffset

    // Text as typed into the jump field:
    //   Seq: 1234 or #1234;
    //   ArrivalTime / EventTime: 2026-01-01T10:42:00[.250][Z|±hh:mm] (local
    //     time without a zone, as the views show times), or epoch milliseconds;
    //   PartitionOffset: PARTITION:OFFSET, or TOPIC:PARTITION:OFFSET when the
    //     session has several topics (topics: the session's).
    static Result<JumpTarget> parse(Kind kind, const QString &text, const QStringList &topics);
};

class TransportBar : public QWidget
{
    Q_OBJECT

public:
    explicit TransportBar(ReplayController *controller, QWidget *parent = nullptr);
    ~TransportBar() override;

    // For menus: play/pause, step back/forward, previous/next by kind, home, end.
    QList<QAction *> transportActions() const;
    QAction *playAction() const { return m_play; }
    QAction *stepForwardAction() const { return m_stepForward; }
    QAction *stepBackAction() const { return m_stepBack; }
    QAction *nextByKindAction() const { return m_nextByKind; }
    QAction *previousByKindAction() const { return m_previousByKind; }

    TimelineSlider *timeline() const { return m_timeline; }

    // What Shift+←/→ steps to (and the expression for FilterMatch).
    void setStepTarget(StepTarget target, const QString &filterExpression = {});
    StepTarget stepTarget() const;
    // 0: as fast as possible.
    void setSpeed(double speed);
    double speed() const;
    static QList<double> speeds(); // 0.01 … 100, then 0

    // Moves the cursor as the jump field would (errors appear next to it).
    bool jumpTo(JumpTarget::Kind kind, const QString &text);
    QString jumpError() const;

    // The event density for the timeline (the I/O graph's statistics).
    void setSessionStats(const SessionStatsSnapshot &stats);

signals:
    // A message for the status bar ("No later late event").
    void message(const QString &text);

protected:
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void updateIcons();
    void createLayout();
    void onFrame(const std::shared_ptr<const ReplayFrame> &frame);
    void updateEnabled();
    void onJump();

    ReplayController *m_controller;
    QStringList m_topics;
    QAction *m_play = nullptr;
    QAction *m_stepForward = nullptr;
    QAction *m_stepBack = nullptr;
    QAction *m_nextByKind = nullptr;
    QAction *m_previousByKind = nullptr;
    QAction *m_home = nullptr;
    QAction *m_end = nullptr;
    QComboBox *m_targetCombo = nullptr;
    QLineEdit *m_targetFilter = nullptr;
    QComboBox *m_speedCombo = nullptr;
    QComboBox *m_jumpKind = nullptr;
    QLineEdit *m_jumpEdit = nullptr;
    QLabel *m_jumpError = nullptr;
    class StatusLabel *m_position = nullptr;
    QProgressBar *m_busy = nullptr;
    QToolButton *m_cancel = nullptr;
    TimelineSlider *m_timeline = nullptr;
};

} // namespace streamscope
