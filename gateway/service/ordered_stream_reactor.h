// File: gateway/service/ordered_stream_reactor.h
// The shape both streaming RPCs share (TranslateStream, ValidateStream), on gRPC's callback
// API: one answer per request, in request order, then a closing summary.
//
// The synchronous handlers these replace blocked a thread on every Read and every Write (each
// message cost several thread hand-offs). Here the read callback only queues the request and
// starts the next read; the requests are handled on the service's work pool by one task per
// stream at a time (so in arrival order: a care plan may name treatments sent earlier in its
// stream), and each answer is queued for writing. Reading, handling and writing overlap.
// Backpressure: when a client sends faster than its stream is handled or read back, at most
// kMaxQueued requests and answers wait; reading resumes as they drain.
#ifndef FHIRGW_GATEWAY_SERVICE_ORDERED_STREAM_REACTOR_H_
#define FHIRGW_GATEWAY_SERVICE_ORDERED_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <mutex>
#include <optional>

#include "gateway/service/metrics.h"
#include "gateway/service/work_pool.h"

namespace fhirgw::service {

template <typename Request, typename Response>
class OrderedStreamReactor : public grpc::ServerBidiReactor<Request, Response> {
 public:
  static constexpr size_t kMaxQueued = 64;

 protected:
  OrderedStreamReactor(WorkPool& pool, Metrics& metrics, Method method, grpc::CallbackServerContext* context)
      : pool_(pool), context_(context), timer_(metrics, method) {}

  // Call once at the end of the subclass's constructor: reads, or finishes at once with
  // `refusal` when it is not OK (authentication).
  void Start(const grpc::Status& refusal) {
    std::lock_guard<std::mutex> lock(mu_);
    if (!refusal.ok()) {
      FinishLocked(refusal);
      return;
    }
    this->StartRead(&request_);
  }

  // The answer to one request, on the pool; calls never overlap. A status that is not OK ends
  // the stream with it (an envelope problem, such as a limit).
  virtual grpc::Status Handle(const Request& request, Response* answer) = 0;
  // The last message, once the client has closed its side and every request is answered.
  virtual Response Closing() = 0;

 private:
  void OnReadDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    if (context_->IsCancelled()) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
      return;
    }
    if (ending_.has_value()) return;  // a request failed: nothing more is read or answered
    if (ok) {
      inbox_.emplace_back(std::move(request_));
    } else {
      inbox_.emplace_back();  // the client closed its side: the summary follows the last answer
    }
    if (!draining_) {
      draining_ = true;
      pool_.Post([this] { Drain(); });
    }
    if (ok) ReadMoreLocked();
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (finished_) return;
    if (!ok) {
      FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    queue_.pop_front();
    writing_ = false;
    if (!queue_.empty()) {
      WriteFrontLocked();
    } else if (ending_.has_value()) {
      FinishLocked(*ending_);
      return;
    } else if (reads_done_) {
      FinishLocked(grpc::Status::OK);
      return;
    }
    if (read_paused_ && !ending_.has_value()) ReadMoreLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mu_);
    FinishLocked(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client"));
  }

  // The reactor lives until gRPC is done with it and no pool task is running.
  void OnDone() override {
    std::unique_lock<std::mutex> lock(mu_);
    done_ = true;
    if (draining_) return;  // the running Drain deletes the reactor when it ends
    lock.unlock();
    delete this;
  }

  // The pool task: answers queued requests in order until none is left.
  void Drain() {
    std::unique_lock<std::mutex> lock(mu_);
    while (!finished_ && !inbox_.empty()) {
      std::optional<Request> next = std::move(inbox_.front());
      inbox_.pop_front();
      if (!next.has_value()) {
        reads_done_ = true;
        QueueLocked(Closing());
        continue;
      }
      lock.unlock();  // reads and writes go on while the request is handled
      Response answer;
      grpc::Status status = Handle(*next, &answer);
      lock.lock();
      if (finished_) break;
      if (!status.ok()) {
        // The answers before this request still go out; then the stream ends with `status`.
        inbox_.clear();
        ending_ = status;
        if (!writing_) FinishLocked(status);
        break;
      }
      QueueLocked(std::move(answer));
    }
    draining_ = false;
    if (done_) {
      lock.unlock();
      delete this;
    }
  }

  // Each of these requires mu_ held.
  void ReadMoreLocked() {
    if (inbox_.size() + queue_.size() < kMaxQueued) {
      read_paused_ = false;
      request_.Clear();
      this->StartRead(&request_);
    } else {
      read_paused_ = true;
    }
  }
  void QueueLocked(Response answer) {
    // A deque keeps the front element in place while others are appended: StartWrite holds it.
    queue_.push_back(std::move(answer));
    if (!writing_) WriteFrontLocked();
  }
  void WriteFrontLocked() {
    writing_ = true;
    // With answers queued behind this one, gRPC may hold it to send with them (fewer frames
    // and system calls); the last in the queue always goes out at once, flushing those held.
    grpc::WriteOptions options;
    if (queue_.size() > 1) options.set_buffer_hint();
    this->StartWrite(&queue_.front(), options);
  }
  void FinishLocked(const grpc::Status& status) {
    if (finished_) return;
    finished_ = true;
    timer_.set_ok(status.ok());
    this->Finish(status);
  }

  WorkPool& pool_;
  grpc::CallbackServerContext* context_;
  RequestTimer timer_;
  Request request_;  // the read in flight fills it

  std::mutex mu_;
  // Requests read and not yet answered; an empty optional marks the end of the client's side.
  std::deque<std::optional<Request>> inbox_;
  std::deque<Response> queue_;  // front() is being written when writing_
  bool draining_ = false;       // a Drain task is posted or running
  bool writing_ = false;
  bool read_paused_ = false;  // too much was waiting when a read completed
  bool reads_done_ = false;   // the summary has been queued
  bool finished_ = false;
  bool done_ = false;  // OnDone was called
  std::optional<grpc::Status> ending_;  // a request failed: finish with this once the queue drains
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_ORDERED_STREAM_REACTOR_H_
