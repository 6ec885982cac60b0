// `quarry ingest [--workspace DIR] [--table T] FILE...`: loads JSON lines, JSON arrays, CSV and
// Log Analytics exports into the workspace in one atomic commit. Bad records and values go to
// quarantine.jsonl there. Prints counts; exits non-zero only if nothing could be read.
#include <fmt/core.h>
#include <unistd.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <chrono>
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "store/ingest.h"
#include "store/workspace.h"

namespace quarry::cli {
namespace {

struct IngestFlags {
  std::string workspace;
  std::string table;
  int threads = 0;
  std::vector<std::string> files;
};

std::string HumanBytes(double bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  int u = 0;
  while (bytes >= 1024 && u < 4) {
    bytes /= 1024;
    ++u;
  }
  return fmt::format("{:.1f} {}", bytes, units[u]);
}

// A one-line progress bar on stderr, redrawn at most ten times a second.
class ProgressBar {
 public:
  void Update(const store::IngestProgress& p) {
    auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double seconds = std::chrono::duration<double>(now - start_).count();
    double share = p.bytes_total ? static_cast<double>(p.bytes_done) / p.bytes_total : 0;
    int filled = static_cast<int>(share * 30);
    fmt::print(stderr, "\r[{}{}] {:3.0f}%  {} / {}  {:.0f} rows/s   ", std::string(filled, '#'),
               std::string(30 - filled, ' '), share * 100, HumanBytes(p.bytes_done),
               HumanBytes(p.bytes_total), seconds > 0 ? p.rows / seconds : 0.0);
    drawn_ = true;
  }
  void Clear() {
    if (drawn_) fmt::print(stderr, "\r{:80}\r", "");
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
  bool drawn_ = false;
};

void Run(const IngestFlags& flags) {
#if defined(__GLIBC__)
  // Ingest frees and allocates a batch's columns and a segment's buffers (tens to hundreds of
  // MB) over and over on several threads; glibc maps the large ones afresh and hands freed heap
  // pages back to the kernel, so each new buffer faults its pages in again. Keep them for reuse
  // (buffers up to 32 MiB from the heap, which is not trimmed below 1 GiB).
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
  std::string dir = ResolveWorkspaceDir(flags.workspace);
  auto ws = store::Workspace::Open(dir, /*create=*/true);
  if (!ws.ok()) {
    std::cerr << "quarry ingest: " << ws.status().message() << "\n";
    SetExitCode(1);
    return;
  }
  store::IngestOptions options;
  options.table = flags.table;
  options.threads = flags.threads;
  auto bar = std::make_shared<ProgressBar>();
  if (::isatty(STDERR_FILENO)) {
    options.progress = [bar](const store::IngestProgress& p) { bar->Update(p); };
  }
  auto summary = store::IngestFiles(**ws, flags.files, options);
  bar->Clear();
  if (!summary.ok()) {
    std::cerr << "quarry ingest: " << summary.status().message() << "\n";
    SetExitCode(1);
    return;
  }
  for (const auto& f : summary->files) {
    if (!f.status.ok()) {
      fmt::print(stderr, "quarry ingest: skipped {}: {}\n", f.file, f.status.message());
      continue;
    }
    fmt::print("{}: {} rows into {} ({}), {} quarantined, {} warnings\n", f.file, f.rows, f.table,
               store::FileFormatName(f.format), f.bad_records, f.bad_values);
  }
  fmt::print("ingested {} rows, quarantined {} records, {} warnings into {}\n", summary->rows,
             summary->bad_records, summary->bad_values, (*ws)->dir());
  if (!summary->quarantine_path.empty()) {
    fmt::print("bad records and values are in {}\n", summary->quarantine_path);
  }
  if (summary->rows == 0) SetExitCode(1);
}

void Setup(CLI::App& app) {
  auto flags = std::make_shared<IngestFlags>();
  auto* sub = app.add_subcommand(
      "ingest", "Load JSON lines, JSON arrays, CSV or Log Analytics exports into the workspace");
  sub->add_option("--workspace,-w", flags->workspace,
                  "Workspace directory (default: $QUARRY_DATA, else ./quarry-data)");
  sub->add_option("--table,-t", flags->table,
                  "Table to load into (default: the file's Type column, else detected from its "
                  "columns)");
  sub->add_option("--threads", flags->threads,
                  "Threads parsing each file (default: one per core; the result is the same)")
      ->check(CLI::Range(0, 64));
  sub->add_option("files", flags->files, "Files to load")->required();
  sub->callback([flags] { Run(*flags); });
}

}  // namespace

QUARRY_COMMAND(ingest, Setup);

}  // namespace quarry::cli
