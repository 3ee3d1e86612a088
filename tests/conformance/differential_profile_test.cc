// File: tests/conformance/differential_profile_test.cc
// Profiles published with only a differential: rules below a datatype (unrolled), inside new
// slices (with and without element ids), on type-specific choice names, and quantity ranges
// compared after UCUM conversion, each shown by a resource that breaks exactly that rule.
#include <string>

#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using testing::DefaultRegistry;

constexpr char kProfileUrl[] = "http://fhirgw.test/StructureDefinition/weighed";

// Observation.valueQuantity in 0..200 kg; at most one "note" component (slice by code.text,
// written without ids as older profiles are); Observation.code.coding.system fixed.
constexpr char kProfile[] = R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/weighed",
  "name":"Weighed","status":"draft","kind":"resource","abstract":false,"type":"Observation",
  "baseDefinition":"http://hl7.org/fhir/StructureDefinition/Observation","derivation":"constraint",
  "differential":{"element":[
    {"path":"Observation.code.coding.system","fixedUri":"http://loinc.org"},
    {"path":"Observation.value[x]","type":[{"code":"Quantity"}]},
    {"path":"Observation.valueQuantity",
     "minValueQuantity":{"value":0,"system":"http://unitsofmeasure.org","code":"kg"},
     "maxValueQuantity":{"value":200,"system":"http://unitsofmeasure.org","code":"kg"}},
    {"path":"Observation.component","slicing":{"discriminator":[{"type":"value","path":"code.text"}],"rules":"open"}},
    {"path":"Observation.component","sliceName":"note","max":"1"},
    {"path":"Observation.component.code.text","fixedString":"note"},
    {"path":"Observation.component.value[x]","type":[{"code":"string"}]}
  ]}})";

class DifferentialProfileTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    profile_ = new fhir::Document(fhir::ReadJson(kProfile));
    registry_ = Registry::Overlay(DefaultRegistry(), {profile_->root()}).release();
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete profile_;
  }

  // Issues at error level of `observation_tail` (the members after resourceType) against the profile.
  static std::vector<std::pair<std::string, std::string>> Errors(const std::string& observation_tail) {
    ValidationOptions options;
    options.profiles.push_back(kProfileUrl);
    std::vector<std::pair<std::string, std::string>> out;
    for (const fhir::Issue& i : testing::ValidateJson(*registry_, R"({"resourceType":"Observation",)" + observation_tail, options)) {
      if (i.severity <= fhir::Severity::kError) out.emplace_back(i.message_id, i.location);
    }
    return out;
  }

  static fhir::Document* profile_;
  static Registry* registry_;
};
fhir::Document* DifferentialProfileTest::profile_ = nullptr;
Registry* DifferentialProfileTest::registry_ = nullptr;

// (Body weight as measured, 3141-9: the vital signs code 29463-7 would bring R4's bodyweight profile in.)
const std::string kCode = R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"3141-9"}]},)";

TEST_F(DifferentialProfileTest, ProfileIsGeneratedWithEveryDifferentialElementPlaced) {
  EXPECT_NE(registry_->FindProfile(kProfileUrl), nullptr);
  for (const std::string& note : registry_->report().notes) EXPECT_EQ(note.find("could not be placed"), std::string::npos) << note;
  EXPECT_TRUE(Errors(kCode + R"("valueQuantity":{"value":70,"system":"http://unitsofmeasure.org","code":"kg"}})").empty());
}

TEST_F(DifferentialProfileTest, RuleBelowADatatypeIsUnrolled) {
  auto errors = Errors(R"("status":"final","code":{"coding":[{"system":"http://snomed.info/sct","code":"27113001"}]}})");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].first, "fixed-value-mismatch");
  EXPECT_EQ(errors[0].second, "Observation.code.coding[0].system");
}

TEST_F(DifferentialProfileTest, QuantityLimitsCompareAfterUnitConversion) {
  auto above = Errors(kCode + R"("valueQuantity":{"value":250000,"system":"http://unitsofmeasure.org","code":"g"}})");
  ASSERT_EQ(above.size(), 1u);
  EXPECT_EQ(above[0], std::make_pair(std::string("value-above-maximum"), std::string("Observation.value.ofType(Quantity)")));
  auto below = Errors(kCode + R"("valueQuantity":{"value":-1,"system":"http://unitsofmeasure.org","code":"[lb_av]"}})");
  ASSERT_EQ(below.size(), 1u);
  EXPECT_EQ(below[0].first, "value-below-minimum");
  EXPECT_TRUE(Errors(kCode + R"("valueQuantity":{"value":150000,"system":"http://unitsofmeasure.org","code":"g"}})").empty());
}

TEST_F(DifferentialProfileTest, SliceWrittenWithoutIdsKeepsItsOwnRules) {
  const std::string note = R"({"code":{"text":"note"},"valueString":"fasting"})";
  EXPECT_TRUE(Errors(kCode + R"("component":[)" + note + "]}").empty());
  // Two notes break the slice's max; an unrelated component is open slicing's business.
  auto two = Errors(kCode + R"("component":[)" + note + "," + note + "]}");
  ASSERT_FALSE(two.empty());
  EXPECT_EQ(two[0].first, "slice-max");
  auto other = Errors(kCode + R"("component":[{"code":{"text":"other"},"valueQuantity":{"value":1}}]})");
  EXPECT_TRUE(other.empty()) << other[0].first << " at " << other[0].second;
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// Parameters.parameter.part refers to Parameters.parameter by contentReference: a profile on
// parameter does not constrain every nested part; parts are sliced by "$this.name".
TEST(ContentReferenceProfileTest, ConstraintsOnTheReferencedElementDoNotRecurse) {
  fhir::Document profile = fhir::ReadJson(testing::DifferentialProfile("outer-inner", "Parameters",
      R"({"id":"Parameters.parameter.name","path":"Parameters.parameter.name","patternString":"outer"},)"
      R"({"id":"Parameters.parameter.part","path":"Parameters.parameter.part","min":1,)"
      R"("slicing":{"discriminator":[{"type":"value","path":"$this.name"}],"rules":"open"}},)"
      R"({"id":"Parameters.parameter.part:inner","path":"Parameters.parameter.part","sliceName":"inner","min":1,"max":"1"},)"
      R"({"id":"Parameters.parameter.part:inner.name","path":"Parameters.parameter.part.name","fixedString":"inner"})"));
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {profile.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/outer-inner");
  auto errors = [&](const std::string& part_name) {
    return testing::Errors(*registry, R"({"resourceType":"Parameters","parameter":[{"name":"outer","part":[{"name":")" + part_name + R"(","valueString":"x"}]}]})", options);
  };
  EXPECT_TRUE(errors("inner").empty());
  EXPECT_EQ(errors("other"), std::vector<std::string>{"slice-min at Parameters.parameter[0]"});
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// A slice that fixes its whole value ({"use":"home"}) is found by a discriminator on "use", and
// a complex fixed value allows nothing more: each extra part is reported where it is.
TEST(FixedSliceValueTest, SliceFoundByItsFixedValueAndHeldToIt) {
  fhir::Document profile = fhir::ReadJson(testing::DifferentialProfile("home-phone", "Practitioner",
      R"({"id":"Practitioner.telecom","path":"Practitioner.telecom",)"
      R"("slicing":{"discriminator":[{"type":"value","path":"use"}],"rules":"open"}},)"
      R"({"id":"Practitioner.telecom:home","path":"Practitioner.telecom","sliceName":"home","min":1,"max":"1",)"
      R"("fixedContactPoint":{"use":"home"}})"));
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {profile.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/home-phone");
  auto errors = [&](const std::string& telecom) {
    return testing::Errors(*registry, R"({"resourceType":"Practitioner","telecom":[)" + telecom + "]}", options);
  };
  EXPECT_TRUE(errors(R"({"use":"home"})").empty());
  EXPECT_EQ(errors(R"({"use":"work"})"), std::vector<std::string>{"slice-min at Practitioner"});
  EXPECT_EQ(errors(R"({"system":"phone","use":"home"})"),
            std::vector<std::string>{"fixed-value-mismatch at Practitioner.telecom[0].system"});
}

}  // namespace
}  // namespace conformance
