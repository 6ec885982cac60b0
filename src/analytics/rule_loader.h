// Loading hunting rules from YAML (rules/*.yaml; format in docs/RULES.md).
//
// Parsing is pure (ParseRule on text) and separate from file access. Every error names the file,
// the line and the field ("rules/cred_rdp.yaml line 7, field 'severity': expected one of
// Informational, Low, Medium, High, got 'Hgh'"). Fixture rows may say `_repeat: N` (the row is
// emitted N times), `_step: <timespan>` (TimeGenerated/Timestamp advance by this much per copy)
// and use `{n}` in string values (replaced by the copy's index, 0-based).
//
// Thread-safe: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analytics/rule.h"
#include "common/status.h"

namespace quarry::analytics {

// Parses one rule; `file` names it in error messages and is kept as Rule::source_file.
Result<Rule> ParseRule(std::string_view yaml_text, const std::string& file);

// Reads and parses one file.
Result<Rule> LoadRuleFile(const std::string& path);

// Every *.yaml / *.yml under `dir` (recursively, in path order). Ids must be unique. On error,
// the message lists every file that failed (one per line), so a library can be fixed in one go.
Result<std::vector<Rule>> LoadRuleDirectory(const std::string& dir);

// The built-in library: the `rules` folder located with FindDataPath.
Result<std::vector<Rule>> LoadBuiltinRules();

}  // namespace quarry::analytics
