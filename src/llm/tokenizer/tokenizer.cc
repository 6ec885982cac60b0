#include "llm/tokenizer/tokenizer.h"

#include <fmt/core.h>

#include <map>
#include <mutex>

#include "common/data_path.h"
#include "common/digest.h"
#include "llm/tokenizer/byte_pair_encoder.h"
#include "llm/tokenizer/piece_cache.h"
#include "llm/tokenizer/pretokenizer.h"
#include "llm/tokenizer/rank_table.h"

namespace quarry::llm {

using tokenizer_internal::BytePairEncode;
using tokenizer_internal::ForEachPiece;
using tokenizer_internal::kNoRank;
using tokenizer_internal::PretokenPattern;
using tokenizer_internal::RankTable;

namespace {

struct SpecialToken {
  std::string_view text;
  uint32_t id;
};

// What defines each encoding besides its ranks: the pattern, the published checksum of the rank
// file (data/tokenizer/README.md) and the special tokens (tiktoken's openai_public definitions).
struct EncodingSpec {
  std::string_view name;
  PretokenPattern pattern;
  std::string_view sha256;
  size_t rank_count;
  std::vector<SpecialToken> specials;
};

const std::vector<EncodingSpec>& EncodingSpecs() {
  static const std::vector<EncodingSpec> specs = {
      {"o200k_base",
       PretokenPattern::kO200k,
       "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
       199998,
       {{"<|endoftext|>", 199999}, {"<|endofprompt|>", 200018}}},
      {"cl100k_base",
       PretokenPattern::kCl100k,
       "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
       100256,
       {{"<|endoftext|>", 100257},
        {"<|fim_prefix|>", 100258},
        {"<|fim_middle|>", 100259},
        {"<|fim_suffix|>", 100260},
        {"<|endofprompt|>", 100276}}},
  };
  return specs;
}

const EncodingSpec* FindSpec(std::string_view name) {
  for (const auto& spec : EncodingSpecs()) {
    if (spec.name == name) return &spec;
  }
  return nullptr;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// "o3" or "o3-mini", but not "o30".
bool IsFamily(std::string_view model, std::string_view family) {
  return model == family || StartsWith(model, std::string(family) + "-");
}

}  // namespace

class TokenizerImpl {
 public:
  TokenizerImpl(const EncodingSpec& spec, RankTable ranks)
      : name_(spec.name), pattern_(spec.pattern), ranks_(std::move(ranks)), spec_(&spec) {}

  template <typename Sink>
  void EncodeInto(std::string_view text, Sink&& sink) const {
    thread_local std::vector<uint32_t> scratch;
    tokenizer_internal::PieceCache& cache = tokenizer_internal::PieceCache::ForThread(this);
    uint32_t cached[tokenizer_internal::PieceCache::kMaxTokens];
    ForEachPiece(pattern_, text, [&](std::string_view piece) {
      if (const size_t n = cache.Find(piece, cached)) {
        sink(cached, n);
        return;
      }
      const uint32_t rank = ranks_.Find(piece);
      if (rank != kNoRank) {
        cache.Insert(piece, &rank, 1);
        sink(&rank, 1);
        return;
      }
      scratch.clear();
      BytePairEncode(ranks_, piece, scratch);
      cache.Insert(piece, scratch.data(), scratch.size());
      sink(scratch.data(), scratch.size());
    });
  }

  std::string name_;
  PretokenPattern pattern_;
  RankTable ranks_;
  const EncodingSpec* spec_;
};

Tokenizer::Tokenizer(std::unique_ptr<TokenizerImpl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;

Result<std::unique_ptr<Tokenizer>> Tokenizer::FromRankFile(std::string_view name,
                                                           const std::string& path) {
  const EncodingSpec* spec = FindSpec(name);
  if (spec == nullptr) {
    return NotFound(fmt::format("unknown encoding '{}' (known: o200k_base, cl100k_base)", name));
  }
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  QUARRY_ASSIGN_OR_RETURN(RankTable ranks, RankTable::Parse(text, path));
  return std::unique_ptr<Tokenizer>(
      new Tokenizer(std::make_unique<TokenizerImpl>(*spec, std::move(ranks))));
}

namespace {

Result<std::unique_ptr<Tokenizer>> LoadVerified(const EncodingSpec& spec) {
  const std::string relative = fmt::format("data/tokenizer/{}.tiktoken", spec.name);
  QUARRY_ASSIGN_OR_RETURN(std::string path, FindDataPath(relative));
  QUARRY_ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  const std::string digest = Sha256Hex(text);
  if (digest != spec.sha256) {
    return DataLoss(fmt::format(
        "rank file '{}' is not OpenAI's published {} (sha256 {}, expected {}); restore it from "
        "the Quarry distribution",
        path, spec.name, digest, spec.sha256));
  }
  QUARRY_ASSIGN_OR_RETURN(auto tokenizer, Tokenizer::FromRankFile(spec.name, path));
  if (tokenizer->vocabulary_size() != spec.rank_count) {
    return DataLoss(fmt::format("rank file '{}' has {} ranks, expected {}", path,
                                tokenizer->vocabulary_size(), spec.rank_count));
  }
  return tokenizer;
}

}  // namespace

Result<const Tokenizer*> Tokenizer::ForEncoding(std::string_view name) {
  const EncodingSpec* spec = FindSpec(name);
  if (spec == nullptr) {
    return NotFound(fmt::format("unknown encoding '{}' (known: o200k_base, cl100k_base)", name));
  }
  static std::mutex mu;
  static std::map<std::string_view, std::unique_ptr<Tokenizer>> loaded;
  std::lock_guard<std::mutex> lock(mu);
  auto it = loaded.find(spec->name);
  if (it == loaded.end()) {
    QUARRY_ASSIGN_OR_RETURN(auto tokenizer, LoadVerified(*spec));
    it = loaded.emplace(spec->name, std::move(tokenizer)).first;
  }
  return static_cast<const Tokenizer*>(it->second.get());
}

Result<std::string> Tokenizer::EncodingForModel(std::string_view model) {
  std::string_view m = model;
  if (StartsWith(m, "ft:")) m.remove_prefix(3);  // fine-tuned: "ft:gpt-4o-mini:org::id"
  if (StartsWith(m, "gpt-4o") || StartsWith(m, "gpt-4.1") || StartsWith(m, "gpt-4.5") ||
      StartsWith(m, "gpt-5") || StartsWith(m, "chatgpt-4o") || IsFamily(m, "o1") ||
      IsFamily(m, "o3") || IsFamily(m, "o4-mini") || IsFamily(m, "o4")) {
    return std::string("o200k_base");
  }
  if (IsFamily(m, "gpt-4") || StartsWith(m, "gpt-3.5-turbo") || StartsWith(m, "gpt-35-turbo") ||
      StartsWith(m, "text-embedding-3-") || m == "text-embedding-ada-002") {
    return std::string("cl100k_base");
  }
  return NotFound(fmt::format(
      "no known tokenizer for model '{}' (known: gpt-4o*, gpt-4.1*, gpt-5*, o1/o3/o4*, gpt-4, "
      "gpt-3.5-turbo, text-embedding-3-*); pass --encoding o200k_base or cl100k_base",
      model));
}

Result<const Tokenizer*> Tokenizer::ForModel(std::string_view model) {
  QUARRY_ASSIGN_OR_RETURN(std::string encoding, EncodingForModel(model));
  return ForEncoding(encoding);
}

const std::string& Tokenizer::name() const { return impl_->name_; }

std::vector<uint32_t> Tokenizer::Encode(std::string_view text) const {
  std::vector<uint32_t> out;
  out.reserve(text.size() / 3 + 1);
  impl_->EncodeInto(text, [&](const uint32_t* ids, size_t n) {
    for (size_t i = 0; i < n; ++i) out.push_back(ids[i]);
  });
  return out;
}

size_t Tokenizer::Count(std::string_view text) const {
  size_t count = 0;
  impl_->EncodeInto(text, [&](const uint32_t*, size_t n) { count += n; });
  return count;
}

std::string Tokenizer::Decode(std::span<const uint32_t> tokens) const {
  std::string out;
  for (uint32_t id : tokens) {
    const std::string_view bytes = impl_->ranks_.Bytes(id);
    if (!bytes.empty()) {
      out.append(bytes);
      continue;
    }
    for (const auto& special : impl_->spec_->specials) {
      if (special.id == id) out.append(special.text);
    }
  }
  return out;
}

Result<uint32_t> Tokenizer::SpecialTokenId(std::string_view text) const {
  for (const auto& special : impl_->spec_->specials) {
    if (special.text == text) return special.id;
  }
  return NotFound(fmt::format("'{}' is not a special token of {}", text, impl_->name_));
}

size_t Tokenizer::vocabulary_size() const { return impl_->ranks_.size(); }

}  // namespace quarry::llm
