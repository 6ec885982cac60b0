// Grouper: group ids by key values, for plain and dictionary-encoded string keys alike.
#include "kql/grouper.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>

namespace quarry::kql {
namespace {

ColumnPtr Strings(const std::vector<std::string>& values) {
  ColumnBuilder b(Type::kString);
  for (const auto& v : values) b.AppendString(v);
  return b.Finish();
}

TEST(GrouperTest, FindGivesTheSameIdsForPlainAndDictionaryKeys) {
  Grouper build({Type::kString});
  std::vector<uint32_t> ids;
  std::vector<ColumnPtr> right = {Strings({"host-b", "host-a", ""})};
  build.Add(right, 3, &ids);
  ASSERT_EQ(ids, (std::vector<uint32_t>{0, 1, 2}));

  ColumnPtr dict = Strings({"host-a", "host-z", "host-b", ""});
  std::vector<uint32_t> codes = {0, 1, 2, 0, 3, 2, 1};
  std::vector<ColumnPtr> coded = {Column::MakeDictionary(Type::kString, dict, codes, Validity())};
  std::vector<std::string> text;
  for (uint32_t c : codes) text.emplace_back(dict->str(c));
  std::vector<ColumnPtr> plain = {Strings(text)};

  std::vector<int64_t> from_codes, from_text;
  build.Find(coded, codes.size(), &from_codes);
  build.Find(plain, codes.size(), &from_text);
  EXPECT_EQ(from_codes, (std::vector<int64_t>{1, -1, 0, 1, 2, 0, -1}));
  EXPECT_EQ(from_codes, from_text);
}

// Two keys (an integer and a string) go by a pair of per-key ids. Whatever form the columns
// take, the ids must be the first-appearance numbering of the (value, value) pairs, with a
// null integer a key of its own and a null string the same key as "".
TEST(GrouperTest, TwoKeysNumberPairsInFirstAppearanceOrderAcrossCallsAndMerges) {
  std::mt19937 rng(5);
  const std::vector<std::string> words = {"", "a", "b", "c"};
  for (int trial = 0; trial < 30; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    const size_t rows = 40 + rng() % 40;
    ColumnBuilder longs(Type::kLong);
    std::vector<uint32_t> codes(rows);
    Validity string_nulls;
    std::vector<std::pair<std::optional<int64_t>, std::string>> pairs;
    for (size_t i = 0; i < rows; ++i) {
      std::optional<int64_t> n;
      if (rng() % 8 == 0) {
        longs.AppendNull();
      } else {
        n = static_cast<int64_t>(rng() % 4) * 3600;
        longs.AppendLong(*n);
      }
      codes[i] = static_cast<uint32_t>(rng() % words.size());
      const bool null_string = rng() % 7 == 0;
      if (null_string) string_nulls.SetNull(i, rows);
      pairs.emplace_back(n, null_string ? "" : words[codes[i]]);
    }
    ColumnPtr a = longs.Finish();
    ColumnPtr dict = Strings(words);
    ColumnPtr coded = Column::MakeDictionary(Type::kString, dict, codes, string_nulls);
    ColumnBuilder plain_b(Type::kString);
    for (size_t i = 0; i < rows; ++i) {
      if (coded->IsNull(i)) plain_b.AppendNull();
      else plain_b.AppendString(coded->str(i));
    }
    ColumnPtr plain = plain_b.Finish();
    // The reference numbering.
    std::map<std::pair<std::optional<int64_t>, std::string>, uint32_t> first;
    std::vector<uint32_t> want;
    for (const auto& p : pairs) want.push_back(first.emplace(p, first.size()).first->second);

    const size_t cut = rows / 2;
    auto slice = [](const ColumnPtr& c, size_t from, size_t n) { return Column::Slice(*c, from, n); };
    for (bool dictionary : {true, false}) {
      ColumnPtr b = dictionary ? coded : plain;
      // Two Add calls on one grouper.
      Grouper g({Type::kLong, Type::kString});
      std::vector<uint32_t> ids;
      std::vector<ColumnPtr> head = {slice(a, 0, cut), slice(b, 0, cut)};
      std::vector<ColumnPtr> tail = {slice(a, cut, rows - cut), slice(b, cut, rows - cut)};
      g.Add(head, cut, &ids);
      g.Add(tail, rows - cut, &ids);
      EXPECT_EQ(ids, want);
      EXPECT_EQ(g.num_groups(), first.size());
      // Two groupers merged: the second's groups map onto the first's numbering.
      Grouper g1({Type::kLong, Type::kString}), g2({Type::kLong, Type::kString});
      std::vector<uint32_t> ids1, ids2, mapping;
      g1.Add(head, cut, &ids1);
      g2.Add(tail, rows - cut, &ids2);
      g1.Merge(g2, &mapping);
      for (uint32_t& id : ids2) id = mapping[id];
      ids1.insert(ids1.end(), ids2.begin(), ids2.end());
      EXPECT_EQ(ids1, want);
      // Find: known pairs give their id; an unseen integer or string gives -1.
      std::vector<ColumnPtr> all = {a, b};
      std::vector<int64_t> found;
      g.Find(all, rows, &found);
      EXPECT_EQ(found, std::vector<int64_t>(want.begin(), want.end()));
      ColumnBuilder unseen_long(Type::kLong), unseen_text(Type::kString);
      unseen_long.AppendLong(7);
      unseen_text.AppendString("zzz");
      unseen_long.AppendLong(0);
      unseen_text.AppendString("zzz");
      std::vector<ColumnPtr> unseen = {unseen_long.Finish(), unseen_text.Finish()};
      g.Find(unseen, 2, &found);
      EXPECT_EQ(found, (std::vector<int64_t>{-1, -1}));
    }
  }
}

}  // namespace
}  // namespace quarry::kql
