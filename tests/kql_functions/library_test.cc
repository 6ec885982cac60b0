// Expected values from the Kusto documentation examples (../shared/kql/cases) and
// kusto_engine_cases.jsonl unless noted.
#include <gtest/gtest.h>

#include "function_test_util.h"

namespace quarry::kql::testing {
namespace {

TEST(Math, RoundingAndFunctions) {
  EXPECT_EQ(*Call("abs", {L(-5)}), L(5));
  EXPECT_EQ(*Call("abs", {R(-2.5)}), R(2.5));
  EXPECT_EQ(*Call("round", {R(2.5)}), R(3));
  EXPECT_EQ(*Call("round", {R(-2.5)}), R(-3));
  EXPECT_EQ(*Call("round", {R(1.2345), L(2)}), R(1.23));
  EXPECT_EQ(*Call("sqrt", {L(16)}), R(4));
  EXPECT_EQ(*Call("pow", {L(2), L(10)}), R(1024));
  EXPECT_EQ(*Call("log10", {L(1000)}), R(3));
  EXPECT_EQ(*Call("exp", {L(0)}), R(1));
  EXPECT_EQ(*Call("isnan", {*Call("sqrt", {L(-1)})}), B(true));
  EXPECT_EQ(*Call("max_of", {L(10), L(1), Null(Type::kLong), L(4)}), L(10));
  EXPECT_EQ(*Call("min_of", {L(10), I(1), L(4)}), L(1));
  EXPECT_EQ(*Call("max_of", {S("a"), S("c")}), S("c"));
}

TEST(Codecs, Base64AndUrl) {
  EXPECT_EQ(*Call("base64_decode_tostring", {S("S3VzdG8=")}), S("Kusto"));
  EXPECT_EQ(*Call("base64_decodestring", {S("S3VzdG8=")}), S("Kusto"));
  EXPECT_EQ(*Call("base64_encode_tostring", {S("Kusto")}), S("S3VzdG8="));
  EXPECT_EQ(*Call("base64_encode_tostring", {S("ab")}), S("YWI="));
  EXPECT_EQ(*Call("base64_decode_tostring", {S("!!!")}), S(""));
  EXPECT_EQ(*Call("base64_decode_toarray", {S("S3VzdG8=")}), Dyn("[75,117,115,116,111]"));
  EXPECT_EQ(*Call("url_decode", {S("https%3a%2f%2fwww.bing.com%2f")}),
            S("https://www.bing.com/"));
}

TEST(Codecs, ParseUrlPathCommandLine) {
  EXPECT_EQ(*Call("parse_url",
                  {S("scheme://username:password@host:1234/this/is/a/path?k1=v1&k2=v2#fragment")}),
            Dyn(R"({"Scheme":"scheme","Host":"host","Port":"1234","Path":"this/is/a/path",)"
                R"("Username":"username","Password":"password",)"
                R"("Query Parameters":{"k1":"v1","k2":"v2"},"Fragment":"fragment"})"));
  EXPECT_EQ(*Call("parse_command_line", {S("echo \"hello world!\""), S("windows")}),
            Dyn(R"(["echo","hello world!"])"));
  EXPECT_EQ(*Call("parse_command_line", {S(R"(a "b\"c" d\\e)"), S("windows")}),
            Dyn(R"(["a","b\"c","d\\\\e"])"));
  // Kusto docs: parse_path(@"C:\temp\file.txt").
  EXPECT_EQ(*Call("parse_path", {S(R"(C:\temp\file.txt)")}),
            Dyn(R"({"Scheme":"","RootPath":"C:","DirectoryPath":"C:\\temp","DirectoryName":"temp",)"
                R"("Filename":"file.txt","Extension":"txt","AlternateDataStreamName":""})"));
}

TEST(Ip, Ipv4Functions) {
  EXPECT_EQ(*Call("parse_ipv4", {S("127.0.0.1")}), L(2130706433));
  EXPECT_EQ(*Call("parse_ipv4", {S("192.1.168.1/24")}), L(3221334016));
  EXPECT_EQ(*Call("parse_ipv4", {S("not.an.ip")}), Null(Type::kLong));
  EXPECT_EQ(*Call("format_ipv4", {L(3232236031)}), S("192.168.1.255"));
  EXPECT_EQ(*Call("format_ipv4", {S("192.168.1.255"), L(24)}), S("192.168.1.0"));
  EXPECT_EQ(*Call("format_ipv4_mask", {S("192.168.1.255"), L(24)}), S("192.168.1.0/24"));
  EXPECT_EQ(*Call("ipv4_compare", {S("127.0.0.1"), S("127.0.0.2")}), L(-1));
  EXPECT_EQ(*Call("ipv4_compare", {S("192.168.1.1"), S("192.168.1.255"), L(24)}), L(0));
  EXPECT_EQ(*Call("ipv4_is_match", {S("192.168.1.1/24"), S("192.168.1.255/24")}), B(true));
  EXPECT_EQ(*Call("ipv4_is_in_range", {S("192.168.1.6"), S("192.168.1.1/24")}), B(true));
  EXPECT_EQ(*Call("ipv4_is_in_range", {S("192.168.2.6"), S("192.168.1.1/24")}), B(false));
  EXPECT_EQ(*Call("ipv4_is_private", {S("172.16.5.1")}), B(true));
  EXPECT_EQ(*Call("ipv4_is_private", {S("8.8.8.8")}), B(false));
  EXPECT_EQ(*Call("ipv4_is_in_any_range", {S("10.1.2.3"), Dyn(R"(["192.168.0.0/16","10.0.0.0/8"])")}),
            B(true));
}

TEST(Ip, Ipv6AndSearch) {
  EXPECT_EQ(*Call("ipv6_compare", {S("::ffff:7f00:1"), S("127.0.0.1")}), L(0));
  EXPECT_EQ(*Call("ipv6_compare", {S("fe80::85d:e82c:9446:7994"), S("fe80::85d:e82c:9446:7995")}),
            L(-1));
  EXPECT_EQ(*Call("ipv6_compare",
                  {S("fe80::85d:e82c:9446:7994/127"), S("fe80::85d:e82c:9446:7995/127")}),
            L(0));
  EXPECT_EQ(*Call("has_ipv4", {S("Source: 10.1.2.3:443"), S("10.1.2.3")}), B(true));
  EXPECT_EQ(*Call("has_ipv4", {S("id=10.1.2.34"), S("10.1.2.3")}), B(false));
  EXPECT_EQ(*Call("has_ipv4", {S("v1.10.1.2.3"), S("10.1.2.3")}), B(false));
  EXPECT_EQ(*Call("has_ipv4_prefix", {S("from 192.168.1.7 ok"), S("192.168.")}), B(true));
  EXPECT_EQ(*Call("has_ipv4_prefix", {S("from 192.168.1.7 ok"), S("192.16")}), B(false));
  EXPECT_EQ(*Call("has_any_ipv4", {S("a 1.1.1.1 b"), Dyn(R"(["8.8.8.8","1.1.1.1"])")}), B(true));
}

}  // namespace
}  // namespace quarry::kql::testing

namespace quarry::kql::testing {
namespace {

TEST(Hash, KnownDigests) {
  // FIPS 180-4 / RFC 1321 test vectors.
  EXPECT_EQ(*Call("hash_sha256", {S("abc")}),
            S("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
  EXPECT_EQ(*Call("hash_sha256", {S("")}),
            S("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  EXPECT_EQ(*Call("hash_md5", {S("abc")}), S("900150983cd24fb0d6963f7d28e17f72"));
  EXPECT_EQ(*Call("hash_md5", {S("The quick brown fox jumps over the lazy dog")}),
            S("9e107d9d372bb6826bd81d3542a419d6"));
}

TEST(StatAggregates, VariancePercentileHll) {
  auto x = Col(Type::kLong, {L(1), L(2), L(3), L(4)});
  std::vector<uint32_t> one(4, 0);
  EXPECT_EQ((*Aggregate("variance", {x}, one, 1))[0][0], R(5.0 / 3.0));
  EXPECT_EQ((*Aggregate("variancep", {x}, one, 1))[0][0], R(1.25));
  EXPECT_EQ((*Aggregate("stdevp", {x}, one, 1))[0][0], R(std::sqrt(1.25)));
  const AggregateBinder* binder = FunctionRegistry::Get().FindAggregate("percentiles");
  std::vector<ArgInfo> infos = {{Type::kLong, std::nullopt}, {Type::kLong, L(50)},
                                {Type::kLong, L(100)}};
  auto binding = (*binder)(infos);
  ASSERT_TRUE(binding.ok());
  auto state = binding->make_state();
  std::vector<Datum> in = {Datum::Of(x), Datum::Scalar(L(50)), Datum::Scalar(L(100))};
  state->Update(in, one, 1);
  auto cols = *state->Finish(1);
  EXPECT_EQ(cols[0]->GetValue(0), L(2));
  EXPECT_EQ(cols[1]->GetValue(0), L(4));
  auto s = Col(Type::kString, {S("a"), S("b"), S("a")});
  Value sketch = (*Aggregate("hll", {s}, {0, 0, 0}, 1))[0][0];
  EXPECT_EQ(*Call("dcount_hll", {sketch}), L(2));
}

}  // namespace
}  // namespace quarry::kql::testing
