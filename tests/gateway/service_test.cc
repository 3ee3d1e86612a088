// File: tests/gateway/service_test.cc
// The real `fhirgw serve` on 127.0.0.1 port 0, called through real sockets with the C++ client:
// unary calls, health, bearer tokens, limits (the server keeps serving after refusing), TLS
// and mutual TLS. The streams' tests are in stream_test.cc.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mappers/record_reader.h"
#include "tests/gateway/server_process.h"
#include "tests/gateway/service_fixture.h"
#include "tests/testing/files.h"

namespace fhirgw::service_testing {
namespace {

TEST_F(ServiceTest, ValidateAnswersWithAnOperationOutcome) {
  auto stub = Stub();
  for (auto [json, valid] : {std::pair{kPatient, true}, std::pair{kBadPatient, false}}) {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    v1::ValidateRequest req;
    req.set_resource_json(json);
    v1::ValidateResponse resp;
    ASSERT_TRUE(stub->Validate(&ctx, req, &resp).ok());
    EXPECT_EQ(resp.valid(), valid);
    EXPECT_THAT(resp.operation_outcome_json(), HasSubstr("\"resourceType\":\"OperationOutcome\""));
    if (!valid) {
      EXPECT_THAT(resp.operation_outcome_json(), HasSubstr("Patient.gender"));
    }
  }
}

TEST_F(ServiceTest, ValidatePolicyTravelsWithTheRequest) {
  auto stub = Stub();
  const std::string json =
      R"({"resourceType":"Patient","extension":[{"url":"http://partner.test/fhir/ext","valueString":"x"}]})";
  auto valid = [&](bool strict, const std::string& domain) {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    v1::ValidateRequest req;
    req.set_resource_json(json);
    req.mutable_policy()->set_unknown_extensions_are_errors(strict);
    if (!domain.empty()) req.mutable_policy()->add_extension_domains(domain);
    v1::ValidateResponse resp;
    EXPECT_TRUE(stub->Validate(&ctx, req, &resp).ok());
    return resp.valid();
  };
  EXPECT_TRUE(valid(false, ""));   // an unknown extension is a warning by default
  EXPECT_FALSE(valid(true, ""));   // an error when the caller asks
  EXPECT_TRUE(valid(true, "http://partner.test/"));  // accepted under a named domain
}

// Batches and single-resource messages mixed, one resource too deeply nested (a data problem:
// its own OperationOutcome); then a batch over the profiles limit, refused whole after the
// answers before it.
TEST_F(ServiceTest, TranslateReturnsBundlesAndAnOutcomePerRecord) {
  std::vector<mappers::ReadEntry> entries;
  ASSERT_TRUE(mappers::ReadRecordFile(FHIRGW_SOURCE_DIR "/examples/records/patient-P001.json", &entries).ok());
  v1::TranslateRequest req;
  for (const auto& e : entries) *req.add_records() = e.record;
  req.add_records();  // an empty record: rejected, still accounted for
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::TranslateResponse resp;
  ASSERT_TRUE(stub->Translate(&ctx, req, &resp).ok());
  EXPECT_EQ(resp.outcomes_size(), req.records_size());
  EXPECT_EQ(resp.summary().received(), static_cast<uint64_t>(req.records_size()));
  EXPECT_EQ(resp.summary().rejected(), 1u);
  EXPECT_EQ(resp.summary().translated() + resp.summary().rejected(), resp.summary().received());
  ASSERT_EQ(resp.bundle_json_size(), 1);
  EXPECT_THAT(resp.bundle_json(0), HasSubstr("mcode-patient-bundle"));
  EXPECT_TRUE(resp.outcomes(req.records_size() - 1).rejected());
}

// Batches of 1 to 150 records, and single-record messages between them: every record is
// answered once, in order, and the summary counts records (not messages).
// A malformed message ends the stream with INVALID_ARGUMENT after the answers before it.
TEST_F(ServiceTest, ListProfilesAndCapabilityStatement) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ListProfilesResponse profiles;
  ASSERT_TRUE(stub->ListProfiles(&ctx, {}, &profiles).ok());
  bool mcode = false;
  for (const auto& p : profiles.profiles()) mcode = mcode || p.url().find("mcode-primary-cancer-condition") != std::string::npos;
  EXPECT_TRUE(mcode);
  EXPECT_GE(profiles.packages_size(), 5);
  grpc::ClientContext ctx2;
  Authorize(&ctx2);
  v1::GetCapabilityStatementResponse cs;
  ASSERT_TRUE(stub->GetCapabilityStatement(&ctx2, {}, &cs).ok());
  EXPECT_THAT(cs.capability_statement_json(), HasSubstr("\"resourceType\":\"CapabilityStatement\""));
  EXPECT_THAT(cs.capability_statement_json(), HasSubstr("\"fhirVersion\":\"4.0.1\""));
}

TEST_F(ServiceTest, MissingAndWrongTokensAreUnauthenticated) {
  auto stub = Stub();
  v1::ValidateRequest req;
  req.set_resource_json(kPatient);
  v1::ValidateResponse resp;
  grpc::ClientContext none;
  EXPECT_EQ(stub->Validate(&none, req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  grpc::ClientContext wrong;
  Authorize(&wrong, "s3cret-tokeX");
  EXPECT_EQ(stub->Validate(&wrong, req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServiceTest, OversizeAndOverLimitRequestsAreRefusedAndServingGoesOn) {
  auto stub = Stub();
  v1::ValidateRequest big;
  big.set_resource_json(std::string(2 << 20, ' '));  // 2 MiB, over the 1 MiB limit
  v1::ValidateResponse resp;
  grpc::ClientContext ctx;
  Authorize(&ctx);
  EXPECT_EQ(stub->Validate(&ctx, big, &resp).error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  v1::TranslateRequest many;
  for (int i = 0; i < 2001; ++i) many.add_records();
  v1::TranslateResponse tr;
  grpc::ClientContext ctx2;
  Authorize(&ctx2);
  grpc::Status s = stub->Translate(&ctx2, many, &tr);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("too many records"));
  v1::ValidateRequest malformed;
  malformed.set_resource_json("{\"resourceType\":\"Patient\",");
  grpc::ClientContext ctx3;
  Authorize(&ctx3);
  ASSERT_TRUE(stub->Validate(&ctx3, malformed, &resp).ok());  // a data problem: an outcome, not a status
  EXPECT_FALSE(resp.valid());
  grpc::ClientContext ctx4;
  Authorize(&ctx4);
  v1::ValidateRequest ok;
  ok.set_resource_json(kPatient);
  EXPECT_TRUE(stub->Validate(&ctx4, ok, &resp).ok());
}

TEST_F(ServiceTest, HealthIsServedWithoutAToken) {
  auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
  grpc::GenericStub generic(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::Slice empty("");
  grpc::ByteBuffer request(&empty, 1), response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(&ctx, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request, &response,
                    [&](grpc::Status s) { done.set_value(s); });
  ASSERT_TRUE(done.get_future().get().ok());
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(response.Dump(&slices).ok());
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // HealthCheckResponse{status: SERVING}
}

// TLS and mutual TLS with certificates made here by openssl.
bool MakeCertificates(const fs::path& dir) {
  std::string d = dir.string();
  std::string cmd =
      "cd " + d + " && openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca -keyout ca.key -out ca.pem 2>/dev/null"
      " && openssl req -newkey rsa:2048 -nodes -subj /CN=localhost -keyout server.key -out server.csr 2>/dev/null"
      " && printf 'subjectAltName=DNS:localhost,IP:127.0.0.1' > san.ext"
      " && openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -extfile san.ext -out server.pem 2>/dev/null"
      " && openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout client.key -out client.csr 2>/dev/null"
      " && openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 -out client.pem 2>/dev/null";
  return std::system(cmd.c_str()) == 0;
}

grpc::StatusCode CallOverTls(const std::string& address, const fs::path& dir, bool client_cert) {
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = fhirgw::testing::ReadFile(dir / "ca.pem");
  if (client_cert) {
    ssl.pem_private_key = fhirgw::testing::ReadFile(dir / "client.key");
    ssl.pem_cert_chain = fhirgw::testing::ReadFile(dir / "client.pem");
  }
  auto stub = v1::FhirGateway::NewStub(grpc::CreateChannel(address, grpc::SslCredentials(ssl)));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  v1::ValidateRequest req;
  req.set_resource_json(kPatient);
  v1::ValidateResponse resp;
  return stub->Validate(&ctx, req, &resp).error_code();
}

TEST(ServiceTlsTest, TlsAndMutualTls) {
  fs::path dir = TempDir() / "tls";
  fs::create_directories(dir);
  ASSERT_TRUE(MakeCertificates(dir));
  {
    testing::ServerProcess tls(FHIRGW_BINARY, {"--tls-cert", (dir / "server.pem").string(), "--tls-key",
                                               (dir / "server.key").string()});
    ASSERT_FALSE(tls.address().empty());
    EXPECT_EQ(CallOverTls(tls.address(), dir, false), grpc::StatusCode::OK);
    // A plaintext client cannot talk to it.
    auto plain = v1::FhirGateway::NewStub(grpc::CreateChannel(tls.address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    v1::ValidateRequest req;
    v1::ValidateResponse resp;
    EXPECT_NE(plain->Validate(&ctx, req, &resp).error_code(), grpc::StatusCode::OK);
  }
  testing::ServerProcess mtls(FHIRGW_BINARY, {"--tls-cert", (dir / "server.pem").string(), "--tls-key",
                                              (dir / "server.key").string(), "--tls-client-ca", (dir / "ca.pem").string()});
  ASSERT_FALSE(mtls.address().empty());
  EXPECT_EQ(CallOverTls(mtls.address(), dir, true), grpc::StatusCode::OK);
  EXPECT_NE(CallOverTls(mtls.address(), dir, false), grpc::StatusCode::OK);
}

}  // namespace
}  // namespace fhirgw::service_testing
