// File: conformance/package.h
// Reads a FHIR package: the registry's `.tgz` or an unpacked directory, both in the standard
// layout (`package/package.json` plus one resource per JSON file).
#ifndef FHIRGW_CONFORMANCE_PACKAGE_H_
#define FHIRGW_CONFORMANCE_PACKAGE_H_

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace conformance {

struct PackageManifest {
  std::string name;     // e.g. "hl7.fhir.us.mcode"
  std::string version;  // e.g. "4.0.0"
  std::string canonical;
  std::vector<std::pair<std::string, std::string>> dependencies;  // name, version
};

struct PackageLimits {
  uint64_t max_file_bytes = 256ull << 20;    // one resource file
  uint64_t max_total_bytes = 2048ull << 20;  // the whole unpacked package
  uint32_t max_files = 200000;
};

// Called for each JSON resource file whose name passes `wanted` (the file name without
// directories, e.g. "StructureDefinition-Patient.json"). `content` is valid only during the call.
using PackageFileSink = std::function<void(std::string_view file, std::string_view content)>;

// Reads the package at `path` (a .tgz file, or a directory holding `package/` or being it).
// Only files directly under `package/` count (examples in sub-folders are skipped). Returns
// InvalidArgument for a missing or unreadable package.json, a path that escapes the package
// (`..`, absolute) or a size limit exceeded; NotFound when `path` does not exist.
absl::StatusOr<PackageManifest> ReadPackage(const std::string& path,
                                            const std::function<bool(std::string_view)>& wanted,
                                            const PackageFileSink& sink,
                                            const PackageLimits& limits = {});

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PACKAGE_H_
