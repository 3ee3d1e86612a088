// File: gateway/service/gateway_service.cc
#include "gateway/service/gateway_service.h"

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"

#include <algorithm>
#include <thread>
#include "gateway/service/capability_statement.h"
#include "gateway/service/translate_stream_reactor.h"
#include "gateway/service/validate_stream_reactor.h"
#include "mappers/bundles.h"

namespace fhirgw::service {
namespace {

namespace v1 = fhirgw::gateway::v1;

std::string OutcomeJson(const fhir::IssueList& issues) { return fhir::OperationOutcomeJson(issues); }

}  // namespace

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

conformance::ValidationOptions ValidationOptionsOf(const google::protobuf::RepeatedPtrField<std::string>& profiles,
                                         const v1::ValidationPolicy& policy) {
  conformance::ValidationOptions options;
  options.profiles.assign(profiles.begin(), profiles.end());
  options.unknown_extensions_are_errors = policy.unknown_extensions_are_errors();
  options.extension_domains.assign(policy.extension_domains().begin(), policy.extension_domains().end());
  options.example_urls_allowed = !policy.example_urls_refused();
  options.html_in_markdown_is_error = policy.html_in_markdown_is_error();
  options.wrong_display_is_error = policy.wrong_display_is_error();
  options.assume_valid_rest_references = policy.assume_valid_rest_references();
  return options;
}

GatewayService::GatewayService(const conformance::Registry& registry, const mappers::ConceptMaps& maps,
                               ServiceLimits limits, std::string bearer_token, Metrics* metrics)
    : registry_(registry),
      validator_(registry),
      translator_(maps),
      pipeline_(translator_, &validator_),
      limits_(limits),
      token_(std::move(bearer_token)),
      metrics_(metrics),
      stream_pool_(static_cast<int>(std::thread::hardware_concurrency())) {}

bool GatewayService::Authorized(std::string_view value) const {
  if (token_.empty()) return true;
  constexpr std::string_view kBearer = "Bearer ";
  return value.starts_with(kBearer) && ConstantTimeEquals(value.substr(kBearer.size()), token_);
}

grpc::Status GatewayService::Authorize(const grpc::ServerContextBase& context) const {
  if (token_.empty()) return grpc::Status::OK;
  auto it = context.client_metadata().find("authorization");
  if (it == context.client_metadata().end()) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "missing bearer token (authorization metadata)");
  }
  if (!Authorized(std::string_view(it->second.data(), it->second.size()))) {
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "invalid bearer token");
  }
  return grpc::Status::OK;
}

pipeline::TranslationReport GatewayService::TranslateEntries(const std::vector<mappers::ReadEntry>& entries,
                                                             bool validate, mappers::BatchIndex* carry) const {
  pipeline::TranslateOptions options;
  options.mapping.recorded_at = pipeline::NowInstant();
  options.validate = validate;
  pipeline::TranslationReport report = pipeline_.Run(entries, options, carry);
  metrics_->Records(report.translated, report.rejected);
  metrics_->Issues(report.issues_by_severity[fhir::Severity::kFatal], report.issues_by_severity[fhir::Severity::kError],
                   report.issues_by_severity[fhir::Severity::kWarning],
                   report.issues_by_severity[fhir::Severity::kInformation]);
  return report;
}

grpc::Status GatewayService::Translate(grpc::ServerContext* context, const v1::TranslateRequest* request,
                                       v1::TranslateResponse* response) {
  RequestTimer timer(*metrics_, Method::kTranslate);
  if (grpc::Status s = Authorize(*context); !s.ok()) {
    timer.set_ok(false);
    return s;
  }
  if (static_cast<size_t>(request->records_size()) > limits_.max_records_per_request) {
    timer.set_ok(false);
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                        fhir::Concat("too many records in one request: ", request->records_size(), " (limit ",
                                     limits_.max_records_per_request, "); split the batch or use TranslateStream"));
  }
  std::vector<mappers::ReadEntry> entries(request->records_size());
  for (int i = 0; i < request->records_size(); ++i) {
    entries[i].ok = true;
    entries[i].record = request->records(i);
    entries[i].position = static_cast<uint32_t>(i + 1);
  }
  pipeline::TranslationReport report = TranslateEntries(entries, !request->skip_validation());
  if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled by the client");
  auto bundles = mappers::BuildPatientBundles(report.results,
                                              request->format() == v1::OUTPUT_FORMAT_TRANSACTION
                                                  ? mappers::BundleKind::kTransaction
                                                  : mappers::BundleKind::kCollection,
                                              "http://fhirgw.local/fhir");
  for (const mappers::PatientBundle& b : bundles) {
    fhir::Document doc = fhir::BuildDocument(b.bundle);
    response->add_bundle_json(fhir::WriteJson(*doc.root()));
  }
  for (const mappers::RecordResult& r : report.results) {
    v1::RecordOutcome* o = response->add_outcomes();
    o->set_index(r.index);
    o->set_record_kind(r.kind);
    o->set_record_id(r.record_id);
    o->set_rejected(r.rejected);
    o->set_operation_outcome_json(OutcomeJson(r.issues));
  }
  response->mutable_summary()->set_received(report.received);
  response->mutable_summary()->set_translated(report.translated);
  response->mutable_summary()->set_rejected(report.rejected);
  return grpc::Status::OK;
}

grpc::ServerBidiReactor<v1::TranslateStreamRequest, v1::TranslateStreamResponse>* GatewayService::TranslateStream(
    grpc::CallbackServerContext* context) {
  return new TranslateStreamReactor(*this, stream_pool_, *metrics_, context, Authorize(*context),
                                    limits_.max_records_per_request);
}


grpc::Status GatewayService::ValidateResource(const std::string& json, const conformance::ValidationOptions& options,
                                              bool* valid, std::string* outcome) const {
  // Profiles and extension domains are both lists a caller could make huge.
  for (const auto* list : {&options.profiles, &options.extension_domains}) {
    if (list->size() > limits_.max_profiles_per_request) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          fhir::Concat("too many ", list == &options.profiles ? "profiles" : "extension domains", ": ",
                                       list->size(), " (limit ", limits_.max_profiles_per_request, ")"));
    }
  }
  fhir::JsonReadOptions read;
  read.max_depth = limits_.max_json_depth;
  fhir::Document doc = fhir::ReadJson(json, read);
  fhir::IssueList issues = doc.issues();
  validator_.Validate(doc, options, &issues);
  *valid = !fhir::HasErrors(issues);
  metrics_->Resources(*valid ? 1 : 0, *valid ? 0 : 1);
  uint64_t counts[4] = {};
  for (const fhir::Issue& i : issues) ++counts[std::min<size_t>(static_cast<size_t>(i.severity), 3)];
  metrics_->Issues(counts[0], counts[1], counts[2], counts[3]);
  *outcome = OutcomeJson(issues);
  return grpc::Status::OK;
}

grpc::ServerUnaryReactor* GatewayService::Validate(grpc::CallbackServerContext* context,
                                                   const v1::ValidateRequest* request, v1::ValidateResponse* response) {
  RequestTimer timer(*metrics_, Method::kValidate);
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  grpc::Status status = Authorize(*context);
  if (status.ok()) {
    bool valid = false;
    std::string outcome;
    status = ValidateResource(request->resource_json(), ValidationOptionsOf(request->profiles(), request->policy()), &valid,
                              &outcome);
    if (status.ok()) {
      response->set_valid(valid);
      response->set_operation_outcome_json(std::move(outcome));
    }
  }
  timer.set_ok(status.ok());
  reactor->Finish(status);
  return reactor;
}

grpc::ServerBidiReactor<v1::ValidateStreamRequest, v1::ValidateStreamResponse>* GatewayService::ValidateStream(
    grpc::CallbackServerContext* context) {
  return new ValidateStreamReactor(*this, stream_pool_, *metrics_, context, Authorize(*context),
                                   limits_.max_records_per_request);
}

grpc::Status GatewayService::ListProfiles(grpc::ServerContext* context, const v1::ListProfilesRequest*,
                                          v1::ListProfilesResponse* response) {
  RequestTimer timer(*metrics_, Method::kListProfiles);
  if (grpc::Status s = Authorize(*context); !s.ok()) {
    timer.set_ok(false);
    return s;
  }
  for (const std::string& p : registry_.report().packages) {
    size_t hash = p.find('#');
    v1::LoadedPackage* pkg = response->add_packages();
    pkg->set_name(p.substr(0, hash));
    if (hash != std::string::npos) pkg->set_version(p.substr(hash + 1));
  }
  for (const auto& profile : registry_.profiles()) {
    if (profile->derivation != "constraint") continue;  // base types are not profiles to choose
    v1::LoadedProfile* p = response->add_profiles();
    p->set_url(profile->url);
    p->set_version(profile->version);
    p->set_type(profile->type);
    p->set_package(profile->package);
  }
  return grpc::Status::OK;
}

grpc::Status GatewayService::GetCapabilityStatement(grpc::ServerContext* context,
                                                    const v1::GetCapabilityStatementRequest*,
                                                    v1::GetCapabilityStatementResponse* response) {
  RequestTimer timer(*metrics_, Method::kGetCapabilityStatement);
  if (grpc::Status s = Authorize(*context); !s.ok()) {
    timer.set_ok(false);
    return s;
  }
  response->set_capability_statement_json(CapabilityStatementJson(registry_));
  return grpc::Status::OK;
}

}  // namespace fhirgw::service
