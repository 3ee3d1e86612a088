// File: gateway/cli/remote_gateway.h
// The command line's client for a running `fhirgw serve` (validate --server, translate
// --server): the same work, done by the server.
#ifndef FHIRGW_GATEWAY_CLI_REMOTE_GATEWAY_H_
#define FHIRGW_GATEWAY_CLI_REMOTE_GATEWAY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/validator.h"
#include "fhir/issue.h"
#include "fhirgw/gateway/v1/gateway.grpc.pb.h"

namespace fhirgw::cli {

struct RemoteOptions {
  std::string server;      // HOST:PORT
  std::string token_file;  // bearer token to send, if any
  std::string ca_file;     // TLS: the CA that signed the server's certificate
};

class RemoteGateway {
 public:
  static absl::StatusOr<std::unique_ptr<RemoteGateway>> Connect(const RemoteOptions& options);

  // The server's issues for each resource (JSON), in order: one ValidateStream, the resources
  // sent in batch messages of at most kBatchBytes (or one resource, when larger). Validates with
  // the profiles and policy of `options`. Errors: the call failed (status code, message).
  absl::StatusOr<std::vector<fhir::IssueList>> ValidateMany(const std::vector<std::string>& jsons,
                                                            const conformance::ValidationOptions& options);
  static constexpr size_t kBatchBytes = 1 << 20;
  static constexpr int kBatchResources = 256;
  absl::StatusOr<gateway::v1::TranslateResponse> Translate(const gateway::v1::TranslateRequest& request);

 private:
  std::unique_ptr<gateway::v1::FhirGateway::Stub> stub_;
  std::string token_;
};

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_REMOTE_GATEWAY_H_
