// File: tests/gateway/service_test.cc
// The real `fhirgw serve` on 127.0.0.1 port 0, called through real sockets with the C++ client:
// every RPC, health, bearer tokens, limits (the server keeps serving after refusing), a
// 10,000-record TranslateStream with 10% bad records, cancellation, TLS and mutual TLS.
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
#include "tests/testing/files.h"

namespace fhirgw {
namespace {

namespace v1 = fhirgw::gateway::v1;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr char kToken[] = "s3cret-token";

fs::path TempDir() {
  static const fs::path dir = [] {
    char tmpl[] = "/tmp/fhirgw-service-test-XXXXXX";
    return fs::path(mkdtemp(tmpl));
  }();
  return dir;
}

class ServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::ofstream(TempDir() / "token") << kToken << "\n";
    server_ = new testing::ServerProcess(FHIRGW_BINARY, {"--token-file", (TempDir() / "token").string(),
                                                         "--max-message-bytes", "1048576", "--max-records", "2000"});
    ASSERT_FALSE(server_->address().empty()) << "fhirgw serve did not start";
  }
  static void TearDownTestSuite() {
    EXPECT_EQ(server_->Stop(), 0) << "graceful shutdown should exit 0";
    delete server_;
    fs::remove_all(TempDir());
  }

  static std::unique_ptr<v1::FhirGateway::Stub> Stub() {
    return v1::FhirGateway::NewStub(grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials()));
  }
  static void Authorize(grpc::ClientContext* ctx, std::string token = kToken) {
    std::string value = "Bearer ";
    value.append(token);
    ctx->AddMetadata("authorization", value);
    ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  }

  static testing::ServerProcess* server_;
};
testing::ServerProcess* ServiceTest::server_ = nullptr;

const char kPatient[] = R"({"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-01-01"})";
const char kBadPatient[] = R"({"resourceType":"Patient","id":"p1","gender":"woman","birthDate":"1970-02-30"})";

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

TEST_F(ServiceTest, ValidateStreamAnswersEachInOrderThenSums) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  for (uint64_t i = 0; i < 30; ++i) {
    v1::ValidateStreamRequest req;
    req.set_sequence_id(100 + i);
    req.set_resource_json(i % 3 == 0 ? kBadPatient : kPatient);
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  uint64_t next = 100, invalid = 0;
  bool summary = false;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), 30u);
      EXPECT_EQ(resp.summary().rejected(), 10u);
      EXPECT_EQ(resp.summary().translated() + resp.summary().rejected(), 30u);
      continue;
    }
    EXPECT_EQ(resp.result().sequence_id(), next++);
    invalid += resp.result().valid() ? 0 : 1;
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_EQ(invalid, 10u);
}

// Batches and single-resource messages mixed, one resource too deeply nested (a data problem:
// its own OperationOutcome); then a batch over the profiles limit, refused whole after the
// answers before it.
TEST_F(ServiceTest, ValidateStreamBatchesAreAnsweredResourceByResource) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  std::string deep = R"({"resourceType":"Patient","extension":[)";
  for (int i = 0; i < 200; ++i) deep += R"({"url":"http://x.test/e","extension":[)";
  for (int i = 0; i < 200; ++i) deep += "]}";
  deep += "]}";
  auto json = [&](uint64_t id) { return id == 9 ? deep : id % 3 == 0 ? kBadPatient : kPatient; };
  uint64_t id = 0;
  for (int size : {5, 1, 12, 0, 3}) {  // 0: a single-resource message
    v1::ValidateStreamRequest req;
    if (size == 0) {
      req.set_sequence_id(id);
      req.set_resource_json(json(id++));
    }
    for (int k = 0; k < size; ++k, ++id) {
      v1::SequencedResource* r = req.add_batch();
      r->set_sequence_id(id);
      r->set_resource_json(json(id));
    }
    ASSERT_TRUE(stream->Write(req));
  }
  v1::ValidateStreamRequest too_many;
  too_many.add_batch()->set_resource_json(kPatient);
  for (int i = 0; i < 17; ++i) too_many.add_profiles("http://hl7.org/fhir/StructureDefinition/Patient");
  stream->Write(too_many);
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  uint64_t next = 0, invalid = 0, batches = 0;
  auto check = [&](const v1::ValidateStreamResult& r) {
    EXPECT_EQ(r.sequence_id(), next++);
    EXPECT_EQ(r.valid(), r.sequence_id() % 3 != 0) << r.sequence_id();
    if (r.sequence_id() == 9) {
      EXPECT_THAT(r.operation_outcome_json(), HasSubstr("deep")) << r.operation_outcome_json();
    }
    invalid += r.valid() ? 0 : 1;
  };
  while (stream->Read(&resp)) {
    ASSERT_FALSE(resp.has_summary()) << "the stream ends with the refusal, not a summary";
    if (resp.has_batch()) {
      ++batches;
      for (const v1::ValidateStreamResult& r : resp.batch().results()) check(r);
    } else {
      check(resp.result());
    }
  }
  grpc::Status status = stream->Finish();
  EXPECT_EQ(next, 22u);
  EXPECT_EQ(batches, 4u);
  EXPECT_EQ(invalid, 8u);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("too many profiles"));
  EXPECT_TRUE(server_->running());
}

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

TEST_F(ServiceTest, TranslateStreamOfTenThousandRecordsWithTenPercentBadAddsUp) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  constexpr int kRecords = 10'000;
  std::thread writer([&] {
    for (int i = 0; i < kRecords; ++i) {
      v1::TranslateStreamRequest req;
      req.set_sequence_id(static_cast<uint64_t>(i));
      auto* p = req.mutable_record()->mutable_patient();
      p->mutable_source()->set_system("urn:test");
      std::string id = std::to_string(i);
      id.insert(id.begin(), 'P');
      p->mutable_source()->set_record_id(id);
      p->set_family_name("Doe");
      p->set_administrative_sex("F");
      if (i % 10 != 7) p->set_mrn(std::to_string(i));  // every tenth record lacks its MRN
      if (!stream->Write(req)) break;
    }
    stream->WritesDone();
  });
  v1::TranslateStreamResponse resp;
  uint64_t next = 0, rejected = 0;
  bool summary = false;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), static_cast<uint64_t>(kRecords));
      EXPECT_EQ(resp.summary().rejected(), static_cast<uint64_t>(kRecords / 10));
      EXPECT_EQ(resp.summary().translated(), static_cast<uint64_t>(kRecords - kRecords / 10));
      continue;
    }
    EXPECT_EQ(resp.result().sequence_id(), next++);
    if (resp.result().rejected()) {
      ++rejected;
      EXPECT_THAT(resp.result().operation_outcome_json(), HasSubstr("patient[P"));
    }
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_EQ(next, static_cast<uint64_t>(kRecords));
  EXPECT_EQ(rejected, static_cast<uint64_t>(kRecords / 10));
}

// Batches of 1 to 150 records, and single-record messages between them: every record is
// answered once, in order, and the summary counts records (not messages).
TEST_F(ServiceTest, TranslateStreamBatchesAreAnsweredRecordByRecordInOrder) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  constexpr int kRecords = 10'000;
  auto fill = [](int i, oncology::v1::Record* record) {
    auto* p = record->mutable_patient();
    p->mutable_source()->set_system("urn:test");
    std::string id = std::to_string(i);
    id.insert(id.begin(), 'B');  // (not "B" + ...: GCC 12 misreads it under -Wrestrict)
    p->mutable_source()->set_record_id(id);
    p->set_family_name("Doe");
    p->set_administrative_sex("F");
    if (i % 10 != 3) p->set_mrn(std::to_string(i));  // every tenth record lacks its MRN
  };
  std::thread writer([&] {
    int size = 1;
    for (int i = 0; i < kRecords; size = size % 150 + 7) {
      v1::TranslateStreamRequest req;
      if (size % 5 == 0) {  // now and then a single-record message
        req.set_sequence_id(static_cast<uint64_t>(i));
        fill(i++, req.mutable_record());
      } else {
        for (int end = std::min(kRecords, i + size); i < end; ++i) {
          v1::SequencedRecord* r = req.add_batch();
          r->set_sequence_id(static_cast<uint64_t>(i));
          fill(i, r->mutable_record());
        }
      }
      if (!stream->Write(req)) break;
    }
    stream->WritesDone();
  });
  v1::TranslateStreamResponse resp;
  uint64_t next = 0, rejected = 0, batches = 0;
  bool summary = false;
  auto check = [&](const v1::TranslateStreamResult& r) {
    EXPECT_EQ(r.sequence_id(), next++);
    rejected += r.rejected() ? 1 : 0;
    EXPECT_EQ(r.rejected(), r.sequence_id() % 10 == 3) << r.sequence_id();
  };
  while (stream->Read(&resp)) {
    if (resp.has_summary()) {
      summary = true;
      EXPECT_EQ(resp.summary().received(), static_cast<uint64_t>(kRecords));
      EXPECT_EQ(resp.summary().rejected(), static_cast<uint64_t>(kRecords / 10));
      EXPECT_EQ(resp.summary().translated(), static_cast<uint64_t>(kRecords - kRecords / 10));
    } else if (resp.has_batch()) {
      ++batches;
      for (const v1::TranslateStreamResult& r : resp.batch().results()) check(r);
    } else {
      check(resp.result());
    }
  }
  writer.join();
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_TRUE(summary);
  EXPECT_GT(batches, 50u);
  EXPECT_EQ(next, static_cast<uint64_t>(kRecords));
  EXPECT_EQ(rejected, static_cast<uint64_t>(kRecords / 10));
}

// A malformed message ends the stream with INVALID_ARGUMENT after the answers before it.
TEST_F(ServiceTest, TranslateStreamRefusesAMessageWithBothFormsOrTooLargeABatch) {
  auto stub = Stub();
  for (bool both : {true, false}) {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    auto stream = stub->TranslateStream(&ctx);
    v1::TranslateStreamRequest first;
    first.set_sequence_id(1);
    first.mutable_record()->mutable_patient()->set_mrn("1");
    ASSERT_TRUE(stream->Write(first));
    v1::TranslateStreamRequest bad;
    if (both) bad.set_sequence_id(2);
    for (int i = 0; i < (both ? 1 : 2001); ++i) bad.add_batch()->set_sequence_id(static_cast<uint64_t>(10 + i));
    stream->Write(bad);
    stream->WritesDone();
    v1::TranslateStreamResponse resp;
    int answers = 0;
    while (stream->Read(&resp)) answers += resp.has_result() ? 1 : 0;
    grpc::Status status = stream->Finish();
    EXPECT_EQ(answers, 1);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(status.error_message(), HasSubstr(both ? "not both" : "limit 2000"));
  }
  EXPECT_TRUE(server_->running());
}

TEST_F(ServiceTest, TranslateStreamResolvesReferencesToRecordsSentEarlierInTheStream) {
  // A whole patient record by record: the care plan names treatments streamed before it.
  std::vector<mappers::ReadEntry> entries;
  ASSERT_TRUE(mappers::ReadRecordFile(FHIRGW_SOURCE_DIR "/examples/records/patient-P001.json", &entries).ok());
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->TranslateStream(&ctx);
  for (size_t i = 0; i < entries.size(); ++i) {
    v1::TranslateStreamRequest req;
    req.set_sequence_id(i);
    *req.mutable_record() = entries[i].record;
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::TranslateStreamResponse resp;
  uint64_t rejected = 99;
  while (stream->Read(&resp)) {
    if (resp.has_summary()) rejected = resp.summary().rejected();
    if (resp.has_result()) {
      EXPECT_FALSE(resp.result().rejected()) << resp.result().operation_outcome_json();
      EXPECT_THAT(resp.result().operation_outcome_json(), ::testing::Not(HasSubstr("reference-not-in-batch")));
    }
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(rejected, 0u);
}

TEST_F(ServiceTest, CancellingAStreamMidwayLeavesTheServerHealthy) {
  auto stub = Stub();
  {
    grpc::ClientContext ctx;
    Authorize(&ctx);
    auto stream = stub->TranslateStream(&ctx);
    for (int i = 0; i < 50; ++i) {
      v1::TranslateStreamRequest req;
      req.set_sequence_id(static_cast<uint64_t>(i));
      stream->Write(req);
    }
    v1::TranslateStreamResponse resp;
    ASSERT_TRUE(stream->Read(&resp));
    ctx.TryCancel();
    while (stream->Read(&resp)) {
    }
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  grpc::ClientContext ctx;
  Authorize(&ctx);
  v1::ValidateRequest req;
  req.set_resource_json(kPatient);
  v1::ValidateResponse resp;
  EXPECT_TRUE(stub->Validate(&ctx, req, &resp).ok());
  EXPECT_TRUE(server_->running());
}

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

TEST_F(ServiceTest, AStreamRequestOverALimitEndsTheStreamAfterTheAnswersBeforeIt) {
  auto stub = Stub();
  grpc::ClientContext ctx;
  Authorize(&ctx);
  auto stream = stub->ValidateStream(&ctx);
  for (uint64_t i = 0; i < 3; ++i) {
    v1::ValidateStreamRequest req;
    req.set_sequence_id(i);
    req.set_resource_json(kPatient);
    // The third names more profiles than a request may (16).
    for (int p = 0; i == 2 && p < 17; ++p) req.add_profiles("http://example.org/StructureDefinition/p" + std::to_string(p));
    ASSERT_TRUE(stream->Write(req));
  }
  stream->WritesDone();
  v1::ValidateStreamResponse resp;
  std::vector<uint64_t> answered;
  while (stream->Read(&resp)) {
    ASSERT_FALSE(resp.has_summary()) << "a stream ended by a limit has no summary";
    answered.push_back(resp.result().sequence_id());
  }
  grpc::Status s = stream->Finish();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(s.error_message(), HasSubstr("too many profiles"));
  EXPECT_EQ(answered, (std::vector<uint64_t>{0, 1}));

  grpc::ClientContext refused;
  Authorize(&refused, "wrong-token");
  auto refused_stream = stub->ValidateStream(&refused);
  EXPECT_FALSE(refused_stream->Read(&resp));
  EXPECT_EQ(refused_stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);

  grpc::ClientContext after;
  Authorize(&after);
  v1::ValidateRequest ok;
  ok.set_resource_json(kPatient);
  v1::ValidateResponse vr;
  EXPECT_TRUE(stub->Validate(&after, ok, &vr).ok());
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
}  // namespace fhirgw
