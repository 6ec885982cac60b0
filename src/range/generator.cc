#include "range/generator.h"

#include <fmt/core.h>

#include <algorithm>

#include "common/time.h"
#include "range/background.h"
#include "range/row_buffer.h"
#include "range/scenario.h"
#include "range/world.h"
#include "schemas/builtin_schemas.h"

namespace quarry::range {
namespace {

std::string RecordId(size_t number, bool malicious, std::string_view kind) {
  std::string slug(kind);
  std::replace(slug.begin(), slug.end(), '_', '-');
  return fmt::format("{}{:02}-{}", malicious ? "S" : "B", number, slug);
}

}  // namespace

Result<GroundTruth> Generate(const RangeOptions& options, EventSink& sink, GenerateStats* stats,
                             const ProgressFn& progress) {
  QUARRY_ASSIGN_OR_RETURN(const SchemaRegistry* registry, BuiltinSchemas());
  int64_t end = options.now_ticks;
  int64_t start = end - kRangeDays * kTicksPerDay;
  Rng root(options.seed * 0x2545F4914F6CDD1DULL + static_cast<uint64_t>(options.scale) + 1);
  Rng world_rng = root.Fork("world");
  World world = BuildWorld(options, world_rng);

  GroundTruth truth;
  truth.seed = options.seed;
  truth.scale = std::string(ScaleName(options.scale));
  truth.start_ticks = start;
  truth.end_ticks = end;

  // Plant every scenario up front (a few thousand rows at most), then stream the hours.
  RowBuffer planted(*registry, world.workspace_id);
  Rng scenario_rng = root.Fork("scenarios");
  ScenarioContext ctx(world, planted, scenario_rng, start, end);
  const auto& catalog = ScenarioCatalog();
  truth.records.reserve(catalog.size());
  size_t attacks = 0, lookalikes = 0;
  for (const ScenarioDef& def : catalog) {
    TruthRecord& r = truth.records.emplace_back();
    r.kind = def.kind;
    r.malicious = def.malicious;
    r.id = RecordId(def.malicious ? ++attacks : ++lookalikes, def.malicious, def.kind);
    ctx.tag = static_cast<int>(truth.records.size() - 1);
    ctx.record = &r;
    def.plant(ctx);
  }
  if (std::string bug = planted.FirstError(); !bug.empty()) {
    return Internal("cyber range scenario wrote a bad value (" + bug + ")");
  }
  planted.DropOutside(start, end);
  planted.Sort();

  std::vector<bool> seen(truth.records.size(), false);
  auto on_tagged = [&](int tag, std::string_view table, uint64_t id, int64_t time) {
    TruthRecord& r = truth.records[static_cast<size_t>(tag)];
    r.evidence[std::string(table)].push_back(id);
    if (!seen[tag] || time < r.start_ticks) r.start_ticks = time;
    if (!seen[tag] || time > r.end_ticks) r.end_ticks = time;
    seen[tag] = true;
  };

  RowBuffer hour(*registry, world.workspace_id);
  Background background(world, options, hour, root.Fork("background"));
  GenerateStats local;
  local.hosts = world.hosts.size();
  local.users = world.users.size();
  int total_hours = static_cast<int>((end - start) / kTicksPerHour);
  for (int h = 0; h < total_hours; ++h) {
    int64_t hour_start = start + h * kTicksPerHour;
    background.GenerateHour(hour_start);
    planted.MoveBefore(hour_start + kTicksPerHour, hour);
    hour.DropOutside(start, end);
    auto counting_sink = [&](std::string_view table, const Table& rows) -> Result<uint64_t> {
      local.rows[std::string(table)] += rows.num_rows();
      local.total_rows += rows.num_rows();
      return sink.Append(table, rows);
    };
    struct CountingSink : EventSink {
      explicit CountingSink(decltype(counting_sink)& f) : fn(f) {}
      Result<uint64_t> Append(std::string_view table, const Table& rows) override { return fn(table, rows); }
      decltype(counting_sink)& fn;
    } counting(counting_sink);
    QUARRY_RETURN_IF_ERROR(hour.Flush(counting, on_tagged));
    if (progress) progress(h + 1, total_hours);
  }
  for (const auto& r : truth.records) {
    if (r.evidence.empty()) {
      return Internal("cyber range scenario " + r.id + " planted no rows inside the range");
    }
  }
  if (stats != nullptr) *stats = std::move(local);
  return truth;
}

}  // namespace quarry::range
