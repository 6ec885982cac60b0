#include "llm/model_chooser.h"

#include <fmt/core.h>

#include <istream>
#include <ostream>

namespace quarry::llm {
namespace {

std::string Trim(const std::string& s) {
  size_t start = s.find_first_not_of(" \t\r\n");
  if (start == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r\n");
  return s.substr(start, end - start + 1);
}

const ModelAssessment* RowFor(const std::vector<ModelAssessment>& rows, const std::string& name) {
  for (const auto& row : rows) {
    if (row.model->name == name) return &row;
  }
  return nullptr;
}

}  // namespace

Result<std::string> ChooseModelInteractively(const ModelCatalog& catalog,
                                             const ModelTableOptions& table, std::istream& in,
                                             std::ostream& out, ChooserOptions options) {
  if (options.assume_yes || !options.interactive) return table.current_model;
  ModelTableOptions current = table;
  while (true) {
    std::vector<ModelAssessment> rows = AssessModels(catalog, current);
    if (const ModelAssessment* row = RowFor(rows, current.current_model)) {
      out << RenderVerdict(*row, current);
    }
    out << fmt::format("Continue with '{}'? (Enter to continue / type a model name / 'list'): ",
                       current.current_model);
    out.flush();
    std::string line;
    if (!std::getline(in, line)) {
      out << "\n";
      return Cancelled("no answer to the model question (end of input)");
    }
    std::string answer = Trim(line);
    if (answer.empty()) return current.current_model;
    if (answer == "quit" || answer == "q" || answer == "exit") {
      return Cancelled("model call cancelled at the model question");
    }
    if (answer == "list") {
      out << RenderModelTable(rows, current);
      continue;
    }
    const ModelInfo* chosen = catalog.Find(answer);
    if (chosen == nullptr) {
      out << fmt::format("'{}' is not a known model; type 'list' to see them.\n", answer);
      continue;
    }
    ModelTableOptions candidate = current;
    candidate.current_model = chosen->name;
    std::vector<ModelAssessment> candidate_rows = AssessModels(catalog, candidate);
    const ModelAssessment* row = RowFor(candidate_rows, chosen->name);  // points into the rows
    if (row != nullptr && row->input_level == LimitLevel::kOver) {
      out << fmt::format("{} cannot take this request: {} input tokens, limit {}.\n", chosen->name,
                         row->input_tokens, row->input_limit);
      continue;
    }
    out << fmt::format("Selected model: {}\n", chosen->name);
    return chosen->name;
  }
}

}  // namespace quarry::llm
