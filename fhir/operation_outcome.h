// File: fhir/operation_outcome.h
// Issues as a FHIR R4 OperationOutcome. Line, column, the stable message id and (for mapped
// records) the source field travel in the standard OperationOutcome extensions, as the HL7
// reference validator does.
#ifndef FHIRGW_FHIR_OPERATION_OUTCOME_H_
#define FHIRGW_FHIR_OPERATION_OUTCOME_H_

#include <string>

#include "fhir/issue.h"
#include "fhir/tree_builder.h"

namespace fhir {

inline constexpr char kIssueLineUrl[] =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
inline constexpr char kIssueColumnUrl[] =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";
inline constexpr char kIssueSourceUrl[] =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-source";
inline constexpr char kMessageIdUrl[] =
    "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id";

// Returns an OperationOutcome resource draft. With no issues it holds the single
// information/informational issue "no issues found" (FHIR requires at least one issue).
Node ToOperationOutcome(const IssueList& issues);

// The same, as FHIR JSON.
std::string OperationOutcomeJson(const IssueList& issues, bool pretty = false);

// The inverse, for clients: the issues of an OperationOutcome (severity, code, text, location,
// and fhirgw's line, column, message id and source extensions when present).
IssueList IssuesFromOperationOutcome(const Element& outcome);

}  // namespace fhir

#endif  // FHIRGW_FHIR_OPERATION_OUTCOME_H_
