// File: gateway/cli/fhirpath_command.h
// `fhirgw fhirpath`: evaluates FHIRPath expressions, optionally against a resource, one result
// line per expression (the packages load once, so many expressions in one call are cheap).
#ifndef FHIRGW_GATEWAY_CLI_FHIRPATH_COMMAND_H_
#define FHIRGW_GATEWAY_CLI_FHIRPATH_COMMAND_H_

#include <string>
#include <vector>

namespace fhirgw::cli {

// Returns the exit code: 0 every expression evaluated, 1 some did not, 2 usage or I/O problem.
int RunFhirPath(const std::vector<std::string>& args);

inline constexpr char kFhirPathUsage[] =
    "usage: fhirgw fhirpath [--input FILE] [--var NAME=VALUE]... [--package PATH]...\n"
    "                       [--package-cache DIR]... EXPRESSION...\n"
    "  Evaluates each EXPRESSION in order (against the resource in FILE, JSON or XML, when\n"
    "  given; the first one of an NDJSON file) and prints one line per expression: the result\n"
    "  as a JSON array (FHIR JSON values; dates and times as strings without '@'; quantities as\n"
    "  {\"value\":...,\"unit\":...}), or {\"error\":\"...\",\"position\":N} when the expression does\n"
    "  not parse or fails to evaluate. Element types come from the embedded FHIR packages plus\n"
    "  every --package. --var NAME=VALUE defines %NAME as a string.\n"
    "  Exit status: 0 all evaluated, 1 some expression failed, 2 usage or I/O problem.\n";

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_FHIRPATH_COMMAND_H_
