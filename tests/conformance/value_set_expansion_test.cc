// File: tests/conformance/value_set_expansion_test.cc
// An expansion that says it lists only some codes (too costly, limited, paged, or a total above
// what it lists) settles membership for the codes it lists; the others are decided by the
// compose rules (for LOINC, not shipped: "not checked"), never "not in the value set".
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using ::testing::ElementsAre;

// A required binding of Observation.code to a LOINC-wide value set whose expansion lists one
// code; `marker` is spliced into the expansion (an extension, a parameter, a total or nothing).
std::vector<std::string> Bindings(const std::string& marker, const std::string& code) {
  const std::string value_set =
      R"({"resourceType":"ValueSet","url":"http://fhirgw.test/ValueSet/loinc-all","status":"draft",)"
      R"("compose":{"include":[{"system":"http://loinc.org"}]},"expansion":{)" + marker +
      R"("timestamp":"2024-01-01T00:00:00Z","contains":[{"system":"http://loinc.org","code":"16112-5"}]}})";
  const std::string profile = testing::DifferentialProfile(
      "coded", "Observation",
      R"({"path":"Observation.code","binding":{"strength":"required","valueSet":"http://fhirgw.test/ValueSet/loinc-all"}})");
  fhir::Document vs = fhir::ReadJson(value_set), sd = fhir::ReadJson(profile);
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {vs.root(), sd.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/coded");
  std::vector<std::string> out;
  const std::string json = R"({"resourceType":"Observation","status":"final","code":{"coding":[{"system":)"
                           R"("http://loinc.org","code":")" + code + R"("}]}})";
  for (const fhir::Issue& i : testing::ValidateJson(*registry, json, options)) {
    if (i.message_id.starts_with("binding")) out.push_back(i.message_id);
  }
  return out;
}

TEST(ValueSetExpansionTest, APartialExpansionDoesNotDecideTheCodesItLeavesOut) {
  const std::string too_costly =
      R"("extension":[{"url":"http://hl7.org/fhir/StructureDefinition/valueset-toocostly","valueBoolean":true}],)";
  for (const std::string& marker : {too_costly, std::string(R"("parameter":[{"name":"limitedExpansion","valueString":"-1"}],)"),
                                    std::string(R"("total":5000,)")}) {
    EXPECT_THAT(Bindings(marker, "16112-5"), ::testing::IsEmpty()) << marker;
    EXPECT_THAT(Bindings(marker, "85319-2"), ElementsAre("binding-not-checked")) << marker;
  }
  // A complete expansion decides both ways.
  EXPECT_THAT(Bindings("", "85319-2"), ElementsAre("binding-required"));
}

}  // namespace
}  // namespace conformance
