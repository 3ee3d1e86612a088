// File: gateway/main.cc
// The fhirgw command-line tool: one binary, one verb per job.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "gateway/cli/convert_command.h"
#include "gateway/cli/fhirpath_command.h"
#include "gateway/cli/serve_command.h"
#include "gateway/cli/translate_command.h"
#include "gateway/cli/validate_command.h"

namespace {

constexpr char kUsage[] =
    "fhirgw: a FHIR R4 interoperability gateway (translation to mCODE STU4 / US Core 6.1 and\n"
    "validation against FHIR packages)\n"
    "\n"
    "usage: fhirgw <command> [options]\n"
    "\n"
    "commands:\n"
    "  validate  validate FHIR resources against FHIR packages (R4 core, mCODE, ...)\n"
    "  convert   read FHIR JSON/XML/NDJSON, report reading problems, write JSON or XML\n"
    "  fhirpath  evaluate FHIRPath expressions, optionally against a resource\n"
    "  translate internal oncology records to mCODE / US Core FHIR resources, validated\n"
    "  serve     run the gRPC service (translation, validation, health, reflection)\n"
    "  help      show this text, or `fhirgw help <command>` for one command\n";

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2 && args[1] == "convert") {
      std::cout << fhirgw::cli::kConvertUsage;
    } else if (args.size() >= 2 && args[1] == "serve") {
      std::cout << fhirgw::cli::kServeUsage;
    } else if (args.size() >= 2 && args[1] == "translate") {
      std::cout << fhirgw::cli::kTranslateUsage;
    } else if (args.size() >= 2 && args[1] == "fhirpath") {
      std::cout << fhirgw::cli::kFhirPathUsage;
    } else if (args.size() >= 2 && args[1] == "validate") {
      std::cout << fhirgw::cli::kValidateUsage;
    } else {
      std::cout << kUsage;
    }
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
  if (command == "validate") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << fhirgw::cli::kValidateUsage;
      return 0;
    }
    return fhirgw::cli::RunValidate(args);
  }
  if (command == "serve") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << fhirgw::cli::kServeUsage;
      return 0;
    }
    return fhirgw::cli::RunServe(args);
  }
  if (command == "translate") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << fhirgw::cli::kTranslateUsage;
      return 0;
    }
    return fhirgw::cli::RunTranslate(args);
  }
  if (command == "fhirpath") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << fhirgw::cli::kFhirPathUsage;
      return 0;
    }
    return fhirgw::cli::RunFhirPath(args);
  }
  if (command == "convert") {
    if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
      std::cout << fhirgw::cli::kConvertUsage;
      return 0;
    }
    return fhirgw::cli::RunConvert(args);
  }
  std::cerr << "fhirgw: unknown command '" << command << "'\n\n" << kUsage;
  return 2;
}
