// File: fhir/issue.h
// What is wrong with the data: the second error channel (absl::Status says whether an operation
// could run at all; issues say what is wrong with a resource or record). Issues become a FHIR
// OperationOutcome through fhir/operation_outcome.h.
#ifndef FHIRGW_FHIR_ISSUE_H_
#define FHIRGW_FHIR_ISSUE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fhir {

// OperationOutcome.issue.severity (http://hl7.org/fhir/issue-severity), most severe first.
enum class Severity : uint8_t { kFatal, kError, kWarning, kInformation };

// OperationOutcome.issue.code (http://hl7.org/fhir/issue-type), the codes fhirgw emits.
enum class IssueType : uint8_t {
  kInvalid,
  kStructure,
  kRequired,
  kValue,
  kInvariant,
  kSecurity,
  kProcessing,
  kNotSupported,
  kDuplicate,
  kNotFound,
  kTooLong,
  kCodeInvalid,
  kExtension,
  kTooCostly,
  kBusinessRule,
  kIncomplete,
  kInformational,
  kMultipleMatches,
  kException,  // keep last: readers loop up to it
};

std::string_view SeverityCode(Severity s);
std::string_view IssueTypeCode(IssueType t);

struct Issue {
  Severity severity = Severity::kError;
  IssueType type = IssueType::kInvalid;
  // FHIRPath-style location of the element, e.g. "Patient.name[0].given[1]"; empty when the
  // problem is with the document as a whole (e.g. malformed JSON).
  std::string location;
  uint32_t line = 0;    // 1-based; 0 when unknown
  uint32_t column = 0;  // 1-based; 0 when unknown
  // Stable kebab-case identifier of the rule, e.g. "json-duplicate-property". Tests and callers
  // match on this, never on the text.
  std::string message_id;
  std::string text;  // for a person
  // For issues on mapped records: the source record and field the element came from.
  std::string source;
};

using IssueList = std::vector<Issue>;

// True when any issue is fatal or error.
bool HasErrors(const IssueList& issues);

// "error 3:14 Patient.name[0]: text [message-id]" for logs and the text CLI output.
std::string FormatIssue(const Issue& issue);

}  // namespace fhir

#endif  // FHIRGW_FHIR_ISSUE_H_
