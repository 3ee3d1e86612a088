// File: conformance/fhirpath/types.cc
#include "conformance/fhirpath/types.h"

#include "conformance/fhirpath/compare.h"

namespace conformance::fhirpath {

bool IsKnownType(const Model* model, const TypeSpec& type) {
  static constexpr std::string_view kSystem[] = {"Boolean", "Integer", "Decimal", "String", "Date",
                                                 "DateTime", "Time", "Quantity"};
  if (type.ns != "FHIR") {
    for (std::string_view s : kSystem) {
      if (type.name == s) return true;
    }
  }
  // An unknown System name simply matches nothing.
  if (type.ns == "System") return true;
  return model == nullptr || model->HasType(type.name);
}

bool ItemIsType(const Model* model, const Item& item, const TypeSpec& type, bool exact_primitives) {
  if (!item.is_node()) {
    if (type.ns == "FHIR") return false;
    std::string_view sys = SystemTypeName(item.type);
    if (type.name == sys) return true;
    // Unqualified lower-case primitive names of System values ("1 is integer").
    return type.ns.empty() && type.name.size() == sys.size() && type.name[0] == sys[0] - 'A' + 'a' &&
           type.name.substr(1) == sys.substr(1);
  }
  if (type.ns == "System") return false;
  std::string_view name = NodeTypeName(item);
  if (name.empty()) {
    // Untyped node (no model): judge primitives by their JSON value.
    std::optional<Item> v = ToSystem(item);
    return v && !v->is_node() && ItemIsType(model, *v, TypeSpec{{}, type.name}, exact_primitives);
  }
  if (name == type.name) return true;
  if (exact_primitives && name[0] >= 'a' && name[0] <= 'z') return false;
  return model != nullptr && model->IsSubtype(name, type.name);
}

}  // namespace conformance::fhirpath
