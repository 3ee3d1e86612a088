// File: gateway/service/validate_stream_reactor.cc
#include "gateway/service/validate_stream_reactor.h"

#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

ValidateStreamReactor::ValidateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                                             grpc::CallbackServerContext* context, const grpc::Status& refusal)
    : OrderedStreamReactor(pool, metrics, Method::kValidateStream, context), service_(service) {
  Start(refusal);
}

grpc::Status ValidateStreamReactor::Handle(const v1::ValidateStreamRequest& request,
                                           v1::ValidateStreamResponse* answer) {
  bool valid = false;
  std::string outcome;
  grpc::Status status = service_.ValidateResource(
      request.resource_json(), ValidationOptionsOf(request.profiles(), request.policy()), &valid, &outcome);
  if (!status.ok()) return status;
  summary_.set_received(summary_.received() + 1);
  if (valid) {
    summary_.set_translated(summary_.translated() + 1);
  } else {
    summary_.set_rejected(summary_.rejected() + 1);
  }
  v1::ValidateStreamResult* result = answer->mutable_result();
  result->set_sequence_id(request.sequence_id());
  result->set_valid(valid);
  result->set_operation_outcome_json(std::move(outcome));
  return grpc::Status::OK;
}

v1::ValidateStreamResponse ValidateStreamReactor::Closing() {
  v1::ValidateStreamResponse closing;
  *closing.mutable_summary() = summary_;
  return closing;
}

}  // namespace fhirgw::service
