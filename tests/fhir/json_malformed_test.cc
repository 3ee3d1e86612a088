// File: tests/fhir/json_malformed_test.cc
// Table-driven: each malformed input yields the right issue at the right place, and none
// crashes or hangs (huge and deeply nested inputs included).
#include <string>
#include <vector>

#include "fhir/json_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fhir {
namespace {

struct Case {
  std::string name;
  std::string json;
  std::string message_id;
  Severity severity;
  uint32_t line;
  uint32_t column;
  std::string location;  // expected FHIRPath location; empty for document-level problems
};

std::vector<Case> Cases() {
  const std::string p = R"({"resourceType":"Patient",)";  // 26 characters
  return {
      {"missing_colon", "{\"resourceType\" \"Patient\"}", "json-expected-colon", Severity::kFatal, 1, 17, ""},
      {"missing_comma", "{\"resourceType\":\"Patient\"\n \"id\":\"a\"}", "json-expected-comma", Severity::kFatal, 2, 2, ""},
      {"trailing_comma", "{\"resourceType\":\"Patient\",}", "json-expected-property-name", Severity::kFatal, 1, 27, ""},
      {"unquoted_key", "{resourceType:\"Patient\"}", "json-expected-property-name", Severity::kFatal, 1, 2, ""},
      {"truncated_object", p + "\"id\":\"a\"", "json-truncated", Severity::kFatal, 1, 35, ""},
      {"truncated_string", p + "\"id\":\"abc", "json-unterminated-string", Severity::kFatal, 1, 32, ""},
      {"truncated_after_key", p + "\"id\"", "json-truncated", Severity::kFatal, 1, 31, ""},
      {"mismatched_bracket", p + "\"a\":[1}", "json-expected-comma", Severity::kFatal, 1, 33, ""},
      {"trailing_content", R"({"resourceType":"Patient"} {})", "json-trailing-content", Severity::kFatal, 1, 28, ""},
      {"extra_closer", R"({"resourceType":"Patient"}})", "json-trailing-content", Severity::kFatal, 1, 27, ""},
      {"empty_document", "   ", "json-empty", Severity::kFatal, 1, 4, ""},
      {"root_array", R"([{"resourceType":"Patient"}])", "json-root-not-object", Severity::kFatal, 1, 1, ""},
      {"root_string", R"("Patient")", "json-root-not-object", Severity::kFatal, 1, 1, ""},
      {"nan", p + "\"a\":NaN}", "json-invalid-number", Severity::kFatal, 1, 31, ""},
      {"infinity", p + "\"a\":Infinity}", "json-invalid-number", Severity::kFatal, 1, 31, ""},
      {"negative_infinity", p + "\"a\":-Infinity}", "json-invalid-number", Severity::kFatal, 1, 31, ""},
      {"bad_number", p + "\"a\":1.}", "json-invalid-number", Severity::kFatal, 1, 31, ""},
      {"hex_number", p + "\"a\":0x10}", "json-invalid-number", Severity::kFatal, 1, 31, ""},
      {"bad_literal", p + "\"a\":tru}", "json-unexpected-token", Severity::kFatal, 1, 31, ""},
      {"bad_escape", p + "\"a\":\"x\\q\"}", "json-invalid-escape", Severity::kFatal, 1, 33, ""},
      {"invalid_utf8", p + "\"a\":\"\xC3\x28\"}", "json-invalid-utf8", Severity::kFatal, 1, 32, ""},
      {"overlong_utf8", p + "\"a\":\"\xC0\xAF\"}", "json-invalid-utf8", Severity::kFatal, 1, 32, ""},
      {"leading_zero", p + "\"a\":012}", "json-number-leading-zero", Severity::kError, 1, 31, "Patient.a"},
      {"leading_zero_decimal", p + "\"a\":-00.5}", "json-number-leading-zero", Severity::kError, 1, 31, "Patient.a"},
      {"duplicate", p + "\"id\":\"a\",\"id\":\"b\"}", "json-duplicate-property", Severity::kError, 1, 36, "Patient.id"},
      {"duplicate_resource_type", p + "\"resourceType\":\"Patient\"}", "json-duplicate-property", Severity::kError, 1, 27, "Patient.resourceType"},
      {"null_property", p + "\"active\":null}", "json-null", Severity::kError, 1, 36, "Patient.active"},
      {"null_in_complex_array", p + "\"name\":[null]}", "json-null", Severity::kError, 1, 35, "Patient.name[0]"},
      {"null_without_companion", p + "\"a\":[\"x\",null]}", "json-null", Severity::kError, 1, 36, "Patient.a[1]"},
      {"null_in_both", p + "\"a\":[\"x\",null],\"_a\":[null,null]}", "json-null", Severity::kError, 1, 36, "Patient.a[1]"},
      {"empty_object", p + "\"meta\":{}}", "json-empty-object", Severity::kError, 1, 34, "Patient.meta"},
      {"empty_array", p + "\"name\":[]}", "json-empty-array", Severity::kError, 1, 34, "Patient.name"},
      {"empty_string", p + "\"id\":\"\"}", "json-empty-string", Severity::kError, 1, 32, "Patient.id"},
      {"nested_array", p + "\"a\":[[1]]}", "json-nested-array", Severity::kError, 1, 32, "Patient.a[0]"},
      {"control_char", p + "\"a\":\"x\ty\"}", "json-string-control-character", Severity::kFatal, 1, 33, ""},
      {"missing_resource_type", R"({"id":"a"})", "json-missing-resource-type", Severity::kError, 1, 1, "Resource"},
      {"resource_type_empty_array", R"({"resourceType":[]})", "json-resource-type-not-string", Severity::kError, 1, 2, "Resource.resourceType"},
      {"resource_type_number", R"({"resourceType":5})", "json-resource-type-not-string", Severity::kError, 1, 17, "Resource.resourceType"},
      {"companion_length", p + "\"a\":[\"x\"],\"_a\":[{\"id\":\"1\"},{\"id\":\"2\"}]}", "json-companion-mismatch", Severity::kError, 1, 37, "Patient.a"},
      {"companion_not_object", p + "\"a\":\"x\",\"_a\":\"y\"}", "json-companion-not-object", Severity::kError, 1, 40, "Patient.a"},
      {"companion_on_complex", p + "\"name\":{\"family\":\"x\"},\"_name\":{\"id\":\"1\"}}", "json-companion-on-complex", Severity::kError, 1, 57, "Patient.name"},
      {"empty_key", p + "\"\":1}", "json-empty-property-name", Severity::kError, 1, 27, "Patient"},
  };
}

// Names the case in test output instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class JsonMalformedTest : public ::testing::TestWithParam<Case> {};

TEST_P(JsonMalformedTest, ReportsIssueWithPosition) {
  const Case& c = GetParam();
  Document doc = ReadJson(c.json);
  const Issue* found = nullptr;
  for (const Issue& issue : doc.issues()) {
    if (issue.message_id == c.message_id) {
      found = &issue;
      break;
    }
  }
  ASSERT_NE(found, nullptr) << "no " << c.message_id << " among " << doc.issues().size()
                            << " issue(s)" << (doc.issues().empty() ? "" : "; first: " + FormatIssue(doc.issues()[0]));
  EXPECT_EQ(found->severity, c.severity);
  EXPECT_EQ(found->line, c.line) << FormatIssue(*found);
  EXPECT_EQ(found->column, c.column) << FormatIssue(*found);
  EXPECT_EQ(found->location, c.location) << FormatIssue(*found);
  EXPECT_FALSE(found->text.empty());
  EXPECT_EQ(doc.root() == nullptr, c.severity == Severity::kFatal);
}

INSTANTIATE_TEST_SUITE_P(Table, JsonMalformedTest, ::testing::ValuesIn(Cases()),
                         [](const auto& param_info) { return param_info.param.name; });

TEST(JsonMalformedLimitsTest, DeepObjectNestingIsRefusedNotRecursed) {
  std::string json = R"({"resourceType":"Patient","a":)";
  for (int i = 0; i < 100000; ++i) json += R"({"a":)";
  json += "1";
  for (int i = 0; i < 100000; ++i) json += "}";
  json += "}";
  Document doc = ReadJson(json);
  ASSERT_EQ(doc.issues().size(), 1u);
  EXPECT_EQ(doc.issues()[0].message_id, "json-too-deep");
  EXPECT_EQ(doc.issues()[0].severity, Severity::kFatal);
  EXPECT_EQ(doc.issues()[0].line, 1u);
  EXPECT_GT(doc.issues()[0].column, 256u * 5);
  EXPECT_EQ(doc.root(), nullptr);
}

TEST(JsonMalformedLimitsTest, DeepArrayNestingIsRefused) {
  std::string json = std::string(R"({"resourceType":"Patient","a":)") + std::string(100000, '[') +
                     std::string(100000, ']') + "}";
  Document doc = ReadJson(json);
  ASSERT_FALSE(doc.issues().empty());
  bool reported = false;
  for (const Issue& i : doc.issues()) reported |= i.message_id == "json-too-deep" || i.message_id == "json-nested-array";
  EXPECT_TRUE(reported);
}

TEST(JsonMalformedLimitsTest, TruncatedDeepNestingReportsTruncation) {
  std::string json = R"({"resourceType":"Patient","a":)" + std::string(100000, '[');
  Document doc = ReadJson(json);
  ASSERT_EQ(doc.issues().size(), 1u);
  EXPECT_EQ(doc.issues()[0].severity, Severity::kFatal);
}

TEST(JsonMalformedLimitsTest, FiftyMegabyteStringIsReadWhole) {
  std::string big(50u << 20, 'x');
  Document doc = ReadJson(R"({"resourceType":"Binary","data":")" + big + "\"}");
  ASSERT_TRUE(doc.issues().empty());
  EXPECT_EQ(doc.root()->First("data")->value.size(), big.size());
}

TEST(JsonMalformedLimitsTest, UnterminatedFiftyMegabyteStringIsReported) {
  std::string json = R"({"resourceType":"Binary","data":")" + std::string(50u << 20, 'x');
  Document doc = ReadJson(json);
  ASSERT_EQ(doc.issues().size(), 1u);
  EXPECT_EQ(doc.issues()[0].message_id, "json-unterminated-string");
  EXPECT_EQ(doc.issues()[0].column, 33u);
}

TEST(JsonMalformedLimitsTest, EveryTruncationOfAValidResourceIsFatalNeverACrash) {
  const std::string json =
      R"({"resourceType":"Observation","id":"o1","status":"final","code":{"coding":[{"system":"http://loinc.org","code":"16112-5"}]},"valueQuantity":{"value":1.50,"unit":"%"},"_status":{"id":"s"}})";
  for (size_t n = 0; n < json.size(); ++n) {
    Document doc = ReadJson(json.substr(0, n));
    ASSERT_FALSE(doc.issues().empty()) << "prefix of " << n << " bytes was accepted";
    EXPECT_EQ(doc.issues()[0].severity, Severity::kFatal) << n;
    EXPECT_EQ(doc.root(), nullptr) << n;
  }
  EXPECT_TRUE(ReadJson(json).issues().empty());
}

}  // namespace
}  // namespace fhir
