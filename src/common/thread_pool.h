// ThreadPool: a fixed set of worker threads that run the index ranges of ParallelFor calls.
//
//   ThreadPool& pool = ThreadPool::Shared();
//   pool.ParallelFor(morsels, /*max_threads=*/2, [&](size_t i) { Work(i); });
//
// The calling thread takes part in its own ParallelFor, so a call always makes progress (also
// when every worker is busy with another query, or when called from inside a task). Tasks must
// not throw. Shared() is sized once per process: QUARRY_THREADS if set (1 = no worker threads),
// else std::thread::hardware_concurrency().
//
// Thread-safety: ParallelFor may be called from several threads at once.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace quarry {

class ThreadPool {
 public:
  // A pool whose ParallelFor uses up to `threads` threads in all (threads - 1 workers).
  explicit ThreadPool(int threads);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // The process-wide pool (see the header comment for its size).
  static ThreadPool& Shared();

  // Threads a ParallelFor can use at most (workers + the caller).
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  // Runs task(i) for every i in [0, n), on at most `max_threads` threads (<= 0: all), and
  // returns when all have finished. Which thread runs which index is unspecified.
  void ParallelFor(size_t n, int max_threads, const std::function<void(size_t)>& task);

 private:
  struct Job;
  void WorkerLoop();
  static void RunIndices(Job& job);

  std::mutex mu_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

// Threads for a query: `requested` when > 0, else QUARRY_THREADS when set, else the hardware's.
int ResolveThreadCount(int requested);

}  // namespace quarry
