// File: tests/conformance/registry_fixture.h
// Registries shared by the tests of one binary (loading takes ~0.5 s, so once per process).
#ifndef FHIRGW_TESTS_CONFORMANCE_REGISTRY_FIXTURE_H_
#define FHIRGW_TESTS_CONFORMANCE_REGISTRY_FIXTURE_H_

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "conformance/default_packages.h"
#include "conformance/registry.h"
#include "conformance/validator.h"
#include "fhir/json_reader.h"

namespace conformance::testing {

inline std::vector<std::string> EmbeddedPackages() { return PackagesIn(); }

inline const Registry& DefaultRegistry() {
  static const Registry* registry = [] {
    auto r = Registry::Load(EmbeddedPackages());
    if (!r.ok()) {
      std::cerr << "cannot load the embedded packages: " << r.status() << "\n";
      std::abort();
    }
    return r->release();
  }();
  return *registry;
}

// The embedded default plus US Core 6.1.0 from ../shared (never shipped in the repository).
inline const Registry& RegistryWithUsCore() {
  static const Registry* registry = [] {
    std::vector<std::string> paths = EmbeddedPackages();
    paths.push_back(std::string(FHIRGW_SHARED_DIR) + "/fhir-packages/hl7.fhir.us.core-6.1.0.tgz");
    auto r = Registry::Load(paths);
    if (!r.ok()) {
      std::cerr << "cannot load packages with US Core: " << r.status() << "\n";
      std::abort();
    }
    return r->release();
  }();
  return *registry;
}

// Reader issues plus validator issues of one JSON resource.
inline fhir::IssueList ValidateJson(const Registry& registry, std::string_view json,
                                    const ValidationOptions& options = {}) {
  fhir::Document doc = fhir::ReadJson(json);
  fhir::IssueList issues = doc.issues();
  Validator(registry).Validate(doc, options, &issues);
  return issues;
}

// A constraint StructureDefinition published as a differential only (as tests write them):
// url http://fhirgw.test/StructureDefinition/<name>, on base type `type`, with `elements` (the
// JSON of the differential's element array, without brackets).
inline std::string DifferentialProfile(const std::string& name, const std::string& type, const std::string& elements) {
  return R"({"resourceType":"StructureDefinition","url":"http://fhirgw.test/StructureDefinition/)" + name +
         R"(","name":"N","status":"draft","kind":"resource","abstract":false,"type":")" + type +
         R"(","baseDefinition":"http://hl7.org/fhir/StructureDefinition/)" + type +
         R"(","derivation":"constraint","differential":{"element":[)" + elements + "]}}";
}

// "message-id at location" for each error (or fatal) issue of `json`, in report order: what
// the rule tests compare.
inline std::vector<std::string> Errors(const Registry& registry, std::string_view json,
                                       const ValidationOptions& options = {}) {
  std::vector<std::string> out;
  for (const fhir::Issue& i : ValidateJson(registry, json, options)) {
    if (i.severity <= fhir::Severity::kError) out.push_back(i.message_id + " at " + i.location);
  }
  return out;
}

}  // namespace conformance::testing

#endif  // FHIRGW_TESTS_CONFORMANCE_REGISTRY_FIXTURE_H_
