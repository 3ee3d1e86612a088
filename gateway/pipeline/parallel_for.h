// File: gateway/pipeline/parallel_for.h
// Runs fn(i) for i in [0, n) on up to `jobs` threads (the caller's thread is one of them).
// For the command line's batch work (validating many resources): items are taken in order from
// a shared counter, so uneven items balance out. fn must be safe to call concurrently for
// different i; results go to per-item slots the caller reads after the call returns.
#ifndef FHIRGW_GATEWAY_PIPELINE_PARALLEL_FOR_H_
#define FHIRGW_GATEWAY_PIPELINE_PARALLEL_FOR_H_

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace fhirgw::pipeline {

template <typename Fn>
void ParallelFor(size_t n, int jobs, const Fn& fn) {
  const size_t threads = std::min(n, static_cast<size_t>(std::max(jobs, 1)));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next.fetch_add(1, std::memory_order_relaxed); i < n; i = next.fetch_add(1, std::memory_order_relaxed)) {
      fn(i);
    }
  };
  std::vector<std::thread> helpers;
  helpers.reserve(threads - 1);
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (std::thread& h : helpers) h.join();
}

// The default for --jobs: one thread per core.
inline int DefaultJobs() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace fhirgw::pipeline

#endif  // FHIRGW_GATEWAY_PIPELINE_PARALLEL_FOR_H_
