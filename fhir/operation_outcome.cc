// File: fhir/operation_outcome.cc
#include "fhir/operation_outcome.h"

#include <algorithm>
#include <charconv>
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

// The extension urls are constants without characters JSON escapes: written as they are.
constexpr bool NeedsNoEscape(std::string_view s) {
  for (char c : s) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}
static_assert(NeedsNoEscape(kIssueLineUrl) && NeedsNoEscape(kIssueColumnUrl) && NeedsNoEscape(kIssueSourceUrl) &&
              NeedsNoEscape(kMessageIdUrl));

void StartExtension(std::string_view url, std::string_view value_name, bool& first, std::string& out) {
  if (!first) out.push_back(',');
  first = false;
  out.append("{\"url\":\"");
  out.append(url);
  out.append("\",\"");
  out.append(value_name);
  out.append("\":");
}

void AppendUnsigned(uint32_t value, std::string& out) {
  char digits[16];
  const auto end = std::to_chars(digits, digits + sizeof(digits), value).ptr;
  out.append(digits, end);
}

void AppendIssue(const Issue& issue, std::string& out) {
  out.push_back('{');
  if (issue.line != 0 || !issue.source.empty() || !issue.message_id.empty()) {
    out.append("\"extension\":[");
    bool first = true;
    if (issue.line != 0) {
      StartExtension(kIssueLineUrl, "valueInteger", first, out);
      AppendUnsigned(issue.line, out);
      out.push_back('}');
      StartExtension(kIssueColumnUrl, "valueInteger", first, out);
      AppendUnsigned(issue.column, out);
      out.push_back('}');
    }
    if (!issue.source.empty()) {
      StartExtension(kIssueSourceUrl, "valueString", first, out);
      AppendJsonString(issue.source, &out);
      out.push_back('}');
    }
    if (!issue.message_id.empty()) {
      StartExtension(kMessageIdUrl, "valueString", first, out);
      AppendJsonString(issue.message_id, &out);
      out.push_back('}');
    }
    out.append("],");
  }
  out.append("\"severity\":\"");
  out.append(SeverityCode(issue.severity));
  out.append("\",\"code\":\"");
  out.append(IssueTypeCode(issue.type));
  out.push_back('"');
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
  // One allocation in the common case: the fixed parts of an issue with all its extensions
  // come to about 400 bytes, plus its own strings.
  size_t size = 64;
  for (const Issue& i : issues) size += 400 + i.text.size() + i.location.size() + i.message_id.size() + i.source.size();
  std::string out;
  out.reserve(std::max<size_t>(size, 512));
  out.append("{\"resourceType\":\"OperationOutcome\",\"issue\":[");
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
