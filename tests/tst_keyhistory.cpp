// "Show this key's state over time": the key history of one key equals what
// a fresh engine run reports for that key — its firings (on time and late)
// with their results, its dropped late events — and the plot draws exactly
// those marks.

#include "testsupport.h"

#include "replay/keyhistory.h"
#include "replay/keyhistoryplot.h"

#include <QTest>
#include <qcustomplot.h>

using namespace streamscope;
using namespace streamscope::test;

class TestKeyHistory : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_iot;
    PipelineSpec m_spec;
    FreshRun m_run;

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_iot = writeDemoSession(m_dir.filePath(QStringLiteral("iot.sss")), QStringLiteral("iot"), 6000, 4, 41);
        QVERIFY(!m_iot.isEmpty());
        m_spec = pipeline(kIotTestPipeline);
        m_run = freshRun(m_iot, m_spec, false);
    }

    void historyEqualsTheFreshRun()
    {
        // The key with the most dropped late events (the interesting one).
        std::map<QByteArray, int> droppedPerKey;
        for (const StepReport &r : m_run.reports)
            for (const EngineChange &c : r.changes)
                if (c.kind == ChangeKind::LateDropped)
                    ++droppedPerKey[c.key];
        QVERIFY(!droppedPerKey.empty());
        const QByteArray key = std::max_element(droppedPerKey.begin(), droppedPerKey.end(), [](auto &a, auto &b) {
                                   return a.second < b.second;
                               })->first;

        // What the fresh run says about that key.
        std::vector<std::pair<std::int64_t, QJsonObject>> firings; // seq, aggregates
        std::vector<std::int64_t> refirings, dropped;
        for (const StepReport &r : m_run.reports) {
            for (const WindowResult &w : r.results)
                if (w.key == key)
                    firings.emplace_back(r.seq, w.aggregates());
            for (const EngineChange &c : r.changes) {
                if (c.kind == ChangeKind::LateDropped && c.key == key)
                    dropped.push_back(r.seq);
                if (c.kind == ChangeKind::WindowRefired && c.key == key)
                    refirings.push_back(r.seq);
            }
        }
        QVERIFY(!firings.empty());

        auto history = computeKeyHistory(m_iot, m_spec, key);
        SS_VERIFY_OK(history);
        QCOMPARE(history->key, key);
        QCOMPARE(history->aggregateNames, QStringList({QStringLiteral("count"), QStringLiteral("avg")}));
        std::vector<std::pair<std::int64_t, QJsonObject>> gotFirings;
        std::vector<std::int64_t> gotDropped;
        const int count = history->aggregateIndex(QStringLiteral("count"));
        const int avg = history->aggregateIndex(QStringLiteral("avg"));
        for (const KeyHistoryPoint &p : history->points) {
            QVERIFY(p.seq >= 0 && p.seq < 6000);
            if (p.kind == ChangeKind::WindowFired || p.kind == ChangeKind::WindowRefired)
                gotFirings.emplace_back(p.seq, QJsonObject{{QStringLiteral("count"), p.values[std::size_t(count)]},
                                                           {QStringLiteral("avg"), p.values[std::size_t(avg)]}});
            if (p.kind == ChangeKind::LateDropped)
                gotDropped.push_back(p.seq);
        }
        QCOMPARE(gotDropped, dropped);
        QCOMPARE(gotFirings.size(), firings.size());
        for (std::size_t i = 0; i < firings.size(); ++i) {
            QCOMPARE(gotFirings[i].first, firings[i].first);
            QCOMPARE(gotFirings[i].second.value(QStringLiteral("count")), firings[i].second.value(QStringLiteral("count")));
            QCOMPARE(gotFirings[i].second.value(QStringLiteral("avg")), firings[i].second.value(QStringLiteral("avg")));
        }

        // The plot draws one mark per firing (re-firings apart) and per dropped event.
        KeyHistoryPlot plot;
        plot.resize(800, 400);
        plot.setHistory(*history);
        QVERIFY(plot.numericAggregates().contains(QStringLiteral("avg")));
        QCOMPARE(plot.firings()->dataCount() + plot.lateFirings()->dataCount(), int(firings.size()));
        QCOMPARE(plot.lateFirings()->dataCount(), int(refirings.size()));
        QCOMPARE(plot.droppedEvents()->dataCount(), int(dropped.size()));
        QVERIFY(!plot.lines().isEmpty());
    }

    // At maxPoints the history stops, marked truncated, with the same first
    // points as a whole one (the read-ahead worker is stopped, not waited out).
    void truncatedAtMaxPoints()
    {
        const QByteArray key("sensor-001");
        auto whole = computeKeyHistory(m_iot, m_spec, key);
        SS_VERIFY_OK(whole);
        QVERIFY(!whole->truncated);
        QVERIFY(whole->points.size() > 10);
        auto cut = computeKeyHistory(m_iot, m_spec, key, 10);
        SS_VERIFY_OK(cut);
        QVERIFY(cut->truncated);
        QCOMPARE(cut->points.size(), std::size_t(10));
        for (std::size_t i = 0; i < 10; ++i) {
            QCOMPARE(cut->points[i].seq, whole->points[i].seq);
            QCOMPARE(cut->points[i].kind, whole->points[i].kind);
            QCOMPARE(cut->points[i].values, whole->points[i].values);
        }
    }

    void cancelledIsAnError()
    {
        std::atomic<bool> cancel{true};
        auto history = computeKeyHistory(m_iot, m_spec, QByteArrayLiteral("sensor-001"), 1000, {}, &cancel);
        QVERIFY(!history);
    }
};

QTEST_MAIN(TestKeyHistory)
#include "tst_keyhistory.moc"
