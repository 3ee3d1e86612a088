// File: tests/conformance/declared_profiles_test.cc
// A Bundle entry or contained resource is checked against the profiles its own meta.profile
// declares, as the root is; one that is not loaded is a warning at that meta.profile. And any
// Observation coded with a vital sign's LOINC code is held to R4's profile for it.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;

// mCODE's tumor size needs its longest-dimension component: this one has none.
constexpr char kTumorSize[] =
    R"({"resourceType":"Observation","meta":{"profile":["PROFILE"]},"status":"final",)"
    R"("code":{"coding":[{"system":"http://loinc.org","code":"21889-1"}]},"subject":{"reference":"Patient/p"}})";

std::string WithProfile(std::string json, const std::string& url) {
  json.replace(json.find("PROFILE"), 7, url);
  return json;
}

std::vector<std::string> Issues(const std::string& json) {
  std::vector<std::string> out;
  for (const fhir::Issue& i : testing::ValidateJson(testing::DefaultRegistry(), json)) {
    if (i.severity <= fhir::Severity::kWarning) out.push_back(i.message_id + " at " + i.location);
  }
  return out;
}

constexpr char kMcodeTumorSize[] = "http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-size";

TEST(DeclaredProfilesTest, ABundleEntryIsCheckedAgainstItsOwnProfiles) {
  const std::string bundle = R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":)"
                             R"("urn:uuid:6d3b1d1e-1f43-4c5c-9d1e-0d6c1c0e1a2b","resource":)" +
                             WithProfile(kTumorSize, kMcodeTumorSize) + "}]}";
  EXPECT_THAT(Issues(bundle), Contains("slice-min at Bundle.entry[0].resource/*Observation/null*/"));
  const std::string unknown = R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":)"
                              R"("urn:uuid:6d3b1d1e-1f43-4c5c-9d1e-0d6c1c0e1a2b","resource":)" +
                              WithProfile(kTumorSize, "http://x.test/StructureDefinition/nowhere") + "}]}";
  EXPECT_THAT(Issues(unknown),
              Contains("profile-not-loaded at Bundle.entry[0].resource/*Observation/null*/.meta.profile[0]"));
}

TEST(DeclaredProfilesTest, AContainedResourceIsCheckedAgainstItsOwnProfiles) {
  std::string contained = WithProfile(kTumorSize, kMcodeTumorSize);
  contained.insert(1, R"("id":"ts",)");
  const std::string json = R"({"resourceType":"DiagnosticReport","contained":[)" + contained +
                           R"(],"status":"final","code":{"text":"x"},"result":[{"reference":"#ts"}]})";
  EXPECT_THAT(Issues(json), Contains("slice-min at DiagnosticReport.contained[0]/*Observation/ts*/"));
  // The same resource without the declaration is held to the base type only.
  std::string plain = contained;
  plain.replace(plain.find(R"("meta")"), plain.find("},") + 2 - plain.find(R"("meta")"), "");
  EXPECT_THAT(Issues(R"({"resourceType":"DiagnosticReport","contained":[)" + plain +
                     R"(],"status":"final","code":{"text":"x"},"result":[{"reference":"#ts"}]})"),
              ::testing::Not(Contains(::testing::HasSubstr("slice-min"))));
}

// R4: an Observation with a vital sign's LOINC code SHALL conform to that vital sign's profile.
std::string BloodPressure(const std::string& category, const std::string& diastolic_code) {
  auto component = [](const std::string& code, int value) {
    return R"({"code":{"coding":[{"system":"http://loinc.org","code":")" + code + R"("}]},"valueQuantity":{"value":)" +
           std::to_string(value) + R"(,"unit":"mmHg","system":"http://unitsofmeasure.org","code":"mm[Hg]"}})";
  };
  return R"({"resourceType":"Observation","status":"final",)" + category +
         R"("code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"subject":{"reference":"Patient/p"},)"
         R"("effectiveDateTime":"2024-01-01","component":[)" + component("8480-6", 120) + "," +
         component(diastolic_code, 80) + "]}";
}

constexpr char kVitalSigns[] =
    R"("category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],)";

TEST(DeclaredProfilesTest, AVitalSignIsHeldToItsR4Profile) {
  std::vector<std::string> errors = testing::Errors(testing::DefaultRegistry(), BloodPressure(kVitalSigns, "8462-4"));
  EXPECT_THAT(errors, IsEmpty());
  // Without the vital-signs category: the bp profile's VSCat slice is missing.
  errors = testing::Errors(testing::DefaultRegistry(), BloodPressure("", "8462-4"));
  EXPECT_THAT(errors, Contains("slice-min at Observation"));
  // Both component codes are fixed in a slice of code.coding: a component coded otherwise
  // matches no slice, so the diastolic one is missing.
  bool diastolic = false;
  for (const fhir::Issue& i : testing::ValidateJson(testing::DefaultRegistry(), BloodPressure(kVitalSigns, "8310-5"))) {
    diastolic |= i.message_id == "slice-min" && i.text.find("DiastolicBP") != std::string::npos;
  }
  EXPECT_TRUE(diastolic);
  // In a Bundle too.
  const std::string bundle = R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":)"
                             R"("urn:uuid:6d3b1d1e-1f43-4c5c-9d1e-0d6c1c0e1a2b","resource":)" +
                             BloodPressure("", "8462-4") + "}]}";
  EXPECT_THAT(testing::Errors(testing::DefaultRegistry(), bundle),
              Contains("slice-min at Bundle.entry[0].resource/*Observation/null*/"));
}

}  // namespace
}  // namespace conformance
