#include "store/chunked_reader.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>

#include <fmt/core.h>
#include <simdjson.h>

#include "store/chunk_parser_pool.h"
#include "store/json_value.h"
#include "store/record_parser.h"
#include "store/value_text.h"

namespace quarry::store {
namespace {

constexpr size_t kInitialBuffer = 4 << 20;

enum class Split { kRecord, kNeedMore, kEnd };

constexpr uint64_t kLinesUncounted = UINT64_MAX;

struct Span {
  size_t begin = 0, end = 0, next = 0;
  // Line breaks in [begin, next), when the splitter counted them on its way (a second pass over
  // every byte only to count lines cost as much as splitting).
  uint64_t lines = kLinesUncounted;
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Column names seen in sampled records, first-seen order, with merged inferred types.
class SampleSchema {
 public:
  void See(std::string_view name, std::optional<Type> type) {
    auto it = index_.find(std::string(name));
    if (it == index_.end()) {
      index_.emplace(std::string(name), names_.size());
      names_.emplace_back(name);
      types_.push_back(type);
      return;
    }
    auto& t = types_[it->second];
    if (!type) return;
    t = t ? MergeInferredTypes(*t, *type) : *type;
  }
  Schema ToSchema() const {
    Schema s;
    for (size_t i = 0; i < names_.size(); ++i) {
      s.Add(Field{names_[i], types_[i].value_or(Type::kString)});
    }
    return s;
  }

 private:
  std::unordered_map<std::string, size_t> index_;
  std::vector<std::string> names_;
  std::vector<std::optional<Type>> types_;
};

class ChunkedReader : public RecordReader {
 public:
  ChunkedReader(const std::string& path, std::unique_ptr<SequentialFile> file, uint64_t file_size,
                FileFormat format, const ReaderOptions& options)
      : path_(path),
        file_(std::move(file)),
        file_size_(file_size),
        format_(format),
        options_(options),
        main_(path, format == FileFormat::kCsv) {}

  Status Init();

  FileFormat format() const override { return format_; }
  const Schema& sample_schema() const override { return sample_schema_; }
  std::optional<std::string> sample_table_type() const override { return sample_type_; }
  void SetSchema(const Schema& schema) override;
  Result<std::optional<RecordBatch>> Next() override;
  uint64_t bytes_read() const override { return pool_ ? delivered_ : consumed_; }
  uint64_t file_size() const override { return file_size_; }

 private:
  size_t capacity() const { return buf_.size() - simdjson::SIMDJSON_PADDING; }
  const char* at(size_t i) const { return buf_.data() + i; }
  Status Fill();
  Split SplitNext(size_t pos, Span* span) const;
  Split SplitLine(size_t pos, Span* span) const;
  Split SplitArrayElement(size_t pos, Span* span) const;
  Split SplitCsvRow(size_t pos, Span* span) const;
  size_t ScanJsonValue(size_t pos) const;  // end of the value starting at pos, or npos
  uint64_t CountLines(size_t from, size_t to) const {
    return static_cast<uint64_t>(std::count(at(from), at(to), '\n'));
  }
  void Consume(const Span& span, uint64_t record_line) {
    line_ = record_line +
            (span.lines == kLinesUncounted ? CountLines(span.begin, span.next) : span.lines);
    consumed_ += span.next - begin_;
    begin_ = span.next;
  }
  void SampleJson(std::string_view record, SampleSchema* sample);
  void SampleCsv(std::string_view record, SampleSchema* sample);
  void SplitCsvFields(std::string_view record) {
    store::SplitCsvFields(record, &csv_fields_, &csv_scratch_);
  }
  Result<std::optional<RecordBatch>> NextSerial();
  Result<std::optional<RecordBatch>> NextParallel();
  // Copies the next batch_rows records into a chunk for the pool; false at the end of the file.
  Result<bool> Dispatch();

  std::string path_;
  std::unique_ptr<SequentialFile> file_;
  uint64_t file_size_;
  FileFormat format_;
  ReaderOptions options_;

  std::vector<char> buf_;
  size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
  bool finished_ = false;
  uint64_t line_ = 1;  // line number at begin_
  uint64_t consumed_ = 0;
  size_t sampled_record_bytes_ = 0;  // average size of the records sampled by Init

  simdjson::dom::parser sample_parser_;
  RecordParser main_;  // parses serially, and again any chunk parsed from stale columns
  size_t declared_ = 0;
  bool schema_set_ = false;
  Schema sample_schema_;
  std::optional<std::string> sample_type_;

  std::unique_ptr<ChunkParserPool> pool_;  // null: one thread
  std::deque<std::shared_ptr<RecordChunk>> in_flight_;
  std::vector<std::shared_ptr<RecordChunk>> spare_;
  bool dispatched_all_ = false;
  uint64_t delivered_ = 0;  // bytes of the chunks returned so far

  std::vector<std::string> csv_header_;
  std::vector<size_t> csv_columns_;
  std::vector<std::string_view> csv_fields_;
  std::deque<std::string> csv_scratch_;
};

Status ChunkedReader::Fill() {
  if (begin_ > 0) {
    std::memmove(buf_.data(), at(begin_), end_ - begin_);
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == capacity()) buf_.resize(capacity() * 2 + simdjson::SIMDJSON_PADDING);
  QUARRY_ASSIGN_OR_RETURN(size_t n, file_->Read(buf_.data() + end_, capacity() - end_));
  if (n == 0) eof_ = true;
  end_ += n;
  return Status::Ok();
}

Status ChunkedReader::Init() {
  buf_.resize(kInitialBuffer + simdjson::SIMDJSON_PADDING);
  while (!eof_ && end_ < capacity()) QUARRY_RETURN_IF_ERROR(Fill());
  if (end_ >= 3 && std::memcmp(at(0), "\xEF\xBB\xBF", 3) == 0) {
    begin_ = 3;
    consumed_ = 3;
  }
  if (format_ == FileFormat::kJsonArray) {
    size_t pos = begin_;
    while (pos < end_ && IsBlank(buf_[pos])) ++pos;
    if (pos >= end_ || buf_[pos] != '[') {
      return InvalidArgument("'" + path_ + "' does not start with '[' (expected a JSON array)");
    }
    Span span{pos, pos, pos + 1};
    Consume(span, line_ + CountLines(begin_, pos));
  }
  SampleSchema sample;
  if (format_ == FileFormat::kCsv) {
    Span span;
    while (SplitCsvRow(begin_, &span) == Split::kRecord) {
      std::string_view header(at(span.begin), span.end - span.begin);
      uint64_t line = line_ + CountLines(begin_, span.begin);
      Consume(span, line);
      if (AllBlank(header)) continue;
      SplitCsvFields(header);
      for (std::string_view f : csv_fields_) {
        std::string name(f);
        while (std::find(csv_header_.begin(), csv_header_.end(), name) != csv_header_.end()) {
          name += "_";
        }
        if (name.empty()) name = "Column" + std::to_string(csv_header_.size() + 1);
        csv_header_.push_back(name);
        sample.See(name, std::nullopt);
      }
      break;
    }
  }
  size_t pos = begin_;
  size_t sampled = 0;
  for (size_t n = 0; n < options_.sample_rows; ++n) {
    Span span;
    if (SplitNext(pos, &span) != Split::kRecord) break;
    ++sampled;
    std::string_view record(at(span.begin), span.end - span.begin);
    if (format_ == FileFormat::kCsv) {
      SampleCsv(record, &sample);
    } else {
      SampleJson(record, &sample);
    }
    pos = span.next;
  }
  if (sampled > 0) sampled_record_bytes_ = (pos - begin_) / sampled;
  sample_schema_ = sample.ToSchema();
  return Status::Ok();
}

void ChunkedReader::SampleJson(std::string_view record, SampleSchema* sample) {
  simdjson::dom::element doc;
  if (sample_parser_.parse(record.data(), record.size(), false).get(doc) != simdjson::SUCCESS) {
    return;
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj) != simdjson::SUCCESS) return;
  for (auto field : obj) {
    sample->See(field.key, InferJsonType(field.value));
    if (!sample_type_ && field.key == "Type" && field.value.is_string()) {
      sample_type_ = std::string(field.value.get_string().value_unsafe());
    }
  }
}

void ChunkedReader::SampleCsv(std::string_view record, SampleSchema* sample) {
  if (AllBlank(record)) return;
  SplitCsvFields(record);
  if (csv_fields_.size() != csv_header_.size()) return;
  for (size_t i = 0; i < csv_fields_.size(); ++i) {
    sample->See(csv_header_[i], InferTextType(csv_fields_[i]));
    if (!sample_type_ && csv_header_[i] == "Type" && !csv_fields_[i].empty()) {
      sample_type_ = std::string(csv_fields_[i]);
    }
  }
}

void ChunkedReader::SetSchema(const Schema& schema) {
  BatchBuilder& builder = main_.builder();
  builder.SetSchema(schema);
  declared_ = builder.schema().size();
  for (const auto& f : sample_schema_.fields()) {
    if (!builder.Find(f.name)) builder.AddColumn(f.name, f.type);
  }
  csv_columns_.clear();
  for (const auto& name : csv_header_) csv_columns_.push_back(*builder.Find(name));
  Schema columns = builder.schema();
  main_.Reset(columns, declared_, csv_columns_);
  delivered_ = consumed_;
  if (options_.threads > 1) {
    pool_ = std::make_unique<ChunkParserPool>(path_, format_ == FileFormat::kCsv, csv_columns_,
                                              options_.threads);
  }
  schema_set_ = true;
}

Split ChunkedReader::SplitNext(size_t pos, Span* span) const {
  switch (format_) {
    case FileFormat::kJsonArray:
      return SplitArrayElement(pos, span);
    case FileFormat::kCsv:
      return SplitCsvRow(pos, span);
    default:
      return SplitLine(pos, span);
  }
}

Split ChunkedReader::SplitLine(size_t pos, Span* span) const {
  if (pos >= end_) return eof_ ? Split::kEnd : Split::kNeedMore;
  const void* nl = std::memchr(at(pos), '\n', end_ - pos);
  if (nl == nullptr) {
    if (!eof_) return Split::kNeedMore;
    *span = Span{pos, end_, end_, 0};
  } else {
    size_t e = static_cast<size_t>(static_cast<const char*>(nl) - buf_.data());
    *span = Span{pos, e, e + 1, 1};
  }
  if (span->end > span->begin && buf_[span->end - 1] == '\r') --span->end;
  return Split::kRecord;
}

Split ChunkedReader::SplitCsvRow(size_t pos, Span* span) const {
  if (pos >= end_) return eof_ ? Split::kEnd : Split::kNeedMore;
  size_t from = pos;
  size_t quotes = 0;
  uint64_t lines = 0;
  while (true) {
    const void* nl = std::memchr(at(from), '\n', end_ - from);
    size_t e = nl ? static_cast<size_t>(static_cast<const char*>(nl) - buf_.data()) : end_;
    quotes += static_cast<size_t>(std::count(at(from), at(e), '"'));
    if (nl == nullptr) {
      if (!eof_) return Split::kNeedMore;
      *span = Span{pos, end_, end_, lines};
      break;
    }
    ++lines;
    if (quotes % 2 == 0) {
      *span = Span{pos, e, e + 1, lines};
      break;
    }
    from = e + 1;
  }
  if (span->end > span->begin && buf_[span->end - 1] == '\r') --span->end;
  return Split::kRecord;
}

size_t ChunkedReader::ScanJsonValue(size_t pos) const {
  char c = buf_[pos];
  if (c == '{' || c == '[' || c == '"') {
    int depth = 0;
    bool in_string = false;
    for (size_t i = pos; i < end_; ++i) {
      char ch = buf_[i];
      if (in_string) {
        if (ch == '\\') {
          ++i;
        } else if (ch == '"') {
          in_string = false;
          if (depth == 0) return i + 1;
        }
      } else if (ch == '"') {
        in_string = true;
      } else if (ch == '{' || ch == '[') {
        ++depth;
      } else if (ch == '}' || ch == ']') {
        if (--depth == 0) return i + 1;
      }
    }
    return std::string_view::npos;
  }
  for (size_t i = pos; i < end_; ++i) {
    char ch = buf_[i];
    if (ch == ',' || ch == ']' || IsBlank(ch)) return i;
  }
  return std::string_view::npos;
}

Split ChunkedReader::SplitArrayElement(size_t pos, Span* span) const {
  while (pos < end_ && (IsBlank(buf_[pos]) || buf_[pos] == ',')) ++pos;
  if (pos >= end_) return eof_ ? Split::kEnd : Split::kNeedMore;
  if (buf_[pos] == ']') return Split::kEnd;
  size_t e = ScanJsonValue(pos);
  if (e == std::string_view::npos) {
    if (!eof_) return Split::kNeedMore;
    e = end_;
  }
  *span = Span{pos, e, e};
  return Split::kRecord;
}

Result<std::optional<RecordBatch>> ChunkedReader::Next() {
  if (!schema_set_) SetSchema(sample_schema_);
  return pool_ ? NextParallel() : NextSerial();
}

Result<std::optional<RecordBatch>> ChunkedReader::NextSerial() {
  size_t records = 0;
  while (!finished_ && records < options_.batch_rows) {
    Span span;
    Split r = SplitNext(begin_, &span);
    if (r == Split::kNeedMore) {
      QUARRY_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (r == Split::kEnd) {
      finished_ = true;
      consumed_ = file_size_;
      break;
    }
    uint64_t line = line_ + CountLines(begin_, span.begin);
    main_.Parse(std::string_view(at(span.begin), span.end - span.begin), line);
    Consume(span, line);
    ++records;
  }
  RecordBatch batch = main_.Finish();
  if (finished_ && batch.rows->num_rows() == 0 && batch.rejections.empty()) {
    return std::optional<RecordBatch>();
  }
  return std::optional<RecordBatch>(std::move(batch));
}

Result<bool> ChunkedReader::Dispatch() {
  std::shared_ptr<RecordChunk> chunk;
  if (spare_.empty()) {
    chunk = std::make_shared<RecordChunk>();
  } else {
    chunk = std::move(spare_.back());
    spare_.pop_back();
  }
  if (chunk->records.capacity() == 0) {
    // A new chunk: sized for a batch of records like the sampled ones (and an eighth more), so
    // that it is not grown by doubling (copying and faulting in pages again) while filled.
    chunk->records.reserve(options_.batch_rows);
    chunk->text.reserve(sampled_record_bytes_ * options_.batch_rows / 8 * 9 +
                        simdjson::SIMDJSON_PADDING);
  }
  uint64_t consumed_before = consumed_;
  while (!finished_ && chunk->records.size() < options_.batch_rows) {
    Span span;
    Split r = SplitNext(begin_, &span);
    if (r == Split::kNeedMore) {
      QUARRY_RETURN_IF_ERROR(Fill());
      continue;
    }
    if (r == Split::kEnd) {
      finished_ = true;
      break;
    }
    uint64_t line = line_ + CountLines(begin_, span.begin);
    size_t offset = chunk->text.size();
    chunk->text.insert(chunk->text.end(), at(span.begin), at(span.end));
    chunk->records.push_back(RecordChunk::Record{offset, chunk->text.size(), line});
    Consume(span, line);
  }
  if (chunk->records.empty()) return false;
  chunk->text.resize(chunk->text.size() + simdjson::SIMDJSON_PADDING, '\0');
  chunk->bytes = consumed_ - consumed_before;
  chunk->schema = main_.schema();
  chunk->declared = declared_;
  chunk->last = finished_;
  in_flight_.push_back(chunk);
  pool_->Submit(std::move(chunk));
  return true;
}

// Chunks are parsed ahead on the pool from the columns known when they were cut. The schema only
// grows, so a chunk whose columns are as many as the reader's now was parsed from the same
// columns, and its batch is the one a single thread would make; otherwise (a column first met in
// an earlier chunk still in flight) the chunk is parsed again here.
Result<std::optional<RecordBatch>> ChunkedReader::NextParallel() {
  const size_t max_in_flight = static_cast<size_t>(options_.threads) + 1;
  while (!dispatched_all_ && in_flight_.size() < max_in_flight) {
    QUARRY_ASSIGN_OR_RETURN(bool more, Dispatch());
    if (!more) dispatched_all_ = true;
  }
  if (in_flight_.empty()) {
    delivered_ = file_size_;
    return std::optional<RecordBatch>();
  }
  std::shared_ptr<RecordChunk> chunk = std::move(in_flight_.front());
  in_flight_.pop_front();
  pool_->Wait(*chunk);
  RecordBatch batch;
  const bool last = chunk->last;
  if (chunk->schema.size() == main_.schema().size()) {
    batch = std::move(chunk->batch);
    for (size_t c = main_.schema().size(); c < batch.schema.size(); ++c) {
      main_.builder().AddColumn(batch.schema.field(c).name, batch.schema.field(c).type);
    }
  } else {
    batch = ParseChunk(*chunk, &main_);
  }
  delivered_ += chunk->bytes;
  // Reused, so that its buffers are not allocated (and faulted in) again for every batch.
  chunk->text.clear();
  chunk->records.clear();
  chunk->batch = RecordBatch();
  chunk->parsed = false;
  spare_.push_back(std::move(chunk));
  if (last) {
    delivered_ = file_size_;
    if (batch.rows->num_rows() == 0 && batch.rejections.empty()) {
      return std::optional<RecordBatch>();
    }
  }
  return std::optional<RecordBatch>(std::move(batch));
}

}  // namespace

Result<std::unique_ptr<RecordReader>> OpenChunkedReader(const std::string& path,
                                                        std::unique_ptr<SequentialFile> file,
                                                        uint64_t file_size, FileFormat format,
                                                        const ReaderOptions& options) {
  auto reader = std::make_unique<ChunkedReader>(path, std::move(file), file_size, format, options);
  QUARRY_RETURN_IF_ERROR(reader->Init());
  return std::unique_ptr<RecordReader>(std::move(reader));
}

}  // namespace quarry::store
