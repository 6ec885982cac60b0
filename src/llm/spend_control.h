// SpendControl: one hunt's budget guard, usage ledger and metered chat model, built from the
// config, so every model call of the hunt is checked against the per-hunt and daily budgets
// before it is sent and recorded in the ledger after (llm/metered_chat_model.h).
//
// The ledger is ResolveLedgerPath(config.ledger_path, workspace_dir). "Today" starts with what the
// ledger says was spent since 00:00 UTC; when a daily budget is set and the ledger cannot be read,
// Open fails (the spend cannot be checked) rather than guessing zero. The per-hunt limit is
// `per_hunt_override` when given (the CLI's --budget), else budget.per_hunt_usd from the config,
// else kDefaultPerHuntUsd. A model missing from the catalog is refused before sending unless the
// service is an OpenAI-compatible server (local models are usually free; price them under
// llm.models to have them budgeted). Prompts are counted with the catalog's encoding for the
// model, else its family's (Tokenizer::ForModel), else o200k_base as an estimate.
//
// Thread-safety: chat() is as safe as the wrapped model; the guard and ledger are thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "llm/budget_guard.h"
#include "llm/chat.h"
#include "llm/llm_config.h"
#include "llm/metered_chat_model.h"
#include "llm/model_catalog.h"
#include "llm/usage_ledger.h"

namespace quarry::llm {

inline constexpr double kDefaultPerHuntUsd = 1.0;

struct SpendOptions {
  std::string workspace_dir;  // where <workspace>/usage.jsonl lives, when it exists
  std::string hunt_id;
  std::optional<double> per_hunt_override;
  std::function<int64_t()> now_ticks;  // default: NowTicks()
};

class SpendControl {
 public:
  // REQUIRES: `inner` and `catalog` non-null and outliving the result.
  static Result<std::unique_ptr<SpendControl>> Open(const LlmConfig& config,
                                                    const ModelCatalog* catalog, ChatModel* inner,
                                                    SpendOptions options);

  // The metered model: every call goes through the budget check and into the ledger.
  ChatModel& chat() { return *metered_; }
  const BudgetGuard& guard() const { return *guard_; }
  const UsageLedger& ledger() const { return ledger_; }

 private:
  explicit SpendControl(std::string ledger_path) : ledger_(std::move(ledger_path)) {}

  UsageLedger ledger_;
  std::unique_ptr<BudgetGuard> guard_;
  std::unique_ptr<MeteredChatModel> metered_;
};

}  // namespace quarry::llm
