// File: conformance/fhirpath/model.h
// What FHIRPath needs to know about FHIR beyond the tree itself: the type of each child element
// (for choice elements, which type the property name selects), type inheritance, and hooks into
// terminology and profiles. conformance::fhirpath::RegistryModel implements it from loaded
// packages; evaluation without a model falls back to what the JSON says.
#ifndef FHIRGW_CONFORMANCE_FHIRPATH_MODEL_H_
#define FHIRGW_CONFORMANCE_FHIRPATH_MODEL_H_

#include <cstdint>
#include <optional>
#include <string_view>

#include "conformance/fhirpath/value.h"

namespace conformance::fhirpath {

struct ChildType {
  std::string_view key;  // see Item::type_key
  // For a property of a choice element ("valueQuantity" of "value[x]"), the length of the
  // element's name ("value"); 0 otherwise.
  uint32_t choice_stem = 0;
};

class Model {
 public:
  virtual ~Model() = default;
  // The type of property `prop` of an element typed `parent_key`; false when unknown.
  virtual bool Child(std::string_view parent_key, std::string_view prop, ChildType* out) const = 0;
  // True when FHIR type `type` is `base` or derives from it ("Age" of "Quantity", "Patient" of
  // "DomainResource").
  virtual bool IsSubtype(std::string_view type, std::string_view base) const = 0;
  // True when `name` is a FHIR type (resource, data type or primitive).
  virtual bool HasType(std::string_view name) const = 0;
  // memberOf(): nullopt when the value set is unknown or cannot be expanded here.
  virtual std::optional<bool> MemberOf(const Item& coded, std::string_view value_set) const = 0;
  // conformsTo(): nullopt when the profile is unknown.
  virtual std::optional<bool> ConformsTo(const Item& node, std::string_view profile) const = 0;
};

}  // namespace conformance::fhirpath

#endif  // FHIRGW_CONFORMANCE_FHIRPATH_MODEL_H_
