#include "store/record_reader.h"

#include <simdjson.h>

#include "store/chunked_reader.h"

namespace quarry::store {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  for (size_t i = 0; i < suffix.size(); ++i) {
    char c = s[s.size() - suffix.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != suffix[i]) return false;
  }
  return true;
}

// Decides the format of a file starting with `head` (its first bytes, whole when short).
FileFormat DetectFormat(std::string_view path, std::string_view head) {
  if (EndsWith(path, ".csv")) return FileFormat::kCsv;
  if (EndsWith(path, ".jsonl") || EndsWith(path, ".ndjson")) return FileFormat::kJsonLines;
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  size_t pos = head.find_first_not_of(" \t\r\n");
  if (pos == std::string_view::npos) return FileFormat::kJsonLines;
  if (head[pos] == '[') return FileFormat::kJsonArray;
  if (head[pos] != '{') return FileFormat::kCsv;
  // One object on the first line: JSON lines, unless that object is a Log Analytics export.
  size_t nl = head.find('\n', pos);
  std::string_view first = head.substr(pos, nl == std::string_view::npos ? head.size() - pos
                                                                          : nl - pos);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(simdjson::padded_string(first)).get(doc) == simdjson::SUCCESS) {
    simdjson::dom::array tables;
    if (doc["tables"].get_array().get(tables) == simdjson::SUCCESS ||
        doc["Tables"].get_array().get(tables) == simdjson::SUCCESS) {
      return FileFormat::kLogAnalytics;
    }
    return FileFormat::kJsonLines;
  }
  // A first line that is not a whole object: a pretty-printed export, or JSON lines whose first
  // record is broken (and will be quarantined).
  if (head.find("\"tables\"") != std::string_view::npos ||
      head.find("\"Tables\"") != std::string_view::npos) {
    return FileFormat::kLogAnalytics;
  }
  return FileFormat::kJsonLines;
}

}  // namespace

std::string_view FileFormatName(FileFormat format) {
  switch (format) {
    case FileFormat::kAuto: return "auto";
    case FileFormat::kJsonLines: return "JSON lines";
    case FileFormat::kJsonArray: return "JSON array";
    case FileFormat::kCsv: return "CSV";
    case FileFormat::kLogAnalytics: return "Log Analytics export";
  }
  return "unknown";
}

Result<std::unique_ptr<RecordReader>> RecordReader::Open(const std::string& path,
                                                         const ReaderOptions& options) {
  Env* env = options.env ? options.env : Env::Default();
  FileFormat format = options.format;
  if (format == FileFormat::kAuto) {
    QUARRY_ASSIGN_OR_RETURN(auto probe, env->NewSequentialFile(path));
    std::string head(64 << 10, '\0');
    size_t got = 0;
    while (got < head.size()) {
      QUARRY_ASSIGN_OR_RETURN(size_t n, probe->Read(head.data() + got, head.size() - got));
      if (n == 0) break;
      got += n;
    }
    head.resize(got);
    format = DetectFormat(path, head);
  }
  if (format == FileFormat::kLogAnalytics) return OpenLogAnalyticsReader(path, options);
  QUARRY_ASSIGN_OR_RETURN(uint64_t size, env->GetFileSize(path));
  QUARRY_ASSIGN_OR_RETURN(auto file, env->NewSequentialFile(path));
  return OpenChunkedReader(path, std::move(file), size, format, options);
}

}  // namespace quarry::store
