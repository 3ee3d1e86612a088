// File: fhir/element_copy.cc
#include "fhir/element_copy.h"

namespace fhir {
namespace {

void CopyInto(const Element& src, Arena& arena, Element& dst) {
  dst = src;
  dst.length = 0;  // the copy is not in the source text `length` measured
  dst.value = arena.CopyString(src.value);
  Property* props = arena.AllocateArray<Property>(src.property_count);
  for (uint32_t i = 0; i < src.property_count; ++i) {
    const Property& sp = src.properties[i];
    Property& dp = *new (&props[i]) Property(sp);
    dp.name = arena.CopyString(sp.name);
    Element* items = arena.AllocateArray<Element>(sp.size);
    for (uint32_t k = 0; k < sp.size; ++k) CopyInto(sp.items[k], arena, *new (&items[k]) Element());
    dp.items = items;
  }
  dst.properties = props;
}

}  // namespace

const Element* CopyTree(const Element& e, Arena& arena) {
  Element* out = arena.AllocateArray<Element>(1);
  CopyInto(e, arena, *new (out) Element());
  return out;
}

}  // namespace fhir
