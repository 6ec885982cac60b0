#include "llm/tokenizer/rank_table.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>

#include "llm/tokenizer/short_bytes.h"

namespace quarry::llm::tokenizer_internal {
namespace {

constexpr std::array<int8_t, 256> MakeBase64Values() {
  std::array<int8_t, 256> v{};
  for (auto& x : v) x = -1;
  const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (int i = 0; i < 64; ++i) v[static_cast<unsigned char>(alphabet[i])] = static_cast<int8_t>(i);
  return v;
}
constexpr std::array<int8_t, 256> kBase64Values = MakeBase64Values();

// Appends the decoded bytes of standard padded base64 to `out`; false if malformed.
bool DecodeBase64(std::string_view in, std::string& out) {
  if (in.empty() || in.size() % 4 != 0) return false;
  for (size_t i = 0; i < in.size(); i += 4) {
    uint32_t acc = 0;
    int pad = 0;
    for (size_t k = 0; k < 4; ++k) {
      const char ch = in[i + k];
      if (ch == '=' && i + 4 == in.size() && k >= 2) {
        ++pad;
        acc <<= 6;
        continue;
      }
      const int8_t v = kBase64Values[static_cast<unsigned char>(ch)];
      if (v < 0 || pad > 0) return false;
      acc = (acc << 6) | static_cast<uint32_t>(v);
    }
    out.push_back(static_cast<char>(acc >> 16));
    if (pad < 2) out.push_back(static_cast<char>((acc >> 8) & 0xFF));
    if (pad < 1) out.push_back(static_cast<char>(acc & 0xFF));
  }
  return true;
}

uint64_t HashLong(const unsigned char* data, size_t len) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) h = MixBits(h ^ Load64(data + i));
  if (i < len) h = MixBits(h ^ LoadUpTo8(data + i, len - i) ^ 0x5555);
  return h;
}

// The slot key and the starting slot index of some bytes.
struct Probe {
  uint64_t key;
  uint64_t hash;
};

inline Probe ProbeOf(const unsigned char* data, size_t len) {
  if (len <= 8) {
    const uint64_t key = LoadUpTo8(data, len);
    return {key, MixBits(key ^ (uint64_t{len} << 59))};
  }
  const uint64_t h = HashLong(data, len);
  return {h, h};
}

constexpr size_t kBloomWords = size_t{1} << 15;

size_t BloomWord(uint64_t hash) { return static_cast<size_t>(hash >> 40) & (kBloomWords - 1); }
uint64_t BloomBits(uint64_t hash) {
  return (uint64_t{1} << ((hash >> 20) & 63)) | (uint64_t{1} << ((hash >> 26) & 63));
}

}  // namespace

Result<RankTable> RankTable::Parse(std::string_view text, std::string_view where) {
  RankTable table;
  size_t line_no = 0;
  size_t pos = 0;
  std::vector<std::pair<uint32_t, uint32_t>> entries;  // rank, arena offset
  std::vector<uint32_t> entry_lengths;
  while (pos < text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const size_t space = line.find(' ');
    uint32_t rank = 0;
    const std::string_view rank_text =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    auto [ptr, ec] = std::from_chars(rank_text.data(), rank_text.data() + rank_text.size(), rank);
    const size_t offset = table.arena_.size();
    if (space == std::string_view::npos || ec != std::errc() ||
        ptr != rank_text.data() + rank_text.size() || rank >= kNoRank - 1 ||
        !DecodeBase64(line.substr(0, space), table.arena_)) {
      return DataLoss(fmt::format("{}:{}: not a '<base64 bytes> <rank>' line", where, line_no));
    }
    entries.emplace_back(rank, static_cast<uint32_t>(offset));
    entry_lengths.push_back(static_cast<uint32_t>(table.arena_.size() - offset));
  }
  if (entries.empty()) return DataLoss(fmt::format("{}: no ranks in the file", where));
  uint32_t limit = 0;
  for (const auto& e : entries) limit = std::max(limit, e.first + 1);
  table.offsets_.assign(limit, 0);
  table.lengths_.assign(limit, 0);
  const size_t slots = std::bit_ceil(entries.size() * 2 + 16);
  table.slots_.assign(slots, Slot{});
  table.short_ranks_.assign(256 + 65536, kNoRank);
  table.bloom_.assign(kBloomWords, 0);
  table.mask_ = slots - 1;
  for (size_t i = 0; i < entries.size(); ++i) {
    const auto [rank, offset] = entries[i];
    if (table.lengths_[rank] != 0) {
      return DataLoss(fmt::format("{}: rank {} appears twice", where, rank));
    }
    table.offsets_[rank] = offset;
    table.lengths_[rank] = entry_lengths[i];
    const std::string_view bytes = table.Bytes(rank);
    if (table.Find(bytes) != kNoRank) {
      return DataLoss(fmt::format("{}: the same bytes have two ranks ({} and {})", where,
                                  table.Find(bytes), rank));
    }
    table.Insert(rank);
    ++table.count_;
  }
  for (int b = 0; b < 256; ++b) {
    const unsigned char byte = static_cast<unsigned char>(b);
    if (table.Find(&byte, 1) == kNoRank) {
      return DataLoss(fmt::format("{}: byte 0x{:02X} has no rank", where, b));
    }
  }
  return table;
}

void RankTable::Insert(uint32_t rank) {
  const std::string_view bytes = Bytes(rank);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const Probe p = ProbeOf(data, bytes.size());
  size_t i = p.hash & mask_;
  while (slots_[i].rank != kNoRank) i = (i + 1) & mask_;
  slots_[i] = Slot{p.key, rank, static_cast<uint32_t>(bytes.size())};
  bloom_[BloomWord(p.hash)] |= BloomBits(p.hash);
  if (bytes.size() == 1) short_ranks_[data[0]] = rank;
  if (bytes.size() == 2) short_ranks_[256 + (size_t{data[0]} << 8 | data[1])] = rank;
}

uint32_t RankTable::FindInSlots(const unsigned char* data, size_t len) const {
  if (len == 0 || slots_.empty()) return kNoRank;
  const Probe p = ProbeOf(data, len);
  const uint64_t bits = BloomBits(p.hash);
  if ((bloom_[BloomWord(p.hash)] & bits) != bits) return kNoRank;
  for (size_t i = p.hash & mask_;; i = (i + 1) & mask_) {
    const Slot& s = slots_[i];
    if (s.rank == kNoRank) return kNoRank;
    if (s.key != p.key || s.len != len) continue;
    if (len <= 8 || std::memcmp(arena_.data() + offsets_[s.rank], data, len) == 0) return s.rank;
  }
}

std::string_view RankTable::Bytes(uint32_t rank) const {
  if (rank >= lengths_.size()) return {};
  return std::string_view(arena_).substr(offsets_[rank], lengths_[rank]);
}

}  // namespace quarry::llm::tokenizer_internal
