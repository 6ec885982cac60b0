#include "common/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <numeric>
#include <set>
#include <thread>

namespace quarry {
namespace {

TEST(ThreadPool, RunsEveryIndexExactlyOnce) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3);
  std::vector<std::atomic<int>> hits(1000);
  pool.ParallelFor(hits.size(), 0, [&](size_t i) { hits[i].fetch_add(1); });
  for (size_t i = 0; i < hits.size(); ++i) EXPECT_EQ(hits[i].load(), 1) << i;
}

TEST(ThreadPool, UsesNoMoreThreadsThanAsked) {
  ThreadPool pool(4);
  std::mutex mu;
  std::set<std::thread::id> seen;
  pool.ParallelFor(200, 1, [&](size_t) {
    std::lock_guard<std::mutex> lock(mu);
    seen.insert(std::this_thread::get_id());
  });
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(*seen.begin(), std::this_thread::get_id());  // one thread: the caller's
}

TEST(ThreadPool, NestedAndConcurrentCallsFinish) {
  ThreadPool pool(2);
  std::atomic<int64_t> sum{0};
  auto work = [&] {
    pool.ParallelFor(10, 0, [&](size_t i) {
      pool.ParallelFor(10, 0, [&](size_t j) { sum.fetch_add(static_cast<int64_t>(i * 10 + j)); });
    });
  };
  std::thread a(work), b(work);
  work();
  a.join();
  b.join();
  EXPECT_EQ(sum.load(), 3 * (99 * 100 / 2));
}

TEST(ThreadPool, EmptyRangeRunsNothing) {
  ThreadPool pool(2);
  int calls = 0;
  pool.ParallelFor(0, 0, [&](size_t) { ++calls; });
  EXPECT_EQ(calls, 0);
}

TEST(ThreadPool, ResolveThreadCountPrefersTheRequest) {
  EXPECT_EQ(ResolveThreadCount(3), 3);
  ASSERT_EQ(setenv("QUARRY_THREADS", "5", 1), 0);
  EXPECT_EQ(ResolveThreadCount(0), 5);
  EXPECT_EQ(ResolveThreadCount(1), 1);
  ASSERT_EQ(setenv("QUARRY_THREADS", "zero", 1), 0);  // unusable: the hardware's count
  EXPECT_EQ(ResolveThreadCount(0),
            std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
  unsetenv("QUARRY_THREADS");
}

}  // namespace
}  // namespace quarry
