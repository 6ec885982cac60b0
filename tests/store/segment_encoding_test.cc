// The segment encoder reads a segment's parts in place: a column's rows come from several
// pieces (batch views, copies, parts that lack the column), parts are compressed span by span
// as several zstd frames, and text columns are dictionary-encoded through DictionaryIndex.
// These tests decode what was encoded and compare it with the rows joined the plain way.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "store/column_codec.h"
#include "store/dictionary_index.h"
#include "store/file_loader.h"
#include "store/segment.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

TEST(DictionaryIndex, CodesAreDenseInFirstSeenOrder) {
  DictionaryIndex index(10);
  EXPECT_EQ(index.Insert("b"), 0u);
  EXPECT_EQ(index.Insert("a"), 1u);
  EXPECT_EQ(index.Insert("b"), 0u);
  EXPECT_EQ(index.Insert(""), 2u);
  EXPECT_EQ(index.Insert("a"), 1u);
  ASSERT_EQ(index.entries().size(), 3u);
  EXPECT_EQ(index.entries()[0], "b");
  EXPECT_EQ(index.entries()[1], "a");
  EXPECT_EQ(index.entries()[2], "");
}

TEST(DictionaryIndex, RefusesNewStringsPastTheLimitAndKeepsTheOldOnes) {
  DictionaryIndex index(2);
  EXPECT_EQ(index.Insert("x"), 0u);
  EXPECT_EQ(index.Insert("y"), 1u);
  EXPECT_EQ(index.Insert("z"), DictionaryIndex::kOverLimit);
  EXPECT_EQ(index.Insert("y"), 1u);
  EXPECT_EQ(index.Insert("x"), 0u);
  EXPECT_EQ(index.entries().size(), 2u);
}

TEST(DictionaryIndex, GrowsAndTellsApartStringsThatDifferInOneByteAnywhere) {
  // Lengths 0..40 cover the hash's 16-, 8- and tail-byte steps; each string differs from the
  // others of its length in one byte, at every position in turn.
  std::vector<std::string> strings;
  for (size_t len = 0; len <= 40; ++len) {
    std::string base(len, 'q');
    strings.push_back(base);
    for (size_t at = 0; at < len; ++at) {
      std::string s = base;
      s[at] = 'r';
      strings.push_back(s);
    }
  }
  DictionaryIndex index(strings.size());
  for (size_t i = 0; i < strings.size(); ++i) {
    ASSERT_EQ(index.Insert(strings[i]), i) << "'" << strings[i] << "'";
  }
  for (size_t i = 0; i < strings.size(); ++i) EXPECT_EQ(index.Insert(strings[i]), i);
  EXPECT_EQ(index.entries().size(), strings.size());
  EXPECT_EQ(HashText("abc"), HashText(std::string("abc")));
  EXPECT_NE(HashText(std::string_view("ab\0", 3)), HashText("ab"));
}

ColumnPtr Strings(const std::vector<std::optional<std::string>>& values) {
  ColumnBuilder b(Type::kString);
  for (const auto& v : values) {
    if (v) {
      b.AppendString(*v);
    } else {
      b.AppendNull();
    }
  }
  return b.Finish();
}

// Decodes `encoded` (as a segment reader would: each part joined) into a column of `type`.
ColumnPtr Decode(Type type, size_t rows, const EncodedColumn& encoded) {
  std::vector<std::string> parts;
  for (const auto& p : encoded.parts) parts.push_back(p.Joined());
  ColumnAssembler assembler(type, false);
  Status s = assembler.AppendParts(encoded.encoding, rows, parts);
  EXPECT_TRUE(s.ok()) << s.ToString();
  return assembler.Finish();
}

void ExpectSameValues(const Column& expected, const Column& actual) {
  ASSERT_EQ(expected.size(), actual.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_EQ(expected.GetValue(i), actual.GetValue(i)) << "row " << i;
  }
}

TEST(EncodeColumn, PlainTextPiecesAreViewsOfTheirRowsOnly) {
  // Unique strings: plain. The middle piece is a view into the middle of a larger column, so its
  // offsets do not start at 0 and its text is surrounded by rows that are not its own.
  std::vector<std::optional<std::string>> values;
  for (int i = 0; i < 40; ++i) values.push_back("cmd /c " + std::to_string(i * 7919));
  values[5] = std::nullopt;
  ColumnPtr first = Strings({values.begin(), values.begin() + 10});
  ColumnPtr big = Strings(values);
  ColumnPtr middle = Column::View(big, 10, 20);
  ColumnPtr last = Strings({values.begin() + 30, values.end()});
  std::vector<ColumnPiece> pieces = {{first.get(), 10}, {middle.get(), 20}, {nullptr, 3},
                                     {last.get(), 10}};
  EncodedColumn e = EncodeColumn(Type::kString, pieces);
  EXPECT_EQ(e.encoding, Encoding::kPlain);
  EXPECT_EQ(e.nulls, 4u);  // row 5 and the three rows of the missing piece
  ASSERT_EQ(e.parts.size(), 3u);
  // The chars part holds exactly the rows' bytes, in three spans (the missing piece has none).
  size_t bytes = 0;
  for (int i = 0; i < 40; ++i) bytes += values[i] ? values[i]->size() : 0;
  EXPECT_EQ(e.parts[2].size(), bytes);
  EXPECT_EQ(e.parts[2].spans().size(), 3u);

  std::vector<ColumnPtr> joined = {first, middle, Column::MakeNulls(Type::kString, 3), last};
  ExpectSameValues(*Column::Concat(joined), *Decode(Type::kString, 43, e));
}

TEST(EncodeColumn, RepeatedTextAcrossPiecesIsOneDictionary) {
  std::vector<std::optional<std::string>> a, b;
  for (int i = 0; i < 30; ++i) a.push_back("host-" + std::to_string(i % 3));
  for (int i = 0; i < 30; ++i) b.push_back(i % 10 == 0 ? std::nullopt
                                                       : std::optional<std::string>(
                                                             "host-" + std::to_string(i % 4)));
  ColumnPtr ca = Strings(a), cb = Strings(b);
  // A dictionary-form piece too: its rows are read through its codes.
  ColumnPtr cc = Column::MakeDictionary(Type::kString, Strings({"host-9", "host-0"}),
                                        {1, 0, 1, 1}, Validity());
  std::vector<ColumnPiece> pieces = {{ca.get(), 30}, {nullptr, 2}, {cb.get(), 30}, {cc.get(), 4}};
  EncodedColumn e = EncodeColumn(Type::kString, pieces);
  ASSERT_EQ(e.encoding, Encoding::kDictionary);
  ASSERT_EQ(e.parts.size(), 4u);
  // host-0, host-1, host-2 (piece a), host-3 (piece b), host-9 (piece c): 5 entries, in the order
  // first seen.
  EXPECT_EQ(e.parts[1].size(), 5 * sizeof(uint32_t));
  EXPECT_EQ(e.parts[2].Joined(), "host-0host-1host-2host-3host-9");
  std::vector<ColumnPtr> joined = {ca, Column::MakeNulls(Type::kString, 2), cb, cc};
  ExpectSameValues(*Column::Concat(joined), *Decode(Type::kString, 66, e));
}

TEST(EncodeColumn, MoreDistinctValuesThanAQuarterOfTheRowsStayPlain) {
  // 64 rows allow 17 distinct values in a dictionary: 17 stay a dictionary, 18 do not.
  for (int distinct : {17, 18}) {
    std::vector<std::optional<std::string>> v;
    for (int i = 0; i < 64; ++i) {
      std::string value = "v";
      value += std::to_string(i % distinct);  // (GCC 12 -Wrestrict misfires on "v" + string)
      v.push_back(value);
    }
    ColumnPtr c = Strings(v);
    std::vector<ColumnPiece> pieces = {{c.get(), 64}};
    EncodedColumn e = EncodeColumn(Type::kString, pieces);
    EXPECT_EQ(e.encoding, distinct == 17 ? Encoding::kDictionary : Encoding::kPlain) << distinct;
    ExpectSameValues(*c, *Decode(Type::kString, 64, e));
  }
}

TEST(EncodeColumn, FixedWidthPiecesAndMissingPiecesRoundTrip) {
  ColumnBuilder a(Type::kLong), b(Type::kLong);
  for (int i = 0; i < 5; ++i) a.AppendLong(i * 1000);
  b.AppendNull();
  b.AppendLong(-7);
  ColumnPtr ca = a.Finish(), cb = b.Finish();
  std::vector<ColumnPiece> pieces = {{ca.get(), 5}, {nullptr, 4}, {cb.get(), 2}};
  EncodedColumn e = EncodeColumn(Type::kLong, pieces);
  EXPECT_EQ(e.nulls, 5u);
  ASSERT_EQ(e.parts.size(), 2u);
  EXPECT_EQ(e.parts[1].size(), 11 * sizeof(int64_t));
  std::vector<ColumnPtr> joined = {ca, Column::MakeNulls(Type::kLong, 4), cb};
  ExpectSameValues(*Column::Concat(joined), *Decode(Type::kLong, 11, e));
}

TablePtr MakePart(size_t first, size_t n, bool with_extra) {
  std::vector<Field> fields = {{"TimeGenerated", Type::kDatetime},
                               {"Computer", Type::kString},
                               {"Command", Type::kString},
                               {"Count", Type::kLong}};
  if (with_extra) fields.push_back({"Extra", Type::kDynamic});
  TableBuilder b{Schema(fields)};
  for (size_t k = 0; k < n; ++k) {
    const size_t i = first + k;
    std::vector<Value> row = {Value::Datetime(1'000'000 + static_cast<int64_t>(i)),
                              Value::String("host-" + std::to_string(i % 3)),
                              Value::String("powershell -c " + std::to_string(i * i)),
                              i % 9 == 0 ? Value::Null(Type::kLong)
                                         : Value::Long(static_cast<int64_t>(i))};
    if (with_extra) row.push_back(Value::Dynamic(Json{{"i", i}}));
    b.AppendRow(row);
  }
  return b.Finish();
}

TEST(EncodeSegment, PartsOfDifferentColumnsReadBackAsTheirUnion) {
  // Large enough parts that every text part is compressed, as one frame per part (span).
  TablePtr big = MakePart(0, 3000, false);
  std::vector<TablePtr> parts = {MakePart(0, 1000, false), MakePart(1000, 500, true),
                                 big};
  auto joined = ConcatTables(parts);
  ASSERT_TRUE(joined.ok());
  auto encoded = EncodeSegment(parts, "TimeGenerated");
  ASSERT_TRUE(encoded.ok()) << encoded.status().ToString();
  EXPECT_EQ(encoded->summary.rows, 4500u);
  EXPECT_EQ(encoded->summary.min_time, 1'000'000);
  EXPECT_EQ(encoded->summary.max_time, 1'000'000 + 2999);

  TempDir dir;
  const std::string path = dir.path() + "/seg";
  auto written = WriteEncodedSegment(Env::Default(), path, *encoded);
  ASSERT_TRUE(written.ok()) << written.status().ToString();
  auto file = SegmentFile::Open(Env::Default(), path);
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  EXPECT_EQ((*file)->rows(), 4500u);
  const Table& expected = **joined;
  ASSERT_EQ((*file)->columns().size(), expected.num_columns());
  for (size_t c = 0; c < expected.num_columns(); ++c) {
    const SegmentColumn& column = (*file)->columns()[c];
    EXPECT_EQ(column.name, expected.schema().field(c).name);
    std::vector<std::string> stored;
    Status read = (*file)->ReadParts(column, &stored);
    ASSERT_TRUE(read.ok()) << read.ToString();
    ColumnAssembler assembler(column.type, false);
    ASSERT_TRUE(assembler.AppendParts(column.encoding, 4500, stored).ok()) << column.name;
    ExpectSameValues(*expected.column(c), *assembler.Finish());
  }
  EXPECT_EQ((*file)->FindColumn("Computer")->encoding, Encoding::kDictionary);
  EXPECT_EQ((*file)->FindColumn("Command")->encoding, Encoding::kPlain);
  // The plain text was compressed span by span: its stored part is several zstd frames.
  const SegmentPart& chars = (*file)->FindColumn("Command")->parts[2];
  EXPECT_TRUE(chars.compressed);
  EXPECT_LT(chars.stored_size, chars.raw_size);
}

TEST(EncodeSegment, AColumnWithTwoTypesIsAnError) {
  TablePtr a = MakePart(0, 10, false);
  TableBuilder b{Schema({{"Count", Type::kString}})};
  b.AppendRow({Value::String("seven")});
  auto encoded = EncodeSegment({a, b.Finish()}, "TimeGenerated");
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(encoded.status().message().find("'Count' has two types"), std::string::npos);
}

}  // namespace
}  // namespace quarry::store
