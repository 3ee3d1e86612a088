// File: gateway/service/translate_stream_reactor.h
// TranslateStream on gRPC's callback API. The synchronous handler it replaces blocked its thread
// on every Read and every Write, so each record cost several thread hand-offs (context
// switches were half the server's CPU time). Here a record is translated in the read
// callback, its result queued for writing, and the next read starts at once: reading and
// writing overlap, and records are still handled one at a time in arrival order (a care plan
// may name treatments sent earlier in the stream).
// Backpressure: when a client sends faster than it reads, at most kMaxQueued results wait;
// reading resumes as they are written.
#ifndef FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
#define FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_

#include <grpcpp/grpcpp.h>

#include <deque>
#include <memory>
#include <mutex>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gateway/service/metrics.h"
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
  TranslateStreamReactor(const GatewayService& service, Metrics& metrics, grpc::CallbackServerContext* context,
                         const grpc::Status& refusal);

  void OnReadDone(bool ok) override;
  void OnWriteDone(bool ok) override;
  void OnCancel() override;
  void OnDone() override { delete this; }

 private:
  // The result for `request_`, counted in the summary.
  gateway::v1::TranslateStreamResponse Translate();
  // Each requires mu_ held.
  void QueueLocked(gateway::v1::TranslateStreamResponse response);
  void WriteFrontLocked();
  void FinishLocked(const grpc::Status& status);

  const GatewayService& service_;
  grpc::CallbackServerContext* context_;
  RequestTimer timer_;
  // Touched only by OnReadDone, and calls to it never overlap (one read is outstanding at most).
  gateway::v1::TranslateStreamRequest request_;
  mappers::BatchIndex seen_;
  gateway::v1::Summary summary_;

  std::mutex mu_;
  std::deque<gateway::v1::TranslateStreamResponse> queue_;  // front() is being written when writing_
  bool writing_ = false;
  bool read_paused_ = false;  // the queue was full when a read completed
  bool reads_done_ = false;   // the summary has been queued
  bool finished_ = false;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
