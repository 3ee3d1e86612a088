// File: gateway/service/translate_stream_reactor.cc
#include "gateway/service/translate_stream_reactor.h"

#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "gateway/service/gateway_service.h"

namespace fhirgw::service {

namespace v1 = fhirgw::gateway::v1;

TranslateStreamReactor::TranslateStreamReactor(const GatewayService& service, WorkPool& pool, Metrics& metrics,
                                               grpc::CallbackServerContext* context, const grpc::Status& refusal,
                                               size_t max_batch)
    : OrderedStreamReactor(pool, metrics, Method::kTranslateStream, context), service_(service), max_batch_(max_batch) {
  Start(refusal);
}

grpc::Status TranslateStreamReactor::Handle(const v1::TranslateStreamRequest& request,
                                            v1::TranslateStreamResponse* answer) {
  const int batch = request.batch_size();
  if (batch > 0 && (request.has_record() || request.sequence_id() != 0)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        "a TranslateStream message carries one record (sequence_id, record) or a batch, not both");
  }
  if (static_cast<size_t>(batch) > max_batch_) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        fhir::Concat("too many records in one message: ", batch, " (limit ", max_batch_, ")"));
  }
  if (seen_.keys.size() > kMaxRemembered) seen_ = mappers::BatchIndex();
  std::vector<mappers::ReadEntry> entries(batch > 0 ? batch : 1);
  for (size_t i = 0; i < entries.size(); ++i) {
    entries[i].ok = true;
    entries[i].record = batch > 0 ? request.batch(static_cast<int>(i)).record() : request.record();
  }
  pipeline::TranslationReport report = service_.TranslateEntries(entries, !request.skip_validation(), &seen_);
  summary_.set_received(summary_.received() + report.received);
  summary_.set_translated(summary_.translated() + report.translated);
  summary_.set_rejected(summary_.rejected() + report.rejected);
  for (size_t i = 0; i < report.results.size(); ++i) {
    const mappers::RecordResult& r = report.results[i];
    v1::TranslateStreamResult* result = batch > 0 ? answer->mutable_batch()->add_results() : answer->mutable_result();
    result->set_sequence_id(batch > 0 ? request.batch(static_cast<int>(i)).sequence_id() : request.sequence_id());
    result->set_rejected(r.rejected);
    for (const mappers::MappedResource& m : r.resources) {
      fhir::Document doc = fhir::BuildDocument(m.resource);
      result->add_resource_json(fhir::WriteJson(*doc.root()));
    }
    result->set_operation_outcome_json(fhir::OperationOutcomeJson(r.issues));
  }
  return grpc::Status::OK;
}

v1::TranslateStreamResponse TranslateStreamReactor::Closing() {
  v1::TranslateStreamResponse closing;
  *closing.mutable_summary() = summary_;
  return closing;
}

}  // namespace fhirgw::service
