// Env: every file-system operation the store performs, behind one interface (after LevelDB's Env),
// so tests can inject I/O faults (a failing fsync or rename, a short write) and check that the
// workspace keeps its last committed state.
//
// Env::Default() is the POSIX implementation; EnvWrapper forwards every call to another Env so a
// test double overrides only what it needs. Thread-safety: Env implementations are safe to call
// from many threads; a single file object is used by one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace quarry::store {

// A file read front to back.
class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to `n` bytes into `buf`; returns how many were read, 0 at end of file.
  virtual Result<size_t> Read(char* buf, size_t n) = 0;
};

// A file written front to back. Data reaches the disk only after Sync().
class WritableFile {
 public:
  virtual ~WritableFile() = default;
  virtual Status Append(std::string_view data) = 0;
  virtual Status Sync() = 0;  // fsync
  virtual Status Close() = 0;
};

// A read-only view of a whole file (memory-mapped). Valid while the object lives.
class MappedFile {
 public:
  virtual ~MappedFile() = default;
  virtual std::string_view data() const = 0;
};

// A held advisory lock; released on destruction.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;

  // The process-wide POSIX Env. Never null; lives for the whole program.
  static Env* Default();

  virtual Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) = 0;
  // Creates or truncates `path`.
  virtual Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) = 0;
  // Opens `path` for appending, creating it when missing.
  virtual Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) = 0;
  virtual Result<std::shared_ptr<const MappedFile>> MapFile(const std::string& path) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  // Names (not paths) of the entries of `dir`, without "." and "..".
  virtual Result<std::vector<std::string>> GetChildren(const std::string& dir) = 0;
  virtual Result<uint64_t> GetFileSize(const std::string& path) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  // Atomically replaces `to` with `from` (rename(2)).
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Creates `dir` (and missing parents); OK when it exists.
  virtual Status CreateDir(const std::string& dir) = 0;
  // fsyncs the directory itself, making renames and new entries in it durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Takes an exclusive flock on `path` (created if missing) without waiting: FailedPrecondition
  // when another process or object holds it.
  virtual Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) = 0;
};

// Forwards every call to `target` (not owned). Subclass it to override single operations.
class EnvWrapper : public Env {
 public:
  explicit EnvWrapper(Env* target) : target_(target) {}
  Env* target() const { return target_; }

  Result<std::unique_ptr<SequentialFile>> NewSequentialFile(const std::string& path) override {
    return target_->NewSequentialFile(path);
  }
  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    return target_->NewWritableFile(path);
  }
  Result<std::unique_ptr<WritableFile>> NewAppendableFile(const std::string& path) override {
    return target_->NewAppendableFile(path);
  }
  Result<std::shared_ptr<const MappedFile>> MapFile(const std::string& path) override {
    return target_->MapFile(path);
  }
  bool FileExists(const std::string& path) override { return target_->FileExists(path); }
  Result<std::vector<std::string>> GetChildren(const std::string& dir) override {
    return target_->GetChildren(dir);
  }
  Result<uint64_t> GetFileSize(const std::string& path) override {
    return target_->GetFileSize(path);
  }
  Status RemoveFile(const std::string& path) override { return target_->RemoveFile(path); }
  Status RenameFile(const std::string& from, const std::string& to) override {
    return target_->RenameFile(from, to);
  }
  Status CreateDir(const std::string& dir) override { return target_->CreateDir(dir); }
  Status SyncDir(const std::string& dir) override { return target_->SyncDir(dir); }
  Result<std::unique_ptr<FileLock>> LockFile(const std::string& path) override {
    return target_->LockFile(path);
  }

 private:
  Env* target_;
};

// Reads a whole file through `env`.
Result<std::string> ReadWholeFile(Env* env, const std::string& path);
// Writes `data` to `path` through `env`: create/truncate, append, fsync, close.
Status WriteWholeFile(Env* env, const std::string& path, std::string_view data);

}  // namespace quarry::store
