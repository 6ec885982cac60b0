// Fault injection, crash (kill -9) and concurrency tests of the workspace's commit protocol.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <random>
#include <thread>

#include "store/env.h"
#include "store/workspace.h"
#include "test_files.h"

namespace quarry::store {
namespace {

using testing::TempDir;

constexpr size_t kBatch = 40;

// Batch b: kBatch rows, Seq = b * kBatch + i, spread over 3 days, a repeating host name.
TablePtr Batch(int64_t b) {
  TableBuilder t(Schema({{"TimeGenerated", Type::kDatetime},
                         {"Seq", Type::kLong},
                         {"Host", Type::kString}}));
  for (size_t i = 0; i < kBatch; ++i) {
    int64_t seq = b * static_cast<int64_t>(kBatch) + static_cast<int64_t>(i);
    t.AppendRow({Value::Datetime(1'700'000'000LL * 10'000'000 + (seq % 3) * 864'000'000'000LL),
                 Value::Long(seq), Value::String("host-" + std::to_string(seq % 4))});
  }
  return t.Finish();
}

// Checks the table holds exactly batches 0..n-1 (each whole) and returns n.
int64_t CommittedBatches(const Workspace& ws) {
  auto info = ws.FindTable("T");
  if (!info) return 0;
  auto t = ws.Read("T", ReadOptions{}, nullptr);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  if (!t.ok()) return -1;
  size_t rows = (*t)->num_rows();
  EXPECT_EQ(rows % kBatch, 0u) << "a partial batch is visible";
  std::vector<int64_t> seqs;
  auto seq = (*t)->ColumnByName("Seq");
  for (size_t i = 0; i < rows; ++i) seqs.push_back(seq->longs()[i]);
  std::sort(seqs.begin(), seqs.end());
  for (size_t i = 0; i < rows; ++i) {
    EXPECT_EQ(seqs[i], static_cast<int64_t>(i)) << "not a committed prefix";
    if (seqs[i] != static_cast<int64_t>(i)) return -1;
  }
  auto host = (*t)->ColumnByName("Host");
  for (size_t i = 0; i < rows; ++i) {
    EXPECT_EQ(host->str(i), "host-" + std::to_string(seq->longs()[i] % 4));
  }
  return static_cast<int64_t>(rows / kBatch);
}

// Fails the `fail_at`-th mutating file-system call (1-based; 0 = never), remembering whether
// MANIFEST was replaced.
class FaultEnv : public EnvWrapper {
 public:
  FaultEnv() : EnvWrapper(Env::Default()) {}

  int calls = 0;
  int fail_at = 0;
  bool manifest_replaced = false;

  Status Tick(const std::string& what) {
    ++calls;
    if (calls == fail_at) return Unavailable("injected fault: " + what);
    return Status::Ok();
  }

  class File : public WritableFile {
   public:
    File(FaultEnv* env, std::unique_ptr<WritableFile> base) : env_(env), base_(std::move(base)) {}
    Status Append(std::string_view data) override {
      QUARRY_RETURN_IF_ERROR(env_->Tick("write"));
      return base_->Append(data);
    }
    Status Sync() override {
      QUARRY_RETURN_IF_ERROR(env_->Tick("fsync"));
      return base_->Sync();
    }
    Status Close() override {
      QUARRY_RETURN_IF_ERROR(env_->Tick("close"));
      return base_->Close();
    }

   private:
    FaultEnv* env_;
    std::unique_ptr<WritableFile> base_;
  };

  Result<std::unique_ptr<WritableFile>> NewWritableFile(const std::string& path) override {
    QUARRY_RETURN_IF_ERROR(Tick("create " + path));
    QUARRY_ASSIGN_OR_RETURN(auto base, target()->NewWritableFile(path));
    return std::unique_ptr<WritableFile>(std::make_unique<File>(this, std::move(base)));
  }
  Status RenameFile(const std::string& from, const std::string& to) override {
    QUARRY_RETURN_IF_ERROR(Tick("rename"));
    QUARRY_RETURN_IF_ERROR(target()->RenameFile(from, to));
    if (to.ends_with("/MANIFEST")) manifest_replaced = true;
    return Status::Ok();
  }
  Status SyncDir(const std::string& dir) override {
    QUARRY_RETURN_IF_ERROR(Tick("fsync dir"));
    return target()->SyncDir(dir);
  }
};

// In a new workspace at `dir`: commits batch 0, then appends and commits batch 1 with the
// `fail_at`-th file-system call of that second commit failing. Returns the second commit's status.
Status SecondCommit(const std::string& dir, FaultEnv* env, int fail_at) {
  WorkspaceOptions options;
  options.env = env;
  options.segment_rows = 25;
  QUARRY_ASSIGN_OR_RETURN(auto ws, Workspace::Open(dir, true, options));
  QUARRY_ASSIGN_OR_RETURN(auto w, ws->BeginWrite());
  QUARRY_RETURN_IF_ERROR(w->Append("T", *Batch(0)).status());
  QUARRY_RETURN_IF_ERROR(w->Commit());
  env->calls = 0;
  env->fail_at = fail_at;
  env->manifest_replaced = false;
  QUARRY_RETURN_IF_ERROR(w->Append("T", *Batch(1)).status());
  return w->Commit();
}

TEST(WorkspaceFaultTest, EveryFailingCallDuringCommitLeavesTheOldStateOrTheNew) {
  // Count the calls of one clean second commit, then fail each of them in turn.
  int total = 0;
  {
    TempDir dir;
    FaultEnv env;
    ASSERT_TRUE(SecondCommit(dir.path(), &env, 0).ok());
    total = env.calls;
  }
  ASSERT_GT(total, 5);
  for (int k = 1; k <= total; ++k) {
    SCOPED_TRACE("failing call " + std::to_string(k) + " of " + std::to_string(total));
    TempDir dir;
    FaultEnv env;
    Status committed = SecondCommit(dir.path(), &env, k);
    ASSERT_FALSE(committed.ok());
    EXPECT_THAT(committed.message(), ::testing::HasSubstr("injected fault"));
    env.fail_at = 0;
    auto reopened = Workspace::Open(dir.path(), false);
    ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
    int64_t batches = CommittedBatches(**reopened);
    if (env.manifest_replaced) {
      EXPECT_EQ(batches, 2);  // only the directory fsync failed: the commit is visible
    } else {
      EXPECT_EQ(batches, 1);
    }
    // The next writer cleans up and can commit.
    auto w = (*reopened)->BeginWrite();
    ASSERT_TRUE(w.ok()) << w.status().ToString();
    ASSERT_TRUE((*w)->Append("T", *Batch(batches)).ok());
    ASSERT_TRUE((*w)->Commit().ok());
    EXPECT_EQ(CommittedBatches(**reopened), batches + 1);
  }
}

TEST(WorkspaceFaultTest, FailedWriterRefusesFurtherCommits) {
  TempDir dir;
  FaultEnv env;
  WorkspaceOptions options;
  options.env = &env;
  auto ws = Workspace::Open(dir.path(), true, options);
  ASSERT_TRUE(ws.ok());
  auto w = (*ws)->BeginWrite();
  ASSERT_TRUE(w.ok());
  ASSERT_TRUE((*w)->Append("T", *Batch(0)).ok());
  env.calls = 0;
  env.fail_at = 1;
  ASSERT_FALSE((*w)->Commit().ok());
  env.fail_at = 0;
  Status again = (*w)->Commit();
  EXPECT_FALSE(again.ok());
  EXPECT_FALSE((*w)->Append("T", *Batch(1)).ok());
  EXPECT_EQ(CommittedBatches(**ws), 0);
}

// Appends batch after batch, committing each, until killed.
[[noreturn]] void IngestForever(const std::string& dir) {
  WorkspaceOptions options;
  options.segment_rows = 16;
  auto ws = Workspace::Open(dir, true, options);
  if (!ws.ok()) _exit(3);
  auto w = (*ws)->BeginWrite();
  if (!w.ok()) _exit(4);
  auto info = (*ws)->FindTable("T");
  int64_t next = info ? static_cast<int64_t>(info->rows / kBatch) : 0;
  while (true) {
    if (!(*w)->Append("T", *Batch(next++)).ok()) _exit(5);
    if (!(*w)->Commit().ok()) _exit(6);
  }
}

TEST(WorkspaceCrashTest, KillDashNineAtRandomMomentsLeavesACommittedPrefix) {
  TempDir dir;
  std::mt19937 rng(20240301);
  int64_t last = 0;
  for (int round = 0; round < 20; ++round) {
    pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) IngestForever(dir.path());
    std::this_thread::sleep_for(std::chrono::microseconds(2000 + rng() % 40000));
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status)) << "child exited early with " << WEXITSTATUS(status);
    auto ws = Workspace::Open(dir.path(), false);
    ASSERT_TRUE(ws.ok()) << ws.status().ToString();
    int64_t batches = CommittedBatches(**ws);
    ASSERT_GE(batches, last) << "round " << round;
    last = batches;
  }
  EXPECT_GT(last, 0);
  // What the killed writers left uncommitted is removed by the next writer.
  auto ws = Workspace::Open(dir.path(), false);
  ASSERT_TRUE(ws.ok());
  auto w = (*ws)->BeginWrite();
  ASSERT_TRUE(w.ok());
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path() + "/segments")) {
    (void)e;
    ++files;
  }
  ReadStats stats;
  ASSERT_TRUE((*ws)->Read("T", ReadOptions{}, &stats).ok());
  EXPECT_EQ(files, stats.segments_total);
  EXPECT_EQ((*ws)->Tables().size(), 1u);
}

TEST(WorkspaceConcurrencyTest, ReadersSeeWholeCommitsWhileAWriterAppends) {
  TempDir dir;
  WorkspaceOptions options;
  options.segment_rows = 16;
  auto ws = Workspace::Open(dir.path(), true, options);
  ASSERT_TRUE(ws.ok());
  constexpr int kCommits = 25;
  std::atomic<bool> done{false};
  std::atomic<int> reads{0};
  std::thread writer([&] {
    auto w = (*ws)->BeginWrite();
    ASSERT_TRUE(w.ok());
    for (int b = 0; b < kCommits; ++b) {
      ASSERT_TRUE((*w)->Append("T", *Batch(b)).ok());
      ASSERT_TRUE((*w)->Commit().ok());
    }
    done = true;
  });
  // One reader shares the writer's Workspace; another opens its own, as another process would.
  std::thread shared_reader([&] {
    int64_t last = 0;
    while (!done) {
      int64_t n = CommittedBatches(**ws);
      EXPECT_GE(n, last);
      last = n;
      ++reads;
    }
  });
  std::thread own_reader([&] {
    auto mine = Workspace::Open(dir.path(), false);
    ASSERT_TRUE(mine.ok());
    int64_t last = 0;
    while (!done) {
      ASSERT_TRUE((*mine)->Refresh().ok());
      int64_t n = CommittedBatches(**mine);
      EXPECT_GE(n, last);
      last = n;
      ++reads;
    }
  });
  writer.join();
  shared_reader.join();
  own_reader.join();
  EXPECT_GT(reads.load(), 2);
  EXPECT_EQ(CommittedBatches(**ws), kCommits);
}

}  // namespace
}  // namespace quarry::store
