#pragma once
// A reproducer: a new, self-contained session holding only the events that
// matter for one behaviour of a pipeline, and the pipeline itself (stored in
// the session's pipelines table), to attach to a bug report or hand to a
// colleague (docs/export.md, "Reproducer").
//
// Two kinds:
// - a seq range: the events of seqs FROM..TO that the pipeline reads;
// - a window result: the events the pipeline reads from a start seq S up to
//   the result's trigger seq T, where S is chosen so that running the
//   pipeline on the reproducer gives the same result — same key, window,
//   kind, firing number, watermark, aggregates, and the same events in its
//   lineage, firing at the same event.
//
// Why that is sufficient, and how S is found: the engine is a deterministic,
// causal function of the events it reads in order, their arrival times and
// the set of input partitions (engine.h). The reproducer keeps all three for
// the events it holds (offsets, timestamps and arrival times unchanged, every
// input partition of the session recorded), so with S = 0 — every input event
// up to T — the engine goes through exactly the states it went through on the
// session, and fires the same result at T. A shorter reproducer can differ
// (the watermark, a window's earlier firings or merges, dedupe state, idle
// partitions all depend on earlier events), so shorter ones are only kept
// when shown to work: candidates start at the earliest event of the result's
// lineage and go back by doubling steps; each is written, replayed from the
// file with the stored pipeline and compared with the result, and the first
// that reproduces it is kept. The last candidate is S = 0, which always does.
//
// Events of topics the pipeline does not read are left out; the rest keep
// their order and get seqs 0, 1, 2… — the reproducer's source description
// says which seqs of which session they were.

#include "engine/engine.h"
#include "export/eventselection.h"

#include <atomic>
#include <functional>
#include <optional>

namespace streamscope {

struct ReproducerOptions {
    QString sessionPath;
    QString outputPath; // must not exist
    PipelineSpec pipeline;
    QString pipelineName; // stored under this name
    QString pipelineText; // the pipeline file as written (parsePipeline(text) == pipeline)
    // Exactly one of these.
    std::optional<SeqRange> range;
    std::optional<WindowResult> result; // a result of running the pipeline over the session
};

struct ReproducerReport {
    std::int64_t firstSeq = 0; // of the session: the reproducer's events come from [firstSeq, lastSeq]
    std::int64_t lastSeq = -1;
    std::int64_t events = 0;   // in the reproducer
    int candidates = 0;        // reproducers tried (a window result)
    std::optional<WindowResult> reproduced; // the result as the reproducer fires it (its seqs)
};

// The index-th window result (0-based, in firing order, as
// `streamscope-cli run --json` prints lines of "type":"window").
Result<WindowResult> findWindowResult(const QString &sessionPath, const PipelineSpec &pipeline, std::int64_t index,
                                      const std::atomic<bool> *cancel = nullptr);

// progress(what is being done, for people) now and then.
Result<ReproducerReport> writeReproducer(const ReproducerOptions &options,
                                         const std::function<void(const QString &)> &progress = {},
                                         const std::atomic<bool> *cancel = nullptr);

} // namespace streamscope
