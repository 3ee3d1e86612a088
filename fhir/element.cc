// File: fhir/element.cc
#include "fhir/element.h"

namespace fhir {

const Property* Element::Find(std::string_view name) const {
  for (const Property& p : props()) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

const Element* Element::First(std::string_view name) const {
  const Property* p = Find(name);
  return (p != nullptr && p->size > 0) ? &p->items[0] : nullptr;
}

}  // namespace fhir
