// File: tests/conformance/suites_test.cc
// The external suites: official R4 examples, the oncology corpus, the IG examples, and XML/JSON
// agreement of the FHIRPath suite's inputs.
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "fhir/xml_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/files.h"
#include "tests/conformance/registry_fixture.h"
#include "tests/fhir/tree_equal.h"
#include "tests/fhir/xhtml_canonical.h"

namespace conformance {
namespace {

namespace fs = std::filesystem;
using testing::DefaultRegistry;
using testing::RegistryWithUsCore;
using testing::ValidateJson;

using fhirgw::testing::ReadFile;

std::string FirstError(const fhir::IssueList& issues) {
  for (const fhir::Issue& i : issues) {
    if (i.severity <= fhir::Severity::kError) return fhir::FormatIssue(i);
  }
  return "";
}

TEST(R4ExamplesTest, OnlyTheListedFaultyExamplesAreRejected) {
  std::map<std::string, std::string> expected;  // file -> rule
  std::ifstream list(std::string(FHIRGW_SOURCE_DIR) + "/tests/conformance/r4_examples_rejected.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    expected[line.substr(0, tab)] = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
  }
  std::map<std::string, std::set<std::string>> rejected;  // file -> rules
  int files = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FHIRGW_SHARED_DIR) / "testsuites/r4-examples")) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    for (const fhir::Issue& i : ValidateJson(DefaultRegistry(), ReadFile(entry.path()))) {
      if (i.severity <= fhir::Severity::kError) rejected[entry.path().filename().string()].insert(i.message_id);
    }
  }
  EXPECT_EQ(files, 491);
  // Issue 3's target is at most 10; each of these 15 is listed with the rule it breaks. The
  // 11th, Bundle-hla-1, is rejected since a stray part of a complex extension is an error
  // whichever package defines the extension (R4 core's own extensions were exempted, to accept
  // this example: a loosened check). Four TestScripts write "json"/"xml" where R4 requires a
  // media type; a body temperature lacks the effective[x] R4's vital signs profile requires.
  // A new rejection must be a real fault: the list below is the record. (Observation-clinical-
  // gender's performer names an Encounter, but only by URL: a warning unless references are
  // assumed valid, as the HL7 validator judges it; see ValidationOptions.)
  EXPECT_LE(rejected.size(), 15u);
  for (const auto& [file, rules] : rejected) {
    auto it = expected.find(file);
    EXPECT_TRUE(it != expected.end() && rules.contains(it->second))
        << file << " is rejected but not listed (rules: " << *rules.begin() << ")";
  }
  for (const auto& [file, rule] : expected) {
    EXPECT_TRUE(rejected.contains(file)) << file << " is listed as faulty but is accepted";
  }
}

TEST(OncologyCorpusTest, EveryResourceValidatesWithoutErrors) {
  std::ifstream in(fs::path(FHIRGW_SHARED_DIR) / "testsuites/oncology-corpus/valid.ndjson");
  ASSERT_TRUE(in);
  std::string line;
  int lines = 0, failures = 0;
  while (std::getline(in, line)) {
    ++lines;
    std::string error = FirstError(ValidateJson(DefaultRegistry(), line));
    if (!error.empty() && ++failures <= 5) ADD_FAILURE() << "line " << lines << ": " << error;
  }
  EXPECT_EQ(lines, 10035);
  EXPECT_EQ(failures, 0);
}

TEST(IgExamplesTest, OnlyTheListedFaultyExamplesHaveErrors) {
  std::map<std::string, std::string> expected;  // ig/file -> rule
  std::ifstream list(std::string(FHIRGW_SOURCE_DIR) + "/tests/conformance/ig_examples_faults.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    size_t tab = line.find('\t');
    expected[line.substr(0, tab)] = line.substr(tab + 1, line.find('\t', tab + 1) - tab - 1);
  }
  int files = 0;
  std::set<std::string> faulty;
  for (const char* ig : {"mcode-4.0.0", "us-core-6.1.0"}) {
    for (const auto& entry : fs::directory_iterator(fs::path(FHIRGW_SHARED_DIR) / "testsuites/ig-examples" / ig)) {
      if (entry.path().extension() != ".json") continue;
      ++files;
      std::string name = std::string(ig) + "/" + entry.path().filename().string();
      std::set<std::string> rules;
      for (const fhir::Issue& i : ValidateJson(RegistryWithUsCore(), ReadFile(entry.path()))) {
        if (i.severity <= fhir::Severity::kError) rules.insert(i.message_id);
      }
      if (rules.empty()) continue;
      faulty.insert(name);
      auto it = expected.find(name);
      EXPECT_TRUE(it != expected.end() && rules.contains(it->second)) << name << " has unlisted errors: " << *rules.begin();
    }
  }
  for (const auto& [name, rule] : expected) EXPECT_TRUE(faulty.contains(name)) << name << " is listed but valid";
  EXPECT_GT(files, 100);
}

// XML attribute-value normalisation (XML 1.0, 3.3.3) turns each tab, newline and carriage
// return in an attribute into a space; a JSON string keeps them.
std::string AsXmlAttribute(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\t' || c == '\r') c = ' ';
  }
  return out;
}

// Narrative XHTML compared as XML: whitespace-only text between tags dropped, character and
// entity references resolved, attributes in a canonical form.
std::string CanonicalXhtml(std::string_view xhtml) { return fhir::testing::CanonicalXhtml(xhtml); }

// Compares trees as XML and JSON views of one resource; "" when they agree.
std::string TwinDifference(const fhir::Element& x, const fhir::Element& j, const std::string& path) {
  if (x.is_resource != j.is_resource || x.resource_type() != j.resource_type()) return path + ": resource type";
  if (x.kind != j.kind) return path + ": value kind";
  if (x.has_value() && !x.is_resource) {
    bool narrative = path.ends_with(".div[0]");
    bool same = narrative ? CanonicalXhtml(x.value) == CanonicalXhtml(j.value)
                          : x.value == j.value || x.value == AsXmlAttribute(j.value);
    if (!same) return path + ": value '" + std::string(x.value) + "' vs '" + std::string(j.value) + "'";
  }
  if (x.property_count != j.property_count) return path + ": property count";
  for (uint32_t i = 0; i < x.property_count; ++i) {
    const fhir::Property& px = x.properties[i];
    const fhir::Property* pj = j.Find(px.name);
    std::string at = path + "." + std::string(px.name);
    if (pj == nullptr || pj->size != px.size || pj->is_array != px.is_array || pj->is_primitive != px.is_primitive) {
      return at + ": shape differs";
    }
    for (uint32_t k = 0; k < px.size; ++k) {
      std::string d = TwinDifference(px.items[k], pj->items[k], at + "[" + std::to_string(k) + "]");
      if (!d.empty()) return d;
    }
  }
  return "";
}

TEST(XmlJsonAgreementTest, XmlInputsReadIntoTheSameTreeAsTheirJsonTwins) {
  std::set<std::string> known_faults;
  std::ifstream list(std::string(FHIRGW_SOURCE_DIR) + "/tests/conformance/xml_json_twins_known_faults.txt");
  std::string line;
  while (std::getline(list, line)) {
    if (!line.empty() && line[0] != '#') known_faults.insert(line.substr(0, line.find('\t')));
  }
  const fs::path xml_dir = fs::path(FHIRGW_SHARED_DIR) / "testsuites/fhirpath/input-xml";
  const fs::path json_dir = fs::path(FHIRGW_SHARED_DIR) / "testsuites/fhirpath/input";
  int pairs = 0;
  for (const auto& entry : fs::directory_iterator(xml_dir)) {
    fs::path twin = json_dir / entry.path().filename().replace_extension(".json");
    if (!fs::exists(twin)) continue;
    ++pairs;
    fhir::XmlReadOptions options;
    options.model = &DefaultRegistry();
    fhir::Document xml = fhir::ReadXml(ReadFile(entry.path()), options);
    fhir::Document json = fhir::ReadJson(ReadFile(twin));
    ASSERT_NE(xml.root(), nullptr) << entry.path();
    ASSERT_NE(json.root(), nullptr) << twin;
    std::string difference = TwinDifference(*xml.root(), *json.root(), "$");
    if (known_faults.contains(entry.path().stem().string())) {
      EXPECT_NE(difference, "") << entry.path() << " is listed as a faulty twin but agrees";
    } else {
      EXPECT_EQ(difference, "") << entry.path();
    }
  }
  EXPECT_GE(pairs, 5);
}

}  // namespace
}  // namespace conformance
