#pragma once
// A session of demo events written directly, without a broker: what
// recording the demo broker would give, but fast and reproducible — for
// tests, benchmarks and trying replay without recording first.

#include "util/result.h"

#include <QString>
#include <cstdint>
#include <functional>

namespace streamscope {

struct DemoSessionOptions {
    QString scenario = QStringLiteral("iot");
    std::int64_t events = 10000;
    int partitions = 8;
    std::uint64_t seed = 1;
};

// Partitions and offsets as the demo broker assigns them; arrival = Kafka
// timestamp + a deterministic 1-40 ms (never going back). Every partition
// gets a recorded start, as after a real recording. progress(events written)
// is called now and then.
Status writeDemoSession(const QString &path, const DemoSessionOptions &options,
                        const std::function<void(std::int64_t)> &progress = {});

} // namespace streamscope
