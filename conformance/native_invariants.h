// File: conformance/native_invariants.h
// Universal invariants checked natively instead of through FHIRPath, because they apply to every
// element validated. tests/conformance/native_invariants_test.cc proves each one gives the same
// answer as its published expression on the oncology corpus and the R4 examples.
#ifndef FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_
#define FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_

#include <string_view>

#include "fhir/element.h"

namespace conformance {

// ele-1, "All FHIR elements must have a @value or children":
// hasValue() or (children().count() > id.count()).
inline bool SatisfiesEle1(const fhir::Element& e) {
  if (e.has_value()) return true;
  for (const fhir::Property& p : e.props()) {
    if (p.name != "id" && p.size > 0) return true;
  }
  return false;
}

inline constexpr std::string_view kEle1Expression = "hasValue() or (children().count() > id.count())";

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_NATIVE_INVARIANTS_H_
