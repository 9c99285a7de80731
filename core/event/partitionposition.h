#pragma once
// Where reading of one partition starts or continues. Shared by the Kafka
// reader (which resolves and follows positions) and the session (which
// stores them so that `record --append` resumes with no gap).

#include <cstdint>

namespace streamscope {

struct PartitionPosition {
    std::int64_t offset = 0;
    // While a start by timestamp is still scanning (on a broker without a
    // time index): skip events older than this; -1 otherwise.
    std::int64_t skipBeforeMs = -1;

    friend bool operator==(const PartitionPosition &, const PartitionPosition &) = default;
};

} // namespace streamscope
