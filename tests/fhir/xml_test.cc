// File: tests/fhir/xml_test.cc
// FHIR XML in and out of the element tree; XML security.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "fhir/xml_reader.h"
#include "fhir/xml_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/files.h"
#include "tests/fhir/tree_equal.h"

namespace fhir {
namespace {

namespace fs = std::filesystem;
using ::fhir::testing::TreeDifference;
using ::testing::IsEmpty;

using fhirgw::testing::ReadFile;

// A tiny stand-in for the StructureDefinition-driven model: enough types for the tests below.
class TestModel : public TypeModel {
 public:
  std::optional<ChildInfo> Child(std::string_view parent, std::string_view name) const override {
    static const std::map<std::pair<std::string_view, std::string_view>, ChildInfo> kChildren = {
        {{"Patient", "id"}, {"id", false, ValueKind::kString}},
        {{"Patient", "active"}, {"boolean", false, ValueKind::kBoolean}},
        {{"Patient", "name"}, {"HumanName", true, ValueKind::kNone}},
        {{"Patient", "multipleBirthInteger"}, {"integer", false, ValueKind::kNumber}},
        {{"HumanName", "given"}, {"string", true, ValueKind::kString}},
        {{"HumanName", "family"}, {"string", false, ValueKind::kString}},
        {{"string", "extension"}, {"Extension", true, ValueKind::kNone}},
        {{"Extension", "valueDecimal"}, {"decimal", false, ValueKind::kNumber}},
    };
    auto it = kChildren.find({parent, name});
    if (it == kChildren.end()) return std::nullopt;
    return it->second;
  }
};

TEST(XmlReaderTest, MapsValuesAttributesAndRepeatsThroughTheTypeModel) {
  TestModel model;
  XmlReadOptions options;
  options.model = &model;
  Document doc = ReadXml(R"(<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="true"/>
      <name><family value="Doe"/><given id="g1" value="Ann"><extension url="http://e"><valueDecimal value="1.50"/></extension></given></name>
      <multipleBirthInteger value="2"/></Patient>)",
                         options);
  ASSERT_THAT(doc.issues(), IsEmpty());
  EXPECT_EQ(WriteJson(*doc.root()),
            R"({"resourceType":"Patient","id":"p1","active":true,"name":[{"family":"Doe","given":["Ann"],)"
            R"("_given":[{"id":"g1","extension":[{"url":"http://e","valueDecimal":1.50}]}]}],"multipleBirthInteger":2})");
}

TEST(XmlReaderTest, XmlAndJsonOfTheSameResourceGiveTheSameTree) {
  TestModel model;
  XmlReadOptions options;
  options.model = &model;
  Document xml = ReadXml(R"(<Patient xmlns="http://hl7.org/fhir"><id value="p1"/><active value="false"/>
      <name><family value="Doe"/><given value="A"/><given value="B"/></name></Patient>)", options);
  Document json = ReadJson(R"({"resourceType":"Patient","id":"p1","active":false,"name":[{"family":"Doe","given":["A","B"]}]})");
  ASSERT_THAT(xml.issues(), IsEmpty());
  ASSERT_THAT(json.issues(), IsEmpty());
  EXPECT_EQ(TreeDifference(*xml.root(), *json.root()), "");
}

TEST(XmlReaderTest, ContainedResourcesAndNarrativeKeepTheirShape) {
  const std::string xml =
      R"(<Patient xmlns="http://hl7.org/fhir"><text><status value="generated"/>)"
      R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b> &amp; more</p></div></text>)"
      R"(<contained><Organization><id value="o1"/></Organization></contained></Patient>)";
  Document doc = ReadXml(xml);
  ASSERT_THAT(doc.issues(), IsEmpty());
  const Element* div = doc.root()->First("text")->First("div");
  EXPECT_EQ(div->value, R"(<div xmlns="http://www.w3.org/1999/xhtml"><p>Hi <b>there</b> &amp; more</p></div>)");
  const Element* org = doc.root()->First("contained");
  EXPECT_EQ(org->resource_type(), "Organization");
  EXPECT_EQ(org->First("id")->value, "o1");
  EXPECT_EQ(WriteXml(*doc.root(), {.pretty = false, .declaration = false}), xml);
}

TEST(XmlReaderTest, AttributeWhiteSpaceSurvivesTheRoundTrip) {
  Document json = ReadJson(R"({"resourceType":"Basic","a":"x\ny\tz & <w> \"q\""})");
  std::string xml = WriteXml(*json.root());
  Document back = ReadXml(xml);
  ASSERT_THAT(back.issues(), IsEmpty());
  EXPECT_EQ(back.root()->First("a")->value, "x\ny\tz & <w> \"q\"");
}

TEST(XmlReaderTest, EveryFhirPathXmlInputRoundTripsToTheSameTree) {
  const fs::path dir = fs::path(FHIRGW_SHARED_DIR) / "testsuites/fhirpath/input-xml";
  ASSERT_TRUE(fs::is_directory(dir)) << dir << " is missing";
  int files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    Document first = ReadXml(ReadFile(entry.path()));
    ASSERT_NE(first.root(), nullptr) << entry.path() << ": " << FormatIssue(first.issues()[0]);
    EXPECT_THAT(first.issues(), IsEmpty()) << entry.path() << ": " << FormatIssue(first.issues()[0]);
    for (bool pretty : {false, true}) {
      std::string written = WriteXml(*first.root(), {.pretty = pretty, .declaration = true});
      Document second = ReadXml(written);
      ASSERT_NE(second.root(), nullptr) << entry.path();
      EXPECT_EQ(TreeDifference(*first.root(), *second.root()), "") << entry.path();
      EXPECT_EQ(WriteXml(*second.root(), {.pretty = pretty, .declaration = true}), written) << entry.path();
    }
  }
  EXPECT_GE(files, 7);
}

struct BadXml {
  std::string name;
  std::string xml;
  std::string message_id;
  Severity severity;
  uint32_t line;
};

void PrintTo(const BadXml& c, std::ostream* os) { *os << c.name; }

class XmlMalformedTest : public ::testing::TestWithParam<BadXml> {};

TEST_P(XmlMalformedTest, ReportsIssueWithPosition) {
  const BadXml& c = GetParam();
  Document doc = ReadXml(c.xml);
  const Issue* found = nullptr;
  for (const Issue& i : doc.issues()) {
    if (i.message_id == c.message_id && found == nullptr) found = &i;
  }
  ASSERT_NE(found, nullptr) << c.message_id << " not reported; "
                            << (doc.issues().empty() ? "no issues" : FormatIssue(doc.issues()[0]));
  EXPECT_EQ(found->severity, c.severity);
  EXPECT_EQ(found->line, c.line) << FormatIssue(*found);
  EXPECT_GT(found->column, 0u);
  EXPECT_EQ(doc.root() == nullptr, c.severity == Severity::kFatal);
}

std::vector<BadXml> BadXmlCases() {
  const std::string ns = R"( xmlns="http://hl7.org/fhir")";
  return {
      {"unclosed", "<Patient" + ns + ">\n<id value=\"a\"/>", "xml-syntax", Severity::kFatal, 2},
      {"mismatched_tag", "<Patient" + ns + ">\n<id value=\"a\"></name></Patient>", "xml-syntax", Severity::kFatal, 2},
      {"empty", "", "xml-syntax", Severity::kFatal, 1},
      {"billion_laughs",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>\n<Patient" + ns + "><id value=\"&lol2;\"/></Patient>",
       "xml-doctype-not-allowed", Severity::kFatal, 2},
      {"external_entity",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<Patient" + ns + "><id value=\"&xxe;\"/></Patient>",
       "xml-doctype-not-allowed", Severity::kFatal, 2},
      {"undefined_entity", "<Patient" + ns + ">\n<id value=\"&nbsp;\"/></Patient>", "xml-syntax", Severity::kFatal, 2},
      {"wrong_namespace", "<Patient xmlns=\"urn:other\"><id value=\"a\"/></Patient>", "xml-wrong-namespace", Severity::kError, 1},
      {"text_content", "<Patient" + ns + ">\n<id>a</id></Patient>", "xml-text-not-allowed", Severity::kError, 2},
      {"unknown_attribute", "<Patient" + ns + ">\n<id value=\"a\" foo=\"b\"/></Patient>", "xml-unknown-attribute", Severity::kError, 2},
      {"out_of_order", "<Patient" + ns + "><name><family value=\"a\"/></name>\n<id value=\"a\"/>\n<name><family value=\"b\"/></name></Patient>", "xml-element-out-of-order", Severity::kError, 3},
      {"two_resources_in_wrapper", "<Patient" + ns + "><contained><Basic/>\n<Basic/></contained></Patient>", "xml-resource-wrapper", Severity::kError, 2},
  };
}

INSTANTIATE_TEST_SUITE_P(Table, XmlMalformedTest, ::testing::ValuesIn(BadXmlCases()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(XmlReaderTest, AnElementInsideAPrimitiveIsReportedAtItsXPathAndLeftOut) {
  TestModel model;
  XmlReadOptions options;
  options.model = &model;
  Document doc = ReadXml(R"(<Patient xmlns="http://hl7.org/fhir"><active><value value="true"/></active>)"
                         R"(<name><given value="a"><extension url="http://x.test/e"/></given></name></Patient>)",
                         options);
  ASSERT_NE(doc.root(), nullptr);
  ASSERT_EQ(doc.issues().size(), 1u);
  EXPECT_EQ(doc.issues()[0].message_id, "xml-element-in-primitive");
  EXPECT_EQ(doc.issues()[0].location, "/f:Patient/f:active");
  const Element* active = doc.root()->First("active");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->property_count, 0u);  // the stray <value> is not in the tree
  // Extensions inside a primitive are its own.
  EXPECT_NE(doc.root()->First("name")->First("given")->Find("extension"), nullptr);
}

TEST(XmlLimitsTest, DeepNestingIsRefused) {
  std::string xml = R"(<Patient xmlns="http://hl7.org/fhir">)";
  for (int i = 0; i < 100000; ++i) xml += "<a>";
  for (int i = 0; i < 100000; ++i) xml += "</a>";
  xml += "</Patient>";
  Document doc = ReadXml(xml);
  ASSERT_EQ(doc.issues().size(), 1u);
  EXPECT_EQ(doc.issues()[0].message_id, "xml-too-deep");
  EXPECT_EQ(doc.root(), nullptr);
}

}  // namespace
}  // namespace fhir
