// File: tests/mappers/translation_test.cc
// Translation end to end through the pipeline (mappers + validator): the shipped examples
// translate and validate with zero errors against mCODE and US Core (loaded from ../shared),
// golden outputs pin two patients' Bundles, and bad records come back rejected or flagged with
// the field path, with every record accounted for.
#include <filesystem>
#include <fstream>

#include "fhir/json_writer.h"
#include "gateway/pipeline/translate_pipeline.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "mappers/bundles.h"
#include "mappers/stable_id.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/testing/files.h"

namespace fhirgw {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const mappers::ConceptMaps& Maps() {
  static const auto* maps = mappers::ConceptMaps::Load({mappers::DefaultConceptMapDir()})->release();
  return *maps;
}

pipeline::TranslationReport Translate(const std::vector<mappers::ReadEntry>& entries, bool validate = true) {
  static const conformance::Validator validator(conformance::testing::RegistryWithUsCore());
  mappers::Translator translator(Maps());
  pipeline::TranslatePipeline pipe(translator, validate ? &validator : nullptr);
  pipeline::TranslateOptions options;
  options.mapping.recorded_at = "2026-01-01T00:00:00Z";
  return pipe.Run(entries, options);
}

std::vector<mappers::ReadEntry> ReadExamples(const std::string& only = {}) {
  std::vector<mappers::ReadEntry> entries;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(FHIRGW_SOURCE_DIR) / "examples/records")) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& f : files) {
    if (!only.empty() && f.filename() != only) continue;
    EXPECT_TRUE(mappers::ReadRecordFile(f.string(), &entries).ok());
  }
  return entries;
}

std::vector<mappers::ReadEntry> Parse(std::string_view json) {
  std::vector<mappers::ReadEntry> entries;
  mappers::ParseRecords(json, "test", &entries);
  return entries;
}

TEST(TranslationTest, EveryExampleRecordTranslatesAndValidatesWithoutErrors) {
  std::vector<mappers::ReadEntry> entries = ReadExamples();
  ASSERT_GE(entries.size(), 400u);
  pipeline::TranslationReport report = Translate(entries);
  EXPECT_EQ(report.received, entries.size());
  EXPECT_EQ(report.translated + report.rejected, report.received);
  EXPECT_EQ(report.rejected, 0u);
  for (const mappers::RecordResult& r : report.results) {
    for (const fhir::Issue& i : r.issues) {
      EXPECT_GT(i.severity, fhir::Severity::kError) << fhir::FormatIssue(i) << " (" << i.source << ")";
    }
  }
  // Every kind of resource the mission needs is made.
  for (std::string_view type : {"Patient", "Condition", "Observation", "MedicationRequest", "MedicationAdministration",
                                "Procedure", "AdverseEvent", "CarePlan", "Goal", "ServiceRequest", "ResearchStudy",
                                "ResearchSubject", "Provenance"}) {
    EXPECT_GT(report.resources_by_type[std::string(type)], 0u) << type;
  }
}

TEST(TranslationTest, PatientBundlesAndTransactionsValidateAsWholes) {
  pipeline::TranslationReport report = Translate(ReadExamples("patient-P003.json"));
  conformance::Validator validator(conformance::testing::RegistryWithUsCore());
  for (auto kind : {mappers::BundleKind::kCollection, mappers::BundleKind::kTransaction}) {
    auto bundles = mappers::BuildPatientBundles(report.results, kind, "http://fhirgw.local/fhir");
    ASSERT_EQ(bundles.size(), 1u);
    fhir::Document doc = fhir::BuildDocument(bundles[0].bundle);
    fhir::IssueList issues;
    validator.Validate(doc, {}, &issues);
    for (const fhir::Issue& i : issues) EXPECT_GT(i.severity, fhir::Severity::kError) << fhir::FormatIssue(i);
  }
}

// Golden outputs: regenerate with FHIRGW_WRITE_GOLDEN=1 after a deliberate mapping change.
TEST(TranslationTest, GoldenBundlesAreUnchanged) {
  for (std::string patient : {"P001", "P003"}) {
    pipeline::TranslationReport report = Translate(ReadExamples("patient-" + patient + ".json"));
    auto bundles = mappers::BuildPatientBundles(report.results, mappers::BundleKind::kCollection, "http://fhirgw.local/fhir");
    ASSERT_EQ(bundles.size(), 1u);
    fhir::Document doc = fhir::BuildDocument(bundles[0].bundle);
    fhir::JsonWriteOptions pretty;
    pretty.pretty = true;
    std::string json = fhir::WriteJson(*doc.root(), pretty) + "\n";
    fs::path golden = fs::path(FHIRGW_SOURCE_DIR) / "tests/mappers/golden" / (patient + ".json");
    if (std::getenv("FHIRGW_WRITE_GOLDEN") != nullptr) std::ofstream(golden) << json;
    EXPECT_EQ(json, fhirgw::testing::ReadFile(golden)) << "golden output changed for " << patient;
  }
}

TEST(TranslationTest, ResubmissionGivesTheSameIds) {
  auto a = Translate(ReadExamples("patient-P002.json"), false);
  auto b = Translate(ReadExamples("patient-P002.json"), false);
  ASSERT_EQ(a.results.size(), b.results.size());
  for (size_t i = 0; i < a.results.size(); ++i) {
    ASSERT_EQ(a.results[i].resources.size(), b.results[i].resources.size());
    for (size_t k = 0; k < a.results[i].resources.size(); ++k) {
      EXPECT_EQ(a.results[i].resources[k].id, b.results[i].resources[k].id);
    }
  }
  // UUID version 5 per RFC 4122 (checked against Python's uuid.uuid5 in the same namespace).
  EXPECT_EQ(mappers::StableId("urn:example:hospital-a:oncology", "patient", "P001"), "93c79a55-9e5f-54b3-bd74-418b79c9a64c");
}

TEST(StableIdTest, Sha1MatchesTheFipsExample) {
  auto h = mappers::Sha1("abc");
  std::string hex;
  for (uint8_t b : h) hex += fhir::Concat("0123456789abcdef"[b >> 4], "0123456789abcdef"[b & 15]);
  EXPECT_EQ(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
}

struct BadRecord {
  std::string name;
  std::string json;        // one record, proto3 JSON
  std::string message_id;  // expected issue
  std::string source;      // expected record field reference
  bool rejected;
};

class BadRecordTest : public ::testing::TestWithParam<BadRecord> {};

TEST_P(BadRecordTest, IsRejectedOrFlaggedWithItsFieldAndAccountedFor) {
  const BadRecord& c = GetParam();
  // A valid patient and primary condition go with it, so only the bad record can fail.
  std::string batch = R"([{"patient":{"source":{"system":"urn:t","recordId":"P1"},"mrn":"1","familyName":"Doe",)"
                      R"("administrativeSex":"F","birthDate":"1960-01-01"}},)"
                      R"({"condition":{"source":{"system":"urn:t","recordId":"C1"},"patientRecordId":"P1","kind":"PRIMARY",)"
                      R"("diagnosis":{"code":"BC-L"},"diagnosisDate":"2020-01-01"}},)" +
                      c.json + "]";
  std::vector<mappers::ReadEntry> entries = Parse(batch);
  ASSERT_EQ(entries.size(), 3u);
  pipeline::TranslationReport report = Translate(entries);
  EXPECT_EQ(report.received, 3u);
  EXPECT_EQ(report.translated + report.rejected, 3u);
  const mappers::RecordResult& r = report.results[2];
  EXPECT_EQ(r.rejected, c.rejected);
  EXPECT_FALSE(report.results[0].rejected);
  EXPECT_FALSE(report.results[1].rejected);
  bool found = false;
  for (const fhir::Issue& i : r.issues) found = found || (i.message_id == c.message_id && i.source == c.source);
  EXPECT_TRUE(found) << "no " << c.message_id << " at " << c.source;
  if (!found) {
    for (const fhir::Issue& i : r.issues) ADD_FAILURE() << fhir::FormatIssue(i) << " (" << i.source << ")";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Records, BadRecordTest,
    ::testing::Values(
        BadRecord{"missing_required_field", R"({"patient":{"source":{"system":"urn:t","recordId":"P2"},"familyName":"X","administrativeSex":"F"}})",
                  "record-field-missing", "patient[P2].mrn", true},
        BadRecord{"unknown_local_code", R"({"medication":{"source":{"system":"urn:t","recordId":"M1"},"patientRecordId":"P1","kind":"ORDER","drug":{"code":"NOPE"},"status":"active","startDate":"2021-01-01","prescriber":"Dr X"}})",
                  "code-unmapped", "medication[M1].drug", true},
        BadRecord{"impossible_date", R"({"performanceStatus":{"source":{"system":"urn:t","recordId":"PS1"},"patientRecordId":"P1","scale":"ECOG","score":1,"date":"2021-02-30"}})",
                  "record-date-invalid", "performance_status[PS1].date", true},
        BadRecord{"metastasis_without_primary", R"({"condition":{"source":{"system":"urn:t","recordId":"C2"},"patientRecordId":"P1","kind":"METASTASIS","diagnosis":{"code":"MET-BONE"}}})",
                  "metastasis-without-primary", "condition[C2].primary_record_id", true},
        BadRecord{"metastasis_of_a_metastasis", R"({"condition":{"source":{"system":"urn:t","recordId":"C3"},"patientRecordId":"P1","kind":"METASTASIS","diagnosis":{"code":"MET-BONE"},"primaryRecordId":"C3"}})",
                  "metastasis-primary-not-primary", "condition[C3].primary_record_id", true},
        BadRecord{"dangling_reference_is_flagged", R"({"tumorMarker":{"source":{"system":"urn:t","recordId":"TM1"},"patientRecordId":"P1","conditionRecordId":"C9","marker":{"code":"ER-IHC"},"result":"pos","date":"2021-01-01"}})",
                  "reference-not-in-batch", "tumor_marker[TM1].condition_record_id", false},
        BadRecord{"dangling_care_plan_activity", R"({"carePlan":{"source":{"system":"urn:t","recordId":"CP1"},"patientRecordId":"P1","status":"active","startDate":"2021-01-01","treatmentRecordIds":["RX9"]}})",
                  "reference-unresolved", "care_plan[CP1].treatment_record_ids[0]", true},
        BadRecord{"score_out_of_range", R"({"performanceStatus":{"source":{"system":"urn:t","recordId":"PS2"},"patientRecordId":"P1","scale":"KARNOFSKY","score":85,"date":"2021-01-01"}})",
                  "record-value-out-of-range", "performance_status[PS2].score", true},
        BadRecord{"dates_out_of_order", R"({"sideEffect":{"source":{"system":"urn:t","recordId":"AE1"},"patientRecordId":"P1","term":{"code":"NAUSEA"},"grade":2,"onsetDate":"2021-05-01","resolutionDate":"2021-04-01"}})",
                  "record-date-order", "side_effect[AE1].resolution_date", true},
        BadRecord{"bad_nct_number", R"({"trialEnrolment":{"source":{"system":"urn:t","recordId":"T1"},"patientRecordId":"P1","nctId":"NCT123","status":"enrolled","startDate":"2021-01-01"}})",
                  "record-code-invalid", "trial_enrolment[T1].nct_id", true},
        BadRecord{"not_a_record", R"({"patient":{"source":{"system":"urn:t","recordId":"P3"},"favouriteColour":"blue"}})",
                  "record-unreadable", "test:3", true},
        BadRecord{"empty_record", R"({})", "record-empty", "record[]", true}),
    [](const ::testing::TestParamInfo<BadRecord>& p) { return p.param.name; });

TEST(RecordReaderTest, ReadsOneRecordAnArrayOrNdjsonAndKeepsBadLines) {
  EXPECT_EQ(Parse(R"({"patient":{"mrn":"1"}})").size(), 1u);
  EXPECT_EQ(Parse("{\n  \"patient\": {\"mrn\": \"1\"}\n}\n").size(), 1u);  // pretty-printed single record
  auto ndjson = Parse("{\"patient\":{\"mrn\":\"1\"}}\n\n{broken\n{\"condition\":{}}\n");
  ASSERT_EQ(ndjson.size(), 3u);
  EXPECT_TRUE(ndjson[0].ok);
  EXPECT_FALSE(ndjson[1].ok);
  EXPECT_EQ(ndjson[1].position, 3u);
  EXPECT_TRUE(ndjson[2].ok);
  auto array = Parse(R"([{"patient":{}}, 7, {"staging":{}}])");
  ASSERT_EQ(array.size(), 3u);
  EXPECT_FALSE(array[1].ok);
  EXPECT_THAT(array[1].error, HasSubstr("not a record"));
}

}  // namespace
}  // namespace fhirgw
