#pragma once
// Recording: Kafka reader → chunks → session writer.
//
// The recorder runs on the thread that calls run() (the CLI's main thread, a
// worker thread in the GUI); the writer commits on its own thread. Chunks are
// sealed by size and by time, so each commit holds at most 100 ms of arrivals.

#include "kafka/kafkareader.h"
#include "session/sessionwriter.h"

#include <atomic>
#include <mutex>
#include <functional>

namespace streamscope {

struct RecordOptions {
    ReaderConfig reader;
    QString path;
    bool append = false;
    SyncMode sync = SyncMode::Normal;
    std::int64_t maxEvents = -1; // -c: stop after this many events, -1: no limit
    std::int64_t durationMs = -1; // --duration, -1: no limit
    bool stopAtEnd = false;       // -e: stop when every partition is caught up
};

struct RecordProgress {
    std::int64_t events = 0;          // recorded by this run
    std::int64_t bytes = 0;           // key + value bytes recorded by this run
    std::int64_t sessionEvents = 0;   // total in the session, including earlier runs
    std::int64_t committedEvents = 0; // durable in the file
    std::int64_t lag = -1;            // sum over partitions of high watermark − next offset, -1 unknown
    std::int64_t duplicatesSkipped = 0;
    std::int64_t retentionLost = 0;
    std::int64_t elapsedMs = 0;
    std::vector<PartitionStatus> partitions;
};

enum class StopReason { Requested, Count, Duration, EndOfPartitions };

// Sees what a recording does, for metrics: every event as it is recorded (on
// the recording thread, with its seq and session topic id) and every commit
// (on the writer's thread). Keep it cheap: it is on the hot path.
class RecordObserver
{
public:
    virtual ~RecordObserver() = default;
    virtual void onRecorded(const EventView &event, const QStringList &sessionTopics) {}
    virtual void onCommitted(std::int64_t committedEvents, std::int64_t commitMicros) {}
};

class Recorder : private EventSink
{
public:
    explicit Recorder(RecordOptions options);
    ~Recorder() override;

    // Opens (or resumes) the session file, then attaches to Kafka.
    Status open();

    // Records until stopRequested, a limit, the end (-e) or an error. The
    // progress callback runs on this thread at most every progressIntervalMs.
    Result<StopReason> run(const std::atomic<bool> &stopRequested,
                           const std::function<void(const RecordProgress &)> &progress = {},
                           int progressIntervalMs = 500);

    // Commits what is pending and closes the file.
    Status close();

    // Safe to call from any thread (the GUI polls it while run() works).
    RecordProgress progress() const;
    // Warnings (broker down, retention gaps…) go here; default: dropped.
    void setWarningHandler(std::function<void(const QString &)> handler) { m_warningHandler = std::move(handler); }
    // Set before open(); it must outlive the recorder.
    void setObserver(RecordObserver *observer) { m_observer = observer; }
    // The partitions read, as the session numbers them (after open()).
    std::vector<std::pair<int, int>> sessionPartitions() const;

    static constexpr qsizetype kChunkBytes = 1024 * 1024;
    static constexpr int kChunkEvents = 16384;
    static constexpr std::int64_t kChunkMicros = 100'000;

private:
    void onEvent(const EventView &event) override;
    void onRetentionGap(int topicId, int partition, std::int64_t firstMissing, std::int64_t lastMissing,
                        std::int64_t detectedUs) override;
    void onWarning(const QString &message) override;
    Status flush();
    RecordProgress computeProgress() const; // on the run() thread
    void publishProgress(bool withPartitions);

    RecordOptions m_options;
    std::unique_ptr<SessionWriter> m_writer;
    std::unique_ptr<KafkaReader> m_reader;
    ChunkBuilder m_builder;
    std::vector<int> m_sessionTopicIds; // reader topic index → session topic id
    Status m_pendingError;
    std::int64_t m_events = 0;
    std::int64_t m_bytes = 0;
    std::int64_t m_startedMs = 0;
    std::function<void(const QString &)> m_warningHandler;
    RecordObserver *m_observer = nullptr;
    QStringList m_sessionTopics;
    mutable std::mutex m_progressMutex;
    RecordProgress m_published;
    std::int64_t m_partitionsPublishedMs = 0;
};

} // namespace streamscope
