// File: tests/conformance/reference_profiles_test.cc
// Profiles reached through references: a target in the Bundle must conform to a target profile,
// a Bundle sliced by the profile of its entries' resources (discriminator "profile"), and a
// List sliced by the type of what its items resolve to (discriminator "item.resolve()").
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {


const char kBase[] = "http://fhirgw.test/StructureDefinition/";

class ReferenceProfilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<fhir::Document>();
    // A Patient with an identifier; an Observation whose subject must be one.
    docs_->push_back(fhir::ReadJson(testing::DifferentialProfile("identified", "Patient", R"({"id":"Patient.identifier","path":"Patient.identifier","min":1})")));
    docs_->push_back(fhir::ReadJson(testing::DifferentialProfile("obs-of-identified", "Observation",
        R"({"id":"Observation.subject","path":"Observation.subject","type":[{"code":"Reference","targetProfile":["http://fhirgw.test/StructureDefinition/identified"]}]})")));
    // A collection Bundle that needs one entry conforming to obs-of-identified.
    docs_->push_back(fhir::ReadJson(testing::DifferentialProfile("with-obs", "Bundle",
        R"({"id":"Bundle.entry","path":"Bundle.entry","slicing":{"discriminator":[{"type":"profile","path":"resource"}],"rules":"open"}},)"
        R"({"id":"Bundle.entry:obs","path":"Bundle.entry","sliceName":"obs","min":1,"max":"1"},)"
        R"({"id":"Bundle.entry:obs.resource","path":"Bundle.entry.resource","type":[{"code":"Observation","profile":["http://fhirgw.test/StructureDefinition/obs-of-identified"]}]})")));
    // A List with at most one item that is a Condition.
    docs_->push_back(fhir::ReadJson(testing::DifferentialProfile("one-condition", "List",
        R"j({"id":"List.entry","path":"List.entry","slicing":{"discriminator":[{"type":"type","path":"item.resolve()"}],"rules":"open"}},)j"
        R"({"id":"List.entry:condition","path":"List.entry","sliceName":"condition","max":"1"},)"
        R"({"id":"List.entry:condition.item","path":"List.entry.item","type":[{"code":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Condition"]}]})")));
    std::vector<const fhir::Element*> roots;
    for (const fhir::Document& d : *docs_) roots.push_back(d.root());
    registry_ = Registry::Overlay(testing::DefaultRegistry(), roots).release();
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete docs_;
  }
  static std::vector<std::string> Errors(const std::string& json, const std::string& profile) {
    ValidationOptions options;
    options.profiles.push_back(kBase + profile);
    return testing::Errors(*registry_, json, options);
  }
  static std::vector<fhir::Document>* docs_;
  static Registry* registry_;
};
std::vector<fhir::Document>* ReferenceProfilesTest::docs_ = nullptr;
Registry* ReferenceProfilesTest::registry_ = nullptr;

// A collection of an Observation about patient p, with or without an identifier.
std::string Collection(bool identified) {
  return std::string(R"({"resourceType":"Bundle","type":"collection","entry":[)"
                     R"({"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","status":"final",)"
                     R"("code":{"text":"x"},"subject":{"reference":"Patient/p"}}},)"
                     R"({"fullUrl":"http://x.test/Patient/p","resource":{"resourceType":"Patient","id":"p")") +
         (identified ? R"(,"identifier":[{"value":"1"}])" : "") + "}}]}";
}

TEST_F(ReferenceProfilesTest, AContainedTargetMustConformToTheTargetProfile) {
  auto observation = [](bool identified) {
    return std::string(R"({"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"p")") +
           (identified ? R"(,"identifier":[{"value":"1"}])" : "") +
           R"(}],"status":"final","code":{"text":"x"},"subject":{"reference":"#p"}})";
  };
  EXPECT_TRUE(Errors(observation(true), "obs-of-identified").empty());
  EXPECT_EQ(Errors(observation(false), "obs-of-identified"),
            std::vector<std::string>{"reference-target-profile at Observation.subject"});
}

TEST_F(ReferenceProfilesTest, BundleSlicedByProfileMatchesAConformingEntry) {
  EXPECT_TRUE(Errors(Collection(true), "with-obs").empty());
}

TEST_F(ReferenceProfilesTest, BundleSlicedByProfileFindsNoMatchWhenTheTargetBreaksItsProfile) {
  auto errors = Errors(Collection(false), "with-obs");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0], "slice-min at Bundle");
}

TEST_F(ReferenceProfilesTest, ListSlicedByTheTypeOfResolvedItems) {
  auto list = [](int conditions) {
    std::string contained, entries;
    for (int i = 0; i < conditions; ++i) {
      std::string id = "c";
      id += std::to_string(i);
      contained += R"({"resourceType":"Condition","id":")" + id + R"(","subject":{"reference":"Patient/p"}},)";
      entries += R"({"item":{"reference":"#)" + id + R"("}},)";
    }
    contained += R"({"resourceType":"Observation","id":"o","status":"final","code":{"text":"x"}})";
    entries += R"({"item":{"reference":"#o"}})";
    return R"({"resourceType":"List","status":"current","mode":"working","contained":[)" + contained + R"(],"entry":[)" +
           entries + "]}";
  };
  EXPECT_TRUE(Errors(list(1), "one-condition").empty());
  EXPECT_EQ(Errors(list(2), "one-condition"), std::vector<std::string>{"slice-max at List"});
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// An invariant calling conformsTo() is answered by validating, not by comparing type names.
TEST(ConformsToInvariantTest, IsAnsweredByValidation) {
  fhir::Document profile = fhir::ReadJson(testing::DifferentialProfile("self-checked", "Patient",
      R"({"id":"Patient","path":"Patient","constraint":[{"key":"ck-1","severity":"error",)"
      R"j("human":"conforms to Patient","expression":"conformsTo('http://hl7.org/fhir/StructureDefinition/Patient')"}]})j"));
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {profile.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/self-checked");
  auto has_ck1 = [&](const std::string& gender) {
    bool found = false;
    for (const fhir::Issue& i : testing::ValidateJson(*registry, R"({"resourceType":"Patient","gender":")" + gender + R"("})", options)) {
      found |= i.message_id == "ck-1" && i.location == "Patient";
    }
    return found;
  };
  EXPECT_FALSE(has_ck1("female"));
  EXPECT_TRUE(has_ck1("woman"));
}

}  // namespace
}  // namespace conformance

namespace conformance {
namespace {

// Targets that must conform to a profile whose references lead back to them: validation ends
// (the nesting of such checks is bounded) instead of recursing until the stack gives out.
TEST(CircularTargetProfilesTest, EndsWithAnAnswer) {
  fhir::Document profile = fhir::ReadJson(testing::DifferentialProfile("linked", "Patient",
      R"({"id":"Patient.link","path":"Patient.link","min":1},)"
      R"({"id":"Patient.link.other","path":"Patient.link.other","type":[{"code":"Reference",)"
      R"("targetProfile":["http://fhirgw.test/StructureDefinition/linked"]}]})"));
  auto registry = Registry::Overlay(testing::DefaultRegistry(), {profile.root()});
  ValidationOptions options;
  options.profiles.push_back("http://fhirgw.test/StructureDefinition/linked");
  // p contains q; p links to q, q links back to its container.
  const std::string json =
      R"({"resourceType":"Patient","id":"p","contained":[{"resourceType":"Patient","id":"q",)"
      R"("link":[{"other":{"reference":"#"},"type":"seealso"}]}],"link":[{"other":{"reference":"#q"},"type":"seealso"}]})";
  EXPECT_TRUE(testing::Errors(*registry, json, options).empty());
}

}  // namespace
}  // namespace conformance
