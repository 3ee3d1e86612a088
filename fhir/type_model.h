// File: fhir/type_model.h
// What XML alone cannot say: which elements repeat and which primitives are numbers or booleans.
// (Which elements hold a resource XML does say: element names start lower-case, resource names
// upper-case.) The conformance engine implements this from the loaded
// StructureDefinitions; readers and writers depend only on this interface.
#ifndef FHIRGW_FHIR_TYPE_MODEL_H_
#define FHIRGW_FHIR_TYPE_MODEL_H_

#include <optional>
#include <string_view>

#include "fhir/element.h"

namespace fhir {

struct ChildInfo {
  // The key to pass as `parent_type` when asking about this child's own children: a type name
  // ("HumanName", "Patient") or, for backbone elements, a path ("Patient.contact"). Must stay
  // valid for the model's lifetime.
  std::string_view type;
  bool repeats = false;
  // kString, kNumber or kBoolean for FHIR primitives; kNone for complex types and resources.
  ValueKind primitive = ValueKind::kNone;
};

// Implementations must be thread-safe for concurrent lookups.
class TypeModel {
 public:
  virtual ~TypeModel() = default;
  // Describes child element `name` of an element whose type key is `parent_type` (a resource
  // type for the root). Returns nullopt when the model does not know that child.
  virtual std::optional<ChildInfo> Child(std::string_view parent_type,
                                         std::string_view name) const = 0;
};

}  // namespace fhir

#endif  // FHIRGW_FHIR_TYPE_MODEL_H_
