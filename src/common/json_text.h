// JSON text from nlohmann values that never throws on bad UTF-8.
//
// Strings in Quarry often come from logs, which are attacker-controlled and not always valid
// UTF-8 (CSV files, raw bytes in dynamic values, command lines). nlohmann's plain dump() throws
// type_error 316 on such bytes; every JSON text Quarry writes — to a model, a report, a threat
// log, an HTTP reply — goes through JsonText instead, which writes U+FFFD for each invalid byte
// sequence. Works for nlohmann::json and nlohmann::ordered_json. Thread-safe (pure function).
#pragma once

#include <string>

namespace quarry {

// `indent` < 0: compact, one line; otherwise pretty-printed with that many spaces per level.
template <typename BasicJson>
std::string JsonText(const BasicJson& value, int indent = -1) {
  return value.dump(indent, ' ', false, BasicJson::error_handler_t::replace);
}

}  // namespace quarry
