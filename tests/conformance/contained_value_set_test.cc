// File: tests/conformance/contained_value_set_test.cc
// A profile's binding may name a value set the profile contains ("#id", with or without a url
// of its own), and that value set may give its own displays for codes: valid where it is bound.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Patient.maritalStatus bound (required) to a contained value set of two v3 codes, one with a
// display of its own (compose) and one with a designation (expansion).
constexpr char kProfile[] = R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/wed",
  "contained":[{"resourceType":"ValueSet","id":"statuses","status":"draft",
    "compose":{"include":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",
      "concept":[{"code":"M","display":"Wed"},{"code":"S"}]}]},
    "expansion":{"timestamp":"2024-01-01T00:00:00Z","contains":[
      {"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"M","display":"Wed"},
      {"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":"S","designation":[{"value":"Single person"}]}]}}],
  "name":"Wed","status":"draft","kind":"resource","abstract":false,"type":"Patient",
  "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",
  "differential":{"element":[{"path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"#statuses"}}]}})";

class ContainedValueSetTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    profile_ = new fhir::Document(fhir::ReadJson(kProfile));
    registry_ = Registry::Overlay(testing::DefaultRegistry(), {profile_->root()}).release();
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete profile_;
  }
  // "message-id at location" for issues of `json` whose id starts with `prefix`, at or above
  // warning, with the profile applied or not.
  static std::vector<std::string> Found(const std::string& code, const std::string& display, bool profiled,
                                        const std::string& prefix) {
    const std::string json = R"({"resourceType":"Patient","maritalStatus":{"coding":[{"system":)"
                             R"("http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","code":")" + code +
                             R"(","display":")" + display + R"("}]}})";
    ValidationOptions options;
    if (profiled) options.profiles.push_back("http://fhirgw.test/StructureDefinition/wed");
    std::vector<std::string> out;
    for (const fhir::Issue& i : testing::ValidateJson(*registry_, json, options)) {
      if (i.severity <= fhir::Severity::kWarning && i.message_id.starts_with(prefix)) {
        out.push_back(i.message_id + " at " + i.location);
      }
    }
    return out;
  }
  static fhir::Document* profile_;
  static Registry* registry_;
};

fhir::Document* ContainedValueSetTest::profile_ = nullptr;
Registry* ContainedValueSetTest::registry_ = nullptr;

TEST_F(ContainedValueSetTest, TheBindingNamesTheContainedValueSet) {
  EXPECT_THAT(Found("M", "Married", true, "binding"), IsEmpty());
  EXPECT_THAT(Found("W", "Widowed", true, "binding"), ElementsAre("binding-required at Patient.maritalStatus"));
}

TEST_F(ContainedValueSetTest, ADisplayTheBoundValueSetGivesIsRight) {
  // The code system's own display is right anywhere; the value set's only where it is bound.
  EXPECT_THAT(Found("M", "Married", true, "code-display"), IsEmpty());
  EXPECT_THAT(Found("M", "Wed", false, "code-display"),
              ElementsAre("code-display-wrong at Patient.maritalStatus.coding[0].display"));
  EXPECT_THAT(Found("M", "Wed", true, "code-display"), IsEmpty());
  EXPECT_THAT(Found("S", "Single person", true, "code-display"), IsEmpty());
  EXPECT_THAT(Found("S", "Wed", true, "code-display"),
              ElementsAre("code-display-wrong at Patient.maritalStatus.coding[0].display"));
}

// The second time, the profile walk finds the Coding's subtree among the clean ones it has seen
// (conformance/clean_subtrees.h) and skips it; the value set must still vouch for the display.
TEST_F(ContainedValueSetTest, TheBoundValueSetVouchesAgainWhenTheSubtreeIsRemembered) {
  EXPECT_THAT(Found("M", "Wed", true, "code-display"), IsEmpty());
  EXPECT_THAT(Found("M", "Wed", true, "code-display"), IsEmpty());
}

}  // namespace
}  // namespace conformance
