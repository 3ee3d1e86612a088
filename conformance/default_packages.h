// File: conformance/default_packages.h
// The FHIR packages of the embedded default, as files.
#ifndef FHIRGW_CONFORMANCE_DEFAULT_PACKAGES_H_
#define FHIRGW_CONFORMANCE_DEFAULT_PACKAGES_H_

#include <string>
#include <vector>

namespace conformance {

// The `.tgz` packages in `dir` (default: the source tree's conformance/packages), R4 core first
// so that the others find their base definitions loaded. Empty when there are none.
std::vector<std::string> PackagesIn(const std::string& dir = FHIRGW_DEFAULT_PACKAGE_DIR);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_DEFAULT_PACKAGES_H_
