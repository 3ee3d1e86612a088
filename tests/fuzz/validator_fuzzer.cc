// File: tests/fuzz/validator_fuzzer.cc
// libFuzzer target: any bytes read as JSON and validated against the embedded default packages.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "conformance/default_packages.h"
#include "conformance/registry.h"
#include "conformance/validator.h"
#include "fhir/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const conformance::Registry* registry = [] {
    auto r = conformance::Registry::Load(conformance::PackagesIn());
    if (!r.ok()) std::abort();
    return r->release();
  }();
  fhir::Document doc = fhir::ReadJson(std::string_view(reinterpret_cast<const char*>(data), size));
  fhir::IssueList issues;
  conformance::Validator(*registry).Validate(doc, {}, &issues);
  return 0;
}
