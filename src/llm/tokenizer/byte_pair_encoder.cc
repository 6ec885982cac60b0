#include "llm/tokenizer/byte_pair_encoder.h"

#include <algorithm>
#include <functional>
#include <queue>

namespace quarry::llm::tokenizer_internal {
namespace {

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

// Parts are named by the offset of their first byte and kept in arrays on the stack indexed by
// that offset: the next part's offset, the part's own rank (known from the merge that made it,
// so the result needs no lookups) and the rank of the part joined with the next one, kNoRank
// when there is no such token or the offset no longer starts a part. A merge rewrites a few
// entries and moves nothing; finding the lowest rank is a scan the compiler vectorises. With at
// most kHeapMergeThreshold bytes this stays in a few cache lines and needs no allocation.
void BytePairEncodeLinear(const RankTable& ranks, std::string_view piece,
                          std::vector<uint32_t>& out) {
  const unsigned char* b = Bytes(piece);
  const size_t n = piece.size();
  if (n == 1) {
    out.push_back(ranks.Find(b, 1));
    return;
  }
  if (n > kHeapMergeThreshold) {
    BytePairEncodeHeap(ranks, piece, out);
    return;
  }
  uint32_t next[kHeapMergeThreshold];
  uint32_t prev[kHeapMergeThreshold];
  uint32_t part_rank[kHeapMergeThreshold];
  uint32_t pair_rank[kHeapMergeThreshold];
  for (size_t i = 0; i < n; ++i) {
    next[i] = static_cast<uint32_t>(i + 1);
    prev[i] = static_cast<uint32_t>(i - 1);  // wraps for i == 0; never read there
    part_rank[i] = ranks.Find(b + i, 1);
  }
  for (size_t i = 0; i + 1 < n; ++i) pair_rank[i] = ranks.Find(b + i, 2);
  pair_rank[n - 1] = kNoRank;
  // The rank of the part at i joined with the one after it.
  auto joined_rank = [&](uint32_t i) -> uint32_t {
    const uint32_t j = next[i];
    if (j >= n) return kNoRank;
    const uint32_t end = next[j];
    return ranks.Find(b + i, end - i);
  };
  while (true) {
    // The lowest rank (a branch-free reduction), then its leftmost position.
    uint32_t best = kNoRank;
    for (size_t i = 0; i + 1 < n; ++i) best = std::min(best, pair_rank[i]);
    if (best == kNoRank) break;
    uint32_t i = 0;
    while (pair_rank[i] != best) ++i;
    // Merge the part at i with the next one.
    const uint32_t j = next[i];
    next[i] = next[j];
    if (next[j] < n) prev[next[j]] = i;
    pair_rank[j] = kNoRank;
    part_rank[i] = best;
    pair_rank[i] = joined_rank(i);
    if (i > 0) pair_rank[prev[i]] = joined_rank(prev[i]);
  }
  for (uint32_t i = 0; i < n; i = next[i]) out.push_back(part_rank[i]);
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
