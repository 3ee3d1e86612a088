// File: gateway/cli/package_options.cc
#include "gateway/cli/package_options.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "conformance/default_packages.h"

namespace fhirgw::cli {

namespace fs = std::filesystem;

std::vector<std::string> DefaultPackages() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("FHIRGW_PACKAGES")) candidates.emplace_back(env);
  candidates.emplace_back(FHIRGW_DEFAULT_PACKAGE_DIR);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "conformance" / "packages");
  for (const fs::path& dir : candidates) {
    std::vector<std::string> found = conformance::PackagesIn(dir.string());
    if (!found.empty()) return found;
  }
  return {};
}

absl::StatusOr<std::unique_ptr<conformance::Registry>> LoadRegistry(const PackageOptions& options) {
  std::vector<std::string> paths;
  if (options.use_default) {
    paths = DefaultPackages();
    if (paths.empty()) {
      return absl::NotFoundError(
          "the embedded default FHIR packages were not found (set FHIRGW_PACKAGES to the folder "
          "holding them, or use --no-default-packages with --package)");
    }
  }
  for (const std::string& p : options.packages) {
    // "name#version" names a package in a cache folder; anything else is a path.
    std::error_code ec;
    if (p.find('#') != std::string::npos && !fs::exists(p, ec)) {
      std::string found;
      for (const std::string& cache : options.caches) {
        if (fs::exists(fs::path(cache) / p, ec)) found = (fs::path(cache) / p).string();
      }
      if (found.empty()) {
        return absl::NotFoundError("package " + p + " is not in any --package-cache folder");
      }
      paths.push_back(found);
      continue;
    }
    paths.push_back(p);
  }
  return conformance::Registry::Load(paths, options.caches);
}

}  // namespace fhirgw::cli
