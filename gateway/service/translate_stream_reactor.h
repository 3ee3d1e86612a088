// File: gateway/service/translate_stream_reactor.h
// TranslateStream: each record translated (and validated unless the request says not to) in
// arrival order, one result per record (a batch message gets its results in one message),
// then the summary: received, translated, rejected.
// The stream's plumbing is OrderedStreamReactor's.
#ifndef FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
#define FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gateway/service/ordered_stream_reactor.h"
#include "mappers/translator.h"

namespace fhirgw::service {

class GatewayService;

class TranslateStreamReactor final
    : public OrderedStreamReactor<gateway::v1::TranslateStreamRequest, gateway::v1::TranslateStreamResponse> {
 public:
  // Past this many records the index of records seen starts afresh (a later record naming a
  // forgotten one gets the same warning, or rejection, as one naming a record never sent).
  static constexpr size_t kMaxRemembered = 1'000'000;

  TranslateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                         grpc::CallbackServerContext* context, const grpc::Status& refusal, size_t max_batch);

 private:
  grpc::Status Handle(const gateway::v1::TranslateStreamRequest& request,
                      gateway::v1::TranslateStreamResponse* answer) override;
  gateway::v1::TranslateStreamResponse Closing() override;

  const GatewayService& service_;
  const size_t max_batch_;  // records in one batch message
  mappers::BatchIndex seen_;  // records sent so far: a care plan may name earlier treatments
  gateway::v1::Summary summary_;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_TRANSLATE_STREAM_REACTOR_H_
