// tokenizer_compare: checks Quarry's tokenizer against the ids the referee (npm tiktoken, see
// tiktoken_ref.mjs) produced for the same corpus, unit by unit, and explains the first
// mismatches (the unit, both id lists, the pieces Quarry's pre-tokeniser cut).
//
// usage: tokenizer_compare ENCODING CORPUS REFERENCE_IDS [GROUP]
// Exit status: 0 all identical, 1 a mismatch, 2 bad usage or unreadable input.
#include <fmt/core.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "common/data_path.h"
#include "llm/tokenizer/pretokenizer.h"
#include "llm/tokenizer/tokenizer.h"

namespace {

using quarry::llm::Tokenizer;

std::string Escape(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::vector<std::string_view> SplitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    size_t end = eol == std::string_view::npos ? text.size() : eol + 1;
    lines.push_back(text.substr(pos, end - pos));
    pos = end;
  }
  if (lines.empty()) lines.push_back(text);
  return lines;
}

std::string JoinIds(const std::vector<uint32_t>& ids) {
  std::string out;
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i) out.push_back(' ');
    out += std::to_string(ids[i]);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::cerr << "usage: tokenizer_compare ENCODING CORPUS REFERENCE_IDS [GROUP]\n";
    return 2;
  }
  const std::string encoding = argv[1];
  const size_t group = argc > 4 ? std::stoul(argv[4]) : 16;
  auto tokenizer = Tokenizer::ForEncoding(encoding);
  if (!tokenizer.ok()) {
    std::cerr << "tokenizer_compare: " << tokenizer.status().message() << "\n";
    return 2;
  }
  auto corpus = quarry::ReadFileToString(argv[2]);
  auto reference = quarry::ReadFileToString(argv[3]);
  if (!corpus.ok() || !reference.ok()) {
    std::cerr << "tokenizer_compare: "
              << (corpus.ok() ? reference.status() : corpus.status()).message() << "\n";
    return 2;
  }
  const std::vector<std::string_view> lines = SplitLines(*corpus);
  std::vector<std::string> units(lines.begin(), lines.end());
  if (group > 1) {
    for (size_t i = 0; i < lines.size(); i += group) {
      std::string joined;
      for (size_t k = i; k < std::min(lines.size(), i + group); ++k) joined += lines[k];
      units.push_back(std::move(joined));
    }
  }
  std::istringstream ref(*reference);
  std::string expected;
  size_t mismatches = 0;
  size_t tokens = 0;
  const auto pattern = encoding == "cl100k_base"
                           ? quarry::llm::tokenizer_internal::PretokenPattern::kCl100k
                           : quarry::llm::tokenizer_internal::PretokenPattern::kO200k;
  for (size_t u = 0; u < units.size(); ++u) {
    if (!std::getline(ref, expected)) {
      std::cerr << fmt::format("tokenizer_compare: reference has {} units, corpus has {}\n", u,
                               units.size());
      return 1;
    }
    const std::vector<uint32_t> got = (*tokenizer)->Encode(units[u]);
    tokens += got.size();
    const std::string got_text = JoinIds(got);
    if (got_text == expected) continue;
    if (++mismatches > 10) continue;
    std::cout << fmt::format("MISMATCH unit {} ({}): \"{}\"\n", u,
                             u < lines.size() ? "line" : "group", Escape(units[u]));
    std::cout << "  tiktoken: " << expected << "\n  quarry:   " << got_text << "\n  pieces:  ";
    quarry::llm::tokenizer_internal::ForEachPiece(
        pattern, units[u], [](std::string_view p) { std::cout << " [" << Escape(p) << "]"; });
    std::vector<uint32_t> want;
    std::istringstream ids(expected);
    for (uint32_t id; ids >> id;) want.push_back(id);
    std::cout << "\n  tiktoken tokens:";
    for (uint32_t id : want) std::cout << " [" << Escape((*tokenizer)->Decode({&id, 1})) << "]";
    std::cout << "\n";
  }
  std::cout << fmt::format("{}: {} units ({} lines, {} bytes), {} tokens, {} mismatches\n",
                           encoding, units.size(), lines.size(), corpus->size(), tokens,
                           mismatches);
  return mismatches == 0 ? 0 : 1;
}
