// File: gateway/cli/package_options.h
// Which FHIR packages a command loads: the embedded default plus the user's, and caches.
#ifndef FHIRGW_GATEWAY_CLI_PACKAGE_OPTIONS_H_
#define FHIRGW_GATEWAY_CLI_PACKAGE_OPTIONS_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "conformance/registry.h"

namespace fhirgw::cli {

struct PackageOptions {
  bool use_default = true;
  std::vector<std::string> packages;
  std::vector<std::string> caches;
};

// The embedded default's package files: $FHIRGW_PACKAGES when set, else the source tree's
// conformance/packages (compiled in), else conformance/packages beside the executable's folder.
std::vector<std::string> DefaultPackages();

// Loads the registry the options describe. Errors: a package that cannot be read, or no default
// packages found when they are wanted.
absl::StatusOr<std::unique_ptr<conformance::Registry>> LoadRegistry(const PackageOptions& options);

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_PACKAGE_OPTIONS_H_
