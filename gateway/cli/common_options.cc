// File: gateway/cli/common_options.cc
#include "gateway/cli/common_options.h"

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

}  // namespace fhirgw::cli
