// ChooseModelInteractively: the question before an expensive call — "Continue with 'gpt-5-mini'?
// (Enter to continue / type a model name / 'list')" — as the seeds asked it.
//
// Enter keeps the current model; a catalog model name switches to it and is returned (refused,
// and asked again, when the request does not fit that model's input limit); "list" prints the
// table; "quit" or end of input cancels. With assume_yes (--yes) or when input is not a terminal,
// no question is asked and the current model is returned. Streams are injected so tests drive it.
// Thread-safety: not for concurrent use of the same streams.
#pragma once

#include <iosfwd>
#include <string>

#include "common/status.h"
#include "llm/model_catalog.h"
#include "llm/model_table.h"

namespace quarry::llm {

struct ChooserOptions {
  bool assume_yes = false;
  bool interactive = true;  // input is a terminal
};

// `table.current_model` is the model proposed. Returns the chosen model's name, or Cancelled.
Result<std::string> ChooseModelInteractively(const ModelCatalog& catalog,
                                             const ModelTableOptions& table, std::istream& in,
                                             std::ostream& out, ChooserOptions options);

}  // namespace quarry::llm
