// File: gateway/cli/common_options.h
// Options several commands share, parsed in one place: an option's value, the FHIR packages to
// load, and the server to work against.
#ifndef FHIRGW_GATEWAY_CLI_COMMON_OPTIONS_H_
#define FHIRGW_GATEWAY_CLI_COMMON_OPTIONS_H_

#include <string>
#include <vector>

#include "gateway/cli/package_options.h"
#include "gateway/cli/remote_gateway.h"

namespace fhirgw::cli {

enum class Taken { kNo, kYes, kError };

// The value after option args[*i], advancing *i; nullptr (with *error set) when there is none.
const std::string* OptionValue(const std::vector<std::string>& args, size_t* i, std::string* error);
// --package PATH, --package-cache DIR, --no-default-packages.
Taken TakePackageOption(const std::vector<std::string>& args, size_t* i, PackageOptions* o, std::string* error);
// --server HOST:PORT, --token-file FILE, --server-ca FILE.
Taken TakeRemoteOption(const std::vector<std::string>& args, size_t* i, RemoteOptions* o, std::string* error);
// --jobs N (1-256): threads for validation.
Taken TakeJobsOption(const std::vector<std::string>& args, size_t* i, int* jobs, std::string* error);

}  // namespace fhirgw::cli

#endif  // FHIRGW_GATEWAY_CLI_COMMON_OPTIONS_H_
