// File: gateway/service/translate_stream_reactor.h
// TranslateStream on gRPC's callback API. The synchronous handler it replaces blocked its thread
// on every Read and every Write. Here the read callback only queues the record and starts the
// next read; the records are translated on the service's work pool by one task per stream at a
// time (so in arrival order: a care plan may name treatments sent earlier in the stream), and
// each result is queued for writing. Reading, translating and writing overlap.
// Backpressure: when a client sends faster than the stream is translated or read back, at most
// kMaxQueued records and results wait; reading resumes as they drain.
#ifndef FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
#define FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>
#include <optional>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gateway/service/metrics.h"
#include "gateway/service/work_pool.h"
#include "mappers/translator.h"

namespace fhirgw::service {

class GatewayService;

class TranslateStreamReactor final
    : public grpc::ServerBidiReactor<gateway::v1::TranslateStreamRequest, gateway::v1::TranslateStreamResponse> {
 public:
  static constexpr size_t kMaxQueued = 64;
  // Past this many records the index of records seen starts afresh (a later record naming a
  // forgotten one gets the same warning, or rejection, as one naming a record never sent).
  static constexpr size_t kMaxRemembered = 1'000'000;

  // Starts reading, or finishes at once with `refusal` when it is not OK (authentication).
  TranslateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                         grpc::CallbackServerContext* context, const grpc::Status& refusal);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  // The reactor lives until gRPC is done with it and no translation task is running.
  void OnDone() override;

 private:
  // The pool task: translates queued records in order until none is left.
  void Drain();
  // The result for one record, counted in the summary.
  gateway::v1::TranslateStreamResponse Translate(const gateway::v1::TranslateStreamRequest& request);
  // Each requires mu_ held.
  void QueueLocked(gateway::v1::TranslateStreamResponse response);
  void WriteFrontLocked();
  void ReadMoreLocked();
  void FinishLocked(const grpc::Status& status);

  const GatewayService& service_;
  WorkPool& pool_;
  grpc::CallbackServerContext* context_;
  RequestTimer timer_;
  gateway::v1::TranslateStreamRequest request_;  // the read in flight fills it
  // Touched only by the one running Drain task.
  mappers::BatchIndex seen_;
  gateway::v1::Summary summary_;

  std::mutex mu_;
  // Records read and not yet translated; an empty optional marks the end of the client's side.
  std::deque<std::optional<gateway::v1::TranslateStreamRequest>> inbox_;
  std::deque<gateway::v1::TranslateStreamResponse> queue_;  // front() is being written when writing_
  bool draining_ = false;      // a Drain task is posted or running
  bool writing_ = false;
  bool read_paused_ = false;   // too much was waiting when a read completed
  bool reads_done_ = false;    // the summary has been queued
  bool finished_ = false;
  bool done_ = false;          // OnDone was called
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
