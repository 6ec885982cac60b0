#include "kql/functions/distinct_count_state.h"

#include <bit>
#include <string_view>

namespace quarry::kql::fn {
namespace {

// Pair bitmaps up to this size per state (8 MiB); beyond it rows go straight to hash sets.
constexpr size_t kMaxPairBits = size_t{64} << 20;

template <typename T>
void GrowTo(std::vector<T>& v, size_t n) {
  if (v.size() < n) v.resize(n);
}

}  // namespace

void DictionaryEntryBits::GrowTo(size_t num_groups) {
  if (bits.size() < num_groups * words_per_group) bits.resize(num_groups * words_per_group, 0);
}

uint64_t DictionaryEntryBits::EntryHash(size_t e) {
  if (hashes.empty()) {
    hashes.resize(entries());
    for (size_t k = 0; k < dictionary->size(); ++k) hashes[k] = HashString(dictionary->str(k));
    hashes[dictionary->size()] = HashString(std::string_view());
  }
  return hashes[e];
}

bool DictionaryEntryBits::EntriesDistinct(size_t* empty_entry) const {
  *empty_entry = std::string_view::npos;
  std::unordered_set<std::string_view> seen;
  seen.reserve(dictionary->size());
  for (size_t k = 0; k < dictionary->size(); ++k) {
    std::string_view s = dictionary->str(k);
    if (!seen.insert(s).second) return false;
    if (s.empty()) *empty_entry = k;
  }
  return true;
}

void DistinctCountState::Update(std::span<const Datum> args, std::span<const uint32_t> groups,
                                size_t num_groups) {
  GrowTo(sets_, num_groups);
  ArgView v(args[0]);
  std::optional<ArgView> p;
  if (conditional_) p.emplace(args[1]);
  bool strings = IsStringLike(v.type());
  if (strings && v.column() && v.column()->is_dictionary() &&
      UpdateDictionary(*v.column(), p ? &*p : nullptr, groups, num_groups)) {
    return;
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    if ((!strings && v.IsNull(i)) || (p && !PredicateAt(*p, i))) continue;
    sets_[groups[i]].insert(HashRow(v, i));
  }
}

bool DistinctCountState::UpdateDictionary(const Column& c, const ArgView* predicate,
                                          std::span<const uint32_t> groups, size_t num_groups) {
  const size_t entries = c.dictionary().size() + 1;
  if (num_groups == 0 || entries > kMaxPairBits / num_groups) return false;
  if (bits_ && bits_->dictionary.get() != &c.dictionary()) SpillAll();
  if (!bits_) {
    bits_.emplace();
    bits_->dictionary = c.dictionary_ptr();
    bits_->words_per_group = (entries + 63) / 64;
  }
  DictionaryEntryBits& b = *bits_;
  b.GrowTo(num_groups);
  const size_t null_entry = entries - 1;
  const bool all_valid = c.validity().AllValid();
  auto codes = c.codes();
  uint64_t* bits = b.bits.data();
  const size_t wpg = b.words_per_group;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (predicate && !PredicateAt(*predicate, i)) continue;
    const size_t e = !all_valid && c.IsNull(i) ? null_entry : codes[i];
    bits[groups[i] * wpg + e / 64] |= uint64_t{1} << (e % 64);
  }
  return true;
}

void DistinctCountState::SpillGroup(DictionaryEntryBits& from, size_t g,
                                    std::unordered_set<uint64_t>& to) {
  const uint64_t* row = from.bits.data() + g * from.words_per_group;
  for (size_t w = 0; w < from.words_per_group; ++w) {
    for (uint64_t word = row[w]; word != 0; word &= word - 1) {
      to.insert(from.EntryHash(w * 64 + static_cast<size_t>(std::countr_zero(word))));
    }
  }
}

void DistinctCountState::SpillAll() {
  if (!bits_) return;
  GrowTo(sets_, bits_->groups());
  for (size_t g = 0; g < bits_->groups(); ++g) SpillGroup(*bits_, g, sets_[g]);
  bits_.reset();
}

void DistinctCountState::Merge(AggregateState& other, std::span<const uint32_t> into,
                               size_t num_groups) {
  auto& o = static_cast<DistinctCountState&>(other);
  GrowTo(sets_, num_groups);
  if (o.bits_) {
    if (!bits_ && sets_.size() * ((o.bits_->entries() + 63) / 64) * 64 <= kMaxPairBits) {
      bits_.emplace();
      bits_->dictionary = o.bits_->dictionary;
      bits_->words_per_group = o.bits_->words_per_group;
    }
    if (bits_ && bits_->dictionary == o.bits_->dictionary) {
      bits_->GrowTo(num_groups);
      const size_t wpg = bits_->words_per_group;
      for (size_t g = 0; g < o.bits_->groups(); ++g) {
        uint64_t* mine = bits_->bits.data() + into[g] * wpg;
        const uint64_t* theirs = o.bits_->bits.data() + g * wpg;
        for (size_t w = 0; w < wpg; ++w) mine[w] |= theirs[w];
      }
    } else {
      for (size_t g = 0; g < o.bits_->groups(); ++g) SpillGroup(*o.bits_, g, sets_[into[g]]);
    }
  }
  for (size_t g = 0; g < o.sets_.size(); ++g) {
    auto& mine = sets_[into[g]];
    if (mine.empty()) {
      mine = std::move(o.sets_[g]);
    } else {
      mine.insert(o.sets_[g].begin(), o.sets_[g].end());
    }
  }
}

Result<std::vector<ColumnPtr>> DistinctCountState::Finish(size_t num_groups) {
  GrowTo(sets_, num_groups);
  size_t empty_entry = std::string_view::npos;
  if (bits_ && !bits_->EntriesDistinct(&empty_entry)) SpillAll();
  ColumnBuilder b(Type::kLong);
  b.Reserve(num_groups);
  for (size_t g = 0; g < num_groups; ++g) {
    int64_t n;
    if (!bits_ || g >= bits_->groups()) {
      n = static_cast<int64_t>(sets_[g].size());
    } else if (sets_[g].empty()) {  // only bits of distinct entries: count them
      n = 0;
      const uint64_t* row = bits_->bits.data() + g * bits_->words_per_group;
      for (size_t w = 0; w < bits_->words_per_group; ++w) n += std::popcount(row[w]);
      const size_t null_entry = bits_->entries() - 1;
      if (empty_entry != std::string_view::npos && bits_->Test(g, empty_entry) &&
          bits_->Test(g, null_entry)) {
        --n;  // a null row and an "" row are one value
      }
    } else {  // bits and hashes of other values: one set
      SpillGroup(*bits_, g, sets_[g]);
      n = static_cast<int64_t>(sets_[g].size());
    }
    b.AppendLong(n);
  }
  return std::vector<ColumnPtr>{b.Finish()};
}

}  // namespace quarry::kql::fn
