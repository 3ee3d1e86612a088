// File: fhir/operation_outcome.cc
#include "fhir/operation_outcome.h"

#include <cstdlib>

#include "fhir/json_writer.h"
#include "fhir/text.h"

namespace fhir {
namespace {

// FHIR requires at least one issue; an outcome with nothing to report says so.
Issue AllOk() {
  Issue ok;
  ok.severity = Severity::kInformation;
  ok.type = IssueType::kInformational;
  ok.message_id = "all-ok";
  ok.text = "no issues found";
  return ok;
}

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
    oo.Add("issue", IssueNode(AllOk()));
    return oo;
  }
  for (const Issue& issue : issues) oo.Add("issue", IssueNode(issue));
  return oo;
}

namespace {

// Compact JSON written directly: a validating server answers with one outcome per resource, so
// this skips the intermediate tree (ToOperationOutcome builds the same structure for callers
// that need a tree; a test checks both agree).
void AppendExtension(std::string_view url, std::string_view value_name, std::string_view value,
                     bool is_string, bool& first, std::string& out) {
  out.append(first ? "" : ",");
  first = false;
  out.append("{\"url\":");
  AppendJsonString(url, &out);
  Append(&out, ",\"", value_name, "\":");
  if (is_string) {
    AppendJsonString(value, &out);
  } else {
    out.append(value);
  }
  out.push_back('}');
}

void AppendIssue(const Issue& issue, std::string& out) {
  out.push_back('{');
  if (issue.line != 0 || !issue.source.empty() || !issue.message_id.empty()) {
    out.append("\"extension\":[");
    bool first = true;
    if (issue.line != 0) {
      AppendExtension(kIssueLineUrl, "valueInteger", Concat(issue.line), false, first, out);
      AppendExtension(kIssueColumnUrl, "valueInteger", Concat(issue.column), false, first, out);
    }
    if (!issue.source.empty()) AppendExtension(kIssueSourceUrl, "valueString", issue.source, true, first, out);
    if (!issue.message_id.empty()) AppendExtension(kMessageIdUrl, "valueString", issue.message_id, true, first, out);
    out.append("],");
  }
  Append(&out, "\"severity\":\"", SeverityCode(issue.severity), "\",\"code\":\"", IssueTypeCode(issue.type), "\"");
  if (!issue.text.empty()) {
    out.append(",\"details\":{\"text\":");
    AppendJsonString(issue.text, &out);
    out.push_back('}');
  }
  if (!issue.location.empty()) {
    out.append(",\"expression\":[");
    AppendJsonString(issue.location, &out);
    out.push_back(']');
  }
  out.push_back('}');
}

}  // namespace

std::string OperationOutcomeJson(const IssueList& issues, bool pretty) {
  if (pretty) {
    Document doc = BuildDocument(ToOperationOutcome(issues));
    return WriteJson(*doc.root(), JsonWriteOptions{.pretty = true});
  }
  std::string out = "{\"resourceType\":\"OperationOutcome\",\"issue\":[";
  if (issues.empty()) AppendIssue(AllOk(), out);
  for (size_t i = 0; i < issues.size(); ++i) {
    if (i != 0) out.push_back(',');
    AppendIssue(issues[i], out);
  }
  out.append("]}");
  return out;
}

IssueList IssuesFromOperationOutcome(const Element& outcome) {
  IssueList out;
  const Property* issues = outcome.Find("issue");
  if (issues == nullptr) return out;
  for (const Element& e : issues->elements()) {
    Issue issue;
    std::string_view severity = e.ValueOf("severity");
    for (Severity s : {Severity::kFatal, Severity::kError, Severity::kWarning, Severity::kInformation}) {
      if (SeverityCode(s) == severity) issue.severity = s;
    }
    std::string_view code = e.ValueOf("code");
    for (int t = 0; t <= static_cast<int>(IssueType::kException); ++t) {
      if (IssueTypeCode(static_cast<IssueType>(t)) == code) issue.type = static_cast<IssueType>(t);
    }
    if (const Element* details = e.First("details")) issue.text = std::string(details->ValueOf("text"));
    issue.location = std::string(e.ValueOf("expression"));
    if (const Property* exts = e.Find("extension")) {
      for (const Element& x : exts->elements()) {
        std::string_view url = x.ValueOf("url");
        auto integer = [&] { return static_cast<uint32_t>(std::strtoul(std::string(x.ValueOf("valueInteger")).c_str(), nullptr, 10)); };
        if (url == kIssueLineUrl) issue.line = integer();
        if (url == kIssueColumnUrl) issue.column = integer();
        if (url == kIssueSourceUrl) issue.source = std::string(x.ValueOf("valueString"));
        if (url == kMessageIdUrl) issue.message_id = std::string(x.ValueOf("valueString"));
      }
    }
    out.push_back(std::move(issue));
  }
  return out;
}

}  // namespace fhir
