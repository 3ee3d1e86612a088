// File: tests/conformance/declared_profiles_test.cc
// A Bundle entry or contained resource is checked against the profiles its own meta.profile
// declares, as the root is; one that is not loaded is a warning at that meta.profile.
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

}  // namespace
}  // namespace conformance
