// File: conformance/value_match.cc
#include "conformance/value_match.h"

namespace conformance {

bool MatchesFixed(const fhir::Element& a, const fhir::Element& b) {
  if (a.value != b.value || a.has_value() != b.has_value() || a.property_count != b.property_count) return false;
  for (const fhir::Property& pb : b.props()) {
    const fhir::Property* pa = a.Find(pb.name);
    if (pa == nullptr || pa->size != pb.size) return false;
    for (uint32_t k = 0; k < pb.size; ++k) {
      if (!MatchesFixed(pa->items[k], pb.items[k])) return false;
    }
  }
  return true;
}

bool MatchesPattern(const fhir::Element& a, const fhir::Element& pattern) {
  if (pattern.has_value() && a.value != pattern.value) return false;
  for (const fhir::Property& pp : pattern.props()) {
    const fhir::Property* pa = a.Find(pp.name);
    if (pa == nullptr) return false;
    for (const fhir::Element& want : pp.elements()) {
      bool found = false;
      for (const fhir::Element& have : pa->elements()) found = found || MatchesPattern(have, want);
      if (!found) return false;
    }
  }
  return true;
}

}  // namespace conformance
