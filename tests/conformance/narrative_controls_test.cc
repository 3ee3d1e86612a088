// File: tests/conformance/narrative_controls_test.cc
// Profiles' narrative controls: language sections prohibited, required, or required for the
// resource's language; source classes at the severity the profile names.
#include <string>

#include "conformance/narrative_sections.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

TEST(NarrativeSectionsTest, TopLevelNodesWithLangAndClass) {
  auto nodes = TopLevelNodes(
      R"(<div xmlns="http://www.w3.org/1999/xhtml"> loose <!-- c --><div xml:lang="de" lang="de"><p>x</p></div>)"
      R"(<br/><p class="generated original">y</p></div>)");
  ASSERT_EQ(nodes.size(), 4u);
  EXPECT_TRUE(nodes[0].is_text);
  EXPECT_EQ(nodes[0].text, "loose");
  EXPECT_EQ(nodes[1].lang, "de");
  EXPECT_EQ(nodes[2].text, "br");
  EXPECT_EQ(nodes[3].css_class, "generated original");
}

// A Patient profile whose text carries `control` (url, code).
std::string Profile(const std::string& name, const std::string& url, const std::string& code) {
  return R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/)" + name +
         R"(","name":"N","status":"draft","kind":"resource","abstract":false,"type":"Patient",)"
         R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",)"
         R"("differential":{"element":[{"id":"Patient.text","path":"Patient.text","extension":[{"url":")" + url +
         R"(","valueCode":")" + code + R"("}]}]}})";
}

constexpr char kLanguage[] = "http://hl7.org/fhir/StructureDefinition/narrative-language-control";
constexpr char kSource[] = "http://hl7.org/fhir/StructureDefinition/narrative-source-control";

class NarrativeControlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<fhir::Document>();
    docs_->push_back(fhir::ReadJson(Profile("no", kLanguage, "_no")));
    docs_->push_back(fhir::ReadJson(Profile("yes", kLanguage, "_yes")));
    docs_->push_back(fhir::ReadJson(Profile("resource", kLanguage, "_resource")));
    docs_->push_back(fhir::ReadJson(Profile("source", kSource, "error")));
    std::vector<const fhir::Element*> roots;
    for (const fhir::Document& d : *docs_) roots.push_back(d.root());
    registry_ = Registry::Overlay(testing::DefaultRegistry(), roots).release();
  }
  static void TearDownTestSuite() {
    delete registry_;
    delete docs_;
  }
  // Error ids for a Patient (language `language`) with narrative `div_body` against profile `name`.
  static std::vector<std::string> Errors(const std::string& name, const std::string& language, const std::string& div_body) {
    ValidationOptions options;
    options.profiles.push_back("http://fhirgw.test/StructureDefinition/" + name);
    std::string json = R"({"resourceType":"Patient","language":")" + language +
                       R"(","text":{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">)" + div_body + R"(</div>"}})";
    std::vector<std::string> out;
    for (const fhir::Issue& i : testing::ValidateJson(*registry_, json, options)) {
      if (i.severity <= fhir::Severity::kError) out.push_back(i.message_id + " at " + i.location);
    }
    return out;
  }
  static std::vector<fhir::Document>* docs_;
  static Registry* registry_;
};
std::vector<fhir::Document>* NarrativeControlsTest::docs_ = nullptr;
Registry* NarrativeControlsTest::registry_ = nullptr;

const std::string kTwoLanguages = R"(<div lang=\"en\">Hello</div><div lang=\"de\">Hallo</div>)";
const std::string kNoLanguage = "<p>Hello</p>";

TEST_F(NarrativeControlsTest, LanguageSectionsProhibited) {
  EXPECT_TRUE(Errors("no", "en", kNoLanguage).empty());
  EXPECT_EQ(Errors("no", "en", kTwoLanguages), std::vector<std::string>{"narrative-language-sections-prohibited at Patient.text"});
}

TEST_F(NarrativeControlsTest, LanguageSectionsRequired) {
  EXPECT_TRUE(Errors("yes", "en", kTwoLanguages).empty());
  EXPECT_EQ(Errors("yes", "en", kNoLanguage), std::vector<std::string>{"narrative-language-sections-required at Patient.text"});
}

TEST_F(NarrativeControlsTest, SectionForTheResourceLanguageRequired) {
  EXPECT_TRUE(Errors("resource", "de", kTwoLanguages).empty());
  EXPECT_EQ(Errors("resource", "pt", kTwoLanguages), std::vector<std::string>{"narrative-language-section-missing at Patient.text"});
}

TEST_F(NarrativeControlsTest, SourceClassRequiredOnEveryTopLevelPart) {
  EXPECT_TRUE(Errors("source", "en", R"(<p class=\"generated\">a</p><h1 class=\"boilerplate\">b</h1>)").empty());
  EXPECT_EQ(Errors("source", "en", R"(loose<p class=\"original\">a</p><p>b</p>)").size(), 1u);  // one place, one id
}

}  // namespace
}  // namespace conformance
