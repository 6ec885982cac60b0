// The streaming readers of line- and element-delimited formats (JSON lines, JSON array, CSV),
// internal to the store: see RecordReader for the contract.
#pragma once

#include <memory>
#include <string>

#include "store/record_reader.h"

namespace quarry::store {

// `file` is positioned at the start; `format` is kJsonLines, kJsonArray or kCsv.
Result<std::unique_ptr<RecordReader>> OpenChunkedReader(const std::string& path,
                                                        std::unique_ptr<SequentialFile> file,
                                                        uint64_t file_size, FileFormat format,
                                                        const ReaderOptions& options);

// A Log Analytics query-API / export document ({"tables":[{"name","columns","rows"}]}), read whole.
Result<std::unique_ptr<RecordReader>> OpenLogAnalyticsReader(const std::string& path,
                                                             const ReaderOptions& options);

}  // namespace quarry::store
