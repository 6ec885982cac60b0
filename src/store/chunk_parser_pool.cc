#include "store/chunk_parser_pool.h"

namespace quarry::store {

RecordBatch ParseChunk(const RecordChunk& chunk, RecordParser* parser) {
  for (const auto& r : chunk.records) {
    parser->Parse(std::string_view(chunk.text.data() + r.begin, r.end - r.begin), r.line);
  }
  return parser->Finish();
}

ChunkParserPool::ChunkParserPool(const std::string& file, bool csv, std::vector<size_t> csv_columns,
                                 int threads)
    : csv_columns_(std::move(csv_columns)) {
  for (int i = 0; i < threads; ++i) {
    parsers_.push_back(std::make_unique<RecordParser>(file, csv));
  }
  for (auto& p : parsers_) threads_.emplace_back([this, parser = p.get()] { Work(parser); });
}

ChunkParserPool::~ChunkParserPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  work_cv_.notify_all();
  for (auto& t : threads_) t.join();
}

void ChunkParserPool::Submit(std::shared_ptr<RecordChunk> chunk) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(std::move(chunk));
  }
  work_cv_.notify_one();
}

void ChunkParserPool::Wait(const RecordChunk& chunk) {
  std::unique_lock<std::mutex> lock(mu_);
  done_cv_.wait(lock, [&] { return chunk.parsed; });
}

void ChunkParserPool::Work(RecordParser* parser) {
  while (true) {
    std::shared_ptr<RecordChunk> chunk;
    {
      std::unique_lock<std::mutex> lock(mu_);
      work_cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      chunk = std::move(queue_.front());
      queue_.pop_front();
    }
    parser->Reset(chunk->schema, chunk->declared, csv_columns_);
    RecordBatch batch = ParseChunk(*chunk, parser);
    {
      std::lock_guard<std::mutex> lock(mu_);
      chunk->batch = std::move(batch);
      chunk->parsed = true;
    }
    done_cv_.notify_all();
  }
}

}  // namespace quarry::store
