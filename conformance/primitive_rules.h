// File: conformance/primitive_rules.h
// The lexical rules and ranges of FHIR R4's primitive types, and which JSON kind each must be.
#ifndef FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_
#define FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_

#include <string>
#include <string_view>

#include "fhir/element.h"

namespace conformance {

struct PrimitiveProblem {
  std::string message_id;  // empty when the value is fine
  std::string text;
};

// The JSON kind a value of `type_code` must have (number, boolean or string).
fhir::ValueKind ExpectedKind(std::string_view type_code);

// Checks `value` against the lexical space and range of `type_code` ("date", "id", ...).
// Unknown type codes pass. Does not check the JSON kind (see ExpectedKind).
PrimitiveProblem CheckPrimitive(std::string_view type_code, std::string_view value);

}  // namespace conformance

#endif  // FHIRGW_CONFORMANCE_PRIMITIVE_RULES_H_
