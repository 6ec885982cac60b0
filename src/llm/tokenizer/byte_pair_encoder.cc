#include "llm/tokenizer/byte_pair_encoder.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace quarry::llm::tokenizer_internal {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

struct Part {
  uint32_t start;
  uint32_t pair_rank;  // rank of this part joined with the next one, kNoRank if none
};

}  // namespace

void BytePairEncodeLinear(const RankTable& ranks, std::string_view piece,
                          std::vector<uint32_t>& out) {
  const unsigned char* b = Bytes(piece);
  const size_t n = piece.size();
  if (n == 1) {
    out.push_back(ranks.Find(b, 1));
    return;
  }
  thread_local std::vector<Part> parts;
  parts.clear();
  for (size_t i = 0; i + 1 < n; ++i) {
    parts.push_back({static_cast<uint32_t>(i), ranks.Find(b + i, 2)});
  }
  parts.push_back({static_cast<uint32_t>(n - 1), kNoRank});
  parts.push_back({static_cast<uint32_t>(n), kNoRank});
  // The rank of parts [i, i+2) joined, i.e. bytes [parts[i].start, parts[i+2].start).
  auto joined_rank = [&](size_t i) -> uint32_t {
    if (i + 2 >= parts.size()) return kNoRank;
    return ranks.Find(b + parts[i].start, parts[i + 2].start - parts[i].start);
  };
  while (true) {
    uint32_t best = kNoRank;
    size_t best_i = 0;
    for (size_t i = 0; i + 1 < parts.size(); ++i) {
      if (parts[i].pair_rank < best) {
        best = parts[i].pair_rank;
        best_i = i;
      }
    }
    if (best == kNoRank) break;
    // Merge parts best_i and best_i+1: drop the boundary, then re-rank the pairs around it.
    parts.erase(parts.begin() + static_cast<std::ptrdiff_t>(best_i) + 1);
    parts[best_i].pair_rank = joined_rank(best_i);
    if (best_i > 0) parts[best_i - 1].pair_rank = joined_rank(best_i - 1);
  }
  for (size_t i = 0; i + 1 < parts.size(); ++i) {
    out.push_back(ranks.Find(b + parts[i].start, parts[i + 1].start - parts[i].start));
  }
}

void BytePairEncodeHeap(const RankTable& ranks, std::string_view piece,
                        std::vector<uint32_t>& out) {
  const unsigned char* b = Bytes(piece);
  const uint32_t n = static_cast<uint32_t>(piece.size());
  // Parts are identified by their start offset; next/prev hold start offsets (n: none after).
  std::vector<uint32_t> next(n), prev(n), pair_rank(n, kNoRank);
  std::vector<bool> alive(n, true);
  using Entry = uint64_t;  // rank << 32 | start: smallest rank first, then leftmost
  std::vector<Entry> heap_storage;
  heap_storage.reserve(n);
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap(
      std::greater<Entry>(), std::move(heap_storage));
  for (uint32_t i = 0; i < n; ++i) {
    next[i] = i + 1;
    prev[i] = i == 0 ? n : i - 1;
  }
  auto rank_pair = [&](uint32_t i) {
    const uint32_t j = next[i];
    pair_rank[i] = j >= n ? kNoRank : ranks.Find(b + i, next[j] - i);
    if (pair_rank[i] != kNoRank) heap.push((Entry{pair_rank[i]} << 32) | i);
  };
  for (uint32_t i = 0; i + 1 < n; ++i) rank_pair(i);
  while (!heap.empty()) {
    const Entry e = heap.top();
    heap.pop();
    const uint32_t i = static_cast<uint32_t>(e & 0xFFFFFFFF);
    const uint32_t rank = static_cast<uint32_t>(e >> 32);
    if (!alive[i] || pair_rank[i] != rank) continue;
    const uint32_t j = next[i];
    alive[j] = false;
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    rank_pair(i);
    if (prev[i] < n) rank_pair(prev[i]);
  }
  for (uint32_t i = 0; i < n; i = next[i]) out.push_back(ranks.Find(b + i, next[i] - i));
}

void BytePairEncode(const RankTable& ranks, std::string_view piece, std::vector<uint32_t>& out) {
  if (piece.size() > kHeapMergeThreshold) {
    BytePairEncodeHeap(ranks, piece, out);
  } else {
    BytePairEncodeLinear(ranks, piece, out);
  }
}

}  // namespace quarry::llm::tokenizer_internal
