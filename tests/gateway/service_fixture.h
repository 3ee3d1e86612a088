// File: tests/gateway/service_fixture.h
// The real `fhirgw serve` on 127.0.0.1 port 0 (a bearer token, a 1 MB message limit, 2,000
// records per request), started once for the ServiceTest suite, whose tests are in
// service_test.cc (unary calls, limits, security) and stream_test.cc (the two streams).
#ifndef FHIRGW_TESTS_GATEWAY_SERVICE_FIXTURE_H_
#define FHIRGW_TESTS_GATEWAY_SERVICE_FIXTURE_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fhirgw/gateway/v1/gateway.grpc.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/gateway/server_process.h"

namespace fhirgw::service_testing {

namespace v1 = fhirgw::gateway::v1;
namespace fs = std::filesystem;
using ::testing::HasSubstr;

inline constexpr char kToken[] = "s3cret-token";

inline fs::path TempDir() {
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

  static inline testing::ServerProcess* server_ = nullptr;
};

inline constexpr char kPatient[] = R"({"resourceType":"Patient","id":"p1","gender":"female","birthDate":"1970-01-01"})";
inline constexpr char kBadPatient[] = R"({"resourceType":"Patient","id":"p1","gender":"woman","birthDate":"1970-02-30"})";

}  // namespace fhirgw::service_testing

#endif  // FHIRGW_TESTS_GATEWAY_SERVICE_FIXTURE_H_
