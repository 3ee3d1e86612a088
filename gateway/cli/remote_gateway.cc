// File: gateway/cli/remote_gateway.cc
#include "gateway/cli/remote_gateway.h"

#include <grpcpp/grpcpp.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "fhir/json_reader.h"
#include "fhir/operation_outcome.h"
#include "fhir/text.h"
#include "gateway/cli/input_files.h"

namespace fhirgw::cli {
namespace {

absl::Status FromGrpc(const grpc::Status& s) {
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), fhir::Concat("server: ", s.error_message()));
}

}  // namespace

absl::StatusOr<std::unique_ptr<RemoteGateway>> RemoteGateway::Connect(const RemoteOptions& options) {
  auto remote = std::unique_ptr<RemoteGateway>(new RemoteGateway());
  if (!options.token_file.empty()) {
    if (!ReadTextFile(options.token_file, &remote->token_)) {
      return absl::NotFoundError(fhir::Concat("cannot read ", options.token_file));
    }
    while (!remote->token_.empty() && (remote->token_.back() == '\n' || remote->token_.back() == '\r')) {
      remote->token_.pop_back();
    }
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::InsecureChannelCredentials();
  if (!options.ca_file.empty()) {
    grpc::SslCredentialsOptions ssl;
    if (!ReadTextFile(options.ca_file, &ssl.pem_root_certs)) return absl::NotFoundError(fhir::Concat("cannot read ", options.ca_file));
    credentials = grpc::SslCredentials(ssl);
  }
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(256 << 20);
  remote->stub_ = gateway::v1::FhirGateway::NewStub(grpc::CreateCustomChannel(options.server, credentials, args));
  return remote;
}

absl::StatusOr<std::vector<fhir::IssueList>> RemoteGateway::ValidateMany(
    const std::vector<std::string>& jsons, const conformance::ValidationOptions& options) {
  std::vector<fhir::IssueList> out(jsons.size());
  if (jsons.empty()) return out;
  grpc::ClientContext ctx;
  if (!token_.empty()) ctx.AddMetadata("authorization", fhir::Concat("Bearer ", token_));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(300));
  gateway::v1::ValidateStreamRequest shared;
  for (const std::string& p : options.profiles) shared.add_profiles(p);
  gateway::v1::ValidationPolicy& policy = *shared.mutable_policy();
  policy.set_unknown_extensions_are_errors(options.unknown_extensions_are_errors);
  for (const std::string& d : options.extension_domains) policy.add_extension_domains(d);
  policy.set_example_urls_refused(!options.example_urls_allowed);
  policy.set_html_in_markdown_is_error(options.html_in_markdown_is_error);
  policy.set_wrong_display_is_error(options.wrong_display_is_error);
  policy.set_assume_valid_rest_references(options.assume_valid_rest_references);
  auto stream = stub_->ValidateStream(&ctx);
  // Written on its own thread: the server stops reading while its answers wait to be read.
  std::thread writer([&] {
    for (size_t i = 0; i < jsons.size();) {
      gateway::v1::ValidateStreamRequest req = shared;
      size_t bytes = 0;
      do {
        gateway::v1::SequencedResource* r = req.add_batch();
        r->set_sequence_id(i);
        r->set_resource_json(jsons[i]);
        bytes += jsons[i++].size();
      } while (i < jsons.size() && bytes + jsons[i].size() <= kBatchBytes && req.batch_size() < kBatchResources);
      if (!stream->Write(req)) break;
    }
    stream->WritesDone();
  });
  size_t answered = 0;
  bool unreadable = false;
  gateway::v1::ValidateStreamResponse resp;
  while (stream->Read(&resp)) {
    for (const gateway::v1::ValidateStreamResult& r : resp.batch().results()) {
      fhir::Document outcome = fhir::ReadJson(r.operation_outcome_json());
      if (r.sequence_id() >= out.size() || outcome.root() == nullptr) {
        unreadable = true;
        continue;
      }
      out[r.sequence_id()] = fhir::IssuesFromOperationOutcome(*outcome.root());
      ++answered;
    }
  }
  writer.join();
  grpc::Status s = stream->Finish();
  if (!s.ok()) return FromGrpc(s);
  if (unreadable || answered != jsons.size()) {
    return absl::InternalError(fhir::Concat("server: ", answered, " of ", jsons.size(), " resources answered readably"));
  }
  return out;
}

absl::StatusOr<gateway::v1::TranslateResponse> RemoteGateway::Translate(const gateway::v1::TranslateRequest& request) {
  grpc::ClientContext ctx;
  if (!token_.empty()) ctx.AddMetadata("authorization", fhir::Concat("Bearer ", token_));
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(300));
  gateway::v1::TranslateResponse resp;
  grpc::Status s = stub_->Translate(&ctx, request, &resp);
  if (!s.ok()) return FromGrpc(s);
  return resp;
}

}  // namespace fhirgw::cli
