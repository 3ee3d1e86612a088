// File: conformance/native_invariants.h
// Universal invariants checked natively instead of through FHIRPath, because they apply to every
// element validated (ele-1), or to every element of a common type in the cases that need no
// look-up (ref-1). tests/conformance/native_invariants_test.cc proves each one gives the same
// answer as its published expression on the oncology corpus and the R4 examples.
#ifndef FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_
#define FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_

#include <string_view>

#include "fhir/element.h"
#include "fhir/text.h"

namespace conformance {

// ele-1, "All FHIR elements must have a @value or children":
// hasValue() or (children().count() > id.count()).
inline bool SatisfiesEle1(const fhir::Element& e) {
  if (e.has_value()) return true;
  for (const fhir::Property& p : e.props()) {
    if (!fhir::EqualsLiteral(p.name, "id") && p.size > 0) return true;
  }
  return false;
}

inline constexpr std::string_view kEle1Expression = "hasValue() or (children().count() > id.count())";

// ref-1, on every Reference: "SHALL have a contained resource if a local reference is provided".
// Natively only where the answer needs no look-up: a single `reference` with a value that does
// not start with '#' makes the left side of its `or` true; without a `reference` at all both
// sides are empty, and an empty result does not fail an invariant (an identifier- or
// display-only Reference). Every other Reference (local ones, a `reference` without a value,
// malformed repeats) goes through the published expression.
inline bool Ref1HoldsWithoutLookUp(const fhir::Element& e) {
  const fhir::Property* reference = e.Find("reference");
  if (reference == nullptr) return true;
  if (reference->is_array || reference->size != 1) return false;
  const fhir::Element& value = reference->items[0];
  return value.kind == fhir::ValueKind::kString && !value.value.empty() && value.value[0] != '#';
}

inline constexpr std::string_view kRef1Expression =
    "reference.startsWith('#').not() or (reference.substring(1).trace('url') in %rootResource.contained.id.trace('ids'))";

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_
