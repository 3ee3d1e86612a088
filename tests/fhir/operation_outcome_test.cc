// File: tests/fhir/operation_outcome_test.cc
#include "fhir/operation_outcome.h"

#include "fhir/json_reader.h"
#include "fhir/json_writer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace fhir {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

TEST(OperationOutcomeTest, CarriesSeverityCodeLocationPositionAndMessageId) {
  Issue issue;
  issue.severity = Severity::kError;
  issue.type = IssueType::kStructure;
  issue.location = "Patient.name[0].given[1]";
  issue.line = 3;
  issue.column = 14;
  issue.message_id = "json-null";
  issue.text = "null is not allowed";
  issue.source = "oncology-record 17 / patient.given";
  Document doc = ReadJson(OperationOutcomeJson({issue}));
  ASSERT_THAT(doc.issues(), IsEmpty());
  EXPECT_EQ(doc.root()->resource_type(), "OperationOutcome");
  const Element* i = doc.root()->First("issue");
  ASSERT_NE(i, nullptr);
  EXPECT_EQ(i->First("severity")->value, "error");
  EXPECT_EQ(i->First("code")->value, "structure");
  EXPECT_EQ(i->First("expression")->value, "Patient.name[0].given[1]");
  EXPECT_EQ(i->First("details")->First("text")->value, "null is not allowed");
  const Property* ext = i->Find("extension");
  ASSERT_NE(ext, nullptr);
  ASSERT_EQ(ext->size, 4u);
  EXPECT_EQ(ext->items[0].First("url")->value, kIssueLineUrl);
  EXPECT_EQ(ext->items[0].First("valueInteger")->value, "3");
  EXPECT_EQ(ext->items[0].First("valueInteger")->kind, ValueKind::kNumber);
  EXPECT_EQ(ext->items[1].First("valueInteger")->value, "14");
  EXPECT_EQ(ext->items[2].First("valueString")->value, "oncology-record 17 / patient.given");
  EXPECT_EQ(ext->items[3].First("valueString")->value, "json-null");
}

TEST(OperationOutcomeTest, DirectJsonMatchesTheTreeBuiltOutcome) {
  Issue a;
  a.severity = Severity::kWarning;
  a.type = IssueType::kCodeInvalid;
  a.location = "Patient.gender";
  a.line = 2;
  a.column = 7;
  a.message_id = "binding-extensible";
  a.text = "quote \" and \\ backslash";
  Issue b;
  b.text = "no position";
  b.source = "Patient/\"p1\"";
  Issue c;
  c.line = 4294967295u;  // the largest line number still prints whole
  c.column = 1;
  // The worst case for the writer's one-off buffer: every field set, the largest numbers, the
  // longest codes, and strings whose every byte needs the six-byte escape.
  Issue d;
  d.severity = Severity::kInformation;
  d.type = IssueType::kMultipleMatches;
  d.line = 4294967295u;
  d.column = 4294967295u;
  d.text = std::string(1001, '\x01');
  d.location = std::string(17, '\x1f');
  d.message_id = std::string(9, '\x02');
  d.source = std::string(3, '\x7f') + "\x03 caf\xc3\xa9 \t\n\r\b\f";
  for (const IssueList& issues :
       {IssueList{}, IssueList{a}, IssueList{a, b}, IssueList{c, b, a}, IssueList{d}, IssueList{d, a, d}}) {
    Document tree = BuildDocument(ToOperationOutcome(issues));
    EXPECT_EQ(OperationOutcomeJson(issues), WriteJson(*tree.root()));
  }
}

TEST(OperationOutcomeTest, NoIssuesGivesOneInformationalIssue) {
  std::string json = OperationOutcomeJson({});
  EXPECT_THAT(json, HasSubstr(R"("severity":"information")"));
  EXPECT_THAT(json, HasSubstr(R"("code":"informational")"));
}

TEST(OperationOutcomeTest, ReaderIssuesBecomeAnOutcome) {
  Document bad = ReadJson(R"({"resourceType":"Patient","active":null})");
  std::string json = OperationOutcomeJson(bad.issues());
  EXPECT_THAT(json, HasSubstr(R"("expression":["Patient.active"])"));
  EXPECT_THAT(json, HasSubstr(R"("valueString":"json-null")"));
}

}  // namespace
}  // namespace fhir
