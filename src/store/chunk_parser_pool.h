// ChunkParserPool: parses chunks of a file's records on worker threads (internal to the store's
// chunked reader). The reader copies a batch's worth of records out of its read buffer into a
// RecordChunk, with the columns known at that moment, submits it, and later waits for it in file
// order; the number of chunks in flight is the reader's to bound.
//
// Thread-safe: Submit and Wait from one (the reader's) thread; the workers are internal.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/record_parser.h"

namespace quarry::store {

struct RecordChunk {
  struct Record {
    size_t begin = 0, end = 0;  // in text
    uint64_t line = 0;          // where the record starts in the file
  };
  std::vector<char> text;  // the records' bytes back to back, then simdjson's padding
  std::vector<Record> records;
  uint64_t bytes = 0;  // bytes of the file the chunk covers (for progress)
  // The columns to parse from (RecordParser::Reset).
  Schema schema;
  size_t declared = 0;
  bool last = false;  // the file ended within this chunk
  // Set by the worker.
  RecordBatch batch;
  bool parsed = false;
};

// Parses every record of `chunk` with `parser` (already Reset) and returns the batch.
RecordBatch ParseChunk(const RecordChunk& chunk, RecordParser* parser);

class ChunkParserPool {
 public:
  ChunkParserPool(const std::string& file, bool csv, std::vector<size_t> csv_columns, int threads);
  ~ChunkParserPool();
  ChunkParserPool(const ChunkParserPool&) = delete;
  ChunkParserPool& operator=(const ChunkParserPool&) = delete;

  void Submit(std::shared_ptr<RecordChunk> chunk);
  // Blocks until `chunk` (submitted before) is parsed.
  void Wait(const RecordChunk& chunk);

 private:
  void Work(RecordParser* parser);

  std::vector<size_t> csv_columns_;
  std::mutex mu_;
  std::condition_variable work_cv_, done_cv_;
  std::deque<std::shared_ptr<RecordChunk>> queue_;
  bool stop_ = false;
  std::vector<std::unique_ptr<RecordParser>> parsers_;
  std::vector<std::thread> threads_;
};

}  // namespace quarry::store
