// File: tests/conformance/mutation_test.cc
// A valid resource broken in one known way must be flagged by the right rule at the right place.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using testing::DefaultRegistry;
using testing::ValidateJson;

const std::string kValid =
    R"({"resourceType":"Observation","id":"o1",)"
    R"("text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">Hb</div>"},"status":"final",)"
    R"("code":{"coding":[{"system":"http://loinc.org","code":"16112-5"}]},)"
    R"("subject":{"reference":"Patient/p1"},"effectiveDateTime":"2021-09-30",)"
    R"("valueCodeableConcept":{"coding":[{"system":"http://snomed.info/sct","code":"10828004"}]}})";

// Unknown elements and too many repeats are reported on the element that holds them, and
// choice elements as name.ofType(type): the expressions the HL7 validator uses.
struct Mutation {
  std::string name;
  std::string from;  // replaced once in kValid
  std::string to;
  std::string message_id;
  std::string location;
};

std::vector<Mutation> Mutations() {
  return {
      {"missing_required", R"("status":"final",)", "", "cardinality-min", "Observation"},
      {"xhtml_html_entity", ">Hb<", ">Hb&reg;<", "xhtml-invalid-entity", "Observation.text.div"},
      // A versioned extension url: on the extension (named by its url), and its definition's
      // fixed url flags the url itself.
      {"extension_url_versioned", R"("id":"o1",)",
       R"("id":"o1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare|4.0.1","valueReference":{"reference":"EpisodeOfCare/e"}}],)",
       "extension-url-versioned",
       "Observation.extension[0][url='http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare|4.0.1']"},
      // dom-3 (as corrected): a contained resource nothing refers to.
      {"contained_unreferenced", R"("id":"o1",)", R"("id":"o1","contained":[{"resourceType":"Patient","id":"p2"}],)",
       "dom-3", "Observation.contained[0]"},
      // referenceRange.low is a Quantity profiled as SimpleQuantity: no comparator (sqty-1).
      {"type_profile_simple_quantity", R"("status":"final",)",
       R"("status":"final","referenceRange":[{"low":{"value":1,"comparator":"<"}}],)", "sqty-1",
       "Observation.referenceRange[0].low"},
      {"required_binding", R"("status":"final")", R"("status":"finished")", "binding-required", "Observation.status"},
      {"unknown_element", R"("id":"o1",)", R"("id":"o1","colour":"blue",)", "element-unknown", "Observation"},
      {"unknown_choice_type", R"("effectiveDateTime")", R"("effectiveString")", "element-unknown", "Observation"},
      {"bad_date_time", "2021-09-30", "2021-13-30", "type-invalid-dateTime", "Observation.effective.ofType(dateTime)"},
      {"date_time_without_zone", "2021-09-30", "2021-09-30T10:00:00", "type-invalid-dateTime", "Observation.effective.ofType(dateTime)"},
      {"bad_id", R"("id":"o1")", R"("id":"o_1")", "type-invalid-id", "Observation.id"},
      {"code_as_number", R"("status":"final")", R"("status":5)", "type-json-kind", "Observation.status"},
      {"single_as_array", R"("subject":{"reference":"Patient/p1"})", R"("subject":[{"reference":"Patient/p1"}])", "element-not-repeating", "Observation.subject"},
      {"array_as_single", R"("coding":[{"system":"http://loinc.org","code":"16112-5"}])", R"("coding":{"system":"http://loinc.org","code":"16112-5"})", "element-must-be-array", "Observation.code.coding"},
      {"primitive_for_complex", R"("subject":{"reference":"Patient/p1"})", R"("subject":"Patient/p1")", "type-primitive-for-complex", "Observation.subject"},
      {"reference_format", "Patient/p1", "Patient", "reference-format", "Observation.subject"},
      // A target at hand (contained) of a type the element does not allow.
      {"reference_wrong_type", R"("subject":{"reference":"Patient/p1"})",
       R"("contained":[{"resourceType":"Medication","id":"m1","status":"active"}],"subject":{"reference":"#m1"})",
       "reference-wrong-type", "Observation.subject"},
      {"reference_contained_missing", "Patient/p1", "#p9", "reference-contained-not-found", "Observation.subject"},
      {"loinc_check_digit", "16112-5", "16112-4", "code-loinc-format", "Observation.code.coding[0]"},
      {"snomed_check_digit", "10828004", "10828005", "code-snomed-format", "Observation.value.ofType(CodeableConcept).coding[0]"},
      {"unknown_resource_type", R"("resourceType":"Observation")", R"("resourceType":"Observashun")", "resource-type-unknown", "Observashun"},
      {"extension_without_url", R"("id":"o1",)", R"("id":"o1","extension":[{"valueString":"x"}],)", "extension-no-url", "Observation.extension[0]"},
      {"extension_wrong_value_type", R"("id":"o1",)",
       R"("id":"o1","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/workflow-episodeOfCare","valueString":"x"}],)",
       "element-unknown", "Observation.extension[0]"},
      {"contained_resource_fault", R"("id":"o1",)", R"("id":"o1","contained":[{"resourceType":"Patient","id":"p2","birthDate":"1970-02-30"}],)",
       "type-invalid-date", "Observation.contained[0]/*Patient/p2*/.birthDate"},
      {"profile_pattern", R"("id":"o1",)",
       R"("id":"o1","meta":{"profile":["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-ecog-performance-status"]},)",
       "pattern-mismatch", "Observation.code"},
      {"primitive_without_value", R"("status":"final")", R"("_status":{"id":"s1"})", "primitive-empty", "Observation.status"},
      // Invariants (FHIRPath constraints), by key, on the element they are declared for.
      {"ele1_id_only", R"("subject":{"reference":"Patient/p1"})", R"("subject":{"id":"s"})", "ele-1", "Observation.subject"},
      {"obs6_absent_reason_with_value", R"("status":"final",)", R"("status":"final","dataAbsentReason":{"text":"x"},)",
       "obs-6", "Observation"},
      {"per1_period_ends_before_start", R"("effectiveDateTime":"2021-09-30")",
       R"("effectivePeriod":{"start":"2021-09-30","end":"2021-09-01"})", "per-1", "Observation.effective.ofType(Period)"},
      {"txt1_script_in_narrative", R"(\">Hb</div>)", R"(\">Hb<script>alert(1)</script></div>)", "txt-1", "Observation.text.div"},
      {"txt2_blank_narrative", R"(\">Hb</div>)", R"(\"> </div>)", "txt-2", "Observation.text.div"},
      {"ref1_local_reference_without_contained", R"("Patient/p1")", R"("#p1")", "ref-1", "Observation.subject"},
      {"profile_not_loaded", R"("id":"o1",)", R"("id":"o1","meta":{"profile":["http://example.org/StructureDefinition/nope"]},)",
       "profile-not-loaded", "Observation"},
  };
}

void PrintTo(const Mutation& m, std::ostream* os) { *os << m.name; }

class MutationTest : public ::testing::TestWithParam<Mutation> {};

TEST(MutationBaselineTest, TheUnmutatedResourceIsValid) {
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), kValid)) {
    EXPECT_GT(i.severity, fhir::Severity::kWarning) << fhir::FormatIssue(i);
  }
}

TEST_P(MutationTest, IsFlaggedByTheRightRuleAtTheRightPlace) {
  const Mutation& m = GetParam();
  std::string json = kValid;
  size_t at = json.find(m.from);
  ASSERT_NE(at, std::string::npos) << "mutation does not apply";
  json.replace(at, m.from.size(), m.to);
  fhir::IssueList issues = ValidateJson(DefaultRegistry(), json);
  std::string all;
  for (const fhir::Issue& i : issues) {
    all += "\n  " + fhir::FormatIssue(i);
    if (i.message_id == m.message_id && i.location == m.location) {
      EXPECT_GT(i.line, 0u);
      return;
    }
  }
  ADD_FAILURE() << "expected " << m.message_id << " at " << m.location << "; got:" << all;
}

INSTANTIATE_TEST_SUITE_P(Table, MutationTest, ::testing::ValuesIn(Mutations()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(BundleTest, EntriesAreValidatedAsResources) {
  fhir::IssueList issues = ValidateJson(DefaultRegistry(),
      R"({"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"urn:uuid:6d3b1d1e-1f43-4c5c-9d1e-0d6c1c0e1a2b",)"
      R"("resource":{"resourceType":"Patient","id":"p","gender":"woman"}}]})");
  bool found = false;
  for (const fhir::Issue& i : issues) {
    found |= i.message_id == "binding-required" && i.location == "Bundle.entry[0].resource/*Patient/p*/.gender";
  }
  EXPECT_TRUE(found);
}

// Ids of the errors `json` gets.
std::vector<std::string> ErrorIds(const std::string& json) {
  return testing::Errors(DefaultRegistry(), json);
}

TEST(MarkdownTest, AnHtmlTagIsAWarningOrAnErrorOnRequest) {
  const std::string json =
      R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"note":[{"text":"see <b>this</b>; 1 < 2"}]})";
  bool warned = false;
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), json)) {
    warned |= i.message_id == "markdown-html-tag" && i.severity == fhir::Severity::kWarning && i.location == "Observation.note[0].text";
  }
  EXPECT_TRUE(warned);
  ValidationOptions strict;
  strict.html_in_markdown_is_error = true;
  EXPECT_EQ(testing::Errors(DefaultRegistry(), json, strict), std::vector<std::string>{"markdown-html-tag at Observation.note[0].text"});
  EXPECT_TRUE(ErrorIds(R"({"resourceType":"Observation","status":"final","code":{"text":"x"},"note":[{"text":"1 < 2"}]})").empty());
}

TEST(DisplayTest, AWrongDisplayIsAWarningOrAnErrorOnRequest) {
  auto patient = [](const std::string& display) {
    return R"({"resourceType":"Patient","maritalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus",)"
           R"("code":"M","display":")" + display + R"("}]}})";
  };
  ValidationOptions strict;
  strict.wrong_display_is_error = true;
  // Case and runs of white space do not matter.
  EXPECT_TRUE(testing::Errors(DefaultRegistry(), patient("married"), strict).empty());
  EXPECT_TRUE(testing::Errors(DefaultRegistry(), patient("Married"), strict).empty());
  EXPECT_EQ(testing::Errors(DefaultRegistry(), patient("Divorced"), strict),
            std::vector<std::string>{"code-display-wrong at Patient.maritalStatus.coding[0].display"});
  bool warned = false;
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), patient("Divorced"))) {
    warned |= i.message_id == "code-display-wrong" && i.severity == fhir::Severity::kWarning;
  }
  EXPECT_TRUE(warned);
}

TEST(ReferenceTest, AnUnresolvedTargetOfAWrongTypeIsAWarningOrAnErrorOnRequest) {
  auto observation = [](const std::string& contained, const std::string& reference) {
    return R"({"resourceType":"Observation",)" + contained + R"("status":"final","code":{"text":"x"},)"
           R"("subject":{"reference":")" + reference + R"("}})";
  };
  auto severity_of_wrong_type = [](const std::string& json, const ValidationOptions& options) {
    std::string found = "none";
    for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), json, options)) {
      if (i.message_id == "reference-wrong-type" && i.location == "Observation.subject") found = fhir::SeverityCode(i.severity);
    }
    return found;
  };
  ValidationOptions assumed;
  assumed.assume_valid_rest_references = true;
  // Only the URL says the target is a Medication: the HL7 validator leaves that unchecked.
  const std::string by_url = observation("", "Medication/m1");
  EXPECT_EQ(severity_of_wrong_type(by_url, {}), "warning");
  EXPECT_EQ(severity_of_wrong_type(by_url, assumed), "error");
  EXPECT_EQ(severity_of_wrong_type(observation("", "http://example.org/fhir/Medication/m1"), assumed), "error");
  // An allowed type is fine either way.
  EXPECT_EQ(severity_of_wrong_type(observation("", "Group/g1"), assumed), "none");
  // A target at hand is an error either way.
  const std::string contained = observation(R"("contained":[{"resourceType":"Medication","id":"m1","status":"active"}],)", "#m1");
  EXPECT_EQ(severity_of_wrong_type(contained, {}), "error");
}

TEST(ContainedTest, AReferenceFromTheNarrativeCountsForDom3) {
  const std::string from_narrative =
      R"({"resourceType":"Observation","contained":[{"resourceType":"Binary","id":"img","contentType":"image/png"}],)"
      R"("text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\"><img src=\"#img\" alt=\"x\"/></div>"},)"
      R"("status":"final","code":{"text":"x"}})";
  EXPECT_TRUE(ErrorIds(from_narrative).empty());
}

// dom-3 names the contained resource nothing refers to, not the referenced one beside it.
TEST(ContainedTest, Dom3IsReportedAtEachUnreferencedContainedResource) {
  const std::string json =
      R"({"resourceType":"Observation","contained":[{"resourceType":"Patient","id":"used"},)"
      R"({"resourceType":"Patient","id":"stray"},{"resourceType":"Patient","id":"stray2"}],)"
      R"("status":"final","code":{"text":"x"},"subject":{"reference":"#used"}})";
  std::vector<std::string> locations;
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), json)) {
    if (i.message_id == "dom-3") locations.push_back(i.location);
  }
  EXPECT_THAT(locations, ::testing::ElementsAre("Observation.contained[1]", "Observation.contained[2]"));
}

TEST(BundleTest, TypeIdReferenceAmongUuidEntriesMustNameTheRightType) {
  auto bundle = [](const std::string& type) {
    return R"({"resourceType":"Bundle","type":"collection","entry":[)"
           R"({"fullUrl":"urn:uuid:6d3b1d1e-1f43-4c5c-9d1e-0d6c1c0e1a2b","resource":{"resourceType":"Patient",)"
           R"("generalPractitioner":[{"reference":"Practitioner/0a6c1c0e-1a2b-4c5c-9d1e-6d3b1d1e1f43"}]}},)"
           R"({"fullUrl":"urn:uuid:0a6c1c0e-1a2b-4c5c-9d1e-6d3b1d1e1f43","resource":{"resourceType":")" + type +
           R"(","identifier":[{"value":"1"}]}}]})";
  };
  EXPECT_TRUE(ErrorIds(bundle("Practitioner")).empty());
  EXPECT_EQ(ErrorIds(bundle("Organization")),
            std::vector<std::string>{"reference-type-mismatch at Bundle.entry[0].resource/*Patient/null*/.generalPractitioner[0]"});
}

TEST(BundleTest, VersionedReferenceInADocumentPicksTheEntryOfThatVersion) {
  auto document = [](const std::string& version) {
    return R"({"resourceType":"Bundle","type":"document","identifier":{"system":"urn:ietf:rfc:3986","value":"urn:uuid:1"},)"
           R"("timestamp":"2024-01-01T00:00:00Z","entry":[{"fullUrl":"http://x.test/Composition/c","resource":{"resourceType":"Composition",)"
           R"("id":"c","status":"final","type":{"text":"note"},"date":"2024-01-01","author":[{"display":"A"}],"title":"T",)"
           R"("section":[{"title":"S","entry":[{"reference":"Observation/o/_history/)" + version + R"("}]}]}},)"
           R"({"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","meta":{"versionId":"1"},)"
           R"("status":"final","code":{"text":"x"}}},)"
           R"({"fullUrl":"http://x.test/Observation/o","resource":{"resourceType":"Observation","id":"o","meta":{"versionId":"2"},)"
           R"("status":"final","code":{"text":"x"}}}]})";
  };
  for (const char* v : {"1", "2"}) {
    for (const std::string& e : ErrorIds(document(v))) EXPECT_EQ(e.find("reference-not-in-bundle"), std::string::npos) << e;
  }
  bool missing = false;
  for (const std::string& e : ErrorIds(document("3"))) missing |= e.starts_with("reference-not-in-bundle");
  EXPECT_TRUE(missing);
}

TEST(SlicingTest, ARequiredSliceMissingFromAnMcodeProfileIsReported) {
  std::ifstream in(std::string(FHIRGW_SHARED_DIR) + "/testsuites/ig-examples/mcode-4.0.0/Observation-tumor-size-pathology.json");
  std::ostringstream text;
  text << in.rdbuf();
  std::string json = text.str();
  ASSERT_FALSE(fhir::HasErrors(ValidateJson(DefaultRegistry(), json)));
  // Recode the longest dimension (LOINC 33728-7) as another dimension (33729-5): the required
  // slice goes missing (the other-dimension slice allows two items).
  const std::string coded = R"("code":"33728-7")";
  size_t at = json.find(coded);  // the coding, not the narrative's mention
  ASSERT_NE(at, std::string::npos);
  json.replace(at, coded.size(), R"("code":"33729-5")");
  bool missing = false;
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), json)) {
    missing |= i.message_id == "slice-min" && i.location == "Observation" &&
               i.text.find("tumorLongestDimension") != std::string::npos;
  }
  EXPECT_TRUE(missing);
}

// With the sliced element absent altogether, each required slice is still reported missing.
TEST(SlicingTest, ARequiredSliceOfAnAbsentElementIsReported) {
  const std::string json =
      R"({"resourceType":"Observation","meta":{"profile":["http://hl7.org/fhir/us/mcode/StructureDefinition/mcode-tumor-size"]},)"
      R"("status":"final","code":{"coding":[{"system":"http://loinc.org","code":"21889-1"}]},"subject":{"reference":"Patient/p"}})";
  bool missing = false;
  for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), json)) {
    missing |= i.message_id == "slice-min" && i.location == "Observation" &&
               i.text.find("tumorLongestDimension") != std::string::npos;
  }
  EXPECT_TRUE(missing);
}

}  // namespace
}  // namespace conformance
