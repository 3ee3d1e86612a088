// File: gateway/service/gateway_service.h
// fhirgw.gateway.v1.FhirGateway over the shared core: the translate pipeline and the validator.
// Envelope problems are gRPC status codes (bad token, too many records); data problems are
// OperationOutcomes inside OK responses.
#ifndef FHIRGW_GATEWAY_SERVICE_GATEWAY_SERVICE_H_
#define FHIRGW_GATEWAY_SERVICE_GATEWAY_SERVICE_H_

#include <atomic>
#include <string>

#include "conformance/registry.h"
#include "conformance/validator.h"
#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gateway/pipeline/translate_pipeline.h"
#include "gateway/service/metrics.h"
#include "gateway/service/work_pool.h"
#include "mappers/translator.h"

namespace fhirgw::service {

struct ServiceLimits {
  size_t max_records_per_request = 10'000;  // Translate, and a batch message of either stream
  uint32_t max_json_depth = 128;            // nesting of a resource to validate
  size_t max_profiles_per_request = 16;
};

// Validate, the call integration engines make most, and the two streams use gRPC's callback API
// (handled on gRPC's own threads without a hand-off to a sync worker: twice the unary
// throughput here); the occasional calls (Translate, ListProfiles, GetCapabilityStatement) are
// synchronous handlers.
class GatewayService final
    : public fhirgw::gateway::v1::FhirGateway::WithCallbackMethod_ValidateStream<
          fhirgw::gateway::v1::FhirGateway::WithCallbackMethod_TranslateStream<
              fhirgw::gateway::v1::FhirGateway::WithCallbackMethod_Validate<fhirgw::gateway::v1::FhirGateway::Service>>> {
 public:
  // Everything passed must outlive the service. `bearer_token` empty: no authentication.
  GatewayService(const conformance::Registry& registry, const mappers::ConceptMaps& maps, ServiceLimits limits,
                 std::string bearer_token, Metrics* metrics);

  // The core both front ends use (the gRPC methods below and the HTTP facade).
  // Validates one resource; fills `valid` and the OperationOutcome JSON. Errors: limits.
  grpc::Status ValidateResource(const std::string& json, const conformance::ValidationOptions& options, bool* valid,
                                std::string* outcome) const;
  // Translates parsed entries; counts them in the metrics. `carry`: see Translator::Translate.
  pipeline::TranslationReport TranslateEntries(const std::vector<mappers::ReadEntry>& entries, bool validate,
                                               mappers::BatchIndex* carry = nullptr) const;
  // True when `authorization` (an HTTP/gRPC header value) carries the bearer token, or no token is set.
  bool Authorized(std::string_view authorization) const;

  grpc::Status Translate(grpc::ServerContext* context, const gateway::v1::TranslateRequest* request,
                         gateway::v1::TranslateResponse* response) override;
  grpc::ServerBidiReactor<gateway::v1::TranslateStreamRequest, gateway::v1::TranslateStreamResponse>* TranslateStream(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* Validate(grpc::CallbackServerContext* context, const gateway::v1::ValidateRequest* request,
                                     gateway::v1::ValidateResponse* response) override;
  grpc::ServerBidiReactor<gateway::v1::ValidateStreamRequest, gateway::v1::ValidateStreamResponse>* ValidateStream(
      grpc::CallbackServerContext* context) override;
  grpc::Status ListProfiles(grpc::ServerContext* context, const gateway::v1::ListProfilesRequest* request,
                            gateway::v1::ListProfilesResponse* response) override;
  grpc::Status GetCapabilityStatement(grpc::ServerContext* context,
                                      const gateway::v1::GetCapabilityStatementRequest* request,
                                      gateway::v1::GetCapabilityStatementResponse* response) override;

 private:
  grpc::Status Authorize(const grpc::ServerContextBase& context) const;

  const conformance::Registry& registry_;
  conformance::Validator validator_;
  mappers::Translator translator_;
  pipeline::TranslatePipeline pipeline_;
  ServiceLimits limits_;
  std::string token_;
  Metrics* metrics_;
  // Translates stream records off gRPC's threads. Declared last: destroyed first, finishing
  // its tasks while everything they use still exists.
  WorkPool stream_pool_;
};

// A request's profiles and policy as validator options.
conformance::ValidationOptions ValidationOptionsOf(const google::protobuf::RepeatedPtrField<std::string>& profiles,
                                                   const gateway::v1::ValidationPolicy& policy);

// True when `a` equals `b`, in time that depends only on their lengths (for secrets).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace fhirgw::service

#endif  // FHIRGW_GATEWAY_SERVICE_GATEWAY_SERVICE_H_
