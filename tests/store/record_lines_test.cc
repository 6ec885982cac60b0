// The line a rejected record starts on is counted while records are split (JSON lines: one line
// each; CSV: one more for every newline inside quotes), not by a second pass over the bytes.
// These files put CRLF endings, blank lines, quoted newlines and a last line without a newline
// before bad records, and check the lines on one thread and on several with small batches.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "store/record_reader.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

// The (line, raw) of every rejected record of `path`.
std::vector<std::pair<uint64_t, std::string>> RejectedLines(const std::string& path, int threads) {
  ReaderOptions options;
  options.threads = threads;
  options.batch_rows = 2;
  auto reader = RecordReader::Open(path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::pair<uint64_t, std::string>> out;
  if (!reader.ok()) return out;
  while (true) {
    auto batch = (*reader)->Next();
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok() || !*batch) break;
    for (const auto& r : (*batch)->rejections) {
      if (r.column.empty()) out.emplace_back(r.line, r.raw);
    }
  }
  return out;
}

TEST(RecordLines, JsonLinesWithCrlfBlankLinesAndNoFinalNewline) {
  TempDir dir;
  std::string path = dir.Write("events.jsonl",
                               "{\"DeviceName\":\"a\",\"ProcessId\":1}\r\n"  // line 1
                               "\r\n"                                        // 2: blank
                               "{\"DeviceName\":\"b\",\"ProcessId\":2}\r\n"  // 3
                               "{broken\r\n"                                 // 4
                               "\n"                                          // 5: blank
                               "{\"DeviceName\":\"c\",\"ProcessId\":3}\n"    // 6
                               "[1,2]\n"                                     // 7: not an object
                               "{\"DeviceName\":\"d\",\"ProcessId\":4}\n"    // 8
                               "{\"DeviceName\":");                          // 9, no newline
  for (int threads : {1, 3}) {
    auto rejected = RejectedLines(path, threads);
    ASSERT_EQ(rejected.size(), 3u) << threads << " threads";
    EXPECT_EQ(rejected[0], std::make_pair(uint64_t{4}, std::string("{broken")));
    EXPECT_EQ(rejected[1], std::make_pair(uint64_t{7}, std::string("[1,2]")));
    EXPECT_EQ(rejected[2], std::make_pair(uint64_t{9}, std::string("{\"DeviceName\":")));
  }
}

TEST(RecordLines, CsvRecordsSpanningLinesMoveTheLinesAfterThem) {
  TempDir dir;
  std::string path = dir.Write("events.csv",
                               "DeviceName,ProcessId,Command\r\n"          // line 1: header
                               "a,1,\"three\r\nline\r\ncommand\"\r\n"      // 2-4
                               "b,2\r\n"                                   // 5: too few fields
                               "c,3,\"x\"\"\ny\"\n"                        // 6-7
                               "\n"                                        // 8: blank
                               "d,4,plain,extra\n"                         // 9: too many
                               "e,\"5\n6\"");                               // 10-11: too few, at the end
  for (int threads : {1, 3}) {
    auto rejected = RejectedLines(path, threads);
    ASSERT_EQ(rejected.size(), 3u) << threads << " threads";
    EXPECT_EQ(rejected[0].first, 5u);
    EXPECT_EQ(rejected[0].second, "b,2");
    EXPECT_EQ(rejected[1].first, 9u);
    EXPECT_EQ(rejected[1].second, "d,4,plain,extra");
    EXPECT_EQ(rejected[2].first, 10u);
    EXPECT_EQ(rejected[2].second, "e,\"5\n6\"");
  }
}

}  // namespace
}  // namespace quarry::store
