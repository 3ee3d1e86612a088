// File: tests/conformance/clean_subtrees_test.cc
// The memo of clean subtrees (conformance/clean_subtrees.h) must never change an outcome. Every
// resource of the oncology corpus, the R4 examples and the Synthea Bundles gets the same
// OperationOutcome with the memo as without it, once with the memo filling and once with it warm
// from all of them; a subtree remembered clean in one place is still checked where its
// surroundings decide (a document Bundle, contained resources); and the analysis of which
// invariants read only their element is right.
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "conformance/clean_subtrees.h"
#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/focus_only.h"
#include "conformance/validator.h"
#include "fhir/json_reader.h"
#include "fhir/operation_outcome.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/testing/files.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;
using fhirgw::testing::ReadFile;

std::string Outcome(const Registry& registry, std::string_view json, bool memo) {
  fhir::Document doc = fhir::ReadJson(json);
  fhir::IssueList issues = doc.issues();
  ValidationOptions options;
  options.reuse_clean_subtrees = memo;
  Validator(registry).Validate(doc, options, &issues);
  return fhir::OperationOutcomeJson(issues);
}

std::vector<std::string> Inputs() {
  std::vector<std::string> out;
  std::istringstream corpus(ReadFile(fs::path(FHIRGW_SHARED_DIR) / "testsuites/oncology-corpus/valid.ndjson"));
  for (std::string line; std::getline(corpus, line);) out.push_back(line);
  for (const char* dir : {"testsuites/r4-examples", "testsuites/synthea"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(FHIRGW_SHARED_DIR) / dir)) {
      if (entry.path().extension() == ".json") out.push_back(ReadFile(entry.path()));
    }
  }
  return out;
}

void ExpectSameOutcomes(const Registry& registry) {
  const std::vector<std::string> inputs = Inputs();
  ASSERT_GT(inputs.size(), 10'000u);
  CleanSubtrees& memo = CleanSubtrees::ForThread(registry.id());
  memo.Clear();
  for (int pass = 0; pass < 2; ++pass) {  // filling, then warm
    size_t differing = 0;
    for (const std::string& json : inputs) {
      const std::string without = Outcome(registry, json, false);
      const std::string with = Outcome(registry, json, true);
      if (with == without) continue;
      if (++differing <= 3) ADD_FAILURE() << "pass " << pass << ": " << json.substr(0, 200) << "\nwithout: " << without << "\nwith: " << with;
    }
    EXPECT_EQ(differing, 0u) << "pass " << pass;
  }
  // Not vacuous: the memo was used, a lot.
  EXPECT_GT(memo.hits(), inputs.size()) << "memo entries " << memo.size();
}

TEST(CleanSubtreesTest, SameOutcomesWithAndWithoutTheMemo) { ExpectSameOutcomes(testing::DefaultRegistry()); }

TEST(CleanSubtreesTest, SameOutcomesWithUsCoreLoaded) { ExpectSameOutcomes(testing::RegistryWithUsCore()); }

// `{"reference":"Patient/p1"}` under Composition.subject is clean on its own, and in a document
// Bundle that holds the Patient; in one that does not, it is an error (what a document's
// Composition references must be in the Bundle).
TEST(CleanSubtreesTest, AReferenceCleanElsewhereIsStillCheckedInABundle) {
  const Registry& registry = testing::DefaultRegistry();
  CleanSubtrees::ForThread(registry.id()).Clear();
  const std::string composition =
      R"({"resourceType":"Composition","id":"c1","status":"final","type":{"text":"note"},)"
      R"("subject":{"reference":"Patient/p1"},"date":"2024-01-01","author":[{"display":"Dr A"}],"title":"Note"})";
  auto bundle = [&](bool with_patient) {
    return R"({"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986",)"
           R"("value":"urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"},"timestamp":"2024-01-01T00:00:00Z",)"
           R"("entry":[{"fullUrl":"http://example.org/fhir/Composition/c1","resource":)" + composition + "}" +
           (with_patient ? R"(,{"fullUrl":"http://example.org/fhir/Patient/p1","resource":{"resourceType":"Patient","id":"p1"}})"
                         : "") +
           "]}";
  };
  EXPECT_EQ(Outcome(registry, composition, true).find("reference-not-in-bundle"), std::string::npos);
  const std::string held = Outcome(registry, bundle(true), true);
  EXPECT_EQ(held.find("reference-not-in-bundle"), std::string::npos) << held;
  const std::string without = Outcome(registry, bundle(false), false);
  ASSERT_NE(without.find("reference-not-in-bundle"), std::string::npos) << without;
  EXPECT_EQ(Outcome(registry, bundle(false), true), without);
}

// `{"reference":"#p1"}` is clean where a contained Patient p1 exists, an error where none does.
TEST(CleanSubtreesTest, ALocalReferenceIsCheckedAgainstEachResourcesContained) {
  const Registry& registry = testing::DefaultRegistry();
  CleanSubtrees::ForThread(registry.id()).Clear();
  const std::string with_contained =
      R"({"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"p1"}],"status":"final",)"
      R"("code":{"text":"x"},"subject":{"reference":"#p1"}})";
  const std::string without_contained =
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"subject":{"reference":"#p1"}})";
  EXPECT_EQ(Outcome(registry, with_contained, true).find("reference-contained-not-found"), std::string::npos);
  const std::string expected = Outcome(registry, without_contained, false);
  ASSERT_NE(expected.find("reference-contained-not-found"), std::string::npos) << expected;
  EXPECT_EQ(Outcome(registry, without_contained, true), expected);
}

// A display reported wrong sends the Validator through its walks again without the memo (the
// Codings of skipped subtrees were not noted for the value sets that may vouch for a display):
// the outcome is the one without the memo, the memo warm from the same Observation.
TEST(CleanSubtreesTest, AWrongDisplayIsJudgedAsWithoutTheMemo) {
  const Registry& registry = testing::DefaultRegistry();
  CleanSubtrees& memo = CleanSubtrees::ForThread(registry.id());
  memo.Clear();
  auto observation = [](std::string_view display) {
    return R"({"resourceType":"Observation","status":"final","category":[{"coding":[{"system":)"
           R"("http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory","display":")" +
           std::string(display) + R"("}]}],"code":{"text":"x"},"valueString":"y"})";
  };
  const std::string right = observation("Laboratory");
  const std::string wrong = observation("Lab results");
  EXPECT_EQ(Outcome(registry, right, true).find("code-display-wrong"), std::string::npos);
  EXPECT_EQ(Outcome(registry, right, true), Outcome(registry, right, false));
  EXPECT_GT(memo.hits(), 0u);
  const std::string expected = Outcome(registry, wrong, false);
  ASSERT_NE(expected.find("code-display-wrong"), std::string::npos) << expected;
  EXPECT_EQ(Outcome(registry, wrong, true), expected);
}

// An empty object given properties by its `_` companion (an error the reader reports) must not be
// keyed by its own text "{}": another one with other properties would be taken for it.
TEST(CleanSubtreesTest, AnElementFilledByItsCompanionHasNoTextOfItsOwn) {
  fhir::Document doc = fhir::ReadJson(
      R"({"resourceType":"Patient","gender":{},"_gender":{"extension":[{"url":"http://x","valueString":"a"}]},)"
      R"("maritalStatus":{"text":"single"}})");
  ASSERT_NE(doc.root(), nullptr);
  const fhir::Element* gender = doc.root()->First("gender");
  ASSERT_NE(gender, nullptr);
  ASSERT_EQ(gender->property_count, 1u);
  EXPECT_EQ(gender->length, 0u);
  const fhir::Element* marital = doc.root()->First("maritalStatus");
  ASSERT_NE(marital, nullptr);
  EXPECT_EQ(doc.source().substr(marital->offset, marital->length), R"({"text":"single"})");
}

bool FocusOnly(std::string_view expression) {
  auto expr = fhirpath::Expression::Parse(expression);
  EXPECT_TRUE(expr.ok()) << expression;
  return expr.ok() && fhirpath::DependsOnlyOnFocus(**expr);
}

TEST(CleanSubtreesTest, InvariantsReadingOnlyTheirElementAreTold) {
  EXPECT_TRUE(FocusOnly("code.empty() or system.exists()"));                      // qty-3
  EXPECT_TRUE(FocusOnly("system = %ucum and %context.code.exists()"));
  EXPECT_TRUE(FocusOnly("extension('http://x').exists() or memberOf(%vs-abc)"));
  EXPECT_TRUE(FocusOnly("(start.hasValue().not() or end.hasValue().not()) or (start <= end)"));  // per-1
  EXPECT_FALSE(FocusOnly("reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id)"));
  EXPECT_FALSE(FocusOnly("%resource.status = 'final'"));
  EXPECT_FALSE(FocusOnly("item.where(answer.resolve().exists()).empty()"));
  EXPECT_FALSE(FocusOnly("date <= now()"));
  EXPECT_FALSE(FocusOnly("today() > birthDate"));
  EXPECT_FALSE(FocusOnly("timeOfDay().exists()"));
  EXPECT_FALSE(FocusOnly("conformsTo('http://x')"));
  EXPECT_FALSE(FocusOnly("a.trace('a').exists()"));
  EXPECT_FALSE(FocusOnly("%somethingElse.exists()"));
}

}  // namespace
}  // namespace conformance
