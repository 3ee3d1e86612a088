// File: conformance/value_match.h
// How an instance value meets a profile's fixed[x] or pattern[x] value (used by the fixed and
// pattern checks and by slice discriminators).
#ifndef FHIRGW_CONFORMANCE_VALUE_MATCH_H_
#define FHIRGW_CONFORMANCE_VALUE_MATCH_H_

#include "fhir/element.h"

namespace conformance {

// Fixed: the same value and the same properties, recursively, nothing more.
bool MatchesFixed(const fhir::Element& value, const fhir::Element& fixed);

// Pattern: everything in `pattern` appears in `value` (each repeating item matching some item);
// `value` may carry more.
bool MatchesPattern(const fhir::Element& value, const fhir::Element& pattern);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_VALUE_MATCH_H_
