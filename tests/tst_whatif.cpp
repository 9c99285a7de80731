// What-if as a user drives it: change the allowed lateness of a pipeline over
// a session with late events, run, and the table shows the windows whose
// results changed and the late events no longer dropped — the same
// differences compareRuns finds; the same parameters say "identical"; a row
// names the step to move the cursor to; a run can be cancelled.

#include "testsupport.h"

#include "engine/pipelinefile.h"
#include "replay/pipelinerun.h"
#include "replay/whatifview.h"

#include <QAbstractItemModelTester>
#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace streamscope;
using namespace streamscope::test;

namespace {

const char *const kIotPipeline = R"(
event_time: value.ts
watermark: bounded 2s
key: value.sensor
window: tumbling 10s
allowed_lateness: 0s
aggregate: count
aggregate: avg(value.temperature_c) as avg_temp
)";

} // namespace

class TestWhatIf : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 4000, 4);
        QVERIFY(!m_iot.isEmpty());
    }

    void latenessChangeShowsDifferences()
    {
        const PipelineSpec base = pipeline(kIotPipeline);
        WhatIfView view;
        QAbstractItemModelTester windows(view.windowModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester late(view.lateModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setSession(m_iot, base);
        // The controls start at the pipeline's values, in seconds.
        auto *lateness = view.findChild<QDoubleSpinBox *>(QStringLiteral("allowedLateness"));
        QVERIFY(lateness);
        QCOMPARE(lateness->value(), 0.0);
        QCOMPARE(lateness->suffix(), QStringLiteral(" s"));
        QCOMPARE(view.findChild<QDoubleSpinBox *>(QStringLiteral("watermarkBound"))->value(), 2.0);
        QCOMPARE(view.findChild<QDoubleSpinBox *>(QStringLiteral("windowLength"))->value(), 10.0);

        lateness->setValue(30.0); // as a user types it
        QCOMPARE(view.variantPipeline().allowedLatenessMs, 30000);
        PipelineSpec expectedB = base;
        expectedB.allowedLatenessMs = 30000;
        QCOMPARE(view.variantPipeline(), expectedB);

        QSignalSpy finished(&view, &WhatIfView::finished);
        QSignalSpy failed(&view, &WhatIfView::failed);
        QSignalSpy progress(&view, &WhatIfView::progress);
        view.findChild<QPushButton *>(QStringLiteral("run"))->click();
        QVERIFY(view.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty() || !failed.isEmpty(), 60000);
        QVERIFY(failed.isEmpty());
        QVERIFY(!view.isRunning());
        QVERIFY(!progress.isEmpty());

        // The same differences as compareRuns over the two runs.
        auto a = runPipeline(m_iot, base);
        auto b = runPipeline(m_iot, expectedB);
        SS_VERIFY_OK(a);
        SS_VERIFY_OK(b);
        QVERIFY(!a->dropped.empty()); // the session has late events
        const RunComparison expected = compareRuns(*a, *b);
        QVERIFY(!expected.identical());
        QVERIFY(view.hasComparison());
        QCOMPARE(view.comparison().windows.size(), expected.windows.size());
        QCOMPARE(view.comparison().late.size(), expected.late.size());

        // Shown in the table: one row per difference, side by side.
        QAbstractItemModel *model = view.windowModel();
        QCOMPARE(model->rowCount(), int(expected.windows.size()));
        QVERIFY(model->rowCount() > 0);
        int changed = 0;
        for (int row = 0; row < model->rowCount(); ++row) {
            const RunDifference &d = expected.windows[std::size_t(row)];
            QCOMPARE(model->index(row, WhatIfView::KeyColumn).data().toString(), QString::fromUtf8(d.key));
            QCOMPARE(model->index(row, WhatIfView::DifferenceColumn).data(WhatIfView::KindRole).toInt(), int(d.kind));
            const QString what = model->index(row, WhatIfView::DifferenceColumn).data().toString();
            QVERIFY2(what.startsWith(d.kind == RunDifference::Kind::Changed ? QStringLiteral("changed: ")
                                     : d.kind == RunDifference::Kind::Added ? QStringLiteral("added: ")
                                                                            : QStringLiteral("removed: ")),
                     qPrintable(what));
            if (d.kind == RunDifference::Kind::Changed) {
                QVERIFY2(what.contains(QStringLiteral("count %1 → %2").arg(d.before->seqs.size()).arg(d.after->seqs.size())), qPrintable(what));
                QVERIFY2(what.contains(QStringLiteral("fired %1× → %2×").arg(d.before->firing).arg(d.after->firing)), qPrintable(what));
            }
            QVERIFY(model->index(row, 0).data(Qt::BackgroundRole).value<QColor>().isValid());
            if (d.kind == RunDifference::Kind::Changed) {
                ++changed;
                // Accepting late events re-fires windows: B has more events, fired more often.
                QVERIFY(d.after->seqs.size() > d.before->seqs.size());
                QVERIFY(model->index(row, WhatIfView::RunAColumn).data().toString().contains(
                    QStringLiteral("count %1").arg(d.before->seqs.size())));
                QVERIFY(model->index(row, WhatIfView::RunBColumn).data().toString().contains(
                    QStringLiteral("count %1").arg(d.after->seqs.size())));
            }
        }
        QVERIFY(changed > 0);
        // A row has one colour; the kinds have different ones.
        QCOMPARE(model->index(0, 0).data(Qt::BackgroundRole).value<QColor>().rgb(),
                 model->index(0, 1).data(Qt::BackgroundRole).value<QColor>().rgb());
        QVERIFY(view.lateModel()->rowCount() == 0
                || view.lateModel()->index(0, 0).data(Qt::BackgroundRole).value<QColor>().isValid());

        // Late events no longer dropped.
        QAbstractItemModel *lateModel = view.lateModel();
        QCOMPARE(lateModel->rowCount(), int(expected.late.size()));
        QVERIFY(lateModel->rowCount() > 0);
        for (int row = 0; row < lateModel->rowCount(); ++row) {
            QCOMPARE(lateModel->index(row, WhatIfView::SeqColumn).data().toLongLong(), expected.late[std::size_t(row)].event.seq);
            QCOMPARE(lateModel->index(row, WhatIfView::RunALateColumn).data().toString(), QStringLiteral("dropped"));
            QCOMPARE(lateModel->index(row, WhatIfView::RunBLateColumn).data().toString(), QStringLiteral("accepted"));
        }
        const QString summary = view.summaryText();
        QVERIFY2(summary.contains(QStringLiteral("%1 window").arg(changed)) && summary.contains(QStringLiteral("changed")), qPrintable(summary));
        QVERIFY2(summary.contains(QStringLiteral("%1 late event").arg(expected.late.size()))
                     && summary.contains(QStringLiteral("no longer dropped")),
                 qPrintable(summary));
        QVERIFY(!summary.contains(QStringLiteral("identical")));

        // A row names the step to move the cursor to.
        QSignalSpy activated(&view, &WhatIfView::seqActivated);
        emit view.windowTable()->activated(model->index(0, WhatIfView::WindowColumn));
        QCOMPARE(activated.size(), 1);
        const RunDifference &first = expected.windows.front();
        QCOMPARE(activated[0][0].toLongLong(), first.after ? first.after->triggerSeq : first.before->triggerSeq);
        emit view.lateTable()->activated(lateModel->index(0, WhatIfView::LateKeyColumn));
        QCOMPARE(activated.size(), 2);
        QCOMPARE(activated[1][0].toLongLong(), expected.late.front().event.seq);
    }

    void sameParametersAreIdentical()
    {
        const PipelineSpec base = pipeline(kIotPipeline);
        WhatIfView view;
        view.setSession(m_iot, base);
        QCOMPARE(view.variantPipeline(), base);
        QSignalSpy finished(&view, &WhatIfView::finished);
        view.run();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QVERIFY(view.comparison().identical());
        QCOMPARE(view.windowModel()->rowCount(), 0);
        QCOMPARE(view.lateModel()->rowCount(), 0);
        QVERIFY2(view.summaryText().contains(QStringLiteral("identical")), qPrintable(view.summaryText()));
        QVERIFY(view.comparison().unchangedWindows > 0);
    }

    void windowSizeAndBound()
    {
        // A tighter watermark drops more; bigger windows replace every result.
        const PipelineSpec base = pipeline(kIotPipeline);
        WhatIfView view;
        view.setSession(m_iot, base);
        view.setWatermarkBoundMs(0);
        view.setWindowLengthMs(20000);
        QCOMPARE(view.variantPipeline().outOfOrdernessMs, 0);
        QCOMPARE(view.variantPipeline().window.sizeMs, 20000);
        QSignalSpy finished(&view, &WhatIfView::finished);
        view.run();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        int added = 0, removed = 0;
        for (const RunDifference &d : view.comparison().windows) {
            added += d.kind == RunDifference::Kind::Added;
            removed += d.kind == RunDifference::Kind::Removed;
        }
        QVERIFY(added > 0 && removed > 0);
        QVERIFY(view.summaryText().contains(QStringLiteral("added")));
        QVERIFY(view.summaryText().contains(QStringLiteral("removed")));
        view.resetToBase();
        QCOMPARE(view.variantPipeline(), base);
    }

    void cancelStops()
    {
        const QString big = writeDemoSession(m_dir.filePath(QStringLiteral("big.sss")), QStringLiteral("iot"), 60000, 4);
        WhatIfView view;
        view.setSession(big, pipeline(kIotPipeline));
        view.setAllowedLatenessMs(30000);
        QSignalSpy finished(&view, &WhatIfView::finished);
        view.run();
        QVERIFY(view.isRunning());
        view.findChild<QPushButton *>(QStringLiteral("cancel"))->click();
        QVERIFY(!view.isRunning());
        QCOMPARE(view.statusText(), QStringLiteral("Cancelled"));
        QTest::qWait(300);
        QVERIFY(finished.isEmpty());
        QVERIFY(!view.hasComparison());
        // And a new run after it completes.
        view.setSession(m_iot, pipeline(kIotPipeline));
        view.setAllowedLatenessMs(30000);
        view.run();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 60000);
        QVERIFY(!view.comparison().identical());
    }
};

QTEST_MAIN(TestWhatIf)
#include "tst_whatif.moc"
