// Expected values from kusto_engine_cases.jsonl (Kusto's own engine) unless noted.
#include <gtest/gtest.h>

#include <numeric>
#include <random>
#include <set>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

using Rows = std::vector<std::vector<Value>>;

TEST(Aggregates, SumAvgCountOverNulls) {
  // datatable(x:int)[ int(null), 1, 2, int(null), 3 ] | summarize sum(x), avg(x), count(), ...
  auto x = Col(Type::kInt, {Null(Type::kInt), I(1), I(2), Null(Type::kInt), I(3)});
  std::vector<uint32_t> one(5, 0);
  EXPECT_EQ(*Aggregate("sum", {x}, one, 1), (Rows{{L(6)}}));
  EXPECT_EQ(*Aggregate("avg", {x}, one, 1), (Rows{{R(2)}}));
  EXPECT_EQ(*Aggregate("count", {}, one, 1), (Rows{{L(5)}}));
  EXPECT_EQ(*Aggregate("make_list", {x}, one, 1), (Rows{{Dyn("[1,2,3]")}}));
  auto nulls = Col(Type::kReal, {Null(Type::kReal), Null(Type::kReal)});
  std::vector<uint32_t> two(2, 0);
  EXPECT_EQ(*Aggregate("sum", {nulls}, two, 1), (Rows{{R(0)}}));
  EXPECT_TRUE(std::isnan((*Aggregate("avg", {nulls}, two, 1))[0][0].real_value()));
  EXPECT_EQ(*Aggregate("min", {nulls}, two, 1), (Rows{{Null(Type::kReal)}}));
}

TEST(Aggregates, GroupsAndConditionals) {
  auto v = Col(Type::kLong, {L(10), L(20), L(30), L(30)});
  auto pred = Col(Type::kBool, {B(true), B(false), B(true), B(true)});
  std::vector<uint32_t> groups = {0, 0, 1, 1};
  EXPECT_EQ(*Aggregate("sum", {v}, groups, 2), (Rows{{L(30)}, {L(60)}}));
  EXPECT_EQ(*Aggregate("countif", {pred}, groups, 2), (Rows{{L(1)}, {L(2)}}));
  EXPECT_EQ(*Aggregate("sumif", {v, pred}, groups, 2), (Rows{{L(10)}, {L(60)}}));
  EXPECT_EQ(*Aggregate("dcount", {v}, groups, 2), (Rows{{L(2)}, {L(1)}}));
  EXPECT_EQ(*Aggregate("make_set", {v}, groups, 2), (Rows{{Dyn("[10,20]")}, {Dyn("[30]")}}));
  EXPECT_EQ(*Aggregate("make_list", {v}, groups, 2),
            (Rows{{Dyn("[10,20]")}, {Dyn("[30,30]")}}));
  EXPECT_EQ(*Aggregate("max", {v}, groups, 2), (Rows{{L(20)}, {L(30)}}));
}

// dcount over a dictionary-encoded column (how stored strings arrive) counts what the same
// values count as plain strings, and its partial states merge with plain ones.
TEST(Aggregates, DcountOverDictionaryCodesEqualsPlainStrings) {
  auto dict = Col(Type::kString, {S("alice"), S("bob"), S(""), S("carol")});
  std::vector<uint32_t> codes = {0, 1, 0, 2, 3, 1, 0, 3};
  ColumnPtr coded = Column::MakeDictionary(Type::kString, dict, codes, Validity());
  std::vector<Value> plain_values;
  for (uint32_t c : codes) plain_values.push_back(dict->GetValue(c));
  auto plain = Col(Type::kString, plain_values);
  auto pred = Col(Type::kBool, {B(true), B(true), B(true), B(false), B(true), B(false), B(true),
                                B(true)});
  std::vector<uint32_t> groups = {0, 0, 1, 1, 1, 2, 2, 2};
  // group 0: alice, bob; group 1: alice, "", carol; group 2: bob, alice, carol
  EXPECT_EQ(*Aggregate("dcount", {coded}, groups, 3), (Rows{{L(2)}, {L(3)}, {L(3)}}));
  EXPECT_EQ(*Aggregate("dcount", {coded}, groups, 3), *Aggregate("dcount", {plain}, groups, 3));
  // dcountif drops rows 3 ("") and 5 (bob)
  EXPECT_EQ(*Aggregate("dcountif", {coded, pred}, groups, 3), (Rows{{L(2)}, {L(2)}, {L(2)}}));

  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate("dcount");
  ASSERT_NE(binder, nullptr);
  auto binding = (*binder)(std::vector<ArgInfo>{ArgInfo{Type::kString, std::nullopt}});
  ASSERT_TRUE(binding.ok());
  auto a = binding->make_state(), b = binding->make_state();
  std::vector<Datum> from_codes = {Datum::Of(coded)};
  std::vector<Datum> from_text = {Datum::Of(Col(Type::kString, {S("bob"), S("dave")}))};
  std::vector<uint32_t> all_zero(8, 0), two_zero = {0, 0};
  a->Update(from_codes, all_zero, 1);
  b->Update(from_text, two_zero, 1);
  std::vector<uint32_t> into = {0};
  a->Merge(*b, into, 1);
  auto cols = a->Finish(1);
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ((*cols)[0]->GetValue(0), L(5));  // alice, bob, "", carol + dave
}

// dcount over dictionary codes counts (group, entry) bits, then merges partial states by OR-ing
// them. It must count what a set of the strings counts, whatever the dictionary looks like:
// repeated entries, an "" entry beside null rows (one value), states over other dictionaries
// or plain strings merged in, and partial states over slices of one column.
TEST(Aggregates, DcountOverDictionaryCodesMatchesASetOfStringsInEveryShape) {
  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate("dcount");
  ASSERT_NE(binder, nullptr);
  auto binding = (*binder)(std::vector<ArgInfo>{ArgInfo{Type::kString, std::nullopt}});
  ASSERT_TRUE(binding.ok());
  std::mt19937 rng(11);
  for (int trial = 0; trial < 40; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    // A dictionary with "" and (in odd trials) repeated entries.
    std::vector<Value> entries = {S(""), S("a"), S("b"), S("c"), S("d")};
    if (trial % 2) entries.push_back(S("b"));
    auto dict = Col(Type::kString, entries);
    const size_t rows = 50 + rng() % 50, num_groups = 1 + rng() % 4;
    std::vector<uint32_t> codes(rows), groups(rows);
    Validity validity;
    std::vector<std::set<std::string>> want(num_groups);
    for (size_t i = 0; i < rows; ++i) {
      codes[i] = static_cast<uint32_t>(rng() % entries.size());
      groups[i] = static_cast<uint32_t>(rng() % num_groups);
      bool null = rng() % 6 == 0;
      if (null) validity.SetNull(i, rows);
      want[groups[i]].insert(null ? "" : entries[codes[i]].ToString());
    }
    ColumnPtr coded = Column::MakeDictionary(Type::kString, dict, codes, validity);
    // Partial states over consecutive slices, merged in order; one slice arrives as plain text.
    std::vector<std::unique_ptr<AggregateState>> parts;
    const size_t cut1 = rows / 3, cut2 = 2 * rows / 3;
    auto part = [&](size_t from, size_t to, bool as_plain) {
      ColumnPtr slice = Column::Slice(*coded, from, to - from);
      if (as_plain) {
        std::vector<Value> values;
        for (size_t i = 0; i < slice->size(); ++i) values.push_back(slice->GetValue(i));
        slice = Col(Type::kString, values);
      }
      auto state = binding->make_state();
      std::vector<Datum> args = {Datum::Of(slice)};
      std::vector<uint32_t> g(groups.begin() + static_cast<ptrdiff_t>(from),
                              groups.begin() + static_cast<ptrdiff_t>(to));
      state->Update(args, g, num_groups);
      parts.push_back(std::move(state));
    };
    part(0, cut1, false);
    part(cut1, cut2, trial % 4 == 3);
    part(cut2, rows, false);
    std::vector<uint32_t> identity(num_groups);
    std::iota(identity.begin(), identity.end(), 0u);
    for (size_t k = 1; k < parts.size(); ++k) parts[0]->Merge(*parts[k], identity, num_groups);
    auto cols = parts[0]->Finish(num_groups);
    ASSERT_TRUE(cols.ok());
    for (size_t g = 0; g < num_groups; ++g) {
      EXPECT_EQ((*cols)[0]->GetValue(g), L(static_cast<int64_t>(want[g].size()))) << "group " << g;
    }
  }
}

TEST(Aggregates, MinMaxOfStringsAndDatetimes) {
  auto s = Col(Type::kString, {S("b"), S("a"), S("c")});
  std::vector<uint32_t> one(3, 0);
  EXPECT_EQ(*Aggregate("min", {s}, one, 1), (Rows{{S("a")}}));
  EXPECT_EQ(*Aggregate("max", {s}, one, 1), (Rows{{S("c")}}));
  auto t = Col(Type::kDatetime, {Dt("2021-01-02"), Dt("2021-01-01")});
  EXPECT_EQ(*Aggregate("max", {t}, {0, 0}, 1), (Rows{{Dt("2021-01-02")}}));
  auto spans = Col(Type::kTimespan, {Ts("1h"), Ts("30m")});
  EXPECT_EQ(*Aggregate("sum", {spans}, {0, 0}, 1), (Rows{{Ts("90m")}}));
}

TEST(Aggregates, ArgMaxReturnsTheRow) {
  // datatable(k, v, t)[1,null,"a", 1,20,"b", 2,null,"c", 2,null,"d"] | summarize arg_max(v, t)
  auto v = Col(Type::kLong, {Null(Type::kLong), L(20), Null(Type::kLong), Null(Type::kLong)});
  auto t = Col(Type::kString, {S("a"), S("b"), S("c"), S("d")});
  std::vector<uint32_t> groups = {0, 0, 1, 1};
  EXPECT_EQ(*Aggregate("arg_max", {v, t}, groups, 2),
            (Rows{{L(20), S("b")}, {Null(Type::kLong), S("c")}}));
  EXPECT_EQ(*Aggregate("arg_min", {v, t}, groups, 2),
            (Rows{{L(20), S("b")}, {Null(Type::kLong), S("c")}}));
}

TEST(Aggregates, MergeCombinesPartialStates) {
  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate("dcount");
  ASSERT_NE(binder, nullptr);
  std::vector<ArgInfo> infos = {ArgInfo{Type::kString, std::nullopt}};
  auto binding = (*binder)(infos);
  ASSERT_TRUE(binding.ok());
  auto a = binding->make_state(), b = binding->make_state();
  std::vector<Datum> in1 = {Datum::Of(Col(Type::kString, {S("x"), S("y")}))};
  std::vector<Datum> in2 = {Datum::Of(Col(Type::kString, {S("y"), S("z"), S("w")}))};
  std::vector<uint32_t> g1 = {0, 0}, g2 = {0, 0, 1};
  a->Update(in1, g1, 1);
  b->Update(in2, g2, 2);
  std::vector<uint32_t> same = {0, 1};
  a->Merge(*b, same, 2);
  auto cols = a->Finish(2);
  ASSERT_TRUE(cols.ok());
  EXPECT_EQ((*cols)[0]->GetValue(0), L(3));
  EXPECT_EQ((*cols)[0]->GetValue(1), L(1));
}

// Partial states of two morsels whose groupers numbered the same keys differently: b's group g
// joins a's group into[g].
TEST(Aggregates, MergeFollowsTheGroupMapping) {
  std::vector<Datum> in1 = {Datum::Of(Col(Type::kString, {S("x"), S("y")}))};
  std::vector<Datum> in2 = {Datum::Of(Col(Type::kString, {S("y"), S("z"), S("w")}))};
  std::vector<uint32_t> g1 = {0, 0}, g2 = {0, 0, 1}, into = {1, 0};
  for (const char* name : {"dcount", "count", "make_list"}) {
    SCOPED_TRACE(name);
    const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate(name);
    ASSERT_NE(binder, nullptr);
    std::vector<ArgInfo> infos = {ArgInfo{Type::kString, std::nullopt}};
    auto binding = (*binder)(infos);
    ASSERT_TRUE(binding.ok());
    EXPECT_TRUE(binding->exact_merge);
    auto a = binding->make_state(), b = binding->make_state();
    a->Update(in1, g1, 1);
    b->Update(in2, g2, 2);
    a->Merge(*b, into, 2);
    auto cols = a->Finish(2);
    ASSERT_TRUE(cols.ok());
    std::string n = name;
    if (n == "dcount") {  // a0 = {x, y} + b1 {w}; a1 = b0 {y, z}
      EXPECT_EQ((*cols)[0]->GetValue(0), L(3));
      EXPECT_EQ((*cols)[0]->GetValue(1), L(2));
    } else if (n == "count") {
      EXPECT_EQ((*cols)[0]->GetValue(0), L(3));
      EXPECT_EQ((*cols)[0]->GetValue(1), L(2));
    } else {  // lists keep row order: a's rows first, then the merged morsel's
      EXPECT_EQ((*cols)[0]->GetValue(0).ToString(), R"(["x","y","w"])");
      EXPECT_EQ((*cols)[0]->GetValue(1).ToString(), R"(["y","z"])");
    }
  }
}

TEST(Aggregates, FloatingPointSumsAreNotMergedExactly) {
  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate("sum");
  ASSERT_NE(binder, nullptr);
  std::vector<ArgInfo> reals = {ArgInfo{Type::kReal, std::nullopt}};
  std::vector<ArgInfo> longs = {ArgInfo{Type::kLong, std::nullopt}};
  EXPECT_FALSE((*binder)(reals)->exact_merge);
  EXPECT_TRUE((*binder)(longs)->exact_merge);
}

TEST(Aggregates, TakeAnyPrefersNonNull) {
  auto x = Col(Type::kString, {S(""), S("v")});
  EXPECT_EQ(*Aggregate("take_any", {x}, {0, 0}, 1), (Rows{{S("v")}}));
}

}  // namespace
}  // namespace quarry::kql::testing
