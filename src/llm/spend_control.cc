#include "llm/spend_control.h"

#include "common/time.h"
#include "llm/accounting/request_tokens.h"
#include "llm/tokenizer/tokenizer.h"

namespace quarry::llm {

Result<std::unique_ptr<SpendControl>> SpendControl::Open(const LlmConfig& config,
                                                         const ModelCatalog* catalog,
                                                         ChatModel* inner, SpendOptions options) {
  if (!options.now_ticks) options.now_ticks = NowTicks;
  std::unique_ptr<SpendControl> control(
      new SpendControl(ResolveLedgerPath(config.ledger_path, options.workspace_dir)));

  BudgetLimits limits = config.budget;
  if (options.per_hunt_override) {
    limits.per_hunt_usd = options.per_hunt_override;
  } else if (!limits.per_hunt_usd) {
    limits.per_hunt_usd = kDefaultPerHuntUsd;
  }
  double spent_today = 0;
  if (limits.daily_usd) {
    const int64_t today = FloorDiv(options.now_ticks(), kTicksPerDay) * kTicksPerDay;
    auto spent = control->ledger_.SpentSince(today);
    if (!spent.ok()) {
      return spent.status().WithContext("the daily budget cannot be checked: usage ledger " +
                                        control->ledger_.path());
    }
    spent_today = *spent;
  }
  control->guard_ = std::make_unique<BudgetGuard>(limits, spent_today);

  MeterOptions meter;
  meter.hunt_id = std::move(options.hunt_id);
  meter.allow_unpriced = config.endpoint.provider == Provider::kCompatible;
  meter.now_ticks = options.now_ticks;
  control->metered_ = std::make_unique<MeteredChatModel>(
      inner, catalog, control->guard_.get(), &control->ledger_,
      [catalog](const ChatRequest& request) -> Result<int64_t> {
        const ModelInfo* info = catalog->Find(request.model);
        auto tokenizer = info != nullptr && !info->encoding.empty()
                             ? Tokenizer::ForEncoding(info->encoding)
                             : Tokenizer::ForModel(request.model);
        // A model of unknown encoding (a local server's) is estimated with o200k_base.
        if (!tokenizer.ok()) tokenizer = Tokenizer::ForEncoding("o200k_base");
        QUARRY_RETURN_IF_ERROR(tokenizer.status());
        return CountRequestTokens(request, **tokenizer).total();
      },
      std::move(meter));
  return control;
}

}  // namespace quarry::llm
