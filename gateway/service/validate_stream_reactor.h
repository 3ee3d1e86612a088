// File: gateway/service/validate_stream_reactor.h
// ValidateStream: each resource validated in arrival order, one OperationOutcome each (a batch
// message gets its results in one message), then the summary (received; valid ones counted as
// translated, invalid as rejected). A message over a limit (too many profiles, too deep, too
// large a batch) ends the stream with its status code, as a unary call would, after the
// answers to the messages before it.
// The stream's plumbing is OrderedStreamReactor's.
#ifndef FHIRGW_GATEWAY_SERVICE_VALIDATE_STREAM_REACTOR_H_
#define FHIRGW_GATEWAY_SERVICE_VALIDATE_STREAM_REACTOR_H_

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gateway/service/ordered_stream_reactor.h"

namespace fhirgw::service {

class GatewayService;

class ValidateStreamReactor final
    : public OrderedStreamReactor<gateway::v1::ValidateStreamRequest, gateway::v1::ValidateStreamResponse> {
 public:
  ValidateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                        grpc::CallbackServerContext* context, const grpc::Status& refusal, size_t max_batch);

 private:
  grpc::Status Handle(const gateway::v1::ValidateStreamRequest& request,
                      gateway::v1::ValidateStreamResponse* answer) override;
  gateway::v1::ValidateStreamResponse Closing() override;

  const GatewayService& service_;
  const size_t max_batch_;  // resources in one batch message
  gateway::v1::Summary summary_;
};

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_VALIDATE_STREAM_REACTOR_H_
