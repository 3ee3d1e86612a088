// File: gateway/cli/validate_command.h
// `fhirgw validate`: validates FHIR resources (JSON, XML, NDJSON, directories) against the
// loaded FHIR packages and reports per resource, as text, JSON lines or JUnit XML.
#ifndef FHIRGW_GATEWAY_CLI_VALIDATE_COMMAND_H_
#define FHIRGW_GATEWAY_CLI_VALIDATE_COMMAND_H_

#include <string>
#include <vector>

namespace fhirgw::cli {

// Returns the exit code: 0 no errors, 1 some resource has errors, 2 usage or I/O problems.
int RunValidate(const std::vector<std::string>& args);

inline constexpr char kValidateUsage[] =
    "usage: fhirgw validate [--package PATH]... [--package-cache DIR]... [--no-default-packages]\n"
    "                       [--profile URL]... [--strict-extensions] [--extension-domain PREFIX]...\n"
    "                       [--no-example-urls] [--no-html-in-markdown] [--strict-displays]\n"
    "                       [--assume-valid-rest-references]\n"
    "                       [--format text|json|junit]\n"
    "                       [--jobs N] [--quiet] [--coverage] [--server HOST:PORT [--token-file F] [--server-ca F]]\n"
    "                       FILE...\n"
    "  Validates each resource in FILE (JSON, XML, NDJSON, or a directory of them) against the\n"
    "  FHIR packages: the embedded default (R4 core, R4 expansions, THO, extensions, mCODE)\n"
    "  plus every --package (.tgz, a directory, or name#version from a --package-cache).\n"
    "  Dependencies not given are looked up in each --package-cache (folders named\n"
    "  name#version, as in ~/.fhir/packages).\n"
    "  --profile URL   also validate every root resource against this profile\n"
    "  --strict-extensions  an extension with no loaded definition is an error (default: warning)\n"
    "  --extension-domain PREFIX  unknown extensions whose url starts with PREFIX are accepted\n"
    "  --no-example-urls  extensions at example urls (example.org/.com/.net, acme.com) are errors\n"
    "                  (default: accepted, with an information issue)\n"
    "  --no-html-in-markdown  markdown holding an HTML tag is an error (default: a warning)\n"
    "  --strict-displays  a Coding display its code system does not give is an error (default: warning)\n"
    "  --assume-valid-rest-references  a reference that does not resolve here, whose URL names a\n"
    "                  type the element does not allow, is an error (default: a warning, as the\n"
    "                  HL7 validator leaves it unchecked unless given -assumeValidRestReferences)\n"
    "  --format text   issues and a summary table (default); json: one line per resource\n"
    "                  {\"file\",\"line\",\"outcome\"}; junit: a JUnit XML report\n"
    "  --quiet         text format: only errors and the summary\n"
    "  --jobs N        threads validating (default: one per core); output stays in input order\n"
    "  --server        validate on a running `fhirgw serve` (same outputs); --token-file sends its\n"
    "                  bearer token, --server-ca uses TLS with that CA (profiles and the options\n"
    "                  above travel with each request)\n"
    "  --coverage      print how many invariants (FHIRPath constraints) of the loaded packages\n"
    "                  compile and which were corrected (FILE may then be omitted)\n"
    "  Exit status: 0 no errors, 1 some resource has errors, 2 usage or I/O problem.\n";

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_VALIDATE_COMMAND_H_
