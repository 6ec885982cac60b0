#include "llm/model_table.h"

#include <fmt/core.h>

#include <algorithm>

#include "llm/cost.h"

namespace quarry::llm {
namespace {

constexpr char kYellow[] = "\033[93m";
constexpr char kRed[] = "\033[91m";
constexpr char kGreen[] = "\033[92m";
constexpr char kReset[] = "\033[0m";

std::string Paint(const std::string& text, LimitLevel level, bool color) {
  if (!color) return text;
  switch (level) {
    case LimitLevel::kOk:
      return kGreen + text + kReset;
    case LimitLevel::kWarning:
      return kYellow + text + kReset;
    case LimitLevel::kOver:
      return kRed + text + kReset;
    case LimitLevel::kUnknown:
      return text;
  }
  return text;
}

std::string PadRight(const std::string& text, size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

}  // namespace

LimitLevel Level(int64_t used, std::optional<int64_t> limit, double warn_ratio) {
  if (!limit) return LimitLevel::kUnknown;
  if (used > *limit) return LimitLevel::kOver;
  if (static_cast<double>(used) >= warn_ratio * static_cast<double>(*limit)) {
    return LimitLevel::kWarning;
  }
  return LimitLevel::kOk;
}

std::vector<ModelAssessment> AssessModels(const ModelCatalog& catalog,
                                          const ModelTableOptions& options) {
  std::vector<ModelAssessment> rows;
  for (const ModelInfo& model : catalog.models()) {
    ModelAssessment row;
    row.model = &model;
    row.current = model.name == options.current_model;
    row.input_tokens = options.input_tokens ? options.input_tokens(model) : 0;
    row.input_limit = model.InputLimit();
    row.input_level = Level(row.input_tokens, row.input_limit, options.warn_ratio);
    row.output_tokens = model.max_output > 0 ? std::min(options.output_tokens, model.max_output)
                                             : options.output_tokens;
    row.tpm_needed = row.input_tokens + row.output_tokens;
    row.tpm_limit = model.LimitsAt(options.tier).tpm;
    row.tpm_level = Level(row.tpm_needed, row.tpm_limit, options.warn_ratio);
    row.cost_usd = CostUsd(model, row.input_tokens, 0, row.output_tokens);
    rows.push_back(row);
  }
  return rows;
}

std::string RenderModelTable(const std::vector<ModelAssessment>& rows,
                             const ModelTableOptions& options) {
  size_t name_width = 5;
  for (const auto& row : rows) name_width = std::max(name_width, row.model->name.size());
  std::vector<std::string> inputs, tpms;
  size_t input_width = 11, tpm_width = 8;
  for (const auto& row : rows) {
    inputs.push_back(fmt::format("{}/{}", row.input_tokens, row.input_limit));
    tpms.push_back(row.tpm_limit ? fmt::format("{}/{}", row.tpm_needed, *row.tpm_limit)
                                 : fmt::format("{}/?", row.tpm_needed));
    input_width = std::max(input_width, inputs.back().size());
    tpm_width = std::max(tpm_width, tpms.back().size());
  }
  std::string out = fmt::format("{}  {}  {}  {:>10}  {:>10}\n", PadRight("model", name_width),
                                PadRight("input/limit", input_width),
                                PadRight(fmt::format("TPM (tier {})", options.tier), tpm_width),
                                "max out", "est. cost");
  for (size_t i = 0; i < rows.size(); ++i) {
    const auto& row = rows[i];
    out += fmt::format("{}  {}  {}  {:>10}  {:>10}{}\n", PadRight(row.model->name, name_width),
                       Paint(PadRight(inputs[i], input_width), row.input_level, options.color),
                       Paint(PadRight(tpms[i], tpm_width), row.tpm_level, options.color),
                       row.model->max_output, FormatUsd(row.cost_usd),
                       row.current ? "  <-- current" : "");
  }
  return out;
}

std::string RenderVerdict(const ModelAssessment& row, const ModelTableOptions& options) {
  const std::string& name = row.model->name;
  std::string out;
  std::string input = fmt::format("{}/{}", row.input_tokens, row.input_limit);
  switch (row.input_level) {
    case LimitLevel::kOver:
      out += Paint(fmt::format("ERROR: input {} exceeds the input limit of {}.", input, name),
                   LimitLevel::kOver, options.color);
      break;
    case LimitLevel::kWarning:
      out += Paint(fmt::format("WARNING: input {} is at least {:.0f}% of the input limit of {}.",
                               input, options.warn_ratio * 100, name),
                   LimitLevel::kWarning, options.color);
      break;
    default:
      out += fmt::format("OK: input {} is within the input limit of {}.", input, name);
  }
  out += "\n";
  std::string tpm = row.tpm_limit ? fmt::format("{}/{}", row.tpm_needed, *row.tpm_limit) : "";
  switch (row.tpm_level) {
    case LimitLevel::kOver:
      if (*row.tpm_limit == 0) {  // the catalog's "Not supported" at this tier
        out += Paint(fmt::format("ERROR: {} is not available at tier {} (TPM limit 0).", name,
                                 options.tier),
                     LimitLevel::kOver, options.color);
        break;
      }
      out += Paint(fmt::format("ERROR: {} tokens per minute exceeds the TPM limit of {} at tier "
                               "{}; the call will be rate-limited.",
                               tpm, name, options.tier),
                   LimitLevel::kOver, options.color);
      break;
    case LimitLevel::kWarning:
      out += Paint(fmt::format("WARNING: {} is at least {:.0f}% of the TPM limit of {} at tier {}.",
                               tpm, options.warn_ratio * 100, name, options.tier),
                   LimitLevel::kWarning, options.color);
      break;
    case LimitLevel::kOk:
      out +=
          fmt::format("OK: {} is within the TPM limit of {} at tier {}.", tpm, name, options.tier);
      break;
    case LimitLevel::kUnknown:
      out += fmt::format("NOTE: the TPM limit of {} at tier {} is not known (see quarry models).",
                         name, options.tier);
      break;
  }
  return out + "\n";
}

bool ColorWanted(bool is_terminal, const EnvLookup& env) {
  if (!is_terminal) return false;
  return !env("NO_COLOR").has_value();
}

}  // namespace quarry::llm
