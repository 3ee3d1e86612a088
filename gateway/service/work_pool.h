// File: gateway/service/work_pool.h
// A fixed set of threads running posted tasks in order of posting. Streams hand their records'
// translation here so gRPC's threads keep reading and writing meanwhile.
#ifndef FHIRGW_GATEWAY_SERVICE_WORK_POOL_H_
#define FHIRGW_GATEWAY_SERVICE_WORK_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace fhirgw::service {

class WorkPool {
 public:
  explicit WorkPool(int threads);
  // Runs the tasks already posted, then joins the threads.
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  void Post(std::function<void()> task);

 private:
  void Run();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_WORK_POOL_H_
