// File: tests/conformance/additional_bindings_test.cc
// Additional bindings (R5's binding.additional as its R4 extension, and R4's maxValueSet):
// "required" and "maximum" make a code outside the value set an error, "extensible" a
// warning; a binding limited by its usage context is not applied.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kAdditional[] = "http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.binding.additional";

// Patient.maritalStatus, example-bound, with `extension` on its binding.
std::string Profile(const std::string& name, const std::string& extension) {
  return R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/)" + name +
         R"(","name":"N","status":"draft","kind":"resource","abstract":false,"type":"Patient",)"
         R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",)"
         R"("differential":{"element":[{"path":"Patient.maritalStatus","binding":{"strength":"example",)"
         R"("valueSet":"http://hl7.org/fhir/ValueSet/marital-status","extension":[)" + extension + "]}}]}}";
}

std::string Additional(const std::string& purpose, const std::string& more = "") {
  return R"({"url":")" + std::string(kAdditional) + R"(","extension":[{"url":"purpose","valueCode":")" + purpose +
         R"("},{"url":"valueSet","valueCanonical":"http://hl7.org/fhir/ValueSet/marital-status"})" + more + "]}";
}

// "severity message-id" for each additional-binding issue of a Patient with maritalStatus `code` (v3), against `profile`.
std::vector<std::string> Found(const std::string& profile_json, const std::string& name, const std::string& code) {
  fhir::Document profile = fhir::ReadJson(profile_json);
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {profile.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/" + name);
  const std::string json = R"({"resourceType":"Patient","maritalStatus":{"coding":[{"system":)"
                           R"("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":")" + code + R"("}]}})";
  std::vector<std::string> out;
  for (const fhir::Issue& i : testing::ValidateJson(*registry, json, options)) {
    if (i.message_id == "binding-additional") out.push_back(std::string(fhir::SeverityCode(i.severity)) + " " + i.message_id);
  }
  return out;
}

TEST(AdditionalBindingsTest, RequiredAndMaximumAreErrorsExtensibleAWarning) {
  EXPECT_THAT(Found(Profile("a", Additional("required")), "a", "M"), IsEmpty());
  EXPECT_THAT(Found(Profile("a", Additional("required")), "a", "ZZ"), ElementsAre("error binding-additional"));
  EXPECT_THAT(Found(Profile("b", Additional("extensible")), "b", "ZZ"), ElementsAre("warning binding-additional"));
  const std::string max = R"({"url":"http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet",)"
                          R"("valueCanonical":"http://hl7.org/fhir/ValueSet/marital-status"})";
  EXPECT_THAT(Found(Profile("c", max), "c", "ZZ"), ElementsAre("error binding-additional"));
}

TEST(AdditionalBindingsTest, PurposesWithoutInstanceRulesAndUsageLimitedOnesAreNotApplied) {
  EXPECT_THAT(Found(Profile("d", Additional("ui")), "d", "ZZ"), IsEmpty());
  EXPECT_THAT(Found(Profile("e", Additional("minimum")), "e", "ZZ"), IsEmpty());
  const std::string usage = R"(,{"url":"usage","valueUsageContext":{"code":{"system":"http://terminology.hl7.org/CodeSystem/usage-context-type","code":"venue"},"valueCodeableConcept":{"text":"x"}}})";
  EXPECT_THAT(Found(Profile("f", Additional("required", usage)), "f", "ZZ"), IsEmpty());
}

}  // namespace
}  // namespace conformance
