// File: conformance/default_packages.cc
#include "conformance/default_packages.h"

#include <algorithm>
#include <filesystem>
#include <system_error>

namespace conformance {

std::vector<std::string> PackagesIn(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".tgz") out.push_back(entry.path().string());
  }
  std::sort(out.begin(), out.end(), [](const std::string& a, const std::string& b) {
    bool ca = a.find("hl7.fhir.r4.core") != std::string::npos;
    bool cb = b.find("hl7.fhir.r4.core") != std::string::npos;
    return ca != cb ? ca : a < b;
  });
  return out;
}

}  // namespace conformance
