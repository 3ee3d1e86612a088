// File: tests/conformance/primitive_cases_test.cc
// The shared primitive cases (valid and invalid JSON values for each FHIR primitive type, from
// google/fhir's test data), each placed as the value of an extension, which admits every type.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "conformance/primitive_rules.h"
#include "fhir/json_reader.h"
#include "gtest/gtest.h"
#include "tests/conformance/registry_fixture.h"

namespace conformance {
namespace {

using testing::DefaultRegistry;
using testing::ValidateJson;

std::string FhirType(std::string_view snake) {
  if (snake == "reference") return "Reference";
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(c - 'a' + 'A') : c);
    upper = false;
  }
  return out;
}

TEST(PrimitiveCasesTest, ValidValuesPassAndInvalidValuesFail) {
  std::ifstream in(std::filesystem::path(FHIRGW_SHARED_DIR) / "testsuites/primitives/primitive_cases.json");
  ASSERT_TRUE(in);
  std::ostringstream s;
  s << in.rdbuf();
  fhir::Document cases = fhir::ReadJson(s.str());
  ASSERT_NE(cases.root(), nullptr);
  int checked = 0, skipped = 0;
  for (const fhir::Property& type : cases.root()->First("types")->props()) {
    const std::string fhir_type = FhirType(type.name);
    for (std::string_view verdict : {"valid", "invalid"}) {
      const fhir::Property* list = type.items[0].Find(verdict);
      if (list == nullptr) continue;
      for (const fhir::Element& c : list->elements()) {
        std::string_view value = c.First("json")->value;
        // JSON null is never a valid property value in FHIR JSON (google/fhir treats it as
        // absent); the narrative type has its own element and rules (htmlChecks, FHIRPath issue).
        if (value == "null" || fhir_type == "xhtml") {
          ++skipped;
          continue;
        }
        // The host holds a contained resource "p1" (referenced, as dom-3 requires), so that a
        // "#p1" reference resolves.
        std::string json = "{\"resourceType\":\"Basic\",\"contained\":[{\"resourceType\":\"Patient\",\"id\":\"p1\"}],\"subject\":{\"reference\":\"#p1\"},"
                           "\"code\":{\"text\":\"t\"},\"extension\":[{\"url\":\"http://example.org/x\",\"value" +
                           std::string(1, static_cast<char>(std::toupper(fhir_type[0]))) + fhir_type.substr(1) + "\":" + std::string(value) + "}]}";
        bool errors = fhir::HasErrors(ValidateJson(DefaultRegistry(), json));
        EXPECT_EQ(errors, verdict == "invalid") << fhir_type << " " << verdict << ": " << value;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 150);
  EXPECT_LT(skipped, 30);
}

// Codes and uris are first screened eight bytes at a time for white space: a space, tab or
// line break anywhere (word boundaries included) must still be found.
TEST(PrimitiveRulesTest, WhiteSpaceIsFoundAtEveryPositionOfCodesAndUris) {
  for (const char* space : {" ", "  ", "\t", "\n"}) {
    for (size_t at = 0; at <= 20; ++at) {
      const std::string value = std::string(at, 'a') + space + std::string(20 - at, 'b');
      const bool single_inner_space = std::string_view(space) == " " && at > 0 && at < 20;
      EXPECT_EQ(CheckPrimitive("code", value).message_id.empty(), single_inner_space) << "code [" << value << "]";
      EXPECT_FALSE(CheckPrimitive("uri", value).message_id.empty()) << "uri [" << value << "]";
    }
  }
  EXPECT_TRUE(CheckPrimitive("code", "abcdefghijklmnopqrstuvwxyz").message_id.empty());
  EXPECT_TRUE(CheckPrimitive("uri", "http://loinc.org/some/long/path/without/spaces").message_id.empty());
}

}  // namespace
}  // namespace conformance
