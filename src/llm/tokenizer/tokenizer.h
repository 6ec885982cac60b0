// Exact byte-pair-encoding tokenizer for OpenAI's o200k_base and cl100k_base encodings.
//
// Produces the same token ids as OpenAI's tiktoken (the npm `tiktoken` package is the referee)
// for ordinary text: the text is split by the encoding's pre-tokenisation pattern (implemented by
// hand, Unicode general categories from checked-in tables), then each piece is merged by rank.
// Special-token strings such as "<|endoftext|>" inside the text are plain text (tiktoken's
// encode_ordinary): logs are attacker-controlled and never produce control tokens.
//
// Rank files are loaded from data/tokenizer/ (FindDataPath) on first use, their sha256 checked,
// and kept for the life of the process. Thread-safety: ForEncoding/ForModel are safe to call from
// any thread; a Tokenizer is immutable after load and every const method is safe to call
// concurrently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::llm {

class TokenizerImpl;

class Tokenizer {
 public:
  // "o200k_base" or "cl100k_base". Loaded once and cached; NotFound for another name,
  // DataLoss if the rank file is missing, corrupt or has the wrong checksum.
  static Result<const Tokenizer*> ForEncoding(std::string_view name);

  // The encoding a model uses: gpt-4o*, gpt-4.1*, gpt-5*, o1*, o3*, o4* -> o200k_base;
  // gpt-4*, gpt-3.5-turbo*, text-embedding-3-*, text-embedding-ada-002 -> cl100k_base.
  // Unknown model -> NotFound.
  static Result<const Tokenizer*> ForModel(std::string_view model);

  // The encoding name this model maps to, without loading anything; NotFound if unknown.
  static Result<std::string> EncodingForModel(std::string_view model);

  const std::string& name() const;

  // Token ids of ordinary text. Invalid UTF-8 is tokenised byte-exactly (each invalid byte
  // stands alone in pre-tokenisation, as U+FFFD would in tiktoken's lenient decode).
  std::vector<uint32_t> Encode(std::string_view text) const;

  // Encode(text).size(), without keeping the ids.
  size_t Count(std::string_view text) const;

  // The bytes of the tokens concatenated (may be invalid UTF-8 if the tokens split a code
  // point). Unknown ids are skipped; special token ids decode to their text.
  std::string Decode(std::span<const uint32_t> tokens) const;

  // The id of a special token ("<|endoftext|>", "<|endofprompt|>", ...) or NotFound.
  Result<uint32_t> SpecialTokenId(std::string_view text) const;

  // Number of ordinary (byte-pair) ranks.
  size_t vocabulary_size() const;

  ~Tokenizer();
  Tokenizer(const Tokenizer&) = delete;
  Tokenizer& operator=(const Tokenizer&) = delete;

  // For tests and the benchmark: a tokenizer built from an explicit rank file (no checksum
  // check); `name` selects the pre-tokenisation pattern ("o200k_base" or "cl100k_base").
  static Result<std::unique_ptr<Tokenizer>> FromRankFile(std::string_view name,
                                                         const std::string& path);

 private:
  explicit Tokenizer(std::unique_ptr<TokenizerImpl> impl);
  std::unique_ptr<TokenizerImpl> impl_;
};

}  // namespace quarry::llm
