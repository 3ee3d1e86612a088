// File: fhir/operation_outcome.cc
#include "fhir/operation_outcome.h"

#include "fhir/json_writer.h"

namespace fhir {
namespace {

Node IntegerExtension(std::string_view url, int64_t value) {
  Node ext;
  ext.Set("url", url);
  ext.SetInteger("valueInteger", value);
  return ext;
}

Node StringExtension(std::string_view url, std::string_view value) {
  Node ext;
  ext.Set("url", url);
  ext.Set("valueString", value);
  return ext;
}

Node IssueNode(const Issue& issue) {
  Node n;
  if (issue.line != 0) {
    n.Add("extension", IntegerExtension(kIssueLineUrl, issue.line));
    n.Add("extension", IntegerExtension(kIssueColumnUrl, issue.column));
  }
  if (!issue.source.empty()) n.Add("extension", StringExtension(kIssueSourceUrl, issue.source));
  if (!issue.message_id.empty()) n.Add("extension", StringExtension(kMessageIdUrl, issue.message_id));
  n.Set("severity", SeverityCode(issue.severity));
  n.Set("code", IssueTypeCode(issue.type));
  if (!issue.text.empty()) n.Child("details").Set("text", issue.text);
  if (!issue.location.empty()) n.AddString("expression", issue.location);
  return n;
}

}  // namespace

Node ToOperationOutcome(const IssueList& issues) {
  Node oo = Node::Resource("OperationOutcome");
  if (issues.empty()) {
    Issue ok;
    ok.severity = Severity::kInformation;
    ok.type = IssueType::kInformational;
    ok.message_id = "all-ok";
    ok.text = "no issues found";
    oo.Add("issue", IssueNode(ok));
    return oo;
  }
  for (const Issue& issue : issues) oo.Add("issue", IssueNode(issue));
  return oo;
}

std::string OperationOutcomeJson(const IssueList& issues, bool pretty) {
  Document doc = BuildDocument(ToOperationOutcome(issues));
  JsonWriteOptions options;
  options.pretty = pretty;
  return WriteJson(*doc.root(), options);
}

}  // namespace fhir
