// File: gateway/cli/convert_command.h
// `fhirgw convert`: reads FHIR JSON, XML or NDJSON and writes each resource back as JSON or
// XML, reporting what the readers found wrong. Until translation and validation exist this is
// the tool's main job; afterwards it stays as the format converter.
#ifndef FHIRGW_GATEWAY_CLI_CONVERT_COMMAND_H_
#define FHIRGW_GATEWAY_CLI_CONVERT_COMMAND_H_

#include <string>
#include <vector>

namespace fhirgw::cli {

// Runs the command with the arguments after `convert`. Returns the process exit code: 0 when
// no resource had errors, 1 when any had, 2 for usage or I/O problems.
int RunConvert(const std::vector<std::string>& args);

inline constexpr char kConvertUsage[] =
    "usage: fhirgw convert [--to json|xml] [--pretty] [--out DIR] [--issues text|json] FILE...\n"
    "  Reads FHIR resources (JSON, XML, NDJSON files or directories of them) and writes each\n"
    "  (XML inputs are read with the embedded FHIR definitions, which say what repeats)\n"
    "  one back as JSON (default) or XML: to standard output, or to DIR as <name>.<format>.\n"
    "  Problems found while reading go to standard error, as text lines or as one\n"
    "  {\"file\",\"line\",\"outcome\"} JSON line per resource (--issues json).\n"
    "  Exit status: 0 no errors, 1 some resource has errors, 2 usage or I/O problem.\n";

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_CONVERT_COMMAND_H_
