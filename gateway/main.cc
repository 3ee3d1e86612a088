// File: gateway/main.cc
// The fhirgw command-line tool: one binary, one verb per job.
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "gateway/cli/convert_command.h"

namespace {

constexpr char kUsage[] =
    "fhirgw: a FHIR R4 interoperability gateway (translation to mCODE STU4 / US Core 6.1 and\n"
    "validation against FHIR packages)\n"
    "\n"
    "usage: fhirgw <command> [options]\n"
    "\n"
    "commands:\n"
    "  convert   read FHIR JSON/XML/NDJSON, report reading problems, write JSON or XML\n"
    "  help      show this text, or `fhirgw help <command>` for one command\n"
    "\n"
    "Not yet available: validate, translate, fhirpath, serve (see the project's issues).\n";

// The build targets a CPU level (see FHIRGW_ARCH in CMakeLists.txt); say so plainly on an older
// CPU instead of dying on an illegal instruction.
bool CpuSupportsBuild() {
#if defined(__x86_64__) && defined(__AVX2__)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2");
#else
  return true;
#endif
}

}  // namespace

int main(int argc, char** argv) {
  if (!CpuSupportsBuild()) {
    std::cerr << "fhirgw: this build needs an x86-64-v3 CPU (AVX2, BMI2); rebuild with "
                 "-DFHIRGW_ARCH=x86-64 for this machine\n";
    return 2;
  }
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    if (args.size() >= 2 && args[1] == "convert") {
      std::cout << fhirgw::cli::kConvertUsage;
    } else {
      std::cout << kUsage;
    }
    return args.empty() ? 2 : 0;
  }
  const std::string command = args[0];
  args.erase(args.begin());
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
