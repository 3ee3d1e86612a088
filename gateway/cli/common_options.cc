// File: gateway/cli/common_options.cc
#include "gateway/cli/common_options.h"

#include <charconv>

namespace fhirgw::cli {

const std::string* OptionValue(const std::vector<std::string>& args, size_t* i, std::string* error) {
  if (*i + 1 >= args.size()) {
    *error = args[*i] + " needs a value";
    return nullptr;
  }
  return &args[++*i];
}

Taken TakePackageOption(const std::vector<std::string>& args, size_t* i, PackageOptions* o, std::string* error) {
  const std::string& a = args[*i];
  if (a == "--no-default-packages") {
    o->use_default = false;
    return Taken::kYes;
  }
  if (a != "--package" && a != "--package-cache") return Taken::kNo;
  const std::string* v = OptionValue(args, i, error);
  if (v == nullptr) return Taken::kError;
  (a == "--package" ? o->packages : o->caches).push_back(*v);
  return Taken::kYes;
}

Taken TakeRemoteOption(const std::vector<std::string>& args, size_t* i, RemoteOptions* o, std::string* error) {
  const std::string& a = args[*i];
  std::string* target = a == "--server" ? &o->server : a == "--token-file" ? &o->token_file
                        : a == "--server-ca"                         ? &o->ca_file
                                                                     : nullptr;
  if (target == nullptr) return Taken::kNo;
  const std::string* v = OptionValue(args, i, error);
  if (v == nullptr) return Taken::kError;
  *target = *v;
  return Taken::kYes;
}

Taken TakeJobsOption(const std::vector<std::string>& args, size_t* i, int* jobs, std::string* error) {
  if (args[*i] != "--jobs") return Taken::kNo;
  const std::string* v = OptionValue(args, i, error);
  if (v == nullptr) return Taken::kError;
  int n = 0;
  const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < 1 || n > 256) {
    *error = "--jobs takes a number of threads from 1 to 256";
    return Taken::kError;
  }
  *jobs = n;
  return Taken::kYes;
}

}  // namespace fhirgw::cli
