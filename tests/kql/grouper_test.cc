// Grouper: group ids by key values, for plain and dictionary-encoded string keys alike.
#include "kql/grouper.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace quarry::kql
