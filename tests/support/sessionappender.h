#pragma once
// A session being recorded, for tests of views that follow one: appends
// demo events (or any events) as chunks through a SessionWriter, as the
// recorder does, while the test's model reads the file.

#include "demo/demoscenario.h"
#include "session/sessionwriter.h"

#include <QJsonObject>
#include <QTest>
#include <memory>
#include <vector>

namespace streamscope::test {

class SessionAppender
{
public:
    // Creates the session (it must not exist); fails the test on error.
    explicit SessionAppender(const QString &path, const QString &scenario = QStringLiteral("iot"), std::uint64_t seed = 1)
    {
        DemoScenarioConfig config;
        config.seed = seed;
        auto generator = makeDemoScenario(scenario, config);
        auto writer = SessionWriter::create(path, QJsonObject{{QStringLiteral("kind"), QStringLiteral("test")}});
        if (!generator || !writer) {
            QTest::qFail(qPrintable(!generator ? generator.error().message : writer.error().message), __FILE__, __LINE__);
            return;
        }
        m_generator = std::move(generator.value());
        m_writer = std::move(writer.value());
        m_offsets.assign(std::size_t(m_generator->partitions()), 0);
    }

    bool isValid() const { return m_writer != nullptr; }
    std::int64_t appended() const { return m_appended; }
    std::int64_t committed() const { return m_writer ? m_writer->stats().committedEvents : 0; }

    // count demo events as one chunk.
    Status append(int count)
    {
        ChunkBuilder builder;
        std::vector<HeaderView> headers;
        for (int i = 0; i < count; ++i) {
            const DemoEvent event = m_generator->next();
            headers.clear();
            for (const Header &h : event.headers)
                headers.push_back({BytesView::of(h.name.constData(), h.name.size()),
                                   h.value ? BytesView::of(h.value->constData(), h.value->size()) : BytesView::null()});
            EventView view;
            view.topicId = m_writer->topicId(event.topic);
            view.partition = event.partition;
            view.offset = m_offsets[std::size_t(event.partition)]++;
            view.timestampMs = event.timestampMs;
            view.timestampType = TimestampType::CreateTime;
            m_lastArrivalUs = std::max(m_lastArrivalUs + 1, (event.timestampMs + 5) * 1000);
            view.arrivalUs = m_lastArrivalUs;
            view.key = BytesView::of(event.key.constData(), event.key.size());
            view.value = BytesView::of(event.value.constData(), event.value.size());
            view.headers = headers;
            builder.append(view);
        }
        m_appended += count;
        return m_writer->append(builder);
    }

    // Arbitrary events (their seq is ignored: they get the next ones).
    Status append(const QList<Event> &events)
    {
        ChunkBuilder builder;
        for (const Event &e : events) {
            std::vector<HeaderView> headers;
            for (const Header &h : e.headers)
                headers.push_back({BytesView::of(h.name.constData(), h.name.size()),
                                   h.value ? BytesView::of(h.value->constData(), h.value->size()) : BytesView::null()});
            EventView view;
            view.topicId = m_writer->topicId(e.topic);
            view.partition = e.partition;
            view.offset = e.offset;
            view.timestampMs = e.timestampMs;
            view.timestampType = e.timestampType;
            view.arrivalUs = e.arrivalUs;
            view.key = e.key ? BytesView::of(e.key->constData(), e.key->size()) : BytesView::null();
            view.value = e.value ? BytesView::of(e.value->constData(), e.value->size()) : BytesView::null();
            view.headers = headers;
            builder.append(view);
        }
        m_appended += events.size();
        return m_writer->append(builder);
    }

    Status close() { return m_writer ? m_writer->close() : Status(); }

private:
    std::unique_ptr<DemoScenario> m_generator;
    std::unique_ptr<SessionWriter> m_writer;
    std::vector<std::int64_t> m_offsets;
    std::int64_t m_appended = 0;
    std::int64_t m_lastArrivalUs = 0;
};

} // namespace streamscope::test
