// File: tests/conformance/element_controls_test.cc
// Controls that profiles put on elements through ElementDefinition extensions: narrative
// language sections (prohibited, required, required for the resource's language), source
// classes at the severity the profile names, and R5's value controls (mustHaveValue,
// valueAlternatives) on primitives.
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

// A Patient profile whose active element carries the extension `extension` (its members).
std::string ActiveProfile(const std::string& name, const std::string& extension) {
  return R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/)" + name +
         R"(","name":"N","status":"draft","kind":"resource","abstract":false,"type":"Patient",)"
         R"("baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint",)"
         R"("differential":{"element":[{"id":"Patient.active","path":"Patient.active","extension":[{)" + extension + "}]}]}}";
}

constexpr char kLanguage[] = "http://hl7.org/fhir/StructureDefinition/narrative-language-control";
constexpr char kSource[] = "http://hl7.org/fhir/StructureDefinition/narrative-source-control";

class ElementControlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    docs_ = new std::vector<fhir::Document>();
    docs_->push_back(fhir::ReadJson(Profile("no", kLanguage, "_no")));
    docs_->push_back(fhir::ReadJson(Profile("yes", kLanguage, "_yes")));
    docs_->push_back(fhir::ReadJson(Profile("resource", kLanguage, "_resource")));
    docs_->push_back(fhir::ReadJson(Profile("source", kSource, "error")));
    docs_->push_back(fhir::ReadJson(ActiveProfile(
        "must-have-value", R"("url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.mustHaveValue","valueBoolean":true)")));
    docs_->push_back(fhir::ReadJson(ActiveProfile(
        "alternatives", R"("url":"http://hl7.org/fhir/5.0/StructureDefinition/extension-ElementDefinition.valueAlternatives","valueCanonical":"http://hl7.org/fhir/StructureDefinition/data-absent-reason")")));
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
    return testing::Errors(*registry_, json, options);
  }
  static std::vector<fhir::Document>* docs_;
  static Registry* registry_;
};
std::vector<fhir::Document>* ElementControlsTest::docs_ = nullptr;
Registry* ElementControlsTest::registry_ = nullptr;

const std::string kTwoLanguages = R"(<div lang=\"en\">Hello</div><div lang=\"de\">Hallo</div>)";
const std::string kNoLanguage = "<p>Hello</p>";

TEST_F(ElementControlsTest, LanguageSectionsProhibited) {
  EXPECT_TRUE(Errors("no", "en", kNoLanguage).empty());
  EXPECT_EQ(Errors("no", "en", kTwoLanguages), std::vector<std::string>{"narrative-language-sections-prohibited at Patient.text"});
}

TEST_F(ElementControlsTest, LanguageSectionsRequired) {
  EXPECT_TRUE(Errors("yes", "en", kTwoLanguages).empty());
  EXPECT_EQ(Errors("yes", "en", kNoLanguage), std::vector<std::string>{"narrative-language-sections-required at Patient.text"});
}

TEST_F(ElementControlsTest, SectionForTheResourceLanguageRequired) {
  EXPECT_TRUE(Errors("resource", "de", kTwoLanguages).empty());
  EXPECT_EQ(Errors("resource", "pt", kTwoLanguages), std::vector<std::string>{"narrative-language-section-missing at Patient.text"});
}

TEST_F(ElementControlsTest, SourceClassRequiredOnEveryTopLevelPart) {
  EXPECT_TRUE(Errors("source", "en", R"(<p class=\"generated\">a</p><h1 class=\"boilerplate\">b</h1>)").empty());
  EXPECT_EQ(Errors("source", "en", R"(loose<p class=\"original\">a</p><p>b</p>)").size(), 1u);  // one place, one id
}

TEST_F(ElementControlsTest, ValueControlsOnAPrimitive) {
  auto errors = [](const std::string& profile, const std::string& active) {
    ValidationOptions options;
    options.profiles.push_back("http://fhirgw.test/StructureDefinition/" + profile);
    return testing::Errors(*registry_, R"({"resourceType":"Patient",)" + active + "}", options);
  };
  const std::string absent_reason =
      R"("_active":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]})";
  const std::string null_flavor =
      R"("_active":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/iso21090-nullFlavor","valueCode":"MSK"}]})";
  EXPECT_TRUE(errors("must-have-value", R"("active":true)").empty());
  EXPECT_EQ(errors("must-have-value", absent_reason), std::vector<std::string>{"value-required at Patient.active"});
  EXPECT_TRUE(errors("alternatives", absent_reason).empty());
  EXPECT_EQ(errors("alternatives", null_flavor), std::vector<std::string>{"value-alternative-missing at Patient.active"});
}

}  // namespace
}  // namespace conformance
