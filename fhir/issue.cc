// File: fhir/issue.cc
#include "fhir/issue.h"

#include "fhir/text.h"

namespace fhir {

std::string_view SeverityCode(Severity s) {
  switch (s) {
    case Severity::kFatal: return "fatal";
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kInformation: return "information";
  }
  return "error";
}

std::string_view IssueTypeCode(IssueType t) {
  switch (t) {
    case IssueType::kInvalid: return "invalid";
    case IssueType::kStructure: return "structure";
    case IssueType::kRequired: return "required";
    case IssueType::kValue: return "value";
    case IssueType::kInvariant: return "invariant";
    case IssueType::kSecurity: return "security";
    case IssueType::kProcessing: return "processing";
    case IssueType::kNotSupported: return "not-supported";
    case IssueType::kDuplicate: return "duplicate";
    case IssueType::kNotFound: return "not-found";
    case IssueType::kTooLong: return "too-long";
    case IssueType::kCodeInvalid: return "code-invalid";
    case IssueType::kExtension: return "extension";
    case IssueType::kTooCostly: return "too-costly";
    case IssueType::kBusinessRule: return "business-rule";
    case IssueType::kIncomplete: return "incomplete";
    case IssueType::kInformational: return "informational";
    case IssueType::kMultipleMatches: return "multiple-matches";
    case IssueType::kException: return "exception";
  }
  return "invalid";
}

bool HasErrors(const IssueList& issues) {
  for (const Issue& i : issues) {
    if (i.severity == Severity::kFatal || i.severity == Severity::kError) return true;
  }
  return false;
}

std::string FormatIssue(const Issue& issue) {
  std::string out(SeverityCode(issue.severity));
  if (issue.line != 0) Append(&out, " ", issue.line, ":", issue.column);
  if (!issue.location.empty()) Append(&out, " ", issue.location);
  Append(&out, ": ", issue.text, " [", issue.message_id, "]");
  return out;
}

}  // namespace fhir
