#include "kql/functions/function_info_loader.h"

#include <fmt/core.h>

#include "common/data_path.h"

namespace quarry::kql::fn {

Result<std::vector<FunctionInfo>> ParseFunctionInfos(std::string_view text) {
  std::vector<FunctionInfo> infos;
  size_t line_no = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      fields.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    if (fields.size() != 5) {
      return InvalidArgument(fmt::format(
          "functions.tsv line {}: expected 5 tab-separated fields (name, kind, signature, "
          "description, example), got {}",
          line_no, fields.size()));
    }
    if (fields[1] != "scalar" && fields[1] != "aggregate" && fields[1] != "operator") {
      return InvalidArgument(fmt::format(
          "functions.tsv line {}: kind must be scalar, aggregate or operator, got '{}'", line_no,
          fields[1]));
    }
    infos.push_back(FunctionInfo{std::move(fields[0]), std::move(fields[1]), std::move(fields[2]),
                                 std::move(fields[3]), std::move(fields[4])});
  }
  return infos;
}

Result<std::vector<FunctionInfo>> LoadFunctionInfos(const std::string& path) {
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  auto infos = ParseFunctionInfos(text);
  if (!infos.ok()) return infos.status().WithContext(path);
  return infos;
}

}  // namespace quarry::kql::fn
