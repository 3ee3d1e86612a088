// File: conformance/fhirpath/registry_model.h
// The FHIRPath model backed by the loaded FHIR packages: element types from the base
// StructureDefinitions, inheritance through baseDefinition, memberOf() through the terminology.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_REGISTRY_MODEL_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_REGISTRY_MODEL_H_

#include <functional>

#include "conformance/fhirpath/model.h"
#include "conformance/registry.h"

namespace conformance::fhirpath {

class RegistryModel : public Model {
 public:
  // `registry` must outlive the model.
  explicit RegistryModel(const Registry& registry);

  // How conformsTo() checks a resource against a profile (the validator installs itself here).
  // Without it, conformsTo() compares the resource type with the profile's type only.
  using ConformanceCheck = std::function<bool(const fhir::Element& resource, const Profile& profile)>;
  void set_conformance_check(ConformanceCheck check) { conformance_check_ = std::move(check); }

  bool Child(std::string_view parent_key, std::string_view prop, ChildType* out) const override;
  bool IsSubtype(std::string_view type, std::string_view base) const override;
  bool HasType(std::string_view name) const override;
  std::optional<bool> MemberOf(const Item& coded, std::string_view value_set) const override;
  std::optional<bool> ConformsTo(const Item& node, std::string_view profile) const override;

 private:
  bool LookUpChild(std::string_view parent_key, std::string_view prop, ChildType* out) const;

  const Registry& registry_;
  // Keys this model's answers in the per-thread lookup cache: the registry's id, since the
  // answers depend on the registry alone (each validation makes a model; all share the cache).
  const uint64_t id_;
  ConformanceCheck conformance_check_;
};

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_REGISTRY_MODEL_H_
