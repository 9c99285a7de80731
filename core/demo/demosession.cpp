#include "demo/demosession.h"

#include "demo/demoscenario.h"
#include "session/sessionwriter.h"

#include <QJsonObject>

namespace streamscope {

Status writeDemoSession(const QString &path, const DemoSessionOptions &options,
                        const std::function<void(std::int64_t)> &progress)
{
    DemoScenarioConfig config;
    config.seed = options.seed;
    config.partitions = options.partitions;
    auto generator = makeDemoScenario(options.scenario, config);
    if (!generator)
        return generator.error();
    const QJsonObject source{{QStringLiteral("kind"), QStringLiteral("generated")},
                             {QStringLiteral("scenario"), options.scenario},
                             {QStringLiteral("seed"), QString::number(options.seed)}};
    auto writer = SessionWriter::create(path, source);
    if (!writer)
        return writer.error();
    const int topicId = (*writer)->topicId((*generator)->topic());
    for (int p = 0; p < (*generator)->partitions(); ++p)
        if (Status st = (*writer)->addPartitionStart(topicId, p, PartitionPosition{0, -1}); !st)
            return st;
    std::vector<std::int64_t> offsets(std::size_t((*generator)->partitions()), 0);
    ChunkBuilder builder;
    std::vector<HeaderView> headers;
    std::int64_t lastArrival = 0;
    for (std::int64_t i = 0; i < options.events; ++i) {
        const DemoEvent event = (*generator)->next();
        headers.clear();
        for (const Header &h : event.headers)
            headers.push_back({BytesView::of(h.name.constData(), h.name.size()),
                               h.value ? BytesView::of(h.value->constData(), h.value->size()) : BytesView::null()});
        EventView view;
        view.topicId = topicId;
        view.partition = event.partition;
        view.offset = offsets[std::size_t(event.partition)]++;
        view.timestampMs = event.timestampMs;
        view.timestampType = TimestampType::CreateTime;
        lastArrival = std::max(lastArrival, (event.timestampMs + 1 + std::int64_t((std::uint64_t(i) * 2654435761u) % 40)) * 1000);
        view.arrivalUs = lastArrival;
        view.key = BytesView::of(event.key.constData(), event.key.size());
        view.value = BytesView::of(event.value.constData(), event.value.size());
        view.headers = headers;
        builder.append(view);
        if (builder.eventCount() >= 4096) {
            if (Status st = (*writer)->append(builder); !st)
                return st;
            if (progress && i % (1 << 20) < 4096)
                progress(i + 1);
        }
    }
    if (Status st = (*writer)->append(builder); !st)
        return st;
    return (*writer)->close();
}

} // namespace streamscope
