// File: tests/fhir/fuzz_regressions_test.cc
// Inputs that once crashed a fuzz target (tests/fuzz/regressions) go through every reader and
// writer in the normal suite, and through FHIRPath parsing and evaluation, so the fixes stay
// fixed in builds without sanitizers too.
#include <filesystem>

#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/validator.h"
#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "fhir/xml_reader.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/testing/files.h"

namespace fhir {
namespace {

TEST(FuzzRegressionsTest, EveryRecordedInputIsReadAndValidatedWithIssuesNotCrashes) {
  const std::filesystem::path dir = std::filesystem::path(FHIRGW_SOURCE_DIR) / "tests/fuzz/regressions";
  int inputs = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++inputs;
    std::string bytes = fhirgw::testing::ReadFile(entry.path());
    Document json = ReadJson(bytes);
    IssueList issues = json.issues();
    conformance::Validator(conformance::testing::DefaultRegistry()).Validate(json, {}, &issues);
    EXPECT_FALSE(issues.empty()) << entry.path() << " was recorded because it is malformed";
    if (json.root() != nullptr) {
      EXPECT_NE(ReadJson(WriteJson(*json.root())).root(), nullptr) << entry.path();
    }
    Document xml = ReadXml(bytes);
    EXPECT_TRUE(xml.root() != nullptr || !xml.issues().empty()) << entry.path();
    // And as a FHIRPath expression (the FHIRPath fuzzer records its inputs here too).
    if (auto expr = conformance::fhirpath::Expression::Parse(bytes); expr.ok()) {
      conformance::fhirpath::Environment env;
      env.item_budget = 100'000;
      conformance::fhirpath::Evaluation ev(env);
      conformance::fhirpath::Collection input, out;
      static_cast<void>(ev.Run(**expr, input, &out));
    }
  }
  EXPECT_GE(inputs, 1);
}

}  // namespace
}  // namespace fhir
