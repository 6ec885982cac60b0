// The cyber range generator: builds a fictional company's 14 days of logs in the twelve
// supported tables, plants attack scenarios and benign look-alikes, and returns the ground truth
// with the item id of every evidence row.
//
// Generation streams hour by hour: each hour's background rows plus the planted rows that fall
// in it are sorted by time and appended to the sink table by table, so memory stays bounded by
// one hour of activity whatever the scale. Same options (seed, scale, now) => the same rows in
// the same order, hence the same item ids. Not thread-safe; one call at a time per sink.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "common/status.h"
#include "range/event_sink.h"
#include "range/ground_truth.h"
#include "range/range_options.h"

namespace quarry::range {

struct GenerateStats {
  std::map<std::string, uint64_t> rows;  // table -> rows written
  uint64_t total_rows = 0;
  size_t hosts = 0, users = 0;
};

// Called after each generated hour with (hours done, hours total); for progress display.
using ProgressFn = std::function<void(int done, int total)>;

// Generates the range into `sink`. Fails if the built-in schemas cannot be loaded or the sink
// fails; `stats` (optional) receives row counts.
Result<GroundTruth> Generate(const RangeOptions& options, EventSink& sink,
                             GenerateStats* stats = nullptr, const ProgressFn& progress = nullptr);

}  // namespace quarry::range
