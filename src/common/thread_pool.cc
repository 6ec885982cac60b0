#include "common/thread_pool.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <string>

namespace quarry {

struct ThreadPool::Job {
  const std::function<void(size_t)>* task = nullptr;
  size_t n = 0;
  int helpers_wanted = 0;  // workers that may join besides the caller
  int helpers_joined = 0;  // guarded by the pool's mutex
  std::atomic<size_t> next{0};
  std::atomic<size_t> done{0};
  std::mutex mu;
  std::condition_variable finished;
};

namespace {

int EnvThreads() {
  const char* env = std::getenv("QUARRY_THREADS");
  if (!env || !*env) return 0;
  char* end = nullptr;
  long v = std::strtol(env, &end, 10);
  if (*end != '\0' || v < 1 || v > 1024) return 0;  // unusable: fall back to the hardware's
  return static_cast<int>(v);
}

int HardwareThreads() {
  unsigned hw = std::thread::hardware_concurrency();
  return hw == 0 ? 1 : static_cast<int>(hw);
}

}  // namespace

int ResolveThreadCount(int requested) {
  if (requested > 0) return requested;
  int env = EnvThreads();
  return env > 0 ? env : HardwareThreads();
}

ThreadPool::ThreadPool(int threads) {
  for (int i = 1; i < threads; ++i) workers_.emplace_back([this] { WorkerLoop(); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
}

ThreadPool& ThreadPool::Shared() {
  static ThreadPool pool(ResolveThreadCount(0));
  return pool;
}

void ThreadPool::RunIndices(Job& job) {
  for (size_t i = job.next.fetch_add(1); i < job.n; i = job.next.fetch_add(1)) {
    (*job.task)(i);
    if (job.done.fetch_add(1) + 1 == job.n) {
      std::lock_guard<std::mutex> lock(job.mu);
      job.finished.notify_all();
    }
  }
}

void ThreadPool::ParallelFor(size_t n, int max_threads, const std::function<void(size_t)>& task) {
  if (n == 0) return;
  int threads = max_threads <= 0 ? size() : std::min(max_threads, size());
  int helpers = static_cast<int>(std::min<size_t>(static_cast<size_t>(threads - 1), n - 1));
  if (helpers <= 0) {
    for (size_t i = 0; i < n; ++i) task(i);
    return;
  }
  auto job = std::make_shared<Job>();
  job->task = &task;
  job->n = n;
  job->helpers_wanted = helpers;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back(job);
  }
  if (helpers == 1) {
    wake_.notify_one();
  } else {
    wake_.notify_all();
  }
  RunIndices(*job);
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = std::find(queue_.begin(), queue_.end(), job);
    if (it != queue_.end()) queue_.erase(it);
  }
  std::unique_lock<std::mutex> lock(job->mu);
  job->finished.wait(lock, [&] { return job->done.load() == job->n; });
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = queue_.front();
      if (++job->helpers_joined >= job->helpers_wanted) queue_.pop_front();
    }
    RunIndices(*job);
  }
}

}  // namespace quarry
