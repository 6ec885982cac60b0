// Byte-pair merging of one pre-tokenised piece: the heart of tiktoken's encoding.
//
// Starting from single bytes, the adjacent pair whose concatenation has the lowest rank is
// merged, leftmost first among equal ranks, until no adjacent pair has a rank; each remaining
// part is one token. Short pieces use a flat array (a linear scan per merge, fastest for the
// usual few bytes); long pieces use a min-heap over (rank, position) with a linked list of parts,
// O(n log n). Both give exactly the merge order described above. Internal to llm/tokenizer.
// Thread-safety: pure functions of their arguments.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "llm/tokenizer/rank_table.h"

namespace quarry::llm::tokenizer_internal {

// Pieces longer than this many bytes use the heap-based merge.
inline constexpr size_t kHeapMergeThreshold = 96;

// Appends the tokens of `piece` to `out`. REQUIRES: piece is not empty.
void BytePairEncode(const RankTable& ranks, std::string_view piece, std::vector<uint32_t>& out);

// The two strategies, exposed for the differential tests and the benchmark (the linear one
// hands pieces longer than kHeapMergeThreshold to the heap).
void BytePairEncodeLinear(const RankTable& ranks, std::string_view piece,
                          std::vector<uint32_t>& out);
void BytePairEncodeHeap(const RankTable& ranks, std::string_view piece,
                        std::vector<uint32_t>& out);

}  // namespace quarry::llm::tokenizer_internal
