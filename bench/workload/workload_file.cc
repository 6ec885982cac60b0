#include "workload_file.h"

#include <sstream>

namespace quarry::bench {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

}  // namespace

Result<std::vector<WorkloadQuery>> ParseWorkload(std::string_view text, std::string_view source) {
  std::vector<WorkloadQuery> out;
  std::istringstream in{std::string(text)};
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    std::string t = Trim(line);
    if (t.rfind("==", 0) == 0) {
      std::string head = Trim(std::string_view(t).substr(2));
      if (head.empty()) {
        return InvalidArgument(std::string(source) + ":" + std::to_string(line_no) +
                               ": a query header needs a name after '=='");
      }
      size_t sp = head.find(' ');
      WorkloadQuery q;
      q.name = head.substr(0, sp);
      q.description = sp == std::string::npos ? "" : Trim(head.substr(sp + 1));
      out.push_back(std::move(q));
      continue;
    }
    if (out.empty() || t.empty() || t[0] == '#') continue;
    out.back().kql += line + "\n";
  }
  for (const auto& q : out) {
    if (Trim(q.kql).empty()) {
      return InvalidArgument(std::string(source) + ": query '" + q.name + "' has no KQL text");
    }
  }
  if (out.empty()) {
    return InvalidArgument(std::string(source) + ": no queries (headers start with '==')");
  }
  return out;
}

Result<std::string> IocListFromText(std::string_view text, std::string_view source) {
  std::istringstream in{std::string(text)};
  std::string line, list;
  while (std::getline(in, line)) {
    std::string t = Trim(line);
    if (t.empty() || t[0] == '#') continue;
    if (t.find_first_of("\"\\") != std::string::npos) {
      return InvalidArgument(std::string(source) + ": IOC term '" + t +
                             "' contains a quote or backslash");
    }
    list += (list.empty() ? "\"" : ", \"") + t + "\"";
  }
  if (list.empty()) return InvalidArgument(std::string(source) + ": no IOC terms");
  return list;
}

void SubstituteIocs(std::vector<WorkloadQuery>& queries, const std::string& iocs) {
  static constexpr std::string_view kToken = "{iocs}";
  for (auto& q : queries) {
    for (size_t p = q.kql.find(kToken); p != std::string::npos; p = q.kql.find(kToken, p)) {
      q.kql.replace(p, kToken.size(), iocs);
      p += iocs.size();
    }
  }
}

}  // namespace quarry::bench
