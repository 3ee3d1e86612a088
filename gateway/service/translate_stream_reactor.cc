// File: gateway/service/translate_stream_reactor.cc
#include "gateway/service/translate_stream_reactor.h"

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

TranslateStreamReactor::TranslateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                                               grpc::CallbackServerContext* context, const grpc::Status& refusal)
    : OrderedStreamReactor(pool, metrics, Method::kTranslateStream, context), service_(service) {
  Start(refusal);
}

grpc::Status TranslateStreamReactor::Handle(const v1::TranslateStreamRequest& request,
                                            v1::TranslateStreamResponse* answer) {
  if (seen_.keys.size() > kMaxRemembered) seen_ = mappers::BatchIndex();
  std::vector<mappers::ReadEntry> entries(1);
  entries[0].ok = true;
  entries[0].record = request.record();
  pipeline::TranslationReport report = service_.TranslateEntries(entries, !request.skip_validation(), &seen_);
  const mappers::RecordResult& r = report.results[0];
  summary_.set_received(summary_.received() + 1);
  if (r.rejected) {
    summary_.set_rejected(summary_.rejected() + 1);
  } else {
    summary_.set_translated(summary_.translated() + 1);
  }
  v1::TranslateStreamResult* result = answer->mutable_result();
  result->set_sequence_id(request.sequence_id());
  result->set_rejected(r.rejected);
  for (const mappers::MappedResource& m : r.resources) {
    fhir::Document doc = fhir::BuildDocument(m.resource);
    result->add_resource_json(fhir::WriteJson(*doc.root()));
  }
  result->set_operation_outcome_json(fhir::OperationOutcomeJson(r.issues));
  return grpc::Status::OK;
}

v1::TranslateStreamResponse TranslateStreamReactor::Closing() {
  v1::TranslateStreamResponse closing;
  *closing.mutable_summary() = summary_;
  return closing;
}

}  // namespace fhirgw::service
