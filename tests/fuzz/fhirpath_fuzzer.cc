// File: tests/fuzz/fhirpath_fuzzer.cc
// libFuzzer target: any bytes as a FHIRPath expression, evaluated (when it parses) against a
// fixed Patient with the R4 model and a small item budget.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "conformance/default_packages.h"
#include "conformance/fhirpath/ast.h"
#include "conformance/fhirpath/evaluation.h"
#include "conformance/fhirpath/registry_model.h"
#include "conformance/registry.h"
#include "fhir/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const conformance::Registry* registry = [] {
    auto r = conformance::Registry::Load(conformance::PackagesIn());
    if (!r.ok()) std::abort();
    return r->release();
  }();
  static const conformance::fhirpath::RegistryModel model(*registry);
  static const fhir::Document patient = fhir::ReadJson(
      R"({"resourceType":"Patient","id":"p","active":true,"name":[{"use":"official","family":"Doe","given":["A","B"]}],)"
      R"("birthDate":"1970-01-01","contained":[{"resourceType":"Organization","id":"o"}],)"
      R"("managingOrganization":{"reference":"#o"},"extension":[{"url":"x","valueQuantity":{"value":1,"unit":"mg"}}]})");
  auto expr = conformance::fhirpath::Expression::Parse(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!expr.ok()) return 0;
  conformance::fhirpath::Environment env;
  env.model = &model;
  env.item_budget = 100'000;
  conformance::fhirpath::Collection input, out;
  input.push_back(conformance::fhirpath::Item::Node(patient.root(), "Patient"));
  env.resource = input;
  conformance::fhirpath::Evaluation ev(env);
  static_cast<void>(ev.Run(**expr, input, &out));
  return 0;
}
