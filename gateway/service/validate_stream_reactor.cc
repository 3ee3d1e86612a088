// File: gateway/service/validate_stream_reactor.cc
#include "gateway/service/validate_stream_reactor.h"

#include <algorithm>

#include "fhir/text.h"
#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

ValidateStreamReactor::ValidateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                                             grpc::CallbackServerContext* context, const grpc::Status& refusal,
                                             size_t max_batch)
    : OrderedStreamReactor(pool, metrics, Method::kValidateStream, context), service_(service), max_batch_(max_batch) {
  Start(refusal);
}

grpc::Status ValidateStreamReactor::Handle(const v1::ValidateStreamRequest& request,
                                           v1::ValidateStreamResponse* answer) {
  const int batch = request.batch_size();
  if (batch > 0 && (!request.resource_json().empty() || request.sequence_id() != 0)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "a ValidateStream message carries one resource (sequence_id, resource_json) or a batch, not both");
  }
  if (static_cast<size_t>(batch) > max_batch_) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        fhir::Concat("too many resources in one message: ", batch, " (limit ", max_batch_, ")"));
  }
  const conformance::ValidationOptions options = ValidationOptionsOf(request.profiles(), request.policy());
  // Answered whole or not at all: a limit met by one resource refuses the message.
  v1::ValidateStreamResponse pending;
  uint64_t valid_count = 0;
  for (int i = 0; i < std::max(batch, 1); ++i) {
    const std::string& json = batch > 0 ? request.batch(i).resource_json() : request.resource_json();
    const uint64_t sequence_id = batch > 0 ? request.batch(i).sequence_id() : request.sequence_id();
    bool valid = false;
    std::string outcome;
    grpc::Status status = service_.ValidateResource(json, options, &valid, &outcome);
    if (!status.ok()) {
      if (batch == 0) return status;
      return grpc::Status(status.error_code(), fhir::Concat("batch item ", i, " (sequence_id ", sequence_id,
                                                            "): ", status.error_message()));
    }
    v1::ValidateStreamResult* result = batch > 0 ? pending.mutable_batch()->add_results() : pending.mutable_result();
    result->set_sequence_id(sequence_id);
    result->set_valid(valid);
    result->set_operation_outcome_json(std::move(outcome));
    valid_count += valid ? 1 : 0;
  }
  const uint64_t n = static_cast<uint64_t>(std::max(batch, 1));
  summary_.set_received(summary_.received() + n);
  summary_.set_translated(summary_.translated() + valid_count);
  summary_.set_rejected(summary_.rejected() + n - valid_count);
  *answer = std::move(pending);
  return grpc::Status::OK;
}

v1::ValidateStreamResponse ValidateStreamReactor::Closing() {
  v1::ValidateStreamResponse closing;
  *closing.mutable_summary() = summary_;
  return closing;
}

}  // namespace fhirgw::service
