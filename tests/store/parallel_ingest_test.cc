// Parsing on several threads gives exactly what one thread gives: the same batches from the
// reader, and the same tables and quarantine file from an ingest. Small batches put many chunk
// boundaries through files with bad records, CRLF endings, quoted CSV newlines, columns first met
// mid-file and a last line without a newline.
#include <gtest/gtest.h>

#include <fmt/core.h>

#include "store/ingest.h"
#include "store/record_reader.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

std::string DumpTable(const Table& t) {
  std::string out = t.schema().ToString() + "\n";
  for (size_t r = 0; r < t.num_rows(); ++r) {
    for (size_t c = 0; c < t.num_columns(); ++c) {
      out += t.column(c)->IsNull(r) ? "<null>" : t.column(c)->GetValue(r).ToString();
      out += '|';
    }
    out += '\n';
  }
  return out;
}

// Every batch of `path` read with `threads`: schema, rows, rejections, counts.
// The first five records are sampled, so columns met later are added on the way.
std::vector<std::string> ReadAll(const std::string& path, int threads, size_t batch_rows,
                                 uint64_t* bytes_read_at_end) {
  ReaderOptions options;
  options.threads = threads;
  options.batch_rows = batch_rows;
  options.sample_rows = 5;
  auto reader = RecordReader::Open(path, options);
  EXPECT_TRUE(reader.ok()) << reader.status().ToString();
  std::vector<std::string> out;
  if (!reader.ok()) return out;
  while (true) {
    auto batch = (*reader)->Next();
    EXPECT_TRUE(batch.ok()) << batch.status().ToString();
    if (!batch.ok() || !*batch) break;
    std::string text = (*batch)->schema.ToString() + "\n" + DumpTable(*(*batch)->rows);
    for (const auto& r : (*batch)->rejections) {
      text += fmt::format("reject {}:{} [{}] {} <{}>\n", r.file, r.line, r.column, r.reason, r.raw);
    }
    text += fmt::format("bad {} {}\n", (*batch)->bad_records, (*batch)->bad_values);
    out.push_back(std::move(text));
  }
  *bytes_read_at_end = (*reader)->bytes_read();
  return out;
}

// JSON lines, 100 records: 74 good ones, with a column first met in record 23 and another in
// 61, a count that is not a number in every 11th and duplicate keys in a few; 16 broken records
// (pairs, so some sit on either side of a 7-record boundary), 5 arrays and 5 blank lines.
// `crlf` ends lines with CRLF; the last line has no newline.
std::string JsonLines(bool crlf) {
  const char* eol = crlf ? "\r\n" : "\n";
  std::string s;
  for (int i = 0; i < 100; ++i) {
    if (i % 13 == 6 || i % 13 == 7) {
      s += fmt::format("{{\"Count\": {}, broken", i);
    } else if (i % 17 == 0) {
      s += "[1, 2, 3]";
    } else if (i % 19 == 3) {
      s += "   ";
    } else {
      s += fmt::format("{{\"Time\":\"2024-03-0{}T10:00:{:02}Z\",\"Name\":\"n{}\",\"Count\":{}",
                       1 + i % 3, i % 60, i, i % 11 == 0 ? "\"many\"" : std::to_string(i));
      if (i >= 23) s += fmt::format(",\"Late\":\"late{}\"", i);
      if (i >= 61 && i % 2 == 1) s += fmt::format(",\"Later\":{}", i * 1.5);
      if (i % 29 == 5) s += ",\"Name\":\"again\"";
      s += "}";
    }
    if (i < 99) s += eol;
  }
  return s;
}

TEST(ParallelReadTest, JsonLinesBatchesAreTheSameOnOneAndSeveralThreads) {
  TempDir dir;
  for (bool crlf : {false, true}) {
    std::string path = dir.Write(crlf ? "crlf.jsonl" : "lf.jsonl", JsonLines(crlf));
    uint64_t bytes1 = 0, bytes2 = 0, bytes3 = 0;
    auto one = ReadAll(path, 1, 7, &bytes1);
    auto two = ReadAll(path, 2, 7, &bytes2);
    auto three = ReadAll(path, 3, 7, &bytes3);
    ASSERT_EQ(one.size(), 15u);  // 100 records, 7 a batch
    EXPECT_EQ(one, two);
    EXPECT_EQ(one, three);
    EXPECT_EQ(bytes1, JsonLines(crlf).size());
    EXPECT_EQ(bytes2, bytes1);
    // The last record (99, no newline) is read whole, CR-free, on its own line.
    EXPECT_NE(one.back().find("|n99|"), std::string::npos) << one.back();
    EXPECT_EQ(one.back().find('\r'), std::string::npos);
    // A broken line on either side of a boundary keeps its line: records 6 and 7 (lines 7, 8).
    EXPECT_NE(one[0].find(":7 [] broken JSON"), std::string::npos) << one[0];
    EXPECT_NE(one[1].find(":8 [] broken JSON"), std::string::npos) << one[1];
  }
}

TEST(ParallelReadTest, ColumnsFirstMetInALaterChunkComeInTheSameOrder) {
  TempDir dir;
  std::string path = dir.Write("late.jsonl", JsonLines(false));
  uint64_t bytes = 0;
  auto two = ReadAll(path, 2, 7, &bytes);
  ASSERT_FALSE(two.empty());
  // Late is first met in record 23, Later in 61 (a real), after the sampled five.
  EXPECT_EQ(two.back().substr(0, two.back().find('\n')),
            "(Time:datetime, Name:string, Count:long, Late:string, Later:real)");
}

TEST(ParallelReadTest, ColumnsMetAfterTheSampleAreAddedInFileOrder) {
  TempDir dir;
  // A one-record sample; columns B (record 9) and C (record 3) appear mid-file, so chunks
  // parsed ahead from stale columns must be parsed again.
  std::string text;
  for (int i = 0; i < 40; ++i) {
    text += fmt::format("{{\"A\":{}", i);
    if (i >= 9) text += fmt::format(",\"B\":\"b{}\"", i);
    if (i >= 3 && i % 5 == 3) text += fmt::format(",\"C\":{}", i % 2 == 0);
    text += "}\n";
  }
  std::string path = dir.Write("grow.jsonl", text);
  ReaderOptions options;
  options.sample_rows = 1;
  options.batch_rows = 4;
  std::vector<std::string> dumps[2];
  for (int t : {1, 2}) {
    options.threads = t;
    auto reader = RecordReader::Open(path, options);
    ASSERT_TRUE(reader.ok());
    while (true) {
      auto batch = (*reader)->Next();
      ASSERT_TRUE(batch.ok());
      if (!*batch) break;
      dumps[t - 1].push_back((*batch)->schema.ToString() + DumpTable(*(*batch)->rows));
    }
  }
  ASSERT_EQ(dumps[0].size(), 10u);
  EXPECT_EQ(dumps[0], dumps[1]);
  EXPECT_EQ(dumps[1].back().substr(0, dumps[1].back().find(')') + 1), "(A:long, C:bool, B:string)");
}

// CSV: quoted fields with commas, doubled quotes and newlines inside, rows with the wrong number
// of fields, CRLF endings, no final newline.
std::string Csv(bool crlf) {
  const char* eol = crlf ? "\r\n" : "\n";
  std::string s = std::string("Time,Name,Count,Note") + eol;
  for (int i = 0; i < 60; ++i) {
    if (i % 11 == 4) {
      s += fmt::format("2024-03-01T10:00:00Z,short{}", i);
    } else if (i % 7 == 2) {
      s +=
          fmt::format("2024-03-01T10:{:02}:00Z,\"n,{}\",{},\"two{}lines \"\"q\"\"\"", i, i, i, eol);
    } else {
      s += fmt::format("2024-03-02T11:{:02}:00Z,n{},{},plain", i, i,
                       i % 9 == 0 && i > 0 ? "x" : std::to_string(i));
    }
    if (i < 59) s += eol;
  }
  return s;
}

TEST(ParallelReadTest, CsvBatchesAreTheSameOnOneAndSeveralThreads) {
  TempDir dir;
  for (bool crlf : {false, true}) {
    std::string path = dir.Write(crlf ? "crlf.csv" : "lf.csv", Csv(crlf));
    uint64_t bytes1 = 0, bytes2 = 0;
    auto one = ReadAll(path, 1, 5, &bytes1);
    auto two = ReadAll(path, 2, 5, &bytes2);
    ASSERT_EQ(one.size(), 12u);
    EXPECT_EQ(one, two);
    EXPECT_EQ(bytes2, Csv(crlf).size());
    // Row i starts on line 2 + i + (quoted rows before it, each one line longer): row 15 (the
    // bad one at i % 11 == 4) follows rows 2 and 9, so it is on line 2 + 15 + 2 = 19.
    EXPECT_NE(
        one[3].find(
            ":19 [] expected 4 fields (as in the header), found 2 <2024-03-01T10:00:00Z,short15>"),
        std::string::npos)
        << one[3];
  }
}

// An ingest with one thread and one with two make the same tables and quarantine file.
TEST(ParallelIngestTest, TablesAndQuarantineAreTheSameOnOneAndTwoThreads) {
  TempDir dir;
  std::vector<std::string> files = {dir.Write("a.jsonl", JsonLines(true)),
                                    dir.Write("b.csv", Csv(false))};
  std::string quarantine[2];
  std::string tables[2];
  for (int t : {1, 2}) {
    auto ws = Workspace::Open(dir.path() + "/ws" + std::to_string(t), true);
    ASSERT_TRUE(ws.ok());
    IngestOptions options;
    options.table = "Custom_CL";
    options.batch_rows = 6;
    options.threads = t;
    auto summary = IngestFiles(**ws, files, options);
    ASSERT_TRUE(summary.ok()) << summary.status().ToString();
    EXPECT_EQ(summary->files[0].rows, 74u);
    auto text = ReadWholeFile(Env::Default(), summary->quarantine_path);
    ASSERT_TRUE(text.ok());
    quarantine[t - 1] = *text;
    ReadOptions read;
    read.columns = {"Time", "Name", "Count", "Note", "Late", "Later", "_ItemId"};
    auto rows = (*ws)->Read("Custom_CL", read, nullptr);
    ASSERT_TRUE(rows.ok()) << rows.status().ToString();
    tables[t - 1] = DumpTable(**rows);
  }
  EXPECT_EQ(quarantine[0], quarantine[1]);
  EXPECT_EQ(tables[0], tables[1]);
  EXPECT_NE(quarantine[0].find("\"line\":8,\"reason\":\"broken JSON"), std::string::npos)
      << quarantine[0];
}

}  // namespace
}  // namespace quarry::store
