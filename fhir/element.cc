// File: fhir/element.cc
#include "fhir/element.h"

#include <cstring>

namespace fhir {

const Property* Element::Find(std::string_view name) const {
  // Size and first letter before memcmp: names of one length rarely share the first letter.
  for (const Property& p : props()) {
    if (p.name.size() == name.size() &&
        (name.empty() || (p.name[0] == name[0] && std::memcmp(p.name.data(), name.data(), name.size()) == 0))) {
      return &p;
    }
  }
  return nullptr;
}

const Element* Element::First(std::string_view name) const {
  const Property* p = Find(name);
  return (p != nullptr && p->size > 0) ? &p->items[0] : nullptr;
}

std::string_view Element::ValueOf(std::string_view name) const {
  const Element* e = First(name);
  return e != nullptr ? e->value : std::string_view();
}

}  // namespace fhir

namespace fhir {
// Trees are mostly Elements: keep them small (checked on 64-bit builds).
static_assert(sizeof(void*) != 8 || sizeof(Element) == 40, "Element grew");
static_assert(sizeof(void*) != 8 || sizeof(Property) == 40, "Property grew");
}  // namespace fhir
