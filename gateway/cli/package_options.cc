// File: gateway/cli/package_options.cc
#include "gateway/cli/package_options.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fhirgw::cli {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> TarballsIn(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".tgz") out.push_back(entry.path().string());
  }
  // Core first, so that later packages' dependencies find it loaded.
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    bool ca = a.find("hl7.fhir.r4.core") != std::string::npos;
    bool cb = b.find("hl7.fhir.r4.core") != std::string::npos;
    return ca != cb ? ca : a < b;
  });
  return out;
}

}  // namespace

std::vector<std::string> DefaultPackages() {
  std::vector<fs::path> candidates;
  if (const char* env = std::getenv("FHIRGW_PACKAGES")) candidates.emplace_back(env);
  candidates.emplace_back(FHIRGW_DEFAULT_PACKAGE_DIR);
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path().parent_path() / "conformance" / "packages");
  for (const fs::path& dir : candidates) {
    std::vector<std::string> found = TarballsIn(dir);
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
  paths.insert(paths.end(), options.packages.begin(), options.packages.end());
  return conformance::Registry::Load(paths, options.caches);
}

}  // namespace fhirgw::cli
